"""The loss explorer: cross-entropy and squared error worked out for one prediction.

Set how much probability the network gives the right class (the rest is shared
equally by the others), or take the prediction for the Inspector's sample. Both
losses are written out with their formulas and numbers (a 0.7 for the right class
costs −log 0.7 = 0.357), each class's share in a table, and a plot shows how each
loss grows as the right class's probability falls.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.explain.inspect import number
from core.explain.loss_explain import (
    explain_cross_entropy,
    explain_squared_error,
    probability,
    spread_prediction,
)
from designer.text import names
from designer.pages.explore.explore_common import TEXT
from designer.widgets.plots.colours import BLUE, ORANGE
from designer.widgets.plots.plot_style import still_plot

CE_COLOR = BLUE
SE_COLOR = ORANGE


class LossPanel(QWidget):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._prediction: np.ndarray | None = None  # a whole prediction (from the Inspector), else None
        self._trace = None
        self._trace_source = None
        self._build()
        document.designChanged.connect(self._on_design_changed)
        self._on_design_changed()

    def _build(self) -> None:
        box = QGroupBox(self.tr("The prediction"))
        form = QFormLayout(box)
        self.classes_spin = QSpinBox()
        self.classes_spin.setRange(2, 100)
        self.classes_spin.setValue(10)
        self.classes_spin.setToolTip(self.tr("How many classes the network chooses between."))
        self.classes_spin.valueChanged.connect(self._on_classes_changed)
        self.label_combo = QComboBox()
        self.label_combo.setToolTip(self.tr("The right class: the target t is 1 there and 0 for every other class."))
        self.label_combo.currentIndexChanged.connect(self._on_spread_changed)
        self.p_slider = QSlider(Qt.Orientation.Horizontal)
        self.p_slider.setRange(1, 999)
        self.p_slider.setValue(700)
        self.p_slider.setToolTip(self.tr("The probability the network gives the right class."))
        self.p_spin = QDoubleSpinBox()
        self.p_spin.setRange(0.001, 0.999)
        self.p_spin.setDecimals(3)
        self.p_spin.setSingleStep(0.01)
        self.p_spin.setValue(0.7)
        self.p_spin.setToolTip(self.p_slider.toolTip())
        self.p_slider.valueChanged.connect(lambda v: self.p_spin.setValue(v / 1000))
        self.p_spin.valueChanged.connect(self._on_p_changed)
        p_row = QHBoxLayout()
        p_row.addWidget(self.p_slider, 1)
        p_row.addWidget(self.p_spin)
        self.from_inspector = QPushButton(self.tr("Use the Inspector's sample"))
        self.from_inspector.setToolTip(self.tr("Take the network's real output and right class for the sample chosen in the Inspector."))
        self.from_inspector.clicked.connect(self.use_trace)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setStyleSheet("color: #666;")
        form.addRow(self.tr("Classes"), self.classes_spin)
        form.addRow(self.tr("Right class"), self.label_combo)
        form.addRow(self.tr("Probability for it"), p_row)
        form.addRow(self.from_inspector)
        form.addRow(self.source_label)

        self.ce_box, self.ce_formula, self.ce_worked = self._loss_box(
            self.tr("Cross-entropy"), CE_COLOR,
            self.tr("Only the right class counts: minus the log of its probability. Sure and right costs almost nothing; "
                    "sure and wrong costs a lot, without limit."))
        self.se_box, self.se_formula, self.se_worked = self._loss_box(
            self.tr("Squared error"), SE_COLOR,
            self.tr("Every class counts: half the sum of the squared differences from the target. "
                    "It can never be more than 1, however wrong the network is."))

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Class"), "y", "t", "−t · log y", "½ (y − t)²"])
        self.table.setToolTip(self.tr("Each class's share of the two losses: the columns add up to the loss values above."))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(22)

        self.plot = pg.PlotWidget(background="w")
        pi = still_plot(self.plot.getPlotItem(), bottom=self.tr("probability for the right class"), left=self.tr("loss"))
        legend = pi.addLegend(offset=(-10, 10), labelTextColor=TEXT, brush=pg.mkBrush(255, 255, 255, 220), pen=pg.mkPen(220, 220, 220))
        legend.setLabelTextSize("9pt")
        self.ce_curve = pi.plot([], [], pen=pg.mkPen(CE_COLOR, width=2), name=names.loss_word("cross_entropy"))
        self.se_curve = pi.plot([], [], pen=pg.mkPen(SE_COLOR, width=2), name=names.loss_word("mse"))
        self.ce_dot = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(CE_COLOR), pen=pg.mkPen("w"))
        self.se_dot = pg.ScatterPlotItem(size=10, brush=pg.mkBrush(SE_COLOR), pen=pg.mkPen("w"))
        pi.addItem(self.ce_dot)
        pi.addItem(self.se_dot)
        pi.setYRange(0, 5)
        pi.setXRange(0, 1)
        self.plot.setToolTip(self.tr("How each loss grows as the probability for the right class falls (the rest shared equally)."))

        left = QVBoxLayout()
        left.addWidget(box)
        left.addWidget(self.ce_box)
        left.addWidget(self.se_box)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        right.addWidget(self.plot, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    def _loss_box(self, title: str, color: QColor, words: str):
        box = QGroupBox(title)
        box.setStyleSheet(f"QGroupBox {{ color: {color.name()}; font-weight: bold; }}")
        layout = QVBoxLayout(box)
        formula = QLabel()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        formula.setFont(font)
        formula.setStyleSheet("color: #222; font-weight: normal;")
        worked = QLabel()
        worked.setFont(font)
        worked.setWordWrap(True)
        worked.setStyleSheet("color: #222; font-weight: normal;")
        worked.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QLabel(words)
        text.setWordWrap(True)
        text.setStyleSheet("color: #444; font-weight: normal;")
        layout.addWidget(formula)
        layout.addWidget(worked)
        layout.addWidget(text)
        return box, formula, worked

    # ------------------------------------------------------------------ inputs

    def _class_names(self, n: int) -> list[str]:
        from designer.text.names import class_names_for

        return list(class_names_for(self.document.design.dataset, n))

    @Slot()
    def _on_design_changed(self) -> None:
        from core.design import spec

        classes = spec.output_size(self.document.design)
        if classes is not None and classes >= 2:
            self.classes_spin.setValue(min(classes, self.classes_spin.maximum()))
        self._on_classes_changed()

    @Slot()
    def _on_classes_changed(self, *args) -> None:
        self._fill_labels(self.classes_spin.value())
        self._prediction = None
        self.update_view()

    def _fill_labels(self, n: int) -> None:
        names = self._class_names(n)
        old = self.label_combo.currentIndex()
        was_blocked = self.label_combo.blockSignals(True)
        self.label_combo.clear()
        for k, name in enumerate(names):
            self.label_combo.addItem(name if name == str(k) else f"{k}: {name}", k)
        self.label_combo.setCurrentIndex(min(max(old, 0), n - 1))
        self.label_combo.blockSignals(was_blocked)

    @Slot()
    def _on_spread_changed(self, *args) -> None:
        self._prediction = None
        self.update_view()

    @Slot(float)
    def _on_p_changed(self, p: float) -> None:
        self.p_slider.blockSignals(True)
        self.p_slider.setValue(int(round(p * 1000)))
        self.p_slider.blockSignals(False)
        self._prediction = None
        self.update_view()

    def set_probability(self, p: float, label: int | None = None) -> None:
        if label is not None:
            self.label_combo.setCurrentIndex(label)
        self.p_spin.setValue(p)

    def set_trace(self, trace) -> None:
        """The Inspector's latest trace (used when 'Use the Inspector's sample' is pressed)."""
        self._trace = trace
        self.from_inspector.setEnabled(trace is not None)

    def set_trace_source(self, source) -> None:
        """A function giving the Inspector's up-to-date trace (asked when the button is pressed)."""
        self._trace_source = source

    @Slot()
    def use_trace(self) -> None:
        tr = self._trace_source() if self._trace_source is not None else self._trace
        if tr is None:
            return
        self.set_prediction(tr.output, tr.label)

    def set_prediction(self, y: np.ndarray, label: int) -> None:
        """Explain a whole prediction y (e.g. the network's output) for the right class `label`."""
        y = np.asarray(y, dtype=np.float64)
        p = float(np.clip(y[label], 0.001, 0.999))
        widgets = (self.classes_spin, self.label_combo, self.p_spin, self.p_slider)
        for w in widgets:
            w.blockSignals(True)
        self.classes_spin.setValue(len(y))
        self._fill_labels(len(y))
        self.label_combo.setCurrentIndex(int(label))
        self.p_spin.setValue(p)
        self.p_slider.setValue(int(round(p * 1000)))
        for w in widgets:
            w.blockSignals(False)
        self._prediction = y
        self.update_view()

    def prediction(self) -> tuple[np.ndarray, int]:
        label = max(self.label_combo.currentIndex(), 0)
        if self._prediction is not None:
            return self._prediction, label
        return spread_prediction(self.p_spin.value(), label, self.classes_spin.value()), label

    # ------------------------------------------------------------------ showing

    def update_view(self) -> None:
        y, label = self.prediction()
        ce = explain_cross_entropy(y, label)
        se = explain_squared_error(y, label)
        self.cross_entropy, self.squared_error = ce, se
        self.ce_formula.setText(ce.formula)
        self.ce_worked.setText(ce.worked)
        self.se_formula.setText(se.formula)
        self.se_worked.setText(se.worked)
        if self._prediction is not None:
            self.source_label.setText(self.tr("The network's output for the Inspector's sample."))
        else:
            self.source_label.setText(self.tr("The other classes share the remaining {rest} equally.").format(rest=number(1 - y[label])))
        t = np.zeros_like(y)
        t[label] = 1.0
        names = [self.label_combo.itemText(k) for k in range(len(y))]
        self.table.setRowCount(len(y))
        for k in range(len(y)):
            cells = [names[k], probability(y[k]), number(t[k]), number(ce.terms[k]), number(se.terms[k])]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if k == label:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QColor(235, 243, 251))
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(k, j, item)
        # the curves for this number of classes, and where this prediction sits on them
        k = len(y)
        p = np.linspace(0.002, 1.0, 400)
        self.ce_curve.setData(p, -np.log(p))
        self.se_curve.setData(p, 0.5 * ((1 - p) ** 2 + (1 - p) ** 2 / (k - 1)))
        pr = float(y[label])
        self.ce_dot.setData([pr], [ce.value])
        self.se_dot.setData([pr], [se.value])


__all__ = ["LossPanel"]
