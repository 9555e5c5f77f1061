"""Gradient check: backpropagation's gradients against numerical differentiation.

One button checks the document's design on a few samples (from its dataset when it
is at hand, else random inputs) with `core.explain.gradient_report.compare_gradients`, in a
background thread, and shows the relative error of every layer's weights and biases,
plus how long each method took: backpropagation is the fast way, numerical
differentiation the slow, simple way that confirms it.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from core.explain.gradient_report import (
    DEFAULT_ENTRIES,
    DEFAULT_SAMPLES,
    GradientCheckStopped,
    KINK_JITTER,
    GradientReport,
    compare_gradients,
    hardest_samples,
)
from core.explain.inspect import number
from core.nn.gradcheck import EPS, TOLERANCE
from designer.pages.explore.explore_common import TEXT, model_for
from designer.tasks.task import TaskCancelled, TaskRunner
from designer.text.names import format_count
from designer.widgets.plots.plot_style import still_plot

#: the hardest samples are picked from this many test samples
POOL = 1000
PASS_COLOR = QColor(220, 240, 220)
FAIL_COLOR = QColor(250, 215, 215)


def format_seconds(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    if s < 120:
        return f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    return f"{s / 3600:.1f} h"


def check_hardest(model, x: np.ndarray, labels: np.ndarray, count: int, entries: int, should_stop=None) -> GradientReport:
    """The check on the `count` samples of `x` the model finds hardest (real images, whose exact
    zeros would put a fresh CNN's sums on ReLU's kink: jittered, see compare_gradients)."""
    chosen = hardest_samples(model, x, labels, count)
    return compare_gradients(model, x[chosen], np.asarray(labels)[chosen], entries=entries, should_stop=should_stop,
                             jitter=KINK_JITTER)


def check_in_background(state, model, x: np.ndarray, labels: np.ndarray, *, count: int | None, entries: int) -> GradientReport:
    """The gradient check as a background task (designer.tasks.task): on the `count` hardest
    of the samples `x`, or on all of them when `count` is None; ends early once stopped."""
    try:
        if count is None:
            return compare_gradients(model, x, labels, entries=entries, should_stop=lambda: state.stopping)
        return check_hardest(model, x, labels, count, entries, should_stop=lambda: state.stopping)
    except GradientCheckStopped:
        raise TaskCancelled() from None


class GradcheckPanel(QWidget):
    """A button, a table of relative errors per layer, and what they mean."""

    #: the core.explain.gradient_report.GradientReport of a finished check
    checked = Signal(object)

    def __init__(self, document, model_store, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        self.data = data
        #: runs the check in the background (check_in_background)
        self.runner = TaskRunner(self, name="gradient check")
        self.runner.done.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self._waiting_for_data = False
        self._report: GradientReport | None = None

        intro = QLabel(self.tr(
            "<b>Backpropagation</b> gets every gradient from one backward pass: fast, but easy to get subtly wrong. "
            "<b>Numerical differentiation</b> nudges one weight at a time by a tiny h and watches the loss: "
            "∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h. It needs two forward passes per weight, so it is slow, "
            "but it is simple enough to trust. If the two agree (relative error below {tol} in float64), "
            "the backward pass is right.").format(tol=number(TOLERANCE)))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.check_button = QPushButton(self.tr("Check gradients"))
        self.check_button.setToolTip(self.tr(
            "Compare backpropagation with numerical differentiation for the current design and weights, "
            "on a few samples, in double precision (float64) with dropout off."))
        self.check_button.clicked.connect(self.start_check)
        self.samples_spin = QSpinBox()
        self.samples_spin.setRange(1, 32)
        self.samples_spin.setValue(DEFAULT_SAMPLES)
        self.samples_spin.setToolTip(self.tr(
            "How many samples the loss is averaged over. The check takes the test samples the network finds hardest:\n"
            "on samples it is very sure of, the gradients are too tiny for numerical differentiation to measure."))
        self.entries_spin = QSpinBox()
        self.entries_spin.setRange(1, 10_000)
        self.entries_spin.setValue(DEFAULT_ENTRIES)
        self.entries_spin.setToolTip(self.tr(
            "How many weights of each layer are nudged. Smaller layers are checked completely;\n"
            "big ones at randomly chosen weights, since every weight costs two forward passes."))
        controls = QHBoxLayout()
        controls.addWidget(self.check_button)
        controls.addSpacing(16)
        controls.addWidget(QLabel(self.tr("Samples")))
        controls.addWidget(self.samples_spin)
        controls.addSpacing(8)
        controls.addWidget(QLabel(self.tr("Weights checked per layer (at most)")))
        controls.addWidget(self.entries_spin)
        controls.addStretch(1)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("Layer"), self.tr("Array"), self.tr("Shape"), self.tr("Checked"), self.tr("Relative error"), self.tr("Result"),
        ])
        self.table.setToolTip(self.tr(
            "Relative error = |backprop − numerical| / (|backprop| + |numerical|), over the checked weights of each array."))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.chart = pg.PlotWidget(background="w")
        ci = still_plot(self.chart.getPlotItem(), left=self.tr("relative error"))
        ci.setLogMode(x=False, y=True)
        ci.getAxis("left").enableAutoSIPrefix(False)
        ci.getAxis("left").setWidth(60)
        self.tolerance_line = pg.InfiniteLine(pos=math.log10(TOLERANCE), angle=0, movable=False,
                                              pen=pg.mkPen(QColor(200, 40, 40), width=1.5, style=Qt.PenStyle.DashLine),
                                              label=self.tr("tolerance {tol}").format(tol=number(TOLERANCE)),
                                              labelOpts={"position": 0.92, "color": (200, 40, 40), "anchors": [(1, 1), (1, 1)]})
        ci.addItem(self.tolerance_line)
        self.stems = ci.plot([], [], pen=pg.mkPen(QColor(120, 160, 200), width=3), connect="pairs")
        self.dots = ci.plot([], [], pen=None, symbol="o", symbolSize=11, symbolBrush=pg.mkBrush(31, 119, 180), symbolPen=pg.mkPen("w"))
        self.chart.setToolTip(self.tr("Each array's relative error on a log scale. Below the dashed line the two methods agree."))
        self.chart.hide()
        self.status_label = QLabel(self.tr("Press Check gradients."))
        self.status_label.setWordWrap(True)
        self.timing_label = QLabel()
        self.timing_label.setWordWrap(True)
        self.timing_label.setTextFormat(Qt.TextFormat.RichText)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.timing_label)
        layout.addStretch(0)
        data.ready.connect(self._on_data_ready)
        data.failed.connect(self._on_data_failed)

    # ------------------------------------------------------------------ running

    @property
    def report(self) -> GradientReport | None:
        return self._report

    @property
    def is_running(self) -> bool:
        return self.runner.running or self._waiting_for_data

    @Slot()
    def start_check(self) -> None:
        if self.is_running:
            return
        design = self.document.design
        if self.data.dataset(design) is None and not self.data.error(design):
            self.data.request(design)
            self._waiting_for_data = True
            self.check_button.setEnabled(False)
            self.status_label.setText(self.tr("Loading the dataset for a few samples…"))
            return
        self._start(design)

    def _samples(self, design, model) -> tuple[np.ndarray, np.ndarray, bool]:
        n = self.samples_spin.value()
        dataset = self.data.dataset(design)
        if dataset is not None and dataset.x_test.shape[1:] and math.prod(dataset.x_test.shape[1:]) == model.input_size \
                and int(dataset.y_test[:POOL].max(initial=0)) < model.output_size:
            return dataset.normalise(dataset.x_test[:POOL]), dataset.y_test[:POOL], True
        rng = np.random.default_rng(0)
        return rng.random((n, model.input_size)), rng.integers(0, model.output_size, n), False

    def _start(self, design) -> None:
        self._waiting_for_data = False
        try:
            model, origin = model_for(design, self.model_store.bundle)
        except ValueError as e:
            from designer.text.messages import problem_text

            self.status_label.setText(self.tr("This design can't be checked yet: {reason}").format(reason=problem_text(design, e)))
            self.check_button.setEnabled(True)
            return
        x, y, real = self._samples(design, model)
        self._real_samples = real
        self._origin = origin
        self.check_button.setEnabled(False)
        self.status_label.setText(self.tr("Checking… every checked weight costs two forward passes."))
        self.runner.start(check_in_background, model, x, y, count=self.samples_spin.value() if real else None,
                          entries=self.entries_spin.value())

    @Slot(object)
    def _on_data_ready(self, key) -> None:
        if self._waiting_for_data:
            self._start(self.document.design)

    @Slot(object, str)
    def _on_data_failed(self, key, message: str) -> None:
        if self._waiting_for_data:
            self._start(self.document.design)  # random inputs then

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        self.check_button.setEnabled(True)
        self.status_label.setText(self.tr("The check could not run: {reason}").format(reason=message))

    @Slot()
    def _on_cancelled(self) -> None:
        self.check_button.setEnabled(True)

    @Slot(object)
    def _on_finished(self, report) -> None:
        self.check_button.setEnabled(True)
        self._report = report
        self._show(report)
        self.checked.emit(report)

    def _show(self, report: GradientReport) -> None:
        self.table.setRowCount(len(report.rows))
        for i, row in enumerate(report.rows):
            what = self.tr("weights W") if row.param == "W" else self.tr("biases b")
            cells = [
                self.tr("Layer {n}").format(n=row.layer + 1), what, " × ".join(map(str, row.shape)),
                self.tr("{k} of {n}").format(k=format_count(row.checked), n=format_count(row.size)),
                f"{row.relative_error:.2e}".replace("-", "−"),
                self.tr("✓ agree") if row.passed else self.tr("✗ differ"),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(QBrush(PASS_COLOR if row.passed else FAIL_COLOR))
                if j in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(i) for i in range(len(report.rows)))
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)
        self._chart(report)
        samples = (self.tr("the {n} test samples the network finds hardest").format(n=report.samples) if self._real_samples
                   else self.tr("{n} random inputs").format(n=report.samples))
        weights = self.tr("trained weights") if self._origin == "trained" else self.tr("initial weights")
        if report.passed:
            verdict = self.tr("All layers agree: the largest relative error is {err}, below {tol}. Backpropagation is right.")
        else:
            verdict = self.tr("Some layers differ: the largest relative error is {err}, above {tol}. A backward pass is wrong.")
        self.status_label.setText(verdict.format(err=f"{report.max_error:.1e}".replace("-", "−"), tol=number(TOLERANCE))
                                  + " " + self.tr("({samples}, {weights}, h = {h})").format(samples=samples, weights=weights, h=number(EPS)))
        self.timing_label.setText(self.tr(
            "Backpropagation: all {n} gradients in <b>{bp}</b>. "
            "Numerical differentiation: {k} of them in <b>{nd}</b>; all of them would take about <b>{all}</b>.").format(
            n=format_count(report.parameters), bp=format_seconds(report.backprop_seconds), k=format_count(report.checked),
            nd=format_seconds(report.numerical_seconds), all=format_seconds(report.numerical_seconds_for_all)))

    def _chart(self, report: GradientReport) -> None:
        errors = np.array([max(r.relative_error, 1e-16) for r in report.rows])
        xs = np.arange(len(errors), dtype=np.float64)
        floor = min(1e-12, errors.min() / 10)
        self.stems.setData(np.repeat(xs, 2), np.column_stack([np.full_like(errors, floor), errors]).ravel())
        brushes = [pg.mkBrush(44, 160, 44) if r.passed else pg.mkBrush(214, 39, 40) for r in report.rows]
        self.dots.setData(xs, errors, symbolBrush=brushes)
        ticks = [(float(i), f"{r.layer + 1}·{r.param}") for i, r in enumerate(report.rows)]
        self.chart.getPlotItem().getAxis("bottom").setTicks([ticks])
        self.chart.getPlotItem().setXRange(-0.6, len(errors) - 0.4, padding=0)
        self.chart.getPlotItem().setYRange(math.log10(floor), max(math.log10(errors.max()), math.log10(TOLERANCE)) + 1, padding=0.04)
        self.chart.getPlotItem().setLabel("bottom", self.tr("layer · array (W weights, b biases)"), color=TEXT.name())
        self.chart.show()

    def result_texts(self) -> list[list[str]]:
        """The table as shown (for tests)."""
        return [[self.table.item(i, j).text() for j in range(self.table.columnCount())] for i in range(self.table.rowCount())]

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Abort a check under way and wait for its thread; True when none runs."""
        self._waiting_for_data = False
        done = self.runner.shutdown(timeout_ms)
        if done:
            self.check_button.setEnabled(True)
        return done


__all__ = ["GradcheckPanel", "format_seconds"]
