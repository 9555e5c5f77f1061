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
        k = step.kind
        if k == "convolution":
            return self.tr("Layer {n}: convolution z = K ∗ x + b").format(n=n)
        if k == "activation":
            return self.tr("Layer {n}: activation a = {act}(z)").format(n=n, act=activation)
        if k == "activation_gradient":
            return self.tr("Layer {n}: ∂L/∂z back through {act}").format(n=n, act=activation)
        if k == "weight_gradient":
            return self.tr("Layer {n}: ∂L/∂K and ∂L/∂b").format(n=n)
        if k == "input_gradient":
            if first:
                return self.tr("Layer {n}: ∂L/∂x, for the input image").format(n=n)
            return self.tr("Layer {n}: ∂L/∂x, passed down (col2im)").format(n=n)
        return super().step_title(step, n, activation, first=first)

    def explanation(self, step, *, first):
        k = step.kind
        if k == "convolution":
            return self.tr("Every filter is a small grid of weights, its kernel K. At each position it multiplies the patch of "
                           "the input under it by the kernel, channel by channel, adds it all up with its bias: one feature map "
                           "per filter. im2col lays every patch out as a row, so all filters at all positions are one matrix "
                           "product. Below: the strongest unit of map 1, worked out.")
        if k == "activation":
            return names.activation_explanation(step.activation)
        if k == "activation_gradient":
            return self.tr("Chain rule, unit by unit of every feature map: the gradient arriving from above, ∂L/∂a, times the "
                           "activation's slope at z.")
        if k == "weight_gradient":
            return self.tr("A kernel weight is used at every position, so its gradient adds up, over all positions, the input "
                           "it touched there times the gradient of the unit it fed. The bias's gradient adds up the whole "
                           "map's ∂L/∂z.")
        if k == "input_gradient":
            return self.tr("Each position's gradients, times the kernels, give its patch's gradient; col2im adds every patch's "
                           "gradient back onto the pixels it came from (where patches overlap, a pixel collects several).")
        return ""

    def weight_pictures_note(self, tiles_shape):
        return self.tr("Each picture is one kernel of the first convolution ({h} × {w} weights; one picture per filter and "
                       "input channel). Red weights raise the feature map where the image is bright under them, blue ones "
                       "lower it (each picture scaled to its own largest weight).").format(h=tiles_shape[1], w=tiles_shape[2])

    def box(self, lt, activation):
        return self.tr("Conv2D {filters}, {act}").format(filters=lt.a.shape[0] if lt.a.ndim == 3 else lt.a.size, act=activation)


def _pair(value) -> list[int]:
    return list(value) if isinstance(value, (list, tuple)) else [value, value]


CONV2D_VIEW = register_view(Conv2DView())
