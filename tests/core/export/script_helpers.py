"""Writing an exported PyTorch script and importing it as a module, as a user's script would."""
from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

from core.export.formats import FORMATS

_count = itertools.count()


def write_script(source, folder: Path, name: str = "net.py") -> Path:
    path = folder / name
    FORMATS["pytorch"].write(source, path)
    return path


def import_script(path: Path):
    """The script as a module (its `main` does not run on import)."""
    module_name = f"exported_net_{next(_count)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def script_for(source, folder: Path):
    return import_script(write_script(source, folder))
