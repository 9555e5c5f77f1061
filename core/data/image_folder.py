"""A folder of pictures as a dataset: one sub-folder per class, or train/ and test/ above them.

    my_digits/0/a.png  my_digits/0/b.png  my_digits/1/c.png ...
    my_digits/train/0/a.png ...  my_digits/test/0/z.png ...

as torchvision's ``ImageFolder`` and Keras' ``image_dataset_from_directory`` read them.
The class names are the sub-folders' names (in natural order: 2 before 10). Every file
goes through the hardened picture reader (core.data.pictures: PNG, JPEG, BMP and GIF
only, sizes capped before decoding), is turned grayscale or RGB and resized to the
design's size: the samples are uint8 (N, C, H, W), like MNIST's. Files that are not
pictures are skipped and counted in the report (``"bad_files": "skip"``) or refused
(``"refuse"``). Without train/ and test/, a seeded share of each class is the test set.

Reading reports progress and can be cancelled between chunks of files. It runs in one thread:
decoding small pictures is mostly Python work that holds the GIL, and a thread pool measured no
faster (benchmarks/bench_image_folder.py: 60,000 MNIST PNGs in about 9 s with one thread or two;
120 photos of 2000x1500, draft-decoded, 2.7 s either way). Every problem is a
`core.data.datasets.DataError` naming the folder (or picture). No Qt here.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from core.data import pictures
from core.data.catalog import DatasetInfo, ImageFolderSource
from core.data.datasets import IMAGE_NORMALISATION, DataError, Dataset, LoadCancelled
from core.data.splits import stratified_split
from core.data.tables import natural_key

#: the most files a folder may hold (counted before any is read), and classes
MAX_FILES = 1_000_000
MAX_CLASSES = 1000
#: a picture file larger than this, or with more pixels, is not read (it is skipped, or refused)
MAX_PICTURE_BYTES = 50 << 20
MAX_PICTURE_PIXELS = pictures.MAX_PIXELS
#: the pictures of a dataset may take at most this much memory once resized (uint8)
MAX_DATA_BYTES = 1 << 30
#: files per step between progress reports and cancel checks
CHUNK = 256
#: how many skipped files a report names (it counts all of them)
NAMED_SKIPS = 20
#: train/ and test/ above the class folders (any case)
TRAIN_NAMES = ("train", "training")
TEST_NAMES = ("test", "testing")

ProgressCallback = Callable[[int, int, str], Any]


# --------------------------------------------------------------------------- one picture


def picture_array(im: Image.Image, size: tuple[int, int], color: str) -> np.ndarray:
    """An opened picture as a uint8 (C, H, W) array of `size` (height, width): grayscale (C = 1)
    or RGB (C = 3); transparent areas are white; resized by area averaging (stretched when its
    proportions differ), as every picture of an image-folder dataset is."""
    height, width = size
    if im.mode.startswith("I") or im.mode == "F":  # 16- or 32-bit grey
        im = Image.fromarray(np.round(pictures.grey_array(im) * 255).astype(np.uint8))
    elif im.mode not in ("L", "RGB") or "A" in im.getbands() or "transparency" in im.info:
        im = Image.fromarray(pictures.rgb_array(im))
    im = im.convert("RGB" if color == "rgb" else "L")
    if im.size != (width, height):
        shrinking = im.width >= width and im.height >= height
        im = im.resize((width, height), Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR)
    a = np.asarray(im, dtype=np.uint8)
    return a[None, :, :] if a.ndim == 2 else a.transpose(2, 0, 1)


def read_picture(path: str | os.PathLike, size: tuple[int, int], color: str, *, name: str = "") -> np.ndarray:
    """A picture file as `picture_array` makes it; core.data.pictures.PictureError when it is not one."""
    im = pictures.open_picture(path, max_bytes=MAX_PICTURE_BYTES, max_pixels=MAX_PICTURE_PIXELS, max_side=4 * max(size), name=name)
    try:
        return picture_array(im, size, color)
    except MemoryError:
        raise pictures.PictureError(f"{name or path}: not enough memory to open the picture", "out_of_memory", {"path": str(name or path)}) from None


# --------------------------------------------------------------------------- the folder's layout


@dataclass
class Part:
    """The files of one part of the folder (all of it, or train/ or test/), by class."""

    #: (class name, its files in natural order)
    classes: list[tuple[str, list[Path]]]

    @property
    def files(self) -> int:
        return sum(len(f) for _, f in self.classes)


@dataclass
class Layout:
    root: Path
    train: Part
    #: None: one sub-folder per class, the test set held out from them
    test: Part | None
    #: files outside any class folder (they are not read)
    stray: list[Path] = field(default_factory=list)

    @property
    def class_names(self) -> tuple[str, ...]:
        names = {n for n, _ in self.train.classes}
        if self.test is not None:
            names |= {n for n, _ in self.test.classes}
        return tuple(sorted(names, key=natural_key))

    @property
    def files(self) -> int:
        return self.train.files + (self.test.files if self.test is not None else 0)


def _visible(entries) -> list[os.DirEntry]:
    return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: natural_key(e.name))


def _scandir(folder: Path, root: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return _visible(it)
    except OSError as e:
        raise DataError(f"{folder}: cannot read the folder ({e.strerror or e})", "cannot_read_folder", {"path": str(folder), "reason": e.strerror or str(e)}) from None


def _files_below(folder: Path, root: Path, budget: list[int]) -> list[Path]:
    """Every file in `folder` and its sub-folders (hidden ones left out), in natural order."""
    out: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        subfolders = []
        for entry in _scandir(current, root):
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                    continue
                if not entry.is_file():
                    continue
            except OSError:
                continue
            out.append(Path(entry.path))
            budget[0] -= 1
            if budget[0] < 0:
                raise DataError(f"{root}: the folder holds more than {MAX_FILES:,} files, more than LayerLab reads", "too_many_files",
                                {"path": str(root), "most": f"{MAX_FILES:,}"})
        stack.extend(reversed(subfolders))
    return out


def _part(folder: Path, root: Path, budget: list[int], stray: list[Path]) -> Part:
    classes = []
    for entry in _scandir(folder, root):
        path = Path(entry.path)
        if entry.is_dir():
            classes.append((entry.name, _files_below(path, root, budget)))
        elif entry.is_file():
            stray.append(path)
    if len(classes) > MAX_CLASSES:
        raise DataError(f"{folder}: there are {len(classes):,} class folders, more than the {MAX_CLASSES:,} LayerLab tells apart", "too_many_class_folders",
                        {"path": str(folder), "count": f"{len(classes):,}", "most": f"{MAX_CLASSES:,}"})
    return Part(classes)


def scan(path: str | os.PathLike) -> Layout:
    """Where the pictures of each class are (nothing is read); DataError when the folder is
    missing, empty, or not laid out as one sub-folder per class."""
    root = Path(path)
    name = str(root)
    if not root.exists():
        raise DataError(f"{name}: the folder is not there (was it moved or renamed?)", "missing_folder", {"path": name}, "not_found")
    if not root.is_dir():
        raise DataError(f"{name}: is a file, not a folder: an image dataset is a folder with one sub-folder of pictures per class",
                        "not_a_folder", {"path": name})
    entries = _scandir(root, root)
    if not entries:
        raise DataError(f"{name}: the folder is empty: put the pictures of each class in a sub-folder named after it", "empty_folder", {"path": name})
    folders = {e.name.lower(): Path(e.path) for e in entries if e.is_dir()}
    train = next((folders[n] for n in TRAIN_NAMES if n in folders), None)
    test = next((folders[n] for n in TEST_NAMES if n in folders), None)
    budget = [MAX_FILES]
    stray: list[Path] = []
    if train is not None and test is not None:
        layout = Layout(root, _part(train, root, budget, stray), _part(test, root, budget, stray), stray)
        stray.extend(Path(e.path) for e in entries if e.is_file())
    else:
        layout = Layout(root, _part(root, root, budget, stray), None, stray)
    classes = layout.train.classes
    if not classes:
        files = len(stray)
        raise DataError(f"{name}: the folder holds {files} file(s) but no sub-folders: put the pictures of each class in a sub-folder named after it "
                        "(for example cats/ and dogs/)", "no_class_folders", {"path": name, "count": files})
    if len(classes) < 2:
        raise DataError(f"{name}: there is only one class folder ({classes[0][0]}): a network needs at least two classes to tell apart; "
                        "add a sub-folder for each other class", "one_class_folder", {"path": name, "name": classes[0][0]})
    if layout.files == 0:
        raise DataError(f"{name}: the class folders hold no files: put the pictures of each class in its folder", "no_files", {"path": name})
    if layout.test is not None:
        unknown = [n for n, _ in layout.test.classes if n not in {c for c, _ in classes}]
        if unknown:
            raise DataError(f"{name}: test/{unknown[0]} is a class that train/ does not have", "test_class_unknown", {"path": name, "name": unknown[0]})
    return layout


# --------------------------------------------------------------------------- reading the pictures


@dataclass
class FolderReport:
    """What reading the folder found: how many files, how many were pictures, which were not."""

    files: int
    pictures: int
    #: (the file, relative to the folder; why it was skipped), the first NAMED_SKIPS of them
    skipped: list[tuple[str, str]] = field(default_factory=list)
    skipped_count: int = 0
    #: "classes" (one sub-folder per class) or "train_test"
    layout: str = "classes"
    #: files outside any class folder, not read
    stray: int = 0
    #: the picture reader's errors for `skipped`, in the same order (for words in the user's language)
    skipped_errors: list = field(default_factory=list)


class _Reader:
    """Decodes a list of files into a preallocated array, chunk by chunk, with progress and cancel."""

    def __init__(self, source: ImageFolderSource, root: Path, total: int, progress, cancel):
        self.source, self.root, self.total = source, root, total
        self.progress, self.cancel = progress, cancel
        self.done = 0

    def read(self, files: list[Path]) -> tuple[np.ndarray, np.ndarray, list[tuple[int, pictures.PictureError]]]:
        """(pictures, which files gave one, (index, the picture reader's error) of each that did not)."""
        size, color = tuple(self.source.size), self.source.color
        x = np.empty((len(files), self.source.channels, *size), dtype=np.uint8)
        good = np.zeros(len(files), dtype=bool)
        problems: list[tuple[int, pictures.PictureError]] = []

        def chunk(start: int) -> list[tuple[int, pictures.PictureError]]:
            bad = []
            for i in range(start, min(start + CHUNK, len(files))):
                if self.cancel is not None and self.cancel.is_set():
                    return bad
                try:
                    x[i] = read_picture(files[i], size, color, name=str(files[i]))
                    good[i] = True
                except pictures.PictureError as e:
                    bad.append((i, e))
            return bad

        for start in range(0, len(files), CHUNK):
            problems.extend(chunk(start))
            self.done += min(CHUNK, len(files) - start)
            if self.cancel is not None and self.cancel.is_set():
                raise LoadCancelled(str(self.root))
            if self.progress is not None and self.progress(self.done, self.total, self.root.name) is False:
                raise LoadCancelled(str(self.root))
        return x, good, problems


def _reason(e: pictures.PictureError) -> str:
    """The picture reader's message without the file name in front (the report names the file)."""
    text = str(e)
    path = e.params.get("path", "")
    return text[len(path) + 2:] if path and text.startswith(path + ": ") else text


def _bad_picture(path: Path, error: pictures.PictureError) -> DataError:
    """A file that is not a picture, refused ("bad_files": "refuse"): the picture reader's words
    (its error rides along, for the user's language)."""
    return DataError(f"{path}: {_reason(error)}", "bad_picture", {"path": str(path), "reason": _reason(error), "error": error})


def _labelled(part: Part, index: dict[str, int]) -> tuple[list[Path], np.ndarray]:
    files, labels = [], []
    for name, paths in part.classes:
        files.extend(paths)
        labels.extend([index[name]] * len(paths))
    return files, np.asarray(labels, dtype=np.int64)


def load_image_folder(source: ImageFolderSource, *, seed: int = 0, progress: ProgressCallback | None = None, cancel=None,
                      like: DatasetInfo | None = None) -> Dataset:
    """A folder of pictures as a Dataset (see the module doc); `like` reads it with a model's
    classes (its folders must be among them). `progress(done, total, name)` after every chunk
    (returning False cancels), `cancel` (an Event) is looked at in between."""
    layout = scan(source.path)
    root = layout.root
    name = str(root)
    classes = tuple(like.class_names) if like is not None else layout.class_names
    index = {c: k for k, c in enumerate(classes)}
    unknown = [n for n in layout.class_names if n not in index]
    if unknown:
        raise DataError(f"{name}: {unknown[0]} is not a class the model knows ({', '.join(classes[:10])})", "unknown_class_folder",
                        {"path": name, "name": unknown[0], "known": ", ".join(classes[:10])})
    per_picture = source.channels * source.size[0] * source.size[1]
    if layout.files * per_picture > MAX_DATA_BYTES:
        need = f"{layout.files * per_picture / 2**30:.1f}"
        raise DataError(f"{name}: {layout.files:,} pictures of {source.size[0]}x{source.size[1]} would take {need} GB of memory, "
                        f"more than the {MAX_DATA_BYTES >> 30} GB LayerLab allows; choose a smaller size", "too_much_memory",
                        {"path": name, "count": f"{layout.files:,}", "height": source.size[0], "width": source.size[1], "memory": need,
                         "most": MAX_DATA_BYTES >> 30})
    reader = _Reader(source, root, layout.files, progress, cancel)
    if progress is not None:
        progress(0, layout.files, root.name)
    parts = [layout.train] if layout.test is None else [layout.train, layout.test]
    read = []
    skipped: list[tuple[str, str]] = []
    skipped_errors: list[pictures.PictureError] = []
    skipped_count = 0
    for part in parts:
        files, labels = _labelled(part, index)
        x, good, problems = reader.read(files)
        if problems and source.bad_files == "refuse":
            i, error = min(problems, key=lambda p: p[0])
            raise _bad_picture(files[i], error)
        skipped_count += len(problems)
        for i, error in sorted(problems, key=lambda p: p[0])[: max(0, NAMED_SKIPS - len(skipped))]:
            skipped.append((files[i].relative_to(root).as_posix(), _reason(error)))
            skipped_errors.append(error)
        keep = np.flatnonzero(good)
        read.append((x[keep] if len(keep) < len(x) else x, labels[keep]))
    pictures_read = sum(len(y) for _, y in read)
    if pictures_read == 0:
        raise DataError(f"{name}: none of the {layout.files:,} files in the class folders is a picture LayerLab can read (PNG, JPEG, BMP or GIF)",
                        "no_pictures", {"path": name, "count": f"{layout.files:,}"})
    x_train, y_train = read[0]
    if layout.test is None:
        empty = [c for k, c in enumerate(classes) if not np.any(y_train == k)]
        if empty and like is None:
            raise DataError(f"{name}: the class folder {empty[0]} holds no picture LayerLab can read", "empty_class", {"path": name, "name": empty[0]})
        train, test = stratified_split(y_train, source.test_split, seed)
        x_train, y_train, x_test, y_test = x_train[train], y_train[train], x_train[test], y_train[test]
    else:
        x_test, y_test = read[1]
        empty = [c for k, c in enumerate(classes) if not np.any(y_train == k)]
        if empty and like is None:
            raise DataError(f"{name}: train/{empty[0]} holds no picture LayerLab can read", "empty_train_class", {"path": name, "name": empty[0]})
        if len(y_test) == 0:
            raise DataError(f"{name}: test/ holds no picture LayerLab can read", "empty_test", {"path": name})
    report = FolderReport(layout.files, pictures_read, skipped, skipped_count, "classes" if layout.test is None else "train_test", len(layout.stray),
                          skipped_errors)
    return Dataset(
        name=root.name, title=root.name, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test,
        class_names=classes, input_shape=(source.channels, *source.size), normalisation=dict(IMAGE_NORMALISATION),
        kind=source.type, source=root, origin=source, report=report,
    )


# --------------------------------------------------------------------------- a preview for the designer


@dataclass
class FolderPreview:
    """What the designer shows before the data is used: each class with its number of files and
    a few of its pictures as the network will see them, and the problem a load would meet."""

    path: str
    #: (class name, files, up to `per_class` pictures (C, H, W) uint8)
    classes: list[tuple[str, int, list[np.ndarray]]]
    layout: str = "classes"
    files: int = 0
    #: among the files the preview read, those that are not pictures: (file, why)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    skipped_errors: list = field(default_factory=list)
    problem: DataError | None = None


def preview_folder(source: ImageFolderSource, *, per_class: int = 8, cancel=None) -> FolderPreview:
    """The preview of `source`'s folder; DataError when the folder cannot be a dataset at all
    (missing, empty, no class folders, one class). Only `per_class` files of each class are read."""
    layout = scan(source.path)
    preview = FolderPreview(str(layout.root), [], "classes" if layout.test is None else "train_test", layout.files)
    counts: dict[str, int] = {}
    files_by_class: dict[str, list[Path]] = {}
    for part in (layout.train, layout.test):
        if part is None:
            continue
        for name, files in part.classes:
            counts[name] = counts.get(name, 0) + len(files)
            files_by_class.setdefault(name, []).extend(files)
    for name in layout.class_names:
        shown = []
        for path in files_by_class.get(name, []):
            if len(shown) >= per_class:
                break
            if cancel is not None and cancel.is_set():
                raise LoadCancelled(str(layout.root))
            try:
                shown.append(read_picture(path, tuple(source.size), source.color, name=str(path)))
            except pictures.PictureError as e:
                preview.skipped.append((path.relative_to(layout.root).as_posix(), _reason(e)))
                preview.skipped_errors.append(e)
        preview.classes.append((name, counts.get(name, 0), shown))
    if not any(pics for _, _, pics in preview.classes):
        preview.problem = DataError(f"{layout.root}: the files in the class folders are not pictures LayerLab can read (PNG, JPEG, BMP or GIF)",
                                    "no_pictures_seen", {"path": str(layout.root)})
    elif preview.skipped and source.bad_files == "refuse":
        preview.problem = _bad_picture(layout.root / preview.skipped[0][0], preview.skipped_errors[0])
    return preview


__all__ = [
    "MAX_FILES", "MAX_CLASSES", "MAX_DATA_BYTES", "picture_array", "read_picture", "Layout", "scan", "FolderReport",
    "load_image_folder", "FolderPreview", "preview_folder",
]
