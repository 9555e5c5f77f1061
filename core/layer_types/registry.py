"""The layer-type registry: the one list of the kinds of layer LayerLab knows.

Everything that depends on a layer's type asks here (`layer_type(name)` or
`type_of(layer)`) instead of testing the type itself. Built-in types register when
`core.layer_types` is imported; a test may `register` a made-up one and
`unregister` it afterwards.
"""
from __future__ import annotations

from core.layer_types.base import LayerType

#: name -> record, in palette order
LAYER_TYPES: dict[str, LayerType] = {}


def register(layer_type: LayerType) -> LayerType:
    """Add a type (its check templates and fix labels join core.design.findings')."""
    from core.design import findings

    if layer_type.name in LAYER_TYPES:
        raise ValueError(f"a layer type called {layer_type.name!r} is already registered")
    for code in (*layer_type.templates, *layer_type.fix_labels):
        if code in findings.TEMPLATES or code in findings.FIX_LABELS:
            raise ValueError(f"{layer_type.name}: the check code {code!r} is taken")
    LAYER_TYPES[layer_type.name] = layer_type
    findings.TEMPLATES.update(layer_type.templates)
    findings.FIX_LABELS.update(layer_type.fix_labels)
    return layer_type


def unregister(name: str) -> None:
    from core.design import findings

    layer_type = LAYER_TYPES.pop(name)
    for code in layer_type.templates:
        findings.TEMPLATES.pop(code, None)
    for code in layer_type.fix_labels:
        findings.FIX_LABELS.pop(code, None)


def layer_type(name: str) -> LayerType:
    try:
        return LAYER_TYPES[name]
    except KeyError:
        raise ValueError(f"unknown layer type {name!r} (known: {', '.join(LAYER_TYPES)})") from None


def type_of(layer) -> LayerType:
    """The record of a spec layer (by its ``type`` field)."""
    return layer_type(layer.type)


__all__ = ["LAYER_TYPES", "register", "unregister", "layer_type", "type_of"]
