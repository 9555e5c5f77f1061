"""The list of what is wrong with the design (errors) and what may train badly (warnings).

One row per core.design.checks finding: its mark, where it is, the message in plain words
and, when the fix is obvious, a button that applies it (`fixRequested`; the page
pushes it as an undoable edit). Clicking a row's place selects that block.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.text.messages import finding_card, finding_text, fix_text, where_text
from designer.widgets.column_scroll import column_scroll_area
from designer.widgets.icons import severity_icon


class FindingRow(QFrame):
    """One finding: mark, place, message, Fix button."""

    def __init__(self, finding, parent: QWidget | None = None):
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingRow")
        self.setProperty("severity", finding.severity)
        self.mark = QLabel()
        self.mark.setPixmap(severity_icon(finding.severity).pixmap(QSize(18, 18)))
        self.mark.setFixedSize(20, 20)
        self.mark.setToolTip(self.tr("Error: the network cannot be trained like this") if finding.severity == "error"
                             else self.tr("Warning: the network can be trained, but probably badly"))
        self.place = QToolButton()
        self.place.setObjectName("findingPlace")
        self.place.setText(where_text(finding))
        self.place.setAutoRaise(True)
        self.place.setToolTip(self.tr("Show this place in the network"))
        self.place.setEnabled(finding_card(finding) is not None)
        self.text = QLabel(finding_text(finding))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fix_button: QPushButton | None = None

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(6)
        head.addWidget(self.mark)
        head.addWidget(self.place)
        head.addStretch(1)
        body = QVBoxLayout(self)
        body.setContentsMargins(10, 8, 10, 10)
        body.setSpacing(4)
        body.addLayout(head)
        body.addWidget(self.text)
        if finding.fix is not None:
            self.fix_button = QPushButton(fix_text(finding.fix))
            self.fix_button.setObjectName("fixButton")
            self.fix_button.setToolTip(self.tr("Make this change (it can be undone)"))
            self.fix_button.setCursor(Qt.CursorShape.PointingHandCursor)
            row = QHBoxLayout()
            row.setContentsMargins(0, 2, 0, 0)
            row.addStretch(1)
            row.addWidget(self.fix_button)
            body.addLayout(row)


class FindingsPanel(QWidget):
    """All findings of the document's design, errors first, each with its one-click fix."""

    #: apply this core.design.checks.Fix
    fixRequested = Signal(object)
    #: show the block this finding is about: a layer index or INPUT_CARD
    blockRequested = Signal(int)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.rows: list[FindingRow] = []

        self.summary = QLabel()
        self.summary.setObjectName("findingsSummary")
        self.summary.setWordWrap(True)
        self.summary_mark = QLabel()
        self.summary_mark.setFixedSize(20, 20)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary_mark)
        top.addWidget(self.summary, 1)

        self._list = QWidget()
        self._list.setObjectName("findingsList")
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 4, 0)
        self._list_layout.setSpacing(8)
        self._list_layout.addStretch(1)
        self.scroll = column_scroll_area(self._list)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)

        document.designChanged.connect(self.refresh)
        document.readOnlyChanged.connect(self._on_read_only)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        findings = self.document.findings()
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for f in findings:
            row = FindingRow(f)
            if row.fix_button is not None:
                row.fix_button.clicked.connect(lambda _=False, fix=f.fix: self.fixRequested.emit(fix))
            card = finding_card(f)
            if card is not None:
                row.place.clicked.connect(lambda _=False, card=card: self.blockRequested.emit(card))
            self._list_layout.insertWidget(self._list_layout.count() - 1, row)
            self.rows.append(row)
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = len(findings) - errors
        if errors:
            text = (self.tr("1 error: the network cannot be trained until it is fixed.") if errors == 1 else
                    self.tr("{count} errors: the network cannot be trained until they are fixed.").format(count=errors))
            if warnings:
                text += " " + (self.tr("1 warning.") if warnings == 1 else self.tr("{count} warnings.").format(count=warnings))
            mark = "error"
        elif warnings:
            text = (self.tr("Ready to train, but 1 warning suggests it may train badly.") if warnings == 1 else
                    self.tr("Ready to train, but {count} warnings suggest it may train badly.").format(count=warnings))
            mark = "warning"
        else:
            text = self.tr("No problems found: ready to train.")
            mark = "ok"
        self.summary.setText(text)
        self.summary_mark.setPixmap(severity_icon(mark).pixmap(QSize(18, 18)))
        self._on_read_only(self.document.read_only)

    @Slot(bool)
    def _on_read_only(self, read_only: bool) -> None:
        for row in self.rows:
            if row.fix_button is not None:
                row.fix_button.setEnabled(not read_only)


__all__ = ["FindingsPanel", "FindingRow"]
