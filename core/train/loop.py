"""The mini-batch training loop, shared by the CLI and the GUI's worker thread.

`fit` never prints and never touches a GUI: it reports through one plain callback
(`BatchEvent` after every step, `EpochEvent` after every epoch) and checks a
`TrainingControl` between steps, so another thread can pause, resume or stop it.

A run that goes wrong ends early with a status other than "completed" and a message a
learner can act on (its likely cause and what to try): "diverged" when a loss becomes
NaN or infinite (checked at every step), "exploded" or "dead" when an epoch ends far
above the starting loss or with a network that gives one answer to everything (checked
once per epoch, see `core.train.health`). The weights of the last good epoch are then
restored; with none, the run leaves no model worth keeping (`TrainingResult.epochs` is 0).

The learning rate may change between epochs (a schedule, core.train.schedules): `fit` sets
the optimizer's rate at the start of each epoch, and every event says which rate it used.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.compute import cores
from core.train import health

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
    learning_rate: float = math.nan  # the optimizer's, in this epoch


@dataclass(frozen=True)
class EpochEvent:
    epoch: int
    epochs: int
    loss: float
    accuracy: float
    val_loss: float  # NaN when there is no validation split
    val_accuracy: float
    seconds: float  # wall time of this epoch, training and validation
    learning_rate: float = math.nan  # the optimizer's, in this epoch (NaN when it has none)


Event = BatchEvent | EpochEvent


@dataclass
class History:
    """Per-epoch curves (plus every batch's loss), as plain lists of floats."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    learning_rate: list[float] = field(default_factory=list)
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
        self.learning_rate.append(e.learning_rate)


#: the statuses of a run that went wrong (see the module doc)
FAILED_STATUSES = ("diverged", "exploded", "dead")

#: the sentences a run's `message` is made of, by code: `TrainingResult.parts` lists them
#: in order and `TrainingResult.args` fills them in, so a GUI can translate each one
RESULT_TEMPLATES: dict[str, str] = {
    "stopped": "Training stopped.",
    "diverged": "Training stopped: the loss became infinite or not a number (NaN) at epoch {epoch}, batch {batch}, "
                "so the weights were flying off.",
    "exploded": "Training stopped: the loss exploded. Epoch {epoch} averaged {loss}, more than {factor} times "
                "the {start} it started at, so the weights were thrown far off.",
    "dead_layer": "Training stopped: the network has gone dead. After epoch {epoch}, every unit of layer {layer} "
                  "outputs 0 whatever the input, so no gradient gets through it and the network gives the same "
                  "answer to everything (training accuracy {accuracy}, no better than guessing).",
    "dead": "Training stopped: the network has gone dead. After epoch {epoch} it gives the same answer whatever "
            "the input (training accuracy {accuracy}, no better than guessing).",
    "cause_lr": "The learning rate ({lr}) is probably too high: try {lower}.",
    "cause_lr_dead": "The learning rate ({lr}) is probably too high: one big step can push every ReLU unit below "
                     "zero, where it stops learning. Try {lower}, or the Adam optimizer.",
    "kept": "The weights from epoch {kept}, the last good one, were kept.",
    "nothing_kept": "No epoch finished cleanly, so there is no trained model to keep.",
}

#: how a run that went wrong ended, in a few words, by status (a status line; the message says
#: the rest); "failed" for a status without words of its own
HEADLINES: dict[str, str] = {
    "diverged": "Training diverged.",
    "exploded": "Training blew up: the loss exploded.",
    "dead": "Training stopped: the network went dead.",
    "failed": "Training went wrong.",
}


@dataclass
class TrainingResult:
    status: str  # "completed", "stopped", or one of FAILED_STATUSES
    history: History
    message: str = ""
    test_loss: float = math.nan
    test_accuracy: float = math.nan
    seconds: float = 0.0
    #: the RESULT_TEMPLATES codes `message` is made of, and the (display-ready) values they take
    parts: tuple[str, ...] = ()
    args: dict[str, str] = field(default_factory=dict)

    @property
    def epochs(self) -> int:
        return len(self.history.loss)

    @property
    def failed(self) -> bool:
        """True when the run went wrong (diverged, exploded, dead) rather than finishing or being stopped."""
        return self.status in FAILED_STATUSES


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


def compose_message(parts: tuple[str, ...], args: dict[str, str], template=lambda code: RESULT_TEMPLATES[code]) -> str:
    """The message made of `parts` (codes of RESULT_TEMPLATES) filled in from `args`;
    `template(code)` may give a translation of each. Sentences are joined by a space, except
    after a full-width full stop (Japanese puts none there)."""
    text = ""
    for code in parts:
        sentence = template(code).format(**args)
        text += sentence if not text or text.endswith(("。", "！", "？")) else " " + sentence
    return text


def readable_number(x: float) -> str:
    """2.42, 29.6, 194,597, 2,973,402,446,497: as a learner reads a loss."""
    if not math.isfinite(x):
        return str(x)
    if abs(x) < 1000:
        return f"{x:.3g}"
    if abs(x) < 1e16:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def failure_parts(status: str, facts: dict[str, Any], *, learning_rate: float, kept_epochs: int) -> tuple[tuple[str, ...], dict[str, str]]:
    """The parts and display-ready args of the message for a run that went wrong: what
    happened, its likely cause (with the learning rate, when known), and what was kept."""
    from core.design.checks import plain_number

    args = {key: str(value) for key, value in facts.items()}
    if status == "exploded":
        args["loss"], args["start"] = readable_number(facts["loss"]), readable_number(facts["start"])
        args["factor"] = f"{facts['factor']:g}"
        what = "exploded"
    elif status == "dead":
        args["accuracy"] = f"{100 * facts['accuracy']:.1f} %"
        what = "dead_layer" if "layer" in facts else "dead"
        if "layer" in facts:
            args["layer"] = str(int(facts["layer"]) + 1)  # people count layers from 1, as the Design page does
    else:
        what = "diverged"
    parts = [what]
    if math.isfinite(learning_rate) and learning_rate > 0:
        args["lr"], args["lower"] = plain_number(learning_rate), plain_number(learning_rate / 10)
        parts.append("cause_lr_dead" if status == "dead" else "cause_lr")
    if kept_epochs > 0:
        args["kept"] = str(kept_epochs)
        parts.append("kept")
    else:
        parts.append("nothing_kept")
    return tuple(parts), args


def weights_rng(seed: int) -> np.random.Generator:
    """The generator a run draws its initial weights from: one of two independent streams
    split off the design's seed (the other shuffles the batches), so changing the data
    never changes the weights. A fresh generator on every call."""
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[0])


def batches_rng(seed: int) -> np.random.Generator:
    """The generator a run draws its validation split and batch order from (see `weights_rng`)."""
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[1])


def validation_count(n: int, fraction: float) -> int:
    """How many of `n` samples a validation split of `fraction` holds out: at least one
    when asked for any (and there are two or more), so a small dataset still validates."""
    n_val = int(round(n * fraction))
    if fraction > 0 and n_val == 0 and n > 1:
        n_val = 1
    return n_val


def split_validation(n: int, fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random (train, validation) index arrays; indices instead of copies keep memory flat."""
    order = rng.permutation(n)
    n_val = validation_count(n, fraction)
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


def fit(model, optimizer, x: np.ndarray, y: np.ndarray, *, batch_size: int, **options) -> TrainingResult:
    """Train `model` in place with mini-batches drawn from shuffled training indices (see
    `_fit` for the options), with both cores as the step's size asks (core.compute.cores)."""
    with cores.training_threads(model.step_numbers(min(batch_size, len(y)))):
        return _fit(model, optimizer, x, y, batch_size=batch_size, **options)


def _fit(
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
    learning_rates: Callable[[int], float] | None = None,
) -> TrainingResult:
    """Train `model` in place with mini-batches drawn from shuffled training indices.

    Each batch is `normalise(x[idx])`; `gather` (Dataset.normalise_rows) computes the
    same in one pass into a reused array. `learning_rates(e)` gives the optimizer's rate for
    epoch e (counted from 0), set before its first step; None leaves the rate as it is."""
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
    probe = normalise(x[train_idx[health.probe_rows(n_train)]])

    def failed(status: str, facts: dict[str, Any]) -> TrainingResult:
        """End the run: the last good epoch's weights back, a message saying why."""
        model.set_weights(good_weights)
        parts, args = failure_parts(status, facts, learning_rate=learning_rate, kept_epochs=len(history.loss))
        result = _finish(status, history, compose_message(parts, args), run_start, paused_total)
        result.parts, result.args = parts, args
        return result
    run_start = time.perf_counter()
    paused_total = 0.0
    steps_done = 0
    total_steps = epochs * batches

    for epoch in range(1, epochs + 1):
        if learning_rates is not None:
            optimizer.learning_rate = learning_rates(epoch - 1)
        rate_now = getattr(optimizer, "learning_rate", math.nan)
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
                result = _finish("stopped", history, RESULT_TEMPLATES["stopped"], run_start, paused_total)
                result.parts = ("stopped",)
                return result
            idx = order[b * batch_size : (b + 1) * batch_size]
            loss, n_correct = model.train_step(read(idx), y[idx], optimizer)
            if not math.isfinite(loss):
                return failed("diverged", {"epoch": epoch, "batch": b + 1})
            loss_sum += loss * len(idx)
            correct += n_correct
            history.batch_loss.append(loss)
            steps_done += 1
            elapsed = time.perf_counter() - run_start - paused_total
            rate = steps_done * batch_size / elapsed if elapsed > 0 else 0.0
            remaining = elapsed / steps_done * (total_steps - steps_done)
            report(BatchEvent(epoch, epochs, b + 1, batches, loss, rate, elapsed, remaining, rate_now))
        val_loss, val_acc = evaluate(model, x, y, normalise, indices=val_idx, gather=gather)
        event = EpochEvent(
            epoch, epochs, loss_sum / n_train, correct / n_train, val_loss, val_acc,
            time.perf_counter() - epoch_start - epoch_paused, rate_now,
        )
        report(event)
        # once per epoch, never per batch: a forward pass over the probe rows
        trouble = health.check_epoch(model, probe, epoch=epoch, loss=event.loss, start_loss=history.batch_loss[0],
                                     accuracy=event.accuracy)
        if trouble is not None:
            return failed(trouble.status, trouble.args)
        history.append(event)
        good_weights = model.get_weights()
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
    separately, the split and shuffling, so the same design gives the same run. The
    learning rate follows the design's schedule over the run's epochs (`epochs` when given).
    """
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer
    from core.train.schedules import learning_rate

    t = design.training
    model = build_model(design, rng=weights_rng(t.seed))
    optimizer = make_optimizer(t.optimizer)
    run_epochs = epochs or t.epochs
    result = fit(
        model, optimizer, dataset.x_train, dataset.y_train,
        normalise=dataset.normalise,
        epochs=run_epochs,
        batch_size=t.batch_size,
        validation_split=t.validation_split,
        rng=batches_rng(t.seed),
        callback=callback,
        control=control,
        learning_rate=t.optimizer.learning_rate,
        gather=dataset.normalise_rows,
        learning_rates=lambda e: learning_rate(t.schedule, t.optimizer.learning_rate, e, run_epochs),
    )
    if evaluate_test and result.epochs > 0:  # after a failed run: the last good epoch's weights
        result.test_loss, result.test_accuracy = evaluate(
            model, dataset.x_test, dataset.y_test, dataset.normalise, gather=dataset.normalise_rows,
        )
    return TrainedRun(model, result, dict(dataset.normalisation))
