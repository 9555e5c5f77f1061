"""The drawing canvas, and a magnified view of small grey images.

`DrawingCanvas` paints strokes white on black, like MNIST, into a square QImage of
`RESOLUTION` pixels (whatever the widget's size on screen), with round caps,
antialiasing and a pen about a twelfth of the side wide. Strokes are kept as lists
of points, so the last one can be undone by painting the rest again.

While the user draws, `changed` is emitted at most every `THROTTLE_MS` milliseconds
(the first movement at once, the last one when the pen lifts), so predictions keep
up with the pen without recomputing for every mouse event.

A picture file can be loaded into the canvas: it is shown white on black (inverted
when it looks like dark ink on light paper), and `picture()` keeps the original
pixels so the page can classify exactly what the command line would.

`PixelView` shows a small array (the 28x28 network input, a test image) magnified,
one crisp square per pixel.
"""
from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import (
    QEvent,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.data.digits import load_image, to_white_on_black

#: the side of the image strokes are painted into, in pixels (28 x 12)
RESOLUTION = 336
#: the pen's width as a fraction of the side: thick like a felt pen, as MNIST digits are
PEN_FRACTION = 1 / 12
#: at most one `changed` signal per this many milliseconds while drawing
THROTTLE_MS = 30

BACKGROUND = QColor(0, 0, 0)
INK = QColor(255, 255, 255)
HINT = QColor(150, 150, 150)
FRAME = QColor(120, 120, 120)


def grey_qimage(pixels: np.ndarray) -> QImage:
    """A 2-D array (float 0..1 or uint8) as a Grayscale8 QImage that owns its bytes."""
    a = np.asarray(pixels)
    if a.dtype != np.uint8:
        a = np.clip(np.rint(np.asarray(a, dtype=np.float32) * 255.0), 0, 255).astype(np.uint8)
    a = np.ascontiguousarray(a)
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def qimage_array(image: QImage) -> np.ndarray:
    """A Grayscale8 QImage as a float32 array in 0..1 (a copy)."""
    h, w, bpl = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)
    return raw[:, :w].astype(np.float32) * np.float32(1 / 255)


class DrawingCanvas(QWidget):
    """A square canvas to draw a digit on with the mouse or a pen."""

    #: the picture changed (throttled while drawing)
    changed = Signal()
    #: the pen lifted: a stroke is complete
    strokeFinished = Signal()

    def __init__(self, parent: QWidget | None = None, resolution: int = RESOLUTION):
        super().__init__(parent)
        self._side = int(resolution)
        self._pen_width = max(1.0, self._side * PEN_FRACTION)
        self._image = QImage(self._side, self._side, QImage.Format.Format_Grayscale8)
        self._image.fill(BACKGROUND)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        #: the loaded picture as read from its file, and how it is shown (white on black, fitted)
        self._picture: np.ndarray | None = None
        self._picture_image: QImage | None = None
        self._pending = False
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self._on_throttle)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setToolTip(self.tr(
            "Draw a digit with the mouse or a pen, white on black like MNIST.\n"
            "Ctrl+Z or Backspace removes the last stroke; Delete clears."
        ))
        self.setAccessibleName(self.tr("Drawing canvas"))

    # ------------------------------------------------------------------ state

    @property
    def resolution(self) -> int:
        return self._side

    @property
    def pen_width(self) -> float:
        return self._pen_width

    def stroke_count(self) -> int:
        return len(self._strokes)

    def has_strokes(self) -> bool:
        return bool(self._strokes)

    def is_blank(self) -> bool:
        return not self._strokes and self._picture is None

    def picture(self) -> np.ndarray | None:
        """The loaded picture, exactly as read from its file (None when there is none)."""
        return self._picture

    def image_array(self) -> np.ndarray:
        """What the canvas shows: float32 (side, side) in 0..1, white ink on black."""
        return qimage_array(self._image)

    def qimage(self) -> QImage:
        return QImage(self._image)

    # ------------------------------------------------------------------ editing

    @Slot()
    def clear(self) -> None:
        """Remove every stroke and the loaded picture."""
        if self.is_blank():
            return
        self._strokes.clear()
        self._picture = None
        self._picture_image = None
        self._drawing = False
        self._render()
        self._emit_now()

    @Slot()
    def undo_stroke(self) -> None:
        """Remove the last stroke (a loaded picture stays)."""
        if not self._strokes:
            return
        self._strokes.pop()
        self._drawing = False
        self._render()
        self._emit_now()

    def load_file(self, path: str | os.PathLike) -> None:
        """Show a picture file on the canvas, replacing what was there; raises core.data.digits.DigitError."""
        self.set_picture(load_image(path))

    def set_picture(self, pixels: np.ndarray) -> None:
        """Show a grey picture (any size, either polarity), fitted and centred, white on black."""
        original = np.asarray(pixels)
        shown = grey_qimage(to_white_on_black(original))
        self._picture = original
        self._picture_image = shown.scaled(
            self._side, self._side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self._strokes.clear()
        self._drawing = False
        self._render()
        self._emit_now()

    def add_stroke(self, points: list[tuple[float, float]]) -> None:
        """Add a stroke given in image pixels (0..resolution); for scripts and benchmarks."""
        stroke = [QPointF(x, y) for x, y in points]
        if not stroke:
            return
        self._strokes.append(stroke)
        self._paint_stroke(stroke)
        self.update()
        self._emit_now()

    # ------------------------------------------------------------------ painting into the image

    def _pen(self) -> QPen:
        pen = QPen(INK, self._pen_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _render(self) -> None:
        """Paint everything again: the picture, then every stroke."""
        self._image.fill(BACKGROUND)
        if self._picture_image is not None:
            p = QPainter(self._image)
            pic = self._picture_image
            p.drawImage((self._side - pic.width()) // 2, (self._side - pic.height()) // 2, pic)
            p.end()
        for stroke in self._strokes:
            self._paint_stroke(stroke)
        self.update()

    def _paint_stroke(self, stroke: list[QPointF], start: int = 0) -> QRectF:
        """Paint segments start..end of a stroke (a dot for a single point); return the image rect touched."""
        p = QPainter(self._image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(self._pen())
        # The same operations whether painted live or again after an undo, so both
        # give the same pixels: a dot for the first point, then one segment per move.
        if start == 0:
            p.drawPoint(stroke[0])
        first = max(1, start)
        touched = QRectF(stroke[first - 1], stroke[first - 1])
        for i in range(first, len(stroke)):
            p.drawLine(stroke[i - 1], stroke[i])
            touched = touched.united(QRectF(stroke[i], stroke[i]))
        p.end()
        margin = self._pen_width / 2 + 2
        return touched.normalized().adjusted(-margin, -margin, margin, margin)

    # ------------------------------------------------------------------ geometry

    def _target(self) -> QRectF:
        """Where the image is shown: the largest centred square in the widget."""
        side = min(self.width(), self.height())
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_image(self, pos: QPointF) -> QPointF:
        t = self._target()
        scale = self._side / max(t.width(), 1.0)
        return QPointF((pos.x() - t.left()) * scale, (pos.y() - t.top()) * scale)

    def _to_widget(self, rect: QRectF) -> QRect:
        t = self._target()
        scale = t.width() / self._side
        return QRectF(t.left() + rect.left() * scale, t.top() + rect.top() * scale, rect.width() * scale, rect.height() * scale).toAlignedRect().adjusted(-1, -1, 1, 1)

    def sizeHint(self) -> QSize:
        # No height-for-width: the canvas paints the largest square that fits (`_target`).
        # Asking for a height as large as the width made the page taller than the window
        # (it sits in a scroll area), pushing Undo stroke and Clear below the fold.
        return QSize(self._side, self._side)

    # ------------------------------------------------------------------ mouse and pen

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._drawing = True
        stroke = [self._to_image(event.position())]
        self._strokes.append(stroke)
        self.update(self._to_widget(self._paint_stroke(stroke)))
        self._changed_while_drawing()
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        # Only our own flag says whether a stroke is under way: not every platform
        # (nor QTest) reports the held button in move events.
        if not self._drawing or not self._strokes:
            return super().mouseMoveEvent(event)
        stroke = self._strokes[-1]
        point = self._to_image(event.position())
        last = stroke[-1]
        if abs(point.x() - last.x()) < 0.5 and abs(point.y() - last.y()) < 0.5:
            return
        stroke.append(point)
        self.update(self._to_widget(self._paint_stroke(stroke, len(stroke) - 1)))
        self._changed_while_drawing()
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._drawing:
            return super().mouseReleaseEvent(event)
        self._drawing = False
        self._emit_now()
        self.strokeFinished.emit()
        event.accept()

    # ------------------------------------------------------------------ keys

    def _is_undo(self, event) -> bool:
        return event.matches(QKeySequence.StandardKey.Undo) or (
            event.key() == Qt.Key.Key_Backspace and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        )

    def _is_clear(self, event) -> bool:
        return event.key() == Qt.Key.Key_Delete and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier

    def event(self, event) -> bool:
        # While the canvas has focus, Ctrl+Z undoes a stroke, not the design edit
        # the window's Edit menu would undo: claim the key before shortcuts see it.
        if event.type() == QEvent.Type.ShortcutOverride and (self._is_undo(event) or self._is_clear(event)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if self._is_undo(event):
            self.undo_stroke()
            event.accept()
        elif self._is_clear(event):
            self.clear()
            event.accept()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ the changed signal

    def _changed_while_drawing(self) -> None:
        if self._throttle.isActive():
            self._pending = True
        else:
            self._pending = False
            self.changed.emit()
            self._throttle.start()

    @Slot()
    def _on_throttle(self) -> None:
        if self._pending:
            self._pending = False
            self.changed.emit()
            self._throttle.start()

    def _emit_now(self) -> None:
        self._throttle.stop()
        self._pending = False
        self.changed.emit()

    # ------------------------------------------------------------------ showing it

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().window())
        t = self._target()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(t, self._image)
        if self.is_blank():
            p.setPen(HINT)
            font = p.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            p.setFont(font)
            p.drawText(t, Qt.AlignmentFlag.AlignCenter, self.tr("Draw a digit here"))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(self.palette().highlight().color() if self.hasFocus() else FRAME, 2 if self.hasFocus() else 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(t.adjusted(0, 0, -1, -1))
        p.end()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()


class PixelView(QWidget):
    """A small grey image (e.g. the 28x28 network input) magnified, one square per pixel."""

    def __init__(self, parent: QWidget | None = None, side: int = 28, grid: bool = True):
        super().__init__(parent)
        self._shape = (side, side)
        self._image: QImage | None = None
        self._grid = grid
        self.setMinimumSize(side * 3, side * 3)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_shape(self, height: int, width: int) -> None:
        """The size of the image to come (the grid drawn while there is none yet)."""
        self._shape = (height, width)
        self.update()

    def set_pixels(self, pixels: np.ndarray | None) -> None:
        if pixels is None:
            self._image = None
        else:
            a = np.asarray(pixels)
            self._shape = a.shape[:2]
            self._image = grey_qimage(a)
        self.update()

    def pixels(self) -> np.ndarray | None:
        return None if self._image is None else qimage_array(self._image)

    def sizeHint(self) -> QSize:
        return QSize(self._shape[1] * 6, self._shape[0] * 6)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width * self._shape[0] // max(1, self._shape[1])

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        h, w = self._shape
        cell = max(1, min(self.width() // w, self.height() // h))
        target = QRect((self.width() - cell * w) // 2, (self.height() - cell * h) // 2, cell * w, cell * h)
        if self._image is None:
            p.fillRect(target, BACKGROUND)
        else:
            p.drawImage(target, self._image)  # no smoothing: every pixel stays a crisp square
        if self._grid and cell >= 6:
            p.setPen(QColor(40, 40, 40))
            for i in range(1, w):
                x = target.left() + i * cell
                p.drawLine(x, target.top(), x, target.bottom())
            for j in range(1, h):
                y = target.top() + j * cell
                p.drawLine(target.left(), y, target.right(), y)
        p.setPen(FRAME)
        p.drawRect(target.adjusted(0, 0, -1, -1))
        p.end()
