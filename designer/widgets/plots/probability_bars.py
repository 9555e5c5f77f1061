"""Horizontal bars, one per class, labelled with the class name and a percentage.

The test page shows the network's probability of every class with them (the most
likely one highlighted); the test-set browser reuses them for per-class accuracy.
Everything is painted in one `paintEvent`, so an update is cheap: `set_values`
only stores the numbers and schedules a repaint.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from designer.widgets.plots.colours import BLUE, ORANGE

HIGHLIGHT = BLUE
#: the colour of the lowest bar when the lowest is the one to notice (the hardest class)
LOW_HIGHLIGHT = ORANGE
BAR = QColor(158, 188, 218)
TRACK = QColor(236, 239, 243)
TEXT = QColor(40, 40, 40)
MUTED = QColor(120, 120, 120)


class ProbabilityBars(QWidget):
    """One labelled bar per class; `set_values` with fractions 0..1.

    highlight: "max" marks the largest value (the most likely class), "min" the
    smallest (the hardest class), None none.
    """

    def __init__(self, parent: QWidget | None = None, *, highlight: str | None = "max", max_row_height: int = 30):
        super().__init__(parent)
        if highlight not in ("max", "min", None):
            raise ValueError(f"highlight must be 'max', 'min' or None, got {highlight!r}")
        self._names: list[str] = [str(i) for i in range(10)]
        self._values: np.ndarray | None = None
        self._highlight = highlight
        self._max_row = max_row_height
        self._percentages = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(10 * 14)
        self.setMouseTracking(True)

    # ------------------------------------------------------------------ data

    def set_class_names(self, names: Sequence[str]) -> None:
        names = [str(n) for n in names]
        if names != self._names:
            self._names = names
            if self._values is not None and len(self._values) != len(names):
                self._values = None
            self.updateGeometry()
            self.update()

    def class_names(self) -> list[str]:
        return list(self._names)

    def set_values(self, values: Sequence[float] | np.ndarray | None) -> None:
        """Fractions 0..1, one per class (None or an empty canvas: no bars)."""
        if values is None:
            self._values = None
        else:
            v = np.asarray(values, dtype=np.float64).ravel()
            if len(v) != len(self._names):
                self._names = [str(i) for i in range(len(v))]
                self.updateGeometry()
            self._values = np.nan_to_num(v, nan=0.0)
        self.update()

    def clear(self) -> None:
        self.set_values(None)

    def show_percentages(self, on: bool) -> None:
        """Label the bars as percentages (probabilities), or, off, with the plain values
        (a model's scores, which are not probabilities: bars then show them clipped to 0..1)."""
        self._percentages = bool(on)
        self.update()

    def _label(self, value: float) -> str:
        return _percent(value) if self._percentages else f"{value:.3g}"

    def value_text(self, index: int) -> str:
        """The text written beside bar `index` ("" when there are no values)."""
        return "" if self._values is None else self._label(float(self._values[index]))

    def values(self) -> np.ndarray | None:
        return None if self._values is None else self._values.copy()

    def highlighted(self) -> int | None:
        """The index shown highlighted (e.g. the most likely class), or None."""
        if self._values is None or self._highlight is None or not len(self._values):
            return None
        return int(np.argmax(self._values) if self._highlight == "max" else np.argmin(self._values))

    # ------------------------------------------------------------------ geometry

    def _label_width(self, fm: QFontMetrics) -> int:
        return max((fm.horizontalAdvance(n) for n in self._names), default=0) + 10

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(self._label_width(fm) + 220, len(self._names) * min(self._max_row, fm.height() + 12))

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(self._label_width(fm) + 120, len(self._names) * (fm.height() + 2))

    def _row_height(self) -> float:
        return min(float(self._max_row), self.height() / max(1, len(self._names)))

    def _row_at(self, y: float) -> int | None:
        row = int(y // self._row_height())
        return row if 0 <= row < len(self._names) else None

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setBold(True)
        label_w = self._label_width(QFontMetrics(bold))
        pct_w = QFontMetrics(bold).horizontalAdvance("100.0 %") + 10
        row_h = self._row_height()
        bar_h = max(4.0, min(row_h * 0.62, row_h - 4))
        bar_x = float(label_w)
        bar_w = max(10.0, self.width() - label_w - pct_w)
        best = self.highlighted()
        accent = LOW_HIGHLIGHT if self._highlight == "min" else HIGHLIGHT
        for i, name in enumerate(self._names):
            y = i * row_h
            value = float(self._values[i]) if self._values is not None else None
            is_best = i == best
            p.setFont(bold if is_best else self.font())
            p.setPen(TEXT if value is not None else MUTED)
            p.drawText(QRectF(0, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            track = QRectF(bar_x, y + (row_h - bar_h) / 2, bar_w, bar_h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(TRACK)
            p.drawRoundedRect(track, 3, 3)
            if value is None:
                continue
            width = bar_w * min(max(value, 0.0), 1.0)
            if width >= 0.5:
                p.setBrush(accent if is_best else BAR)
                p.drawRoundedRect(QRectF(track.left(), track.top(), max(width, 3.0), bar_h), 3, 3)
            p.setPen(TEXT if is_best else MUTED)
            p.drawText(
                QRectF(bar_x + bar_w, y, pct_w, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._label(value),
            )
        p.end()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self._row_at(event.pos().y())
            if row is not None and self._values is not None:
                QToolTip.showText(event.globalPos(), f"{self._names[row]}: {self._label(float(self._values[row]))}", self)
            elif self.toolTip():
                QToolTip.showText(event.globalPos(), self.toolTip(), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %"
