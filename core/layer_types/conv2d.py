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

import numpy as np

from core.design.findings import fix
from core.explain.numbers import number, paren, sub
from core.explain.steps import BACKWARD, FORWARD, LayerTrace, Step
from core.layer_types.base import SAME, BuildContext, Field, LayerCheck, LayerType, ShapeError
from core.layer_types.registry import register
from core.layer_types.spatial import (
    Window,
    as_value,
    image_input,
    image_input_fix,
    padding_pair,
    pair,
    show,
    stride_drops,
    window_output,
)
from core.nn.activations import ACTIVATIONS, activation, name_of
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
    #: the inspector's steps (K: the kernels, the layer's W)
    convolution_formula = "z[f, y, x] = Σ (patch at y, x) · K[f] + b[f]    (col · K_col + b, as im2col computes it)"
    weight_gradient_formula = "∂L/∂K[f] = Σ over y, x of ∂L/∂z[f, y, x] · (patch at y, x)    ∂L/∂b[f] = Σ ∂L/∂z[f]"
    input_gradient_formula = "∂L/∂x = col2im(∂L/∂z · K_colᵀ): each patch's gradient added back onto its pixels"

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

    def window(self, layer, input_shape):
        kernel, stride, pad = self._geometry(layer, input_shape)
        return Window(kernel, stride, pad, "dot")

    def weight_tiles(self, params, input_shape):
        W = params["W"]  # one kh × kw picture per kernel and input channel
        return W.reshape(-1, *W.shape[2:])

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

    # ------------------------------------------------------------------ the inspector

    def trace_forward(self, block, x):
        conv, act = block.layers
        z = conv.forward(x, training=False)
        a = act.forward(z, training=False)
        return LayerTrace(block.index, self.name, name_of(act), x=x, a=a, W=conv.params["W"].copy(), b=conv.params["b"].copy(),
                          z=z, extra={"stride": np.array(conv.stride), "pad": np.array(conv.pad)})

    def trace_backward(self, block, record, grad, loss_gradient=None):
        conv, act = block.layers
        record.dL_da = grad
        record.dL_dz = act.backward(grad) if loss_gradient is None else loss_gradient
        record.dL_dx = conv.backward(record.dL_dz)
        record.dL_dW, record.dL_db = conv.grads["W"].copy(), conv.grads["b"].copy()
        record.param_grads = {"W": record.dL_dW, "b": record.dL_db}
        return record.dL_dx

    def forward_steps(self, lt, ctx):
        from core.explain.convolution import strongest_unit

        act = ACTIVATIONS[lt.activation]
        lens = _lens(lt)
        f = 0
        y, x = strongest_unit(lt.z, f)
        unit = lens.unit(f, y, x)
        j = int(np.ravel_multi_index((f, y, x), lt.z.shape))
        name = f"{sub(f + 1)}[{y + 1}, {x + 1}]"
        return [
            Step(FORWARD, "convolution", lt.index, self.convolution_formula, {"x": lt.x, "K": lt.W, "b": lt.b, "z": lt.z},
                 unit.lines(), lt.activation),
            Step(FORWARD, "activation", lt.index, act.forward_formula.format(alpha=number(ctx.alpha)), {"z": lt.z, "a": lt.a},
                 (act.worked(j, name, lt.z.ravel(), lt.a.ravel(), ctx.alpha),), lt.activation),
        ]

    def backward_steps(self, lt, ctx):
        act = ACTIVATIONS[lt.activation]
        f = int(np.argmax(np.abs(lt.dL_db)))  # the filter the loss is most sensitive to
        local = {"z": lt.z} if act.needs_z else {"a": lt.a}
        y, x = np.unravel_index(int(np.argmax(np.abs(lt.dL_dz[f]))), lt.dL_dz[f].shape)
        j = int(np.ravel_multi_index((f, y, x), lt.z.shape))
        name = f"{sub(f + 1)}[{y + 1}, {x + 1}]"
        gradient = act.worked_gradient(j, name, lt.dL_da.ravel(), lt.a.ravel(), lt.z.ravel(), lt.dL_dz.ravel(), ctx.alpha)
        return [
            Step(BACKWARD, "activation_gradient", lt.index, act.backward_formula.format(alpha=number(ctx.alpha)),
                 {"∂L/∂a": lt.dL_da, **local, "∂L/∂z": lt.dL_dz}, (gradient,), lt.activation),
            Step(BACKWARD, "weight_gradient", lt.index, self.weight_gradient_formula,
                 {"x": lt.x, "∂L/∂z": lt.dL_dz, "∂L/∂K": lt.dL_dW, "∂L/∂b": lt.dL_db}, _worked_kernel_gradient(lt, f), lt.activation),
            Step(BACKWARD, "input_gradient", lt.index, self.input_gradient_formula,
                 {"∂L/∂z": lt.dL_dz, "K": lt.W, "∂L/∂x": lt.dL_dx}, (), lt.activation),
        ]

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


def _lens(lt: LayerTrace):
    from core.explain.convolution import Im2colLens

    return Im2colLens(lt.x, lt.W, lt.b, tuple(int(v) for v in lt.extra["stride"]), tuple(int(v) for v in lt.extra["pad"]))


def _worked_kernel_gradient(lt: LayerTrace, f: int) -> tuple[str, ...]:
    """Kernel f's centre weight (first channel) and its bias: sums over every position, the
    first terms that are not 0 written out."""
    lens = _lens(lt)
    grads, col = lens.backward(lt.dL_dz), lens.col
    kh, kw = lens.kernel
    k = (kh // 2) * kw + kw // 2  # the centre of channel 1 in a row of col
    dout = grads.dout[:, f]
    shown = np.flatnonzero(dout * col[:, k])[:3]
    terms = " + ".join(f"{paren(dout[i])} × {paren(col[i, k])}" for i in shown) or "0"
    n = sub(f + 1)
    return (
        f"∂L/∂K{n}[1, {kh // 2 + 1}, {kw // 2 + 1}] = {terms} + … ({len(dout)} positions) = {number(grads.dW[f, 0, kh // 2, kw // 2])}",
        f"∂L/∂b{n} = {' + '.join(paren(dout[i]) for i in np.flatnonzero(dout)[:3]) or '0'} + … = {number(grads.db[f])}",
    )


CONV2D = register(Conv2D())

__all__ = ["Conv2DSpec", "Conv2D", "CONV2D", "MAX_FILTERS"]
