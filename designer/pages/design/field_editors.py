"""Editors for the layer-field kinds that are more than one number (core.layer_types.base.Field):
a size (3, or [height, width]), a padding (a number, or "same"), and a number that may be
left out (a pooling stride, "same as the pool").

Each shows a spec value with `setValue(value)` and reports the user's edits with
`edited(value)`, the value as the design file stores it; the property panel turns that
into an undo command.
"""
from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from core.layer_types.base import SAME, Field
from designer.text import names


def _spin(f: Field) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(max(int(f.lo), 0), int(f.editor_max if f.editor_max is not None else f.hi))
    spin.setSingleStep(int(f.step))
    spin.setAccelerated(True)
    return spin


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for w in widgets:
        row.addWidget(w)
    row.addStretch(1)
    return row


class SizeEditor(QWidget):
    """One spin box for a square (3 × 3); "rectangular" adds a second one for the width."""

    edited = Signal(object)

    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.height_spin = _spin(f)
        self.width_spin = _spin(f)
        self.times = QLabel("×")
        self.rectangular = QCheckBox(self.tr("rectangular"))
        self.rectangular.setToolTip(self.tr("Give the height and the width separately"))
        label = names.tr(f.label) if f.label else f.name
        self.height_spin.setAccessibleName(self.tr("{field}: height").format(field=label))
        self.width_spin.setAccessibleName(self.tr("{field}: width").format(field=label))
        self.setLayout(_row(self.height_spin, self.times, self.width_spin, self.rectangular))
        self.setFocusProxy(self.height_spin)
        self._show_width(False)
        self.height_spin.valueChanged.connect(self._report)
        self.width_spin.valueChanged.connect(self._report)
        self.rectangular.toggled.connect(self._on_rectangular)

    def value(self) -> int | list[int]:
        h = self.height_spin.value()
        return [h, self.width_spin.value()] if self.rectangular.isChecked() else h

    def setValue(self, value) -> None:
        rectangular = isinstance(value, (list, tuple))
        h, w = (value[0], value[1]) if rectangular else (value, value)
        for widget in (self.height_spin, self.width_spin, self.rectangular):
            widget.blockSignals(True)
        self.height_spin.setValue(h)
        self.width_spin.setValue(w)
        self.rectangular.setChecked(rectangular)
        for widget in (self.height_spin, self.width_spin, self.rectangular):
            widget.blockSignals(False)
        self._show_width(rectangular)

    def _show_width(self, shown: bool) -> None:
        self.times.setVisible(shown)
        self.width_spin.setVisible(shown)

    @Slot(bool)
    def _on_rectangular(self, checked: bool) -> None:
        if not checked:
            self.width_spin.blockSignals(True)
            self.width_spin.setValue(self.height_spin.value())
            self.width_spin.blockSignals(False)
        self._show_width(checked)
        self._report()

    @Slot()
    def _report(self) -> None:
        self.edited.emit(self.value())


class PaddingEditor(QWidget):
    """A spin box for rows of zeros, and "same" to keep the height and width instead."""

    edited = Signal(object)

    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.spin = _spin(f)
        self.spin.setAccessibleName(names.tr(f.label) if f.label else f.name)
        self.same = QCheckBox(names.tr(SAME))
        self.same.setToolTip(self.tr("As many zeros as keep the output as high and wide as the input (stride 1, odd kernels)"))
        self.setLayout(_row(self.spin, self.same))
        self.setFocusProxy(self.spin)
        self.spin.valueChanged.connect(self._report)
        self.same.toggled.connect(self._on_same)

    def value(self) -> int | str:
        return SAME if self.same.isChecked() else self.spin.value()

    def setValue(self, value) -> None:
        for widget in (self.spin, self.same):
            widget.blockSignals(True)
        self.same.setChecked(value == SAME)
        if value != SAME:
            self.spin.setValue(int(value))
        for widget in (self.spin, self.same):
            widget.blockSignals(False)
        self.spin.setEnabled(value != SAME)

    @Slot(bool)
    def _on_same(self, checked: bool) -> None:
        self.spin.setEnabled(not checked)
        self._report()

    @Slot()
    def _report(self) -> None:
        self.edited.emit(self.value())


class OptionalIntEditor(QSpinBox):
    """A spin box whose lowest step means "left out" (None), shown as the field's none_label."""

    edited = Signal(object)

    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(int(f.lo) - 1, int(f.editor_max if f.editor_max is not None else f.hi))
        self.setSpecialValueText(names.tr(f.none_label) if f.none_label else "—")
        self.setAccelerated(True)
        self.valueChanged.connect(lambda _: self.edited.emit(self.spec_value()))

    def spec_value(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def setValue(self, value) -> None:  # noqa: N802 (Qt's name)
        super().setValue(self.minimum() if value is None else int(value))


def editor_for(f: Field) -> QWidget | None:
    """The editor of a field kind this module knows, or None (numbers and choices: the form's own)."""
    if f.kind == "size":
        return SizeEditor(f)
    if f.kind == "padding":
        return PaddingEditor(f)
    if f.kind == "int" and f.default is None:
        return OptionalIntEditor(f)
    return None


__all__ = ["SizeEditor", "PaddingEditor", "OptionalIntEditor", "editor_for"]
