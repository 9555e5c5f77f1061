"""A sequential network built from a design spec: predict, evaluate, learn.

Each Dense layer of the design becomes two textbook layers, the weighted sum
(`Affine`) and its activation; a Dropout layer becomes a `Dropout`. `model.layers`
is that flat list; `model.blocks[i]` holds the layers made from `design.layers[i]`.

Two things make training fast without changing the maths:

- All weights live in one contiguous array, and all gradients in another; each
  layer's W and b (and dW, db) are views into them. The optimizer is handed the
  two whole arrays, so Adam makes a few big vectorised passes per step instead of
  a dozen passes per layer.
- With a softmax output and the cross-entropy loss, training stops at the last
  weighted sum (the logits) and uses the fused `SoftmaxCrossEntropy`; the final
  `Softmax` layer only runs when predicting. And nothing below the first weighted
  sum learns, so its input gradient (a large matrix product) is never computed.

A model keeps intermediate results on its layers between forward and backward, so
one model must not be used from two threads at once.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.design.spec import DenseSpec, Design, DropoutSpec
from core.nn import kernels
from core.nn.initializers import initial_weights
from core.nn.layers import ACTIVATIONS, Affine, Dropout, Layer, Softmax
from core.nn.losses import CrossEntropy, MeanSquaredError, SoftmaxCrossEntropy

#: default rows per chunk when predicting or evaluating
BATCH = 1024


@dataclass(frozen=True)
class Block:
    """The layers that one layer of the design became."""

    index: int  # position in design.layers
    kind: str  # "dense" or "dropout"
    layers: tuple[Layer, ...]

    @property
    def affine(self) -> Affine | None:
        return self.layers[0] if isinstance(self.layers[0], Affine) else None

    @property
    def activation(self) -> Layer | None:
        return self.layers[1] if self.kind == "dense" else None


class Model:
    """A stack of layers, a loss, and the parameters in one flat buffer (see the module doc)."""

    def __init__(self, design: Design, blocks: list[Block], flat_params: np.ndarray, flat_grads: np.ndarray):
        self.design = design
        self.blocks = blocks
        self.layers: list[Layer] = [layer for block in blocks for layer in block.layers]
        if not self.layers:
            raise ValueError("the design has no layers")
        self.dtype = flat_params.dtype
        self.input_size = math.prod(design.input_shape)
        affines = [layer for layer in self.layers if isinstance(layer, Affine)]
        self.output_size = affines[-1].params["W"].shape[1] if affines else self.input_size
        if affines:
            affines[0].input_grad = False

        #: named views of the weights and gradients: "layers.0.W", "layers.0.b", ...
        self.parameters: dict[str, np.ndarray] = {}
        self.gradients: dict[str, np.ndarray] = {}
        for block in blocks:
            for layer in block.layers:
                for key in layer.params:
                    self.parameters[f"layers.{block.index}.{key}"] = layer.params[key]
                    self.gradients[f"layers.{block.index}.{key}"] = layer.grads[key]
        # what the optimizer gets: everything at once
        self._flat_params = {"all": flat_params}
        self._flat_grads = {"all": flat_grads}

        fused = design.loss == "cross_entropy" and isinstance(self.layers[-1], Softmax)
        if fused:
            self.loss = SoftmaxCrossEntropy()
        elif design.loss == "cross_entropy":
            self.loss = CrossEntropy()
        else:
            self.loss = MeanSquaredError()
        #: the layers a training step runs: all but the final Softmax when fused
        self.train_layers = self.layers[:-1] if fused else self.layers

    # ------------------------------------------------------------------ running

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """The network's output for a batch: class probabilities if the last activation is softmax."""
        return self._run(self.layers, self._inputs(x), training)

    def predict_proba(self, x: np.ndarray, batch_size: int = BATCH) -> np.ndarray:
        """`forward` in chunks of `batch_size` rows, so any number of rows fits in memory."""
        x = self._inputs(x)
        if len(x) <= batch_size:
            return self._run(self.layers, x, False)
        return np.concatenate([self._run(self.layers, x[i : i + batch_size], False) for i in range(0, len(x), batch_size)])

    def predict(self, x: np.ndarray, batch_size: int = BATCH) -> np.ndarray:
        """The most likely class of each row."""
        return self.predict_proba(x, batch_size).argmax(axis=1)

    def evaluate(self, x: np.ndarray, labels: np.ndarray, batch_size: int = BATCH) -> tuple[float, float]:
        """(mean loss, accuracy from 0 to 1) over a dataset, without dropout."""
        x, labels = self._inputs(x), self._labels(labels)
        if len(x) != len(labels):
            raise ValueError(f"{len(x)} inputs but {len(labels)} labels")
        if len(x) == 0:
            return math.nan, math.nan
        total_loss = 0.0
        correct = 0
        with _quiet_overflow():
            for i in range(0, len(x), batch_size):
                out = self._run(self.train_layers, x[i : i + batch_size], False)
                yb = labels[i : i + batch_size]
                total_loss += self.loss.forward(out, yb) * len(yb)
                correct += int(np.count_nonzero(out.argmax(axis=1) == yb))
        return total_loss / len(x), correct / len(x)

    # ------------------------------------------------------------------ learning

    def loss_and_gradients(self, x: np.ndarray, labels: np.ndarray, *, training: bool = False) -> float:
        """Forward, loss and backward, filling `gradients` without changing any weight.

        Without `training`, dropout is off, so the result is deterministic (as a
        gradient check needs).
        """
        return self._loss_and_gradients(self._inputs(x), self._labels(labels), training)[0]

    def train_step(self, x: np.ndarray, labels: np.ndarray, optimizer) -> tuple[float, int]:
        """One mini-batch of learning; returns (mean loss, number classified correctly)."""
        labels = self._labels(labels)
        kernels.load()  # training: the compiled kernels, where numba is installed
        with _quiet_overflow():  # a diverging run yields inf/NaN; the trainer reports it
            loss, out = self._loss_and_gradients(self._inputs(x), labels, True)
            optimizer.step(self._flat_params, self._flat_grads)
        # out is the logits or the probabilities: the largest is the same class
        return loss, int(np.count_nonzero(out.argmax(axis=1) == labels))

    def _loss_and_gradients(self, x: np.ndarray, labels: np.ndarray, training: bool) -> tuple[float, np.ndarray]:
        if len(x) != len(labels):
            raise ValueError(f"{len(x)} inputs but {len(labels)} labels")
        out = self._run(self.train_layers, x, training)
        loss = self.loss.forward(out, labels)
        grad = self.loss.backward()
        for layer in reversed(self.train_layers):
            grad = layer.backward(grad)
            if grad is None:  # the first weighted sum: nothing below it learns
                break
        return loss, out

    @staticmethod
    def _run(layers: list[Layer], x: np.ndarray, training: bool) -> np.ndarray:
        for layer in layers:
            x = layer.forward(x, training=training)
        return x

    def _inputs(self, x: np.ndarray) -> np.ndarray:
        """A (batch, features) array of the model's dtype; one unbatched sample is accepted."""
        x = np.asarray(x)
        if x.ndim == len(self.design.input_shape) and x.shape == tuple(self.design.input_shape):
            x = x[None]
        if x.ndim < 2 or math.prod(x.shape[1:]) != self.input_size:
            raise ValueError(f"the network takes {self.input_size} numbers per sample (input shape {tuple(self.design.input_shape)}), got an array of shape {x.shape}")
        return x.reshape(len(x), self.input_size).astype(self.dtype, copy=False)

    def _labels(self, labels: np.ndarray) -> np.ndarray:
        labels = np.asarray(labels)
        if labels.ndim != 1 or (labels.size and labels.dtype.kind not in "iu"):
            raise ValueError(f"labels must be a 1-D array of integer classes, got shape {labels.shape} of {labels.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= self.output_size):
            raise ValueError(f"labels must be between 0 and {self.output_size - 1} (the network has {self.output_size} outputs), got {labels.min()}..{labels.max()}")
        return labels

    # ------------------------------------------------------------------ weights

    def get_weights(self) -> dict[str, np.ndarray]:
        """A copy of every weight array, by name ("layers.0.W", "layers.0.b", ...)."""
        return {name: w.copy() for name, w in self.parameters.items()}

    def set_weights(self, weights: dict[str, np.ndarray]) -> None:
        """Copy arrays into the model; names and shapes must match exactly (ValueError names the array)."""
        missing = [name for name in self.parameters if name not in weights]
        if missing:
            raise ValueError(f"missing weights: {', '.join(missing)}")
        unexpected = [name for name in weights if name not in self.parameters]
        if unexpected:
            raise ValueError(f"unexpected weights: {', '.join(unexpected)} (the model has {', '.join(self.parameters) or 'none'})")
        for name, target in self.parameters.items():
            value = np.asarray(weights[name])
            if value.shape != target.shape:
                raise ValueError(f"{name}: expected shape {target.shape}, got {value.shape}")
        for name, target in self.parameters.items():
            target[...] = weights[name]  # in place: layers and optimizer share these arrays

    def weight_shapes(self) -> dict[str, tuple[int, ...]]:
        return {name: w.shape for name, w in self.parameters.items()}

    @property
    def parameter_count(self) -> int:
        return sum(w.size for w in self.parameters.values())

    def with_dtype(self, dtype) -> Model:
        """A copy of this model computing in another precision (float64 for gradient checks)."""
        twin = build_model(self.design, rng=np.random.default_rng(0), dtype=dtype)
        twin.set_weights(self.parameters)
        return twin

    # ------------------------------------------------------------------ looking inside

    def trace(self, x: np.ndarray) -> list[dict[str, np.ndarray]]:
        """What every layer of the design computes for `x` (no dropout), for the inspector:
        {"input", "weighted_sum", "output"} per Dense layer, {"input", "output"} per Dropout."""
        x = self._inputs(x)
        steps = []
        for block in self.blocks:
            step = {"input": x}
            for layer in block.layers:
                x = layer.forward(x, training=False)
                if isinstance(layer, Affine):
                    step["weighted_sum"] = x
            step["output"] = x
            steps.append(step)
        return steps

    def __repr__(self) -> str:
        lines = [f"Model({self.input_size} -> {self.output_size}, {self.dtype.name}, {self.parameter_count:,} parameters)"]
        for block in self.blocks:
            lines.append(f"  layers[{block.index}]: " + ", ".join(repr(layer) for layer in block.layers))
        lines.append(f"  loss: {self.loss!r}")
        return "\n".join(lines)


def build_model(design: Design, *, rng: np.random.Generator | None = None, dtype=np.float32) -> Model:
    """The network a design describes, with fresh initial weights drawn from `rng`
    (or the design's fixed weights where it gives them). Without `rng`, the
    design's training seed is used."""
    rng = np.random.default_rng(design.training.seed) if rng is None else rng
    dtype = np.dtype(dtype)

    # Shapes first, then one flat buffer for all weights and one for all gradients.
    shapes: list[tuple[int, int]] = []
    fan_in = math.prod(design.input_shape)
    for layer in design.layers:
        if isinstance(layer, DenseSpec):
            shapes.append((fan_in, layer.units))
            fan_in = layer.units
    sizes = [n_in * n_out + n_out for n_in, n_out in shapes]
    flat_params = np.zeros(sum(sizes), dtype)
    flat_grads = np.zeros(sum(sizes), dtype)

    blocks: list[Block] = []
    offset = 0
    dense = 0
    for i, layer in enumerate(design.layers):
        if isinstance(layer, DropoutSpec):
            blocks.append(Block(i, "dropout", (Dropout(layer.rate, _dropout_rng(rng)),)))
            continue
        if not isinstance(layer, DenseSpec):
            raise ValueError(f"layers[{i}]: cannot build a {getattr(layer, 'type', type(layer).__name__)} layer")
        n_in, n_out = shapes[dense]
        dense += 1
        W, b = _views(flat_params, offset, n_in, n_out)
        dW, db = _views(flat_grads, offset, n_in, n_out)
        offset += W.size + b.size
        # drawn even when fixed weights replace them, so the other layers' weights
        # do not depend on which layers are fixed
        W[...], b[...] = initial_weights(design.training.init, n_in, n_out, rng, dtype)
        if layer.weights is not None:
            W[...] = _fixed(layer.weights, (n_in, n_out), f"layers[{i}].weights")
        if layer.bias is not None:
            b[...] = _fixed(layer.bias, (n_out,), f"layers[{i}].bias")
        try:
            activation = ACTIVATIONS[layer.activation]()
        except KeyError:
            raise ValueError(f"layers[{i}].activation: unknown activation {layer.activation!r}") from None
        blocks.append(Block(i, "dense", (Affine(W, b, dW=dW, db=db), activation)))
    return Model(design, blocks, flat_params, flat_grads)


def _quiet_overflow():
    """No RuntimeWarnings from a diverging network: its loss turns inf or NaN, which the
    trainer detects and explains."""
    return np.errstate(over="ignore", invalid="ignore")


def _views(flat: np.ndarray, offset: int, n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """A (n_in, n_out) matrix and an (n_out,) vector side by side in `flat`, from `offset`."""
    middle = offset + n_in * n_out
    return flat[offset:middle].reshape(n_in, n_out), flat[middle : middle + n_out]


def _dropout_rng(rng: np.random.Generator) -> np.random.Generator:
    """Dropout's own stream, split off the model's generator without drawing from it,
    so adding a Dropout layer does not change the initial weights."""
    return rng.spawn(1)[0]


def _fixed(values, shape: tuple[int, ...], where: str) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != shape:
        raise ValueError(f"{where}: expected shape {shape}, got {array.shape}")
    return array
