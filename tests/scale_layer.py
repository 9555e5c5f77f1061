"""A made-up layer type, defined here alone: y = s · x with one learnable number s.

The tests register it to show that a new type needs nothing outside its own module:
the spec, checks, model, training, model files, palette and property panel pick it up.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from core.layer_types import BuildContext, Field, LayerType, register, unregister
from core.nn.layers import Layer


class ScaleLayer(Layer):
    """out = s · x; ∂L/∂s = Σ ∂L/∂out · x, ∂L/∂x = s · ∂L/∂out."""

    def __init__(self, s: np.ndarray, ds: np.ndarray):
        super().__init__()
        self.params = {"s": s}
        self.grads = {"s": ds}

    def forward(self, x, *, training):
        self.x = x
        return x * self.params["s"][0]

    def backward(self, grad_out):
        self.grads["s"][0] = np.sum(grad_out * self.x)
        return grad_out * self.params["s"][0]


@dataclass
class ScaleSpec:
    start: float = 1.0
    type: str = field(default="scale", init=False)


class Scale(LayerType):
    name = "scale"
    title = "Scale"
    blurb = "Multiplies everything by one learnt number"
    spec_class = ScaleSpec
    fields = (Field("start", "float", 1.0, lo=-10.0, hi=10.0, label="Start", tip="The number it starts from", step=0.1),)
    templates = {"scale_negative": "A negative start flips the sign of everything; start at a positive number."}
    fix_labels = {"scale_positive": "Start at 1"}

    def param_shapes(self, layer, input_shape):
        return {"s": (1,)}

    def macs(self, layer, input_shape, output_shape):
        return int(np.prod(input_shape))

    def check(self, ctx):
        from core.design.findings import finding, fix

        if ctx.layer.start < 0:
            path = f"layers[{ctx.index}].start"
            return [finding("warning", "scale_negative", path, fix("scale_positive", path, 1.0))]
        return []

    def build(self, layer, ctx: BuildContext):
        ctx.params["s"][...] = layer.start
        return [ScaleLayer(ctx.params["s"], ctx.grads["s"])]


@pytest.fixture
def scale_type():
    """The made-up type, registered for one test."""
    register(Scale())
    yield
    unregister("scale")
