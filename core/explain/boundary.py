"""Decision boundaries of networks with 2 inputs: what the network answers everywhere.

`decision_grid(model, extent, resolution)` asks the model about every point of a
grid covering the plane and returns the class probabilities as an image
(rows x columns x classes, row 0 at the bottom). `probability_colors`
turns that into RGB, blending the class colours by probability, so the boundary is
where the colours meet. A 100 x 100 grid is one forward pass of 10,000 rows:
a millisecond or two for a toy network, so it can be redrawn many times a second.

`train_watching_boundary` trains a design on a toy dataset with `core.train.loop.fit`
and hands a `BoundaryFrame` (the grid and the progress) to a callback every
`every_seconds` while it trains, so a GUI can animate the boundary.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.train.loop import (
    BatchEvent,
    EpochEvent,
    TrainingControl,
    TrainingResult,
    evaluate,
    fit,
)

#: the plane shown around toy data (their points lie roughly within [-1, 1])
DEFAULT_EXTENT = (-1.5, 1.5, -1.5, 1.5)
DEFAULT_RESOLUTION = 100
#: class colours (RGB): blue, orange, then more for sets with more classes
CLASS_COLORS = np.array(
    [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
     (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207)],
    dtype=np.float64,
)

_grid_cache: dict[tuple, np.ndarray] = {}


def _shape(resolution) -> tuple[int, int]:
    """(columns, rows) from an int (square grid) or a (columns, rows) pair."""
    if isinstance(resolution, (tuple, list)):
        nx, ny = (int(v) for v in resolution)
    else:
        nx = ny = int(resolution)
    if nx < 1 or ny < 1:
        raise ValueError(f"a grid needs at least 1 x 1 points, got {nx} x {ny}")
    return nx, ny


def grid_points(extent=DEFAULT_EXTENT, resolution=DEFAULT_RESOLUTION) -> np.ndarray:
    """The (rows * columns, 2) float32 pixel centres of a grid over extent = (x0, x1, y0, y1);
    `resolution` is the number of columns and rows (an int for a square grid, or
    (columns, rows)). Row-major with y growing: point [i * columns + j] is column j of row i."""
    nx, ny = _shape(resolution)
    key = (tuple(float(v) for v in extent), nx, ny)
    points = _grid_cache.get(key)
    if points is None:
        x0, x1, y0, y1 = key[0]
        # pixel centres, so the image lines up with the extent exactly
        xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
        ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
        gx, gy = np.meshgrid(xs, ys)
        points = np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)
        if len(_grid_cache) > 8:
            _grid_cache.clear()
        _grid_cache[key] = points
    return points


def decision_grid(model, extent=DEFAULT_EXTENT, resolution=DEFAULT_RESOLUTION) -> np.ndarray:
    """Class probabilities over the plane: (rows, columns, classes), row 0 at y0."""
    if model.input_size != 2:
        raise ValueError(f"a decision boundary needs a network with 2 inputs, this one takes {model.input_size}")
    nx, ny = _shape(resolution)
    points = grid_points(extent, (nx, ny))
    with np.errstate(over="ignore", invalid="ignore"):
        out = model.predict_proba(points, batch_size=len(points))
    return out.reshape(ny, nx, -1)


def class_probabilities(grid: np.ndarray) -> np.ndarray:
    """Outputs that are not probabilities (sigmoid, no activation) made into shares that sum to 1."""
    g = np.nan_to_num(np.asarray(grid, dtype=np.float64), nan=0.0)
    if g.shape[-1] == 1:
        p = np.clip(g, 0.0, 1.0)
        return np.concatenate([1.0 - p, p], axis=-1)
    g = np.clip(g, 0.0, None)
    total = g.sum(axis=-1, keepdims=True)
    uniform = np.full_like(g, 1.0 / g.shape[-1])
    return np.where(total > 0, g / np.where(total > 0, total, 1.0), uniform)


def probability_colors(grid: np.ndarray, *, strength: float = 0.6) -> np.ndarray:
    """An RGB uint8 image of the grid: each pixel the probability-weighted class colour,
    paler where the network is unsure (white where all classes are equally likely)."""
    p = class_probabilities(grid)
    k = p.shape[-1]
    colors = CLASS_COLORS[np.arange(k) % len(CLASS_COLORS)]
    mixed = p @ colors
    # certainty 0 (uniform) .. 1 (one class): pale near the boundary, deeper away from it
    certainty = (p.max(axis=-1, keepdims=True) - 1.0 / k) / (1.0 - 1.0 / k)
    weight = strength * certainty
    rgb = 255.0 * (1.0 - weight) + mixed * weight
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def data_extent(x: np.ndarray, margin: float = 0.15, aspect: float = 1.0) -> tuple[float, float, float, float]:
    """An extent around 2-D points with a margin, `aspect` times as wide as high
    (square by default); its height is at least 2, DEFAULT_EXTENT's."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) == 0:
        centre, half = np.zeros(2), 1.5
    else:
        lo, hi = x.min(axis=0), x.max(axis=0)
        centre = (lo + hi) / 2
        half = max(float(np.max(hi - lo)) / 2 * (1 + margin), 1.0)
    hx, hy = (half * aspect, half) if aspect >= 1 else (half, half / aspect)
    return (centre[0] - hx, centre[0] + hx, centre[1] - hy, centre[1] + hy)


@dataclass(frozen=True)
class BoundaryFrame:
    """The network's answer over the plane at one moment of training."""

    grid: np.ndarray  # decision_grid(...)
    extent: tuple[float, float, float, float]
    epoch: int  # 1-based
    epochs: int
    step: int  # batches done
    loss: float  # the latest batch's loss
    #: accuracy on the training data at the last epoch's end (NaN before the first)
    accuracy: float
    final: bool = False


def train_watching_boundary(
    model,
    optimizer,
    dataset,
    *,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator,
    extent=None,
    resolution=DEFAULT_RESOLUTION,
    every_seconds: float = 0.1,
    callback: Callable[[BoundaryFrame], None] | None = None,
    on_event: Callable[[object], None] | None = None,
    control: TrainingControl | None = None,
    steps_per_second: float | None = None,
) -> TrainingResult:
    """Train `model` on a toy dataset with `core.train.loop.fit`, reporting a frame at the
    start, every `every_seconds` while training, and at the end.

    `steps_per_second` slows training down to that pace (so a learner can watch);
    `on_event` receives fit's own Batch/EpochEvents.
    """
    extent = tuple(extent) if extent is not None else data_extent(dataset.x_train)
    report = callback or (lambda frame: None)
    control = control or TrainingControl()
    state = {"last": -math.inf, "accuracy": math.nan, "step": 0, "epoch": 0, "loss": math.nan}
    start = time.perf_counter()

    def frame(final: bool = False) -> BoundaryFrame:
        return BoundaryFrame(decision_grid(model, extent, resolution), extent, state["epoch"], epochs,
                             state["step"], state["loss"], state["accuracy"], final)

    def listen(event) -> None:
        if isinstance(event, BatchEvent):
            state["step"] += 1
            state["epoch"], state["loss"] = event.epoch, event.loss
            if steps_per_second:
                # hold back so the run lasts as long as a learner needs to watch it
                due = start + state["step"] / steps_per_second
                while not control.stopped and (wait := due - time.perf_counter()) > 0:
                    time.sleep(min(wait, 0.05))
        elif isinstance(event, EpochEvent):
            state["accuracy"] = event.accuracy
        if on_event is not None:
            on_event(event)
        now = time.perf_counter()
        if now - state["last"] >= every_seconds:
            state["last"] = now
            report(frame())

    state["last"] = time.perf_counter()
    report(frame())
    result = fit(
        model, optimizer, dataset.x_train, dataset.y_train, normalise=dataset.normalise,
        epochs=epochs, batch_size=batch_size, validation_split=0.0, rng=rng, callback=listen, control=control,
    )
    if result.epochs:
        state["accuracy"] = result.history.accuracy[-1]
    if not control.stopped or result.history.batch_loss:
        result.test_loss, result.test_accuracy = evaluate(model, dataset.x_test, dataset.y_test, dataset.normalise)
    report(frame(final=True))
    return result


__all__ = [
    "DEFAULT_EXTENT", "DEFAULT_RESOLUTION", "CLASS_COLORS", "grid_points", "decision_grid",
    "class_probabilities", "probability_colors", "data_extent", "BoundaryFrame", "train_watching_boundary",
]
