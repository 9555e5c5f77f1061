"""The toy playground's starting point, without Qt: its default settings, the quick network
it builds, and one run as its Train button makes it.

The defaults are what a learner sees on opening Explore → Toy playground and pressing Train
without changing anything, so they must learn the spirals for every seed (tests check seeds
0 to 4): two hidden layers of 16 ReLU units, Adam at 0.02, mini-batches of 16, 200
epochs. (Two layers of 12 tanh units at 0.01 stalled at about 65 % for most seeds.)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.data.toy import DEFAULT_NOISE, DEFAULT_SAMPLES
from core.design import spec
from core.layer_types.dense import DenseSpec
from core.nn.activations import ACTIVATIONS
from core.nn.initializers import suited_to
from core.nn.optimizers import OPTIMIZERS


@dataclass(frozen=True)
class Settings:
    """Everything the playground's controls choose."""

    dataset: str = "spirals"
    noise: float = DEFAULT_NOISE
    samples: int = DEFAULT_SAMPLES
    seed: int = 0
    hidden_layers: int = 2
    units: int = 16
    activation: str = "relu"
    optimizer: str = "adam"
    #: as choosing the optimizer sets it: its `toy_learning_rate` (core.nn.optimizers), 0.02
    learning_rate: float = OPTIMIZERS["adam"].toy_learning_rate
    batch_size: int = 16
    epochs: int = 200


DEFAULTS = Settings()


def quick_design(settings: Settings = DEFAULTS, *, name: str = "Playground network") -> spec.Design:
    """The network the playground builds from its controls: `hidden_layers` Dense layers of
    `units` units, then a softmax over the two classes, with the matching initialisation."""
    layers = [DenseSpec(settings.units, settings.activation) for _ in range(settings.hidden_layers)]
    layers.append(DenseSpec(2, "softmax"))
    d = spec.Design(name=name, input_shape=(2,), layers=layers, loss="cross_entropy")
    d.training.init = suited_to(ACTIVATIONS[settings.activation].family)
    return with_settings(d, settings)


def with_settings(design: spec.Design, settings: Settings) -> spec.Design:
    """`design` (changed in place, and returned) training on the chosen points with the chosen settings."""
    design.dataset = settings.dataset
    design.dataset_options = {"noise": round(float(settings.noise), 4), "samples": int(settings.samples)}
    t = design.training
    t.seed = int(settings.seed)
    t.optimizer = spec.OptimizerSpec(settings.optimizer, float(settings.learning_rate))
    t.batch_size = int(settings.batch_size)
    t.epochs = int(settings.epochs)
    return design


def train(design: spec.Design, dataset, **watch):
    """One playground run, as Train starts it: fresh weights from the design's seed, then
    `core.explain.boundary.train_watching_boundary` (its keyword arguments in `watch`:
    callback, on_event, control, resolution, extent, steps_per_second, every_seconds)."""
    from core.explain.boundary import train_watching_boundary
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer
    from core.train.loop import weights_rng

    t = design.training
    model = build_model(design, rng=weights_rng(t.seed))  # as core.train.loop.train_design draws them
    optimizer = make_optimizer(t.optimizer)
    return train_watching_boundary(model, optimizer, dataset, epochs=t.epochs, batch_size=t.batch_size,
                                   rng=np.random.default_rng(t.seed), **watch)


__all__ = ["Settings", "DEFAULTS", "quick_design", "with_settings", "train"]
