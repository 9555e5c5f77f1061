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

Words for people (titles, explanations) are left to the GUI, which translates them;
a step carries only symbols, formulas and numbers. Vectors are 1-D here (the batch
of one is dropped); W and ∂L/∂W are (inputs, units), as in `core.nn.layers.Affine`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from core.nn.layers import Affine, LeakyReLU
from core.nn.losses import (
    PROBABILITY_FLOOR,
    MeanSquaredError,
    SoftmaxCrossEntropy,
    one_hot,
)

#: arithmetic is written out neuron by neuron when a layer has at most this many inputs...
WORKED_MAX_INPUTS = 4
#: ...and at most this many units (and a loss when there are at most this many classes)
WORKED_MAX_UNITS = 6
WORKED_MAX_CLASSES = 10

#: a = f(z) for each activation (core.design.spec.ACTIVATIONS)
FORWARD_FORMULAS = {
    "relu": "a = ReLU(z) = max(0, z)",
    "sigmoid": "a = σ(z) = 1 / (1 + e^(−z))",
    "tanh": "a = tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))",
    "leaky_relu": "a = z if z > 0, else {alpha}·z",
    "softmax": "aₖ = e^(zₖ) / Σⱼ e^(zⱼ)",
    "none": "a = z",
}
#: ∂L/∂z from ∂L/∂a for each activation: the derivative of the forward formula above
BACKWARD_FORMULAS = {
    "relu": "∂L/∂z = ∂L/∂a ⊙ (1 if z > 0, else 0)",
    "sigmoid": "∂L/∂z = ∂L/∂a ⊙ σ(z)(1 − σ(z)) = ∂L/∂a ⊙ a(1 − a)",
    "tanh": "∂L/∂z = ∂L/∂a ⊙ (1 − a²)",
    "leaky_relu": "∂L/∂z = ∂L/∂a ⊙ (1 if z > 0, else {alpha})",
    "softmax": "∂L/∂zₖ = aₖ (∂L/∂aₖ − Σⱼ ∂L/∂aⱼ · aⱼ)",
    "none": "∂L/∂z = ∂L/∂a",
}
#: softmax and cross-entropy together: their chain of derivatives collapses to this
FUSED_FORMULA = "∂L/∂z = y − t"
WEIGHTED_SUM_FORMULA = "z = x·W + b"
DROPOUT_FORMULA = "a = x"
DROPOUT_BACKWARD_FORMULA = "∂L/∂x = ∂L/∂a"
WEIGHT_GRADIENT_FORMULA = "∂L/∂W = xᵀ · ∂L/∂z    ∂L/∂b = ∂L/∂z"
INPUT_GRADIENT_FORMULA = "∂L/∂x = ∂L/∂z · Wᵀ"
LOSS_FORMULAS = {
    "cross_entropy": "L = −Σₖ tₖ log yₖ",
    "mse": "L = ½ Σₖ (yₖ − tₖ)²",
}
LOSS_GRADIENT_FORMULAS = {
    "cross_entropy": "∂L/∂y = −t / y",
    "mse": "∂L/∂y = y − t",
}

#: the order a step's arrays are best shown in (keys of `Step.values`)
FORWARD = "forward"
BACKWARD = "backward"


@dataclass(frozen=True)
class Step:
    """One thing the network computes, in the order a learner would follow it."""

    direction: str  # FORWARD or BACKWARD
    #: "input", "weighted_sum", "activation", "dropout", "loss",
    #: "loss_gradient", "activation_gradient", "weight_gradient", "input_gradient", "dropout_gradient"
    kind: str
    #: the design layer (index into design.layers), None for the input and the loss
    layer: int | None
    formula: str
    #: the arrays this step reads and writes, by symbol ("x", "W", "z", "∂L/∂z"...), in reading order
    values: dict[str, np.ndarray]
    #: the arithmetic written out per neuron (small layers only), e.g. "z₁ = 1 × 0.5 + (−1) × 0.2 + 0.1 = 0.4"
    worked: tuple[str, ...] = ()
    #: the activation of the layer ("relu", ...), "" where there is none
    activation: str = ""
    #: the symbols whose values (their columns, for a matrix) are one per class: numbered from
    #: 0 like the classes ("the largest is class 7" is y₇, in column 7), not from 1 like neurons
    per_class: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        where = "" if self.layer is None else f" layers[{self.layer}]"
        return f"Step({self.direction} {self.kind}{where}: {self.formula})"


@dataclass
class LayerTrace:
    """What one layer of the design received, computed and passed back."""

    index: int
    kind: str  # "dense" or "dropout"
    activation: str  # "" for dropout
    x: np.ndarray
    a: np.ndarray
    W: np.ndarray | None = None
    b: np.ndarray | None = None
    z: np.ndarray | None = None
    dL_da: np.ndarray | None = None
    dL_dz: np.ndarray | None = None
    dL_dW: np.ndarray | None = None
    dL_db: np.ndarray | None = None
    dL_dx: np.ndarray | None = None


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
        sizes = " -> ".join([str(self.x.size)] + [str(lt.a.size) for lt in self.layers if lt.kind == "dense"])
        return f"Trace({sizes}, label {self.label}, {self.loss_kind} loss {number(self.loss)}, {len(self.steps)} steps)"

    def gradients(self) -> dict[str, np.ndarray]:
        """∂L/∂W and ∂L/∂b by the model's parameter names ("layers.0.W", ...)."""
        out = {}
        for lt in self.layers:
            if lt.kind == "dense":
                out[f"layers.{lt.index}.W"] = lt.dL_dW
                out[f"layers.{lt.index}.b"] = lt.dL_db
        return out


# --------------------------------------------------------------------------- tracing


def trace(model, x_one: np.ndarray, label: int) -> Trace:
    """Forward and backward for one sample `x_one` (any shape holding the model's
    inputs) with class `label`, in float64, with dropout off (as when testing).

    A float32 model's weights are float32 numbers (0.3 is 0.30000001...): build the
    model with ``dtype=np.float64`` to follow a design's fixed weights exactly."""
    twin = model.with_dtype(np.float64)  # a private copy: the caller's model is untouched
    x = np.asarray(x_one, dtype=np.float64).reshape(1, -1)
    if x.shape[1] != twin.input_size:
        raise ValueError(f"the network takes {twin.input_size} numbers per sample, got {x.shape[1]}")
    label = int(label)
    if not 0 <= label < twin.output_size:
        raise ValueError(f"the label must be between 0 and {twin.output_size - 1}, got {label}")
    labels = np.array([label])
    for layer in twin.layers:
        if isinstance(layer, Affine):
            layer.input_grad = True  # show ∂L/∂x for the first layer too (the model skips it)

    # ---- forward, layer by layer
    records: list[LayerTrace] = []
    h = x
    for block in twin.blocks:
        if block.kind == "dense":
            affine, act = block.layers
            z = affine.forward(h, training=False)
            a = act.forward(z, training=False)
            records.append(LayerTrace(
                block.index, "dense", _activation_name(act), x=h, a=a,
                W=affine.params["W"].copy(), b=affine.params["b"].copy(), z=z,
            ))
        else:
            a = block.layers[0].forward(h, training=False)
            records.append(LayerTrace(block.index, block.kind, "", x=h, a=a))
        h = a
    y = h

    # ---- the loss, exactly as the model computes it
    fused = isinstance(twin.loss, SoftmaxCrossEntropy)
    loss_kind = "mse" if isinstance(twin.loss, MeanSquaredError) else "cross_entropy"
    last = records[-1]
    loss = twin.loss.forward(last.z if fused else y, labels)
    grad = twin.loss.backward()
    t = one_hot(labels, y.shape[1], np.float64)
    # ∂L/∂y, for showing (with a fused loss the model goes straight to ∂L/∂z)
    dL_dy = -t / np.maximum(y, PROBABILITY_FLOOR) if fused else grad

    # ---- backward, layer by layer, through the model's own backward methods
    for block, rec in zip(reversed(twin.blocks), reversed(records)):
        if block.kind == "dense":
            affine, act = block.layers
            if fused and rec is last:
                rec.dL_da, rec.dL_dz = dL_dy, grad
            else:
                rec.dL_da = grad
                rec.dL_dz = act.backward(grad)
            rec.dL_dx = affine.backward(rec.dL_dz)
            rec.dL_dW = affine.grads["W"].copy()
            rec.dL_db = affine.grads["b"].copy()
            grad = rec.dL_dx
        else:
            rec.dL_da = grad
            rec.dL_dx = grad = block.layers[0].backward(grad)

    result = Trace(
        x=x[0], label=label, output=y[0], target=t[0], loss=float(loss), loss_kind=loss_kind, fused=fused,
        layers=[_squeezed(r) for r in records],
    )
    result.steps = _steps(result, twin)
    return result


def _activation_name(layer) -> str:
    from core.nn.layers import ACTIVATIONS

    for name, cls in ACTIVATIONS.items():
        if type(layer) is cls:
            return name
    return type(layer).__name__.lower()


def _squeezed(r: LayerTrace) -> LayerTrace:
    """Drop the batch axis of one: vectors become 1-D."""
    def one(v):
        return None if v is None else (v[0].copy() if v.ndim == 2 and v.shape[0] == 1 else v)

    return LayerTrace(
        r.index, r.kind, r.activation, x=one(r.x), a=one(r.a), W=r.W, b=r.b, z=one(r.z),
        dL_da=one(r.dL_da), dL_dz=one(r.dL_dz), dL_dW=r.dL_dW, dL_db=r.dL_db, dL_dx=one(r.dL_dx),
    )


# --------------------------------------------------------------------------- steps

#: what is one per class in the output layer's steps and the loss's (columns, for W and ∂L/∂W)
_PER_CLASS = frozenset({"y", "t", "∂L/∂y", "z", "a", "b", "∂L/∂a", "∂L/∂z", "∂L/∂b", "W", "∂L/∂W"})


def _steps(tr: Trace, model) -> list[Step]:
    alphas = {b.index: b.layers[1].alpha for b in model.blocks if b.kind == "dense" and isinstance(b.layers[1], LeakyReLU)}
    n = tr.x.size
    names = [f"x{sub(i + 1)}" for i in range(n)] if n <= 4 else ["x₁", "x₂", "…", f"x{sub(n)}"]
    steps = [Step(FORWARD, "input", None, f"x = ({', '.join(names)})", {"x": tr.x})]
    last = tr.layers[-1]
    for lt in tr.layers:
        # the output layer's units are the classes: numbered from 0, as the classes are
        first, classes = (0, _PER_CLASS) if lt is last else (1, frozenset())
        if lt.kind == "dense":
            steps.append(Step(FORWARD, "weighted_sum", lt.index, WEIGHTED_SUM_FORMULA,
                              {"x": lt.x, "W": lt.W, "b": lt.b, "z": lt.z}, _worked_weighted_sum(lt, first), lt.activation,
                              classes))
            alpha = alphas.get(lt.index, 0.01)
            steps.append(Step(FORWARD, "activation", lt.index, FORWARD_FORMULAS[lt.activation].format(alpha=number(alpha)),
                              {"z": lt.z, "a": lt.a}, _worked_activation(lt, alpha, first), lt.activation, classes))
        else:
            steps.append(Step(FORWARD, "dropout", lt.index, DROPOUT_FORMULA, {"x": lt.x, "a": lt.a}))
    y, t = tr.output, tr.target
    steps.append(Step(FORWARD, "loss", None, LOSS_FORMULAS[tr.loss_kind],
                      {"y": y, "t": t, "L": np.array([tr.loss])}, _worked_loss(tr), per_class=_PER_CLASS))

    steps.append(Step(BACKWARD, "loss_gradient", None, LOSS_GRADIENT_FORMULAS[tr.loss_kind],
                      {"y": y, "t": t, "∂L/∂y": last.dL_da}, _worked_loss_gradient(tr), per_class=_PER_CLASS))
    for lt in reversed(tr.layers):
        if lt.kind == "dense":
            first, classes = (0, _PER_CLASS) if lt is last else (1, frozenset())
            alpha = alphas.get(lt.index, 0.01)
            fused = tr.fused and lt is last
            formula = FUSED_FORMULA if fused else BACKWARD_FORMULAS[lt.activation].format(alpha=number(alpha))
            local = {"z": lt.z} if lt.activation in ("relu", "leaky_relu") else {"a": lt.a}
            values = {"y": y, "t": t, "∂L/∂z": lt.dL_dz} if fused else {"∂L/∂a": lt.dL_da, **local, "∂L/∂z": lt.dL_dz}
            steps.append(Step(BACKWARD, "activation_gradient", lt.index, formula, values,
                              _worked_activation_gradient(lt, fused, t, alpha, first), lt.activation, classes))
            steps.append(Step(BACKWARD, "weight_gradient", lt.index, WEIGHT_GRADIENT_FORMULA,
                              {"x": lt.x, "∂L/∂z": lt.dL_dz, "∂L/∂W": lt.dL_dW, "∂L/∂b": lt.dL_db},
                              _worked_weight_gradient(lt, first), lt.activation, classes))
            steps.append(Step(BACKWARD, "input_gradient", lt.index, INPUT_GRADIENT_FORMULA,
                              {"∂L/∂z": lt.dL_dz, "W": lt.W, "∂L/∂x": lt.dL_dx},
                              _worked_input_gradient(lt, first), lt.activation, classes))
        else:
            steps.append(Step(BACKWARD, "dropout_gradient", lt.index, DROPOUT_BACKWARD_FORMULA,
                              {"∂L/∂a": lt.dL_da, "∂L/∂x": lt.dL_dx}))
    return steps


# --------------------------------------------------------------------------- numbers as text

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(i: int) -> str:
    """1 -> '₁': the 1-based neuron numbers of textbook formulas."""
    return str(i).translate(_SUBSCRIPT)


def number(v: float, digits: int = 4) -> str:
    """A value as a learner reads it: 0.5987, −0.3, 1.2e−05 (a real minus sign)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e5:
        text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.{max(1, digits - 1)}e}"
        mantissa, exp = text.split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exp)}"
    return text.replace("-", "−")


def _paren(v: float) -> str:
    """Negative numbers in brackets inside a product: 1 × (−0.2)."""
    text = number(v)
    return f"({text})" if text.startswith("−") else text


def _small(lt: LayerTrace) -> bool:
    return lt.x.size <= WORKED_MAX_INPUTS and lt.a.size <= WORKED_MAX_UNITS


def _worked_weighted_sum(lt: LayerTrace, first: int = 1) -> tuple[str, ...]:
    """`first`: the number of the layer's first unit (0 for the output layer, whose units are classes)."""
    if not _small(lt):
        return ()
    lines = []
    for j in range(lt.z.size):
        terms = " + ".join(f"{_paren(lt.x[i])} × {_paren(lt.W[i, j])}" for i in range(lt.x.size))
        lines.append(f"z{sub(j + first)} = {terms} + {_paren(lt.b[j])} = {number(lt.z[j])}")
    return tuple(lines)


def _worked_activation(lt: LayerTrace, alpha: float, first: int = 1) -> tuple[str, ...]:
    if not _small(lt):
        return ()
    lines = []
    z, a = lt.z, lt.a
    for j in range(z.size):
        n = sub(j + first)
        zj = _paren(z[j])
        if lt.activation == "sigmoid":
            lines.append(f"a{n} = σ({number(z[j])}) = 1 / (1 + e^({number(-z[j])})) = {number(a[j])}")
        elif lt.activation == "relu":
            lines.append(f"a{n} = max(0, {number(z[j])}) = {number(a[j])}")
        elif lt.activation == "tanh":
            lines.append(f"a{n} = tanh({number(z[j])}) = {number(a[j])}")
        elif lt.activation == "leaky_relu":
            lines.append(f"a{n} = {number(a[j])}" if z[j] > 0 else f"a{n} = {number(alpha)} × {zj} = {number(a[j])}")
        elif lt.activation == "softmax":
            total = float(np.sum(np.exp(z)))
            lines.append(f"a{n} = e^{zj} / {number(total)} = {number(a[j])}")
        else:
            lines.append(f"a{n} = z{n} = {number(a[j])}")
    return tuple(lines)


def _worked_loss(tr: Trace) -> tuple[str, ...]:
    y, t = tr.output, tr.target
    if tr.loss_kind == "cross_entropy":
        p = float(y[tr.label])
        return (f"L = −log {number(p)} = {number(tr.loss)}",)
    if y.size > WORKED_MAX_CLASSES:
        return ()
    terms = " + ".join(f"({number(y[k])} − {number(t[k])})²" for k in range(y.size))
    return (f"L = ½ × ({terms}) = {number(tr.loss)}",)


def _worked_loss_gradient(tr: Trace) -> tuple[str, ...]:
    y, t, g = tr.output, tr.target, tr.layers[-1].dL_da
    if y.size > WORKED_MAX_CLASSES:
        return ()
    lines = []
    for k in range(y.size):
        n = sub(k)  # one per class, numbered as the classes
        if tr.loss_kind == "cross_entropy":
            if t[k]:
                lines.append(f"∂L/∂y{n} = −1 / {number(y[k])} = {number(g[k])}")
        else:
            lines.append(f"∂L/∂y{n} = {number(y[k])} − {number(t[k])} = {number(g[k])}")
    if tr.loss_kind == "cross_entropy":
        lines.append("∂L/∂yₖ = 0 for every other k")
    return tuple(lines)


def _worked_activation_gradient(lt: LayerTrace, fused: bool, t: np.ndarray, alpha: float, first: int = 1) -> tuple[str, ...]:
    if not _small(lt) and not (fused and lt.a.size <= WORKED_MAX_CLASSES):
        return ()
    lines = []
    for j in range(lt.a.size):
        n = sub(j + first)
        g, a, d = lt.dL_da[j], lt.a[j], lt.dL_dz[j]
        if fused:
            lines.append(f"∂L/∂z{n} = {number(a)} − {number(t[j])} = {number(d)}")
        elif lt.activation == "sigmoid":
            lines.append(f"∂L/∂z{n} = {_paren(g)} × {number(a)} × (1 − {number(a)}) = {number(d)}")
        elif lt.activation == "tanh":
            lines.append(f"∂L/∂z{n} = {_paren(g)} × (1 − {_paren(a)}²) = {number(d)}")
        elif lt.activation in ("relu", "leaky_relu"):
            slope = 1.0 if lt.z[j] > 0 else (0.0 if lt.activation == "relu" else alpha)
            lines.append(f"∂L/∂z{n} = {_paren(g)} × {number(slope)} = {number(d)}")
        elif lt.activation == "softmax":
            dot = float(np.dot(lt.dL_da, lt.a))
            lines.append(f"∂L/∂z{n} = {number(a)} × ({number(g)} − {_paren(dot)}) = {number(d)}")
        else:
            lines.append(f"∂L/∂z{n} = {number(d)}")
    return tuple(lines)


def _worked_weight_gradient(lt: LayerTrace, first: int = 1) -> tuple[str, ...]:
    if not _small(lt):
        return ()
    lines = []
    for i in range(lt.x.size):
        for j in range(lt.a.size):
            lines.append(f"∂L/∂w{sub(i + 1)}{sub(j + first)} = x{sub(i + 1)} × ∂L/∂z{sub(j + first)} = "
                         f"{_paren(lt.x[i])} × {_paren(lt.dL_dz[j])} = {number(lt.dL_dW[i, j])}")
    for j in range(lt.a.size):
        lines.append(f"∂L/∂b{sub(j + first)} = ∂L/∂z{sub(j + first)} = {number(lt.dL_db[j])}")
    return tuple(lines)


def _worked_input_gradient(lt: LayerTrace, first: int = 1) -> tuple[str, ...]:
    if not _small(lt):
        return ()
    lines = []
    for i in range(lt.x.size):
        terms = " + ".join(f"{_paren(lt.dL_dz[j])} × {_paren(lt.W[i, j])}" for j in range(lt.a.size))
        lines.append(f"∂L/∂x{sub(i + 1)} = {terms} = {number(lt.dL_dx[i])}")
    return tuple(lines)


__all__ = [
    "Step", "LayerTrace", "Trace", "trace", "number", "sub", "FORWARD", "BACKWARD",
    "FORWARD_FORMULAS", "BACKWARD_FORMULAS", "FUSED_FORMULA", "WEIGHTED_SUM_FORMULA",
    "WEIGHT_GRADIENT_FORMULA", "INPUT_GRADIENT_FORMULA", "LOSS_FORMULAS", "LOSS_GRADIENT_FORMULAS",
]
