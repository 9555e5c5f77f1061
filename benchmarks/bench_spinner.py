"""The spinning helper's share of an MLP epoch: the same epoch with and without it.

`core.compute.spinner` stands in for OpenBLAS's second thread while an MLP trains, and
takes half of the optimizer's loop and of the batch's gather. This times bench_epoch.py's
epoch (784-256-128-10, Adam, batch 128, 2 threads) both ways in one warm worker
process, in pairs whose order alternates, each run after a quiet moment; a pair during
which other processes took over 5 % of the CPU, or with the host in a slow spell
before or after it, is run again (benchmarks/quiet.py).
What counts is the median of the pairs' ratios.

    python benchmarks/bench_spinner.py [--pairs 9] [--data-dir ../shared/datasets]
"""
from __future__ import annotations

import argparse
import statistics
import sys

import bench_epoch  # benchmarks/bench_epoch.py: the data, the epoch, the worker process
import quiet  # benchmarks/quiet.py


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--retries", type=int, default=4, help="times a pair disturbed by other processes is run again")
    parser.add_argument("--data-dir", type=bench_epoch.Path, default=bench_epoch.DEFAULT_DATA)
    args = parser.parse_args(argv)

    ours = bench_epoch.Worker("ours", args.data_dir)
    watch = quiet.Watch([ours.proc.pid])
    host = quiet.HostSpeed()  # the host's slow spells, which the watch cannot see
    host.wait_for_fast()
    ratios, with_s, without_s, discarded = [], [], [], 0

    def measure(command: str) -> dict:
        watch.wait_for_quiet(window=bench_epoch.SETTLE)
        mark = watch.start()
        result = ours.ask(command)
        result["others"] = watch.others_share(mark)
        return result

    try:
        for i in range(args.pairs):
            for attempt in range(args.retries + 1):
                order = ("epoch", "epoch-without-spinner") if i % 2 == 0 else ("epoch-without-spinner", "epoch")
                slow = host.slow()
                runs = {command: measure(command) for command in order}
                slow = slow or host.slow()
                disturbed = max(r["others"] for r in runs.values()) > quiet.DISTURBED or slow
                if not disturbed or attempt == args.retries:
                    break
                discarded += 1
                if slow:
                    host.wait_for_fast()
            on, off = runs["epoch"]["seconds"], runs["epoch-without-spinner"]["seconds"]
            ratios.append(on / off)
            with_s.append(on)
            without_s.append(off)
            note = "  DISTURBED" if disturbed else ""
            print(f"pair {i + 1}: with the spinner {on:.3f} s, without {off:.3f} s; ratio {on / off:.3f}{note}", flush=True)
    finally:
        ours.close()
    print(
        f"\nwith / without the spinner: median {statistics.median(ratios):.3f} (range {min(ratios):.3f}-{max(ratios):.3f}) "
        f"over {len(ratios)} pairs ({discarded} disturbed or slowed by the host and run again)\n"
        f"epoch with it {statistics.median(with_s):.3f} s, without {statistics.median(without_s):.3f} s (medians)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
