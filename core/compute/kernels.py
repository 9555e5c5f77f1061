"""The element-wise arithmetic of training, in one pass over memory where NumPy needs several.

Between its matrix products a training step does element-wise work: gathering the
batch's rows and converting them to floats, the optimizer's update of every weight
(see `core.nn.optimizers` for the formulas in textbook form), the ReLU, the softmax
with its cross-entropy; a convolutional network also lays its patches out for the
matrix product and back (the textbook's im2col and col2im, `core.nn.im2col`) and
pools. NumPy evaluates a formula one operation at a time, each a pass over the whole
array (Adam: ten passes over five arrays larger than the CPU's cache, 28 % of an MNIST
epoch; im2col: a padded copy, then a transposing copy). A loop compiled by numba does
all of it in one pass.

Two libraries with the same methods, arguments and results:

- `NUMPY`: the formulas as NumPy expressions (Adam's as in-place passes over
  L2-sized slices). Always there; the reference.
- `CompiledKernels`: each formula as one loop, compiled by numba (no fastmath, so
  every operation rounds as NumPy's does; `error_model="numpy"`, so a division needs
  no zero check and the loop vectorises). The optimizers, the ReLU and the gather
  do the same float operations in the same order, in the arrays' dtype (scalars are
  converted to it first, as NumPy converts a Python float), so their results are the
  same bit for bit. The softmax's exp and log come from the C library instead of NumPy's own, so
  probabilities may differ in the last bit (relative 1e-7). The patches are copies and
  col2im adds in the textbook's order: the same bits; max pooling's backward adds a
  pixel's shares in another order where windows overlap (rounding).

Loops over large arrays (a training batch's patches, col2im, pooling, ReLU) run in two
halves at once, one on a helper thread (`core.compute.cores`): they come between the
matrix products and release the GIL. (Not
numba's own parallel loops: its default threading layer may not be entered from two
threads at once, and the GUI thread predicts while another trains.) While an MLP
trains, the optimizers' loops and the gather go in halves to the spinning helper of
`core.compute.spinner` instead, as C functions (the `_PARTS`), which it starts within
a microsecond.

The first layer's products skip the zeros of its input where they are most of it (an
image's background: four in five of MNIST's numbers): `nonzeros` lists the others, row
by row and column by column, and `sparse_product` and `sparse_weight_gradient` multiply
only those (rounding: BLAS adds the zeros too, in its own order). The NumPy kernels
always multiply densely.

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
from numpy.lib.stride_tricks import sliding_window_view

from core.compute import cores, spinner
from core.nn.im2col import col2im, im2col

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
    def relu_backward(grad_out: np.ndarray, slope: np.ndarray) -> np.ndarray:
        """dL/dx = dL/dout times the slope (1 or 0)."""
        return grad_out * slope

    @staticmethod
    def bias_relu(z: np.ndarray, b: np.ndarray) -> np.ndarray:
        """max(0, z + b), in place in `z` (a Dense layer's product, one row per sample), as
        its bias and its ReLU compute it apart: z + b, times the slope (1 where above 0)."""
        z += b
        z *= (z > 0).astype(z.dtype)
        return z

    @staticmethod
    def relu_bias_backward(grad_out: np.ndarray, out: np.ndarray, db: np.ndarray) -> np.ndarray:
        """The gradient through a ReLU whose output was `out` (dL/dout where out > 0, else 0),
        and its sum over the batch, the bias gradient, into `db` (row after row)."""
        grad = grad_out * (out > 0).astype(grad_out.dtype)
        np.add.reduce(grad, axis=0, out=db)
        return grad

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

    # ------------------------------------------------------------------ convolution and pooling
    # Images are (N, C, H, W); kernel, stride, pad are (height, width) pairs. How an image
    # batch lies in memory is not part of the result: a convolution's output lies channel
    # by channel (see `channel_major`), and the compiled kernels keep each gradient laid
    # out as the array it is the gradient of; the NumPy twins return C order.

    @staticmethod
    def patches(x: np.ndarray, kernel, stride, pad, out: np.ndarray | None = None) -> np.ndarray:
        """The textbook's im2col matrix, transposed: (C·kh·kw, N·OH·OW), one *column* per
        output position, so that all kernels at all positions are ``W_col @ patches`` and
        the result comes out one row per filter. Written into `out` when given (of that
        shape and x's dtype), else a new array (here a transposed view of `im2col`)."""
        cols = im2col(x, kernel, stride, pad).T
        if out is None:
            return cols
        out[...] = cols
        return out

    @staticmethod
    def col2im(cols: np.ndarray, x_shape, kernel, stride, pad, *, channel_major: bool = False, scratch: bool = False) -> np.ndarray:
        """The gradient of `patches`: (C·kh·kw, N·OH·OW) -> (N, C, H, W), each entry added
        to the pixel it was copied from (the textbook's col2im of the transpose).
        `channel_major` asks for the result laid out channel by channel (a hint);
        `scratch` allows setting cols' entries that stand for padding to 0 (they reach
        no pixel; the compiled loop then sums long runs at once)."""
        return col2im(cols.T, x_shape, kernel, stride, pad)

    @staticmethod
    def max_pool(x: np.ndarray, pool, stride, relu: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(the largest value of each window (N, C, OH, OW), where it is: its index
        i·pw + j inside the window, int32; ties and NaN as np.argmax: the first).

        With `relu`, the ReLU of x comes first, done after the pooling (max(ReLU(window))
        is ReLU(max(window)): one pass over the small output instead of the large input):
        the largest times its slope, and a window whose largest is not above 0 passes no
        gradient, its index stored as -1 - index (see `max_pool_backward`)."""
        windows = _windows(x, pool, stride)
        where = windows.argmax(axis=-1).astype(np.int32)
        out = np.take_along_axis(windows, where[..., None].astype(np.intp), -1)[..., 0]
        if relu:
            slope = (out > 0).astype(out.dtype)
            out = out * slope
            where = np.where(slope > 0, where, -1 - where).astype(np.int32)
        return out, where

    @staticmethod
    def max_pool_backward(grad_out: np.ndarray, where: np.ndarray, x_shape, pool, stride) -> np.ndarray:
        """Each window's gradient onto its largest pixel (added up where windows overlap);
        times 0 where `where` holds -1 - index (a ReLU before the pooling blocked it)."""
        n, c, oh, ow = grad_out.shape
        size = pool[0] * pool[1]
        blocked = where < 0
        if blocked.any():
            grad_out = grad_out * (~blocked).astype(grad_out.dtype)
            where = np.where(blocked, -1 - where, where)
        routed = np.zeros((n, c, oh, ow, size), grad_out.dtype)
        np.put_along_axis(routed, where[..., None].astype(np.intp), grad_out[..., None], -1)
        dx = np.zeros(x_shape, grad_out.dtype)
        for k in range(size):
            i, j = divmod(k, pool[1])
            dx[:, :, i : i + stride[0] * oh : stride[0], j : j + stride[1] * ow : stride[1]] += routed[..., k]
        return dx

    @staticmethod
    def row_products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``a @ b.T``: every row of `a` times every row of `b`, for the few long rows of a
        first convolution's weight gradient (its patches and the gradient of its maps:
        (C·kh·kw + 1) × (filters) sums of N·OH·OW products each)."""
        return a @ b.T

    # ------------------------------------------------------------------ sparse inputs

    @staticmethod
    def nonzeros(x: np.ndarray, reuse=None, *, columns: bool):
        """x's nonzero numbers (a `Nonzeros`, in `reuse`'s arrays when they fit) for
        `sparse_product` and, with `columns`, `sparse_weight_gradient`; None when x is
        dense. The reference multiplies the zeros too: always None."""
        return None

    @staticmethod
    def sparse_product(nonzeros, w: np.ndarray) -> np.ndarray:
        """x @ w for the batch x whose `nonzeros` these are."""
        return nonzeros.dense() @ w

    @staticmethod
    def sparse_weight_gradient(nonzeros, grad: np.ndarray, out: np.ndarray) -> np.ndarray:
        """x^T @ grad into `out`, for the batch x whose `nonzeros` these are."""
        return np.matmul(nonzeros.dense().T, grad, out=out)

    # ------------------------------------------------------------------ data

    @staticmethod
    def in_range(values: np.ndarray, stop: int) -> bool:
        """Is every value (integers: row numbers, class labels) in range(stop)?"""
        return bool(values.size == 0 or (values.min() >= 0 and values.max() < stop))

    @staticmethod
    def gather(x: np.ndarray, rows: np.ndarray, scale, offset, out: np.ndarray) -> np.ndarray:
        """out = x[rows] * scale (+ offset), converted to out's dtype (scale and offset in it)."""
        np.multiply(x[rows].reshape(out.shape), scale, out=out, dtype=out.dtype)
        if offset:
            out += offset
        return out


def _windows(x: np.ndarray, pool, stride) -> np.ndarray:
    """Every pooling window of every channel: (N, C, OH, OW, ph·pw), a copy."""
    n, c = x.shape[:2]
    view = sliding_window_view(x, tuple(pool), axis=(2, 3))[:, :, :: stride[0], :: stride[1]]
    return view.reshape(n, c, view.shape[2], view.shape[3], pool[0] * pool[1])


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


def _relu_backward_loop(grad_out, slope, grad):
    for i in range(grad.size):
        grad[i] = grad_out[i] * slope[i]


def _bias_relu_loop(z, b):
    one, zero = z.dtype.type(1), z.dtype.type(0)
    rows, cols = z.shape
    for r in range(rows):
        for c in range(cols):
            v = z[r, c] + b[c]
            z[r, c] = v * (one if v > 0 else zero)


def _relu_bias_backward_loop(grad_out, out, grad, db):
    one, zero = grad.dtype.type(1), grad.dtype.type(0)
    rows, cols = grad.shape
    for c in range(cols):
        db[c] = zero
    for r in range(rows):
        for c in range(cols):
            g = grad_out[r, c] * (one if out[r, c] > 0 else zero)
            grad[r, c] = g
            db[c] += g


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


def _in_range_loop(values, stop):
    ok = True
    for i in range(values.size):  # no early exit: the loop vectorises
        ok &= (values[i] >= 0) & (values[i] < stop)
    return ok


def _gather_loop(x, rows, scale, offset, out):
    # four rows at a time: the rows lie anywhere in a dataset larger than the CPU's
    # cache, and four reads from memory in flight take little longer than one
    cols, r = x.shape[1], 0
    while r + 4 <= rows.size:
        a, b, c, d = x[rows[r]], x[rows[r + 1]], x[rows[r + 2]], x[rows[r + 3]]
        out_a, out_b, out_c, out_d = out[r], out[r + 1], out[r + 2], out[r + 3]
        for i in range(cols):
            out_a[i] = _scaled(a[i], scale, offset)
            out_b[i] = _scaled(b[i], scale, offset)
            out_c[i] = _scaled(c[i], scale, offset)
            out_d[i] = _scaled(d[i], scale, offset)
        r += 4
    for r in range(r, rows.size):
        row, target = x[rows[r]], out[r]
        for i in range(cols):
            target[i] = _scaled(row[i], scale, offset)


def _scaled(value, scale, offset):
    """A stored number as a float32 input: value · scale (+ offset), rounded as NumPy does."""
    v = np.float32(value) * scale
    return v + offset if offset != 0 else v


# Convolution and pooling. Images arrive as they lie in memory: (N, C, H, W), or
# (C, N, H, W) when `channel_major` (a convolution's output; see `channel_major()`).
# Indices go through np.uint64: a signed index may be negative, which numba checks at
# every access (to count from the end), and that check keeps the inner loops from
# vectorising; these are never negative (the valid ranges are computed first: the
# outputs o whose input o·stride + offset - pad lies inside the image, from
# ceil((pad - offset) / stride) to ceil((size + pad - offset) / stride), clipped). The
# sums run in the order the NumPy twins use, so results are the same bits.


# With stride 1 and maps as wide as the image ("same" padding across), an image's whole
# block of a matrix row is the image shifted by one offset: one long copy (or sum) per
# image instead of one short one per map row, then the few entries that wrapped around
# from the neighbouring row, which stand for padding, set to 0. (`_span`)


def _span(i, j, ph, pw, h, oh, ow):
    """For kernel offset (i, j) with stride 1 and OW = W: (first and last+1 map row whose
    input row is inside the image, columns at the left and right that read padding,
    the numbers of one image's block to copy at once)."""
    sy, sx = i - ph, j - pw
    y0 = min(oh, max(0, -sy))
    y1 = max(y0, min(oh, h - sy))
    zlo = min(ow, max(0, -sx))
    zhi = min(ow - zlo, max(0, sx))
    count = (y1 - y0) * ow - zlo - zhi if zlo + zhi < ow else 0
    return y0, y1, zlo, zhi, count


def _geometry(shape, channel_major, kh, kw, sh, sw, ph, pw):
    """(N, C, H, W) of images laid out as `shape`, their maps' (OH, OW), and the matrix's
    columns, N·OH·OW."""
    if channel_major:
        c, n, h, w = shape
    else:
        n, c, h, w = shape
    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    return n, c, h, w, oh, ow, n * oh * ow


def _patches_loop(x, channel_major, kh, kw, sh, sw, ph, pw, cols, first, last):
    """The rows of channels first..last-1 of the matrix."""
    n, c, h, w, oh, ow, m = _geometry(x.shape, channel_major, kh, kw, sh, sw, ph, pw)
    flat_x, flat_cols = x.reshape(-1), cols.reshape(-1)
    whole = sh == 1 and sw == 1 and ow == w  # see `_span`
    for ch in range(first, last):
        for i in range(kh):
            for j in range(kw):
                row = ((ch * kh + i) * kw + j) * m  # where this (channel, i, j) row of the matrix starts
                if whole:
                    y0, y1, zlo, zhi, count = _span(i, j, ph, pw, h, oh, ow)
                    for b in range(n):
                        image = (ch * n + b if channel_major else b * c + ch) * h * w
                        to = row + b * oh * ow
                        for t in range(y0 * ow):  # rows of padding
                            flat_cols[np.uint64(to + t)] = 0
                        for t in range(y1 * ow, oh * ow):
                            flat_cols[np.uint64(to + t)] = 0
                        start, src = to + y0 * ow + zlo, image + (y0 + i - ph) * w + j - pw + zlo
                        for t in range(count):
                            flat_cols[np.uint64(start + t)] = flat_x[np.uint64(src + t)]
                        for y in range(y0, y1):  # columns of padding
                            for z in range(zlo):
                                flat_cols[np.uint64(to + y * ow + z)] = 0
                            for z in range(ow - zhi, ow):
                                flat_cols[np.uint64(to + y * ow + z)] = 0
                    continue
                z0 = min(ow, max(0, (pw - j + sw - 1) // sw))
                z1 = max(z0, min(ow, (w + pw - j + sw - 1) // sw))
                for b in range(n):
                    image = (ch * n + b if channel_major else b * c + ch) * h * w
                    for y in range(oh):
                        yy = y * sh + i - ph
                        to = row + (b * oh + y) * ow
                        if yy < 0 or yy >= h:  # a row of padding
                            for z in range(ow):
                                flat_cols[np.uint64(to + z)] = 0
                            continue
                        src = image + yy * w + j - pw  # may be < 0; src + z·sw is not for z >= z0
                        for z in range(z0):
                            flat_cols[np.uint64(to + z)] = 0
                        if sw == 1:  # a contiguous copy, which vectorises
                            for z in range(z0, z1):
                                flat_cols[np.uint64(to + z)] = flat_x[np.uint64(src + z)]
                        else:
                            for z in range(z0, z1):
                                flat_cols[np.uint64(to + z)] = flat_x[np.uint64(src + z * sw)]
                        for z in range(z1, ow):
                            flat_cols[np.uint64(to + z)] = 0


def _col2im_loop(cols, channel_major, kh, kw, sh, sw, ph, pw, scratch, dx, first, last):
    """The pixels of channels first..last-1. With `scratch`, cols' entries that stand for
    padding may be set to 0 (then an image's block is one long sum, `_span`)."""
    n, c, h, w, oh, ow, m = _geometry(dx.shape, channel_major, kh, kw, sh, sw, ph, pw)
    flat_cols, flat_dx = cols.reshape(-1), dx.reshape(-1)
    whole = scratch and sh == 1 and sw == 1 and ow == w
    # the matrix row by row (it is the large array), each row onto one channel's pixels;
    # every pixel collects its entries in the order (i, j), as the textbook's col2im adds them
    for ch in range(first, last):
        for b in range(n):
            image = (ch * n + b if channel_major else b * c + ch) * h * w
            flat_dx[image : image + h * w] = 0
        for i in range(kh):
            y0 = min(oh, max(0, (ph - i + sh - 1) // sh))
            y1 = max(y0, min(oh, (h + ph - i + sh - 1) // sh))
            for j in range(kw):
                row = ((ch * kh + i) * kw + j) * m
                if whole:
                    y0, y1, zlo, zhi, count = _span(i, j, ph, pw, h, oh, ow)
                    for b in range(n):
                        image = (ch * n + b if channel_major else b * c + ch) * h * w
                        src = row + b * oh * ow
                        # what wraps around onto the neighbouring row adds 0 there
                        for y in range(y0, y1):
                            for z in range(zlo):
                                flat_cols[np.uint64(src + y * ow + z)] = 0
                            for z in range(ow - zhi, ow):
                                flat_cols[np.uint64(src + y * ow + z)] = 0
                        start, to = src + y0 * ow + zlo, image + (y0 + i - ph) * w + j - pw + zlo
                        for t in range(count):
                            flat_dx[np.uint64(to + t)] += flat_cols[np.uint64(start + t)]
                    continue
                z0 = min(ow, max(0, (pw - j + sw - 1) // sw))
                z1 = max(z0, min(ow, (w + pw - j + sw - 1) // sw))
                for b in range(n):
                    image = (ch * n + b if channel_major else b * c + ch) * h * w
                    for y in range(y0, y1):
                        to = image + (y * sh + i - ph) * w + j - pw
                        src = row + (b * oh + y) * ow
                        if sw == 1:
                            for z in range(z0, z1):
                                flat_dx[np.uint64(to + z)] += flat_cols[np.uint64(src + z)]
                        else:
                            for z in range(z0, z1):
                                flat_dx[np.uint64(to + z * sw)] += flat_cols[np.uint64(src + z)]


# Pooling works image by image, so the two layouts are the same loop over the first two
# axes; the output and the argmax lie as the input does. With `relu`, the ReLU before the
# pooling is done after it (see `NumpyKernels.max_pool`); the backward loops read a
# negative index as "blocked by that ReLU".


def _max_pool_loop(x, ph, pw, sh, sw, relu, out, where):
    a, b, h, w = x.shape
    oh, ow = out.shape[2:]
    flat_x, flat_out, flat_where = x.reshape(-1), out.reshape(-1), where.reshape(-1)
    for image in range(a * b):
        for y in range(oh):
            for z in range(ow):
                corner = image * h * w + y * sh * w + z * sw  # the window's top left pixel
                best = flat_x[np.uint64(corner)]
                at = 0
                for i in range(ph):
                    for j in range(pw):
                        v = flat_x[np.uint64(corner + i * w + j)]
                        # the first largest; the first NaN. (Selects, not branches: on
                        # real data a branch here is mispredicted half of the time)
                        take = (v > best) | ((v != v) & (best == best))
                        best = v if take else best
                        at = i * pw + j if take else at
                if relu:  # as the ReLU loop: the value times its slope (selects, not branches)
                    blocked = not best > 0
                    best = best * (x.dtype.type(0) if blocked else x.dtype.type(1))
                    at = -1 - at if blocked else at
                flat_out[np.uint64((image * oh + y) * ow + z)] = best
                flat_where[np.uint64((image * oh + y) * ow + z)] = at


def _max_pool_2x2_loop(x, relu, out, where):
    """`_max_pool_loop` for the usual 2×2 window and stride 2, its four steps written out
    (five times faster than the loops over i and j, which run only twice each)."""
    a, b, h, w = x.shape
    oh, ow = out.shape[2:]
    flat_x, flat_out, flat_where = x.reshape(-1), out.reshape(-1), where.reshape(-1)
    for image in range(a * b):
        for y in range(oh):
            row = image * h * w + 2 * y * w
            for z in range(ow):
                corner = row + 2 * z
                best = flat_x[np.uint64(corner)]
                at = 0
                v = flat_x[np.uint64(corner + 1)]  # right
                take = (v > best) | ((v != v) & (best == best))
                best, at = (v, 1) if take else (best, at)
                v = flat_x[np.uint64(corner + w)]  # below
                take = (v > best) | ((v != v) & (best == best))
                best, at = (v, 2) if take else (best, at)
                v = flat_x[np.uint64(corner + w + 1)]  # below right
                take = (v > best) | ((v != v) & (best == best))
                best, at = (v, 3) if take else (best, at)
                if relu:  # as the ReLU loop: the value times its slope (selects, not branches)
                    blocked = not best > 0
                    best = best * (x.dtype.type(0) if blocked else x.dtype.type(1))
                    at = -1 - at if blocked else at
                flat_out[np.uint64((image * oh + y) * ow + z)] = best
                flat_where[np.uint64((image * oh + y) * ow + z)] = at


def _max_pool_2x2_backward_loop(grad_out, where, dx):
    """`_max_pool_backward_loop` for 2×2 windows and stride 2: the windows do not overlap,
    so each of the four pixels of a window is written once (the gradient or 0), with no
    pass to zero dx first (only the last row and column when no window reaches them)."""
    a, b, oh, ow = grad_out.shape
    h, w = dx.shape[2:]
    flat_g, flat_where, flat_dx = grad_out.reshape(-1), where.reshape(-1), dx.reshape(-1)
    for image in range(a * b):
        for y in range(oh):
            row = image * h * w + 2 * y * w
            for z in range(ow):
                k = (image * oh + y) * ow + z
                at, g = flat_where[np.uint64(k)], flat_g[np.uint64(k)]
                blocked = at < 0  # by a ReLU: the gradient times its slope, 0 (selects)
                at = -1 - at if blocked else at
                g = g * (grad_out.dtype.type(0) if blocked else grad_out.dtype.type(1))
                corner = row + 2 * z
                flat_dx[np.uint64(corner)] = 0
                flat_dx[np.uint64(corner + 1)] = 0
                flat_dx[np.uint64(corner + w)] = 0
                flat_dx[np.uint64(corner + w + 1)] = 0
                flat_dx[np.uint64(corner + (at >> 1) * w + (at & 1))] = g
            if w > 2 * ow:  # an odd width: the last column, in no window
                flat_dx[np.uint64(row + w - 1)] = 0
                flat_dx[np.uint64(row + 2 * w - 1)] = 0
        for yy in range(2 * oh, h):  # an odd height: the last row
            for x in range(w):
                flat_dx[np.uint64(image * h * w + yy * w + x)] = 0


def _max_pool_backward_loop(grad_out, where, pw, sh, sw, dx):
    a, b, oh, ow = grad_out.shape
    h, w = dx.shape[2:]
    flat_g, flat_where, flat_dx = grad_out.reshape(-1), where.reshape(-1), dx.reshape(-1)
    flat_dx[:] = 0
    for image in range(a * b):
        for y in range(oh):
            for z in range(ow):
                k = (image * oh + y) * ow + z
                at, g = flat_where[np.uint64(k)], flat_g[np.uint64(k)]
                blocked = at < 0  # by a ReLU: the gradient times its slope, 0 (selects)
                at = -1 - at if blocked else at
                g = g * (grad_out.dtype.type(0) if blocked else grad_out.dtype.type(1))
                corner = image * h * w + y * sh * w + z * sw
                flat_dx[np.uint64(corner + (at // pw) * w + at % pw)] += g


#: numbers of each row summed at a time by `_row_products_loop` (two blocks of rows in L2)
ROW_BLOCK = 2048
#: `row_products` beats a BLAS product when it gives at most this many sums (measured: a
#: 1-channel 3×3 convolution's 10 × 16, 3x faster; 28 × 32, 1.3x slower)
ROW_PRODUCTS_MAX = 320


def _row_products_loop(a, b, first, last, out):
    """out[i, j] = the sum over p in first..last-1 of a[i, p]·b[j, p], block by block of p so
    that the rows' pieces stay in the cache while every pair is multiplied. Compiled with
    reassociation allowed (only this loop), so each sum runs in vector lanes, as BLAS
    sums its products in an order of its own."""
    rows_a, rows_b = a.shape[0], b.shape[0]
    for start in range(first, last, ROW_BLOCK):
        stop = min(last, start + ROW_BLOCK)
        for i in range(rows_a):
            row_a = a[i, start:stop]
            for j in range(rows_b):
                row_b = b[j, start:stop]
                total = a.dtype.type(0)
                for p in range(stop - start):
                    total += row_a[p] * row_b[p]
                out[i, j] += total


# Sparse inputs. Four in five of an MNIST batch's numbers are 0 (an image's background),
# and a product of 0 adds nothing: the first layer's products skip them. `_nonzeros_loop`
# lists a batch's nonzero numbers in an int32 and a float array (`_sparse_layout`), row
# by row for x @ W and then column by column for the weight gradient x^T @ d, each column
# half of x apart (two halves at once, each writing its own lists). Every number of a
# product is then a sum of the nonzero terms in a fixed order, however the work is split
# over the cores: x @ W each column half's terms in the order of k, then the two halves'
# sums added; x^T @ d in the order of the batch's rows. The same bits either way (BLAS
# adds the zeros too, in an order of its own: rounding).


def _sparse_layout(rows, cols):
    """Where a `Nonzeros` keeps its lists; column half h holds columns 0..half-1 (h = 0)
    or half..cols-1 (h = 1), and up to rows·half entries, from h·rows·half in each list.
    ints: for each half, rows+1 starts of each row's entries; from `entries`, the row
    entries' columns; from `column_starts`, each column's first entry, then from
    ``column_starts + cols`` its count; from `column_rows`, the column entries' rows.
    floats: the row entries' values; from `column_values`, the column entries'."""
    half = cols - cols // 2
    region = rows * half
    entries = 2 * (rows + 1)
    column_starts = entries + 2 * region
    column_rows = column_starts + 2 * cols
    return half, entries, column_starts, column_rows, 2 * region


def _nonzeros_loop(x, ints, floats, columns, first, last):
    # column halves first..last-1 (of 0, 1): row by row, eight numbers at a time (their
    # absolute values' sum is 0 only when all are: then they are skipped, as most of an
    # image); then, with `columns`, the same entries column by column (counted, then
    # placed: each column's entries in the order of the rows)
    rows, cols = x.shape
    half, entries, column_starts, column_rows, column_values = _sparse_layout(rows, cols)
    counts = column_starts + cols
    for h in range(first, last):
        k0, k1 = (0, half) if h == 0 else (half, cols)
        starts, base = h * (rows + 1), h * rows * half
        chunks, n = (k1 - k0) // 8, 0
        for r in range(rows):
            ints[starts + r] = n
            row = x[r]
            for c in range(chunks):
                k = k0 + 8 * c
                total = x.dtype.type(0)
                for j in range(8):
                    total += abs(row[np.uint64(k + j)])
                if total != 0:
                    n = _listed(row, k, k + 8, ints, floats, n, entries + base, base)
            n = _listed(row, k0 + 8 * chunks, k1, ints, floats, n, entries + base, base)
        ints[starts + rows] = n
        if not columns:
            continue
        u = np.uint64
        for k in range(k0, k1):
            ints[counts + k] = 0
        for e in range(entries + base, entries + base + n):
            ints[u(counts + ints[u(e)])] += 1
        at = base
        for k in range(k0, k1):
            ints[column_starts + k] = at
            at += ints[counts + k]
            ints[counts + k] = 0
        for r in range(rows):
            for e in range(base + ints[starts + r], base + ints[starts + r + 1]):
                k = ints[u(entries + e)]
                p = ints[u(column_starts + k)] + ints[u(counts + k)]
                ints[u(counts + k)] += 1
                ints[u(column_rows + p)] = r
                floats[u(column_values + p)] = floats[u(e)]


def _listed(row, j0, j1, ints, floats, n, int_base, float_base):
    """A row's numbers j0..j1-1 into its lists, its n-th entry next (at int_base + n and
    float_base + n); the new n. Without a branch: each is written, the next entry
    overwrites a 0."""
    for j in range(j0, j1):
        v = row[np.uint64(j)]
        ints[np.uint64(int_base + n)] = j
        floats[np.uint64(float_base + n)] = v
        n += v != 0
    return n


def _sampled_nonzeros_loop(x, step):
    # how many numbers are not 0 in rows 0, step, 2·step, ...
    n = 0
    for r in range(0, x.shape[0], step):
        for k in range(x.shape[1]):
            n += x[r, k] != 0
    return n


def _sparse_product_loop(ints, floats, w, out, first, last):
    # column halves first..last-1 of x @ w, half h's sum into out[h], four terms at a time
    # (added in turn, as one by one); the caller adds the two. A half reads only its rows
    # of w: the rows the optimizer's half on the same core has just written.
    _, rows, units = out.shape
    half, entries, _, _, _ = _sparse_layout(rows, w.shape[0])
    for h in range(first, last):
        starts, base = h * (rows + 1), h * rows * half
        for r in range(rows):
            for j in range(units):
                out[h, r, j] = 0
            e, end = base + ints[starts + r], base + ints[starts + r + 1]
            while e + 4 <= end:
                a, b, c, d = floats[e], floats[e + 1], floats[e + 2], floats[e + 3]
                ka, kb, kc, kd = ints[entries + e], ints[entries + e + 1], ints[entries + e + 2], ints[entries + e + 3]
                for j in range(units):
                    out[h, r, j] = out[h, r, j] + a * w[ka, j] + b * w[kb, j] + c * w[kc, j] + d * w[kd, j]
                e += 4
            while e < end:
                a, ka = floats[e], ints[entries + e]
                for j in range(units):
                    out[h, r, j] = out[h, r, j] + a * w[ka, j]
                e += 1


def _sparse_weight_gradient_loop(ints, floats, grad, out, first, last):
    # rows first..last-1 of out = x^T @ grad (a row per column k of x), four terms at a time
    rows, units = grad.shape
    cols = out.shape[0]
    _, _, column_starts, column_rows, column_values = _sparse_layout(rows, cols)
    for k in range(first, last):
        for j in range(units):
            out[k, j] = 0
        e = ints[column_starts + k]
        end = e + ints[column_starts + cols + k]
        while e + 4 <= end:
            a, b, c, d = floats[column_values + e], floats[column_values + e + 1], floats[column_values + e + 2], floats[column_values + e + 3]
            ra, rb, rc, rd = ints[column_rows + e], ints[column_rows + e + 1], ints[column_rows + e + 2], ints[column_rows + e + 3]
            for j in range(units):
                out[k, j] = out[k, j] + a * grad[ra, j] + b * grad[rb, j] + c * grad[rc, j] + d * grad[rd, j]
            e += 4
        while e < end:
            a, ra = floats[column_values + e], ints[column_rows + e]
            for j in range(units):
                out[k, j] = out[k, j] + a * grad[ra, j]
            e += 1


# Halves for the spinning helper (`core.compute.spinner`): each loop above that an MLP's
# step runs on large arrays, as a C function ``part(arguments, first, last)`` over
# elements (or rows) first..last-1, reading its arrays and scalars from an `_Arguments`
# block; float32 only (training's dtype). The same loops, so the same bits.


def _sgd_part(arguments, first, last):
    i, f = _block(arguments)
    n = i[_SIZE]
    _sgd_loop(_floats(i[0], n)[first:last], _floats(i[1], n)[first:last], np.float32(f[5]))


def _momentum_part(arguments, first, last):
    i, f = _block(arguments)
    n = i[_SIZE]
    _momentum_loop(
        _floats(i[0], n)[first:last], _floats(i[1], n)[first:last], _floats(i[2], n)[first:last],
        np.float32(f[5]), np.float32(f[6]), i[7] != 0, np.float32(f[8]),
    )


def _adagrad_part(arguments, first, last):
    i, f = _block(arguments)
    n = i[_SIZE]
    _adagrad_loop(
        _floats(i[0], n)[first:last], _floats(i[1], n)[first:last], _floats(i[2], n)[first:last],
        np.float32(f[5]), np.float32(f[6]),
    )


def _rmsprop_part(arguments, first, last):
    i, f = _block(arguments)
    n = i[_SIZE]
    _rmsprop_loop(
        _floats(i[0], n)[first:last], _floats(i[1], n)[first:last], _floats(i[2], n)[first:last],
        np.float32(f[5]), np.float32(f[6]), np.float32(f[7]), np.float32(f[8]), i[9] != 0, np.float32(f[10]),
    )


def _adam_part(arguments, first, last):
    i, f = _block(arguments)
    n = i[_SIZE]
    _adam_loop(
        _floats(i[0], n)[first:last], _floats(i[1], n)[first:last], _floats(i[2], n)[first:last], _floats(i[3], n)[first:last],
        np.float32(f[5]), np.float32(f[6]), np.float32(f[7]), np.float32(f[8]), i[9] != 0, i[10] != 0, np.float32(f[11]),
    )


def _gather_part(arguments, first, last):
    # slots: the source, the row indices, out; then the batch's row count, the source's, the columns
    i, f = _block(arguments)
    cols = i[6]
    x = numba_carray(uint8s(i[0]), (i[5], cols))
    rows = numba_carray(int64s(i[1]), i[_SIZE])
    out = numba_carray(float32s(i[2]), (i[_SIZE], cols))
    _gather_loop(x, rows[first:last], np.float32(f[7]), np.float32(f[8]), out[first:last])


def _nonzeros_part(arguments, first, last):
    # slots: x, ints, floats; then x's rows and columns, the columns flag, the lengths of ints and floats
    i, _ = _block(arguments)
    x = numba_carray(float32s(i[0]), (i[_SIZE], i[5]))
    _nonzeros_loop(x, numba_carray(int32s(i[1]), i[7]), _floats(i[2], i[8]), i[6] != 0, first, last)


def _sparse_product_part(arguments, first, last):
    # slots: ints, floats, w, out; then the rows, x's columns (w's rows), the units, the lengths of ints and floats
    i, _ = _block(arguments)
    rows, cols, units = i[_SIZE], i[5], i[6]
    _sparse_product_loop(numba_carray(int32s(i[0]), i[7]), _floats(i[1], i[8]), numba_carray(float32s(i[2]), (cols, units)),
                         numba_carray(float32s(i[3]), (2, rows, units)), first, last)


def _sparse_weight_gradient_part(arguments, first, last):
    # slots: ints, floats, grad, out; then the rows, x's columns (out's rows), the units, the lengths of ints and floats
    i, _ = _block(arguments)
    rows, cols, units = i[_SIZE], i[5], i[6]
    _sparse_weight_gradient_loop(numba_carray(int32s(i[0]), i[7]), _floats(i[1], i[8]), numba_carray(float32s(i[2]), (rows, units)),
                                 numba_carray(float32s(i[3]), (cols, units)), first, last)


def _block(arguments):
    """An `_Arguments` block's slots, as int64 and as float64."""
    return numba_carray(int64s(arguments), _SLOTS), numba_carray(float64s(arguments), _SLOTS)


def _floats(address, n):
    return numba_carray(float32s(address), n)


#: slots in an arguments block, and the one holding the arrays' size
_SLOTS, _SIZE = 16, 4
#: the part of each optimizer's loop, and the scalars it takes after its arrays (kinds:
#: "f" a float, "b" a flag)
_PARTS = {
    "sgd": (_sgd_part, "f"), "momentum": (_momentum_part, "ffbf"), "adagrad": (_adagrad_part, "ff"),
    "rmsprop": (_rmsprop_part, "ffffbf"), "adam": (_adam_part, "ffffbbf"),
}
#: the other loops' parts, which take arrays of several kinds
_LOOP_PARTS = {
    "gather": _gather_part, "nonzeros": _nonzeros_part, "sparse_product": _sparse_product_part,
    "sparse_weight_gradient": _sparse_weight_gradient_part,
}
#: what the parts call, compiled where they are (see `CompiledKernels`)
_PART_HELPERS = ("_block", "_floats")
#: numba's and core.compute.spin_loops's, for the parts (set when they are compiled)
numba_carray = int64s = int32s = float64s = float32s = uint8s = None
#: numbers of work below which a loop is not worth handing half of to the helper (~2 µs)
HAND_OVER = 1 << 15


#: the argument types each loop is compiled for, at `load()`: optimizers, convolution and
#: pooling in float32 and float64, the others in float32, the model's precision for training
SIGNATURES = {
    "sgd": ["void({t}[::1], {t}[::1], {t})"],
    "momentum": ["void({t}[::1], {t}[::1], {t}[::1], {t}, {t}, b1, {t})"],
    "adagrad": ["void({t}[::1], {t}[::1], {t}[::1], {t}, {t})"],
    "rmsprop": ["void({t}[::1], {t}[::1], {t}[::1], {t}, {t}, {t}, {t}, b1, {t})"],
    "adam": ["void({t}[::1], {t}[::1], {t}[::1], {t}[::1], {t}, {t}, {t}, {t}, b1, b1, {t})"],
    "relu": ["void(f4[::1], f4[::1], f4[::1])"],
    "relu_backward": ["void(f4[::1], f4[::1], f4[::1])"],
    "softmax_cross_entropy": ["f8(f4[:, ::1], i8[::1], f4[:, ::1])"],
    "softmax_cross_entropy_gradient": ["void(f4[:, ::1], i8[::1], f4[:, ::1])"],
    "bias_relu": ["void({t}[:, ::1], {t}[::1])"],
    "relu_bias_backward": ["void({t}[:, ::1], {t}[:, ::1], {t}[:, ::1], {t}[::1])"],
    # the rows may be read-only (a dataset read with np.frombuffer), which numba types apart
    "gather": [f"void({x}[:, ::1], i8[::1], f4, f4, f4[:, ::1])" for x in ("u1", "f4", "f8", "readonly u1", "readonly f4", "readonly f8")],
    # a batch's row numbers, and its labels as datasets hold them
    "in_range": ["b1(i8[::1], i8)", "b1(u1[::1], i8)", "b1(readonly u1[::1], i8)"],
    # kernel, stride and padding as (kh, kw, sh, sw, ph, pw); windows as (ph, pw, sh, sw); in
    # float32 and float64 (so that the float64 gradient checks run these loops too)
    "patches": ["void({t}[:, :, :, ::1], b1, i8, i8, i8, i8, i8, i8, {t}[:, ::1], i8, i8)"],
    "col2im": ["void({t}[:, ::1], b1, i8, i8, i8, i8, i8, i8, b1, {t}[:, :, :, ::1], i8, i8)"],
    "max_pool": ["void({t}[:, :, :, ::1], i8, i8, i8, i8, b1, {t}[:, :, :, ::1], i4[:, :, :, ::1])"],
    "max_pool_2x2": ["void({t}[:, :, :, ::1], b1, {t}[:, :, :, ::1], i4[:, :, :, ::1])"],
    "max_pool_backward": ["void({t}[:, :, :, ::1], i4[:, :, :, ::1], i8, i8, i8, {t}[:, :, :, ::1])"],
    "max_pool_2x2_backward": ["void({t}[:, :, :, ::1], i4[:, :, :, ::1], {t}[:, :, :, ::1])"],
    "row_products": ["void({t}[:, ::1], {t}[:, ::1], i8, i8, {t}[:, ::1])"],
    # a batch's nonzero numbers, and the products that skip its zeros (`_sparse_layout`)
    "nonzeros": ["void({t}[:, ::1], i4[::1], {t}[::1], b1, i8, i8)"],
    "sampled_nonzeros": ["i8({t}[:, ::1], i8)"],
    "sparse_product": ["void(i4[::1], {t}[::1], {t}[:, ::1], {t}[:, :, ::1], i8, i8)"],
    "sparse_weight_gradient": ["void(i4[::1], {t}[::1], {t}[:, ::1], {t}[:, ::1], i8, i8)"],
}
_LOOPS = {
    "sgd": _sgd_loop, "momentum": _momentum_loop, "adagrad": _adagrad_loop, "rmsprop": _rmsprop_loop,
    "adam": _adam_loop, "relu": _relu_loop, "relu_backward": _relu_backward_loop, "softmax_cross_entropy": _softmax_cross_entropy_loop,
    "softmax_cross_entropy_gradient": _softmax_cross_entropy_gradient_loop, "gather": _gather_loop,
    "bias_relu": _bias_relu_loop, "relu_bias_backward": _relu_bias_backward_loop, "in_range": _in_range_loop,
    "patches": _patches_loop, "col2im": _col2im_loop, "max_pool": _max_pool_loop,
    "max_pool_2x2": _max_pool_2x2_loop, "max_pool_backward": _max_pool_backward_loop,
    "max_pool_2x2_backward": _max_pool_2x2_backward_loop, "row_products": _row_products_loop,
    "nonzeros": _nonzeros_loop, "sampled_nonzeros": _sampled_nonzeros_loop, "sparse_product": _sparse_product_loop, "sparse_weight_gradient": _sparse_weight_gradient_loop,
}
#: loops whose sums may be reordered (fastmath's reassociation alone)
_REORDERED = {"row_products"}


#: functions the loops call
_HELPERS = ("_span", "_scaled", "_geometry", "_sparse_layout", "_listed")


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
        # the loops' helpers first: a loop calls what its module's name stands for when it
        # is compiled, which must then be compiled too (they still run from Python)
        for name in _HELPERS:
            globals()[name] = numba.njit(cache=True, inline="always")(globals()[name])
        for name, signatures in SIGNATURES.items():
            texts = [s.format(t=t) for s in signatures for t in ("f4", "f8")] if "{t}" in signatures[0] else signatures
            types = [_signature(numba, text) for text in texts]
            fastmath = {"reassoc"} if name in _REORDERED else False
            self._loops[name] = numba.njit(types, cache=True, error_model="numpy", nogil=True, fastmath=fastmath)(_LOOPS[name])
        self._numba = numba
        self._parts: dict | None = None
        self._arguments = threading.local()

    def _part(self, name: str) -> _Arguments:
        """This thread's arguments block for loop `name`'s part (each thread its own: two
        may train at once), the parts compiled the first time (only while training hands
        loops to `core.compute.spinner`)."""
        blocks = getattr(self._arguments, "blocks", None)
        if blocks is None:
            self.compile_parts()
            blocks = self._arguments.blocks = {}
        arguments = blocks.get(name)
        if arguments is None:
            arguments = blocks[name] = _Arguments(self._parts[name])
        return arguments

    def compile_parts(self) -> None:
        """Compile (or load from numba's cache) the loops' parts for the spinning helper, if
        not done yet in this process."""
        with _lock:
            if self._parts is None:
                self._parts = self._compile_parts()

    def _hand_over(self, name: str, arrays, sizes, kinds: str, scalars, count: int) -> None:
        """Loop `name` over ``range(count)`` in two halves, one on the spinning helper: its
        arrays, then their `sizes`, then its `scalars` (of `kinds`) in this thread's
        arguments block, in the slots its part reads."""
        arguments = self._part(name)
        arguments.set_arrays(arrays, *sizes)
        arguments.set_scalars(kinds, scalars, first=_SIZE + len(sizes))
        spinner.split(arguments.part, arguments.address, count)

    def _compile_parts(self) -> dict:
        numba = self._numba
        from core.compute import spin_loops

        # the parts call the loops by their module names: those must be the compiled
        # loops when the parts are compiled (float32 ones; from Python they still run as before)
        names = globals()
        names.update(numba_carray=numba.carray, int64s=spin_loops.int64s, int32s=spin_loops.int32s, float64s=spin_loops.float64s,
                     float32s=spin_loops.float32s, uint8s=spin_loops.uint8s)
        for name in _PART_HELPERS:
            names[name] = numba.njit(cache=True, inline="always")(names[name])
        parts = {**{name: part for name, (part, _) in _PARTS.items()}, **_LOOP_PARTS}
        for name in parts:
            names[f"_{name}_loop"] = self._loops[name]
        signature = numba.types.void(numba.types.int64, numba.types.int64, numba.types.int64)
        return {name: numba.cfunc(signature, nogil=True, cache=True, error_model="numpy")(part) for name, part in parts.items()}

    @staticmethod
    def _on_both_cores(run, count: int, size: int) -> None:
        """Large loops in two halves at once (`core.compute.cores.on_both_cores`): they come
        between the matrix products and release the GIL."""
        cores.on_both_cores(run, count, size)

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
        if not _contiguous(*arrays):
            getattr(NUMPY, name)(*arrays, *scalars)
        elif arrays[0].size >= HAND_OVER and arrays[0].dtype == np.float32 and spinner.here():
            self._hand_over(name, arrays, (arrays[0].size,), _PARTS[name][1], scalars, arrays[0].size)
        else:
            self._loops[name](*(a.reshape(-1) for a in arrays), *scalars)  # flat views: writes go through

    # ------------------------------------------------------------------ layers and loss

    def relu(self, x):
        flat = _flat(x)
        if flat is None or not _contiguous(flat, dtypes=_FLOAT32):
            return NUMPY.relu(x)
        out, slope = np.empty_like(x), np.empty_like(x)  # laid out as x (a convolution's maps channel by channel)
        flat_out, flat_slope = _flat(out), _flat(slope)
        loop = self._loops["relu"]
        self._on_both_cores(lambda a, b: loop(flat[a:b], flat_out[a:b], flat_slope[a:b]), flat.size, flat.size)
        return out, slope

    def relu_backward(self, grad_out, slope):
        flat_g, flat_slope = _flat(grad_out), _flat(slope)
        if (flat_g is None or flat_slope is None or grad_out.strides != slope.strides or grad_out.shape != slope.shape
                or not _contiguous(flat_g, flat_slope, dtypes=_FLOAT32)):
            return NUMPY.relu_backward(grad_out, slope)
        grad = np.empty_like(slope)
        flat_grad, loop = _flat(grad), self._loops["relu_backward"]
        self._on_both_cores(lambda a, b: loop(flat_g[a:b], flat_slope[a:b], flat_grad[a:b]), grad.size, grad.size)
        return grad

    def bias_relu(self, z, b):
        if z.ndim != 2 or b.shape != z.shape[1:] or not _contiguous(z, b):
            return NUMPY.bias_relu(z, b)
        self._loops["bias_relu"](z, b)
        return z

    def relu_bias_backward(self, grad_out, out, db):
        if grad_out.ndim != 2 or out.shape != grad_out.shape or db.shape != grad_out.shape[1:] or not _contiguous(grad_out, out, db):
            return NUMPY.relu_bias_backward(grad_out, out, db)
        grad = np.empty_like(grad_out)
        self._loops["relu_bias_backward"](grad_out, out, grad, db)
        return grad

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

    # ------------------------------------------------------------------ convolution and pooling

    def patches(self, x, kernel, stride, pad, out=None):
        memory = _in_memory(x)
        if memory is None:
            return NUMPY.patches(x, kernel, stride, pad, out=out)
        images, major = memory
        n, c, h, w = x.shape
        shape = (c * kernel[0] * kernel[1], n * _out(h, kernel[0], stride[0], pad[0]) * _out(w, kernel[1], stride[1], pad[1]))
        if out is None:
            out = np.empty(shape, x.dtype)
        elif out.shape != shape or not _contiguous(images, out):
            return NUMPY.patches(x, kernel, stride, pad, out=out)
        loop = self._loops["patches"]
        self._on_both_cores(lambda first, last: loop(images, major, *kernel, *stride, *pad, out, first, last), c, out.size)
        return out

    def col2im(self, cols, x_shape, kernel, stride, pad, *, channel_major=False, scratch=False):
        if not _contiguous(cols):
            return NUMPY.col2im(cols, x_shape, kernel, stride, pad)
        n, c, h, w = x_shape
        dx = np.empty((c, n, h, w) if channel_major else (n, c, h, w), cols.dtype)
        loop, major, scratch = self._loops["col2im"], bool(channel_major), bool(scratch)
        self._on_both_cores(lambda first, last: loop(cols, major, *kernel, *stride, *pad, scratch, dx, first, last), c, cols.size)
        return dx.transpose(1, 0, 2, 3) if channel_major else dx

    def max_pool(self, x, pool, stride, relu=False):
        memory = _in_memory(x)
        if memory is None:
            return NUMPY.max_pool(x, pool, stride, relu)
        images, major = memory
        a, b, h, w = images.shape
        shape = (a, b, _out(h, pool[0], stride[0]), _out(w, pool[1], stride[1]))
        out, where = np.empty(shape, x.dtype), np.empty(shape, np.int32)
        if tuple(pool) == tuple(stride) == (2, 2):
            loop = self._loops["max_pool_2x2"]
            run = lambda i, j: loop(images[i:j], bool(relu), out[i:j], where[i:j])  # noqa: E731
        else:
            loop = self._loops["max_pool"]
            run = lambda i, j: loop(images[i:j], *pool, *stride, bool(relu), out[i:j], where[i:j])  # noqa: E731
        self._on_both_cores(run, a, images.size)
        return (out.transpose(1, 0, 2, 3), where.transpose(1, 0, 2, 3)) if major else (out, where)

    def max_pool_backward(self, grad_out, where, x_shape, pool, stride):
        major = channel_major(where)
        if where.dtype != np.int32 or where.shape != grad_out.shape or grad_out.ndim != 4:
            return NUMPY.max_pool_backward(grad_out, where, x_shape, pool, stride)
        # the gradient laid out as the argmax (a copy only if it is not)
        swap = (1, 0, 2, 3) if major else (0, 1, 2, 3)
        g, at = np.ascontiguousarray(grad_out.transpose(swap)), where.transpose(swap)
        if not _contiguous(g) or not at.flags.c_contiguous:
            return NUMPY.max_pool_backward(grad_out, where, x_shape, pool, stride)
        dx = np.empty(tuple(x_shape[i] for i in swap), g.dtype)
        if tuple(pool) == tuple(stride) == (2, 2):
            loop = self._loops["max_pool_2x2_backward"]
            run = lambda i, j: loop(g[i:j], at[i:j], dx[i:j])  # noqa: E731
        else:
            loop = self._loops["max_pool_backward"]
            run = lambda i, j: loop(g[i:j], at[i:j], pool[1], *stride, dx[i:j])  # noqa: E731
        self._on_both_cores(run, len(dx), dx.size)
        return dx.transpose(swap)

    def row_products(self, a, b):
        if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1] or not _contiguous(a, b):
            return NUMPY.row_products(a, b)
        loop, length = self._loops["row_products"], a.shape[1]
        halves = [np.zeros((len(a), len(b)), a.dtype), np.zeros((len(a), len(b)), a.dtype)]
        # the long sums in two halves at once, each into its own result, added at the end
        bounds = (0, min(length, -(-length // 2 // ROW_BLOCK) * ROW_BLOCK), length)  # whole blocks first

        def run(first, last):  # halves first..last-1: (0, 1) and (1, 2), or both at once (0, 2)
            loop(a, b, bounds[first], bounds[last], halves[first])

        self._on_both_cores(run, 2, a.size + b.size)
        return halves[0] + halves[1]

    # ------------------------------------------------------------------ sparse inputs

    def nonzeros(self, x, reuse=None, *, columns):
        if _dense_only or x.ndim != 2 or x.size == 0 or x.shape[1] < SPARSE_COLUMNS or not _contiguous(x):
            return None
        # decided by a few rows across the batch, so that dense data costs a few
        # microseconds (MNIST's batches are 0.19 nonzero, 32 of their rows 0.19 ± 0.011)
        step = max(1, len(x) // SPARSE_SAMPLE)
        if self._loops["sampled_nonzeros"](x, step) > SPARSE_DENSITY * -(-len(x) // step) * x.shape[1]:
            return None
        nonzeros = reuse if reuse is not None and reuse.fits(x, columns) else Nonzeros(x.shape, x.dtype, columns)
        nonzeros.rows, nonzeros.columns = len(x), columns
        loop, ints, floats = self._loops["nonzeros"], nonzeros.ints, nonzeros.floats
        self._in_halves("nonzeros", (x, ints, floats), (*x.shape, columns, ints.size, floats.size), x.dtype, 2, x.size,
                        lambda first, last: loop(x, ints, floats, columns, first, last))
        return nonzeros

    def sparse_product(self, nonzeros, w):
        if w.shape[0] != nonzeros.shape[1] or not _contiguous(w, nonzeros.floats):
            return NUMPY.sparse_product(nonzeros, w)
        rows, units = nonzeros.rows, w.shape[1]
        halves = np.empty((2, rows, units), w.dtype)  # x's column halves' sums, one per core
        self._sparse("sparse_product", nonzeros, w, halves, 2, rows * units)
        out = halves[0]
        out += halves[1]
        return out

    def sparse_weight_gradient(self, nonzeros, grad, out):
        if (not nonzeros.columns or out.shape != (nonzeros.shape[1], grad.shape[1]) or len(grad) != nonzeros.rows
                or not _contiguous(grad, out, nonzeros.floats)):
            return NUMPY.sparse_weight_gradient(nonzeros, grad, out)
        self._sparse("sparse_weight_gradient", nonzeros, grad, out, len(out), out.size)
        return out

    def _sparse(self, name, nonzeros, operand, out, count, size) -> None:
        """A sparse product's loop over ``range(count)`` (x's column halves, or out's rows)."""
        ints, floats, loop = nonzeros.ints, nonzeros.floats, self._loops[name]
        sizes = (nonzeros.rows, nonzeros.shape[1], out.shape[-1], ints.size, floats.size)
        self._in_halves(name, (ints, floats, operand, out), sizes, out.dtype, count, size,
                        lambda first, last: loop(ints, floats, operand, out, first, last))

    def _in_halves(self, name, arrays, sizes, dtype, count, size, run) -> None:
        """Loop `name` over ``range(count)`` in two halves at once when large: on the
        spinning helper while an MLP trains (float32: its part reads `arrays` and `sizes`),
        else ``run(first, last)`` through `_on_both_cores`."""
        if dtype == np.float32 and size >= HAND_OVER and count > 1 and spinner.here():
            self._hand_over(name, arrays, sizes, "", (), count)
        else:
            self._on_both_cores(run, count, size)

    # ------------------------------------------------------------------ data

    def in_range(self, values, stop):
        if values.ndim != 1 or values.dtype not in _IN_RANGE or not values.flags.c_contiguous:
            return NUMPY.in_range(values, stop)
        return bool(self._loops["in_range"](values, stop))

    def gather(self, x, rows, scale, offset, out):
        if not _gatherable(x, rows, out) or not self.in_range(rows, len(x)):
            return NUMPY.gather(x, rows, scale, offset, out)
        if out.size >= HAND_OVER and x.dtype == np.uint8 and len(rows) > 1 and spinner.here():
            self._hand_over("gather", (x, rows, out), (len(rows), len(x), out[0].size), "ff", (scale, offset), len(rows))
            return out
        self._loops["gather"](x.reshape(len(x), -1), rows, scale, offset, out.reshape(len(out), -1))
        return out


#: the largest share of nonzero numbers at which a batch's products skip its zeros
#: (benchmarks/bench_sparse.py: a training step on MNIST's batches, 0.19 nonzero, 0.91x
#: the time with BLAS's products; the two products alone, listing included, 0.94x, and on
#: random batches, where fewer runs of 0 are skipped, 1.01x at 0.20 and 1.04x above 0.22)
SPARSE_DENSITY = 0.22
#: about how many of a batch's rows are looked at first, and the fewest columns worth listing
SPARSE_SAMPLE, SPARSE_COLUMNS = 32, 16


class Nonzeros:
    """A batch's nonzero numbers, row by row and, for the weight gradient, column by
    column (`_sparse_layout`), in two arrays that later batches of at most as many rows
    reuse. `rows` is the batch's, `shape` the largest it holds."""

    def __init__(self, shape, dtype, columns: bool):
        self.shape, self.rows, self.columns = tuple(shape), shape[0], columns
        _, _, column_starts, column_rows, column_values = _sparse_layout(*self.shape)
        self.ints = np.empty(column_rows + column_values if columns else column_starts, np.int32)
        self.floats = np.empty(2 * column_values if columns else column_values, dtype)
        self._room_for_columns = columns

    def fits(self, x: np.ndarray, columns: bool) -> bool:
        return (x.dtype == self.floats.dtype and len(x) <= self.shape[0] and x.shape[1] == self.shape[1]
                and (self._room_for_columns or not columns))

    def count(self) -> int:
        """How many numbers are not 0."""
        rows = self.rows
        return int(self.ints[rows]) + int(self.ints[2 * rows + 1])

    def dense(self) -> np.ndarray:
        """The batch again, with its zeros (for the NumPy kernels and for tests)."""
        rows, cols = self.rows, self.shape[1]
        half, entries, _, _, _ = _sparse_layout(rows, cols)
        x = np.zeros((rows, cols), self.floats.dtype)
        for h in range(2):
            starts, base = h * (rows + 1), h * rows * half
            bounds = self.ints[starts : starts + rows + 1]
            for r in range(rows):
                first, last = base + bounds[r], base + bounds[r + 1]
                x[r, self.ints[entries + first : entries + last]] = self.floats[first:last]
        return x


def _gatherable(x, rows, out) -> bool:
    """What the gather loop was compiled for (its rows must also be `in_range`: the loop
    does not check bounds; NumPy does, and says which index is wrong)."""
    return (
        len(rows) > 0 and len(rows) == len(out) and len(x) > 0
        and x.dtype in _GATHERED and x.flags.c_contiguous
        and out.dtype == np.float32 and out.flags.c_contiguous and out.flags.writeable and out[0].size == x[0].size
        and rows.dtype == np.int64 and rows.ndim == 1 and rows.flags.c_contiguous and rows.flags.writeable
    )


def _out(size: int, window: int, stride: int, pad: int = 0) -> int:
    return (size + 2 * pad - window) // stride + 1


def channel_major(x: np.ndarray) -> bool:
    """True when a batch of images (N, C, H, W) lies in memory channel by channel, as
    (C, N, H, W): how `core.nn.conv.Convolution` leaves its output (its matrix product
    gives one row per filter), viewed as (N, C, H, W) without a copy."""
    return x.ndim == 4 and not x.flags.c_contiguous and x.transpose(1, 0, 2, 3).flags.c_contiguous


def _in_memory(x: np.ndarray) -> tuple[np.ndarray, bool] | None:
    """(the images as they lie in memory, channel_major) for the loops, or None when x
    is neither layout, or an array the loops were not compiled for."""
    if x.ndim != 4:
        return None
    major = channel_major(x)
    images = x.transpose(1, 0, 2, 3) if major else x
    return (images, major) if _contiguous(images) else None


def _flat(x: np.ndarray) -> np.ndarray | None:
    """All of x's numbers as one 1-D view in memory order (writes go through), or None
    when they do not lie in one block (a strided slice)."""
    flat = x.ravel(order="K")
    return flat if x.size == 0 or np.may_share_memory(flat, x) else None


_GATHERED = tuple(np.dtype(t) for t in (np.uint8, np.float32, np.float64))
_IN_RANGE = (np.dtype(np.int64), np.dtype(np.uint8))


def _int64(labels: np.ndarray) -> np.ndarray:
    """Labels as the loops take them: contiguous, writeable int64 (a copy if need be)."""
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    return labels if labels.flags.writeable else labels.copy()


class _Arguments:
    """A loop part's arguments block: its arrays' addresses and sizes, then its scalars
    (float64, or int64 for flags), at the slots the parts read. The arrays are kept
    (their addresses must stay valid), and not written again while they are the same."""

    def __init__(self, part):
        self._part = part  # keeps the compiled code alive
        self.part = part.address
        self.block = np.zeros(_SLOTS, np.int64)
        self._floats = self.block.view(np.float64)
        self.address = self.block.ctypes.data
        self._arrays: tuple = ()
        self._sizes: tuple = ()

    def set_arrays(self, arrays, *sizes) -> None:
        kept = self._arrays
        if len(kept) == len(arrays) and all(a is b for a, b in zip(kept, arrays)) and sizes == self._sizes:
            return
        for slot, a in enumerate(arrays):
            self.block[slot] = a.ctypes.data
        for slot, size in enumerate(sizes, _SIZE):
            self.block[slot] = size
        self._arrays, self._sizes = tuple(arrays), sizes

    def set_scalars(self, kinds: str, values, first: int) -> None:
        for slot, (kind, value) in enumerate(zip(kinds, values, strict=True), first):
            if kind == "b":
                self.block[slot] = bool(value)
            else:
                self._floats[slot] = value


# --------------------------------------------------------------------------- choosing

_lock = threading.Lock()
_compiled: CompiledKernels | None = None
#: what `active()` returns: NumPy until `load()` has compiled the loops
_active: NumpyKernels | CompiledKernels = NUMPY
#: set inside `using()`: what `load()` then chooses, whatever the environment says
_forced: NumpyKernels | CompiledKernels | None = None
#: the environment's ``LAYERLAB_KERNELS`` when `load()` last chose the compiled kernels
_loaded_for: str | None | bool = False


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
    global _active, _loaded_for
    if _forced is not None:
        _active = _forced
        return _active
    asked = os.environ.get(ENVIRONMENT)
    if asked == _loaded_for and _active is not NUMPY:  # every training step asks: the same answer
        return _active
    choice = (asked or "auto").strip().lower() or "auto"
    if choice == "numpy":
        _active = NUMPY
        return _active
    if choice not in ("auto", "numba"):
        raise RuntimeError(f"{ENVIRONMENT}={choice!r}: expected auto, numpy or numba")
    if _active is _compiled and _compiled is not None:
        _loaded_for = asked
        return _active
    try:
        _active = compiled()
        _loaded_for = asked
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


#: inside `dense()` (a count: nested or from two threads)
_dense_only = 0


@contextlib.contextmanager
def dense():
    """Inside, the compiled kernels' products multiply the zeros too (`nonzeros` is
    None), as the NumPy ones do: for benchmarks and tests comparing the two."""
    global _dense_only
    with _lock:
        _dense_only += 1
    try:
        yield
    finally:
        with _lock:
            _dense_only -= 1


def dense_only() -> bool:
    """Is some thread inside `dense()`?"""
    return _dense_only > 0


def scalars(dtype, *values) -> tuple:
    """`values` converted to `dtype`, as NumPy converts a Python float before an
    in-place operation on an array of that dtype (so both kernels round alike)."""
    kind = np.dtype(dtype).type
    return tuple(kind(v) for v in values)


__all__ = [
    "NUMPY", "NumpyKernels", "CompiledKernels", "SIGNATURES", "SLICE", "ENVIRONMENT",
    "active", "compiled", "load", "using", "scalars", "channel_major", "dense", "dense_only", "Nonzeros", "SPARSE_DENSITY",
]
