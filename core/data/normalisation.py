"""How stored inputs become network inputs: ``x * scale + offset``, in one place.

A dataset keeps its inputs as stored (uint8 pixels 0..255, a table's raw values); the
network sees ``x * scale + offset``. Training batches, test sets, a drawing on the canvas,
a picture given to the CLI and the Explore page's traces all go through `normalise` (a
picture in 0..1 through `normalise_pixels`), so the same input gets the same numbers
wherever it is used. A normalisation is the mapping a model bundle stores: ``{"scale": s,
"offset": o}``. Each value may be a number or an array that broadcasts over one sample
(a table's per-column scale and offset), so nothing here assumes scalars.

A table's number columns are standardised with the training rows' mean and deviation
(`standardising`: scale 1/std, offset -mean/std, one value per input column); its one-hot
columns stay 0 and 1. The model bundle checks the sizes, the exporters write the same
numbers into the ONNX graph and the PyTorch script.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

#: image datasets: pixels 0..255 -> 0..1
IMAGE_NORMALISATION = {"scale": 1.0 / 255.0, "offset": 0.0}
#: data already in the network's units (the toy sets)
IDENTITY_NORMALISATION = {"scale": 1.0, "offset": 0.0}
#: the largest value of a stored pixel: a picture in 0..1 times this is in a dataset's units
PIXEL_MAX = 255.0
#: a column whose training rows vary by less than this is constant: only shifted to 0
TINY_DEVIATION = 1e-12


def normalise(x, normalisation: Mapping[str, float | np.ndarray], *, dtype=np.float32) -> np.ndarray:
    """`x` (raw inputs, one batch or one sample) as the network sees them, in `dtype`:
    float32 for training and predicting, float64 for the inspector's exact traces. An
    identity normalisation only converts (no copy when `x` already has the dtype)."""
    scale = np.asarray(normalisation.get("scale", 1.0), dtype=dtype)
    offset = np.asarray(normalisation.get("offset", 0.0), dtype=dtype)
    if np.all(scale == 1) and not np.any(offset):
        return np.asarray(x, dtype=dtype)
    out = np.multiply(x, scale, dtype=dtype)
    if np.any(offset):
        out += offset
    return out


def normalise_pixels(pixels01, normalisation: Mapping[str, float | np.ndarray], *, dtype=np.float32) -> np.ndarray:
    """A picture in 0..1 (the drawing canvas, a prepared image) as the network's input: first
    in the stored units (0..255), then normalised as the training data was."""
    return normalise(np.asarray(pixels01, dtype=dtype) * dtype(PIXEL_MAX), normalisation, dtype=dtype)



def standardising(x_train: np.ndarray, columns: np.ndarray) -> dict[str, np.ndarray]:
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


def values(normalisation: Mapping, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(scale, offset) as float64 arrays of `size` values each, whichever form `normalisation` has."""
    scale = np.broadcast_to(np.asarray(normalisation["scale"], dtype=np.float64), (size,))
    offset = np.broadcast_to(np.asarray(normalisation["offset"], dtype=np.float64), (size,))
    return scale, offset


def largest_input(normalisation: Mapping, low: float, high: float) -> float:
    """The largest magnitude a network input can take when stored values lie in [low, high]."""
    scale = np.asarray(normalisation["scale"], dtype=np.float64)
    offset = np.asarray(normalisation["offset"], dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        ends = np.maximum(np.abs(low * scale + offset), np.abs(high * scale + offset))
    return float(np.max(ends)) if np.size(ends) else 0.0


__all__ = ["normalise", "normalise_pixels", "standardising", "values", "largest_input",
           "IMAGE_NORMALISATION", "IDENTITY_NORMALISATION", "PIXEL_MAX", "TINY_DEVIATION"]
