"""Nothing lost: unsaved work is written in the background and offered back after a crash.

Each running LayerLab holds a lock file in the autosave folder (the user's data
folder, or ``$LAYERLAB_DATA_HOME``, then ``autosave/``) and, while its design has
unsaved changes, keeps a copy beside it, written atomically a moment after each
edit. Saving or closing normally removes the copy. A copy whose lock is no longer
held (its process crashed or was killed) is an orphan: the next launch offers to
restore it. QLockFile tells a dead owner's lock from a live one.

The copy is a small JSON object::

    {"format": "layerlab-autosave", "version": 1, "source": "/path/of/the/file.json" | null,
     "saved_at": 1730000000.0, "name": "MNIST MLP", "design": {...the design document...}}
"""
from __future__ import annotations

import json
import logging
import math
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QLockFile,
    QObject,
    QTimer,
    Signal,
    Slot,
)

from core.design import spec
from core.design.spec import Design

log = logging.getLogger(__name__)

FORMAT = "layerlab-autosave"
VERSION = 1
ENV_DATA_HOME = "LAYERLAB_DATA_HOME"  # the same override core.data.datasets uses
#: how long after the last edit the copy is written (ms)
DEFAULT_DELAY_MS = 1500


def autosave_dir() -> Path:
    """Where autosaved copies live: ``<user data folder>/autosave``."""
    env = os.environ.get(ENV_DATA_HOME)
    if env:
        root = Path(env).expanduser()
    else:
        import platformdirs

        root = Path(platformdirs.user_data_dir("LayerLab", appauthor=False))
    return root / "autosave"


def _write_atomically(path: Path, data: bytes) -> bool:
    """core.io.atomic.atomic_write; False (nothing half-written) when it cannot."""
    from core.io.atomic import atomic_write

    try:
        atomic_write(path, lambda f: f.write(data))
    except OSError:
        return False
    return True


class Autosaver(QObject):
    """Keeps a copy of the document's unsaved work on disk while this process runs."""

    #: the copy was written (its path)
    saved = Signal(str)

    def __init__(self, document, directory: str | Path | None = None, delay_ms: int = DEFAULT_DELAY_MS,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.directory = Path(directory) if directory is not None else autosave_dir()
        session = f"session-{uuid.uuid4().hex[:12]}"
        #: the copy of this session's unsaved work
        self.path = self.directory / f"{session}.json"
        self._lock: QLockFile | None = None
        self._lock_path = self.directory / f"{session}.lock"
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save_now)
        document.designChanged.connect(self._on_design_changed)
        document.modifiedChanged.connect(self._on_modified_changed)

    def _ensure_lock(self) -> bool:
        if self._lock is not None:
            return True
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        lock = QLockFile(str(self._lock_path))
        lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
        if not lock.tryLock(0):
            return False
        self._lock = lock
        return True

    @Slot()
    def _on_design_changed(self) -> None:
        if self.document.is_modified:
            self.timer.start()

    @Slot(bool)
    def _on_modified_changed(self, modified: bool) -> None:
        if modified:
            self.timer.start()
        else:
            self.timer.stop()
            self._remove_copy()

    @Slot()
    def save_now(self) -> bool:
        """Write the copy now if there is unsaved work; True if it was written."""
        self.timer.stop()
        doc = self.document
        if not doc.is_modified:
            self._remove_copy()
            return False
        if not self._ensure_lock():
            return False
        record = {
            "format": FORMAT,
            "version": VERSION,
            "source": str(doc.path) if doc.path is not None else None,
            "saved_at": time.time(),
            "name": doc.design.name,
            "suggested_name": doc.suggested_name,
            "design": spec.to_dict(doc.design),
        }
        ok = _write_atomically(self.path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        if ok:
            self.saved.emit(str(self.path))
        return ok

    def _remove_copy(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass

    def discard(self) -> None:
        """The session ends cleanly: remove the copy and release the lock."""
        self.timer.stop()
        self._remove_copy()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


@dataclass
class Orphan:
    """Unsaved work left behind by a LayerLab that did not close normally."""

    file: Path
    design: Design
    #: the file the work belonged to, or None if it was never saved
    source: Path | None
    saved_at: float
    suggested_name: str = ""
    _lock: QLockFile | None = None

    def discard(self) -> None:
        """Delete the copy (after restoring it, or when the user declines)."""
        try:
            self.file.unlink()
        except OSError:
            pass
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        try:
            self.file.with_suffix(".lock").unlink()
        except OSError:
            pass

    def release(self) -> None:
        """Keep the copy for a later launch, but let other processes claim it."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def _read_orphan(file: Path) -> tuple[Design, Path | None, float, str] | None:
    """The autosave's design, source, time and suggested name; None (logged) when it cannot be used.
    Never raises: a corrupt file must not stop the app from starting."""
    try:
        data = json.loads(file.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError) as e:  # RecursionError: absurdly deep nesting
        log.warning("skipping the unreadable autosave %s (%s)", file, type(e).__name__)
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        log.warning("skipping %s: not a LayerLab autosave of this version", file)
        return None
    try:
        design = spec.from_dict(data.get("design"))
    except spec.SpecError as e:
        log.warning("skipping the autosave %s: %s", file, e)
        return None
    except Exception:  # whatever a corrupt file does to the reader, startup goes on
        log.warning("skipping the autosave %s: its design could not be read", file, exc_info=True)
        return None
    source = data.get("source")
    saved_at = data.get("saved_at")
    suggested = data.get("suggested_name")
    try:
        saved = float(saved_at) if isinstance(saved_at, (int, float)) and not isinstance(saved_at, bool) else 0.0
    except OverflowError:  # an integer too large for a float
        saved = 0.0
    return (
        design,
        Path(source) if isinstance(source, str) and source and "\0" not in source else None,
        saved if math.isfinite(saved) else 0.0,
        suggested if isinstance(suggested, str) else "",
    )


def find_orphans(directory: str | Path | None = None) -> list[Orphan]:
    """Copies whose LayerLab is gone, newest first. Each is locked by this process
    until `discard()` or `release()`, so two launches never restore the same work.
    Unreadable copies are skipped (and left where they are)."""
    directory = Path(directory) if directory is not None else autosave_dir()
    if not directory.is_dir():
        return []
    out = []
    for file in sorted(directory.glob("session-*.json")):
        lock = QLockFile(str(file.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # its LayerLab still runs
        read = _read_orphan(file)
        if read is None:
            lock.unlock()
            continue
        design, source, saved_at, suggested = read
        out.append(Orphan(file, design, source, saved_at, suggested, lock))
    out.sort(key=lambda o: o.saved_at, reverse=True)
    return out


__all__ = ["Autosaver", "Orphan", "find_orphans", "autosave_dir"]
