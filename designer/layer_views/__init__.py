"""How each layer type looks and reads in the app: one view per type, one registry.

The core record (`core.layer_types`) knows what a layer is; its view here knows how
the app shows it: the card's colour and glyph, the card's one-line detail, the
note under its settings, and the inspector's words for its steps. A type without a
view of its own gets `LayerView`'s defaults, built from its core record, so a new
type shows in the palette and the property panel with no designer code at all.
"""
from designer.layer_views.base import LayerView
from designer.layer_views.registry import VIEWS, describe_layers, register_view, unregister_view, view_for
from designer.layer_views import dense, dropout, conv2d, pooling, flatten  # noqa: E402,F401  (registers them)

__all__ = ["LayerView", "VIEWS", "describe_layers", "register_view", "unregister_view", "view_for"]
