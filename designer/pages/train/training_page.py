"""The Training page: hyperparameters, Train / Pause / Resume / Stop, live curves, results.

The hyperparameter form shows the document's design and edits it only through
undo commands (`PropertyChangedCmd`), so every change can be undone like any other.
Pressing Train checks the design, offers to download a missing dataset, locks the
document (`read_only`) and starts a `TrainingWorker` in a QThread. A 30 Hz timer
pulls the worker's latest batch and new losses into the `LivePlot` and the progress
labels; epoch results arrive as signals. When the run ends, the test accuracy is
shown and the trained model goes to the `ModelStore` for the test page.

Only this (GUI) thread touches widgets; the worker only fills a locked slot and
emits signals that land in @Slot methods here.
"""
from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

from PySide6.QtCore import (
    QSignalBlocker,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
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
    QVBoxLayout,
    QWidget,
)

from core.design import spec
from core.design.checks import plain_number
from designer.tasks.worker import (
    ProgressSnapshot,
    StopsThreadsOnQuit,
    TrainingWorker,
    start_in_thread,
    stop_and_wait,
)
from designer.text import names
from core.nn.initializers import INITIALIZERS
from core.nn.optimizers import OPTIMIZERS
from designer.text.messages import finding_text, training_result_text
from designer.widgets.bounded_spin_box import BoundedSpinBox
from designer.widgets.edit_session import EditSession

#: the GUI redraws the curves and progress at most this often (ms): ~30 per second
FRAME_MS = 33
#: set to "1" to close or switch designs during a run without being asked (tests, scripts)
ENV_NO_CONFIRM = "LAYERLAB_NO_CONFIRM"

#: learning-rate spin box steps: 1, 2, 5 in every decade
_LADDER = sorted({m * 10.0**e for e in range(-6, 2) for m in (1, 2, 5)})


def format_duration(seconds: float) -> str:
    """0:07, 12:34, 1:02:03."""
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# ---------------------------------------------------------------------- spin boxes


class LearningRateSpinBox(QDoubleSpinBox):
    """A learning rate: typed freely, stepped along 0.001, 0.002, 0.005, 0.01, ..."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(8)
        self.setRange(1e-6, 10.0)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt name)
        return plain_number(value)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text.replace(",", ".").strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        t = text.replace(",", ".").strip()
        if not all(c in "0123456789.eE-+" for c in t):
            return (QValidator.State.Invalid, text, pos)
        try:
            v = float(t)
        except ValueError:
            return (QValidator.State.Intermediate, text, pos)
        ok = self.minimum() <= v <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate, text, pos)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        v = self.value()
        for _ in range(abs(steps)):
            if steps > 0:
                v = next((r for r in _LADDER if r > v * (1 + 1e-9)), self.maximum())
            else:
                v = next((r for r in reversed(_LADDER) if r < v * (1 - 1e-9)), self.minimum())
        self.setValue(min(max(v, self.minimum()), self.maximum()))


class PowerOfTwoSpinBox(BoundedSpinBox):
    """A batch size: any number can be typed; the arrows go 16, 32, 64, 128, ..."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setKeyboardTracking(False)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        self.clear_note()
        v = self.value()
        for _ in range(abs(steps)):
            if steps > 0:
                p = 1
                while p <= v:
                    p *= 2
                v = p
            else:
                p = 1
                while p * 2 < v:
                    p *= 2
                v = p if v > 1 else 1
        self.setValue(min(max(v, self.minimum()), self.maximum()))


class PercentSpinBox(QDoubleSpinBox):
    """A fraction shown as a percentage: 0.1 <-> "10 %"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(1)
        self.setSingleStep(5.0)
        self.setSuffix(" %")
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return f"{value:g}"


# ---------------------------------------------------------------------- the form


class HyperparameterForm(QGroupBox):
    """The training settings of the document's design, edited through undo commands.

    Every edit pushes a `PropertyChangedCmd` (spin-box steps merge into one undo step);
    `load_from_design()` shows the spec again without pushing anything, and runs
    whenever the document changes (undo, redo, another design opened).
    """

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Hyperparameters"))
        self.document = document
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.optimizer_combo = QComboBox()
        for key in tuple(OPTIMIZERS):
            self.optimizer_combo.addItem(names.optimizer_title(key), key)
        self.optimizer_combo.setToolTip(self.tr(
            "How the weights are changed after each mini-batch.\n"
            "SGD: a step straight down the slope of the loss.\n"
            "Momentum: like a ball rolling downhill, it keeps some speed from earlier steps.\n"
            "AdaGrad: weights that have changed a lot get smaller steps.\n"
            "RMSProp: like AdaGrad, but it forgets old steps, so learning does not slow to a halt.\n"
            "Adam: Momentum and RMSProp together; a good first choice."))
        self.lr_spin = LearningRateSpinBox()
        self.lr_spin.setToolTip(self.tr(
            "The learning rate: how big a step the weights take after each mini-batch.\n"
            "Too small and learning crawls; too big and the loss jumps around or blows up.\n"
            "Typical: 0.001 for Adam and RMSProp, 0.01 to 0.1 for SGD."))
        self.momentum_spin = QDoubleSpinBox()
        self.momentum_spin.setRange(0.0, 0.999)
        self.momentum_spin.setDecimals(3)
        self.momentum_spin.setSingleStep(0.05)
        self.momentum_spin.setKeyboardTracking(False)
        self.momentum_spin.setToolTip(self.tr(
            "Momentum: how much of the previous step is kept in the next one (0 to 1).\n"
            "0.9 means each step is mostly the running direction of the last ten or so,\n"
            "which smooths out the zig-zag of single mini-batches."))
        self.batch_spin = PowerOfTwoSpinBox()
        self.batch_spin.setRange(1, spec.MAX_BATCH)
        self.batch_spin.setToolTip(self.tr(
            "The mini-batch size: how many examples the network looks at before each weight update.\n"
            "Small batches make many quick, noisy steps; big batches make fewer, steadier ones."))
        self.epochs_spin = BoundedSpinBox()
        self.epochs_spin.setRange(1, spec.MAX_EPOCHS)
        self.epochs_spin.setKeyboardTracking(False)
        self.epochs_spin.setToolTip(self.tr(
            "Epochs: how many times training goes through all the training examples.\n"
            "More epochs learn more, until the network starts memorising instead (watch the validation curve)."))
        self.val_spin = PercentSpinBox()
        self.val_spin.setRange(0.0, 50.0)
        self.val_spin.setToolTip(self.tr(
            "Validation split: the share of the training examples held back and never trained on.\n"
            "The network is scored on them after every epoch, which shows whether it learns\n"
            "general rules or only memorises the examples it sees."))
        self.init_combo = QComboBox()
        for key in tuple(INITIALIZERS):
            self.init_combo.addItem(names.init_title(key), key)
        self.init_combo.setToolTip(self.tr(
            "Initialisation: how the weights are set before training starts.\n"
            "He suits ReLU layers, Xavier suits sigmoid and tanh; Normal uses small random numbers."))
        self.seed_spin = BoundedSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.setToolTip(self.tr(
            "The seed of the random numbers (starting weights, shuffling, validation split).\n"
            "The same seed gives exactly the same run again; change it to see how much luck matters."))

        self.momentum_label = QLabel(self.tr("Momentum"))
        form.addRow(self.tr("Optimizer"), self.optimizer_combo)
        form.addRow(self.tr("Learning rate"), self.lr_spin)
        form.addRow(self.momentum_label, self.momentum_spin)
        form.addRow(self.tr("Batch size"), self.batch_spin)
        form.addRow(self.tr("Epochs"), self.epochs_spin)
        form.addRow(self.tr("Validation split"), self.val_spin)
        form.addRow(self.tr("Initialisation"), self.init_combo)
        form.addRow(self.tr("Seed"), self.seed_spin)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and isinstance(label.widget(), QLabel):
                label.widget().setToolTip(field.widget().toolTip())
        # Advice about the settings and notes about typed numbers out of range: the page shows
        # them below the Train button, so that one appearing never moves the button.
        self.advice_label = QLabel()
        self.advice_label.setWordWrap(True)
        self.advice_label.setStyleSheet("color: #8a5a00;")
        self.advice_label.setVisible(False)
        self.range_label = QLabel()
        self.range_label.setWordWrap(True)
        self.range_label.setStyleSheet("color: #8a5a00;")
        self.range_label.setVisible(False)
        for spin in (self.batch_spin, self.epochs_spin, self.seed_spin):
            spin.rangeNote.connect(self._show_range_note)

        #: one undo step per edit of a field: its steps merge, two separate edits do not
        self._sessions = {w: EditSession(w) for w in (self.lr_spin, self.momentum_spin, self.batch_spin, self.epochs_spin,
                                                     self.val_spin, self.seed_spin)}
        self.optimizer_combo.activated.connect(self._on_optimizer_chosen)
        self.lr_spin.valueChanged.connect(self._on_learning_rate)
        self.momentum_spin.valueChanged.connect(self._on_momentum)
        self.batch_spin.valueChanged.connect(self._on_batch_size)
        self.epochs_spin.valueChanged.connect(self._on_epochs)
        self.val_spin.valueChanged.connect(self._on_validation_split)
        self.init_combo.activated.connect(self._on_init_chosen)
        self.seed_spin.valueChanged.connect(self._on_seed)

    @property
    def design(self) -> spec.Design:
        return self.document.design

    @Slot(str)
    def _show_range_note(self, text: str) -> None:
        self.range_label.setText(text)
        self.range_label.setVisible(bool(text))

    def _push(self, path: str, value, field: QWidget | None = None) -> None:
        """Change one spec value through an undoable `PropertyChangedCmd`, merged with the last
        one while the same `field` is being edited (so spin-box steps undo at once)."""
        session = self._sessions.get(field)
        key = session.key if session is not None else None
        if not self.document.set_value(path, value, merge_key=key) and self.document.read_only:
            self.load_from_design()  # refused: show the spec's value again

    def load_from_design(self) -> None:
        """Show the spec's values in the form without pushing commands."""
        d = self.design
        t = d.training
        widgets = (self.optimizer_combo, self.lr_spin, self.momentum_spin, self.batch_spin, self.epochs_spin,
                   self.val_spin, self.init_combo, self.seed_spin)
        blockers = [QSignalBlocker(w) for w in widgets]
        try:
            self.optimizer_combo.setCurrentIndex(max(0, self.optimizer_combo.findData(t.optimizer.type)))
            self.lr_spin.setValue(t.optimizer.learning_rate)
            has_momentum = "momentum" in OPTIMIZERS[t.optimizer.type].extras
            self.momentum_label.setVisible(has_momentum)
            self.momentum_spin.setVisible(has_momentum)
            if has_momentum:
                self.momentum_spin.setValue(t.optimizer.option("momentum"))
            self.batch_spin.setValue(t.batch_size)
            self.epochs_spin.setValue(t.epochs)
            self.val_spin.setValue(round(100.0 * t.validation_split, 1))
            self.init_combo.setCurrentIndex(max(0, self.init_combo.findData(t.init)))
            self.seed_spin.setValue(min(t.seed, self.seed_spin.maximum()))
        finally:
            del blockers
        self._show_advice()

    def _show_advice(self) -> None:
        """Warnings about the training settings (a very high learning rate...), in plain words."""
        lines = ["⚠ " + finding_text(f) for f in self.document.findings()
                 if f.severity == "warning" and f.path.startswith("training.")]
        self.advice_label.setText("\n".join(lines))
        self.advice_label.setVisible(bool(lines))

    # --- form edits -> undo commands

    @Slot(int)
    def _on_optimizer_chosen(self, index: int) -> None:
        kind = self.optimizer_combo.itemData(index)
        current = self.design.training.optimizer
        if kind == current.type:
            return
        self._push("training.optimizer", spec.with_optimizer(current, kind))

    @Slot(float)
    def _on_learning_rate(self, value: float) -> None:
        if not math.isclose(value, self.design.training.optimizer.learning_rate, rel_tol=1e-12):
            self._push("training.optimizer.learning_rate", float(value), self.lr_spin)

    @Slot(float)
    def _on_momentum(self, value: float) -> None:
        self._push("training.optimizer.momentum", float(value), self.momentum_spin)

    @Slot(int)
    def _on_batch_size(self, value: int) -> None:
        if value != self.design.training.batch_size:
            self._push("training.batch_size", int(value), self.batch_spin)

    @Slot(int)
    def _on_epochs(self, value: int) -> None:
        if value != self.design.training.epochs:
            self._push("training.epochs", int(value), self.epochs_spin)

    @Slot(float)
    def _on_validation_split(self, value: float) -> None:
        fraction = round(value / 100.0, 4)
        if not math.isclose(fraction, self.design.training.validation_split, abs_tol=1e-9):
            self._push("training.validation_split", fraction, self.val_spin)

    @Slot(int)
    def _on_init_chosen(self, index: int) -> None:
        key = self.init_combo.itemData(index)
        if key != self.design.training.init:
            self._push("training.init", key)

    @Slot(int)
    def _on_seed(self, value: int) -> None:
        if value != self.design.training.seed:
            self._push("training.seed", int(value), self.seed_spin)


# ---------------------------------------------------------------------- the page


class TrainingPage(StopsThreadsOnQuit, QWidget):
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

        self._worker: TrainingWorker | None = None
        self._thread: QThread | None = None
        self._run_design: spec.Design | None = None
        self._state = "idle"  # idle, running, paused, stopping
        self._dataset_cache: tuple[tuple, object] | None = None
        self._epochs: list = []  # EpochEvents of the current run
        self._last_run = None  # the latest TrainedRun
        self._last_snapshot: ProgressSnapshot | None = None
        self._plot = None
        self._plot_reset_pending = False
        self._showing_problems = False  # the message box lists the design's problems
        #: how many GUI redraws the current run caused (tests and the benchmark read it)
        self.frames = 0

        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._on_frame)

        self._build()
        self._on_design_changed()
        self._update_buttons()
        document.designChanged.connect(self._on_design_changed)
        document.readOnlyChanged.connect(self._on_read_only_changed)
        self.stop_threads_on_quit()

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
        self.batch_label = QLabel("–")
        self.speed_label = QLabel("–")
        self.elapsed_label = QLabel("–")
        self.remaining_label = QLabel("–")
        stats = QFormLayout()
        stats.setHorizontalSpacing(12)
        stats.setVerticalSpacing(2)
        stats.addRow(self.tr("Epoch"), self.epoch_label)
        stats.addRow(self.tr("Batch"), self.batch_label)
        stats.addRow(self.tr("Speed"), self.speed_label)
        stats.addRow(self.tr("Elapsed"), self.elapsed_label)
        stats.addRow(self.tr("Remaining"), self.remaining_label)
        for label in (self.epoch_label, self.batch_label, self.speed_label, self.elapsed_label, self.remaining_label):
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
        left_widget.setFixedWidth(300)

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
        self.csv_button.setToolTip(self.tr("Save each epoch's loss and accuracy as a table (for a spreadsheet)."))
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
        outer.addWidget(left_widget)
        outer.addLayout(right, 1)

    @property
    def plot(self):
        """The LivePlot, made on first use: pyqtgraph loads when the page is first shown,
        not while the window starts."""
        if self._plot is None:
            from designer.widgets.live_plot import LivePlot

            self._plot = LivePlot()
            self._plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self._plot.set_log_loss(self.log_check.isChecked())
            self._plot_layout.addWidget(self._plot)
        return self._plot

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
        """True from Train until the worker's thread has ended."""
        return self._thread is not None

    @property
    def state(self) -> str:
        """"idle", "running", "paused" or "stopping"."""
        return self._state

    @property
    def steps_seen(self) -> int:
        """Mini-batches of the current run the GUI has seen so far (the batch counter)."""
        return self._last_snapshot.steps if self._last_snapshot is not None else 0

    @property
    def last_run(self):
        """The latest finished core.train.loop.TrainedRun, or None."""
        return self._last_run

    def _set_state(self, state: str) -> None:
        self._state = state
        self._update_buttons()

    def _update_buttons(self) -> None:
        s = self._state
        idle = s == "idle"
        self.train_button.setEnabled(idle and self.document.can_train())
        self.pause_button.setEnabled(s == "running")
        self.resume_button.setEnabled(s == "paused")
        self.stop_button.setEnabled(s in ("running", "paused"))
        self.form.setEnabled(idle and not self.document.read_only)
        self.lock_label.setVisible(not idle)
        self.save_button.setEnabled(idle and self._trained_bundle_ready())
        self.csv_button.setEnabled(bool(self._epochs))
        self.clear_previous_button.setEnabled(self._plot is not None and self._plot.has_previous)

    def _trained_bundle_ready(self) -> bool:
        run = self._last_run
        return run is not None and self._usable(run)

    @staticmethod
    def _usable(run) -> bool:
        """Whether a run left a trained model worth testing and saving: an epoch kept (or a
        stopped run's weights), and never a weight that is NaN or infinite."""
        from core.io.bundle import weights_are_finite

        r = run.result
        kept = r.epochs > 0 or (r.status == "stopped" and bool(r.history.batch_loss))
        return kept and weights_are_finite(run.model.parameters)

    # ------------------------------------------------------------------ starting

    @Slot()
    def start_training(self) -> bool:
        """What Train does: check, maybe download, lock the design, start the worker. True if started."""
        if self.is_running:
            return False
        from core.data.catalog import DataSource
        from core.data.datasets import canonical_name, is_available

        design = self.design.copy()
        problems = self._design_problems_text()
        if problems:
            self._show_message(problems, "error")
            return False

        dataset = self._cached_dataset(design)
        own = isinstance(design.dataset, DataSource)  # the user's own files: nothing to download
        name = design.dataset if own else canonical_name(design.dataset)
        if dataset is None and not own and not is_available(name, self.data_dir):
            from designer.widgets.download_dialog import offer_download

            if not offer_download(self, name):
                self._show_message(self.tr("Training needs the dataset. Press Train again to download it."), "info")
                return False

        self._run_design = design
        self._epochs = []
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

        worker = TrainingWorker(design, data_dir=self.data_dir, dataset=dataset, limit=self.limit)
        worker.progress.connect(self._on_worker_progress)
        worker.datasetLoaded.connect(self._on_dataset_loaded)
        worker.epochFinished.connect(self._on_epoch_finished)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._worker = worker
        self.document.set_read_only(True)
        self._thread = start_in_thread(worker, self._on_thread_finished)
        self._set_state("running")
        self.timer.start()
        self.runningChanged.emit(True)
        return True

    def _dataset_key(self, design: spec.Design) -> tuple:
        from core.data.catalog import dataset_key

        return (dataset_key(design.dataset), str(self.data_dir), tuple(sorted(design.dataset_options.items())), design.training.seed)

    def remember_dataset(self, dataset) -> None:
        """Use this already loaded dataset for the current design's next runs (skips loading)."""
        self._dataset_cache = (self._dataset_key(self.design), dataset)

    def _cached_dataset(self, design: spec.Design):
        if self._dataset_cache is not None and self._dataset_cache[0] == self._dataset_key(design):
            return self._dataset_cache[1]
        return None

    # ------------------------------------------------------------------ controls

    @Slot()
    def pause(self) -> None:
        if self._worker is not None and self._state == "running":
            self._worker.pause()
            self._set_state("paused")
            self.status_label.setText(self.tr("Paused. Resume goes on from here."))

    @Slot()
    def resume(self) -> None:
        if self._worker is not None and self._state == "paused":
            self._worker.resume()
            self._set_state("running")
            self.status_label.setText(self.tr("Training…"))

    @Slot()
    def stop(self) -> None:
        """End the run after the current mini-batch; the result still comes (test accuracy included)."""
        if self._worker is not None and self._state in ("running", "paused"):
            self._worker.stop()
            self._set_state("stopping")
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
        """Abort any run and wait for the worker's thread to end; True when it has.

        Results of an aborted run are dropped. Safe to call when nothing runs.
        """
        if self._thread is None:
            return True
        worker, thread = self._worker, self._thread
        self._set_state("stopping")
        finished = stop_and_wait(worker, thread, timeout_ms)
        self._worker = None  # late signals from this worker are ignored (see _is_current)
        if finished:
            self._end_run()
        return finished

    def before_close(self) -> bool:
        """For MainWindow.before_close (closing, or New/Open over a design being trained):
        ask while a run is active, then stop it; True when the window may go ahead."""
        if not self.confirm_stop_for_close():
            return False
        return self.stop_and_wait(1000)

    # ------------------------------------------------------------------ from the worker

    def _is_current(self) -> bool:
        return self._worker is not None and self.sender() is self._worker

    @Slot(str)
    def _on_worker_progress(self, text: str) -> None:
        if self._is_current() and self._state == "running":
            self.status_label.setText(text)

    @Slot(object)
    def _on_dataset_loaded(self, dataset) -> None:
        if self._is_current() and self._run_design is not None:
            from core.data.datasets import fit_to_data

            self._run_design = fit_to_data(self._run_design, dataset)  # own data: what it holds goes in the model file
            self._dataset_cache = (self._dataset_key(self._run_design), dataset)

    @Slot(object)
    def _on_epoch_finished(self, event) -> None:
        if not self._is_current():
            return
        self._reset_plot_if_pending()
        self._epochs.append(event)
        self.plot.add_epoch(event.epoch, event.loss, event.accuracy, event.val_loss, event.val_accuracy)
        self.csv_button.setEnabled(True)

    def _reset_plot_if_pending(self) -> None:
        if self._plot_reset_pending and self._run_design is not None:
            self._plot_reset_pending = False
            self.plot.start_run()
            self.plot.set_expected_epochs(self._run_design.training.epochs)
            self.clear_previous_button.setEnabled(self.plot.has_previous)

    @Slot()
    def _on_frame(self) -> None:
        """~30 times a second while training: pull the latest progress, redraw."""
        worker = self._worker
        if worker is None:
            return
        if self._plot_reset_pending:
            self._reset_plot_if_pending()
            return  # the batches wait for the next frame: one repaint per frame
        snap = worker.take_progress()
        if snap is not None:
            self.plot.add_batches(snap.batch_x, snap.batch_loss)
            self._show_progress(snap)
        self.plot.redraw()
        self.frames += 1

    def _show_progress(self, snap: ProgressSnapshot) -> None:
        self._last_snapshot = snap
        total = snap.epochs * snap.batches
        self.progress_bar.setValue(int(1000 * snap.steps / total) if total else 0)
        self.epoch_label.setText(self.tr("{e} of {n}").format(e=snap.epoch, n=snap.epochs))
        self.batch_label.setText(self.tr("{b} of {n}").format(b=snap.batch, n=snap.batches))
        self.speed_label.setText(self.tr("{s} samples/s").format(s=names.format_count(round(snap.samples_per_second))))
        self.elapsed_label.setText(format_duration(snap.elapsed))
        self.remaining_label.setText(format_duration(snap.remaining))

    def _reset_progress(self) -> None:
        self.progress_bar.setValue(0)
        for label in (self.epoch_label, self.batch_label, self.speed_label, self.elapsed_label, self.remaining_label):
            label.setText("–")

    @Slot(object)
    def _on_finished(self, run) -> None:
        if not self._is_current():
            return
        self._reset_plot_if_pending()
        self._on_frame()  # the last batches
        self._last_run = run
        r = run.result
        design = self._run_design
        if r.status == "completed":
            self.status_label.setText(self.tr("Finished: %n epoch(s) in {t}.", "", r.epochs).format(t=format_duration(r.seconds)))
            self.progress_bar.setValue(1000)
            self.remaining_label.setText(format_duration(0))
        else:
            self.remaining_label.setText("–")  # nothing remains of a run that has ended
            if r.status == "stopped":
                self.status_label.setText(self.tr("Stopped after %n complete epoch(s), {t} of training.", "", r.epochs).format(t=format_duration(r.seconds)))
            else:  # diverged, exploded, dead: what happened, its likely cause, what was kept
                headline = {
                    "diverged": self.tr("Training diverged."),
                    "exploded": self.tr("Training blew up: the loss exploded."),
                    "dead": self.tr("Training stopped: the network went dead."),
                }
                self.status_label.setText(headline.get(r.status, self.tr("Training went wrong.")))
                self._show_message(training_result_text(r), "error")
        if math.isfinite(r.test_accuracy):
            self.test_label.setText(self.tr("Test accuracy: {a:.2f} %").format(a=100 * r.test_accuracy))
            self.test_label.setToolTip(self.tr("{a:.2f} % of the test images were classified correctly (test loss {l:.4f}).").format(a=100 * r.test_accuracy, l=r.test_loss))
        else:
            self.test_label.setText(self.tr("Test accuracy: –"))
        if self._usable(run) and design is not None:
            bundle = self.make_bundle()
            if bundle is not None:
                self.model_store.set_bundle(bundle, "trained")
        self.runFinished.emit(run)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self._is_current():
            return
        self.status_label.setText(self.tr("Training could not run."))
        self._show_message(message, "error")

    @Slot()
    def _on_thread_finished(self) -> None:
        # A queued signal of a thread already awaited by stop_and_wait() must not end a newer run.
        if self._thread is not None and self.sender() is self._thread:
            self._end_run()

    def _end_run(self) -> None:
        thread = self._thread
        if thread is None:
            return
        thread.wait()  # finished is emitted just before the thread really ends
        self.timer.stop()
        self._thread = None
        self._worker = None
        self.document.set_read_only(False)
        self._set_state("idle")
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
        from core.io.bundle import Bundle

        run = self._last_run
        if run is None or self._run_design is None or not self._usable(run):
            return None
        return Bundle(
            design=self._run_design.copy(),
            weights={k: v.copy() for k, v in run.model.get_weights().items()},
            history=run.result.history.as_dict(),
            normalisation=dict(run.normalisation),
        )

    def save_model(self, path) -> None:
        """Write the latest trained model to `path` (raises core.io.bundle.BundleError or OSError)."""
        from core.io.bundle import save_bundle

        bundle = self.make_bundle()
        if bundle is None:
            raise ValueError("there is no trained model to save yet")
        save_bundle(path, design=bundle.design, weights=bundle.weights, history=bundle.history, normalisation=bundle.normalisation)

    def export_png(self, path) -> bool:
        return self.plot.export_png(str(path))

    def export_csv(self, path) -> None:
        """The current run's history, one row per epoch (accuracies as fractions); written
        atomically: an existing file stays whole if anything goes wrong."""
        from core.io.atomic import atomic_write_text

        out = io.StringIO(newline="")
        w = csv.writer(out)
        w.writerow(["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"])
        for e in self._epochs:
            w.writerow([e.epoch, _num(e.loss), _num(e.accuracy), _num(e.val_loss), _num(e.val_accuracy), f"{e.seconds:.3f}"])
        atomic_write_text(path, out.getvalue())

    def _default_name(self, suffix: str) -> str:
        design = self._run_design or self.design
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


def _num(x: float) -> str:
    return "" if x is None or not math.isfinite(x) else repr(float(x))


__all__ = ["TrainingPage", "LearningRateSpinBox", "PowerOfTwoSpinBox", "PercentSpinBox", "format_duration"]
