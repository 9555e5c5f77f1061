"""One MNIST epoch of the example CNN: LayerLab against PyTorch and against its matrix-product floor.

The network of shared/DESIGN.md's example (conv 16 3×3 pad 1 + ReLU, max pool 2,
conv 32 3×3 pad 1 + ReLU, max pool 2, flatten, dense 10 softmax), cross-entropy, Adam 1e-3, batch 128, float32; 54,000 training
images, then the 6,000 held-out validation images evaluated; 2 CPU threads. Targets:
issue 14, at most 1.0x PyTorch's epoch (issue 13: 1.2x; DESIGN.md: 1.2x).

Printed beside them, the *GEMM floor*: the matrix products that epoch computes with
im2col (per batch, each convolution's W_col · patches and dL/dW = dL/dout · patchesᵀ,
the second one's dL/dpatches = W_colᵀ · dL/dout; the dense layer's three; the
validation's forward products), timed alone with NumPy on the same threads into
preallocated arrays. What is left above it is im2col and col2im, the ReLUs, the
pooling, the optimizer, the batch gather and Python.

As bench_epoch.py (whose helpers this uses): each side in its own warm worker
process, asked in turn floor, ours, torch, floor, ...; the median of the ratios within
each round counts; a round during which other processes took over 5 % of the CPU is
run again (benchmarks/quiet.py).

    python benchmarks/bench_cnn_epoch.py [--pairs 5] [--kernels auto|numpy|numba] [--data-dir ../shared/datasets] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import bench_epoch  # benchmarks/bench_epoch.py: the data, the worker processes
import quiet  # benchmarks/quiet.py
from bench_epoch import SEED, THREADS, load_mnist, to_float

ROOT = Path(__file__).resolve().parents[1]
#: DESIGN.md's example trains in batches of 128 with Adam at 1e-3
BATCH = 128
LEARNING_RATE = 1e-3
TORCH_EVAL_BATCH = 1000
TARGET_RATIO = 1.0


def example_design():
    """shared/DESIGN.md's example CNN, with its training settings. (The shipped example,
    resources/examples/mnist_cnn.json, adds dropout before the dense layer and a cosine
    learning-rate schedule to reach 99 % in six epochs.)"""
    from core.design import spec
    from core.layer_types.conv2d import Conv2DSpec
    from core.layer_types.dense import DenseSpec
    from core.layer_types.flatten import FlattenSpec
    from core.layer_types.pooling import MaxPool2DSpec

    design = spec.Design(name="MNIST CNN", dataset="mnist", input_shape=(1, 28, 28), layers=[
        Conv2DSpec(16, 3, stride=1, padding=1, activation="relu"), MaxPool2DSpec(2),
        Conv2DSpec(32, 3, stride=1, padding=1, activation="relu"), MaxPool2DSpec(2),
        FlattenSpec(), DenseSpec(10, "softmax")])
    design.training.batch_size = BATCH
    design.training.optimizer = spec.OptimizerSpec("adam", LEARNING_RATE)
    return design


class Ours:
    name = "layerlab"

    def __init__(self):
        import numpy as np

        from core.nn.model import build_model
        from core.nn.optimizers import make_optimizer

        self.design = example_design()
        self.model = build_model(self.design, rng=np.random.default_rng(SEED))
        self.optimizer = make_optimizer(self.design.training.optimizer)
        self._source = self._data = None

    def _dataset(self, x):
        if self._source is not x:
            import numpy as np

            from core.data.datasets import IMAGE_NORMALISATION, Dataset
            from core.train.loop import batch_reader

            none = np.zeros(0, np.int64)
            self._source = x
            self._data = Dataset("mnist", "MNIST", x, none, x[:0], none, tuple("0123456789"), (1, 28, 28), dict(IMAGE_NORMALISATION))
            self._read = batch_reader(x, self._data.normalise, self._data.normalise_rows, BATCH)
        return self._data

    def batch(self, x, idx):
        """As core.train.loop.fit reads a batch: gathered and scaled in one pass into a reused array."""
        self._dataset(x)
        return self._read(idx)

    def training(self):
        """As core.train.loop.fit trains: BLAS single-threaded, the large products and
        loops split over both cores by core.compute.cores."""
        from core.compute import cores

        return cores.training_threads(self.model.step_numbers(BATCH))

    def train_step(self, xb, yb) -> float:
        return self.model.train_step(xb, yb, self.optimizer)[0]

    def evaluate(self, x, y, val_idx) -> tuple[float, float]:
        """As fit evaluates the validation rows (core.train.loop.evaluate)."""
        from core.train.loop import evaluate

        data = self._dataset(x)
        return evaluate(self.model, x, y, data.normalise, indices=val_idx, gather=data.normalise_rows)


class Torch(bench_epoch.Torch):
    """PyTorch's epoch, with DESIGN.md's CNN."""

    eval_batch = TORCH_EVAL_BATCH

    def build_net(self, nn):
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
        )

    def batch(self, x, idx):
        return to_float(x[idx]).reshape(-1, 1, 28, 28)


def run_epoch(side, x, y, train_idx, val_idx, rng) -> dict:
    with side.training():
        return _epoch(side, x, y, train_idx, val_idx, rng)


def _epoch(side, x, y, train_idx, val_idx, rng) -> dict:
    start = time.perf_counter()
    order = rng.permutation(train_idx)
    loss_sum = 0.0
    for i in range(0, len(order), BATCH):
        idx = order[i : i + BATCH]
        loss_sum += side.train_step(side.batch(x, idx), y[idx]) * len(idx)
    val_loss, val_acc = side.evaluate(x, y, val_idx)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "loss": loss_sum / len(order), "val_loss": val_loss, "val_accuracy": val_acc}


def run_floor(side: Ours, x, train_idx, val_idx) -> dict:
    """The epoch's matrix products alone, with the shapes and operands `Ours` uses: per
    batch of the epoch (421 of 128 images, one of 112) each layer's forward product, then
    from the top down its weight gradient and (above the first layer) its input
    gradient; then the forward products of each validation chunk. Operands come from one
    real batch (tiled for the larger validation chunks); results go to preallocated arrays."""
    import numpy as np

    from core.nn.conv import Convolution
    from core.nn.layers import Affine
    from core.train.loop import EVAL_CHUNK

    model = side.model
    # per layer with weights, as its products take them: (weights as a matrix, its input
    # as a matrix with one column (conv: patches) or one row (dense) per output position,
    # output positions per image, whether it is a convolution)
    layers = []
    a = model._inputs(side.batch(x, train_idx[:BATCH]))
    for layer in model.train_layers:
        out = layer.forward(a, training=True)
        if isinstance(layer, Convolution):  # its bias rides in the product: [W_col | b] · [patches; 1]
            W = layer.params["W"].reshape(len(layer.params["W"]), -1)
            W_b = np.concatenate([W, layer.params["b"][:, None]], axis=1)
            layers.append((W_b, layer.cols.copy(), layer.cols.shape[1] // BATCH, True))
        elif isinstance(layer, Affine):
            layers.append((layer.params["W"], np.ascontiguousarray(a.reshape(len(a), -1)), 1, False))
        a = out

    def tiled(operand, rows: int, conv: bool):
        """The operand for `rows` images (repeating the batch's)."""
        times = -(-rows // BATCH)
        return np.tile(operand, (1, times) if conv else (times, 1))

    def prepared(rows: int):
        """Per layer: (W, input, dL/dout stand-in, dW, dL/dinput) for up to `rows` images."""
        ready = []
        for W, operand, positions, conv in layers:
            m = rows * positions
            op = tiled(operand, rows, conv)[:, :m] if conv else tiled(operand, rows, conv)[:m]
            d = np.full((W.shape[0], m) if conv else (m, W.shape[1]), 1e-3, np.float32)
            dx = np.empty((W.shape[1] - 1, m) if conv else (m, W.shape[0]), np.float32)
            dW = np.empty(W.shape[::-1] if conv else W.shape, np.float32)  # conv: its transpose
            ready.append((W, np.ascontiguousarray(op), d, dW, dx, positions, conv))
        return ready

    def products(ready, rows: int, *, backward: bool) -> int:
        """One batch of `rows` images; returns its multiply-adds."""
        macs = 0
        for W, op, d, _, _, positions, conv in ready:
            m = rows * positions
            if conv:
                np.matmul(W, op[:, :m], out=d[:, :m])
            else:
                np.matmul(op[:m], W, out=d[:m])
            macs += m * W.size
        if backward:
            for k in reversed(range(len(ready))):
                W, op, d, dW, dx, positions, conv = ready[k]
                m = rows * positions
                if conv:  # as Convolution.backward: dW as its transpose, dL/dpatches without the bias row
                    np.matmul(op[:, :m], d[:, :m].T, out=dW)
                    if k > 0:
                        np.matmul(W[:, :-1].T, d[:, :m], out=dx[:, :m])
                else:
                    np.matmul(op[:m].T, d[:m], out=dW)
                    if k > 0:
                        np.matmul(d[:m], W.T, out=dx[:m])
                macs += m * W.size * (2 if k > 0 else 1)
        return macs

    eval_rows = min(EVAL_CHUNK, model.chunk_rows)  # as core.train.loop.evaluate and Model.evaluate
    train_ready, eval_ready = prepared(BATCH), prepared(eval_rows)
    batches = [len(train_idx[i : i + BATCH]) for i in range(0, len(train_idx), BATCH)]
    chunks = [len(val_idx[i : i + eval_rows]) for i in range(0, len(val_idx), eval_rows)]
    start = time.perf_counter()
    macs = sum(products(train_ready, rows, backward=True) for rows in batches)
    macs += sum(products(eval_ready, rows, backward=False) for rows in chunks)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "gflops": 2 * macs / seconds / 1e9}


def worker(kind: str, data_dir: Path) -> None:
    """Load, warm up, then run one epoch (or the floor) per line read from stdin; answer in JSON lines."""
    import resource

    import numpy as np

    x, y, train_idx, val_idx = load_mnist(data_dir)
    side = Ours() if kind == "ours" else Torch()
    rng = np.random.default_rng(SEED)
    run_epoch(side, x, y, train_idx, val_idx, rng)  # warm-up: caches, allocator, thread pools, numba
    info = {"ready": True, "name": side.name}
    if kind == "ours":
        from core.compute import kernels

        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info.update(blas=f"{blas.get('name')} {blas.get('version')}", numpy=np.__version__, kernels=kernels.active().name)
        run_floor(side, x, train_idx, val_idx)  # warm-up
    else:
        info.update(torch=side.torch.__version__, threads=side.torch.get_num_threads())
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "floor" and kind == "ours":
            print(json.dumps(run_floor(side, x, train_idx, val_idx)), flush=True)
            continue
        if command != "epoch":
            break
        result = run_epoch(side, x, y, train_idx, val_idx, rng)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result), flush=True)


def _show_round(i: int, f: dict, a: dict, b: dict, disturbed: bool) -> None:
    print(f"round {i + 1}: GEMM floor {f['seconds']:.2f} s ({f['gflops']:.0f} GFLOP/s), "
          f"layerlab {a['seconds']:.2f} s (val acc {a['val_accuracy']:.4f}), "
          f"pytorch {b['seconds']:.2f} s (val acc {b['val_accuracy']:.4f}); "
          f"layerlab/pytorch {a['seconds'] / b['seconds']:.3f}, layerlab/floor {a['seconds'] / f['seconds']:.2f}"
          f"{'  DISTURBED' if disturbed else ''}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="interleaved (floor, ours, torch) rounds")
    parser.add_argument("--kernels", choices=("auto", "numpy", "numba"), default="auto", help="LayerLab's training kernels")
    parser.add_argument("--retries", type=int, default=3, help="times a round disturbed by other processes is run again")
    parser.add_argument("--data-dir", type=Path, default=bench_epoch.DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument("--worker", choices=("ours", "torch"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data_dir)
        return 0

    load_before = os.getloadavg()[0]
    if load_before > 0.5 and not args.json:
        print(f"note: load average is {load_before:.2f}; other processes on these {THREADS} cores will make the numbers noisy", flush=True)
    ours = bench_epoch.Worker("ours", args.data_dir, args.kernels, script=__file__)
    torch_ = bench_epoch.Worker("torch", args.data_dir, script=__file__)
    try:
        runs, discarded = bench_epoch.interleaved_rounds(ours, torch_, args.pairs, args.retries, quiet_output=args.json, show=_show_round)
    finally:
        ours.close()
        torch_.close()

    ratios = [a["seconds"] / b["seconds"] for _, a, b in runs]
    floor_ratios = [a["seconds"] / f["seconds"] for f, a, _ in runs]
    summary = {
        "median_ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
        "median_floor_ratio": statistics.median(floor_ratios), "floor_ratio_min": min(floor_ratios), "floor_ratio_max": max(floor_ratios),
        "pairs": len(runs), "disturbed_rounds_discarded": discarded,
        "disturbed_rounds_kept": sum(max(r["others"] for r in run) > quiet.DISTURBED for run in runs),
        "floor_seconds": statistics.median(f["seconds"] for f, _, _ in runs),
        "floor_gflops": statistics.median(f["gflops"] for f, _, _ in runs),
        "layerlab_seconds": statistics.median(a["seconds"] for _, a, _ in runs),
        "layerlab_seconds_range": [min(a["seconds"] for _, a, _ in runs), max(a["seconds"] for _, a, _ in runs)],
        "pytorch_seconds": statistics.median(b["seconds"] for _, _, b in runs),
        "pytorch_seconds_range": [min(b["seconds"] for _, _, b in runs), max(b["seconds"] for _, _, b in runs)],
        "layerlab_peak_rss_mb": runs[-1][1]["peak_rss_mb"], "pytorch_peak_rss_mb": runs[-1][2]["peak_rss_mb"],
        "layerlab_val_accuracy": runs[-1][1]["val_accuracy"], "pytorch_val_accuracy": runs[-1][2]["val_accuracy"],
        "kernels": ours.info.get("kernels"), "blas": ours.info.get("blas"), "numpy": ours.info.get("numpy"),
        "torch": torch_.info.get("torch"), "threads": THREADS,
        "load_average_before": load_before, "load_average_after": os.getloadavg()[0], "target_ratio": TARGET_RATIO,
    }
    summary["meets_target"] = summary["median_ratio"] <= TARGET_RATIO
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"\nlayerlab / pytorch: median {summary['median_ratio']:.3f} (range {summary['ratio_min']:.3f}-{summary['ratio_max']:.3f}; "
            f"target <= {TARGET_RATIO}: {'met' if summary['meets_target'] else 'NOT met'})\n"
            f"layerlab / GEMM floor: median {summary['median_floor_ratio']:.2f} (range {summary['floor_ratio_min']:.2f}-{summary['floor_ratio_max']:.2f})\n"
            f"{len(runs)} rounds; {discarded} more discarded and run again (others took over {quiet.DISTURBED:.0%} of the CPU); "
            f"{summary['disturbed_rounds_kept']} disturbed kept\n"
            f"GEMM floor {summary['floor_seconds']:.2f} s/epoch ({summary['floor_gflops']:.0f} GFLOP/s)\n"
            f"layerlab   {summary['layerlab_seconds']:.2f} s/epoch, peak RSS {summary['layerlab_peak_rss_mb']:.0f} MB, {summary['kernels']} kernels\n"
            f"pytorch    {summary['pytorch_seconds']:.2f} s/epoch, peak RSS {summary['pytorch_peak_rss_mb']:.0f} MB\n"
            f"numpy {summary['numpy']} with {summary['blas']}; torch {summary['torch']}; {THREADS} threads each; "
            f"load average {load_before:.2f} before, {summary['load_average_after']:.2f} after"
        )
    return 0 if summary["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
