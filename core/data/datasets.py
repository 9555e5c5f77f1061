"""The datasets a design can train on: finding, downloading and loading them.

Image datasets (MNIST, Fashion-MNIST) are four IDX files each. They are looked for,
in order, in:

1. the folder passed as ``data_dir`` (the CLI's ``--data-dir``),
2. the folder in the ``LAYERLAB_DATA`` environment variable,
3. the user's data folder, where downloads go
   (``platformdirs.user_data_dir("LayerLab")/datasets``, or ``$LAYERLAB_DATA_HOME/datasets``),
4. ``/usr/share/datasets`` (Debian's ``dataset-fashion-mnist`` package installs there).

In 1 and 2 the files may sit in a sub-folder named after the dataset
(``DIR/mnist/train-images-idx3-ubyte.gz``) or directly in the folder. Local files
are checked by their IDX header, never by checksum; a download is checked against
the official files' MD5 before it is kept.

Toy 2-D datasets (see `core.data.toy`) are generated, not read: their size and noise come
from the design's ``dataset_options`` and the split from a seed.

The user's own data (a CSV table, a folder of pictures) is named by a
`core.data.catalog.DataSource` instead of a name; `load_dataset` hands it to its kind's
loader (`core.data.tables`, `core.data.image_folder`), and `fit_to_data` tells a design
what the data turned out to hold.

Images stay uint8 in their natural shape, (N, 1, 28, 28), channels first: full MNIST
is 47 MB that way, 188 MB as float32. `Dataset.normalise` turns one batch at a time
into float32 in 0..1 (core.data.normalisation); a flat design sees each image as a row
of 784 numbers.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from core.data import toy
from core.data.catalog import DataSource, DatasetInfo, canonical_name
from core.data.idx import IdxError, read_header, read_idx
from core.data.normalisation import IDENTITY_NORMALISATION, IMAGE_NORMALISATION, normalise
from core.io.atomic import atomic_write

#: Debian's dataset packages install here; a module constant so tests can move it
SYSTEM_DATA_DIR = Path("/usr/share/datasets")
ENV_DATA = "LAYERLAB_DATA"
ENV_DATA_HOME = "LAYERLAB_DATA_HOME"
ENV_MIRROR = "LAYERLAB_MIRROR"
#: seconds without a byte (or to connect) before a mirror counts as stalled, and for a
#: whole dataset's download; module constants so tests can shorten them
DOWNLOAD_TIMEOUT = 10.0
DOWNLOAD_DEADLINE = 1800.0
#: each file must also come at this many bytes a second on average, after a start of
#: DOWNLOAD_GRACE seconds: a mirror sending one byte every few seconds never stalls, but is dropped
MIN_DOWNLOAD_RATE = 20_000
DOWNLOAD_GRACE = 10.0
#: a download stops once this many bytes more than the official file's size have come
SIZE_MARGIN = 4096
#: for a file whose size is not known
DEFAULT_MAX_BYTES = 64 << 20

#: the four files of an image dataset, by role, without the ".gz"
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

#: progress(done_bytes, total_bytes, filename); total is 0 when the server does not say.
#: Returning False cancels the download.
ProgressCallback = Callable[[int, int, str], Any]


@dataclass(frozen=True)
class Remote:
    """Where an image dataset can be downloaded from, and the MD5 and size in bytes of each official .gz file."""

    title: str
    mirrors: tuple[str, ...]
    md5: Mapping[str, str]
    #: other names the dataset's folder goes by (torchvision's, underscores)
    folders: tuple[str, ...] = ()
    sizes: Mapping[str, int] = field(default_factory=dict)

    def max_bytes(self, filename: str) -> int:
        """The most bytes a download of `filename` may bring before it is stopped."""
        return self.sizes.get(filename, DEFAULT_MAX_BYTES) + SIZE_MARGIN


REMOTES: dict[str, Remote] = {
    "mnist": Remote(
        "MNIST",
        ("https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"),
        {
            "train-images-idx3-ubyte.gz": "f68b3c2dcbeed95bb2e20b2c2d8ef4b5",
            "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
            "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
            "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
        },
        ("MNIST/raw",),
        {
            "train-images-idx3-ubyte.gz": 9_912_422,
            "train-labels-idx1-ubyte.gz": 28_881,
            "t10k-images-idx3-ubyte.gz": 1_648_877,
            "t10k-labels-idx1-ubyte.gz": 4_542,
        },
    ),
    "fashion-mnist": Remote(
        "Fashion-MNIST",
        ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
        {
            "train-images-idx3-ubyte.gz": "cf8536b0aa1a6ac5fa3f23001093305c",
            "train-labels-idx1-ubyte.gz": "10bea18fdb374794d4bb42e356e600c9",
            "t10k-images-idx3-ubyte.gz": "f78720b4224f21cce2f2ccf2d7a94c9a",
            "t10k-labels-idx1-ubyte.gz": "0d30e22e447f3c33dab9ed536400ac01",
        },
        ("fashion_mnist", "FashionMNIST/raw"),
        {
            "train-images-idx3-ubyte.gz": 26_421_856,
            "train-labels-idx1-ubyte.gz": 29_491,
            "t10k-images-idx3-ubyte.gz": 4_422_079,
            "t10k-labels-idx1-ubyte.gz": 5_125,
        },
    ),
}


def normalisation_for(name: str) -> dict[str, float] | None:
    """The normalisation a model of dataset `name` is trained with, known without loading
    the data (images: pixels / 255; toy points: unchanged), or None when it depends on the
    data itself."""
    key = canonical_name(name)
    if key in REMOTES:
        return dict(IMAGE_NORMALISATION)
    if key in toy.TOY_MAKERS:
        return dict(IDENTITY_NORMALISATION)
    return None


class DatasetError(Exception):
    """A dataset that cannot be found, read or downloaded; the message says what to do.

    `reason` says what went wrong in one machine-readable word, for a window that
    explains it in the user's language: "no_network", "timeout" (a mirror stalled, or the
    download took too long), "too_large" (a mirror sent more than the file has),
    "cannot_write", "checksum", "http", "cancelled", "not_found", "empty" (a file holds
    no samples) or "error" (anything else)."""

    def __init__(self, message: str, reason: str = "error"):
        super().__init__(message)
        self.reason = reason


class DataError(DatasetError):
    """The user's own data (a table, a folder of pictures) cannot be used; the message names the
    file (and row, column or picture) and says what to do.

    `code` names the kind of problem and `params` the values its message was made from
    (`path` is the file or folder), so an interface can word it in another language
    (designer.text.messages.data_error_text)."""

    def __init__(self, message: str, code: str = "", params: dict[str, Any] | None = None, reason: str = "error"):
        super().__init__(message, reason)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


class LoadCancelled(DataError):
    """The user cancelled reading their data."""

    def __init__(self, path: str):
        super().__init__(f"{path}: reading the data was cancelled", "cancelled", {"path": path}, "cancelled")


class DatasetNotFound(DatasetError):
    """The files are nowhere to be found (and downloading was not asked for)."""

    def __init__(self, message: str, searched: list[Path]):
        super().__init__(message, "not_found")
        self.searched = searched


class DownloadCancelled(DatasetError):
    """The user cancelled a download; nothing half-downloaded was kept."""

    def __init__(self, message: str):
        super().__init__(message, "cancelled")


# --------------------------------------------------------------------------- the Dataset


@dataclass(eq=False)
class Dataset:
    """Training and test data of one dataset, plus what a model needs to know about it.

    Image datasets keep their pixels as uint8 (N, 1, 28, 28); call `normalise` on each batch.
    """

    name: str
    title: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    input_shape: tuple[int, ...]
    #: x_float = x * scale + offset (numbers, or one per input value: core.data.normalisation);
    #: stored in model bundles so drawings and typed rows get the same treatment
    normalisation: dict[str, Any] = field(default_factory=lambda: dict(IDENTITY_NORMALISATION))
    #: a key of core.data.catalog.DATASET_KINDS: "image", "toy", "csv", "image_folder"
    kind: str = "image"
    #: the folder (or file) the data was read from (None for generated data)
    source: Path | None = None
    #: the user's own data this was read from (None for the named sets)
    origin: DataSource | None = None
    #: how a table's columns became the network's inputs (core.data.tables.TableEncoding), or None
    table: Any = None
    #: what was left out while reading (core.data.image_folder / tables: skipped files, dropped rows)
    report: Any = None

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def normalise(self, x: np.ndarray) -> np.ndarray:
        """A batch of raw inputs -> float32 network inputs (uint8 pixels -> 0..1, table columns
        standardised): core.data.normalisation."""
        return normalise(x, self.normalisation)

    def normalise_rows(self, x: np.ndarray, rows: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """`normalise(x[rows])`, the same numbers, gathered and converted in one pass: into
        `out` when given (float32, one row per index), so a training loop can reuse one
        array for every batch instead of making two."""
        from core.compute import kernels

        rows = np.asarray(rows)
        if out is None:
            out = np.empty((len(rows), *x.shape[1:]), np.float32)
        scale, offset = self.normalisation["scale"], self.normalisation["offset"]
        if np.ndim(scale) or np.ndim(offset):  # a table's per-column statistics: small, plain NumPy
            out[...] = normalise(x[rows], self.normalisation)
            return out
        scale, offset = kernels.scalars(np.float32, scale, offset)
        return kernels.active().gather(x, rows, scale, offset, out)

    def info(self) -> DatasetInfo:
        """What this data holds, as core.data.catalog describes a dataset (for the checks and model files)."""
        from core.data.catalog import DATASET_KINDS, dataset_info

        known = dataset_info(self.name) if self.origin is None else None
        if known is not None:
            return known
        kind = DATASET_KINDS[self.kind]
        return DatasetInfo(self.name, self.title, self.num_classes, tuple(self.input_shape), tuple(self.class_names), self.kind,
                           len(self.y_train), len(self.y_test), kind.value_range, self.table)

    def __repr__(self) -> str:
        return (
            f"Dataset({self.name!r}, train {self.x_train.shape} {self.x_train.dtype}, "
            f"test {self.x_test.shape}, {self.num_classes} classes)"
        )


# --------------------------------------------------------------------------- names




def fit_to_data(design, dataset: Dataset):
    """`design` told what its own data holds (a copy; the named sets need nothing): the source's
    `info` (classes, input shape, a table's encoding), and the input shape when the design left
    it out. A design whose input shape was given keeps it; the checks say if it does not fit."""
    if not isinstance(design.dataset, DataSource) or dataset.origin is None:
        return design
    fitted = design.copy()
    info = dataset.info()
    fitted.dataset = design.dataset.with_info(info)
    if design.input_from_data:
        fitted.input_shape = tuple(info.input_shape)
    return fitted


def dataset_names() -> list[str]:
    """Every dataset `load_dataset` knows: the image sets first, then the toy sets."""
    return [*REMOTES, *toy.TOY_MAKERS]


def is_toy(name) -> bool:
    return not isinstance(name, DataSource) and canonical_name(name) in toy.TOY_MAKERS


def _info(name: str):
    from core.data.catalog import dataset_info

    return dataset_info(name)


def _title(name: str) -> str:
    info = _info(name)
    if info is not None:
        return info.title
    return REMOTES[name].title if name in REMOTES else name


def _check_name(name: str) -> str:
    key = canonical_name(name)
    if key not in REMOTES and key not in toy.TOY_MAKERS:
        raise DatasetError(f"unknown dataset {name!r}: choose one of {', '.join(dataset_names())}")
    return key


# --------------------------------------------------------------------------- where files live


def user_data_root() -> Path:
    """LayerLab's folder in the user's data directory (``$LAYERLAB_DATA_HOME`` overrides it)."""
    env = os.environ.get(ENV_DATA_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("LayerLab", appauthor=False))


def user_datasets_dir() -> Path:
    """Where downloads go: one sub-folder per dataset."""
    return user_data_root() / "datasets"


def search_paths(name: str, data_dir: str | os.PathLike | None = None) -> list[Path]:
    """The folders looked in for `name`'s files, in order."""
    key = canonical_name(name)
    sub_names = (key, *(REMOTES[key].folders if key in REMOTES else ()))
    out: list[Path] = []

    def add_root(root: Path) -> None:
        # DIR/mnist/... (and DIR/MNIST/raw/...) first, then files straight in DIR
        out.extend(root / s for s in sub_names)
        out.append(root)

    if data_dir is not None:
        add_root(Path(data_dir).expanduser())
    env = os.environ.get(ENV_DATA)
    if env:
        for part in env.split(os.pathsep):
            if part:
                add_root(Path(part).expanduser())
    out.append(user_datasets_dir() / key)
    out.append(SYSTEM_DATA_DIR / key)
    unique: list[Path] = []
    for p in out:
        if p not in unique:
            unique.append(p)
    return unique


def _file_in(folder: Path, base: str) -> Path | None:
    """The file for `base` in `folder`: gzip or raw, with '-idx' or '.idx' (as some unpackers name it)."""
    for candidate in (f"{base}.gz", base, base.replace("-idx", ".idx")):
        p = folder / candidate
        if p.is_file():
            return p
    return None


def _files_in(folder: Path) -> dict[str, Path] | None:
    found = {role: _file_in(folder, base) for role, base in FILES.items()}
    if any(p is None for p in found.values()):
        return None
    return found  # type: ignore[return-value]


def locate(name: str, data_dir: str | os.PathLike | None = None) -> Path | None:
    """The first folder holding all four files of `name`, or None (always None for toy sets)."""
    key = _check_name(name)
    if key not in REMOTES:
        return None
    for folder in search_paths(key, data_dir):
        if _files_in(folder) is not None:
            return folder
    return None


def is_available(name, data_dir: str | os.PathLike | None = None) -> bool:
    """True when `load_dataset(name, data_dir)` would not need to download anything (for the
    user's own data: when its file or folder is there)."""
    if isinstance(name, DataSource):
        return os.path.exists(name.path)
    key = _check_name(name)
    return key in toy.TOY_MAKERS or locate(key, data_dir) is not None


def _not_found(key: str, data_dir) -> DatasetNotFound:
    searched = search_paths(key, data_dir)
    partial = [f for f in searched if f.is_dir() and any(_file_in(f, b) for b in FILES.values())]
    title = REMOTES[key].title
    # torchvision-style folder names are looked in too, but would only clutter the message
    aliases = tuple(Path(a).parts for a in REMOTES[key].folders)
    shown = [p for p in searched if not any(p.parts[-len(a):] == a for a in aliases)]
    lines = [f"{title} was not found. Looked in: " + "; ".join(str(p) for p in shown) + "."]
    for folder in partial[:1]:
        missing = [b + ".gz" for b in FILES.values() if _file_in(folder, b) is None]
        lines.append(f"{folder} is missing {', '.join(missing)}.")
    lines.append(
        f"Point --data-dir (or {ENV_DATA}) at a folder holding {', '.join(b + '.gz' for b in FILES.values())}, "
        f"or download it (--download on the command line, or Download in the app) into {user_datasets_dir() / key}."
    )
    return DatasetNotFound(" ".join(lines), searched)


# --------------------------------------------------------------------------- loading


def load_dataset(
    name,
    data_dir: str | os.PathLike | None = None,
    *,
    download: bool = False,
    progress: ProgressCallback | None = None,
    options: Mapping[str, float] | None = None,
    seed: int = 0,
    cancel: threading.Event | None = None,
    mirror: str | None = None,
    like: DatasetInfo | None = None,
) -> Dataset:
    """Load a dataset by name (see `dataset_names`), or the user's own data (a DataSource).

    Image sets are read from the first folder of `search_paths` that holds them; if
    none does, they are downloaded when `download` is true (reporting to `progress`,
    stopped by `cancel` or by `progress` returning False), else DatasetNotFound is
    raised saying where it looked. Toy sets are generated from ``options``
    (``samples``, ``noise``) and `seed`.

    Own data goes to its kind's loader (core.data.catalog.DatasetKind.loader) with `seed` (its
    test split), `progress(done, total, name)` and `cancel`; `like` (a model's record of the
    data it was trained on) makes it read the data as that model saw it: the same classes
    and, for a table, the same columns and categories.
    """
    if isinstance(name, DataSource):
        return load_own_data(name, seed=seed, progress=progress, cancel=cancel, like=like)
    key = _check_name(name)
    if key in toy.TOY_MAKERS:
        return _load_toy(key, options or {}, seed)
    folder = locate(key, data_dir)
    if folder is None:
        if not download:
            raise _not_found(key, data_dir)
        folder = download_dataset(key, progress=progress, cancel=cancel, mirror=mirror)
    return _load_images(key, folder)


def load_own_data(source: DataSource, *, seed: int = 0, progress: ProgressCallback | None = None,
                  cancel: threading.Event | None = None, like: DatasetInfo | None = None) -> Dataset:
    """The user's own data, read by its kind's loader (see `load_dataset`)."""
    import importlib

    module, _, function = source.kind.loader.partition(":")
    loader = getattr(importlib.import_module(module), function)
    return loader(source, seed=seed, progress=progress, cancel=cancel, like=like)


def _load_toy(key: str, options: Mapping[str, float], seed: int) -> Dataset:
    samples = int(options.get("samples", toy.DEFAULT_SAMPLES))
    noise = float(options.get("noise", toy.DEFAULT_NOISE))
    try:
        x_train, y_train, x_test, y_test = toy.make_toy(key, samples, noise, seed)
    except ValueError as e:
        raise DatasetError(f"{key}: {e}") from None
    info = _info(key)
    names = tuple(info.class_names) if info is not None else ("class 0", "class 1")
    return Dataset(
        name=key, title=_title(key), x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test,
        class_names=names, input_shape=(2,), normalisation=dict(IDENTITY_NORMALISATION), kind="toy",
    )


def _damaged(e: IdxError) -> DatasetError:
    return DatasetError(f"{e}. Replace the file (or delete it and download the dataset again).")


def _read(path: Path) -> np.ndarray:
    try:
        return read_idx(path)
    except IdxError as e:
        raise _damaged(e) from None


def _images(path: Path, shape: tuple[int, ...]) -> np.ndarray:
    """The images of an IDX file as (N, *shape) uint8, e.g. (N, 1, 28, 28): a view, no copy."""
    x = _read(path)
    pixels = int(np.prod(shape))
    if x.ndim != 3 or x.shape[1] * x.shape[2] != pixels:
        raise DatasetError(f"{path}: expected images of {pixels} pixels each, but the file holds an array of shape {x.shape}")
    if x.dtype != np.uint8:
        raise DatasetError(f"{path}: expected 8-bit pixels, but the file holds {x.dtype} values")
    return x.reshape(len(x), *shape)


def _labels(path: Path, count: int, classes: int) -> np.ndarray:
    y = _read(path)
    if y.ndim != 1 or y.dtype != np.uint8:
        raise DatasetError(f"{path}: expected a list of 8-bit labels, but the file holds {y.dtype} values of shape {y.shape}")
    if len(y) != count:
        raise DatasetError(f"{path}: holds {len(y):,} labels, but its image file holds {count:,} images")
    if len(y) and int(y.max()) >= classes:
        raise DatasetError(f"{path}: holds label {int(y.max())}, but the dataset has only {classes} classes (0 to {classes - 1})")
    return y.astype(np.int64)


def _load_images(key: str, folder: Path) -> Dataset:
    files = _files_in(folder)
    if files is None:  # vanished since locate()
        raise _not_found(key, folder)
    info = _info(key)
    input_shape = tuple(info.input_shape) if info is not None else (1, 28, 28)
    class_names = tuple(info.class_names) if info is not None else tuple(str(i) for i in range(10))
    # Headers first: a damaged, mismatched, empty or oversized file is reported before anything is read.
    most = {"train": info.train_samples if info is not None else None, "test": info.test_samples if info is not None else None}
    for role, path in files.items():
        try:
            _, shape = read_header(path)
        except IdxError as e:
            raise _damaged(e) from None
        part = role.split("_")[0]
        count = shape[0] if shape else 0
        if count == 0:
            what = "images" if role.endswith("images") else "labels"
            raise DatasetError(f"{path}: holds no {what}: the {'training' if part == 'train' else 'test'} set of {_title(key)} is empty. "
                               "Replace the file (or delete it and download the dataset again).", "empty")
        if most[part] is not None and count > most[part]:
            raise DatasetError(f"{path}: holds {count:,} items, but {_title(key)} has {most[part]:,} {'training' if part == 'train' else 'test'} samples; "
                               "this is not its file. Replace it (or delete it and download the dataset again).", "error")
    x_test = _images(files["test_images"], input_shape)
    y_test = _labels(files["test_labels"], len(x_test), len(class_names))
    x_train = _images(files["train_images"], input_shape)
    y_train = _labels(files["train_labels"], len(x_train), len(class_names))
    return Dataset(
        name=key, title=_title(key), x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test,
        class_names=class_names, input_shape=input_shape, normalisation=dict(IMAGE_NORMALISATION),
        kind="image", source=folder,
    )


# --------------------------------------------------------------------------- downloading


def mirrors_for(name: str, mirror: str | None = None) -> list[str]:
    """Base URLs to try in order. `mirror` (or $LAYERLAB_MIRROR) replaces the public ones;
    a "{name}" in it is replaced by the dataset name (``http://host/{name}/``)."""
    key = canonical_name(name)
    custom = mirror or os.environ.get(ENV_MIRROR)
    bases = [custom.replace("{name}", key)] if custom else list(REMOTES[key].mirrors)
    return [b if b.endswith("/") else b + "/" for b in bases]


class _Progress:
    """Pooch's progress-bar protocol (total, update, reset, close) -> our callback and cancel hook."""

    def __init__(self, filename: str, callback: ProgressCallback | None, cancel: threading.Event | None):
        self.filename = filename
        self.callback = callback
        self.cancel = cancel
        self.total = 0
        self.done = 0

    def update(self, n: int) -> None:
        # pooch reports whole chunks, so the last one can overshoot
        self.done = self.done + n if not self.total else min(self.done + n, self.total)
        self._report()

    def reset(self) -> None:
        self.done = 0

    def set_total(self, total: int) -> None:
        self.total = total
        self._report()

    def close(self) -> None:
        pass

    def _report(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise DownloadCancelled("download cancelled")
        if self.callback is not None and self.callback(self.done, int(self.total or 0), self.filename) is False:
            raise DownloadCancelled("download cancelled")


@contextlib.contextmanager
def _quiet_pooch() -> Iterator[None]:
    """Pooch logs every download to stderr; the CLI and the GUI report progress themselves.

    Pooch's logger is its own `logging.Logger("pooch")`, not registered with `logging`:
    `logging.getLogger("pooch")` would be another logger, and quieting it changes nothing."""
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _network_reason(e: Exception, url: str) -> str:
    host = urlsplit(url).hostname or url
    text = str(e)
    m = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if m:
        return f"could not reach {host}: {m.group(1).strip().rstrip('.')}"
    if "timed out" in text.lower() or "timeout" in type(e).__name__.lower():
        return f"{host} did not answer in time"
    return f"could not reach {host}"


def download_dataset(
    name: str,
    dest: str | os.PathLike | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    mirror: str | None = None,
    timeout: float | None = None,
) -> Path:
    """Download the files of `name` that `dest` lacks (default: the user's data folder).

    Each file goes to a temporary file first and is kept only if its MD5 matches the
    official one. A mirror that sends more than the file's known size, stops sending
    for `timeout` seconds (default DOWNLOAD_TIMEOUT), sends slower than MIN_DOWNLOAD_RATE
    (after DOWNLOAD_GRACE seconds) or makes the whole download last past DOWNLOAD_DEADLINE
    is left (core.data.download). Files already in `dest` are not fetched again. Returns
    `dest`. Raises DatasetError with a plain message when there is no network, the
    server refuses, stalls or floods, or a file does not match; DownloadCancelled when
    cancelled.
    """
    import time

    import pooch
    import requests

    from core.data.download import DownloadLimit, LimitedDownloader

    key = _check_name(name)
    if key not in REMOTES:
        raise DatasetError(f"{key} is generated, not downloaded")
    remote = REMOTES[key]
    folder = Path(dest) if dest is not None else user_datasets_dir() / key
    title = remote.title
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DatasetError(f"could not download {title}: cannot create {folder} ({e.strerror or e})", "cannot_write") from None
    # small files first: a bad mirror is found out before the big download
    wanted = sorted(remote.md5, key=lambda f: ("images" in f, f.startswith("train")))
    deadline = time.monotonic() + DOWNLOAD_DEADLINE
    timeout = DOWNLOAD_TIMEOUT if timeout is None else timeout
    for filename in wanted:
        if _file_in(folder, filename[: -len(".gz")]) is not None:
            continue
        if cancel is not None and cancel.is_set():
            raise DownloadCancelled(f"the download of {title} was cancelled; nothing half-downloaded was kept")
        problems: list[tuple[str, str]] = []
        for base in mirrors_for(key, mirror):
            url = base + filename
            bar = _Progress(filename, progress, cancel)
            expected = remote.sizes.get(filename, DEFAULT_MAX_BYTES)
            file_deadline = min(deadline, time.monotonic() + DOWNLOAD_GRACE + expected / MIN_DOWNLOAD_RATE)
            downloader = LimitedDownloader(
                max_bytes=remote.max_bytes(filename), stall_timeout=timeout, connect_timeout=timeout, deadline=file_deadline,
                progress=bar.update, total=bar.set_total,
            )
            try:
                with _quiet_pooch():
                    pooch.retrieve(url, known_hash=f"md5:{remote.md5[filename]}", fname=filename, path=folder, downloader=downloader)
            except DownloadCancelled:
                raise DownloadCancelled(f"the download of {title} was cancelled; nothing half-downloaded was kept") from None
            except DownloadLimit as e:
                problems.append((e.reason, f"{e}; nothing was kept"))
                if e.reason == "timeout" and time.monotonic() > deadline:
                    break  # no time left for another mirror
            except requests.Timeout as e:
                problems.append(("timeout", _network_reason(e, url)))
            except requests.HTTPError as e:
                status = e.response.status_code if e.response is not None else "an error"
                problems.append(("http", f"{urlsplit(url).hostname} answered {status} for {filename}"))
            except (requests.ConnectionError, requests.Timeout) as e:
                problems.append(("network", _network_reason(e, url)))
            except requests.RequestException as e:
                problems.append(("network", f"{type(e).__name__} while fetching {url}"))
            except ValueError as e:  # pooch: the hash does not match
                if "hash" not in str(e).lower():
                    raise
                problems.append(("checksum", f"{filename} from {urlsplit(url).hostname} does not match the official file's checksum (a damaged download or a wrong mirror); it was not kept"))
            except OSError as e:
                raise DatasetError(f"could not download {title}: cannot write to {folder} ({e.strerror or e})", "cannot_write") from None
            else:
                problems = []
                break
        if problems:
            kinds = {k for k, _ in problems}
            details = "; ".join(msg for _, msg in problems)
            if kinds == {"network"}:
                raise DatasetError(f"could not download {title}: no network connection ({details}). Connect and try again, or use --data-dir with a copy of the files.", "no_network")
            reason = next(iter(kinds)) if len(kinds) == 1 and kinds <= {"checksum", "http", "timeout", "too_large"} else "error"
            raise DatasetError(f"could not download {title}: {details}", reason)
    return folder


def import_dataset(name: str, folder: str | os.PathLike, dest: str | os.PathLike | None = None) -> Path:
    """Copy `name`'s four files from a folder the user points at (the app's "Choose folder…"
    after a failed download) into `dest` (default: the user's data folder, where every later
    load finds them). `folder` may hold them directly or in a sub-folder named after the
    dataset. Each file's IDX header is checked first and each copy is written atomically.
    Returns `dest`; raises DatasetError saying what is missing or damaged."""
    import shutil

    key = _check_name(name)
    if key not in REMOTES:
        raise DatasetError(f"{key} is generated, not read from files")
    root = Path(folder).expanduser()
    sub_names = (key, *REMOTES[key].folders)
    found = next((f for f in (*(root / s for s in sub_names), root) if _files_in(f) is not None), None)
    if found is None:
        names = ", ".join(b + ".gz" for b in FILES.values())
        raise DatasetError(f"{root} does not hold the four {REMOTES[key].title} files ({names})", "not_found")
    files = _files_in(found)
    for path in files.values():
        try:
            read_header(path)
        except IdxError as e:
            raise _damaged(e) from None
    target = Path(dest) if dest is not None else user_datasets_dir() / key
    try:
        target.mkdir(parents=True, exist_ok=True)
        for path in files.values():
            if path.resolve().parent == target.resolve():
                continue
            with open(path, "rb") as source:
                atomic_write(target / path.name, lambda f, source=source: shutil.copyfileobj(source, f, 1 << 20))
    except OSError as e:
        raise DatasetError(f"could not copy {REMOTES[key].title} into {target} ({e.strerror or e})", "cannot_write") from None
    return target


class TqdmProgress:
    """A `progress` callback that draws a tqdm bar per file on stderr, for the CLI.

        with TqdmProgress() as bar:
            load_dataset("mnist", download=True, progress=bar)
    """

    def __init__(self, file=None):
        self.file = file if file is not None else sys.stderr
        self._bar = None
        self._name: str | None = None

    def __call__(self, done: int, total: int, filename: str) -> None:
        from tqdm import tqdm

        if filename != self._name:
            self.close()
            self._name = filename
            # no bar when stderr is not a terminal (a log, a pipe), as for training
            disable = None if self.file is sys.stderr else False
            self._bar = tqdm(total=total or None, desc=filename, unit="B", unit_scale=True, unit_divisor=1024, file=self.file, leave=True, dynamic_ncols=True, disable=disable)
        bar = self._bar
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    def close(self, *, keep: bool = True) -> None:
        """End the current bar; `keep=False` wipes it (after a failure, only the error line stays)."""
        if self._bar is not None:
            self._bar.leave = keep
            self._bar.close()
            self._bar = None
        self._name = None

    def __enter__(self) -> TqdmProgress:
        return self

    def __exit__(self, kind, *exc) -> None:
        self.close(keep=kind is None)


def tqdm_progress(file=None) -> TqdmProgress:
    """The CLI's download progress bar (see TqdmProgress)."""
    return TqdmProgress(file)


__all__ = [
    "Dataset", "DatasetError", "DataError", "LoadCancelled", "DatasetNotFound", "DownloadCancelled", "fit_to_data", "load_own_data",
    "FILES", "REMOTES", "Remote",
    "IMAGE_NORMALISATION", "IDENTITY_NORMALISATION", "normalisation_for", "SYSTEM_DATA_DIR", "canonical_name", "dataset_names",
    "is_toy", "is_available", "locate", "search_paths", "user_data_root", "user_datasets_dir",
    "load_dataset", "download_dataset", "import_dataset", "mirrors_for", "TqdmProgress", "tqdm_progress",
]
