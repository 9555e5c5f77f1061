"""A whole-number field that says so when a typed number is out of range.

A plain QSpinBox changes bad input without a word: it refuses the "-" of "-3" (so it
becomes 3), stops taking digits at its maximum (1000000000 stays 100000), and on Enter
quietly puts back the last value for a number below its minimum (0 shows, then 64 again).
Here any whole number can be typed; Enter (or leaving the field) sets the nearest allowed
value, and `rangeNote` says what happened: "0 is less than the smallest allowed, 1: set
to 1." It sends "" again as soon as the value is edited.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSpinBox, QWidget

_WHOLE = re.compile(r"[+-]?\d*")


class BoundedSpinBox(QSpinBox):
    """See the module doc. `note()` is the latest range note ("" when there is none)."""

    #: what happened to an out-of-range number ("" once the value is edited again)
    rangeNote = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._note = ""
        self.lineEdit().textEdited.connect(self.clear_note)

    def note(self) -> str:
        return self._note

    def _typed(self, text: str) -> str:
        """The number part of the text: without prefix, suffix, spaces and digit group separators."""
        t = text
        if self.prefix() and t.startswith(self.prefix()):
            t = t[len(self.prefix()):]
        if self.suffix() and t.endswith(self.suffix()):
            t = t[: -len(self.suffix())]
        group = self.locale().groupSeparator() or QLocale().groupSeparator()
        return t.replace(group, "").replace(",", "").strip()

    def validate(self, text: str, pos: int):  # noqa: D102 (Qt name)
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid and _WHOLE.fullmatch(self._typed(text)):
            return (QValidator.State.Intermediate, text, pos)  # let it be typed; Enter says what is allowed
        return (state, text, pos)

    def fixup(self, text: str) -> str:  # noqa: D102 (Qt name)
        typed = self._typed(text)
        try:
            number = int(typed)
        except ValueError:
            return super().fixup(text)
        if number > self.maximum():
            value = self.maximum()
            self._set_note(self.tr("{typed} is more than the largest allowed, {most}: set to {most}.").format(
                typed=_grouped(number), most=_grouped(value)))
        elif number < self.minimum():
            value = self.minimum()
            self._set_note(self.tr("{typed} is less than the smallest allowed, {least}: set to {least}.").format(
                typed=_grouped(number), least=_grouped(value)))
        else:
            return super().fixup(text)
        return self.prefix() + self.textFromValue(value) + self.suffix()

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt name)
        self.clear_note()
        super().stepBy(steps)

    def _set_note(self, text: str) -> None:
        if text != self._note:
            self._note = text
            self.rangeNote.emit(text)

    def clear_note(self, *args) -> None:
        """Forget the note (another layer is shown, say)."""
        self._set_note("")


def _grouped(n: int) -> str:
    from designer.text.names import format_count

    return format_count(n)


__all__ = ["BoundedSpinBox"]
