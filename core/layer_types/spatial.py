"""What the image layer types (Conv2D, the poolings) share: sizes, padding, and their checks.

Sizes in a design are an int (square) or ``[height, width]``; `pair` reads either.
The checks here concern any layer that slides a window over an image: it needs a
(channels, height, width) input, and a stride can leave the last rows and columns
out. Their templates join core.design.findings' when this module is imported.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.design.findings import FIX_LABELS, TEMPLATES, finding, fix
from core.layer_types.base import SAME, LayerCheck, ShapeError
from core.nn.im2col import output_size

TEMPLATES.update({
    "needs_image": "A {title} layer takes an image (channels × height × width), but its input has the shape {shape}.",
    "stride_drops": "With stride {stride}, the {window} windows of this layer never reach the last {rows} row(s) and {cols} "
                    "column(s) of its {size} input: those pixels are ignored.",
})
FIX_LABELS.update({"input_image": "Set the input shape to {shape}"})


@dataclass(frozen=True)
class Window:
    """How a layer slides a window over its input image, for the views that look inside it
    (core.explain.convolution): heights and widths in pairs, and what each window becomes:
    "dot" (a kernel's dot product plus its bias, then the activation), "max" or "mean"."""

    kernel: tuple[int, int]
    stride: tuple[int, int]
    pad: tuple[int, int]
    reduce: str


def pair(value: int | list[int] | tuple[int, ...]) -> tuple[int, int]:
    """(height, width) of a size given as 3 or [3, 5]."""
    if isinstance(value, (list, tuple)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def as_value(h: int, w: int) -> int | list[int]:
    """A size as the design stores it: an int when square, else [height, width]."""
    return h if h == w else [h, w]


def show(shape) -> str:
    """3 -> "3×3"; (16, 28, 28) -> "16×28×28" (the check messages' and the CLI's way)."""
    return "×".join(str(d) for d in (pair(shape) if isinstance(shape, int) else shape))


def padding_pair(padding: int | str, kernel: tuple[int, int]) -> tuple[int, int]:
    """Zeros added above/below and left/right: "same" pads (k − 1) / 2 for an odd kernel."""
    if padding == SAME:
        return (kernel[0] - 1) // 2, (kernel[1] - 1) // 2
    return int(padding), int(padding)


def image_input(title: str, input_shape: tuple[int, ...]) -> tuple[int, int, int]:
    """(channels, height, width), or ShapeError "needs_image" for a flat or 2-D input."""
    if len(input_shape) != 3:
        raise ShapeError("needs_image", title=title, shape=show(input_shape))
    c, h, w = input_shape
    return c, h, w


def image_input_fix(ctx: LayerCheck):
    """The fix for "needs_image" when the layer sees the design's own (flat) input and the
    dataset's pictures have an image shape: set the input shape to it (1×28×28)."""
    from core.data.catalog import dataset_info
    from core.layer_types.walk import walk

    design = ctx.design
    info = dataset_info(design.dataset)
    if info is None or len(info.input_shape) != 3 or not info.fits(design.input_shape):
        return None
    before = walk(design.layers[: ctx.index], design.input_shape)
    if any(s.output_shape != s.input_shape for s in before):  # an earlier layer made it flat
        return None
    return fix("input_image", "input.shape", list(info.input_shape), shape=show(info.input_shape))


def stride_drops(ctx: LayerCheck, window: tuple[int, int], stride: tuple[int, int], pad: tuple[int, int]) -> list:
    """A warning when the windows stop short of the input's last rows or columns."""
    _, h, w = ctx.input_shape
    rows = (h + 2 * pad[0] - window[0]) % stride[0]
    cols = (w + 2 * pad[1] - window[1]) % stride[1]
    if ctx.output_shape is None or not (rows or cols):
        return []
    shown_stride = str(stride[0]) if stride[0] == stride[1] else show(stride)
    return [finding("warning", "stride_drops", f"layers[{ctx.index}]", stride=shown_stride, window=show(window),
                    rows=rows, cols=cols, size=show((h, w)))]


def window_output(input_shape: tuple[int, int, int], window: tuple[int, int], stride: tuple[int, int], pad: tuple[int, int]) -> tuple[int, int]:
    _, h, w = input_shape
    return output_size(h, window[0], stride[0], pad[0]), output_size(w, window[1], stride[1], pad[1])


__all__ = ["Window", "pair", "as_value", "show", "padding_pair", "image_input", "image_input_fix", "stride_drops", "window_output", "SAME"]
