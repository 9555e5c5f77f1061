"""Atomic file writes: a crash or a full disk mid-write never leaves a half-written file.

The data goes to a temp file beside the target, is flushed to disk, then renamed
over the target in one step. The new file keeps the old one's permissions (or gets
the usual ones for a new file): mkstemp alone would leave a saved design or model
readable by its owner only.

Only a regular file (or a new name) is replaced: renaming over a FIFO, a device such
as /dev/null, a folder or a symbolic link would replace that thing itself, so
`check_target` refuses them, before any work is done if the caller asks early.
A temp file is named ``.NAME.PID.XXXXXXXX.tmp``; one left behind by a process that was
killed (its PID is gone, or it has not changed for STALE_SECONDS) is removed the next
time NAME is written.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

#: a temp file of ours untouched this long is a leftover, whoever made it
STALE_SECONDS = 600.0


class UnsafeTarget(OSError):
    """A path atomic_write will not replace; `strerror` says why, `filename` is the path."""


def _read_umask() -> int:
    # Reading the umask means setting it; done once, at import, before any threads run.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def check_target(path: str | os.PathLike) -> None:
    """Raise UnsafeTarget unless atomic_write may put a file at `path`: a non-empty name in
    an existing, writable folder, naming nothing yet or a regular file (not a symbolic
    link, a folder, a FIFO or a device)."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise UnsafeTarget(errno.EINVAL, "is not a file name", str(path))
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise UnsafeTarget(e.errno or errno.EACCES, e.strerror or str(e), str(path)) from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise UnsafeTarget(errno.EEXIST, "is a symbolic link; LayerLab replaces only regular files", str(path))
        if stat.S_ISDIR(st.st_mode):
            raise UnsafeTarget(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeTarget(errno.EEXIST, "is not a regular file (a device, FIFO or socket); LayerLab replaces only regular files", str(path))
    folder = path.parent
    if not folder.is_dir():
        raise UnsafeTarget(errno.ENOENT, "no such folder", str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UnsafeTarget(errno.EACCES, "the folder cannot be written to", str(folder))


def _stale_temps(path: Path) -> None:
    """Remove temp files of ours for `path` that their writer left behind (see the module doc)."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"(?:(\d+)\.)?[a-z0-9_]{8}\.tmp")
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            pid = int(m[1]) if m[1] else None
            if now - st.st_mtime > STALE_SECONDS or (pid is not None and pid != os.getpid() and not _alive(pid)):
                os.unlink(entry.path)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill there would end the process: leave it to STALE_SECONDS
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError, OSError):
        return True  # someone else's process, or unknowable: leave its file alone
    return True


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], None]) -> None:
    """Call `write(f)` on a temp file beside `path`, then rename it over `path`
    (UnsafeTarget if `path` is not a regular file or a new name: see check_target)."""
    path = Path(path)
    check_target(path)
    _stale_temps(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
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


__all__ = ["atomic_write", "atomic_write_text", "check_target", "UnsafeTarget", "STALE_SECONDS"]
