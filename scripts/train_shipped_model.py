#!/usr/bin/env python3
"""Train a model that ships with LayerLab: resources/models/NAME.npz.

    python scripts/train_shipped_model.py --model mnist_mlp|mnist_cnn [--data-dir ../shared/datasets] [--epochs N] [--out-dir DIR]
    python scripts/train_shipped_model.py --model NAME --score-existing   # re-score NAME.npz, no training

It trains the example design resources/examples/NAME.json with the same code as the
app and the CLI (core.train.loop.train_design), so the run is reproducible from the
design's seed and follows the design's recipe; the weights are stored as float32.
It prints one line per epoch, then the test accuracy (the figure quoted in the
README) and the file's size, and records the accuracy in resources/models/shipped.json
(core.io.shipped), from which the Test page picks the best shipped model.
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
from core.data.datasets import Dataset, load_dataset  # noqa: E402
from core.io.bundle import load_bundle, save_bundle  # noqa: E402
from core.io.resources import examples_dir, models_dir  # noqa: E402
from core.io.shipped import ShippedModel, record_shipped_model  # noqa: E402
from core.nn.model import build_model  # noqa: E402
from core.train.loop import EpochEvent, TrainingResult, evaluate, train_design  # noqa: E402

#: the models that ship, and the MNIST test accuracy each must reach to be saved
REQUIRED_ACCURACY = {"mnist_mlp": 0.98, "mnist_cnn": 0.99}


def report_epoch(event) -> None:
    if isinstance(event, EpochEvent):
        print(
            f"epoch {event.epoch:>2}/{event.epochs}  loss {event.loss:.4f}  acc {event.accuracy:.2%}  "
            f"val_acc {event.val_accuracy:.2%}  ({event.seconds:.1f} s)",
            flush=True,
        )


def ship(name: str, dataset: Dataset, *, epochs: int | None = None, out_dir: Path | None = None,
         force: bool = False, callback=report_epoch) -> tuple[TrainingResult, Path | None]:
    """Train shipped model `name` from its example design on `dataset`; save it (and its
    test accuracy in the manifest) when it reaches REQUIRED_ACCURACY[name], or `force`.
    Returns the run's result and the saved file (None when not saved)."""
    design = spec.load(examples_dir() / f"{name}.json")
    run = train_design(design, dataset, epochs=epochs, callback=callback)
    result = run.result
    if result.status != "completed" or (result.test_accuracy < REQUIRED_ACCURACY[name] and not force):
        return result, None
    out_dir = out_dir or models_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{name}.npz"
    weights = {k: np.asarray(v, dtype=np.float32) for k, v in run.model.get_weights().items()}
    if epochs is not None:  # the file's design is the recipe that made these weights
        design = design.copy()
        design.training.epochs = epochs
    save_bundle(out, design=design, weights=weights, history=result.history.as_dict(), normalisation=run.normalisation)
    record_shipped_model(ShippedModel(name, float(result.test_accuracy), len(dataset.y_test), dataset.name), out_dir)
    return result, out


def score_existing(name: str, dataset: Dataset, out_dir: Path | None = None) -> float:
    """Score the saved NAME.npz on `dataset`'s test set and record the figure (no training)."""
    out_dir = out_dir or models_dir()
    bundle = load_bundle(out_dir / f"{name}.npz")
    model = build_model(bundle.design)
    model.set_weights(bundle.weights)
    _, accuracy = evaluate(model, dataset.x_test, dataset.y_test, dataset.normalise, gather=dataset.normalise_rows)
    record_shipped_model(ShippedModel(name, float(accuracy), len(dataset.y_test), dataset.name), out_dir)
    return float(accuracy)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, choices=sorted(REQUIRED_ACCURACY), help="which shipped model to train")
    p.add_argument("--data-dir", type=Path, help="folder holding mnist/ (default: the usual search paths)")
    p.add_argument("--epochs", type=int, help="override the design's number of epochs")
    p.add_argument("--out-dir", type=Path, default=models_dir(), help="where NAME.npz and shipped.json go")
    p.add_argument("--score-existing", action="store_true", help="only score the saved NAME.npz and record its accuracy")
    p.add_argument("--force", action="store_true", help="save the model even below the accuracy it must reach")
    args = p.parse_args(argv)

    required = REQUIRED_ACCURACY[args.model]
    design = spec.load(examples_dir() / f"{args.model}.json")
    dataset = load_dataset(design.dataset, args.data_dir)
    if args.score_existing:
        accuracy = score_existing(args.model, dataset, args.out_dir)
        print(f"{args.model}: test accuracy {accuracy:.2%}, recorded in {args.out_dir / 'shipped.json'}")
        return 0
    start = time.perf_counter()
    result, out = ship(args.model, dataset, epochs=args.epochs, out_dir=args.out_dir, force=args.force)
    if result.status != "completed":
        print(f"training {result.status}: {result.message}", file=sys.stderr)
        return 1
    print(f"test accuracy {result.test_accuracy:.2%} (test loss {result.test_loss:.4f}), {result.epochs} epochs in {time.perf_counter() - start:.0f} s")
    below = result.test_accuracy < required
    if out is None:
        print(f"not saved: below the {required:.0%} the shipped model must reach (--force saves it anyway)", file=sys.stderr)
        return 1
    print(f"saved {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
