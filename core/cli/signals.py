"""Ctrl+C that is never lost: a SIGINT handler installed before anything else is imported.

Python's own handler raises KeyboardInterrupt wherever the program is; when that is
inside a callback of the import machinery, Python prints "Exception ignored" and goes
on as if nothing happened (seen with a Ctrl+C a tenth of a second after start on a
busy machine). `install()` (main.py's first act) records every interrupt as well as
raising it, so `check()` can raise it again where it is safe: after the imports, and
between the batches of a run.
"""
from __future__ import annotations

import signal
import threading

_interrupted = threading.Event()


def _on_sigint(signum, frame) -> None:
    _interrupted.set()
    raise KeyboardInterrupt


def install() -> None:
    """Record Ctrl+C from now on (main thread only; elsewhere, and without SIGINT, a no-op)."""
    try:
        signal.signal(signal.SIGINT, _on_sigint)
    except (ValueError, AttributeError):
        pass


def interrupted() -> bool:
    return _interrupted.is_set()


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl+C came, even if Python swallowed it where it came."""
    if _interrupted.is_set():
        raise KeyboardInterrupt


__all__ = ["install", "interrupted", "check"]
