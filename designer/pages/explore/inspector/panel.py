"""The Inspector: one sample through the network, forward then backward, a step at a time.

Pick a sample (a point you type, a test-set sample, or a digit you draw: the
`SampleChooser`) and the weights (the trained model, or the design's initial weights),
then step through the trace in the `TraceView`: each step shows the formula it computes,
in words what it means, the arithmetic neuron by neuron for small layers, and the arrays
it reads and writes. This panel puts the two together: it builds the model for the chosen
weights and traces the chosen sample whenever either, or the design, changes.

All numbers come from `core.explain.inspect.trace`, which runs the model's own layers in
float64; the widgets only show them.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.data.normalisation import IMAGE_NORMALISATION
from core.design import spec
from core.explain.inspect import Trace, trace
from designer.pages.explore.explore_common import PanelModel, RefreshWhenShown
from designer.pages.explore.sample_chooser import DRAWING, POINT, TEST, NoSample, SampleChooser
from designer.pages.explore.inspector.trace_view import TraceView

log = logging.getLogger(__name__)


class InspectorPanel(RefreshWhenShown, QWidget):
    """Step through the forward and backward pass of the document's design for one sample."""

    #: the new core.explain.inspect.Trace (or None when nothing can be traced)
    traceChanged = Signal(object)

    def __init__(self, document, model_store, data, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        self.data = data
        self._stale = False  # a change arrived while hidden: trace again when shown
        #: the Sample box: which example goes through the network
        self.samples = SampleChooser(data)
        #: the trace, step by step
        self.steps = TraceView()
        self._build()
        self.samples.changed.connect(self.refresh)
        # Tracing a big network costs a few tens of milliseconds: not for every edit made on
        # another page, only when this panel is seen again.
        document.designChanged.connect(self.refresh_when_seen)
        model_store.modelChanged.connect(self.refresh_when_seen)
        data.ready.connect(self._on_data_ready)
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
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
        self.models = PanelModel(self.weights_combo)
        self.origin_label = QLabel()
        self.origin_label.setWordWrap(True)
        self.origin_label.setStyleSheet("color: #666;")
        wl.addWidget(self.weights_combo)
        wl.addWidget(self.origin_label)

        left = QVBoxLayout()
        left.addWidget(self.samples)
        left.addWidget(weights_box)
        steps_label = QLabel(self.tr("Steps"))
        steps_label.setStyleSheet("font-weight: bold;")
        left.addWidget(steps_label)
        left.addWidget(self.steps.step_list, 1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(300)
        left.setContentsMargins(0, 0, 0, 0)

        layout = QHBoxLayout(self)
        layout.addWidget(left_widget)
        layout.addWidget(self.steps, 1)

    # ------------------------------------------------------------------ state

    @property
    def trace(self) -> Trace | None:
        return self.steps.trace

    def fresh_trace(self) -> Trace | None:
        """The trace for the current design, sample and weights (traced now if it was put off)."""
        if self._stale:
            self.refresh()
        return self.steps.trace

    @property
    def design(self) -> spec.Design:
        return self.document.design

    @property
    def origin(self) -> str:
        """"trained" or "initial": whose weights the trace used."""
        return self.models.origin

    def source(self) -> str:
        return self.samples.source()

    def set_source(self, source: str) -> None:
        self.samples.set_source(source)

    def set_point(self, x1: float, x2: float, label: int | None = None) -> None:
        """Trace the 2-D point (x1, x2), with `label` as the right class."""
        self.samples.set_point(x1, x2, label)

    def set_weights(self, which: str) -> None:
        """"trained" or "initial"."""
        self.weights_combo.setProperty("autoInitial", False)  # a choice, not a fallback
        self.weights_combo.setCurrentIndex(max(0, self.weights_combo.findData(which)))

    # ------------------------------------------------------------------ following the document

    @Slot(object)
    def _on_data_ready(self, key) -> None:
        if self.source() == TEST:
            self.refresh()

    # ------------------------------------------------------------------ tracing

    def _current_model(self, design: spec.Design):
        model = self.models.update(design, self.model_store.bundle)
        if self.models.origin == "trained":
            self.origin_label.setText(self.tr("The weights the network has learnt."))
        elif self.models.fits:
            self.origin_label.setText(self.tr("The weights before any training."))
        else:
            self.origin_label.setText(self.tr("No trained model fits this design yet: these are the weights before training (train it on the Training page)."))
        return model

    def _normalisation(self, design: spec.Design) -> dict[str, float]:
        if self.models.source is not None:
            return self.models.source.normalisation
        dataset = self.data.dataset(design)
        return dataset.normalisation if dataset is not None else IMAGE_NORMALISATION

    @Slot()
    def refresh(self) -> None:
        """Trace the chosen sample again (the design, the weights or the sample changed)."""
        self._stale = False
        design = self.design
        self.samples.follow(design)
        self.steps.say("")
        new = None
        try:
            model = self._current_model(design)
            sample = self.samples.sample(design, lambda: self._normalisation(design))
            if isinstance(sample, NoSample):
                self.steps.say(sample.message, error=sample.error)
            else:
                new = trace(model, *sample)
        except ValueError as e:
            from designer.text.messages import problem_text

            self.steps.say(self.tr("This design can't be traced yet: {reason}").format(reason=problem_text(design, e)))
        except Exception as e:  # noqa: BLE001 - an odd design must not break the page
            log.exception("tracing failed")
            self.steps.say(self.tr("This design can't be traced yet: {reason}").format(reason=str(e)))
        self.steps.set_trace(new, self.samples.class_title)
        self.traceChanged.emit(new)


__all__ = ["InspectorPanel", "POINT", "TEST", "DRAWING"]
