"""The app's colours for data: one blue and one orange for "training" and "validation"
(the curves, the probability bars, the confusion matrix, the Explore page's plots), and
the greys and tints beside them. No pyqtgraph here: the Test page imports it at start-up."""
from __future__ import annotations

from PySide6.QtGui import QColor

BLUE = QColor(31, 119, 180)
ORANGE = QColor(230, 110, 20)
GREY = QColor(150, 150, 150)
LIGHT_BLUE = QColor(190, 213, 233)
FADED = QColor(178, 178, 178)
FADED_FILL = QColor(215, 215, 215)
#: the plots' numbers and titles
TEXT = QColor(60, 60, 60)

__all__ = ["BLUE", "FADED", "FADED_FILL", "GREY", "LIGHT_BLUE", "ORANGE", "TEXT"]
