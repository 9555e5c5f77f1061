"""Arrays for pictures of a network's insides: first-layer weights as images, activations.

Nothing is drawn here (no Qt): these functions turn weights and activations into
plain arrays that a GUI paints.

- `weight_mosaic(W, (28, 28), count)`: the first layer's weights of each unit, which
  are as many as the input has pixels, laid out as a small picture per unit and the
  pictures tiled into one array. Bright/dark show which pixels push the unit up/down.
- `tile_mosaic(tiles)`: any small pictures (a convolution's kernels or feature maps) tiled.
- `layer_values(model, x, layer, which)`: every value a design layer computes for a
  batch (its weighted sums z or its activations a), and `histogram` of them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def image_shape_for(size: int) -> tuple[int, int] | None:
    """(side, side) when `size` inputs form a square picture (784 -> 28 x 28), else None."""
    side = math.isqrt(size)
    return (side, side) if side * side == size and side >= 4 else None


def weight_mosaic(
    W: np.ndarray, image_shape: tuple[int, int], count: int | None = None, *, columns: int | None = None, gap: int = 1,
) -> tuple[np.ndarray, int, int]:
    """Unit j's weights W[:, j] as an image, for the first `count` units, tiled.

    Returns (mosaic, rows, columns): a float array scaled to [-1, 1] per tile (each
    unit's largest weight by size is ±1, so every unit's pattern is visible), with NaN in
    the gaps between tiles; tile k sits at row k // columns, column k % columns.
    """
    W = np.asarray(W, dtype=np.float64)
    h, w = image_shape
    if W.ndim != 2 or W.shape[0] != h * w:
        raise ValueError(f"weights of shape {W.shape} do not hold {h} x {w} images")
    n = W.shape[1] if count is None else max(1, min(count, W.shape[1]))
    return tile_mosaic(W[:, :n].T.reshape(n, h, w), columns=columns, gap=gap)


def tile_mosaic(tiles: np.ndarray, *, columns: int | None = None, gap: int = 1, shared: bool = False,
                scaled: bool = True) -> tuple[np.ndarray, int, int]:
    """Pictures (n, h, w) tiled into one array, (mosaic, rows, columns), NaN in the gaps;
    tile k at row k // columns, column k % columns. Each tile is scaled to [-1, 1] by its own
    largest value by size, or with `shared` all by the largest of them (so tiles compare),
    or not at all without `scaled`."""
    tiles = np.asarray(tiles, dtype=np.float64)
    n, h, w = tiles.shape
    cols = columns or math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    mosaic = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan)
    scale = np.abs(tiles).reshape(n, -1).max(axis=1)
    if shared or not scaled:
        scale[:] = scale.max(initial=0.0) if scaled else 1.0
    scale[scale == 0] = 1.0
    tiles = tiles / scale[:, None, None]
    for k in range(n):
        r, c = divmod(k, cols)
        mosaic[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = tiles[k]
    return mosaic, rows, cols


def layer_values(model, x: np.ndarray, layer: int, which: str = "output") -> np.ndarray:
    """What design layer `layer` computes for the batch `x` (no dropout): its
    "output" (after the activation) or its "weighted_sum" (z, Dense layers only); (N, units)."""
    if which not in ("output", "weighted_sum"):
        raise ValueError(f'which must be "output" or "weighted_sum", got {which!r}')
    steps = model.trace(x)
    if not 0 <= layer < len(steps):
        raise ValueError(f"the design has {len(steps)} layers, there is no layer {layer}")
    step = steps[layer]
    if which not in step:
        raise ValueError(f"layer {layer} has no weighted sum (it is not a Dense layer)")
    return np.asarray(step[which])


@dataclass(frozen=True)
class Histogram:
    counts: np.ndarray
    edges: np.ndarray  # len(counts) + 1
    values: int
    mean: float
    std: float
    #: the share of values that are exactly 0 (ReLU units that are switched off)
    zeros: float
    minimum: float
    maximum: float


def histogram(values: np.ndarray, bins: int = 50) -> Histogram:
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return Histogram(np.zeros(bins), np.linspace(0.0, 1.0, bins + 1), 0, math.nan, math.nan, math.nan, math.nan, math.nan)
    lo, hi = float(v.min()), float(v.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(v, bins=bins, range=(lo, hi))
    return Histogram(counts, edges, int(v.size), float(v.mean()), float(v.std()), float(np.mean(v == 0.0)),
                     float(v.min()), float(v.max()))


__all__ = ["image_shape_for", "weight_mosaic", "tile_mosaic", "layer_values", "Histogram", "histogram"]
