"""The mini-batch training loop, shared by the CLI and the GUI's worker thread.

`fit` never prints and never touches a GUI: it reports through one plain callback
(`BatchEvent` after every step, `EpochEvent` after every epoch) and checks a
`TrainingControl` between steps, so another thread can pause, resume or stop it.
A NaN or infinite loss ends the run, restoring the weights of the last completed
epoch, with a message a learner can act on.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: how often (seconds) a paused loop wakes to look for a stop request
_PAUSE_POLL = 0.05
#: rows per chunk when evaluating, so uint8 data is never converted wholesale
EVAL_CHUNK = 2048


@dataclass(frozen=True)
class BatchEvent:
    epoch: int  # 1-based
    epochs: int
    batch: int  # 1-based, within the epoch
    batches: int
    loss: float
    samples_per_second: float
    elapsed: float
    remaining: float  # estimated seconds left in the whole run


@dataclass(frozen=True)
class EpochEvent:
    epoch: int
    epochs: int
    loss: float
    accuracy: float
    val_loss: float  # NaN when there is no validation split
    val_accuracy: float
    seconds: float  # wall time of this epoch, training and validation


Event = BatchEvent | EpochEvent


@dataclass
class History:
    """Per-epoch curves (plus every batch's loss), as plain lists of floats."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[float]]:
        return {k: list(v) for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> History:
        return cls(**{k: [float(x) for x in data.get(k, [])] for k in cls.__dataclass_fields__})

    def append(self, e: EpochEvent) -> None:
        self.loss.append(e.loss)
        self.accuracy.append(e.accuracy)
        self.val_loss.append(e.val_loss)
        self.val_accuracy.append(e.val_accuracy)
        self.seconds.append(e.seconds)


@dataclass
class TrainingResult:
    status: str  # "completed", "stopped" or "diverged"
    history: History
    message: str = ""
    test_loss: float = math.nan
    test_accuracy: float = math.nan
    seconds: float = 0.0

    @property
    def epochs(self) -> int:
        return len(self.history.loss)


class TrainingControl:
    """Pause, resume and stop a run from another thread; checked between steps."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()  # wake a paused loop so it can see the stop

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def wait_while_paused(self) -> float:
        """Block while paused; return the seconds spent waiting (excluded from timings)."""
        if self._running.is_set():
            return 0.0
        start = time.perf_counter()
        while not self._running.wait(_PAUSE_POLL):
            pass
        return time.perf_counter() - start


class DivergedError(RuntimeError):
    pass


def divergence_message(epoch: int, batch: int, learning_rate: float) -> str:
    return (
        f"Training stopped: the loss became infinite or NaN at epoch {epoch}, batch {batch}. "
        f"The learning rate ({learning_rate:g}) is probably too high; try {learning_rate / 10:g}. "
        "The weights from the last completed epoch were kept."
    )


def split_validation(n: int, fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random (train, validation) index arrays; indices instead of copies keep memory flat."""
    order = rng.permutation(n)
    n_val = int(round(n * fraction))
    if fraction > 0 and n_val == 0 and n > 1:
        n_val = 1
    return np.sort(order[n_val:]), np.sort(order[:n_val])


#: gather(x, rows, out) -> normalise(x[rows]), written into `out` (Dataset.normalise_rows)
Gather = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def batch_reader(x: np.ndarray, normalise: Callable[[np.ndarray], np.ndarray], gather: Gather | None, rows: int):
    """A function from a batch's indices (at most `rows`) to the network's input:
    `normalise(x[idx])`, or with `gather` the same numbers written in one pass into one
    array reused for every batch (each batch is done with before the next is read)."""
    if gather is None:
        return lambda idx: normalise(x[idx])
    buffer = np.empty((min(rows, len(x)), *x.shape[1:]), np.float32)
    return lambda idx: gather(x, idx, buffer[: len(idx)])


def evaluate(
    model, x: np.ndarray, y: np.ndarray, normalise: Callable[[np.ndarray], np.ndarray], *,
    indices: np.ndarray | None = None, gather: Gather | None = None,
) -> tuple[float, float]:
    """Mean loss and accuracy over (a subset of) a dataset, normalised chunk by chunk."""
    n = len(y) if indices is None else len(indices)
    if n == 0:
        return math.nan, math.nan
    indices = np.arange(len(y)) if indices is None else indices
    read = batch_reader(x, normalise, gather, EVAL_CHUNK)
    total_loss = 0.0
    total_correct = 0.0
    for start in range(0, n, EVAL_CHUNK):
        sel = indices[start : start + EVAL_CHUNK]
        xb, yb = read(sel), y[sel]
        loss, acc = model.evaluate(xb, yb, batch_size=EVAL_CHUNK)
        total_loss += loss * len(yb)
        total_correct += acc * len(yb)
    return total_loss / n, total_correct / n


def fit(
    model,
    optimizer,
    x: np.ndarray,
    y: np.ndarray,
    *,
    normalise: Callable[[np.ndarray], np.ndarray],
    epochs: int,
    batch_size: int,
    validation_split: float = 0.0,
    rng: np.random.Generator,
    callback: Callable[[Event], None] | None = None,
    control: TrainingControl | None = None,
    learning_rate: float = math.nan,
    gather: Gather | None = None,
) -> TrainingResult:
    """Train `model` in place with mini-batches drawn from shuffled training indices.

    Each batch is `normalise(x[idx])`; `gather` (Dataset.normalise_rows) computes the
    same in one pass into a reused array."""
    control = control or TrainingControl()
    report = callback or (lambda event: None)
    history = History()
    train_idx, val_idx = split_validation(len(y), validation_split, rng)
    n_train = len(train_idx)
    if n_train == 0:
        raise ValueError("there is no training data left after the validation split")
    batch_size = min(batch_size, n_train)
    batches = math.ceil(n_train / batch_size)
    read = batch_reader(x, normalise, gather, batch_size)
    good_weights = model.get_weights()
    run_start = time.perf_counter()
    paused_total = 0.0
    steps_done = 0
    total_steps = epochs * batches

    for epoch in range(1, epochs + 1):
        epoch_start = time.perf_counter()
        epoch_paused = 0.0
        order = rng.permutation(train_idx)
        loss_sum = 0.0
        correct = 0
        for b in range(batches):
            waited = control.wait_while_paused()
            epoch_paused += waited
            paused_total += waited
            if control.stopped:
                return _finish("stopped", history, "Training stopped.", run_start, paused_total)
            idx = order[b * batch_size : (b + 1) * batch_size]
            loss, n_correct = model.train_step(read(idx), y[idx], optimizer)
            if not math.isfinite(loss):
                model.set_weights(good_weights)
                return _finish("diverged", history, divergence_message(epoch, b + 1, learning_rate), run_start, paused_total)
            loss_sum += loss * len(idx)
            correct += n_correct
            history.batch_loss.append(loss)
            steps_done += 1
            elapsed = time.perf_counter() - run_start - paused_total
            rate = steps_done * batch_size / elapsed if elapsed > 0 else 0.0
            remaining = elapsed / steps_done * (total_steps - steps_done)
            report(BatchEvent(epoch, epochs, b + 1, batches, loss, rate, elapsed, remaining))
        val_loss, val_acc = evaluate(model, x, y, normalise, indices=val_idx, gather=gather)
        event = EpochEvent(
            epoch, epochs, loss_sum / n_train, correct / n_train, val_loss, val_acc,
            time.perf_counter() - epoch_start - epoch_paused,
        )
        history.append(event)
        good_weights = model.get_weights()
        report(event)
    return _finish("completed", history, "", run_start, paused_total)


def _finish(status: str, history: History, message: str, start: float, paused: float) -> TrainingResult:
    return TrainingResult(status, history, message, seconds=time.perf_counter() - start - paused)


@dataclass
class TrainedRun:
    """Everything a finished run leaves behind: the model, its data's normalisation, the result."""

    model: Any
    result: TrainingResult
    normalisation: dict[str, float]


def train_design(
    design,
    dataset,
    *,
    epochs: int | None = None,
    callback: Callable[[Event], None] | None = None,
    control: TrainingControl | None = None,
    evaluate_test: bool = True,
) -> TrainedRun:
    """Build the design's model, train it on `dataset`, then score it on the test set.

    Seeding: one SeedSequence from the spec's seed feeds the initial weights and,
    separately, the split and shuffling, so the same design gives the same run.
    """
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer

    t = design.training
    init_seed, loop_seed = np.random.SeedSequence(t.seed).spawn(2)
    model = build_model(design, rng=np.random.default_rng(init_seed))
    optimizer = make_optimizer(t.optimizer)
    result = fit(
        model, optimizer, dataset.x_train, dataset.y_train,
        normalise=dataset.normalise,
        epochs=epochs or t.epochs,
        batch_size=t.batch_size,
        validation_split=t.validation_split,
        rng=np.random.default_rng(loop_seed),
        callback=callback,
        control=control,
        learning_rate=t.optimizer.learning_rate,
        gather=dataset.normalise_rows,
    )
    if evaluate_test and result.status != "diverged" and result.epochs > 0:
        result.test_loss, result.test_accuracy = evaluate(
            model, dataset.x_test, dataset.y_test, dataset.normalise, gather=dataset.normalise_rows,
        )
    return TrainedRun(model, result, dict(dataset.normalisation))
