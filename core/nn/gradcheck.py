"""Numerical gradients by central differences, to check the backward passes.

Backpropagation is fast but easy to get subtly wrong; nudging one number at a time
and watching the loss is slow but hard to get wrong. If the two agree (relative
error around 1e-7 or less in float64), the backward pass is right.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: the nudge h of every central difference LayerLab computes (the tests, the CLI's gradcheck,
#: the Explore page's panel): small enough for a good derivative and to cross few ReLU kinks
#: in a network with tens of thousands of units (a CNN: 1e-5 crosses ten times more),
#: large enough that float64 rounding stays far below the tolerance (about 1e-8)
EPS = 1e-6
#: a relative error below this means the gradients agree (float64, central differences)
TOLERANCE = 1e-6


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """d f / d x by central differences, (f(x + eps) - f(x - eps)) / (2 eps) for each entry.

    `x` is changed in place, one entry at a time, and restored; `f` is called with it
    (and may ignore its argument if it reads the same array elsewhere, e.g. a weight).
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        grad[index] = _derivative(f, x, index, eps)
    return grad


def _derivative(f: Callable[[np.ndarray], float], x: np.ndarray, index: tuple[int, ...], eps: float) -> float:
    original = x[index]
    try:
        x[index] = original + eps
        plus = f(x)
        x[index] = original - eps
        minus = f(x)
    finally:
        x[index] = original
    return (plus - minus) / (2 * eps)


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """|a - n| / (|a| + |n|) over the whole array (0 when both are zero)."""
    a = np.asarray(analytic, dtype=np.float64).ravel()
    n = np.asarray(numeric, dtype=np.float64).ravel()
    scale = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - n) / scale)


def check_model_gradients(
    model,
    x: np.ndarray,
    labels: np.ndarray,
    *,
    samples: int | None = None,
    rng: np.random.Generator | None = None,
    eps: float = EPS,
) -> dict[str, float]:
    """Relative error between backprop and numerical gradients, per weight array.

    Works on a float64 copy of a float32 model (float32 is too coarse for finite
    differences) and with dropout off. For big networks, `samples` checks that many
    randomly chosen entries per array (chosen by `rng`) instead of every entry.
    """
    model = model if model.dtype == np.float64 else model.with_dtype(np.float64)
    x = np.asarray(x, dtype=np.float64)
    rng = np.random.default_rng(0) if rng is None else rng
    model.loss_and_gradients(x, labels)
    analytic = {name: g.copy() for name, g in model.gradients.items()}

    def loss(_: np.ndarray) -> float:
        return model.evaluate(x, labels, batch_size=max(len(x), 1))[0]

    errors = {}
    for name, w in model.parameters.items():
        if samples is None or samples >= w.size:
            chosen = np.arange(w.size)
        else:
            chosen = rng.choice(w.size, size=samples, replace=False)
        indices = [np.unravel_index(i, w.shape) for i in chosen]
        numeric = [_derivative(loss, w, index, eps) for index in indices]
        errors[name] = relative_error([analytic[name][index] for index in indices], numeric)
    return errors
