#!/usr/bin/env python3
"""Train the MNIST model that ships with LayerLab: resources/models/mnist_mlp.npz.

    python scripts/train_bundled_model.py [--data-dir ../shared/datasets] [--epochs N] [--out PATH]

It trains the example design resources/examples/mnist_mlp.json with the same code
as the app and the CLI (core.train.loop.train_design), so the run is reproducible
from the design's seed, and stores the weights as float32 (about 2.1 MB for
784-512-256-10). It prints one line per epoch, then the test accuracy (the figure
quoted in the README) and the file's size.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere without installing

import numpy as np  # noqa: E402

from core.design import spec  # noqa: E402
from core.data.datasets import load_dataset  # noqa: E402
from core.io.bundle import save_bundle  # noqa: E402
from core.train.loop import EpochEvent, train_design  # noqa: E402

DESIGN = ROOT / "resources" / "examples" / "mnist_mlp.json"
OUT = ROOT / "resources" / "models" / "mnist_mlp.npz"
#: the shipped model must reach this on the MNIST test set
REQUIRED_ACCURACY = 0.98


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, help="folder holding mnist/ (default: the usual search paths)")
    p.add_argument("--epochs", type=int, help="override the design's number of epochs")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--force", action="store_true", help=f"save the model even below {REQUIRED_ACCURACY * 100:.0f} %% test accuracy")
    args = p.parse_args(argv)

    design = spec.load(DESIGN)
    dataset = load_dataset(design.dataset, args.data_dir)

    def report(event) -> None:
        if isinstance(event, EpochEvent):
            print(
                f"epoch {event.epoch:>2}/{event.epochs}  loss {event.loss:.4f}  acc {event.accuracy:.2%}  "
                f"val_acc {event.val_accuracy:.2%}  ({event.seconds:.1f} s)",
                flush=True,
            )

    start = time.perf_counter()
    run = train_design(design, dataset, epochs=args.epochs, callback=report)
    result = run.result
    if result.status != "completed":
        print(f"training {result.status}: {result.message}", file=sys.stderr)
        return 1
    print(f"test accuracy {result.test_accuracy:.2%} (test loss {result.test_loss:.4f}), {result.epochs} epochs in {time.perf_counter() - start:.0f} s")
    below = result.test_accuracy < REQUIRED_ACCURACY
    if below and not args.force:
        print(f"not saved: below the {REQUIRED_ACCURACY:.0%} the shipped model must reach (--force saves it anyway)", file=sys.stderr)
        return 1
    weights = {k: np.asarray(v, dtype=np.float32) for k, v in run.model.get_weights().items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_bundle(args.out, design=design, weights=weights, history=result.history.as_dict(), normalisation=run.normalisation)
    size = args.out.stat().st_size
    print(f"saved {args.out} ({size / 1e6:.2f} MB, {sum(w.size for w in weights.values()):,} float32 parameters)")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
