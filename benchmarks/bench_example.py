"""A shipped example design trained on full MNIST through the CLI, as a user would.

Runs `main.py train resources/examples/NAME.json --json` in a child process and
prints, per epoch, the seconds, training samples per second and validation accuracy;
then the test accuracy after epoch 1 and after the last epoch, the best validation
accuracy and its epoch, the training time and the child's peak RSS.

The CLI scores the test set once, after its last epoch. The epoch-1 test accuracy
comes from a second, one-epoch run of the same design: the seed fixes the split,
the initial weights and the shuffling, so its first epoch is the same epoch.

    python benchmarks/bench_example.py [--example mnist_mlp|mnist_cnn] [--data-dir ../shared/datasets] [--epochs N] [--skip-first] [--json]

Nothing here asserts a time; the acceptance figures are printed next to the results:
the MLP (issue 14) >= 95 % test accuracy after epoch 1, >= 98 % within 10 epochs,
< 30 s; the CNN >= 99.0 % in <= 60 s of training (the sum of its epochs' seconds,
validation included); peak RSS < 400 MB for both.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
DEFAULT_DATA = ROOT.parent / "shared" / "datasets"
MNIST_TRAIN = 60000
#: what the issues ask of each example design: test accuracy after epoch 1 (None: not
#: asked), after the last epoch, and the seconds of training it may take
TARGETS = {"mnist_mlp": (0.95, 0.98, 30.0), "mnist_cnn": (None, 0.99, 60.0)}
TARGET_RSS_MB = 400


def train(design: Path, data_dir: Path, epochs: int | None, *, echo: bool) -> dict:
    """One CLI training run in a child process: its JSON lines, wall time and peak RSS."""
    cmd = [sys.executable, str(ROOT / "main.py"), "train", str(design), "--data-dir", str(data_dir), "--json"]
    if epochs is not None:
        cmd += ["--epochs", str(epochs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    lines = []
    for line in proc.stdout:
        record = json.loads(line)
        lines.append(record)
        if echo and "epoch" in record and "loss" in record:
            print(f"  epoch {record['epoch']:>2}: {record['seconds']:6.2f} s  val acc {record['val_accuracy']:.4f}", flush=True)
    # wait4 gives this child's own resource usage, peak RSS included (KiB on Linux)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with code {proc.returncode}")
    return {
        "epochs": [r for r in lines if "val_accuracy" in r],
        "final": lines[-1],
        "wall_seconds": seconds,
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", choices=sorted(TARGETS), default="mnist_mlp", help="which shipped example design")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--epochs", type=int, help="override the design's epochs")
    parser.add_argument("--skip-first", action="store_true", help="do not run the one-epoch run for the epoch-1 test accuracy")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    args = parser.parse_args(argv)

    path = EXAMPLES / f"{args.example}.json"
    target_epoch1, target_best, target_seconds = TARGETS[args.example]
    design = json.loads(path.read_text(encoding="utf-8"))
    n_train = MNIST_TRAIN - round(MNIST_TRAIN * design["training"]["validation_split"])
    echo = not args.json
    if echo:
        print(f"{path.relative_to(ROOT)}: {design['name']}, training on {n_train:,} images", flush=True)
    full = train(path, args.data_dir, args.epochs, echo=echo)
    first = None if args.skip_first or target_epoch1 is None else train(path, args.data_dir, 1, echo=False)

    epochs = full["epochs"]
    best = max(epochs, key=lambda r: r["val_accuracy"])
    train_seconds = sum(r["seconds"] for r in epochs)
    summary = {
        "epochs": len(epochs),
        "epoch_seconds": [r["seconds"] for r in epochs],
        "samples_per_second": [n_train / r["seconds"] for r in epochs],
        "val_accuracy": [r["val_accuracy"] for r in epochs],
        "test_accuracy_epoch1": first["final"]["test_accuracy"] if first else None,
        "test_accuracy_last": full["final"]["test_accuracy"],
        "best_val_accuracy": best["val_accuracy"],
        "best_val_epoch": best["epoch"],
        "training_seconds": train_seconds,
        "median_samples_per_second": sorted(n_train / r["seconds"] for r in epochs)[len(epochs) // 2],
        "wall_seconds": full["wall_seconds"],
        "peak_rss_mb": max(full["peak_rss_mb"], first["peak_rss_mb"] if first else 0.0),
    }
    if args.json:
        print(json.dumps(summary))
        return 0
    print()
    for r, rate in zip(epochs, summary["samples_per_second"]):
        print(f"epoch {r['epoch']:>2}: {r['seconds']:6.2f} s, {rate:8,.0f} samples/s, val acc {r['val_accuracy']:.4f}")
    e1 = summary["test_accuracy_epoch1"]
    print(
        f"\ntest accuracy after epoch 1: {'skipped' if e1 is None else f'{e1:.4f}'} (target >= {target_epoch1})\n"
        f"test accuracy after epoch {len(epochs)}: {summary['test_accuracy_last']:.4f} (target >= {target_best})\n"
        f"best validation accuracy {summary['best_val_accuracy']:.4f} at epoch {summary['best_val_epoch']}\n"
        f"training {train_seconds:.1f} s (target <= {target_seconds:g} s; {summary['median_samples_per_second']:,.0f} samples/s median), "
        f"{summary['wall_seconds']:.1f} s with loading and testing\n"
        f"peak RSS {summary['peak_rss_mb']:.0f} MB (target < {TARGET_RSS_MB})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
