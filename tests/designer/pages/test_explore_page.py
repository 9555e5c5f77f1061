"""The Explore page through its widgets: the inspector stepping through the worked example,
the gradient check button, a race with five curves, a playground boundary that moves,
weights and activations, the loss explorer, and stopping everything cleanly."""
from __future__ import annotations

import math
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.design import spec
from core.explain.inspect import number
from core.explain.race import RACE_OPTIMIZERS
from designer.document.document import Document
from designer.document.model_store import ModelStore
from designer.pages.explore.explore_page import ExplorePage

from tests.conftest import EXAMPLES
from tests.designer.layout_helpers import fully_visible, window_rect_of

pytestmark = pytest.mark.usefixtures("offline")  # nothing here may reach the internet or the machine's datasets


@pytest.fixture
def make_page(show_page, datasets_dir):
    def _make(example: str, *, bundled: str = "") -> ExplorePage:
        """The page on example design `example`, with shipped model `bundled` (a name) in the store."""
        doc = Document()
        doc.load_design(spec.load(EXAMPLES / f"{example}.json"))
        store = ModelStore()
        if bundled:
            from designer.document.bundled_model import install_bundled_model

            assert install_bundled_model(store, bundled)
        return show_page(ExplorePage(doc, store, data_dir=datasets_dir))

    return _make


def sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


def texts(view) -> list[list[str]]:
    return view.texts()


def by_symbol(panel) -> dict[str, list[list[str]]]:
    return {view.title.text().split()[0]: view.texts() for view in panel.steps.visible_views()}


def test_the_inspector_steps_through_the_worked_example(make_page, qtbot):
    page = make_page("worked_example")
    ins = page.inspector
    assert ins.source() == "point" and ins.origin == "initial"
    assert (ins.samples.x1_spin.value(), ins.samples.x2_spin.value(), ins.samples.label_combo.currentIndex()) == (1.0, -1.0, 1)
    assert ins.steps.current_step.kind == "input" and ins.steps.formula_label.text() == "x = (x₁, x₂)"
    assert by_symbol(ins)["x"] == [["1", "−1"]]
    assert not ins.steps.back_button.isEnabled()

    # the numbers, worked out by hand from the fixed weights
    z = [1 * 0.5 + -1 * 0.2 + 0.1, 1 * -0.3 + -1 * 0.4 - 0.1]
    h = [sigmoid(v) for v in z]
    u = [h[0] * 0.6 + h[1] * -0.4 + 0.0, h[0] * -0.2 + h[1] * 0.5 + 0.1]
    y = [sigmoid(v) for v in u]
    t = [0.0, 1.0]
    loss = 0.5 * ((y[0] - t[0]) ** 2 + (y[1] - t[1]) ** 2)
    du = [(y[k] - t[k]) * y[k] * (1 - y[k]) for k in range(2)]
    dh = [du[0] * 0.6 + du[1] * -0.2, du[0] * -0.4 + du[1] * 0.5]
    dz = [dh[k] * h[k] * (1 - h[k]) for k in range(2)]

    qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    step = ins.steps.current_step
    assert (step.kind, step.layer) == ("weighted_sum", 0)
    assert ins.steps.formula_label.text() == "z = x·W + b"
    shown = by_symbol(ins)
    assert shown["W"] == [["0.5", "−0.3"], ["0.2", "0.4"]]
    assert shown["b"] == [["0.1", "−0.1"]]
    assert shown["z"] == [[number(z[0]), number(z[1])]] == [["0.4", "−0.8"]]
    assert "z₁ = 1 × 0.5 + (−1) × 0.2 + 0.1 = 0.4" in ins.steps.worked_label.text()

    qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    assert ins.steps.formula_label.text() == "a = σ(z) = 1 / (1 + e^(−z))"
    assert by_symbol(ins)["a"] == [[number(h[0]), number(h[1])]] == [["0.5987", "0.31"]]

    ins.steps.go_to(4)  # layer 2's activation: the output
    assert by_symbol(ins)["a"] == [[number(y[0]), number(y[1])]]
    qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    assert ins.steps.current_step.kind == "loss"
    assert by_symbol(ins)["L"] == [[number(loss)]] == [["0.2647"]]
    assert f"Loss L = {number(loss)}" in ins.steps.summary_label.text()

    # backward
    qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    assert ins.steps.current_step.direction == "backward"
    assert by_symbol(ins)["∂L/∂y"] == [[number(y[0] - t[0]), number(y[1] - t[1])]]
    qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    assert ins.steps.formula_label.text().startswith("∂L/∂z = ∂L/∂a ⊙ σ(z)(1 − σ(z))")
    assert by_symbol(ins)["∂L/∂z"] == [[number(du[0]), number(du[1])]]
    qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    assert by_symbol(ins)["∂L/∂W"] == [[number(h[i] * du[j]) for j in range(2)] for i in range(2)]
    qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    assert by_symbol(ins)["∂L/∂x"] == [[number(dh[0]), number(dh[1])]]
    qtbot.mouseClick(ins.steps.end_button, Qt.MouseButton.LeftButton)
    assert ins.steps.current_step.kind == "input_gradient" and ins.steps.current_step.layer == 0
    qtbot.mouseClick(ins.steps.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ins.steps.back_button, Qt.MouseButton.LeftButton)
    assert ins.steps.current_step.kind == "activation_gradient" and ins.steps.current_step.layer == 0
    assert by_symbol(ins)["∂L/∂z"] == [[number(dz[0]), number(dz[1])]]
    assert ins.steps.next_button.isEnabled()  # not at the end any more
    assert ins.steps.diagram.isVisible()

    # a new point keeps the step, with new numbers
    ins.samples.x2_spin.setValue(1.0)
    assert ins.steps.current_step.kind == "activation_gradient" and ins.trace.x.tolist() == [1.0, 1.0]
    ins.steps.restart()
    assert ins.steps.current_index == 0


def test_the_inspector_numbers_the_outputs_as_the_classes(make_page, qtbot):
    """It said "the largest is class 7" but showed it in column 8 and wrote ∂L/∂y₈: outputs are
    numbered from 0 like the classes; hidden neurons keep the textbook's 1, 2, ..."""
    page = make_page("mnist_mlp", bundled="mnist_mlp")
    ins = page.inspector
    qtbot.waitUntil(lambda: ins.trace is not None, timeout=15000)
    tr = ins.trace
    predicted = ins.samples.label_combo.itemText(tr.prediction)
    assert predicted == "7" and tr.prediction == tr.label == 7  # test image 0 is a 7
    loss_step = next(i for i, step in enumerate(tr.steps) if step.kind == "loss")
    ins.steps.go_to(loss_step)
    assert "the largest is class 7" in ins.steps.summary_label.text()
    y_view = next(v for v in ins.steps.visible_views() if v.title.text().split()[0] == "y")
    labels, values = y_view.column_labels(), y_view.texts()[0]
    largest = max(range(len(values)), key=lambda j: float(values[j].replace("−", "-")))
    assert labels == [str(k) for k in range(10)] and labels[largest] == predicted
    ins.steps.go_to(loss_step + 1)  # the loss's gradient: only the right class's term
    assert "∂L/∂y₇ = −1 / " in ins.steps.worked_label.text() and "y₈" not in ins.steps.worked_label.text()
    # a hidden layer's neurons are still counted from 1
    first = next(i for i, step in enumerate(tr.steps) if step.kind == "weighted_sum")
    ins.steps.go_to(first)
    assert ins.steps.current_step.per_class == frozenset()


def test_the_worked_example_numbers_its_two_outputs_0_and_1(make_page):
    ins = make_page("worked_example").inspector
    tr = ins.trace
    ins.steps.go_to(next(i for i, step in enumerate(tr.steps) if step.kind == "loss_gradient"))
    assert ins.steps.worked_label.text().startswith("∂L/∂y₀ = ") and "∂L/∂y₁ = " in ins.steps.worked_label.text()
    assert [v.column_labels() for v in ins.steps.visible_views()][0] == ["0", "1"]
    ins.steps.go_to(1)  # layer 1's weighted sum: neurons 1 and 2, as in the textbook
    assert "z₁ = 1 × 0.5" in ins.steps.worked_label.text() and "z₂ = " in ins.steps.worked_label.text()


def test_the_inspector_traces_a_test_image_and_a_drawing_with_the_trained_model(make_page, qtbot):
    page = make_page("mnist_mlp", bundled="mnist_mlp")
    ins = page.inspector
    qtbot.waitUntil(lambda: ins.trace is not None, timeout=15000)  # the test set loads in the background
    assert ins.origin == "trained" and ins.source() == "test"
    tr = ins.trace
    assert tr.x.size == 784 and tr.label == ins.samples.label_combo.currentIndex()
    assert tr.prediction == tr.label  # the bundled model gets test image 0 right
    ins.steps.run_to_end()
    assert ins.steps.current_step.kind == "input_gradient"
    assert {v.mode for v in ins.steps.visible_views()} == {"heatmap"}
    assert not ins.steps.diagram.isVisible()  # too big to draw neuron by neuron

    ins.set_source("drawing")
    assert ins.trace is None and "Draw a digit" in ins.steps.message_label.text()
    picture = np.zeros((28, 28))
    picture[4:24, 13:16] = 1.0  # a "1"
    ins.samples.canvas.set_picture(picture)
    qtbot.waitUntil(lambda: ins.trace is not None, timeout=3000)
    assert ins.trace.output.shape == (10,)

    ins.set_weights("initial")
    assert ins.origin == "initial"


def test_the_gradient_check_button(make_page, qtbot):
    page = make_page("worked_example")
    panel = page.gradcheck
    with qtbot.waitSignal(panel.checked, timeout=20000) as blocker:
        qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.passed and report.max_error < 1e-6
    rows = panel.result_texts()
    assert [r[:2] for r in rows] == [["Layer 1", "weights W"], ["Layer 1", "biases b"], ["Layer 2", "weights W"], ["Layer 2", "biases b"]]
    assert all(r[3] == "4 of 4" or r[3] == "2 of 2" for r in rows)
    assert all(float(r[4].replace("−", "-")) < 1e-6 and r[5] == "✓ agree" for r in rows)
    assert "Backprop" in panel.timing_label.text()
    assert panel.check_button.isEnabled()


def test_the_gradient_check_on_the_trained_mnist_model(make_page, qtbot):
    page = make_page("mnist_mlp", bundled="mnist_mlp")
    panel = page.gradcheck
    panel.entries_spin.setValue(15)
    with qtbot.waitSignal(panel.checked, timeout=30000) as blocker:
        panel.start_check()
    report = blocker.args[0]
    assert report.passed, report.rows  # on the hardest samples the gradients are big enough to measure
    assert len(report.rows) == 6 and report.parameters == 535_818
    assert "hardest" in panel.status_label.text()


def test_a_race_draws_a_curve_per_optimizer_from_the_same_start(make_page, qtbot):
    page = make_page("moons")
    panel = page.race
    panel.epochs_spin.setValue(2)
    with qtbot.waitSignal(panel.raceFinished, timeout=30000) as blocker:
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        assert panel.is_running and not panel.start_button.isEnabled()
    result = blocker.args[0]
    assert result.status == "completed"
    assert set(result.lanes) == set(RACE_OPTIMIZERS)
    assert len({lane.first_loss for lane in result.lanes.values()}) == 1
    points = panel.curve_points()
    assert set(points) == set(RACE_OPTIMIZERS) and all(n == result.steps for n in points.values())
    rows = panel.result_texts()
    assert len(rows) == 5 and len({r[2] for r in rows}) == 1  # the same first loss in the table
    assert panel.frames >= 1 and not panel.is_running and panel.start_button.isEnabled()


def test_stop_ends_a_race_at_once(make_page, qtbot):
    page = make_page("moons")
    panel = page.race
    panel.epochs_spin.setValue(1000)
    panel.start_race()
    qtbot.waitUntil(lambda: any(panel.curve_points().values()), timeout=10000)
    assert panel.runner.worker_thread_ident not in (None, threading.get_ident())  # raced in its own thread
    assert page.stop_and_wait(3000)
    assert not panel.is_running and panel.start_button.isEnabled()


def test_the_playground_boundary_moves_while_training(make_page, qtbot):
    page = make_page("xor_hidden")
    panel = page.playground
    assert panel.use_design.isChecked() and panel.dataset_combo.currentData() == "xor"
    panel.speed_combo.setCurrentIndex(1)  # normal: 300 batches a second
    panel.epochs_spin.setValue(30)  # 27 batches each: about 3 s
    images = []
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert panel.is_running

    def grab():
        if panel.boundary_image() is not None and (not images or not np.array_equal(images[-1], panel.boundary_image())):
            images.append(panel.boundary_image())
        return len(images) >= 4

    qtbot.waitUntil(grab, timeout=15000)
    assert panel.is_running  # the image changed while training was still going on
    assert not np.array_equal(images[0], images[-1])
    assert not panel.train_button.isEnabled() and not panel.hidden_spin.isEnabled()
    with qtbot.waitSignal(panel.runFinished, timeout=30000) as blocker:
        pass
    assert blocker.args[0].test_accuracy > 0.95
    assert "test accuracy" in panel.status_label.text()


def test_xor_needs_a_hidden_layer_in_the_playground(make_page, qtbot):
    page = make_page("xor_hidden")
    panel = page.playground
    panel.use_quick.setChecked(True)
    panel.hidden_spin.setValue(0)
    panel.speed_combo.setCurrentIndex(2)
    panel.epochs_spin.setValue(40)
    with qtbot.waitSignal(panel.runFinished, timeout=30000) as blocker:
        panel.start_training()
    assert blocker.args[0].test_accuracy < 0.8
    assert [layer.units for layer in panel.playground_design().layers] == [2]


def test_weights_and_activations_of_the_trained_mnist_model(make_page, qtbot):
    page = make_page("mnist_mlp", bundled="mnist_mlp")
    panel = page.weights
    page.show_panel(panel)
    assert panel.origin == "trained" and panel.mosaic.isVisible()
    assert panel.mosaic_shape == (8, 8)
    qtbot.waitUntil(lambda: panel.histogram_result is not None, timeout=15000)
    h = panel.histogram_result
    assert h.values == 500 * 512 and 0.3 < h.zeros < 0.95  # ReLU switches many neurons off
    panel.sum_radio.setChecked(True)
    assert panel.histogram_result.zeros < 0.01  # weighted sums are rarely exactly 0


def test_the_loss_explorer(make_page, qtbot):
    page = make_page("worked_example")
    panel = page.losses
    panel.classes_spin.setValue(10)
    panel.set_probability(0.7, 3)
    assert panel.ce_worked.text() == "L = −log 0.7 = 0.357"
    assert panel.squared_error.value == pytest.approx(0.05)
    # the inspector's sample: the worked example's outputs, right class 1
    qtbot.mouseClick(panel.from_inspector, Qt.MouseButton.LeftButton)
    tr = page.inspector.trace
    assert panel.classes_spin.value() == 2 and panel.label_combo.currentIndex() == 1
    assert panel.squared_error.value == pytest.approx(tr.loss)  # the worked example's loss is squared error
    assert panel.cross_entropy.value == pytest.approx(-math.log(tr.output[1]))


def test_the_page_follows_the_document(make_page, qtbot):
    page = make_page("worked_example")
    assert page.inspector.source() == "point"
    page.document.load_design(spec.load(EXAMPLES / "spirals.json"))
    assert page.inspector.trace.x.size == 2 and page.playground.dataset_combo.currentData() == "spirals"
    page.document.load_design(spec.load(EXAMPLES / "mnist_mlp.json"))
    assert page.inspector.source() == "test"
    assert not page.playground.use_design.isEnabled() and page.playground.use_quick.isChecked()


def test_closing_stops_a_long_gradient_check_at_once(make_page, qtbot):
    import time

    page = make_page("mnist_mlp")
    panel = page.gradcheck
    panel.entries_spin.setValue(10_000)  # 20,000+ forward passes: minutes
    panel.start_check()
    qtbot.waitUntil(lambda: panel.runner.running, timeout=15000)  # once the test set has loaded
    start = time.monotonic()
    assert page.stop_and_wait(2000)
    assert time.monotonic() - start < 2.0
    assert not panel.is_running and panel.check_button.isEnabled() and panel.report is None


def test_the_page_in_the_main_window(qtbot, datasets_dir):
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    page = ExplorePage(window.document, window.model_store, data_dir=datasets_dir)
    window.add_page(page, "Explore")
    window.before_close.append(page.before_close)
    window.resize(1280, 800)
    window.show()
    window.files.load_example(EXAMPLES / "spirals.json", ask=False)
    window.show_page(page)
    page.show_panel(page.playground)
    page.playground.speed_combo.setCurrentIndex(0)
    assert page.playground.start_training()
    holder = window.tabs.currentWidget()
    qtbot.wait(100)  # let the layouts settle
    assert page.height() <= holder.viewport().height(), (page.minimumSizeHint(), holder.viewport().size())  # no scrolling at 1280 x 800
    window.document.undo_stack.setClean()
    assert window.close()
    assert not page.playground.is_running


def test_the_weights_mosaic_is_whole_at_1280_by_800(qtbot, datasets_dir):
    """Its top and bottom rows of tiles were cut by about a quarter: the label was given less
    height than its picture."""
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.files.load_example(EXAMPLES / "mnist_mlp.json", ask=False)
    page = window.explore_page
    window.show_page(page)
    page.show_panel(page.weights)
    mosaic = page.weights.mosaic
    qtbot.waitUntil(lambda: mosaic.picture() is not None, timeout=5000)
    qtbot.wait(100)  # the layouts settle, the picture is made again for the label's final size
    assert page.weights.mosaic_shape == (8, 8)
    assert fully_visible(mosaic), (window_rect_of(mosaic), window.size())
    drawn = mosaic.picture_rect()
    assert mosaic.rect().toRectF().contains(drawn)
    assert min(drawn.width(), drawn.height()) >= 300
    # the picture is drawn at the size it was made for the label, not squeezed or cut
    assert drawn.size().toSize() == mosaic.picture().size()
    window.document.undo_stack.setClean()
    assert window.close()


def test_the_inspector_returns_to_the_trained_model_once_it_fits_again(make_page, qtbot):
    """As at start-up: the window's first design does not fit the shipped model, then the
    MNIST example does; the fallback to initial weights must not stick. A choice does."""
    page = make_page("xor_hidden", bundled="mnist_mlp")
    ins = page.inspector
    qtbot.waitUntil(lambda: ins.trace is not None, timeout=15000)
    assert ins.origin == "initial"  # the MNIST model does not fit a 2-input design
    page.document.load_design(spec.load(EXAMPLES / "mnist_mlp.json"))
    qtbot.waitUntil(lambda: ins.trace is not None and ins.trace.x.size == 784, timeout=15000)
    assert ins.origin == "trained"

    ins.set_weights("initial")  # the user's own choice
    page.document.load_design(spec.load(EXAMPLES / "xor_hidden.json"))
    page.document.load_design(spec.load(EXAMPLES / "mnist_mlp.json"))
    qtbot.waitUntil(lambda: ins.trace is not None and ins.trace.x.size == 784, timeout=15000)
    assert ins.origin == "initial"


def test_before_close_says_whether_the_threads_ended(make_page, monkeypatch):
    page = make_page("spirals")
    monkeypatch.setattr(page, "stop_and_wait", lambda timeout_ms=1000: False)
    assert page.before_close() is False  # the window must not destroy a running QThread
    monkeypatch.setattr(page, "stop_and_wait", lambda timeout_ms=1000: True)
    assert page.before_close() is True


def test_data_provider_forgets_every_load_that_stopped_even_after_one_that_did_not(qtbot, monkeypatch):
    from designer.pages.explore import explore_common
    from designer.pages.explore.explore_common import DataProvider
    from designer.tasks.task import TaskRunner

    release = threading.Event()

    def load(state, name, data_dir):
        if name == "a":
            release.wait(10)  # a file being read: it cannot be interrupted
        return name

    shutdown = TaskRunner.shutdown
    # the load of "a" does not end in time (it would, for real, after 10 more seconds)
    monkeypatch.setattr(TaskRunner, "shutdown", lambda self, timeout_ms=1000: self.name != "loading a" and shutdown(self, timeout_ms))
    monkeypatch.setattr(explore_common, "load_image_set", load)
    monkeypatch.setattr(DataProvider, "key", staticmethod(lambda design: (design,)))
    provider = DataProvider(None)
    for name in ("a", "b", "c"):
        assert provider.request(name) is False and provider.is_loading(name)
    assert provider.stop_and_wait(10) is False
    # the stopped loads are gone; the stuck one is kept (its thread runs)
    assert [provider.is_loading(name) for name in ("a", "b", "c")] == [True, False, False]
    release.set()
    monkeypatch.setattr(TaskRunner, "shutdown", shutdown)
    assert provider.stop_and_wait(5000) and not provider.is_loading("a")


def test_the_playground_shows_its_points_before_training_whatever_the_design(make_page):
    """With the MNIST design open, the playground offers its own network; its points
    must be on the plane before the first Train, not only after a setting changes."""
    panel = make_page("mnist_mlp").playground
    assert not panel.use_design.isEnabled() and panel.use_quick.isChecked()
    x, y = panel.train_points.getData()
    assert x is not None and len(x) > 100
    assert "Press Train" in panel.status_label.text()


def test_the_playground_starts_from_the_defaults_that_learn_the_spirals(make_page):
    """Opened with a design that is not 2-D, the controls show core.explain.playground.DEFAULTS
    (tests/core/explain/test_playground.py trains them on seeds 0 to 4), and Train trains them."""
    from core.explain.playground import DEFAULTS, quick_design

    panel = make_page("mnist_mlp").playground
    assert panel.settings() == DEFAULTS
    assert spec.to_dict(panel.playground_design()) == spec.to_dict(quick_design(DEFAULTS, name="Playground network"))
    assert "Then 2 of 16" in panel.hints.text()
    # choosing another optimizer and Adam again brings back the default learning rate
    for key in ("sgd", DEFAULTS.optimizer):
        panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData(key))
    assert panel.settings() == DEFAULTS


# --------------------------------------------------------------------------- the shipped CNN


def test_the_weights_panel_shows_a_first_convolutions_kernels(make_page, qtbot):
    page = make_page("mnist_cnn", bundled="mnist_cnn")
    panel = page.weights
    page.show_panel(panel)
    assert panel.origin == "trained" and panel.mosaic.isVisible() and not panel.matrix_view.isVisible()
    assert panel.mosaic_shape == (4, 4) and panel.count_spin.maximum() == 16  # 16 filters of 3 × 3, one channel
    assert "one kernel of the first convolution (3 × 3 weights" in panel.weights_note.text()
    qtbot.waitUntil(lambda: panel.mosaic.picture() is not None, timeout=5000)

    kernels = page.model_store.bundle.weights["layers.0.W"]
    mosaic = panel.mosaic

    def tile(k: int) -> np.ndarray:  # what the picture shows for filter k, read back through the mouse's API
        rect, (rows, cols) = mosaic.picture_rect(), panel.mosaic_shape
        height, width = 4 * rows - 1, 4 * cols - 1  # tiles of 3 × 3 with a one-cell gap
        r0, c0 = 4 * (k // cols), 4 * (k % cols)
        return np.array([[mosaic.value_at(rect.left() + (c0 + j + 0.5) * rect.width() / width,
                                          rect.top() + (r0 + i + 0.5) * rect.height() / height)[2]
                          for j in range(3)] for i in range(3)])

    for k in (0, 5, 15):  # each kernel in red and blue, scaled to its own largest weight
        np.testing.assert_allclose(tile(k), kernels[k, 0] / np.abs(kernels[k, 0]).max(), atol=1e-6)

    panel.count_spin.setValue(5)
    assert panel.mosaic_shape == (2, 3)
    panel.weights_combo.setCurrentIndex(panel.weights_combo.findData("initial"))
    assert panel.origin != "trained" and panel.mosaic_shape == (2, 3)
    assert not np.allclose(tile(0), kernels[0, 0] / np.abs(kernels[0, 0]).max(), atol=1e-3)

    # the histogram of the first convolution's feature maps counts every value of every map
    panel.weights_combo.setCurrentIndex(panel.weights_combo.findData("trained"))
    panel.layer_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: panel.histogram_result is not None, timeout=15000)
    assert panel.histogram_result.values == 500 * 16 * 28 * 28
    assert "500 samples × 12,544 neurons" in panel.stats_label.text()


def test_every_explore_tab_opens_with_the_shipped_cnn(make_page, qtbot):
    page = make_page("mnist_cnn", bundled="mnist_cnn")
    for i in range(page.tabs.count()):  # an exception in any panel's slot or paint fails the test
        page.tabs.setCurrentIndex(i)
        qtbot.wait(100)
    qtbot.waitUntil(lambda: page.inspector.trace is not None, timeout=15000)
    assert page.inspector.origin == "trained"


def test_the_explore_panels_look_at_the_shipped_mlp_while_the_test_page_holds_the_shipped_cnn(make_page, qtbot):
    # the app's first launch: the Design page opens the MNIST MLP, the Test page the best shipped model (the CNN)
    from designer.document.bundled_model import load_shipped_model

    page = make_page("mnist_mlp", bundled="mnist_cnn")
    assert page.model_store.bundle.design.name == "MNIST CNN"
    panel = page.inspector
    page.show_panel(panel)
    qtbot.waitUntil(lambda: panel.trace is not None, timeout=15000)
    assert panel.origin == "trained"
    shipped_mlp = load_shipped_model("mnist_mlp")
    # the first layer's weighted sums are the shipped MLP's, for the sample shown
    trace = panel.trace
    x = trace.layers[0].x.reshape(-1)
    expected = x @ shipped_mlp.weights["layers.0.W"].astype(np.float64) + shipped_mlp.weights["layers.0.b"]
    np.testing.assert_allclose(trace.layers[0].z.reshape(-1), expected, rtol=1e-5, atol=1e-5)
    # a design no shipped model was trained for starts from its initial weights
    page2 = make_page("fashion_mlp", bundled="mnist_cnn")
    page2.show_panel(page2.inspector)
    qtbot.waitUntil(lambda: page2.inspector.trace is not None, timeout=15000)
    assert page2.inspector.origin == "initial"
