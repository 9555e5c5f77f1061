"""Inside a convolutional network, in numbers: feature maps, one unit's dot product, the
receptive field, the im2col lens, pooling's winners and one training step.

Everything is computed here from the textbook's own functions (`core.nn.im2col`) and the
layers' weights, never from a layer's cached arrays, so each number can be checked
against the layers' forward and backward passes (the tests do):

- `look_inside(model, x)`: every layer that slides a window over an image (its type's
  `window` hook: Conv2D, the poolings), with what it received and what it gave.
- `receptive_field(layers, k, y, x)`: the pixels of the network's input that unit (y, x)
  of layer k sees, through every window below it.
- `Im2colLens`: one convolution as the textbook computes it: each patch becomes a row of
  the column matrix, the kernels its columns, one matrix product, a reshape back to
  feature maps; and on the way back col2im. `UnitProduct` is one unit of it written out.
- `pool_winners(x, window)`: which input of each max-pooling window won (the argmax mask),
  and `route_back` where the gradient goes.
- `training_step(model, x, label)`: one step of the design's optimizer on a copy, with the
  gradients it used.

No Qt here; the GUI (designer.pages.explore.convolution.panel) only paints these arrays.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.explain.numbers import number, paren, sub
from core.nn.im2col import col2im, im2col, output_size

#: a channel's dot product is written term by term when its patch has at most this many pixels
WORKED_MAX_TERMS = 49


# --------------------------------------------------------------------------- what each layer saw


@dataclass(frozen=True)
class WindowedLayer:
    """One design layer that slides a window over an image, for one sample (no batch axis)."""

    index: int  # into design.layers
    kind: str  # its layer type
    window: object  # core.layer_types.spatial.Window
    x: np.ndarray  # what it received, (C, H, W)
    a: np.ndarray  # what it gave, (C', OH, OW), after its activation
    params: dict[str, np.ndarray] = field(default_factory=dict)  # "W" (F, C, kh, kw) and "b" for a convolution

    @property
    def weighted(self) -> bool:
        """It has kernels (a convolution): each unit is a dot product plus a bias."""
        return self.window.reduce == "dot"

    def lens(self) -> Im2colLens:
        return Im2colLens(self.x, self.params["W"], self.params["b"], self.window.stride, self.window.pad)


@dataclass(frozen=True)
class Inside:
    """What `look_inside` found: the sample, the windowed layers in order, and the layers
    every windowed layer's receptive field is computed through (see `receptive_field`)."""

    x: np.ndarray  # the network's input, (C, H, W)
    layers: list[WindowedLayer]
    #: per design layer below the first flat one: its Window, or None for one that keeps the shape
    chain: list[tuple[int, object]]

    def layer(self, index: int) -> WindowedLayer:
        return next(w for w in self.layers if w.index == index)


def has_windows(design) -> bool:
    """Whether some layer of `design` slides a window over an image (there is something to look into)."""
    from core.layer_types import type_of, walk

    for layer, s in zip(design.layers, walk(design.layers, design.input_shape)):
        if s.output_shape is not None and len(s.input_shape) == 3 and type_of(layer).window(layer, s.input_shape) is not None:
            return True
    return False


def look_inside(model, x_one: np.ndarray) -> Inside:
    """Run one sample (any array of the model's inputs) through a float64 copy of `model`,
    block by block, and keep every windowed layer's input and output. Layers after the
    first one that is neither windowed nor shape-keeping (Flatten) are not looked into."""
    from core.layer_types import type_of, walk

    twin = model.with_dtype(np.float64)
    design = twin.design
    h = np.asarray(x_one, dtype=np.float64).reshape(1, *twin.input_shape)
    x0 = h[0].copy()
    shapes = walk(design.layers, twin.input_shape)
    layers, chain = [], []
    open_chain = len(twin.input_shape) == 3
    for block, layer, s in zip(twin.blocks, design.layers, shapes):
        window = type_of(layer).window(layer, s.input_shape) if len(s.input_shape) == 3 else None
        x_in = h
        for part in block.layers:
            h = part.forward(h, training=False)
        if not open_chain:
            continue
        if window is not None:
            params = {k: v.copy() for k, v in block.params.items()}
            layers.append(WindowedLayer(block.index, block.kind, window, x_in[0].copy(), h[0].copy(), params))
            chain.append((block.index, window))
        elif tuple(s.output_shape) == tuple(s.input_shape):
            chain.append((block.index, None))
        else:
            open_chain = False
    return Inside(x0, layers, chain)


def receptive_field(inside: Inside, index: int, y: int, x: int) -> tuple[int, int, int, int]:
    """(top, left, bottom, right), inclusive, of the input pixels unit (y, x) of design layer
    `index` depends on, clipped to the image (padding zeros are no pixels).

    Back through each window, rows lo..hi of its output came from rows
    lo·S − P .. hi·S − P + K − 1 of its input (the same for columns)."""
    top, left, bottom, right = y, x, y, x
    below = [w for i, w in inside.chain if i <= index]
    for window in reversed(below):
        if window is None:
            continue
        (kh, kw), (sh, sw), (ph, pw) = window.kernel, window.stride, window.pad
        top, bottom = top * sh - ph, bottom * sh - ph + kh - 1
        left, right = left * sw - pw, right * sw - pw + kw - 1
    _, height, width = inside.x.shape
    return max(top, 0), max(left, 0), min(bottom, height - 1), min(right, width - 1)


# --------------------------------------------------------------------------- the im2col lens


@dataclass(frozen=True)
class Im2colLens:
    """One sample through one convolution as the textbook computes it (chapter 7).

    x (C, H, W) -> `col` (OH·OW, C·kh·kw): one row per position, the patch there, channel by
    channel, row by row; `kernel_matrix` (C·kh·kw, F): kernel f as column f; `product` =
    col · kernel_matrix + b (OH·OW, F): every kernel at every position; `maps` (F, OH, OW):
    the product's columns reshaped back into feature maps."""

    x: np.ndarray
    W: np.ndarray
    b: np.ndarray
    stride: tuple[int, int]
    pad: tuple[int, int]

    @property
    def kernel(self) -> tuple[int, int]:
        return tuple(self.W.shape[2:])

    @property
    def out_shape(self) -> tuple[int, int]:
        _, h, w = self.x.shape
        (kh, kw), (sh, sw), (ph, pw) = self.kernel, self.stride, self.pad
        return output_size(h, kh, sh, ph), output_size(w, kw, sw, pw)

    @property
    def col(self) -> np.ndarray:
        return im2col(self.x[None], self.kernel, self.stride, self.pad)

    @property
    def kernel_matrix(self) -> np.ndarray:
        return self.W.reshape(len(self.W), -1).T

    @property
    def product(self) -> np.ndarray:
        return self.col @ self.kernel_matrix + self.b

    @property
    def maps(self) -> np.ndarray:
        oh, ow = self.out_shape
        return self.product.reshape(oh, ow, len(self.W)).transpose(2, 0, 1)

    def row_of(self, y: int, x: int) -> int:
        """The row of `col` (and of `product`) that holds position (y, x)."""
        return y * self.out_shape[1] + x

    def padded(self) -> np.ndarray:
        ph, pw = self.pad
        return np.pad(self.x, ((0, 0), (ph, ph), (pw, pw)))

    def patch(self, y: int, x: int) -> np.ndarray:
        """The (C, kh, kw) patch kernel positions (y, x) sees, zeros where it hangs over the edge."""
        (kh, kw), (sh, sw) = self.kernel, self.stride
        return self.padded()[:, y * sh : y * sh + kh, x * sw : x * sw + kw]

    def unit(self, f: int, y: int, x: int) -> UnitProduct:
        return UnitProduct(f, y, x, self.patch(y, x), self.W[f], float(self.b[f]))

    def backward(self, dL_dz: np.ndarray) -> LensGradients:
        """The way back, from ∂L/∂z (F, OH, OW): the rows of ∂L/∂z as the product had them,
        ∂L/∂col = ∂L/∂z · kernel_matrixᵀ, col2im of it is ∂L/∂x; ∂L/∂W = ∂L/∂zᵀ · col."""
        F = len(self.W)
        dout = np.asarray(dL_dz, dtype=np.float64).transpose(1, 2, 0).reshape(-1, F)
        col = self.col
        dcol = dout @ self.kernel_matrix.T
        dx = col2im(dcol, (1, *self.x.shape), self.kernel, self.stride, self.pad)[0]
        return LensGradients(dout, dcol, dx, (dout.T @ col).reshape(self.W.shape), dout.sum(axis=0))


#: the most numbers of a row or column `lens_lines` writes out
LENS_MAX_NUMBERS = 12


def _numbers(v: np.ndarray) -> str:
    shown = ", ".join(number(a) for a in v[:LENS_MAX_NUMBERS])
    return f"({shown}{', …' if v.size > LENS_MAX_NUMBERS else ''})"


def lens_lines(lens: Im2colLens, f: int, y: int, x: int, gradients: LensGradients | None = None) -> tuple[str, ...]:
    """The lens at unit (y, x) of map f in numbers: the patch as its row of col, the kernel as
    its column of K_col, their product plus the bias as the unit's value; and on the way back
    that row's ∂L/∂col and one pixel's sum in col2im."""
    row = lens.row_of(y, x)
    col_row, kernel = lens.col[row], lens.kernel_matrix[:, f]
    dot = float(col_row @ kernel)
    n, r = sub(f + 1), row + 1
    lines = [
        f"col[{r}] = patch({y + 1}, {x + 1}) = {_numbers(col_row)}",
        f"K_col[:, {f + 1}] = K{n} = {_numbers(kernel)}",
        f"product[{r}, {f + 1}] = col[{r}] · K_col[:, {f + 1}] + b{n} = {number(dot)} + {paren(lens.b[f])} = "
        f"{number(lens.product[row, f])} = z{n}[{y + 1}, {x + 1}]",
    ]
    if gradients is not None:
        lines.append(f"∂L/∂col[{r}] = ∂L/∂z[{r}] · K_colᵀ = {_numbers(gradients.dcol[row])}")
        # col2im: the patch's top-left pixel collects every row whose patch holds it
        (kh, kw), (sh, sw), (ph, pw) = lens.kernel, lens.stride, lens.pad
        i, j = y * sh - ph, x * sw - pw
        if 0 <= i < lens.x.shape[1] and 0 <= j < lens.x.shape[2]:
            terms = []
            oh, ow = lens.out_shape
            for oy in range(oh):
                for ox in range(ow):
                    di, dj = i - (oy * sh - ph), j - (ox * sw - pw)
                    if 0 <= di < kh and 0 <= dj < kw:
                        terms.append(gradients.dcol[oy * ow + ox, di * kw + dj])
            shown = " + ".join(paren(t) for t in terms)
            lines.append(f"col2im: ∂L/∂x[1, {i + 1}, {j + 1}] = {shown} = {number(gradients.dx[0, i, j])}")
    return tuple(lines)


@dataclass(frozen=True)
class LensGradients:
    dout: np.ndarray  # (OH·OW, F): ∂L/∂z as rows, like `product`
    dcol: np.ndarray  # (OH·OW, C·kh·kw): each patch's gradient
    dx: np.ndarray  # (C, H, W): col2im of dcol
    dW: np.ndarray  # (F, C, kh, kw)
    db: np.ndarray  # (F,)


@dataclass(frozen=True)
class UnitProduct:
    """Unit (y, x) of feature map f: the patch · kernel dot product, channel by channel.

    z = Σ_c Σ_i Σ_j patch[c, i, j] · K[c, i, j] + b."""

    f: int
    y: int
    x: int
    patch: np.ndarray  # (C, kh, kw)
    kernel: np.ndarray  # (C, kh, kw)
    bias: float

    @property
    def channel_sums(self) -> np.ndarray:
        return (self.patch * self.kernel).reshape(len(self.patch), -1).sum(axis=1)

    @property
    def z(self) -> float:
        return float(self.channel_sums.sum() + self.bias)

    def name(self) -> str:
        """z₃[5, 7]: map 3's unit at row 5, column 7 (counted from 1, as neurons are)."""
        return f"z{sub(self.f + 1)}[{self.y + 1}, {self.x + 1}]"

    def lines(self, activation: str = "", a: float | None = None) -> tuple[str, ...]:
        """The arithmetic: each channel's sum of patch × kernel, then the channels and the bias
        added up (and `a` = activation(z) when given)."""
        channels = len(self.patch)
        out = []
        for c in range(channels):
            p, k = self.patch[c].ravel(), self.kernel[c].ravel()
            head = f"c{sub(c + 1)}: " if channels > 1 else f"{self.name()} = "
            if p.size <= WORKED_MAX_TERMS:
                terms = " + ".join(f"{paren(pi)} × {paren(ki)}" for pi, ki in zip(p, k))
            else:
                terms = " + ".join(f"{paren(pi)} × {paren(ki)}" for pi, ki in zip(p[:3], k[:3])) + " + …"
            if channels > 1:
                out.append(f"{head}{terms} = {number(self.channel_sums[c])}")
            else:
                out.append(f"{head}{terms} + {paren(self.bias)} = {number(self.z)}")
        if channels > 1:
            sums = " + ".join(paren(s) for s in self.channel_sums)
            out.append(f"{self.name()} = {sums} + {paren(self.bias)} = {number(self.z)}")
        if a is not None and activation:
            out.append(f"a{sub(self.f + 1)}[{self.y + 1}, {self.x + 1}] = {activation}({number(self.z)}) = {number(a)}")
        return tuple(out)


def strongest_unit(a: np.ndarray, f: int = 0) -> tuple[int, int]:
    """(y, x) of map f's largest value: the unit a worked example is best written for."""
    y, x = np.unravel_index(int(np.argmax(a[f])), a[f].shape)
    return int(y), int(x)


# --------------------------------------------------------------------------- pooling


@dataclass(frozen=True)
class PoolWinners:
    """Max pooling of one sample, window by window (computed with im2col, as the layer is).

    `where[c, oy, ox]` is the (row, column) in x of the window's largest value (the first of
    equal ones, as argmax picks), `mask[c, h, w]` how many windows pixel (h, w) won (0 or 1
    when windows do not overlap), `pooled` the winners' values (C, OH, OW)."""

    where: np.ndarray  # (C, OH, OW, 2)
    mask: np.ndarray  # (C, H, W)
    pooled: np.ndarray
    windows: np.ndarray  # (C, OH, OW, ph·pw): each window's values
    window: object

    def route_back(self, dL_da: np.ndarray) -> np.ndarray:
        """∂L/∂x: each window's gradient goes to its winner alone (and adds up where a pixel
        won several windows); the other pixels get 0."""
        c, oh, ow, size = self.windows.shape
        dwin = np.zeros((c, oh, ow, size))
        winners = self.windows.argmax(axis=3)
        np.put_along_axis(dwin, winners[..., None], np.asarray(dL_da, dtype=np.float64)[..., None], axis=3)
        # rows of col2im: (oh, ow) positions, each with its C windows side by side
        rows = dwin.transpose(1, 2, 0, 3).reshape(oh * ow, c * size)
        return col2im(rows, (1, *self.mask.shape), self.window.kernel, self.window.stride)[0]


def pool_windows(x: np.ndarray, window) -> np.ndarray:
    """(C, OH, OW, ph·pw): every window of every channel of x (C, H, W), via im2col."""
    c = len(x)
    (ph, pw), stride = window.kernel, window.stride
    cols = im2col(x[None], window.kernel, stride)  # (OH·OW, C·ph·pw)
    oh, ow = output_size(x.shape[1], ph, stride[0]), output_size(x.shape[2], pw, stride[1])
    return cols.reshape(oh, ow, c, ph * pw).transpose(2, 0, 1, 3)


def pool_winners(x: np.ndarray, window) -> PoolWinners:
    x = np.asarray(x, dtype=np.float64)
    windows = pool_windows(x, window)
    c, oh, ow, _ = windows.shape
    (_, pw), (sh, sw) = window.kernel, window.stride
    best = windows.argmax(axis=3)
    rows = np.arange(oh)[None, :, None] * sh + best // pw
    cols = np.arange(ow)[None, None, :] * sw + best % pw
    mask = np.zeros(x.shape, dtype=np.int64)
    channel = np.broadcast_to(np.arange(c)[:, None, None], best.shape)
    np.add.at(mask, (channel, rows, cols), 1)
    pooled = np.take_along_axis(windows, best[..., None], axis=3)[..., 0]
    return PoolWinners(np.stack([rows, cols], axis=-1), mask, pooled, windows, window)


def pool_unit_line(winners_or_windows: np.ndarray, reduce: str, c: int, y: int, x: int, value: float) -> str:
    """"a₁[1, 2] = max(0, 0.52, 0.1, 0.3) = 0.52": one pooled unit written out."""
    values = ", ".join(number(v) for v in winners_or_windows[c, y, x])
    op = "max" if reduce == "max" else "mean"
    return f"a{sub(c + 1)}[{y + 1}, {x + 1}] = {op}({values}) = {number(value)}"


# --------------------------------------------------------------------------- one training step


@dataclass(frozen=True)
class TrainingStep:
    """One step of the design's optimizer on one sample, on a copy of the model."""

    loss_before: float
    loss_after: float
    before: dict[str, np.ndarray]  # every weight array, by the model's names ("layers.0.W")
    gradients: dict[str, np.ndarray]  # ∂L/∂(each array) the step used
    after: dict[str, np.ndarray]


def training_step(model, x_one: np.ndarray, label: int) -> TrainingStep:
    """One mini-batch of one sample through the design's own optimizer (its settings, a fresh
    state: the first step), in float64, as training does it; `model` is not changed."""
    from core.nn.optimizers import make_optimizer

    twin = model.with_dtype(np.float64)
    x = np.asarray(x_one, dtype=np.float64).reshape(1, *twin.input_shape)
    labels = np.array([int(label)])
    before = twin.get_weights()
    loss_before, _ = twin.train_step(x, labels, make_optimizer(twin.design.training.optimizer))
    # the step leaves the gradients it used in place
    gradients = {name: g.copy() for name, g in twin.gradients.items()}
    loss_after = twin.evaluate(x, labels)[0]
    return TrainingStep(float(loss_before), float(loss_after), before, gradients, twin.get_weights())


__all__ = [
    "WindowedLayer", "Inside", "has_windows", "look_inside", "receptive_field", "Im2colLens", "LensGradients", "UnitProduct", "lens_lines",
    "strongest_unit", "PoolWinners", "pool_windows", "pool_winners", "pool_unit_line", "TrainingStep", "training_step",
    "WORKED_MAX_TERMS",
]
