"""The trained models that ship with LayerLab, so the canvas works offline at once.

They live in ``resources/models/NAME.npz``, each made by
``scripts/train_shipped_model.py --model NAME`` from ``resources/examples/NAME.json``;
which ones there are and how each scored on its test set is core.io.shipped's
manifest. The app starts with the best of them; the Test page can switch to another.
Each is an ordinary model bundle, loaded with the same checks as any other file
(once: a switch back and forth reuses it).
"""
from __future__ import annotations

import logging
from pathlib import Path

from core.io.bundle import Bundle, BundleError, load_bundle
from core.io.shipped import ShippedModel, best_shipped_model, shipped_models

#: the origin a ModelStore records for a shipped model
ORIGIN = "bundled"

_log = logging.getLogger(__name__)
_loaded: dict[str, Bundle] = {}


def bundled_model_path() -> Path | None:
    """Where the best shipped model is, or None when this installation has none."""
    best = best_shipped_model()
    return best.path if best is not None else None


def load_shipped_model(name: str | None = None) -> Bundle:
    """Shipped model `name` (default: the best); raises core.io.bundle.BundleError when it
    is missing or damaged."""
    model = _find(name)
    if model is None:
        missing = f"the shipped model {name!r} is" if name else "every shipped model is"
        raise BundleError(f"{missing} missing from this installation")
    if model.name not in _loaded:
        _loaded[model.name] = load_bundle(model.path)
    return _loaded[model.name]


def load_bundled_model() -> Bundle:
    """The best shipped model (see load_shipped_model)."""
    return load_shipped_model()


def shipped_model_of(bundle) -> ShippedModel | None:
    """Which shipped model `bundle` is (it came from load_shipped_model), or None."""
    for model in shipped_models():
        if _loaded.get(model.name) is bundle and bundle is not None:
            return model
    return None


def shipped_bundle_for(design) -> Bundle | None:
    """A shipped model trained on `design`'s dataset for a network like it
    (core.layer_types.walk.signature), or None: matched by its example design, so only
    that one file is ever loaded."""
    from core.design import spec
    from core.layer_types.walk import signature

    wanted = signature(design)
    for model in shipped_models():
        try:
            example = spec.load(model.design_path)
            if example.dataset == design.dataset and signature(example) == wanted:
                return load_shipped_model(model.name)
        except (OSError, spec.SpecError, BundleError) as e:
            _log.warning("shipped model %s unusable: %s", model.name, e)
    return None


def shipped_title(model: ShippedModel, language: str = "") -> str:
    """A shipped model's name for people ("MNIST CNN"), from the example design it was trained from."""
    from core.design import spec

    try:
        return spec.load(model.design_path).title(language)
    except (OSError, spec.SpecError):
        return model.name


def use_shipped_model(store, name: str | None = None) -> bool:
    """Put shipped model `name` (default: the best) into a ModelStore, replacing what it
    holds; True if it did. A missing or damaged file is logged, not fatal."""
    try:
        bundle = load_shipped_model(name)
    except BundleError as e:
        _log.warning("no shipped model: %s", e)
        return False
    store.set_bundle(bundle, ORIGIN)
    return True


def install_bundled_model(store, name: str | None = None) -> bool:
    """Put the best shipped model (or `name`) into a ModelStore that holds none yet; True if
    it did. A model the user trained or opened always stays. Without a shipped model the
    app starts with none and the test page says so."""
    if store.bundle is not None:
        return False
    return use_shipped_model(store, name)


def _find(name: str | None) -> ShippedModel | None:
    if name is None:
        return best_shipped_model()
    return next((m for m in shipped_models() if m.name == name), None)
