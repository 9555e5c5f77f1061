"""Python's garbage collector and a window that never freezes.

A full collection walks every object the process holds with the GIL held, whichever
thread sets it off: the app's widgets and modules are ~80,000 objects after start-up and
~160,000 once numba is loaded, and walking them takes 50-75 ms, during which the window
cannot repaint. Python starts one when enough new objects have survived since the last,
which is what importing a large library does: loading the compiled kernels in the
training thread (numba: ~80,000 objects) stalled the window once, on the first run.

So background work that loads long-lived things does it inside `loading_long_lived()`:
no collection runs meanwhile, and afterwards every object there is is moved out of the
collector's sight for good (``gc.freeze``): later collections walk only what was made
since, a few milliseconds. The price is that garbage present at that moment (the
import's own leftover cycles, ~800 objects) is never freed: do it once per process for
what lives as long as the process (`load_kernels`), not for every dataset.
"""
from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_depth = 0
_was_enabled = True
_kernels_loaded = False


@contextlib.contextmanager
def loading_long_lived():
    """No garbage collection inside the block; every object frozen at its end (see the
    module doc). Nested or concurrent blocks (two threads) share one pause."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()


def load_kernels():
    """core.compute.kernels.load() (numba's import and compiled loops, the first time) without
    a full collection stalling the window; call it in the thread that trains, before training."""
    global _kernels_loaded
    from core.compute import kernels

    if _kernels_loaded:
        return kernels.load()  # quick: imports and compiles nothing more
    with loading_long_lived():
        library = kernels.load()
    _kernels_loaded = True
    return library


#: seconds of loading the compiled kernels after which the work says it is compiling them
#: (from numba's cache they load in well under a second; the first time after installing,
#: numba compiles them, about half a minute)
COMPILING_AFTER = 1.5


def ready_to_train(state) -> None:
    """How background work that trains starts (a designer.tasks.task.TaskState's work): it
    waits for the window's next frame, as what follows holds the GIL a while, then loads
    the compiled kernels with `load_kernels`. Otherwise the first training step loads them
    (numba's import, most of a second the first time), and the click's repaint and a full
    collection would wait for it. While `core.compute.warm_up`'s child process still
    compiles them (the app started it), the work waits for it, then loads from the cache;
    when loading takes longer than `COMPILING_AFTER` (numba compiling here, once after
    installing), the work's status says so, instead of a bare "Starting…" for half a
    minute."""
    state.wait_until_shown()
    if _kernels_loaded:
        load_kernels()
        return
    from PySide6.QtCore import QCoreApplication

    from core.compute import warm_up

    text = QCoreApplication.translate(
        "training", "Compiling the fast training code (only the first time after installing: about half a minute)…")
    if warm_up.running():  # compiling in a process of its own since the app opened: its cache is next
        state.set_status(text)
        # a Stop meanwhile waits too: compiling here instead would take as long, and stall the window
        warm_up.wait(give_up=lambda: state.aborted)
        if state.aborted:  # the window is closing
            return
    timer = threading.Timer(COMPILING_AFTER, state.set_status, [text])
    timer.daemon = True
    timer.start()
    try:
        load_kernels()
    finally:
        timer.cancel()


__all__ = ["loading_long_lived", "load_kernels", "ready_to_train"]
