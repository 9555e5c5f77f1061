"""Compiling the kernels ahead of the first training, in a child process."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.compute import warm_up


@pytest.fixture
def cache(tmp_path, monkeypatch):
    pytest.importorskip("numba")
    monkeypatch.setenv(warm_up.CACHE_HOME, str(tmp_path))
    yield tmp_path
    warm_up.stop()


def test_the_child_compiles_leaves_its_marker_and_then_nothing_starts_again(cache):
    assert warm_up.needed() and not warm_up.marker().exists()
    assert warm_up.start() and warm_up.running()
    assert not warm_up.start(), "one child at a time"
    warm_up.wait()
    assert not warm_up.running()
    assert warm_up.marker().exists() and not warm_up.needed()
    assert not warm_up.attempt_marker().exists(), "a child that succeeded takes its attempt away"
    assert not warm_up.start(), "with the marker there, nothing to do"


def test_the_marker_follows_numbas_cache_folder_and_numpy_kernels_need_none(cache, monkeypatch):
    first = warm_up.marker()
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(cache / "elsewhere"))
    assert warm_up.marker() != first
    monkeypatch.setenv("LAYERLAB_KERNELS", "numpy")
    assert not warm_up.needed() and not warm_up.start()


def test_closing_the_app_ends_a_child_still_compiling(cache):
    assert warm_up.start()
    child = warm_up._child
    warm_up.stop()
    assert child.poll() is not None and not warm_up.running()
    assert not warm_up.marker().exists()
    assert not warm_up.attempt_marker().exists() and warm_up.needed(), "an interrupted child had not failed: the next start compiles"


def test_a_child_ended_from_outside_removes_its_attempt(cache, monkeypatch):
    """SIGTERM from anywhere (a session logging out), not from the app's stop()."""
    import signal

    monkeypatch.setenv("NUMBA_CACHE_DIR", str(cache / "numba"))  # an empty cache: it compiles a while
    assert warm_up.start()
    child = warm_up._child
    deadline = time.monotonic() + 60
    while not warm_up.attempt_marker().exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert warm_up.attempt_marker().exists(), "the child leaves its attempt before it compiles"
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) == 128 + signal.SIGTERM
    assert not warm_up.attempt_marker().exists() and warm_up.needed()


def test_a_child_that_fails_leaves_its_attempt_and_no_later_start_tries_again(cache):
    """The child's kernels load as NumPy's, as when numba cannot compile here."""
    root = Path(__file__).resolve().parents[3]
    env = dict(os.environ, LAYERLAB_KERNELS="numpy", PYTHONPATH=str(root))
    child = subprocess.run([sys.executable, "-m", "core.compute.warm_up"], cwd=root, env=env,
                           capture_output=True, text=True, timeout=120, check=False)
    assert child.returncode == 1, child.stderr
    assert warm_up.attempt_marker().exists() and not warm_up.marker().exists()
    assert not warm_up.needed() and not warm_up.start(), "a failure is not tried again at every start"


def test_a_training_started_meanwhile_waits_for_the_child_and_says_so(cache, monkeypatch):
    """ready_to_train with the child still compiling: the status says it compiles, and the
    kernels are loaded (from the cache) only once the child is done."""
    from designer.tasks import collector
    from designer.tasks.task import TaskState

    until = time.perf_counter() + 0.4
    monkeypatch.setattr(warm_up, "running", lambda: time.perf_counter() < until)
    loaded = []
    monkeypatch.setattr(collector, "_kernels_loaded", False)
    monkeypatch.setattr(collector, "load_kernels", lambda: loaded.append(time.perf_counter()))
    state = TaskState()
    state.mark_shown()
    collector.ready_to_train(state)
    assert loaded and loaded[0] >= until
    assert "Compiling" in state.take()[0]


def test_a_window_closing_meanwhile_stops_waiting_and_loads_nothing(cache, monkeypatch):
    from designer.tasks import collector
    from designer.tasks.task import TaskState

    monkeypatch.setattr(warm_up, "running", lambda: True)  # a child that would compile for ever
    loaded = []
    monkeypatch.setattr(collector, "_kernels_loaded", False)
    monkeypatch.setattr(collector, "load_kernels", lambda: loaded.append(True))
    state = TaskState()
    state.mark_shown()
    threading.Timer(0.2, state.abort).start()
    started = time.perf_counter()
    collector.ready_to_train(state)
    assert time.perf_counter() - started < 2 and not loaded
