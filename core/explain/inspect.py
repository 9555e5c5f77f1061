"""One sample through the network, step by step: forward, the loss, then backward.

`trace(model, x, label)` runs a float64 copy of `model` on one sample with the
model's own layers and loss (so the numbers are exactly the ones training uses)
and records, for every layer of the design:

    forward:   x (input), z = x·W + b (weighted sum), a = f(z) (activation)
    the loss:  L, from the output y and the one-hot target t
    backward:  ∂L/∂a, ∂L/∂z, ∂L/∂W, ∂L/∂b, ∂L/∂x

and lays them out as a list of `Step`s, each with the textbook formula it computes
and, for small layers, the arithmetic written out neuron by neuron, so that a
learner can follow the worked example (resources/examples/worked_example.json)
with a pencil. The model passed in is never changed.

Each layer type (`core.layer_types`) records its own layer and lays out its own
steps; this module runs them in order, with the input and the loss between. Words
for people (titles, explanations) are left to the GUI, which translates them; a
step carries only symbols, formulas and numbers. Vectors are 1-D here (the batch of
one is dropped); W and ∂L/∂W are (inputs, units), as in `core.nn.layers.Affine`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.explain.numbers import number, paren, sub
from core.explain.steps import (
    BACKWARD,
    FORWARD,
    PER_CLASS,
    WORKED_MAX_CLASSES,
    WORKED_MAX_INPUTS,
    WORKED_MAX_UNITS,
    LayerTrace,
    Step,
    TraceContext,
    squeezed,
)
from core.layer_types import layer_type
from core.nn.layers import LeakyReLU
from core.nn.losses import LOSSES, PROBABILITY_FLOOR, SoftmaxCrossEntropy, one_hot


@dataclass
class Trace:
    """A sample's whole journey: per-layer records and the steps to show them by."""

    x: np.ndarray
    label: int
    output: np.ndarray  # y: the network's output (probabilities after a softmax)
    target: np.ndarray  # t: one-hot of the label
    loss: float
    loss_kind: str  # "cross_entropy" or "mse"
    #: True when softmax and cross-entropy are computed together (∂L/∂z = y − t)
    fused: bool
    layers: list[LayerTrace] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def prediction(self) -> int:
        return int(np.argmax(self.output))

    def forward_steps(self) -> list[Step]:
        return [s for s in self.steps if s.direction == FORWARD]

    def backward_steps(self) -> list[Step]:
        return [s for s in self.steps if s.direction == BACKWARD]

    def __repr__(self) -> str:
        sizes = " -> ".join([str(self.x.size)] + [str(lt.a.size) for lt in self.layers if lt.param_grads])
        return f"Trace({sizes}, label {self.label}, {self.loss_kind} loss {number(self.loss)}, {len(self.steps)} steps)"

    def gradients(self) -> dict[str, np.ndarray]:
        """∂L/∂W, ∂L/∂b... by the model's parameter names ("layers.0.W", ...)."""
        return {f"layers.{lt.index}.{name}": g for lt in self.layers for name, g in lt.param_grads.items()}


# --------------------------------------------------------------------------- tracing


def trace(model, x_one: np.ndarray, label: int) -> Trace:
    """Forward and backward for one sample `x_one` (any shape holding the model's
    inputs) with class `label`, in float64, with dropout off (as when testing).

    A float32 model's weights are float32 numbers (0.3 is 0.30000001...): build the
    model with ``dtype=np.float64`` to follow a design's fixed weights exactly."""
    twin = model.with_dtype(np.float64)  # a private copy: the caller's model is untouched
    x_one = np.asarray(x_one, dtype=np.float64)
    if x_one.size != twin.input_size:
        raise ValueError(f"the network takes {twin.input_size} numbers per sample, got {x_one.size}")
    x = twin._inputs(x_one.reshape(1, *twin.input_shape))
    label = int(label)
    if not 0 <= label < twin.output_size:
        raise ValueError(f"the label must be between 0 and {twin.output_size - 1}, got {label}")
    labels = np.array([label])
    for layer in twin.layers:
        layer.input_grad = True  # show ∂L/∂x for the first layer too (the model skips it)

    # ---- forward, layer by layer
    types = [layer_type(block.kind) for block in twin.blocks]
    records: list[LayerTrace] = []
    h = x
    for t, block in zip(types, twin.blocks):
        records.append(t.trace_forward(block, h))
        h = records[-1].a
    y = h.reshape(1, -1)

    # ---- the loss, exactly as the model computes it
    fused = isinstance(twin.loss, SoftmaxCrossEntropy)
    loss_kind = twin.design.loss
    last = records[-1]
    loss = twin.loss.forward(last.z if fused else y, labels)
    grad = twin.loss.backward()
    t = one_hot(labels, y.shape[1], np.float64)
    # ∂L/∂y, for showing (with a fused loss the model goes straight to ∂L/∂z)
    dL_dy = -t / np.maximum(y, PROBABILITY_FLOOR) if fused else grad

    # ---- backward, layer by layer, through the model's own backward methods
    for t_, block, rec in zip(reversed(types), reversed(twin.blocks), reversed(records)):
        if fused and rec is last:
            grad = t_.trace_backward(block, rec, dL_dy, loss_gradient=grad)
        else:
            grad = t_.trace_backward(block, rec, grad)

    result = Trace(
        x=x[0], label=label, output=y[0], target=t[0], loss=float(loss), loss_kind=loss_kind, fused=fused,
        layers=[_squeezed(r) for r in records],
    )
    result.steps = _steps(result, twin)
    return result


def _squeezed(r: LayerTrace) -> LayerTrace:
    """Drop the batch axis of one: vectors become 1-D."""
    return LayerTrace(
        r.index, r.kind, r.activation, x=squeezed(r.x), a=squeezed(r.a), W=r.W, b=r.b, z=squeezed(r.z),
        dL_da=squeezed(r.dL_da), dL_dz=squeezed(r.dL_dz), dL_dW=r.dL_dW, dL_db=r.dL_db, dL_dx=squeezed(r.dL_dx),
        param_grads=dict(r.param_grads), extra={k: squeezed(v) for k, v in r.extra.items()},
    )


# --------------------------------------------------------------------------- steps

#: what is one per class in the output layer's steps and the loss's (columns, for W and ∂L/∂W)
_PER_CLASS = frozenset({"y", "t", "∂L/∂y", "z", "a", "b", "∂L/∂a", "∂L/∂z", "∂L/∂b", "W", "∂L/∂W"})


def _steps(tr: Trace, model) -> list[Step]:
    alphas = {b.index: b.activation.alpha for b in model.blocks if isinstance(b.activation, LeakyReLU)}
    n = tr.x.size
    names = [f"x{sub(i + 1)}" for i in range(n)] if n <= 4 else ["x₁", "x₂", "…", f"x{sub(n)}"]
    y, t = tr.output, tr.target
    last = tr.layers[-1]

    def ctx(lt: LayerTrace) -> TraceContext:
        # the output layer's units are the classes: numbered from 0, as the classes are
        first, per_class = (0, PER_CLASS) if lt is last else (1, frozenset())
        return TraceContext(y, t, tr.fused and lt is last, alphas.get(lt.index, 0.01), first, per_class)

    steps = [Step(FORWARD, "input", None, f"x = ({', '.join(names)})", {"x": tr.x})]
    last = tr.layers[-1]
    for lt in tr.layers:
        steps.extend(layer_type(lt.kind).forward_steps(lt, ctx(lt)))
    loss = LOSSES[tr.loss_kind]
    steps.append(Step(FORWARD, "loss", None, loss.formula, {"y": y, "t": t, "L": np.array([tr.loss])}, _worked_loss(tr),
                      per_class=PER_CLASS))
    steps.append(Step(BACKWARD, "loss_gradient", None, loss.gradient_formula,
                      {"y": y, "t": t, "∂L/∂y": last.dL_da}, _worked_loss_gradient(tr), per_class=PER_CLASS))
    for lt in reversed(tr.layers):
        steps.extend(layer_type(lt.kind).backward_steps(lt, ctx(lt)))
    return steps


def _worked_loss(tr: Trace) -> tuple[str, ...]:
    """The loss's arithmetic, as its record writes it (see core.nn.losses)."""
    loss = LOSSES[tr.loss_kind]
    return () if loss.worked is None else loss.worked(tr.output, tr.target, tr.label, tr.loss)


def _worked_loss_gradient(tr: Trace) -> tuple[str, ...]:
    loss = LOSSES[tr.loss_kind]
    if loss.worked_gradient is None or tr.output.size > WORKED_MAX_CLASSES:
        return ()
    return loss.worked_gradient(tr.output, tr.target, np.ravel(tr.layers[-1].dL_da))


__all__ = [
    "FORWARD", "BACKWARD", "Step", "LayerTrace", "Trace", "trace", "number", "paren", "sub",
    "WORKED_MAX_INPUTS", "WORKED_MAX_UNITS", "WORKED_MAX_CLASSES",
]
