"""A sequential network built from a design spec: predict, evaluate, learn.

Each layer of the design becomes the textbook layers its type builds
(`core.layer_types`): a Dense layer the weighted sum (`Affine`) and its activation,
a Conv2D layer a `Convolution` and its activation, a Dropout layer a `Dropout`. `model.layers` is that flat list; `model.blocks[i]`
holds the layers made from `design.layers[i]`. Samples keep their shape,
``(batch, *design.input_shape)``: a flat design sees rows, an image design images.

Two things make training fast without changing the maths:

- All weights live in one contiguous array, and all gradients in another; each
  layer's W and b (and dW, db) are views into them. The optimizer is handed the
  two whole arrays, so Adam makes a few big vectorised passes per step instead of
  a dozen passes per layer.
- With a softmax output and the cross-entropy loss, training stops at the last
  weighted sum (the logits) and uses the fused `SoftmaxCrossEntropy`; the final
  `Softmax` layer only runs when predicting. And nothing below the first weighted
  sum learns, so its input gradient (a large matrix product) is never computed.

Predicting and evaluating go in chunks small enough for memory: `BATCH` rows, or
fewer when one sample takes much (a convolution's feature maps). A design whose
training would need absurd memory is refused before anything is allocated.

A model keeps intermediate results on its layers between forward and backward, so
one model must not be used from two threads at once.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.design.costs import refuse_if_too_large
from core.design.spec import Design
from core.layer_types import BuildContext, type_of, walk
from core.layer_types.walk import values_per_sample
from core.nn.activations import name_of as activation_name
from core.nn.fusion import fuse
from core.nn.layers import Affine, Layer, Softmax
from core.nn.losses import LOSSES
from core.compute import kernels

#: default rows per chunk when predicting or evaluating
BATCH = 1024
#: at most this many bytes of layer outputs per chunk when predicting or evaluating
CHUNK_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Block:
    """The layers that one layer of the design became."""

    index: int  # position in design.layers
    kind: str  # its layer type ("dense", "dropout", ...)
    layers: tuple[Layer, ...]

    @property
    def affine(self) -> Affine | None:
        """The weighted sum z = x·W + b, when the block has one."""
        return next((layer for layer in self.layers if isinstance(layer, Affine)), None)

    @property
    def activation(self) -> Layer | None:
        """The activation layer, when the block ends with one."""
        return self.layers[-1] if self.layers and activation_name(self.layers[-1]) else None

    @property
    def params(self) -> dict[str, np.ndarray]:
        """The block's weights by name ("W", "b"), as the model file stores them."""
        return {key: value for layer in self.layers for key, value in layer.params.items()}


class Model:
    """A stack of layers, a loss, and the parameters in one flat buffer (see the module doc)."""

    def __init__(self, design: Design, blocks: list[Block], flat_params: np.ndarray, flat_grads: np.ndarray):
        self.design = design
        self.blocks = blocks
        self.layers: list[Layer] = [layer for block in blocks for layer in block.layers]
        if not self.layers:
            raise ValueError("the design has no layers")
        self.dtype = flat_params.dtype
        self.input_shape = tuple(design.input_shape)
        self.input_size = math.prod(self.input_shape)
        shapes = walk(design.layers, self.input_shape)
        if any(s.output_shape is None for s in shapes):
            bad = next(s for s in shapes if s.output_shape is None)
            raise ValueError(f"layers[{bad.index}]: cannot take an input of shape {bad.input_shape}")
        self.output_shape = shapes[-1].output_shape if shapes else self.input_shape
        self.output_size = math.prod(self.output_shape)
        #: about how many numbers one sample takes through a forward and backward pass
        self.values_per_sample = values_per_sample(shapes, self.input_shape)
        #: the most rows predict_proba and evaluate run at once
        self.chunk_rows = max(1, CHUNK_BYTES // (self.values_per_sample * self.dtype.itemsize))
        learners = [layer for layer in self.layers if layer.params]
        if learners:
            # nothing below the first layer with weights learns: its input gradient
            # (for a Dense layer, a large matrix product) is never needed
            learners[0].input_grad = False

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

        loss = LOSSES[design.loss]
        fused = loss.fused is not None and isinstance(self.layers[-1], Softmax)
        self.loss = loss.fused() if fused else loss.make()
        #: the layers a training step runs: all but the final Softmax when fused, and
        #: adjacent layers that one layer computes faster as that one (`core.nn.fusion`)
        self.train_layers = fuse(self.layers[:-1] if fused else self.layers)
        #: the layers `forward` runs: all of them, fused alike
        self.run_layers = fuse(self.layers)

    def step_numbers(self, batch_size: int) -> int:
        """About how many numbers a training step of `batch_size` samples writes outside
        its matrix products (what `core.compute.cores.training_threads` asks)."""
        return self.values_per_sample * batch_size

    # ------------------------------------------------------------------ running

    def forward(self, x: np.ndarray, *, training: bool = False) -> np.ndarray:
        """The network's output for a batch: class probabilities if the last activation is softmax."""
        return self._run(self.run_layers, self._inputs(x), training)

    def predict_proba(self, x: np.ndarray, batch_size: int = BATCH) -> np.ndarray:
        """`forward` in chunks of `batch_size` rows (fewer if a chunk would not fit
        `CHUNK_BYTES`), so any number of rows fits in memory."""
        x = self._inputs(x)
        batch_size = min(batch_size, self.chunk_rows)
        if len(x) <= batch_size:
            return self._run(self.run_layers, x, False)
        return np.concatenate([self._run(self.run_layers, x[i : i + batch_size], False) for i in range(0, len(x), batch_size)])

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
        batch_size = min(batch_size, self.chunk_rows)
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
        """A (batch, *input_shape) array of the model's dtype; one unbatched sample is accepted.

        Any array holding the same numbers per sample fits: MNIST's (N, 1, 28, 28) images
        feed a flat (784,) design as rows, and (N, 784) rows an image design as images."""
        x = np.asarray(x)
        if x.shape == self.input_shape:
            x = x[None]
        if x.ndim < 2 or math.prod(x.shape[1:]) != self.input_size:
            raise ValueError(f"the network takes {self.input_size} numbers per sample (input shape {self.input_shape}), got an array of shape {x.shape}")
        return x.reshape(len(x), *self.input_shape).astype(self.dtype, copy=False)

    def _labels(self, labels: np.ndarray) -> np.ndarray:
        labels = np.asarray(labels)
        if labels.ndim != 1 or (labels.size and labels.dtype.kind not in "iu"):
            raise ValueError(f"labels must be a 1-D array of integer classes, got shape {labels.shape} of {labels.dtype}")
        if not kernels.active().in_range(labels, self.output_size):
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
        """What every layer of the design computes for `x` (no dropout): {"input", "output"}
        per layer, and "weighted_sum" for a layer with one (Dense)."""
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
    design's training seed is used. Raises ValueError for a design that cannot be
    built (core.design.costs.DesignTooLarge when it would need absurd memory)."""
    rng = np.random.default_rng(design.training.seed) if rng is None else rng
    dtype = np.dtype(dtype)
    refuse_if_too_large(design)

    # Shapes first, then one flat buffer for all weights and one for all gradients.
    shapes = walk(design.layers, design.input_shape)
    bad = next((s for s in shapes if s.output_shape is None), None)
    if bad is not None:
        raise ValueError(f"layers[{bad.index}]: a {bad.kind} layer cannot take an input of shape {bad.input_shape}")
    total = sum(math.prod(shape) for s in shapes for shape in s.param_shapes.values())
    flat_params = np.zeros(total, dtype)
    flat_grads = np.zeros(total, dtype)

    blocks: list[Block] = []
    offset = 0
    for layer, s in zip(design.layers, shapes):
        params, grads = {}, {}
        for name, shape in s.param_shapes.items():
            size = math.prod(shape)
            params[name] = flat_params[offset : offset + size].reshape(shape)
            grads[name] = flat_grads[offset : offset + size].reshape(shape)
            offset += size
        ctx = BuildContext(s.index, s.input_shape, params, grads, rng, design.training.init, dtype)
        blocks.append(Block(s.index, s.kind, tuple(type_of(layer).build(layer, ctx))))
    return Model(design, blocks, flat_params, flat_grads)


def _quiet_overflow():
    """No RuntimeWarnings from a diverging network: its loss turns inf or NaN, which the
    trainer detects and explains."""
    return np.errstate(over="ignore", invalid="ignore")
