"""The mouse wheel scrolls the page; it changes a spin box or a menu only when that field has focus.

Qt's spin boxes and combo boxes take every wheel turn over them, and take the focus with
it: scrolling down a page that scrolls changed the Seed from 0 to 5 on the way, without a
sign. One application-wide event filter fixes it for every such field, whoever made it:

* when a field is first shown, a focus policy that takes focus from the wheel becomes
  "click or Tab" (the wheel no longer gives it focus);
* a wheel turn over a field without focus goes to the scroll area around it instead.

`install(app)` is called once at startup (designer.app) and by the main window (tests make
windows without designer.app); installing twice changes nothing.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget

#: the fields that would otherwise change their value under the wheel
GUARDED = (QAbstractSpinBox, QComboBox)


class WheelGuard(QObject):
    """The event filter (see the module doc)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, GUARDED):
            if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(obj, GUARDED) and not _focused(obj):
            _scroll_around(obj, event)
            return True
        return False


def _focused(field: QWidget) -> bool:
    """True when the field (or its own line edit, or its open list) has the keyboard focus."""
    focus = QWidget.focusWidget(field.window()) if field.window() is not None else None
    return field.hasFocus() or (focus is not None and field.isAncestorOf(focus))


def _scroll_around(field: QWidget, event: QWheelEvent) -> None:
    """Hand the wheel turn to the nearest scroll area holding `field` (none: it is dropped)."""
    parent = field.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        return
    viewport = parent.viewport()
    pos = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
    forwarded = QWheelEvent(pos, event.globalPosition(), event.pixelDelta(), event.angleDelta(), event.buttons(),
                            event.modifiers(), event.phase(), event.inverted(), event.source())
    QCoreApplication.sendEvent(viewport, forwarded)


_guard: WheelGuard | None = None


def install(app: QCoreApplication | None = None) -> WheelGuard | None:
    """Filter the application's events (once); returns the guard, or None without an application."""
    global _guard
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    if _guard is None or _guard.parent() is not app:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
    return _guard


__all__ = ["WheelGuard", "install", "GUARDED"]
