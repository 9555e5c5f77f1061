"""What the spec's keys are called on screen: layer kinds, activations, losses, fields.

The spec stores stable keys ("leaky_relu", "cross_entropy"); the user reads these
names. The names of kinds of things (layer types, activations, losses, optimizers,
initializers, datasets) are the English titles in their core registries, which
scripts/update_translations.py marks for translation in context "names"; the field
names below are marked here. Both are translated when shown.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.nn.activations import ACTIVATIONS
from core.nn.initializers import INITIALIZERS
from core.nn.losses import LOSSES
from core.nn.optimizers import OPTIMIZERS
from core.train.schedules import SCHEDULES

_CTX = "names"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


#: the last name of a spec path -> what an undo label calls the field
FIELDS = {
    "units": QT_TRANSLATE_NOOP("names", "units"),
    "activation": QT_TRANSLATE_NOOP("names", "activation"),
    "rate": QT_TRANSLATE_NOOP("names", "dropout rate"),
    "weights": QT_TRANSLATE_NOOP("names", "fixed weights"),
    "bias": QT_TRANSLATE_NOOP("names", "fixed biases"),
    "name": QT_TRANSLATE_NOOP("names", "name"),
    "description": QT_TRANSLATE_NOOP("names", "description"),
    "dataset": QT_TRANSLATE_NOOP("names", "dataset"),
    "loss": QT_TRANSLATE_NOOP("names", "loss"),
    "shape": QT_TRANSLATE_NOOP("names", "input size"),
    "optimizer": QT_TRANSLATE_NOOP("names", "optimizer"),
    "type": QT_TRANSLATE_NOOP("names", "optimizer"),
    "learning_rate": QT_TRANSLATE_NOOP("names", "learning rate"),
    "schedule": QT_TRANSLATE_NOOP("names", "learning-rate schedule"),
    "momentum": QT_TRANSLATE_NOOP("names", "momentum"),
    "decay": QT_TRANSLATE_NOOP("names", "decay"),
    "beta1": QT_TRANSLATE_NOOP("names", "beta1"),
    "beta2": QT_TRANSLATE_NOOP("names", "beta2"),
    "batch_size": QT_TRANSLATE_NOOP("names", "batch size"),
    "epochs": QT_TRANSLATE_NOOP("names", "epochs"),
    "validation_split": QT_TRANSLATE_NOOP("names", "validation split"),
    "init": QT_TRANSLATE_NOOP("names", "initialization"),
    "seed": QT_TRANSLATE_NOOP("names", "seed"),
    "noise": QT_TRANSLATE_NOOP("names", "noise"),
    "samples": QT_TRANSLATE_NOOP("names", "samples"),
}


def ui_language() -> str:
    """The language the interface is shown in ("" for English): picks designs' translated names.

    The translation loader sets the application property "language" (e.g. "ja")."""
    app = QCoreApplication.instance()
    value = app.property("language") if app is not None else None
    return str(value) if value else ""


def available_kinds() -> list[str]:
    """Layer kinds the core can build, in palette order (core.layer_types' registry)."""
    from core.layer_types import LAYER_TYPES

    return list(LAYER_TYPES)


def layer_title(kind: str) -> str:
    from designer.layer_views import view_for

    return view_for(kind).title() if kind in available_kinds() else kind


def layer_blurb(kind: str) -> str:
    from designer.layer_views import view_for

    return view_for(kind).blurb() if kind in available_kinds() else ""


def layer_color(kind: str) -> str:
    from designer.layer_views import view_for

    return view_for(kind).color


def activation_title(key: str) -> str:
    return tr(ACTIVATIONS[key].title) if key in ACTIVATIONS else key


def activation_tip(key: str) -> str:
    return tr(ACTIVATIONS[key].tip) if key in ACTIVATIONS else ""


def activation_word(key: str) -> str:
    """An activation's name inside a sentence ("sigmoid", "no activation")."""
    a = ACTIVATIONS.get(key)
    return tr(a.word or a.title) if a is not None else key


def activation_explanation(key: str) -> str:
    """What an activation does to a weighted sum, in a sentence (the inspector's step)."""
    return tr(ACTIVATIONS[key].explanation) if key in ACTIVATIONS and ACTIVATIONS[key].explanation else ""


def loss_title(key: str) -> str:
    return tr(LOSSES[key].title) if key in LOSSES else key


def loss_tip(key: str) -> str:
    return tr(LOSSES[key].tip) if key in LOSSES else ""


def loss_word(key: str) -> str:
    """A loss's name inside a sentence ("cross-entropy")."""
    loss = LOSSES.get(key)
    return tr(loss.word or loss.title) if loss is not None else key


def loss_explanation(key: str) -> str:
    """What a loss measures, in a few sentences (the inspector's loss step)."""
    loss = LOSSES.get(key)
    return tr(loss.explanation) if loss is not None and loss.explanation else ""


def optimizer_title(key: str) -> str:
    return tr(OPTIMIZERS[key].title) if key in OPTIMIZERS else key


def optimizer_tip(key: str) -> str:
    """An optimizer's update rule in one line ("SGD: w ← w − η·∂L/∂w. ...")."""
    return tr(OPTIMIZERS[key].tip) if key in OPTIMIZERS and OPTIMIZERS[key].tip else ""


def schedule_title(key: str) -> str:
    """A learning-rate schedule's name ("Cosine decay"), translated."""
    return tr(SCHEDULES[key].title) if key in SCHEDULES else key


def schedule_tip(key: str) -> str:
    """What a learning-rate schedule does, with its formula, in a sentence or two."""
    return tr(SCHEDULES[key].tip) if key in SCHEDULES else ""


def init_title(key: str) -> str:
    return tr(INITIALIZERS[key].title) if key in INITIALIZERS else key


def choice_title(value: str) -> str:
    """A choice field's value as the user reads it (an activation's name, or the value itself)."""
    return activation_title(value) if value in ACTIVATIONS else str(value)


def field_value(kind: str, value) -> str:
    """A layer field's value as a card shows it: "ReLU", "0.2", "1,024", "3 × 5", "same"."""
    if kind == "choice":
        return choice_title(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return format_shape(tuple(value))
    if isinstance(value, int):
        return format_count(value)
    return tr(str(value))


#: the text values of layer fields (core.layer_types.base.SAME)
FIELD_WORDS = (QT_TRANSLATE_NOOP("names", "same"),)


def field_title(name: str) -> str:
    """What an undo label calls a field: FIELDS, else the label of a layer field (or of a
    learning-rate schedule's parameter) of that name."""
    if name in FIELDS:
        return tr(FIELDS[name])
    from core.layer_types import LAYER_TYPES

    fields = [f for t in LAYER_TYPES.values() for f in t.fields] + [f for s in SCHEDULES.values() for f in s.params]
    label = next((f.label for f in fields if f.name == name and f.label), "")
    if label:
        text = tr(label)
        return text[:1].lower() + text[1:]  # "Kernel size" reads "kernel size" inside a sentence
    return name.replace("_", " ")


def dataset_title(name) -> str:
    """A design's dataset as the user reads it: "MNIST" translated; the user's own data by its
    file or folder name, as it is ("penguins.csv")."""
    from core.data.catalog import DataSource, dataset_info

    if isinstance(name, DataSource):
        return name.title
    info = dataset_info(name)
    return tr(info.title) if info is not None else name


def dataset_kind_title(kind) -> str:
    """"CSV table", "Folder of pictures": a kind of dataset (core.data.catalog.DatasetKind), translated."""
    return tr(kind.title)


def class_names_for(dataset, count: int) -> tuple[str, ...]:
    """core.data.catalog.class_names_for in the user's language: "T-shirt/top", "class 1"; the
    classes of the user's own data are the user's words, shown as they are."""
    from core.data.catalog import DataSource, dataset_info

    info = dataset_info(dataset)
    if info is not None and len(info.class_names) == count:
        if isinstance(dataset, DataSource):
            return tuple(info.class_names)
        return tuple(tr(name) for name in info.class_names)
    return tuple(QCoreApplication.translate("names", "class {number}").format(number=i) for i in range(count))


def format_count(n: int) -> str:
    """535,818: grouped digits, in the user's locale."""
    from PySide6.QtCore import QLocale

    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # "C" groups no digits: read like English instead
        locale = QLocale(QLocale.Language.English)
    return locale.toString(int(n))


def format_bytes(n: float) -> str:
    """2.1 MB: one decimal, decimal units as file managers show them."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return QCoreApplication.translate("names", "{value} {unit}").format(value=f"{n / size:.1f}", unit=unit)
    return QCoreApplication.translate("names", "{value} bytes").format(value=int(n))


def format_rate(x: float) -> str:
    """A learning rate to three significant digits, in decimals as learners read them: 0.001,
    0.000854, 0.0000245; "–" when there is none."""
    import math

    from core.design.findings import plain_number

    return plain_number(float(f"{x:.3g}")) if math.isfinite(x) else "–"


def format_shape(shape: tuple[int, ...]) -> str:
    """(256,) reads as "256"; (16, 28, 28) as "16 × 28 × 28" (channels × height × width);
    (100000,) as "100,000", as counts do."""
    return " × ".join(format_count(d) for d in shape)


__all__ = [
    "available_kinds", "layer_title", "layer_blurb", "layer_color", "activation_title", "activation_tip", "activation_word", "activation_explanation",
    "loss_title", "loss_tip", "loss_word", "loss_explanation", "optimizer_title", "optimizer_tip", "schedule_title", "schedule_tip",
    "init_title", "choice_title",
    "field_title", "dataset_title", "dataset_kind_title", "class_names_for", "field_value", "format_count", "format_bytes", "format_rate",
    "format_shape", "tr", "ui_language",
]
