"""The trained-model file: one .npz holding everything needed to use a model again.

Inside the zip, every member is a plain numeric or string array::

    format                 "layerlab-model"
    version                1
    design                 the design JSON (core.design.spec.dumps)
    weights/layers.0.W     float32 (fan_in, units), one W and b per Dense layer
    weights/layers.0.b     float32 (units,)
    history/loss           float64 per-epoch values (loss, accuracy, val_loss, ...)
    normalisation/scale    float64 scalar: the network saw x * scale + offset
    normalisation/offset

`save_bundle` writes a temporary file beside the target and renames it over, so a
crash never leaves a half-written model. `load_bundle` never unpickles: it opens
the file with ``allow_pickle=False``, reads each array's header before its data
(so a hostile file cannot make it allocate gigabytes or load Python objects), and
checks every weight against the shapes the design implies. Anything wrong raises
`BundleError` with a message naming the array and the problem.
"""
from __future__ import annotations

import math
import os
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.design import spec
from core.design.spec import Design
from core.io.atomic import atomic_write

FORMAT = "layerlab-model"
VERSION = 1
#: the largest file, single array and total of arrays a model file may hold
MAX_FILE_BYTES = 2 << 30
MAX_ARRAY_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
MAX_MEMBERS = 2000
MAX_HISTORY_LENGTH = 1_000_000
WEIGHT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class BundleError(Exception):
    """A model file that cannot be written or used; the message says why.

    `code` names the kind of problem and `params` holds the values its message was made
    from (`path` is the file, or "" when the message names none), so an interface can
    word it in another language (designer.text.messages.bundle_error_text); "" for the rarer
    problems, whose English message is all there is. For "invalid_design", `params["problem"]`
    is the design's first core.design.spec.Problem."""

    def __init__(self, message: str, code: str = "", params: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


@dataclass
class Bundle:
    design: Design
    weights: dict[str, np.ndarray]
    history: dict[str, list[float]] = field(default_factory=dict)
    normalisation: dict[str, float] = field(default_factory=lambda: {"scale": 1.0, "offset": 0.0})
    version: int = VERSION


# --------------------------------------------------------------------------- shapes


def expected_shapes(design: Design) -> dict[str, tuple[int, ...]]:
    """The weight arrays a model of `design` has: ``layers.i.W`` (fan_in, units) and ``layers.i.b``."""
    shapes: dict[str, tuple[int, ...]] = {}
    fan_in = math.prod(design.input_shape)
    for i, (layer, info) in enumerate(zip(design.layers, spec.layer_infos(design))):
        if isinstance(layer, spec.DenseSpec):
            shapes[f"layers.{i}.W"] = (fan_in, layer.units)
            shapes[f"layers.{i}.b"] = (layer.units,)
        elif info.params:
            raise BundleError(f"layers[{i}]: cannot store weights of a {info.kind} layer")
        fan_in = math.prod(info.output_shape)
    return shapes


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def check_weights(design: Design, weights: Mapping[str, np.ndarray], *, where: str = "") -> None:
    """Raise BundleError unless `weights` are exactly the design's arrays: names, shapes, float, finite."""
    expected = expected_shapes(design)
    prefix = f"{where}: " if where else ""
    for key in expected:
        if key not in weights:
            layer = int(key.split(".")[1]) + 1  # counted from 1, as the designer shows layers
            raise BundleError(f"{prefix}array {key} is missing (the design's layer {layer} needs it)", "missing_array", {"path": where, "name": key, "layer": layer})
    for key in weights:
        if key not in expected:
            raise BundleError(f"{prefix}unexpected array {key}: the design has no such weights", "unexpected_array", {"path": where, "name": key})
    for key, shape in expected.items():
        value = weights[key]
        if not isinstance(value, np.ndarray):
            raise BundleError(f"{prefix}array {key} is a {type(value).__name__}, not a NumPy array")
        if value.dtype not in WEIGHT_DTYPES:
            raise BundleError(f"{prefix}array {key} holds {value.dtype} values, but weights must be float32 or float64", "wrong_dtype", {"path": where, "name": key, "dtype": str(value.dtype)})
        if value.shape != shape:
            raise BundleError(f"{prefix}array {key} has shape {_shape(value.shape)} but the design needs {_shape(shape)}", "wrong_shape", {"path": where, "name": key, "shape": _shape(value.shape), "expected": _shape(shape)})
        if not np.isfinite(value).all():
            raise BundleError(f"{prefix}array {key} contains NaN or infinite values (did training diverge?)", "not_finite", {"path": where, "name": key})


def weights_are_finite(weights: Mapping[str, np.ndarray]) -> bool:
    """True when no weight is NaN or infinite: only such weights are ever saved."""
    return all(np.isfinite(np.asarray(w)).all() for w in weights.values())


# --------------------------------------------------------------------------- save


def save_bundle(
    path: str | os.PathLike,
    *,
    design: Design,
    weights: Mapping[str, np.ndarray],
    history: Mapping[str, list[float]] | None = None,
    normalisation: Mapping[str, float],
) -> None:
    """Write a model file atomically: the old file (if any) stays intact until the new one is complete."""
    path = Path(path)
    weights = {k: np.asarray(v) for k, v in weights.items()}
    check_weights(design, weights)
    arrays: dict[str, np.ndarray] = {
        "format": np.array(FORMAT),
        "version": np.array(VERSION, dtype=np.int64),
        "design": np.array(spec.dumps(design)),
    }
    for key, value in weights.items():
        arrays[f"weights/{key}"] = np.ascontiguousarray(value)
    for key, values in (history or {}).items():
        if not _NAME.match(key):
            raise BundleError(f"history name {key!r} must be letters, digits, '_', '.' or '-'")
        series = np.asarray(list(values), dtype=np.float64)
        if series.ndim != 1:
            raise BundleError(f"history {key!r} must be a list of numbers")
        arrays[f"history/{key}"] = series
    for key in ("scale", "offset"):
        if key not in normalisation:
            raise BundleError(f"normalisation has no {key!r} value")
    for key, value in normalisation.items():
        if not _NAME.match(key):
            raise BundleError(f"normalisation name {key!r} must be letters, digits, '_', '.' or '-'")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise BundleError(f"normalisation {key!r} must be a number, got {value!r}") from None
        if not math.isfinite(number):
            raise BundleError(f"normalisation {key!r} must be a finite number, got {value!r}")
        arrays[f"normalisation/{key}"] = np.array(number, dtype=np.float64)

    atomic_write(path, lambda f: np.savez_compressed(f, allow_pickle=False, **arrays))


# --------------------------------------------------------------------------- load


def load_bundle(path: str | os.PathLike) -> Bundle:
    """Read and check a model file. Raises BundleError for anything that is not a sound LayerLab model."""
    path = Path(path)
    if path.is_dir():
        raise BundleError(f"{path}: is a folder, not a model file", "folder", {"path": str(path)})
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as e:
        reason = e.strerror or str(e)
        raise BundleError(f"{path}: cannot read the file ({reason})", "cannot_read", {"path": str(path), "reason": reason}) from None
    if size > MAX_FILE_BYTES:
        gigabytes = f"{size / 2**30:.1f}"
        raise BundleError(f"{path}: the file is {gigabytes} GB, far larger than any LayerLab model; refusing to open it", "file_too_large", {"path": str(path), "size": gigabytes})
    if head not in _ZIP_MAGIC:
        raise BundleError(f"{path}: this is not a LayerLab model file (expected a .npz archive)", "not_npz", {"path": str(path)})
    try:
        with np.load(path, allow_pickle=False) as npz:
            return _read_bundle(path, npz)
    except BundleError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as e:
        # ValueError: numpy's "cannot reshape"/"failed to read" for short data, or an unpicklable dtype
        reason = _reason(e)
        raise BundleError(f"{path}: the file is damaged or truncated ({reason})", "damaged", {"path": str(path), "reason": reason}) from None
    except MemoryError:
        raise BundleError(f"{path}: not enough memory to open this model file") from None


def _reason(e: BaseException) -> str:
    if isinstance(e, zipfile.BadZipFile) and "not a zip file" in str(e):
        return "the end of the archive is missing"
    text = " ".join(str(e).split())
    return text[:200] or type(e).__name__


def _headers(path: Path, npz) -> dict[str, tuple[tuple[int, ...], np.dtype]]:
    """Each member's (shape, dtype), read from the .npy headers only, with the size limits applied."""
    infos = npz.zip.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BundleError(f"{path}: this is not a LayerLab model file ({len(infos)} arrays inside)")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise BundleError(f"{path}: the file is damaged (an array appears twice)")
    total = 0
    out: dict[str, tuple[tuple[int, ...], np.dtype]] = {}
    for info in infos:
        if not info.filename.endswith(".npy"):
            raise BundleError(f"{path}: this is not a LayerLab model file (it holds {info.filename!r}, which is not an array)")
        key = info.filename[: -len(".npy")]
        if info.file_size > MAX_ARRAY_BYTES:
            raise BundleError(f"{path}: array {key} claims {info.file_size:,} bytes, far more than any model needs; refusing to open the file")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleError(f"{path}: the arrays inside add up to more than {MAX_TOTAL_BYTES >> 30} GB; refusing to open the file")
        with npz.zip.open(info) as member:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(member)
            elif version in ((2, 0), (3, 0)):
                shape, _, dtype = np.lib.format.read_array_header_2_0(member)
            else:
                raise BundleError(f"{path}: array {key} has an unknown .npy version {version}")
            header_len = member.tell()
        if dtype.hasobject:
            raise BundleError(f"{path}: array {key} holds Python objects (pickled data); LayerLab model files never do, so the file is refused", "pickled", {"path": str(path), "name": key})
        if math.prod(shape) * dtype.itemsize > info.file_size - header_len:
            raise BundleError(f"{path}: the file is damaged or truncated (array {key} is shorter than its header says)", "short_array", {"path": str(path), "name": key})
        out[key] = (tuple(shape), dtype)
    return out


def _text(path: Path, npz, headers, key: str, max_chars: int) -> str:
    if key not in headers:
        raise BundleError(f"{path}: this is not a LayerLab model file (no {key!r} entry)", "no_entry", {"path": str(path), "key": repr(key)})
    shape, dtype = headers[key]
    if dtype.kind != "U" or shape != () or dtype.itemsize // 4 > max_chars:
        raise BundleError(f"{path}: this is not a LayerLab model file (its {key!r} entry is not text)")
    return str(npz[key][()])


def _read_bundle(path: Path, npz) -> Bundle:
    headers = _headers(path, npz)
    if _text(path, npz, headers, "format", 100) != FORMAT:
        raise BundleError(f"{path}: this is not a LayerLab model file (its format marker is not {FORMAT!r})", "format_marker", {"path": str(path), "format": repr(FORMAT)})
    if "version" not in headers or headers["version"][0] != () or headers["version"][1].kind not in "iu":
        raise BundleError(f"{path}: this is not a LayerLab model file (no version number)")
    version = int(npz["version"][()])
    if version > VERSION:
        raise BundleError(
            f"{path}: this model file is format version {version}, but this LayerLab reads version {VERSION} at most; please update LayerLab",
            "newer_version",
            {"path": str(path), "version": version, "supported": VERSION},
        )
    if version < 1:
        raise BundleError(f"{path}: the file is damaged (format version {version})")

    text = _text(path, npz, headers, "design", 50_000_000)
    try:
        design = spec.loads(text)
    except spec.SpecError as e:
        if not e.problems:
            raise BundleError(f"{path}: the design stored in the model file is invalid: invalid") from None
        first = e.problems[0]
        raise BundleError(f"{path}: the design stored in the model file is invalid: {first}", "invalid_design", {"path": str(path), "problem": first}) from None

    expected = expected_shapes(design)
    weights: dict[str, np.ndarray] = {}
    history: dict[str, list[float]] = {}
    normalisation: dict[str, float] = {}
    # Check every header against the design before reading any data.
    for key, (shape, dtype) in headers.items():
        group, _, name = key.partition("/")
        if key in ("format", "version", "design"):
            continue
        if group == "weights":
            if name not in expected:
                raise BundleError(f"{path}: unexpected array {name}: the design has no such weights", "unexpected_array", {"path": str(path), "name": name})
            if dtype not in WEIGHT_DTYPES:
                raise BundleError(f"{path}: array {name} holds {dtype} values, but weights must be float32 or float64", "wrong_dtype", {"path": str(path), "name": name, "dtype": str(dtype)})
            if shape != expected[name]:
                raise BundleError(
                    f"{path}: array {name} has shape {_shape(shape)} but the design needs {_shape(expected[name])}",
                    "wrong_shape",
                    {"path": str(path), "name": name, "shape": _shape(shape), "expected": _shape(expected[name])},
                )
        elif group == "history":
            if dtype.kind != "f" or len(shape) != 1 or shape[0] > MAX_HISTORY_LENGTH:
                raise BundleError(f"{path}: history {name!r} is not a list of numbers")
        elif group == "normalisation":
            if dtype.kind != "f" or shape != ():
                raise BundleError(f"{path}: normalisation {name!r} is not a number")
        else:
            raise BundleError(f"{path}: unexpected array {key} in the model file")
    for name in expected:
        if f"weights/{name}" not in headers:
            layer = int(name.split(".")[1]) + 1  # counted from 1, as the designer shows layers
            raise BundleError(f"{path}: array {name} is missing (the design's layer {layer} needs it)", "missing_array", {"path": str(path), "name": name, "layer": layer})

    for key in headers:
        group, _, name = key.partition("/")
        if group == "weights":
            weights[name] = npz[key]
        elif group == "history":
            history[name] = [float(v) for v in npz[key]]
        elif group == "normalisation":
            value = float(npz[key][()])
            if not math.isfinite(value):
                raise BundleError(f"{path}: normalisation {name!r} is not a finite number")
            normalisation[name] = value
    for key in ("scale", "offset"):
        if key not in normalisation:
            raise BundleError(f"{path}: the model file has no normalisation {key!r}")
    check_weights(design, weights, where=str(path))
    return Bundle(design=design, weights=weights, history=history, normalisation=normalisation, version=version)


__all__ = ["FORMAT", "VERSION", "Bundle", "BundleError", "save_bundle", "load_bundle", "expected_shapes", "check_weights", "weights_are_finite"]
