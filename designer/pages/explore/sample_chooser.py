"""The inspector's sample chooser: which one example goes through the network.

A point you type (for a design with 2 inputs), a test-set sample (by number, or at
random), or a digit you draw (for 28x28 inputs), and its right class. The choices on
offer follow the design (`follow`); `changed` says the sample is another one, and
`sample()` gives it as the network's input — or says why there is none yet.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.data.normalisation import normalise_pixels
from core.design import spec
from core.explain.visualize import image_shape_for
from designer.widgets.canvas import DrawingCanvas

#: sample sources
POINT, TEST, DRAWING = "point", "test", "drawing"


def class_title(k: int, name: str) -> str:
    """"3" for MNIST's 3, "1" for a toy set's "class 1", "0: T-shirt/top" for Fashion-MNIST."""
    from designer.text.names import tr

    return str(k) if name in (str(k), f"class {k}") else f"{k}: {tr(name)}"


@dataclass(frozen=True)
class NoSample:
    """Why there is no sample to trace yet, in words for the user (`error`: shown as a problem)."""

    message: str
    error: bool = True


class SampleChooser(QGroupBox):
    """The Sample box of the inspector (see the module doc). `data` is the Explore page's DataProvider."""

    #: the chosen sample (or its right class) is another one
    changed = Signal()

    def __init__(self, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.data = data
        self._kind = None  # the design's sample kind, to rebuild the controls only when it changes
        self.setTitle(self.tr("Sample"))
        self.setToolTip(self.tr("The one example that goes through the network."))
        form = QFormLayout(self)
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
        self.index_spin.valueChanged.connect(self.changed)
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
        self.label_combo.currentIndexChanged.connect(self.changed)
        form.addRow(self.tr("Right class"), self.label_combo)
        self.canvas = DrawingCanvas()
        self.canvas.setMinimumSize(150, 150)
        self.canvas.setMaximumSize(200, 200)
        self.canvas.changed.connect(self.changed)
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

    def _coordinate_spin(self, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-10.0, 10.0)
        spin.setDecimals(2)
        spin.setSingleStep(0.1)
        spin.setToolTip(tip)
        spin.valueChanged.connect(self.changed)
        return spin

    # ------------------------------------------------------------------ choosing

    def source(self) -> str:
        """POINT, TEST or DRAWING ("" before the first design)."""
        return self.source_combo.currentData() or ""

    def set_source(self, source: str) -> None:
        i = self.source_combo.findData(source)
        if i >= 0:
            self.source_combo.setCurrentIndex(i)

    def set_point(self, x1: float, x2: float, label: int | None = None) -> None:
        """Choose the 2-D point (x1, x2), with `label` as the right class; `changed` once."""
        self.source_combo.blockSignals(True)
        self.set_source(POINT)
        self.source_combo.blockSignals(False)
        self._update_source_controls()
        for spin, v in ((self.x1_spin, x1), (self.x2_spin, x2)):
            spin.blockSignals(True)
            spin.setValue(v)
            spin.blockSignals(False)
        if label is not None:
            self.label_combo.blockSignals(True)
            self.label_combo.setCurrentIndex(label)
            self.label_combo.blockSignals(False)
        self.changed.emit()

    def class_title(self, k: int) -> str:
        """How class `k` is named in the Right class list ("7", "0: T-shirt/top")."""
        return self.label_combo.itemText(k)

    @Slot(int)
    def _on_source_changed(self, index: int) -> None:
        self._update_source_controls()
        self.changed.emit()

    @Slot()
    def _random_sample(self) -> None:
        if self.index_spin.maximum() > 0:
            self.index_spin.setValue(int(np.random.default_rng().integers(0, self.index_spin.maximum() + 1)))

    # ------------------------------------------------------------------ following the design

    @staticmethod
    def _sample_kind(design: spec.Design) -> tuple:
        from core.data.catalog import dataset_info

        info = dataset_info(design.dataset)
        classes = spec.output_size(design) or 0
        class_names = info.class_names if info is not None and len(info.class_names) == classes else tuple(str(i) for i in range(classes))
        return (math.prod(design.input_shape), design.dataset, class_names)

    def follow(self, design: spec.Design) -> None:
        """Offer the sources and classes that fit `design` (only when they change, so a
        choice survives edits that keep them); emits nothing."""
        kind = self._sample_kind(design)
        if kind == self._kind:
            return
        self._kind = kind
        size, _, class_names = kind
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

    # ------------------------------------------------------------------ the sample

    def sample(self, design: spec.Design, normalisation: Callable[[], dict]) -> tuple[np.ndarray, int] | NoSample:
        """(input, right class) for the chosen source as the network's input (a drawing scaled
        as the weights' data was: `normalisation()`); or NoSample saying why there is none
        yet (a test set still loading is asked for)."""
        src = self.source()
        label = max(self.label_combo.currentIndex(), 0)
        if src == POINT:
            return np.array([self.x1_spin.value(), self.x2_spin.value()]), label
        if src == DRAWING:
            if self.canvas.is_blank():
                return NoSample(self.tr("Draw a digit in the box on the left."), error=False)
            from core.data.digits import prepare_digit

            digit = prepare_digit(self.canvas.image_array())
            return normalise_pixels(digit, normalisation(), dtype=np.float64).reshape(-1), label
        dataset = self.data.dataset(design)
        if dataset is None:
            if self.data.error(design):
                return NoSample(self.data.error(design))
            self.data.request(design)
            return NoSample(self.tr("Loading the test set…"), error=False)
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


__all__ = ["SampleChooser", "NoSample", "class_title", "POINT", "TEST", "DRAWING"]
