"""The input normalisation: how the values a dataset stores become the numbers a network sees.

    network input = stored value * scale + offset

`scale` and `offset` are either one number each (pixels: 1/255 and 0, toy points: 1 and 0)
or one number per input value: a table's number columns are standardised with the training
rows' mean and deviation (scale 1/std, offset -mean/std), its one-hot columns stay 0 and 1
(scale 1, offset 0). A normalisation is a plain dict ``{"scale": ..., "offset": ...}``
holding floats or 1-D float64 arrays, so it travels unchanged in a model file.

The dataset (`core.data.datasets.Dataset.normalise`), the predictor and the model bundle all
go through `apply`, so training, testing, ``predict`` and the exported graph agree.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

#: a column whose training rows vary by less than this is constant: only shifted to 0
TINY_DEVIATION = 1e-12

Normalisation = dict[str, "float | np.ndarray"]


def identity() -> Normalisation:
    return {"scale": 1.0, "offset": 0.0}


def is_per_value(norm: Mapping) -> bool:
    """True when the normalisation gives every input value its own scale and offset."""
    return np.ndim(norm["scale"]) > 0 or np.ndim(norm["offset"]) > 0


def apply(norm: Mapping, x: np.ndarray) -> np.ndarray:
    """A batch of stored inputs (N, ...) as float32 network inputs, ``x * scale + offset``;
    per-value scales and offsets apply to each sample's values in order (flattened)."""
    if not is_per_value(norm):
        scale, offset = float(norm["scale"]), float(norm["offset"])
        if scale == 1.0 and offset == 0.0:
            return np.asarray(x, dtype=np.float32)
        out = np.multiply(x, np.float32(scale), dtype=np.float32)
        if offset:
            out += np.float32(offset)
        return out
    x = np.asarray(x)
    flat = x.reshape(len(x), -1)
    out = np.multiply(flat, np.asarray(norm["scale"], dtype=np.float32), dtype=np.float32)
    out += np.asarray(norm["offset"], dtype=np.float32)
    return out.reshape(x.shape)


def standardising(x_train: np.ndarray, columns: np.ndarray) -> Normalisation:
    """Per-column scale and offset that give the training rows' `columns` (a boolean mask)
    mean 0 and deviation 1; the other columns (one-hot ones) are left as they are. A column
    that never varies is only shifted to 0."""
    x = np.asarray(x_train, dtype=np.float64)
    columns = np.asarray(columns, dtype=bool)
    scale = np.ones(x.shape[1], dtype=np.float64)
    offset = np.zeros(x.shape[1], dtype=np.float64)
    if len(x):
        mean = x.mean(axis=0)
        std = x.std(axis=0)
        varies = columns & (std > TINY_DEVIATION * np.maximum(1.0, np.abs(mean)))
        scale[varies] = 1.0 / std[varies]
        offset[varies] = -mean[varies] / std[varies]
        constant = columns & ~varies
        offset[constant] = -mean[constant]
    return {"scale": scale, "offset": offset}


def values(norm: Mapping, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(scale, offset) as float64 arrays of `size` values each, whichever form `norm` has."""
    scale = np.broadcast_to(np.asarray(norm["scale"], dtype=np.float64), (size,))
    offset = np.broadcast_to(np.asarray(norm["offset"], dtype=np.float64), (size,))
    return scale, offset


def largest_input(norm: Mapping, low: float, high: float) -> float:
    """The largest magnitude a network input can take when stored values lie in [low, high]."""
    scale = np.asarray(norm["scale"], dtype=np.float64)
    offset = np.asarray(norm["offset"], dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        ends = np.maximum(np.abs(low * scale + offset), np.abs(high * scale + offset))
    return float(np.max(ends)) if np.size(ends) else 0.0


def same(a: Mapping, b: Mapping) -> bool:
    """Whether two normalisations are the same numbers (floats or arrays)."""
    return all(np.array_equal(np.asarray(a[k], dtype=np.float64), np.asarray(b[k], dtype=np.float64)) for k in ("scale", "offset"))


__all__ = ["Normalisation", "identity", "is_per_value", "apply", "standardising", "values", "largest_input", "same"]
