"""Dropout layers on screen: orange cards, "rate 0.2", and why the inspector passes through them."""
from __future__ import annotations

from designer.layer_views.base import LayerView
from designer.layer_views.registry import register_view


class DropoutView(LayerView):
    kind = "dropout"
    glyph = "dropped_dots"
    color = "#e0892b"

    def detail(self, layer) -> str:
        return self.tr("rate {rate}").format(rate=f"{layer.rate:g}")

    def note(self, layer, *, is_output: bool) -> str:
        return self.tr("Dropout is active only while training; it helps the network generalise.")

    def step_title(self, step, n, activation, *, first):
        if step.kind == "dropout":
            return self.tr("Layer {n}: dropout").format(n=n)
        return self.tr("Layer {n}: back through dropout").format(n=n)

    def explanation(self, step, *, first):
        if step.kind == "dropout":
            return self.tr("Dropout switches off random neurons while training. When testing, as here, it does nothing: the output is the input.")
        return self.tr("Dropout is off when testing, so the gradient passes through unchanged.")

    def box(self, lt, activation):
        return self.tr("Dropout (off)")


DROPOUT_VIEW = register_view(DropoutView())
