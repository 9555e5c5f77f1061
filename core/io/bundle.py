"""The trained-model file: one .npz holding everything needed to use a model again.

Inside the zip, every member is a plain numeric or string array::

    format                 "layerlab-model"
    version                1
    design                 the design JSON (core.design.spec.dumps)
    weights/layers.0.W     float32 (fan_in, units), one W and b per Dense layer
    weights/layers.0.b     float32 (units,)
    history/loss           float64 per-epoch values (loss, accuracy, val_loss, ...)
    normalisation/scale    float64 scalar: the network saw x * scale + offset
    normalisation/offset   (or one value per input: a table's standardised columns)

A model of the user's own data (version 2) also holds what it learnt the data to be, so
that testing and ``predict`` need no data, and where the data was::

    data/class_names       one string per class
    data/location          the data's absolute path when the model was saved (the design's
                           "dataset" path is relative to the model file; this is the fallback)
    data/columns           a table's feature columns, data/column_kinds ("number", "text"),
    data/categories        every text column's categories in order, data/category_counts how
                           many each column has, data/target the class column

Models of the named datasets are written as version 1, as before.

`save_bundle` writes a temporary file beside the target and renames it over, so a
crash never leaves a half-written model. `load_bundle` never unpickles and never
trusts a size: it checks the zip's table of contents and every array's header
against fixed budgets and then against the design (see the comment above it) before
it decompresses anything, reads weights in chunks straight into float32, and refuses
a stored design that would not train, numbers that are not finite, and weights whose
outputs overflow. `save_bundle` refuses what `load_bundle` would, so every saved
model opens again. Anything wrong raises `BundleError` with a message naming the file,
the array or member, and the problem.
"""
from __future__ import annotations

import contextlib
import lzma
import math
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.data import normalisation as norm
from core.data import tables
from core.data.catalog import DataSource, DatasetInfo
from core.design import spec
from core.design.checks import MAX_PARAMETERS
from core.design.spec import Design
from core.layer_types.walk import parameter_shapes
from core.io.atomic import atomic_write
from core.io.files import RefusedFile, open_regular

FORMAT = "layerlab-model"
#: 2 added the data members of models of the user's own data; version 1 files open unchanged
VERSION = 2
#: what models of the named datasets are still written as, so an older LayerLab opens them
NAMED_DATA_VERSION = 1
#: the largest model file: MAX_PARAMETERS float64 weights, compressed or not, and the rest
MAX_FILE_BYTES = 256 << 20
MAX_MEMBERS = 256
#: a .npy header is ~128 bytes; numpy writes at most a few kB
MAX_NPY_HEADER = 4096
#: per-epoch history series (loss, accuracy, ...), and values in each: as many epochs as a design may train
MAX_HISTORY_SERIES = 16
MAX_EPOCHS_RECORDED = spec.MAX_EPOCHS
#: the name of the per-batch history series, and the most values it may hold
BATCH_HISTORY = "batch_loss"
MAX_BATCH_HISTORY = 1_000_000
#: normalisation values (scale, offset): how many, and how large in magnitude; each may be one
#: number per input, for at most MAX_INPUT_VALUES inputs (a table's, core.data.tables.MAX_INPUTS)
MAX_NORMALISATION_VALUES = 8
MAX_NORMALISATION = 1e6
MIN_SCALE = 1e-12
MAX_INPUT_VALUES = tables.MAX_INPUTS
#: the data members (see the module doc): how many strings each may hold, and how long each is
MAX_NAME_CHARS = tables.MAX_NAME_CHARS
_DATA_TEXTS = {
    "class_names": tables.MAX_CLASSES, "columns": tables.MAX_COLUMNS, "column_kinds": tables.MAX_COLUMNS,
    "categories": tables.MAX_INPUTS,
}
_DATA_TEXT = {"location": spec.MAX_PATH_CHARS, "target": MAX_NAME_CHARS}
_DATA_COUNTS = {"category_counts": tables.MAX_COLUMNS}
_DATA_BYTES = (sum(4 * MAX_NAME_CHARS * n for n in _DATA_TEXTS.values()) + sum(4 * n for n in _DATA_TEXT.values())
               + sum(8 * n for n in _DATA_COUNTS.values()))
#: every member of a file together, before any is decompressed
MAX_TOTAL_BYTES = (8 * MAX_PARAMETERS + 4 * spec.MAX_DESIGN_BYTES
                   + 8 * (MAX_BATCH_HISTORY + MAX_HISTORY_SERIES * MAX_EPOCHS_RECORDED) + MAX_MEMBERS * MAX_NPY_HEADER
                   + 2 * 8 * MAX_INPUT_VALUES + _DATA_BYTES)
WEIGHT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
FLOAT32_MAX = float(np.finfo(np.float32).max)
#: an output bound below this leaves float32 a wide margin: no overflow anywhere
SAFE_BOUND = 1e30
_CHUNK = 1 << 20
_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class BundleError(Exception):
    """A model file that cannot be written or used; the message says why.

    `code` names the kind of problem and `params` holds the values its message was made
    from (`path` is the file, or "" when the message names none), so an interface can
    word it in another language (designer.text.messages.bundle_error_text); "" for the rarer
    problems, whose English message is all there is. For "invalid_design", `params["problem"]`
    is the design's first core.design.spec.Problem; for "untrainable_design", `params["finding"]`
    its first core.design.checks error."""

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
    """The weight arrays a model of `design` has, by name: ``layers.i.W`` (fan_in, units), ``layers.i.b``..."""
    return parameter_shapes(design.layers, design.input_shape)


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def check_weights(design: Design, weights: Mapping[str, np.ndarray], *, where: str = "") -> None:
    """Raise BundleError unless `weights` are exactly the design's arrays: names, shapes, float,
    and finite once converted to float32 (1e300 is finite in float64, infinite in float32)."""
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
        _check_finite(value, key, where)


def _check_finite(value: np.ndarray, key: str, where: str) -> None:
    prefix = f"{where}: " if where else ""
    if not np.isfinite(value).all():
        raise BundleError(f"{prefix}array {key} contains NaN or infinite values (did training diverge?)", "not_finite", {"path": where, "name": key})
    if value.dtype != np.float32 and value.size and float(np.abs(value).max()) > FLOAT32_MAX:
        raise BundleError(f"{prefix}array {key} holds numbers too large to compute with (beyond ±3.4e38, the float32 range)", "too_large_values", {"path": where, "name": key})


def check_normalisation(normalisation: Mapping[str, Any], *, where: str = "", size: int | None = None) -> dict[str, Any]:
    """The normalisation as plain floats (or float64 arrays of `size` values, one per input);
    BundleError unless it has a finite `scale` that is not zero (not zero everywhere) and a
    finite `offset`, every value within MAX_NORMALISATION (as float32 too)."""
    prefix = f"{where}: " if where else ""
    out: dict[str, Any] = {}
    for key in ("scale", "offset"):
        if key not in normalisation:
            raise BundleError(f"{prefix}normalisation has no {key!r} value")
    if len(normalisation) > MAX_NORMALISATION_VALUES:
        raise BundleError(f"{prefix}the normalisation holds {len(normalisation)} values; a model has at most {MAX_NORMALISATION_VALUES}")
    for key, value in normalisation.items():
        if not isinstance(key, str) or not _NAME.match(key):
            raise BundleError(f"{prefix}normalisation name {key!r} must be letters, digits, '_', '.' or '-'")
        if np.ndim(value) > 0:
            out[key] = _normalisation_values(key, value, prefix, where, size)
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise BundleError(f"{prefix}normalisation {key!r} must be a number, got {value!r}") from None
        if not math.isfinite(number) or abs(number) > MAX_NORMALISATION:
            raise BundleError(f"{prefix}normalisation {key} is {number:g}: inputs scaled by it are not numbers LayerLab can compute with", "bad_normalisation", {"path": where, "name": key, "value": f"{number:g}"})
        out[key] = number
    scale = np.abs(np.asarray(out["scale"], dtype=np.float64))
    if not (scale >= MIN_SCALE).any():
        shown = f"{float(scale.flat[0]):g}" if scale.size else "empty"
        raise BundleError(f"{prefix}normalisation scale is {shown}: every input would look the same to the network", "zero_scale", {"path": where, "value": shown})
    return out


def _normalisation_values(key: str, value: Any, prefix: str, where: str, size: int | None) -> np.ndarray:
    """One value per input: a 1-D float array as long as the design's input."""
    try:
        values = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise BundleError(f"{prefix}normalisation {key!r} must be numbers") from None
    if values.ndim != 1 or (size is not None and len(values) != size) or len(values) > MAX_INPUT_VALUES:
        expected = f"{size}" if size is not None else f"at most {MAX_INPUT_VALUES}"
        raise BundleError(f"{prefix}normalisation {key} holds {values.size} values, but the model takes {expected} inputs")
    bad = ~np.isfinite(values) | (np.abs(np.nan_to_num(values)) > MAX_NORMALISATION)
    if bad.any():
        number = float(values[np.flatnonzero(bad)[0]])
        raise BundleError(f"{prefix}normalisation {key} is {number:g}: inputs scaled by it are not numbers LayerLab can compute with", "bad_normalisation", {"path": where, "name": key, "value": f"{number:g}"})
    return values


def history_limits(design: Design, epochs: int) -> tuple[int, int]:
    """(most per-epoch values, most batch losses) a model file may record after `epochs`
    epochs of `design`: one value per epoch, and one loss per batch of those epochs plus
    the one a run was stopped in. Saving thins a longer batch history to fit; loading refuses it."""
    from core.design.checks import training_samples

    per_epoch = MAX_EPOCHS_RECORDED
    samples = training_samples(design)
    if samples is None or samples <= 0:
        return per_epoch, MAX_BATCH_HISTORY
    batches = math.ceil(samples / max(1, min(design.training.batch_size, samples)))
    return per_epoch, min(MAX_BATCH_HISTORY, (min(epochs, per_epoch) + 1) * batches)


def _thinned(series: np.ndarray, most: int) -> np.ndarray:
    """`series` averaged over runs of consecutive values so that at most `most` remain."""
    if len(series) <= most:
        return series
    group = math.ceil(len(series) / most)
    usable = len(series) // group * group
    return series[:usable].reshape(-1, group).mean(axis=1)


def _untrainable(design: Design, where: str | None):
    """The first check error of a design (core.design.checks) as a BundleError, or None: a model
    is only stored, and only opened (`where` is the file), when its design would train, so
    evaluate and predict can use it."""
    from core.design.checks import check_design, errors

    found = errors(check_design(design))
    if not found:
        return None
    first = found[0]
    at = f"{first.path}: " if first.path else ""
    if where is None:
        return BundleError(f"a model of this design cannot be saved, since the design cannot be trained: {at}{first.message}")
    return BundleError(f"{where}: the design stored in the model file cannot be used: {at}{first.message}", "untrainable_design", {"path": where, "finding": first})


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
    normalisation: Mapping[str, Any],
) -> None:
    """Write a model file atomically: the old file (if any) stays intact until the new one is complete.

    Everything `load_bundle` would refuse is refused here, before anything is written
    (a batch history longer than a file may hold is thinned instead: averaged in runs). A
    model of the user's own data records what the data was found to hold (the design's
    `DataSource.info`: see core.data.datasets.fit_to_data) and where it was."""
    path = Path(path)
    problem = _untrainable(design, None)
    if problem is not None:
        raise problem
    data = data_arrays(design)
    weights = {k: np.asarray(v) for k, v in weights.items()}
    check_weights(design, weights)
    stored = design
    if design.input_from_data:  # the data has said it by now: the model file spells it out
        stored = design.copy()
        stored.input_from_data = False
    design_text = spec.dumps(stored, path.parent)
    if len(design_text) > spec.MAX_DESIGN_BYTES:
        # unreachable for a design that parsed (spec's limits keep it far smaller): belt and braces
        raise BundleError(f"the design is {len(design_text) / 2**20:.1f} MB as text, more than the {spec.MAX_DESIGN_BYTES >> 20} MB a model file may hold")
    arrays: dict[str, np.ndarray] = {
        "format": np.array(FORMAT),
        "version": np.array(VERSION if data else NAMED_DATA_VERSION, dtype=np.int64),
        "design": np.array(design_text),
        **data,
    }
    for key, value in weights.items():
        arrays[f"weights/{key}"] = np.ascontiguousarray(value)
    history = dict(history or {})
    if len(history) > MAX_HISTORY_SERIES:
        raise BundleError(f"the history holds {len(history)} series; a model file has room for {MAX_HISTORY_SERIES}")
    series: dict[str, np.ndarray] = {}
    for key, values in history.items():
        if not _NAME.match(key):
            raise BundleError(f"history name {key!r} must be letters, digits, '_', '.' or '-'")
        series[key] = np.asarray(list(values), dtype=np.float64)
        if series[key].ndim != 1:
            raise BundleError(f"history {key!r} must be a list of numbers")
    epochs = max((len(v) for k, v in series.items() if k != BATCH_HISTORY), default=0)
    most_epochs, most_batches = history_limits(design, epochs)
    for key, values in series.items():
        if key == BATCH_HISTORY:
            values = _thinned(values, most_batches)
        elif len(values) > most_epochs:
            raise BundleError(f"history {key!r} has {len(values):,} values; a model file records at most {most_epochs:,} epochs")
        elif len(values) != epochs:
            raise BundleError(f"history {key!r} has {len(values)} values, but the other per-epoch series have {epochs}")
        arrays[f"history/{key}"] = values
    normalisation = check_normalisation(normalisation, size=math.prod(design.input_shape))
    for key, value in normalisation.items():
        arrays[f"normalisation/{key}"] = np.array(value, dtype=np.float64)
    _check_outputs(design, weights, normalisation, where="")

    atomic_write(path, lambda f: np.savez_compressed(f, allow_pickle=False, **arrays))


def data_arrays(design: Design) -> dict[str, np.ndarray]:
    """The data members of a model of the user's own data (see the module doc); {} for the named sets."""
    source = design.dataset
    if not isinstance(source, DataSource):
        return {}
    info = source.info
    if info is None:
        raise BundleError(f"a model of {source.file_name} cannot be saved before its data has been read: its classes are not known")
    out = {"data/class_names": np.array(list(info.class_names), dtype=str), "data/location": np.array(os.path.abspath(source.path))}
    table = info.table
    if table is not None:
        if table.width != math.prod(design.input_shape):
            raise BundleError(f"a model of {source.file_name} cannot be saved: its columns make {table.width} inputs, "
                              f"but the network takes {math.prod(design.input_shape)}")
        out["data/columns"] = np.array([c.name for c in table.columns], dtype=str)
        out["data/column_kinds"] = np.array([c.kind for c in table.columns], dtype=str)
        out["data/categories"] = np.array([v for c in table.columns for v in c.categories], dtype=str).reshape(-1)
        out["data/category_counts"] = np.array([len(c.categories) for c in table.columns], dtype=np.int64)
        out["data/target"] = np.array(table.target)
    for key, value in out.items():
        if value.dtype.kind == "U" and value.dtype.itemsize // 4 > (_DATA_TEXT.get(key[5:], MAX_NAME_CHARS)):
            raise BundleError(f"a model of {source.file_name} cannot be saved: a name in {key} is longer than {MAX_NAME_CHARS} characters")
    return out


# --------------------------------------------------------------------------- load
#
# A model file is a zip of .npy members; an attacker controls every byte of it. So:
# 1. the zip's table of contents (names, methods, flags, declared sizes) is checked
#    against fixed budgets before a byte is decompressed;
# 2. each member's .npy header (a few hundred bytes) is read, and must describe
#    exactly the bytes the zip declares;
# 3. the design is parsed and checked, and then every other header against it: weights
#    exactly the design's shapes, history no longer than its epochs allow;
# 4. only then is data read, in chunks, weights straight into float32.
# Any zip-level failure on the way becomes one BundleError naming the member.


def load_bundle(path: str | os.PathLike) -> Bundle:
    """Read and check a model file. Raises BundleError for anything that is not a sound LayerLab model."""
    path = Path(path)
    where = str(path)
    try:
        f = open_regular(path, MAX_FILE_BYTES)
    except RefusedFile as e:
        if e.code == "folder":
            raise BundleError(f"{path}: is a folder, not a model file", "folder", {"path": where}) from None
        if e.code == "not_regular":
            raise BundleError(f"{path}: is {e.kind}, not a model file", "not_regular", {"path": where, "kind": e.kind}) from None
        if e.code == "too_large":
            gigabytes = f"{e.size / 2**30:.1f}"
            raise BundleError(f"{path}: the file is {gigabytes} GB, far larger than any LayerLab model; refusing to open it", "file_too_large", {"path": where, "size": gigabytes}) from None
        raise BundleError(f"{path}: cannot read the file ({e.reason})", "cannot_read", {"path": where, "reason": e.reason}) from None
    with f:
        try:
            head = f.read(4)
        except OSError as e:
            reason = e.strerror or str(e)
            raise BundleError(f"{path}: cannot read the file ({reason})", "cannot_read", {"path": where, "reason": reason}) from None
        if head not in _ZIP_MAGIC:
            raise BundleError(f"{path}: this is not a LayerLab model file (expected a .npz archive)", "not_npz", {"path": where})
        f.seek(0)
        try:
            with _open_zip(f, where) as zf:
                return _Reader(zf, where, path.parent).bundle()
        except BundleError:
            raise
        except MemoryError:
            raise BundleError(f"{path}: not enough memory to open this model file") from None
        except _ARCHIVE_ERRORS as e:  # the archive as a whole, outside any one member
            reason = _reason(e)
            raise BundleError(f"{path}: the file is damaged or truncated ({reason})", "damaged", {"path": where, "reason": reason}) from None


#: what a damaged archive makes zipfile raise, and a damaged member zipfile, zlib, bz2, lzma and numpy
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
                   NotImplementedError, RuntimeError, struct.error)
_ZIP_ERRORS = (*_ARCHIVE_ERRORS, KeyError, IndexError, OverflowError, SyntaxError)


def _reason(e: BaseException) -> str:
    if isinstance(e, zipfile.BadZipFile) and "not a zip file" in str(e):
        return "the end of the archive is missing"
    text = " ".join(str(e).split())
    return text[:200] or type(e).__name__


def _open_zip(f, where: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(f)
    except NotImplementedError as e:  # a member needing a zip version Python cannot read
        name = _member_too_new(f)
        reason = _reason(e)
        if name is None:
            raise BundleError(f"{where}: the file is damaged or truncated ({reason})", "damaged", {"path": where, "reason": reason}) from None
        raise _damaged_member(where, name, reason) from None


def _member_too_new(f) -> str | None:
    """The first member whose central-directory entry asks for a zip version above the
    one Python reads (zipfile only says "zip file version 11.9"), or None."""
    try:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        tail_start = max(0, size - (1 << 16) - 22)
        f.seek(tail_start)
        tail = f.read()
        end = tail.rfind(b"PK\x05\x06")
        if end < 0:
            return None
        count, cd_size, cd_offset = struct.unpack("<HII", tail[end + 10 : end + 20])
        f.seek(cd_offset)
        directory = f.read(min(cd_size, 1 << 20))
        at = 0
        for _ in range(count):
            fields = struct.unpack(zipfile.structCentralDir, directory[at : at + zipfile.sizeCentralDir])
            name_len, extra_len, comment_len = fields[zipfile._CD_FILENAME_LENGTH], fields[zipfile._CD_EXTRA_FIELD_LENGTH], fields[zipfile._CD_COMMENT_LENGTH]
            name = directory[at + zipfile.sizeCentralDir : at + zipfile.sizeCentralDir + name_len].decode("utf-8", "replace")
            if fields[zipfile._CD_EXTRACT_VERSION] > zipfile.MAX_EXTRACT_VERSION:
                return name
            at += zipfile.sizeCentralDir + name_len + extra_len + comment_len
    except (OSError, struct.error, ValueError, AttributeError):
        return None
    return None


def _damaged_member(where: str, name: str, reason: str) -> BundleError:
    key = name[: -len(".npy")] if name.endswith(".npy") else name
    return BundleError(f"{where}: the file is damaged: member {key} cannot be read ({reason})", "damaged_member", {"path": where, "name": key, "reason": reason})


@dataclass
class _Member:
    info: zipfile.ZipInfo
    shape: tuple[int, ...]
    dtype: np.dtype
    fortran: bool
    header_len: int


class _Reader:
    """One model file being read, in the order the module comment above gives."""

    def __init__(self, zf: zipfile.ZipFile, where: str, folder: Path | None = None):
        self.zf = zf
        self.where = where
        #: the model file's folder: the stored design's paths to the user's data are relative to it
        self.folder = folder

    def fail(self, message: str, code: str = "", **params: Any) -> BundleError:
        return BundleError(f"{self.where}: {message}", code, {"path": self.where, **params})

    # ---- 1. the table of contents

    def contents(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise self.fail(f"this is not a LayerLab model file ({len(infos)} arrays inside)", "too_many_members", count=len(infos))
        if "format.npy" not in {info.filename for info in infos}:
            raise self.fail("this is not a LayerLab model file (no 'format' entry)", "no_entry", key="'format'")
        members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            if not info.filename.endswith(".npy"):
                raise self.fail(f"this is not a LayerLab model file (it holds {info.filename!r}, which is not an array)")
            key = info.filename[: -len(".npy")]
            if key in members:
                raise self.fail("the file is damaged (an array appears twice)")
            if info.flag_bits & 0x1:
                raise self.fail(f"member {key} is encrypted; LayerLab model files never are", "encrypted_member", name=key)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.fail(f"member {key} is compressed with method {info.compress_type}, which LayerLab model files never use", "compression_method", name=key, method=info.compress_type)
            budget = _budget(key)
            if budget is None:
                raise self.fail(f"unexpected array {key} in the model file", "unexpected_member", name=key)
            if info.file_size > budget:
                raise self.fail(f"array {key} claims {info.file_size:,} bytes, far more than any model needs; refusing to open the file", "member_too_large", name=key, size=f"{info.file_size:,}")
            total += info.file_size
            members[key] = info
        series = sum(key.startswith("history/") for key in members)
        if series > MAX_HISTORY_SERIES:
            raise self.fail(f"the history holds {series} series; a model file has room for {MAX_HISTORY_SERIES}", "too_many_series", count=series, most=MAX_HISTORY_SERIES)
        if total > MAX_TOTAL_BYTES:
            raise self.fail(f"the arrays inside add up to {total:,} bytes, more than any model needs; refusing to open the file", "too_much_data", size=f"{total:,}")
        return members

    # ---- 2. the .npy headers

    def header(self, key: str, info: zipfile.ZipInfo) -> _Member:
        with self.member(key) as stream:
            version = np.lib.format.read_magic(stream)
            if version not in ((1, 0), (2, 0), (3, 0)):
                raise self.fail(f"array {key} has an unknown .npy version {version}")
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            try:
                shape, fortran, dtype = read_header(stream, max_header_size=MAX_NPY_HEADER)
            except BundleError:
                raise
            except Exception as e:  # noqa: BLE001 - NumPy parses the header text with ast: a damaged one can raise anything
                raise self.fail(f"the file is damaged (the header of array {key} cannot be read: {_reason(e)})", "damaged_header", name=key, reason=_reason(e)) from None
            header_len = stream.tell()
        if dtype.hasobject:
            raise self.fail(f"array {key} holds Python objects (pickled data); LayerLab model files never do, so the file is refused", "pickled", name=key)
        if len(shape) > 8 or any(d < 0 for d in shape):
            raise self.fail(f"array {key} has an impossible shape {_shape(shape)}", "short_array", name=key)
        if math.prod(shape) * dtype.itemsize != info.file_size - header_len:
            raise self.fail(f"the file is damaged or truncated (array {key} is shorter than its header says)", "short_array", name=key)
        return _Member(info, tuple(shape), dtype, bool(fortran), header_len)

    # ---- reading, with every zip-level failure named after its member

    @contextlib.contextmanager
    def member(self, key: str):
        try:
            with self.zf.open(key + ".npy") as stream:
                yield stream
        except BundleError:
            raise
        except MemoryError:
            raise
        except _ZIP_ERRORS as e:
            raise _damaged_member(self.where, key + ".npy", _reason(e)) from None

    def data(self, key: str, m: _Member, dtype: np.dtype | None = None) -> np.ndarray:
        """The member's values, read in chunks straight into an array of `dtype` (default
        its own, in native byte order); its zip CRC is checked at the end."""
        count = math.prod(m.shape)
        target = np.dtype(dtype) if dtype is not None else m.dtype.newbyteorder("=")
        out = np.empty(count, dtype=target)
        step = max(1, _CHUNK // max(1, m.dtype.itemsize))
        with self.member(key) as stream:
            stream.read(m.header_len)  # already read and checked
            with np.errstate(over="ignore", invalid="ignore"):  # 1e300 -> inf in float32: found below
                for start in range(0, count, step):
                    n = min(step, count - start)
                    raw = stream.read(n * m.dtype.itemsize)
                    if len(raw) != n * m.dtype.itemsize:
                        raise self.fail(f"the file is damaged or truncated (array {key} is shorter than its header says)", "short_array", name=key)
                    values = np.frombuffer(raw, dtype=m.dtype, count=n)
                    out[start : start + n] = values
                    if target.kind == "f" and target.itemsize < m.dtype.itemsize and np.isfinite(values).all() and not np.isfinite(out[start : start + n]).all():
                        raise self.fail(f"array {key.partition('/')[2] or key} holds numbers too large to compute with (beyond ±3.4e38, the float32 range)",
                                        "too_large_values", name=key.partition("/")[2] or key)
            if stream.read(1):  # also makes zipfile check the CRC
                raise self.fail(f"the file is damaged (array {key} is longer than its header says)", "short_array", name=key)
        if m.fortran:
            return np.ascontiguousarray(out.reshape(m.shape[::-1]).T)
        return out.reshape(m.shape)

    def text(self, key: str, members: dict[str, _Member], max_chars: int) -> str:
        if key not in members:
            raise self.fail(f"this is not a LayerLab model file (no {key!r} entry)", "no_entry", key=repr(key))
        m = members[key]
        if m.dtype.kind != "U" or m.shape != () or m.dtype.itemsize // 4 > max_chars:
            raise self.fail(f"this is not a LayerLab model file (its {key!r} entry is not text)")
        value = self.data(key, m)
        try:
            return str(value[()])
        except (UnicodeError, ValueError):
            raise self.fail(f"this is not a LayerLab model file (its {key!r} entry is not text)") from None

    # ---- the whole file

    def bundle(self) -> Bundle:
        members = {key: self.header(key, info) for key, info in self.contents().items()}
        if self.text("format", members, 100) != FORMAT:
            raise self.fail(f"this is not a LayerLab model file (its format marker is not {FORMAT!r})", "format_marker", format=repr(FORMAT))
        v = members.get("version")
        if v is None or v.shape != () or v.dtype.kind not in "iu":
            raise self.fail("this is not a LayerLab model file (no version number)")
        version = int(self.data("version", v)[()])
        if version > VERSION:
            raise self.fail(f"this model file is format version {version}, but this LayerLab reads version {VERSION} at most; please update LayerLab",
                            "newer_version", version=version, supported=VERSION)
        if version < 1:
            raise self.fail(f"the file is damaged (format version {version})")

        # 3. the design, then every other header against it
        text = self.text("design", members, spec.MAX_DESIGN_BYTES)
        try:
            design = spec.loads(text, self.folder)
        except spec.SpecError as e:
            if not e.problems:
                raise self.fail("the design stored in the model file is invalid: invalid") from None
            first = e.problems[0]
            raise self.fail(f"the design stored in the model file is invalid: {first}", "invalid_design", problem=first) from None
        design = self.own_data(design, members)
        problem = _untrainable(design, self.where)
        if problem is not None:
            raise problem
        expected = expected_shapes(design)
        groups: dict[str, dict[str, _Member]] = {"weights": {}, "history": {}, "normalisation": {}, "data": {}}
        for key, m in members.items():
            group, _, name = key.partition("/")
            if group in groups:
                groups[group][name] = m
        self.check_weight_headers(groups["weights"], expected)
        self.check_history_headers(groups["history"], design)
        size = math.prod(design.input_shape)
        for name, m in groups["normalisation"].items():
            if m.dtype.kind != "f" or m.dtype.itemsize > 8 or m.shape not in ((), (size,)):
                raise self.fail(f"normalisation {name} is not a number, nor one number per input", "normalisation_shape", name=name)

        # 4. the data
        weights = {name: self.data(f"weights/{name}", groups["weights"][name], np.float32) for name in expected}
        check_weights(design, weights, where=self.where)
        history = {name: [float(x) for x in self.data(f"history/{name}", m)] for name, m in groups["history"].items()}
        normalisation = {name: _number_or_values(self.data(f"normalisation/{name}", m)) for name, m in groups["normalisation"].items()}
        for key in ("scale", "offset"):
            if key not in normalisation:
                raise self.fail(f"the model file has no normalisation {key!r}")
        normalisation = check_normalisation(normalisation, where=self.where, size=size)
        _check_outputs(design, weights, normalisation, where=self.where)
        return Bundle(design=design, weights=weights, history=history, normalisation=normalisation, version=version)

    def own_data(self, design: Design, members: dict[str, _Member]) -> Design:
        """The design told what its own data holds, from the data members (read after their
        headers are checked: strings of bounded length and count); the named sets need none."""
        data = {key.partition("/")[2]: m for key, m in members.items() if key.startswith("data/")}
        source = design.dataset
        if not isinstance(source, DataSource):
            if data:
                name = f"data/{next(iter(data))}"
                raise self.fail(f"unexpected array {name} in the model file", "unexpected_member", name=name)
            return design
        if "class_names" not in data:
            raise self.fail(f"the model file does not say the classes of {source.file_name} (no data/class_names)", "no_data_entry",
                            data=source.file_name, key="data/class_names")
        for name, m in data.items():  # every header first: nothing is read before all are known to be small
            self.check_data_header(name, m)
        texts = {name: self.data_member(name, m) for name, m in data.items()}
        class_names = tuple(texts["class_names"])
        table = self.table(texts, source) if "columns" in texts else None
        if table is None and source.kind.samples == "rows":
            raise self.fail(f"the model file does not say how the columns of {source.file_name} become its inputs (no data/columns)",
                            "no_table_entry", data=source.file_name, key="data/columns")
        inputs = math.prod(design.input_shape)
        if table is not None and table.width != inputs:
            raise self.fail(f"the table's columns make {table.width} inputs, but the design takes {inputs}", "table_width",
                            width=table.width, inputs=inputs)
        shape = source.natural_shape() or (inputs,)
        info = DatasetInfo(source.file_name, source.file_name, len(class_names), tuple(shape), class_names, source.type,
                           value_range=source.kind.value_range, table=table)
        if math.prod(shape) != inputs:
            raise self.fail(f"the design's input {_shape(design.input_shape)} does not fit its data ({_shape(shape)})", "input_misfit",
                            shape=_shape(design.input_shape), natural=_shape(shape))
        located = source
        if not os.path.exists(source.path) and "location" in texts and os.path.exists(texts["location"][0]):
            located = source.moved_to(texts["location"][0])
        fitted = design.copy()
        fitted.dataset = located.with_info(info)
        return fitted

    def check_data_header(self, name: str, m: _Member) -> None:
        """A data member must be strings (1-D, or one for location and target) or counts, within its caps."""
        if name in _DATA_COUNTS:
            if m.dtype.kind not in "iu" or m.dtype.itemsize > 8 or len(m.shape) != 1 or m.shape[0] > _DATA_COUNTS[name]:
                raise self.fail(f"data/{name} is not a list of counts", "bad_data_counts", name=f"data/{name}")
            return
        single = name in _DATA_TEXT
        fits = m.dtype.kind == "U" and m.dtype.itemsize // 4 <= _DATA_TEXT.get(name, MAX_NAME_CHARS)
        if single:
            fits = fits and m.shape == ()
        else:
            fits = fits and len(m.shape) == 1 and m.shape[0] <= _DATA_TEXTS[name]
        if not fits:
            raise self.fail(f"data/{name} is not a list of names", "bad_data_names", name=f"data/{name}")

    def data_member(self, name: str, m: _Member) -> list:
        """A data member's values, once its header passed `check_data_header`."""
        values = self.data(f"data/{name}", m)
        if name in _DATA_COUNTS:
            return [int(v) for v in values]
        return [str(values[()])] if name in _DATA_TEXT else [str(v) for v in values]

    def table(self, texts: dict[str, list], source: DataSource) -> tables.TableEncoding:
        columns, kinds = texts["columns"], texts.get("column_kinds", [])
        counts, categories = texts.get("category_counts", []), texts.get("categories", [])
        if len(kinds) != len(columns) or len(counts) != len(columns) or sum(counts) != len(categories) \
                or any(k not in ("number", "text") for k in kinds) \
                or any((k == "number") != (n == 0) for k, n in zip(kinds, counts)):
            raise self.fail("the table's columns, kinds and categories do not agree", "table_mismatch")
        out, at = [], 0
        for name, kind, n in zip(columns, kinds, counts):
            out.append(tables.Column(name, kind, tuple(categories[at : at + n])))
            at += n
        target = texts.get("target", [getattr(source, "target", "")])[0]
        return tables.TableEncoding(tuple(out), target)

    def check_weight_headers(self, found: dict[str, _Member], expected: dict[str, tuple[int, ...]]) -> None:
        for name, m in found.items():
            if name not in expected:
                raise self.fail(f"unexpected array {name}: the design has no such weights", "unexpected_array", name=name)
            if m.dtype not in WEIGHT_DTYPES:
                raise self.fail(f"array {name} holds {m.dtype} values, but weights must be float32 or float64", "wrong_dtype", name=name, dtype=str(m.dtype))
            if m.shape != expected[name]:
                raise self.fail(f"array {name} has shape {_shape(m.shape)} but the design needs {_shape(expected[name])}",
                                "wrong_shape", name=name, shape=_shape(m.shape), expected=_shape(expected[name]))
        for name in expected:
            if name not in found:
                layer = int(name.split(".")[1]) + 1  # counted from 1, as the designer shows layers
                raise self.fail(f"array {name} is missing (the design's layer {layer} needs it)", "missing_array", name=name, layer=layer)

    def check_history_headers(self, found: dict[str, _Member], design: Design) -> None:
        for name, m in found.items():
            if m.dtype.kind != "f" or len(m.shape) != 1 or m.dtype.itemsize > 8:
                raise self.fail(f"history {name!r} is not a list of numbers")
        lengths = {name: m.shape[0] for name, m in found.items() if name != BATCH_HISTORY}
        epochs = max(lengths.values(), default=0)
        most_epochs, most_batches = history_limits(design, epochs)
        for name, length in lengths.items():
            if length > most_epochs:
                raise self.fail(f"history {name} has {length:,} values, more than this model can have recorded ({most_epochs:,})", "history_too_long", name=name, length=f"{length:,}", most=f"{most_epochs:,}")
            if length != epochs:
                raise self.fail(f"history {name} has {length} values, but the other per-epoch series have {epochs}", "history_ragged", name=name, length=length, epochs=epochs)
        if BATCH_HISTORY in found and found[BATCH_HISTORY].shape[0] > most_batches:
            length = found[BATCH_HISTORY].shape[0]
            raise self.fail(f"history {BATCH_HISTORY} has {length:,} values, more than this model can have recorded ({most_batches:,})",
                            "history_too_long", name=BATCH_HISTORY, length=f"{length:,}", most=f"{most_batches:,}")


def _budget(key: str) -> int | None:
    """The most bytes (header included) member `key` may declare before the design is known; None: no such member."""
    group, _, name = key.partition("/")
    if key in ("format", "version"):
        return MAX_NPY_HEADER + 4 * 100
    if key == "design":
        return MAX_NPY_HEADER + 4 * spec.MAX_DESIGN_BYTES
    if not _NAME.match(name):
        return None
    if group == "weights":
        return MAX_NPY_HEADER + 8 * MAX_PARAMETERS
    if group == "history":
        return MAX_NPY_HEADER + 8 * max(MAX_BATCH_HISTORY, MAX_EPOCHS_RECORDED)
    if group == "normalisation":
        return MAX_NPY_HEADER + 8 * MAX_INPUT_VALUES
    if group == "data":
        if name in _DATA_TEXTS:
            return MAX_NPY_HEADER + 4 * MAX_NAME_CHARS * _DATA_TEXTS[name]
        if name in _DATA_TEXT:
            return MAX_NPY_HEADER + 4 * _DATA_TEXT[name]
        if name in _DATA_COUNTS:
            return MAX_NPY_HEADER + 8 * _DATA_COUNTS[name]
    return None


def _number_or_values(values: np.ndarray) -> Any:
    return float(values[()]) if values.shape == () else values.astype(np.float64)


# --------------------------------------------------------------------------- outputs stay finite


def _check_outputs(design: Design, weights: Mapping[str, np.ndarray], normalisation: Mapping[str, float], *, where: str) -> None:
    """Refuse weights whose outputs overflow float32 for an input the model can be given.

    A bound first: the largest value each layer can produce for inputs within the
    dataset's range (|W| summed over the largest inputs, plus |b|; sigmoid, tanh and softmax
    end at 1). When even that stays far below the float32 limit, no input can overflow.
    Only a model past it (a deep net, or a hostile file) is run on probe inputs (the
    range's ends, and random values within it), and refused if any output is not finite."""
    low, high = _value_range(design)
    largest = norm.largest_input(normalisation, low, high)
    if _output_bound(design, weights, largest) < SAFE_BOUND:
        return
    from core.nn.model import build_model

    size = math.prod(design.input_shape)
    rng = np.random.default_rng(0)
    raw = np.concatenate([np.full((1, size), low), np.full((1, size), high), rng.uniform(low, high, (6, size))])
    try:
        model = build_model(design, rng=np.random.default_rng(0))
        model.set_weights(dict(weights))
        with np.errstate(all="ignore"):
            out = model.predict_proba(norm.normalise(raw, normalisation).reshape(len(raw), *design.input_shape))  # per-value: one per input, in order
    except (ValueError, FloatingPointError):
        out = np.array([np.nan])
    if not np.isfinite(out).all():
        prefix = f"{where}: " if where else ""
        raise BundleError(f"{prefix}the model's outputs are not finite numbers (its weights are too large to compute with)", "outputs_not_finite", {"path": where})


def _value_range(design: Design) -> tuple[float, float]:
    from core.data.catalog import dataset_info, dataset_kind

    info = dataset_info(design.dataset)
    if info is not None:
        return info.value_range
    kind = dataset_kind(design.dataset)
    return kind.value_range if kind is not None else (-10.0, 10.0)


def _output_bound(design: Design, weights: Mapping[str, np.ndarray], largest_input: float) -> float:
    """An upper bound on |any value| the network computes for inputs of at most `largest_input`
    (inf if unknown): each layer type bounds its own outputs (`LayerType.value_bound`)."""
    from core.layer_types import type_of, walk

    bound = np.full(math.prod(design.input_shape), largest_input, dtype=np.float64)
    worst = float(largest_input)
    with np.errstate(over="ignore", invalid="ignore"):
        for layer, shape in zip(design.layers, walk(design.layers, design.input_shape)):
            own = {name: weights.get(f"layers.{shape.index}.{name}") for name in shape.param_shapes}
            if any(w is None for w in own.values()):
                return math.inf
            step = type_of(layer).value_bound(layer, own, bound)
            if step is None:
                return math.inf  # a layer that cannot bound its outputs: run the probe
            bound, peak = step
            worst = max(worst, peak)
            if not math.isfinite(worst):
                return math.inf
    return worst


def is_model_file(path: str | os.PathLike) -> bool:
    """A trained model (.npz, or a zip under another name) rather than a design (.json): by
    the name, else by the first bytes of a regular file (a FIFO is never opened here)."""
    import stat

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".npz", ".json"):
        return suffix == ".npz"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            return f.read(4) in _ZIP_MAGIC
    except OSError:
        return False


__all__ = ["is_model_file", "data_arrays", "FORMAT", "VERSION", "Bundle", "BundleError", "save_bundle", "load_bundle", "expected_shapes", "check_weights", "weights_are_finite"]
