"""The Train page's run controller on its own, through its methods and signals: the run's
states, the document locked while it lasts, progress pulled once per frame, the dataset
kept for the next run, the trained model handed to the ModelStore, stop and shutdown."""
from __future__ import annotations

import math

import pytest

from core.data.datasets import load_dataset
from designer.document.document import Document
from designer.document.model_store import ModelStore
from designer.pages.train.run_controller import RunController

from tests.designer.pages.test_train_task import settled, tiny_design

pytestmark = pytest.mark.usefixtures("offline")


@pytest.fixture(scope="module")
def mnist(datasets_dir):
    return load_dataset("mnist", datasets_dir)


@pytest.fixture
def run(qtbot):
    document = Document(tiny_design())
    controller = RunController(document, ModelStore())
    seen = {"states": [], "epochs": [], "finished": [], "failed": [], "ended": 0, "status": [], "frames": 0, "batches": 0}
    controller.stateChanged.connect(seen["states"].append)
    controller.epochFinished.connect(seen["epochs"].append)
    controller.finished.connect(seen["finished"].append)
    controller.failed.connect(seen["failed"].append)
    controller.status.connect(seen["status"].append)
    controller.ended.connect(lambda: seen.__setitem__("ended", seen["ended"] + 1))

    def on_frame():
        seen["frames"] += 1
        snap = controller.take_progress()
        if snap is not None:
            seen["batches"] += len(snap.batch_loss)
            seen["steps"] = snap.steps

    controller.frame.connect(on_frame)
    controller.seen = seen
    yield controller
    assert controller.stop_and_wait(5000)


def test_a_run_locks_the_document_reports_and_leaves_its_model(qtbot, run, datasets_dir):
    design = run.document.design
    with qtbot.waitSignal(run.ended, timeout=20_000):
        assert run.start(design, data_dir=datasets_dir, limit=1000)
        assert run.is_running and run.state == "running" and run.document.read_only
        assert not run.start(design, data_dir=datasets_dir)  # one run at a time
    seen = run.seen
    assert seen["states"] == ["running", "idle"] and seen["ended"] == 1
    assert not run.is_running and not run.document.read_only
    # the latest of each frame, in order (a quick phase may fall between two frames)
    phases = ["Loading MNIST…", "Training…", "Scoring on the test set…"]
    assert seen["status"] == sorted(set(seen["status"]), key=phases.index) and seen["status"][-1] == phases[-1]
    assert [e.epoch for e in seen["epochs"]] == [1, 2] == [e.epoch for e in run.epochs]
    # every batch was pulled, in few frames: 2 epochs x ceil(900 / 32)
    assert seen["batches"] == run.steps_seen == seen["steps"] == 2 * math.ceil(900 / 32)
    assert seen["frames"] < seen["batches"]
    assert run.take_progress() is None  # taken: nothing new
    result = seen["finished"][0].result
    assert result.status == "completed" and 0.5 < result.test_accuracy <= 1
    assert run.last_run is seen["finished"][0] and run.has_model
    assert run.model_store.origin == "trained" and run.model_store.bundle.design.name == "tiny"
    # the dataset loaded for this run is kept for the next one
    assert len(run.cached_dataset(design, datasets_dir).y_train) == 60_000
    assert run.cached_dataset(design, "elsewhere") is None


def test_the_run_trains_the_design_as_it_was_when_it_started(qtbot, run, mnist):
    run.remember_dataset(run.document.design, mnist)
    with qtbot.waitSignal(run.ended, timeout=20_000):
        run.start(run.document.design, limit=500)
        run.document.design.name = "changed meanwhile"
    assert run.design.name == "tiny" and run.make_bundle().design.name == "tiny"
    assert not any(s.startswith("Loading") for s in run.seen["status"])  # the kept dataset was used


def test_pause_resume_and_stop(qtbot, run, mnist):
    d = tiny_design(batch_size=8, epochs=100)
    run.remember_dataset(d, mnist)
    run.start(d, limit=4000)
    qtbot.waitUntil(lambda: run.steps_seen > 0, timeout=10_000)
    run.pause()
    assert run.state == "paused"
    held = settled(qtbot, lambda: run.steps_seen)  # the batch in flight lands
    qtbot.wait(300)
    assert run.steps_seen == held
    run.resume()
    assert run.state == "running"
    qtbot.waitUntil(lambda: run.steps_seen > held, timeout=5_000)
    with qtbot.waitSignal(run.ended, timeout=10_000):
        run.stop()
        assert run.state == "stopping"
    assert run.seen["states"] == ["running", "paused", "running", "stopping", "idle"]
    assert run.seen["finished"][0].result.status == "stopped" and run.has_model


def test_stop_and_wait_aborts_the_run_and_nothing_more_is_heard(qtbot, run, mnist):
    d = tiny_design(batch_size=8, epochs=100)
    run.remember_dataset(d, mnist)
    run.start(d, limit=4000)
    qtbot.waitUntil(lambda: run.steps_seen > 0, timeout=10_000)
    assert run.stop_and_wait(1000)
    assert not run.is_running and not run.document.read_only and run.runner.threads_alive == 0
    qtbot.wait(100)
    assert run.seen["finished"] == [] and run.seen["ended"] == 1
    assert run.model_store.bundle is None and run.make_bundle() is None


def test_a_run_that_cannot_start_says_why_and_unlocks(qtbot, run, tmp_path):
    with qtbot.waitSignal(run.ended, timeout=10_000):
        run.start(run.document.design, data_dir=tmp_path)
    assert run.seen["failed"] and "MNIST was not found" in run.seen["failed"][0]
    assert run.seen["finished"] == [] and not run.document.read_only and run.state == "idle"
