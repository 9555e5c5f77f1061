"""Loading long-lived things without a full garbage collection stalling the window."""
import gc
import threading

import pytest

from designer.tasks import collector
from tests.threads import held_by_another_thread


@pytest.fixture
def unfrozen():
    """Leave the collector as the other tests expect it: nothing frozen, collecting."""
    yield
    gc.unfreeze()
    gc.enable()


def test_nothing_is_collected_while_loading_and_everything_is_frozen_after(unfrozen):
    collections = []

    def watch(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        with collector.loading_long_lived():
            assert not gc.isenabled()
            made = [[i] for i in range(100_000)]  # many new objects: enough to set off collections
            assert collections == []
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)  # out of every later collection's way
    finally:
        gc.callbacks.remove(watch)


def test_two_threads_loading_at_once_share_one_pause(unfrozen):
    with held_by_another_thread(collector.loading_long_lived):
        with collector.loading_long_lived():
            pass
        assert not gc.isenabled()  # the other thread is still loading
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(unfrozen):
    gc.disable()
    with collector.loading_long_lived():
        pass
    assert not gc.isenabled()


def test_work_that_trains_waits_for_the_windows_frame_then_loads_the_kernels(monkeypatch):
    """ready_to_train: the kernels' load (most of a second holding the GIL the first time)
    comes only after the GUI has had its frame, or after waiting half a second for it."""
    import time

    from designer.tasks.task import TaskState

    loaded = []
    monkeypatch.setattr(collector, "load_kernels", lambda: loaded.append(time.perf_counter()))
    state = TaskState()
    shown = []

    def frame():
        time.sleep(0.15)
        shown.append(time.perf_counter())
        state.mark_shown()

    threading.Thread(target=frame).start()
    collector.ready_to_train(state)
    assert len(loaded) == 1 and shown and loaded[0] >= shown[0]


@pytest.mark.parametrize("seconds, says", [(collector.COMPILING_AFTER + 0.5, True), (0.05, False)])
def test_a_long_first_load_says_it_is_compiling_a_short_one_says_nothing(monkeypatch, seconds, says):
    """The first training after installing waits ~30 s for numba to compile: the status says
    so then, and only then (a load from the cache is too short to mention)."""
    import time

    from designer.tasks.task import TaskState

    monkeypatch.setattr(collector, "_kernels_loaded", False)
    monkeypatch.setattr(collector, "load_kernels", lambda: time.sleep(seconds))
    state = TaskState()
    state.mark_shown()
    state.set_status("Starting…")
    collector.ready_to_train(state)
    time.sleep(collector.COMPILING_AFTER + 0.2)  # a timer that was not cancelled would have fired by now
    status = state.take()[0]
    assert ("Compiling" in status) == says, status


@pytest.mark.parametrize("task", ["playground", "race", "convolution"])
def test_the_explore_panels_training_work_starts_ready_to_train(task, monkeypatch):
    """Every Explore panel that trains in the background starts as the Train page does:
    its first step would otherwise load the kernels, and stall the window doing it."""
    from designer.pages.explore import race_panel, playground_panel
    from designer.pages.explore.convolution import panel as convolution_panel

    class Started(Exception):
        pass

    def ready(state):
        raise Started  # what comes after is the panel's own work, tested with the panels

    monkeypatch.setattr(collector, "ready_to_train", ready)
    work = {
        "playground": lambda: playground_panel.train_in_background(None, None, None, resolution=8, extent=1.0, steps_per_second=None),
        "race": lambda: race_panel.race_in_background(None, None, None, ()),
        "convolution": lambda: convolution_panel._training_step_task(None, None, None, 0),
    }[task]
    with pytest.raises(Started):
        work()
