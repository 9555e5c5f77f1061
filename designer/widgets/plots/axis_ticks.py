"""Where an axis puts its numbers, and how it writes them (the Train page's `LivePlot`).

Round values (1, 2 or 5 times a power of ten) at least `spacing` pixels apart, written as
the numbers they are: no scale factor beside the title, which would make the ticks read
as something else ("loss (x1e+18)"). A log axis takes its positions in log10 units and
still writes the losses themselves: 0.01, 0.1, 1, 10, and 10²⁰ where plain digits would
not fit.
"""
from __future__ import annotations

import math

from designer.widgets.plots.series import nice_step

#: the fewest pixels between two numbers on an axis
SPACING = 40
#: powers of ten written out in digits (beyond them: 10 with a superscript)
PLAIN_POWERS = range(-4, 5)
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def linear_ticks(low: float, high: float, pixels: float, spacing: float = SPACING) -> list[tuple[float, str]]:
    """(value, label) for round values from `low` to `high`, on an axis `pixels` long."""
    if not (high > low) or not math.isfinite(high - low) or pixels <= 0:
        return []
    step = nice_step((high - low) / max(1, int(pixels // spacing)))
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [(k * step, _linear_label(k * step, step)) for k in range(first, last + 1)]


def _linear_label(value: float, step: float) -> str:
    power = math.floor(math.log10(step) + 1e-9)
    if -6 <= power <= 4:  # digits, with as many decimals as the step has
        return f"{value:.{max(0, -power)}f}"
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)) + 1e-9)
    mantissa = value / 10.0**exponent
    digits = max(0, exponent - power)
    return f"{mantissa:.{digits}f}×10{str(exponent).translate(_SUPERSCRIPTS)}"


def power_label(value: float) -> str:
    """A positive number on a log axis: digits for 0.0001 to 50000, else m×10ⁿ (10ⁿ for m = 1)."""
    exponent = math.floor(math.log10(value) + 1e-9)
    mantissa = round(value / 10.0**exponent, 6)
    if exponent in PLAIN_POWERS:
        return f"{value:.{max(0, -exponent)}f}"
    power = "10" + str(exponent).translate(_SUPERSCRIPTS)
    return power if mantissa == 1 else f"{mantissa:g}×{power}"


def log_ticks(low: float, high: float, pixels: float, spacing: float = SPACING) -> list[tuple[float, str]]:
    """(position, label) on an axis of log10 units from `low` to `high`: every power of ten
    that fits (every second, fifth, ... when they crowd), and 2 and 5 times them when fewer
    than two powers would show."""
    if not (high > low) or not math.isfinite(high - low) or pixels <= 0:
        return []
    per_decade = pixels / (high - low)
    multiples = (1,) if (high - low) >= 2 else (1, 2, 5)
    every = max(1, math.ceil(spacing / per_decade))
    ticks = []
    for exponent in range(math.floor(low), math.ceil(high) + 1):
        for m in multiples:
            position = exponent + math.log10(m)
            if low - 1e-9 <= position <= high + 1e-9 and (m != 1 or exponent % every == 0):
                ticks.append((position, power_label(m * 10.0**exponent)))
    if len(multiples) > 1:  # 2 and 5 between the powers: keep them only where they do not crowd
        kept: list[tuple[float, str]] = []
        for position, label in ticks:
            if not kept or (position - kept[-1][0]) * per_decade >= spacing:
                kept.append((position, label))
        ticks = kept
    return ticks


__all__ = ["SPACING", "linear_ticks", "log_ticks", "power_label"]
