#!/usr/bin/env python3
"""The GUI thread's CPU time per frame of the Train page's learning curves, late in a run.

    python benchmarks/bench_plot_frame.py [--frames 300] [--epochs 9] [--rounds 3]

Every millisecond the window spends on a frame is one the training does not get (the
two cores of these machines train; the Train page's epoch is measured against the CLI's
by bench_gui_stall.py). This times what a frame costs on its own, with nothing else
running: a `LivePlot` (designer.widgets.live_plot) shown offscreen at the Train page's
size (1000x620) holds `--epochs` epochs of an MNIST run (422 batches each) over a faded
previous run of the same length; each frame adds 30 batches (a fast MLP's ~900 a second
at 30 frames a second) and an epoch's points when one ends, then redraws and lets the
event loop paint what changed, 33 ms apart. Prints the mean and median of the thread's
CPU time per frame, over `--rounds` rounds.
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
    args = p.parse_args(argv)

    import numpy as np
    from PySide6.QtWidgets import QApplication

    from designer.widgets.live_plot import LivePlot

    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(0)
    means, medians = [], []
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
            start = time.thread_time()
            plot.add_batches(xs, 0.1 + np.exp(-xs) + 0.2 * rng.random(PER_FRAME))
            if int(xs[-1]) != int(x):
                e = int(xs[-1])
                plot.add_epoch(e, 0.1 + np.exp(-e), 0.9, 0.12 + np.exp(-e), 0.88)
            plot.redraw()
            app.processEvents()
            spent = time.thread_time() - start
            time.sleep(1 / 30)
            start = time.thread_time()
            app.processEvents()  # the repaint Qt scheduled
            times.append(spent + time.thread_time() - start)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
