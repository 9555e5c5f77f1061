"""One MNIST epoch, LayerLab's NumPy core against its matrix-product floor and PyTorch.

An epoch of the 784-256-128-10 ReLU network (softmax cross-entropy, Adam 1e-3,
batch 128, float32; 54,000 training images, then the 6,000 held-out validation
images evaluated), on 2 CPU threads. Two targets:

- issue 14: at most 1.3x the epoch's *GEMM floor*: the same matrix products that
  epoch computes (per batch three forward, three weight gradients, two input
  gradients; the validation's forward products), timed alone with NumPy on the
  same threads into preallocated arrays. What is left above it is everything else:
  the optimizer, the element-wise work, the batch gather, Python.
- DESIGN.md: at most 0.75x PyTorch's epoch on the same 2 threads.

LayerLab's compiled kernels skip the zeros of MNIST's images in the first layer, so its
epoch multiplies fewer numbers than that floor. Each round therefore also times the
*own floor* (`run_own_floor`): the same products with the first layer's two computed as
LayerLab computes them, from the batch's nonzero numbers. LayerLab's epoch over the own
floor is its overhead in the strict sense.

Each side runs in its own warm worker process (loaded and warmed up once); the floor
is timed in LayerLab's worker, on its own model's weight arrays. The parent asks for
them in turn: floor, ours, torch, floor, ours, torch, ... The machine is shared and
noisy, so what counts is the median of the ratios within each triple, not one run.
While one worker runs, the other waits on a pipe, and before each run the parent waits
(at least 0.5 s, so idle thread pools have stopped spinning) until other processes
leave the CPU alone; a round during which they took over 5 % of it is run again, and
so is one with the host in a slow spell before or after it (a few products timed:
quiet.HostSpeed).

    python benchmarks/bench_epoch.py [--pairs 7] [--kernels auto|numpy|numba] [--data-dir ../shared/datasets] [--json]

``--kernels`` picks the training kernels (core.compute.kernels) LayerLab's worker uses. Each
side reads its batches its own way: LayerLab as its training loop does (gathered and
scaled in one pass into a reused array), PyTorch with NumPy's x[idx] * (1/255).
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
import quiet  # benchmarks/quiet.py

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
        self._read = None
        self._source = None

    def batch(self, x, idx):
        """As core.train.loop.fit reads a batch: gathered and scaled in one pass into a
        reused array (Dataset.normalise_rows)."""
        if self._source is not x:
            self._source = x
            import numpy as np

            from core.data.datasets import IMAGE_NORMALISATION, Dataset
            from core.train.loop import batch_reader

            none = np.zeros(0, np.int64)
            data = Dataset("mnist", "MNIST", x, none, x[:0], none, tuple("0123456789"), (784,), dict(IMAGE_NORMALISATION))
            self._read = batch_reader(x, data.normalise, data.normalise_rows, max(BATCH, EVAL_BATCH))
        return self._read(idx)

    def training(self):
        """As core.train.loop.fit trains: BLAS single-threaded, the large products and
        loops split over both cores by core.compute.cores."""
        from core.compute import cores

        return cores.training_threads(self.model.step_numbers(BATCH))

    def train_step(self, xb, yb) -> float:
        return self.model.train_step(xb, yb, self.optimizer)[0]

    def evaluate(self, x, y, val_idx) -> tuple[float, float]:
        loss_sum = correct = 0.0
        for i in range(0, len(val_idx), EVAL_BATCH):
            idx = val_idx[i : i + EVAL_BATCH]
            loss, acc = self.model.evaluate(self.batch(x, idx), y[idx], batch_size=EVAL_BATCH)
            loss_sum += loss * len(idx)
            correct += acc * len(idx)
        return loss_sum / len(val_idx), correct / len(val_idx)


class Torch:
    """The same epoch in PyTorch; bench_cnn_epoch.py's subclass swaps the network."""

    name = "pytorch"
    #: rows per forward pass when scoring the validation set
    eval_batch = EVAL_BATCH

    def __init__(self):
        import torch

        torch.set_num_threads(THREADS)
        torch.manual_seed(SEED)
        self.torch = torch
        self.net = self.build_net(torch.nn)
        self.optimizer = torch.optim.Adam(self.net.parameters(), lr=LEARNING_RATE)
        self.loss = torch.nn.CrossEntropyLoss()

    def build_net(self, nn):
        return nn.Sequential(
            nn.Linear(784, 256), nn.ReLU(),
            nn.Linear(256, 128), nn.ReLU(),
            nn.Linear(128, 10),
        )

    def batch(self, x, idx):
        """A uint8 batch scaled to float32, with NumPy (as PyTorch's examples do)."""
        return to_float(x[idx])

    def training(self):
        import contextlib

        return contextlib.nullcontext()  # torch's own threads, set in __init__

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
            for i in range(0, len(val_idx), self.eval_batch):
                idx = val_idx[i : i + self.eval_batch]
                out = self.net(torch.from_numpy(self.batch(x, idx)))
                yb = torch.from_numpy(y[idx])
                loss_sum += self.loss(out, yb).item() * len(idx)
                correct += (out.argmax(1) == yb).sum().item()
        return loss_sum / len(val_idx), correct / len(val_idx)


def batch_sizes(train_idx, val_idx) -> tuple[list[int], list[int]]:
    """The rows of each training batch and of each validation chunk of an epoch."""
    return ([len(train_idx[i : i + BATCH]) for i in range(0, len(train_idx), BATCH)],
            [len(val_idx[i : i + EVAL_BATCH]) for i in range(0, len(val_idx), EVAL_BATCH)])


def run_floor(model, x, y, train_idx, val_idx, *, first_layer: bool = True) -> dict:
    """The epoch's matrix products alone, as `run_epoch` with `Ours` computes them: for each
    batch size of the epoch (421 of 128 rows, one of 112), x @ W per layer forward, then
    from the top down dL/dW = a^T @ d and (above the first layer) dL/da = d @ W^T; then
    x @ W per layer for each validation chunk. Operands are real activations of one
    training batch; results go to preallocated arrays, so nothing else is timed.
    Without `first_layer`, the first layer's two products are left out (`run_own_floor`)."""
    import numpy as np

    weights = [w for name, w in model.parameters.items() if name.endswith(".W")]
    n = min(BATCH, len(train_idx))
    xb = to_float(x[train_idx[:n]])
    acts = [xb]  # each layer's input, and the logits
    for w in weights:
        acts.append(np.maximum(acts[-1] @ w, 0))
    deltas = [np.ones_like(a) * 1e-3 for a in acts]  # dL/d(output of layer i) stand-ins
    grads = [np.empty_like(w) for w in weights]
    eval_acts = [np.empty((EVAL_BATCH, a.shape[1]), np.float32) for a in acts]
    eval_acts[0][:] = to_float(x[val_idx[: EVAL_BATCH]])
    for k, w in enumerate(weights):  # real activations above the first layer too
        np.maximum(eval_acts[k] @ w, 0, out=eval_acts[k + 1])

    batches, chunks = batch_sizes(train_idx, val_idx)
    start = time.perf_counter()
    first = 0 if first_layer else 1
    for rows in batches:
        for k in range(first, len(weights)):
            np.matmul(acts[k][:rows], weights[k], out=acts[k + 1][:rows])
        for k in reversed(range(first, len(weights))):
            np.matmul(acts[k][:rows].T, deltas[k + 1][:rows], out=grads[k])
            if k > 0:
                np.matmul(deltas[k + 1][:rows], weights[k].T, out=deltas[k][:rows])
    for rows in chunks:
        for k in range(first, len(weights)):
            np.matmul(eval_acts[k][:rows], weights[k], out=eval_acts[k + 1][:rows])
    seconds = time.perf_counter() - start
    layers = list(enumerate(weights))[first:]
    macs = sum(rows * w.size * (3 if k > 0 else 2) for rows in batches for k, w in layers)
    macs += sum(rows * w.size for rows in chunks for _, w in layers)
    return {"seconds": seconds, "gflops": 2 * macs / seconds / 1e9}


def run_own_floor(side, x, y, train_idx, val_idx) -> dict | None:
    """The floor with the first layer's two products as LayerLab's compiled kernels
    compute them on MNIST: from the batch's nonzero numbers (core.compute.kernels,
    `sparse_product`, `sparse_weight_gradient`), on both cores as in training; the rest
    as `run_floor`. Listing the nonzeros is not timed (like the gather, it is overhead).
    Lists of one real training batch (and its 112-row tail) and of one validation chunk
    stand for all. None when the kernels multiply densely (NumPy's, or a dense batch)."""
    import numpy as np

    from core.compute import kernels

    library = kernels.active()
    w = next(w for name, w in side.model.parameters.items() if name.endswith(".W"))
    batches, chunks = batch_sizes(train_idx, val_idx)
    lists = {}
    for rows, idx, columns in ((BATCH, train_idx, True), (batches[-1], train_idx, True),
                               (EVAL_BATCH, val_idx, False), (chunks[-1], val_idx, False)):
        xb = np.array(side.batch(x, idx[:rows]))  # a copy: the reader reuses its array
        lists[rows, columns] = library.nonzeros(xb, None, columns=columns)
        if lists[rows, columns] is None:
            return None
    grad_out = np.ones((BATCH, w.shape[1]), w.dtype) * 1e-3
    grad_w = np.empty_like(w)
    rest = run_floor(side.model, x, y, train_idx, val_idx, first_layer=False)
    with side.training():
        start = time.perf_counter()
        for rows in batches:
            listed = lists[rows, True]
            library.sparse_product(listed, w)
            library.sparse_weight_gradient(listed, grad_out[:rows], grad_w)
        for rows in chunks:
            library.sparse_product(lists[rows, False], w)
        sparse = time.perf_counter() - start
    return {"seconds": rest["seconds"] + sparse, "first_layer_seconds": sparse}


def run_epoch(side, x, y, train_idx, val_idx, rng) -> dict:
    """The same loop for both: shuffle, gather a uint8 batch and scale it to float32 (each
    side its own way), step; then evaluate the validation rows."""
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
        info["kernels"] = side.optimizer.kernels.name
        run_floor(side.model, x, y, train_idx, val_idx)  # warm-up
        run_own_floor(side, x, y, train_idx, val_idx)
    else:
        info["torch"] = side.torch.__version__
        info["threads"] = side.torch.get_num_threads()
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "floor" and kind == "ours":
            floor = run_floor(side.model, x, y, train_idx, val_idx)
            own = run_own_floor(side, x, y, train_idx, val_idx)
            if own is not None:
                floor["own_seconds"], floor["own_first_layer_seconds"] = own["seconds"], own["first_layer_seconds"]
            print(json.dumps(floor), flush=True)
            continue
        if command != "epoch":
            break
        result = run_epoch(side, x, y, train_idx, val_idx, rng)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result), flush=True)


# --------------------------------------------------------------------------- the parent


class Worker:
    def __init__(self, kind: str, data_dir: Path, kernels: str = "auto", script: str = __file__):
        """A worker process running `script --worker KIND` (this file, or another benchmark's)."""
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(THREADS)  # before numpy or torch is imported in the worker
        env["LAYERLAB_KERNELS"] = kernels
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, script, "--worker", kind, "--data-dir", str(data_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        self.info = self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"benchmark worker exited with code {self.proc.wait()}")
        return json.loads(line)

    def ask(self, command: str = "epoch") -> dict:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def interleaved_rounds(ours: Worker, torch_: Worker, pairs: int, retries: int, *, quiet_output: bool, show) -> tuple[list, int]:
    """`pairs` rounds of (GEMM floor, LayerLab's epoch, PyTorch's epoch), each run after a
    quiet moment; a round during which other processes took more than quiet.DISTURBED of
    the CPU is run again up to `retries` times. `show(i, floor, ours, torch, disturbed)`
    prints a round. Returns (rounds, how many were discarded)."""
    watch = quiet.Watch([ours.proc.pid, torch_.proc.pid])
    host = quiet.HostSpeed()  # the host's slow spells, which the watch cannot see
    host.wait_for_fast()
    discarded = 0

    def measure(worker: Worker, command: str) -> dict:
        """One run, after a quiet moment; notes the share of the CPU others took meanwhile."""
        watch.wait_for_quiet(window=SETTLE)
        mark = watch.start()
        result = worker.ask(command)
        result["others"] = watch.others_share(mark)
        return result

    runs = []
    for i in range(max(pairs, 1)):
        for attempt in range(retries + 1):
            slow_before = host.slow()
            f, a, b = measure(ours, "floor"), measure(ours, "epoch"), measure(torch_, "epoch")
            slow = slow_before or host.slow()
            disturbed = max(r["others"] for r in (f, a, b)) > quiet.DISTURBED or slow
            if not disturbed or attempt == retries:
                break
            discarded += 1
            if not quiet_output:
                why = "the host was in a slow spell" if slow else f"other processes took {max(r['others'] for r in (f, a, b)):.0%} of the CPU"
                print(f"round {i + 1}: disturbed ({why}); again", flush=True)
            if slow:
                host.wait_for_fast()
        runs.append((f, a, b))
        if not quiet_output:
            show(i, f, a, b, disturbed)
    return runs, discarded


def _show_round(i: int, f: dict, a: dict, b: dict, disturbed: bool) -> None:
    note = "  DISTURBED" if disturbed else ""
    print(f"round {i + 1}: GEMM floor {f['seconds']:.3f} s ({f['gflops']:.0f} GFLOP/s), "
          f"layerlab {a['seconds']:.3f} s (val acc {a['val_accuracy']:.3f}), "
          f"pytorch {b['seconds']:.3f} s (val acc {b['val_accuracy']:.3f}); "
          f"layerlab/floor {a['seconds'] / f['seconds']:.3f}, layerlab/pytorch {a['seconds'] / b['seconds']:.3f}"
          + (f"; own products {f['own_seconds']:.3f} s, layerlab/own {a['seconds'] / f['own_seconds']:.3f} (first layer {f['own_first_layer_seconds']:.3f} s)" if "own_seconds" in f else "")
          + note,
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="interleaved (floor, ours, torch) rounds (at least 5)")
    parser.add_argument("--kernels", choices=("auto", "numpy", "numba"), default="auto", help="LayerLab's training kernels")
    parser.add_argument("--retries", type=int, default=4, help="times a round disturbed by other processes is run again")
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
    ours, torch_ = Worker("ours", args.data_dir, args.kernels), Worker("torch", args.data_dir)
    try:
        runs, discarded = interleaved_rounds(ours, torch_, args.pairs, args.retries, quiet_output=args.json, show=_show_round)
    finally:
        ours.close()
        torch_.close()

    floor_ratios = [a["seconds"] / f["seconds"] for f, a, _ in runs]
    own_ratios = [a["seconds"] / f["own_seconds"] for f, a, _ in runs if "own_seconds" in f]
    ratios = [a["seconds"] / b["seconds"] for _, a, b in runs]
    floor_s = statistics.median(f["seconds"] for f, _, _ in runs)
    ours_s = statistics.median(a["seconds"] for _, a, _ in runs)
    torch_s = statistics.median(b["seconds"] for _, _, b in runs)
    n_train = 60000 - N_VALIDATION
    summary = {
        "median_floor_ratio": statistics.median(floor_ratios),
        "floor_ratio_min": min(floor_ratios),
        "floor_ratio_max": max(floor_ratios),
        "median_ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "pairs": len(runs),
        "disturbed_rounds_kept": sum(max(r["others"] for r in run) > quiet.DISTURBED for run in runs),
        "disturbed_rounds_discarded": discarded,
        "floor_seconds": floor_s,
        "floor_gflops": statistics.median(f["gflops"] for f, _, _ in runs),
        "own_floor_seconds": statistics.median(f["own_seconds"] for f, _, _ in runs) if own_ratios else None,
        "median_own_floor_ratio": statistics.median(own_ratios) if own_ratios else None,
        "own_floor_ratio_min": min(own_ratios, default=None),
        "own_floor_ratio_max": max(own_ratios, default=None),
        "layerlab_seconds": ours_s,
        "pytorch_seconds": torch_s,
        "layerlab_samples_per_second": n_train / ours_s,
        "pytorch_samples_per_second": n_train / torch_s,
        "layerlab_peak_rss_mb": runs[-1][1]["peak_rss_mb"],
        "pytorch_peak_rss_mb": runs[-1][2]["peak_rss_mb"],
        "layerlab_val_accuracy": runs[-1][1]["val_accuracy"],
        "pytorch_val_accuracy": runs[-1][2]["val_accuracy"],
        "kernels": ours.info.get("kernels"),
        "blas": ours.info.get("blas"),
        "numpy": ours.info.get("numpy"),
        "torch": torch_.info.get("torch"),
        "threads": THREADS,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "target_floor_ratio": 1.3,
        "target_ratio": 0.75,
    }
    summary["meets_floor_target"] = summary["median_floor_ratio"] <= summary["target_floor_ratio"]
    summary["meets_target"] = summary["median_ratio"] <= summary["target_ratio"]
    if args.json:
        print(json.dumps(summary))
    else:
        met = {True: "met", False: "NOT met"}
        print(
            f"\nlayerlab / GEMM floor: median {summary['median_floor_ratio']:.3f} (range {summary['floor_ratio_min']:.3f}-"
            f"{summary['floor_ratio_max']:.3f}; target <= 1.3: {met[summary['meets_floor_target']]})\n"
            f"layerlab / pytorch:    median {summary['median_ratio']:.3f} (range {summary['ratio_min']:.3f}-"
            f"{summary['ratio_max']:.3f}; target <= 0.75: {met[summary['meets_target']]})\n"
            f"{len(runs)} rounds; {discarded} more discarded and run again because other processes took over "
            f"{quiet.DISTURBED:.0%} of the CPU meanwhile; {summary['disturbed_rounds_kept']} disturbed kept (retries used up)\n"
            f"GEMM floor {floor_s:.3f} s/epoch ({summary['floor_gflops']:.0f} GFLOP/s)\n"
            + (f"own floor  {summary['own_floor_seconds']:.3f} s/epoch: the first layer's products from the images' nonzero "
               f"numbers, as LayerLab multiplies them; layerlab / own floor median {summary['median_own_floor_ratio']:.3f} "
               f"(range {summary['own_floor_ratio_min']:.3f}-{summary['own_floor_ratio_max']:.3f})\n" if own_ratios else "")
            + f"layerlab   {ours_s:.3f} s/epoch, {summary['layerlab_samples_per_second']:,.0f} samples/s, "
            f"peak RSS {summary['layerlab_peak_rss_mb']:.0f} MB, {summary['kernels']} kernels\n"
            f"pytorch    {torch_s:.3f} s/epoch, {summary['pytorch_samples_per_second']:,.0f} samples/s, "
            f"peak RSS {summary['pytorch_peak_rss_mb']:.0f} MB\n"
            f"numpy {summary['numpy']} with {summary['blas']}; torch {summary['torch']}; {THREADS} threads each; "
            f"load average {load_before:.2f} before, {summary['load_average_after']:.2f} after"
        )
    return 0 if summary["meets_target"] and summary["meets_floor_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
