"""The Training page: hyperparameters, Train / Pause / Resume / Stop, live curves, results.

This module is the page's view. The hyperparameter form (`hyperparameter_form`) edits
the document's design through undo commands; the run itself belongs to its
`RunController` (`run_controller`: start, pause, stop, the progress, the trained model),
whose signals the page shows. Pressing Train checks the design and offers to download a
missing dataset here, then hands the design to the controller. At most once per frame
(~30 Hz) the page pulls the new progress into the `LivePlot` and the progress labels;
epoch results arrive as they come. When the run ends, the test accuracy is shown.

Only this (GUI) thread touches widgets: the controller's signals come from its
designer.tasks.task.TaskRunner, in the GUI thread.
"""
from __future__ import annotations

import math
import os
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from core.design import spec
from designer.pages.train.hyperparameter_form import HyperparameterForm
from designer.pages.train.run_controller import ProgressSnapshot, RunController
from designer.tasks.task import StopsTasksOnClose
from designer.text import names
from designer.text.messages import finding_text, training_headline, training_result_text
from designer.widgets.column_scroll import column_scroll_area

#: set to "1" to close or switch designs during a run without being asked (tests, scripts)
ENV_NO_CONFIRM = "LAYERLAB_NO_CONFIRM"
#: the progress bar and the figures beside it (batch, speed, time left) change at most this
#: often (seconds), while the curves move at every frame: numbers that change 30 times a
#: second cannot be read, and each change repaints the left column, which costs the
#: training on two cores: twice a second, its epochs took ~2 % less than at five times
#: (benchmarks/bench_frame_cost.py: 1.098x against 1.119x over five runs each)
STATS_INTERVAL = 0.5


def format_duration(seconds: float) -> str:
    """0:07, 12:34, 1:02:03."""
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# ---------------------------------------------------------------------- the page


class TrainingPage(StopsTasksOnClose, QWidget):
    """Train the document's design and watch it learn."""

    #: True while a run is active (started, paused or stopping), False when it has ended
    runningChanged = Signal(bool)
    #: the finished core.train.loop.TrainedRun
    runFinished = Signal(object)

    def __init__(self, document, model_store, parent: QWidget | None = None, *, data_dir=None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        #: where datasets are looked for first (None: LAYERLAB_DATA, the user's folder, ...)
        self.data_dir = data_dir
        #: train on the first N samples only (tests); None for all
        self.limit: int | None = None
        #: ask before stopping a run when the window closes (tests may turn it off)
        self.confirm_stop = os.environ.get(ENV_NO_CONFIRM, "") not in ("1", "true", "yes")
        #: the run: start, pause, stop, progress, the trained model
        self.run = RunController(document, model_store, self)
        self.run.stateChanged.connect(self._on_state_changed)
        self.run.status.connect(self._on_run_status)
        self.run.frame.connect(self._on_frame)
        self.run.epochFinished.connect(self._on_epoch_finished)
        self.run.finished.connect(self._on_finished)
        self.run.failed.connect(self._on_failed)
        self.run.ended.connect(self._on_ended)

        self._last_snapshot: ProgressSnapshot | None = None
        self._stats_shown_at = -math.inf  # time.monotonic() of the last change of the figures
        self._plot = None
        self._plot_reset_pending = False
        self._showing_problems = False  # the message box lists the design's problems
        #: how many GUI redraws the current run caused (tests and the benchmark read it)
        self.frames = 0

        self._build()
        self._on_design_changed()
        self._update_buttons()
        document.designChanged.connect(self._on_design_changed)
        document.readOnlyChanged.connect(self._on_read_only_changed)
        self.stop_tasks_on_quit()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.form = HyperparameterForm(self.document)
        # --- run controls
        run_box = QGroupBox(self.tr("Run"))
        run = QVBoxLayout(run_box)
        self.dataset_label = QLabel()
        self.dataset_label.setWordWrap(True)
        buttons = QGridLayout()
        self.train_button = QPushButton(self.tr("Train"))
        self.train_button.setToolTip(self.tr("Build the network with fresh weights and train it on the dataset."))
        self.train_button.setDefault(True)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Hold training after the current mini-batch; Resume goes on from there."))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Go on training from where it was paused."))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("End training now. The network keeps what it has learnt and is scored on the test set."))
        buttons.addWidget(self.train_button, 0, 0, 1, 2)
        buttons.addWidget(self.pause_button, 1, 0)
        buttons.addWidget(self.resume_button, 1, 1)
        buttons.addWidget(self.stop_button, 2, 0, 1, 2)
        # The buttons come first: nothing above them in the box changes height, so a warning
        # that appears (a very high learning rate) never moves Train from under the pointer.
        run.addLayout(buttons)
        run.addWidget(self.form.advice_label)
        run.addWidget(self.form.range_label)
        run.addWidget(self.dataset_label)
        self.train_button.clicked.connect(self.start_training)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(self.resume)
        self.stop_button.clicked.connect(self.stop)

        self.status_label = QLabel(self.tr("Ready."))
        self.status_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(False)
        self.epoch_label = QLabel("–")
        self.rate_label = QLabel("–")
        self.rate_label.setToolTip(self.tr("The learning rate of the epoch under way: the design's schedule sets it at the start of each epoch."))
        self.batch_label = QLabel("–")
        self.speed_label = QLabel("–")
        self.elapsed_label = QLabel("–")
        self.remaining_label = QLabel("–")
        stats = QFormLayout()
        stats.setHorizontalSpacing(12)
        stats.setVerticalSpacing(2)
        stats.addRow(self.tr("Epoch"), self.epoch_label)
        stats.addRow(self.tr("Learning rate"), self.rate_label)
        stats.addRow(self.tr("Batch"), self.batch_label)
        stats.addRow(self.tr("Speed"), self.speed_label)
        stats.addRow(self.tr("Elapsed"), self.elapsed_label)
        stats.addRow(self.tr("Remaining"), self.remaining_label)
        for label in (self.epoch_label, self.rate_label, self.batch_label, self.speed_label, self.elapsed_label, self.remaining_label):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        run.addWidget(self.progress_bar)
        run.addWidget(self.status_label)
        run.addLayout(stats)

        # --- result
        result_box = QGroupBox(self.tr("Result"))
        result = QVBoxLayout(result_box)
        self.test_label = QLabel(self.tr("Test accuracy: –"))
        font = self.test_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.test_label.setFont(font)
        self.test_label.setToolTip(self.tr(
            "Accuracy on the test set: examples the network never saw while training.\n"
            "It is the honest measure of how well it will do on new data."))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("Save trained model…"))
        self.save_button.setToolTip(self.tr("Save the trained network (weights, design and curves) in one .npz file."))
        self.save_button.clicked.connect(self._on_save_clicked)
        result.addWidget(self.test_label)
        result.addWidget(self.save_button)

        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(run_box)
        left.addWidget(result_box)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        # The column scrolls on its own when its warnings and figures outgrow a small window
        # (1280x800 with a blown-up run's advice): the whole page scrolled instead, and the
        # curves' epoch axis went below the fold with the Save button.
        self.controls = column_scroll_area(left_widget, "trainControls")
        bar = self.controls.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.controls.setFixedWidth(300 + bar)  # 300 for the column, whether or not its bar shows

        # --- plots and their tools (the plot itself is made on first use: see `plot`)
        self.lock_label = QLabel(self.tr("Training: the design is read-only until the run ends."))
        self.lock_label.setStyleSheet("background: #fff4d6; color: #5c4400; border: 1px solid #e8d08a; border-radius: 3px; padding: 3px 8px;")
        self.lock_label.setVisible(False)
        self.log_check = QCheckBox(self.tr("Log scale (loss)"))
        self.log_check.setToolTip(self.tr("Show the loss on a logarithmic scale, where small late improvements are easier to see."))
        self.log_check.toggled.connect(self._on_log_toggled)
        self.clear_previous_button = QPushButton(self.tr("Clear previous run"))
        self.clear_previous_button.setToolTip(self.tr("Remove the faded curves of the previous run."))
        self.clear_previous_button.clicked.connect(self._on_clear_previous)
        self.png_button = QPushButton(self.tr("Export PNG…"))
        self.png_button.setToolTip(self.tr("Save the curves as a picture."))
        self.png_button.clicked.connect(self._on_export_png_clicked)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setToolTip(self.tr("Save each epoch's loss, accuracy and learning rate as a table (for a spreadsheet)."))
        self.csv_button.clicked.connect(self._on_export_csv_clicked)
        tools = QHBoxLayout()
        tools.addWidget(self.log_check)
        tools.addWidget(self.lock_label)
        tools.addStretch(1)
        tools.addWidget(self.clear_previous_button)
        tools.addWidget(self.png_button)
        tools.addWidget(self.csv_button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(tools)
        # what went wrong (a design that cannot train, a run that blew up) over the curves, where
        # there is room for its few sentences: in the narrow left column it ran below the fold
        right.addWidget(self.message_label)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        self._plot_layout = QVBoxLayout(frame)
        self._plot_layout.setContentsMargins(1, 1, 1, 1)
        right.addWidget(frame, 1)

        outer = QHBoxLayout(self)
        outer.addWidget(self.controls)
        outer.addLayout(right, 1)

    @property
    def plot(self):
        """The LivePlot, made on first use: it (and pyqtgraph, whose functions it uses) loads
        when the page is first shown, not while the window starts."""
        if self._plot is None:
            from designer.widgets.plots.live_plot import LivePlot

            self._plot = LivePlot()
            self._plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self._plot.set_log_loss(self.log_check.isChecked())
            self._plot_layout.addWidget(self._plot)
            self._show_epochs_ahead()
        return self._plot

    def _show_epochs_ahead(self) -> None:
        """An empty plot's epoch axis spans the design's epochs (not 0 to 1), as it will once
        the run starts; a plot showing a run keeps its axis."""
        if self._plot is not None and not self.is_running and not any(self._plot.point_counts().values()):
            self._plot.set_expected_epochs(self.design.training.epochs)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.plot  # noqa: B018 - make it now that it is seen
        super().showEvent(event)

    @Slot(bool)
    def _on_log_toggled(self, on: bool) -> None:
        self.plot.set_log_loss(on)

    # ------------------------------------------------------------------ the document

    @property
    def design(self) -> spec.Design:
        return self.document.design

    @Slot()
    def _on_design_changed(self, *args) -> None:
        self.form.load_from_design()
        self._show_dataset()
        self._show_design_problems()
        self._show_epochs_ahead()

    def _design_problems_text(self) -> str:
        """What stops the design from training, as a list; "" when it can train."""
        problems = self.document.errors()
        if not problems:
            return ""
        return self.tr("This design can't be trained yet:") + "\n" + "\n".join("• " + finding_text(f) for f in problems)

    def _show_design_problems(self) -> None:
        """Say before any click whether the design can train: its problems where results show,
        and Train disabled until they are fixed (on the Design page, with one-click fixes)."""
        if self.is_running:
            return
        text = self._design_problems_text()
        if text:
            self._showing_problems = True
            self.status_label.setText(self.tr("Not ready: fix the design first (see below, or the Design page)."))
            self._show_message(text, "error")
        elif self._showing_problems:
            self._showing_problems = False
            self.status_label.setText(self.tr("Ready."))
            self._show_message("", "")
        self._update_buttons()

    @Slot(bool)
    def _on_read_only_changed(self, read_only: bool) -> None:
        self._update_buttons()

    def _show_dataset(self) -> None:
        from core.design.checks import training_samples
        d = self.design
        title = names.dataset_title(d.dataset)
        samples = training_samples(d)
        if samples is not None and self.limit:
            samples = min(samples, self.limit - int(round(self.limit * d.training.validation_split)))
        if samples is not None:
            text = self.tr("Dataset: {title}, {n} training examples, {v:g} % held out for validation.").format(
                title=title, n=names.format_count(samples), v=100 * d.training.validation_split)
        else:
            text = self.tr("Dataset: {title}").format(title=title)
        if self.limit:
            text += " " + self.tr("(a subset: the first {n} examples)").format(n=names.format_count(self.limit))
        self.dataset_label.setText(text)

    # ------------------------------------------------------------------ state

    @property
    def is_running(self) -> bool:
        """True from Train until the run (its thread included) has ended."""
        return self.run.is_running

    @property
    def state(self) -> str:
        """"idle", "running", "paused" or "stopping"."""
        return self.run.state

    @property
    def steps_seen(self) -> int:
        """Mini-batches of the current run the GUI has seen so far (the batch counter)."""
        return self._last_snapshot.steps if self._last_snapshot is not None else 0

    @property
    def last_run(self):
        """The latest finished core.train.loop.TrainedRun, or None."""
        return self.run.last_run

    def _update_buttons(self) -> None:
        s = self.run.state
        idle = s == "idle"
        self.train_button.setEnabled(idle and self.document.can_train())
        self.pause_button.setEnabled(s == "running")
        self.resume_button.setEnabled(s == "paused")
        self.stop_button.setEnabled(s in ("running", "paused"))
        self.form.setEnabled(idle and not self.document.read_only)
        self.lock_label.setVisible(not idle)
        self.save_button.setEnabled(idle and self.run.has_model)
        self.csv_button.setEnabled(bool(self.run.epochs))
        self.clear_previous_button.setEnabled(self._plot is not None and self._plot.has_previous)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        self._update_buttons()

    # ------------------------------------------------------------------ starting

    @Slot()
    def start_training(self) -> bool:
        """What Train does: check, maybe download, then start the run. True if started."""
        if self.is_running:
            return False
        from core.data.catalog import DataSource
        from core.data.datasets import canonical_name, is_available

        design = self.design.copy()
        problems = self._design_problems_text()
        if problems:
            self._show_message(problems, "error")
            return False

        own = isinstance(design.dataset, DataSource)  # the user's own files: nothing to download
        name = design.dataset if own else canonical_name(design.dataset)
        if not own and self.run.cached_dataset(design, self.data_dir) is None and not is_available(name, self.data_dir):
            from designer.widgets.download_dialog import offer_download

            if not offer_download(self, name):
                self._show_message(self.tr("Training needs the dataset. Press Train again to download it."), "info")
                return False

        self._last_snapshot = None
        self.frames = 0
        # The curves are reset at the first frame, so that the click's own repaint (the
        # form greying out) and the plot's repaint fall in two frames, not one long one.
        self._plot_reset_pending = True
        self._reset_progress()
        self._show_dataset()
        self._show_message("", "")
        self.test_label.setText(self.tr("Test accuracy: –"))
        self.status_label.setText(self.tr("Starting…"))
        if not self.run.start(design, data_dir=self.data_dir, limit=self.limit):
            return False
        self.runningChanged.emit(True)
        return True

    def remember_dataset(self, dataset) -> None:
        """Use this already loaded dataset for the current design's next runs (skips loading)."""
        self.run.remember_dataset(self.design, dataset, self.data_dir)

    # ------------------------------------------------------------------ controls

    @Slot()
    def pause(self) -> None:
        if self.run.state == "running":
            self.run.pause()
            self.status_label.setText(self.tr("Paused. Resume goes on from here."))

    @Slot()
    def resume(self) -> None:
        if self.run.state == "paused":
            self.run.resume()
            self.status_label.setText(self.tr("Training…"))

    @Slot()
    def stop(self) -> None:
        """End the run after the current mini-batch; the result still comes (test accuracy included)."""
        if self.run.state in ("running", "paused"):
            self.run.stop()
            self.status_label.setText(self.tr("Stopping…"))

    def confirm_stop_for_close(self) -> bool:
        """Before closing the window or opening another design: True when it may go ahead.

        Asks the user only while a run is active (and `confirm_stop` is on). Does not stop
        the run: call `stop_and_wait()` next.
        """
        if not self.is_running or not self.confirm_stop:
            return True
        answer = QMessageBox.question(
            self, self.tr("Training in progress"),
            self.tr("A network is being trained. Stop training? What it has learnt so far will be lost."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Abort any run and wait for its thread to end; True when it has.

        Results of an aborted run are dropped. Safe to call when nothing runs.
        """
        return self.run.stop_and_wait(timeout_ms)

    def before_close(self) -> bool:
        """For MainWindow.before_close (closing, or New/Open over a design being trained):
        ask while a run is active, then stop it; True when the window may go ahead."""
        if not self.confirm_stop_for_close():
            return False
        return self.stop_and_wait(1000)

    # ------------------------------------------------------------------ from the run

    @Slot(str)
    def _on_run_status(self, text: str) -> None:
        self.status_label.setText(text)

    @Slot(object)
    def _on_epoch_finished(self, event) -> None:
        self._reset_plot_if_pending()
        self.plot.add_epoch(event.epoch, event.loss, event.accuracy, event.val_loss, event.val_accuracy, event.learning_rate)
        self.csv_button.setEnabled(True)

    def _reset_plot_if_pending(self) -> None:
        design = self.run.design
        if self._plot_reset_pending and design is not None:
            self._plot_reset_pending = False
            self.plot.start_run()
            self.plot.set_expected_epochs(design.training.epochs)
            self.clear_previous_button.setEnabled(self.plot.has_previous)

    @Slot()
    def _on_frame(self) -> None:
        """At most once per frame (~30 Hz) while training: pull the latest progress, redraw."""
        if self._plot_reset_pending:
            self._reset_plot_if_pending()
            return  # the batches wait for the next frame: one repaint per frame
        snap = self.run.take_progress()
        if snap is not None:
            self.plot.add_batches(snap.batch_x, snap.batch_loss)
            self._last_snapshot = snap
            if time.monotonic() - self._stats_shown_at >= STATS_INTERVAL:
                self._show_progress(snap)
        self.plot.redraw()
        self.frames += 1

    def _show_progress(self, snap: ProgressSnapshot) -> None:
        self._stats_shown_at = time.monotonic()
        total = snap.epochs * snap.batches
        self.progress_bar.setValue(int(1000 * snap.steps / total) if total else 0)
        self.epoch_label.setText(self.tr("{e} of {n}").format(e=snap.epoch, n=snap.epochs))
        self.rate_label.setText(names.format_rate(snap.learning_rate))
        self.batch_label.setText(self.tr("{b} of {n}").format(b=snap.batch, n=snap.batches))
        self.speed_label.setText(self.tr("{s} samples/s").format(s=names.format_count(round(snap.samples_per_second))))
        self.elapsed_label.setText(format_duration(snap.elapsed))
        self.remaining_label.setText(format_duration(snap.remaining))

    def _reset_progress(self) -> None:
        self._stats_shown_at = -math.inf  # the first batch of the next run shows at once
        self.progress_bar.setValue(0)
        for label in (self.epoch_label, self.rate_label, self.batch_label, self.speed_label, self.elapsed_label, self.remaining_label):
            label.setText("–")

    @Slot(object)
    def _on_finished(self, run) -> None:
        self._reset_plot_if_pending()
        self._on_frame()  # the last batches
        if self._last_snapshot is not None:
            self._show_progress(self._last_snapshot)  # and the figures where they stopped
        r = run.result
        if r.status == "completed":
            self.status_label.setText(self.tr("Finished: %n epoch(s) in {t}.", "", r.epochs).format(t=format_duration(r.seconds)))
            self.progress_bar.setValue(1000)
            self.remaining_label.setText(format_duration(0))
        else:
            self.remaining_label.setText("–")  # nothing remains of a run that has ended
            if r.status == "stopped":
                self.status_label.setText(self.tr("Stopped after %n complete epoch(s), {t} of training.", "", r.epochs).format(t=format_duration(r.seconds)))
            else:  # diverged, exploded, dead: what happened, its likely cause, what was kept
                self.status_label.setText(training_headline(r))
                self._show_message(training_result_text(r), "error")
        if math.isfinite(r.test_accuracy):
            self.test_label.setText(self.tr("Test accuracy: {a:.2f} %").format(a=100 * r.test_accuracy))
            self.test_label.setToolTip(self.tr("{a:.2f} % of the test images were classified correctly (test loss {l:.4f}).").format(a=100 * r.test_accuracy, l=r.test_loss))
        else:
            self.test_label.setText(self.tr("Test accuracy: –"))
        self.runFinished.emit(run)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status_label.setText(self.tr("Training could not run."))
        self._show_message(message, "error")

    @Slot()
    def _on_ended(self) -> None:
        self._update_buttons()
        self.runningChanged.emit(False)

    def _show_message(self, text: str, kind: str) -> None:
        colours = {"error": "#a40000", "info": "#333333", "": "#333333"}
        backgrounds = {"error": "#fdecea", "info": "#f3f4f6", "": "#f3f4f6"}
        self.message_label.setStyleSheet(
            f"color: {colours.get(kind, '#333333')}; background: {backgrounds.get(kind, '#f3f4f6')}; "
            "border-radius: 3px; padding: 6px 8px;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # ------------------------------------------------------------------ results out

    def make_bundle(self):
        """The latest run's model as a core.io.bundle.Bundle (in memory), or None."""
        return self.run.make_bundle()

    def save_model(self, path) -> None:
        """Write the latest trained model to `path` (raises core.io.bundle.BundleError or OSError)."""
        self.run.save_model(path)

    def export_png(self, path) -> bool:
        return self.plot.export_png(str(path))

    def export_csv(self, path) -> None:
        """The current run's history, one row per epoch, written atomically."""
        self.run.export_csv(path)

    def _default_name(self, suffix: str) -> str:
        design = self.run.design or self.design
        stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in design.name).strip() or "model"
        return str(Path.home() / f"{stem}{suffix}")

    @Slot()
    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save trained model"), self._default_name(".npz"), self.tr("LayerLab model (*.npz)"))
        if not path:
            return
        if not path.endswith(".npz"):
            path += ".npz"
        try:
            self.save_model(path)
        except Exception as e:  # noqa: BLE001 - BundleError, OSError: shown, not raised
            from core.io.bundle import BundleError
            from designer.text.messages import bundle_error_text

            if isinstance(e, BundleError):
                reason = bundle_error_text(e)
            elif isinstance(e, OSError) and e.strerror:  # e.g. core.io.atomic.UnsafeTarget: a symlink, a FIFO
                reason = f"{e.filename}: {e.strerror}" if e.filename else e.strerror
            else:
                reason = str(e)
            QMessageBox.warning(self, self.tr("Could not save"), self.tr("The model could not be saved: {reason}").format(reason=reason))
            return
        self.status_label.setText(self.tr("Saved {name}.").format(name=Path(path).name))

    @Slot()
    def _on_export_png_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export curves"), self._default_name("-curves.png"), self.tr("PNG image (*.png)"))
        if path and not self.export_png(path if path.endswith(".png") else path + ".png"):
            QMessageBox.warning(self, self.tr("Could not export"), self.tr("The picture could not be written to {path}.").format(path=path))

    @Slot()
    def _on_export_csv_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export history"), self._default_name("-history.csv"), self.tr("CSV table (*.csv)"))
        if not path:
            return
        try:
            self.export_csv(path if path.endswith(".csv") else path + ".csv")
        except OSError as e:
            QMessageBox.warning(self, self.tr("Could not export"), self.tr("The table could not be written: {reason}").format(reason=e.strerror or e))

    @Slot()
    def _on_clear_previous(self) -> None:
        self.plot.clear_previous()
        self._update_buttons()



__all__ = ["TrainingPage", "format_duration"]
