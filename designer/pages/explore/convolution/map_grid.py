"""Small pictures side by side: feature maps, kernels, an input image; click a pixel of one.

`MapGrid` paints a stack of 2-D arrays (n, h, w) as tiles in a grid, each pixel a square,
with one colour scale for all tiles or one per tile, and can outline a rectangle of pixels
on a tile (a receptive field, a chosen unit) and mark single pixels (pooling's winners).
A click on a pixel emits `unitClicked(tile, row, column)`. Nothing is computed here:
the arrays come from core.explain.convolution.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from designer.pages.explore.explore_common import diverging_rgb, rgb_qimage, sequential_rgb

HIGHLIGHT = QColor(255, 140, 0)
MARK = QColor(20, 160, 60)
GAP = 4


class MapGrid(QWidget):
    """Tiles of small maps (see the module doc). `set_maps` then, optionally, `set_outline`."""

    #: (tile, row, column) of the pixel clicked
    unitClicked = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None, *, columns: int | None = None, clickable: bool = False):
        super().__init__(parent)
        self._maps = np.zeros((0, 1, 1))
        self._images: list[QImage] = []
        self._columns = columns
        self._outline: tuple[int, int, int, int, int] | None = None  # tile (-1: every tile), top, left, bottom, right
        self._marks: np.ndarray | None = None
        self._selected_tile = -1
        self.shared_scale = True
        self.clickable = clickable
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(60, 60)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # ------------------------------------------------------------------ content

    def set_maps(self, maps: np.ndarray, *, shared: bool = True, diverging: bool | None = None, columns: int | None = None) -> None:
        """Show `maps` (n, h, w). One colour scale for all (`shared`) or one per map; blue-white-red
        when `diverging` (None: when some value is negative), else white to dark."""
        maps = np.asarray(maps, dtype=np.float64)
        if maps.ndim == 2:
            maps = maps[None]
        self._maps = maps
        self.shared_scale = shared
        if columns is not None:
            self._columns = columns
        finite = maps[np.isfinite(maps)]
        signed = bool(finite.size and finite.min() < 0) if diverging is None else diverging
        self.diverging = signed
        top = float(np.abs(finite).max()) if finite.size else 1.0
        self._images = []
        for m in maps:
            own = float(np.abs(m[np.isfinite(m)]).max(initial=0.0))
            vmax = (top if shared else own) or 1.0
            self._images.append(rgb_qimage(diverging_rgb(m, vmax) if signed else sequential_rgb(m, vmax)))
        self._outline = None
        self._marks = None
        self.updateGeometry()
        self.update()

    def maps(self) -> np.ndarray:
        return self._maps

    def set_outline(self, tile: int, top: int, left: int, bottom: int, right: int) -> None:
        """Outline pixels top..bottom, left..right (inclusive) of `tile` (-1: of every tile)."""
        self._outline = (tile, top, left, bottom, right)
        self.update()

    def outline(self) -> tuple[int, int, int, int, int] | None:
        return self._outline

    def clear_outline(self) -> None:
        self._outline = None
        self.update()

    def set_selected_tile(self, tile: int) -> None:
        """Frame one whole tile (-1: none), e.g. the kernel of the chosen feature map."""
        self._selected_tile = tile
        self.update()

    def set_marks(self, marks: np.ndarray | None) -> None:
        """(n, h, w): pixels to mark with a dot where non-zero (pooling's winners)."""
        self._marks = None if marks is None else np.asarray(marks)
        self.update()

    # ------------------------------------------------------------------ geometry

    def grid(self) -> tuple[int, int]:
        n = len(self._maps)
        cols = min(n, self._columns) if self._columns else max(1, math.ceil(math.sqrt(n)))
        return max(1, math.ceil(n / max(cols, 1))), max(cols, 1)

    def _cell(self) -> float:
        """The side of one pixel of a map, on screen."""
        rows, cols = self.grid()
        _, h, w = self._maps.shape
        room_w, room_h = self.width() - 2 - GAP * (cols - 1), self.height() - 2 - GAP * (rows - 1)  # 1 pixel each side for the frames
        return max(0.5, min(room_w / (cols * w), room_h / (rows * h)))

    def tile_rect(self, k: int) -> QRectF:
        rows, cols = self.grid()
        _, h, w = self._maps.shape
        cell = self._cell()
        tw, th = w * cell, h * cell
        total_w = cols * tw + (cols - 1) * GAP
        x0, y0 = (self.width() - total_w) / 2, 1.0  # centred across, from the top (under its title)
        r, c = divmod(k, cols)
        return QRectF(x0 + c * (tw + GAP), y0 + r * (th + GAP), tw, th)

    def unit_centre(self, tile: int, row: int, column: int) -> QPointF:
        """Where pixel (row, column) of `tile` is on screen (for a click)."""
        rect, cell = self.tile_rect(tile), self._cell()
        return QPointF(rect.left() + (column + 0.5) * cell, rect.top() + (row + 0.5) * cell)

    def unit_at(self, x: float, y: float) -> tuple[int, int, int] | None:
        _, h, w = self._maps.shape
        cell = self._cell()
        for k in range(len(self._maps)):
            rect = self.tile_rect(k)
            if rect.contains(QPointF(x, y)):
                return k, min(h - 1, int((y - rect.top()) / cell)), min(w - 1, int((x - rect.left()) / cell))
        return None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 320)

    # ------------------------------------------------------------------ events

    def mousePressEvent(self, event) -> None:  # noqa: N802
        hit = self.unit_at(event.position().x(), event.position().y()) if self.clickable else None
        if hit is not None:
            self.unitClicked.emit(*hit)
        super().mousePressEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        if not len(self._maps):
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        cell = self._cell()
        for k, image in enumerate(self._images):
            rect = self.tile_rect(k)
            p.drawImage(rect, image)
            p.setPen(QPen(QColor(200, 200, 200), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
            if self._marks is not None and k < len(self._marks):
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(MARK)
                radius = max(1.5, cell * 0.22)
                for r, c in zip(*np.nonzero(self._marks[k])):
                    p.drawEllipse(QPointF(rect.left() + (c + 0.5) * cell, rect.top() + (r + 0.5) * cell), radius, radius)
        if 0 <= self._selected_tile < len(self._maps):
            p.setPen(QPen(HIGHLIGHT, 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.tile_rect(self._selected_tile).adjusted(-2, -2, 2, 2))
        if self._outline is not None:
            tile, top, left, bottom, right = self._outline
            p.setPen(QPen(HIGHLIGHT, 2.2))
            p.setBrush(QColor(255, 140, 0, 40))
            for k in (range(len(self._maps)) if tile < 0 else [tile]):
                rect = self.tile_rect(k)
                p.drawRect(QRectF(rect.left() + left * cell, rect.top() + top * cell,
                                  (right - left + 1) * cell, (bottom - top + 1) * cell))
        p.end()


__all__ = ["MapGrid", "HIGHLIGHT"]
