"""What the spec's keys are called on screen: layer kinds, activations, losses, fields.

The spec stores stable keys ("leaky_relu", "cross_entropy"); the user reads these
names. Every name is marked for translation here once (QT_TRANSLATE_NOOP) and
translated when shown, so a translation only has to cover this table.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.design import spec

_CTX = "names"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


@dataclass(frozen=True)
class LayerKind:
    """How a layer type looks in the palette and the stack."""

    key: str
    title: str  # untranslated; use layer_title()
    blurb: str  # one line on what it does, untranslated
    color: str  # the card's accent colour


#: every kind the palette knows, in palette order; only those in spec.LAYER_SPECS are offered
LAYER_KINDS: dict[str, LayerKind] = {
    k.key: k
    for k in (
        LayerKind("dense", QT_TRANSLATE_NOOP("names", "Dense"),
                  QT_TRANSLATE_NOOP("names", "Every input feeds every unit"), "#3b6cf6"),
        LayerKind("dropout", QT_TRANSLATE_NOOP("names", "Dropout"),
                  QT_TRANSLATE_NOOP("names", "Drops random values in training"), "#e0892b"),
        LayerKind("conv2d", QT_TRANSLATE_NOOP("names", "Conv2D"),
                  QT_TRANSLATE_NOOP("names", "Small filters slide over the image"), "#1f9d74"),
        LayerKind("maxpool2d", QT_TRANSLATE_NOOP("names", "MaxPool2D"),
                  QT_TRANSLATE_NOOP("names", "Keeps the largest value of each patch"), "#8a5cd6"),
        LayerKind("flatten", QT_TRANSLATE_NOOP("names", "Flatten"),
                  QT_TRANSLATE_NOOP("names", "Turns an image into one long row"), "#6b7785"),
    )
}

ACTIVATIONS = {
    "relu": QT_TRANSLATE_NOOP("names", "ReLU"),
    "leaky_relu": QT_TRANSLATE_NOOP("names", "Leaky ReLU"),
    "sigmoid": QT_TRANSLATE_NOOP("names", "Sigmoid"),
    "tanh": QT_TRANSLATE_NOOP("names", "Tanh"),
    "softmax": QT_TRANSLATE_NOOP("names", "Softmax"),
    "none": QT_TRANSLATE_NOOP("names", "None (linear)"),
}
ACTIVATION_TIPS = {
    "relu": QT_TRANSLATE_NOOP("names", "max(0, x): fast and the usual choice for hidden layers"),
    "leaky_relu": QT_TRANSLATE_NOOP("names", "Like ReLU, but lets a little through below zero"),
    "sigmoid": QT_TRANSLATE_NOOP("names", "Squeezes values into 0..1; learns slowly in deep stacks"),
    "tanh": QT_TRANSLATE_NOOP("names", "Squeezes values into -1..1"),
    "softmax": QT_TRANSLATE_NOOP("names", "Turns the last layer's outputs into class probabilities"),
    "none": QT_TRANSLATE_NOOP("names", "Passes values through unchanged"),
}
LOSSES = {
    "cross_entropy": QT_TRANSLATE_NOOP("names", "Cross-entropy"),
    "mse": QT_TRANSLATE_NOOP("names", "Mean squared error"),
}
LOSS_TIPS = {
    "cross_entropy": QT_TRANSLATE_NOOP("names", "The usual loss for classification, paired with softmax"),
    "mse": QT_TRANSLATE_NOOP("names", "The average squared difference from the one-hot target"),
}
OPTIMIZERS = {
    "sgd": QT_TRANSLATE_NOOP("names", "SGD"),
    "momentum": QT_TRANSLATE_NOOP("names", "Momentum"),
    "adagrad": QT_TRANSLATE_NOOP("names", "AdaGrad"),
    "rmsprop": QT_TRANSLATE_NOOP("names", "RMSProp"),
    "adam": QT_TRANSLATE_NOOP("names", "Adam"),
}
INITS = {
    "he": QT_TRANSLATE_NOOP("names", "He"),
    "xavier": QT_TRANSLATE_NOOP("names", "Xavier"),
    "normal": QT_TRANSLATE_NOOP("names", "Normal (small random)"),
}
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
    """Layer kinds the core can build now, in palette order."""
    return [k for k in LAYER_KINDS if k in spec.LAYER_SPECS]


def layer_title(kind: str) -> str:
    k = LAYER_KINDS.get(kind)
    return tr(k.title) if k else kind


def layer_blurb(kind: str) -> str:
    k = LAYER_KINDS.get(kind)
    return tr(k.blurb) if k else ""


def layer_color(kind: str) -> str:
    k = LAYER_KINDS.get(kind)
    return k.color if k else "#6b7785"


def activation_title(key: str) -> str:
    return tr(ACTIVATIONS[key]) if key in ACTIVATIONS else key


def loss_title(key: str) -> str:
    return tr(LOSSES[key]) if key in LOSSES else key


def optimizer_title(key: str) -> str:
    return tr(OPTIMIZERS[key]) if key in OPTIMIZERS else key


def field_title(name: str) -> str:
    return tr(FIELDS[name]) if name in FIELDS else name.replace("_", " ")


def dataset_title(name: str) -> str:
    from core.data.catalog import dataset_info

    info = dataset_info(name)
    return tr(info.title) if info is not None else name


def class_names_for(dataset: str, count: int) -> tuple[str, ...]:
    """core.data.catalog.class_names_for in the user's language: "T-shirt/top", "class 1"."""
    from core.data.catalog import dataset_info

    info = dataset_info(dataset)
    if info is not None and len(info.class_names) == count:
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


def format_shape(shape: tuple[int, ...]) -> str:
    """(256,) reads as "256"; (28, 28, 1) as "28×28×1"; (100000,) as "100,000", as counts do."""
    return "×".join(format_count(d) for d in shape)


__all__ = [
    "LayerKind", "LAYER_KINDS", "available_kinds", "layer_title", "layer_blurb", "layer_color",
    "activation_title", "loss_title", "optimizer_title", "field_title", "dataset_title",
    "class_names_for", "format_count", "format_bytes", "format_shape", "tr", "ui_language",
]
