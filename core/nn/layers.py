"""The layers of a network, one small class each.

Every layer has the same two methods. `forward(x, training=...)` returns the
output and keeps on `self` what the backward pass will need. `backward(grad_out)`
takes the gradient of the loss with respect to the output and returns it with
respect to the input, filling `self.grads` on the way; it never changes
`grad_out`. Each backward rule sits next to the forward formula it differentiates.

Arrays are (batch, features), or (batch, channels, height, width) for images
(`core.nn.conv`, `core.nn.pooling`; `Flatten` turns them into rows). A Dense layer of
a design is two layers here: the weighted sum (`Affine`) and its activation, so both
can be shown and checked.
"""
from __future__ import annotations

import numpy as np

from core.compute import cores, kernels


class Layer:
    """The protocol: `params` and `grads` are dicts with the same keys ({} if none)."""

    #: whether backward returns the input's gradient; the model turns it off for the
    #: first layer with weights, below which nothing learns
    input_grad = True

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Affine(Layer):
    """The weighted sum of a Dense layer: out = x @ W + b, W is (in_features, units).

    The gradients are written *into* `grads["W"]` and `grads["b"]` (never rebound),
    so a model may pass in views of one flat buffer and hand that whole buffer to
    the optimizer. Likewise, change weights with ``params["W"][...] = new``.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray, *, dW: np.ndarray | None = None, db: np.ndarray | None = None):
        super().__init__()
        self.params = {"W": W, "b": b}
        self.grads = {"W": np.zeros_like(W) if dW is None else dW, "b": np.zeros_like(b) if db is None else db}
        self.x: np.ndarray | None = None
        self.x_shape: tuple[int, ...] = ()
        self._ones: np.ndarray | None = None
        #: x's nonzero numbers, when the products skip its zeros (see `product`)
        self.nonzeros = None
        self._kept = None

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        out = self.product(x, training=training)
        out += self.params["b"]
        return out

    def product(self, x: np.ndarray, *, training: bool = True) -> np.ndarray:
        """x @ W (without the bias), keeping x for the weight gradient. The first layer
        with weights multiplies the data, which may be mostly zeros (an image's
        background: four in five of MNIST's numbers); the compiled kernels then list the
        others and skip the zeros, in this product and in the weight gradient."""
        # an image batch (N, C, H, W) is taken as rows of C·H·W numbers, as in the textbook
        self.x_shape = x.shape
        if x.ndim > 2:
            x = x.reshape(len(x), -1)
        self.x = x
        self.nonzeros = None
        if not self.input_grad:
            library = kernels.active()
            self.nonzeros = library.nonzeros(x, self._kept, columns=training)
            if self.nonzeros is not None:
                self._kept = self.nonzeros
                return library.sparse_product(self.nonzeros, self.params["W"])
        return cores.matmul(x, self.params["W"])

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        # dL/db = sum over the batch of dL/dout, written as the product 1^T . dL/dout,
        # which BLAS does three times faster than np.sum
        np.matmul(self._batch_ones(grad_out), grad_out, out=self.grads["b"])
        return self.product_backward(grad_out)

    def product_backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        """dL/dW = x^T . dL/dout (into grads["W"]) and dL/dx = dL/dout . W^T (None for the
        first layer with weights): the gradients of `product`."""
        nonzeros = self.nonzeros
        if nonzeros is not None and not nonzeros.columns:  # listed for a forward pass alone: column by column too
            nonzeros = self.nonzeros = self._kept = kernels.active().nonzeros(self.x, nonzeros, columns=True)
        if nonzeros is not None:
            kernels.active().sparse_weight_gradient(nonzeros, grad_out, self.grads["W"])
        else:
            cores.matmul(self.x.T, grad_out, out=self.grads["W"])
        if not self.input_grad:
            return None
        return cores.matmul(grad_out, self.params["W"].T).reshape(self.x_shape)

    def _batch_ones(self, grad_out: np.ndarray) -> np.ndarray:
        """A vector of ones, one per row of the batch (kept while the batch size stays)."""
        ones = self._ones
        if ones is None or len(ones) != len(grad_out) or ones.dtype != grad_out.dtype:
            ones = self._ones = np.ones(len(grad_out), grad_out.dtype)
        return ones

    def __repr__(self) -> str:
        n_in, n_out = self.params["W"].shape
        return f"Affine({n_in} -> {n_out})"


class ReLU(Layer):
    """max(0, x): passes positive values, blocks negative ones (and their gradient)."""

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        # out = x * slope, the slope being 1 where x > 0 and 0 elsewhere; it is also
        # the derivative. (One pass over x in core.compute.kernels.)
        out, self.slope = kernels.active().relu(x)
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return kernels.active().relu_backward(grad_out, self.slope)  # grad_out * slope


class AffineReLU(Layer):
    """An Affine layer and the ReLU after it as one layer (core.nn.fusion): the bias and
    the ReLU in one pass over the product's result, and backward the ReLU's gradient and
    the bias gradient in one pass. The numbers are the two layers' (the bias gradient's
    sum runs row after row where BLAS sums in its own order: rounding). The weights and
    gradients are the Affine layer's own arrays."""

    def __init__(self, affine: Affine):
        super().__init__()
        self.affine = affine
        self.params, self.grads = affine.params, affine.grads
        self.out: np.ndarray | None = None

    @property
    def input_grad(self) -> bool:
        return self.affine.input_grad

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        # a ReLU's output is above 0 exactly where its input is: the mask for backward
        self.out = kernels.active().bias_relu(self.affine.product(x, training=training), self.params["b"])
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray | None:
        grad = kernels.active().relu_bias_backward(grad_out, self.out, self.grads["b"])
        return self.affine.product_backward(grad)

    def __repr__(self) -> str:
        return f"AffineReLU({self.affine!r})"


#: the slope of Leaky ReLU below zero
LEAKY_RELU_ALPHA = 0.01


class LeakyReLU(Layer):
    """x for x > 0, alpha * x otherwise: a small slope keeps negative units learning."""

    def __init__(self, alpha: float = LEAKY_RELU_ALPHA):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        # slope is 1 where x > 0 and alpha elsewhere; it is also the derivative
        self.slope = np.where(x > 0, 1.0, self.alpha).astype(x.dtype, copy=False)
        return x * self.slope

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * self.slope

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha:g})"


class Sigmoid(Layer):
    """1 / (1 + e^-x), squashing into (0, 1)."""

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        # tanh form: the same function, but no overflow in exp(-x) for very negative x
        self.out = 0.5 * (np.tanh(0.5 * x) + 1.0)
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        # d sigmoid / dx = y (1 - y)
        return grad_out * self.out * (1.0 - self.out)


class Tanh(Layer):
    """tanh(x), squashing into (-1, 1) around zero."""

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        # d tanh / dx = 1 - y^2
        return grad_out * (1.0 - self.out * self.out)


def softmax(x: np.ndarray) -> np.ndarray:
    """Each row turned into probabilities. Subtracting the row's maximum first
    changes nothing mathematically and keeps exp() from overflowing (inputs of 1000)."""
    e = np.exp(x - x.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


class Softmax(Layer):
    """Outputs that are positive and sum to 1: the class probabilities.

    With the cross-entropy loss the model skips this layer in training and uses the
    fused, simpler `SoftmaxCrossEntropy`; this backward is the general one (e.g. for
    the squared error).
    """

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        self.out = softmax(x)
        return self.out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        # The Jacobian is diag(y) - y y^T; times a vector g that is y * (g - <g, y>).
        y = self.out
        return y * (grad_out - (grad_out * y).sum(axis=1, keepdims=True))


class Identity(Layer):
    """No activation: the weighted sum is the output."""

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        return x

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out


class Flatten(Layer):
    """Images (N, C, H, W) as rows of C·H·W numbers; backward puts the shape back."""

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        self.x_shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out.reshape(self.x_shape)


class Dropout(Layer):
    """Inverted dropout: in training, zero each value with probability `rate` and scale
    the survivors by 1 / (1 - rate), so at inference the layer is just the identity."""

    def __init__(self, rate: float, rng: np.random.Generator):
        super().__init__()
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"dropout rate must be in [0, 1), got {rate}")
        self.rate = rate
        self.rng = rng
        self.mask: np.ndarray | None = None

    def forward(self, x: np.ndarray, *, training: bool) -> np.ndarray:
        if not training or self.rate == 0.0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape, dtype=np.float32) >= self.rate
        # mask holds 0 or 1/(1-rate): one multiply forward, the same one backward
        self.mask = keep * np.asarray(1.0 / (1.0 - self.rate), dtype=x.dtype)
        return x * self.mask

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out if self.mask is None else grad_out * self.mask

    def __repr__(self) -> str:
        return f"Dropout(rate={self.rate:g})"
