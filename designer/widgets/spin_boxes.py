"""Spin boxes for numbers people type in their own way: learning rates, batch sizes, percentages.

The arrows step along the values people choose (0.001, 0.002, 0.005, ...; 16, 32, 64, ...),
while any value in range can be typed. The Train page, the optimizer race and the toy
playground share them.
"""
from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from core.design.checks import plain_number
from designer.widgets.bounded_spin_box import BoundedSpinBox

#: learning-rate spin box steps: 1, 2, 5 in every decade
_LADDER = sorted({m * 10.0**e for e in range(-6, 2) for m in (1, 2, 5)})


class LearningRateSpinBox(QDoubleSpinBox):
    """A learning rate: typed freely, stepped along 0.001, 0.002, 0.005, 0.01, ..."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(8)
        self.setRange(1e-6, 10.0)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt name)
        return plain_number(value)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text.replace(",", ".").strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        t = text.replace(",", ".").strip()
        if not all(c in "0123456789.eE-+" for c in t):
            return (QValidator.State.Invalid, text, pos)
        try:
            v = float(t)
        except ValueError:
            return (QValidator.State.Intermediate, text, pos)
        ok = self.minimum() <= v <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate, text, pos)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        v = self.value()
        for _ in range(abs(steps)):
            if steps > 0:
                v = next((r for r in _LADDER if r > v * (1 + 1e-9)), self.maximum())
            else:
                v = next((r for r in reversed(_LADDER) if r < v * (1 - 1e-9)), self.minimum())
        self.setValue(min(max(v, self.minimum()), self.maximum()))


class PowerOfTwoSpinBox(BoundedSpinBox):
    """A batch size: any number can be typed; the arrows go 16, 32, 64, 128, ..."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setKeyboardTracking(False)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        self.clear_note()
        v = self.value()
        for _ in range(abs(steps)):
            if steps > 0:
                p = 1
                while p <= v:
                    p *= 2
                v = p
            else:
                p = 1
                while p * 2 < v:
                    p *= 2
                v = p if v > 1 else 1
        self.setValue(min(max(v, self.minimum()), self.maximum()))


class PercentSpinBox(QDoubleSpinBox):
    """A fraction shown as a percentage: 0.1 <-> "10 %"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(1)
        self.setSingleStep(5.0)
        self.setSuffix(" %")
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return f"{value:g}"


__all__ = ["LearningRateSpinBox", "PowerOfTwoSpinBox", "PercentSpinBox"]
