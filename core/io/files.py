"""Opening a file the user named, without letting the name fool us.

A path may name a folder, a FIFO that blocks the reader forever, ``/dev/zero`` that
never ends, or a file far larger than anything LayerLab reads. `open_regular` refuses
all of these before reading a byte: it looks at the path, opens it without blocking
(so a FIFO cannot hang us), looks again at what was opened (the name may have been
swapped in between), and only then hands back a file to read. Each reader turns a
`RefusedFile` into its own error type, worded for its kind of file.
"""
from __future__ import annotations

import os
import stat
from typing import BinaryIO

#: what a path that is not a regular file names, for messages
_KINDS = (
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class RefusedFile(Exception):
    """A path that is not a readable regular file of an acceptable size.

    `code` is "cannot_read" (with `reason`), "folder", "not_regular" (with `kind`,
    e.g. "a device") or "too_large" (with `size` and `most`, in bytes)."""

    def __init__(self, path: str | os.PathLike, code: str, *, reason: str = "", kind: str = "", size: int = 0, most: int = 0):
        self.path = str(path)
        self.code = code
        self.reason = reason
        self.kind = kind
        self.size = size
        self.most = most
        super().__init__(f"{self.path}: {self.describe()}")

    def describe(self) -> str:
        """What is wrong, in English, without the path."""
        if self.code == "folder":
            return "is a folder, not a file"
        if self.code == "not_regular":
            return f"is {self.kind}, not a file"
        if self.code == "too_large":
            return f"the file is {self.size:,} bytes, more than the {self.most:,} allowed"
        return f"cannot read the file ({self.reason})"


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a special file"


def _check(path, st: os.stat_result, max_bytes: int | None) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise RefusedFile(path, "folder")
    if not stat.S_ISREG(st.st_mode):
        raise RefusedFile(path, "not_regular", kind=_kind(st.st_mode))
    if max_bytes is not None and st.st_size > max_bytes:
        raise RefusedFile(path, "too_large", size=st.st_size, most=max_bytes)


def _reason(e: OSError) -> str:
    return e.strerror or str(e) or type(e).__name__


def check_regular(path: str | os.PathLike, max_bytes: int | None = None) -> int:
    """The size of `path` if it is a regular file (symlinks followed) of at most
    `max_bytes`; RefusedFile otherwise. Reads nothing."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise RefusedFile(path, "cannot_read", reason=_reason(e)) from None
    _check(path, st, max_bytes)
    return st.st_size


def open_regular(path: str | os.PathLike, max_bytes: int | None = None) -> BinaryIO:
    """`path` opened for binary reading, once it is known to be a regular file of at
    most `max_bytes` (None: any size); RefusedFile otherwise."""
    check_regular(path, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise RefusedFile(path, "cannot_read", reason=_reason(e)) from None
    try:
        _check(path, os.fstat(fd), max_bytes)  # what was opened, not what the name said before
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (a file that grows past the
    limit while being read is refused too); RefusedFile otherwise."""
    with open_regular(path, max_bytes) as f:
        try:
            data = f.read(max_bytes + 1)
        except OSError as e:
            raise RefusedFile(path, "cannot_read", reason=_reason(e)) from None
    if len(data) > max_bytes:
        raise RefusedFile(path, "too_large", size=len(data), most=max_bytes)
    return data


__all__ = ["RefusedFile", "check_regular", "open_regular", "read_regular"]
