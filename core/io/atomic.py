"""Atomic file writes: a crash or a full disk mid-write never leaves a half-written file.

The data goes to a temp file beside the target, is flushed to disk, then renamed
over the target in one step. The new file keeps the old one's permissions (or gets
the usual ones for a new file): mkstemp alone would leave a saved design or model
readable by its owner only.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _read_umask() -> int:
    # Reading the umask means setting it; done once, at import, before any threads run.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], None]) -> None:
    """Call `write(f)` on a temp file beside `path`, then rename it over `path`."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 text atomically (see the module doc)."""
    data = text.encode("utf-8")
    atomic_write(path, lambda f: f.write(data))


__all__ = ["atomic_write", "atomic_write_text"]
