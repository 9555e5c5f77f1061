"""One row of a table, typed in: the Test page's input for models of a CSV table.

A field per feature column of the model (core.data.tables.TableEncoding): a number column
gets a line to type a number in (it starts at the training rows' mean), a text column a
drop-down of the categories the model knows. `changed` fires at every keystroke; `values()`
gives the row as text, as a CSV file would hold it, and `problem()` says what stops it
from being a row the model can read.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from core.data.normalisation import values as normalisation_values


class TableForm(QWidget):
    """A form with one field per feature column of a table model (see the module doc)."""

    #: a field changed: the row is worth classifying again
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.encoding = None
        self.fields: dict[str, QWidget] = {}
        self._form = QFormLayout(self)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b00020;")

    def set_encoding(self, encoding, normalisation=None) -> None:
        """Fields for `encoding`'s columns; number fields start at the training rows' mean (from
        the model's standardisation, when it has one)."""
        while self._form.rowCount():
            self._form.removeRow(0)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b00020;")
        self.encoding = encoding
        self.fields = {}
        if encoding is None:
            return
        means = self._means(encoding, normalisation)
        at = 0
        for column in encoding.columns:
            if column.kind == "number":
                edit = QLineEdit(_plain(means[at]))
                edit.setToolTip(self.tr("A number, as the column {column} holds them").format(column=column.name))
                edit.textChanged.connect(self._on_changed)
                field = edit
            else:
                combo = QComboBox()
                combo.addItems(list(column.categories))
                combo.setToolTip(self.tr("One of the values the model saw in {column}").format(column=column.name))
                combo.currentIndexChanged.connect(self._on_changed)
                field = combo
            field.setAccessibleName(column.name)
            self.fields[column.name] = field
            self._form.addRow(column.name, field)
            at += column.width
        self._form.addRow(self.note)
        self.note.hide()

    @staticmethod
    def _means(encoding, normalisation) -> np.ndarray:
        if normalisation is None:
            return np.zeros(encoding.width)
        scale, offset = normalisation_values(normalisation, encoding.width)
        with np.errstate(divide="ignore", invalid="ignore"):
            means = np.where(scale != 0, -offset / np.where(scale != 0, scale, 1.0), 0.0)
        return means

    def values(self) -> list[str]:
        """The row as text, one value per feature column, in the model's order."""
        out = []
        for column in self.encoding.columns if self.encoding is not None else ():
            field = self.fields[column.name]
            out.append(field.text() if isinstance(field, QLineEdit) else field.currentText())
        return out

    def set_value(self, column: str, value) -> None:
        """Type `value` into a column's field (or pick it from its list)."""
        field = self.fields[column]
        if isinstance(field, QLineEdit):
            field.setText(str(value))
        else:
            field.setCurrentIndex(max(0, field.findText(str(value))))

    def problem(self) -> str:
        """What is wrong with the row as typed ("" when the model can read it)."""
        from core.data.tables import is_gap, parse_number

        for column in self.encoding.columns if self.encoding is not None else ():
            field = self.fields[column.name]
            if isinstance(field, QLineEdit):
                text = field.text().strip()
                if is_gap(text):
                    return self.tr("Type a number for {column}.").format(column=column.name)
                if parse_number(text) is None:
                    return self.tr("{column}: “{text}” is not a number.").format(column=column.name, text=text)
        return ""

    @Slot()
    def _on_changed(self, *args) -> None:
        problem = self.problem()
        self.note.setText(problem)
        self.note.setVisible(bool(problem))
        self.changed.emit()


def _plain(x: float) -> str:
    """A mean as a person would type it: 43.9, 4207, 0.5."""
    if not np.isfinite(x):
        return "0"
    text = f"{x:.4g}" if abs(x) < 1e4 else f"{x:.0f}"
    return text


__all__ = ["TableForm"]
