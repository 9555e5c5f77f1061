"""A column that scrolls up and down only: the pages' tall parts in a small window."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def column_scroll_area(widget: QWidget, name: str = "") -> QScrollArea:
    """`widget` in a frameless scroll area that fits it to its width and scrolls only
    vertically (a horizontal bar would hide its last line); `name` is its object name."""
    area = QScrollArea()
    if name:
        area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


__all__ = ["column_scroll_area"]
