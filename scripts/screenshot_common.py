"""What the screenshot scripts share: a private home, the Design page's problem, saving.

Imported by the scripts next to it (run as ``python scripts/<name>.py``, so this folder
is on the import path).
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def use_a_private_home() -> None:
    """Point the app's data and settings at a fresh temporary folder: the pictures show none
    of the user's autosaves, recent files or preferences, and the user's stay untouched."""
    home = Path(tempfile.mkdtemp(prefix="layerlab-shot-"))
    os.environ["LAYERLAB_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")


def show_a_problem(window) -> None:
    """Set the output layer's units to 12 and select that layer: a check and its one-click fix show."""
    doc = window.document
    last = len(doc.design.layers) - 1
    doc.set_value(f"layers[{last}].units", 12)
    window.design_page.select(last)


def save_and_close(app, window, out: Path, *, frames: int = 5) -> int:
    """Let the window paint (`frames` rounds of events), save its picture at `out` and close it
    without asking to save. The exit status: 1 when the picture could not be written."""
    for _ in range(frames):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(out)
    window.document.undo_stack.setClean()
    window.close()
    return 0
