"""Turning a drawing or a picture into the 28x28 image an MNIST network expects.

MNIST digits were made this way (LeCun et al.): the ink's bounding box was scaled
to fit a 20x20 box, keeping the aspect ratio, with anti-aliasing; then the result
was placed in a 28x28 field so that its centre of mass sits at the centre. On the
real files the centre of mass is at pixel (14, 14) in row/column index coordinates,
so that is where `prepare_digit` puts it. A network trained on MNIST does much
better on drawings treated the same way.

Images here are 2-D float arrays in 0..1 with white ink on black (uint8 0..255 is
accepted too). `to_white_on_black` turns pen-on-paper pictures round first.
No Qt: the GUI hands over its canvas as an array.
"""
from __future__ import annotations

import os

import numpy as np
from PIL import Image

from core.data import pictures

SIDE = 28
BOX = 20
#: the centre of mass of MNIST digits, in (row, column) pixel indices
CENTRE = (14.0, 14.0)
#: pixels fainter than this (after background removal) are noise, not ink
INK_THRESHOLD = 0.1
BACKGROUND_PERCENTILE = 20
#: load_image refuses larger files and pictures (decoded), and shrinks larger sides to MAX_SIDE
MAX_FILE_BYTES = pictures.MAX_FILE_BYTES
MAX_PIXELS = pictures.MAX_PIXELS
MAX_SIDE = 2048

#: a picture that cannot be read or used (core.data.pictures.PictureError): the message
#: names the file, `code` and `params` let an interface word it in the user's language
DigitError = pictures.PictureError


# --------------------------------------------------------------------------- helpers


def _as_unit_float(img: np.ndarray) -> np.ndarray:
    """A 2-D float32 array in 0..1 (uint8 is divided by 255)."""
    a = np.asarray(img)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got an array of shape {a.shape}")
    if a.dtype == np.uint8:
        return a.astype(np.float32) / np.float32(255)
    a = np.asarray(a, dtype=np.float32)
    if not np.isfinite(a).all():
        a = np.nan_to_num(a, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(a, 0.0, 1.0)


def center_of_mass(img: np.ndarray) -> tuple[float, float]:
    """(row, column) of the brightness-weighted centre, in pixel indices; the middle for a blank image."""
    a = np.asarray(img, dtype=np.float64)
    total = a.sum()
    if total <= 0:
        return ((a.shape[0] - 1) / 2, (a.shape[1] - 1) / 2)
    rows = a.sum(axis=1)
    cols = a.sum(axis=0)
    return float(rows @ np.arange(a.shape[0]) / total), float(cols @ np.arange(a.shape[1]) / total)


def _resize(patch: np.ndarray, height: int, width: int) -> np.ndarray:
    if patch.shape == (height, width):
        return patch
    shrinking = height <= patch.shape[0] and width <= patch.shape[1]
    # BOX averages the area each new pixel covers: the anti-aliasing MNIST had, without ringing.
    method = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    out = Image.fromarray(np.ascontiguousarray(patch, dtype=np.float32), mode="F").resize((width, height), method)
    return np.clip(np.asarray(out, dtype=np.float32), 0.0, 1.0)


def resized(img: np.ndarray, height: int, width: int) -> np.ndarray:
    """A grey picture (0..1, or uint8) resized to (height, width), area-averaged: what a picture
    folder's model sees of a drawing or a picture, which its own pictures were only resized."""
    return _resize(_as_unit_float(img), height, width)


# --------------------------------------------------------------------------- the pipeline


def prepare_digit(img: np.ndarray) -> np.ndarray:
    """A grey picture of one digit (white ink on black) -> 28x28 float32 in 0..1, MNIST-style.

    Removes a uniform background and stretches the ink to full brightness, crops to
    the ink's bounding box, scales it to fit 20x20 keeping the aspect ratio, and
    places it so its centre of mass lies at the centre. A blank picture gives zeros.
    """
    a = _as_unit_float(img)
    # A grey paper background is not ink: take its level off. The 20th percentile is
    # background even when bold strokes cover most of a tightly cropped picture.
    step = max(1, int(np.sqrt(a.size / 4096)))
    background = float(np.percentile(a[::step, ::step], BACKGROUND_PERCENTILE)) if a.size else 0.0
    if background > 0:
        a = np.clip(a - background, 0.0, None)
    peak = float(a.max()) if a.size else 0.0
    if peak <= INK_THRESHOLD * (1.0 - background) or peak <= 1e-3:
        return np.zeros((SIDE, SIDE), dtype=np.float32)
    if peak < 1.0:
        a = a * np.float32(1.0 / peak)

    ink = a > INK_THRESHOLD
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    patch = a[top:bottom, left:right]

    h, w = patch.shape
    scale = BOX / max(h, w)
    nh, nw = max(1, min(BOX, round(h * scale))), max(1, min(BOX, round(w * scale)))
    patch = _resize(patch, nh, nw)

    cy, cx = center_of_mass(patch)
    oy = int(np.floor(CENTRE[0] - cy + 0.5))
    ox = int(np.floor(CENTRE[1] - cx + 0.5))
    # Keep the whole digit in the frame when its centre of mass is far off-centre.
    oy = min(max(oy, 0), SIDE - nh)
    ox = min(max(ox, 0), SIDE - nw)
    out = np.zeros((SIDE, SIDE), dtype=np.float32)
    out[oy : oy + nh, ox : ox + nw] = patch
    return out


def _border(a: np.ndarray) -> np.ndarray:
    if min(a.shape) < 3:
        return a.ravel()
    return np.concatenate([a[0], a[-1], a[1:-1, 0], a[1:-1, -1]])


def looks_dark_on_light(img: np.ndarray) -> bool:
    """True for pen-on-paper pictures: the edge of the picture (the background) is mostly bright."""
    a = np.asarray(img)
    if a.ndim != 2 or a.size == 0:
        return False
    full = 255.0 if a.dtype == np.uint8 else 1.0
    return float(np.median(_border(a))) > 0.5 * full


def to_white_on_black(img: np.ndarray) -> np.ndarray:
    """The picture with white ink on black, as MNIST is: inverted if it looks dark on light."""
    a = np.asarray(img)
    if not looks_dark_on_light(a):
        return a
    if a.dtype == np.uint8:
        return 255 - a
    return (1.0 - a).astype(a.dtype if a.dtype.kind == "f" else np.float32, copy=False)


# --------------------------------------------------------------------------- files


def load_image(path: str | os.PathLike) -> np.ndarray:
    """A picture file (PNG, JPEG, BMP or GIF) as a 2-D float32 grey array in 0..1.

    Read through core.data.pictures (the formats allow-list, the size and pixel caps);
    a picture larger than MAX_SIDE is shrunk to fit first (a digit ends up 20 pixels
    high, so nothing is lost). Transparent areas are filled with the background the
    visible strokes stand out from; a photo's EXIF rotation is applied. Raises
    DigitError naming the file.
    """
    return pictures.read_grey(path, max_bytes=MAX_FILE_BYTES, max_pixels=MAX_PIXELS, max_side=MAX_SIDE)


__all__ = [
    "DigitError", "SIDE", "BOX", "CENTRE", "INK_THRESHOLD", "prepare_digit", "center_of_mass", "resized",
    "looks_dark_on_light", "to_white_on_black", "load_image",
]
