"""The toy playground's defaults learn the spirals for every seed, and its hints do what they say.

Each run is the one the playground's Train makes (`core.explain.playground.train`); a
200-epoch run on 480 points takes a fraction of a second.
"""
from dataclasses import replace

import pytest

from core.data.datasets import load_dataset
from core.explain.playground import DEFAULTS, quick_design, train
from core.nn.optimizers import OPTIMIZERS


def run(settings):
    design = quick_design(settings)
    dataset = load_dataset(design.dataset, options=design.dataset_options, seed=design.training.seed)
    result = train(design, dataset, resolution=8, every_seconds=1e9)
    assert result.status == "completed", result.message
    return result.history.accuracy[-1], result.test_accuracy


@pytest.mark.parametrize("seed", range(5))
def test_the_defaults_learn_the_spirals_for_every_seed(seed):
    """With 2 x 12 tanh at 0.01 the loss stayed near 0.6: a straight boundary, 62 to 67 %."""
    assert DEFAULTS.dataset == "spirals"
    train_accuracy, test_accuracy = run(replace(DEFAULTS, seed=seed))
    assert train_accuracy >= 0.88 and test_accuracy >= 0.8, (train_accuracy, test_accuracy)


def test_choosing_adam_again_gives_the_default_learning_rate():
    assert OPTIMIZERS[DEFAULTS.optimizer].toy_learning_rate == DEFAULTS.learning_rate == 0.02


@pytest.mark.parametrize("seed", range(3))
def test_the_hints_do_what_they_say(seed):
    s = replace(DEFAULTS, seed=seed)
    # "XOR with 0 hidden layers: no straight line separates it. Then 1."
    assert run(replace(s, dataset="xor", hidden_layers=0))[0] < 0.7
    assert run(replace(s, dataset="xor", hidden_layers=1))[0] >= 0.9
    # "Spirals with 1 hidden layer of 4: too few bends. Then 2 of 16."
    assert run(replace(s, hidden_layers=1, units=4))[0] < 0.8
    assert run(replace(s, hidden_layers=2, units=16))[0] >= 0.88
    # "Noise 0.3, 100 points, 64 neurons: the boundary chases single points (overfitting),
    # and the test accuracy falls behind."
    train_accuracy, test_accuracy = run(replace(s, noise=0.3, samples=100, units=64))
    assert train_accuracy >= 0.85 and train_accuracy - test_accuracy >= 0.2
