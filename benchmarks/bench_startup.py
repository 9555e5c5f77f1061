#!/usr/bin/env python3
"""How fast `python main.py` shows its window (target: under 1.5 s).

    python benchmarks/bench_startup.py [--runs 7] [--platform offscreen|xcb]

Launches the app N times with LAYERLAB_STARTUP_PROBE=1: the app prints the time
since its process started when the window is first exposed ("startup"), then when
every page has been added ("pages"), and quits. This script also times from just
before the launch to the "startup" line, which adds the interpreter's own start.
It checks the window title says "LayerLab" and prints the median and worst run.
Each run gets fresh settings and data folders, as on a first launch.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 1.5


def one_run(platform: str) -> tuple[float, float, float, str]:
    with tempfile.TemporaryDirectory(prefix="layerlab-bench-") as home:
        env = dict(os.environ)
        env.update({
            "LAYERLAB_STARTUP_PROBE": "1",
            "LAYERLAB_NO_RESTORE_PROMPT": "1",
            "LAYERLAB_DATA_HOME": os.path.join(home, "data"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "QT_QPA_PLATFORM": platform,
        })
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        startup = pages = seen = None
        title = ""
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("startup "):
                seen = time.perf_counter() - t0
                _, value, *rest = line.split(" ", 2)
                startup, title = float(value), (rest[0].strip() if rest else "")
            elif line.startswith("pages "):
                pages = float(line.split()[1])
        proc.wait(timeout=60)
        if startup is None or seen is None:
            raise RuntimeError(f"the app printed no startup line (exit code {proc.returncode})")
        return startup, seen, pages if pages is not None else float("nan"), title


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = p.parse_args(argv)

    one_run(args.platform)  # warm the file cache: the first launch after install is slower
    runs = [one_run(args.platform) for _ in range(args.runs)]
    startups = [r[0] for r in runs]
    seen = [r[1] for r in runs]
    pages = [r[2] for r in runs]
    title = runs[-1][3]
    print(f"window title: {title!r}")
    print(f"window exposed, since process start: median {statistics.median(startups):.3f} s, worst {max(startups):.3f} s")
    print(f"window exposed, since launch (parent): median {statistics.median(seen):.3f} s, worst {max(seen):.3f} s")
    print(f"every page ready, since process start: median {statistics.median(pages):.3f} s, worst {max(pages):.3f} s")
    ok = "LayerLab" in title and statistics.median(seen) < TARGET_S
    print(f"target: window titled LayerLab in < {TARGET_S} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
