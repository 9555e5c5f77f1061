"""Weights and activations: what the first layer looks for, and what a layer outputs.

Left, the first layer's weights. For a network that takes 28 x 28 pictures, each
neuron's 784 weights are shown as a 28 x 28 picture of their own: red pixels push
the neuron up, blue ones push it down (after training, strokes and blobs appear;
before training, only noise). For other inputs, the weight matrix itself.

Right, a histogram of a chosen layer's weighted sums or activations over a few
hundred test samples, with their mean, spread and the share that are exactly 0
(for ReLU: neurons switched off).
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.design import spec
from core.explain.inspect import number
from core.explain.visualize import histogram, layer_values, tile_mosaic
from core.layer_types import layer_type, walk
from designer.pages.explore.explore_common import (
    PanelModel,
    RefreshWhenShown,
    diverging_rgb,
    rgb_qimage,
)
from designer.text.names import format_count
from designer.widgets.array_view import ArrayView, HeatmapLabel
from designer.widgets.plots.plot_style import still_plot
from designer.layer_views import view_for

MOSAIC_SIDE = 300
HISTOGRAM_SAMPLES = 500
BINS = 50


class WeightsPanel(RefreshWhenShown, QWidget):
    def __init__(self, document, model_store, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        self.data = data
        self.histogram_result = None
        self._stale = True  # computed when the tab is first shown
        self._build()
        document.designChanged.connect(self.refresh_when_seen)
        model_store.modelChanged.connect(self.refresh_when_seen)
        data.ready.connect(self._on_data_ready)

    def _build(self) -> None:
        self.weights_combo = QComboBox()
        self.weights_combo.addItem(self.tr("Trained model"), "trained")
        self.weights_combo.addItem(self.tr("Initial weights (before training)"), "initial")
        self.weights_combo.setToolTip(self.tr("Compare the weights the network has learnt with the random ones it started from."))
        self.weights_combo.currentIndexChanged.connect(self.refresh)
        self.models = PanelModel(self.weights_combo, dtype=np.float32)
        self.origin_label = QLabel()
        self.origin_label.setStyleSheet("color: #666;")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Weights")))
        top.addWidget(self.weights_combo)
        top.addWidget(self.origin_label, 1)

        # ---- first-layer weights
        first_box = QGroupBox(self.tr("First-layer weights"))
        fl = QVBoxLayout(first_box)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 400)
        self.count_spin.setValue(64)
        self.count_spin.setToolTip(self.tr("How many neurons of the first layer to show."))
        self.count_spin.valueChanged.connect(self._show_weights)
        count_row = QHBoxLayout()
        count_row.addWidget(QLabel(self.tr("Neurons shown")))
        count_row.addWidget(self.count_spin)
        count_row.addStretch(1)
        self.mosaic = HeatmapLabel()
        self.mosaic.setMinimumSize(MOSAIC_SIDE, MOSAIC_SIDE)
        self.mosaic.setToolTip(self.tr("Each small picture is one neuron's weights, one per input pixel."))
        self.mosaic.resized.connect(self._on_mosaic_resized)
        self.matrix_view = ArrayView()
        self.weights_note = QLabel()
        self.weights_note.setWordWrap(True)
        fl.addLayout(count_row)
        fl.addWidget(self.mosaic, 1)
        fl.addWidget(self.matrix_view, 1)
        fl.addWidget(self.weights_note)

        # ---- activations
        act_box = QGroupBox(self.tr("Activations"))
        al = QVBoxLayout(act_box)
        form = QFormLayout()
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("Which layer's values to count."))
        self.layer_combo.currentIndexChanged.connect(self._show_histogram)
        self.output_radio = QRadioButton(self.tr("Activations a (the layer's output)"))
        self.output_radio.setToolTip(self.tr("The values after the activation function: what the next layer receives."))
        self.sum_radio = QRadioButton(self.tr("Weighted sums z (before the activation)"))
        self.sum_radio.setToolTip(self.tr("The values before the activation function."))
        self.output_radio.setChecked(True)
        self.output_radio.toggled.connect(self._show_histogram)
        form.addRow(self.tr("Layer"), self.layer_combo)
        form.addRow(self.output_radio)
        form.addRow(self.sum_radio)
        self.hist_plot = pg.PlotWidget(background="w")
        hp = still_plot(self.hist_plot.getPlotItem(), left=self.tr("how many"), bottom=self.tr("value"))
        for side in ("left", "bottom"):
            hp.getAxis(side).enableAutoSIPrefix(False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=1.0, brush=pg.mkBrush(QColor(31, 119, 180, 190)), pen=pg.mkPen(None))
        hp.addItem(self.bars)
        self.hist_plot.setToolTip(self.tr("How often each value occurs in the chosen layer, over a few hundred test samples."))
        self.stats_label = QLabel()
        self.stats_label.setWordWrap(True)
        al.addLayout(form)
        al.addWidget(self.hist_plot, 1)
        al.addWidget(self.stats_label)

        body = QHBoxLayout()
        body.addWidget(first_box, 1)
        body.addWidget(act_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    # ------------------------------------------------------------------ the model

    @Slot(object)
    def _on_data_ready(self, key) -> None:
        if self.isVisible():
            self._show_histogram()

    @property
    def origin(self) -> str:
        return self.models.origin

    @Slot()
    def refresh(self) -> None:
        self._stale = False
        design = self.document.design
        try:
            self.models.update(design, self.model_store.bundle)
        except ValueError:
            pass  # no model: the panel says the design has no layer with weights
        self.origin_label.setText(
            self.tr("learnt by training") if self.models.origin == "trained"
            else self.tr("no trained model fits this design yet") if not self.models.fits else self.tr("random, before training"))
        self._fill_layers(design)
        self._show_weights()
        self._show_histogram()

    def _fill_layers(self, design: spec.Design) -> None:
        previous = self.layer_combo.currentData()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for i, layer in enumerate(design.layers):
            title = self.tr("Layer {n}: {layer}").format(n=i + 1, layer=view_for(layer.type).summary(layer))
            self.layer_combo.addItem(title, i)
        j = self.layer_combo.findData(previous)
        self.layer_combo.setCurrentIndex(j if j >= 0 else 0)
        self.layer_combo.blockSignals(False)

    # ------------------------------------------------------------------ first-layer weights

    @Slot()
    def _show_weights(self) -> None:
        model = self.models.model
        first = next((b for b in model.blocks if b.params), None) if model is not None else None
        if first is None:
            self.mosaic.hide()
            self.matrix_view.hide()
            self.count_spin.setEnabled(False)
            self.weights_note.setText(self.tr("The design has no Dense layer yet."))
            return
        input_shape = walk(model.design.layers, model.input_shape)[first.index].input_shape
        tiles = layer_type(first.kind).weight_tiles(first.params, input_shape)
        if tiles is None:
            W = first.params["W"]
            self.mosaic.hide()
            self.count_spin.setEnabled(False)
            self.matrix_view.show()
            self.matrix_view.set_array("W", W, description=self.tr("W: one row per input, one column per neuron"))
            self.weights_note.setText(self.tr(
                "The first layer's weight matrix: row i holds input i's weight into each neuron. "
                "With {n} inputs they are not a picture.").format(n=W.shape[0]))
            return
        self.matrix_view.hide()
        self.mosaic.show()
        self.count_spin.setEnabled(True)
        self.count_spin.setMaximum(len(tiles))
        grid, rows, cols = tile_mosaic(tiles[: self.count_spin.value()])
        image = rgb_qimage(diverging_rgb(grid, 1.0))
        side = min(self.mosaic.width(), self.mosaic.height(), 900) if self.mosaic.width() > 50 else MOSAIC_SIDE
        pixmap = QPixmap.fromImage(image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))
        self.mosaic.set_grid(grid, "", pixmap)
        self.mosaic_shape = (rows, cols)
        h, w = tiles.shape[1:]
        note = view_for(first.kind).weight_pictures_note(tiles.shape)
        self.weights_note.setText(note or self.tr(
            "Each picture is one neuron of the first layer: its {n} weights laid out like the {h} × {w} input. "
            "Red pixels raise the neuron's weighted sum when they are bright, blue ones lower it "
            "(each picture scaled to its own largest weight).").format(n=h * w, h=h, w=w))

    @Slot()
    def _on_mosaic_resized(self) -> None:
        if self.mosaic.isVisible():
            self._show_weights()  # a picture as big as the room it has: crisp tiles, none cut

    # ------------------------------------------------------------------ activations

    def _samples(self) -> np.ndarray | None:
        design = self.document.design
        dataset = self.data.dataset(design)
        if dataset is None:
            if self.data.error(design):
                self.stats_label.setText(self.data.error(design))
            else:
                self.data.request(design)
                self.stats_label.setText(self.tr("Loading test samples…"))
            return None
        if self.models.model is None or math.prod(dataset.x_test.shape[1:]) != self.models.model.input_size:
            return None
        return dataset.normalise(dataset.x_test[:HISTOGRAM_SAMPLES])

    @Slot()
    def _show_histogram(self, *args) -> None:
        if self.models.model is None or self.layer_combo.count() == 0:
            self.bars.setOpts(x=[], height=[], width=1.0)
            self.histogram_result = None
            return
        layer = self.layer_combo.currentData()
        has_sum = self.models.model.blocks[layer].affine is not None  # a weighted sum z before the activation
        self.sum_radio.setEnabled(has_sum)
        which = "weighted_sum" if (self.sum_radio.isChecked() and has_sum) else "output"
        x = self._samples()
        if x is None:
            return
        values = layer_values(self.models.model, x, layer, which)
        h = histogram(values, BINS)
        self.histogram_result = h
        centres = (h.edges[:-1] + h.edges[1:]) / 2
        self.bars.setOpts(x=centres, height=h.counts, width=float(h.edges[1] - h.edges[0]) * 0.95)
        self.hist_plot.getPlotItem().vb.autoRange(padding=0.04)
        self.stats_label.setText(self.tr(
            "{values} values ({samples} samples × {units} neurons): mean {mean}, standard deviation {std}, "
            "from {lo} to {hi}; exactly 0: {zeros:.1f} %.").format(
            values=format_count(h.values), samples=len(x), units=format_count(values[0].size), mean=number(h.mean), std=number(h.std),
            lo=number(h.minimum), hi=number(h.maximum), zeros=100 * h.zeros))


__all__ = ["WeightsPanel"]
