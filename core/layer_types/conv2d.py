"""Conv2D: small kernels slide over the image; each makes one feature map, then an activation.

    z = W ∗ x + b,  a = f(z)        W is (filters, channels, kh, kw), b is (filters,)

It takes an image (channels, height, width) and gives (filters, OH, OW) with
OH = (H + 2P − KH) // S + 1. A Conv2D layer of the design becomes two NumPy layers,
`Convolution` (computed with im2col, as in the textbook) and its activation.
Weights start with He's spread for a fan-in of channels · kh · kw.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from core.design.findings import fix
from core.layer_types.base import SAME, BuildContext, Field, LayerCheck, LayerType, ShapeError
from core.layer_types.registry import register
from core.layer_types.spatial import (
    as_value,
    image_input,
    image_input_fix,
    padding_pair,
    pair,
    show,
    stride_drops,
    window_output,
)
from core.nn.activations import ACTIVATIONS, activation
from core.nn.conv import Convolution
from core.nn.initializers import initial_array

MAX_FILTERS = 100_000
MAX_KERNEL = 1_000
MAX_STRIDE = 1_000
MAX_PADDING = 1_000


@dataclass
class Conv2DSpec:
    filters: int = 16
    #: 3, or [height, width]
    kernel_size: int | list[int] = 3
    stride: int = 1
    #: zeros around the input: a number, or "same" (keeps height and width; stride 1, odd kernels)
    padding: int | str = 0
    activation: str = "relu"
    type: str = field(default="conv2d", init=False)


class Conv2D(LayerType):
    name = "conv2d"
    title = "Conv2D"
    blurb = "Small filters slide over the image"
    spec_class = Conv2DSpec
    since_version = 2
    fields = (
        Field("filters", "int", 16, lo=1, hi=MAX_FILTERS, required=True, label="Filters",
              tip="How many kernels slide over the input: each one makes a feature map (a channel of the output)"),
        Field("kernel_size", "size", 3, lo=1, hi=MAX_KERNEL, label="Kernel size",
              tip="The height and width of each kernel, in pixels (3 × 3 is usual)"),
        Field("stride", "int", 1, lo=1, hi=MAX_STRIDE, label="Stride",
              tip="How many pixels the kernel moves at each step: stride 2 halves the height and width"),
        Field("padding", "padding", 0, lo=0, hi=MAX_PADDING, label="Padding",
              tip="Rows and columns of zeros added around the input; \"same\" keeps its height and width (stride 1)"),
        Field("activation", "choice", "relu", choices=lambda: tuple(ACTIVATIONS), label="Activation",
              tip="The function applied to each unit's output"),
    )
    templates = {
        "kernel_too_big": "The {kernel} kernel is larger than its input with padding ({size}): the output would be empty. "
                          "Use a smaller kernel or more padding.",
        "same_needs_stride_1": 'Padding "same" keeps the image size only with stride 1, but the stride is {stride}.',
        "same_needs_odd_kernel": 'Padding "same" needs a kernel of odd size (3, 5, 7...) to add as many zeros on each side, '
                                 "but this one is {kernel}.",
    }
    fix_labels = {
        "kernel_size": "Set the kernel size to {size}",
        "stride_1": "Set the stride to 1",
    }
    forward_formula = "z = W ∗ x + b,  a = f(z)"
    backward_formula = "∂L/∂W = Σ patch · ∂L/∂z    ∂L/∂x = col2im(∂L/∂z · W)"

    def label(self, layer):
        return f"Conv2D({layer.filters}, {show(layer.kernel_size)}, stride {layer.stride}, padding {layer.padding}, {layer.activation})"

    # ------------------------------------------------------------------ shapes

    def _geometry(self, layer, input_shape):
        """(kernel, stride, padding) as (height, width) pairs, or ShapeError."""
        c, h, w = image_input(self.title, input_shape)
        kernel = pair(layer.kernel_size)
        if layer.padding == SAME:
            if layer.stride != 1:
                raise ShapeError("same_needs_stride_1", stride=layer.stride)
            if kernel[0] % 2 == 0 or kernel[1] % 2 == 0:
                raise ShapeError("same_needs_odd_kernel", kernel=show(kernel))
        pad = padding_pair(layer.padding, kernel)
        if kernel[0] > h + 2 * pad[0] or kernel[1] > w + 2 * pad[1]:
            raise ShapeError("kernel_too_big", kernel=show(kernel), size=show((h + 2 * pad[0], w + 2 * pad[1])))
        return kernel, (layer.stride, layer.stride), pad

    def output_shape(self, layer, input_shape):
        kernel, stride, pad = self._geometry(layer, input_shape)
        return (layer.filters, *window_output(input_shape, kernel, stride, pad))

    def param_shapes(self, layer, input_shape):
        kh, kw = pair(layer.kernel_size)
        return {"W": (layer.filters, input_shape[0], kh, kw), "b": (layer.filters,)}

    def macs(self, layer, input_shape, output_shape):
        # every output number is one patch · kernel dot product of channels · kh · kw terms
        kh, kw = pair(layer.kernel_size)
        return math.prod(output_shape) * input_shape[0] * kh * kw

    def workspace(self, layer, input_shape, output_shape):
        # the patch matrix (and its gradient), the activation's output and slopes
        _, oh, ow = output_shape
        kh, kw = pair(layer.kernel_size)
        return 2 * oh * ow * input_shape[0] * kh * kw + 2 * math.prod(output_shape)

    # ------------------------------------------------------------------ checks

    def check(self, ctx: LayerCheck):
        if ctx.output_shape is None:
            return []
        kernel, stride, pad = self._geometry(ctx.layer, ctx.input_shape)
        return stride_drops(ctx, kernel, stride, pad)

    def shape_fix(self, problem, ctx: LayerCheck):
        path = f"layers[{ctx.index}]"
        if problem.code == "needs_image":
            return image_input_fix(ctx)
        if problem.code == "same_needs_stride_1":
            return fix("stride_1", f"{path}.stride", 1)
        kh, kw = pair(ctx.layer.kernel_size)
        if problem.code == "same_needs_odd_kernel":
            size = as_value(kh + 1 - kh % 2, kw + 1 - kw % 2)
        elif problem.code == "kernel_too_big":
            _, h, w = ctx.input_shape
            ph, pw = padding_pair(ctx.layer.padding, (kh, kw))
            size = as_value(min(kh, h + 2 * ph), min(kw, w + 2 * pw))
        else:
            return problem.fix
        return fix("kernel_size", f"{path}.kernel_size", size, size=show(size))

    # ------------------------------------------------------------------ building

    def build(self, layer, ctx: BuildContext):
        W, b = ctx.params["W"], ctx.params["b"]
        filters, channels, kh, kw = W.shape
        # He/Xavier: each output sees channels · kh · kw inputs (and feeds filters · kh · kw)
        W[...] = initial_array(ctx.init, W.shape, channels * kh * kw, filters * kh * kw, ctx.rng, ctx.dtype)
        b[...] = 0
        conv = Convolution(W, b, stride=(layer.stride, layer.stride), pad=padding_pair(layer.padding, (kh, kw)),
                           dW=ctx.grads["W"], db=ctx.grads["b"])
        return [conv, activation(layer.activation).make()]

    # ------------------------------------------------------------------ export

    def onnx_nodes(self, layer, graph):
        kernel = pair(layer.kernel_size)
        ph, pw = padding_pair(layer.padding, kernel)
        # W is (filters, channels, kh, kw) in LayerLab and ONNX alike; pads: top, left, bottom, right
        z = graph.node("Conv", [graph.input, graph.weight("W"), graph.weight("b")], kernel_shape=list(kernel),
                       strides=[layer.stride, layer.stride], pads=[ph, pw, ph, pw])
        return graph.activation(layer.activation, z)

    def torch_part(self, layer, index, input_shape):
        from core.export.parts import TorchModule, TorchPart, TorchWeight, activation_module

        channels = input_shape[0]
        (kh, kw), name = pair(layer.kernel_size), f"conv2d{index}"
        padding = padding_pair(layer.padding, (kh, kw))
        code = f"nn.Conv2d({channels}, {layer.filters}, kernel_size={(kh, kw)}, stride={layer.stride}, padding={padding})"
        return TorchPart(
            [TorchModule(name, code), activation_module(layer.activation, index)],
            # nn.Conv2d keeps W as LayerLab does: (filters, channels, kh, kw)
            weights={"W": TorchWeight(name, "weight"), "b": TorchWeight(name, "bias")},
            starting={"W": (channels * kh * kw, layer.filters * kh * kw), "b": None},  # as `build` draws them
        )


CONV2D = register(Conv2D())

__all__ = ["Conv2DSpec", "Conv2D", "CONV2D", "MAX_FILTERS"]
