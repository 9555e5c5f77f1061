"""im2col and col2im: a convolution turned into one matrix product, and back.

As in the Japanese textbook's ``common/util.py``. Every position a kernel stops at
becomes one *row* holding the patch of the input it sees there (all channels, all
kh·kw pixels), so a convolution with FN kernels is the product of that matrix with
the kernels as FN columns, and pooling is a max or a mean along each row.
`col2im` goes the other way for the backward pass: it adds each row's gradient back
onto the pixels the patch came from (patches overlap, so pixels collect several).

Images are channels first, (N, C, H, W). Heights and widths come in pairs:
``kernel = (kh, kw)``, ``stride = (sh, sw)``, ``pad = (ph, pw)`` (zeros added on each side).
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def output_size(size: int, window: int, stride: int = 1, pad: int = 0) -> int:
    """How many places a window of `window` pixels stops at along `size` pixels:
    OH = (H + 2P - KH) // S + 1."""
    return (size + 2 * pad - window) // stride + 1


def im2col(x: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int] = (1, 1), pad: tuple[int, int] = (0, 0)) -> np.ndarray:
    """(N, C, H, W) images -> (N·OH·OW, C·kh·kw): one row per output pixel, in the
    order (n, oh, ow); within a row, channel by channel, then the patch row by row."""
    kh, kw = kernel
    sh, sw = stride
    ph, pw = pad
    n, c = x.shape[:2]
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    # every kh×kw patch as a view (no copy), then keep every sh-th row and sw-th column of them
    patches = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]  # (N, C, OH, OW, kh, kw)
    oh, ow = patches.shape[2:4]
    # the one copy: patches laid out as rows
    return patches.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, c * kh * kw)


def col2im(col: np.ndarray, x_shape: tuple[int, ...], kernel: tuple[int, int], stride: tuple[int, int] = (1, 1),
           pad: tuple[int, int] = (0, 0)) -> np.ndarray:
    """The gradient of `im2col`: (N·OH·OW, C·kh·kw) rows -> (N, C, H, W), each entry of a
    row added to the pixel it was copied from. Loops over the kh·kw kernel offsets only:
    at offset (i, j) every patch's entry lands on the strided grid starting at (i, j)."""
    n, c, h, w = x_shape
    kh, kw = kernel
    sh, sw = stride
    ph, pw = pad
    oh, ow = output_size(h, kh, sh, ph), output_size(w, kw, sw, pw)
    col = col.reshape(n, oh, ow, c, kh, kw).transpose(0, 3, 4, 5, 1, 2)  # (N, C, kh, kw, OH, OW)
    img = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=col.dtype)
    for i in range(kh):
        for j in range(kw):
            img[:, :, i : i + sh * oh : sh, j : j + sw * ow : sw] += col[:, :, i, j]
    return img[:, :, ph : ph + h, pw : pw + w]


__all__ = ["output_size", "im2col", "col2im"]
