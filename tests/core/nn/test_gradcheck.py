"""Backpropagation through whole models agrees with numerical gradients."""
import numpy as np
import pytest

from core.design import spec
from core.nn.gradcheck import (
    TOLERANCE,
    check_model_gradients,
    numerical_gradient,
    relative_error,
)
from core.nn.model import build_model
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # restored


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.ones(3), np.ones(3) * 1.001) == pytest.approx(0.0005, rel=1e-2)


def small_design(hidden: str, last: str, loss: str) -> spec.Design:
    layers = [DenseSpec(5, hidden), DropoutSpec(0.3), DenseSpec(4, hidden), DenseSpec(3, last)]
    d = spec.Design(name="g", input_shape=(4,), layers=layers, loss=loss)
    d.training.init = "xavier"
    return d


def data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((6, 4)), np.array([0, 1, 2, 2, 1, 0])


@pytest.mark.parametrize("hidden", ["relu", "sigmoid", "tanh", "leaky_relu", "softmax", "none"])
@pytest.mark.parametrize("last, loss", [("softmax", "cross_entropy"), ("softmax", "mse"), ("sigmoid", "mse"), ("none", "mse"), ("tanh", "mse")])
def test_whole_model_gradients(hidden, last, loss):
    model = build_model(small_design(hidden, last, loss), rng=np.random.default_rng(3), dtype=np.float64)
    x, y = data()
    errors = check_model_gradients(model, x, y)
    assert set(errors) == set(model.parameters)
    assert max(errors.values()) < TOLERANCE, errors


def test_float32_models_are_checked_in_float64():
    model = build_model(small_design("relu", "softmax", "cross_entropy"), rng=np.random.default_rng(0))
    x, y = data()
    errors = check_model_gradients(model, x.astype(np.float32), y)
    assert max(errors.values()) < TOLERANCE
    assert model.dtype == np.float32


def test_sampled_check_for_big_networks():
    d = spec.Design(name="big", input_shape=(784,), layers=[DenseSpec(64, "relu"), DenseSpec(10, "softmax")])
    model = build_model(d, rng=np.random.default_rng(0))
    rng = np.random.default_rng(1)
    x, y = rng.random((8, 784)), rng.integers(0, 10, 8)
    errors = check_model_gradients(model, x, y, samples=20, rng=rng)
    assert max(errors.values()) < TOLERANCE


def test_a_wrong_backward_is_caught():
    model = build_model(small_design("tanh", "softmax", "cross_entropy"), rng=np.random.default_rng(0), dtype=np.float64)
    tanh = model.layers[1]
    original = tanh.backward
    tanh.backward = lambda g: original(g) * 1.01  # a 1 % mistake
    errors = check_model_gradients(model, *data())
    assert errors["layers.0.W"] > 1e-3
