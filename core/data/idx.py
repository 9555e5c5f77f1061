"""Reading IDX files, the simple array format MNIST and Fashion-MNIST ship in.

An IDX file is a 4-byte magic number, one big-endian uint32 per dimension, then
the values in C order::

    0x00 0x00 <dtype code> <number of dimensions>   e.g. 00 00 08 03 for uint8 images
    <dim 0> <dim 1> ...                              e.g. 60000 28 28
    <data>                                           60000 * 28 * 28 bytes

Files may be gzip-compressed (recognised by their first bytes, not their name).
Everything is read into a NumPy array with `frombuffer`-style raw reads; nothing is
unpickled. A file that is not IDX, is cut short or has bytes left over raises
`IdxError` naming the file and the problem.

A header's counts are checked against the file before anything is allocated: a raw
file must be exactly as long as its header says, and a gzip file's data can be no
longer than its compressed size allows (deflate packs at most ~1032 bytes into one)
and must agree with the length its trailer records. So a header claiming 0xFFFFFFFF
images is refused at once, naming the file.
"""
from __future__ import annotations

import gzip
import math
import os
import zlib
from pathlib import Path

import numpy as np

from core.io.files import RefusedFile, open_regular

#: IDX type code -> big-endian NumPy dtype
DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
#: refuse headers that promise more than this many bytes (a corrupt count, not a dataset)
MAX_BYTES = 2 << 30
MAX_DIMS = 4
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
#: deflate's best case: at most this many bytes come out of one compressed byte
MAX_DEFLATE_RATIO = 1032


class IdxError(ValueError):
    """An IDX file that cannot be read; the message names the file."""


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """The array stored in an IDX file (gzip or raw), in native byte order and writable."""
    return _with_idx_stream(path, _read)


def read_header(path: str | os.PathLike) -> tuple[np.dtype, tuple[int, ...]]:
    """Just the (dtype, shape) from an IDX header, without reading the data."""
    return _with_idx_stream(path, _header)


def _with_idx_stream(path: str | os.PathLike, reader):
    """Run `reader(stream, path)` on the file, unzipped if it is gzip; every failure
    becomes an IdxError naming the file."""
    path = Path(path)
    try:
        with open_regular(path) as raw:
            size = os.fstat(raw.fileno()).st_size
            compressed = raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            if compressed:
                limits = _Limits(path, size, _gzip_trailer(raw, size))
                with gzip.GzipFile(fileobj=raw, mode="rb") as f:
                    return reader(f, path, limits)
            return reader(raw, path, _Limits(path, size, None, raw=True))
    except RefusedFile as e:
        raise IdxError(f"{path}: {e.describe()}") from None
    except IdxError:
        raise
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise IdxError(f"{path}: the file is damaged or truncated ({_reason(e)})") from None
    except OSError as e:
        raise IdxError(f"{path}: cannot read the file ({e.strerror or e})") from None


def _reason(e: BaseException) -> str:
    text = str(e).strip()
    return text or type(e).__name__


def _gzip_trailer(raw, size: int) -> int | None:
    """The uncompressed length modulo 2**32 that a gzip file's last 4 bytes record (None if too short)."""
    if size < 18:
        return None
    raw.seek(size - 4)
    isize = int.from_bytes(raw.read(4), "little")
    raw.seek(0)
    return isize


class _Limits:
    """What the file itself says about how much data it can hold."""

    def __init__(self, path: Path, size: int, isize: int | None, *, raw: bool = False):
        self.path, self.size, self.isize, self.raw = path, size, isize, raw

    def check(self, header_len: int, nbytes: int, shape: tuple[int, ...]) -> None:
        """Refuse a header whose data cannot be in this file, before anything is allocated."""
        total = header_len + nbytes
        if self.raw:
            if total > self.size:
                raise IdxError(f"{self.path}: the header claims an array of shape {shape} ({nbytes:,} bytes), but the file holds only {max(0, self.size - header_len):,} data bytes; it is damaged or truncated")
            return
        if total > self.size * MAX_DEFLATE_RATIO:
            raise IdxError(f"{self.path}: the header claims an array of shape {shape} ({nbytes:,} bytes), more than a {self.size:,}-byte gzip file can hold; it is damaged")
        if self.isize is not None and total < 1 << 32 and self.size * MAX_DEFLATE_RATIO < 1 << 32 and self.isize < total:
            raise IdxError(f"{self.path}: the header claims an array of shape {shape} ({nbytes:,} bytes), but the file unpacks to only {self.isize:,} bytes; it is damaged or truncated")


def _header(f, path: Path, limits: _Limits | None = None) -> tuple[np.dtype, tuple[int, ...]]:
    magic = f.read(4)
    if len(magic) < 4:
        raise IdxError(f"{path}: not an IDX file (only {len(magic)} bytes long)")
    zero, code, ndim = magic[:2], magic[2], magic[3]
    if zero != b"\x00\x00":
        raise IdxError(f"{path}: not an IDX file (wrong magic number 0x{magic.hex()})")
    if code not in DTYPES:
        raise IdxError(f"{path}: not an IDX file (unknown data type code 0x{code:02x} in magic number 0x{magic.hex()})")
    if not 1 <= ndim <= MAX_DIMS:
        raise IdxError(f"{path}: not a supported IDX file ({ndim} dimensions; 1 to {MAX_DIMS} expected)")
    dims_bytes = f.read(4 * ndim)
    if len(dims_bytes) < 4 * ndim:
        raise IdxError(f"{path}: the file is truncated inside its header")
    shape = tuple(int(d) for d in np.frombuffer(dims_bytes, dtype=">u4"))
    dtype = DTYPES[code]
    if 0 in shape[1:]:
        raise IdxError(f"{path}: the header claims {shape[0]:,} items of shape {shape[1:]}, which hold nothing; the file is damaged")
    if math.prod(shape) * dtype.itemsize > MAX_BYTES:
        raise IdxError(f"{path}: the header claims an array of shape {shape}, which is implausibly large; the file is damaged")
    if limits is not None:
        limits.check(4 + 4 * ndim, math.prod(shape) * dtype.itemsize, shape)
    return dtype, shape


def _read(f, path: Path, limits: _Limits | None = None) -> np.ndarray:
    dtype, shape = _header(f, path, limits)
    nbytes = math.prod(shape) * dtype.itemsize
    # Read straight into the final buffer (no second copy of a 47 MB image block).
    buf = np.empty(nbytes, dtype=np.uint8)
    view = memoryview(buf)
    done = 0
    while done < nbytes:
        n = f.readinto(view[done : done + _CHUNK])
        if not n:
            break
        done += n
    if done < nbytes:
        raise IdxError(f"{path}: the file is truncated: the header promises {nbytes:,} data bytes for shape {shape}, but only {done:,} are there")
    extra = f.read(_CHUNK)  # reading to the end also makes gzip verify its checksum
    if extra:
        raise IdxError(f"{path}: the file has more data than its header describes (shape {shape}); it is damaged or not an IDX file")
    native = dtype.newbyteorder("=")
    if dtype.itemsize == 1 or native == dtype:
        return buf.view(native).reshape(shape)
    return buf.view(dtype).astype(native).reshape(shape)


def write_idx(path: str | os.PathLike, array: np.ndarray, *, compress: bool | None = None) -> None:
    """Write an array as IDX (gzip when the name ends in .gz). For tests and tools."""
    path = Path(path)
    array = np.ascontiguousarray(array)
    codes = {np.dtype(v).newbyteorder("="): k for k, v in DTYPES.items()}
    native = array.dtype.newbyteorder("=")
    if native not in codes:
        raise ValueError(f"IDX cannot store {array.dtype}")
    header = bytes([0, 0, codes[native], array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    data = header + array.astype(DTYPES[codes[native]], copy=False).tobytes()
    if compress is None:
        compress = path.suffix == ".gz"
    path.write_bytes(gzip.compress(data) if compress else data)
