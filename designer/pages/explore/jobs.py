"""Background work for the Explore page, in the pattern of `designer.tasks.worker`.

A worker is a QObject moved to a QThread (`designer.tasks.worker.start_in_thread`); its
`run()` does the work there and emits exactly one of `finished(result)` or
`failed(message)`, which must reach @Slot methods of GUI-thread QObjects. Progress
that may come thousands of times a second is not a signal: the worker keeps it in a
lock-protected slot and the GUI pulls it from a ~30 Hz timer (`take_progress()`).
`designer.tasks.worker.stop_and_wait(worker, thread, timeout_ms)` ends one cleanly.

- `BackgroundJob`: the GUI-thread end of one worker at a time, for a panel: starts it,
  pulls its progress from a ~30 Hz timer, passes on only the current worker's outcome,
  stops it when the page closes.
- `FunctionWorker(fn, *args)`: run one function (load a dataset, check gradients).
- `RaceWorker`: `core.explain.race.race`, pulling the new losses of every optimizer.
- `BoundaryWorker`: trains on a toy set with `core.explain.playground.train`,
  pulling the latest decision-boundary frame and the new losses.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from core.data.datasets import DatasetError
from core.train.loop import BatchEvent
from designer.pages.explore.explore_common import FRAME_MS, in_gui_thread
from designer.tasks.worker import (
    StoppableWorker,
    end_worker_thread,
    start_in_thread,
    stop_and_wait,
)

log = logging.getLogger(__name__)


class BackgroundWorker(StoppableWorker):
    """Runs `work()` in the thread it was moved to; subclasses fill in `work`.
    After `abort()` the result is dropped (`finished` carries None)."""

    #: the result of `work()` (None when it was aborted)
    finished = Signal(object)
    #: a message for the user when `work()` raised
    failed = Signal(str)

    def work(self):
        raise NotImplementedError

    # ------------------------------------------------------------------ the worker thread

    @Slot()
    def run(self) -> None:
        self.thread_ident = threading.get_ident()
        try:
            result = self.work()
            self.finished.emit(None if self.aborted else result)
        except Exception as e:  # noqa: BLE001 - every failure must reach the user, not kill the thread
            if not self.aborted:  # an aborted job may end in any exception: nobody waits for it
                self.failed.emit(self._message(e))
        finally:
            end_worker_thread(self)

    def _message(self, e: Exception) -> str:
        if isinstance(e, MemoryError):
            return self.tr("Out of memory: try a smaller network or fewer samples.")
        if not isinstance(e, DatasetError):  # a missing dataset is expected; anything else is a bug
            log.error("background work failed", exc_info=e)
        return describe_error(e)


class BackgroundJob(QObject):
    """One background job at a time, seen from the GUI thread (a panel's Run and Stop).

    `start(worker)` runs a BackgroundWorker in a new thread. Its outcome is passed on as
    this object's `finished(result)` or `failed(message)`, in the GUI thread, once the
    worker's thread has ended, and only from the current worker: one that was stopped
    and replaced may still answer, unheard. `frame` is the moment to pull the worker's
    progress (`job.worker.take_progress()`).
    """

    #: every FRAME_MS while the job runs, and once more when it has ended (the last progress)
    frame = Signal()
    #: the current worker's result (None when it was aborted)
    finished = Signal(object)
    #: the current worker's message when its work raised
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.worker: BackgroundWorker | None = None
        self._thread: QThread | None = None
        self._frame_timer = QTimer(self)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self.frame)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, worker: BackgroundWorker) -> None:
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self.worker = worker
        self._thread = start_in_thread(worker)
        self._frame_timer.start()

    def stop(self) -> None:
        """Ask the worker to end early; its result still comes."""
        if self.worker is not None:
            self.worker.stop()

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Abort the worker and wait for its thread (designer.tasks.worker.stop_and_wait); True when none runs."""
        if self._thread is None:
            return True
        done = stop_and_wait(self.worker, self._thread, timeout_ms)
        if done:
            self._frame_timer.stop()
            self.worker = None
            self._thread = None
        return done

    @Slot(object)
    def _on_finished(self, result) -> None:
        self._pass_on(self.finished, result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._pass_on(self.failed, message)

    def _pass_on(self, signal, value) -> None:
        assert in_gui_thread(self), "worker results must arrive in the GUI thread"
        if self.sender() is not self.worker or self._thread is None:
            return
        self._thread.wait(2000)
        self._frame_timer.stop()
        self.frame.emit()  # the progress since the last frame
        self.worker = None
        self._thread = None
        signal.emit(value)


def describe_error(e: BaseException) -> str:
    from core.data.datasets import DatasetError

    text = str(e).strip()
    if isinstance(e, (DatasetError, ValueError)) and text:
        return text
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


class FunctionWorker(BackgroundWorker):
    """`fn(*args, **kwargs)` in the background; `finished` carries its return value.

    With `stoppable=True`, fn also gets ``should_stop=`` (a function that turns True
    once `stop()` or `abort()` is called) and is expected to end early when it does.
    """

    def __init__(self, fn: Callable, *args, parent: QObject | None = None, stoppable: bool = False, **kwargs):
        super().__init__(parent)
        if stoppable:
            control = self.control  # not self: a worker in a reference cycle could be freed by any thread's GC
            kwargs["should_stop"] = lambda: control.stopped
        self._call = (fn, args, kwargs)

    def work(self):
        fn, args, kwargs = self._call
        return fn(*args, **kwargs)


class RaceWorker(BackgroundWorker):
    """Runs `core.explain.race.race(design, dataset, optimizers, **options)`; `finished` carries the RaceResult."""

    def __init__(self, design, dataset, optimizers, parent: QObject | None = None, **options):
        super().__init__(parent)
        self.design = design.copy()
        self.dataset = dataset
        self.optimizers = tuple(optimizers)
        self.options = options
        self._lock = threading.Lock()
        self._positions: list[float] = []
        self._losses: dict[str, list[tuple[float, float]]] = {name: [] for name in self.optimizers}
        self._step = 0
        self._steps = 0

    def work(self):
        from core.explain.race import race

        return race(self.design, self.dataset, self.optimizers, callback=self._on_event, control=self.control, **self.options)

    def _on_event(self, event) -> None:
        with self._lock:
            self._step, self._steps = event.step, event.steps
            for name, loss in event.losses.items():
                self._losses[name].append((event.position, loss))

    def take_progress(self) -> tuple[int, int, dict[str, np.ndarray]] | None:
        """(step, steps, {optimizer: (n, 2) array of new (epoch position, loss)}) or None if nothing new."""
        with self._lock:
            if not any(self._losses.values()):
                return None
            new = {name: np.asarray(points, dtype=np.float64).reshape(-1, 2) for name, points in self._losses.items()}
            self._losses = {name: [] for name in self.optimizers}
            return self._step, self._steps, new


class BoundaryWorker(BackgroundWorker):
    """Trains a toy design as the playground's Train does (`core.explain.playground.train`),
    keeping the latest decision-boundary frame for the GUI.

    `finished` carries the core.train.loop.TrainingResult; the network is built and trained
    in the worker's thread.
    """

    def __init__(self, design, dataset, *, resolution, extent, steps_per_second: float | None, parent: QObject | None = None):
        super().__init__(parent)
        self.design = design.copy()
        self.dataset = dataset
        self.options = dict(resolution=resolution, extent=extent, steps_per_second=steps_per_second)
        self._lock = threading.Lock()
        self._frame = None
        self._losses: list[tuple[float, float]] = []

    def work(self):
        from core.explain.playground import train

        return train(self.design, self.dataset, every_seconds=0.1, callback=self._on_frame, on_event=self._on_event,
                     control=self.control, **self.options)

    def _on_frame(self, frame) -> None:
        with self._lock:
            self._frame = frame

    def _on_event(self, event) -> None:
        if isinstance(event, BatchEvent):
            with self._lock:
                self._losses.append((event.epoch - 1 + event.batch / event.batches, event.loss))

    def take_progress(self):
        """(latest BoundaryFrame or None, (n, 2) array of new (epoch position, loss)); None if nothing new."""
        with self._lock:
            frame, self._frame = self._frame, None
            losses, self._losses = self._losses, []
        if frame is None and not losses:
            return None
        return frame, np.asarray(losses, dtype=np.float64).reshape(-1, 2)


__all__ = ["BackgroundJob", "BackgroundWorker", "FunctionWorker", "RaceWorker", "BoundaryWorker", "describe_error"]
