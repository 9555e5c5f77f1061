"""Pooling layers: each window of a feature map becomes one number, channel by channel.

Max pooling keeps the window's largest value (`core.compute.kernels.max_pool`: every
window of every channel in one pass); average pooling its mean, with the textbook's
`im2col` reshaped so that every row is one window of one channel.
Neither has weights; both keep the number of channels and shrink height and width:
OH = (H − PH) // S + 1.
"""
from __future__ import annotations

import numpy as np

from core.compute import kernels
from core.nn.im2col import col2im, im2col, output_size
from core.nn.layers import Layer


class _Pooling(Layer):
    def __init__(self, pool: tuple[int, int] = (2, 2), stride: tuple[int, int] | None = None):
        super().__init__()
        self.pool = tuple(pool)
        self.stride = tuple(stride) if stride is not None else self.pool
        self.x_shape: tuple[int, ...] = ()

    def _windows(self, x: np.ndarray) -> np.ndarray:
        """(N·OH·OW·C, ph·pw): one row per window of one channel."""
        self.x_shape = x.shape
        return im2col(x, self.pool, self.stride).reshape(-1, self.pool[0] * self.pool[1])

    def _shaped(self, values: np.ndarray) -> np.ndarray:
        """One number per window, rows in (n, oh, ow, c) order -> (N, C, OH, OW)."""
        n, c, h, w = self.x_shape
        oh, ow = output_size(h, self.pool[0], self.stride[0]), output_size(w, self.pool[1], self.stride[1])
        return values.reshape(n, oh, ow, c).transpose(0, 3, 1, 2)

    def _back(self, dwindows: np.ndarray) -> np.ndarray:
        """Each window's gradient (N·OH·OW·C, ph·pw) back onto the pixels it came from."""
        n, c = self.x_shape[:2]
        return col2im(dwindows.reshape(-1, c * self.pool[0] * self.pool[1]), self.x_shape, self.pool, self.stride)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.pool[0]}x{self.pool[1]}, stride {self.stride[0]}x{self.stride[1]})"


class MaxPooling(_Pooling):
    """The largest value of each window. Only that value reached the output, so only it
    gets the gradient (ties: the first largest, as `argmax` picks one winner)."""

    #: a ReLU comes first (`ReLUMaxPooling`)
    relu = False

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        self.x_shape = x.shape
        #: where each window's largest value is, (N, C, OH, OW): i·pw + j inside the window
        #: (-1 - that where a ReLU first blocks it)
        out, self.argmax = kernels.active().max_pool(x, self.pool, self.stride, self.relu)
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return kernels.active().max_pool_backward(grad_out, self.argmax, self.x_shape, self.pool, self.stride)


class ReLUMaxPooling(MaxPooling):
    """A ReLU and the max pooling after it, as one layer: the same numbers, forward and
    backward, in one pass instead of two over the large maps. The largest of a window
    after ReLU is the ReLU of its largest (ReLU only rises), so the pooling comes first
    and the ReLU is applied to the few window maxima; a window whose largest is not
    above 0 passes no gradient. `core.nn.fusion` puts it in place of the pair when
    training; the design's blocks keep the two layers, as the textbook has them."""

    relu = True


class AvgPooling(_Pooling):
    """The mean of each window: every value in it moved the output by 1 / (ph·pw), so each
    gets that share of the gradient."""

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        return self._shaped(self._windows(x).mean(axis=1))

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        size = self.pool[0] * self.pool[1]
        dout = grad_out.transpose(0, 2, 3, 1).reshape(-1, 1) / size
        return self._back(np.broadcast_to(dout, (len(dout), size)))


__all__ = ["MaxPooling", "ReLUMaxPooling", "AvgPooling"]
