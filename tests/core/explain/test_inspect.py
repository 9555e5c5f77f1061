"""The inspector's trace: the worked example by hand, and agreement with the model's own
backpropagation and with numerical differentiation for other designs."""
import math

import numpy as np
import pytest

from core.design import spec
from core.explain.inspect import BACKWARD, FORWARD, number, trace
from core.nn.gradcheck import numerical_gradient
from core.nn.model import build_model
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec

from tests.conftest import EXAMPLES


def sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


@pytest.fixture(scope="module")
def worked():
    design = spec.load(EXAMPLES / "worked_example.json")
    # float64 from the start: in float32, 0.3 would already be 0.30000001192...
    return design, trace(build_model(design, dtype=np.float64), [1.0, -1.0], 1)


def test_worked_example_forward_by_hand(worked):
    _, tr = worked
    x1, x2 = 1.0, -1.0
    # hidden layer: W = [[0.5, -0.3], [0.2, 0.4]] (rows are inputs), b = [0.1, -0.1]
    z1 = x1 * 0.5 + x2 * 0.2 + 0.1  # 0.4
    z2 = x1 * -0.3 + x2 * 0.4 - 0.1  # -0.8
    h1, h2 = sigmoid(z1), sigmoid(z2)
    # output layer: W = [[0.6, -0.2], [-0.4, 0.5]], b = [0.0, 0.1]
    u1 = h1 * 0.6 + h2 * -0.4 + 0.0
    u2 = h1 * -0.2 + h2 * 0.5 + 0.1
    y1, y2 = sigmoid(u1), sigmoid(u2)
    t1, t2 = 0.0, 1.0  # the right class is 1
    loss = 0.5 * ((y1 - t1) ** 2 + (y2 - t2) ** 2)

    hidden, out = tr.layers
    np.testing.assert_allclose(hidden.x, [x1, x2])
    np.testing.assert_allclose(hidden.z, [z1, z2], rtol=1e-12)
    np.testing.assert_allclose(hidden.a, [h1, h2], rtol=1e-12)
    np.testing.assert_allclose(out.z, [u1, u2], rtol=1e-12)
    np.testing.assert_allclose(out.a, [y1, y2], rtol=1e-12)
    np.testing.assert_allclose(tr.target, [t1, t2])
    assert tr.loss == pytest.approx(loss, rel=1e-12)
    # the numbers a learner gets with a pencil, to 4 decimals
    assert (round(z1, 4), round(z2, 4)) == (0.4, -0.8)
    assert (round(h1, 4), round(h2, 4)) == (0.5987, 0.31)
    assert (round(y1, 4), round(y2, 4)) == (0.5585, 0.5338)
    assert round(loss, 4) == 0.2647


def test_worked_example_backward_by_hand(worked):
    _, tr = worked
    x1, x2 = 1.0, -1.0
    z = np.array([x1 * 0.5 + x2 * 0.2 + 0.1, x1 * -0.3 + x2 * 0.4 - 0.1])
    h = np.array([sigmoid(v) for v in z])
    u = np.array([h[0] * 0.6 + h[1] * -0.4, h[0] * -0.2 + h[1] * 0.5 + 0.1])
    y = np.array([sigmoid(v) for v in u])
    t = np.array([0.0, 1.0])

    dy = y - t  # squared error: dL/dy = y - t
    du = dy * y * (1 - y)  # sigmoid: dy/du = y (1 - y)
    dW2 = np.array([[h[0] * du[0], h[0] * du[1]], [h[1] * du[0], h[1] * du[1]]])
    db2 = du
    dh = np.array([du[0] * 0.6 + du[1] * -0.2, du[0] * -0.4 + du[1] * 0.5])  # du . W2^T
    dz = dh * h * (1 - h)
    dW1 = np.array([[x1 * dz[0], x1 * dz[1]], [x2 * dz[0], x2 * dz[1]]])
    db1 = dz
    dx = np.array([dz[0] * 0.5 + dz[1] * -0.3, dz[0] * 0.2 + dz[1] * 0.4])

    hidden, out = tr.layers
    np.testing.assert_allclose(out.dL_da, dy, rtol=1e-12)
    np.testing.assert_allclose(out.dL_dz, du, rtol=1e-12)
    np.testing.assert_allclose(out.dL_dW, dW2, rtol=1e-12)
    np.testing.assert_allclose(out.dL_db, db2, rtol=1e-12)
    np.testing.assert_allclose(out.dL_dx, dh, rtol=1e-12)
    np.testing.assert_allclose(hidden.dL_da, dh, rtol=1e-12)
    np.testing.assert_allclose(hidden.dL_dz, dz, rtol=1e-12)
    np.testing.assert_allclose(hidden.dL_dW, dW1, rtol=1e-12)
    np.testing.assert_allclose(hidden.dL_db, db1, rtol=1e-12)
    np.testing.assert_allclose(hidden.dL_dx, dx, rtol=1e-12)
    assert round(du[0], 4) == 0.1377 and round(dW1[0, 0], 4) == 0.0254


def test_worked_example_steps_and_formulas(worked):
    _, tr = worked
    kinds = [(s.direction, s.kind, s.layer) for s in tr.steps]
    assert kinds == [
        (FORWARD, "input", None),
        (FORWARD, "weighted_sum", 0), (FORWARD, "activation", 0),
        (FORWARD, "weighted_sum", 1), (FORWARD, "activation", 1),
        (FORWARD, "loss", None),
        (BACKWARD, "loss_gradient", None),
        (BACKWARD, "activation_gradient", 1), (BACKWARD, "weight_gradient", 1), (BACKWARD, "input_gradient", 1),
        (BACKWARD, "activation_gradient", 0), (BACKWARD, "weight_gradient", 0), (BACKWARD, "input_gradient", 0),
    ]
    by_kind = {(s.kind, s.layer): s for s in tr.steps}
    assert by_kind["weighted_sum", 0].formula == "z = x·W + b"
    assert by_kind["activation", 0].formula == "a = σ(z) = 1 / (1 + e^(−z))"
    assert by_kind["activation_gradient", 1].formula.startswith("∂L/∂z = ∂L/∂a ⊙ σ(z)(1 − σ(z))")
    assert by_kind["weight_gradient", 0].formula.startswith("∂L/∂W = xᵀ · ∂L/∂z")
    assert by_kind["weighted_sum", 0].worked[0] == "z₁ = 1 × 0.5 + (−1) × 0.2 + 0.1 = 0.4"
    assert by_kind["activation", 0].worked[0] == "a₁ = σ(0.4) = 1 / (1 + e^(−0.4)) = 0.5987"
    assert by_kind["loss", None].worked == ("L = ½ × ((0.5585 − 0)² + (0.5338 − 1)²) = 0.2647",)
    assert by_kind["weight_gradient", 0].worked[0] == "∂L/∂w₁₁ = x₁ × ∂L/∂z₁ = 1 × 0.0254 = 0.0254"


def test_the_trace_leaves_the_model_alone():
    design = spec.load(EXAMPLES / "worked_example.json")
    model = build_model(design)
    before = model.get_weights()
    trace(model, [1.0, -1.0], 1)
    for name, w in model.get_weights().items():
        np.testing.assert_array_equal(w, before[name])
    assert model.dtype == np.float32
    assert model.layers[0].input_grad is False


def mixed_design(loss: str, last: str) -> spec.Design:
    layers = [DenseSpec(6, "relu"), DropoutSpec(0.5), DenseSpec(5, "tanh"),
              DenseSpec(4, "leaky_relu"), DenseSpec(4, "sigmoid"), DenseSpec(3, last)]
    d = spec.Design(name="mix", input_shape=(5,), layers=layers, loss=loss)
    d.training.init = "xavier"
    return d


@pytest.mark.parametrize("loss, last", [("cross_entropy", "softmax"), ("mse", "softmax"), ("mse", "none")])
def test_the_trace_matches_backprop_and_numerical_gradients(loss, last):
    model = build_model(mixed_design(loss, last), rng=np.random.default_rng(4), dtype=np.float64)
    x = np.random.default_rng(5).standard_normal(5)
    tr = trace(model, x, 2)
    # the model's own backpropagation gives the same weight gradients
    loss_value = model.loss_and_gradients(x[None], np.array([2]))
    assert tr.loss == pytest.approx(loss_value, rel=1e-12)
    for name, g in tr.gradients().items():
        np.testing.assert_allclose(g, model.gradients[name], rtol=1e-10, atol=1e-14)
    # and the gradient for the input agrees with numerical differentiation
    xs = x[None].copy()
    numeric = numerical_gradient(lambda v: model.evaluate(v, np.array([2]))[0], xs)[0]
    np.testing.assert_allclose(tr.layers[0].dL_dx, numeric, rtol=1e-6, atol=1e-9)
    # the output is the network's prediction
    np.testing.assert_allclose(tr.output, model.forward(x[None])[0], rtol=1e-12)


def test_softmax_with_cross_entropy_shows_the_fused_gradient():
    model = build_model(mixed_design("cross_entropy", "softmax"), rng=np.random.default_rng(1))
    tr = trace(model, np.ones(5), 0)
    step = next(s for s in tr.steps if s.kind == "activation_gradient" and s.layer == 5)
    assert step.formula == "∂L/∂z = y − t"
    np.testing.assert_allclose(tr.layers[-1].dL_dz, tr.output - tr.target, rtol=1e-12)
    np.testing.assert_allclose(tr.layers[-1].dL_da, -tr.target / tr.output, rtol=1e-12)
    loss_step = next(s for s in tr.steps if s.kind == "loss")
    assert loss_step.worked == (f"L = −log {number(tr.output[0])} = {number(tr.loss)}",)
    assert tr.loss == pytest.approx(-math.log(tr.output[0]))


def test_big_layers_are_not_written_out():
    d = spec.Design(name="big", input_shape=(784,), layers=[DenseSpec(16, "relu"), DenseSpec(10, "softmax")])
    tr = trace(build_model(d), np.random.default_rng(0).random(784), 3)
    assert all(not s.worked for s in tr.steps if s.kind in ("weighted_sum", "weight_gradient"))
    assert tr.layers[0].dL_dx.shape == (784,)
    assert tr.layers[0].dL_dW.shape == (784, 16)


def test_bad_samples_are_refused():
    model = build_model(spec.load(EXAMPLES / "worked_example.json"))
    with pytest.raises(ValueError, match="2 numbers"):
        trace(model, [1.0, 2.0, 3.0], 0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        trace(model, [1.0, 2.0], 2)


def test_numbers_read_like_a_textbook():
    assert number(0.59868) == "0.5987"
    assert number(-0.8) == "−0.8"
    assert number(0) == "0"
    assert number(1.5e-5) == "1.5e−5"
