"""The layer views by type; a type without one gets the default view (see the package doc)."""
from __future__ import annotations

from designer.layer_views.base import LayerView

VIEWS: dict[str, LayerView] = {}


def register_view(view: LayerView) -> LayerView:
    VIEWS[view.kind] = view
    return view


def unregister_view(kind: str) -> None:
    VIEWS.pop(kind, None)


def view_for(kind: str) -> LayerView:
    """The view of a layer type, or a default one made from its core record."""
    view = VIEWS.get(kind)
    return view if view is not None else LayerView(kind)


def describe_layers(design) -> str:
    """A whole model in one line, from each type's view: its input's shape, then every
    layer's `brief` (``1 × 28 × 28 → Conv2D 16 × 3 × 3 → MaxPool2D 2 × 2 → … → Dense 10``)."""
    from designer.text.names import format_shape

    return " → ".join([format_shape(tuple(design.input_shape)), *(view_for(layer.type).brief(layer) for layer in design.layers)])


__all__ = ["VIEWS", "register_view", "unregister_view", "view_for", "describe_layers"]
