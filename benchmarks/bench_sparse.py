"""The first layer's products with the zeros skipped, against BLAS's dense ones.

A network's first layer multiplies the data: MNIST's images are four fifths 0 (their
background), and the compiled kernels list the other numbers and multiply only those
(`kernels.nonzeros`, `sparse_product`, `sparse_weight_gradient`). This times, on the
bench MLP's first layer (784 -> 256, batch 128, float32) and on the threads training
uses (the spinning helper, `core.compute.spinner`), one step's two products of that
layer both ways: dense, x @ W and x^T @ d with NumPy's BLAS; sparse, listing the batch
and the same two products from the lists. Pairs alternate which goes first; what counts
is the median of the ratios within the pairs. Batches: real MNIST and Fashion-MNIST
ones, and random ones of a given share of nonzero numbers (where the sparse products
stop paying: `kernels.SPARSE_DENSITY`).

    python benchmarks/bench_sparse.py [--pairs 300] [--data-dir ../shared/datasets] [--json]
    python benchmarks/bench_sparse.py --training [--epochs 6] [--chunk 1]

``--training`` measures the whole training step instead: bench_epoch.py's network on
MNIST, switching between the sparse and the dense products every `--chunk` steps
(bench_spinner.py's way, within one training block), so that the host's slow spells
fall on both alike.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "datasets"
BATCH, UNITS = 128, 256


def batches(data_dir: Path, rng) -> dict:
    """name -> a list of float32 batches (128, 784)."""
    import numpy as np

    from core.data.datasets import load_dataset

    found = {}
    for name in ("mnist", "fashion_mnist"):
        data = load_dataset(name, data_dir)
        rows = [rng.choice(len(data.x_train), BATCH, replace=False) for _ in range(16)]
        found[name] = [np.ascontiguousarray(data.normalise(data.x_train[r]).reshape(BATCH, -1), np.float32) for r in rows]
    for density in (0.1, 0.2, 0.25, 0.3, 0.4):
        made = []
        for _ in range(16):
            x = rng.random((BATCH, 784), dtype=np.float32)
            x[rng.random((BATCH, 784)) >= density] = 0
            made.append(x)
        found[f"random {density:.2f}"] = made
    return found


def measure(xs, pairs: int, rng) -> dict:
    """Median times (µs) of the dense and the sparse products for these batches, and the
    median of the ratios sparse / dense within each pair."""
    import numpy as np

    from core.compute import kernels

    library = kernels.compiled()
    w = (rng.standard_normal((784, UNITS)) * 0.05).astype(np.float32)
    d = (rng.standard_normal((BATCH, UNITS)) * 1e-3).astype(np.float32)
    out, grad = np.empty((BATCH, UNITS), np.float32), np.empty((784, UNITS), np.float32)
    kept = None

    def dense(x):
        np.matmul(x, w, out=out)
        np.matmul(x.T, d, out=grad)

    taken = []

    def sparse(x):
        nonlocal kept
        listed = library.nonzeros(x, kept, columns=True)
        taken.append(listed is not None)
        if listed is None:  # too dense: the layer takes BLAS's products
            return dense(x)
        kept = listed
        library.sparse_product(kept, w)
        library.sparse_weight_gradient(kept, d, grad)

    for x in xs:  # warm up
        dense(x)
        sparse(x)
    times = {"dense": [], "sparse": []}
    ratios = []
    for i in range(pairs):
        x = xs[i % len(xs)]
        pair = {}
        for name in (("dense", "sparse") if i % 2 == 0 else ("sparse", "dense")):
            run = dense if name == "dense" else sparse
            start = time.perf_counter()
            run(x)
            pair[name] = time.perf_counter() - start
            times[name].append(pair[name])
        ratios.append(pair["sparse"] / pair["dense"])
    density = statistics.mean(float(np.count_nonzero(x)) / x.size for x in xs)
    return {
        "density": density, "sparse_share": statistics.mean(taken),
        "dense_us": statistics.median(times["dense"]) * 1e6, "sparse_us": statistics.median(times["sparse"]) * 1e6,
        "ratio": statistics.median(ratios),
    }


def training(args) -> int:
    import bench_spinner  # benchmarks/bench_spinner.py: steps with and without, in turns

    from core.compute import kernels

    def check(on: bool) -> None:
        if kernels.dense_only() == on:
            raise RuntimeError("the sparse products did not switch as asked")

    bench_spinner.alternate(kernels.dense, "the sparse first layer", check, epochs=args.epochs, chunk=args.chunk,
                            data_dir=args.data_dir, once=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=300, help="interleaved (dense, sparse) pairs per kind of batch")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--training", action="store_true", help="whole training steps, sparse and dense in turns")
    parser.add_argument("--epochs", type=int, default=6, help="with --training")
    parser.add_argument("--chunk", type=int, default=1, help="with --training: steps between switches")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.training:
        return training(args)
    import numpy as np
    from threadpoolctl import threadpool_limits

    from core.compute import kernels, spinner

    kernels.load()
    rng = np.random.default_rng(0)
    found = batches(args.data_dir, rng)
    results = {}
    with threadpool_limits(2, user_api="blas"), spinner.serving():
        for name, xs in found.items():
            results[name] = measure(xs, args.pairs, rng)
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"first layer 784 -> {UNITS}, batch {BATCH}, float32; x @ W and x^T @ d, {args.pairs} interleaved pairs each "
          f"(sparse: listing the batch, then both products from the lists; SPARSE_DENSITY {kernels.SPARSE_DENSITY})")
    for name, r in results.items():
        share = r["sparse_share"]
        taken = "" if share == 1 else "   (the layer keeps BLAS here)" if share == 0 else f"   (sparse for {share:.0%} of the batches)"
        print(f"  {name:14s} nonzero {r['density']:.2f}: dense {r['dense_us']:6.0f} µs, sparse {r['sparse_us']:6.0f} µs, "
              f"sparse/dense {r['ratio']:.2f}{taken}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
