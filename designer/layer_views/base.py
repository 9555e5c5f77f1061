"""The default look of a layer type, made from its core record (see the package doc).

Views are plain objects; `tr` translates in the context of the view's class name,
as `QObject.tr` would, so pyside6-lupdate files each view's words under its own name.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.layer_types import LayerType, layer_type
from designer.text import names

#: the accent of a type that brings no colour of its own
DEFAULT_COLOR = "#6b7785"


class LayerView:
    """How one layer type is shown. Subclasses set `kind` (the core type's name) and
    override what differs; every method has a sensible default."""

    kind: str = ""
    color: str = DEFAULT_COLOR
    #: the picture on its tile, a key of designer.widgets.icons.GLYPHS ("" for a plain tile)
    glyph: str = ""

    def __init__(self, kind: str = ""):
        if kind:
            self.kind = kind

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    @property
    def record(self) -> LayerType:
        return layer_type(self.kind)

    # ------------------------------------------------------------------ palette and cards

    def title(self) -> str:
        return names.tr(self.record.title)

    def blurb(self) -> str:
        return names.tr(self.record.blurb) if self.record.blurb else ""

    def glyph_name(self) -> str:
        return self.glyph

    def detail(self, layer) -> str:
        """The card's second line: the layer's settings in words (``64 units · ReLU``)."""
        parts = []
        for f in self.record.fields:
            value = getattr(layer, f.name)
            if value is None:  # left out: the type's own default applies
                continue
            parts.append(f"{names.tr(f.label) if f.label else f.name} {names.field_value(f.kind, value)}")
        return " · ".join(parts)

    def summary(self, layer) -> str:
        """The layer in a few words, for lists (``Dense 64, ReLU``)."""
        return self.title()

    def brief(self, layer) -> str:
        """The layer in the fewest words, for a line describing a whole model
        (``Conv2D 16 × 3 × 3 → MaxPool2D 2 × 2 → … → Dense 10``): its title, by default."""
        return self.title()

    def note(self, layer, *, is_output: bool) -> str:
        """A sentence under the layer's settings (empty for none)."""
        return ""

    def weight_pictures_note(self, tiles_shape: tuple[int, ...]) -> str:
        """What the Explore page's first-layer weight pictures (core LayerType.weight_tiles,
        (count, height, width)) show, when the page's own words (one picture per neuron)
        do not fit; "" for those."""
        return ""

    # ------------------------------------------------------------------ the inspector

    def step_title(self, step, n: int, activation: str, *, first: bool) -> str:
        """The inspector's title for one of this type's steps (layer number `n`, 1-based)."""
        return names.tr(self.record.title) + f" {n}"

    def explanation(self, step, *, first: bool) -> str:
        return ""

    def box(self, lt, activation: str) -> str:
        """The inspector strip's label for the layer (``Dense 4, ReLU``)."""
        return self.title()


__all__ = ["LayerView", "DEFAULT_COLOR"]
