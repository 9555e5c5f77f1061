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

from core.design import spec
from core.design.checks import MAX_PARAMETERS
from core.design.spec import Design
from core.layer_types.walk import parameter_shapes
from core.io.atomic import atomic_write
from core.io.files import RefusedFile, open_regular

FORMAT = "layerlab-model"
VERSION = 1
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
#: normalisation values (scale, offset): how many, and how large in magnitude
MAX_NORMALISATION_VALUES = 8
MAX_NORMALISATION = 1e6
MIN_SCALE = 1e-12
#: every member of a file together, before any is decompressed
MAX_TOTAL_BYTES = (8 * MAX_PARAMETERS + 4 * spec.MAX_DESIGN_BYTES
                   + 8 * (MAX_BATCH_HISTORY + MAX_HISTORY_SERIES * MAX_EPOCHS_RECORDED) + MAX_MEMBERS * MAX_NPY_HEADER)
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


def check_normalisation(normalisation: Mapping[str, float], *, where: str = "") -> dict[str, float]:
    """The normalisation as plain floats; BundleError unless it has a finite, non-zero
    `scale` and a finite `offset`, both within MAX_NORMALISATION (as float32 too)."""
    prefix = f"{where}: " if where else ""
    out: dict[str, float] = {}
    for key in ("scale", "offset"):
        if key not in normalisation:
            raise BundleError(f"{prefix}normalisation has no {key!r} value")
    if len(normalisation) > MAX_NORMALISATION_VALUES:
        raise BundleError(f"{prefix}the normalisation holds {len(normalisation)} values; a model has at most {MAX_NORMALISATION_VALUES}")
    for key, value in normalisation.items():
        if not isinstance(key, str) or not _NAME.match(key):
            raise BundleError(f"{prefix}normalisation name {key!r} must be letters, digits, '_', '.' or '-'")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise BundleError(f"{prefix}normalisation {key!r} must be a number, got {value!r}") from None
        if not math.isfinite(number) or abs(number) > MAX_NORMALISATION:
            raise BundleError(f"{prefix}normalisation {key} is {number:g}: inputs scaled by it are not numbers LayerLab can compute with", "bad_normalisation", {"path": where, "name": key, "value": f"{number:g}"})
        out[key] = number
    if out["scale"] == 0 or abs(out["scale"]) < MIN_SCALE:
        raise BundleError(f"{prefix}normalisation scale is {out['scale']:g}: every input would look the same to the network", "zero_scale", {"path": where, "value": f"{out['scale']:g}"})
    return out


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
    normalisation: Mapping[str, float],
) -> None:
    """Write a model file atomically: the old file (if any) stays intact until the new one is complete.

    Everything `load_bundle` would refuse is refused here, before anything is written
    (a batch history longer than a file may hold is thinned instead: averaged in runs)."""
    path = Path(path)
    problem = _untrainable(design, None)
    if problem is not None:
        raise problem
    weights = {k: np.asarray(v) for k, v in weights.items()}
    check_weights(design, weights)
    design_text = spec.dumps(design)
    if len(design_text) > spec.MAX_DESIGN_BYTES:
        # unreachable for a design that parsed (spec's limits keep it far smaller): belt and braces
        raise BundleError(f"the design is {len(design_text) / 2**20:.1f} MB as text, more than the {spec.MAX_DESIGN_BYTES >> 20} MB a model file may hold")
    arrays: dict[str, np.ndarray] = {
        "format": np.array(FORMAT),
        "version": np.array(VERSION, dtype=np.int64),
        "design": np.array(design_text),
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
    normalisation = check_normalisation(normalisation)
    for key, value in normalisation.items():
        arrays[f"normalisation/{key}"] = np.array(value, dtype=np.float64)
    _check_outputs(design, weights, normalisation, where="")

    atomic_write(path, lambda f: np.savez_compressed(f, allow_pickle=False, **arrays))


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
                return _Reader(zf, where).bundle()
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

    def __init__(self, zf: zipfile.ZipFile, where: str):
        self.zf = zf
        self.where = where

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
            design = spec.loads(text)
        except spec.SpecError as e:
            if not e.problems:
                raise self.fail("the design stored in the model file is invalid: invalid") from None
            first = e.problems[0]
            raise self.fail(f"the design stored in the model file is invalid: {first}", "invalid_design", problem=first) from None
        problem = _untrainable(design, self.where)
        if problem is not None:
            raise problem
        expected = expected_shapes(design)
        groups: dict[str, dict[str, _Member]] = {"weights": {}, "history": {}, "normalisation": {}}
        for key, m in members.items():
            group, _, name = key.partition("/")
            if group in groups:
                groups[group][name] = m
        self.check_weight_headers(groups["weights"], expected)
        self.check_history_headers(groups["history"], design)
        for name, m in groups["normalisation"].items():
            if m.dtype.kind != "f" or m.shape != ():
                raise self.fail(f"normalisation {name!r} is not a number")

        # 4. the data
        weights = {name: self.data(f"weights/{name}", groups["weights"][name], np.float32) for name in expected}
        check_weights(design, weights, where=self.where)
        history = {name: [float(x) for x in self.data(f"history/{name}", m)] for name, m in groups["history"].items()}
        normalisation = {name: float(self.data(f"normalisation/{name}", m)[()]) for name, m in groups["normalisation"].items()}
        for key in ("scale", "offset"):
            if key not in normalisation:
                raise self.fail(f"the model file has no normalisation {key!r}")
        normalisation = check_normalisation(normalisation, where=self.where)
        _check_outputs(design, weights, normalisation, where=self.where)
        return Bundle(design=design, weights=weights, history=history, normalisation=normalisation, version=version)

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
        return MAX_NPY_HEADER + 8
    return None


# --------------------------------------------------------------------------- outputs stay finite


def _check_outputs(design: Design, weights: Mapping[str, np.ndarray], normalisation: Mapping[str, float], *, where: str) -> None:
    """Refuse weights whose outputs overflow float32 for an input the model can be given.

    A bound first: the largest value each layer can produce for inputs within the
    dataset's range (|W| summed over the largest inputs, plus |b|; sigmoid, tanh and softmax
    end at 1). When even that stays far below the float32 limit, no input can overflow.
    Only a model past it (a deep net, or a hostile file) is run on probe inputs (the
    range's ends, and random values within it), and refused if any output is not finite."""
    low, high = _value_range(design)
    scale, offset = float(normalisation["scale"]), float(normalisation["offset"])
    largest = max(abs(low * scale + offset), abs(high * scale + offset))
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
            out = model.predict_proba((raw * scale + offset).astype(np.float32))
    except (ValueError, FloatingPointError):
        out = np.array([np.nan])
    if not np.isfinite(out).all():
        prefix = f"{where}: " if where else ""
        raise BundleError(f"{prefix}the model's outputs are not finite numbers (its weights are too large to compute with)", "outputs_not_finite", {"path": where})


def _value_range(design: Design) -> tuple[float, float]:
    from core.data.catalog import dataset_info

    info = dataset_info(design.dataset)
    return info.value_range if info is not None else (-10.0, 10.0)


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


__all__ = ["is_model_file", "FORMAT", "VERSION", "Bundle", "BundleError", "save_bundle", "load_bundle", "expected_shapes", "check_weights", "weights_are_finite"]
