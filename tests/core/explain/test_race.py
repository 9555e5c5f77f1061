"""The optimizer race: same start, same batches, one curve per optimizer."""
import math

import numpy as np
import pytest

from core.data.datasets import load_dataset
from core.design import spec
from core.nn.optimizers import OPTIMIZERS
from core.explain.race import RACE_OPTIMIZERS, race
from core.nn.model import build_model
from core.train.loop import TrainingControl
from core.layer_types.dropout import DropoutSpec

from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def moons():
    design = spec.load(EXAMPLES / "moons.json")
    return design, load_dataset("moons", options=design.dataset_options, seed=0)


def test_every_optimizer_gets_a_curve_from_the_same_start(moons):
    design, data = moons
    events = []
    result = race(design, data, epochs=2, callback=events.append)
    assert list(result.lanes) == list(RACE_OPTIMIZERS)
    batches = math.ceil(len(data.y_train) / design.training.batch_size)
    assert result.steps == 2 * batches and result.status == "completed"
    firsts = {name: lane.first_loss for name, lane in result.lanes.items()}
    assert len(set(firsts.values())) == 1, firsts  # identical initial weights and first batch
    for name, lane in result.lanes.items():
        assert len(lane.losses) == result.steps
        assert lane.learning_rate == OPTIMIZERS[name].default_learning_rate
        assert lane.status == "completed"
        assert 0.0 <= lane.test_accuracy <= 1.0
    # the curves part after the first step: the optimizers move differently
    seconds = {round(lane.losses[1], 9) for lane in result.lanes.values()}
    assert len(seconds) == len(RACE_OPTIMIZERS)
    # the initial weights are the design's (as training it would start)
    init_seed, _ = np.random.SeedSequence(design.training.seed).spawn(2)
    fresh = build_model(design, rng=np.random.default_rng(init_seed)).get_weights()
    for name, w in fresh.items():
        np.testing.assert_array_equal(result.initial_weights[name], w)
    # events: one per batch with every optimizer's loss, positions on the epoch axis
    assert len(events) == result.steps
    assert set(events[0].losses) == set(RACE_OPTIMIZERS)
    assert events[0].position == pytest.approx(1 / batches) and events[-1].position == pytest.approx(2.0)


def test_dropout_masks_are_the_same_for_every_optimizer(moons):
    design, data = moons
    d = design.copy()
    d.layers.insert(1, DropoutSpec(0.5))
    result = race(d, data, ("sgd", "adam"), epochs=1, evaluate_test=False)
    assert result.lanes["sgd"].first_loss == result.lanes["adam"].first_loss


def test_a_diverging_optimizer_drops_out_and_the_others_go_on(moons):
    design, data = moons
    result = race(design, data, ("sgd", "adam"), epochs=2, learning_rates={"sgd": 10.0}, limit=200)
    # a learning rate of 10 blows up quickly on this data... or at least does not help
    sgd = result.lanes["sgd"]
    assert sgd.learning_rate == 10.0
    assert result.lanes["adam"].status == "completed"
    if sgd.status == "diverged":
        assert not math.isfinite(sgd.last_loss)
        assert len(sgd.losses) < result.steps


def test_stop_ends_the_race(moons):
    design, data = moons
    control = TrainingControl()

    def stop_soon(event):
        if event.step == 3:
            control.stop()

    result = race(design, data, epochs=5, callback=stop_soon, control=control)
    assert result.status == "stopped" and result.steps == 3
    assert all(lane.status == "stopped" and len(lane.losses) == 3 for lane in result.lanes.values())


def test_unknown_optimizers_are_refused(moons):
    design, data = moons
    with pytest.raises(ValueError, match="nesterov"):
        race(design, data, ("sgd", "nesterov"))
