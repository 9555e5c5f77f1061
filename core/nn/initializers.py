"""Initial weights: small random numbers whose spread suits the activation.

Too large and the signal explodes layer after layer; too small and it fades away
(and with it the gradient). Each scheme picks the standard deviation of a normal
distribution from the layer's size. Biases start at zero. Numbers are always drawn
in float64 from the injected Generator and then cast, so a float32 and a float64
model built from the same seed start from the same weights.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

#: standard deviation of the plain "normal" scheme (as in many textbooks)
NORMAL_STD = 0.01


def he_std(fan_in: int, fan_out: int) -> float:
    """He et al. (2015): sqrt(2 / fan_in), made for ReLU, which silences half its inputs."""
    return math.sqrt(2.0 / fan_in)


def xavier_std(fan_in: int, fan_out: int) -> float:
    """Glorot & Bengio (2010): sqrt(2 / (fan_in + fan_out)), for sigmoid and tanh."""
    return math.sqrt(2.0 / (fan_in + fan_out))


def normal_std(fan_in: int, fan_out: int) -> float:
    """A fixed 0.01 whatever the layer's size: fine for small nets, fading in deep ones."""
    return NORMAL_STD


#: the spec's init names (core.design.spec.INITS) -> the standard deviation for a layer
INITIALIZERS: dict[str, Callable[[int, int], float]] = {
    "he": he_std,
    "xavier": xavier_std,
    "normal": normal_std,
}


def initial_weights(
    name: str, fan_in: int, fan_out: int, rng: np.random.Generator, dtype=np.float32
) -> tuple[np.ndarray, np.ndarray]:
    """(W, b) for a layer of `fan_out` units over `fan_in` inputs: W is (fan_in, fan_out)."""
    try:
        std = INITIALIZERS[name](fan_in, fan_out)
    except KeyError:
        raise ValueError(f"unknown initializer {name!r} (known: {', '.join(INITIALIZERS)})") from None
    W = (rng.standard_normal((fan_in, fan_out)) * std).astype(dtype)
    b = np.zeros(fan_out, dtype=dtype)
    return W, b
