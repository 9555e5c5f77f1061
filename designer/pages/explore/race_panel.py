"""The optimizer race: SGD, Momentum, AdaGrad, RMSProp and Adam, from the same start.

One click trains the document's design once per optimizer with `core.explain.race.race` in a
background thread: identical initial weights, identical mini-batches, each optimizer
with its usual learning rate (editable here). The loss curves share one plot, drawn
from a ~30 Hz timer; a table sums up each optimizer's run at the end.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.design.checks import check_design
from core.design.checks import errors as check_errors
from core.nn.optimizers import OPTIMIZERS
from core.explain.inspect import number
from core.explain.race import RACE_OPTIMIZERS
from designer.pages.explore.explore_common import TEXT
from designer.tasks.task import TaskRunner
from designer.widgets.spin_boxes import LearningRateSpinBox
from designer.text.messages import finding_text
from designer.text.names import format_count, optimizer_tip, optimizer_title
from designer.widgets.plots.plot_style import still_plot
from designer.widgets.plots.series import SeriesBuffer, smooth

#: image datasets are raced on this many training samples by default (all of a toy set)
DEFAULT_IMAGE_LIMIT = 8_000
DEFAULT_EPOCHS = 2


def optimizer_color(name: str) -> QColor:
    """The colour of an optimizer's curves, its name and its row (core.nn.optimizers.OPTIMIZERS)."""
    return QColor(OPTIMIZERS[name].color)


def race_in_background(state, design, dataset, optimizers, **options):
    """`core.explain.race.race` as a background task (designer.tasks.task): every RaceEvent
    (one per batch, with each optimizer's loss) goes to the GUI as a partial result."""
    from core.explain.race import race
    from designer.tasks.collector import ready_to_train

    ready_to_train(state)
    return race(design, dataset, tuple(optimizers), callback=state.add_partial, control=state.control, **options)


class RacePanel(QWidget):
    """Start a race, watch five loss curves, read the results."""

    #: the core.explain.race.RaceResult when a race ends
    raceFinished = Signal(object)

    def __init__(self, document, model_store, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.data = data
        #: runs the race in the background (race_in_background)
        self.runner = TaskRunner(self, name="optimizer race")
        self.runner.partial.connect(self._on_partial)
        self.runner.done.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self._waiting_for_data = False
        self._result = None
        self._raw: dict[str, SeriesBuffer] = {}
        self._smoothed: dict[str, SeriesBuffer] = {}
        self._smooth_state: dict[str, tuple[float, int]] = {}
        self._dirty = False
        self.frames = 0
        self._build()
        document.designChanged.connect(self._on_design_changed)
        data.ready.connect(self._on_data_ready)
        data.failed.connect(self._on_data_failed)
        self._on_design_changed()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        intro = QLabel(self.tr(
            "The same network trained five times, once per optimizer. All start from <b>the same initial weights</b> "
            "and see <b>the same mini-batches in the same order</b>, so the curves differ only in how each optimizer "
            "moves the weights."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        box = QGroupBox(self.tr("Optimizers and learning rates"))
        grid = QGridLayout(box)
        self.checks: dict[str, QCheckBox] = {}
        self.rates: dict[str, LearningRateSpinBox] = {}
        for i, name in enumerate(RACE_OPTIMIZERS):
            check = QCheckBox(optimizer_title(name))
            check.setChecked(True)
            check.setToolTip(optimizer_tip(name))
            check.setStyleSheet(f"QCheckBox {{ color: {optimizer_color(name).name()}; font-weight: bold; }}")
            rate = LearningRateSpinBox()
            rate.setValue(OPTIMIZERS[name].default_learning_rate)
            rate.setToolTip(self.tr("The learning rate η for {name}; its usual value is {lr}.").format(
                name=optimizer_title(name), lr=number(OPTIMIZERS[name].default_learning_rate)))
            grid.addWidget(check, i, 0)
            grid.addWidget(rate, i, 1)
            self.checks[name], self.rates[name] = check, rate
        self.defaults_button = QPushButton(self.tr("Usual rates"))
        self.defaults_button.setToolTip(self.tr("Put every learning rate back to its optimizer's usual value."))
        self.defaults_button.clicked.connect(self._reset_rates)
        grid.addWidget(self.defaults_button, len(RACE_OPTIMIZERS), 1)

        run_box = QGroupBox(self.tr("Race"))
        run = QGridLayout(run_box)
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 1000)
        self.epochs_spin.setValue(DEFAULT_EPOCHS)
        self.epochs_spin.setToolTip(self.tr("How many times each optimizer goes through the training samples."))
        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(10, 1_000_000)
        self.limit_spin.setSingleStep(1000)
        self.limit_spin.setToolTip(self.tr("Race on the first N training samples only: five runs take five times as long as one."))
        self.start_button = QPushButton(self.tr("Start race"))
        self.start_button.setToolTip(self.tr("Train the current design with every ticked optimizer, side by side."))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_race)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("End the race now; the curves stay."))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        run.addWidget(QLabel(self.tr("Epochs")), 0, 0)
        run.addWidget(self.epochs_spin, 0, 1)
        run.addWidget(QLabel(self.tr("Training samples")), 1, 0)
        run.addWidget(self.limit_spin, 1, 1)
        run.addWidget(self.start_button, 2, 0, 1, 2)
        run.addWidget(self.stop_button, 3, 0, 1, 2)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        run.addWidget(self.status_label, 4, 0, 1, 2)

        self.log_check = QCheckBox(self.tr("Log scale"))
        self.log_check.setToolTip(self.tr("Show the loss on a logarithmic scale, where small late differences are easier to see."))
        self.log_check.toggled.connect(lambda on: self.plot.setLogMode(x=False, y=on))
        self.raw_check = QCheckBox(self.tr("Every batch"))
        self.raw_check.setToolTip(self.tr("Also show each mini-batch's loss (noisy), not only the smoothed curves."))
        self.raw_check.toggled.connect(self._on_raw_toggled)

        left = QVBoxLayout()
        left.addWidget(box)
        left.addWidget(run_box)
        left.addWidget(self.log_check)
        left.addWidget(self.raw_check)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(280)
        left.setContentsMargins(0, 0, 0, 0)

        self.plot = pg.PlotWidget(background="w")
        plot = self.plot.getPlotItem()
        plot.setDownsampling(mode="peak")
        plot.setClipToView(True)
        still_plot(plot, left=self.tr("loss (per batch, smoothed)"), bottom=self.tr("epoch"))
        plot.getAxis("left").setWidth(60)
        legend = plot.addLegend(offset=(-10, 10), labelTextColor=TEXT, brush=pg.mkBrush(255, 255, 255, 220), pen=pg.mkPen(220, 220, 220))
        legend.setLabelTextSize("9pt")
        self.plot.setToolTip(self.tr("The loss of each optimizer's network on every mini-batch, smoothed. Lower is better."))
        # curves are created once; the timer only calls setData
        self.raw_curves: dict[str, pg.PlotDataItem] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for name in RACE_OPTIMIZERS:
            c = optimizer_color(name)
            tint = QColor(int(255 - (255 - c.red()) * 0.35), int(255 - (255 - c.green()) * 0.35), int(255 - (255 - c.blue()) * 0.35))
            raw = plot.plot([], [], pen=pg.mkPen(tint, width=1))
            raw.setVisible(False)
            self.raw_curves[name] = raw
        for name in RACE_OPTIMIZERS:
            style = Qt.PenStyle.DashLine if OPTIMIZERS[name].dashed else Qt.PenStyle.SolidLine
            pen = pg.mkPen(optimizer_color(name), width=2.2, style=style)
            self.curves[name] = plot.plot([], [], pen=pen, name=optimizer_title(name))

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("Optimizer"), self.tr("Learning rate"), self.tr("First loss"), self.tr("Last loss (smoothed)"),
            self.tr("Test accuracy"), self.tr("Time"),
        ])
        self.table.setToolTip(self.tr(
            "First loss: the same for all, since they start from the same weights on the same batch.\n"
            "Test accuracy: on test samples none of them trained on."))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setFixedHeight(self._table_height(len(RACE_OPTIMIZERS)))

        right = QVBoxLayout()
        right.addWidget(intro)
        right.addWidget(self.plot, 1)
        right.addWidget(self.table)
        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addLayout(right, 1)

    def _table_height(self, rows: int) -> int:
        t = self.table
        row = t.verticalHeader().defaultSectionSize()
        return t.horizontalHeader().sizeHint().height() + rows * row + 2 * t.frameWidth() + 2

    # ------------------------------------------------------------------ state

    @property
    def is_running(self) -> bool:
        return self.runner.running or self._waiting_for_data

    @property
    def result(self):
        return self._result

    def selected(self) -> list[str]:
        return [name for name in RACE_OPTIMIZERS if self.checks[name].isChecked()]

    def curve_points(self) -> dict[str, int]:
        """How many points each optimizer's curve has been given (for tests)."""
        out = {}
        for name, curve in self.curves.items():
            x, _ = curve.getOriginalDataset()
            out[name] = 0 if x is None else len(x)
        return out

    @Slot()
    def _reset_rates(self) -> None:
        for name, spin in self.rates.items():
            spin.setValue(OPTIMIZERS[name].default_learning_rate)

    @Slot()
    def _on_design_changed(self) -> None:
        from core.data.datasets import is_toy

        design = self.document.design
        self.limit_spin.setValue(100_000 if is_toy(design.dataset) else DEFAULT_IMAGE_LIMIT)
        if not self.is_running:
            self.status_label.setText(self.tr("Design: {name}").format(name=design.name))

    @Slot(bool)
    def _on_raw_toggled(self, on: bool) -> None:
        for name, curve in self.raw_curves.items():
            curve.setVisible(on and name in self._raw)

    # ------------------------------------------------------------------ running

    @Slot()
    def start_race(self) -> bool:
        if self.is_running:
            return False
        design = self.document.design
        problems = check_errors(check_design(design))
        if problems:
            self.status_label.setText(self.tr("This design can't be trained yet:") + "\n" + "\n".join(finding_text(f) for f in problems))
            return False
        if not self.selected():
            self.status_label.setText(self.tr("Tick at least one optimizer."))
            return False
        if self.data.dataset(design) is None:
            if self.data.error(design):
                self.data.retry(design)
            else:
                self.data.request(design)
            self._waiting_for_data = True
            self._update_buttons()
            self.status_label.setText(self.tr("Loading the dataset…"))
            return True
        self._start(design, self.data.dataset(design))
        return True

    def _start(self, design, dataset) -> None:
        self._waiting_for_data = False
        names = self.selected()
        self._clear()
        for name in names:
            self._raw[name] = SeriesBuffer()
            self._smoothed[name] = SeriesBuffer()
            self._smooth_state[name] = (0.0, 0)
        rates = {name: self.rates[name].value() for name in names}
        self.runner.start(race_in_background, design.copy(), dataset, names, epochs=self.epochs_spin.value(),
                          limit=self.limit_spin.value(), learning_rates=rates)
        self.frames = 0
        self.status_label.setText(self.tr("Racing…"))
        self._update_buttons()

    def _clear(self) -> None:
        self._raw.clear()
        self._smoothed.clear()
        self._smooth_state.clear()
        for curve in (*self.curves.values(), *self.raw_curves.values()):
            curve.setData([], [])
            curve.setVisible(False)
        self.table.setRowCount(0)
        self._result = None

    def _update_buttons(self) -> None:
        running = self.is_running
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        for w in (*self.checks.values(), *self.rates.values(), self.epochs_spin, self.limit_spin, self.defaults_button):
            w.setEnabled(not running)

    @Slot()
    def stop(self) -> None:
        if self._waiting_for_data:
            self._waiting_for_data = False
            self.status_label.setText(self.tr("Stopped."))
            self._update_buttons()
        elif self.runner.running:
            self.runner.cancel()
            self.status_label.setText(self.tr("Stopping…"))

    @Slot(object)
    def _on_data_ready(self, key) -> None:
        if self._waiting_for_data:
            design = self.document.design
            dataset = self.data.dataset(design)
            if dataset is not None:
                self._start(design, dataset)

    @Slot(object, str)
    def _on_data_failed(self, key, message: str) -> None:
        if self._waiting_for_data:
            self._waiting_for_data = False
            self.status_label.setText(message)
            self._update_buttons()

    @Slot(list)
    def _on_partial(self, events: list) -> None:
        """Once per frame while racing: the RaceEvents since the last frame onto the curves."""
        new: dict[str, list[tuple[float, float]]] = {}
        for event in events:
            for name, loss in event.losses.items():
                new.setdefault(name, []).append((event.position, loss))
        for name, pairs in new.items():
            points = np.asarray(pairs, dtype=np.float64)
            smoothed, self._smooth_state[name] = smooth(points[:, 1], self._smooth_state[name])
            self._raw[name].extend(points[:, 0], points[:, 1])
            self._smoothed[name].extend(points[:, 0], smoothed)
        if events:
            self._dirty = True
            last = events[-1]
            self.status_label.setText(self.tr("Racing… batch {step} of {steps}").format(step=format_count(last.step), steps=format_count(last.steps)))
        self.redraw()

    @Slot()
    def redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self.frames += 1
        show_raw = self.raw_check.isChecked()
        for name, buf in self._smoothed.items():
            self.curves[name].setData(buf.x, buf.y)
            self.curves[name].setVisible(True)
            raw = self._raw[name]
            self.raw_curves[name].setData(raw.x, raw.y)
            self.raw_curves[name].setVisible(show_raw)
        self.plot.getPlotItem().vb.prepareForPaint()

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        self._update_buttons()
        self.status_label.setText(self.tr("The race could not run: {reason}").format(reason=message))

    @Slot(object)
    def _on_finished(self, result) -> None:
        self._update_buttons()
        self._result = result
        self._show_results(result)
        done = self.tr("Race finished.") if result.status == "completed" else self.tr("Race stopped.")
        self.status_label.setText(done + " " + self.tr("{steps} batches each, in {s:.1f} s.").format(steps=format_count(result.steps), s=result.seconds))
        self.raceFinished.emit(result)

    def _show_results(self, result) -> None:
        lanes = list(result.lanes.values())
        self.table.setRowCount(len(lanes))
        finite = [lane for lane in lanes if math.isfinite(lane.test_accuracy)]
        best = max(finite, key=lambda lane: lane.test_accuracy) if finite else None
        for i, lane in enumerate(lanes):
            smoothed = self._smoothed.get(lane.optimizer)
            last = smoothed.y[-1] if smoothed is not None and len(smoothed) else math.nan
            if lane.status == "diverged":
                acc = self.tr("diverged (loss became NaN)")
            elif math.isfinite(lane.test_accuracy):
                acc = f"{100 * lane.test_accuracy:.1f} %"
            else:
                acc = "–"
            cells = [optimizer_title(lane.optimizer), number(lane.learning_rate), number(lane.first_loss),
                     number(last), acc, f"{lane.seconds:.1f} s"]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 0:
                    item.setForeground(QBrush(optimizer_color(lane.optimizer)))
                if lane is best:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)

    def result_texts(self) -> list[list[str]]:
        return [[self.table.item(i, j).text() for j in range(self.table.columnCount())] for i in range(self.table.rowCount())]

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Abort a race under way and wait for its thread; True when none runs."""
        self._waiting_for_data = False
        done = self.runner.shutdown(timeout_ms)
        if done:
            self._update_buttons()
        return done


__all__ = ["RacePanel"]
