"""Flatten layers on screen: slate cards, "to one row", and the inspector's words."""
from __future__ import annotations

from designer.layer_views.base import LayerView
from designer.layer_views.registry import register_view


class FlattenView(LayerView):
    kind = "flatten"
    glyph = "image_to_row"
    color = "#4f6d8f"

    def detail(self, layer) -> str:
        return self.tr("to one row")

    def note(self, layer, *, is_output: bool) -> str:
        return self.tr("Lays the feature maps out as one long row of numbers, for the Dense layers after it. No weights to learn.")

    def step_title(self, step, n, activation, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("Layer {n}: back into the image's shape").format(n=n)
        return self.tr("Layer {n}: flatten").format(n=n)

    def explanation(self, step, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("The gradient arrives as a row and is put back into the shape of the feature maps; nothing else changes.")
        return self.tr("The numbers stay the same; only their arrangement changes, from channels × height × width to one row.")

    def box(self, lt, activation):
        return self.tr("Flatten")


FLATTEN_VIEW = register_view(FlattenView())
