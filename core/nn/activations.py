"""The activation functions a design can name, one record each.

`ACTIVATIONS` is the only list of them: the spec accepts its keys, the model builds
its layers, the checks read its `family`, the inspector its formulas and worked
arithmetic, the designer its title and tip (translated in context "names").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from core.nn.layers import LEAKY_RELU_ALPHA, Identity, Layer, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh

Family = Literal["rectifier", "saturating", "output", "linear"]


@dataclass(frozen=True)
class Activation:
    name: str
    #: shown to the user (English; the designer translates it in context "names")
    title: str
    tip: str
    layer: type[Layer]
    #: "rectifier" (ReLU-like: He initialization), "saturating" (sigmoid, tanh: Xavier,
    #: vanishing gradients), "output" (softmax: the last layer only), "linear"
    family: Family
    #: a = f(z) and ∂L/∂z from ∂L/∂a, as the inspector writes them ({alpha} for Leaky ReLU)
    forward_formula: str
    backward_formula: str
    #: unit j's forward arithmetic, from (j, n, z, a, alpha), n the unit's written number ("₁"):
    #: "a₁ = max(0, 0.4) = 0.4"
    worked: Callable[[int, str, np.ndarray, np.ndarray, float], str]
    #: unit j's backward arithmetic, from (j, n, ∂L/∂a, a, z, ∂L/∂z, alpha)
    worked_gradient: Callable[[int, str, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float], str]
    #: showing ∂L/∂z needs z (the rectifiers' slope depends on its sign) rather than a
    needs_z: bool = False
    #: its name inside a sentence ("Layer 1: weighted sum and sigmoid"), where the title's
    #: capital would be wrong: the inspector's steps, the playground's list ("" for the title)
    word: str = ""
    #: what it does to a weighted sum, in a sentence: the inspector's activation step
    #: (English; translated in context "names")
    explanation: str = ""
    #: export (core.export): the ONNX operator and its attributes, and the PyTorch module as
    #: Python source; "" for none (an export of a design using it is refused, naming it)
    onnx_op: str = ""
    onnx_attrs: tuple[tuple[str, Any], ...] = ()
    torch_module: str = ""

    def make(self) -> Layer:
        return self.layer()


def _num(v) -> str:
    from core.explain.numbers import number

    return number(v)


def _par(v) -> str:
    from core.explain.numbers import paren

    return paren(v)


def _rectifier_gradient(j, n, g, a, z, d, alpha, leak):
    slope = 1.0 if z[j] > 0 else leak
    return f"∂L/∂z{n} = {_par(g[j])} × {_num(slope)} = {_num(d[j])}"


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "relu", "ReLU", "max(0, x): fast and the usual choice for hidden layers", ReLU, "rectifier",
            "a = ReLU(z) = max(0, z)", "∂L/∂z = ∂L/∂a ⊙ (1 if z > 0, else 0)",
            lambda j, n, z, a, alpha: f"a{n} = max(0, {_num(z[j])}) = {_num(a[j])}",
            lambda j, n, g, a, z, d, alpha: _rectifier_gradient(j, n, g, a, z, d, alpha, 0.0),
            needs_z=True, onnx_op="Relu", torch_module="nn.ReLU()",
            word="ReLU",
            explanation='ReLU passes positive sums on unchanged and turns negative ones into 0.',
        ),
        Activation(
            "sigmoid", "Sigmoid", "Squeezes values into 0..1; learns slowly in deep stacks", Sigmoid, "saturating",
            "a = σ(z) = 1 / (1 + e^(−z))", "∂L/∂z = ∂L/∂a ⊙ σ(z)(1 − σ(z)) = ∂L/∂a ⊙ a(1 − a)",
            lambda j, n, z, a, alpha: f"a{n} = σ({_num(z[j])}) = 1 / (1 + e^({_num(-z[j])})) = {_num(a[j])}",
            lambda j, n, g, a, z, d, alpha: f"∂L/∂z{n} = {_par(g[j])} × {_num(a[j])} × (1 − {_num(a[j])}) = {_num(d[j])}",
            onnx_op="Sigmoid", torch_module="nn.Sigmoid()",
            word="sigmoid",
            explanation='The sigmoid function squashes each weighted sum into a value between 0 and 1.',
        ),
        Activation(
            "tanh", "Tanh", "Squeezes values into -1..1", Tanh, "saturating",
            "a = tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))", "∂L/∂z = ∂L/∂a ⊙ (1 − a²)",
            lambda j, n, z, a, alpha: f"a{n} = tanh({_num(z[j])}) = {_num(a[j])}",
            lambda j, n, g, a, z, d, alpha: f"∂L/∂z{n} = {_par(g[j])} × (1 − {_par(a[j])}²) = {_num(d[j])}",
            onnx_op="Tanh", torch_module="nn.Tanh()",
            word="tanh",
            explanation='tanh squashes each weighted sum into a value between −1 and 1.',
        ),
        Activation(
            "leaky_relu", "Leaky ReLU", "Like ReLU, but lets a little through below zero", LeakyReLU, "rectifier",
            "a = z if z > 0, else {alpha}·z", "∂L/∂z = ∂L/∂a ⊙ (1 if z > 0, else {alpha})",
            lambda j, n, z, a, alpha: f"a{n} = {_num(a[j])}" if z[j] > 0 else f"a{n} = {_num(alpha)} × {_par(z[j])} = {_num(a[j])}",
            lambda j, n, g, a, z, d, alpha: _rectifier_gradient(j, n, g, a, z, d, alpha, alpha),
            needs_z=True, onnx_op="LeakyRelu", onnx_attrs=(("alpha", LEAKY_RELU_ALPHA),),
            torch_module=f"nn.LeakyReLU({LEAKY_RELU_ALPHA!r})",
            word="Leaky ReLU",
            explanation='Leaky ReLU passes positive sums on unchanged and shrinks negative ones to a small slope.',
        ),
        Activation(
            "softmax", "Softmax", "Turns the last layer's outputs into class probabilities", Softmax, "output",
            "aₖ = e^(zₖ) / Σⱼ e^(zⱼ)", "∂L/∂zₖ = aₖ (∂L/∂aₖ − Σⱼ ∂L/∂aⱼ · aⱼ)",
            lambda j, n, z, a, alpha: f"a{n} = e^{_par(z[j])} / {_num(float(np.sum(np.exp(z))))} = {_num(a[j])}",
            lambda j, n, g, a, z, d, alpha: f"∂L/∂z{n} = {_num(a[j])} × ({_num(g[j])} − {_par(float(np.dot(g, a)))}) = {_num(d[j])}",
            # each row (a sample's class scores) on its own, as LayerLab's softmax
            onnx_op="Softmax", onnx_attrs=(("axis", 1),), torch_module="nn.Softmax(dim=1)",
            word="softmax",
            explanation='Softmax turns the outputs into probabilities: all positive, adding up to 1.',
        ),
        Activation(
            "none", "None (linear)", "Passes values through unchanged", Identity, "linear",
            "a = z", "∂L/∂z = ∂L/∂a",
            lambda j, n, z, a, alpha: f"a{n} = z{n} = {_num(a[j])}",
            lambda j, n, g, a, z, d, alpha: f"∂L/∂z{n} = {_num(d[j])}",
            onnx_op="Identity", torch_module="nn.Identity()",
            word="no activation",
            explanation='No activation: the output is the weighted sum itself.',
        ),
    )
}


def activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r} (known: {', '.join(ACTIVATIONS)})") from None


def name_of(layer: Layer) -> str:
    """The spec name of an activation layer ("relu"), or "" for any other layer."""
    for a in ACTIVATIONS.values():
        if type(layer) is a.layer:
            return a.name
    return ""


def names_in(family: Family) -> tuple[str, ...]:
    return tuple(a.name for a in ACTIVATIONS.values() if a.family == family)


__all__ = ["Activation", "ACTIVATIONS", "activation", "name_of", "names_in"]
