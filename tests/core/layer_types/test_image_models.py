"""Whole networks with image layers: backprop agrees with central differences for every
parameter array (float64) on both kernel libraries, and the inspector steps through them
with the same gradients."""
from __future__ import annotations

import numpy as np
import pytest

from core.design import spec
from core.explain.inspect import trace
from core.layer_types.conv2d import Conv2DSpec as C
from core.layer_types.dense import DenseSpec as D
from core.layer_types.dropout import DropoutSpec as Drop
from core.layer_types.flatten import FlattenSpec as F
from core.layer_types.pooling import AvgPool2DSpec as Avg
from core.layer_types.pooling import MaxPool2DSpec as Max
from core.nn.gradcheck import TOLERANCE, check_model_gradients, numerical_gradient, relative_error
from core.nn.model import build_model

NETWORKS = {
    "stride 2, rectangular kernel, several channels": ((2, 9, 8), [C(3, [3, 2], stride=2, activation="tanh"), Max(2), F(), D(3, "softmax")]),
    "padding 2, one channel, overlapping average": ((1, 6, 7), [C(2, 3, padding=2, activation="sigmoid"), Avg([2, 3], stride=1),
                                                                C(3, 1, activation="tanh"), F(), D(3, "softmax")]),
    "same padding, dropout, two convolutions": ((3, 5, 5), [C(4, [3, 5], padding="same", activation="tanh"), Drop(0.5), Max([1, 2]),
                                                             C(2, 2, stride=2, padding=1, activation="relu"), F(), D(4, "tanh"), D(3, "softmax")]),
    "flat rows fed to an image design": ((1, 4, 4), [C(2, 2, activation="leaky_relu"), F(), D(3, "sigmoid")]),
    # the example CNN's pattern: the maps stay laid out channel by channel from each
    # convolution through its ReLU and pooling (core.compute.kernels.channel_major)
    "convolution, ReLU and max pooling twice": ((2, 9, 8), [C(3, 3, padding=1, activation="relu"), Max(2),
                                                             C(4, [2, 3], padding=1, activation="relu"), Max([2, 3], stride=2),
                                                             F(), D(3, "softmax")]),
}


def network(name: str, loss: str = "cross_entropy") -> spec.Design:
    shape, layers = NETWORKS[name]
    if layers[-1].activation != "softmax":
        loss = "mse"
    d = spec.Design(name=name, dataset="custom", input_shape=shape, layers=list(layers), loss=loss)
    d.training.init = "xavier"
    return d


@pytest.mark.parametrize("name", NETWORKS)
def test_every_parameter_passes_the_gradient_check(name, library):
    d = network(name)
    model = build_model(d, rng=np.random.default_rng(1), dtype=np.float64)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((5, *d.input_shape))
    errors = check_model_gradients(model, x, np.array([0, 1, 2, 1, 0]))
    assert set(errors) == set(model.parameters) and len(errors) >= 4
    assert max(errors.values()) < TOLERANCE, errors


def test_a_float32_cnn_is_checked_in_float64_and_rows_work_as_images():
    d = network("flat rows fed to an image design")
    model = build_model(d)
    x = np.random.default_rng(3).standard_normal((4, 16)).astype(np.float32)  # rows of 16: the (1, 4, 4) images
    assert model.predict_proba(x).shape == (4, 3)
    assert max(check_model_gradients(model, x, np.array([0, 1, 2, 0])).values()) < TOLERANCE


def test_the_inspector_steps_through_a_cnn_with_the_gradients_of_numerical_differentiation():
    d = network("stride 2, rectangular kernel, several channels")
    model = build_model(d, rng=np.random.default_rng(4), dtype=np.float64)
    x = np.random.default_rng(5).standard_normal(d.input_shape)
    tr = trace(model, x, 2)
    assert [(s.direction, s.kind) for s in tr.steps if s.layer == 0] == [
        ("forward", "convolution"), ("forward", "activation"),
        ("backward", "activation_gradient"), ("backward", "weight_gradient"), ("backward", "input_gradient")]
    assert tr.layers[0].a.shape == (3, 4, 4) and tr.layers[1].a.shape == (3, 2, 2)
    grads = tr.gradients()
    assert set(grads) == set(model.parameters)

    def loss(_):
        return model.evaluate(x[None], np.array([2]))[0]

    for name, w in model.parameters.items():
        assert relative_error(grads[name], numerical_gradient(loss, w)) < TOLERANCE, name
    # the input's gradient too (the model itself skips it: nothing below learns)
    assert relative_error(tr.layers[0].dL_dx, numerical_gradient(loss, x)) < TOLERANCE
