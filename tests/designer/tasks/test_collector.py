"""Loading long-lived things without a full garbage collection stalling the window."""
import gc
import threading

import pytest

from designer.tasks import collector


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
    inside, release = threading.Event(), threading.Event()

    def other():
        with collector.loading_long_lived():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    assert inside.wait(5)
    with collector.loading_long_lived():
        pass
    assert not gc.isenabled()  # the other thread is still loading
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(unfrozen):
    gc.disable()
    with collector.loading_long_lived():
        pass
    assert not gc.isenabled()
