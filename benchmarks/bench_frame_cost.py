#!/usr/bin/env python3
"""What the Train page's frames cost its training: one run, frames switched on and off.

    python benchmarks/bench_frame_cost.py [--epochs 8] [--window 1.0] [--design resources/examples/mnist_mlp.json]

Issue 14 asks the Train page to train within 1.1x the CLI's speed. bench_gui_stall.py
compares whole runs, one of each at a time, and on these shared machines the host's
speed drifts by more than that between runs (the same pair read 0.95x to 1.21x). This
measures the page's cost within one run instead: the main window trains the design
from its Train page, and every `--window` seconds its frames (~30 a second: the
training's TaskRunner's timer, designer/tasks/task.py) are paused or resumed
(`TaskRunner.pause_frames`). Nothing else of the benchmark wakes the window but that
switch. The batches are drawn as usual while the frames run; while they are paused,
they wait, and the first frame after draws them.

Each batch's time comes from the training loop's own clock (BatchEvent.elapsed), and
each step is counted in the window it ran in: steps within 20 ms of a switch, and the
validation between epochs, are left out. The ratio is an on-window's mean step over the
mean of the off-windows either side of it: the median over the run, and the ratio of
all on-steps to all off-steps. The stopped frames are what training from the CLI does
(the same loop, core.train.loop.fit, in the same thread); with them running, the page
costs what it costs a user.
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
os.environ.setdefault("LAYERLAB_NO_CONFIRM", "1")

from PySide6.QtCore import QObject, QTimer, Slot  # noqa: E402
from train_page import RunEnds, open_train_page  # noqa: E402  (benchmarks/train_page.py)

#: steps this close (s) to a switch are counted in neither window
MARGIN = 0.02


def window_ratios(steps: list[tuple[float, float]], switches: list[tuple[float, bool]], margin: float = MARGIN):
    """Per window of `switches` ((time, frames on) in order), the mean step duration of the
    `steps` ((end time, duration)) that ran wholly inside it, away from its edges; then each
    on-window's mean over the mean of its off-neighbours. Returns (ratios, on-steps mean,
    off-steps mean)."""
    bounds = [t for t, _ in switches] + [float("inf")]
    sums = [[0.0, 0] for _ in switches]
    for end, duration in steps:
        start = end - duration
        for k in range(len(switches)):
            if bounds[k] + margin <= start and end <= bounds[k + 1] - margin:
                sums[k][0] += duration
                sums[k][1] += 1
                break
    means = [s / n if n else None for s, n in sums]
    ratios = []
    for k, (_, on) in enumerate(switches):
        if not on or means[k] is None:
            continue
        neighbours = [means[j] for j in (k - 1, k + 1) if 0 <= j < len(means) and means[j] is not None and not switches[j][1]]
        if neighbours:
            ratios.append(means[k] / statistics.fmean(neighbours))
    on_s = sum(s for (s, _), (_, on) in zip(sums, switches) if on)
    on_n = sum(n for (_, n), (_, on) in zip(sums, switches) if on)
    off_s = sum(s for (s, _), (_, on) in zip(sums, switches) if not on)
    off_n = sum(n for (_, n), (_, on) in zip(sums, switches) if not on)
    return ratios, (on_s / on_n if on_n else float("nan")), (off_s / off_n if off_n else float("nan"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--design", type=Path, default=ROOT / "resources" / "examples" / "mnist_mlp.json")
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--window", type=float, default=1.0, help="seconds between switches")
    p.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = p.parse_args()

    from core.train.loop import BatchEvent

    app, design, window, page = open_train_page(args.design, args.epochs, args.data_dir)
    runner = page.run.runner
    run_ends = RunEnds(page)  # kept: its slot ends the loop
    loop = run_ends.loop
    seen: list[tuple[float, object]] = []  # (arrival, BatchEvent)
    switches: list[tuple[float, bool]] = []
    state = {"training": False}

    class Watcher(QObject):
        @Slot(list)
        def partial(self, items):
            now = time.perf_counter()
            for item in items:
                if isinstance(item, BatchEvent):
                    seen.append((now, item))
                    if not state["training"]:
                        state["training"] = True
                        switcher.start()

        @Slot()
        def switch(self):
            on = bool(switches) and not switches[-1][1]  # the first window goes without frames
            runner.pause_frames(not on)
            switches.append((time.perf_counter(), on))

    watcher = Watcher()
    runner.partial.connect(watcher.partial)
    switcher = QTimer()
    switcher.setInterval(int(args.window * 1000))
    switcher.timeout.connect(watcher.switch)
    QTimer.singleShot(200, page.train_button.click)
    loop.exec()
    switcher.stop()
    runner.pause_frames(False)

    # the loop's clock: elapsed since its start; its start in ours, from the earliest arrival
    start = min(arrival - event.elapsed for arrival, event in seen)
    events = [event for _, event in seen]
    steps = [(start + b.elapsed, b.elapsed - a.elapsed) for a, b in zip(events, events[1:])
             if a.epoch == b.epoch and b.batch == a.batch + 1 and b.epoch > 1]
    ratios, on_mean, off_mean = window_ratios(steps, switches)
    result = page.run.last_run.result if page.run.last_run is not None else None
    print(f"design           {design.name}: {args.epochs} epochs from the Train page, frames switched every {args.window:g} s")
    print(f"windows          {len(switches)} ({sum(on for _, on in switches)} with frames), {len(steps)} steps timed")
    print(f"step             {1000 * on_mean:.3f} ms with frames, {1000 * off_mean:.3f} ms without: {on_mean / off_mean:.3f}x")
    if ratios:
        print(f"per window       median {statistics.median(ratios):.3f}x (range {min(ratios):.3f}-{max(ratios):.3f}, "
              f"quartiles {statistics.quantiles(ratios, n=4)[0]:.3f}-{statistics.quantiles(ratios, n=4)[2]:.3f}; target <= 1.10)")
    if result is not None:
        print(f"run              {result.status}, test accuracy {result.test_accuracy:.2%}, {page.frames} frames")
    return 0


if __name__ == "__main__":
    sys.exit(main())
