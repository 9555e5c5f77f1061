"""The inspector's view of a trace: its steps, one at a time, with everything they compute.

`TraceView` shows a core.explain.inspect.Trace: the list of steps (forward →, backward ←;
the inspector puts it in its left column), a strip of the network with the current
step's box lit, the step's formula, what it means, the arithmetic neuron by neuron for
small layers, its arrays (numbers when small, heatmaps when large), the network drawn
neuron by neuron when it is small, what the network answers, and Start / Back / Next /
Last. The words of a layer's steps come from its designer.layer_views record; the input,
the loss and the symbols are worded here.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.explain.inspect import FORWARD, Step, Trace, number
from core.explain.visualize import image_shape_for
from designer.layer_views import view_for
from designer.pages.explore.explore_common import BLUE, ORANGE, TEXT
from designer.pages.explore.inspector.neuron_diagram import NeuronDiagram
from designer.pages.explore.inspector.neuron_diagram import fits as diagram_fits
from designer.text import names
from designer.widgets.array_view import ArrayView


def _fitting_font(font: QFont, text: str, width: float, smallest: float = 0.75) -> QFont:
    """`font`, made up to `smallest` times smaller until `text` fits in `width`
    (some languages need more room than the boxes give)."""
    fitted = QFont(font)
    size = font.pointSizeF()
    while QFontMetricsF(fitted).horizontalAdvance(text) > width and fitted.pointSizeF() > size * smallest:
        fitted.setPointSizeF(fitted.pointSizeF() - 0.5)
    return fitted


#: the most room the worked arithmetic takes before it scrolls, in pixels
WORKED_MAX_HEIGHT = 240


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


class TraceView(QWidget):
    """Step through a trace (see the module doc)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._trace: Trace | None = None
        self._class_title: Callable[[int], str] = str
        #: every step, forward then backward; the inspector places it in its left column
        self.step_list = QListWidget()
        self.step_list.setToolTip(self.tr("Every step of the forward pass (→) and the backward pass (←). Click one to jump to it."))
        self.step_list.currentRowChanged.connect(self._show_step)

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
        # long arithmetic (a convolution's channels) scrolls instead of widening the window
        self.worked_scroll = QScrollArea()
        self.worked_scroll.setWidget(self.worked_label)
        self.worked_scroll.setWidgetResizable(True)
        self.worked_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.worked_scroll.setMaximumHeight(WORKED_MAX_HEIGHT)
        self.worked_scroll.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
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

        right = QVBoxLayout(self)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.strip)
        right.addWidget(self.message_label)
        right.addWidget(self.step_title)
        right.addWidget(self.formula_label, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.explain_label)
        right.addWidget(self.worked_scroll)
        right.addWidget(views_scroll, 1)
        right.addWidget(self.diagram, 2)
        right.addWidget(self.summary_label)
        right.addLayout(nav)

    # ------------------------------------------------------------------ state

    @property
    def trace(self) -> Trace | None:
        return self._trace

    @property
    def current_index(self) -> int:
        return self.step_list.currentRow()

    @property
    def current_step(self) -> Step | None:
        i = self.current_index
        return self._trace.steps[i] if self._trace is not None and 0 <= i < len(self._trace.steps) else None

    def say(self, text: str, *, error: bool = True) -> None:
        """A sentence above the step ("Draw a digit…", a problem in red); "" hides it."""
        self.message_label.setStyleSheet("color: #b00020;" if error else "color: #555;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def set_trace(self, new: Trace | None, class_title: Callable[[int], str] = str) -> None:
        """Show `new` (None: nothing to show), at the same step as before when its steps are
        the same kinds (a new sample, new weights); `class_title(k)` names class k."""
        self._class_title = class_title
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
            "K": self.tr("K: the kernels, one per filter (filters × channels × height × width)"),
            "mask": self.tr("mask: 1 where a value was the largest of its window (the winner), 0 elsewhere"),
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
        self.worked_scroll.setVisible(bool(step.worked))
        bar = self.worked_scroll.horizontalScrollBar()
        self.worked_scroll.setFixedHeight(min(WORKED_MAX_HEIGHT, self.worked_label.sizeHint().height() + 4
                                              + (bar.sizeHint().height() if self.worked_label.sizeHint().width() > self.worked_scroll.width() else 0)))
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
            pred=self._class_title(tr.prediction), p=number(y[tr.prediction]),
            label=self._class_title(tr.label), loss=number(tr.loss)))

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



__all__ = ["TraceView", "NetworkStrip"]
