"""What the compiled kernels (core/compute/kernels.py) cost and what they buy, kernel by kernel.

Costs: the disk space numba and llvmlite take; the time `kernels.load()` takes at the
start of the first training in a process (importing numba, compiling every loop
with an empty cache, then again with the cache filled); the memory it adds.
Gains: each kernel timed on the bench MLP's shapes (784-256-128-10, batch 128,
float32), NumPy against compiled, best of several repeats of 422 calls (one epoch's
worth). Each load is measured in a fresh child process.

    python benchmarks/bench_kernels.py [--repeats 7]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = 422  # batches in an epoch of 54,000 images
PARAMETERS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10

LOAD_PROBE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import numpy
from core.compute import kernels
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
library = kernels.load()
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"kernels": library.name, "seconds": seconds, "rss_added_mb": (after - before) / 1024}}))
"""


def load_in_child(cache_dir: str) -> dict:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir, LAYERLAB_KERNELS="auto", OPENBLAS_NUM_THREADS="2")
    out = subprocess.run([sys.executable, "-c", LOAD_PROBE.format(root=str(ROOT))], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def installed_mb(package: str) -> float:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return float("nan")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def time_kernels(repeats: int) -> list[tuple[str, float, float]]:
    import numpy as np

    sys.path.insert(0, str(ROOT))
    from core.compute import kernels
    from core.nn import optimizers

    compiled = kernels.compiled()
    rng = np.random.default_rng(0)
    w = rng.standard_normal(PARAMETERS).astype(np.float32)
    g = (rng.standard_normal(PARAMETERS) * 1e-2).astype(np.float32)
    hidden = rng.standard_normal((128, 256)).astype(np.float32)
    logits = rng.standard_normal((128, 10)).astype(np.float32)
    labels = rng.integers(0, 10, 128)
    probs = kernels.NUMPY.softmax_cross_entropy(logits, labels)[1]

    def best(call) -> float:
        call()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(STEPS):
                call()
            times.append(time.perf_counter() - start)
        return min(times)

    rows = []
    for kind in optimizers.OPTIMIZERS:
        pair = []
        for library in (kernels.NUMPY, compiled):
            opt = optimizers.OPTIMIZERS[kind].cls(kernels=library)
            weights = w.copy()
            pair.append(best(lambda: opt.step({"w": weights}, {"w": g})))
        rows.append((f"{kind} step ({PARAMETERS:,} weights)", *pair))
    rows.append(("ReLU forward (128 x 256)", best(lambda: kernels.NUMPY.relu(hidden)), best(lambda: compiled.relu(hidden))))
    rows.append(("softmax cross-entropy (128 x 10)", best(lambda: kernels.NUMPY.softmax_cross_entropy(logits, labels)),
                 best(lambda: compiled.softmax_cross_entropy(logits, labels))))
    rows.append(("its gradient", best(lambda: kernels.NUMPY.softmax_cross_entropy_gradient(probs, labels)),
                 best(lambda: compiled.softmax_cross_entropy_gradient(probs, labels))))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

    print(f"installed: numba {installed_mb('numba'):.0f} MB, llvmlite {installed_mb('llvmlite'):.0f} MB")
    with tempfile.TemporaryDirectory() as cache:
        cold = load_in_child(cache)
        warm = [load_in_child(cache) for _ in range(3)]
    print(f"kernels.load() at the first training: {cold['seconds']:.2f} s with an empty cache (import + compile), "
          f"{min(w['seconds'] for w in warm):.2f}-{max(w['seconds'] for w in warm):.2f} s from the cache; "
          f"peak RSS +{cold['rss_added_mb']:.0f} MB compiling, +{max(w['rss_added_mb'] for w in warm):.0f} MB from the cache "
          f"({cold['kernels']} kernels)")
    print(f"\n{'one epoch of calls (422)':40s} {'numpy':>9s} {'compiled':>9s} {'faster':>7s}")
    for name, numpy_s, compiled_s in time_kernels(args.repeats):
        print(f"{name:40s} {numpy_s * 1000:7.1f}ms {compiled_s * 1000:7.1f}ms {numpy_s / compiled_s:6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
