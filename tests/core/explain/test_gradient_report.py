"""The gradient check report: every layer type below 1e-6 in float64, per layer."""
import numpy as np
import pytest

from core.design import spec
from core.explain.gradient_report import GradientCheckStopped, compare_gradients
from core.nn.gradcheck import TOLERANCE
from core.nn.model import build_model
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec

ALL_TYPES = [
    DenseSpec(6, "relu"), DropoutSpec(0.3), DenseSpec(6, "leaky_relu"), DenseSpec(5, "tanh"),
    DenseSpec(5, "sigmoid"), DenseSpec(4, "none"), DenseSpec(4, "softmax"),
]


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_every_layer_type_agrees_below_tolerance(loss):
    layers = [*ALL_TYPES[:-1], DenseSpec(3, "softmax")]
    d = spec.Design(name="all", input_shape=(4,), layers=layers, loss=loss)
    model = build_model(d, rng=np.random.default_rng(2))  # float32: checked on a float64 copy
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((4, 4)), np.array([0, 1, 2, 1])
    report = compare_gradients(model, x, y, entries=None)
    assert TOLERANCE == 1e-6
    assert report.passed and report.max_error < 1e-6, report.rows
    dense = [i for i, layer in enumerate(layers) if isinstance(layer, DenseSpec)]
    assert [(r.layer, r.param) for r in report.rows] == [(i, p) for i in dense for p in ("W", "b")]
    assert report.checked == report.parameters == model.parameter_count
    assert report.samples == 4 and report.backprop_seconds > 0 and report.numerical_seconds > 0


def test_big_layers_are_sampled_and_the_full_cost_estimated():
    d = spec.Design(name="mnist", input_shape=(784,), layers=[DenseSpec(32, "relu"), DenseSpec(10, "softmax")])
    model = build_model(d)
    rng = np.random.default_rng(0)
    report = compare_gradients(model, rng.random((3, 784)), np.array([1, 7, 3]), entries=20)
    assert report.passed
    assert [r.checked for r in report.rows] == [20, 20, 20, 10]
    assert report.numerical_seconds_for_all > report.numerical_seconds * 100


def test_a_broken_backward_fails_the_report():
    d = spec.Design(name="b", input_shape=(3,), layers=[DenseSpec(4, "tanh"), DenseSpec(2, "softmax")])
    model = build_model(d, rng=np.random.default_rng(0), dtype=np.float64)
    real = model.with_dtype

    def broken(dtype):
        twin = real(dtype)
        tanh = twin.layers[1]
        original = tanh.backward
        tanh.backward = lambda g: original(g) * 1.05
        return twin

    model.with_dtype = broken
    report = compare_gradients(model, np.ones((2, 3)), np.array([0, 1]), entries=None)
    assert not report.passed
    assert report.rows[0].relative_error > 1e-3 and report.rows[-1].passed


def test_a_check_can_be_stopped():
    d = spec.Design(name="s", input_shape=(20,), layers=[DenseSpec(30, "relu"), DenseSpec(2, "softmax")])
    model = build_model(d)
    asked = []

    def stop_after_ten():
        asked.append(1)
        return len(asked) > 10

    with pytest.raises(GradientCheckStopped):
        compare_gradients(model, np.ones((2, 20)), np.array([0, 1]), entries=None, should_stop=stop_after_ten)
    assert len(asked) == 11
