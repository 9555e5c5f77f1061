"""The convolution layer: small kernels slide over the image, one feature map each.

    out[n, f, y, x] = Σ_c Σ_i Σ_j  x[n, c, y·S + i − P, x·S + j − P] · W[f, c, i, j]  +  b[f]

computed as in the textbook: `im2col` lays every patch out as a row, so all kernels
at all positions are one matrix product. Here that matrix is used transposed, one
patch per *column* (``kernels.patches``): ``W_col · patches`` then comes out one row
per filter, each row that filter's maps for the whole batch. The layer returns that
memory, (F, N, OH, OW), seen as (N, F, OH, OW) without a copy; the ReLU and pooling
after it keep the layout and the backward pass gets its gradient in it, so no step
transposes the maps (`kernels.channel_major`), and every product of the step is one
large matrix product (the bias too: it is one more weight of each kernel, whose input
is always 1). Weights are (filters, channels, kh, kw), as in the textbook, PyTorch and
ONNX; b is (filters,).
"""
from __future__ import annotations

import numpy as np

from core.compute import cores, kernels
from core.nn.im2col import output_size
from core.nn.layers import Layer


class Convolution(Layer):
    """Conv2D's weighted sums (its activation is a layer of its own, as for Dense).

    Like `Affine`, the gradients are written *into* `grads["W"]` and `grads["b"]`, so
    they may be views of a model's flat buffer; change weights with ``params["W"][...] = new``.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray, *, stride: tuple[int, int] = (1, 1), pad: tuple[int, int] = (0, 0),
                 dW: np.ndarray | None = None, db: np.ndarray | None = None):
        super().__init__()
        self.params = {"W": W, "b": b}
        self.grads = {"W": np.zeros_like(W) if dW is None else dW, "b": np.zeros_like(b) if db is None else db}
        self.stride = tuple(stride)
        self.pad = tuple(pad)
        self.x_shape: tuple[int, ...] = ()
        self.x_channel_major = False
        #: the last input's patches, one column per output position, and a row of ones
        #: (C·kh·kw + 1, N·OH·OW)
        self.cols: np.ndarray | None = None
        # work arrays kept from step to step while the batch size stays (large ones
        # cost page faults when allocated afresh each time)
        self._work: dict[str, np.ndarray] = {}

    @property
    def kernel(self) -> tuple[int, int]:
        return self.params["W"].shape[2:]

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        W, b = self.params["W"], self.params["b"]
        filters = W.shape[0]
        n, c, h, w = x.shape
        oh = output_size(h, self.kernel[0], self.stride[0], self.pad[0])
        ow = output_size(w, self.kernel[1], self.stride[1], self.pad[1])
        size = c * self.kernel[0] * self.kernel[1]  # numbers in one patch: C·kh·kw
        self.x_shape = x.shape
        self.x_channel_major = kernels.channel_major(x)  # the input gradient is laid out alike
        # the patches, one column per output position, and below them a row of ones: the
        # input of the bias, which rides along as one more weight of every kernel
        # (kept arrays: written into at every step, the ones stay)
        self.cols = self._buffer("cols", (size + 1, n * oh * ow), x.dtype, last_row=1)
        kernels.active().patches(x, self.kernel, self.stride, self.pad, out=self.cols[:size])
        W_b = self._buffer("W_b", (filters, size + 1), W.dtype)  # [W_col | b]
        W_b[:, :size] = W.reshape(filters, -1)
        W_b[:, size] = b
        # every kernel at every position, plus its bias: (filters, C·kh·kw + 1) · (C·kh·kw + 1, N·OH·OW)
        out = cores.matmul(W_b, self.cols)
        # one row per filter: the filters' maps for the whole batch, (F, N, OH, OW) in
        # memory, seen as (N, F, OH, OW) without a copy
        return out.reshape(filters, n, oh, ow).transpose(1, 0, 2, 3)

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        W = self.params["W"]
        filters = W.shape[0]
        size = len(self.cols) - 1
        # dL/dout one row per filter, its columns in the order of the patches (no copy
        # when grad_out lies as the output did, channel by channel)
        dout = grad_out.transpose(1, 0, 2, 3).reshape(filters, -1)
        # [dL/dW | dL/db] = dL/dout · [patches; 1]ᵀ: dL/db is the sum of dL/dout over the
        # batch and every position. Computed as its transpose [patches; 1] · dL/doutᵀ:
        # OpenBLAS shares that shape out between its threads without stopping them to wait
        # for each other at every slice of the long sum (20x slower on a busy machine)
        if (size + 1) * filters <= kernels.ROW_PRODUCTS_MAX:  # few sums, each very long (a first layer's)
            dW_b = kernels.active().row_products(self.cols, np.ascontiguousarray(dout)).T
        else:
            dW_b = cores.matmul(self.cols, dout.T, out=self._buffer("dW_b", (size + 1, filters), dout.dtype)).T
        self.grads["W"].reshape(filters, -1)[...] = dW_b[:, :size]
        self.grads["b"][...] = dW_b[:, size]
        if not self.input_grad:
            return None
        # dL/dpatches = W_colᵀ · dL/dout, then every patch's gradient goes back onto its pixels
        dcols = cores.matmul(W.reshape(filters, -1).T, dout, out=self._buffer("dcols", (size, dout.shape[1]), dout.dtype))
        return kernels.active().col2im(dcols, self.x_shape, self.kernel, self.stride, self.pad,
                                       channel_major=self.x_channel_major, scratch=True)  # dcols is ours

    def _buffer(self, name: str, shape: tuple[int, ...], dtype, last_row: float | None = None) -> np.ndarray:
        """A kept work array of this shape and dtype (a new one when they change, its
        last row set to `last_row` if given)."""
        array = self._work.get(name)
        if array is None or array.shape != shape or array.dtype != dtype:
            array = self._work[name] = np.empty(shape, dtype)
            if last_row is not None:
                array[-1] = last_row
        return array

    def __repr__(self) -> str:
        filters, channels, kh, kw = self.params["W"].shape
        return f"Convolution({channels} -> {filters}, {kh}x{kw}, stride {_pair(self.stride)}, padding {_pair(self.pad)})"


def _pair(p: tuple[int, int]) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]}x{p[1]}"


__all__ = ["Convolution"]
