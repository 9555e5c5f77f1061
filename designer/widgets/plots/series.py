"""The learning curves' numbers, apart from any drawing: growing series, smoothing, ranges.

`SeriesBuffer` holds a curve's points in NumPy arrays that double when full, so that a
run of a hundred thousand batches costs the window one append per batch; `smooth` is the
per-batch loss's running average; `steady_range` picks an axis range that stays still
while a loss creeps down. Shared by the Train page's `LivePlot` and the Explore page's
optimizer race.
"""
from __future__ import annotations

import math

import numpy as np

#: exponential smoothing of the per-batch loss (weight of the past); bias-corrected
SMOOTHING = 0.9


class SeriesBuffer:
    """x and y values in NumPy arrays that double in size when full.

    `x` and `y` are views of the filled part (no copy), ready for `setData`.
    """

    def __init__(self, capacity: int = 256):
        self._x = np.empty(capacity, dtype=np.float64)
        self._y = np.empty(capacity, dtype=np.float64)
        self._n = 0
        #: y_range's answers so far, by `positive`: (points seen, lowest, highest)
        self._ranges: dict[bool, tuple[int, float, float]] = {}

    def __len__(self) -> int:
        return self._n

    @property
    def capacity(self) -> int:
        return len(self._x)

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]

    def _reserve(self, n: int) -> None:
        if n <= len(self._x):
            return
        capacity = len(self._x)
        while capacity < n:
            capacity *= 2
        for name in ("_x", "_y"):
            old = getattr(self, name)
            new = np.empty(capacity, dtype=np.float64)
            new[: self._n] = old[: self._n]
            setattr(self, name, new)

    def append(self, x: float, y: float) -> None:
        self._reserve(self._n + 1)
        self._x[self._n] = x
        self._y[self._n] = y
        self._n += 1

    def extend(self, xs, ys) -> None:
        xs = np.asarray(xs, dtype=np.float64)
        ys = np.asarray(ys, dtype=np.float64)
        n = len(xs)
        if n == 0:
            return
        self._reserve(self._n + n)
        self._x[self._n : self._n + n] = xs
        self._y[self._n : self._n + n] = ys
        self._n += n

    def clear(self) -> None:
        self._n = 0
        self._ranges = {}

    def y_range(self, positive: bool = False) -> tuple[float, float] | None:
        """(lowest, highest) of the finite y values (of those above 0 if `positive`), or None
        if there are none; worked out from the points added since the last call only."""
        seen, low, high = self._ranges.get(positive, (0, math.inf, -math.inf))
        if seen < self._n:
            new = self._y[seen : self._n]
            new = new[np.isfinite(new) & (new > 0)] if positive else new[np.isfinite(new)]
            if len(new):
                low, high = min(low, float(new.min())), max(high, float(new.max()))
            self._ranges[positive] = (self._n, low, high)
        return (low, high) if low <= high else None

    def copy(self) -> SeriesBuffer:
        out = SeriesBuffer(max(16, self._n))
        out.extend(self.x, self.y)
        return out


def smooth(values: np.ndarray, state: tuple[float, int] = (0.0, 0), weight: float = SMOOTHING) -> tuple[np.ndarray, tuple[float, int]]:
    """Bias-corrected exponential moving average, continued from `state` (sum, count).

    Non-finite values (a diverging loss) are passed through and do not poison the average.
    """
    out = np.empty(len(values), dtype=np.float64)
    avg, count = state
    for i, v in enumerate(values):
        if not math.isfinite(v):
            out[i] = v
            continue
        avg = weight * avg + (1.0 - weight) * v
        count += 1
        out[i] = avg / (1.0 - weight**count)
    return out, (avg, count)


def nice_step(span: float) -> float:
    """The round number (1, 2 or 5 times a power of ten) nearest above `span`."""
    if not span > 0 or not math.isfinite(span):
        return 1.0
    power = 10.0 ** math.floor(math.log10(span))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= span * (1 - 1e-9))


def steady_range(low: float, high: float, current: tuple[float, float] | None = None) -> tuple[float, float]:
    """A y range showing data from `low` to `high`: `current` while the data stays inside it
    and fills at least half of it, else a new one on a grid of about a fifth of the data's
    span (a round step). As a falling loss creeps down, the range then moves a dozen times
    in a run, mostly in its first moments, rather than at every frame."""
    span = high - low
    if not span > 0:
        span = max(abs(high), 1.0) * 0.1
    if current is not None and current[0] <= low and high <= current[1] and span >= 0.5 * (current[1] - current[0]):
        return current
    step = nice_step(span / 5)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    return (bottom - step, top + step) if bottom == top else (bottom, top)  # one value on the grid: a step around it


__all__ = ["SMOOTHING", "SeriesBuffer", "nice_step", "smooth", "steady_range"]
