"""The Inspector: one sample through the network, forward then backward, a step at a time.

Pick a sample (a point you type, a test-set sample, or a digit you draw) and the
weights (the trained model, or the design's initial weights), then step: each step
shows the formula it computes, in words what it means, the arithmetic neuron by
neuron for small layers, and the arrays it reads and writes (numbers when small,
heatmaps when large). A strip at the top shows where in the network the step is.

All numbers come from `core.explain.inspect.trace`, which runs the model's own layers in
float64; this widget only shows them.
"""
from __future__ import annotations

import logging
import math

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.data.normalisation import IMAGE_NORMALISATION, normalise_pixels
from core.design import spec
from core.explain.inspect import FORWARD, Step, Trace, number, trace
from core.explain.visualize import image_shape_for
from designer.pages.explore.explore_common import (
    BLUE,
    ORANGE,
    TEXT,
    RefreshWhenShown,
    bundle_fits,
    model_for,
    trained_if_it_fits,
)
from designer.pages.explore.neuron_diagram import NeuronDiagram
from designer.pages.explore.neuron_diagram import fits as diagram_fits
from designer.widgets.array_view import ArrayView
from designer.layer_views import view_for
from designer.text import names
from designer.widgets.canvas import DrawingCanvas

log = logging.getLogger(__name__)

#: sample sources
POINT, TEST, DRAWING = "point", "test", "drawing"


def class_title(k: int, name: str) -> str:
    """"3" for MNIST's 3, "1" for a toy set's "class 1", "0: T-shirt/top" for Fashion-MNIST."""
    from designer.text.names import tr

    return str(k) if name in (str(k), f"class {k}") else f"{k}: {tr(name)}"


def _fitting_font(font: QFont, text: str, width: float, smallest: float = 0.75) -> QFont:
    """`font`, made up to `smallest` times smaller until `text` fits in `width`
    (some languages need more room than the boxes give)."""
    fitted = QFont(font)
    size = font.pointSizeF()
    while QFontMetricsF(fitted).horizontalAdvance(text) > width and fitted.pointSizeF() > size * smallest:
        fitted.setPointSizeF(fitted.pointSizeF() - 0.5)
    return fitted


class NetworkStrip(QWidget):
    """The network as a row of boxes (input, layers, loss), with the current step's box lit."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._boxes: list[tuple[str, str]] = []
        self._current = -1
        self._direction = FORWARD
        self.setMinimumHeight(54)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_boxes(self, boxes: list[tuple[str, str]]) -> None:
        self._boxes = list(boxes)
        self.update()

    def set_current(self, index: int, direction: str) -> None:
        self._current, self._direction = index, direction
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 54)

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self._boxes:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self._boxes)
        gap = 26
        width = min(150.0, (self.width() - 8 - gap * (n - 1)) / n)
        height = self.height() - 8
        total = n * width + (n - 1) * gap
        x = (self.width() - total) / 2
        accent = BLUE if self._direction == FORWARD else ORANGE
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        for i, (title, detail) in enumerate(self._boxes):
            rect = QRectF(x, 4, width, height)
            lit = i == self._current
            p.setPen(QPen(accent if lit else QColor(190, 190, 190), 2.2 if lit else 1.0))
            p.setBrush(QColor(accent.red(), accent.green(), accent.blue(), 38) if lit else QColor(250, 250, 250))
            p.drawRoundedRect(rect, 6, 6)
            p.setPen(TEXT)
            bold = QFont(self.font())
            bold.setBold(lit)
            p.setFont(bold)
            p.drawText(rect.adjusted(4, 3, -4, -height / 2), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, title)
            p.setPen(QColor(110, 110, 110))
            detail_rect = rect.adjusted(4, height / 2, -4, -3)
            p.setFont(_fitting_font(small, detail, detail_rect.width()))
            detail = p.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight, int(detail_rect.width()))
            p.drawText(detail_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, detail)
            if i < n - 1:
                y = 4 + height / 2
                x0, x1 = x + width + 4, x + width + gap - 4
                p.setPen(QPen(QColor(150, 150, 150), 1.4))
                p.drawLine(int(x0), int(y), int(x1), int(y))
                head = x1 if self._direction == FORWARD else x0
                sign = -1 if self._direction == FORWARD else 1
                p.drawLine(int(head), int(y), int(head + sign * 5), int(y - 4))
                p.drawLine(int(head), int(y), int(head + sign * 5), int(y + 4))
            x += width + gap
        p.end()


class InspectorPanel(RefreshWhenShown, QWidget):
    """Step through the forward and backward pass of the document's design for one sample."""

    #: the new core.explain.inspect.Trace (or None when nothing can be traced)
    traceChanged = Signal(object)

    def __init__(self, document, model_store, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        self.data = data
        self._trace: Trace | None = None
        self._model_key = None
        self._model = None
        self._origin = ""
        self._signature = None  # the design's sample kind, to rebuild the sample controls only when it changes
        self._stale = False  # a change arrived while hidden: trace again when shown
        self._build()
        # Tracing a big network costs a few tens of milliseconds: not for every edit made on
        # another page, only when this panel is seen again.
        document.designChanged.connect(self.refresh_when_seen)
        model_store.modelChanged.connect(self.refresh_when_seen)
        data.ready.connect(self._on_data_ready)
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        # ---- the sample
        sample_box = QGroupBox(self.tr("Sample"))
        sample_box.setToolTip(self.tr("The one example that goes through the network."))
        form = QFormLayout(sample_box)
        self.source_combo = QComboBox()
        self.source_combo.setToolTip(self.tr("Where the sample comes from: a point you type, one from the test set, or a digit you draw."))
        self.source_combo.currentIndexChanged.connect(self._on_source_changed)
        form.addRow(self.tr("Source"), self.source_combo)
        self.x1_spin = self._coordinate_spin(self.tr("The first input, x₁."))
        self.x2_spin = self._coordinate_spin(self.tr("The second input, x₂."))
        self.x1_label, self.x2_label = QLabel("x₁"), QLabel("x₂")
        form.addRow(self.x1_label, self.x1_spin)
        form.addRow(self.x2_label, self.x2_spin)
        self.index_spin = QSpinBox()
        self.index_spin.setRange(0, 0)
        self.index_spin.setToolTip(self.tr("Which test-set sample to trace (numbered from 0)."))
        self.index_spin.valueChanged.connect(self.refresh)
        self.random_button = QPushButton(self.tr("Random"))
        self.random_button.setToolTip(self.tr("Pick another test-set sample at random."))
        self.random_button.clicked.connect(self._random_sample)
        index_row = QHBoxLayout()
        index_row.addWidget(self.index_spin, 1)
        index_row.addWidget(self.random_button)
        self.index_label = QLabel(self.tr("Test sample"))
        form.addRow(self.index_label, index_row)
        self.label_combo = QComboBox()
        self.label_combo.setToolTip(self.tr(
            "The right answer for this sample. The loss measures how far the output is from it;\n"
            "the target t has 1 for this class and 0 for the others."))
        self.label_combo.currentIndexChanged.connect(self.refresh)
        form.addRow(self.tr("Right class"), self.label_combo)
        self.canvas = DrawingCanvas()
        self.canvas.setMinimumSize(150, 150)
        self.canvas.setMaximumSize(200, 200)
        self.canvas.changed.connect(self.refresh)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Wipe the drawing."))
        self.clear_button.clicked.connect(self.canvas.clear)
        canvas_box = QVBoxLayout()
        canvas_box.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter)
        canvas_box.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignRight)
        self.canvas_holder = QWidget()
        self.canvas_holder.setLayout(canvas_box)
        canvas_box.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.canvas_holder)

        # ---- the weights
        weights_box = QGroupBox(self.tr("Weights"))
        wl = QVBoxLayout(weights_box)
        self.weights_combo = QComboBox()
        self.weights_combo.addItem(self.tr("Trained model"), "trained")
        self.weights_combo.addItem(self.tr("Initial weights (before training)"), "initial")
        self.weights_combo.setToolTip(self.tr(
            "Trained model: the weights the network has learnt (from the Training page or a model file).\n"
            "Initial weights: the starting weights training would begin with (the design's seed, or its fixed weights)."))
        self.weights_combo.currentIndexChanged.connect(self.refresh)
        self.origin_label = QLabel()
        self.origin_label.setWordWrap(True)
        self.origin_label.setStyleSheet("color: #666;")
        wl.addWidget(self.weights_combo)
        wl.addWidget(self.origin_label)

        # ---- the steps
        self.step_list = QListWidget()
        self.step_list.setToolTip(self.tr("Every step of the forward pass (→) and the backward pass (←). Click one to jump to it."))
        self.step_list.currentRowChanged.connect(self._show_step)

        left = QVBoxLayout()
        left.addWidget(sample_box)
        left.addWidget(weights_box)
        steps_label = QLabel(self.tr("Steps"))
        steps_label.setStyleSheet("font-weight: bold;")
        left.addWidget(steps_label)
        left.addWidget(self.step_list, 1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(300)
        left.setContentsMargins(0, 0, 0, 0)

        # ---- the current step
        self.strip = NetworkStrip()
        self.strip.setToolTip(self.tr("Where in the network this step happens. Blue: forward pass; orange: backward pass."))
        self.step_title = QLabel()
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.step_title.setFont(title_font)
        self.formula_label = QLabel()
        formula_font = QFont(self.font())
        formula_font.setPointSizeF(formula_font.pointSizeF() * 1.5)
        self.formula_label.setFont(formula_font)
        self.formula_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula_label.setStyleSheet("background: #f6f8fb; border: 1px solid #d8dee8; border-radius: 4px; padding: 6px 10px;")
        self.formula_label.setToolTip(self.tr("The formula this step computes."))
        self.explain_label = QLabel()
        self.explain_label.setWordWrap(True)
        self.worked_label = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.1)
        self.worked_label.setFont(mono)
        self.worked_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.worked_label.setToolTip(self.tr("The same formula with the numbers put in, neuron by neuron: check them with a pencil."))
        self.worked_label.setStyleSheet("padding: 2px 10px;")
        self.views_widget = QWidget()
        self.views_layout = QHBoxLayout(self.views_widget)
        self.views_layout.setContentsMargins(0, 0, 0, 0)
        self.views_layout.setSpacing(18)
        self.views: list[ArrayView] = []
        views_scroll = QScrollArea()
        views_scroll.setWidget(self.views_widget)
        views_scroll.setWidgetResizable(True)
        views_scroll.setFrameShape(QFrame.Shape.NoFrame)
        views_scroll.setStyleSheet("QScrollArea { background: transparent; }")
        views_scroll.viewport().setAutoFillBackground(False)
        self.views_widget.setAutoFillBackground(False)
        self.diagram = NeuronDiagram()
        self.diagram.setToolTip(self.tr(
            "The network drawn neuron by neuron: each circle shows its value once the forward pass reaches it,\n"
            "and its ∂L/∂z (orange) on the way back. Red lines are positive weights, blue negative ones."))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setToolTip(self.tr("What the network answers for this sample, and the loss."))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        self.message_label.hide()

        self.restart_button = QPushButton(self.tr("◀◀ Start"))
        self.restart_button.setToolTip(self.tr("Back to the first step: the input."))
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.back_button.setToolTip(self.tr("The previous step."))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.next_button.setToolTip(self.tr("The next step: forward through the layers to the loss, then backward."))
        self.next_button.setDefault(True)
        self.end_button = QPushButton(self.tr("Last ▶▶"))
        self.end_button.setToolTip(self.tr("Jump to the last step of the backward pass."))
        self.position_label = QLabel()
        self.restart_button.clicked.connect(self.restart)
        self.back_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        self.end_button.clicked.connect(self.run_to_end)
        nav = QHBoxLayout()
        nav.addWidget(self.restart_button)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.end_button)
        nav.addSpacing(12)
        nav.addWidget(self.position_label)
        nav.addStretch(1)

        right = QVBoxLayout()
        right.addWidget(self.strip)
        right.addWidget(self.message_label)
        right.addWidget(self.step_title)
        right.addWidget(self.formula_label, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.explain_label)
        right.addWidget(self.worked_label)
        right.addWidget(views_scroll, 1)
        right.addWidget(self.diagram, 2)
        right.addWidget(self.summary_label)
        right.addLayout(nav)

        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addLayout(right, 1)

    def _coordinate_spin(self, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-10.0, 10.0)
        spin.setDecimals(2)
        spin.setSingleStep(0.1)
        spin.setToolTip(tip)
        spin.valueChanged.connect(self.refresh)
        return spin

    # ------------------------------------------------------------------ state

    @property
    def trace(self) -> Trace | None:
        return self._trace

    def fresh_trace(self) -> Trace | None:
        """The trace for the current design, sample and weights (traced now if it was put off)."""
        if self._stale:
            self.refresh()
        return self._trace

    @property
    def current_index(self) -> int:
        return self.step_list.currentRow()

    @property
    def current_step(self) -> Step | None:
        i = self.current_index
        return self._trace.steps[i] if self._trace is not None and 0 <= i < len(self._trace.steps) else None

    @property
    def design(self) -> spec.Design:
        return self.document.design

    @property
    def origin(self) -> str:
        """"trained" or "initial": whose weights the trace used."""
        return self._origin

    def source(self) -> str:
        return self.source_combo.currentData() or ""

    def set_source(self, source: str) -> None:
        i = self.source_combo.findData(source)
        if i >= 0:
            self.source_combo.setCurrentIndex(i)

    def set_point(self, x1: float, x2: float, label: int | None = None) -> None:
        """Trace the 2-D point (x1, x2), with `label` as the right class."""
        self.set_source(POINT)
        for spin, v in ((self.x1_spin, x1), (self.x2_spin, x2)):
            spin.blockSignals(True)
            spin.setValue(v)
            spin.blockSignals(False)
        if label is not None:
            self.label_combo.blockSignals(True)
            self.label_combo.setCurrentIndex(label)
            self.label_combo.blockSignals(False)
        self.refresh()

    def set_weights(self, which: str) -> None:
        """"trained" or "initial"."""
        self.weights_combo.setProperty("autoInitial", False)  # a choice, not a fallback
        self.weights_combo.setCurrentIndex(max(0, self.weights_combo.findData(which)))

    # ------------------------------------------------------------------ navigation

    @Slot()
    def next_step(self) -> None:
        if self._trace is not None:
            self.go_to(min(self.current_index + 1, len(self._trace.steps) - 1))

    @Slot()
    def previous_step(self) -> None:
        self.go_to(max(self.current_index - 1, 0))

    @Slot()
    def restart(self) -> None:
        self.go_to(0)

    @Slot()
    def run_to_end(self) -> None:
        if self._trace is not None:
            self.go_to(len(self._trace.steps) - 1)

    def go_to(self, index: int) -> None:
        if self._trace is not None and 0 <= index < len(self._trace.steps):
            self.step_list.setCurrentRow(index)

    # ------------------------------------------------------------------ following the document

    @Slot(object)
    def _on_data_ready(self, key) -> None:
        if self.source() == TEST:
            self.refresh()

    def _sample_kind(self, design: spec.Design) -> tuple:
        from core.data.catalog import dataset_info

        info = dataset_info(design.dataset)
        classes = spec.output_size(design) or 0
        class_names = info.class_names if info is not None and len(info.class_names) == classes else tuple(str(i) for i in range(classes))
        return (math.prod(design.input_shape), design.dataset, class_names)

    def _rebuild_sample_controls(self, design: spec.Design) -> None:
        size, _, class_names = self._sample_kind(design)
        previous = self.source()
        self.source_combo.blockSignals(True)
        self.source_combo.clear()
        if size == 2:
            self.source_combo.addItem(self.tr("A point you choose"), POINT)
        self.source_combo.addItem(self.tr("A test-set sample"), TEST)
        if image_shape_for(size) == (28, 28):
            self.source_combo.addItem(self.tr("Your drawing"), DRAWING)
        # a 2-input design opens on its own point, (1, −1) as in the worked example
        i = 0 if size == 2 else self.source_combo.findData(previous)
        self.source_combo.setCurrentIndex(i if i >= 0 else 0)
        self.source_combo.blockSignals(False)
        self.label_combo.blockSignals(True)
        old = self.label_combo.currentIndex()
        self.label_combo.clear()
        for k, name in enumerate(class_names):
            self.label_combo.addItem(class_title(k, name), k)
        if size == 2 and len(class_names) > 1:
            old = 1  # the worked example's point (1, −1) belongs to class 1
            for spin, v in ((self.x1_spin, 1.0), (self.x2_spin, -1.0)):
                spin.blockSignals(True)
                spin.setValue(v)
                spin.blockSignals(False)
        self.label_combo.setCurrentIndex(min(max(old, 0), len(class_names) - 1) if class_names else -1)
        self.label_combo.blockSignals(False)
        self._update_source_controls()

    def _update_source_controls(self) -> None:
        src = self.source()
        for w in (self.x1_label, self.x1_spin, self.x2_label, self.x2_spin):
            w.setVisible(src == POINT)
        for w in (self.index_label, self.index_spin, self.random_button):
            w.setVisible(src == TEST)
        self.canvas_holder.setVisible(src == DRAWING)
        self.label_combo.setEnabled(src != TEST)

    @Slot(int)
    def _on_source_changed(self, index: int) -> None:
        self._update_source_controls()
        self.refresh()

    @Slot()
    def _random_sample(self) -> None:
        if self.index_spin.maximum() > 0:
            self.index_spin.setValue(int(np.random.default_rng().integers(0, self.index_spin.maximum() + 1)))

    # ------------------------------------------------------------------ tracing

    def _current_model(self, design: spec.Design):
        bundle = self.model_store.bundle
        fits = bundle_fits(design, bundle)
        trained = trained_if_it_fits(self.weights_combo, fits)
        key = (spec.dumps(design), id(bundle) if trained else None, trained)
        if key != self._model_key:
            self._model, self._origin = model_for(design, bundle, trained=trained)
            self._model_key = key
        if self._origin == "trained":
            self.origin_label.setText(self.tr("The weights the network has learnt."))
        elif fits:
            self.origin_label.setText(self.tr("The weights before any training."))
        else:
            self.origin_label.setText(self.tr("No trained model fits this design yet: these are the weights before training (train it on the Training page)."))
        return self._model

    def _sample(self, design: spec.Design, model) -> tuple[np.ndarray, int] | None:
        """(input, label) for the chosen source, or None (with a message shown) when there is none yet."""
        src = self.source()
        label = max(self.label_combo.currentIndex(), 0)
        if src == POINT:
            return np.array([self.x1_spin.value(), self.x2_spin.value()]), label
        if src == DRAWING:
            if self.canvas.is_blank():
                self._say(self.tr("Draw a digit in the box on the left."), error=False)
                return None
            from core.data.digits import prepare_digit

            digit = prepare_digit(self.canvas.image_array())
            norm = self._normalisation(design)
            return normalise_pixels(digit, norm, dtype=np.float64).reshape(-1), label
        dataset = self.data.dataset(design)
        if dataset is None:
            if self.data.error(design):
                self._say(self.data.error(design))
            else:
                self.data.request(design)
                self._say(self.tr("Loading the test set…"), error=False)
            return None
        n = len(dataset.y_test)
        self.index_spin.blockSignals(True)
        self.index_spin.setMaximum(max(0, n - 1))
        self.index_spin.blockSignals(False)
        i = min(self.index_spin.value(), n - 1)
        label = int(dataset.y_test[i])
        self.label_combo.blockSignals(True)
        self.label_combo.setCurrentIndex(label)
        self.label_combo.blockSignals(False)
        return dataset.normalise(dataset.x_test[i : i + 1])[0], label

    def _normalisation(self, design: spec.Design) -> dict[str, float]:
        bundle = self.model_store.bundle
        if self._origin == "trained" and bundle is not None:
            return bundle.normalisation
        dataset = self.data.dataset(design)
        return dataset.normalisation if dataset is not None else IMAGE_NORMALISATION

    def _say(self, text: str, *, error: bool = True) -> None:
        self.message_label.setStyleSheet("color: #b00020;" if error else "color: #555;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    @Slot()
    def refresh(self) -> None:
        """Trace the chosen sample again (the design, the weights or the sample changed)."""
        self._stale = False
        design = self.design
        kind = self._sample_kind(design)
        if kind != self._signature:
            self._signature = kind
            self._rebuild_sample_controls(design)
        self._say("")
        new = None
        try:
            model = self._current_model(design)
            sample = self._sample(design, model)
            if sample is not None:
                new = trace(model, *sample)
        except ValueError as e:
            from designer.text.messages import problem_text

            self._say(self.tr("This design can't be traced yet: {reason}").format(reason=problem_text(design, e)))
        except Exception as e:  # noqa: BLE001 - an odd design must not break the page
            log.exception("tracing failed")
            self._say(self.tr("This design can't be traced yet: {reason}").format(reason=str(e)))
        self._set_trace(new)

    def _set_trace(self, new: Trace | None) -> None:
        keep = self.current_index
        same_shape = (self._trace is not None and new is not None
                      and [(s.kind, s.layer) for s in self._trace.steps] == [(s.kind, s.layer) for s in new.steps])
        self._trace = new
        self.step_list.blockSignals(True)
        self.step_list.clear()
        if new is not None:
            for step in new.steps:
                item = QListWidgetItem(("→  " if step.direction == FORWARD else "←  ") + self.step_title_for(step))
                item.setForeground(BLUE if step.direction == FORWARD else ORANGE.darker(115))
                self.step_list.addItem(item)
            self.strip.set_boxes(self._boxes(new))
        else:
            self.strip.set_boxes([])
        self.step_list.blockSignals(False)
        if new is None:
            self._show_step(-1)
        else:
            self.step_list.setCurrentRow(keep if same_shape and keep >= 0 else 0)
            self._show_step(self.step_list.currentRow())
        self.traceChanged.emit(new)

    # ------------------------------------------------------------------ words

    def step_title_for(self, step: Step) -> str:
        k = step.kind
        if k == "input":
            return self.tr("Input x")
        if k == "loss":
            return self.tr("Loss L ({loss})").format(loss=names.loss_word(self._trace.loss_kind if self._trace else "mse"))
        if k == "loss_gradient":
            return self.tr("Gradient of the loss, ∂L/∂y")
        if step.layer is None:
            return k
        view = view_for(self._layer_kind(step))
        return view.step_title(step, step.layer + 1, names.activation_word(step.activation), first=step.layer == self._first_layer())

    def _layer_kind(self, step: Step) -> str:
        return next(lt.kind for lt in self._trace.layers if lt.index == step.layer)

    def _first_layer(self) -> int | None:
        return self._trace.layers[0].index if self._trace is not None and self._trace.layers else None

    def explanation(self, step: Step) -> str:
        k = step.kind
        if k == "input":
            size = step.values["x"].size
            if image_shape_for(size):
                return self.tr("The sample the network receives: {n} numbers, one per pixel: 0 for the background, up to 1 for the ink.").format(n=size)
            return self.tr("The sample the network receives: {n} numbers.").format(n=size)
        if k == "loss":
            return names.loss_explanation(self._trace.loss_kind if self._trace is not None else "mse")
        if k == "loss_gradient":
            return self.tr("The backward pass starts here: how much the loss changes when each output changes a little.")
        if step.layer is None:
            return ""
        return view_for(self._layer_kind(step)).explanation(step, first=step.layer == self._first_layer())

    def describe_symbol(self, symbol: str) -> str:
        return {
            "x": self.tr("x: the input of this layer"),
            "W": self.tr("W: the weights, one row per input and one column per neuron"),
            "b": self.tr("b: the biases, one per neuron"),
            "z": self.tr("z: the weighted sums, one per neuron"),
            "a": self.tr("a: the activations, this layer's output"),
            "y": self.tr("y: the network's output"),
            "t": self.tr("t: the target, 1 for the right class and 0 for the others"),
            "L": self.tr("L: the loss, how wrong the output is"),
        }.get(symbol, self.tr("{symbol}: how much the loss L changes when {what} changes a little").format(
            symbol=symbol, what=symbol.split("/∂")[-1] if "/∂" in symbol else symbol))

    def _boxes(self, tr: Trace) -> list[tuple[str, str]]:
        boxes = [(self.tr("Input"), str(tr.x.size))]
        for lt in tr.layers:
            title = self.tr("Layer {n}").format(n=lt.index + 1)
            boxes.append((title, view_for(lt.kind).box(lt, names.activation_word(lt.activation))))
        boxes.append((self.tr("Loss"), names.loss_word(tr.loss_kind)))
        return boxes

    # ------------------------------------------------------------------ showing a step

    @Slot(int)
    def _show_step(self, index: int) -> None:
        tr = self._trace
        enabled = tr is not None
        for b in (self.restart_button, self.back_button, self.next_button, self.end_button):
            b.setEnabled(enabled)
        self.diagram.setVisible(diagram_fits(tr))
        self.diagram.set_state(tr, max(index, 0))
        if tr is None or not 0 <= index < len(tr.steps):
            for w in (self.step_title, self.formula_label, self.explain_label, self.worked_label, self.summary_label, self.position_label):
                w.setText("")
            self.formula_label.hide()
            self._set_views([])
            return
        step = tr.steps[index]
        self.back_button.setEnabled(index > 0)
        self.restart_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(tr.steps) - 1)
        self.end_button.setEnabled(index < len(tr.steps) - 1)
        direction = self.tr("Forward") if step.direction == FORWARD else self.tr("Backward")
        self.step_title.setText(f"{direction} · {self.step_title_for(step)}")
        self.step_title.setStyleSheet(f"color: {(BLUE if step.direction == FORWARD else ORANGE.darker(115)).name()};")
        self.formula_label.setText(step.formula)
        self.formula_label.show()
        self.explain_label.setText(self.explanation(step))
        self.worked_label.setText("\n".join(step.worked))
        self.worked_label.setVisible(bool(step.worked))
        self.position_label.setText(self.tr("Step {i} of {n}").format(i=index + 1, n=len(tr.steps)))
        self.strip.set_current(self._box_index(tr, step), step.direction)
        input_shape = image_shape_for(tr.x.size)
        arrays = []
        first = self._first_layer()
        for symbol, value in step.values.items():
            image = input_shape if (value.ndim == 1 and value.size == tr.x.size and (step.layer in (None, first))) else None
            arrays.append((symbol, value, image, 0 if symbol in step.per_class else 1))
        self._set_views(arrays)
        y = tr.output
        self.summary_label.setText(self.tr(
            "Output: the largest is class {pred} ({p}). Right class: {label}. Loss L = {loss}.").format(
            pred=self.label_combo.itemText(tr.prediction), p=number(y[tr.prediction]),
            label=self.label_combo.itemText(tr.label), loss=number(tr.loss)))

    def _box_index(self, tr: Trace, step: Step) -> int:
        if step.layer is None:
            return 0 if step.kind == "input" else len(tr.layers) + 1
        return 1 + next(i for i, lt in enumerate(tr.layers) if lt.index == step.layer)

    def _set_views(self, arrays) -> None:
        while len(self.views) < len(arrays):
            view = ArrayView()
            self.views.append(view)
            self.views_layout.insertWidget(len(self.views) - 1, view)
        if self.views_layout.count() == len(self.views):
            self.views_layout.addStretch(1)
        for view, (symbol, value, image, first_column) in zip(self.views, arrays):
            view.set_array(symbol, value, image_shape=image, description=self.describe_symbol(symbol), first_column=first_column)
            view.show()
        for view in self.views[len(arrays):]:
            view.hide()

    def visible_views(self) -> list[ArrayView]:
        return [v for v in self.views if not v.isHidden()]


__all__ = ["InspectorPanel", "NetworkStrip", "POINT", "TEST", "DRAWING"]
