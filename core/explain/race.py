"""The optimizer race: one design trained with several optimizers, side by side.

Every optimizer gets its own copy of the network with *the same initial weights*,
and all of them see *the same mini-batches in the same order*: the run is
interleaved, one step of each optimizer per batch. So the only difference between
the curves is how each optimizer moves the weights, and the first losses are equal.

Each optimizer uses its usual learning rate (`OptimizerInfo.default_learning_rate`)
unless `learning_rates` says otherwise; other settings (momentum, decay, betas)
come from the design's optimizer where they apply. An optimizer whose loss turns
infinite or NaN drops out of the race; the others go on.

`race` reports through a plain callback (`RaceEvent` after every batch) and checks a
`core.train.loop.TrainingControl` between batches, like `core.train.loop.fit`.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from core.design.spec import Design, with_optimizer
from core.nn.model import build_model
from core.nn.optimizers import OPTIMIZERS, make_optimizer
from core.train.loop import TrainingControl, batches_rng, evaluate, weights_rng

#: every optimizer races, in the registry's order
RACE_OPTIMIZERS = tuple(OPTIMIZERS)


@dataclass(frozen=True)
class RaceEvent:
    step: int  # 1-based, counting batches (each optimizer made one step per batch)
    steps: int  # in the whole race
    epoch: int  # 1-based
    epochs: int
    #: where this batch sits on the epoch axis: batch b of B in epoch e -> e - 1 + b / B
    position: float
    #: this batch's loss for each optimizer still racing
    losses: dict[str, float]


@dataclass
class Lane:
    """One optimizer's run."""

    optimizer: str
    learning_rate: float
    losses: list[float] = field(default_factory=list)
    status: str = "racing"  # then "completed", "stopped" or "diverged"
    #: seconds spent in this optimizer's training steps
    seconds: float = 0.0
    test_loss: float = math.nan
    test_accuracy: float = math.nan

    @property
    def first_loss(self) -> float:
        return self.losses[0] if self.losses else math.nan

    @property
    def last_loss(self) -> float:
        return self.losses[-1] if self.losses else math.nan


@dataclass
class RaceResult:
    lanes: dict[str, Lane]
    status: str  # "completed" or "stopped"
    steps: int
    batches_per_epoch: int
    #: the weights every optimizer started from
    initial_weights: dict[str, np.ndarray]
    seconds: float = 0.0


def race(
    design: Design,
    dataset,
    optimizers: Sequence[str] = RACE_OPTIMIZERS,
    *,
    epochs: int | None = None,
    batch_size: int | None = None,
    limit: int | None = None,
    learning_rates: Mapping[str, float] | None = None,
    callback: Callable[[RaceEvent], None] | None = None,
    control: TrainingControl | None = None,
    evaluate_test: bool = True,
    test_limit: int | None = 2000,
) -> RaceResult:
    """Train `design` on `dataset` (a core.data.datasets.Dataset) once per optimizer, interleaved.

    `limit` trains on the first N training samples only; `test_limit` scores on the
    first N test samples (None: all). Dropout is on while training, with the same
    random masks for every optimizer.
    """
    unknown = [name for name in optimizers if name not in OPTIMIZERS]
    if unknown or not optimizers:
        raise ValueError(f"unknown optimizer(s) {', '.join(unknown) or '(none given)'}: choose from {', '.join(OPTIMIZERS)}")
    control = control or TrainingControl()
    report = callback or (lambda event: None)
    t = design.training
    epochs = epochs or t.epochs
    x, y = dataset.x_train, dataset.y_train
    if limit is not None:
        x, y = x[:limit], y[:limit]
    n = len(y)
    if n == 0:
        raise ValueError("there is no training data")
    batch_size = min(batch_size or t.batch_size, n)
    batches = math.ceil(n / batch_size)
    learning_rates = dict(learning_rates or {})

    # The weights and the batch order come from the design's seed as in training
    # (core.train.loop.weights_rng / batches_rng); a fresh generator for every copy.
    first = build_model(design, rng=weights_rng(t.seed))
    initial = first.get_weights()
    lanes: dict[str, Lane] = {}
    runners = {}
    for i, name in enumerate(dict.fromkeys(optimizers)):
        # The same seed again gives each copy the same dropout random stream too.
        model = first if i == 0 else build_model(design, rng=weights_rng(t.seed))
        model.set_weights(initial)
        spec = with_optimizer(t.optimizer, name)
        if name in learning_rates:
            spec = replace(spec, learning_rate=float(learning_rates[name]))
        runners[name] = (model, make_optimizer(spec))
        lanes[name] = Lane(name, spec.learning_rate)

    rng = batches_rng(t.seed)
    start = time.perf_counter()
    step = 0
    status = "completed"
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        for b in range(batches):
            control.wait_while_paused()
            if control.stopped:
                status = "stopped"
                break
            idx = np.sort(order[b * batch_size : (b + 1) * batch_size])
            xb, yb = dataset.normalise(x[idx]), y[idx]
            step += 1
            losses = {}
            for name, (model, optimizer) in runners.items():
                lane = lanes[name]
                if lane.status != "racing":
                    continue
                began = time.perf_counter()
                loss, _ = model.train_step(xb, yb, optimizer)
                lane.seconds += time.perf_counter() - began
                lane.losses.append(loss)
                if math.isfinite(loss):
                    losses[name] = loss
                else:
                    lane.status = "diverged"
            report(RaceEvent(step, epochs * batches, epoch, epochs, epoch - 1 + (b + 1) / batches, losses))
            if all(lane.status != "racing" for lane in lanes.values()):
                break
        if status == "stopped" or all(lane.status != "racing" for lane in lanes.values()):
            break

    for name, lane in lanes.items():
        if lane.status == "racing":
            lane.status = status
        if evaluate_test and lane.status != "diverged" and lane.losses and not control.stopped:
            xt, yt = dataset.x_test, dataset.y_test
            if test_limit is not None:
                xt, yt = xt[:test_limit], yt[:test_limit]
            lane.test_loss, lane.test_accuracy = evaluate(runners[name][0], xt, yt, dataset.normalise)
    return RaceResult(lanes, status, step, batches, initial, time.perf_counter() - start)


__all__ = ["RACE_OPTIMIZERS", "RaceEvent", "Lane", "RaceResult", "race"]
