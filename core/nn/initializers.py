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
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Initializer:
    name: str
    #: shown to the user (English; the designer translates it in context "names")
    title: str
    std: Callable[[int, int], float]
    #: the activation family it is made for ("" for none); the checks suggest it for that family
    suits: str = ""
    #: export (core.export): `std` as a Python expression of `fan_in` and `fan_out` (and `math`)
    formula: str = ""


#: the spec's init names -> how to draw a layer's starting weights
INITIALIZERS: dict[str, Initializer] = {
    i.name: i
    for i in (
        Initializer("he", "He", he_std, "rectifier", "math.sqrt(2.0 / fan_in)"),
        Initializer("xavier", "Xavier", xavier_std, "saturating", "math.sqrt(2.0 / (fan_in + fan_out))"),
        Initializer("normal", "Normal (small random)", normal_std, formula=repr(NORMAL_STD)),
    )
}


def suited_to(family: str) -> str:
    """The initializer made for an activation family ("rectifier" -> "he"), or "he"."""
    return next((i.name for i in INITIALIZERS.values() if i.suits == family), "he")


def initial_weights(
    name: str, fan_in: int, fan_out: int, rng: np.random.Generator, dtype=np.float32
) -> tuple[np.ndarray, np.ndarray]:
    """(W, b) for a layer of `fan_out` units over `fan_in` inputs: W is (fan_in, fan_out)."""
    return initial_array(name, (fan_in, fan_out), fan_in, fan_out, rng, dtype), np.zeros(fan_out, dtype=dtype)


def initial_array(
    name: str, shape: tuple[int, ...], fan_in: int, fan_out: int, rng: np.random.Generator, dtype=np.float32
) -> np.ndarray:
    """Weights of any `shape` (a dense W, a conv kernel) with the spread `name` gives for
    `fan_in` inputs and `fan_out` outputs per unit."""
    try:
        std = INITIALIZERS[name].std(fan_in, fan_out)
    except KeyError:
        raise ValueError(f"unknown initializer {name!r} (known: {', '.join(INITIALIZERS)})") from None
    return (rng.standard_normal(shape) * std).astype(dtype)
