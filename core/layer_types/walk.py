"""Shape inference: what flows from layer to layer, what each one holds and costs.

The one walk through a design's layers: the spec's `layer_infos`, the checks, the
model builder and the model file's weight list all read it.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.layer_types.base import ShapeError
from core.layer_types.registry import type_of


@dataclass(frozen=True)
class LayerShape:
    """One layer as the data sees it."""

    index: int
    kind: str
    #: None when an earlier layer could not take its input (so this one's is unknown)
    input_shape: tuple[int, ...] | None
    #: None when this layer cannot take its input (see `problem`) or its input is unknown
    output_shape: tuple[int, ...] | None
    #: its weight arrays by name ("W", "b") and their shapes, in storage order
    param_shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: multiply-adds per sample
    macs: int = 0
    problem: ShapeError | None = None
    #: numbers per sample kept besides the output while training (LayerType.workspace)
    workspace: int = 0

    @property
    def params(self) -> int:
        return sum(math.prod(s) for s in self.param_shapes.values())


def walk(layers: Sequence, input_shape: Sequence[int]) -> list[LayerShape]:
    """Every layer's input and output shape, weights and multiply-adds, in order."""
    shape: tuple[int, ...] | None = tuple(int(d) for d in input_shape)
    out: list[LayerShape] = []
    for i, layer in enumerate(layers):
        t = type_of(layer)
        if shape is None:
            out.append(LayerShape(i, t.name, None, None))
            continue
        try:
            output = tuple(t.output_shape(layer, shape))
        except ShapeError as e:
            out.append(LayerShape(i, t.name, shape, None, problem=e))
            shape = None
            continue
        out.append(LayerShape(i, t.name, shape, output, t.param_shapes(layer, shape), t.macs(layer, shape, output),
                              workspace=t.workspace(layer, shape, output)))
        shape = output
    return out


def values_per_sample(shapes: Sequence[LayerShape], input_shape: Sequence[int]) -> int:
    """About how many numbers one sample needs through a forward and backward pass: the
    input, every layer's output and what the layers keep besides (their workspace)."""
    return math.prod(input_shape) + sum(math.prod(s.output_shape) + s.workspace for s in shapes if s.output_shape is not None)


def signature(design) -> tuple:
    """What decides whether trained weights belong to a design: its input shape and each
    layer's type and structural settings (a Dense layer's units and activation, not a
    Dropout's rate, which does nothing at inference)."""
    return (tuple(design.input_shape), tuple(type_of(layer).signature(layer) for layer in design.layers))


def parameter_shapes(layers: Sequence, input_shape: Sequence[int]) -> dict[str, tuple[int, ...]]:
    """The model's weight arrays by their names in a model: ``layers.0.W`` -> shape."""
    return {f"layers.{s.index}.{name}": shape for s in walk(layers, input_shape) for name, shape in s.param_shapes.items()}


__all__ = ["LayerShape", "walk", "parameter_shapes", "signature", "values_per_sample"]
