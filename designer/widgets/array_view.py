"""One array of numbers, shown the way it reads best: a small table or a heatmap.

Small arrays (the worked example's x, W, b, z) appear as a table of numbers that can
be checked by hand, tinted blue for negative and red for positive values. Large ones
(784 pixels, a 784 x 512 weight matrix) appear as a heatmap: a vector of pixels as
its picture, other vectors folded into a near-square grid, matrices as they are.
Hovering over a heatmap shows the value under the mouse.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from core.explain.inspect import number
from core.explain.visualize import tile_mosaic
from designer.pages.explore.explore_common import (
    diverging_rgb,
    rgb_qimage,
    sequential_rgb,
)

#: arrays with at most this many values (and columns) are shown as numbers
MAX_NUMBERS = 40
MAX_COLUMNS = 10
#: the side of a heatmap on screen, in pixels
HEATMAP_SIDE = 168


def grid_shape(size: int) -> tuple[int, int]:
    """Rows x columns to fold `size` values into: near-square, as few empty cells as possible."""
    side = math.isqrt(size)
    if side * side == size:
        return side, side
    # an exact rectangle not too far from square (512 -> 16 x 32), else nearly square
    for rows in range(side, 0, -1):
        if size % rows == 0 and size // rows <= 4 * rows:
            return rows, size // rows
    cols = math.ceil(math.sqrt(size))
    return math.ceil(size / cols), cols


def as_grid(a: np.ndarray, image_shape: tuple[int, int] | None = None) -> tuple[np.ndarray, str]:
    """A 2-D array to paint, and how it was folded ("" when it was 2-D already; "maps" for
    images (C, H, W) and kernels (F, C, kh, kw), their pictures tiled side by side)."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 2:
        return a, ""
    if a.ndim in (3, 4) and a.shape[-1] > 1 and a.shape[-2] > 1:
        columns = a.shape[1] if a.ndim == 4 and a.shape[1] > 1 else None  # a kernel's channels in a row
        grid, _, _ = tile_mosaic(a.reshape(-1, *a.shape[-2:]), columns=columns, scaled=False)
        return grid, "maps"
    v = a.ravel()
    if image_shape is not None and math.prod(image_shape) == v.size:
        return v.reshape(image_shape), "image"
    rows, cols = grid_shape(v.size)
    out = np.full(rows * cols, np.nan)
    out[: v.size] = v
    return out.reshape(rows, cols), "grid"


class HeatmapLabel(QLabel):
    """A heatmap picture that tells the value under the mouse.

    The picture is painted scaled down to fit the widget, centred, never cropped, and it
    does not set the widget's size: a QLabel's pixmap would, and a layout that then gave
    the label less room than the picture cut off its top and bottom rows. `resized` lets
    the owner make the picture again for the new size.
    """

    #: the widget's size changed (a picture made for the old size would now be scaled)
    resized = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._grid: np.ndarray | None = None
        self._folded = ""
        self._picture: QPixmap | None = None

    def set_grid(self, grid: np.ndarray, folded: str, pixmap: QPixmap) -> None:
        self._grid, self._folded = grid, folded
        self._picture = pixmap
        self.update()

    def picture(self) -> QPixmap | None:
        """The picture shown (at the size it was made; see `picture_rect` for where it is drawn)."""
        return self._picture

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: at its own size when it fits, else scaled down to fit, centred."""
        pm = self._picture
        if pm is None or pm.isNull():
            return QRectF()
        scale = min(1.0, self.width() / pm.width(), self.height() / pm.height())
        w, h = pm.width() * scale, pm.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        pm = self._picture
        return pm.size() if pm is not None and not pm.isNull() else QSize(100, 100)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(16, 16)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.resized.emit()

    def paintEvent(self, event) -> None:  # noqa: N802
        if self._picture is None or self._picture.isNull():
            return
        p = QPainter(self)
        p.drawPixmap(self.picture_rect(), self._picture, QRectF(self._picture.rect()))
        p.end()

    def value_at(self, x: float, y: float) -> tuple[int, int, float] | None:
        """(row, column, value) under widget position (x, y), or None outside the picture."""
        rect = self.picture_rect()
        if self._grid is None or rect.isEmpty():
            return None
        fx, fy = (x - rect.left()) / rect.width(), (y - rect.top()) / rect.height()
        if not (0 <= fx < 1 and 0 <= fy < 1):
            return None
        r, c = int(fy * self._grid.shape[0]), int(fx * self._grid.shape[1])
        return r, c, float(self._grid[r, c])

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        hit = self.value_at(event.position().x(), event.position().y())
        if hit is None or not math.isfinite(hit[2]):
            QToolTip.hideText()
        else:
            r, c, v = hit
            if self._folded == "maps":
                where = ""
            elif self._folded:
                where = self.tr("value {n}").format(n=r * self._grid.shape[1] + c + 1)
            else:
                where = self.tr("row {r}, column {c}").format(r=r + 1, c=c + 1)
            QToolTip.showText(event.globalPosition().toPoint(), f"{where}: {number(v)}" if where else number(v), self)
        super().mouseMoveEvent(event)


class ArrayView(QWidget):
    """A titled array: numbers in a table when small, a heatmap when large."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFont(self.table.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.table.setFont(font)
        self.heatmap = HeatmapLabel()
        self.caption = QLabel()
        self.caption.setStyleSheet("color: #666;")
        self.caption.setWordWrap(True)
        self.caption.setFixedWidth(HEATMAP_SIDE + 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.heatmap)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._array: np.ndarray | None = None
        self._first_column = 1
        self.mode = ""

    def array(self) -> np.ndarray | None:
        return self._array

    def set_array(self, symbol: str, array: np.ndarray, *, image_shape: tuple[int, int] | None = None, description: str = "",
                  first_column: int = 1) -> None:
        """Show `array`. Columns are numbered from `first_column`: 1 for neurons, as the
        textbook's formulas count them; 0 where a column is a class, as classes are counted."""
        self._first_column = first_column
        a = np.asarray(array, dtype=np.float64)
        self._array = a
        shape = " × ".join(str(n) for n in (a.shape if a.ndim >= 2 else (1, a.size)))
        self.title.setText(f"{symbol}   <span style='color:#777; font-weight:normal'>({shape})</span>")
        self.title.setToolTip(description)
        self.setToolTip(description)
        columns = a.shape[1] if a.ndim == 2 else a.size
        if a.size <= MAX_NUMBERS and columns <= MAX_COLUMNS:
            self._show_numbers(a)
        else:
            self._show_heatmap(a, image_shape)

    def _show_numbers(self, a: np.ndarray) -> None:
        self.mode = "numbers"
        m = a if a.ndim == 2 else a.reshape(1, -1)
        finite = np.abs(m[np.isfinite(m)])
        vmax = float(finite.max()) if finite.size else 1.0
        tints = diverging_rgb(m, vmax * 2.2 if vmax else 1.0)  # pale tints: the numbers stay readable
        self.table.clear()
        self.table.setRowCount(m.shape[0])
        self.table.setColumnCount(m.shape[1])
        self.table.setHorizontalHeaderLabels([str(j + self._first_column) for j in range(m.shape[1])])
        self.table.setVerticalHeaderLabels([str(i + 1) for i in range(m.shape[0])])
        self.table.verticalHeader().setHidden(m.shape[0] <= 1)
        for i in range(m.shape[0]):
            for j in range(m.shape[1]):
                item = QTableWidgetItem(number(m[i, j]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setBackground(QBrush(QColor(*(int(c) for c in tints[i, j]))))
                item.setToolTip(repr(float(m[i, j])))
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self._fit_table()
        self.table.show()
        self.heatmap.hide()
        self.caption.hide()

    def _show_heatmap(self, a: np.ndarray, image_shape) -> None:
        self.mode = "heatmap"
        grid, folded = as_grid(a, image_shape)
        finite = grid[np.isfinite(grid)]
        lo = float(finite.min()) if finite.size else 0.0
        hi = float(finite.max()) if finite.size else 0.0
        rgb = sequential_rgb(grid) if lo >= 0 else diverging_rgb(grid)
        image = rgb_qimage(rgb)
        rows, cols = grid.shape
        scale = HEATMAP_SIDE / max(rows, cols)
        w, h = max(1, round(cols * scale)), max(1, round(rows * scale))
        mode = Qt.TransformationMode.FastTransformation if scale >= 1 else Qt.TransformationMode.SmoothTransformation
        pixmap = QPixmap.fromImage(image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio, mode))
        self.heatmap.set_grid(grid, folded, pixmap)
        self.heatmap.setFixedSize(HEATMAP_SIDE + 4, max(h, 8) + 4)
        if lo >= 0:
            scale_text = self.tr("white 0 … dark {hi}").format(hi=number(hi))
        else:
            scale_text = self.tr("blue {lo} … white 0 … red {hi}").format(lo=number(lo), hi=number(hi))
        if folded == "grid":
            scale_text = self.tr("{n} values in rows of {c}; ").format(n=a.size, c=cols) + scale_text
        self.caption.setText(scale_text)
        self.heatmap.setToolTip("")
        self.table.hide()
        self.heatmap.show()
        self.caption.show()

    def column_labels(self) -> list[str]:
        """The numbers over the table's columns (for tests): [] for a heatmap."""
        if self.mode != "numbers":
            return []
        return [self.table.horizontalHeaderItem(j).text() for j in range(self.table.columnCount())]

    def texts(self) -> list[list[str]]:
        """The numbers as shown (for tests): rows of cell texts; [] for a heatmap."""
        if self.mode != "numbers":
            return []
        return [[self.table.item(i, j).text() for j in range(self.table.columnCount())] for i in range(self.table.rowCount())]

    def _fit_table(self) -> None:
        """Exactly as big as its cells: no empty rows below, no scroll bars."""
        t = self.table
        frame = 2 * t.frameWidth()
        width = frame + sum(t.columnWidth(j) for j in range(t.columnCount())) + 2
        if not t.verticalHeader().isHidden():
            fm = t.verticalHeader().fontMetrics()
            width += max(t.verticalHeader().sizeHint().width(), fm.horizontalAdvance(str(t.rowCount())) + 12)
        height = frame + t.horizontalHeader().sizeHint().height() + sum(t.rowHeight(i) for i in range(t.rowCount()))
        t.setFixedSize(QSize(width, height))


__all__ = ["ArrayView", "HeatmapLabel", "as_grid", "grid_shape", "MAX_NUMBERS"]
