"""The small MNIST model that ships with LayerLab, so the canvas works offline at once.

It lives in ``resources/models/mnist_mlp.npz`` and is made by
``scripts/train_bundled_model.py`` from ``resources/examples/mnist_mlp.json``.
It is an ordinary model bundle, loaded with the same checks as any other file.
"""
from __future__ import annotations

import logging
from pathlib import Path

from core.io.bundle import Bundle, BundleError, load_bundle
from core.io.resources import models_dir

BUNDLED_MODEL = models_dir() / "mnist_mlp.npz"
#: the origin a ModelStore records for it
ORIGIN = "bundled"

_log = logging.getLogger(__name__)


def bundled_model_path() -> Path | None:
    """Where the shipped model is, or None when this installation has none."""
    return BUNDLED_MODEL if BUNDLED_MODEL.is_file() else None


def load_bundled_model() -> Bundle:
    """The shipped model; raises core.io.bundle.BundleError when it is missing or damaged."""
    path = bundled_model_path()
    if path is None:
        raise BundleError(f"{BUNDLED_MODEL}: the bundled model is missing from this installation")
    return load_bundle(path)


def install_bundled_model(store) -> bool:
    """Put the shipped model into a ModelStore that holds none yet; True if it did.

    A missing or damaged file is not fatal: the app starts without a model and the
    test page says so.
    """
    if store.bundle is not None:
        return False
    try:
        bundle = load_bundled_model()
    except BundleError as e:
        _log.warning("no bundled model: %s", e)
        return False
    store.set_bundle(bundle, ORIGIN)
    return True
