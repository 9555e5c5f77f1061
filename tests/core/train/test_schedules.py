"""Learning-rate schedules: each kind's formula against numbers worked out by hand and against
PyTorch's own schedulers stepped once per epoch, and a run that follows its schedule epoch
by epoch (a constant one changing nothing at all)."""
from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from core.design import spec
from core.nn.model import build_model
from core.nn.optimizers import SGD, make_optimizer
from core.train.loop import BatchEvent, EpochEvent, batches_rng, fit, train_design, weights_rng
from core.train.schedules import MAX_STEP_EPOCHS, SCHEDULES, learning_rates
from tests.engines import torch  # noqa: F401 - fixture


def schedule(kind: str, **options) -> spec.ScheduleSpec:
    return spec.ScheduleSpec(kind, options)


# --------------------------------------------------------------------------- the formulas

COS_QUARTER = (1 + math.cos(math.pi / 4)) / 2  # 0.853553...


@pytest.mark.parametrize(("kind", "options", "expected"), [
    ("constant", {}, [0.1, 0.1, 0.1, 0.1]),
    ("step", {"gamma": 0.5, "step_epochs": 2}, [0.1, 0.1, 0.05, 0.05]),
    ("step", {"gamma": 0.1, "step_epochs": 1}, [0.1, 0.01, 0.001, 0.0001]),
    ("step", {}, [0.1, 0.1, 0.05, 0.05]),  # the defaults: halved every 2 epochs
    ("exponential", {"gamma": 0.9}, [0.1, 0.09, 0.081, 0.0729]),
    ("exponential", {}, [0.1, 0.09, 0.081, 0.0729]),  # the default γ, 0.9
    ("cosine", {}, [0.1, 0.1 * COS_QUARTER, 0.05, 0.1 * (1 - COS_QUARTER)]),
])
def test_each_kind_gives_the_rates_worked_out_by_hand(kind, options, expected):
    assert learning_rates(schedule(kind, **options), 0.1, 4) == pytest.approx(expected, rel=1e-12)


def test_every_schedule_starts_at_the_base_rate_whatever_the_run_length():
    """So the first epoch of a run is the same epoch whatever its length (--epochs 1 included)."""
    for name, info in SCHEDULES.items():
        for epochs in (1, 2, 7):
            assert learning_rates(schedule(name), 0.003, epochs)[0] == 0.003, (name, epochs)


def test_cosine_spreads_over_the_runs_epochs_and_never_reaches_zero():
    assert learning_rates(schedule("cosine"), 1.0, 1) == [1.0]  # one epoch: the base rate
    for epochs in (3, 10, 50):
        rates = learning_rates(schedule("cosine"), 1.0, epochs)
        assert len(rates) == epochs and all(a > b for a, b in zip(rates, rates[1:]))
        assert 0 < rates[-1] < 2.5 / epochs**2  # the last epoch's steps are small, not nothing
    assert learning_rates(schedule("cosine"), 1.0, 10)[5] == pytest.approx(0.5)  # half way: half the rate


def test_the_records_are_complete():
    assert list(SCHEDULES)[0] == "constant" and spec.ScheduleSpec().type == "constant"
    assert MAX_STEP_EPOCHS == spec.MAX_EPOCHS
    for name, info in SCHEDULES.items():
        assert info.name == name and info.title and len(info.tip) > 30
        for f in info.params:
            assert f.kind in ("int", "float") and f.label and f.tip, (name, f.name)
        assert info.torch  # every kind exports ("None": the optimizer's rate as it is)


def torch_rates(torch, kind: str, options: dict, base: float, epochs: int) -> list[float]:
    """The rate PyTorch's scheduler gives each epoch, stepped once after every epoch."""
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    schedulers = {
        "constant": lambda: None,
        "step": lambda: torch.optim.lr_scheduler.StepLR(optimizer, step_size=options["step_epochs"], gamma=options["gamma"]),
        "exponential": lambda: torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=options["gamma"]),
        "cosine": lambda: torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=0.0),
    }
    scheduler = schedulers[kind]()
    rates = []
    for _ in range(epochs):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
    return rates


@pytest.mark.parametrize(("kind", "options"), [
    ("constant", {}), ("step", {"gamma": 0.5, "step_epochs": 2}), ("step", {"gamma": 0.3, "step_epochs": 3}),
    ("exponential", {"gamma": 0.9}), ("exponential", {"gamma": 0.55}), ("cosine", {}),
])
@pytest.mark.parametrize("epochs", [1, 5, 12])
def test_each_kind_gives_the_rates_pytorchs_scheduler_gives(kind, options, epochs, torch):
    ours = learning_rates(schedule(kind, **options), 0.002, epochs)
    assert ours == pytest.approx(torch_rates(torch, kind, options, 0.002, epochs), rel=1e-12, abs=0)


# --------------------------------------------------------------------------- a run follows it

#: two blobs a small network separates in a few epochs
def blobs(n=256, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    x = (rng.standard_normal((n, 2)) + np.where(y[:, None] == 1, 1.5, -1.5)).astype(np.float32)
    return x, y.astype(np.int64)


DESIGN = {
    "format": "layerlab-design", "version": 2, "name": "blobs", "dataset": "xor", "input": {"shape": [2]},
    "layers": [{"type": "dense", "units": 8, "activation": "tanh"}, {"type": "dropout", "rate": 0.1},
               {"type": "dense", "units": 2, "activation": "softmax"}],
    "loss": "cross_entropy",
    "training": {"optimizer": {"type": "adam", "learning_rate": 0.01}, "batch_size": 32, "epochs": 5,
                 "validation_split": 0.25, "init": "xavier", "seed": 7},
}


def dataset():
    from core.data.datasets import Dataset

    x, y = blobs()
    return Dataset("xor", "blobs", x, y, x[:50], y[:50], ("a", "b"), (2,), kind="toy")


def with_schedule(**schedule_json) -> spec.Design:
    doc = copy.deepcopy(DESIGN)
    if schedule_json:
        doc["training"]["schedule"] = schedule_json
    return spec.from_dict(doc)


def test_a_constant_schedule_gives_exactly_the_run_a_design_without_one_gave():
    """The loop now sets the rate every epoch; with "constant" (or no schedule key) every loss
    is the one the loop gave before schedules existed, when it never touched the rate."""
    data = dataset()
    plain = with_schedule()
    t = plain.training
    before = fit(build_model(plain, rng=weights_rng(t.seed)), make_optimizer(t.optimizer), data.x_train, data.y_train,
                 normalise=data.normalise, epochs=t.epochs, batch_size=t.batch_size, validation_split=t.validation_split,
                 rng=batches_rng(t.seed), gather=data.normalise_rows).history
    for design in (plain, with_schedule(type="constant")):
        now = train_design(design, data, evaluate_test=False).result.history
        assert now.batch_loss == before.batch_loss and now.loss == before.loss and now.val_loss == before.val_loss
        assert now.learning_rate == [0.01] * 5


def test_a_run_uses_each_epochs_rate_and_reports_it():
    data = dataset()
    events = []
    design = with_schedule(type="step", gamma=0.5, step_epochs=2)
    history = train_design(design, data, callback=events.append, evaluate_test=False).result.history
    expected = [0.01, 0.01, 0.005, 0.005, 0.0025]
    assert history.learning_rate == expected
    assert [e.learning_rate for e in events if isinstance(e, EpochEvent)] == expected
    by_epoch = {e.epoch: e.learning_rate for e in events if isinstance(e, BatchEvent)}
    assert [by_epoch[e] for e in range(1, 6)] == expected  # the progress says the rate of the epoch under way
    # the first epoch ran at the base rate, as the constant run's did; the later ones at smaller rates
    constant = train_design(with_schedule(), data, evaluate_test=False).result.history
    assert history.loss[:2] == constant.loss[:2] and history.loss[2:] != constant.loss[2:]


def test_the_optimizer_steps_with_the_rate_of_its_epoch():
    """Every step of epoch e uses the schedule's rate for e: recorded by the optimizer itself."""
    class RecordingSGD(SGD):
        def step(self, params, grads):
            seen.append(self.learning_rate)
            super().step(params, grads)

    seen: list[float] = []
    design = with_schedule(type="exponential", gamma=0.5)
    data = dataset()
    model = build_model(design, rng=weights_rng(0))
    rates = learning_rates(design.training.schedule, 0.1, 3)
    fit(model, RecordingSGD(0.1), data.x_train, data.y_train, normalise=data.normalise, epochs=3, batch_size=64,
        validation_split=0.25, rng=batches_rng(0), learning_rates=lambda e: rates[e])
    assert seen == [0.1] * 3 + [0.05] * 3 + [0.025] * 3  # 192 training rows: 3 batches an epoch


def test_cosine_follows_the_epochs_the_run_is_given():
    """`train --epochs N` runs N epochs: the cosine spreads over those N, not the design's."""
    data = dataset()
    history = train_design(with_schedule(type="cosine"), data, epochs=3, evaluate_test=False).result.history
    assert history.learning_rate == pytest.approx(learning_rates(spec.ScheduleSpec("cosine"), 0.01, 3), rel=1e-15)
    assert history.learning_rate[1] == pytest.approx(0.01 * 0.75)
