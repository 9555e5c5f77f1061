"""The Training page through its real widgets: hyperparameters bound to the spec with undo,
Train / Pause / Resume / Stop on an MNIST subset, divergence, results out, closing
mid-run, and the download of a missing dataset (from a local server only)."""
from __future__ import annotations

import csv
import json
import math
import shutil
import socket
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.data.datasets import load_dataset
from core.design import spec
from core.io.bundle import load_bundle
from designer.document.model_store import ModelStore
from designer.pages.train.training_page import TrainingPage
from core.nn.optimizers import OPTIMIZERS

from tests.designer.layout_helpers import fully_visible
from tests.designer.pages.test_train_task import diverging_design, settled, tiny_design
from tests.local_mirror import QuietHandler, serving

pytestmark = pytest.mark.usefixtures("offline")  # nothing here may reach the internet or the machine's datasets


@pytest.fixture(scope="module")
def mnist(datasets_dir):
    return load_dataset("mnist", datasets_dir)


def make_document(design: spec.Design):
    from designer.document.document import Document

    return Document(design)


@pytest.fixture
def make_page(show_page, datasets_dir):
    def _make(design: spec.Design, *, limit: int | None = 3000, dataset=None, data_dir=datasets_dir):
        doc = make_document(design)
        store = ModelStore()
        page = TrainingPage(doc, store, data_dir=data_dir)
        page.limit = limit
        page.confirm_stop = False
        if dataset is not None:
            page.remember_dataset(dataset)
        return show_page(page)

    return _make


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def buttons(page) -> dict[str, bool]:
    return {b.text(): b.isEnabled() for b in (page.train_button, page.pause_button, page.resume_button, page.stop_button)}


# --------------------------------------------------------------------------- hyperparameters


def test_every_hyperparameter_edits_the_spec_and_undoes(make_page, mnist):
    page = make_page(tiny_design(), dataset=mnist)
    doc = page.document
    t = lambda: doc.design.training  # noqa: E731

    page.form.lr_spin.setValue(0.01)
    assert t().optimizer.learning_rate == pytest.approx(0.01)
    page.form.batch_spin.setValue(64)
    page.form.epochs_spin.setValue(7)
    page.form.val_spin.setValue(20)
    page.form.seed_spin.setValue(42)
    page.form.init_combo.setCurrentIndex(page.form.init_combo.findData("xavier"))
    page.form.init_combo.activated.emit(page.form.init_combo.currentIndex())
    assert (t().batch_size, t().epochs, t().validation_split, t().seed, t().init) == (64, 7, pytest.approx(0.2), 42, "xavier")

    # Momentum: the optimizer's own setting appears only where it applies
    assert not page.form.momentum_spin.isVisibleTo(page)
    page.form.optimizer_combo.setCurrentIndex(page.form.optimizer_combo.findData("momentum"))
    page.form.optimizer_combo.activated.emit(page.form.optimizer_combo.currentIndex())
    assert t().optimizer.type == "momentum"
    assert t().optimizer.learning_rate == OPTIMIZERS["momentum"].default_learning_rate
    assert page.form.momentum_spin.isVisibleTo(page)
    page.form.momentum_spin.setValue(0.5)
    assert t().optimizer.option("momentum") == pytest.approx(0.5)

    stack = doc.undo_stack
    assert stack.count() == 8
    while stack.canUndo():
        doc.undo()
    assert spec.to_dict(doc.design) == spec.to_dict(tiny_design())
    # the form follows the document (undo), without pushing new commands
    assert page.form.lr_spin.value() == pytest.approx(0.001)
    assert page.form.batch_spin.value() == 32 and page.form.optimizer_combo.currentData() == "adam"
    assert not page.form.momentum_spin.isVisibleTo(page)
    assert not stack.canUndo()


def test_spin_box_steps_merge_into_one_undo_step(make_page, mnist):
    page = make_page(tiny_design(), dataset=mnist)
    page.form.lr_spin.stepBy(1)
    assert page.form.lr_spin.value() == pytest.approx(0.002)
    page.form.lr_spin.stepBy(2)
    assert page.form.lr_spin.value() == pytest.approx(0.01)
    assert page.document.design.training.optimizer.learning_rate == pytest.approx(0.01)
    assert page.document.undo_stack.count() == 1
    page.document.undo()
    assert page.document.design.training.optimizer.learning_rate == pytest.approx(0.001)
    assert page.form.lr_spin.value() == pytest.approx(0.001)
    page.form.batch_spin.stepBy(1)
    assert page.form.batch_spin.value() == 64
    page.form.batch_spin.stepBy(-2)
    assert page.form.batch_spin.value() == 16
    assert page.form.lr_spin.textFromValue(0.0001) == "0.0001"


def test_two_separate_edits_of_a_hyperparameter_are_two_undo_steps(qtbot, make_page, mnist):
    page = make_page(tiny_design(), dataset=mnist)
    seed = page.form.seed_spin
    seed.setFocus()
    for typed in ("100000", "3"):
        seed.selectAll()
        qtbot.keyClicks(seed, typed)
        qtbot.keyClick(seed, Qt.Key.Key_Return)
    assert page.document.design.training.seed == 3 and page.document.undo_stack.count() == 2
    page.document.undo()
    assert page.document.design.training.seed == 100000 and seed.value() == 100000


def choose(combo, key) -> None:
    """Pick `key` in a combo box as the user does (the highlighted row, then activated)."""
    index = combo.findData(key)
    assert index >= 0, key
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_the_learning_rate_schedule_is_chosen_with_its_parameters_saved_and_undone(make_page, mnist, tmp_path):
    from designer.document.files import save_design
    from designer.text import names

    page = make_page(tiny_design(epochs=6), dataset=mnist)
    doc, form = page.document, page.form
    visible = lambda: {where for where, editor in form.schedule_editors.items() if editor.isVisibleTo(page)}  # noqa: E731
    assert form.schedule_combo.currentData() == "constant" and visible() == set()
    assert not form.schedule_preview.isVisibleTo(page)  # a constant rate has nothing to preview
    assert not form.schedule_sparkline.isVisibleTo(page)

    choose(form.schedule_combo, "step")
    assert doc.design.training.schedule == spec.ScheduleSpec("step", {"gamma": 0.5, "step_epochs": 2})
    assert visible() == {("step", "gamma"), ("step", "step_epochs")}  # only the chosen kind's parameters
    assert form.schedule_preview.isVisibleTo(page) and form.schedule_preview.text() == "Epoch 1: 0.001 → epoch 6: 0.00025"
    form.schedule_editors["step", "gamma"].setValue(0.25)
    form.schedule_editors["step", "step_epochs"].stepBy(1)
    assert doc.design.training.schedule == spec.ScheduleSpec("step", {"gamma": 0.25, "step_epochs": 3})
    assert form.schedule_preview.text() == "Epoch 1: 0.001 → epoch 6: 0.00025"
    assert "Epoch 4: 0.00025" in form.schedule_preview.toolTip()
    assert form.schedule_sparkline.isVisibleTo(page)
    assert form.schedule_sparkline.heights() == [1.0, 1.0, 1.0, 0.25, 0.25, 0.25]  # the stairs: a quarter after epoch 3

    save_design(doc.design, tmp_path / "scheduled.json")
    saved = json.loads((tmp_path / "scheduled.json").read_text(encoding="utf-8"))
    assert saved["version"] == 2 and saved["training"]["schedule"] == {"type": "step", "gamma": 0.25, "step_epochs": 3}
    assert spec.load(tmp_path / "scheduled.json") == doc.design

    choose(form.schedule_combo, "cosine")  # no parameters: none shown, none saved
    assert visible() == set() and doc.design.training.schedule == spec.ScheduleSpec("cosine")
    stack = doc.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Change learning-rate schedule to Step decay", "Change factor γ to 0.25", "Change epochs per step to 3",
        "Change learning-rate schedule to Cosine decay"]
    doc.undo()
    assert form.schedule_combo.currentData() == "step" and form.schedule_editors["step", "gamma"].value() == 0.25
    while stack.canUndo():
        doc.undo()
    assert spec.to_dict(doc.design) == spec.to_dict(tiny_design(epochs=6)) and "schedule" not in spec.to_dict(doc.design)["training"]
    assert form.schedule_combo.currentData() == "constant" and visible() == set()

    # every kind explains itself where it is chosen; every parameter where it is set
    assert len(form.schedule_combo.toolTip()) > 60
    for i in range(form.schedule_combo.count()):
        assert form.schedule_combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == names.schedule_tip(form.schedule_combo.itemData(i))
    assert all(len(editor.toolTip()) > 30 for editor in form.schedule_editors.values())


def test_tooltips_explain_each_hyperparameter(make_page, mnist):
    page = make_page(tiny_design(), dataset=mnist)
    for widget in (page.form.optimizer_combo, page.form.lr_spin, page.form.momentum_spin, page.form.batch_spin, page.form.epochs_spin,
                   page.form.val_spin, page.form.init_combo, page.form.seed_spin):
        assert len(widget.toolTip()) > 60
    assert "mini-batch" in page.form.batch_spin.toolTip()


def test_a_design_with_errors_is_not_trained(make_page, mnist):
    d = tiny_design()
    d.layers[-1].units = 5
    page = make_page(d, dataset=mnist)
    page.train_button.click()
    assert not page.is_running
    assert "10 units" in page.message_label.text()


def test_a_broken_design_says_what_is_wrong_before_the_click(make_page, mnist):
    """It looked trainable ("Ready.", Train enabled) until Train was pressed."""
    d = tiny_design()
    d.layers[-1].units = 5
    page = make_page(d, dataset=mnist)
    assert not page.train_button.isEnabled()
    assert page.status_label.text().startswith("Not ready")
    assert page.message_label.isVisibleTo(page)
    assert page.message_label.text().startswith("This design can't be trained yet:")
    assert "The last layer needs 10 units" in page.message_label.text()
    page.document.set_value("layers[1].units", 10)  # fixed (on the Design page, say)
    assert page.train_button.isEnabled() and page.status_label.text() == "Ready."
    assert not page.message_label.isVisibleTo(page)
    page.document.undo()  # broken again
    assert not page.train_button.isEnabled() and "10 units" in page.message_label.text()


def test_the_learning_rate_warning_does_not_move_the_train_button(make_page, mnist, qtbot):
    page = make_page(tiny_design(), dataset=mnist)
    qtbot.wait(20)
    before = page.train_button.mapTo(page, page.train_button.rect().topLeft())
    assert not page.form.advice_label.isVisibleTo(page)
    page.form.lr_spin.setValue(10.0)
    qtbot.wait(20)
    assert page.form.advice_label.isVisibleTo(page) and "very high" in page.form.advice_label.text()
    assert page.train_button.mapTo(page, page.train_button.rect().topLeft()) == before


def test_a_number_out_of_range_is_set_to_the_nearest_allowed_and_said(make_page, mnist, qtbot):
    page = make_page(tiny_design(), dataset=mnist)
    epochs = page.form.epochs_spin
    epochs.setFocus()
    epochs.selectAll()
    qtbot.keyClicks(epochs, "0")
    qtbot.keyClick(epochs, Qt.Key.Key_Return)
    assert page.document.design.training.epochs == 1
    assert page.form.range_label.isVisibleTo(page)
    assert page.form.range_label.text() == "0 is less than the smallest allowed, 1: set to 1."
    qtbot.keyClick(epochs, Qt.Key.Key_Up)  # a new edit: the note goes
    assert not page.form.range_label.isVisibleTo(page)


# --------------------------------------------------------------------------- a real run


def test_train_pause_resume_stop_through_the_buttons(qtbot, make_page, tmp_path, monkeypatch):
    """Loads MNIST in the worker, trains a tiny network on 3,000 images, through the real buttons."""
    page = make_page(tiny_design(batch_size=16, epochs=40), limit=3000)
    doc, store = page.document, page.model_store
    assert buttons(page) == {"Train": True, "Pause": False, "Resume": False, "Stop": False}

    click(qtbot, page.train_button)
    assert page.is_running and doc.read_only
    assert not page.form.isEnabled() and page.lock_label.isVisibleTo(page)
    assert buttons(page) == {"Train": False, "Pause": True, "Resume": False, "Stop": True}

    # the curves receive points: per batch from the timer, per epoch from the worker's signal
    qtbot.waitUntil(lambda: page.plot.drawn_points()["val_loss"] >= 1, timeout=20_000)
    drawn = page.plot.drawn_points()
    assert drawn["batch_loss"] > 100 and drawn["loss"] >= 1 and drawn["accuracy"] >= 1 and drawn["val_accuracy"] >= 1
    assert "of 40" in page.epoch_label.text() and "samples/s" in page.speed_label.text()
    assert page.rate_label.text() == "0.001"  # the epoch's learning rate (a constant one here)

    # Pause really pauses: the batch counter stops moving
    click(qtbot, page.pause_button)
    assert buttons(page) == {"Train": False, "Pause": False, "Resume": True, "Stop": True}
    held = settled(qtbot, lambda: page.steps_seen)  # the batch in flight lands
    qtbot.wait(400)
    assert page.steps_seen == held

    click(qtbot, page.resume_button)
    assert buttons(page) == {"Train": False, "Pause": True, "Resume": False, "Stop": True}
    qtbot.waitUntil(lambda: page.steps_seen > held, timeout=5_000)

    with qtbot.waitSignal(page.runFinished, timeout=10_000) as finished:
        click(qtbot, page.stop_button)
    run = finished.args[0]
    assert run.result.status == "stopped"
    assert page.remaining_label.text() == "–"  # not the estimate from before Stop
    qtbot.waitUntil(lambda: not page.is_running, timeout=5_000)
    assert buttons(page) == {"Train": True, "Pause": False, "Resume": False, "Stop": False}
    assert not doc.read_only and page.form.isEnabled()

    # the test accuracy appears, and the trained model is the one the test page uses
    assert page.test_label.text().startswith("Test accuracy: ") and page.test_label.text().endswith("%")
    assert 0.5 < run.result.test_accuracy <= 1
    assert store.origin == "trained" and store.bundle is not None
    assert set(store.bundle.weights) == {"layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b"}

    # results out: the model file, the curves as PNG, the history as CSV
    assert page.save_button.isEnabled()
    model = tmp_path / "tiny.npz"
    page.save_model(model)
    bundle = load_bundle(model)
    assert bundle.history["loss"] == run.result.history.loss
    assert bundle.normalisation["scale"] == pytest.approx(1 / 255)
    assert page.export_png(tmp_path / "curves.png")
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"
    page.export_csv(tmp_path / "history.csv")
    rows = list(csv.DictReader(open(tmp_path / "history.csv", encoding="utf-8")))
    assert len(rows) == run.result.epochs
    assert float(rows[0]["accuracy"]) == pytest.approx(run.result.history.accuracy[0])
    assert float(rows[0]["learning_rate"]) == 0.001 and bundle.history["learning_rate"] == [0.001] * run.result.epochs

    # a symbolic link (or a FIFO, a device) is not replaced: the user is told, the link stays
    link = tmp_path / "link.npz"
    link.symlink_to(tmp_path / "history.csv")
    warned = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(link), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    click(qtbot, page.save_button)
    assert link.is_symlink() and len(rows) == len(list(csv.DictReader(open(tmp_path / "history.csv", encoding="utf-8"))))
    assert warned and "symbolic link" in warned[0] and "link.npz" in warned[0] and "Errno" not in warned[0]


def test_a_second_run_keeps_the_first_faded_until_cleared(qtbot, make_page, mnist):
    page = make_page(tiny_design(epochs=2), limit=1000, dataset=mnist)
    for _ in range(2):
        with qtbot.waitSignal(page.runFinished, timeout=15_000):
            click(qtbot, page.train_button)
        qtbot.waitUntil(lambda: not page.is_running, timeout=5_000)
    assert page.plot.has_previous and page.plot.point_counts()["previous_loss"] == 2
    assert page.clear_previous_button.isEnabled()
    click(qtbot, page.clear_previous_button)
    assert not page.plot.has_previous


def test_a_scheduled_run_shows_each_epochs_learning_rate(qtbot, make_page, mnist, tmp_path):
    design = tiny_design(epochs=3)
    design.training.schedule = spec.ScheduleSpec("exponential", {"gamma": 0.5})
    page = make_page(design, limit=600, dataset=mnist)
    with qtbot.waitSignal(page.runFinished, timeout=20_000) as finished:
        click(qtbot, page.train_button)
    assert finished.args[0].result.history.learning_rate == [0.001, 0.0005, 0.00025]
    assert page.rate_label.text() == "0.00025"  # the last epoch's, beside its counter
    assert "learning rate: 0.0005" in page.plot.values_at(2.0)  # the curves' hover text, epoch by epoch
    page.export_csv(tmp_path / "history.csv")
    rows = list(csv.DictReader(open(tmp_path / "history.csv", encoding="utf-8")))
    assert [float(row["learning_rate"]) for row in rows] == [0.001, 0.0005, 0.00025]


def test_the_gui_redraws_at_most_about_30_times_a_second(qtbot, make_page, mnist):
    page = make_page(tiny_design(batch_size=4, epochs=1), limit=3000, dataset=mnist)
    started = time.perf_counter()
    with qtbot.waitSignal(page.runFinished, timeout=20_000):
        click(qtbot, page.train_button)
    seconds = time.perf_counter() - started
    batches = page.plot.point_counts()["batch_loss"]
    assert batches == math.ceil(2700 / 4)
    assert page.frames <= 36 * seconds + 2  # one frame per timer tick...
    assert page.frames < batches / 5  # ...never one per batch


def test_the_figures_change_a_few_times_a_second_and_end_where_the_run_ended(qtbot, make_page, mnist):
    """The curves take every batch at every frame; the batch counter, speed and time left
    change at most ~2 times a second (numbers changing 30 times a second cannot be read),
    and show the last batch once the run is over."""
    from designer.pages.train.training_page import STATS_INTERVAL

    # a run long enough for many frames, and a few changes, on a fast machine too (2,700
    # steps took 10 frames; these 13,500 about 3 s here)
    page = make_page(tiny_design(batch_size=4, epochs=20), limit=3000, dataset=mnist)
    seen = []
    page.run.frame.connect(lambda: seen.append(page.batch_label.text()))  # emitted in the GUI thread
    started = time.perf_counter()
    with qtbot.waitSignal(page.runFinished, timeout=20_000):
        click(qtbot, page.train_button)
    seconds = time.perf_counter() - started
    changes = sum(a != b for a, b in zip(seen, seen[1:]))
    assert len(seen) > 10 and 2 <= changes <= seconds / STATS_INTERVAL + 2
    batches = math.ceil(2700 / 4)
    assert page.batch_label.text() == f"{batches} of {batches}"
    assert page.plot.point_counts()["batch_loss"] == 20 * batches  # and every batch reached the curve


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_an_exploding_loss_is_named_with_its_cause_and_nothing_is_offered_to_save(qtbot, make_page, mnist):
    """Epoch 1 ends with a mean loss near 5e20: every loss finite, the network ruined."""
    page = make_page(diverging_design(), limit=2000, dataset=mnist)
    with qtbot.waitSignal(page.runFinished, timeout=15_000) as finished:
        click(qtbot, page.train_button)
    assert finished.args[0].result.status == "exploded"
    qtbot.waitUntil(lambda: not page.is_running, timeout=5_000)
    assert page.status_label.text() == "Training blew up: the loss exploded."
    text = page.message_label.text()
    assert page.message_label.isVisibleTo(page)
    assert "the loss exploded" in text and "learning rate (2.5)" in text and "try 0.25" in text
    assert "no trained model to keep" in text and "were kept" not in text
    assert not page.save_button.isEnabled() and page.model_store.bundle is None
    assert page.remaining_label.text() == "–"
    assert page.test_label.text() == "Test accuracy: –"


def test_the_empty_plot_spans_the_designs_epochs_and_a_finished_run_keeps_its_axis(qtbot, make_page, mnist):
    design = tiny_design()
    design.training.epochs = 2
    page = make_page(design, limit=500, dataset=mnist)
    epochs_shown = page.plot.epoch_range
    low, high = epochs_shown()
    assert low <= 0 and 2 <= high < 2.2  # not an empty plot's 0 to 1
    page.form.epochs_spin.setValue(5)
    low, high = epochs_shown()
    assert low <= 0 and 5 <= high < 5.5
    page.form.epochs_spin.setValue(1)
    with qtbot.waitSignal(page.runFinished, timeout=15_000):
        click(qtbot, page.train_button)
    qtbot.waitUntil(lambda: not page.is_running, timeout=5_000)
    page.form.epochs_spin.setValue(4)  # the finished run's curves stay on their own axis
    low, high = epochs_shown()
    assert low <= 0 and 1 <= high < 1.1


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_blown_up_run_in_a_small_window_scrolls_the_controls_not_the_curves(qtbot, make_page, mnist):
    """At 1280x800 the window leaves the page ~690 px (600 here). A blown-up run's advice and figures
    outgrow the column: the column scrolls on its own, and the curves keep the page's height,
    epoch axis and all (the page used to scroll as a whole, the axis below the fold)."""
    page = make_page(diverging_design(), limit=2000, dataset=mnist)
    with qtbot.waitSignal(page.runFinished, timeout=15_000):
        click(qtbot, page.train_button)
    qtbot.waitUntil(lambda: not page.is_running, timeout=5_000)
    page.resize(1280, 600)
    qtbot.waitUntil(lambda: page.height() == 600, timeout=2_000)  # no minimum height holds the page taller
    assert page.message_label.isVisible()
    curves = page.plot
    assert fully_visible(curves)
    bar = page.controls.verticalScrollBar()
    assert bar.maximum() > 0 and not fully_visible(page.save_button)
    page.controls.ensureWidgetVisible(page.save_button)  # as the wheel or the bar would scroll it
    assert fully_visible(page.save_button) and fully_visible(curves)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_divergence_in_the_first_epoch_says_nothing_was_kept(qtbot, make_page, mnist):
    """It said "the weights from the last completed epoch were kept" before any epoch had
    completed (and Save was disabled), and Remaining stayed at its last estimate."""
    page = make_page(diverging_design(4.0), limit=2000, dataset=mnist)
    with qtbot.waitSignal(page.runFinished, timeout=15_000) as finished:
        click(qtbot, page.train_button)
    assert finished.args[0].result.status == "diverged"
    qtbot.waitUntil(lambda: not page.is_running, timeout=5_000)
    assert page.status_label.text() == "Training diverged."
    text = page.message_label.text()
    assert "infinite or not a number (NaN) at epoch 1" in text and "learning rate (4)" in text and "try 0.4" in text
    assert "no trained model to keep" in text and "last completed epoch" not in text
    assert not page.save_button.isEnabled()
    assert page.remaining_label.text() == "–"


# --------------------------------------------------------------------------- leaving mid-run


def test_closing_the_page_mid_training_finishes_the_worker_thread(qtbot, make_page, mnist, monkeypatch):
    page = make_page(tiny_design(batch_size=8, epochs=100), limit=4000, dataset=mnist)
    click(qtbot, page.train_button)
    qtbot.waitUntil(lambda: page.steps_seen > 0, timeout=10_000)
    runner = page.run.runner  # the run's one background-task helper
    assert runner.threads_alive == 1

    page.confirm_stop = True
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    assert not page.confirm_stop_for_close()  # "No": the run goes on
    assert asked and page.is_running and page.state == "running"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert page.confirm_stop_for_close()
    t0 = time.perf_counter()
    assert page.stop_and_wait(1000)
    assert time.perf_counter() - t0 < 1.0
    assert runner.threads_alive == 0
    assert not page.is_running and not page.document.read_only
    qtbot.wait(50)  # late signals of the aborted run are ignored
    assert page.model_store.bundle is None


def test_closing_the_main_window_mid_training_finishes_the_worker_thread(qtbot, datasets_dir, mnist, monkeypatch):
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    page = window.findChild(TrainingPage)
    assert page is not None
    page.data_dir, page.limit = datasets_dir, 4000
    window.document.load_design(tiny_design(batch_size=8, epochs=100))
    page.remember_dataset(mnist)
    window.show()
    window.show_page(page)
    click(qtbot, page.train_button)
    qtbot.waitUntil(lambda: page.steps_seen > 0, timeout=10_000)
    runner = page.run.runner  # the run's one background-task helper
    assert runner.threads_alive == 1

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.close()  # "keep training": the window stays, the run goes on
    assert page.is_running and window.document.read_only

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    t0 = time.perf_counter()
    assert window.close()
    assert time.perf_counter() - t0 < 1.0
    assert runner.threads_alive == 0 and not page.is_running


def test_closing_with_unsaved_changes_mid_training_asks_once(qtbot, datasets_dir, mnist, monkeypatch):
    """It asked Save / Discard / Cancel, then "Stop training?" (default No): Discard then No left
    the app running with nothing saved. Now one question says both."""
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    page = window.training_page
    page.data_dir, page.limit = datasets_dir, 4000
    page.confirm_stop = True
    window.document.load_design(tiny_design(batch_size=8, epochs=100))
    window.document.set_value("training.seed", 7)  # an unsaved change
    page.remember_dataset(mnist)
    window.show()
    click(qtbot, page.train_button)
    qtbot.waitUntil(lambda: page.steps_seen > 0, timeout=10_000)
    runner = page.run.runner  # the run's one background-task helper
    assert runner.threads_alive == 1
    asked = []

    def answer(button):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return button
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not window.close()
    assert len(asked) == 1 and "being trained" in asked[0] and "not saved" in asked[0]
    assert page.is_running  # Cancel keeps both the changes and the run

    asked.clear()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    assert window.close()
    assert len(asked) == 1  # no second "Stop training?"
    assert runner.threads_alive == 0 and not page.is_running


def test_a_failed_csv_export_leaves_an_existing_file_whole(tmp_path):
    from core.train.loop import EpochEvent
    from designer.pages.train.run_controller import write_history_csv

    target = tmp_path / "history.csv"
    target.write_text("the old history\n", encoding="utf-8")
    # the second epoch cannot be written (its time is missing): the export fails halfway
    epochs = [EpochEvent(1, 2, 0.5, 0.9, math.nan, math.nan, 1.0), EpochEvent(2, 2, 0.4, 0.9, math.nan, math.nan, None)]
    with pytest.raises(TypeError):
        write_history_csv(target, epochs)
    assert target.read_text(encoding="utf-8") == "the old history\n"
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]  # no temp file left behind


def test_opening_another_design_mid_training_asks_and_stops(qtbot, datasets_dir, mnist, monkeypatch):
    from designer.window.main_window import MainWindow

    window = MainWindow(autosave=False)
    qtbot.addWidget(window)
    page = window.training_page
    page.data_dir, page.limit = datasets_dir, 4000
    window.document.load_design(tiny_design(batch_size=8, epochs=100))
    page.remember_dataset(mnist)
    click(qtbot, page.train_button)
    qtbot.waitUntil(lambda: page.steps_seen > 0, timeout=10_000)
    runner = page.run.runner  # the run's one background-task helper
    assert runner.threads_alive == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.files.new_design()
    assert runner.threads_alive == 0 and not page.is_running
    assert window.document.design.layers == [] and not window.document.read_only
    window.close()


# --------------------------------------------------------------------------- missing data


@pytest.fixture
def server(tmp_path, datasets_dir):
    """Serves a copy of Fashion-MNIST at http://127.0.0.1:PORT/fashion-mnist/, slowly when asked."""
    root = tmp_path / "served" / "fashion-mnist"
    root.mkdir(parents=True)
    for f in (datasets_dir / "fashion-mnist").iterdir():
        (root / f.name).symlink_to(f)
    state = {"delay": 0.0}

    class Handler(QuietHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root.parent), **kwargs)

        def copyfile(self, source, outputfile):
            if not state["delay"]:
                return shutil.copyfileobj(source, outputfile)
            while chunk := source.read(16384):  # a slow line
                outputfile.write(chunk)
                time.sleep(state["delay"])

    with serving(Handler) as url:
        yield {"url": url, "state": state}


def fashion_design() -> spec.Design:
    d = tiny_design(epochs=1)
    d.dataset = "fashion-mnist"
    return d


def test_train_offers_to_download_a_missing_dataset_then_trains(qtbot, make_page, server, tmp_path, monkeypatch):
    from core.data.datasets import user_datasets_dir

    monkeypatch.setenv("LAYERLAB_MIRROR", server["url"])
    page = make_page(fashion_design(), limit=1000, data_dir=tmp_path / "empty")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.runFinished, timeout=30_000):
        click(qtbot, page.train_button)
    assert "Fashion-MNIST is not on this computer" in asked[0]
    assert sorted(p.name for p in (user_datasets_dir() / "fashion-mnist").iterdir()) == sorted(
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"])


def test_declining_the_download_does_not_train(make_page, tmp_path, monkeypatch):
    page = make_page(fashion_design(), data_dir=tmp_path / "empty")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.train_button.click()
    assert not page.is_running and "download" in page.message_label.text()


def test_no_network_gives_a_clear_message(make_page, tmp_path, monkeypatch):
    with socket.socket() as s:  # a port on which nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("LAYERLAB_MIRROR", f"http://127.0.0.1:{port}/{{name}}/")
    page = make_page(fashion_design(), data_dir=tmp_path / "empty")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())) or 0)
    page.train_button.click()
    assert not page.is_running
    text, details = shown[0]
    assert "no internet connection" in text and "Fashion-MNIST" in text
    assert "127.0.0.1" in details
    assert "--data-dir" not in text and "Choose folder…" in text


def test_after_a_failed_download_choose_folder_uses_files_already_on_the_computer(qtbot, make_page, tmp_path, monkeypatch, datasets_dir):
    """Download failures told the user about --data-dir, a command-line flag; the app offers a folder to choose."""
    from PySide6.QtWidgets import QFileDialog

    from core.data.datasets import is_available

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("LAYERLAB_MIRROR", f"http://127.0.0.1:{port}/{{name}}/")
    page = make_page(fashion_design(), limit=1000, data_dir=tmp_path / "empty")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    offered = []

    def choose_folder(box):
        buttons = {b.text(): b for b in box.buttons()}
        offered.append(sorted(buttons))
        buttons["Choose folder…"].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_folder)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(datasets_dir))  # holds fashion-mnist/
    with qtbot.waitSignal(page.runFinished, timeout=30_000):
        page.train_button.click()
    assert offered and "Choose folder…" in offered[0]
    assert is_available("fashion-mnist")  # copied where LayerLab looks: found next time too, without asking


def test_the_download_can_be_cancelled(qtbot, server, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    from designer.widgets.download_dialog import DownloadDialog

    server["state"]["delay"] = 0.02
    dialog = DownloadDialog("fashion-mnist", dest=tmp_path / "dl", mirror=server["url"])
    qtbot.addWidget(dialog)
    seen = []

    def cancel_when_running():
        done, total, name = dialog.latest()
        if name:
            seen.append((done, total, name))
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
        else:
            QTimer.singleShot(20, cancel_when_running)

    QTimer.singleShot(20, cancel_when_running)
    t0 = time.perf_counter()
    assert dialog.exec() == QDialog.DialogCode.Rejected
    assert time.perf_counter() - t0 < 5
    assert seen and dialog.error == ""
    assert not any(p.suffix == ".gz" and "images" in p.name for p in (tmp_path / "dl").iterdir())
    assert dialog.runner.threads_alive == 0


@pytest.mark.parametrize("reason, words", [
    ("no_network", "no internet connection"),
    ("checksum", "does not match the official one"),
    ("cannot_write", "cannot write to the dataset folder"),
    ("http", "answered 404"),
    ("timeout", "the server stopped sending"),
    ("too_large", "sent more data than the file has"),
])
def test_download_failures_are_explained_by_their_reason_not_their_wording(reason, words):
    from designer.widgets.download_dialog import friendly_error

    text = friendly_error("MNIST", "could not download MNIST: mirror.example answered 404 for x.gz", reason)
    assert text.startswith("MNIST could not be downloaded") and words in text


def test_a_silent_mirror_ends_the_download_dialog_with_a_plain_reason(qtbot, tmp_path, japanese):
    from PySide6.QtWidgets import QDialog

    from designer.widgets.download_dialog import DownloadDialog, friendly_error

    with socket.socket() as s:  # accepts connections, never answers
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        dialog = DownloadDialog("mnist", dest=tmp_path / "dl", mirror=f"http://127.0.0.1:{s.getsockname()[1]}/", timeout=0.3)
        qtbot.addWidget(dialog)
        t0 = time.perf_counter()
        assert dialog.exec() == QDialog.DialogCode.Rejected
    assert time.perf_counter() - t0 < 5
    assert dialog.error_reason == "timeout" and "did not answer in time" in dialog.error
    text = friendly_error("MNIST", dialog.error, dialog.error_reason)
    assert text.startswith("MNIST") and "ダウンロード" in text and "server" not in text
    assert list((tmp_path / "dl").iterdir()) == []
