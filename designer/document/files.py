"""Reading and writing design files (.json) and opening trained models (.npz).

Opening never changes anything: it returns what it read, or raises `FileError`
whose message names the field at fault, so the caller can keep the current design
untouched. Saving goes through core.io.atomic: the old file stays whole until the new
one is completely written.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from core.design import spec
from core.design.spec import Design
from core.io.bundle import is_model_file
from designer.text.messages import bundle_error_text, spec_problem_text

DESIGN_SUFFIX = ".json"
MODEL_SUFFIX = ".npz"
#: a design is a few kB; anything bigger than the core's limit is not one (and is not read into memory)
MAX_DESIGN_BYTES = spec.MAX_DESIGN_BYTES



class FileError(Exception):
    """A file that cannot be opened or saved; str() is the message for the user."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        #: the full list of problems, one per line (may be longer than the message)
        self.details = details


@dataclass
class Opened:
    """What a file held: a design, and for a model file also the trained model."""

    path: Path
    design: Design
    #: a core.io.bundle.Bundle when a trained model was opened, else None
    bundle: object | None = None

    @property
    def is_model(self) -> bool:
        return self.bundle is not None


def file_filters() -> str:
    return ";;".join((
        QCoreApplication.translate("files", "LayerLab files (*.json *.npz)"),
        QCoreApplication.translate("files", "Designs (*.json)"),
        QCoreApplication.translate("files", "Trained models (*.npz)"),
        QCoreApplication.translate("files", "All files (*)"),
    ))


def open_file(path: str | Path) -> Opened:
    """Read a design or a trained model; FileError (naming the field) if it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise FileError(QCoreApplication.translate("files", "{name} does not exist or is not a file.").format(name=path.name))
    if is_model_file(path):
        return _open_model(path)
    return Opened(path, _read_design(path))


def _read_design(path: Path) -> Design:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise FileError(QCoreApplication.translate("files", "{name} cannot be read: {reason}").format(name=path.name, reason=e.strerror or e)) from None
    if size > MAX_DESIGN_BYTES:
        raise FileError(QCoreApplication.translate("files", "{name} is too large to be a design ({size} MB).").format(name=path.name, size=size // 1_000_000))
    try:
        return spec.load(path)
    except spec.SpecError as e:
        problems = [spec_problem_text(p) for p in e.problems]
        shown = problems[:6]
        if len(problems) > len(shown):
            shown.append(QCoreApplication.translate("files", "… and {count} more").format(count=len(problems) - len(shown)))
        message = QCoreApplication.translate("files", "{name} is not a design LayerLab can open:").format(name=path.name) + "\n" + "\n".join(shown)
        raise FileError(message, "\n".join(problems)) from None


def _open_model(path: Path) -> Opened:
    from core.io.bundle import BundleError, load_bundle

    try:
        bundle = load_bundle(path)
    except BundleError as e:
        message = QCoreApplication.translate("files", "{name} is not a trained model LayerLab can open:").format(name=path.name) + "\n" + bundle_error_text(e)
        raise FileError(message, str(e)) from None
    except (OSError, ValueError) as e:  # belt and braces: load_bundle should say BundleError
        raise FileError(QCoreApplication.translate("files", "{name} cannot be read: {reason}").format(name=path.name, reason=e)) from None
    return Opened(path, bundle.design, bundle)


def save_design(design: Design, path: str | Path) -> None:
    """Write `design` as JSON, atomically (core.io.atomic); FileError if it cannot be written."""
    from core.io.atomic import atomic_write_text

    path = Path(path)
    try:
        atomic_write_text(path, spec.dumps(design, path.parent))  # paths to the user's own data: relative to the file
    except OSError as e:
        reason = e.strerror or str(e)
        raise FileError(QCoreApplication.translate("files", "{name} cannot be written: {reason}").format(name=path.name, reason=reason)) from None


def save_name(design: Design, suggested: str = "") -> str:
    """A file name for Save As: the suggestion, else the design's name made file-safe."""
    if suggested:
        return str(Path(suggested).with_suffix(DESIGN_SUFFIX).name)
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in design.name).strip() or "design"
    return stem + DESIGN_SUFFIX


__all__ = ["FileError", "Opened", "open_file", "save_design", "save_name", "file_filters", "DESIGN_SUFFIX", "MODEL_SUFFIX"]
