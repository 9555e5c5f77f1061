"""Preferences: the interface language (Edit → Preferences…, Ctrl+,).

The choice is stored with `designer.text.i18n.set_chosen_language` and used from the next
start: every widget sets its words when it is built, and rebuilding a window that
may be training is not worth the risk, so the dialog says so instead.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from designer.text import i18n


class PreferencesDialog(QDialog):
    #: the user chose "Restart now": the choice is stored, the window should restart
    restartRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.setObjectName("PreferencesDialog")
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(self.tr("Language"))
        system = i18n.LANGUAGES[i18n.system_language()]
        self.language_combo.addItem(self.tr("System default ({language})").format(language=system), "")
        for code, name in i18n.available_languages().items():
            self.language_combo.addItem(name, code)
        chosen = i18n.chosen_language()
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(chosen if chosen in i18n.LANGUAGES else "")))
        self.restart_note = QLabel(self.tr("The new language is used the next time LayerLab starts."))
        self.restart_note.setWordWrap(True)
        self.restart_note.setObjectName("note")
        self.restart_note.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.restart_button = buttons.addButton(self.tr("&Restart now"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restart_button.setToolTip(self.tr("Keep the choice and start LayerLab again in the new language (unsaved work is asked about first)"))
        self.restart_button.clicked.connect(self._restart)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.restart_note)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.language_combo.currentIndexChanged.connect(self._update_note)
        self._update_note()

    def language(self) -> str:
        """The language picked: a code, or "" to follow the system."""
        return self.language_combo.currentData() or ""

    def _update_note(self) -> None:
        """Say that a restart is needed only when the pick differs from what is shown now."""
        needed = i18n.resolve_language(self.language()) != i18n.current_language()
        self.restart_note.setVisible(needed)
        self.restart_button.setVisible(needed)

    def _restart(self) -> None:
        self.accept()
        self.restartRequested.emit()

    def accept(self) -> None:
        i18n.set_chosen_language(self.language())
        super().accept()


__all__ = ["PreferencesDialog"]
