"""Trained models to export, made once per session: the shipped MNIST MLP, and a small
CNN trained on a subset (every image layer type: convolution with padding, max and
average pooling, flatten)."""
from __future__ import annotations

import pytest

from core.design import spec
from core.export.source import ExportSource, from_bundle
from core.io.bundle import load_bundle
from core.io.resources import models_dir
from tests.conftest import ROOT
from tests.engines import onnxruntime, torch  # noqa: F401 - fixtures

CNN = {
    "format": "layerlab-design", "version": 2, "name": "small CNN", "dataset": "mnist", "input": {"shape": [1, 28, 28]},
    "layers": [
        {"type": "conv2d", "filters": 8, "kernel_size": 3, "padding": 1, "activation": "relu"},
        {"type": "maxpool2d", "pool_size": 2},
        {"type": "conv2d", "filters": 16, "kernel_size": [3, 5], "stride": 2, "activation": "leaky_relu"},
        {"type": "avgpool2d", "pool_size": 2, "stride": 1},
        {"type": "flatten"},
        {"type": "dropout", "rate": 0.25},
        {"type": "dense", "units": 10, "activation": "softmax"},
    ],
    "loss": "cross_entropy",
    "training": {"optimizer": {"type": "adam", "learning_rate": 0.002}, "batch_size": 16, "epochs": 1,
                 "validation_split": 0.1, "init": "he", "seed": 3},
}
#: training images the CNN learns from (enough for ~90 %: its probabilities are confident, as a real model's)
CNN_TRAINING = 6000


@pytest.fixture(scope="session")
def mnist(datasets_dir):
    from core.data.datasets import load_dataset

    return load_dataset("mnist", datasets_dir)


@pytest.fixture(scope="session")
def mlp_source() -> ExportSource:
    return from_bundle(load_bundle(models_dir() / "mnist_mlp.npz"))


@pytest.fixture(scope="session")
def cnn_source(mnist) -> ExportSource:
    from core.train.loop import train_design

    design = spec.from_dict(CNN)
    subset = _subset(mnist, CNN_TRAINING)
    run = train_design(design, subset, evaluate_test=False)
    assert run.result.status == "completed"
    return ExportSource(design, run.model.get_weights(), dict(run.normalisation), True, run.result.history.as_dict())


@pytest.fixture(scope="session")
def cnn_bundle(cnn_source, tmp_path_factory):
    from core.io.bundle import save_bundle

    path = tmp_path_factory.mktemp("cnn") / "cnn.npz"
    save_bundle(path, design=cnn_source.design, weights=cnn_source.weights, history=cnn_source.history,
                normalisation=cnn_source.normalisation)
    return path


def _subset(dataset, n):
    from dataclasses import replace

    return replace(dataset, x_train=dataset.x_train[:n], y_train=dataset.y_train[:n])


__all__ = ["CNN", "ROOT"]
