"""A learning-rate schedule at a glance: each epoch's rate as a step, from 0 up.

Shown under the Train page's Schedule field (designer/pages/train/hyperparameter_form.py)
while the schedule changes the rate, so that a learner sees step decay drop in stairs,
exponential decay slope evenly and cosine decay glide down, before training. The rates
come from core.train.schedules, which the training itself uses.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from designer.widgets.plots.colours import BLUE, GREY, LIGHT_BLUE

#: the height it asks for, px (two lines of the words beside it)
HEIGHT = 30
#: room left at the edges, px
INSET = 3


class RateSparkline(QWidget):
    """Each epoch's learning rate as a horizontal step, the epochs side by side, from 0 at
    the bottom to the highest rate at the top: the pictures of the textbooks (a log scale
    made cosine decay's glide look like a fall in the last epochs)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rates: list[float] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("learning rate of each epoch"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(72, HEIGHT)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(40, HEIGHT)

    def set_rates(self, rates: list[float]) -> None:
        """The rate of each epoch, in order (positive numbers)."""
        self._rates = [float(r) for r in rates if r > 0 and math.isfinite(r)]
        self.update()

    def heights(self) -> list[float]:
        """Each epoch's step as a fraction of the height: its rate over the highest."""
        if not self._rates:
            return []
        high = max(self._rates)
        return [r / high for r in self._rates]

    def steps(self) -> list[tuple[QPointF, QPointF]]:
        """Each epoch's step as drawn: its left and right end, in the widget's pixels."""
        heights = self.heights()
        if not heights:
            return []
        area = QRectF(self.rect()).adjusted(INSET, INSET, -INSET, -INSET)
        width = area.width() / len(heights)
        return [(QPointF(area.left() + i * width, area.bottom() - h * area.height()),
                 QPointF(area.left() + (i + 1) * width, area.bottom() - h * area.height())) for i, h in enumerate(heights)]

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        steps = self.steps()
        if not steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bottom = self.height() - INSET
        outline = QPolygonF([QPointF(steps[0][0].x(), bottom)] + [p for step in steps for p in step] + [QPointF(steps[-1][1].x(), bottom)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(LIGHT_BLUE)
        painter.drawPolygon(outline)
        painter.setPen(QPen(BLUE, 2))  # 2 px on whole pixels: crisp steps
        painter.drawPolyline(QPolygonF([p for step in steps for p in step]))
        painter.setPen(QPen(GREY, 1))
        painter.drawLine(QPointF(INSET, bottom + 0.5), QPointF(self.width() - INSET, bottom + 0.5))


__all__ = ["RateSparkline"]
