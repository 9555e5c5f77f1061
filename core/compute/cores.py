"""Both CPU cores for one training step: large work in two halves at once.

A training step alternates matrix products with element-wise loops. BLAS could run
the products on its own threads, but those threads spin, waiting for the next product,
on the core that the step's other work (a loop's second half, the GUI thread, another
program) needs; on a busy two-core machine OpenBLAS's two threads then wait for each
other at every slice of a product, and a convolutional network's epoch took 2.8x as
long (benchmarks/). So while a thread trains a network whose steps write large maps
(`training_threads`), BLAS computes single-threaded and this module splits the large
products (`matmul`) and loops (`on_both_cores`) itself: one half on a helper thread,
one on the thread that trains. NumPy's products and numba's loops release the GIL, so
both halves compute at once. A small network (an MLP) keeps BLAS's two threads, which
hand its short products over faster, with `core.compute.spinner`'s helper as the second
one: it also takes half of the step's large loops (the optimizer's, the batch's gather).
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import os
import threading

import numpy as np

#: loops over more numbers than this run on two cores; below it, handing half to another
#: thread (~30 µs) costs more than it saves
SPLIT = 1 << 17
#: products of more multiply-adds than this run on two cores while training
PRODUCT_SPLIT = 1 << 20
#: a training step writes at least this many numbers outside its products (feature maps,
#: patches) before this module takes the threads from BLAS: below it (an MLP's step of
#: ~150,000), OpenBLAS's spinning threads hand a product over faster than a helper
#: thread wakes (measured: an MLP epoch 0.54 s with BLAS's threads, 0.76 s split here)
STEP_NUMBERS = 1 << 21

CORES = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)

_lock = threading.Lock()
_helper: concurrent.futures.ThreadPoolExecutor | None = None
#: per thread: is it training (inside `training_threads`)
_local = threading.local()


def on_both_cores(run, count: int, size: int) -> None:
    """``run(first, last)`` over ``range(count)``: for large work (`size` numbers, at
    least `SPLIT`), in two halves at once, ``run(0, half)`` here and ``run(half, count)``
    on a helper thread. Small work (a drawn digit) runs here, whole."""
    global _helper
    if CORES < 2 or count < 2 or size < SPLIT:
        run(0, count)
        return
    with _lock:
        if _helper is None:
            _helper = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="layerlab-cores")
    half = count // 2
    other = _helper.submit(_under, np.geterr(), run, half, count)
    try:
        run(0, half)
    finally:
        other.result()


def _under(errors: dict, run, first: int, last: int) -> None:
    """``run(first, last)`` with NumPy's floating-point error handling as the caller has
    it (it is per thread: a diverging run's overflows must stay as quiet here)."""
    with np.errstate(**errors):
        run(first, last)


def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``a @ b`` (2-D), into `out` when given. While this thread trains, a large product
    is computed in two halves at once, each by single-threaded BLAS: the rows of the
    result, or its columns when it is wider than tall. Each number of the result is the
    same sum as BLAS makes it whole (one dot product of a row and a column)."""
    if not training() or CORES < 2 or a.ndim != 2 or b.ndim != 2:
        return np.matmul(a, b, out=out)
    rows, inner, cols = a.shape[0], a.shape[1], b.shape[1]
    if out is None:
        out = np.empty((rows, cols), np.result_type(a, b))
    if rows * inner * cols < PRODUCT_SPLIT:
        return np.matmul(a, b, out=out)
    if rows >= cols:
        on_both_cores(lambda i, j: np.matmul(a[i:j], b, out=out[i:j]), rows, SPLIT)
    else:
        on_both_cores(lambda i, j: np.matmul(a, b[:, i:j], out=out[:, i:j]), cols, SPLIT)
    return out


@contextlib.contextmanager
def training_threads(step_numbers: int):
    """Train inside this block, a step writing about `step_numbers` numbers outside its
    products (`Model.step_numbers`): for a large step (at least `STEP_NUMBERS`), BLAS
    single-threaded (for the whole process, as BLAS knows no threads of its callers) and
    this thread's large products split by `matmul`; a small step keeps BLAS's threads.
    Nested or in two threads at once, the outermost decides. A small step keeps BLAS's
    two threads, with the helper of `core.compute.spinner` standing in for OpenBLAS's
    second one where the compiled kernels run (and take half of the large loops)."""
    if training() or CORES < 2:
        yield
        return
    if step_numbers < STEP_NUMBERS:
        from core.compute import kernels, spinner

        if kernels.load() is kernels.NUMPY:
            yield
            return
        with spinner.serving():
            yield
        return
    from threadpoolctl import threadpool_limits

    _local.training = True
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        _local.training = False


def training() -> bool:
    """Is this thread inside `training_threads`?"""
    return bool(getattr(_local, "training", False))


__all__ = ["CORES", "PRODUCT_SPLIT", "SPLIT", "STEP_NUMBERS", "matmul", "on_both_cores", "training", "training_threads"]
