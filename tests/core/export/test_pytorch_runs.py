"""The exported script run as a user runs it: `python net.py` for one epoch on MNIST, and
`torchrun` with two processes, each model file then opened and scored by LayerLab."""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.design import spec
from core.export.source import from_bundle, from_design
from core.io.bundle import load_bundle
from tests.conftest import ROOT
from tests.core.export.script_helpers import write_script

#: an MLP that LayerLab takes to 97 % in one epoch (no dropout, so both runs are deterministic)
MLP = {
    "format": "layerlab-design", "version": 2, "name": "one-epoch MLP", "dataset": "mnist", "input": {"shape": [784]},
    "layers": [{"type": "dense", "units": 256, "activation": "relu"}, {"type": "dense", "units": 128, "activation": "relu"},
               {"type": "dense", "units": 10, "activation": "softmax"}],
    "loss": "cross_entropy",
    "training": {"optimizer": {"type": "rmsprop", "learning_rate": 0.001}, "batch_size": 32, "epochs": 1,
                 "validation_split": 0.1, "init": "he", "seed": 0},
}


def script_env(**extra) -> dict:
    # one thread per process: the two runs below share the two cores, and one thread is
    # also what makes a run repeat itself to the last digit
    return dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", **extra)


def test_one_epoch_of_the_script_reaches_what_layerlab_reaches(mnist, datasets_dir, torch, tmp_path):
    design = spec.from_dict(MLP)
    spec.dump(design, tmp_path / "mlp.json")
    script = write_script(from_design(design), tmp_path)
    out = tmp_path / "model.npz"
    runs = {  # at once, one core each: the script's epoch and LayerLab's own (its command line)
        "script": subprocess.Popen([sys.executable, str(script), "--data-dir", str(datasets_dir), "--epochs", "1", "--out", str(out)],
                                   cwd=tmp_path, env=script_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "layerlab": subprocess.Popen([sys.executable, str(ROOT / "main.py"), "train", str(tmp_path / "mlp.json"), "--data-dir",
                                      str(datasets_dir), "--json"], cwd=tmp_path, env=script_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True),
    }
    outputs = {}
    try:
        for name, proc in runs.items():
            outputs[name] = proc.communicate(timeout=300)
            assert proc.returncode == 0, outputs[name][1]
    finally:
        for proc in runs.values():
            proc.kill()
    stdout = outputs["script"][0]
    printed = float(re.search(r"test accuracy (\d+\.\d+)%", stdout).group(1)) / 100
    layerlab = [json.loads(line) for line in outputs["layerlab"][0].splitlines()]
    ours = layerlab[-1]["test_accuracy"]
    bundle = load_bundle(out)
    scored = float((from_bundle(bundle).predict(mnist.x_test).argmax(axis=1) == mnist.y_test).mean())
    assert scored == pytest.approx(printed, abs=1e-4)  # LayerLab scores the file as the script did
    assert printed >= 0.97 and ours >= 0.97
    assert abs(printed - ours) < 0.003, (printed, ours)
    assert len(bundle.history["loss"]) == 1 and bundle.history["loss"][0] == pytest.approx(layerlab[0]["loss"], rel=0.01)


def torchrun() -> list[str]:
    beside = Path(sys.executable).with_name("torchrun")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "torch.distributed.run"]


def test_torchrun_with_two_processes_trains_and_its_model_opens_in_layerlab(mnist, datasets_dir, torch, tmp_path):
    d = copy.deepcopy(MLP)
    d["layers"] = [{"type": "dense", "units": 64, "activation": "relu"}, {"type": "dropout", "rate": 0.1},
                   {"type": "dense", "units": 10, "activation": "softmax"}]
    d["training"].update(optimizer={"type": "adam", "learning_rate": 0.002}, batch_size=128, schedule={"type": "cosine"})
    design = spec.from_dict(d)
    write_script(from_design(design), tmp_path)
    proc = subprocess.run([*torchrun(), "--standalone", "--nproc_per_node=2", "net.py", "--epochs", "1", "--device", "cpu"],
                          cwd=tmp_path, env=script_env(LAYERLAB_DATA=str(datasets_dir)), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert "2 processes, 64 samples each per step (128 in all)" in lines
    assert sum(line.startswith("epoch   1/1") for line in lines) == 1  # rank 0 alone speaks
    assert any(line.startswith("saved model.npz") for line in lines)
    bundle = load_bundle(tmp_path / "model.npz")  # rank 0 alone writes; LayerLab checks it as any model file
    assert bundle.design == design
    accuracy = float((from_bundle(bundle).predict(mnist.x_test).argmax(axis=1) == mnist.y_test).mean())
    printed = float(re.search(r"test accuracy (\d+\.\d+)%", proc.stdout).group(1)) / 100
    assert accuracy > 0.93 and accuracy == pytest.approx(printed, abs=1e-4)
    assert np.isfinite(bundle.history["val_loss"]).all()
    assert bundle.history["learning_rate"] == [0.002]  # one epoch of a cosine: the base rate
