#!/usr/bin/env python3
"""A folder of 60,000 PNGs as a dataset: load time (target under 30 s), peak memory (under
400 MB), and how fast Cancel ends it.

    python benchmarks/bench_image_folder.py [--data-dir ../shared/datasets] [--count 60000] [--runs 2]

Writes the MNIST training pictures as PNGs to a temporary folder, one sub-folder per digit
(as a user's own folder would be), then in a fresh process each: loads it with
core.data.image_folder (28x28 grayscale), reporting progress; loads it again and cancels
after a second; and reads the process's peak resident memory. The folder is deleted at the
end. Runs are timed once the files are in the page cache (the writing just put them there);
a cold disk adds its own reading time.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 30.0
TARGET_MB = 400.0

CHILD = r"""
import json, resource, sys, threading, time
sys.path.insert(0, sys.argv[1])
from core.data.catalog import ImageFolderSource
from core.data.datasets import LoadCancelled, load_dataset
from core.data.image_folder import load_image_folder

folder, mode = sys.argv[2], sys.argv[3]
source = ImageFolderSource(path=folder, size=(28, 28))
reports = []
if mode == "load":
    start = time.perf_counter()
    data = load_image_folder(source, progress=lambda done, total, name: reports.append((time.perf_counter() - start, done)))
    seconds = time.perf_counter() - start
    gaps = [b[0] - a[0] for a, b in zip(reports, reports[1:])]
    out = {"seconds": seconds, "pictures": int(len(data.y_train) + len(data.y_test)), "reports": len(reports),
           "longest_gap": max(gaps) if gaps else 0.0, "skipped": data.report.skipped_count}
else:
    cancel = threading.Event()
    start = time.perf_counter()
    threading.Timer(1.0, cancel.set).start()
    try:
        load_dataset(source, cancel=cancel)
        out = {"cancelled": False}
    except LoadCancelled:
        out = {"cancelled": True, "after_cancel": time.perf_counter() - start - 1.0}
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def write_folder(data_dir: Path, count: int, dest: Path) -> float:
    sys.path.insert(0, str(ROOT))
    from PIL import Image

    from core.data.datasets import load_dataset

    mnist = load_dataset("mnist", data_dir)
    start = time.perf_counter()
    for digit in range(10):
        (dest / str(digit)).mkdir(parents=True)
    for i in range(count):
        Image.fromarray(mnist.x_train[i, 0]).save(dest / str(int(mnist.y_train[i])) / f"{i:05d}.png")
    return time.perf_counter() - start


def child(folder: Path, mode: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(folder), mode],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    p.add_argument("--count", type=int, default=60_000)
    p.add_argument("--runs", type=int, default=2)
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="layerlab-folder-"))
    try:
        folder = tmp / "mnist-png"
        wrote = write_folder(args.data_dir, args.count, folder)
        size = sum(f.stat().st_size for f in folder.rglob("*.png"))
        print(f"wrote {args.count:,} PNGs ({size / 2**20:.1f} MB) in {wrote:.1f} s")
        ok = True
        for run in range(1, args.runs + 1):
            r = child(folder, "load")
            good = r["seconds"] < TARGET_S and r["peak_mb"] < TARGET_MB and r["pictures"] == args.count
            ok &= good
            print(f"run {run}: {r['pictures']:,} pictures in {r['seconds']:.1f} s "
                  f"({1e6 * r['seconds'] / args.count:.0f} µs each), peak memory {r['peak_mb']:.0f} MB, "
                  f"{r['reports']} progress reports (longest gap {r['longest_gap'] * 1000:.0f} ms)  "
                  f"{'ok' if good else 'MISSED'} (targets < {TARGET_S:.0f} s, < {TARGET_MB:.0f} MB)")
        c = child(folder, "cancel")
        print(f"cancel after 1 s: {'ended' if c['cancelled'] else 'NOT cancelled'} "
              f"{c.get('after_cancel', float('nan')) * 1000:.0f} ms later")
        ok &= c["cancelled"]
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
