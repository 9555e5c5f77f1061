"""Dropout: in training, switch off a random share of the values (inverted dropout).

It keeps the shape and has no weights; at inference it is the identity. It cannot
end the network, and a high rate slows learning (both are checks of its own).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core.design.findings import finding, fix
from core.layer_types.base import BuildContext, Field, LayerCheck, LayerType
from core.layer_types.registry import register
from core.nn.layers import Dropout as DropoutLayer

#: a dropout rate at or above this drops too much
HIGH_DROPOUT_RATE = 0.7
SUGGESTED_DROPOUT_RATE = 0.5
#: the largest rate the designer's spin box offers (the spec allows [0, 1))
EDITOR_MAX_RATE = 0.95


@dataclass
class DropoutSpec:
    rate: float = 0.2
    type: str = field(default="dropout", init=False)


class Dropout(LayerType):
    name = "dropout"
    title = "Dropout"
    blurb = "Drops random values in training"
    spec_class = DropoutSpec
    fields = (
        Field("rate", "float", 0.2, lo=0.0, hi=1.0, hi_open=True, required=True, label="Rate",
              tip="The share of values switched off at random during training (0.2 to 0.5 is usual)",
              structural=False, step=0.05, decimals=2, editor_max=EDITOR_MAX_RATE),
    )
    last_code = "dropout_last"
    last_fix = "dropout_above"
    templates = {
        "dropout_last": "Dropout can't be the last layer: the network must end with a Dense layer that gives one output per class.",
        "high_dropout": "A dropout rate of {rate:g} switches off most values at every step, so the network learns slowly. 0.2 to 0.5 is usual.",
    }
    fix_labels = {"rate": "Set the dropout rate to {rate:g}", "dropout_above": "Move the Dropout above the output layer"}
    # off when testing, so the inspector's sample passes straight through
    forward_formula = "a = x"
    backward_formula = "∂L/∂x = ∂L/∂a"

    def label(self, layer):
        return f"Dropout({layer.rate:g})"

    def value_bound(self, layer, weights, bound):
        return bound, float(bound.max(initial=0.0))  # at inference the identity

    def check(self, ctx: LayerCheck):
        if ctx.layer.rate < HIGH_DROPOUT_RATE:
            return []
        path = f"layers[{ctx.index}].rate"
        return [finding("warning", "high_dropout", path, fix("rate", path, SUGGESTED_DROPOUT_RATE, rate=SUGGESTED_DROPOUT_RATE), rate=ctx.layer.rate)]

    def build(self, layer, ctx: BuildContext):
        return [DropoutLayer(layer.rate, ctx.child_rng())]

    def onnx_nodes(self, layer, graph):
        return graph.node("Identity", [graph.input])  # inference: nothing is dropped

    def torch_part(self, layer, index, input_shape):
        from core.export.parts import TorchModule, TorchPart

        # inverted dropout too: survivors scaled by 1 / (1 - p) in training, the identity at inference
        return TorchPart([TorchModule(f"dropout{index}", f"nn.Dropout(p={layer.rate!r})")])


DROPOUT = register(Dropout())

__all__ = ["DropoutSpec", "Dropout", "DROPOUT"]
