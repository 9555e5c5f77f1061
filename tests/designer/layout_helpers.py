"""Is a widget on screen, whole? For tests of layouts at the window sizes people use."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect

#: small laptop, common laptop, desktop
WINDOW_SIZES = [(1024, 640), (1280, 800), (1920, 1080)]


def window_rect_of(widget) -> QRect:
    """The widget's rectangle in its window's coordinates."""
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def fully_visible(widget) -> bool:
    """True when every pixel of `widget` is shown: inside its window, and not clipped by a
    scroll area or any other parent (it could be clicked without scrolling)."""
    if not widget.isVisible():
        return False
    inside = widget.window().rect().contains(window_rect_of(widget))
    return inside and widget.visibleRegion().boundingRect() == widget.rect()
