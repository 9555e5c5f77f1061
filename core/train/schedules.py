"""Learning-rate schedules: how the learning rate changes from one epoch to the next.

A big step early moves the weights quickly towards a good region; smaller steps later let
them settle in it instead of jumping around its bottom. A schedule says how much smaller,
epoch by epoch. The rate changes only between epochs (never within one), so a learner can
read it in a table, and PyTorch's schedulers stepped once per epoch give the same numbers.

Each kind is one record in `SCHEDULES`: its name in the design file, its title and tip (the
designer translates them in context "names"), its parameters (`Field` records, parsed,
dumped and edited like a layer's settings), the pure function giving the rate of epoch e
(counted from 0) of a run of E epochs from the base rate (the optimizer's learning rate),
and the same schedule in PyTorch for the exported script.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from core.layer_types.base import Field

#: the most epochs a step may last: as many as a design may train (core.design.spec.MAX_EPOCHS)
MAX_STEP_EPOCHS = 10_000

#: rate(base, epoch, epochs, params): the learning rate of `epoch` (0-based) of `epochs`
Rate = Callable[[float, int, int, Mapping[str, float]], float]


def constant_rate(base: float, epoch: int, epochs: int, params: Mapping[str, float]) -> float:
    """lr_e = base: the same step from the first epoch to the last."""
    return base


def step_rate(base: float, epoch: int, epochs: int, params: Mapping[str, float]) -> float:
    """lr_e = base · γ^⌊e / s⌋: multiplied by γ every s epochs (PyTorch's StepLR)."""
    return base * params["gamma"] ** (epoch // int(params["step_epochs"]))


def exponential_rate(base: float, epoch: int, epochs: int, params: Mapping[str, float]) -> float:
    """lr_e = base · γ^e: multiplied by γ after every epoch (PyTorch's ExponentialLR)."""
    return base * params["gamma"] ** epoch


def cosine_rate(base: float, epoch: int, epochs: int, params: Mapping[str, float]) -> float:
    """lr_e = base · (1 + cos(π·e/E)) / 2: half a cosine from the base rate towards 0 over the
    run's E epochs (PyTorch's CosineAnnealingLR with T_max = E and eta_min = 0)."""
    return base * (1.0 + math.cos(math.pi * epoch / epochs)) / 2.0


@dataclass(frozen=True)
class ScheduleInfo:
    """One kind of schedule a design can name in ``training.schedule``."""

    name: str
    #: shown to the user (English; the designer translates them in context "names")
    title: str
    tip: str
    rate: Rate
    #: its parameters besides the base rate, with their defaults, ranges, labels and tips
    params: tuple[Field, ...] = ()
    #: export (core.export): the same schedule in PyTorch, a Python expression of `optimizer`
    #: and `epochs` with {params} to fill in, stepped once after every epoch; "None" for none
    torch: str = "None"

    def defaults(self) -> dict[str, float]:
        return {f.name: f.default for f in self.params}


_GAMMA_TIP = "γ: what the learning rate is multiplied by each time (0.5 halves it; 1 keeps it)."

#: every kind of schedule, in the order they are offered; "constant" is what a design without one means
SCHEDULES: dict[str, ScheduleInfo] = {
    s.name: s
    for s in (
        ScheduleInfo("constant", "Constant", "The learning rate stays the same for every epoch.", constant_rate),
        ScheduleInfo(
            "step", "Step decay",
            "Step decay: the learning rate is multiplied by γ every few epochs, so it drops in steps: "
            "lr = η · γ^⌊epoch / step⌋.",
            step_rate,
            (Field("gamma", "float", 0.5, lo=0.0, hi=1.0, lo_open=True, label="Factor γ", tip=_GAMMA_TIP,
                   step=0.05, decimals=3),
             Field("step_epochs", "int", 2, lo=1, hi=MAX_STEP_EPOCHS, label="Epochs per step",
                   tip="How many epochs each learning rate lasts before it is multiplied by γ.", editor_max=1000)),
            torch="torch.optim.lr_scheduler.StepLR(optimizer, step_size={step_epochs!r}, gamma={gamma!r})",
        ),
        ScheduleInfo(
            "exponential", "Exponential decay",
            "Exponential decay: after every epoch the learning rate is multiplied by γ: lr = η · γ^epoch.",
            exponential_rate,
            (Field("gamma", "float", 0.9, lo=0.0, hi=1.0, lo_open=True, label="Factor γ", tip=_GAMMA_TIP,
                   step=0.01, decimals=3),),
            torch="torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma={gamma!r})",
        ),
        ScheduleInfo(
            "cosine", "Cosine decay",
            "Cosine decay: the learning rate glides from η down towards 0 along half a cosine over the run's "
            "epochs: big steps first, small ones at the end. lr = η · (1 + cos(π · epoch / epochs)) / 2.",
            cosine_rate,
            torch="torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=0.0)",
        ),
    )
}


def learning_rate(schedule, base: float, epoch: int, epochs: int) -> float:
    """The learning rate of `epoch` (0-based) of a run of `epochs`, for a design's
    training.schedule (a core.design.spec.ScheduleSpec) and the optimizer's base rate."""
    info = SCHEDULES[schedule.type]
    params = {f.name: schedule.options.get(f.name, f.default) for f in info.params}
    return info.rate(base, epoch, epochs, params)


def learning_rates(schedule, base: float, epochs: int) -> list[float]:
    """The learning rate of every epoch of a run of `epochs`, first to last."""
    return [learning_rate(schedule, base, e, epochs) for e in range(epochs)]


__all__ = ["SCHEDULES", "ScheduleInfo", "MAX_STEP_EPOCHS", "learning_rate", "learning_rates",
           "constant_rate", "step_rate", "exponential_rate", "cosine_rate"]
