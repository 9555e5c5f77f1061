#!/usr/bin/env python3
"""The GUI thread's CPU time per frame of the Train page's learning curves, late in a run.

    python benchmarks/bench_plot_frame.py [--frames 300] [--epochs 9] [--rounds 3]

Every millisecond the window spends on a frame is one the training does not get (the
two cores of these machines train; the Train page's epoch is measured against the CLI's
by bench_gui_stall.py). This times what a frame costs on its own, with nothing else
running: a `LivePlot` (designer.widgets.plots.live_plot) shown offscreen at the Train page's
size (1000x620) holds `--epochs` epochs of an MNIST run (422 batches each) over a faded
previous run of the same length; each frame adds 30 batches (a fast MLP's ~900 a second
at 30 frames a second) and an epoch's points when one ends, then redraws and lets the
event loop paint what changed, 33 ms apart. Prints the mean and median of the thread's
CPU time per frame, over `--rounds` rounds.

``--gil`` measures instead how long a frame holds the GIL, which is what a training
thread waits for (its Python runs between its matrix products and compiled loops): a
second thread counts in Python all along; during a frame it counts at some share of its
pace while the window sleeps, and the rest of the frame's wall time is the GIL's.

    python benchmarks/bench_plot_frame.py --gil [--frames 300]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BATCHES = 422  # MNIST's training rows (54,000) in batches of 128
PER_FRAME = 30


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--frames", type=int, default=300, help="frames timed per round")
    p.add_argument("--epochs", type=int, default=9, help="epochs the plot holds before the timed frames")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--gil", action="store_true", help="the GIL's time a frame, as another Python thread sees it")
    args = p.parse_args(argv)

    import numpy as np
    from PySide6.QtWidgets import QApplication

    from designer.widgets.plots.live_plot import LivePlot

    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(0)
    means, medians = [], []
    counter = _Counter() if args.gil else None
    held: list[float] = []  # per frame: ms of its wall time during which the counter could not run
    for _ in range(args.rounds):
        plot = LivePlot()
        plot.resize(1000, 620)
        plot.show()
        for run in range(2):  # the previous run, then the current one up to --epochs
            plot.start_run()
            plot.set_expected_epochs(args.epochs + 1 + args.frames * PER_FRAME // BATCHES)
            for e in range(args.epochs):
                xs = e + np.arange(1, BATCHES + 1) / BATCHES
                plot.add_batches(xs, 0.1 + np.exp(-xs) + 0.2 * rng.random(BATCHES))
                plot.add_epoch(e + 1, 0.1 + np.exp(-e - 1), 0.9 + 0.01 * e, 0.12 + np.exp(-e - 1), 0.88 + 0.01 * e)
            plot.redraw()
            app.processEvents()
        x = float(args.epochs)
        times = []
        for _ in range(args.frames):
            xs = x + np.arange(1, PER_FRAME + 1) / BATCHES
            mark = counter.mark() if counter else None
            start = time.thread_time()
            plot.add_batches(xs, 0.1 + np.exp(-xs) + 0.2 * rng.random(PER_FRAME))
            if int(xs[-1]) != int(x):
                e = int(xs[-1])
                plot.add_epoch(e, 0.1 + np.exp(-e), 0.9, 0.12 + np.exp(-e), 0.88)
            plot.redraw()
            app.processEvents()
            spent = time.thread_time() - start
            busy = counter.since(mark) if counter else None
            idle = counter.mark() if counter else None
            time.sleep(1 / 30)
            if counter:
                pace = counter.pace(idle)  # counts a second with the window asleep
                mark = counter.mark()
            start = time.thread_time()
            app.processEvents()  # the repaint Qt scheduled
            times.append(spent + time.thread_time() - start)
            if counter:
                counts, seconds = busy
                more_counts, more_seconds = counter.since(mark)
                wall = seconds + more_seconds
                held.append(1000 * max(0.0, wall - (counts + more_counts) / pace))
            x = xs[-1]
        plot.close()
        plot.deleteLater()
        app.processEvents()
        means.append(1000 * statistics.fmean(times))
        medians.append(1000 * statistics.median(times))
    print(f"frames           {args.rounds} x {args.frames}, {PER_FRAME} batches each, over {args.epochs} epochs and a faded previous run")
    print(f"GUI CPU a frame  mean {statistics.median(means):.2f} ms (rounds {', '.join(f'{m:.2f}' for m in means)}), "
          f"median {statistics.median(medians):.2f} ms")
    print(f"at 30 frames/s   {30 * statistics.median(means) / 10:.1f} % of one core")
    if counter:
        counter.stop()
        print(f"GIL a frame      mean {statistics.fmean(held):.2f} ms, median {statistics.median(held):.2f} ms "
              f"(another Python thread waits that long; at 30 frames/s {30 * statistics.fmean(held) / 10:.1f} % of its time)")
    return 0


class _Counter:
    """A thread counting in Python as fast as the GIL lets it."""

    def __init__(self):
        import threading

        self.count = 0
        self._running = True
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        time.sleep(0.05)

    def _run(self) -> None:
        while self._running:
            self.count += 1

    def mark(self) -> tuple[int, float]:
        return self.count, time.perf_counter()

    def since(self, mark) -> tuple[int, float]:
        """(counts, seconds) since `mark`."""
        return self.count - mark[0], time.perf_counter() - mark[1]

    def pace(self, mark) -> float:
        counts, seconds = self.since(mark)
        return counts / seconds

    def stop(self) -> None:
        self._running = False
        self._thread.join()


if __name__ == "__main__":
    sys.exit(main())
