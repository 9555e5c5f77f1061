"""Building a model from a design; learning; weights in and out."""
import numpy as np
import pytest

from core.design import spec
from core.nn.layers import Affine, AffineReLU, Dropout, Identity, ReLU, Sigmoid, Softmax
from core.nn.losses import MeanSquaredError, SoftmaxCrossEntropy
from core.nn.model import build_model
from core.nn.optimizers import make_optimizer
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec


def design(*layers, inputs=4, loss="cross_entropy", init="he", seed=0) -> spec.Design:
    d = spec.Design(name="t", input_shape=(inputs,), layers=list(layers), loss=loss)
    d.training.init = init
    d.training.seed = seed
    return d


def mlp(**kw) -> spec.Design:
    return design(DenseSpec(6, "relu"), DropoutSpec(0.5), DenseSpec(3, "softmax"), **kw)


def data(n=20, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, features)).astype(np.float32), rng.integers(0, classes, n)


def test_dense_becomes_weighted_sum_plus_activation():
    model = build_model(mlp(), rng=np.random.default_rng(0))
    kinds = [type(layer) for layer in model.layers]
    assert kinds == [Affine, ReLU, Dropout, Affine, Softmax]
    assert [(b.index, b.kind, len(b.layers)) for b in model.blocks] == [(0, "dense", 2), (1, "dropout", 1), (2, "dense", 2)]
    assert model.blocks[0].affine is model.layers[0] and isinstance(model.blocks[2].activation, Softmax)
    assert model.blocks[1].affine is None and model.blocks[1].activation is None
    assert model.weight_shapes() == {"layers.0.W": (4, 6), "layers.0.b": (6,), "layers.2.W": (6, 3), "layers.2.b": (3,)}
    assert model.parameter_count == 4 * 6 + 6 + 6 * 3 + 3 == spec.parameter_count(mlp())
    assert "Affine(4 -> 6), ReLU()" in repr(model) and "SoftmaxCrossEntropy" in repr(model)


def test_softmax_with_cross_entropy_is_fused_in_training_only():
    model = build_model(mlp())
    assert isinstance(model.loss, SoftmaxCrossEntropy)
    # training stops at the logits (Dense + ReLU run as one layer: core.nn.fusion)
    assert [type(layer) for layer in model.train_layers] == [AffineReLU, Dropout, Affine]
    assert model.train_layers[-1] is model.layers[3] and model.train_layers[0].affine is model.layers[0]
    assert isinstance(model.run_layers[-1], Softmax)
    probs = model.forward(data()[0])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    mse = build_model(mlp(loss="mse"))
    assert isinstance(mse.loss, MeanSquaredError) and mse.train_layers[1:] == mse.layers[2:]


def test_float32_throughout():
    model = build_model(mlp())
    x, y = data()
    assert all(w.dtype == np.float32 for w in model.parameters.values())
    assert model.forward(x.astype(np.float64)).dtype == np.float32
    model.train_step(x, y, make_optimizer(spec.OptimizerSpec("adam", 0.01)))
    assert all(w.dtype == np.float32 for w in model.parameters.values())


def test_init_is_reproducible_from_a_seed_and_biases_start_at_zero():
    a = build_model(mlp(), rng=np.random.default_rng(5)).get_weights()
    b = build_model(mlp(), rng=np.random.default_rng(5)).get_weights()
    c = build_model(mlp(), rng=np.random.default_rng(6)).get_weights()
    d64 = build_model(mlp(), rng=np.random.default_rng(5), dtype=np.float64).get_weights()
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
        np.testing.assert_allclose(a[name], d64[name], rtol=1e-6)
    assert not np.array_equal(a["layers.0.W"], c["layers.0.W"])
    assert not a["layers.0.b"].any()
    seeded = build_model(mlp(seed=5)).get_weights()  # no rng: the design's seed
    np.testing.assert_array_equal(seeded["layers.0.W"], a["layers.0.W"])


@pytest.mark.parametrize("init, std", [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 600)), ("normal", 0.01)])
def test_initializers_spread(init, std):
    d = design(DenseSpec(200, "relu"), inputs=400, init=init)
    W = build_model(d, rng=np.random.default_rng(0)).parameters["layers.0.W"]
    assert W.std() == pytest.approx(std, rel=0.02)


def test_fixed_weights_from_the_design_are_used():
    d = design(DenseSpec(2, "sigmoid"), inputs=3)
    d.layers[0].weights = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
    d.layers[0].bias = [0.1, -0.1]
    model = build_model(d, rng=np.random.default_rng(0))
    np.testing.assert_allclose(model.parameters["layers.0.W"], d.layers[0].weights)
    out = model.forward(np.array([[1.0, 0.5, 0.0]]))
    expected = 1 / (1 + np.exp(-(np.array([0.25, 0.4]) + [0.1, -0.1])))
    np.testing.assert_allclose(out[0], expected, rtol=1e-6)
    d.layers[0].weights = [[0.1, 0.2]]
    with pytest.raises(ValueError, match=r"layers\[0\]\.weights"):
        build_model(d)


def test_weights_live_in_one_buffer_the_optimizer_updates_in_place():
    model = build_model(mlp())
    views = list(model.parameters.values())
    assert all(np.shares_memory(v, views[0].base if views[0].base is not None else views[0]) for v in views)
    before = model.get_weights()
    loss, correct = model.train_step(*data(), make_optimizer(spec.OptimizerSpec("sgd", 0.1)))
    assert isinstance(loss, float) and isinstance(correct, int) and 0 <= correct <= 20
    assert all(model.parameters[name] is view for name, view in zip(model.parameters, views))
    assert all(not np.array_equal(before[name], model.parameters[name]) for name in before)
    assert model.layers[0].params["W"] is model.parameters["layers.0.W"]


def test_get_set_weights_round_trip():
    a = build_model(mlp(), rng=np.random.default_rng(1))
    b = build_model(mlp(), rng=np.random.default_rng(2))
    x, _ = data()
    b.set_weights(a.get_weights())
    np.testing.assert_array_equal(a.forward(x), b.forward(x))
    w = a.get_weights()
    w["layers.0.W"][...] = 0  # a copy: the model is untouched
    assert a.parameters["layers.0.W"].any()


def test_set_weights_names_the_wrong_array():
    model = build_model(mlp())
    w = model.get_weights()
    w["layers.2.W"] = np.zeros((6, 4), dtype=np.float32)
    with pytest.raises(ValueError, match=r"layers\.2\.W.*\(6, 3\).*\(6, 4\)"):
        model.set_weights(w)
    w = model.get_weights()
    del w["layers.0.b"]
    with pytest.raises(ValueError, match=r"missing.*layers\.0\.b"):
        model.set_weights(w)
    w = model.get_weights()
    w["layers.1.W"] = np.zeros(1)
    with pytest.raises(ValueError, match=r"unexpected.*layers\.1\.W"):
        model.set_weights(w)
    before = model.get_weights()
    bad = dict(before, **{"layers.2.b": np.zeros(2)})
    with pytest.raises(ValueError):
        model.set_weights(bad)
    for name in before:  # nothing was half-applied
        np.testing.assert_array_equal(model.parameters[name], before[name])


def test_learns_xor_with_a_fixed_seed():
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([0, 1, 1, 0])
    for activation in ("sigmoid", "tanh"):
        d = design(DenseSpec(4, activation), DenseSpec(2, "softmax"), inputs=2, init="xavier")
        model = build_model(d, rng=np.random.default_rng(0))
        opt = make_optimizer(spec.OptimizerSpec("adam", 0.05))
        first, _ = model.train_step(x, y, opt)
        for _ in range(600):
            loss, correct = model.train_step(x, y, opt)
        assert correct == 4, activation
        assert loss < 0.1 < first
        np.testing.assert_array_equal(model.predict(x), y)
        assert model.evaluate(x, y) == (pytest.approx(loss, rel=0.1), 1.0)


def test_dropout_is_random_in_training_and_off_otherwise():
    model = build_model(mlp(), rng=np.random.default_rng(0))
    x, y = data()
    np.testing.assert_array_equal(model.forward(x), model.forward(x))
    assert not np.array_equal(model.forward(x, training=True), model.forward(x, training=True))
    a = model.loss_and_gradients(x, y)
    g = {k: v.copy() for k, v in model.gradients.items()}
    assert model.loss_and_gradients(x, y) == a
    for k in g:
        np.testing.assert_array_equal(model.gradients[k], g[k])


def test_loss_and_gradients_leaves_the_weights_alone():
    model = build_model(mlp())
    before = model.get_weights()
    loss = model.loss_and_gradients(*data())
    assert loss > 0 and any(g.any() for g in model.gradients.values())
    for name in before:
        np.testing.assert_array_equal(model.parameters[name], before[name])


def test_evaluate_and_predict_in_chunks_agree_with_one_batch():
    model = build_model(mlp(loss="mse"))
    x, y = data(n=50)
    loss, acc = model.evaluate(x, y, batch_size=50)
    loss7, acc7 = model.evaluate(x, y, batch_size=7)
    assert loss7 == pytest.approx(loss, rel=1e-5) and acc7 == acc and 0 <= acc <= 1
    np.testing.assert_allclose(model.predict_proba(x, batch_size=7), model.forward(x), rtol=1e-6)
    assert model.predict(x).shape == (50,)
    assert (model.predict(x) == model.forward(x).argmax(1)).all()


def test_inputs_and_labels_are_checked():
    model = build_model(mlp())
    x, y = data()
    assert model.forward(x[0]).shape == (1, 3)  # one unbatched sample
    with pytest.raises(ValueError, match="4 numbers per sample"):
        model.forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="between 0 and 2"):
        model.evaluate(x, y + 3)
    with pytest.raises(ValueError, match="integer"):
        model.loss_and_gradients(x, y.astype(float))
    with pytest.raises(ValueError, match="labels"):
        model.train_step(x, y[:5], make_optimizer(spec.OptimizerSpec()))


def test_image_shaped_inputs_are_flattened():
    d = design(DenseSpec(10, "softmax"))
    d.input_shape = (2, 3)
    model = build_model(d)
    assert model.forward(np.ones((5, 2, 3))).shape == (5, 10)
    assert model.weight_shapes()["layers.0.W"] == (6, 10)


def test_trace_shows_each_layer_of_the_design():
    model = build_model(mlp())
    x, _ = data(n=2)
    steps = model.trace(x)
    assert len(steps) == 3
    assert set(steps[0]) == {"input", "weighted_sum", "output"} and set(steps[1]) == {"input", "output"}
    np.testing.assert_array_equal(steps[0]["output"], np.maximum(steps[0]["weighted_sum"], 0))
    np.testing.assert_allclose(steps[2]["output"], model.forward(x))


def test_no_activation_and_output_without_softmax():
    model = build_model(design(DenseSpec(3, "none"), loss="mse"))
    assert isinstance(model.layers[-1], Identity)
    x, y = data()
    before = model.loss_and_gradients(x, y)
    opt = make_optimizer(spec.OptimizerSpec("sgd", 0.1))
    for _ in range(20):
        model.train_step(x, y, opt)
    assert model.loss_and_gradients(x, y) < before


def test_sigmoid_outputs_with_cross_entropy_still_train():
    model = build_model(design(DenseSpec(3, "sigmoid")))
    assert isinstance(model.layers[-1], Sigmoid)
    x, y = data()
    opt = make_optimizer(spec.OptimizerSpec("sgd", 0.5))
    before = model.loss_and_gradients(x, y)
    for _ in range(20):
        model.train_step(x, y, opt)
    assert model.loss_and_gradients(x, y) < before


def test_with_dtype_copies_the_weights():
    model = build_model(mlp())
    twin = model.with_dtype(np.float64)
    assert twin.dtype == np.float64
    x, _ = data()
    np.testing.assert_allclose(twin.forward(x), model.forward(x), rtol=1e-5)
