"""The training worker: runs off the GUI thread, coalesces batches, pauses, stops, fails politely."""
import math
import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QObject, Slot

from core.data.datasets import load_dataset
from core.design import spec
from designer.tasks.worker import TrainingWorker, start_in_thread, stop_and_wait
from core.layer_types.dense import DenseSpec


def tiny_design(**training) -> spec.Design:
    d = spec.Design(name="tiny", dataset="mnist", layers=[DenseSpec(16, "relu"), DenseSpec(10, "softmax")])
    d.training.batch_size = 32
    d.training.epochs = 2
    for key, value in training.items():
        setattr(d.training, key, value)
    return d


@pytest.fixture(scope="module")
def mnist(datasets_dir):
    return load_dataset("mnist", datasets_dir)


class Recorder(QObject):
    """Receives the worker's signals in the GUI thread, as the page does."""

    def __init__(self):
        super().__init__()
        self.epochs, self.runs, self.failures, self.phases, self.datasets = [], [], [], [], []
        self.threads = set()

    def connect(self, worker):
        worker.epochFinished.connect(self.on_epoch)
        worker.finished.connect(self.on_finished)
        worker.failed.connect(self.on_failed)
        worker.progress.connect(self.on_progress)
        worker.datasetLoaded.connect(self.on_dataset)

    @Slot(object)
    def on_epoch(self, event):
        self.threads.add(threading.get_ident())
        self.epochs.append(event)

    @Slot(object)
    def on_finished(self, run):
        self.threads.add(threading.get_ident())
        self.runs.append(run)

    @Slot(str)
    def on_failed(self, message):
        self.failures.append(message)

    @Slot(str)
    def on_progress(self, text):
        self.phases.append(text)

    @Slot(object)
    def on_dataset(self, dataset):
        self.datasets.append(dataset)


@pytest.fixture
def start():
    """start(worker) -> QThread; any thread still running at the end is stopped and awaited."""
    started = []

    def _start(worker):
        thread = start_in_thread(worker)
        started.append((worker, thread))
        return thread

    yield _start
    for worker, thread in started:
        assert stop_and_wait(worker, thread, 5000)


@pytest.fixture
def run_worker(qtbot, start):
    def _run(worker, timeout=20_000):
        rec = Recorder()
        rec.connect(worker)
        thread = start(worker)
        qtbot.waitUntil(lambda: bool(rec.runs or rec.failures), timeout=timeout)
        assert thread.wait(2000)
        return rec, thread

    return _run


def test_loads_trains_and_scores_off_the_gui_thread(run_worker, datasets_dir):
    worker = TrainingWorker(tiny_design(), data_dir=datasets_dir, limit=1000)
    rec, _ = run_worker(worker)
    assert not rec.failures
    run = rec.runs[0]
    assert run.result.status == "completed" and run.result.epochs == 2
    assert 0.5 < run.result.test_accuracy <= 1.0  # scored on the full 10,000 test images
    assert [e.epoch for e in rec.epochs] == [1, 2]
    assert worker.thread_ident not in (None, threading.get_ident())  # trained (and loaded) in the worker thread
    assert rec.threads == {threading.get_ident()}  # signals landed in the GUI thread
    assert rec.datasets and len(rec.datasets[0].y_train) == 60_000
    assert rec.phases[0] == "Loading MNIST…"
    # batch events were kept for the GUI to pull, not signalled: 2 epochs x ceil(900/32) batches
    snap = worker.take_progress()
    assert snap is not None and snap.steps == 2 * math.ceil(900 / 32) == len(snap.batch_loss)
    assert np.all(np.diff(snap.batch_x) > 0) and snap.batch_x[-1] == pytest.approx(2.0)
    assert worker.take_progress() is None  # taken: nothing new
    assert worker.thread() is QCoreApplication.instance().thread()  # handed back when done


def test_take_progress_coalesces_many_batches(run_worker, mnist):
    worker = TrainingWorker(tiny_design(batch_size=8, epochs=1), dataset=mnist, limit=2000)
    rec, _ = run_worker(worker)
    snap = worker.take_progress()
    assert len(snap.batch_loss) == math.ceil(1800 / 8)  # one snapshot holds every loss since the last look
    assert snap.batch == snap.batches and snap.epoch == 1
    assert not rec.datasets  # a given dataset is not loaded again


def test_pause_holds_the_batch_counter_and_resume_continues(qtbot, start, mnist):
    worker = TrainingWorker(tiny_design(batch_size=16, epochs=3), dataset=mnist, limit=3000)
    rec = Recorder()
    rec.connect(worker)
    steps = []
    thread = start(worker)

    def seen():
        snap = worker.take_progress()
        if snap is not None:
            steps.append(snap.steps)
        return steps[-1] if steps else 0

    qtbot.waitUntil(lambda: seen() > 5, timeout=10_000)
    worker.pause()
    time.sleep(0.1)
    seen()
    held = steps[-1]
    time.sleep(0.3)
    assert worker.take_progress() is None or steps[-1] == held  # nothing moved while paused
    assert worker.paused
    worker.resume()
    qtbot.waitUntil(lambda: seen() > held, timeout=5_000)
    worker.stop()
    qtbot.waitUntil(lambda: bool(rec.runs), timeout=10_000)
    assert thread.wait(2000)
    assert rec.runs[0].result.status == "stopped"


def test_stop_ends_the_run_and_still_scores(qtbot, start, mnist):
    worker = TrainingWorker(tiny_design(batch_size=8, epochs=50), dataset=mnist, limit=4000)
    rec = Recorder()
    rec.connect(worker)
    thread = start(worker)
    qtbot.waitUntil(lambda: len(rec.epochs) >= 1, timeout=10_000)
    worker.stop()
    qtbot.waitUntil(lambda: bool(rec.runs), timeout=5_000)
    assert thread.wait(2000)
    r = rec.runs[0].result
    assert r.status == "stopped" and 1 <= r.epochs < 50
    assert math.isfinite(r.test_accuracy)


def test_abort_finishes_the_thread_within_a_second(qtbot, start, mnist):
    worker = TrainingWorker(tiny_design(batch_size=8, epochs=50), dataset=mnist, limit=4000)
    thread = start(worker)
    qtbot.waitUntil(lambda: worker.take_progress() is not None, timeout=10_000)
    t0 = time.perf_counter()
    assert stop_and_wait(worker, thread, 1000)
    assert time.perf_counter() - t0 < 1.0
    assert thread.isFinished()


def test_abort_while_paused(qtbot, start, mnist):
    worker = TrainingWorker(tiny_design(epochs=50), dataset=mnist, limit=4000)
    thread = start(worker)
    qtbot.waitUntil(lambda: worker.take_progress() is not None, timeout=10_000)
    worker.pause()
    assert stop_and_wait(worker, thread, 1000)


def diverging_design(learning_rate: float = 2.5) -> spec.Design:
    """Squared error on raw outputs with a huge SGD step (seed 0, the first 2,000 images): at 2.5
    epoch 1 ends with a mean loss near 5e20 (the loss exploded); from 4 a loss overflows to NaN
    within the first epoch (it diverged)."""
    d = tiny_design(epochs=4)
    d.layers = [DenseSpec(16, "relu"), DenseSpec(10, "none")]
    d.loss = "mse"
    d.training.optimizer = spec.OptimizerSpec("sgd", learning_rate)
    return d


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_blow_up_is_reported_as_a_result_that_keeps_no_model(run_worker, mnist):
    worker = TrainingWorker(diverging_design(), dataset=mnist, limit=2000)
    rec, _ = run_worker(worker)
    run = rec.runs[0]
    assert run.result.status == "exploded" and "learning rate (2.5)" in run.result.message
    assert run.result.epochs == 0 and len(rec.epochs) == 1  # epoch 1 was shown, and not kept
    assert all(np.isfinite(w).all() for w in run.model.get_weights().values())
    assert math.isnan(run.result.test_accuracy)  # nothing kept, nothing scored


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_divergence_is_reported_as_a_result(run_worker, mnist):
    worker = TrainingWorker(diverging_design(4.0), dataset=mnist, limit=2000)
    rec, _ = run_worker(worker)
    run = rec.runs[0]
    assert run.result.status == "diverged" and "learning rate (4)" in run.result.message
    assert run.result.epochs == 0 and not rec.epochs
    assert all(np.isfinite(w).all() for w in run.model.get_weights().values())


def test_missing_dataset_fails_with_the_core_message(run_worker, tmp_path, monkeypatch):
    from core.data import datasets
    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", tmp_path / "none")
    worker = TrainingWorker(tiny_design(), data_dir=tmp_path)
    rec, thread = run_worker(worker)
    assert rec.failures and "MNIST was not found" in rec.failures[0]
    assert not rec.runs
    assert thread.isFinished()
