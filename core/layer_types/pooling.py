"""MaxPool2D and AvgPool2D: each window of each feature map becomes one number.

    max:  a[c, y, x] = max of the window          avg:  a[c, y, x] = mean of the window

They keep the channels and shrink height and width (OH = (H − PH) // S + 1, the
stride being the pool size unless set), have no weights, and are the NumPy layers
`MaxPooling` and `AvgPooling`. Both types share their checks, defined here once.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from core.design.findings import FIX_LABELS, TEMPLATES, fix
from core.explain.steps import BACKWARD, FORWARD, LayerTrace, Step
from core.layer_types.base import BuildContext, Field, LayerCheck, LayerType, ShapeError
from core.layer_types.registry import register
from core.layer_types.spatial import Window, as_value, image_input, image_input_fix, pair, show, stride_drops, window_output
from core.nn.pooling import AvgPooling, MaxPooling

MAX_POOL = 1_000

TEMPLATES.update({
    "pool_too_big": "The {window} pool window is larger than its {size} input: the output would be empty.",
})
FIX_LABELS.update({
    "pool_size": "Set the pool size to {size}",
    "remove_pool": "Remove this pooling layer",
})


@dataclass
class MaxPool2DSpec:
    #: 2, or [height, width]
    pool_size: int | list[int] = 2
    #: None: as far as the pool is large, so the windows do not overlap
    stride: int | None = None
    type: str = field(default="maxpool2d", init=False)


@dataclass
class AvgPool2DSpec:
    pool_size: int | list[int] = 2
    stride: int | None = None
    type: str = field(default="avgpool2d", init=False)


class _Pool2D(LayerType):
    """What max and average pooling share: their fields, shapes and checks."""

    since_version = 2
    fields = (
        Field("pool_size", "size", 2, lo=1, hi=MAX_POOL, label="Pool size",
              tip="The height and width of each window that becomes one number (2 × 2 halves the image)"),
        Field("stride", "int", None, lo=1, hi=MAX_POOL, label="Stride", none_label="same as the pool",
              tip="How many pixels the window moves at each step; by default as many as the pool is wide, so windows do not overlap"),
    )
    layer_class: type

    def label(self, layer):
        stride = "" if layer.stride is None else f", stride {layer.stride}"
        return f"{self.title}({show(layer.pool_size)}{stride})"

    def _window(self, layer) -> tuple[tuple[int, int], tuple[int, int]]:
        window = pair(layer.pool_size)
        return window, (window if layer.stride is None else (layer.stride, layer.stride))

    def output_shape(self, layer, input_shape):
        c, h, w = image_input(self.title, input_shape)
        window, stride = self._window(layer)
        if window[0] > h or window[1] > w:
            raise ShapeError("pool_too_big", window=show(window), size=show((h, w)))
        return (c, *window_output(input_shape, window, stride, (0, 0)))

    def window(self, layer, input_shape):
        window, stride = self._window(layer)
        return Window(window, stride, (0, 0), self.reduce)

    def workspace(self, layer, input_shape, output_shape):
        # every window laid out as a row (and its gradient)
        window, _ = self._window(layer)
        return 2 * math.prod(output_shape) * window[0] * window[1]

    def check(self, ctx: LayerCheck):
        if ctx.output_shape is None:
            return []
        window, stride = self._window(ctx.layer)
        return stride_drops(ctx, window, stride, (0, 0))

    def shape_fix(self, problem, ctx: LayerCheck):
        if problem.code == "needs_image":
            return image_input_fix(ctx)
        if problem.code == "pool_too_big":
            (ph, pw), _ = self._window(ctx.layer)
            _, h, w = ctx.input_shape
            fits = (min(ph, h), min(pw, w))
            if fits == (1, 1):  # a 1×1 window changes nothing: the layer is better gone
                return fix("remove_pool", f"layers[{ctx.index}]", None, action="remove")
            size = as_value(*fits)
            return fix("pool_size", f"layers[{ctx.index}].pool_size", size, size=show(size))
        return problem.fix

    def build(self, layer, ctx: BuildContext):
        window, stride = self._window(layer)
        return [self.layer_class(window, stride)]

    # ------------------------------------------------------------------ the inspector

    #: what each window becomes: "max" or "mean" (core.layer_types.spatial.Window)
    reduce: str

    def trace_forward(self, block, x):
        (pool,) = block.layers
        a = pool.forward(x, training=False)
        window = Window(pool.pool, pool.stride, (0, 0), self.reduce)
        return LayerTrace(block.index, self.name, "", x=x, a=a, extra={"window": np.array([*window.kernel, *window.stride])})

    def forward_steps(self, lt, ctx):
        from core.explain.convolution import pool_unit_line, pool_windows, pool_winners

        window = _window_of(lt, self.reduce)
        windows = pool_windows(lt.x, window)
        c, y, x = np.unravel_index(int(np.argmax(lt.a)), lt.a.shape)
        values = {"x": lt.x}
        if self.reduce == "max":
            values["mask"] = pool_winners(lt.x, window).mask.astype(np.float64)
        values["a"] = lt.a
        return [Step(FORWARD, self.name, lt.index, self.forward_formula, values,
                     (pool_unit_line(windows, self.reduce, c, y, x, lt.a[c, y, x]),))]

    def backward_steps(self, lt, ctx):
        from core.explain.convolution import pool_winners

        values = {"∂L/∂a": lt.dL_da}
        if self.reduce == "max":
            values["mask"] = pool_winners(lt.x, _window_of(lt, self.reduce)).mask.astype(np.float64)
        values["∂L/∂x"] = lt.dL_dx
        return [Step(BACKWARD, f"{self.name}_gradient", lt.index, self.backward_formula, values)]

    # the operator and module of each kind (no padding; windows that do not fit are left out)
    onnx_op: str
    torch_class: str

    def onnx_nodes(self, layer, graph):
        window, stride = self._window(layer)
        return graph.node(self.onnx_op, [graph.input], kernel_shape=list(window), strides=list(stride))

    def torch_part(self, layer, index, input_shape):
        from core.export.parts import TorchModule, TorchPart

        window, stride = self._window(layer)
        return TorchPart([TorchModule(f"{self.name}{index}", f"{self.torch_class}(kernel_size={window}, stride={stride})")])


class MaxPool2D(_Pool2D):
    name = "maxpool2d"
    title = "MaxPool2D"
    blurb = "Keeps the largest value of each patch"
    spec_class = MaxPool2DSpec
    layer_class = MaxPooling
    reduce = "max"
    onnx_op = "MaxPool"
    torch_class = "nn.MaxPool2d"
    forward_formula = "a = max of each window of x"
    backward_formula = "∂L/∂x = ∂L/∂a at each window's largest x, 0 elsewhere"


class AvgPool2D(_Pool2D):
    name = "avgpool2d"
    title = "AvgPool2D"
    blurb = "Keeps the average of each patch"
    spec_class = AvgPool2DSpec
    layer_class = AvgPooling
    reduce = "mean"
    onnx_op = "AveragePool"
    torch_class = "nn.AvgPool2d"
    forward_formula = "a = mean of each window of x"
    backward_formula = "∂L/∂x = ∂L/∂a ÷ (window size), shared by the whole window"

    def macs(self, layer, input_shape, output_shape):
        window, _ = self._window(layer)
        return math.prod(output_shape) * window[0] * window[1]


def _window_of(lt: LayerTrace, reduce: str) -> Window:
    ph, pw, sh, sw = (int(v) for v in lt.extra["window"])
    return Window((ph, pw), (sh, sw), (0, 0), reduce)


MAXPOOL2D = register(MaxPool2D())
AVGPOOL2D = register(AvgPool2D())

__all__ = ["MaxPool2DSpec", "AvgPool2DSpec", "MaxPool2D", "AvgPool2D", "MAXPOOL2D", "AVGPOOL2D"]
