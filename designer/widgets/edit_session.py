"""Which edit of a field a change belongs to, so that undo merges only what is one edit.

Spin-box steps should undo in one step, and so should the keys of one typed number or name;
but typing 100000, pressing Enter, then typing 3 is two edits and two undo steps. An
`EditSession` follows one field: every change between two of its `editingFinished`
(Enter, Tab, a click elsewhere) carries the same `key`, and `PropertyChangedCmd` merges
only changes of the same path with the same key.

    session = EditSession(spin_box)
    document.set_value("layers[0].units", value, merge_key=session.key)
"""
from __future__ import annotations

import itertools

from PySide6.QtCore import QObject, Slot

_numbers = itertools.count(1)


class EditSession(QObject):
    """The merge key of a field's current edit; a new one after each `editingFinished`."""

    def __init__(self, field: QObject):
        super().__init__(field)
        self._key = next(_numbers)
        field.editingFinished.connect(self.finish)

    @property
    def key(self) -> int:
        return self._key

    @Slot()
    def finish(self) -> None:
        """The edit is over: the next change starts an undo step of its own."""
        self._key = next(_numbers)


__all__ = ["EditSession"]
