"""The one way the app runs work in the background: a plain function and a `TaskRunner`.

On the pattern of Orange's ``ConcurrentWidgetMixin``: the work is a plain function
that takes a `TaskState` first, ``fn(state, *args)``, and knows nothing of Qt. It
reports through the state — a status line, progress, partial results — and looks
at ``state.stopping`` (or calls ``state.wait_while_paused()``) between steps. The
`TaskRunner`, a QObject in the GUI thread, runs one such function at a time in a
QThread and turns what it reports into signals, in the GUI thread:

* ``status(str)`` and ``partial(list)`` once per frame (~30 Hz) at most, however fast
  the work reports: partial results are queued by the work and handed over in
  batches, so a thousand batch losses a second cost the GUI 30 slot calls;
* exactly one of ``done(result)``, ``failed(message)`` or ``cancelled()`` when the
  work ends, after the last ``partial``; then ``ended()``.

``cancel()`` asks the work to end early (its result still comes, as ``done``, unless
the work raises `TaskCancelled`); ``shutdown(ms)`` aborts it for good and waits for the
thread (the window is closing): nothing is emitted after that. Starting a new task
while one runs aborts the old one without waiting for it (a file being read cannot be
interrupted, and the window must not freeze): it ends on its own, unheard, and
`shutdown` waits for it too.

    runner = TaskRunner(self)
    runner.partial.connect(self.on_partial)     # @Slot methods of GUI-thread QObjects
    runner.done.connect(self.on_done)
    runner.start(train, design, data_dir=folder)

Every background job of the app runs this way: training (designer.pages.train.train_task), the
Explore panels (race, playground, gradient check, dataset loads), the test-set browser and
downloads. A page whose runners must end with it mixes in `StopsTasksOnClose`.
"""
from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from core.train.loop import TrainingControl

log = logging.getLogger(__name__)

#: how often (ms) the GUI looks at a running task: ~30 frames a second
FRAME_MS = 33
#: the longest (s) a thread keeps the GIL while another waits for it (Python's default is
#: 5 ms). The work lets go of it around every matrix product and compiled loop and takes it
#: back after; when the GUI thread held it meanwhile, drawing a frame in Python, the work
#: waited up to 5 ms each time: an MLP's epoch took 1.2-1.3x as long from the Train page
#: as from the CLI (~1.15x at 0.5 ms; benchmarks/bench_gui_stall.py)
SWITCH_INTERVAL = 0.0005


class TaskCancelled(Exception):
    """Raised by work that stops early without a result worth showing (`cancelled` is emitted)."""


class TaskState:
    """What a background function sees of the GUI, and the other way round. Thread-safe, no Qt.

    The work calls `set_status`, `set_progress`, `add_partial`, and checks `stopping`;
    pause and stop requests arrive through `control` (a core.train.loop.TrainingControl,
    which the core's training loops take as they are)."""

    def __init__(self) -> None:
        self.control = TrainingControl()
        self._lock = threading.Lock()
        self._status: str | None = None
        self._progress: tuple[float, float] | None = None
        self._partials: list[Any] = []
        self._aborted = threading.Event()
        self._shown = threading.Event()

    # ------------------------------------------------------------------ the work's side

    def set_status(self, text: str) -> None:
        """A short sentence saying what the work does now ("Loading MNIST…")."""
        with self._lock:
            self._status = text

    def set_progress(self, done: float, total: float) -> None:
        with self._lock:
            self._progress = (done, total)

    def add_partial(self, item: Any) -> None:
        """Something for the GUI (a batch loss, an epoch's figures, a boundary frame); the GUI
        gets every item, in order, in batches of one frame."""
        with self._lock:
            self._partials.append(item)

    @property
    def stopping(self) -> bool:
        """The GUI asked the work to end (cancel or shutdown): stop at the next step."""
        return self.control.stopped

    @property
    def aborted(self) -> bool:
        """The window is closing: nobody will look at the result."""
        return self._aborted.is_set()

    def wait_while_paused(self) -> float:
        return self.control.wait_while_paused()

    def wait_until_shown(self, timeout: float = 0.5) -> bool:
        """Wait (at most `timeout` seconds) until the GUI has had a frame since the work
        started. Work that begins with a long stretch of Python (importing a library)
        holds the GIL, and the window then waits for it at every Python call of its
        repaint: the repaint that shows the work has started (buttons, status) comes
        first this way. True when the frame came."""
        return self._shown.wait(timeout)

    # ------------------------------------------------------------------ the GUI's side

    def mark_shown(self) -> None:
        """The GUI has had a frame (see `wait_until_shown`)."""
        self._shown.set()

    def take(self) -> tuple[str | None, tuple[float, float] | None, list[Any]]:
        """(status, progress, partial results since the last call), emptying the queue."""
        with self._lock:
            status, progress, partials = self._status, self._progress, self._partials
            self._status, self._partials = None, []
        return status, progress, partials

    def abort(self) -> None:
        self._aborted.set()
        self.control.stop()


class _Worker(QObject):
    """Runs the function in the thread it has been moved to, keeps its outcome, and ends the
    thread's event loop; the runner reads the outcome when the thread has finished.

    It makes no other Qt call from its thread while it holds the GIL: no signal, and no
    ``moveToThread`` back to the GUI thread. Those take Qt's internal locks, and a GUI
    thread inside ``QObject.disconnect`` holds one of them while it waits for the GIL (to
    look for a Python override): the two threads then wait for each other for ever. The
    test suite froze so once (a worker in ``moveToThread``, the GUI thread in pytest-qt's
    ``wait``). Left in its finished thread, the worker is deleted from the GUI thread,
    which Qt allows once that thread no longer runs."""

    def __init__(self, fn: Callable, args: tuple, kwargs: dict, state: TaskState):
        super().__init__()
        self.fn, self.args, self.kwargs, self.state = fn, args, kwargs, state
        #: the thread the work ran in (tests check it was not the GUI thread)
        self.thread_ident: int | None = None
        #: ("done", result) or ("failed", exception), once the work has ended
        self.outcome: tuple[str, Any] | None = None

    @Slot()
    def run(self) -> None:
        self.thread_ident = threading.get_ident()
        try:
            self.outcome = ("done", self.fn(self.state, *self.args, **self.kwargs))
        except BaseException as e:  # noqa: BLE001 - every failure must reach the GUI, not kill the thread
            self.outcome = ("failed", e)
        finally:
            self.thread().quit()


class TaskRunner(QObject):
    """One background task at a time, seen from the GUI thread (see the module doc)."""

    #: what the work says it is doing, when that changes
    status = Signal(str)
    #: (done, total) when the work reports progress
    progress = Signal(float, float)
    #: the partial results the work added since the last frame, in order (a list)
    partial = Signal(list)
    #: the work's return value
    done = Signal(object)
    #: a message for the user, and the exception: the work raised
    failed = Signal(str, object)
    #: the work raised TaskCancelled
    cancelled = Signal()
    #: the task is over, whatever its outcome (after done / failed / cancelled)
    ended = Signal()

    def __init__(self, parent: QObject | None = None, *, name: str = "task", describe: Callable[[BaseException], str] | None = None):
        super().__init__(parent)
        self.name = name
        self._describe = describe or describe_error
        self._state: TaskState | None = None
        self._worker: _Worker | None = None
        self._thread: QThread | None = None
        #: tasks replaced while they ran: (thread, worker, state) until their threads end
        self._retired: list[tuple[QThread, _Worker, TaskState]] = []
        self._frames_paused = False
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._frame)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)

    # ------------------------------------------------------------------ control

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def threads_alive(self) -> int:
        """Threads still running, the current task's and replaced ones' (for tests)."""
        self._retired = [entry for entry in self._retired if not entry[0].isFinished()]
        return (self._thread is not None) + len(self._retired)

    @property
    def state(self) -> TaskState | None:
        """The running task's state (pause/resume through ``state.control``), or None."""
        return self._state

    @property
    def worker_thread_ident(self) -> int | None:
        return self._worker.thread_ident if self._worker is not None else None

    def start(self, fn: Callable, *args, **kwargs) -> TaskState:
        """Run ``fn(state, *args, **kwargs)`` in a new thread. A task already running is
        aborted and left to end on its own: its outcome is never emitted."""
        if self._thread is not None:
            self._retire()
        if sys.getswitchinterval() > SWITCH_INTERVAL:
            sys.setswitchinterval(SWITCH_INTERVAL)  # for the whole process, from the first task on
        state = TaskState()
        worker = _Worker(fn, args, kwargs, state)
        thread = QThread()
        thread.setObjectName(self.name)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        thread.finished.connect(self._on_thread_finished)
        self._state, self._worker, self._thread = state, worker, thread
        thread.start()
        if not self._frames_paused:
            self._timer.start()
        return state

    def pause_frames(self, paused: bool) -> None:
        """Stop looking at the running task (its partial results wait, and the window is
        not woken for them), or look again: for benchmarks measuring what frames cost."""
        self._frames_paused = paused
        if paused:
            self._timer.stop()
        elif self._state is not None:
            self._timer.start()

    def abandon(self) -> None:
        """Stop listening to the task under way, at once: it is aborted and ends on its own,
        unheard (`shutdown` still waits for it)."""
        if self._thread is not None:
            self._retire()

    def cancel(self) -> None:
        """Ask the work to end after its current step; its outcome still comes."""
        if self._state is not None:
            self._state.control.stop()

    def pause(self) -> None:
        if self._state is not None:
            self._state.control.pause()

    def resume(self) -> None:
        if self._state is not None:
            self._state.control.resume()

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Abort the work (and any replaced task still running) and wait for the threads;
        nothing is emitted afterwards. True when no thread runs any more. If `timeout_ms`
        passes (a file still being read, say), keep waiting in short steps for up to 10 s
        more: destroying a running QThread would crash the app."""
        if self._thread is not None:
            self._retire()
        deadline = time.monotonic() + max(0, int(timeout_ms)) / 1000
        warned = False
        for thread, _, _ in list(self._retired):
            while not thread.wait(max(0, int((deadline - time.monotonic()) * 1000))):
                if not warned:
                    log.warning("the %s thread did not stop within %d ms; waiting longer", self.name, timeout_ms)
                    warned, deadline = True, time.monotonic() + 10.0
                if time.monotonic() >= deadline:
                    return False
        self._retired.clear()
        return True

    def _retire(self) -> None:
        """Abort the current task and stop listening to it; its thread ends on its own."""
        self._state.abort()
        self._disconnect()
        self._retired.append((self._thread, self._worker, self._state))
        self._thread.finished.connect(self._on_retired_finished)
        self._forget()

    @Slot()
    def _on_retired_finished(self) -> None:
        # `finished` comes just before a thread ends: let it end, then forget it (a QThread
        # object must never be destroyed while its thread runs)
        thread = self.sender()
        if isinstance(thread, QThread):
            thread.wait(1000)
        self._retired = [entry for entry in self._retired if not entry[0].isFinished()]

    # ------------------------------------------------------------------ the GUI thread

    @Slot()
    def _frame(self) -> None:
        state = self._state
        if state is None:
            return
        state.mark_shown()
        status, progress, partials = state.take()
        if status is not None:
            self.status.emit(status)
        if progress is not None:
            self.progress.emit(*progress)
        if partials:
            self.partial.emit(partials)

    @Slot()
    def _on_thread_finished(self) -> None:
        """The work is over and its thread is ending: the last frame, then the outcome."""
        if self.sender() is not self._thread:
            return
        self._thread.wait(1000)  # `finished` comes just before the thread ends: let it end
        self._frame()
        outcome = self._worker.outcome
        aborted = self._state.aborted
        self._forget()
        if outcome is None or aborted:
            return
        kind, value = outcome
        if kind == "done":
            self.done.emit(value)
        elif isinstance(value, TaskCancelled):
            self.cancelled.emit()
        else:
            if not isinstance(value, Exception):
                log.error("background task ended by %r", value)
            self.failed.emit(self._describe(value), value)
        self.ended.emit()

    def _disconnect(self) -> None:
        try:
            self._thread.finished.disconnect(self._on_thread_finished)
        except (RuntimeError, TypeError):
            pass

    def _forget(self) -> None:
        self._timer.stop()
        self._state = self._worker = self._thread = None

    @Slot()
    def _on_about_to_quit(self) -> None:
        self.shutdown(1000)


class StopsTasksOnClose:
    """For a page (a QWidget) whose `stop_and_wait(ms)` ends its background tasks: it is
    called when the application quits and when the page is closed on its own (tests,
    previews), so that the page's own state ends with the work and no QThread is destroyed
    while it runs. Call `stop_tasks_on_quit()` once, from __init__."""

    def stop_tasks_on_quit(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)

    @Slot()
    def _on_about_to_quit(self) -> None:
        self.stop_and_wait(1000)

    def closeEvent(self, event) -> None:  # noqa: N802 - a stand-alone page (tests, previews)
        self.stop_and_wait(1000)
        super().closeEvent(event)


def describe_error(e: BaseException) -> str:
    """What went wrong, for the user: the message of an expected error (a missing dataset, a
    bad value), the type and message of anything else (a bug, logged with its traceback)."""
    from core.data.datasets import DataError, DatasetError

    if isinstance(e, DataError):  # the user's own data: said in the user's language
        from designer.text.messages import data_error_text

        return data_error_text(e)
    if isinstance(e, MemoryError):
        return QCoreApplication.translate("TaskRunner", "Out of memory: try a smaller network, batch or dataset.")
    text = str(e).strip()
    if isinstance(e, (DatasetError, ValueError, OSError)) and text:
        return text
    log.error("background task failed", exc_info=e)
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


__all__ = ["FRAME_MS", "TaskCancelled", "TaskState", "TaskRunner", "StopsTasksOnClose", "describe_error"]
