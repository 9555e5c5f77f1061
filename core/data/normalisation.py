"""How stored inputs become network inputs: ``x * scale + offset``, in one place.

A dataset keeps its inputs as stored (uint8 pixels 0..255, a table's raw values); the
network sees ``x * scale + offset``. Training batches, test sets, a drawing on the canvas,
a picture given to the CLI and the Explore page's traces all go through `normalise` (a
picture in 0..1 through `normalise_pixels`), so the same input gets the same numbers
wherever it is used. A normalisation is the mapping a model bundle stores: ``{"scale": s,
"offset": o}``. Each value may be a number or an array that broadcasts over one sample
(a table's per-column scale and offset), so nothing here assumes scalars.
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


__all__ = ["normalise", "normalise_pixels", "IMAGE_NORMALISATION", "IDENTITY_NORMALISATION", "PIXEL_MAX"]
