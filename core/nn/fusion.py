"""Adjacent layers that one layer computes faster, with the same numbers.

The design's blocks keep the textbook's layers one by one (the inspector and the
Explore panels step through them); the model's training, evaluation and prediction run
the list `fuse` returns, in which each pair of `FUSIONS` is one layer. A fused layer
gives the pair's outputs and gradients: the tests run both and compare.
"""
from __future__ import annotations

from collections.abc import Callable

from core.nn.layers import Affine, AffineReLU, Layer, ReLU
from core.nn.pooling import MaxPooling, ReLUMaxPooling

#: (first layer's class, second's) -> the one layer doing both. Exact classes: a
#: subclass (a Leaky ReLU's cousin, a fused layer) is other maths
FUSIONS: dict[tuple[type[Layer], type[Layer]], Callable[[Layer, Layer], Layer]] = {
    (ReLU, MaxPooling): lambda relu, pool: ReLUMaxPooling(pool.pool, pool.stride),
    (Affine, ReLU): lambda affine, relu: AffineReLU(affine),
}


def fuse(layers: list[Layer]) -> list[Layer]:
    """`layers` with every adjacent pair of `FUSIONS` replaced by its fused layer (the
    other layers are shared, not copied)."""
    out: list[Layer] = []
    for layer in layers:
        make = FUSIONS.get((type(out[-1]), type(layer))) if out else None
        if make is not None:
            out[-1] = make(out[-1], layer)
        else:
            out.append(layer)
    return out


__all__ = ["FUSIONS", "fuse"]
