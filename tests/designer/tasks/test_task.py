"""The one background-task helper: outcome, partial results, cancel, shutdown, replacement."""
from __future__ import annotations

import threading
import time

import pytest

from designer.tasks.task import TaskCancelled, TaskRunner


def count_up(state, n, *, pause=0.0):
    state.set_status("counting")
    for i in range(n):
        if state.stopping:
            return ("stopped at", i)
        state.add_partial(i)
        if pause:
            time.sleep(pause)
    return ("counted", n)


@pytest.fixture
def runner(qtbot):
    r = TaskRunner(name="test")
    yield r
    assert r.shutdown(5000)


def record(runner):
    seen = {"partial": [], "frames": 0, "status": [], "done": [], "failed": [], "cancelled": 0, "ended": 0}

    def on_partial(items):
        seen["partial"].extend(items)
        seen["frames"] += 1

    runner.partial.connect(on_partial)
    runner.status.connect(seen["status"].append)
    runner.done.connect(seen["done"].append)
    runner.failed.connect(lambda message, error: seen["failed"].append((message, type(error))))
    runner.cancelled.connect(lambda: seen.__setitem__("cancelled", seen["cancelled"] + 1))
    runner.ended.connect(lambda: seen.__setitem__("ended", seen["ended"] + 1))
    return seen


def test_the_work_runs_in_another_thread_and_every_partial_result_arrives_in_order(runner, qtbot):
    seen = record(runner)
    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.start(count_up, 5000)
    assert seen["done"] == [("counted", 5000)]
    assert seen["partial"] == list(range(5000))
    assert seen["frames"] < 100  # handed over once per frame, not once per item
    assert seen["status"] == ["counting"] and seen["ended"] == 1
    assert not runner.running


def test_an_exception_becomes_one_message(runner, qtbot):
    seen = record(runner)

    def broken(state):
        raise ValueError("the dataset has no rows")

    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.start(broken)
    assert seen["failed"] == [("the dataset has no rows", ValueError)] and seen["done"] == []


def test_cancel_ends_the_work_early_and_its_result_still_comes(runner, qtbot):
    seen = record(runner)
    runner.start(count_up, 10**9)
    qtbot.waitUntil(lambda: len(seen["partial"]) > 10, timeout=10_000)
    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.cancel()
    assert seen["done"][0][0] == "stopped at"


def test_work_that_gives_up_says_cancelled(runner, qtbot):
    seen = record(runner)

    def give_up(state):
        raise TaskCancelled()

    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.start(give_up)
    assert seen["cancelled"] == 1 and seen["failed"] == [] and seen["done"] == []


def test_shutdown_waits_for_the_thread_and_nothing_is_heard_afterwards(runner, qtbot):
    seen = record(runner)
    started = threading.Event()

    def slow(state):
        started.set()
        while not state.stopping:
            time.sleep(0.01)
        return "late"

    runner.start(slow)
    assert started.wait(5)
    assert runner.shutdown(5000) and not runner.running
    qtbot.wait(200)
    assert seen["done"] == [] and seen["ended"] == 0


def test_a_new_task_replaces_a_running_one_at_once_whose_outcome_is_never_heard(runner, qtbot):
    seen = record(runner)
    release = threading.Event()

    def stuck_reading(state):  # a file read cannot be interrupted: it ends when it ends
        release.wait(10)
        return "stale"

    runner.start(stuck_reading)
    began = time.monotonic()
    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.start(count_up, 3)  # does not wait for the stuck one
    assert time.monotonic() - began < 2
    assert seen["done"] == [("counted", 3)] and runner.threads_alive == 1
    runner.start(stuck_reading)
    runner.abandon()  # at once, unheard
    assert not runner.running and runner.threads_alive == 2
    release.set()
    qtbot.waitUntil(lambda: runner.threads_alive == 0, timeout=10_000)
    assert seen["done"] == [("counted", 3)]


def test_pause_holds_the_work_until_resume(runner, qtbot):
    seen = record(runner)

    def pausable(state):
        for i in range(200):
            state.wait_while_paused()
            if state.stopping:
                break
            state.add_partial(i)
            time.sleep(0.001)
        return "ok"

    runner.start(pausable)
    qtbot.waitUntil(lambda: len(seen["partial"]) > 5, timeout=10_000)
    runner.pause()
    qtbot.wait(100)
    held = len(seen["partial"])
    qtbot.wait(200)
    assert len(seen["partial"]) <= held + 1
    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.resume()
    assert seen["done"] == ["ok"] and seen["partial"] == list(range(200))


def test_paused_frames_hand_nothing_over_and_resumed_ones_hand_over_everything_in_order(runner, qtbot):
    """What bench_frame_cost.py switches: the work goes on, its results wait for the frames."""
    seen = record(runner)
    runner.pause_frames(True)
    runner.start(count_up, 300, pause=0.001)
    qtbot.wait(150)
    assert seen["frames"] == 0 and seen["partial"] == [], "no frame while paused"
    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.pause_frames(False)
    assert seen["done"] == [("counted", 300)] and seen["partial"] == list(range(300))
    assert seen["frames"] >= 1


def test_work_can_wait_for_the_window_to_show_it_started(runner, qtbot):
    """A task that starts with a long stretch of Python first lets the GUI have a frame
    (the repaint of the click that started it); without a GUI it waits no longer than asked."""
    from designer.tasks.task import FRAME_MS, TaskState

    seen = record(runner)

    def patient(state):
        started = time.perf_counter()
        return state.wait_until_shown(timeout=5.0), time.perf_counter() - started

    with qtbot.waitSignal(runner.ended, timeout=10_000):
        runner.start(patient)
    shown, waited = seen["done"][0]
    assert shown and waited < 5.0 * FRAME_MS / 1000 + 1.0
    started = time.perf_counter()
    assert not TaskState().wait_until_shown(timeout=0.05)  # nobody draws frames for it
    assert time.perf_counter() - started < 1.0


def test_the_work_and_the_window_take_turns_with_the_gil_quickly(runner, qtbot):
    """Once work runs in the background, a thread waiting for the GIL gets it within
    SWITCH_INTERVAL, not Python's 5 ms: the training thread waits for it after every
    matrix product while the GUI thread draws (and the other way round)."""
    import sys

    from designer.tasks.task import SWITCH_INTERVAL

    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default
    try:
        with qtbot.waitSignal(runner.ended, timeout=10_000):
            runner.start(count_up, 10)
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL) and SWITCH_INTERVAL <= 0.001
    finally:
        sys.setswitchinterval(before)
