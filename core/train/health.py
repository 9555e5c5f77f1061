"""Is a training run still worth going on with? Checked once per epoch by `core.train.loop.fit`.

Two ways a run goes wrong while every loss stays a finite number (a NaN or infinite loss
the loop catches at every step):

* the loss **explodes**: an epoch's mean loss ends up far above the first mini-batch's.
  Too big a learning rate has thrown the weights so far that the network is confidently
  wrong about almost everything;
* the network **goes dead**: it gives the same answer whatever it is shown. Most often
  every ReLU unit of a hidden layer has been pushed below zero for every input: it
  outputs 0, passes no gradient back, and never recovers. Accuracy sits at chance.

Both are judged on numbers the loop has anyway plus one forward pass over a fixed
probe batch (`PROBE_ROWS` rows of the training data), which costs far less than an
epoch of training.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

#: an epoch whose mean loss is more than this many times the first mini-batch's has exploded
EXPLODED_FACTOR = 10.0
#: rows of the training data the network is run on after each epoch
PROBE_ROWS = 256
#: outputs that differ by less than this over the whole probe batch are "the same answer"
SAME_ANSWER = 1e-6


@dataclass(frozen=True)
class Trouble:
    """What went wrong: "exploded" or "dead", and the facts its message is made from."""

    status: str
    args: dict[str, Any]


def probe_rows(n: int) -> np.ndarray:
    """Positions of at most PROBE_ROWS rows spread evenly over `n` (no random numbers drawn,
    so checking never changes a run)."""
    if n <= PROBE_ROWS:
        return np.arange(n)
    return np.linspace(0, n - 1, PROBE_ROWS).round().astype(np.int64)


def has_exploded(epoch_loss: float, start_loss: float) -> bool:
    """The epoch's mean loss is far above where training started."""
    return math.isfinite(start_loss) and start_loss > 0 and epoch_loss > EXPLODED_FACTOR * start_loss


def dead_layer(steps: list[dict[str, np.ndarray]]) -> int | None:
    """The design index of the first hidden layer with weights whose every output is 0 for
    every probe row (all its ReLU units switched off), or None. `steps` is `Model.trace`'s."""
    for i, step in enumerate(steps[:-1]):
        if "weighted_sum" in step and not np.any(step["output"]):
            return i
    return None


def gives_one_answer(steps: list[dict[str, np.ndarray]]) -> bool:
    """The network's output is the same for every probe row: it no longer looks at its input."""
    out = steps[-1]["output"] if steps else None
    if out is None or len(out) < 2:
        return False
    with np.errstate(invalid="ignore"):
        spread = np.ptp(out, axis=0)
    return bool(np.all(np.isfinite(spread)) and spread.max(initial=0.0) <= SAME_ANSWER)


def check_epoch(model, probe: np.ndarray, *, epoch: int, loss: float, start_loss: float, accuracy: float) -> Trouble | None:
    """None while the run is healthy after `epoch`, else what went wrong (explosion first:
    it is what kills the units)."""
    if has_exploded(loss, start_loss):
        return Trouble("exploded", {"epoch": epoch, "loss": loss, "start": start_loss, "factor": EXPLODED_FACTOR})
    if len(probe) == 0:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        steps = model.trace(probe)
    hidden = sum(1 for step in steps[:-1] if "weighted_sum" in step)
    layer = dead_layer(steps)
    if layer is not None or (hidden and gives_one_answer(steps)):
        args: dict[str, Any] = {"epoch": epoch, "accuracy": accuracy}
        if layer is not None:
            args["layer"] = layer
        return Trouble("dead", args)
    return None


__all__ = ["EXPLODED_FACTOR", "PROBE_ROWS", "Trouble", "probe_rows", "has_exploded", "dead_layer", "gives_one_answer", "check_epoch"]
