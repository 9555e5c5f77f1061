"""Shared pieces of the Design page tests: a main window with an example loaded, and
drag-and-drop sent as real Qt events (QDrag.exec() blocks, so tests send the events)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from core.design import spec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "resources" / "examples").glob("*.json"))
MNIST_EXAMPLE = ROOT / "resources" / "examples" / "mnist_mlp.json"


def as_dict(design: spec.Design) -> dict:
    return spec.to_dict(design)


def send_drag(target, mime, pos: QPoint, action=Qt.DropAction.CopyAction, *, drop: bool = True) -> bool:
    """Drag enter, move and (optionally) drop at `pos`; True if the target took the drop."""
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(target, move)
    if not drop:
        return move.isAccepted()
    event = QDropEvent(QPointF(pos), action, mime, buttons, mods)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


@pytest.fixture
def no_dialogs(monkeypatch):
    """Any blocking question fails the test instead of hanging it."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    monkeypatch.setattr(QMessageBox, "question", refuse)


@pytest.fixture
def window(qtbot, no_dialogs):
    """The main window with the MNIST example loaded, shown at 1280x800."""
    from designer.window.main_window import MainWindow

    w = MainWindow()
    assert w.files.load_example(MNIST_EXAMPLE, ask=False)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    # closed here rather than by qtbot, which closes widgets before fixtures end
    w.document.set_read_only(False)
    w.document.undo_stack.setClean()  # closing must not ask
    w.before_close.clear()
    w.close()
    w.deleteLater()
