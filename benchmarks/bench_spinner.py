"""The spinning helper's share of an MLP epoch: the same training steps with and without it.

`core.compute.spinner` stands in for OpenBLAS's second thread while an MLP trains, and
takes half of the optimizer's loop and of the batch's gather. This trains bench_epoch.py's
network (784-256-128-10, Adam, batch 128, 2 threads, MNIST) in one process, switching
the helper on and off every `--chunk` steps (in the order on, off, off, on, ...), and
adds up each side's time. The host's slow spells last seconds, so both sides see the
same host; whole epochs one after the other did not (single epochs swing 2x on these
machines). OpenBLAS's idle threads are told to sleep after ~2 ms instead of ~0.1 s
(OPENBLAS_THREAD_TIMEOUT), so that they do not spin beside the helper after a switch;
within a chunk they never idle that long.

    python benchmarks/bench_spinner.py [--epochs 6] [--chunk 40] [--data-dir ../shared/datasets]
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "22")  # 2**22 cycles; read when OpenBLAS loads
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse
import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_epoch  # benchmarks/bench_epoch.py: the data and the network


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--chunk", type=int, default=40, help="training steps between switches")
    parser.add_argument("--data-dir", type=Path, default=bench_epoch.DEFAULT_DATA)
    args = parser.parse_args(argv)
    from core.compute import spinner

    def check(on: bool) -> None:
        if on != spinner.here():
            raise RuntimeError("the spinner did not switch as asked (is NumPy's BLAS an OpenBLAS >= 0.3.27?)")

    alternate(spinner.disabled, "the spinner", check, epochs=args.epochs, chunk=args.chunk, data_dir=args.data_dir)
    return 0


def alternate(off, what: str, check, *, epochs: int, chunk: int, data_dir: Path, once: bool = False) -> float:
    """bench_epoch's network trained for `epochs`, `chunk` steps at a time with `what` on,
    then off (inside ``off()``), in the order on, off, off, on, ...; ``check(on)`` inside
    each. Each chunk trains in a training block of its own (`off` may act only when one
    starts), or with `once` all in one. Prints each epoch's figures and the whole run's;
    returns on / off per step."""
    import numpy as np

    x, y, train_idx, _ = bench_epoch.load_mnist(data_dir)
    side = bench_epoch.Ours()
    rng = np.random.default_rng(bench_epoch.SEED)
    with side.training():  # warm-up: compiles, starts the helper
        for i in range(0, 20 * bench_epoch.BATCH, bench_epoch.BATCH):
            idx = train_idx[i : i + bench_epoch.BATCH]
            side.train_step(side.batch(x, idx), y[idx])
    seconds = {True: 0.0, False: 0.0}
    steps = {True: 0, False: 0}
    outer = side.training() if once else contextlib.nullcontext()
    inner = contextlib.nullcontext if once else side.training
    with outer:
        for epoch in range(epochs):
            _epoch(side, x, y, train_idx, rng, off, what, check, chunk, inner, seconds, steps)
    per_on, per_off = seconds[True] / steps[True], seconds[False] / steps[False]
    print(
        f"\nwith / without {what}: {per_on / per_off:.3f} ({per_on * 1e6:.0f} µs a step against {per_off * 1e6:.0f} µs; "
        f"{steps[True]} and {steps[False]} steps, switching every {chunk})\n"
        f"as an epoch of {-(-len(train_idx) // bench_epoch.BATCH)} steps: {per_on * len(train_idx) / bench_epoch.BATCH:.3f} s "
        f"against {per_off * len(train_idx) / bench_epoch.BATCH:.3f} s (training steps only)"
    )
    return per_on / per_off


def _epoch(side, x, y, train_idx, rng, off, what, check, chunk, inner, seconds, steps) -> None:
    """One epoch of `alternate`, its figures printed and added to `seconds` and `steps`."""
    order = rng.permutation(train_idx)
    chunks = [order[i : i + chunk * bench_epoch.BATCH] for i in range(0, len(order), chunk * bench_epoch.BATCH)]
    epoch_s, epoch_steps = {True: 0.0, False: 0.0}, {True: 0, False: 0}
    for k, rows in enumerate(chunks):
        on = (k % 4) in (0, 3)  # on, off, off, on: a drift during the epoch falls on both
        with contextlib.nullcontext() if on else off(), inner():
            check(on)
            start = time.perf_counter()
            for i in range(0, len(rows), bench_epoch.BATCH):
                idx = rows[i : i + bench_epoch.BATCH]
                side.train_step(side.batch(x, idx), y[idx])
            took = time.perf_counter() - start
        epoch_s[on] += took
        seconds[on] += took
        count = -(-len(rows) // bench_epoch.BATCH)
        steps[on] += count
        epoch_steps[on] += count
    on_us, off_us = (epoch_s[b] / epoch_steps[b] * 1e6 for b in (True, False))
    print(f"epoch: a step {on_us:.0f} µs with {what}, {off_us:.0f} µs without; ratio {on_us / off_us:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
