"""Icons drawn with QPainter: crisp at any screen scale, the same on every platform.

No image files to ship or theme to depend on. Each icon is painted on a 24x24
grid into pixmaps for 1x, 2x and 3x screens.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

INK = "#3d4653"
_SCALES = (1.0, 2.0, 3.0)
_SIZES = (16, 24, 32)


def _pixmap(size: int, scale: float, draw: Callable[[QPainter], None]) -> QPixmap:
    pm = QPixmap(round(size * scale), round(size * scale))
    pm.setDevicePixelRatio(scale)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 24.0, size / 24.0)
    draw(p)
    p.end()
    return pm


def _icon(draw: Callable[[QPainter], None], disabled_opacity: float = 0.35) -> QIcon:
    icon = QIcon()
    for size in _SIZES:
        for scale in _SCALES:
            icon.addPixmap(_pixmap(size, scale, draw), QIcon.Mode.Normal)

            def faded(p: QPainter) -> None:
                p.setOpacity(disabled_opacity)
                draw(p)

            icon.addPixmap(_pixmap(size, scale, faded), QIcon.Mode.Disabled)
    return icon


def _pen(p: QPainter, color: str = INK, width: float = 1.7) -> None:
    pen = QPen(QColor(color), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _lines(*points: tuple[float, float], closed: bool = False) -> QPainterPath:
    """Straight lines from point to point (x, y on the 24x24 grid); `closed` joins the last to the first."""
    path = QPainterPath()
    path.moveTo(*points[0])
    for x, y in points[1:]:
        path.lineTo(x, y)
    if closed:
        path.closeSubpath()
    return path


# --------------------------------------------------------------------------- actions


def _new(p: QPainter) -> None:
    _pen(p)
    p.drawPath(_lines((14, 3.5), (6, 3.5), (6, 20.5), (18, 20.5), (18, 7.5), closed=True))
    p.drawPolyline([QPointF(14, 3.5), QPointF(14, 7.5), QPointF(18, 7.5)])
    _pen(p, "#2f6bed")
    p.drawLine(QPointF(12, 11), QPointF(12, 17))
    p.drawLine(QPointF(9, 14), QPointF(15, 14))


def _open(p: QPainter) -> None:
    _pen(p)
    p.drawPath(_lines((3.5, 18.5), (3.5, 5.5), (9, 5.5), (11, 7.5), (18.5, 7.5), (18.5, 10)))
    p.drawPath(_lines((3.5, 18.5), (6.5, 10.5), (21, 10.5), (18, 18.5), closed=True))


def _save(p: QPainter) -> None:
    _pen(p)
    p.drawRoundedRect(QRectF(4.5, 4.5, 15, 15), 2, 2)
    p.drawRect(QRectF(8, 4.5, 8, 5))
    p.drawRoundedRect(QRectF(7.5, 13, 9, 6.5), 1, 1)


def _arrow_turn(p: QPainter, mirrored: bool) -> None:
    if mirrored:
        p.translate(24, 0)
        p.scale(-1, 1)
    _pen(p)
    path = QPainterPath()
    path.moveTo(5, 10)
    path.lineTo(14.5, 10)
    path.cubicTo(22, 10, 22, 19.5, 14.5, 19.5)
    path.lineTo(10, 19.5)
    p.drawPath(path)
    p.drawPolyline([QPointF(9, 6), QPointF(5, 10), QPointF(9, 14)])


def _undo(p: QPainter) -> None:
    _arrow_turn(p, False)


def _redo(p: QPainter) -> None:
    _arrow_turn(p, True)


def _delete(p: QPainter) -> None:
    _pen(p)
    p.drawLine(QPointF(4.5, 6.5), QPointF(19.5, 6.5))
    p.drawPolyline([QPointF(9.5, 6.5), QPointF(9.5, 4), QPointF(14.5, 4), QPointF(14.5, 6.5)])
    p.drawPath(_lines((6.5, 6.5), (7.5, 20), (16.5, 20), (17.5, 6.5)))
    p.drawLine(QPointF(10.5, 10), QPointF(10.5, 16.5))
    p.drawLine(QPointF(13.5, 10), QPointF(13.5, 16.5))


def _duplicate(p: QPainter) -> None:
    _pen(p)
    p.drawRoundedRect(QRectF(8.5, 8.5, 12, 12), 2, 2)
    p.drawPath(_lines((5.5, 15.5), (3.5, 15.5), (3.5, 3.5), (15.5, 3.5), (15.5, 5.5)))
    _pen(p, "#2f6bed")
    p.drawLine(QPointF(14.5, 11.5), QPointF(14.5, 17.5))
    p.drawLine(QPointF(11.5, 14.5), QPointF(17.5, 14.5))


def _up(p: QPainter) -> None:
    _pen(p)
    p.drawLine(QPointF(12, 19.5), QPointF(12, 5))
    p.drawPolyline([QPointF(6.5, 10.5), QPointF(12, 5), QPointF(17.5, 10.5)])


def _down(p: QPainter) -> None:
    p.translate(0, 24)
    p.scale(1, -1)
    _up(p)


def _add(p: QPainter) -> None:
    _pen(p)
    p.drawRoundedRect(QRectF(4, 4, 16, 16), 3, 3)
    _pen(p, "#2f6bed")
    p.drawLine(QPointF(12, 8), QPointF(12, 16))
    p.drawLine(QPointF(8, 12), QPointF(16, 12))


def _history(p: QPainter) -> None:
    _pen(p)
    p.drawArc(QRectF(4, 4, 16, 16), 90 * 16, 300 * 16)
    p.drawPolyline([QPointF(12, 8), QPointF(12, 12), QPointF(15, 14)])


_ACTIONS = {
    "new": _new, "open": _open, "save": _save, "undo": _undo, "redo": _redo, "delete": _delete,
    "duplicate": _duplicate, "up": _up, "down": _down, "add": _add, "history": _history,
}


@cache
def action_icon(name: str) -> QIcon:
    """A toolbar/menu icon: new, open, save, undo, redo, delete, duplicate, up, down, add, history."""
    return _icon(_ACTIONS[name])


# --------------------------------------------------------------------------- layer kinds


def _dots(p: QPainter, points, color: QColor, hollow=()) -> None:
    for i, (x, y) in enumerate(points):
        if i in hollow:
            p.setPen(QPen(color, 1.2))
            p.setBrush(Qt.BrushStyle.NoBrush)
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(color))
        p.drawEllipse(QPointF(x, y), 1.9, 1.9)


def _glyph_dense(p: QPainter, c: QColor) -> None:
    left = [(7, 6.5), (7, 12), (7, 17.5)]
    right = [(17, 9), (17, 15)]
    faint = QColor(c)
    faint.setAlphaF(0.65)
    p.setPen(QPen(faint, 1.0))
    for a in left:
        for b in right:
            p.drawLine(QPointF(*a), QPointF(*b))
    _dots(p, left + right, c)


def _glyph_dropout(p: QPainter, c: QColor) -> None:
    pts = [(x, y) for y in (7, 12, 17) for x in (7, 12, 17)]
    _dots(p, pts, c, hollow=(1, 3, 5, 8))


def _glyph_conv2d(p: QPainter, c: QColor) -> None:
    p.setPen(QPen(c, 1.0))
    for i in range(4):
        p.drawLine(QPointF(5, 5 + i * 4.67), QPointF(19, 5 + i * 4.67))
        p.drawLine(QPointF(5 + i * 4.67, 5), QPointF(5 + i * 4.67, 19))
    fill = QColor(c)
    fill.setAlphaF(0.6)
    p.fillRect(QRectF(5, 5, 9.33, 9.33), fill)


def _glyph_maxpool(p: QPainter, c: QColor) -> None:
    p.setPen(QPen(c, 1.0))
    p.drawRect(QRectF(4, 6, 8, 8))
    p.drawLine(QPointF(8, 6), QPointF(8, 14))
    p.drawLine(QPointF(4, 10), QPointF(12, 10))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(c))
    p.drawRect(QRectF(15, 12, 5, 5))
    p.setPen(QPen(c, 1.2))
    p.drawLine(QPointF(12.5, 12.5), QPointF(14.5, 14))


def _glyph_avgpool(p: QPainter, c: QColor) -> None:
    # a 2×2 window of four shades becomes one square of the middle shade
    for i, alpha in enumerate((0.25, 0.55, 0.7, 0.4)):
        shade = QColor(c)
        shade.setAlphaF(alpha)
        p.fillRect(QRectF(4 + (i % 2) * 4, 6 + (i // 2) * 4, 4, 4), shade)
    p.setPen(QPen(c, 1.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(4, 6, 8, 8))
    mean = QColor(c)
    mean.setAlphaF(0.5)
    p.setPen(QPen(c, 1.0))
    p.setBrush(QBrush(mean))
    p.drawRect(QRectF(15, 12, 5, 5))
    p.setPen(QPen(c, 1.2))
    p.drawLine(QPointF(12.5, 12.5), QPointF(14.5, 14))


def _glyph_flatten(p: QPainter, c: QColor) -> None:
    p.setPen(QPen(c, 1.0))
    p.drawRect(QRectF(5, 4, 7, 7))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(c))
    for i in range(5):
        p.drawRect(QRectF(4 + i * 3.4, 15, 2.6, 4))


#: the pictures a layer's tile can show, by what they draw; each layer view names its own
#: (designer.layer_views: `LayerView.glyph`), a type without one gets a plain tile
GLYPHS = {"network": _glyph_dense, "dropped_dots": _glyph_dropout, "filter_grid": _glyph_conv2d,
          "max_grid": _glyph_maxpool, "mean_grid": _glyph_avgpool, "image_to_row": _glyph_flatten}


def paint_layer_glyph(p: QPainter, rect: QRectF, glyph_name: str, color: str, *, on_color: bool = True) -> None:
    """Draw a badge (a rounded tile with the named glyph) into `rect`: the palette and stack share it."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QColor(color)
    tile = QColor(base)
    tile.setAlphaF(0.14 if on_color else 1.0)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(tile)
    p.drawRoundedRect(rect, rect.width() * 0.22, rect.width() * 0.22)
    p.translate(rect.topLeft())
    p.scale(rect.width() / 24.0, rect.height() / 24.0)
    glyph = GLYPHS.get(glyph_name)
    if glyph is not None:
        glyph(p, base if on_color else QColor("white"))
    p.restore()


@cache
def layer_icon(glyph_name: str, color: str) -> QIcon:
    return _icon(lambda p: paint_layer_glyph(p, QRectF(0, 0, 24, 24), glyph_name, color))


# --------------------------------------------------------------------------- severities

ERROR_COLOR = "#d93036"
WARNING_COLOR = "#d9860b"
OK_COLOR = "#1f9d55"


def paint_severity(p: QPainter, rect: QRectF, severity: str) -> None:
    """A round red "!" for errors, an amber triangle for warnings, a green tick for OK."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(rect.topLeft())
    p.scale(rect.width() / 24.0, rect.height() / 24.0)
    p.setPen(Qt.PenStyle.NoPen)
    white = QPen(QColor("white"), 2.4)
    white.setCapStyle(Qt.PenCapStyle.RoundCap)
    if severity == "warning":
        p.setBrush(QColor(WARNING_COLOR))
        p.setPen(QPen(QColor(WARNING_COLOR), 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        p.drawPath(_lines((12, 2.5), (22.5, 21), (1.5, 21), closed=True))
        p.setPen(white)
        p.drawLine(QPointF(12, 9), QPointF(12, 14))
        p.drawPoint(QPointF(12, 17.6))
    elif severity == "error":
        p.setBrush(QColor(ERROR_COLOR))
        p.drawEllipse(QRectF(2, 2, 20, 20))
        p.setPen(white)
        p.drawLine(QPointF(12, 7), QPointF(12, 13))
        p.drawPoint(QPointF(12, 16.8))
    else:
        p.setBrush(QColor(OK_COLOR))
        p.drawEllipse(QRectF(2, 2, 20, 20))
        p.setPen(white)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPolyline([QPointF(7.5, 12.5), QPointF(10.5, 15.5), QPointF(16.5, 9)])
    p.restore()


@cache
def severity_icon(severity: str) -> QIcon:
    return _icon(lambda p: paint_severity(p, QRectF(0, 0, 24, 24), severity))


__all__ = ["action_icon", "layer_icon", "paint_layer_glyph", "GLYPHS", "paint_severity", "severity_icon",
           "ERROR_COLOR", "WARNING_COLOR", "OK_COLOR", "INK"]
