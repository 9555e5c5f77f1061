"""Numbers written for learners: 0.5987, −0.3, 1.2e−5, subscripts for neuron numbers."""
from __future__ import annotations

import math

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(i: int) -> str:
    """1 -> '₁': the 1-based neuron numbers of textbook formulas."""
    return str(i).translate(_SUBSCRIPT)


def number(v: float, digits: int = 4) -> str:
    """A value as a learner reads it: 0.5987, −0.3, 1.2e−05 (a real minus sign)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e5:
        text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.{max(1, digits - 1)}e}"
        mantissa, exp = text.split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exp)}"
    return text.replace("-", "−")


def paren(v: float) -> str:
    """Negative numbers in brackets inside a product: 1 × (−0.2)."""
    text = number(v)
    return f"({text})" if text.startswith("−") else text


__all__ = ["sub", "number", "paren"]
