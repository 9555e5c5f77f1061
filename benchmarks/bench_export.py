"""Export, measured: how long it takes, how closely the exports match LayerLab, and what
one epoch of the exported PyTorch script reaches next to LayerLab's own.

1. The shipped MNIST model and the example CNN (trained here for --cnn-epochs epochs)
   exported to ONNX and to a PyTorch script; seconds per export.
2. All 10,000 MNIST test images through LayerLab, onnxruntime and the script: the largest
   difference between the outputs, and how often the answers agree.
3. One epoch of the example MLP design (with dropout) through `python net.py` and through
   `main.py train`, one after the other, each with the same number of threads: test
   accuracy and seconds of each.

    python benchmarks/bench_export.py [--data-dir ../shared/datasets] [--cnn-epochs 1] [--threads 1] [--skip-epoch]

Nothing here asserts anything; the issue's bounds (1e-5 for ONNX, 1e-4 for the script)
are printed next to the results. Needs the export-test extra (torch, onnxruntime).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "datasets"


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def parity(name: str, source, x, y, folder: Path) -> None:
    import importlib.util

    import onnxruntime

    from core.export.formats import FORMATS

    ours = source.predict(x)
    print(f"{name}: LayerLab test accuracy {np.mean(ours.argmax(axis=1) == y):.2%} on {len(y):,} images")
    onnx_bytes, seconds = timed(FORMATS["onnx"].write, source, folder / f"{name}.onnx")
    session = onnxruntime.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    theirs = session.run(None, {"input": x.reshape(len(x), *source.input_shape).astype(np.float32)})[0]
    print(f"  ONNX     {len(onnx_bytes) / 1e6:5.1f} MB in {seconds:.2f} s; onnxruntime: largest difference "
          f"{np.abs(theirs - ours).max():.1e} (bound 1e-5), same answer for {np.mean(theirs.argmax(1) == ours.argmax(1)):.2%}")
    script = folder / f"{name}.py"
    _, seconds = timed(FORMATS["pytorch"].write, source, script)
    spec = importlib.util.spec_from_file_location(name, script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    net = module.Net()
    module.set_weights(net, source.weights)
    net.normalisation = dict(source.normalisation)
    theirs = module.predict_proba(net, x)
    print(f"  PyTorch  {script.stat().st_size / 1e3:5.1f} kB in {seconds:.2f} s; the script: largest difference "
          f"{np.abs(theirs - ours).max():.1e} (bound 1e-4), same answer for {np.mean(theirs.argmax(1) == ours.argmax(1)):.2%}")


def one_epoch(data_dir: Path, threads: int, folder: Path) -> None:
    from core.design import spec
    from core.export.formats import FORMATS
    from core.export.source import from_design

    design_path = ROOT / "resources" / "examples" / "mnist_mlp.json"
    script = folder / "mlp_net.py"
    FORMATS["pytorch"].write(from_design(spec.load(design_path)), script)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    start = time.perf_counter()
    out = subprocess.run([sys.executable, str(script), "--data-dir", str(data_dir), "--epochs", "1", "--out", str(folder / "m.npz")],
                         env=env, capture_output=True, text=True, check=True).stdout
    script_seconds = time.perf_counter() - start
    script_accuracy = float(re.search(r"test accuracy (\d+\.\d+)%", out).group(1)) / 100
    start = time.perf_counter()
    lines = subprocess.run([sys.executable, str(ROOT / "main.py"), "train", str(design_path), "--epochs", "1", "--data-dir", str(data_dir),
                            "--json"], env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    layerlab_seconds = time.perf_counter() - start
    layerlab_accuracy = json.loads(lines[-1])["test_accuracy"]
    print(f"one epoch of the example MLP ({threads} thread(s) each, whole process):")
    print(f"  python net.py   test accuracy {script_accuracy:.2%}  {script_seconds:.1f} s")
    print(f"  main.py train   test accuracy {layerlab_accuracy:.2%}  {layerlab_seconds:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cnn-epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip-epoch", action="store_true")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    from core.data.datasets import load_dataset
    from core.design import spec
    from core.export.source import ExportSource, from_bundle
    from core.io.bundle import load_bundle
    from core.train.loop import train_design

    mnist = load_dataset("mnist", args.data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parity("mnist_mlp", from_bundle(load_bundle(ROOT / "resources" / "models" / "mnist_mlp.npz")), mnist.x_test, mnist.y_test, folder)
        design = spec.load(ROOT / "resources" / "examples" / "mnist_cnn.json")
        run, seconds = timed(lambda: train_design(design, mnist, epochs=args.cnn_epochs, evaluate_test=False))
        print(f"(the example CNN trained for {args.cnn_epochs} epoch(s) in {seconds:.0f} s)")
        cnn = ExportSource(design, run.model.get_weights(), run.normalisation, True)
        parity("mnist_cnn", cnn, mnist.x_test, mnist.y_test, folder)
        if not args.skip_epoch:
            one_epoch(args.data_dir, args.threads, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
