"""Every layer's backward pass against numerical gradients; shapes, dropout, repr."""
import numpy as np
import pytest

from core.nn.activations import ACTIVATIONS
from core.nn.gradcheck import numerical_gradient, relative_error
from core.nn.layers import (
    Affine,
    AffineReLU,
    Dropout,
    Identity,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
    softmax,
)

TOL = 1e-6


def away_from_zero(rng, shape):
    """Inputs at least 0.1 from 0, so kinks (ReLU) are never straddled by the nudge."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 2.0, size=shape)


def make_affine(rng):
    return Affine(rng.standard_normal((5, 4)), rng.standard_normal(4))


LAYERS = {
    "affine": make_affine,
    "affine_relu": lambda rng: AffineReLU(make_affine(rng)),
    "relu": lambda rng: ReLU(),
    "leaky_relu": lambda rng: LeakyReLU(0.1),
    "sigmoid": lambda rng: Sigmoid(),
    "tanh": lambda rng: Tanh(),
    "softmax": lambda rng: Softmax(),
    "identity": lambda rng: Identity(),
    "dropout": lambda rng: Dropout(0.5, np.random.default_rng(7)),
}


def forward_fixed(layer, x):
    """Forward in training mode; dropout redraws the same mask every time."""
    if isinstance(layer, Dropout):
        layer.rng = np.random.default_rng(7)
    return layer.forward(x, training=True)


@pytest.mark.parametrize("kind", LAYERS)
def test_backward_matches_numerical_gradient(kind):
    rng = np.random.default_rng(1)
    layer = LAYERS[kind](rng)
    x = away_from_zero(rng, (3, 5) if kind.startswith("affine") else (3, 4))
    upstream = rng.standard_normal(forward_fixed(layer, x).shape)

    def f(_):  # a scalar whose gradient w.r.t. the output is `upstream`
        return float(np.sum(forward_fixed(layer, x) * upstream))

    forward_fixed(layer, x)
    kept = upstream.copy()
    dx = layer.backward(upstream)
    assert np.array_equal(upstream, kept), "backward must not change its argument"
    assert relative_error(dx, numerical_gradient(f, x)) < TOL
    analytic = {name: g.copy() for name, g in layer.grads.items()}
    for name, p in layer.params.items():
        assert relative_error(analytic[name], numerical_gradient(f, p)) < TOL, name


def test_activation_registry_covers_the_spec():
    assert ACTIVATIONS["none"].layer is Identity


def test_affine_computes_the_weighted_sum_and_reads_like_the_network():
    W = np.arange(6, dtype=np.float32).reshape(3, 2)
    layer = Affine(W, np.array([1.0, -1.0], dtype=np.float32))
    out = layer.forward(np.array([[1.0, 0.0, 2.0]], dtype=np.float32), training=False)
    np.testing.assert_array_equal(out, [[0 + 8 + 1, 1 + 10 - 1]])
    assert out.dtype == np.float32
    assert repr(Affine(np.zeros((784, 256)), np.zeros(256))) == "Affine(784 -> 256)"


def test_affine_can_skip_its_input_gradient_but_still_learns():
    rng = np.random.default_rng(0)
    layer = make_affine(rng)
    layer.input_grad = False
    layer.forward(rng.standard_normal((3, 5)), training=True)
    assert layer.backward(rng.standard_normal((3, 4))) is None
    assert np.abs(layer.grads["W"]).sum() > 0


def test_gradients_are_written_into_the_given_arrays():
    rng = np.random.default_rng(0)
    dW, db = np.zeros((5, 4)), np.zeros(4)
    layer = Affine(rng.standard_normal((5, 4)), np.zeros(4), dW=dW, db=db)
    layer.forward(rng.standard_normal((3, 5)), training=True)
    layer.backward(np.ones((3, 4)))
    assert layer.grads["W"] is dW and np.abs(dW).sum() > 0
    np.testing.assert_allclose(db, 3.0)


def test_softmax_sums_to_one_and_survives_large_inputs():
    p = softmax(np.array([[1000.0, 1000.0, 999.0], [0.3, 2.9, 4.0]]))
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], [0.01821127, 0.24519181, 0.73659691], rtol=1e-6)
    p32 = Softmax().forward(np.array([[1000, -1000, 0]], dtype=np.float32), training=False)
    assert p32.dtype == np.float32 and np.isfinite(p32).all()


def test_sigmoid_and_tanh_known_values_and_no_overflow():
    x = np.array([[0.0, 1000.0, -1000.0]])
    np.testing.assert_allclose(Sigmoid().forward(x, training=False), [[0.5, 1.0, 0.0]])
    np.testing.assert_allclose(Tanh().forward(np.array([[0.5]]), training=False), [[np.tanh(0.5)]])


def test_relu_and_leaky_relu():
    x = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(ReLU().forward(x, training=False), [[0.0, 0.0, 3.0]])
    np.testing.assert_allclose(LeakyReLU().forward(x, training=False), [[-0.02, 0.0, 3.0]])
    assert repr(LeakyReLU()) == "LeakyReLU(alpha=0.01)"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", ["relu", "leaky_relu", "sigmoid", "tanh", "softmax", "none"])
def test_activations_keep_the_dtype(kind, dtype):
    layer = ACTIVATIONS[kind].make()
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(dtype)
    assert layer.forward(x, training=True).dtype == dtype
    assert layer.backward(np.ones_like(x)).dtype == dtype


def test_dropout_scales_in_training_and_is_identity_at_inference():
    x = np.ones((200, 500), dtype=np.float32)
    layer = Dropout(0.2, np.random.default_rng(0))
    out = layer.forward(x, training=True)
    assert out.dtype == np.float32
    assert set(np.unique(out)) == {np.float32(0.0), np.float32(1.25)}
    assert abs((out == 0).mean() - 0.2) < 0.01
    assert abs(out.mean() - 1.0) < 0.02  # inverted dropout keeps the expected value
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), out)  # the same mask
    assert layer.forward(x, training=False) is x
    assert repr(layer) == "Dropout(rate=0.2)"


def test_dropout_masks_come_from_the_injected_generator():
    x = np.ones((4, 50))
    a = Dropout(0.5, np.random.default_rng(3)).forward(x, training=True)
    b = Dropout(0.5, np.random.default_rng(3)).forward(x, training=True)
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError):
        Dropout(1.0, np.random.default_rng(0))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_affine_bias_gradient_is_the_batch_sum_whatever_the_batch_size(dtype):
    rng = np.random.default_rng(0)
    layer = Affine(rng.standard_normal((5, 4)).astype(dtype), np.zeros(4, dtype))
    for batch in (3, 7, 3, 1):
        layer.forward(rng.standard_normal((batch, 5)).astype(dtype), training=True)
        upstream = rng.standard_normal((batch, 4)).astype(dtype)
        layer.backward(upstream)
        assert layer.grads["b"].dtype == dtype
        np.testing.assert_allclose(layer.grads["b"], upstream.sum(axis=0), rtol=1e-6)


def test_relu_gradient_flows_only_where_the_input_was_positive():
    layer = ReLU()
    out = layer.forward(np.array([[-2.0, 0.0, 3.0, np.nan]]), training=True)
    np.testing.assert_array_equal(out[:, :3], [[0.0, 0.0, 3.0]])
    assert np.isnan(out[0, 3]), "a NaN must stay visible, so a diverging run is caught"
    np.testing.assert_array_equal(layer.backward(np.array([[5.0, 5.0, 5.0, 0.0]])), [[0.0, 0.0, 5.0, 0.0]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_affine_relu_gives_the_two_layers_numbers(library, dtype):
    """Dense + ReLU as one layer (core.nn.fusion): the same outputs and input and weight
    gradients bit for bit, the bias gradient to rounding (summed in another order), a
    NaN still a NaN, and the gradients written into the Affine layer's own arrays."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((37, 20)).astype(dtype)
    W, b = rng.standard_normal((20, 9)).astype(dtype), rng.standard_normal(9).astype(dtype)
    x[3, 0] = np.nan  # a diverging run: its NaN must reach the loss
    affine, relu = Affine(W.copy(), b.copy()), ReLU()
    fused_affine = Affine(W.copy(), b.copy())
    fused = AffineReLU(fused_affine)
    expected = relu.forward(affine.forward(x, training=True), training=True)
    out = fused.forward(x, training=True)
    np.testing.assert_array_equal(out, expected)
    assert out.dtype == dtype and np.isnan(out[3]).all() and (out[~np.isnan(out)] >= 0).all()
    assert 0 < np.count_nonzero(out == 0) < out.size  # the ReLU blocked some
    g = rng.standard_normal(out.shape).astype(dtype)
    expected_dx = affine.backward(relu.backward(g))
    dx = fused.backward(g)
    np.testing.assert_array_equal(dx, expected_dx)
    np.testing.assert_array_equal(fused_affine.grads["W"], affine.grads["W"])
    assert fused.grads["b"] is fused_affine.grads["b"]
    finite = ~np.isnan(affine.grads["b"])
    np.testing.assert_allclose(fused_affine.grads["b"][finite], affine.grads["b"][finite],
                               rtol=50 * np.finfo(dtype).eps, atol=50 * np.finfo(dtype).eps)
    assert np.isnan(fused_affine.grads["b"]).tolist() == np.isnan(affine.grads["b"]).tolist()


def test_affine_relu_passes_a_float64_gradient_check_with_each_library(library):
    rng = np.random.default_rng(6)
    layer = AffineReLU(Affine(rng.standard_normal((6, 5)), rng.standard_normal(5)))
    x = rng.standard_normal((4, 6))
    z = x @ layer.params["W"] + layer.params["b"]
    assert np.abs(z).min() > 1e-3 and 0 < np.count_nonzero(z > 0) < z.size  # no kink within a nudge; both sides
    upstream = rng.standard_normal(z.shape)

    def f(_):
        return float(np.sum(layer.forward(x, training=True) * upstream))

    layer.forward(x, training=True)
    dx = layer.backward(upstream)
    assert relative_error(dx, numerical_gradient(f, x)) < TOL
    analytic = {name: g.copy() for name, g in layer.grads.items()}
    for name, p in layer.params.items():
        assert relative_error(analytic[name], numerical_gradient(f, p)) < TOL, name


def test_a_model_trains_dense_relu_as_one_layer_with_the_same_numbers(monkeypatch, library):
    """An MLP's Dense + ReLU pairs train as AffineReLU (the design's blocks keep both
    layers); losses and weights after a few Adam steps are those of the two layers, to
    the rounding of the bias gradient's sum."""
    from core.design import spec
    from core.layer_types.dense import DenseSpec
    from core.nn import fusion
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer

    design = spec.Design(name="mlp", input_shape=(30,), layers=[DenseSpec(16, "relu"), DenseSpec(12, "relu"), DenseSpec(4, "softmax")])
    rng = np.random.default_rng(8)
    x, y = rng.standard_normal((64, 30)).astype(np.float32), rng.integers(0, 4, 64)

    def train(model):
        optimizer = make_optimizer(spec.OptimizerSpec("adam", 0.01))
        losses = [model.train_step(x[i : i + 16], y[i : i + 16], optimizer)[0] for i in range(0, 64, 16)]
        return losses, model.get_weights(), model.predict_proba(x)

    fused_model = build_model(design, rng=np.random.default_rng(1))
    assert [type(layer).__name__ for layer in fused_model.train_layers] == ["AffineReLU", "AffineReLU", "Affine"]
    assert [type(layer).__name__ for layer in fused_model.layers] == ["Affine", "ReLU", "Affine", "ReLU", "Affine", "Softmax"]
    losses, weights, probs = train(fused_model)
    monkeypatch.setattr(fusion, "FUSIONS", {})
    plain = build_model(design, rng=np.random.default_rng(1))
    assert [type(layer).__name__ for layer in plain.train_layers] == ["Affine", "ReLU", "Affine", "ReLU", "Affine"]
    plain_losses, plain_weights, plain_probs = train(plain)
    np.testing.assert_allclose(losses, plain_losses, rtol=1e-6)
    assert losses[0] == plain_losses[0]  # before any update, the same bits
    for name, w in weights.items():
        np.testing.assert_allclose(w, plain_weights[name], rtol=1e-5, atol=1e-6, err_msg=name)
    np.testing.assert_allclose(probs, plain_probs, rtol=1e-5, atol=1e-7)
