"""The inspector's vocabulary: a `Step` of the computation and a layer's `LayerTrace`.

`core.explain.inspect` runs one sample through a network; each layer type
(`core.layer_types`) records what its layer computed (`LayerType.trace_forward`,
`trace_backward`) and says which steps a learner follows through it
(`forward_steps`, `backward_steps`). Words for people are left to the GUI: a step
carries only symbols, formulas and numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FORWARD = "forward"
BACKWARD = "backward"

#: arithmetic is written out neuron by neuron when a layer has at most this many inputs...
WORKED_MAX_INPUTS = 4
#: ...and at most this many units (and a loss when there are at most this many classes)
WORKED_MAX_UNITS = 6
WORKED_MAX_CLASSES = 10


@dataclass(frozen=True)
class Step:
    """One thing the network computes, in the order a learner would follow it."""

    direction: str  # FORWARD or BACKWARD
    #: what is computed: "input", "loss", "loss_gradient", or a layer type's own step
    #: ("weighted_sum", "activation", "activation_gradient", "weight_gradient",
    #: "input_gradient" for Dense; "dropout", "dropout_gradient" for Dropout; ...)
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
    #: softmax and cross-entropy computed together: ∂L/∂z = y − t in one step
    fused: bool = False
    #: the symbols whose values (their columns, for a matrix) are one per class: numbered from
    #: 0 like the classes ("the largest is class 7" is y₇, in column 7), not from 1 like neurons
    per_class: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        where = "" if self.layer is None else f" layers[{self.layer}]"
        return f"Step({self.direction} {self.kind}{where}: {self.formula})"


@dataclass
class LayerTrace:
    """What one layer of the design received, computed and passed back (one sample,
    without the batch axis). Which of the optional arrays are there depends on the type."""

    index: int
    kind: str  # its layer type ("dense", "dropout", ...)
    activation: str  # "" for a layer without one
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
    #: ∂L/∂(each weight array), by the array's name in the model ("W", "b")
    param_grads: dict[str, np.ndarray] = field(default_factory=dict)
    #: anything else a layer type records (e.g. a pooling layer's argmax mask)
    extra: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class TraceContext:
    """What a layer's steps need from the whole trace."""

    #: the network's output y and the one-hot target t
    y: np.ndarray
    t: np.ndarray
    #: softmax and cross-entropy are fused, and this is the layer they end
    fused_here: bool
    #: Leaky ReLU's slope below zero, for this layer's formulas
    alpha: float = 0.01
    #: the number of the layer's first unit: 1, as neurons are numbered, or 0 for the output
    #: layer, whose units are the classes (and `per_class` then names what is one per class)
    first: int = 1
    per_class: frozenset[str] = frozenset()


#: what is one per class in the output layer's steps and the loss's (columns, for W and ∂L/∂W)
PER_CLASS = frozenset({"y", "t", "∂L/∂y", "z", "a", "b", "∂L/∂a", "∂L/∂z", "∂L/∂b", "W", "∂L/∂W"})


def squeezed(v: np.ndarray | None) -> np.ndarray | None:
    """Drop the batch axis of one: a (1, n) row becomes a vector, (1, C, H, W) a (C, H, W) image."""
    return None if v is None else (v[0].copy() if v.ndim >= 2 and v.shape[0] == 1 else v)


__all__ = [
    "FORWARD", "BACKWARD", "WORKED_MAX_INPUTS", "WORKED_MAX_UNITS", "WORKED_MAX_CLASSES",
    "Step", "LayerTrace", "TraceContext", "squeezed", "PER_CLASS",
]
