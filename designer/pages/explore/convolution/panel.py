"""Inside a convolution: feature maps, kernels, one unit's dot product, the im2col lens, pooling.

For a drawn digit or a test image (the `SampleChooser`) and the trained or initial weights,
pick a layer that slides a window over the image (Conv2D, a pooling layer):

- Feature maps: every map of the layer as a grid (one colour scale for all maps, or one
  each), its kernels in blue-white-red, and after "One training step" the gradients that
  step used. Click a unit: its receptive field is outlined on the input, and its patch ·
  kernel dot product is written out channel by channel, with the bias, to the unit's value
  (for a pooling layer: its window and the maximum or mean).
- im2col lens: the same unit's patch as one row of the column matrix, the kernels as its
  columns, the product, the reshape back to maps; and col2im on the way back.
- Pooling: which input of each window won (the argmax mask) and where the gradient goes.

All numbers come from core.explain.convolution; the training step runs in the background.
"""
from __future__ import annotations

import logging
import math

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.data.normalisation import IMAGE_NORMALISATION
from core.design import spec
from core.explain.convolution import (
    Inside,
    has_windows,
    look_inside,
    lens_lines,
    pool_unit_line,
    pool_windows,
    pool_winners,
    receptive_field,
    strongest_unit,
    training_step,
)
from core.explain.numbers import number
from designer.layer_views import view_for
from designer.text.names import activation_title, optimizer_title
from designer.pages.explore.explore_common import PanelModel, RefreshWhenShown
from designer.pages.explore.convolution.lens_view import LensView
from designer.pages.explore.convolution.map_grid import MapGrid
from designer.pages.explore.sample_chooser import NoSample, SampleChooser
from designer.tasks.task import TaskRunner

log = logging.getLogger(__name__)


def _mono_label() -> QLabel:
    label = QLabel()
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    label.setFont(mono)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setStyleSheet("padding: 4px;")
    return label


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    return area


class ConvPanel(RefreshWhenShown, QWidget):
    """See inside the convolutions of the document's design (see the module doc)."""

    #: (design layer, map, row, column) of the unit now chosen
    unitChosen = Signal(int, int, int, int)
    #: a training step's core.explain.convolution.TrainingStep
    stepped = Signal(object)

    def __init__(self, document, model_store, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        self.data = data
        self._sample: tuple[np.ndarray, int] | None = None
        self.inside: Inside | None = None
        self.unit: tuple[int, int, int, int] | None = None  # layer, map, row, column
        self.step_result = None
        self._stale = True
        self.runner = TaskRunner(self, name="training step")
        self.runner.done.connect(self._on_stepped)
        self.runner.failed.connect(self._on_step_failed)
        self.samples = SampleChooser(data)
        self._build()
        self.samples.changed.connect(self.refresh)
        document.designChanged.connect(self.refresh_when_seen)
        model_store.modelChanged.connect(self.refresh_when_seen)
        data.ready.connect(self._on_data_ready)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.weights_combo = QComboBox()
        self.weights_combo.addItem(self.tr("Trained model"), "trained")
        self.weights_combo.addItem(self.tr("Initial weights (before training)"), "initial")
        self.weights_combo.setToolTip(self.tr("The weights the network has learnt, or the random ones it starts from."))
        self.weights_combo.currentIndexChanged.connect(self.refresh)
        self.models = PanelModel(self.weights_combo)
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("The layers that slide a window over the image: convolutions and poolings."))
        self.layer_combo.currentIndexChanged.connect(self._on_layer_changed)
        choose = QGroupBox(self.tr("Layer"))
        form = QFormLayout(choose)
        form.addRow(self.tr("Weights"), self.weights_combo)
        form.addRow(self.tr("Layer"), self.layer_combo)
        self.origin_label = QLabel()
        self.origin_label.setWordWrap(True)
        self.origin_label.setStyleSheet("color: #666;")
        form.addRow(self.origin_label)

        input_box = QGroupBox(self.tr("Input and receptive field"))
        il = QVBoxLayout(input_box)
        self.input_view = MapGrid()
        self.input_view.setToolTip(self.tr("The image the network sees. The orange box: the pixels the chosen unit depends on."))
        self.input_view.setMinimumSize(60, 60)
        self.field_label = QLabel()
        self.field_label.setWordWrap(True)
        il.addWidget(self.input_view, 1)
        il.addWidget(self.field_label)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.samples)
        left.addWidget(choose)
        left.addWidget(input_box, 1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(300)
        self._left = left_widget

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")
        self.message_label.hide()

        self.views = QTabWidget()
        self.views.addTab(self._maps_page(), self.tr("Feature maps"))
        self.views.addTab(self._lens_page(), self.tr("im2col lens"))
        self.views.addTab(self._pool_page(), self.tr("Pooling"))
        self.views.currentChanged.connect(self._show_unit)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.message_label)
        right.addWidget(self.views, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addLayout(right, 1)

    def _maps_page(self) -> QWidget:
        self.shared_check = QCheckBox(self.tr("One colour scale for every map"))
        self.shared_check.setChecked(True)
        self.shared_check.setToolTip(self.tr(
            "On: the same value has the same colour in every map, so maps compare. Off: each map uses its own range, "
            "so weak maps show their pattern too."))
        self.shared_check.toggled.connect(self._show_maps)
        self.maps_title = QLabel()
        self.maps_title.setStyleSheet("font-weight: bold;")
        self.maps_view = MapGrid(clickable=True)
        self.maps_view.setToolTip(self.tr("Click a unit of a feature map to see how it was computed."))
        self.maps_view.unitClicked.connect(self._on_unit_clicked)
        top = QHBoxLayout()
        top.addWidget(self.maps_title, 1)
        top.addWidget(self.shared_check)
        maps_col = QVBoxLayout()
        maps_col.addLayout(top)
        maps_col.addWidget(self.maps_view, 1)

        self.kernels_title = QLabel()
        self.kernels_title.setStyleSheet("font-weight: bold;")
        self.kernels_view = MapGrid()
        self.kernels_view.setToolTip(self.tr("Each filter's kernel: red weights positive, blue negative. The chosen map's is framed."))
        self.step_button = QPushButton(self.tr("One training step"))
        self.step_button.setToolTip(self.tr(
            "Run one step of the design's optimizer on this sample (on a copy: the model stays as it is) and show "
            "the gradients of the kernels it used."))
        self.step_button.clicked.connect(self.start_training_step)
        self.gradients_title = QLabel()
        self.gradients_title.setStyleSheet("font-weight: bold;")
        self.gradients_view = MapGrid()
        self.gradients_view.setToolTip(self.tr("∂L/∂K: how the loss changes with each kernel weight, for this sample."))
        self.step_label = QLabel()
        self.step_label.setWordWrap(True)
        kernels_col = QVBoxLayout()
        kernels_col.addWidget(self.kernels_title)
        kernels_col.addWidget(self.kernels_view, 1)
        kernels_col.addWidget(self.step_button, 0, Qt.AlignmentFlag.AlignLeft)
        kernels_col.addWidget(self.gradients_title)
        kernels_col.addWidget(self.gradients_view, 1)
        kernels_col.addWidget(self.step_label)
        self.kernels_widget = QWidget()
        self.kernels_widget.setLayout(kernels_col)
        kernels_col.setContentsMargins(0, 0, 0, 0)

        upper = QHBoxLayout()
        upper.addLayout(maps_col, 3)
        upper.addWidget(self.kernels_widget, 2)

        self.unit_title = QLabel()
        self.unit_title.setStyleSheet("font-weight: bold;")
        self.dot_label = _mono_label()
        self.dot_label.setToolTip(self.tr("The unit's value worked out: patch × kernel, channel by channel, plus the bias."))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(upper, 3)
        layout.addWidget(self.unit_title)
        layout.addWidget(_scrolled(self.dot_label), 1)
        return page

    def _lens_page(self) -> QWidget:
        self.lens_note = QLabel(self.tr(
            "im2col lays every patch of the input out as one row of a matrix, and every kernel as one column of another: "
            "then all filters at all positions are one matrix product, whose columns, reshaped, are the feature maps. "
            "On the way back, col2im adds each row's gradient onto the pixels its patch came from. "
            "The chosen unit's row and its filter's column are lit."))
        self.lens_note.setWordWrap(True)
        self.lens_view = LensView()
        self.lens_label = _mono_label()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.lens_note)
        layout.addWidget(self.lens_view, 3)
        layout.addWidget(_scrolled(self.lens_label), 1)
        return page

    def _pool_page(self) -> QWidget:
        self.pool_note = QLabel()
        self.pool_note.setWordWrap(True)
        self.pool_input_title = QLabel()
        self.pool_input_title.setStyleSheet("font-weight: bold;")
        self.pool_input_view = MapGrid()
        self.pool_input_view.setToolTip(self.tr("The pooling layer's input; a green dot marks each window's winner."))
        self.pool_output_title = QLabel()
        self.pool_output_title.setStyleSheet("font-weight: bold;")
        self.pool_output_view = MapGrid()
        self.pool_gradient_title = QLabel()
        self.pool_gradient_title.setStyleSheet("font-weight: bold;")
        self.pool_gradient_view = MapGrid()
        self.pool_gradient_view.setToolTip(self.tr("∂L/∂x of the pooling layer: only the winners get a gradient."))
        row = QHBoxLayout()
        for title, view in ((self.pool_input_title, self.pool_input_view), (self.pool_output_title, self.pool_output_view),
                            (self.pool_gradient_title, self.pool_gradient_view)):
            col = QVBoxLayout()
            col.addWidget(title)
            col.addWidget(view, 1)
            row.addLayout(col, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.pool_note)
        layout.addLayout(row, 1)
        return page

    # ------------------------------------------------------------------ following the document

    @Slot(object)
    def _on_data_ready(self, key) -> None:
        if self.isVisible():
            self.refresh()

    @property
    def origin(self) -> str:
        return self.models.origin

    def _current_model(self, design: spec.Design):
        model = self.models.update(design, self.model_store.bundle)
        self.origin_label.setText(
            self.tr("The weights the network has learnt.") if self.models.origin == "trained"
            else self.tr("The weights before any training.") if self.models.fits
            else self.tr("No trained model fits this design yet: these are the weights before training."))
        return model

    def _normalisation(self, design: spec.Design) -> dict:
        if self.models.source is not None:
            return self.models.source.normalisation
        dataset = self.data.dataset(design)
        return dataset.normalisation if dataset is not None else IMAGE_NORMALISATION

    def say(self, text: str, *, error: bool = True) -> None:
        self.message_label.setStyleSheet("color: #b00020;" if error else "color: #555;")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    @Slot()
    def refresh(self) -> None:
        """Look inside again: the design, the weights or the sample changed."""
        self._stale = False
        design = self.document.design
        self.samples.follow(design)
        self.say("")
        self.inside, self._sample, self.step_result = None, None, None
        nothing_inside = not has_windows(design)
        self._left.setVisible(not nothing_inside)  # nothing to choose or show: only the sentence saying why
        self.views.setVisible(not nothing_inside)
        try:
            if nothing_inside:
                self._fill_layers()
                self._on_layer_changed()
                self.say(self.tr("This design has no convolution or pooling layer: add a Conv2D layer on the Design page "
                                 "(or open the MNIST CNN example) to look inside one."), error=False)
                return
            model = self._current_model(design)
            sample = self.samples.sample(design, lambda: self._normalisation(design))
            if isinstance(sample, NoSample):
                self.say(sample.message, error=sample.error)
            else:
                self._sample = sample
                self.inside = look_inside(model, sample[0])
        except ValueError as e:
            from designer.text.messages import problem_text

            self.say(self.tr("This design can't be looked into yet: {reason}").format(reason=problem_text(design, e)))
        except Exception as e:  # noqa: BLE001 - an odd design must not break the page
            log.exception("looking inside failed")
            self.say(self.tr("This design can't be looked into yet: {reason}").format(reason=str(e)))
        self._fill_layers()
        self._on_layer_changed()

    def _fill_layers(self) -> None:
        previous = self.layer_combo.currentData()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        design = self.document.design
        for w in (self.inside.layers if self.inside is not None else []):
            title = self.tr("Layer {n}: {layer}").format(n=w.index + 1, layer=view_for(w.kind).summary(design.layers[w.index]))
            self.layer_combo.addItem(title, w.index)
        i = self.layer_combo.findData(previous)
        self.layer_combo.setCurrentIndex(i if i >= 0 else 0)
        self.layer_combo.blockSignals(False)
        self.step_button.setEnabled(self.inside is not None and bool(self.inside.layers))

    # ------------------------------------------------------------------ the chosen layer and unit

    @property
    def layer(self):
        """The chosen core.explain.convolution.WindowedLayer, or None."""
        index = self.layer_combo.currentData()
        return None if self.inside is None or index is None else self.inside.layer(index)

    def set_layer(self, index: int) -> None:
        """Choose design layer `index` (a convolution or pooling layer)."""
        self.layer_combo.setCurrentIndex(max(0, self.layer_combo.findData(index)))

    @Slot()
    def _on_layer_changed(self, *args) -> None:
        w = self.layer
        if w is None:
            self.unit = None
            for view in (self.maps_view, self.kernels_view, self.gradients_view, self.input_view):
                view.set_maps(np.zeros((0, 1, 1)))
            for label in (self.maps_title, self.kernels_title, self.gradients_title, self.unit_title, self.dot_label,
                          self.field_label, self.step_label, self.lens_label):
                label.setText("")
            return
        y, x = strongest_unit(w.a, 0)
        self.unit = (w.index, 0, y, x)
        self.input_view.set_maps(self.inside.x)
        self._show_maps()
        self._show_kernels()
        self._show_unit()

    def choose_unit(self, f: int, y: int, x: int) -> None:
        """Choose unit (y, x) of map f of the chosen layer (as a click on it does)."""
        w = self.layer
        if w is None:
            return
        self.unit = (w.index, f, y, x)
        self._show_unit()
        self.unitChosen.emit(w.index, f, y, x)

    @Slot(int, int, int)
    def _on_unit_clicked(self, f: int, y: int, x: int) -> None:
        self.choose_unit(f, y, x)

    # ------------------------------------------------------------------ showing

    @Slot()
    def _show_maps(self, *args) -> None:
        w = self.layer
        if w is None:
            return
        c, h, wd = w.a.shape
        self.maps_view.set_maps(w.a, shared=self.shared_check.isChecked())
        self.maps_title.setText(self.tr("{n} feature maps, {h} × {w} (layer {layer}'s output)").format(
            n=c, h=h, w=wd, layer=w.index + 1))
        if self.unit is not None:
            _, f, y, x = self.unit
            self.maps_view.set_outline(f, y, x, y, x)

    def _show_kernels(self) -> None:
        w = self.layer
        self.kernels_widget.setVisible(w is not None and w.weighted)
        if w is None or not w.weighted:
            return
        W = w.params["W"]
        F, C, kh, kw = W.shape
        columns = C if C > 1 else math.ceil(math.sqrt(F))
        self.kernels_view.set_maps(W.reshape(-1, kh, kw), diverging=True, columns=columns)
        self.kernels_title.setText(self.tr("Kernels K: {f} filters × {c} channels, {h} × {w}").format(f=F, c=C, h=kh, w=kw))
        self._show_gradients()

    def _show_gradients(self) -> None:
        w = self.layer
        result = self.step_result
        name = None if w is None else f"layers.{w.index}.W"
        if result is None or w is None or name not in result.gradients:
            self.gradients_view.setVisible(False)
            self.gradients_title.setText("")
            self.step_label.setText(self.tr("Press One training step to see the gradients a step of training uses."))
            return
        g = result.gradients[name]
        F, C, kh, kw = g.shape
        self.gradients_view.setVisible(True)
        self.gradients_view.set_maps(g.reshape(-1, kh, kw), diverging=True, columns=C if C > 1 else math.ceil(math.sqrt(F)))
        self.gradients_title.setText(self.tr("∂L/∂K after one training step (largest {g})").format(g=number(float(np.abs(g).max()))))
        self.step_label.setText(self.tr(
            "The loss on this sample went from {before} to {after} in one step of {optimizer} "
            "(each weight moved against its gradient; the model itself is unchanged).").format(
            before=number(result.loss_before), after=number(result.loss_after),
            optimizer=optimizer_title(self.document.design.training.optimizer.type)))

    @Slot()
    def _show_unit(self, *args) -> None:
        w = self.layer
        if w is None or self.unit is None:
            return
        _, f, y, x = self.unit
        self.maps_view.set_outline(f, y, x, y, x)
        top, left, bottom, right = receptive_field(self.inside, w.index, y, x)
        self.input_view.set_outline(-1, top, left, bottom, right)
        self.field_label.setText(self.tr("Receptive field of unit ({y}, {x}) of map {f}: rows {top}–{bottom}, columns {left}–{right} "
                                         "({h} × {w} pixels).").format(
            y=y + 1, x=x + 1, f=f + 1, top=top + 1, bottom=bottom + 1, left=left + 1, right=right + 1,
            h=bottom - top + 1, w=right - left + 1))
        if w.weighted:
            C = w.params["W"].shape[1]
            self.kernels_view.set_selected_tile(f * C if C > 1 else f)
            unit = w.lens().unit(f, y, x)
            activation = self.document.design.layers[w.index].activation
            self.unit_title.setText(self.tr("Unit ({y}, {x}) of map {f}: the patch under kernel {f} times its weights, "
                                            "channel by channel, plus the bias").format(y=y + 1, x=x + 1, f=f + 1))
            self.dot_label.setText("\n".join(unit.lines(activation_title(activation), float(w.a[f, y, x]))))
        else:
            windows = pool_windows(w.x, w.window)
            self.unit_title.setText(self.tr("Unit ({y}, {x}) of map {f}: its window of the input, reduced to one number").format(
                y=y + 1, x=x + 1, f=f + 1))
            self.dot_label.setText(pool_unit_line(windows, w.window.reduce, f, y, x, float(w.a[f, y, x])))
        page = self.views.currentIndex()
        if page == 1:
            self._show_lens()
        elif page == 2:
            self._show_pooling()

    def _gradients_of(self, w):
        """∂L/∂z of layer w for this sample, from the inspector's trace (None when it cannot be traced)."""
        from core.explain.inspect import trace

        try:
            tr = trace(self.models.model, *self._sample)
        except ValueError:
            return None
        lt = next(lt for lt in tr.layers if lt.index == w.index)
        return lt

    def _show_lens(self) -> None:
        w = self.layer
        _, f, y, x = self.unit
        if not w.weighted:
            self.lens_label.setText(self.tr("The lens shows a convolution: choose a Conv2D layer."))
            self.lens_view.hide()
            return
        self.lens_view.show()
        lens = w.lens()
        lt = self._gradients_of(w)
        gradients = None if lt is None or lt.dL_dz is None else lens.backward(lt.dL_dz)
        self.lens_view.set_lens(lens, f, y, x, gradients)
        self.lens_label.setText("\n".join(lens_lines(lens, f, y, x, gradients)))

    def _show_pooling(self) -> None:
        w = self.layer
        _, f, y, x = self.unit
        if w.window.reduce != "max":
            for view in (self.pool_input_view, self.pool_output_view, self.pool_gradient_view):
                view.set_maps(np.zeros((0, 1, 1)))
            for label in (self.pool_input_title, self.pool_output_title, self.pool_gradient_title):
                label.setText("")
            self.pool_note.setText(self.tr("Choose a MaxPool2D layer to see which value of each window wins."))
            return
        won = pool_winners(w.x, w.window)
        lt = self._gradients_of(w)
        self.pool_note.setText(self.tr(
            "Map {f}: each {ph} × {pw} window keeps its largest value (green dots: the winners). On the way back only the "
            "winners get the gradient; every other input of the window gets 0. (In a window of equal values, all 0 for "
            "instance, the first one counts as the winner.)").format(
            f=f + 1, ph=w.window.kernel[0], pw=w.window.kernel[1]))
        self.pool_input_view.set_maps(w.x[f])
        self.pool_input_view.set_marks(won.mask[f : f + 1])
        (ph, pw), (sh, sw) = w.window.kernel, w.window.stride
        self.pool_input_view.set_outline(0, y * sh, x * sw, y * sh + ph - 1, x * sw + pw - 1)
        self.pool_input_title.setText(self.tr("Input x, map {f}").format(f=f + 1))
        self.pool_output_view.set_maps(w.a[f])
        self.pool_output_view.set_outline(0, y, x, y, x)
        self.pool_output_title.setText(self.tr("Output a: the winners"))
        if lt is not None and lt.dL_dx is not None:
            self.pool_gradient_view.set_maps(lt.dL_dx[f], diverging=True)
            self.pool_gradient_view.set_marks(won.mask[f : f + 1])
            self.pool_gradient_title.setText(self.tr("∂L/∂x: the gradient goes to the winners"))

    # ------------------------------------------------------------------ one training step

    @property
    def is_running(self) -> bool:
        return self.runner.running

    @Slot()
    def start_training_step(self) -> None:
        if self.runner.running or self._sample is None or self.models.model is None:
            return
        self.step_button.setEnabled(False)
        self.step_label.setText(self.tr("Taking one training step…"))
        self.runner.start(_training_step_task, self.models.model, *self._sample)

    @Slot(object)
    def _on_stepped(self, result) -> None:
        self.step_button.setEnabled(True)
        self.step_result = result
        self._show_gradients()
        self.stepped.emit(result)

    @Slot(str, object)
    def _on_step_failed(self, message: str, error) -> None:
        self.step_button.setEnabled(True)
        self.step_label.setText(self.tr("The training step could not run: {reason}").format(reason=message))

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        return self.runner.shutdown(timeout_ms)


def _training_step_task(state, model, x, label):
    """core.explain.convolution.training_step as a background task (it builds a model copy
    and loads the training kernels the first time: about a second)."""
    from designer.tasks.collector import ready_to_train

    ready_to_train(state)
    return training_step(model, x, label)


__all__ = ["ConvPanel"]
