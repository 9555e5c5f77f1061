"""Layer types: one module each (spec fields, shapes, costs, checks, building), one registry.

Importing this package registers the built-in types, in palette order.
"""
from core.layer_types.base import BuildContext, Field, LayerCheck, LayerType, ShapeError
from core.layer_types.registry import LAYER_TYPES, layer_type, register, type_of, unregister
from core.layer_types import dense, dropout, conv2d, pooling, flatten  # noqa: E402,F401  (registers them)
from core.layer_types.walk import LayerShape, walk  # noqa: E402

__all__ = [
    "BuildContext", "Field", "LayerCheck", "LayerType", "ShapeError",
    "LAYER_TYPES", "layer_type", "register", "type_of", "unregister", "LayerShape", "walk",
]
