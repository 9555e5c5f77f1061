"""The Train page's run controller: one training run at a time, and what it leaves behind.

`RunController` starts `train_in_background` (designer.pages.train.train_task) through a
designer.tasks.task.TaskRunner, locks the document while the run is active, pauses,
resumes and stops it, and keeps what the page shows: the state ("idle", "running",
"paused", "stopping"), the progress since the page last looked (`take_progress`), the
epochs so far, the finished run and its model (which goes to the ModelStore for the
Test page). It holds no widget: the page (designer.pages.train.training_page) shows
what it says through its signals, all emitted in the GUI thread.

    run = RunController(document, model_store)
    run.frame.connect(page.on_frame)          # ~30 Hz at most: pull run.take_progress()
    run.start(design, data_dir=folder)
    run.pause(); run.resume(); run.stop()
    run.stop_and_wait(1000)                   # the window is closing
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from core.design import spec
from core.train.loop import BatchEvent, EpochEvent
from designer.pages.train.train_task import DatasetLoaded, train_in_background
from designer.tasks.task import TaskRunner


@dataclass(frozen=True)
class ProgressSnapshot:
    """What happened since the last `take_progress()`: the latest batch and every new loss."""

    epoch: int
    epochs: int
    batch: int
    batches: int
    loss: float
    samples_per_second: float
    elapsed: float
    remaining: float
    #: positions of the new batches on the epoch axis (batch b of B in epoch e -> e - 1 + b/B)
    batch_x: np.ndarray
    batch_loss: np.ndarray
    #: batches completed in the whole run so far
    steps: int
    #: the learning rate of the epoch under way (as the design's schedule sets it)
    learning_rate: float = math.nan


class RunController(QObject):
    """See the module doc."""

    #: "idle", "running", "paused" or "stopping", whenever it changes
    stateChanged = Signal(str)
    #: what the run is doing now ("Loading MNIST…"), while it is running
    status = Signal(str)
    #: new progress has arrived (at most once per frame, ~30 Hz): pull it with take_progress()
    frame = Signal()
    #: a core.train.loop.EpochEvent after every epoch
    epochFinished = Signal(object)
    #: the core.train.loop.TrainedRun when training ends (completed, stopped or gone wrong)
    finished = Signal(object)
    #: a message when the run could not start or crashed
    failed = Signal(str)
    #: the run is over, whatever its outcome (after finished / failed), and the document unlocked
    ended = Signal()

    def __init__(self, document, model_store, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.model_store = model_store
        self.runner = TaskRunner(self, name="training")
        self.runner.status.connect(self._on_status)
        self.runner.partial.connect(self._on_partial)
        self.runner.done.connect(self._on_done)
        self.runner.failed.connect(self._on_failed)
        self.runner.ended.connect(self._end)
        self._state = "idle"
        self._run_design: spec.Design | None = None
        self._dataset_cache: tuple[tuple, object] | None = None
        self._data_dir = None
        self._epochs: list[EpochEvent] = []
        self._last_run = None
        self._latest: BatchEvent | None = None
        self._xs: list[float] = []
        self._losses: list[float] = []
        self._steps = 0

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> str:
        return self._state

    @property
    def is_running(self) -> bool:
        """True from start() until the run has ended (its thread included)."""
        return self._state != "idle"

    @property
    def design(self) -> spec.Design | None:
        """The design of the current (or latest) run, as it was when it started."""
        return self._run_design

    @property
    def epochs(self) -> list[EpochEvent]:
        """The EpochEvents of the current (or latest) run."""
        return list(self._epochs)

    @property
    def steps_seen(self) -> int:
        """Mini-batches of the current run handed to the GUI so far (the batch counter)."""
        return self._steps

    @property
    def last_run(self):
        """The latest finished core.train.loop.TrainedRun, or None."""
        return self._last_run

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)

    # ------------------------------------------------------------------ control

    def start(self, design: spec.Design, *, data_dir=None, limit: int | None = None) -> bool:
        """Lock the document and train `design` (a copy is taken) in the background, on the
        dataset kept from an earlier run when it is the same one. False if a run is active."""
        if self.is_running:
            return False
        from core.data.datasets import fit_to_data

        cached = self.cached_dataset(design, data_dir)
        # own data: what it holds (classes, a table's columns) goes in the model file
        self._run_design = design.copy() if cached is None else fit_to_data(design.copy(), cached)
        self._data_dir = data_dir
        self._epochs = []
        self._latest, self._xs, self._losses, self._steps = None, [], [], 0
        self.document.set_read_only(True)
        self._set_state("running")
        self.runner.start(train_in_background, design.copy(), data_dir=data_dir, dataset=cached, limit=limit)
        return True

    @Slot()
    def pause(self) -> None:
        if self._state == "running":
            self.runner.pause()
            self._set_state("paused")

    @Slot()
    def resume(self) -> None:
        if self._state == "paused":
            self.runner.resume()
            self._set_state("running")

    @Slot()
    def stop(self) -> None:
        """End the run after the current mini-batch; the result still comes (test accuracy included)."""
        if self._state in ("running", "paused"):
            self.runner.cancel()
            self._set_state("stopping")

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Abort any run and wait for its thread to end; True when it has (then the run is
        over and nothing more is heard of it). Safe to call when nothing runs."""
        if not self.is_running:
            return True
        self._set_state("stopping")
        if not self.runner.shutdown(timeout_ms):
            return False  # still stuck: the run stays "stopping"; call again
        self._end()
        return True

    # ------------------------------------------------------------------ datasets kept between runs

    @staticmethod
    def _dataset_key(design: spec.Design, data_dir) -> tuple:
        from core.data.catalog import dataset_key

        return (dataset_key(design.dataset), str(data_dir), tuple(sorted(design.dataset_options.items())), design.training.seed)

    def remember_dataset(self, design: spec.Design, dataset, data_dir=None) -> None:
        """Use this already loaded dataset for `design`'s next runs (skips loading)."""
        self._dataset_cache = (self._dataset_key(design, data_dir), dataset)

    def cached_dataset(self, design: spec.Design, data_dir=None):
        """The dataset kept for `design`, or None."""
        if self._dataset_cache is not None and self._dataset_cache[0] == self._dataset_key(design, data_dir):
            return self._dataset_cache[1]
        return None

    # ------------------------------------------------------------------ from the task (GUI thread)

    @Slot(str)
    def _on_status(self, text: str) -> None:
        if self._state == "running":
            self.status.emit(text)

    @Slot(list)
    def _on_partial(self, items: list) -> None:
        for item in items:
            if isinstance(item, BatchEvent):
                self._latest = item
                self._xs.append(item.epoch - 1 + item.batch / item.batches)
                self._losses.append(item.loss)
                self._steps += 1
            elif isinstance(item, EpochEvent):
                self._epochs.append(item)
                self.epochFinished.emit(item)
            elif isinstance(item, DatasetLoaded) and self._run_design is not None:
                from core.data.datasets import fit_to_data

                self._run_design = fit_to_data(self._run_design, item.dataset)  # own data: what it holds goes in the model file
                self.remember_dataset(self._run_design, item.dataset, self._data_dir)
        self.frame.emit()

    def take_progress(self) -> ProgressSnapshot | None:
        """The latest batch and the losses since the last call; None if nothing new."""
        event = self._latest
        if event is None or not self._losses:
            return None
        xs, losses = self._xs, self._losses
        self._xs, self._losses = [], []
        return ProgressSnapshot(
            event.epoch, event.epochs, event.batch, event.batches, event.loss,
            event.samples_per_second, event.elapsed, event.remaining,
            np.asarray(xs, dtype=np.float64), np.asarray(losses, dtype=np.float64), self._steps,
            learning_rate=event.learning_rate,
        )

    @Slot(object)
    def _on_done(self, run) -> None:
        self._last_run = run
        if self.usable(run):
            bundle = self.make_bundle()
            if bundle is not None:
                self.model_store.set_bundle(bundle, "trained")
        self.finished.emit(run)

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        self.failed.emit(message)

    @Slot()
    def _end(self) -> None:
        if self._state == "idle":
            return
        self.document.set_read_only(False)
        self._set_state("idle")
        self.ended.emit()

    # ------------------------------------------------------------------ results out

    @staticmethod
    def usable(run) -> bool:
        """Whether a run left a trained model worth testing and saving: an epoch kept (or a
        stopped run's weights), and never a weight that is NaN or infinite."""
        from core.io.bundle import weights_are_finite

        r = run.result
        kept = r.epochs > 0 or (r.status == "stopped" and bool(r.history.batch_loss))
        return kept and weights_are_finite(run.model.parameters)

    @property
    def has_model(self) -> bool:
        """The latest run left a model to test and save."""
        return self._last_run is not None and self.usable(self._last_run)

    def make_bundle(self):
        """The latest run's model as a core.io.bundle.Bundle (in memory), or None."""
        from core.io.bundle import Bundle

        run = self._last_run
        if run is None or self._run_design is None or not self.usable(run):
            return None
        return Bundle(
            design=self._run_design.copy(),
            weights={k: v.copy() for k, v in run.model.get_weights().items()},
            history=run.result.history.as_dict(),
            normalisation=dict(run.normalisation),
        )

    def save_model(self, path) -> None:
        """Write the latest trained model to `path` (raises core.io.bundle.BundleError or OSError)."""
        from core.io.bundle import save_bundle

        bundle = self.make_bundle()
        if bundle is None:
            raise ValueError("there is no trained model to save yet")
        save_bundle(path, design=bundle.design, weights=bundle.weights, history=bundle.history, normalisation=bundle.normalisation)

    def export_csv(self, path) -> None:
        """The current run's history as a table (see `write_history_csv`)."""
        write_history_csv(path, self._epochs)


def write_history_csv(path, epochs) -> None:
    """One row per epoch (accuracies as fractions, blanks for what was not measured); written
    atomically: an existing file stays whole if anything goes wrong."""
    from core.io.atomic import atomic_write_text

    out = io.StringIO(newline="")
    w = csv.writer(out)
    w.writerow(["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds", "learning_rate"])
    for e in epochs:
        w.writerow([e.epoch, _num(e.loss), _num(e.accuracy), _num(e.val_loss), _num(e.val_accuracy), f"{e.seconds:.3f}",
                    _num(e.learning_rate)])
    atomic_write_text(path, out.getvalue())


def _num(x: float) -> str:
    return "" if x is None or not math.isfinite(x) else repr(float(x))


__all__ = ["RunController", "ProgressSnapshot", "write_history_csv"]
