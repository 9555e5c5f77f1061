"""The element-wise arithmetic of training, in one pass over memory where NumPy needs several.

Between its matrix products a training step does element-wise work: gathering the
batch's rows and converting them to floats, the optimizer's update of every weight
(see `core.nn.optimizers` for the formulas in textbook form), the ReLU, the softmax
with its cross-entropy. NumPy evaluates a formula one operation at a time, each a
pass over the whole array (Adam: ten passes over five arrays larger than the CPU's
cache, 28 % of an MNIST epoch). A loop compiled by numba does all of it in one pass.

Two libraries with the same methods, arguments and results:

- `NUMPY`: the formulas as NumPy expressions (Adam's as in-place passes over
  L2-sized slices). Always there; the reference.
- `CompiledKernels`: each formula as one loop, compiled by numba (no fastmath, so
  every operation rounds as NumPy's does; `error_model="numpy"`, so a division needs
  no zero check and the loop vectorises). The optimizers, the ReLU and the gather
  do the same float operations in the same order, in the arrays' dtype (scalars are
  converted to it first, as NumPy converts a Python float), so their results are the
  same bit for bit. The softmax's exp and log come from the C library instead of NumPy's own, so
  probabilities may differ in the last bit (relative 1e-7).

When the compiled kernels run: only after `load()`, which `Model.train_step` calls,
so numba is imported and its loops compiled in the thread that trains (never at the
app's start-up, never in the GUI thread). Each loop is compiled for fixed argument
types then (`SIGNATURES`), so nothing is compiled later, from another thread; arrays
of other types, not contiguous, or read-only, go to the NumPy kernels. Compiled code is cached
on disk (``cache=True``): after the first time, `load()` takes a fraction of a second.

The environment variable ``LAYERLAB_KERNELS`` chooses: ``auto`` (the default:
compiled when numba is installed), ``numpy``, or ``numba`` (an error without it).
"""
from __future__ import annotations

import contextlib
import logging
import math
import os
import threading

import numpy as np

log = logging.getLogger(__name__)

#: NumPy's Adam works through large arrays in slices of this many numbers: five
#: float32 slices (w, g, two states, scratch) of 256 KB fit in the CPU's L2 cache
SLICE = 65536
#: which kernels run (see the module doc)
ENVIRONMENT = "LAYERLAB_KERNELS"


# --------------------------------------------------------------------------- NumPy


def _slices(*arrays: np.ndarray):
    """Matching 1-D views of `SLICE` numbers of same-shaped arrays (writes go through to
    the arrays), or the whole arrays when they are small or not contiguous."""
    size = arrays[0].size
    if size <= SLICE or not all(a.flags.c_contiguous for a in arrays):
        return [arrays]
    flat = [a.reshape(-1) for a in arrays]
    return [[a[i : i + SLICE] for a in flat] for i in range(0, size, SLICE)]


def _flush_subnormal(x: np.ndarray, tiny) -> None:
    """Set the values of `x` smaller in size than `tiny` (the smallest normal number) to 0."""
    x[np.abs(x) < tiny] = 0


class NumpyKernels:
    """The formulas as NumPy expressions.

    Optimizer updates change `w` and the state arrays in place; every scalar arrives
    in the arrays' dtype; `flush` asks to set the state's values below `tiny` to 0
    after the update (see `core.nn.optimizers.Adam` for why).
    """

    name = "numpy"

    # ------------------------------------------------------------------ optimizers

    @staticmethod
    def sgd(w, g, lr) -> None:
        w -= lr * g

    @staticmethod
    def momentum(w, g, v, lr, momentum, flush, tiny) -> None:
        v *= momentum
        v -= lr * g
        w += v
        if flush:
            _flush_subnormal(v, tiny)

    @staticmethod
    def adagrad(w, g, h, lr, eps) -> None:
        h += g * g
        w -= lr * g / (np.sqrt(h) + eps)

    @staticmethod
    def rmsprop(w, g, h, lr, decay, rest, eps, flush, tiny) -> None:
        h *= decay
        h += rest * g * g
        w -= lr * g / (np.sqrt(h) + eps)
        if flush:
            _flush_subnormal(h, tiny)

    @staticmethod
    def adam(w, g, m, v, b1, b2, eps, step_size, flush_m, flush_v, tiny) -> None:
        # all ten passes per L2-sized slice, so each slice comes from memory once
        tmp = np.empty(min(g.size, SLICE), g.dtype)
        for w_, g_, m_, v_ in _slices(w, g, m, v):
            t = tmp[: g_.size].reshape(g_.shape)
            m_ *= b1
            m_ += g_
            v_ *= b2
            np.square(g_, out=t)
            v_ += t
            # w -= m / (sqrt(v) + eps) * step_size
            np.sqrt(v_, out=t)
            t += eps
            np.divide(m_, t, out=t)
            t *= step_size
            w_ -= t
        if flush_m:
            _flush_subnormal(m, tiny)
        if flush_v:
            _flush_subnormal(v, tiny)

    # ------------------------------------------------------------------ layers and loss

    @staticmethod
    def relu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(max(0, x), its slope: 1 where x > 0, else 0), the slope as floats (NumPy
        multiplies two float arrays twice as fast as floats by booleans)."""
        slope = (x > 0).astype(x.dtype)
        return x * slope, slope

    @staticmethod
    def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
        """(mean of -log p_right, the probabilities p = softmax(logits) row by row)."""
        n = len(logits)
        shifted = logits - logits.max(axis=1, keepdims=True)  # largest is 0: exp cannot overflow
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        probs = np.divide(exp, total, out=exp)  # in place: exp is not needed again
        # -log p_right = log(total) - shifted_right, averaged over the batch
        return float((np.log(total).sum() - shifted[np.arange(n), labels].sum()) / n), probs

    @staticmethod
    def softmax_cross_entropy_gradient(probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """(probs - one_hot(labels)) / batch."""
        n = len(probs)
        grad = probs.copy()
        grad[np.arange(n), labels] -= 1
        grad /= n
        return grad

    # ------------------------------------------------------------------ data

    @staticmethod
    def gather(x: np.ndarray, rows: np.ndarray, scale, offset, out: np.ndarray) -> np.ndarray:
        """out = x[rows] * scale (+ offset), converted to out's dtype (scale and offset in it)."""
        np.multiply(x[rows].reshape(out.shape), scale, out=out, dtype=out.dtype)
        if offset:
            out += offset
        return out


NUMPY = NumpyKernels()


# --------------------------------------------------------------------------- compiled
# One loop per formula. The optimizers' and the ReLU's lines are the NumPy passes they
# replace, in the same order, so the two round alike.


def _sgd_loop(w, g, lr):
    for i in range(w.size):
        w[i] -= lr * g[i]


def _momentum_loop(w, g, v, lr, momentum, flush, tiny):
    for i in range(w.size):
        vi = v[i] * momentum - lr * g[i]
        w[i] += vi
        v[i] = 0 if flush and abs(vi) < tiny else vi


def _adagrad_loop(w, g, h, lr, eps):
    for i in range(w.size):
        gi = g[i]
        hi = h[i] + gi * gi
        h[i] = hi
        w[i] -= lr * gi / (math.sqrt(hi) + eps)


def _rmsprop_loop(w, g, h, lr, decay, rest, eps, flush, tiny):
    for i in range(w.size):
        gi = g[i]
        hi = h[i] * decay + rest * gi * gi
        w[i] -= lr * gi / (math.sqrt(hi) + eps)
        h[i] = 0 if flush and abs(hi) < tiny else hi


def _adam_loop(w, g, m, v, b1, b2, eps, step_size, flush_m, flush_v, tiny):
    for i in range(w.size):
        gi = g[i]
        mi = m[i] * b1 + gi
        vi = v[i] * b2 + gi * gi
        w[i] -= mi / (math.sqrt(vi) + eps) * step_size
        m[i] = 0 if flush_m and abs(mi) < tiny else mi
        v[i] = 0 if flush_v and abs(vi) < tiny else vi


def _relu_loop(x, out, slope):
    for i in range(x.size):
        s = x.dtype.type(1) if x[i] > 0 else x.dtype.type(0)
        slope[i] = s
        out[i] = x[i] * s


def _softmax_cross_entropy_loop(logits, labels, probs):
    n, classes = logits.shape
    loss = 0.0  # summed in float64
    for r in range(n):
        top = logits[r, 0]
        for j in range(1, classes):
            top = max(top, logits[r, j])
        total = logits.dtype.type(0)
        for j in range(classes):
            e = math.exp(logits[r, j] - top)
            probs[r, j] = e
            total += e
        for j in range(classes):
            probs[r, j] /= total
        loss += math.log(total) - (logits[r, labels[r]] - top)
    return loss / n


def _softmax_cross_entropy_gradient_loop(probs, labels, grad):
    n, classes = probs.shape
    batch = probs.dtype.type(n)
    for r in range(n):
        for j in range(classes):
            grad[r, j] = probs[r, j] / batch
        grad[r, labels[r]] = (probs[r, labels[r]] - probs.dtype.type(1)) / batch


def _gather_loop(x, rows, scale, offset, out):
    for r in range(rows.size):
        row, target = x[rows[r]], out[r]
        for c in range(row.size):
            value = out.dtype.type(row[c]) * scale
            target[c] = value + offset if offset != 0 else value


#: the argument types each loop is compiled for, at `load()`: optimizers in float32 and
#: float64 (flat arrays), the others in float32, the model's precision for training
SIGNATURES = {
    "sgd": ["void({t}[::1], {t}[::1], {t})"],
    "momentum": ["void({t}[::1], {t}[::1], {t}[::1], {t}, {t}, b1, {t})"],
    "adagrad": ["void({t}[::1], {t}[::1], {t}[::1], {t}, {t})"],
    "rmsprop": ["void({t}[::1], {t}[::1], {t}[::1], {t}, {t}, {t}, {t}, b1, {t})"],
    "adam": ["void({t}[::1], {t}[::1], {t}[::1], {t}[::1], {t}, {t}, {t}, {t}, b1, b1, {t})"],
    "relu": ["void(f4[::1], f4[::1], f4[::1])"],
    "softmax_cross_entropy": ["f8(f4[:, ::1], i8[::1], f4[:, ::1])"],
    "softmax_cross_entropy_gradient": ["void(f4[:, ::1], i8[::1], f4[:, ::1])"],
    # the rows may be read-only (a dataset read with np.frombuffer), which numba types apart
    "gather": [f"void({x}[:, ::1], i8[::1], f4, f4, f4[:, ::1])" for x in ("u1", "f4", "f8", "readonly u1", "readonly f4", "readonly f8")],
}
_LOOPS = {
    "sgd": _sgd_loop, "momentum": _momentum_loop, "adagrad": _adagrad_loop, "rmsprop": _rmsprop_loop,
    "adam": _adam_loop, "relu": _relu_loop, "softmax_cross_entropy": _softmax_cross_entropy_loop,
    "softmax_cross_entropy_gradient": _softmax_cross_entropy_gradient_loop, "gather": _gather_loop,
}


def _signature(numba, text: str):
    """numba's signature for `text`, in which "readonly u1[:, ::1]" is a read-only array."""
    if "readonly " not in text:
        return text
    from numba.core.sigutils import normalize_signature

    args, result = normalize_signature(text.replace("readonly ", ""))
    readonly = [arg.startswith("readonly ") for arg in _arguments(text)]
    return result(*(t.copy(readonly=True) if ro else t for t, ro in zip(args, readonly, strict=True)))


def _arguments(text: str) -> list[str]:
    """The argument types of a signature string, split at the commas outside brackets."""
    inner, depth, parts, current = text.split("(", 1)[1].rsplit(")", 1)[0], 0, [], ""
    for ch in inner:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    return [*parts, current.strip()]


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_FLOAT32 = (np.dtype(np.float32),)


def _contiguous(*arrays: np.ndarray, dtypes=_FLOATS) -> bool:
    """True when the arrays are C-contiguous, writeable (numba compiles read-only arrays
    apart) and of one of `dtypes`, all the same one. (A plain loop: this runs a dozen
    times per training step.)"""
    first = arrays[0].dtype
    if first not in dtypes:
        return False
    for a in arrays:
        if a.dtype != first or not a.flags.c_contiguous or not a.flags.writeable:
            return False
    return True


class CompiledKernels:
    """The same methods as `NumpyKernels`, as loops numba compiles when this is built.

    Arrays the loops were not compiled for (not contiguous, another dtype: never the
    case for a float32 model, whose weights are one flat buffer) go to `NUMPY`.
    """

    name = "numba"

    def __init__(self, numba):
        self._loops = {}
        for name, signatures in SIGNATURES.items():
            texts = [s.format(t=t) for s in signatures for t in ("f4", "f8")] if "{t}" in signatures[0] else signatures
            types = [_signature(numba, text) for text in texts]
            self._loops[name] = numba.njit(types, cache=True, error_model="numpy", nogil=True)(_LOOPS[name])

    # ------------------------------------------------------------------ optimizers

    def sgd(self, w, g, lr) -> None:
        self._update("sgd", (w, g), (lr,))

    def momentum(self, w, g, v, lr, momentum, flush, tiny) -> None:
        self._update("momentum", (w, g, v), (lr, momentum, flush, tiny))

    def adagrad(self, w, g, h, lr, eps) -> None:
        self._update("adagrad", (w, g, h), (lr, eps))

    def rmsprop(self, w, g, h, lr, decay, rest, eps, flush, tiny) -> None:
        self._update("rmsprop", (w, g, h), (lr, decay, rest, eps, flush, tiny))

    def adam(self, w, g, m, v, b1, b2, eps, step_size, flush_m, flush_v, tiny) -> None:
        self._update("adam", (w, g, m, v), (b1, b2, eps, step_size, flush_m, flush_v, tiny))

    def _update(self, name: str, arrays, scalars) -> None:
        if _contiguous(*arrays):
            self._loops[name](*(a.reshape(-1) for a in arrays), *scalars)  # flat views: writes go through
        else:
            getattr(NUMPY, name)(*arrays, *scalars)

    # ------------------------------------------------------------------ layers and loss

    def relu(self, x):
        if not _contiguous(x, dtypes=_FLOAT32):
            return NUMPY.relu(x)
        out, slope = np.empty_like(x), np.empty_like(x)
        self._loops["relu"](x.reshape(-1), out.reshape(-1), slope.reshape(-1))
        return out, slope

    def softmax_cross_entropy(self, logits, labels):
        if logits.ndim != 2 or not _contiguous(logits, dtypes=_FLOAT32) or len(logits) == 0:
            return NUMPY.softmax_cross_entropy(logits, labels)
        probs = np.empty_like(logits)
        loss = self._loops["softmax_cross_entropy"](logits, _int64(labels), probs)
        return loss, probs

    def softmax_cross_entropy_gradient(self, probs, labels):
        if probs.ndim != 2 or not _contiguous(probs, dtypes=_FLOAT32):
            return NUMPY.softmax_cross_entropy_gradient(probs, labels)
        grad = np.empty_like(probs)
        self._loops["softmax_cross_entropy_gradient"](probs, _int64(labels), grad)
        return grad


    # ------------------------------------------------------------------ data

    def gather(self, x, rows, scale, offset, out):
        if not _gatherable(x, rows, out):
            return NUMPY.gather(x, rows, scale, offset, out)
        self._loops["gather"](x.reshape(len(x), -1), rows, scale, offset, out.reshape(len(out), -1))
        return out


def _gatherable(x, rows, out) -> bool:
    """What the gather loop was compiled for, with every row in range: the loop does not
    check bounds (NumPy does, and says which index is wrong)."""
    return (
        len(rows) > 0 and len(rows) == len(out) and len(x) > 0
        and x.dtype in _GATHERED and x.flags.c_contiguous
        and out.dtype == np.float32 and out.flags.c_contiguous and out.flags.writeable and out[0].size == x[0].size
        and rows.dtype == np.int64 and rows.ndim == 1 and rows.flags.c_contiguous and rows.flags.writeable
        and rows.min() >= 0 and rows.max() < len(x)
    )


_GATHERED = tuple(np.dtype(t) for t in (np.uint8, np.float32, np.float64))


def _int64(labels: np.ndarray) -> np.ndarray:
    """Labels as the loops take them: contiguous, writeable int64 (a copy if need be)."""
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    return labels if labels.flags.writeable else labels.copy()


# --------------------------------------------------------------------------- choosing

_lock = threading.Lock()
_compiled: CompiledKernels | None = None
#: what `active()` returns: NumPy until `load()` has compiled the loops
_active: NumpyKernels | CompiledKernels = NUMPY
#: set inside `using()`: what `load()` then chooses, whatever the environment says
_forced: NumpyKernels | CompiledKernels | None = None


def compiled() -> CompiledKernels:
    """The compiled kernels; the first call imports numba and compiles (or loads from the
    disk cache) every loop. ImportError without numba."""
    global _compiled
    with _lock:  # two threads starting to train at once compile once
        if _compiled is None:
            import numba

            _compiled = CompiledKernels(numba)
        return _compiled


def load():
    """Make `active()` the kernels ``LAYERLAB_KERNELS`` asks for, importing numba and
    compiling if needed (call it where training starts, never on the GUI thread).
    Returns them. Without numba, ``auto`` keeps NumPy; ``numba`` raises RuntimeError."""
    global _active
    if _forced is not None:
        _active = _forced
        return _active
    choice = os.environ.get(ENVIRONMENT, "auto").strip().lower() or "auto"
    if choice == "numpy":
        _active = NUMPY
        return _active
    if choice not in ("auto", "numba"):
        raise RuntimeError(f"{ENVIRONMENT}={choice!r}: expected auto, numpy or numba")
    if _active is _compiled and _compiled is not None:
        return _active
    try:
        _active = compiled()
    except ImportError as e:
        if choice == "numba":
            raise RuntimeError(f"{ENVIRONMENT}=numba, but numba cannot be imported ({e})") from e
        log.info("numba is not installed: training uses the NumPy kernels")
        _active = NUMPY
    return _active


def active():
    """The kernels to compute with now: NumPy until `load()`, then what it chose. Never
    imports or compiles anything, so any thread may call it."""
    return _active


@contextlib.contextmanager
def using(library):
    """Compute with `library` (NUMPY or compiled()) inside the block, whatever `load()` is
    asked: for tests and benchmarks comparing the two. Not while another thread trains."""
    global _active, _forced
    before = _active, _forced
    _active = _forced = library
    try:
        yield library
    finally:
        _active, _forced = before


def scalars(dtype, *values) -> tuple:
    """`values` converted to `dtype`, as NumPy converts a Python float before an
    in-place operation on an array of that dtype (so both kernels round alike)."""
    kind = np.dtype(dtype).type
    return tuple(kind(v) for v in values)


__all__ = [
    "NUMPY", "NumpyKernels", "CompiledKernels", "SIGNATURES", "SLICE", "ENVIRONMENT",
    "active", "compiled", "load", "using", "scalars",
]
