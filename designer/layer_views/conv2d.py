"""Conv2D layers on screen: teal cards, "16 filters 3 × 3 · padding 1 · ReLU", and the
inspector's words for its default steps (its own views of feature maps come later)."""
from __future__ import annotations

from designer.layer_views.base import LayerView
from designer.layer_views.registry import register_view
from designer.text import names


class Conv2DView(LayerView):
    kind = "conv2d"
    glyph = "filter_grid"
    color = "#0f9d8a"

    def detail(self, layer) -> str:
        parts = [self.tr("{filters} filters {kernel}").format(
            filters=names.format_count(layer.filters), kernel=names.field_value("size", _pair(layer.kernel_size)))]
        if layer.stride != 1:
            parts.append(self.tr("stride {stride}").format(stride=layer.stride))
        if layer.padding != 0:
            parts.append(self.tr("padding {padding}").format(padding=names.field_value("padding", layer.padding)))
        parts.append(names.activation_title(layer.activation))
        return " · ".join(parts)

    def note(self, layer, *, is_output: bool) -> str:
        return self.tr("Each filter slides over the whole input and makes one feature map: the output has one channel per filter. "
                       "Padding \"same\" keeps the height and width.")

    def brief(self, layer) -> str:
        return f"{self.title()} {names.format_shape((layer.filters, *_pair(layer.kernel_size)))}"

    def summary(self, layer) -> str:
        return self.tr("Conv2D {filters}, {act}").format(filters=layer.filters, act=names.activation_title(layer.activation))

    def step_title(self, step, n, activation, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("Layer {n}: back through the convolution").format(n=n)
        return self.tr("Layer {n}: convolution and {act}").format(n=n, act=activation or names.activation_title("none"))

    def explanation(self, step, *, first):
        if step.kind.endswith("_gradient"):
            return self.tr("Each kernel weight's gradient adds up, over every position, the input it touched times the gradient "
                           "there; the input's gradient spreads each position's gradient back over its patch.")
        return self.tr("Every filter is a small grid of weights. At each position it multiplies the patch of the input under it "
                       "by its weights, adds them up with its bias, and the activation is applied: one feature map per filter.")

    def box(self, lt, activation):
        return self.tr("Conv2D {filters}, {act}").format(filters=lt.a.shape[0] if lt.a.ndim == 3 else lt.a.size, act=activation)


def _pair(value) -> list[int]:
    return list(value) if isinstance(value, (list, tuple)) else [value, value]


CONV2D_VIEW = register_view(Conv2DView())
