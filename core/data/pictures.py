"""The one door through which LayerLab reads a picture file (PNG, JPEG, BMP or GIF).

Pillow picks a decoder from a file's content, not its name, and some of its decoders
run external programs: an EPS file saved as ``digit.png`` is handed to Ghostscript,
which can write files, loop forever or crash. So every picture LayerLab opens (the
CLI's ``predict``, the Test page, image-folder datasets) goes through `open_picture`,
which

- refuses anything that is not a regular file, or is larger than ``max_bytes``,
  before reading it (a FIFO or ``/dev/zero`` must not hang or flood us);
- lets Pillow try only the formats in `FORMATS`, none of which starts a program;
- checks the picture's size from its header against ``max_pixels`` before decoding
  (Pillow's own decompression-bomb limit is obeyed too);
- decodes the first frame only, and applies the photo's EXIF rotation.

Anything else raises `PictureError` with a `code` and `params`, so an interface can
word the refusal in the user's language (designer.text.messages.digit_error_text).
`grey_array` and `rgb_array` turn the opened picture into NumPy arrays.
"""
from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from core.io.files import RefusedFile, open_regular

#: the only formats Pillow may decode: none of them runs an external program
FORMATS = ("PNG", "JPEG", "BMP", "GIF")
#: defaults: larger files, or pictures with more pixels once decoded, are refused
MAX_FILE_BYTES = 50 << 20
MAX_PIXELS = 16_000_000


class PictureError(ValueError):
    """A picture that cannot be read or used; the message names the file.

    `code` names the kind of problem and `params` holds the values its message was made
    from (`path` is the file), so an interface can word it in another language
    (designer.text.messages.digit_error_text); "" when the English message is all there is."""

    def __init__(self, message: str, code: str = "", params: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


def _refused(e: RefusedFile, max_bytes: int) -> PictureError:
    path = e.path
    if e.code == "folder":
        return PictureError(f"{path}: is a folder, not an image", "folder", {"path": path})
    if e.code == "not_regular":
        return PictureError(f"{path}: is {e.kind}, not a picture file", "not_regular", {"path": path, "kind": e.kind})
    if e.code == "too_large":
        megabytes = f"{e.size / 2**20:.0f}"
        return PictureError(
            f"{path}: the file is {megabytes} MB; pictures up to {max_bytes >> 20} MB can be opened",
            "file_too_large",
            {"path": path, "size": megabytes, "most": max_bytes >> 20},
        )
    return PictureError(f"{path}: cannot read the image ({e.reason})", "cannot_read", {"path": path, "reason": e.reason})


def open_picture(
    source: str | os.PathLike | bytes,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_side: int | None = None,
    name: str = "",
) -> Image.Image:
    """The first frame of a PNG, JPEG, BMP or GIF file (or its bytes), decoded and
    turned upright; PictureError for anything else (see the module doc).

    `max_side`: a larger picture is shrunk (keeping its aspect ratio) to fit a square of
    that side, JPEGs already while decoding, so a big photo costs little memory.
    `name` is what messages call bytes given directly (default "picture").
    """
    label = _label(source, name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise _refused(RefusedFile(label, "too_large", size=len(data), most=max_bytes), max_bytes)
        return _decode(io.BytesIO(data), label, max_pixels, max_side)
    try:
        f = open_regular(source, max_bytes)
    except RefusedFile as e:
        raise _refused(e, max_bytes) from None
    with f:
        return _decode(f, label, max_pixels, max_side)


def _label(source, name: str) -> str:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return name or "picture"
    return name or str(Path(source))


def _decode(f, path: str, max_pixels: int, max_side: int | None) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(f, formats=FORMATS)  # reads the header only
            if max_side is not None and im.format == "JPEG":
                im.draft(im.mode if im.mode in ("L", "RGB") else None, (max_side, max_side))
            w, h = im.size
            if w * h > max_pixels:
                raise PictureError(
                    f"{path}: the picture is {w}x{h} pixels, too large to open (at most {max_pixels // 1_000_000} megapixels)",
                    "too_many_pixels",
                    {"path": path, "width": w, "height": h, "most": max_pixels // 1_000_000},
                )
            im.load()  # the first frame only: a GIF's or an APNG's others are never decoded
            if max_side is not None:
                im = _shrunk(im, max_side)
            ImageOps.exif_transpose(im, in_place=True)
            return im
    except PictureError:
        raise
    except MemoryError:
        raise PictureError(f"{path}: not enough memory to open the picture", "out_of_memory", {"path": path}) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(f"{path}: the picture is too large to open", "too_large", {"path": path}) from None
    except UnidentifiedImageError:
        raise PictureError(f"{path}: not a picture LayerLab can read (use PNG, JPEG, BMP or GIF)", "not_image", {"path": path}) from None
    except (OSError, ValueError, SyntaxError, EOFError, TypeError, IndexError, KeyError, ZeroDivisionError, OverflowError) as e:
        # whatever a damaged file makes a decoder raise
        reason = " ".join(str(e).split())[:200] or type(e).__name__
        raise PictureError(f"{path}: the picture is damaged or truncated ({reason})", "damaged", {"path": path, "reason": reason}) from None


def _has_alpha(im: Image.Image) -> bool:
    return "A" in im.getbands() or "transparency" in im.info


def _shrunk(im: Image.Image, max_side: int) -> Image.Image:
    """`im` made to fit a max_side square (area-averaged), or `im` itself when it fits."""
    if max(im.size) <= max_side:
        return im
    if im.mode.startswith("I;16"):
        im = im.convert("I")  # keeps all 16 bits, and resizes
    elif im.mode not in ("L", "LA", "RGB", "RGBA", "I", "F"):
        im = im.convert("RGBA" if _has_alpha(im) else "RGB" if len(im.getbands()) > 1 else "L")
    else:
        im = im.copy()
    im.thumbnail((max_side, max_side), Image.Resampling.BOX)
    return im


def grey_array(im: Image.Image) -> np.ndarray:
    """A picture as a 2-D float32 grey array in 0..1.

    Transparent areas are filled with the background the visible strokes stand out
    from (white behind dark strokes, black behind light ones)."""
    if im.mode.startswith("I;16"):
        return np.asarray(im, dtype=np.float32) / np.float32(65535)
    if im.mode in ("I", "F"):  # 32-bit grey: guess the range from the (finite) values
        a = np.asarray(im, dtype=np.float32)
        finite = np.isfinite(a)
        peak = float(a[finite].max()) if finite.any() else 0.0
        full = 65535.0 if peak > 255 else 255.0 if peak > 1 else 1.0
        # NaN and -inf pixels are black (0), +inf white (1), as in core.data.digits
        a = np.nan_to_num(a / np.float32(full), nan=0.0, posinf=1.0, neginf=0.0)
        return np.clip(a, 0.0, 1.0).astype(np.float32, copy=False)
    if _has_alpha(im):
        rgba = im.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"), dtype=np.float32) / np.float32(255)
        grey = np.asarray(rgba.convert("L"), dtype=np.float32) / np.float32(255)
        visible = alpha > 0.5
        if visible.all() or not visible.any():
            return grey if visible.any() else np.zeros_like(grey)
        # Dark strokes on a transparent sheet go on white paper; light strokes on black.
        background = 1.0 if float(grey[visible].mean()) < 0.5 else 0.0
        return (grey * alpha + np.float32(background) * (1.0 - alpha)).astype(np.float32)
    return np.asarray(im.convert("L"), dtype=np.float32) / np.float32(255)


def rgb_array(im: Image.Image) -> np.ndarray:
    """A picture as an (H, W, 3) uint8 array; transparent areas become white."""
    if _has_alpha(im):
        rgba = im.convert("RGBA")
        sheet = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        sheet.alpha_composite(rgba)
        return np.asarray(sheet.convert("RGB"))
    return np.asarray(im.convert("RGB"))


def read_grey(source: str | os.PathLike | bytes, **limits: Any) -> np.ndarray:
    """`open_picture(source, **limits)` as a 2-D float32 grey array in 0..1."""
    im = open_picture(source, **limits)
    try:
        return grey_array(im)
    except MemoryError:
        label = _label(source, limits.get("name", ""))
        raise PictureError(f"{label}: not enough memory to open the picture", "out_of_memory", {"path": label}) from None


__all__ = ["FORMATS", "MAX_FILE_BYTES", "MAX_PIXELS", "PictureError", "open_picture", "grey_array", "rgb_array", "read_grey"]
