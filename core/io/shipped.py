"""The trained models that ship with LayerLab, and how each scored on its test set.

Each shipped model NAME is ``resources/models/NAME.npz``, trained by
``scripts/train_shipped_model.py --model NAME`` from ``resources/examples/NAME.json``.
The script records its test accuracy in one small manifest beside them,
``resources/models/shipped.json``, because a bundle stores its training history but
not the test score: the app reads the manifest to start with the best model without
scoring 10,000 test images at launch. A test checks every recorded figure against
a real evaluation, so the manifest cannot drift from the files.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from core.io.atomic import atomic_write_text
from core.io.files import RefusedFile, read_regular
from core.io.resources import examples_dir, models_dir

MANIFEST = "shipped.json"
FORMAT = "layerlab-shipped-models"
#: a manifest lists a handful of models; anything larger is not one
MAX_MANIFEST_BYTES = 64 << 10
_NAME = re.compile(r"^[a-z0-9_]{1,64}$")


@dataclass(frozen=True)
class ShippedModel:
    name: str  # "mnist_cnn"
    test_accuracy: float  # a fraction, on `test_images` images of `dataset`
    test_images: int
    dataset: str

    @property
    def path(self) -> Path:
        return models_dir() / f"{self.name}.npz"

    @property
    def design_path(self) -> Path:
        """The example design it was trained from."""
        return examples_dir() / f"{self.name}.json"


def manifest_path(folder: Path | None = None) -> Path:
    return (folder or models_dir()) / MANIFEST


def shipped_models(folder: Path | None = None) -> list[ShippedModel]:
    """The shipped models whose file is present, best test accuracy first; [] when the
    manifest is missing or unreadable (the app then starts with no model)."""
    path = manifest_path(folder)
    try:
        data = json.loads(read_regular(path, MAX_MANIFEST_BYTES))
        entries = data["models"] if data.get("format") == FORMAT else {}
        found = [_entry(name, entry) for name, entry in entries.items()]
    except (OSError, RefusedFile, ValueError, KeyError, TypeError, AttributeError):
        return []
    present = [m for m in found if m is not None and (path.parent / f"{m.name}.npz").is_file()]
    return sorted(present, key=lambda m: (-m.test_accuracy, m.name))


def best_shipped_model(folder: Path | None = None) -> ShippedModel | None:
    """The shipped model with the highest recorded test accuracy, or None."""
    models = shipped_models(folder)
    return models[0] if models else None


def record_shipped_model(model: ShippedModel, folder: Path | None = None) -> None:
    """Write (or replace) one model's figures in the manifest, keeping the others."""
    path = manifest_path(folder)
    try:
        data = json.loads(read_regular(path, MAX_MANIFEST_BYTES))
        entries = dict(data.get("models", {})) if data.get("format") == FORMAT else {}
    except (OSError, RefusedFile, ValueError, AttributeError):
        entries = {}
    entries[model.name] = {"test_accuracy": round(model.test_accuracy, 6), "test_images": model.test_images, "dataset": model.dataset}
    text = json.dumps({"format": FORMAT, "models": dict(sorted(entries.items()))}, indent=2) + "\n"
    atomic_write_text(path, text)


def _entry(name, entry) -> ShippedModel | None:
    if not isinstance(name, str) or not _NAME.match(name) or not isinstance(entry, dict):
        return None
    accuracy, images, dataset = entry.get("test_accuracy"), entry.get("test_images"), entry.get("dataset")
    if not isinstance(accuracy, (int, float)) or not math.isfinite(accuracy) or not 0 <= accuracy <= 1:
        return None
    if not isinstance(images, int) or images < 1 or not isinstance(dataset, str):
        return None
    return ShippedModel(name, float(accuracy), images, dataset)
