"""Where LayerLab's shipped files are: example designs, trained models, translations.

In a checkout they sit in ``resources/`` beside ``core/``; an installed LayerLab
carries the same folder as package data (the ``layerlab_resources`` package, see
pyproject.toml). Everything that reads a shipped file asks `resources_dir`.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2] / "resources"


@cache
def resources_dir() -> Path:
    """The folder holding ``examples/``, ``models/`` and ``translations/``."""
    if (_CHECKOUT / "examples").is_dir():
        return _CHECKOUT
    from importlib.resources import files

    return Path(str(files("layerlab_resources")))


def examples_dir() -> Path:
    return resources_dir() / "examples"


def models_dir() -> Path:
    return resources_dir() / "models"


def translations_dir() -> Path:
    return resources_dir() / "translations"


__all__ = ["resources_dir", "examples_dir", "models_dir", "translations_dir"]
