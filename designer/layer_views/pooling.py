"""MaxPool2D and AvgPool2D on screen: violet and plum cards, "2 × 2 windows", and the
inspector's words for their default steps."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from designer.layer_views.base import LayerView
from designer.layer_views.registry import register_view
from designer.text import names


def _window(layer) -> str:
    size = layer.pool_size if isinstance(layer.pool_size, (list, tuple)) else [layer.pool_size, layer.pool_size]
    return names.field_value("size", size)


class PoolView(LayerView):
    """What max and average pooling cards share (their words in context "PoolView")."""

    def brief(self, layer) -> str:
        return f"{self.title()} {_window(layer)}"

    def detail(self, layer) -> str:
        if layer.stride is None:
            return QCoreApplication.translate("PoolView", "{window} windows").format(window=_window(layer))
        return QCoreApplication.translate("PoolView", "{window} windows · stride {stride}").format(window=_window(layer), stride=layer.stride)


class MaxPool2DView(PoolView):
    kind = "maxpool2d"
    glyph = "max_grid"
    color = "#7b5bd6"

    def note(self, layer, *, is_output: bool) -> str:
        return self.tr("Keeps the largest value of each window, channel by channel: the image shrinks, the strongest responses stay. "
                       "No weights to learn.")

    def step_title(self, step, n, activation, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("Layer {n}: back through max pooling").format(n=n)
        return self.tr("Layer {n}: max pooling").format(n=n)

    def explanation(self, step, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("Only the largest value of each window reached the output, so only it gets the gradient; the others get 0.")
        return self.tr("Each window of each feature map is replaced by its largest value.")

    def box(self, lt, activation):
        return self.tr("Max pooling")


class AvgPool2DView(PoolView):
    kind = "avgpool2d"
    glyph = "mean_grid"
    color = "#b4508e"

    def note(self, layer, *, is_output: bool) -> str:
        return self.tr("Keeps the average of each window, channel by channel: the image shrinks and gets smoother. No weights to learn.")

    def step_title(self, step, n, activation, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("Layer {n}: back through average pooling").format(n=n)
        return self.tr("Layer {n}: average pooling").format(n=n)

    def explanation(self, step, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("Every value of a window counted equally in its average, so each gets an equal share of the window's gradient.")
        return self.tr("Each window of each feature map is replaced by the average of its values.")

    def box(self, lt, activation):
        return self.tr("Average pooling")


MAXPOOL2D_VIEW = register_view(MaxPool2DView())
AVGPOOL2D_VIEW = register_view(AvgPool2DView())
