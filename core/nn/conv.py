"""The convolution layer: small kernels slide over the image, one feature map each.

    out[n, f, y, x] = Σ_c Σ_i Σ_j  x[n, c, y·S + i − P, x·S + j − P] · W[f, c, i, j]  +  b[f]

computed as in the textbook: `im2col` lays every patch out as a row, so all kernels
at all positions are one matrix product, ``col · W_colᵀ``. Weights are (filters,
channels, kh, kw), as in the textbook, PyTorch and ONNX; b is (filters,).
"""
from __future__ import annotations

import numpy as np

from core.nn.im2col import col2im, im2col, output_size
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
        self.col: np.ndarray | None = None

    @property
    def kernel(self) -> tuple[int, int]:
        return self.params["W"].shape[2:]

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        W = self.params["W"]
        filters = W.shape[0]
        n, _, h, w = x.shape
        oh = output_size(h, self.kernel[0], self.stride[0], self.pad[0])
        ow = output_size(w, self.kernel[1], self.stride[1], self.pad[1])
        self.x_shape = x.shape
        self.col = im2col(x, self.kernel, self.stride, self.pad)  # (N·OH·OW, C·kh·kw)
        out = self.col @ W.reshape(filters, -1).T  # (N·OH·OW, filters): every kernel at every position
        out += self.params["b"]
        return out.reshape(n, oh, ow, filters).transpose(0, 3, 1, 2)

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        W = self.params["W"]
        filters = W.shape[0]
        dout = grad_out.transpose(0, 2, 3, 1).reshape(-1, filters)  # rows as in forward
        # dL/dW = dL/dout^T . col (one row per kernel, reshaped to (filters, C, kh, kw));
        # dL/db = the sum of dL/dout over the batch and every position
        np.matmul(dout.T, self.col, out=self.grads["W"].reshape(filters, -1))
        np.sum(dout, axis=0, out=self.grads["b"])
        if not self.input_grad:
            return None
        # dL/dcol = dL/dout . W_col, then every patch's gradient goes back onto its pixels
        return col2im(dout @ W.reshape(filters, -1), self.x_shape, self.kernel, self.stride, self.pad)

    def __repr__(self) -> str:
        filters, channels, kh, kw = self.params["W"].shape
        return f"Convolution({channels} -> {filters}, {kh}x{kw}, stride {_pair(self.stride)}, padding {_pair(self.pad)})"


def _pair(p: tuple[int, int]) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]}x{p[1]}"


__all__ = ["Convolution"]
