"""The PyTorch script, as a template: core.export.pytorch_export fills in the $names.

Kept as one readable script with holes, so what a learner gets is what they see here:
the layers, the weight table and the training settings come from the design's records;
everything else (reading the data, the training loop, torchrun, the model file) is the
same for every design. `string.Template` syntax: $name, and $$ for a dollar sign.
"""

TEMPLATE = r'''#!/usr/bin/env python3
"""$title — a LayerLab design as a PyTorch script.

$origin
It needs only torch and numpy (and Pillow, to read a folder of pictures), and carries the design itself (DESIGN_JSON below), so it
can go where LayerLab cannot: to a machine with a GPU, or to many machines at once.

$usage
The model file it writes opens in LayerLab (File → Open…) to be tested, drawn on and
looked inside. From Python:

    net = load_layerlab("model.npz")      # a LayerLab model file -> a Net with its weights
    outputs = predict_proba(net, x_raw)   # raw inputs as the dataset stores them ($raw_inputs)
    save_layerlab(net, "model.npz")       # and back into a file LayerLab opens
"""
from __future__ import annotations

import argparse
import gzip
import math
import os
import sys
import tempfile
import time
${data_imports}from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data.distributed import DistributedSampler

# --------------------------------------------------------------------------- the design

#: the design exactly as LayerLab wrote it; every model file this script saves holds it
DESIGN_JSON = $design_json

TITLE = $title_repr
#: one sample's shape, channels first
INPUT_SHAPE = $input_shape
CLASS_NAMES = $class_names
#: the network sees x * scale + offset, x being the raw values the dataset stores
NORMALISATION = $normalisation
#: what the network outputs: "probabilities" (it ends in softmax), or "scores" (the largest is the answer)
OUTPUTS = "$outputs"

# how the design trains (--epochs, --batch-size and --lr override the first three)
EPOCHS = $epochs
BATCH_SIZE = $batch_size
LEARNING_RATE = $learning_rate
VALIDATION_SPLIT = $validation_split
SEED = $seed


# --------------------------------------------------------------------------- the network


class Net(nn.Module):
    """The design's layer stack, layer by layer. `forward` gives the last layer's weighted
    sums (the logits), as PyTorch models usually do; `output` turns them into what
    LayerLab shows (`predict_proba` does both)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(OrderedDict([
$modules
        ]))
        self.output = $output_module
        #: the input normalisation, kept with the weights it belongs to
        self.normalisation = dict(NORMALISATION)

    def forward(self, x):
        return self.layers(x)


#: LayerLab's weight arrays, in its order: name -> (module of Net.layers, parameter, transposed).
#: LayerLab keeps a Dense layer's W as (inputs, units), nn.Linear as (units, inputs).
WEIGHTS = {
$weights
}

#: how LayerLab starts each array, in the order it draws them: (its shape as LayerLab keeps
#: it, fan_in, fan_out) for normal random numbers of spread initial_std(fan_in, fan_out),
#: fan_in None for zeros (the biases)
STARTING = {
$starting
}
#: starting values the design fixes (a worked example's weights), by array name
FIXED = $fixed


def initial_std(fan_in, fan_out):
    """$init_doc"""
    return $init_formula


def initial_weights(seed=SEED):
    """The weights LayerLab starts training from: the same numbers, drawn in float64 from
    the same NumPy stream (the first of two split off the seed; the second splits the data
    and orders the batches), array by array, then made float32."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[0])
    weights = {}
    for name, (shape, fan_in, fan_out) in STARTING.items():
        if fan_in is None:
            weights[name] = np.zeros(shape, np.float32)
        else:
            weights[name] = (rng.standard_normal(shape) * initial_std(fan_in, fan_out)).astype(np.float32)
        if name in FIXED:
            weights[name] = np.asarray(FIXED[name], np.float32)
    return weights


def build_net(seed=SEED):
    """A Net holding LayerLab's starting weights for this design."""
    net = Net()
    set_weights(net, initial_weights(seed))
    return net


def get_weights(net):
    """The net's weights as LayerLab keeps them: name -> float32 array."""
    modules = dict(net.layers.named_children())
    weights = {}
    for name, (module, parameter, transposed) in WEIGHTS.items():
        value = getattr(modules[module], parameter).detach().cpu().numpy()
        weights[name] = np.ascontiguousarray(value.T if transposed else value, dtype=np.float32)
    return weights


def set_weights(net, weights):
    """Copy LayerLab's arrays into the net; ValueError names an array that does not fit."""
    modules = dict(net.layers.named_children())
    with torch.no_grad():
        for name, (module, parameter, transposed) in WEIGHTS.items():
            target = getattr(modules[module], parameter)
            value = np.asarray(weights[name], dtype=np.float32)
            value = value.T if transposed else value
            if tuple(value.shape) != tuple(target.shape):
                shown = tuple(reversed(value.shape)) if transposed else tuple(value.shape)
                raise ValueError(f"array {name} has shape {shown}, but this network needs {STARTING[name][0]}")
            target.copy_(torch.from_numpy(np.ascontiguousarray(value)))


def normalise(x_raw, normalisation=NORMALISATION):
    """Raw inputs -> what the network sees: x * scale + offset, in float32, as LayerLab computes it."""
    x = np.asarray(x_raw).reshape(-1, *INPUT_SHAPE)
    scale = np.asarray(normalisation["scale"], np.float32)
    offset = np.asarray(normalisation["offset"], np.float32)
    if scale.ndim:  # one value per input number
        scale, offset = scale.reshape(INPUT_SHAPE), offset.reshape(INPUT_SHAPE)
    return (x * scale + offset).astype(np.float32, copy=False)


def predict_proba(net, x_raw, batch_size=1024):
    """LayerLab's outputs for raw inputs as the dataset stores them ($raw_inputs), one row
    per input: class probabilities (or scores, see OUTPUTS), as a NumPy array."""
    x = np.asarray(x_raw).reshape(-1, *INPUT_SHAPE)
    device = next(net.parameters()).device
    was_training = net.training
    net.eval()
    rows = []
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            batch = torch.from_numpy(normalise(x[start : start + batch_size], net.normalisation)).to(device)
            rows.append(net.output(net(batch)).cpu().numpy())
    net.train(was_training)
    return np.concatenate(rows) if rows else np.zeros((0, len(CLASS_NAMES)), np.float32)


# --------------------------------------------------------------------------- how it learns


def loss_function(net, logits, labels):
    """$loss_doc"""
$loss_body


def make_optimizer(parameters, lr=LEARNING_RATE):
    """$optimizer_doc"""
    return $optimizer


def make_scheduler(optimizer, epochs):
    """$schedule_doc"""
    return $schedule


# --------------------------------------------------------------------------- LayerLab model files

#: a model file holds plain arrays: the format marker, its version, the design, the weights
#: (weights/layers.0.W ...), the history (history/loss ...) and the normalisation
MODEL_FORMAT = "layerlab-model"
MODEL_VERSION = $model_version
#: what a model of the user's own data records about it (its classes, where it was, a table's
#: columns and categories), written into every model file as LayerLab writes them
MODEL_DATA = $model_data


def load_layerlab(path):
    """A Net with the weights of a LayerLab model file (.npz) of this design. Read with
    allow_pickle=False: a model file holds plain arrays, and nothing in it is run."""
    with np.load(path, allow_pickle=False) as f:
        if "format" not in f.files or str(f["format"]) != MODEL_FORMAT:
            raise ValueError(f"{path}: not a LayerLab model file")
        if int(f["version"]) > MODEL_VERSION:
            raise ValueError(f"{path}: a newer model file (version {int(f['version'])}) than this script reads ({MODEL_VERSION})")
        weights = {}
        for name, (shape, _, _) in STARTING.items():
            key = "weights/" + name
            if key not in f.files:
                raise ValueError(f"{path}: array {name} is missing: this is a model of another design")
            if f.zip.getinfo(key + ".npy").file_size > 8 * math.prod(shape) + 4096:  # before reading it
                raise ValueError(f"{path}: array {name} is larger than this network's")
            weights[name] = f[key]
        normalisation = {key.split("/", 1)[1]: f[key] for key in f.files if key.startswith("normalisation/")}
    for name, value in weights.items():
        if not np.isfinite(value).all():
            raise ValueError(f"{path}: array {name} holds NaN or infinite values")
    net = Net()
    set_weights(net, weights)
    if normalisation:
        net.normalisation = normalisation
    return net


def save_layerlab(net, path, history=None):
    """Write a LayerLab model file of the net: the design, its weights as LayerLab keeps them,
    the normalisation and the training history (per-epoch lists: loss, accuracy, val_loss,
    val_accuracy, seconds, learning_rate). Written beside `path` first and then renamed over it, so a crash
    never leaves half a file. LayerLab checks every array again when it opens the file."""
    arrays = {"format": np.array(MODEL_FORMAT), "version": np.array(MODEL_VERSION, dtype=np.int64), "design": np.array(DESIGN_JSON)}
    arrays.update(MODEL_DATA)
    for name, value in get_weights(net).items():
        arrays["weights/" + name] = value
    for name, values in (history or {}).items():
        arrays["history/" + name] = np.asarray(values, dtype=np.float64)
    for name, value in net.normalisation.items():
        arrays["normalisation/" + name] = np.asarray(value, dtype=np.float64)
    path = Path(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


# --------------------------------------------------------------------------- the data


class DataError(Exception):
    """The data cannot be found or read; the message says what to do."""


$data_section
# --------------------------------------------------------------------------- training


class UsageError(Exception):
    """A command-line value that cannot work; the message says which."""


class Diverged(Exception):
    """The loss became infinite or NaN."""


def split_validation(n, fraction, rng):
    """LayerLab's split: a random permutation of the n samples, the first round(n · fraction)
    held out (at least one when any is asked for), each part in ascending order."""
    order = rng.permutation(n)
    n_val = int(round(n * fraction))
    if fraction > 0 and n_val == 0 and n > 1:
        n_val = 1
    return np.sort(order[n_val:]), np.sort(order[:n_val])


def epoch_batches(train_idx, epoch, batch_size, rng, rank, world):
    """One epoch's batches, as indices of training samples. One process: LayerLab's own order
    (a new permutation of the training indices). Under torchrun: this process's shard of
    the epoch (DistributedSampler), `batch_size` being each process's share of a step."""
    if world == 1:
        order = rng.permutation(train_idx)
    else:
        sampler = DistributedSampler(train_idx, num_replicas=world, rank=rank, shuffle=True, seed=SEED)
        sampler.set_epoch(epoch)
        order = train_idx[list(sampler)]
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def evaluate(net, x, y, indices, device, rank=0, world=1, chunk=1024):
    """(mean loss, accuracy) over x[indices], without dropout. Under torchrun each process
    takes every world-th sample, and their sums are added."""
    mine = indices[rank::world]
    totals = torch.zeros(3, dtype=torch.float64, device=device)
    net.eval()
    with torch.no_grad():
        for start in range(0, len(mine), chunk):
            idx = mine[start : start + chunk]
            labels = torch.from_numpy(y[idx]).to(device)
            logits = net(torch.from_numpy(normalise(x[idx], net.normalisation)).to(device))
            totals[0] += loss_function(net, logits, labels).double() * len(idx)
            totals[1] += (logits.argmax(dim=1) == labels).sum()
            totals[2] += len(idx)
    net.train()
    if world > 1:
        dist.all_reduce(totals)
    loss, correct, count = totals.tolist()
    return (loss / count, correct / count) if count else (math.nan, math.nan)


def train(net, model, data, *, epochs, batch_size, lr, device, rank=0, world=1, log=print):
    """Train `model` (the net, or the net wrapped in DistributedDataParallel) as LayerLab
    trains: the seed's split and batch order, mini-batches of `batch_size` samples (shared
    out among the processes), the design's loss, optimizer and learning-rate schedule (stepped
    after every epoch, over this run's `epochs`). Returns the history."""
    x_train, y_train = data[0], data[1]
    rng = np.random.default_rng(np.random.SeedSequence(SEED).spawn(2)[1])  # LayerLab's stream for split and batches
    train_idx, val_idx = split_validation(len(y_train), VALIDATION_SPLIT, rng)
    if len(train_idx) == 0:
        raise DataError("no training data is left after the validation split")
    batch_size = min(batch_size, len(train_idx))
    share = max(1, batch_size // world)
    if world > 1:
        log(f"{world} processes, {share} samples each per step ({share * world} in all)")
    optimizer = make_optimizer(model.parameters(), lr)
    scheduler = make_scheduler(optimizer, epochs)
    history = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": [], "seconds": [], "learning_rate": []}
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        epoch_lr = optimizer.param_groups[0]["lr"]  # this epoch's, as the schedule set it
        totals = torch.zeros(3, dtype=torch.float64, device=device)
        net.train()
        for idx in epoch_batches(train_idx, epoch, share, rng, rank, world):
            x = torch.from_numpy(normalise(x_train[idx], net.normalisation)).to(device, non_blocking=True)
            labels = torch.from_numpy(y_train[idx]).to(device, non_blocking=True)
            logits = model(x)
            loss = loss_function(net, logits, labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # under torchrun, DistributedDataParallel averages the gradients here
            optimizer.step()
            with torch.no_grad():
                totals[0] += loss.double() * len(idx)
                totals[1] += (logits.argmax(dim=1) == labels).sum()
                totals[2] += len(idx)
        if world > 1:
            dist.all_reduce(totals)
        loss_sum, correct, count = totals.tolist()
        if not math.isfinite(loss_sum):
            raise Diverged(f"the loss became infinite or not a number (NaN) in epoch {epoch}: the learning rate ({lr:g}) "
                           f"is probably too high, try {lr / 10:g}; nothing was saved")
        val_loss, val_accuracy = evaluate(net, x_train, y_train, val_idx, device, rank, world)
        seconds = time.perf_counter() - start
        for key, value in zip(history, (loss_sum / count, correct / count, val_loss, val_accuracy, seconds, epoch_lr)):
            history[key].append(value)
        if scheduler is not None:
            scheduler.step()  # the next epoch's learning rate
        val = "" if math.isnan(val_loss) else f"  val_loss {val_loss:.4f}  val_acc {val_accuracy:.2%}"
        log(f"epoch {epoch:>3}/{epochs}  loss {loss_sum / count:.4f}  acc {correct / count:.2%}{val}  lr {epoch_lr:.3g}  ({seconds:.1f} s)",
            flush=True)
    return history


def start_processes(device_name):
    """(device, rank, number of processes). Under torchrun (which sets WORLD_SIZE, RANK and
    LOCAL_RANK) this process joins the others: NCCL between GPUs, gloo between CPUs."""
    if device_name == "auto":
        device_name = "cuda" if torch.cuda.is_available() else "cpu"
    if device_name == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: PyTorch finds no CUDA GPU here (try --device cpu)")
    if int(os.environ.get("WORLD_SIZE", "1")) == 1:
        return torch.device(device_name), 0, 1
    if device_name == "cuda":
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return device, dist.get_rank(), dist.get_world_size()


def check_out(path):
    """--out must name a new file or a regular one, in a folder that can be written to:
    found out now, not after the training."""
    path = Path(path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UsageError(f"--out {path}: is not a regular file")
    if not path.parent.is_dir():
        raise UsageError(f"--out {path}: no such folder {path.parent}")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {path}: the folder cannot be written to")


def positive(kind):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not value > 0 or not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a positive {kind.__name__}, got {text!r}")
        return value
    return parse


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"Train {TITLE} as LayerLab would (or with torchrun, on many processes).")
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.add_argument("--epochs", type=positive(int), default=EPOCHS, help=f"default {EPOCHS}")
    parser.add_argument("--batch-size", type=positive(int), default=BATCH_SIZE, help=f"samples per step, all processes together (default {BATCH_SIZE})")
    parser.add_argument("--lr", type=positive(float), default=LEARNING_RATE, help=f"learning rate (default {LEARNING_RATE:g})")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="auto: a GPU when there is one")
    parser.add_argument("--out", default="model.npz", help="the LayerLab model file to write (default model.npz)")
    args = parser.parse_args(argv)
    first = int(os.environ.get("RANK", "0")) == 0
    try:
        if first:
            check_out(args.out)
        data = load_data(args.data_dir)
        device, rank, world = start_processes(args.device)
    except (DataError, UsageError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    log = print if rank == 0 else (lambda *a, **k: None)
    try:
        torch.manual_seed(SEED + rank)  # dropout: each process its own masks
        net = build_net().to(device)
        model = nn.parallel.DistributedDataParallel(net, device_ids=[device.index] if device.type == "cuda" else None) if world > 1 else net
        log(f"{TITLE}: {len(data[1]):,} training {SAMPLES} of {DATASET_TITLE}, {args.epochs} epoch(s), on {device}")
        started = time.perf_counter()
        history = train(net, model, data, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, device=device,
                        rank=rank, world=world, log=log)
        test_loss, test_accuracy = evaluate(net, data[2], data[3], np.arange(len(data[3])), device, rank, world)
        log(f"test accuracy {test_accuracy:.2%}  test loss {test_loss:.4f}  ({args.epochs} epochs, {time.perf_counter() - started:.1f} s)")
        if rank == 0:
            save_layerlab(net, args.out, history)
            log(f"saved {args.out}: open it in LayerLab (File → Open…)")
    except (Diverged, DataError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        if world > 1:
            dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''
