"""The Test page: drawing gives predictions, pictures load, any 28x28 model works, the test-set browser."""
from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer

from core.data.catalog import FASHION
from core.design import spec
from core.io.bundle import Bundle
from core.io.shipped import best_shipped_model, shipped_models
from designer.document.bundled_model import install_bundled_model, load_bundled_model, load_shipped_model, shipped_model_of
from designer.document.model_store import ModelStore
from designer.pages.test.test_page import TestPage

from tests.designer.layout_helpers import WINDOW_SIZES, fully_visible, window_rect_of


@pytest.fixture(scope="module")
def bundled():
    return load_bundled_model()


@pytest.fixture
def store(bundled):
    s = ModelStore()
    s.set_bundle(bundled, "bundled")
    return s


@pytest.fixture
def page(qtbot, show, store):
    p = show(TestPage(store), 1100, 700)
    qtbot.waitExposed(p)
    yield p
    p.shutdown()


def random_bundle(dataset: str, inputs: int, classes: int) -> Bundle:
    design = spec.from_dict({
        "format": "layerlab-design", "version": 1, "name": f"random {dataset}", "dataset": dataset,
        "input": {"shape": [inputs]}, "layers": [{"type": "dense", "units": classes, "activation": "softmax"}],
    })
    rng = np.random.default_rng(0)
    weights = {"layers.0.W": rng.normal(0, 0.05, (inputs, classes)).astype(np.float32), "layers.0.b": np.zeros(classes, np.float32)}
    return Bundle(design=design, weights=weights, history={}, normalisation={"scale": 1 / 255, "offset": 0.0})


def draw(qtbot, widget, points):
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for p in points[1:]:
        qtbot.mouseMove(widget, QPoint(*p))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def canvas_points(canvas, fractions):
    """Points given as fractions of the canvas's square, in widget coordinates."""
    side = min(canvas.width(), canvas.height())
    x0, y0 = (canvas.width() - side) // 2, (canvas.height() - side) // 2
    return [(x0 + int(fx * side), y0 + int(fy * side)) for fx, fy in fractions]


def line(a, b, steps=12):
    return [(a[0] + (b[0] - a[0]) * t / steps, a[1] + (b[1] - a[1]) * t / steps) for t in range(steps + 1)]


def test_strokes_drawn_with_the_mouse_give_a_prediction(qtbot, page):
    assert page.prediction() is None and page.bars.values() is None
    assert "Shipped model:" in page.model_label.text()
    with qtbot.waitSignal(page.predictionChanged, timeout=2000):
        draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.5, 0.15), (0.48, 0.85))))
    label, probs = page.prediction()
    assert label == 1
    assert probs.shape == (10,) and abs(probs.sum() - 1) < 1e-4
    np.testing.assert_allclose(page.bars.values(), probs)
    assert page.bars.highlighted() == 1 and page.answer.text() == "1"
    seen = page.input_pixels()
    assert seen.shape == (28, 28) and seen.max() > 0.9

    # a "7": a bar across the top, then a long diagonal
    page.canvas.clear()
    assert page.prediction() is None and page.bars.values() is None
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.25, 0.2), (0.75, 0.2)) + line((0.75, 0.2), (0.4, 0.85))[1:]))
    assert page.prediction()[0] == 7


def test_undo_stroke_button_and_canvas_keys_update_the_prediction(qtbot, page):
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.5, 0.15), (0.5, 0.85))))
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.3, 0.5), (0.7, 0.5))))
    two_strokes = page.prediction()[1]
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert page.canvas.stroke_count() == 1 and page.prediction()[0] == 1
    assert not np.allclose(two_strokes, page.prediction()[1])
    page.canvas.setFocus()
    qtbot.keyClick(page.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.canvas.is_blank() and page.prediction() is None
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.5, 0.15), (0.5, 0.85))))
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.canvas.is_blank() and page.prediction() is None


def test_fashion_models_show_their_class_names(qtbot, page, store):
    store.set_bundle(random_bundle("fashion-mnist", 784, 10), "/somewhere/fashion.npz")
    assert "fashion.npz" in page.model_label.text()
    assert page.bars.class_names() == list(FASHION)
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.3, 0.3), (0.7, 0.7))))
    label, _ = page.prediction()
    assert page.answer.text() == FASHION[label]


def test_a_model_without_picture_inputs_is_explained(qtbot, page, store):
    store.set_bundle(random_bundle("spirals", 2, 2), "trained")
    assert "not 28x28 pictures" in page.model_label.text()
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.5, 0.2), (0.5, 0.8))))
    assert page.prediction() is None
    store.set_bundle(None, "")
    assert "No trained model" in page.model_label.text()


def test_an_unreadable_picture_is_reported_on_the_page(qtbot, page, tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    assert not page.load_image_file(bad)
    assert page.message.isVisibleTo(page) and "broken.png" in page.message.text()
    assert page.message.text().startswith("This picture cannot be used.")  # translatable lead


def test_the_bundled_model_is_installed_only_into_an_empty_store(bundled):
    store = ModelStore()
    assert install_bundled_model(store) and store.origin == "bundled"
    other = random_bundle("mnist", 784, 10)
    store.set_bundle(other, "trained")
    assert not install_bundled_model(store) and store.bundle is other


def test_the_page_tests_the_best_shipped_model_says_which_and_switches_to_another(qtbot, page, store):
    best = best_shipped_model()
    assert shipped_model_of(store.bundle) == best and best.name == "mnist_cnn"
    text = page.model_label.text()
    assert f"<b>Shipped model:</b> MNIST CNN, {best.test_accuracy * 100:.1f} % on the test set" in text
    assert "1 × 28 × 28 → Conv2D 16 × 3 × 3 → MaxPool2D 2 × 2 → Conv2D 32 × 3 × 3" in text and "→ Dense 10" in text
    combo = page.shipped_combo
    assert combo.isVisibleTo(page) and combo.count() == len(shipped_models()) >= 2
    assert combo.currentData() == "mnist_cnn" and "99." in combo.currentText()

    mlp = combo.findData("mnist_mlp")
    combo.setCurrentIndex(mlp)
    combo.activated.emit(mlp)  # as a click on the list's entry does
    assert store.origin == "bundled" and store.bundle is load_shipped_model("mnist_mlp")
    assert "<b>Shipped model:</b> MNIST MLP, 98.1 % on the test set" in page.model_label.text()
    assert "784 → Dense 512 → Dropout → Dense 256 → Dropout → Dense 10" in page.model_label.text()
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.5, 0.15), (0.48, 0.85))))
    assert page.prediction()[0] == 1

    # the user's own model takes over, and no list offers to throw it away
    store.set_bundle(random_bundle("mnist", 784, 10), "trained")
    assert not combo.isVisibleTo(page) and "trained in this session" in page.model_label.text()


def test_the_model_line_and_the_list_are_in_japanese(qtbot, japanese, store):
    page = TestPage(store)
    qtbot.addWidget(page)
    text = page.model_label.text()
    assert "付属モデル" in text and "テストデータ" in text and "畳み込み層 16 × 3 × 3" in text and "全結合層 10" in text
    assert "Shipped" not in text and "test set" not in text


# --------------------------------------------------------------------------- the test-set browser


def test_the_test_set_browser_loads_in_a_thread_filters_sorts_and_opens_cells(qtbot, page, monkeypatch, datasets_dir):
    monkeypatch.setenv("LAYERLAB_DATA", str(datasets_dir))
    browser = page.browser
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    started = time.perf_counter()
    with qtbot.waitSignal(browser.ready, timeout=30_000):
        page.tabs.setCurrentIndex(1)  # shown: loading starts
        assert browser.is_loading()  # ...and the tab switch did not wait for it
    loading_ms = 1000 * (time.perf_counter() - started)
    timer.stop()
    # the event loop kept running while the dataset loaded (a 20 ms timer ticked);
    # how often depends on how long loading took and how busy the machine is
    if loading_ms > 150:
        assert len(ticks) >= 1, f"{len(ticks)} ticks in {loading_ms:.0f} ms of loading"

    r = browser.results()
    assert r.count == 10_000 and r.accuracy >= 0.98
    assert browser.model.rowCount() == 10_000
    m = browser.matrix.matrix()
    assert m.sum() == 10_000 and np.trace(m) == int(np.sum(r.true == r.predicted))
    np.testing.assert_allclose(browser.class_bars.values(), np.diag(m) / m.sum(axis=1))

    browser.set_mistakes_only(True)
    shown = browser.shown_indices()
    assert len(shown) == 10_000 - np.trace(m) and np.all(r.true[shown] != r.predicted[shown])
    browser.set_sort("confident")
    conf = r.confidence[browser.shown_indices()]
    assert np.all(np.diff(conf) <= 0)
    browser.set_sort("unsure")
    assert np.all(np.diff(r.confidence[browser.shown_indices()]) >= 0)

    off = m.copy()
    np.fill_diagonal(off, 0)
    t, q = np.unravel_index(off.argmax(), off.shape)
    qtbot.mouseClick(browser.matrix, Qt.MouseButton.LeftButton, pos=browser.matrix.cell_rect(t, q).center().toPoint())
    shown = browser.shown_indices()
    assert len(shown) == m[t, q] and np.all(r.true[shown] == t) and np.all(r.predicted[shown] == q)
    assert browser.cell_label.isVisibleTo(browser)
    browser.clear_cell()
    assert len(browser.shown_indices()) == 10_000 - np.trace(m)

    # double-clicking an image tries it on the canvas
    index = browser.model.index(0, 0)
    browser.grid.doubleClicked.emit(index)
    assert page.tabs.currentIndex() == 0 and page.canvas.picture() is not None
    assert page.prediction()[0] == r.predicted[browser.shown_indices()[0]]


def test_a_missing_dataset_is_said_plainly(qtbot, page, monkeypatch, tmp_path):
    import core.data.datasets

    monkeypatch.setenv("LAYERLAB_DATA", str(tmp_path))
    monkeypatch.setattr(core.data.datasets, "SYSTEM_DATA_DIR", tmp_path / "system")
    with qtbot.waitSignal(page.browser.loadFailed, timeout=10_000):
        page.tabs.setCurrentIndex(1)
    assert "not on this computer" in page.browser.status.text()
    assert page.browser.download_button.isVisibleTo(page.browser)


def test_an_unexpected_error_while_classifying_is_reported_and_ends_the_thread(qtbot, page, monkeypatch):
    # Without a signal, the worker's thread would never quit: "Loading..." forever, and a
    # running QThread destroyed with the window.
    import core.data.datasets

    def broken(*args, **kwargs):
        raise RuntimeError("broken reader")

    monkeypatch.setattr(core.data.datasets, "load_dataset", broken)
    with qtbot.waitSignal(page.browser.loadFailed, timeout=10_000):
        page.tabs.setCurrentIndex(1)
    assert "broken reader" in page.browser.status.text()
    qtbot.waitUntil(lambda: not page.browser.is_loading(), timeout=5_000)


def test_the_main_window_has_the_test_page_with_the_bundled_model(qtbot):
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    assert window.test_page in window.pages()
    assert window.model_store.origin == "bundled" and window.test_page.predictor() is not None
    window.test_page.canvas.add_stroke([(168, 50), (166, 290)])
    assert window.test_page.prediction()[0] == 1


def test_closing_while_the_test_set_is_classified_stops_within_a_second(qtbot, page, monkeypatch):
    # Classifying a big test set with a slow model would take ~6 s (15 chunks of 0.4 s); shutdown must cancel it
    # between chunks rather than wait (the window is closing), and say the thread ended.
    import threading
    from types import SimpleNamespace

    import core.data.datasets
    import core.nn.predictor

    busy = threading.Event()

    class SlowModel:
        def set_weights(self, weights):
            pass

        def predict_proba(self, x):
            busy.set()
            time.sleep(0.4)
            return np.full((len(x), 10), 0.1, np.float32)

    monkeypatch.setattr(core.nn.predictor, "build_model", lambda design, rng=None: SlowModel())
    fake = SimpleNamespace(title="MNIST", input_shape=(784,), x_test=np.zeros((15 * 2048, 784), np.uint8),
                           y_test=np.zeros(15 * 2048, np.int64))
    monkeypatch.setattr(core.data.datasets, "load_dataset", lambda *args, **kwargs: fake)
    page.tabs.setCurrentIndex(1)
    assert page.browser.is_loading()
    assert busy.wait(10)
    started = time.monotonic()
    assert page.shutdown() is True
    assert time.monotonic() - started < 1.0
    assert page.browser.results() is None


def test_a_test_set_load_that_does_not_end_keeps_the_main_window_open(qtbot, monkeypatch):
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    window.document.undo_stack.setClean()
    answers = [False, True]
    monkeypatch.setattr(window.test_page.browser, "shutdown", lambda ms=1000: answers.pop(0) if answers else True)
    assert not window.close()  # a thread still running: closing would destroy it
    assert window.close()


def test_a_model_that_gives_scores_does_not_show_them_as_probabilities(qtbot, page, store):
    bundle = random_bundle("mnist", 784, 10)
    bundle.design.layers[-1].activation = "sigmoid"
    bundle.design.loss = "mse"
    store.set_bundle(bundle, "trained")
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.5, 0.15), (0.5, 0.85))))
    label, scores = page.prediction()
    assert "score" in page.answer.detail() and "%" not in page.answer.detail()
    assert "%" not in page.bars.value_text(label) and page.bars.value_text(label) == f"{scores[label]:.3g}"
    store.set_bundle(random_bundle("mnist", 784, 10), "trained")  # softmax again: probabilities
    draw(qtbot, page.canvas, canvas_points(page.canvas, line((0.5, 0.15), (0.5, 0.85))))
    assert "% sure" in page.answer.detail() and page.bars.value_text(page.prediction()[0]).endswith(" %")


def test_an_eps_picture_named_png_is_refused_and_runs_nothing(qtbot, page, tmp_path, monkeypatch, japanese):
    import subprocess

    from PIL import EpsImagePlugin

    started = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: started.append(a) or pytest.fail("a process was started"))
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", lambda *a, **k: pytest.fail("Ghostscript was reached"))
    path = tmp_path / "digit.png"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\nshowpage\n%%EOF\n")
    assert not page.load_image_file(path)
    text = page.message.text()
    assert "digit.png" in text and "PNG、JPEG、BMP、GIF" in text and "use PNG" not in text
    assert started == [] and page.canvas.is_blank()


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_png_is_refused_without_hanging(qtbot, page, tmp_path):
    import os

    path = tmp_path / "pipe.png"
    os.mkfifo(path)
    t0 = time.perf_counter()
    assert not page.load_image_file(path)
    assert time.perf_counter() - t0 < 1
    assert "pipe.png" in page.message.text() and "not a picture file" in page.message.text()


@pytest.mark.parametrize("size", WINDOW_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_canvas_buttons_and_every_bar_fit_in_the_window(qtbot, size):
    """The square canvas grew with the window's width and pushed Undo stroke and Clear (and the
    bar for 9) below the fold; now the page fits the window and the canvas fits the page."""
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.test_page)
    qtbot.wait(50)
    page = window.test_page
    for widget in (page.load_button, page.undo_button, page.clear_button, page.bars, page.canvas, page.input_view):
        assert fully_visible(widget), (type(widget).__name__, window_rect_of(widget), window.size())
    side = min(page.canvas.width(), page.canvas.height())
    assert side >= 300  # still a big canvas to draw on
