"""Ctrl+C that is never lost: a SIGINT handler installed before anything else is imported.

Python's own handler raises KeyboardInterrupt wherever the program is; when that is
inside a callback of the import machinery, Python prints "Exception ignored" and goes
on as if nothing happened (seen with a Ctrl+C a tenth of a second after start on a
busy machine, and 0.3 s in while numba compiled on a fresh machine). `install()`
(main.py's first act) records every interrupt as well as raising it, so `check()` can
raise it again where it is safe: after the imports, and between the batches of a run;
and it keeps Python from printing the one it swallowed (the user sees one line).
"""
from __future__ import annotations

import signal
import sys
import threading

_interrupted = threading.Event()
_python_unraisable = sys.unraisablehook


def _on_unraisable(unraisable) -> None:
    """Python's report of an exception it could not raise; a recorded Ctrl+C is not one
    (`check()` raises it again), anything else is reported as Python would."""
    if issubclass(unraisable.exc_type, KeyboardInterrupt) and _interrupted.is_set():
        return
    _python_unraisable(unraisable)


def _on_sigint(signum, frame) -> None:
    _interrupted.set()
    raise KeyboardInterrupt


def install() -> None:
    """Record Ctrl+C from now on (main thread only; elsewhere, and without SIGINT, a no-op)."""
    try:
        signal.signal(signal.SIGINT, _on_sigint)
    except (ValueError, AttributeError):
        return
    sys.unraisablehook = _on_unraisable


def interrupted() -> bool:
    return _interrupted.is_set()


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl+C came, even if Python swallowed it where it came."""
    if _interrupted.is_set():
        raise KeyboardInterrupt


__all__ = ["install", "interrupted", "check"]
