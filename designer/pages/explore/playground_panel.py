"""The toy playground: 2-D data, a network, and its decision boundary as it learns.

Pick a toy dataset (spirals, circles, XOR, two moons, a linearly separable set) with
its noise, size and seed, and a network: the document's design when it has 2 inputs,
or a quick one built here (hidden layers x neurons, activation). Train: a background
thread runs `core.explain.playground.train`; ten times a second it leaves the
network's answer over the whole plane, which a ~30 Hz timer paints under the points.
Blue and orange are the two classes; the paler, the less sure the network is.

Try XOR with 0 hidden layers (one straight line cannot do it), then with 1.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.data.datasets import load_dataset
from core.data.toy import DEFAULT_NOISE, DEFAULT_SAMPLES, TOY_MAKERS
from core.design import spec
from core.explain.boundary import data_extent, probability_colors
from core.explain.playground import DEFAULTS, Settings, quick_design, with_settings
from core.nn.optimizers import OPTIMIZERS
from core.train.loop import BatchEvent
from designer.pages.explore.explore_common import is_two_d
from designer.tasks.task import TaskRunner
from designer.widgets.spin_boxes import LearningRateSpinBox, PowerOfTwoSpinBox
from designer.text import names
from designer.widgets.plots.colours import BLUE
from designer.widgets.plots.plot_style import still_plot
from core.layer_types.dense import DenseSpec

#: rows of the boundary image (columns follow the plot's shape)
RESOLUTION = 100
POINT_COLORS = (BLUE, QColor(255, 127, 14))
#: training pace, in mini-batches per second (None: as fast as the computer can)
SPEEDS = (("slow", 60.0), ("normal", 300.0), ("fast", None))
#: the activations offered for the quick network's hidden layers, in this order
HIDDEN_ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu")


def train_in_background(state, design, dataset, *, resolution, extent, steps_per_second: float | None):
    """A playground run as a background task (designer.tasks.task): `core.explain.playground.train`,
    handing the GUI every decision-boundary frame (ten a second) and every batch's
    core.train.loop.BatchEvent as partial results; the result is its TrainingResult."""
    from core.explain.playground import train
    from designer.tasks.collector import ready_to_train

    ready_to_train(state)

    def on_event(event) -> None:
        if isinstance(event, BatchEvent):
            state.add_partial(event)

    return train(design, dataset, every_seconds=0.1, callback=state.add_partial, on_event=on_event, control=state.control,
                 resolution=resolution, extent=extent, steps_per_second=steps_per_second)


class PlaygroundPanel(QWidget):
    """Train a small network on 2-D points and watch its decision boundary move."""

    #: the finished core.train.loop.TrainingResult
    runFinished = Signal(object)

    def __init__(self, document, model_store, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        #: trains in the background (train_in_background)
        self.runner = TaskRunner(self, name="playground")
        self.runner.partial.connect(self._on_partial)
        self.runner.done.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self._dataset = None
        self._extent = (-1.5, 1.5, -1.5, 1.5)
        self._resolution = (RESOLUTION, RESOLUTION)
        self._grid = None
        self._losses = np.zeros((0, 2))
        self._result = None
        #: how many boundary images were painted (tests read it)
        self.frames = 0
        self._build()
        document.designChanged.connect(self._on_design_changed)
        self._on_design_changed()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        data_box = QGroupBox(self.tr("Data"))
        df = QFormLayout(data_box)
        self.dataset_combo = QComboBox()
        titles = {"spirals": self.tr("Spirals"), "circles": self.tr("Circles"), "xor": self.tr("XOR"),
                  "moons": self.tr("Two moons"), "linear": self.tr("Linearly separable")}
        for name in TOY_MAKERS:
            self.dataset_combo.addItem(titles.get(name, name), name)
        self.dataset_combo.setToolTip(self.tr("Which points to learn. Each has two inputs (the x and y position) and two classes."))
        self.noise_spin = QDoubleSpinBox()
        self.noise_spin.setRange(0.0, 1.0)
        self.noise_spin.setSingleStep(0.05)
        self.noise_spin.setValue(DEFAULTS.noise)
        self.noise_spin.setToolTip(self.tr("How much the points are jittered: 0 gives clean shapes; 0.3 makes the classes overlap."))
        self.samples_spin = QSpinBox()
        self.samples_spin.setRange(20, 5000)
        self.samples_spin.setSingleStep(100)
        self.samples_spin.setValue(DEFAULTS.samples)
        self.samples_spin.setToolTip(self.tr("How many points; a fifth of them are kept aside as test points (hollow)."))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(DEFAULTS.seed)
        self.seed_spin.setToolTip(self.tr("The random seed: the same seed gives the same points and the same starting weights."))
        df.addRow(self.tr("Dataset"), self.dataset_combo)
        df.addRow(self.tr("Noise"), self.noise_spin)
        points_row = QHBoxLayout()
        points_row.addWidget(self.samples_spin, 1)
        points_row.addWidget(QLabel(self.tr("Seed")))
        points_row.addWidget(self.seed_spin, 1)
        df.addRow(self.tr("Points"), points_row)
        self.dataset_combo.setCurrentIndex(self.dataset_combo.findData(DEFAULTS.dataset))
        for w in (self.dataset_combo,):
            w.currentIndexChanged.connect(self._on_data_changed)
        for w in (self.noise_spin, self.samples_spin, self.seed_spin):
            w.valueChanged.connect(self._on_data_changed)

        net_box = QGroupBox(self.tr("Network"))
        nf = QFormLayout(net_box)
        self.use_design = QRadioButton(self.tr("The current design"))
        self.use_design.setToolTip(self.tr("Train the design you are editing (it must have 2 inputs)."))
        self.use_quick = QRadioButton(self.tr("Build one here"))
        self.use_quick.setToolTip(self.tr("Try depths and widths quickly, without changing your design."))
        group = QButtonGroup(self)
        group.addButton(self.use_design)
        group.addButton(self.use_quick)
        self.use_quick.setChecked(True)
        self.use_design.toggled.connect(self._update_network_controls)
        self.hidden_spin = QSpinBox()
        self.hidden_spin.setRange(0, 6)
        self.hidden_spin.setValue(DEFAULTS.hidden_layers)
        self.hidden_spin.setToolTip(self.tr(
            "How many hidden layers. With 0, the network can only draw one straight line between the classes."))
        self.units_spin = QSpinBox()
        self.units_spin.setRange(1, 128)
        self.units_spin.setValue(DEFAULTS.units)
        self.units_spin.setToolTip(self.tr("Neurons in each hidden layer. Each one can add a bend to the boundary."))
        self.activation_combo = QComboBox()
        for key in HIDDEN_ACTIVATIONS:
            self.activation_combo.addItem(names.activation_word(key), key)
        self.activation_combo.setCurrentIndex(self.activation_combo.findData(DEFAULTS.activation))
        self.activation_combo.setToolTip(self.tr("The activation of the hidden layers. ReLU gives straight-edged boundaries; tanh and sigmoid smooth ones."))
        nf.addRow(self.use_design)
        nf.addRow(self.use_quick)
        nf.addRow(self.tr("Hidden layers"), self.hidden_spin)
        nf.addRow(self.tr("Neurons per layer"), self.units_spin)
        nf.addRow(self.tr("Activation"), self.activation_combo)

        learn_box = QGroupBox(self.tr("Learning"))
        lf = QFormLayout(learn_box)
        self.optimizer_combo = QComboBox()
        for key in OPTIMIZERS:
            self.optimizer_combo.addItem(names.optimizer_title(key), key)
        self.optimizer_combo.setCurrentIndex(self.optimizer_combo.findData(DEFAULTS.optimizer))
        self.optimizer_combo.setToolTip(self.tr("How the weights are moved by their gradients."))
        self.optimizer_combo.currentIndexChanged.connect(self._on_optimizer_changed)
        self.lr_spin = LearningRateSpinBox()
        self.lr_spin.setValue(DEFAULTS.learning_rate)
        self.lr_spin.setToolTip(self.tr("The learning rate: how big each step is."))
        self.batch_spin = PowerOfTwoSpinBox()
        self.batch_spin.setRange(1, 4096)
        self.batch_spin.setValue(DEFAULTS.batch_size)
        self.batch_spin.setToolTip(self.tr("Points per mini-batch: the weights move after each mini-batch."))
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 10_000)
        self.epochs_spin.setValue(DEFAULTS.epochs)
        self.epochs_spin.setToolTip(self.tr("How many times training goes through all the points."))
        self.speed_combo = QComboBox()
        speed_titles = {"slow": self.tr("Slow, to watch"), "normal": self.tr("Normal"), "fast": self.tr("As fast as possible")}
        for key, pace in SPEEDS:
            self.speed_combo.addItem(speed_titles[key], pace)
        self.speed_combo.setCurrentIndex(1)
        self.speed_combo.setToolTip(self.tr("Slow training down so the boundary can be seen moving."))
        lf.addRow(self.tr("Optimizer"), self.optimizer_combo)
        lf.addRow(self.tr("Learning rate"), self.lr_spin)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch_spin, 1)
        batch_row.addWidget(QLabel(self.tr("Epochs")))
        batch_row.addWidget(self.epochs_spin, 1)
        lf.addRow(self.tr("Batch size"), batch_row)
        lf.addRow(self.tr("Speed"), self.speed_combo)

        self.train_button = QPushButton(self.tr("Train"))
        self.train_button.setToolTip(self.tr("Start from fresh weights and train; the boundary moves as the network learns."))
        self.train_button.setDefault(True)
        self.train_button.clicked.connect(self.start_training)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop training; the boundary stays as it is."))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.stop_button)

        left = QVBoxLayout()
        left.addWidget(data_box)
        left.addWidget(net_box)
        left.addWidget(learn_box)
        left.addLayout(buttons)
        self.hints = QLabel(self.tr(
            "<b>Try this</b><br>"
            "• XOR with 0 hidden layers: no straight line separates it. Then 1.<br>"
            "• Spirals with 1 hidden layer of 4: too few bends. Then 2 of 16.<br>"
            "• Noise 0.3, 100 points, 64 neurons: the boundary chases single points (overfitting), "
            "and the test accuracy falls behind."))
        self.hints.setWordWrap(True)
        self.hints.setTextFormat(Qt.TextFormat.RichText)
        self.hints.setStyleSheet("color: #444; background: #f6f8fb; border: 1px solid #d8dee8; border-radius: 4px; padding: 6px;")
        left.addSpacing(8)
        left.addWidget(self.hints)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(300)
        left.setContentsMargins(0, 0, 0, 0)

        # ---- the plane: boundary image under the points
        self.view = pg.PlotWidget(background="w")
        self.view.setAspectLocked(True)
        still_plot(self.view.getPlotItem(), bottom="x₁", left="x₂")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen(255, 255, 255, 200, width=0.8))
        self.test_points = pg.ScatterPlotItem(size=7, brush=pg.mkBrush(255, 255, 255, 0))
        self.view.addItem(self.train_points)
        self.view.addItem(self.test_points)
        self.view.setToolTip(self.tr(
            "Dots: training points; rings: test points. The background is the network's answer everywhere:\n"
            "blue for class 0, orange for class 1, paler where it is unsure. The boundary is where the colours meet."))

        self.loss_plot = pg.PlotWidget(background="w")
        lp = still_plot(self.loss_plot.getPlotItem(), left=self.tr("loss"), bottom=self.tr("epoch"))
        lp.setDownsampling(mode="peak")
        lp.setClipToView(True)
        self.loss_curve = lp.plot([], [], pen=pg.mkPen(BLUE, width=1.5))
        self.loss_plot.setFixedHeight(150)
        self.loss_plot.setToolTip(self.tr("The loss of every mini-batch: it falls as the boundary fits the points."))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(self.view, 1)
        right.addWidget(self.loss_plot)
        right.addWidget(self.status_label)
        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addLayout(right, 1)

    # ------------------------------------------------------------------ the design and the data

    @property
    def is_running(self) -> bool:
        return self.runner.running

    @property
    def dataset(self):
        return self._dataset

    @property
    def result(self):
        return self._result

    def boundary_image(self) -> np.ndarray | None:
        """The RGB picture of the boundary as painted now (None before any)."""
        return None if self._grid is None else probability_colors(self._grid)

    @Slot()
    def _on_design_changed(self) -> None:
        design = self.document.design
        two_d = is_two_d(design)
        self.use_design.setEnabled(two_d)
        if two_d:
            self.use_design.setText(self.tr("The current design: {name}").format(name=design.title(names.ui_language())))
            self.use_design.setToolTip(self.tr("Train the design you are editing on the points below."))
        else:
            self.use_design.setText(self.tr("The current design"))
            self.use_design.setToolTip(self.tr("Only for designs with 2 inputs; this one has {n}.").format(n=math.prod(design.input_shape)))
        if self.is_running:
            return
        if two_d:
            self.use_design.setChecked(True)
            self.load_settings(design)
        elif self.use_design.isChecked():
            self.use_quick.setChecked(True)
        if self._dataset is None:  # the first design is not 2-D: show the chosen points anyway
            self._on_data_changed()
        self._update_network_controls()

    def load_settings(self, design: spec.Design) -> None:
        """Take the dataset, its options and the training settings from a 2-D design."""
        widgets = (self.dataset_combo, self.noise_spin, self.samples_spin, self.seed_spin)
        for w in widgets:
            w.blockSignals(True)
        i = self.dataset_combo.findData(design.dataset)
        if i >= 0:
            self.dataset_combo.setCurrentIndex(i)
        self.noise_spin.setValue(design.dataset_options.get("noise", DEFAULT_NOISE))
        self.samples_spin.setValue(int(design.dataset_options.get("samples", DEFAULT_SAMPLES)))
        self.seed_spin.setValue(design.training.seed)
        for w in widgets:
            w.blockSignals(False)
        # the quick network starts from the design's shape, so switching to it changes one thing at a time
        hidden = [layer for layer in design.layers[:-1] if isinstance(layer, DenseSpec)]
        self.hidden_spin.setValue(min(len(hidden), self.hidden_spin.maximum()))
        if hidden:
            self.units_spin.setValue(min(max(layer.units for layer in hidden), self.units_spin.maximum()))
            i = self.activation_combo.findData(hidden[0].activation)
            if i >= 0:
                self.activation_combo.setCurrentIndex(i)
        t = design.training
        self.optimizer_combo.blockSignals(True)
        self.optimizer_combo.setCurrentIndex(max(0, self.optimizer_combo.findData(t.optimizer.type)))
        self.optimizer_combo.blockSignals(False)
        self.lr_spin.setValue(t.optimizer.learning_rate)
        self.batch_spin.setValue(t.batch_size)
        self.epochs_spin.setValue(t.epochs)
        self._on_data_changed()

    @Slot()
    def _update_network_controls(self) -> None:
        quick = not self.use_design.isChecked()
        for w in (self.hidden_spin, self.units_spin, self.activation_combo):
            w.setEnabled(quick and not self.is_running)

    @Slot(int)
    def _on_optimizer_changed(self, index: int) -> None:
        self.lr_spin.setValue(OPTIMIZERS[self.optimizer_combo.currentData()].toy_learning_rate)

    def settings(self) -> Settings:
        """What the controls choose now (`core.explain.playground.DEFAULTS` before any change)."""
        return Settings(
            dataset=self.dataset_combo.currentData(), noise=self.noise_spin.value(), samples=self.samples_spin.value(),
            seed=self.seed_spin.value(), hidden_layers=self.hidden_spin.value(), units=self.units_spin.value(),
            activation=self.activation_combo.currentData(), optimizer=self.optimizer_combo.currentData(),
            learning_rate=self.lr_spin.value(), batch_size=self.batch_spin.value(), epochs=self.epochs_spin.value(),
        )

    def playground_design(self) -> spec.Design:
        """The design that Train will train: the document's (2-D) or the quick one, with the chosen data and settings."""
        if self.use_design.isChecked() and is_two_d(self.document.design):
            # a design being edited may not be valid (fixed weights that no longer fit):
            # Design.copy() does not mind, and Train reports the problems instead
            return with_settings(self.document.design.copy(), self.settings())
        return quick_design(self.settings(), name=self.tr("Playground network"))

    @Slot()
    def _on_data_changed(self, *args) -> None:
        """New points: generate them (a few milliseconds) and show them, without a boundary."""
        if self.is_running:
            return
        d = self.playground_design()
        self._dataset = load_dataset(d.dataset, options=d.dataset_options, seed=d.training.seed)
        self._grid = None
        self.image.clear()
        self._show_points()
        self._fit_plane()
        self.status_label.setText(self.tr("{n} training points and {m} test points. Press Train.").format(
            n=len(self._dataset.y_train), m=len(self._dataset.y_test)))

    def _plane(self) -> tuple[tuple[float, float, float, float], tuple[int, int]]:
        """The extent and (columns, rows) of the boundary image: the data with a margin,
        as wide as the plot, so the picture fills it."""
        size = self.view.getPlotItem().getViewBox().size()
        aspect = size.width() / size.height() if size.height() > 50 and size.width() > 50 else 1.0
        aspect = min(max(aspect, 0.3), 3.5)
        x_all = np.concatenate([self._dataset.x_train, self._dataset.x_test])
        extent = data_extent(x_all, aspect=aspect)
        return extent, (max(10, round(RESOLUTION * aspect)), RESOLUTION)

    def _fit_plane(self) -> None:
        if self._dataset is None:
            return
        self._extent, self._resolution = self._plane()
        x0, x1, y0, y1 = self._extent
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if not self.is_running and self._grid is None:
            self._fit_plane()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.is_running and self._grid is None:
            self._fit_plane()

    def _show_points(self) -> None:
        ds = self._dataset
        brushes = [pg.mkBrush(c) for c in POINT_COLORS]
        self.train_points.setData(pos=ds.x_train, brush=[brushes[int(k) % 2] for k in ds.y_train])
        self.test_points.setData(pos=ds.x_test, pen=[pg.mkPen(POINT_COLORS[int(k) % 2], width=1.6) for k in ds.y_test])

    # ------------------------------------------------------------------ training

    @Slot()
    def start_training(self) -> bool:
        if self.is_running:
            return False
        design = self.playground_design()
        if self.use_design.isChecked():
            from core.design.checks import check_design, errors
            from designer.text.messages import finding_text

            problems = errors(check_design(design))
            if problems:
                self.status_label.setText(self.tr("This design can't be trained yet:") + " " + " ".join(finding_text(f) for f in problems))
                return False
        self._on_data_changed()
        self._fit_plane()
        self._losses = np.zeros((0, 2))
        self.loss_curve.setData([], [])
        self.loss_plot.getPlotItem().setXRange(0, design.training.epochs, padding=0.02)
        self._result = None
        self.frames = 0
        self.runner.start(train_in_background, design.copy(), self._dataset, resolution=self._resolution, extent=self._extent,
                          steps_per_second=self.speed_combo.currentData())
        self._set_running(True)
        self.status_label.setText(self.tr("Training…"))
        return True

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        for w in (self.dataset_combo, self.noise_spin, self.samples_spin, self.seed_spin, self.use_design, self.use_quick,
                  self.optimizer_combo, self.lr_spin, self.batch_spin, self.epochs_spin, self.speed_combo):
            w.setEnabled(not running and (w is not self.use_design or is_two_d(self.document.design)))
        self._update_network_controls()

    @Slot()
    def stop(self) -> None:
        self.runner.cancel()

    @Slot(list)
    def _on_partial(self, items: list) -> None:
        """Once per frame while training: the new losses onto the curve, the latest boundary painted."""
        losses = [(e.epoch - 1 + e.batch / e.batches, e.loss) for e in items if isinstance(e, BatchEvent)]
        frames = [item for item in items if not isinstance(item, BatchEvent)]
        if losses:
            self._losses = np.concatenate([self._losses, np.asarray(losses, dtype=np.float64)])
            self.loss_curve.setData(self._losses[:, 0], self._losses[:, 1])
        if frames:
            self._show_frame(frames[-1])  # older frames of the same frame would never be seen

    def _show_frame(self, frame) -> None:
        self._grid = frame.grid
        x0, x1, y0, y1 = frame.extent
        self.image.setImage(probability_colors(frame.grid), levels=(0, 255))
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.frames += 1
        acc = "–" if not math.isfinite(frame.accuracy) else f"{100 * frame.accuracy:.1f} %"
        self.status_label.setText(self.tr("Epoch {e} of {n} · loss {loss:.4f} · training accuracy {acc}").format(
            e=frame.epoch, n=frame.epochs, loss=frame.loss, acc=acc))

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        self._set_running(False)
        self.status_label.setText(self.tr("Training could not run: {reason}").format(reason=message))

    @Slot(object)
    def _on_finished(self, result) -> None:
        self._set_running(False)
        self._result = result
        train = f"{100 * result.history.accuracy[-1]:.1f} %" if result.history.accuracy else "–"
        test = f"{100 * result.test_accuracy:.1f} %" if math.isfinite(result.test_accuracy) else "–"
        text = self.tr("Done: training accuracy {train}, test accuracy {test}.").format(train=train, test=test)
        if result.status == "stopped":
            text = self.tr("Stopped: test accuracy {test}.").format(test=test)
        elif result.failed:  # diverged, exploded, dead: what happened and what to try
            from designer.text.messages import training_result_text

            text = training_result_text(result)
        self.status_label.setText(text)
        self.runFinished.emit(result)

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Abort a run under way and wait for its thread; True when none runs."""
        was_running = self.runner.running
        done = self.runner.shutdown(timeout_ms)
        if done and was_running:
            self._set_running(False)
        return done


__all__ = ["PlaygroundPanel"]
