"""The Explore page: see inside the network.

Seven tabs, each a panel of its own module (or package), all following the document's design and
the app's trained model (`ModelStore`):

- Inspector (`inspector/`): one sample forward and backward, step by step.
- Gradient check (`gradcheck_panel`): backpropagation against numerical differentiation.
- Optimizer race (`race_panel`): SGD, Momentum, AdaGrad, RMSProp, Adam side by side.
- Toy playground (`playground_panel`): 2-D data and a decision boundary that moves.
- Weights & activations (`weights_panel`): first-layer weights as pictures, histograms.
- Inside a convolution (`convolution/`): feature maps, kernels, one unit's dot product and
  receptive field, the im2col lens, pooling's winners, one training step's gradients.
- Loss explorer (`loss_panel`): cross-entropy and squared error worked out.

Training (race, playground) and slow work (loading a dataset, a gradient check) run
in the background as plain functions through designer.tasks.task.TaskRunner, one runner
per panel; `stop_and_wait()` ends them all, and closing the page or quitting the app calls it.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from designer.pages.explore.convolution.panel import ConvPanel
from designer.pages.explore.explore_common import DataProvider
from designer.pages.explore.gradcheck_panel import GradcheckPanel
from designer.pages.explore.inspector.panel import InspectorPanel
from designer.pages.explore.loss_panel import LossPanel
from designer.pages.explore.playground_panel import PlaygroundPanel
from designer.pages.explore.race_panel import RacePanel
from designer.pages.explore.weights_panel import WeightsPanel
from designer.tasks.task import StopsTasksOnClose

log = logging.getLogger(__name__)


class ExplorePage(StopsTasksOnClose, QWidget):
    """See inside the network: inspector, gradient check, optimizer race, playground, weights, losses."""

    def __init__(self, document, model_store, parent: QWidget | None = None, *, data_dir=None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        #: datasets shared by the panels (image sets load once, in the background)
        self.data = DataProvider(data_dir, self)
        self.inspector = InspectorPanel(document, model_store, self.data)
        self.gradcheck = GradcheckPanel(document, model_store, self.data)
        self.race = RacePanel(document, model_store, self.data)
        self.playground = PlaygroundPanel(document, model_store, self.data)
        self.weights = WeightsPanel(document, model_store, self.data)
        self.convolution = ConvPanel(document, model_store, self.data)
        self.losses = LossPanel(document)
        self.inspector.traceChanged.connect(self._on_trace_changed)
        self.losses.set_trace(self.inspector.trace)
        self.losses.set_trace_source(self.inspector.fresh_trace)

        self.tabs = QTabWidget()
        tabs = (
            (self.inspector, self.tr("Inspector"),
             self.tr("Follow one sample through the network: forward to the loss, then backward, step by step.")),
            (self.gradcheck, self.tr("Gradient check"),
             self.tr("Confirm backpropagation's gradients with numerical differentiation.")),
            (self.race, self.tr("Optimizer race"),
             self.tr("Train with SGD, Momentum, AdaGrad, RMSProp and Adam from the same start and compare.")),
            (self.playground, self.tr("Toy playground"),
             self.tr("Learn 2-D points and watch the decision boundary form.")),
            (self.weights, self.tr("Weights && activations"),
             self.tr("See what the first layer has learnt and how a layer's values are spread.")),
            (self.convolution, self.tr("Inside a convolution"),
             self.tr("Feature maps, kernels, one unit's dot product, the im2col lens and pooling, for a digit you draw or a test image.")),
            (self.losses, self.tr("Loss explorer"),
             self.tr("Cross-entropy and squared error worked out for one prediction.")),
        )
        for widget, title, tip in tabs:
            i = self.tabs.addTab(widget, title)
            self.tabs.setTabToolTip(i, tip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.stop_tasks_on_quit()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        # Word-wrapped labels would make a scroll area (MainWindow.add_page) ask for more
        # height than the page needs; its minimum size is the honest answer.
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (QScrollArea asks the layout's opinion anyway)
        return self.minimumSizeHint().height()

    @Slot(object)
    def _on_trace_changed(self, trace) -> None:
        self.losses.set_trace(trace)

    def show_panel(self, panel: QWidget) -> None:
        self.tabs.setCurrentWidget(panel)

    @property
    def is_running(self) -> bool:
        """True while a race or the playground is training."""
        return self.race.is_running or self.playground.is_running

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Stop every background job of the page and wait for its thread; True when all ended."""
        done = True
        for panel in (self.race, self.playground, self.gradcheck, self.convolution):
            done &= panel.stop_and_wait(timeout_ms)
        done &= self.data.stop_and_wait(timeout_ms)
        return done

    def before_close(self) -> bool:
        """For MainWindow.before_close (and before_replace): stop the page's runs (they are
        quick experiments, nothing to save); True when every thread has ended.

        stop_and_wait already keeps waiting (up to 10 s more) for a job that cannot be
        interrupted, so False means one is stuck: the window then stays open rather than
        destroy a running QThread (a crash); closing again tries again."""
        done = self.stop_and_wait(2000)
        if not done:
            log.warning("the Explore page's background work did not end; the window stays open")
        return done


__all__ = ["ExplorePage"]
