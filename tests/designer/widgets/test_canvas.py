"""The drawing canvas: strokes from real mouse events, undo, clear, pictures, throttling."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from designer.widgets.canvas import (
    PEN_FRACTION,
    DrawingCanvas,
    PixelView,
    grey_qimage,
    qimage_array,
)


@pytest.fixture
def canvas(qtbot, show):
    c = show(DrawingCanvas(), 300, 300)
    qtbot.waitExposed(c)
    return c


def draw(qtbot, widget, points):
    """One stroke through `points` (widget coordinates), with real mouse events."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for p in points[1:]:
        qtbot.mouseMove(widget, QPoint(*p))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def vertical(x, y0, y1, step=10):
    return [(x, y) for y in range(y0, y1 + 1, step)]


def test_a_stroke_paints_thick_white_ink_on_black(qtbot, canvas):
    assert canvas.is_blank() and not canvas.image_array().any()
    draw(qtbot, canvas, vertical(151, 50, 250))  # off the pixel grid: the edges are grey
    a = canvas.image_array()
    assert a.shape == (canvas.resolution, canvas.resolution) and a.dtype == np.float32
    assert canvas.stroke_count() == 1 and not canvas.is_blank()
    assert a.max() == 1.0 and a.min() == 0.0
    # thick: the stroke is about a twelfth of the side wide (the widget shows the image 1:1.12)
    row = a[canvas.resolution // 2]
    width = np.count_nonzero(row > 0.5)
    assert abs(width - canvas.resolution * PEN_FRACTION) <= 3
    # antialiased: grey pixels along the edges
    assert np.count_nonzero((row > 0.05) & (row < 0.95)) >= 1


def test_undo_removes_the_last_stroke_and_clear_everything(qtbot, canvas):
    draw(qtbot, canvas, vertical(100, 50, 250))
    one = canvas.image_array()
    draw(qtbot, canvas, [(50, 150), (250, 150)])
    assert canvas.stroke_count() == 2
    canvas.undo_stroke()
    assert canvas.stroke_count() == 1
    np.testing.assert_array_equal(canvas.image_array(), one)
    canvas.clear()
    assert canvas.is_blank() and not canvas.image_array().any()
    canvas.undo_stroke()  # nothing left to undo: no error
    assert canvas.stroke_count() == 0


def test_ctrl_z_on_the_canvas_undoes_a_stroke_not_the_window_undo(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    design_undos = []
    edit_undo = QAction("Undo", window)
    edit_undo.setShortcut(QKeySequence.StandardKey.Undo)
    edit_undo.triggered.connect(lambda: design_undos.append(1))
    window.addAction(edit_undo)
    c = DrawingCanvas()
    window.setCentralWidget(c)
    window.resize(320, 320)
    window.show()
    qtbot.waitExposed(window)
    draw(qtbot, c, vertical(150, 50, 250))
    draw(qtbot, c, [(60, 100), (240, 100)])
    c.setFocus()
    qtbot.keyClick(c, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert c.stroke_count() == 1 and design_undos == []
    qtbot.keyClick(c, Qt.Key.Key_Backspace)
    assert c.stroke_count() == 0 and design_undos == []


def test_changed_is_throttled_while_drawing_and_sent_when_the_pen_lifts(qtbot, canvas):
    count = []
    canvas.changed.connect(lambda: count.append(1))
    points = vertical(150, 20, 280, step=2)  # 131 mouse events in a few milliseconds
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    assert len(count) == 1  # the first touch updates at once
    for p in points[1:]:
        qtbot.mouseMove(canvas, QPoint(*p))
    during = len(count)
    with qtbot.waitSignal(canvas.changed, timeout=1000):
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))
    assert during < 20
    assert len(canvas._strokes[0]) > 100  # every point is kept, only the signal is throttled


def test_a_single_click_leaves_a_dot(qtbot, canvas):
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(150, 150))
    assert canvas.stroke_count() == 1 and canvas.image_array().max() > 0.9


def test_right_button_does_not_draw(qtbot, canvas):
    draw_right = [(100, 100), (200, 200)]
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=QPoint(*draw_right[0]))
    qtbot.mouseMove(canvas, QPoint(*draw_right[1]))
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=QPoint(*draw_right[1]))
    assert canvas.is_blank()


def test_a_dark_on_light_picture_is_shown_inverted(qtbot, canvas, tmp_path):
    paper = np.full((100, 80), 230, np.uint8)
    paper[20:80, 35:45] = 20  # a dark "1"
    path = tmp_path / "one.png"
    Image.fromarray(paper).save(path)
    canvas.load_file(path)
    np.testing.assert_array_equal(canvas.picture(), paper.astype(np.float32) / 255)  # kept as read
    a = canvas.image_array()
    assert a[canvas.resolution // 2, canvas.resolution // 2] > 0.8  # the ink is now white
    assert a[5, canvas.resolution // 2] < 0.2  # the paper black (and the margins)
    canvas.clear()
    assert canvas.picture() is None and canvas.is_blank()


def test_strokes_over_a_picture_undo_back_to_the_picture(qtbot, canvas):
    canvas.set_picture(np.eye(28, dtype=np.float32))
    shown = canvas.image_array()
    draw(qtbot, canvas, [(40, 260), (260, 260)])
    assert canvas.has_strokes()
    canvas.undo_stroke()
    np.testing.assert_array_equal(canvas.image_array(), shown)
    assert canvas.picture() is not None


def test_image_helpers_round_trip():
    a = np.linspace(0, 1, 28 * 30, dtype=np.float32).reshape(28, 30)
    back = qimage_array(grey_qimage(a))
    assert back.shape == (28, 30)
    np.testing.assert_allclose(back, a, atol=1 / 255)


def test_pixel_view_keeps_the_array(qtbot):
    view = PixelView()
    qtbot.addWidget(view)
    assert view.pixels() is None
    digit = np.zeros((28, 28), np.float32)
    digit[10:20, 12:16] = 1
    view.set_pixels(digit)
    np.testing.assert_array_equal(view.pixels(), digit)
    view.resize(200, 200)
    view.grab()  # paints without error
