"""Training in the background: a QObject worker moved to a QThread.

The GUI thread never runs a training step and never loads a dataset. The worker
does both in its own thread and reports back in two ways:

* rare events are Qt signals (`progress` when the phase changes, `datasetLoaded`,
  `epochFinished`, then exactly one of `finished` or `failed`);
* batch events, which can arrive thousands of times a second, are *not* signals:
  the worker keeps the latest one and the losses since the last look in a
  lock-protected slot, and the GUI pulls them with `take_progress()` from a ~30 Hz
  timer. However fast the batches, the GUI sees one snapshot per frame.

Typical use (see `TrainingPage`)::

    worker = TrainingWorker(design, data_dir=folder)
    worker.finished.connect(page.on_finished)      # a @Slot of a GUI-thread QObject
    thread = start_in_thread(worker)
    ...                                            # a QTimer calls worker.take_progress()
    worker.pause(); worker.resume(); worker.stop()
    stop_and_wait(worker, thread, 1000)            # when the window closes

Receivers must be @Slot methods of QObjects living in the GUI thread: a lambda or
a plain function connected to a worker signal would run in the worker thread.

On Linux the training thread runs a little nicer than the GUI (`WORKER_NICENESS`),
so that a busy machine delays training rather than the window's repaints;
``LAYERLAB_WORKER_NICE=0`` turns that off (to compare, in benchmarks).
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from core.train.loop import (
    BatchEvent,
    EpochEvent,
    TrainingControl,
    evaluate,
    train_design,
)

log = logging.getLogger(__name__)


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


class StoppableWorker(QObject):
    """What every background worker has: a `TrainingControl` its loop checks between steps,
    `stop()` to end after the current step, and `abort()` for when the window is closing."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.control = TrainingControl()
        self._aborted = threading.Event()
        #: the thread the work ran in (for tests: it is never the GUI thread)
        self.thread_ident: int | None = None

    # ------------------------------------------------------------------ control (any thread)

    def stop(self) -> None:
        """End after the current step; the result still comes."""
        self.control.stop()

    def abort(self) -> None:
        """Stop as fast as possible (the window is closing): nobody waits for the result."""
        self._aborted.set()
        self.control.stop()

    @property
    def aborted(self) -> bool:
        return self._aborted.is_set()


class TrainingWorker(StoppableWorker):
    """Loads the dataset and trains a design, in whatever thread it has been moved to.

    `stop()` ends the run after the current batch and the test set is still scored;
    after `abort()` it is not.
    """

    #: a short sentence saying what the worker is doing now ("Loading MNIST…")
    progress = Signal(str)
    #: the core.data.datasets.Dataset, once loaded (the page may keep it for the next run)
    datasetLoaded = Signal(object)
    #: a core.train.loop.EpochEvent after every epoch
    epochFinished = Signal(object)
    #: the core.train.loop.TrainedRun when training ends (completed, stopped or diverged)
    finished = Signal(object)
    #: a message when the run could not start or crashed
    failed = Signal(str)

    def __init__(
        self,
        design,
        *,
        data_dir=None,
        dataset=None,
        limit: int | None = None,
        epochs: int | None = None,
        parent: QObject | None = None,
    ):
        """`design` is copied; `dataset` skips loading; `limit` trains on the first N samples only."""
        super().__init__(parent)
        self.design = design.copy()
        self.data_dir = data_dir
        self.dataset = dataset
        self.limit = limit
        self.epochs = epochs
        self._lock = threading.Lock()
        self._latest: BatchEvent | None = None
        self._xs: list[float] = []
        self._losses: list[float] = []
        self._steps = 0

    # ------------------------------------------------------------------ control (any thread)

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    @property
    def paused(self) -> bool:
        return self.control.paused

    @property
    def stopping(self) -> bool:
        return self.control.stopped

    # ------------------------------------------------------------------ the GUI pulls

    def take_progress(self) -> ProgressSnapshot | None:
        """The latest batch and the losses since the last call; None if nothing new."""
        with self._lock:
            event = self._latest
            if event is None or not self._losses:
                return None
            xs, losses = self._xs, self._losses
            self._xs, self._losses = [], []
            steps = self._steps
        return ProgressSnapshot(
            event.epoch, event.epochs, event.batch, event.batches, event.loss,
            event.samples_per_second, event.elapsed, event.remaining,
            np.asarray(xs, dtype=np.float64), np.asarray(losses, dtype=np.float64), steps,
        )

    # ------------------------------------------------------------------ the worker thread

    def _on_event(self, event) -> None:
        if isinstance(event, BatchEvent):
            with self._lock:
                self._latest = event
                self._xs.append(event.epoch - 1 + event.batch / event.batches)
                self._losses.append(event.loss)
                self._steps += 1
        elif isinstance(event, EpochEvent):
            self.epochFinished.emit(event)

    @Slot()
    def run(self) -> None:
        """Load the data, train, score on the test set; emit `finished` or `failed`."""
        self.thread_ident = threading.get_ident()
        if os.environ.get("LAYERLAB_WORKER_NICE", "1") != "0":
            _lower_this_threads_priority()
        try:
            self._run()
        except MemoryError:
            self.failed.emit(self.tr("Out of memory: try a smaller network or batch size."))
        except Exception as e:  # noqa: BLE001 - every failure must reach the user, not kill the thread
            log.exception("training failed")
            self.failed.emit(_describe(e))
        finally:
            end_worker_thread(self)

    def _run(self) -> None:
        from core.data.datasets import load_dataset

        design = self.design
        dataset = self.dataset
        if dataset is None:
            from designer.text.names import dataset_title

            self.progress.emit(self.tr("Loading {name}…").format(name=dataset_title(design.dataset)))
            dataset = load_dataset(
                design.dataset, self.data_dir, options=design.dataset_options, seed=design.training.seed,
            )
            self.datasetLoaded.emit(dataset)
        design = _fitted(design, dataset)
        if self.limit is not None and self.limit < len(dataset.y_train):
            dataset = replace(dataset, x_train=dataset.x_train[: self.limit], y_train=dataset.y_train[: self.limit])
        self.progress.emit(self.tr("Training…"))
        run = train_design(
            design, dataset, epochs=self.epochs, callback=self._on_event, control=self.control, evaluate_test=False,
        )
        result = run.result
        # Score what the run leaves behind: after Stop the current weights, after a
        # divergence the last good epoch's. Not when the window is closing.
        scorable = result.epochs > 0 or (result.status == "stopped" and result.history.batch_loss)
        if scorable and not self.aborted:
            self.progress.emit(self.tr("Scoring on the test set…"))
            result.test_loss, result.test_accuracy = evaluate(run.model, dataset.x_test, dataset.y_test, dataset.normalise)
        self.finished.emit(run)


#: how much nicer than the GUI the training thread is (Linux): when both want the CPU,
#: the GUI thread gets it first; when the GUI is idle, training has every core
WORKER_NICENESS = 5


def _lower_this_threads_priority() -> None:
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + WORKER_NICENESS))
    except (AttributeError, OSError):  # not Linux, or not allowed: keep the default
        pass


def _fitted(design, dataset):
    """The design told what its own data holds; a design that does not fit it (the last layer's
    units, the input size) is refused with the check's words, before any training."""
    from core.data.datasets import fit_to_data
    from core.design.checks import check_design, errors

    fitted = fit_to_data(design, dataset)
    if fitted is not design:
        found = errors(check_design(fitted))
        if found:
            from core.data.datasets import DatasetError
            from designer.text.messages import finding_text

            raise DatasetError(finding_text(found[0]))
    return fitted


def _describe(e: BaseException) -> str:
    text = str(e).strip()
    from core.data.datasets import DataError, DatasetError

    if isinstance(e, DataError):  # the user's own data: in the user's language
        from designer.text.messages import data_error_text

        return data_error_text(e)
    if isinstance(e, DatasetError):
        return text
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


# ---------------------------------------------------------------------- thread helpers


def end_worker_thread(worker: QObject) -> None:
    """The last thing a worker's run() does, in its own thread: hand the worker back to the
    GUI thread (only the owning thread may push it), then end this thread's event loop, so
    the QThread finishes on its own."""
    app = QCoreApplication.instance()
    thread = worker.thread()
    if app is not None:
        worker.moveToThread(app.thread())
    thread.quit()


class StopsThreadsOnQuit:
    """For a page (a QWidget) whose `stop_and_wait(ms)` ends its background threads: it is
    called when the application quits and when the page is closed on its own (tests,
    previews), so that no QThread is destroyed while it runs. Call `stop_threads_on_quit()`
    once, from __init__."""

    def stop_threads_on_quit(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)

    @Slot()
    def _on_about_to_quit(self) -> None:
        self.stop_and_wait(1000)

    def closeEvent(self, event) -> None:  # noqa: N802 - a stand-alone page (tests, previews)
        self.stop_and_wait(1000)
        super().closeEvent(event)


def start_in_thread(worker: StoppableWorker, on_thread_finished=None) -> QThread:
    """Move `worker` to a new QThread and start it; the thread ends when the run does.

    `on_thread_finished` (a @Slot of a GUI-thread QObject) is connected to the thread's
    `finished` before it starts, so even a run that fails at once is seen to end.
    """
    thread = QThread()
    thread.setObjectName("training")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    if on_thread_finished is not None:
        thread.finished.connect(on_thread_finished)
    thread.start()
    return thread


def stop_and_wait(worker: StoppableWorker | None, thread: QThread | None, timeout_ms: int = 1000) -> bool:
    """Abort the run and wait for its thread; True when the thread has finished.

    If `timeout_ms` passes (a dataset still being read, say), keep waiting in short
    steps for up to 10 s more: destroying a running QThread would crash the app.
    """
    if worker is not None:
        worker.abort()
    if thread is None:
        return True
    if thread.wait(max(0, int(timeout_ms))):
        return True
    log.warning("the training thread did not stop within %d ms; waiting longer", timeout_ms)
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline:
        if thread.wait(100):
            return True
    return thread.isFinished()


__all__ = [
    "StoppableWorker", "TrainingWorker", "ProgressSnapshot", "StopsThreadsOnQuit", "end_worker_thread", "start_in_thread",
    "stop_and_wait",
]
