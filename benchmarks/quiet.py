"""Timing on a shared machine: wait for the other processes to go quiet, and tell which
runs they disturbed.

The two cores of these machines are shared with other work (test suites, other
benchmarks) that comes and goes in bursts; a burst during a timed run makes it 2-20x
slower, for reasons that are not ours. Linux counts CPU time per process, so the CPU
the *rest of the machine* used while we measured is the machine's busy time minus our
own processes' (from /proc/stat and /proc/PID/stat). `Watch` uses that to wait for a
quiet moment before a run and to say afterwards how much of the machine others took.

Linux only; elsewhere every run counts as quiet.
"""
from __future__ import annotations

import os
import resource
import time

#: a run during which other processes used more than this share of the machine's CPU
#: time is "disturbed" (0.05 of 2 cores = a tenth of one core)
DISTURBED = 0.05


def _machine_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = values
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def _process_jiffies(pid: int) -> int:
    """utime + stime of a process (all its threads), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _children_jiffies() -> int:
    """CPU time of this process's children that have ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round((usage.ru_utime + usage.ru_stime) * os.sysconf("SC_CLK_TCK"))


class Watch:
    """CPU used by everything but ours: this process, the running `pids` (our workers),
    and the children it has waited for (a CLI run by subprocess.run)."""

    def __init__(self, pids=()):
        self.pids = [os.getpid(), *pids]
        self.available = os.path.exists("/proc/stat")

    def _sample(self) -> tuple[int, int, int]:
        busy, total = _machine_jiffies()
        ours = _children_jiffies()
        for pid in self.pids:
            try:
                ours += _process_jiffies(pid)
            except (OSError, ValueError, IndexError):
                pass
        return busy, total, ours

    def start(self):
        return self._sample() if self.available else None

    def others_share(self, start) -> float:
        """The share (0..1) of the machine's CPU time since `start` used by other processes."""
        if start is None:
            return 0.0
        busy, total, ours = self._sample()
        elapsed = total - start[1]
        if elapsed <= 0:
            return 0.0
        return max(0.0, (busy - start[0]) - (ours - start[2])) / elapsed

    def wait_for_quiet(self, *, window: float = 0.5, limit: float = 120.0) -> float:
        """Block until other processes used under `DISTURBED` of the machine for `window`
        seconds, or `limit` seconds have passed; return the seconds waited."""
        began = time.perf_counter()
        while self.available:
            mark = self.start()
            time.sleep(window)
            if self.others_share(mark) < DISTURBED or time.perf_counter() - began > limit:
                break
        return time.perf_counter() - began


class HostSpeed:
    """The host's own slow spells, which /proc cannot show: on these machines every
    program, a matrix product timed alone as much as a training epoch, sometimes runs
    about half as fast for tens of seconds (other virtual machines on the same
    processor). A few float32 products on BLAS's threads, timed, tell a spell from a
    quiet moment: `slow()` when they take more than `SLOWER` times the fastest seen."""

    #: products this much slower than the fastest seen mean a slow spell
    SLOWER = 1.25

    def __init__(self, size: int = 384, count: int = 8):
        import numpy as np

        rng = np.random.default_rng(0)
        self._a = rng.standard_normal((size, size), dtype=np.float32)
        self._b = rng.standard_normal((size, size), dtype=np.float32)
        self._out = np.empty_like(self._a)
        self.count = count
        self.best = float("inf")

    def seconds(self) -> float:
        """The fastest of three timings of `count` products (a few ms each)."""
        import numpy as np

        times = []
        for _ in range(3):
            start = time.perf_counter()
            for _ in range(self.count):
                np.matmul(self._a, self._b, out=self._out)
            times.append(time.perf_counter() - start)
        seconds = min(times)
        self.best = min(self.best, seconds)
        return seconds

    def slow(self) -> bool:
        return self.seconds() > self.SLOWER * self.best

    def wait_for_fast(self, *, pause: float = 2.0, limit: float = 120.0) -> float:
        """Block until the products run at their usual speed (a few timings first, to know
        it), or `limit` seconds have passed; return the seconds waited."""
        began = time.perf_counter()
        for _ in range(3):
            self.seconds()
        while self.slow() and time.perf_counter() - began < limit:
            time.sleep(pause)
        return time.perf_counter() - began
