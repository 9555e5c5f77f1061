"""Scrolling a page with the mouse wheel never changes a field on the way; a focused field still
takes the wheel. One filter for the whole application (designer.widgets.wheel_guard)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.designer.design_helpers import MNIST_EXAMPLE, no_dialogs  # noqa: F401


def wheel(widget, notches: int) -> None:
    """Turn the wheel over the middle of `widget` (positive: away from the user, up)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def small_window(qtbot, no_dialogs):
    """The main window at 1024 x 640, on the Train page, whose column of fields then scrolls."""
    from designer.window.main_window import MainWindow

    w = MainWindow(autosave=False)
    assert w.files.load_example(MNIST_EXAMPLE, ask=False)
    w.resize(1024, 640)
    w.show()
    qtbot.waitExposed(w)
    w.show_page(w.training_page)
    qtbot.wait(50)
    yield w
    w.document.undo_stack.setClean()  # closing must not ask
    w.close()
    w.deleteLater()


def test_the_wheel_over_a_field_scrolls_the_page_and_leaves_the_value(small_window, qtbot):
    page = small_window.training_page
    bar = page.controls.verticalScrollBar()  # the scroll area nearest the fields
    assert bar.maximum() > 0, "the Train page's fields no longer scroll at 1024 x 640: pick a smaller window"
    for field in (page.form.seed_spin, page.form.optimizer_combo, page.form.lr_spin):
        bar.setValue(0)
        before = page.document.design.training.seed, page.document.design.training.optimizer.type, page.form.lr_spin.value()
        assert not field.hasFocus()
        wheel(field, -3)
        after = page.document.design.training.seed, page.document.design.training.optimizer.type, page.form.lr_spin.value()
        assert after == before, type(field).__name__
        assert bar.value() > 0, "the column did not scroll"
    assert not page.document.undo_stack.canUndo()


def test_a_focused_field_takes_the_wheel(small_window, qtbot):
    page = small_window.training_page
    seed = page.form.seed_spin
    assert seed.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel alone no longer gives focus
    seed.setFocus()
    qtbot.waitUntil(seed.hasFocus, timeout=2000)
    bar = page.controls.verticalScrollBar()
    scrolled = bar.value()
    wheel(seed, 2)
    assert page.document.design.training.seed == 2 and bar.value() == scrolled


def test_every_field_of_every_page_is_guarded(small_window):
    """One mechanism for every spin box and menu, whoever made it: none takes focus from the wheel."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    fields = [f for page in small_window.pages() for kind in (QAbstractSpinBox, QComboBox) for f in page.findChildren(kind)]
    for page in small_window.pages():
        small_window.show_page(page)
        if hasattr(page, "tabs"):
            for i in range(page.tabs.count()):
                page.tabs.setCurrentIndex(i)
    QApplication.processEvents()
    assert len(fields) > 30
    shown = [f for f in fields if f.isVisibleTo(f.window())]
    assert shown and all(f.focusPolicy() != Qt.FocusPolicy.WheelFocus for f in shown)
