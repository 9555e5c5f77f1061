"""The im2col lens drawn: a convolution as one matrix product, and col2im on the way back.

Forward, left to right: the column matrix (one row per position: the patch there), times
the kernel matrix (one column per filter), plus the biases, is the product (one row per
position, one column per filter), whose columns reshape back into the feature maps. The
chosen unit's row and filter's column are lit in each. Backward: ∂L/∂z as rows, times the
kernel matrix turned over, is each patch's gradient, ∂L/∂col; col2im adds them back onto
the pixels, ∂L/∂x. The arrays come from core.explain.convolution.Im2colLens.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.explain.numbers import sub
from designer.pages.explore.explore_common import TEXT, diverging_rgb, rgb_qimage, sequential_rgb
from designer.pages.explore.convolution.map_grid import HIGHLIGHT

ROW_HEIGHT = 200  # the most height a matrix gets
MIN_ROW_HEIGHT = 110
TITLE = 34


def _image(a: np.ndarray) -> QImage:
    finite = a[np.isfinite(a)]
    signed = bool(finite.size and finite.min() < 0)
    return rgb_qimage(diverging_rgb(a) if signed else sequential_rgb(a))


class LensView(QWidget):
    """Paints one Im2colLens at one unit (see the module doc)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._forward: list[tuple] = []
        self._backward: list[tuple] = []
        self.setMinimumHeight(2 * (MIN_ROW_HEIGHT + TITLE) + 30)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 2 * (ROW_HEIGHT + TITLE) + 60)

    def set_lens(self, lens, f: int, y: int, x: int, gradients=None) -> None:
        """Show `lens` (an Im2colLens) lit at unit (y, x) of map f; `gradients` (LensGradients) for the way back."""
        row = lens.row_of(y, x)
        c, h, w = lens.x.shape
        F, oh, ow = lens.maps.shape
        self._forward = [
            ("matrix", "col", lens.col, row, None),
            ("op", "·"),
            ("matrix", "K_col", lens.kernel_matrix, None, f),
            ("op", "+ b ="),
            ("matrix", "col · K_col + b", lens.product, row, f),
            ("op", self.tr("reshape →")),
            ("maps", f"z{sub(f + 1)}  ({F} × {oh} × {ow})", lens.maps[f], (y, x), None),
        ]
        self._backward = []
        if gradients is not None:
            self._backward = [
                ("matrix", "∂L/∂z", gradients.dout, row, f),
                ("op", "· K_colᵀ ="),
                ("matrix", "∂L/∂col", gradients.dcol, row, None),
                ("op", self.tr("col2im →")),
                ("maps", f"∂L/∂x{sub(1)}  ({c} × {h} × {w})", gradients.dx[0], None, None),
            ]
        self.update()

    def captions(self) -> list[str]:
        """Every block's title, forward then backward (for tests)."""
        return [part[1] for part in self._forward + self._backward if part[0] != "op"]

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self._row = max(MIN_ROW_HEIGHT, min(ROW_HEIGHT, (self.height() - 2 * TITLE - 30) / 2))
        for r, parts in enumerate((self._forward, self._backward)):
            if parts:
                self._paint_row(p, parts, 6 + r * (self._row + TITLE + 14), small)
        p.end()

    def _paint_row(self, p: QPainter, parts: list[tuple], top: float, small: QFont) -> None:
        widths = []
        for part in parts:
            if part[0] == "op":
                widths.append(p.fontMetrics().horizontalAdvance(part[1]) + 16)
            elif part[0] == "maps":
                widths.append(max(self._row, p.fontMetrics().horizontalAdvance(part[1]) + 8))
            else:
                rows, cols = part[2].shape
                shape = " × ".join(str(n) for n in part[2].shape)
                title = max(p.fontMetrics().horizontalAdvance(part[1]), p.fontMetrics().horizontalAdvance(shape)) + 14
                widths.append(max(title, float(np.clip(self._row * cols / rows, 36, 190))))
        spare = max(0.0, self.width() - 12 - sum(widths))
        x = 6 + spare / 2
        for part, width in zip(parts, widths):
            if part[0] == "op":
                p.setPen(TEXT)
                p.drawText(QRectF(x, top + TITLE, width, self._row), Qt.AlignmentFlag.AlignCenter, part[1])
                x += width
                continue
            kind, title, array, lit_row, lit_col = part
            rows, cols = array.shape
            inner = width if kind == "maps" else float(np.clip(self._row * cols / rows, 36, 190))
            rect = QRectF(x + (width - inner) / 2, top + TITLE, inner, self._row)
            if kind == "maps":
                h, w = array.shape
                side = min(width, self._row)
                rect = QRectF(x + (width - side * w / max(h, w)) / 2, top + TITLE, side * w / max(h, w), side * h / max(h, w))
            p.drawImage(rect, _image(array))
            p.setPen(QPen(QColor(170, 170, 170), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
            p.setPen(QPen(HIGHLIGHT, 2.0))
            p.setBrush(QColor(255, 140, 0, 60))
            if kind == "maps" and lit_row is not None:
                cy, cx = lit_row
                cw, ch = rect.width() / cols, rect.height() / rows
                p.drawRect(QRectF(rect.left() + cx * cw, rect.top() + cy * ch, cw, ch))
            elif kind == "matrix":
                if lit_row is not None:
                    rh = max(2.0, rect.height() / rows)
                    p.drawRect(QRectF(rect.left() - 3, rect.top() + lit_row * rect.height() / rows - rh / 2 + rect.height() / rows / 2,
                                      rect.width() + 6, rh))
                if lit_col is not None:
                    cw = max(2.0, rect.width() / cols)
                    p.drawRect(QRectF(rect.left() + lit_col * rect.width() / cols + rect.width() / cols / 2 - cw / 2, rect.top() - 3,
                                      cw, rect.height() + 6))
            p.setPen(TEXT)
            p.setFont(small)
            shape = " × ".join(str(n) for n in array.shape) if kind == "matrix" else ""
            label = f"{title}\n{shape}" if shape else title
            p.drawText(QRectF(x, top, width, TITLE), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label)
            p.setFont(self.font())
            x += width


__all__ = ["LensView"]
