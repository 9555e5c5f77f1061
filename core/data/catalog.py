"""What LayerLab knows about each dataset without loading it: classes, input size, names.

`core.design.checks` reads this to tell whether a design fits its data, `core.data.datasets`
for titles and class names, the designer for its dataset picker. Plain data only:
no NumPy, no files, no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    #: shown to the user: "MNIST", "Fashion-MNIST", "Spirals"...
    title: str
    classes: int
    #: the natural shape of one input, channels first: (1, 28, 28) for MNIST, (2,) for a toy
    #: point; an image dataset also fits a flat design (see `fits`)
    input_shape: tuple[int, ...]
    #: one name per class, in label order
    class_names: tuple[str, ...]
    kind: Literal["image", "toy"]
    #: how many training and test samples the set has (None for toy sets: their size is a design
    #: option); local files may hold fewer, never more
    train_samples: int | None = None
    test_samples: int | None = None
    #: the (lowest, highest) raw value one input can hold, before normalisation: pixels are
    #: 0..255; toy points lie within a few units of 0 (a generous bound, for sanity checks)
    value_range: tuple[float, float] = (0.0, 255.0)

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


def dataset_info(name: str) -> DatasetInfo | None:
    """The entry for `name` (any case, '_' or '-'), or None for a dataset LayerLab does not know."""
    return DATASET_INFO.get(canonical_name(name))


def class_names_for(name: str, count: int) -> tuple[str, ...]:
    """`count` class names for a model trained on `name`: the dataset's own when they fit, else "class i"."""
    info = dataset_info(name)
    if info is not None and len(info.class_names) == count:
        return info.class_names
    return tuple(f"class {i}" for i in range(count))


__all__ = ["DatasetInfo", "DATASET_INFO", "canonical_name", "dataset_info", "class_names_for"]
