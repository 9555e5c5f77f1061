"""The two losses worked out for one prediction, with their formulas.

For a prediction y (one value per class) and the right class k (target t one-hot):

    cross-entropy   L = −Σ tᵢ log yᵢ = −log y_k            0.7 for the right class costs −log 0.7 = 0.357
    squared error   L = ½ Σ (yᵢ − tᵢ)²

The values agree with `core.nn.losses` (the same functions training uses); the text is
symbols and numbers only, so a GUI can put translated words around it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.explain.inspect import number
from core.nn.losses import PROBABILITY_FLOOR, cross_entropy, mean_squared_error

#: k is the right class: only its output counts
CROSS_ENTROPY_FORMULA = "L = −Σᵢ tᵢ log yᵢ = −log yₖ"
SQUARED_ERROR_FORMULA = "L = ½ Σᵢ (yᵢ − tᵢ)²"
#: squared-error terms written out one by one up to this many classes
WORKED_TERMS = 4


@dataclass(frozen=True)
class LossExplanation:
    kind: str  # "cross_entropy" or "mse"
    value: float
    formula: str
    #: the formula with the numbers put in, ending in "= value"
    worked: str
    #: each class's share of the loss (they add up to `value`)
    terms: np.ndarray


def _check(y, label: int) -> tuple[np.ndarray, int]:
    y = np.asarray(y, dtype=np.float64).ravel()
    label = int(label)
    if y.size == 0:
        raise ValueError("the prediction has no classes")
    if not 0 <= label < y.size:
        raise ValueError(f"the right class must be between 0 and {y.size - 1}, got {label}")
    return y, label


def explain_cross_entropy(y, label: int) -> LossExplanation:
    y, label = _check(y, label)
    value = cross_entropy(y, np.array([label]))
    terms = np.zeros_like(y)
    terms[label] = value
    p = float(y[label])
    floor = " (clipped to 1e−12: log 0 is −∞)" if p < PROBABILITY_FLOOR else ""
    worked = f"L = −log {probability(p)}{floor} = {number(value, 3)}"
    return LossExplanation("cross_entropy", value, CROSS_ENTROPY_FORMULA, worked, terms)


def explain_squared_error(y, label: int) -> LossExplanation:
    y, label = _check(y, label)
    t = np.zeros_like(y)
    t[label] = 1.0
    value = mean_squared_error(y.reshape(1, -1), np.array([label]))
    terms = 0.5 * (y - t) ** 2
    if y.size <= WORKED_TERMS:
        inner = " + ".join(f"({probability(y[i])} − {number(t[i])})²" for i in range(y.size))
        worked = f"L = ½ × ({inner}) = {number(value)}"
    else:
        others = float(np.sum(np.delete(y, label) ** 2))
        worked = (f"L = ½ × ((yₖ − 1)² + Σ_(i≠k) yᵢ²) = ½ × (({probability(y[label])} − 1)² + {number(others)}) "
                  f"= {number(value)}")
    return LossExplanation("mse", value, SQUARED_ERROR_FORMULA, worked, terms)


def probability(p: float) -> str:
    """A probability with enough digits to tell it from 1: 0.7, 0.9999993."""
    p = float(p)
    if 0.999 < p < 1.0:
        digits = min(12, int(np.ceil(-np.log10(1.0 - p))) + 1)
        return f"{p:.{digits}f}".rstrip("0")
    return number(p)


def spread_prediction(p_right: float, label: int, classes: int) -> np.ndarray:
    """A prediction giving `p_right` to the right class and sharing the rest equally."""
    if classes < 2:
        raise ValueError("a prediction needs at least 2 classes")
    p_right = float(np.clip(p_right, 0.0, 1.0))
    y = np.full(classes, (1.0 - p_right) / (classes - 1))
    y[int(label)] = p_right
    return y


__all__ = [
    "LossExplanation", "explain_cross_entropy", "explain_squared_error", "spread_prediction", "probability",
    "CROSS_ENTROPY_FORMULA", "SQUARED_ERROR_FORMULA",
]
