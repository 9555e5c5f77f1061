"""A helper thread that waits on the second core by spinning, for an MLP's training step.

An MLP's step alternates short matrix products (a few hundred microseconds) with
element-wise loops (the optimizer's, the batch's gather: tens of microseconds). BLAS
runs the products on two threads, and OpenBLAS's second thread spins between them,
so it starts a product's share at once; but it keeps the second core busy doing
nothing while the loops run on one. A helper thread that the OS has to wake takes
~30 µs to start, and then shares that core with the spinning one: a loop split in
two that way measured slower than whole (`core.compute.cores`).

So, while a thread trains an MLP (`serving`), one thread of ours spins on the second
core instead, and takes both kinds of work: OpenBLAS hands it its share of each
product (through ``openblas_set_threads_callback_function``; its own threads sleep),
and the training thread hands it half of each large loop (`split`). Either starts
within about a microsecond (`core.compute.spin_loops` has the hand-over).

The helper spins for `SPIN_SECONDS` after its last job, then sleeps on a semaphore
until the next job wakes it (~50 µs, after a pause in training only). Outside
`serving`, OpenBLAS uses its own threads again.

Only on Linux on x86-64 (the CPU's pause hint, POSIX threads and semaphores), with
numba and OpenBLAS on two threads (these machines); elsewhere `serving` changes
nothing, `here()` is False, and OpenBLAS uses its own threads as before.
"""
from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import os
import platform
import sys
import threading
import time

import numpy as np

log = logging.getLogger(__name__)

#: how long the helper spins after its last job before it naps
SPIN_SECONDS = 0.005
#: OpenBLAS's thread count this helper stands in for
THREADS = 2
#: threads beyond two that the callback can start for one product (OpenBLAS's MAX_THREADS)
MAX_EXTRA = 62
#: set to 0 to keep OpenBLAS's own threads (for measuring the difference)
ENVIRONMENT = "LAYERLAB_SPINNER"
#: where the compiled half can run (`core.compute.spin_loops` uses x86's pause and POSIX calls)
SUPPORTED = sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")

_CALLBACK_SYMBOLS = (
    "scipy_openblas_set_threads_callback_function64_", "scipy_openblas_set_threads_callback_function",
    "openblas_set_threads_callback_function64_", "openblas_set_threads_callback_function",
)
_THREADS_SYMBOLS = (
    "scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
    "openblas_get_num_threads64_", "openblas_get_num_threads",
)


class _OpenBLAS:
    """The two calls of the OpenBLAS that NumPy uses: its thread count and its threads callback."""

    def __init__(self, path: str):
        library = ctypes.CDLL(path)
        self.set_callback = _symbol(library, _CALLBACK_SYMBOLS)
        self.set_callback.argtypes, self.set_callback.restype = [ctypes.c_void_p], None
        self.threads = _symbol(library, _THREADS_SYMBOLS)
        self.threads.argtypes, self.threads.restype = [], ctypes.c_int


def _symbol(library, names):
    for name in names:
        try:
            return getattr(library, name)
        except AttributeError:
            continue
    raise AttributeError(f"none of {', '.join(names)}")


def _find_openblas() -> _OpenBLAS | None:
    """NumPy's OpenBLAS, if it has the threads callback (OpenBLAS 0.3.27 or later)."""
    from threadpoolctl import threadpool_info

    for info in threadpool_info():
        if info.get("internal_api") == "openblas" and info.get("filepath"):
            try:
                return _OpenBLAS(info["filepath"])
            except (OSError, AttributeError) as e:
                log.info("OpenBLAS at %s has no threads callback (%s)", info["filepath"], e)
    return None


class _Helper:
    """The spinning thread, its control block and OpenBLAS's callback into it."""

    def __init__(self, loops, blas: _OpenBLAS):
        self.loops, self.blas = loops, blas
        memory = np.zeros(loops.WORDS + 8, np.int64)
        start = (-memory.ctypes.data % 64) // 8  # the block starts on a cache line
        self._memory = memory
        self.block = memory[start : start + loops.WORDS]
        self.address = self.block.ctypes.data
        self._semaphore = np.zeros(loops.SEM_BYTES // 8, np.int64)
        if loops.sem_init(self._semaphore.ctypes.data, 0, 0) != 0:
            raise OSError("sem_init failed: the helper thread would have no way to sleep")
        self.block[loops.SEMAPHORE // 8] = self._semaphore.ctypes.data
        self.block[loops.SEM_POST // 8] = loops.SEM_POST_FUNCTION
        self.block[loops.SCHED_YIELD // 8] = loops.SCHED_YIELD_FUNCTION
        self._scratch = np.zeros(loops.EXTRA * MAX_EXTRA, np.int64)
        cells = loops.CELLS  # what the compiled callback reads (one helper per process)
        cells[loops.BLOCK_CELL], cells[loops.SCRATCH_CELL], cells[loops.ROOM_CELL] = self.address, self._scratch.ctypes.data, MAX_EXTRA
        cells[loops.START_CELL] = loops._extra_thread.address
        cells[loops.CREATE_CELL], cells[loops.JOIN_CELL] = loops.PTHREAD_CREATE, loops.PTHREAD_JOIN
        self.callback = loops.blas_callback
        spin_cycles = int(SPIN_SECONDS * _cycles_per_second(loops))
        self.thread = threading.Thread(
            target=loops.serve, args=(self.address, spin_cycles, loops.SEM_WAIT), name="layerlab-spinner", daemon=True,
        )
        self.thread.start()

    def stop(self) -> None:
        self.block[self.loops.STOP // 8] = 1
        self.loops.sem_post(self._semaphore.ctypes.data)
        self.thread.join(timeout=1.0)


def _cycles_per_second(loops) -> float:
    """The cycle counter's rate (it counts at a fixed rate on current CPUs), over ~2 ms."""
    t0, c0 = time.perf_counter(), loops.cycle_count()
    time.sleep(0.002)
    return (loops.cycle_count() - c0) / (time.perf_counter() - t0)


_lock = threading.Lock()
_helper: _Helper | None = None
_unavailable = False
#: threads inside `serving` (OpenBLAS is handed to the helper while there is one)
_serving = 0
#: counts forks: a `serving` block entered before a fork leaves the child's count alone
_generation = 0
#: inside `disabled()`: `serving` changes nothing
_disabled = 0
_local = threading.local()


def _get_helper() -> _Helper | None:
    """The helper, started the first time (its compiled code comes from numba's cache), or None
    where there is no numba, no OpenBLAS with a threads callback, or it is switched off."""
    global _helper, _unavailable
    if _helper is not None or _unavailable:
        return _helper
    if not SUPPORTED or os.environ.get(ENVIRONMENT, "1").strip() == "0":
        _unavailable = True
        return None
    try:
        from core.compute import spin_loops
    except Exception as e:  # no numba (ImportError), or it could not compile the loops here
        if not isinstance(e, ImportError):
            log.warning("the spinning helper thread's code could not be compiled (%s): training uses OpenBLAS's threads", e)
        _unavailable = True
        return None
    blas = _find_openblas()
    if blas is None:
        _unavailable = True
        return None
    try:
        _helper = _Helper(spin_loops, blas)
    except Exception as e:  # a faster step is not worth a failed run: OpenBLAS's own threads
        log.warning("the spinning helper thread could not start (%s): training uses OpenBLAS's threads", e)
        _unavailable = True
    return _helper


@contextlib.contextmanager
def serving():
    """While inside, OpenBLAS's products run their second half on the helper, and this
    thread may `split` loops with it; only when OpenBLAS has two threads (else nothing
    changes). Nested, or in two threads at once: the helper serves until the last leaves."""
    global _serving
    with _lock:
        helper = _get_helper()
        if helper is None or _disabled or helper.blas.threads() != THREADS or getattr(_local, "serving", False):
            helper = None
        else:
            if _serving == 0:
                helper.blas.set_callback(helper.callback.address)
            _serving += 1
    if helper is None:
        yield
        return
    _local.serving, generation = True, _generation
    try:
        yield
    finally:
        _local.serving = False
        with _lock:
            if generation == _generation:
                _serving -= 1
                if _serving == 0:
                    helper.blas.set_callback(None)


@contextlib.contextmanager
def disabled():
    """Inside, `serving` changes nothing: OpenBLAS's own threads and whole loops, as
    without the helper (for benchmarks and tests comparing the two)."""
    global _disabled
    with _lock:
        _disabled += 1
    try:
        yield
    finally:
        with _lock:
            _disabled -= 1


def here() -> bool:
    """May this thread `split` (is it inside `serving`, with the helper serving)?"""
    return _helper is not None and bool(getattr(_local, "serving", False))


def split(part: int, arguments: int, count: int) -> None:
    """``part(arguments, first, last)`` over ``range(count)`` in two halves at once, the
    second on the helper (only where `here()`)."""
    _helper.loops.split(_helper.address, part, arguments, count)


def _shut_down() -> None:
    """At exit: OpenBLAS back to its own threads, the helper stopped (its compiled code
    must not run while the interpreter unloads it)."""
    global _helper
    helper = _helper
    if helper is not None:
        helper.blas.set_callback(None)
        helper.stop()
        _helper = None


def _forget_in_child() -> None:
    """After fork: the child has no helper thread, so OpenBLAS must not call into one."""
    global _helper, _serving, _lock, _generation
    _lock = threading.Lock()
    if _helper is not None:
        _helper.blas.set_callback(None)
    _helper, _serving, _generation = None, 0, _generation + 1
    _local.serving = False  # the forking thread, which goes on in the child


atexit.register(_shut_down)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)

__all__ = ["ENVIRONMENT", "SPIN_SECONDS", "disabled", "here", "serving", "split"]
