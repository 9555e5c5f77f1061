"""scripts/train_shipped_model.py: one script trains either shipped model from its example
design, saves it only when it is good enough, and records its test accuracy for the app.

A real run takes minutes; here the same code trains on a few hundred MNIST images."""
from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from core.data.datasets import load_dataset
from core.design import spec
from core.io.bundle import load_bundle
from core.io.resources import examples_dir
from core.io.shipped import MANIFEST, shipped_models

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_shipped_model.py"


@pytest.fixture(scope="module")
def script():
    module_spec = importlib.util.spec_from_file_location("train_shipped_model", SCRIPT)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def few_digits(datasets_dir):
    data = load_dataset("mnist", datasets_dir)
    return replace(data, x_train=data.x_train[:600], y_train=data.y_train[:600], x_test=data.x_test[:300], y_test=data.y_test[:300])


@pytest.mark.parametrize("name", ["mnist_mlp", "mnist_cnn"])
def test_a_model_below_the_bar_is_not_saved(script, few_digits, tmp_path, name):
    result, out = script.ship(name, few_digits, epochs=1, out_dir=tmp_path, callback=None)
    assert result.status == "completed" and result.test_accuracy < script.REQUIRED_ACCURACY[name]
    assert out is None and list(tmp_path.iterdir()) == []


def test_a_forced_save_is_the_example_design_in_float32_with_its_accuracy_recorded(script, few_digits, tmp_path):
    epochs = []
    result, out = script.ship("mnist_cnn", few_digits, epochs=1, out_dir=tmp_path, force=True, callback=epochs.append)
    assert out == tmp_path / "mnist_cnn.npz" and len(epochs) >= 1  # the design's own training code reported
    bundle = load_bundle(out)
    example = spec.load(examples_dir() / "mnist_cnn.json")
    assert bundle.design.layers == example.layers and bundle.design.training.epochs == 1  # the recipe that made it
    assert all(w.dtype == np.float32 for w in bundle.weights.values())
    (recorded,) = shipped_models(tmp_path)
    assert recorded.name == "mnist_cnn" and recorded.test_images == 300 and recorded.dataset == "mnist"
    assert recorded.test_accuracy == pytest.approx(result.test_accuracy, abs=1e-6)
    # scoring the saved file again gives the same figure, and keeps the entry's place
    assert script.score_existing("mnist_cnn", few_digits, tmp_path) == pytest.approx(result.test_accuracy)
    assert list(json.loads((tmp_path / MANIFEST).read_text())["models"]) == ["mnist_cnn"]


def test_the_command_line_offers_exactly_the_shipped_models(script, capsys):
    with pytest.raises(SystemExit):
        script.main(["--model", "fashion_cnn"])
    assert "mnist_cnn" in capsys.readouterr().err
    assert set(script.REQUIRED_ACCURACY) == {m.name for m in shipped_models()}
