"""One MNIST epoch, LayerLab's NumPy core against PyTorch on the same 2 CPU threads.

The target (DESIGN.md): an epoch of the 784-256-128-10 ReLU network (softmax
cross-entropy, Adam 1e-3, batch 128, float32; 54,000 training images, then the
6,000 held-out validation images evaluated) takes at most 0.75x PyTorch's time.

Each side runs in its own warm worker process (loaded and warmed up once), and the
parent asks them for epochs in turn: ours, torch, ours, torch, ... The machine is
shared and noisy, so what counts is the median of the paired ratios, not one run.
While one worker runs, the other waits on a pipe, and the parent pauses between runs
so idle thread pools (OpenMP, OpenBLAS) have stopped spinning.

    python benchmarks/bench_epoch.py [--pairs 7] [--data-dir ../shared/datasets] [--json]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from core.layer_types.dense import DenseSpec
THREADS = 2
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "datasets"
BATCH = 128
EVAL_BATCH = 1024
N_VALIDATION = 6000
LEARNING_RATE = 1e-3
SEED = 0
#: seconds between runs, for the other side's spinning threads to go to sleep
SETTLE = 0.5


# --------------------------------------------------------------------------- data


def read_idx(path: Path):
    """An IDX file (gzip): magic 0x0000 0x08 (uint8) ndim, then ndim big-endian sizes, then data."""
    import numpy as np

    data = gzip.decompress(path.read_bytes())
    if data[:3] != b"\x00\x00\x08":
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(data_dir: Path):
    """uint8 images (60000, 784), int64 labels; split into 54,000 train / 6,000 validation indices."""
    import numpy as np

    folder = data_dir / "mnist" if (data_dir / "mnist").is_dir() else data_dir
    x = read_idx(folder / "train-images-idx3-ubyte.gz").reshape(-1, 784)
    y = read_idx(folder / "train-labels-idx1-ubyte.gz").astype(np.int64)
    order = np.random.default_rng(SEED).permutation(len(y))
    return x, y, np.sort(order[N_VALIDATION:]), np.sort(order[:N_VALIDATION])


def to_float(x_uint8):
    import numpy as np

    return np.multiply(x_uint8, np.float32(1 / 255), dtype=np.float32)


# --------------------------------------------------------------------------- the two sides


class Ours:
    name = "layerlab"

    def __init__(self):
        import numpy as np

        from core.design import spec
        from core.nn.model import build_model
        from core.nn.optimizers import make_optimizer

        design = spec.Design(
            name="bench", input_shape=(784,),
            layers=[DenseSpec(256, "relu"), DenseSpec(128, "relu"), DenseSpec(10, "softmax")],
            loss="cross_entropy",
        )
        design.training.optimizer = spec.OptimizerSpec("adam", LEARNING_RATE)
        self.model = build_model(design, rng=np.random.default_rng(SEED), dtype=np.float32)
        self.optimizer = make_optimizer(design.training.optimizer)

    def train_step(self, xb, yb) -> float:
        return self.model.train_step(xb, yb, self.optimizer)[0]

    def evaluate(self, x, y, val_idx) -> tuple[float, float]:
        loss_sum = correct = 0.0
        for i in range(0, len(val_idx), EVAL_BATCH):
            idx = val_idx[i : i + EVAL_BATCH]
            loss, acc = self.model.evaluate(to_float(x[idx]), y[idx], batch_size=EVAL_BATCH)
            loss_sum += loss * len(idx)
            correct += acc * len(idx)
        return loss_sum / len(val_idx), correct / len(val_idx)


class Torch:
    name = "pytorch"

    def __init__(self):
        import torch

        torch.set_num_threads(THREADS)
        torch.manual_seed(SEED)
        self.torch = torch
        self.net = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.ReLU(),
            torch.nn.Linear(256, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 10),
        )
        self.optimizer = torch.optim.Adam(self.net.parameters(), lr=LEARNING_RATE)
        self.loss = torch.nn.CrossEntropyLoss()

    def train_step(self, xb, yb) -> float:
        torch = self.torch
        self.optimizer.zero_grad()
        loss = self.loss(self.net(torch.from_numpy(xb)), torch.from_numpy(yb))
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def evaluate(self, x, y, val_idx) -> tuple[float, float]:
        torch = self.torch
        loss_sum = correct = 0.0
        with torch.no_grad():
            for i in range(0, len(val_idx), EVAL_BATCH):
                idx = val_idx[i : i + EVAL_BATCH]
                out = self.net(torch.from_numpy(to_float(x[idx])))
                yb = torch.from_numpy(y[idx])
                loss_sum += self.loss(out, yb).item() * len(idx)
                correct += (out.argmax(1) == yb).sum().item()
        return loss_sum / len(val_idx), correct / len(val_idx)


def run_epoch(side, x, y, train_idx, val_idx, rng) -> dict:
    """The same loop for both: shuffle, gather a uint8 batch, scale it to float32, step."""
    start = time.perf_counter()
    order = rng.permutation(train_idx)
    loss_sum = 0.0
    for i in range(0, len(order), BATCH):
        idx = order[i : i + BATCH]
        loss_sum += side.train_step(to_float(x[idx]), y[idx]) * len(idx)
    val_loss, val_acc = side.evaluate(x, y, val_idx)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "loss": loss_sum / len(order), "val_loss": val_loss, "val_accuracy": val_acc}


def worker(kind: str, data_dir: Path) -> None:
    """Load, warm up, then run one epoch per line read from stdin; answer in JSON lines."""
    import resource

    import numpy as np

    x, y, train_idx, val_idx = load_mnist(data_dir)
    side = Ours() if kind == "ours" else Torch()
    rng = np.random.default_rng(SEED)
    run_epoch(side, x, y, train_idx, val_idx, rng)  # warm-up: caches, allocator, thread pools
    info = {"ready": True, "name": side.name}
    if kind == "ours":
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["blas"] = f"{blas.get('name')} {blas.get('version')}"
        info["numpy"] = np.__version__
    else:
        info["torch"] = side.torch.__version__
        info["threads"] = side.torch.get_num_threads()
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        if line.strip() != "epoch":
            break
        result = run_epoch(side, x, y, train_idx, val_idx, rng)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result), flush=True)


# --------------------------------------------------------------------------- the parent


class Worker:
    def __init__(self, kind: str, data_dir: Path):
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(THREADS)  # before numpy or torch is imported in the worker
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", kind, "--data-dir", str(data_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        self.info = self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"benchmark worker exited with code {self.proc.wait()}")
        return json.loads(line)

    def epoch(self) -> dict:
        self.proc.stdin.write("epoch\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="interleaved (ours, torch) epoch pairs (at least 5)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument("--worker", choices=("ours", "torch"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data_dir)
        return 0

    load_before = os.getloadavg()[0]
    if load_before > 0.5 and not args.json:
        print(f"note: load average is {load_before:.2f}; other processes on these {THREADS} cores will make the numbers noisy", flush=True)
    ours, torch_ = Worker("ours", args.data_dir), Worker("torch", args.data_dir)
    try:
        runs = []
        for i in range(max(args.pairs, 1)):
            time.sleep(SETTLE)
            a = ours.epoch()
            time.sleep(SETTLE)
            b = torch_.epoch()
            runs.append((a, b))
            if not args.json:
                print(f"pair {i + 1}: layerlab {a['seconds']:.3f} s (val acc {a['val_accuracy']:.3f}), "
                      f"pytorch {b['seconds']:.3f} s (val acc {b['val_accuracy']:.3f}), ratio {a['seconds'] / b['seconds']:.3f}",
                      flush=True)
    finally:
        ours.close()
        torch_.close()

    ratios = [a["seconds"] / b["seconds"] for a, b in runs]
    ours_s = statistics.median(a["seconds"] for a, _ in runs)
    torch_s = statistics.median(b["seconds"] for _, b in runs)
    n_train = 60000 - N_VALIDATION
    summary = {
        "median_ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "pairs": len(runs),
        "layerlab_seconds": ours_s,
        "pytorch_seconds": torch_s,
        "layerlab_samples_per_second": n_train / ours_s,
        "pytorch_samples_per_second": n_train / torch_s,
        "layerlab_peak_rss_mb": runs[-1][0]["peak_rss_mb"],
        "pytorch_peak_rss_mb": runs[-1][1]["peak_rss_mb"],
        "layerlab_val_accuracy": runs[-1][0]["val_accuracy"],
        "pytorch_val_accuracy": runs[-1][1]["val_accuracy"],
        "blas": ours.info.get("blas"),
        "numpy": ours.info.get("numpy"),
        "torch": torch_.info.get("torch"),
        "threads": THREADS,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "target_ratio": 0.75,
    }
    summary["meets_target"] = summary["median_ratio"] <= summary["target_ratio"]
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"\nmedian ratio {summary['median_ratio']:.3f} (range {summary['ratio_min']:.3f}-{summary['ratio_max']:.3f}, "
            f"{len(runs)} pairs; target <= 0.75: {'met' if summary['meets_target'] else 'NOT met'})\n"
            f"layerlab {ours_s:.3f} s/epoch, {summary['layerlab_samples_per_second']:,.0f} samples/s, "
            f"peak RSS {summary['layerlab_peak_rss_mb']:.0f} MB\n"
            f"pytorch  {torch_s:.3f} s/epoch, {summary['pytorch_samples_per_second']:,.0f} samples/s, "
            f"peak RSS {summary['pytorch_peak_rss_mb']:.0f} MB\n"
            f"numpy {summary['numpy']} with {summary['blas']}; torch {summary['torch']}; {THREADS} threads each; "
            f"load average {load_before:.2f} before, {summary['load_average_after']:.2f} after"
        )
    return 0 if summary["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
