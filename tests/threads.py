"""Test help for code that other threads may hold at the same time."""
from __future__ import annotations

import contextlib
import threading

WAIT = 30  # seconds before a test gives up on the other thread


@contextlib.contextmanager
def held_by_another_thread(make_context):
    """Inside, another thread is inside ``make_context()`` (entered before this yields;
    left when this block ends)."""
    inside, leave = threading.Event(), threading.Event()

    def hold():
        with make_context():
            inside.set()
            leave.wait(WAIT)

    other = threading.Thread(target=hold)
    other.start()
    try:
        assert inside.wait(WAIT), "the other thread did not get in"
        yield
    finally:
        leave.set()
        other.join(WAIT)
    assert not other.is_alive()
