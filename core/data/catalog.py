"""What LayerLab knows about each dataset without loading it: classes, input size, names,
and the kinds of dataset a design can name.

A design's ``dataset`` is a built-in name ("mnist", "spirals"...) or the user's own data:
an object naming a kind and a path (``{"type": "csv", "path": "penguins.csv", ...}``).
Every kind is one record in `DATASET_KINDS`: the spec parser reads its options, the
checks its input wording, `core.data.datasets` its loader, the CLI and the designer how
its samples look (pictures, points or table rows) and how the user picks the data.
Nothing else branches on a kind's name.

`core.design.checks` reads `dataset_info` to tell whether a design fits its data; for the
user's own data that is known only once the data was read (or from a model file), and
travels with the `DataSource` as its `info`. Plain data only: no NumPy, no files, no Qt.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Literal


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    #: shown to the user: "MNIST", "Fashion-MNIST", "Spirals", "penguins.csv"...
    title: str
    classes: int
    #: the natural shape of one input, channels first: (1, 28, 28) for MNIST, (2,) for a toy
    #: point; an image dataset also fits a flat design (see `fits`)
    input_shape: tuple[int, ...]
    #: one name per class, in label order
    class_names: tuple[str, ...]
    #: a key of DATASET_KINDS: "image", "toy", "csv", "image_folder"
    kind: str
    #: how many training and test samples the set has (None for toy sets: their size is a design
    #: option); local files may hold fewer, never more
    train_samples: int | None = None
    test_samples: int | None = None
    #: the (lowest, highest) raw value one input can hold, before normalisation: pixels are
    #: 0..255; toy points lie within a few units of 0 (a generous bound, for sanity checks)
    value_range: tuple[float, float] = (0.0, 255.0)
    #: a table's columns, kinds and categories (core.data.tables.TableEncoding), for its rows to be
    #: encoded as the model's were; None for every other kind
    table: Any = field(default=None, compare=False)

    @property
    def input_size(self) -> int:
        size = 1
        for n in self.input_shape:
            size *= n
        return size

    def fits(self, shape) -> bool:
        """A design's input shape fits this data: its natural shape, or the same numbers in a row."""
        shape = tuple(shape)
        return shape == self.input_shape or shape == (self.input_size,)

    def shape_like(self, shape) -> tuple[int, ...]:
        """The shape of this data that a design with input `shape` should take: a row for a
        flat design (``(784,)``), the natural shape (``(1, 28, 28)``) otherwise."""
        return (self.input_size,) if len(tuple(shape)) == 1 else self.input_shape


# --------------------------------------------------------------------------- the user's own data


@dataclass(frozen=True)
class Option:
    """One key of an own-data object in a design, besides "type" and "path"; core.design.spec
    reads and writes every kind's options from these records.

    kind: "text" (a column name), "texts" (a list of them), "fraction" (a number in [lo, hi]),
    "choice" (one of `choices`), "size" ([height, width], each 1..`hi`)."""

    name: str
    kind: Literal["text", "texts", "fraction", "choice", "size"]
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    lo: float = 0.0
    hi: float = 1.0
    #: what the designer's form calls it, its tooltip, and one label per choice (English,
    #: translated in context "names")
    label: str = ""
    tip: str = ""
    choice_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataSource:
    """The user's own data, as a design's "dataset" object names it (a kind's `source` class).

    `path` is where the data is: absolute once known (the design file's folder resolves a
    relative path when the design is read), else as the design wrote it. `info` is what the
    data turned out to hold (classes, input shape, sample counts): None until the data has been
    read, or taken from a model file; it is not part of the design and not compared."""

    #: the kind's name, as the object's "type" says it
    type: ClassVar[str] = ""
    path: str = ""
    info: DatasetInfo | None = field(default=None, compare=False, hash=False, repr=False)

    @property
    def kind(self) -> DatasetKind:
        return DATASET_KINDS[self.type]

    @property
    def file_name(self) -> str:
        """The file's or folder's own name, as titles show it: "penguins.csv"."""
        return os.path.basename(os.path.normpath(self.path)) or self.path

    @property
    def title(self) -> str:
        return self.info.title if self.info is not None else self.file_name

    def natural_shape(self) -> tuple[int, ...] | None:
        """The shape of one sample as far as the options alone tell (None: only the data knows)."""
        return None

    def options(self) -> dict[str, Any]:
        """The kind's options by name, in the kind's order (lists for texts and sizes)."""
        return {o.name: _plain(getattr(self, o.name)) for o in self.kind.options}

    def with_info(self, info: DatasetInfo | None) -> DataSource:
        return replace(self, info=info)

    def moved_to(self, path: str | os.PathLike) -> DataSource:
        """The same data (and options) found at another path; what it holds must be read again."""
        return replace(self, path=os.path.abspath(os.fspath(path)), info=None)

    def resolved(self, folder: str | os.PathLike | None) -> DataSource:
        """`path` made absolute against `folder` (a design's or a model file's folder), if relative."""
        if folder is None or os.path.isabs(self.path):
            return self
        return replace(self, path=os.path.normpath(os.path.join(os.path.abspath(os.fspath(folder)), self.path)))

    def path_from(self, folder: str | os.PathLike | None) -> str:
        """How a file in `folder` names the data: relative when the data is in that folder or close
        by (at most two levels up), absolute otherwise (or as it is, when not absolute)."""
        if folder is None or not os.path.isabs(self.path):
            return self.path
        try:
            relative = os.path.relpath(self.path, os.path.abspath(os.fspath(folder)))
        except ValueError:  # another drive (Windows)
            return self.path
        if relative.split(os.sep)[:3] == [os.pardir] * 3:
            return self.path
        return relative.replace(os.sep, "/")


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class CsvSource(DataSource):
    """A CSV table: one row per sample, `target` the column holding each row's class."""

    type: ClassVar[str] = "csv"
    target: str = ""
    #: the columns the network reads (empty: every column but the target)
    features: tuple[str, ...] = ()
    test_split: float = 0.2
    #: "refuse": a gap (NA, an empty field) is an error naming its row and column; "drop": rows with gaps are left out
    missing: str = "refuse"


@dataclass(frozen=True)
class ImageFolderSource(DataSource):
    """A folder of pictures, one sub-folder per class (or train/ and test/ above them)."""

    type: ClassVar[str] = "image_folder"
    #: every picture is resized to (height, width)
    size: tuple[int, int] = (28, 28)
    color: str = "grayscale"
    #: "skip": files that are not pictures are left out and counted; "refuse": the first one is an error
    bad_files: str = "skip"
    #: without train/ and test/ folders, the share of each class held out as the test set
    test_split: float = 0.2

    @property
    def channels(self) -> int:
        return 3 if self.color == "rgb" else 1

    def natural_shape(self) -> tuple[int, ...]:
        return (self.channels, *self.size)


# --------------------------------------------------------------------------- kinds of dataset


@dataclass(frozen=True)
class DatasetKind:
    """One kind of dataset: how a design names it, what its samples are, where its loader is."""

    name: str
    #: shown to the user ("CSV table"), translated in context "names"
    title: str
    #: what one sample is: "pictures" (drawn or loaded on the Test page, a picture file for
    #: `predict`), "points" (2-D toy points) or "rows" (of a table: a form, a CSV of rows)
    samples: Literal["pictures", "points", "rows"]
    #: the check code for an input size that does not fit the data
    input_code: str
    #: "module:function" loading the user's own data of this kind (core.data.datasets.load_dataset
    #: calls it with the source), imported when first used; "" for the named sets, found by name
    loader: str = ""
    #: the user's own files: the class a design's object becomes (None for the named sets)
    source: type[DataSource] | None = None
    options: tuple[Option, ...] = ()
    #: generated from the design's dataset_options (samples, noise), not read
    generated: bool = False
    #: pictures drawn or loaded are prepared as MNIST's were (cropped, centred by mass); else
    #: they are only resized to the input size, as the data's own pictures were
    digit_style: bool = False
    #: the (lowest, highest) value one stored input can hold, before normalisation (a generous
    #: bound, for the model file's overflow check)
    value_range: tuple[float, float] = (0.0, 255.0)
    #: what the user picks in the designer: "file" or "folder" ("" for the named sets)
    pick: Literal["", "file", "folder"] = ""
    #: the file names a "file" pick offers
    suffixes: tuple[str, ...] = ()
    #: "module:NAME" of the exported PyTorch script's data section (core.export.pytorch_data):
    #: how the script finds and reads this kind of data
    script_data: str = "core.export.pytorch_data:IDX"

    @property
    def own(self) -> bool:
        return self.source is not None


_TEST_SPLIT = Option("test_split", "fraction", default=0.2, lo=0.05, hi=0.5, label="Test share",
                     tip="The share of each class kept aside to test the trained network on")
CSV_OPTIONS = (
    Option("target", "text", required=True, label="Classes from", tip="The column that says each row's class: what the network learns to tell"),
    Option("features", "texts", default=(), label="Columns to learn from",
           tip="The columns the network reads; every column but the classes, unless you choose"),
    _TEST_SPLIT,
    Option("missing", "choice", default="refuse", choices=("refuse", "drop"), label="Gaps",
           tip="What to do with rows where a value is missing (empty, NA, ?)",
           choice_labels=("Stop and say where they are", "Leave those rows out")),
)
IMAGE_FOLDER_OPTIONS = (
    Option("size", "size", default=(28, 28), hi=512, label="Picture size", tip="Every picture is resized to this height and width"),
    Option("color", "choice", default="grayscale", choices=("grayscale", "rgb"), label="Colour",
           tip="Grayscale gives one value per pixel, colour three (red, green, blue)", choice_labels=("Grayscale", "Colour (RGB)")),
    Option("bad_files", "choice", default="skip", choices=("skip", "refuse"), label="Files that are not pictures",
           tip="What to do with files LayerLab cannot read as pictures", choice_labels=("Skip and count them", "Stop and say which")),
    _TEST_SPLIT,
)

#: kind name -> the kind (DatasetInfo.kind and a DataSource's type are keys)
DATASET_KINDS: dict[str, DatasetKind] = {
    "image": DatasetKind("image", "Image set", "pictures", "input_image", digit_style=True),
    "toy": DatasetKind("toy", "Toy 2-D set", "points", "input_toy", generated=True, value_range=(-10.0, 10.0)),
    "csv": DatasetKind("csv", "CSV table", "rows", "input_table", "core.data.tables:load_table", CsvSource, CSV_OPTIONS,
                       value_range=(-1e6, 1e6), pick="file", suffixes=(".csv", ".tsv", ".txt"), script_data="core.export.pytorch_data:TABLE"),
    "image_folder": DatasetKind("image_folder", "Folder of pictures", "pictures", "input_image", "core.data.image_folder:load_image_folder",
                                ImageFolderSource, IMAGE_FOLDER_OPTIONS, pick="folder", script_data="core.export.pytorch_data:FOLDER"),
}

#: the own-data kinds, by the "type" a design's object gives
OWN_KINDS = {name: kind for name, kind in DATASET_KINDS.items() if kind.own}


def source_fields(source_class: type[DataSource]) -> tuple[str, ...]:
    """The fields of a kind's source class that its options fill (the rest are DataSource's own)."""
    own = {f.name for f in fields(DataSource)}
    return tuple(f.name for f in fields(source_class) if f.name not in own)


# --------------------------------------------------------------------------- the named sets


DIGITS = tuple(str(i) for i in range(10))
FASHION = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
TOY_CLASSES = ("class 0", "class 1")


def _toy(name: str, title: str) -> DatasetInfo:
    return DatasetInfo(name, title, 2, (2,), TOY_CLASSES, "toy", value_range=(-10.0, 10.0))


#: dataset name (as a design's "dataset" field spells it) -> what it holds
DATASET_INFO: dict[str, DatasetInfo] = {
    "mnist": DatasetInfo("mnist", "MNIST", 10, (1, 28, 28), DIGITS, "image", 60_000, 10_000),
    "fashion-mnist": DatasetInfo("fashion-mnist", "Fashion-MNIST", 10, (1, 28, 28), FASHION, "image", 60_000, 10_000),
    "spirals": _toy("spirals", "Spirals"),
    "circles": _toy("circles", "Circles"),
    "xor": _toy("xor", "XOR"),
    "moons": _toy("moons", "Moons"),
    "linear": _toy("linear", "Linear"),
}

def canonical_name(name: str) -> str:
    """'Fashion_MNIST' -> 'fashion-mnist', as `core.data.datasets` spells names."""
    return name.strip().lower().replace("_", "-")


def dataset_key(ref) -> Any:
    """A hashable key that is equal for the same data: the canonical name of a named set, the
    source itself (its kind, path and options) for the user's own data."""
    return ref if isinstance(ref, DataSource) else canonical_name(ref)


def dataset_info(ref) -> DatasetInfo | None:
    """What the data holds: the entry for a named set (any case, '_' or '-'), the `info` of the
    user's own data once read; None for a name LayerLab does not know or data not read yet."""
    if isinstance(ref, DataSource):
        return ref.info
    return DATASET_INFO.get(canonical_name(ref))


def dataset_kind(ref) -> DatasetKind | None:
    """The kind of a design's dataset (None for a name LayerLab does not know)."""
    if isinstance(ref, DataSource):
        return ref.kind
    info = DATASET_INFO.get(canonical_name(ref))
    return DATASET_KINDS[info.kind] if info is not None else None


def dataset_title(ref) -> str:
    """"MNIST", "penguins.csv": what a design's dataset is called (in English)."""
    if isinstance(ref, DataSource):
        return ref.title
    info = dataset_info(ref)
    return info.title if info is not None else str(ref)


def class_names_for(ref, count: int) -> tuple[str, ...]:
    """`count` class names for a model trained on `ref`: the data's own when they fit, else "class i"."""
    info = dataset_info(ref)
    if info is not None and len(info.class_names) == count:
        return info.class_names
    return tuple(f"class {i}" for i in range(count))


__all__ = [
    "DatasetInfo", "DATASET_INFO", "DatasetKind", "DATASET_KINDS", "OWN_KINDS", "Option", "DataSource", "CsvSource",
    "ImageFolderSource", "source_fields", "canonical_name", "dataset_key", "dataset_info", "dataset_kind", "dataset_title",
    "class_names_for",
]
