"""Background work for the Explore page, in the pattern of `designer.worker`.

A worker is a QObject moved to a QThread (`designer.worker.start_in_thread`); its
`run()` does the work there and emits exactly one of `finished(result)` or
`failed(message)`, which must reach @Slot methods of GUI-thread QObjects. Progress
that may come thousands of times a second is not a signal: the worker keeps it in a
lock-protected slot and the GUI pulls it from a ~30 Hz timer (`take_progress()`).
`designer.worker.stop_and_wait(worker, thread, timeout_ms)` ends one cleanly.

- `FunctionWorker(fn, *args)`: run one function (load a dataset, check gradients).
- `RaceWorker`: `core.race.race`, pulling the new losses of every optimizer.
- `BoundaryWorker`: trains on a toy set with `core.boundary.train_watching_boundary`,
  pulling the latest decision-boundary frame and the new losses.
"""
from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from core.datasets import DatasetError
from core.training import BatchEvent, TrainingControl

log = logging.getLogger(__name__)


class BackgroundWorker(QObject):
    """Runs `work()` in the thread it was moved to; subclasses fill in `work`."""

    #: the result of `work()` (None when it was aborted)
    finished = Signal(object)
    #: a message for the user when `work()` raised
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.control = TrainingControl()
        self._aborted = threading.Event()
        #: the thread the work ran in (tests check it is never the GUI thread)
        self.thread_ident: int | None = None

    def work(self):
        raise NotImplementedError

    # ------------------------------------------------------------------ control (any thread)

    def stop(self) -> None:
        self.control.stop()

    def abort(self) -> None:
        """Stop as soon as possible (the window is closing); the result is dropped."""
        self._aborted.set()
        self.control.stop()

    @property
    def aborted(self) -> bool:
        return self._aborted.is_set()

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
            # As designer.worker does: hand the object back to the GUI thread, end this thread's loop.
            app = QCoreApplication.instance()
            thread = self.thread()
            if app is not None:
                self.moveToThread(app.thread())
            thread.quit()

    def _message(self, e: Exception) -> str:
        if isinstance(e, MemoryError):
            return self.tr("Out of memory: try a smaller network or fewer samples.")
        if not isinstance(e, DatasetError):  # a missing dataset is expected; anything else is a bug
            log.error("background work failed", exc_info=e)
        return describe_error(e)


def describe_error(e: BaseException) -> str:
    from core.datasets import DatasetError

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
            kwargs["should_stop"] = lambda: self.control.stopped
        self._call = (fn, args, kwargs)

    def work(self):
        fn, args, kwargs = self._call
        return fn(*args, **kwargs)


class RaceWorker(BackgroundWorker):
    """Runs `core.race.race(design, dataset, optimizers, **options)`; `finished` carries the RaceResult."""

    def __init__(self, design, dataset, optimizers, parent: QObject | None = None, **options):
        super().__init__(parent)
        self.design = copy.deepcopy(design)  # not Design.copy(): no re-validation in the GUI thread
        self.dataset = dataset
        self.optimizers = tuple(optimizers)
        self.options = options
        self._lock = threading.Lock()
        self._positions: list[float] = []
        self._losses: dict[str, list[tuple[float, float]]] = {name: [] for name in self.optimizers}
        self._step = 0
        self._steps = 0

    def work(self):
        from core.race import race

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
    """Trains `model` on a toy `dataset`, keeping the latest decision-boundary frame for the GUI.

    `finished` carries the core.training.TrainingResult; `model` belongs to this worker
    until then (the GUI thread must not use it while the run lasts).
    """

    def __init__(self, model, optimizer, dataset, *, epochs: int, batch_size: int, seed: int,
                 resolution, extent, steps_per_second: float | None, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.optimizer = optimizer
        self.dataset = dataset
        self.options = dict(epochs=epochs, batch_size=batch_size, resolution=resolution, extent=extent,
                            steps_per_second=steps_per_second)
        self.seed = seed
        self._lock = threading.Lock()
        self._frame = None
        self._losses: list[tuple[float, float]] = []

    def work(self):
        from core.boundary import train_watching_boundary

        return train_watching_boundary(
            self.model, self.optimizer, self.dataset, rng=np.random.default_rng(self.seed),
            every_seconds=0.1, callback=self._on_frame, on_event=self._on_event, control=self.control, **self.options,
        )

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


__all__ = ["BackgroundWorker", "FunctionWorker", "RaceWorker", "BoundaryWorker", "describe_error"]
