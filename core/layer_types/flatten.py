"""Flatten: an image (channels, height, width) becomes one row of C·H·W numbers.

A Dense layer needs a flat row, so a Flatten goes between the last image layer and
the first Dense one (the checks offer to insert it). No weights; the NumPy layer
`core.nn.layers.Flatten` only reshapes, forward and backward.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from core.design.findings import finding, fix
from core.explain.steps import BACKWARD, FORWARD, Step
from core.layer_types.base import BuildContext, LayerCheck, LayerType
from core.layer_types.registry import register
from core.nn.layers import Flatten as FlattenLayer


@dataclass
class FlattenSpec:
    type: str = field(default="flatten", init=False)


class Flatten(LayerType):
    name = "flatten"
    title = "Flatten"
    blurb = "Turns an image into one long row"
    spec_class = FlattenSpec
    since_version = 2
    templates = {"flatten_flat": "This Flatten layer does nothing: its input is already a flat row."}
    fix_labels = {"remove_flatten": "Remove the Flatten layer"}
    forward_formula = "a = x as one row"
    backward_formula = "∂L/∂x = ∂L/∂a in the shape of x"

    def label(self, layer):
        return "Flatten()"

    def output_shape(self, layer, input_shape):
        return (math.prod(input_shape),)

    def check(self, ctx: LayerCheck):
        if len(ctx.input_shape) > 1:
            return []
        path = f"layers[{ctx.index}]"
        return [finding("warning", "flatten_flat", path, fix("remove_flatten", path, None, action="remove"))]

    def build(self, layer, ctx: BuildContext):
        return [FlattenLayer()]

    def forward_steps(self, lt, ctx):
        shape = "×".join(str(d) for d in lt.x.shape)
        return [Step(FORWARD, self.name, lt.index, f"a = x as one row: {shape} → {lt.a.size}", {"x": lt.x, "a": lt.a})]

    def backward_steps(self, lt, ctx):
        shape = "×".join(str(d) for d in lt.x.shape)
        return [Step(BACKWARD, f"{self.name}_gradient", lt.index, f"∂L/∂x = ∂L/∂a in the shape of x: {lt.a.size} → {shape}",
                     {"∂L/∂a": lt.dL_da, "∂L/∂x": lt.dL_dx})]

    def onnx_nodes(self, layer, graph):
        return graph.node("Flatten", [graph.input], axis=1)  # (N, C, H, W) -> (N, C·H·W), C first as here

    def torch_part(self, layer, index, input_shape):
        from core.export.parts import TorchModule, TorchPart

        return TorchPart([TorchModule(f"flatten{index}", "nn.Flatten()")])


FLATTEN = register(Flatten())

__all__ = ["FlattenSpec", "Flatten", "FLATTEN"]
