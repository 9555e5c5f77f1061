"""Convolution, pooling and flatten against naive loop references and numerical gradients
(float64), on both kernel libraries (core.compute.kernels: NumPy, and numba's compiled loops)."""
from __future__ import annotations

import numpy as np
import pytest

from core.compute import cores, kernels
from core.nn.conv import Convolution
from core.nn.gradcheck import numerical_gradient, relative_error
from core.nn.im2col import col2im, im2col, output_size
from core.nn.layers import Flatten
from core.nn.pooling import AvgPooling, MaxPooling, ReLUMaxPooling

TOL = 1e-7


#: (N, C, H, W), kernel, stride, pad: square and rectangular, strides that leave rows out, padding 0 and 2
CASES = [
    ((2, 1, 5, 5), (3, 3), (1, 1), (0, 0)),
    ((2, 3, 7, 6), (3, 2), (2, 2), (0, 0)),  # stride 2 drops the last row
    ((3, 2, 6, 5), (2, 3), (1, 2), (2, 2)),
    ((1, 3, 4, 4), (5, 5), (1, 1), (2, 2)),  # a kernel larger than the unpadded image
    ((2, 2, 8, 7), (3, 3), (3, 3), (1, 0)),
    # stride 1 with maps as wide as the image (the compiled loops copy whole images at once)
    ((2, 3, 6, 7), (3, 3), (1, 1), (1, 1)),
    ((2, 2, 5, 6), (3, 1), (1, 1), (1, 0)),
    ((1, 2, 3, 8), (1, 5), (1, 1), (0, 2)),
    ((2, 1, 6, 6), (5, 3), (1, 1), (1, 1)),  # maps shorter than the image
]
IDS = [f"{s}-k{k}-s{st}-p{p}" for s, k, st, p in CASES]


def naive_im2col(x, kernel, stride, pad):
    n, c, h, w = x.shape
    kh, kw = kernel
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    oh, ow = output_size(h, kh, stride[0], pad[0]), output_size(w, kw, stride[1], pad[1])
    rows = []
    for b in range(n):
        for y in range(oh):
            for z in range(ow):
                y0, z0 = y * stride[0], z * stride[1]
                rows.append(xp[b, :, y0 : y0 + kh, z0 : z0 + kw].ravel())
    return np.array(rows)


def naive_col2im(col, x_shape, kernel, stride, pad):
    n, c, h, w = x_shape
    kh, kw = kernel
    img = np.zeros((n, c, h + 2 * pad[0], w + 2 * pad[1]))
    oh, ow = output_size(h, kh, stride[0], pad[0]), output_size(w, kw, stride[1], pad[1])
    r = 0
    for b in range(n):
        for y in range(oh):
            for z in range(ow):
                y0, z0 = y * stride[0], z * stride[1]
                img[b, :, y0 : y0 + kh, z0 : z0 + kw] += col[r].reshape(c, kh, kw)
                r += 1
    return img[:, :, pad[0] : pad[0] + h, pad[1] : pad[1] + w]


def naive_conv(x, W, b, stride, pad):
    """The definition, one output number at a time."""
    n, c, h, w = x.shape
    filters, _, kh, kw = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    oh, ow = output_size(h, kh, stride[0], pad[0]), output_size(w, kw, stride[1], pad[1])
    out = np.zeros((n, filters, oh, ow))
    for i in range(n):
        for f in range(filters):
            for y in range(oh):
                for z in range(ow):
                    patch = xp[i, :, y * stride[0] : y * stride[0] + kh, z * stride[1] : z * stride[1] + kw]
                    out[i, f, y, z] = np.sum(patch * W[f]) + b[f]
    return out


def naive_pool(x, pool, stride, reduce):
    n, c, h, w = x.shape
    oh, ow = output_size(h, pool[0], stride[0]), output_size(w, pool[1], stride[1])
    out = np.zeros((n, c, oh, ow))
    for y in range(oh):
        for z in range(ow):
            window = x[:, :, y * stride[0] : y * stride[0] + pool[0], z * stride[1] : z * stride[1] + pool[1]]
            out[:, :, y, z] = reduce(window, axis=(2, 3))
    return out


def distinct(rng, shape):
    """Values at least 0.01 apart, so a nudge of 1e-5 never changes which one is largest."""
    return (rng.permutation(int(np.prod(shape))) * 0.01 - 1.0).reshape(shape) * rng.choice([1.0, 1.1])


# --------------------------------------------------------------------------- im2col, col2im


@pytest.mark.parametrize("shape, kernel, stride, pad", CASES, ids=IDS)
def test_im2col_and_col2im_match_the_loop_definitions(shape, kernel, stride, pad):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    col = im2col(x, kernel, stride, pad)
    np.testing.assert_array_equal(col, naive_im2col(x, kernel, stride, pad))
    g = rng.standard_normal(col.shape)
    back = col2im(g, shape, kernel, stride, pad)
    assert back.shape == shape
    np.testing.assert_allclose(back, naive_col2im(g, shape, kernel, stride, pad), rtol=1e-12, atol=1e-12)
    # col2im is the transpose of im2col: <im2col(x), g> = <x, col2im(g)>
    assert np.sum(col * g) == pytest.approx(np.sum(x * back), rel=1e-12)


def test_im2col_rows_are_the_patches_in_reading_order():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    col = im2col(x, (2, 2), (2, 2))
    np.testing.assert_array_equal(col, [[0, 1, 4, 5], [2, 3, 6, 7], [8, 9, 12, 13], [10, 11, 14, 15]])
    assert output_size(28, 3, 1, 1) == 28 and output_size(7, 2, 2) == 3 and output_size(28, 5, 2, 2) == 14


# --------------------------------------------------------------------------- forward against the definitions


@pytest.mark.parametrize("shape, kernel, stride, pad", CASES, ids=IDS)
def test_convolution_forward_matches_the_definition(shape, kernel, stride, pad, library):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape)
    W = rng.standard_normal((4, shape[1], *kernel))
    b = rng.standard_normal(4)
    out = Convolution(W, b, stride=stride, pad=pad).forward(x, training=False)
    np.testing.assert_allclose(out, naive_conv(x, W, b, stride, pad), rtol=1e-10, atol=1e-10)


def test_convolution_keeps_float32(library):
    rng = np.random.default_rng(1)
    conv = Convolution(rng.standard_normal((2, 1, 3, 3)).astype(np.float32), np.zeros(2, np.float32), pad=(1, 1))
    out = conv.forward(rng.standard_normal((3, 1, 5, 5)).astype(np.float32), training=True)
    assert out.shape == (3, 2, 5, 5) and out.dtype == np.float32
    assert conv.backward(np.ones_like(out)).dtype == np.float32 and conv.grads["W"].dtype == np.float32
    assert repr(conv) == "Convolution(1 -> 2, 3x3, stride 1, padding 1)"


@pytest.mark.parametrize("pool, stride", [((2, 2), (2, 2)), ((3, 2), (1, 2)), ((3, 3), (2, 2)), ((1, 4), (1, 3))])
def test_pooling_forward_matches_the_definition(pool, stride, library):
    x = np.random.default_rng(2).standard_normal((2, 3, 7, 8))
    np.testing.assert_allclose(MaxPooling(pool, stride).forward(x, training=False), naive_pool(x, pool, stride, np.max))
    np.testing.assert_allclose(AvgPooling(pool, stride).forward(x, training=False), naive_pool(x, pool, stride, np.mean), rtol=1e-12)


# --------------------------------------------------------------------------- backward against numerical gradients


def check_layer(layer, x, rng):
    """Every gradient of `layer` (input and weights) against central differences."""
    upstream = rng.standard_normal(layer.forward(x, training=True).shape)

    def f(_):
        return float(np.sum(layer.forward(x, training=True) * upstream))

    layer.forward(x, training=True)
    kept = upstream.copy()
    dx = layer.backward(upstream)
    assert np.array_equal(upstream, kept), "backward must not change its argument"
    analytic = {name: g.copy() for name, g in layer.grads.items()}
    assert dx.shape == x.shape
    assert relative_error(dx, numerical_gradient(f, x)) < TOL
    for name, p in layer.params.items():
        assert relative_error(analytic[name], numerical_gradient(f, p)) < TOL, name


@pytest.mark.parametrize("shape, kernel, stride, pad", CASES, ids=IDS)
def test_convolution_backward_matches_numerical_gradients(shape, kernel, stride, pad, library):
    rng = np.random.default_rng(3)
    layer = Convolution(rng.standard_normal((3, shape[1], *kernel)), rng.standard_normal(3), stride=stride, pad=pad)
    check_layer(layer, rng.standard_normal(shape), rng)


@pytest.mark.parametrize("cls", [MaxPooling, AvgPooling])
@pytest.mark.parametrize("shape, pool, stride", [
    ((2, 1, 4, 4), (2, 2), (2, 2)),
    ((3, 2, 7, 7), (2, 2), (2, 2)),  # 7 rows: the last is left out
    ((2, 3, 6, 5), (3, 2), (1, 1)),  # overlapping windows
    ((1, 2, 5, 9), (2, 3), (3, 2)),
])
def test_pooling_backward_matches_numerical_gradients(cls, shape, pool, stride, library):
    rng = np.random.default_rng(4)
    check_layer(cls(pool, stride), distinct(rng, shape), rng)


def test_flatten_backward_matches_numerical_gradients():
    rng = np.random.default_rng(5)
    layer = Flatten()
    x = rng.standard_normal((2, 3, 4, 5))
    assert layer.forward(x, training=False).shape == (2, 60)
    check_layer(layer, x, rng)


def test_max_pooling_routes_the_gradient_to_one_winner_per_window(library):
    x = np.array([[[[1.0, 5.0, 2.0, 2.0], [3.0, 0.0, 2.0, 2.0]]]])  # the right window is a four-way tie
    pool = MaxPooling((2, 2))
    np.testing.assert_array_equal(pool.forward(x, training=True), [[[[5.0, 2.0]]]])
    dx = pool.backward(np.array([[[[10.0, 7.0]]]]))
    np.testing.assert_array_equal(dx, [[[[0, 10, 7, 0], [0, 0, 0, 0]]]])


def test_avg_pooling_spreads_the_gradient_evenly(library):
    pool = AvgPooling((2, 2))
    pool.forward(np.zeros((1, 1, 2, 4)), training=True)
    np.testing.assert_array_equal(pool.backward(np.array([[[[4.0, 8.0]]]])), [[[[1, 1, 2, 2], [1, 1, 2, 2]]]])


def test_the_first_layer_of_a_model_skips_its_input_gradient(library):
    rng = np.random.default_rng(6)
    conv = Convolution(rng.standard_normal((2, 1, 3, 3)), np.zeros(2))
    conv.input_grad = False
    out = conv.forward(rng.standard_normal((1, 1, 4, 4)), training=True)
    assert conv.backward(np.ones_like(out)) is None
    assert np.any(conv.grads["W"] != 0) and conv.grads["b"].tolist() == [4.0, 4.0]


# --------------------------------------------------------------------------- the kernels against the textbook


def channel_by_channel(x):
    """The same images laid out in memory as (C, N, H, W), as a convolution leaves its maps."""
    return np.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)


LAYOUTS = {"N,C,H,W": lambda x: x, "C,N,H,W": channel_by_channel}


@pytest.fixture(params=["whole", "in two halves"])
def halves(request, monkeypatch):
    """The compiled loops on one core, or split between two (as large batches are)."""
    if request.param == "in two halves":
        monkeypatch.setattr(cores, "SPLIT", 0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape, kernel, stride, pad", CASES, ids=IDS)
def test_the_patch_kernels_are_the_textbooks_im2col_and_col2im(shape, kernel, stride, pad, layout, dtype, library, halves):
    rng = np.random.default_rng(7)
    x = LAYOUTS[layout](rng.standard_normal(shape).astype(dtype))
    cols = library.patches(x, kernel, stride, pad)
    np.testing.assert_array_equal(cols, im2col(x, kernel, stride, pad).T)  # copies: the same bits
    assert cols.dtype == dtype
    kept = np.full((len(cols) + 1, cols.shape[1]), 7, dtype)  # as Convolution keeps them: a row of ones below
    library.patches(x, kernel, stride, pad, out=kept[:-1])
    np.testing.assert_array_equal(kept[:-1], cols)
    assert np.all(kept[-1] == 7)
    g = rng.standard_normal(cols.shape).astype(dtype)
    for major in (False, True):
        for scratch in (False, True):  # may it set the entries standing for padding to 0
            back = library.col2im(g.copy(), shape, kernel, stride, pad, channel_major=major, scratch=scratch)
            assert back.shape == shape and back.dtype == dtype
            # the same additions in the same order (each pixel's entries in kernel order)
            np.testing.assert_array_equal(back, col2im(g.T, shape, kernel, stride, pad))


POOLS = [((2, 3, 7, 8), (2, 2), (2, 2)), ((2, 2, 5, 7), (2, 2), (2, 2)), ((3, 2, 7, 7), (3, 2), (1, 2)), ((2, 1, 6, 5), (3, 3), (2, 2)),
         ((1, 4, 5, 9), (1, 4), (1, 3)), ((2, 2, 4, 4), (2, 2), (1, 1))]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape, pool, stride", POOLS)
def test_the_max_pool_kernels_match_the_definition_and_each_other(shape, pool, stride, layout, dtype, library, halves):
    rng = np.random.default_rng(8)
    x = LAYOUTS[layout](rng.standard_normal(shape).astype(dtype))
    x[0, 0, :2, :2] = 0.5  # a tie: the first largest wins
    out, where = library.max_pool(x, pool, stride)
    np.testing.assert_array_equal(out, naive_pool(x, pool, stride, np.max))
    assert out.dtype == dtype
    ref_out, ref_where = kernels.NUMPY.max_pool(np.ascontiguousarray(x), pool, stride)
    np.testing.assert_array_equal(where, ref_where)
    g = rng.standard_normal(out.shape).astype(dtype)
    for grad in (g, channel_by_channel(g)):
        dx = library.max_pool_backward(grad, where, shape, pool, stride)
        # (where windows overlap, a pixel's shares may be added in another order: rounding)
        np.testing.assert_allclose(dx, kernels.NUMPY.max_pool_backward(g, ref_where, shape, pool, stride),
                                   rtol=4 * np.finfo(dtype).eps, atol=4 * np.finfo(dtype).eps)
        assert dx.shape == shape and dx.dtype == dtype
        # the gradient reached exactly the windows' winners, summed where windows overlap
        assert np.sum(dx, dtype=np.float64) == pytest.approx(np.sum(g, dtype=np.float64), rel=1e-5)


def test_max_pooling_keeps_nan_as_numpy_does(library):
    x = np.array([[[[1.0, np.nan, 2.0, 3.0], [np.nan, 0.0, 1.0, 1.0]]]], np.float32)
    out, where = library.max_pool(x, (2, 2), (2, 2))
    assert np.isnan(out[0, 0, 0, 0]) and where[0, 0, 0, 0] == 1 and out[0, 0, 0, 1] == 3.0


def test_a_cnn_trains_on_the_compiled_loops_alone(monkeypatch, halves):
    """Every convolution, ReLU and pooling of a training step of the example CNN's pattern
    runs compiled: the maps stay laid out as the loops take them, none goes to NumPy."""
    pytest.importorskip("numba")
    from core.design import spec
    from core.layer_types.conv2d import Conv2DSpec
    from core.layer_types.dense import DenseSpec
    from core.layer_types.flatten import FlattenSpec
    from core.layer_types.pooling import MaxPool2DSpec
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer

    design = spec.Design(name="cnn", dataset="mnist", input_shape=(1, 12, 12), layers=[
        Conv2DSpec(4, 3, padding=1), MaxPool2DSpec(2), Conv2DSpec(6, 3, padding=1), MaxPool2DSpec(2), FlattenSpec(),
        DenseSpec(10, "softmax")])
    rng = np.random.default_rng(9)
    x, y = rng.random((16, 1, 12, 12), dtype=np.float32), rng.integers(0, 10, 16)
    model, twin = build_model(design, rng=np.random.default_rng(1)), build_model(design, rng=np.random.default_rng(1))
    with kernels.using(kernels.NUMPY):
        expected = [twin.train_step(x, y, make_optimizer(design.training.optimizer))[0]]
        expected_grads = {k: g.copy() for k, g in twin.gradients.items()}

    def fell_back(*args, **kwargs):
        raise AssertionError("fell back to NumPy")

    for name in ("patches", "col2im", "max_pool", "max_pool_backward", "relu", "relu_backward"):
        monkeypatch.setattr(kernels.NUMPY, name, fell_back)
    with kernels.using(kernels.compiled()):
        loss = model.train_step(x, y, make_optimizer(design.training.optimizer))[0]
    assert loss == pytest.approx(expected[0], rel=1e-6)
    for name, g in model.gradients.items():
        np.testing.assert_allclose(g, expected_grads[name], rtol=1e-4, atol=1e-6, err_msg=name)


# --------------------------------------------------------------------------- ReLU and max pooling as one layer


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape, pool, stride", POOLS)
def test_relu_max_pooling_gives_the_pairs_numbers_forward_and_backward(shape, pool, stride, layout, dtype, library, halves):
    """The fused layer pools first and applies the ReLU to the maxima; outputs and input
    gradients must be those of ReLU then MaxPooling, whole windows below 0 and ties too."""
    from core.nn.layers import ReLU

    rng = np.random.default_rng(11)
    x = rng.standard_normal(shape).astype(dtype)
    x[0, 0, :pool[0], :pool[1]] = -0.25  # a window with nothing above 0
    x[-1, -1, :2, :2] = 0.5  # a tie
    x = LAYOUTS[layout](x)
    relu, pooling, fused = ReLU(), MaxPooling(pool, stride), ReLUMaxPooling(pool, stride)
    expected = pooling.forward(relu.forward(x, training=True), training=True)
    out = fused.forward(x, training=True)
    np.testing.assert_array_equal(out, expected)
    assert out.dtype == dtype and out[0, 0, 0, 0] == 0
    g = rng.standard_normal(out.shape).astype(dtype)
    expected_dx = relu.backward(pooling.backward(g))
    dx = fused.backward(g)
    assert dx.shape == shape and dx.dtype == dtype
    # a gradient lands on a window's winner only where the winner is above 0 (where
    # windows overlap, a pixel's shares may be added in another order: rounding)
    np.testing.assert_allclose(dx, expected_dx, rtol=4 * np.finfo(dtype).eps, atol=4 * np.finfo(dtype).eps)
    assert not np.any(dx[0, 0, :pool[0], :pool[1]])


def test_relu_max_pooling_passes_a_float64_gradient_check(library):

    rng = np.random.default_rng(12)
    x = distinct(rng, (2, 3, 6, 5))  # about half below 0, none within a nudge of 0 or of another
    layer = ReLUMaxPooling((2, 2), (2, 2))
    g = rng.standard_normal(layer.forward(x, training=True).shape)
    analytic = layer.backward(g)
    numeric = numerical_gradient(lambda v: float(np.sum(layer.forward(v, training=True) * g)), x)
    assert relative_error(analytic, numeric) < TOL
    assert np.count_nonzero(analytic) < np.count_nonzero(x > 0)  # the ReLU and the pooling both blocked some


def test_a_model_trains_fused_layers_with_the_same_numbers(monkeypatch, library):
    """The example CNN's pattern (conv + ReLU, max pool) trains through the fused layer; the
    losses and weights after a few steps are those of the textbook's two layers."""
    from core.design import spec
    from core.layer_types.conv2d import Conv2DSpec
    from core.layer_types.dense import DenseSpec
    from core.layer_types.flatten import FlattenSpec
    from core.layer_types.pooling import MaxPool2DSpec
    from core.nn import fusion
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer

    design = spec.Design(name="cnn", dataset="mnist", input_shape=(1, 12, 12), layers=[
        Conv2DSpec(4, 3, padding=1), MaxPool2DSpec(2), Conv2DSpec(6, 3, padding=1), MaxPool2DSpec(2), FlattenSpec(),
        DenseSpec(10, "softmax")])
    rng = np.random.default_rng(13)
    x, y = rng.random((32, 1, 12, 12), dtype=np.float32), rng.integers(0, 10, 32)

    def train(model):
        optimizer = make_optimizer(design.training.optimizer)
        losses = [model.train_step(x[i : i + 8], y[i : i + 8], optimizer)[0] for i in range(0, 32, 8)]
        return losses, model.get_weights(), model.predict_proba(x)

    fused_model = build_model(design, rng=np.random.default_rng(1))
    assert [type(layer).__name__ for layer in fused_model.train_layers] == [
        "Convolution", "ReLUMaxPooling", "Convolution", "ReLUMaxPooling", "Flatten", "Affine"]
    assert sum(isinstance(layer, ReLUMaxPooling) for layer in fused_model.run_layers) == 2
    assert not any(isinstance(layer, ReLUMaxPooling) for layer in fused_model.layers)  # the blocks keep both
    losses, weights, probs = train(fused_model)
    monkeypatch.setattr(fusion, "FUSIONS", {})
    plain = build_model(design, rng=np.random.default_rng(1))
    assert not any(isinstance(layer, ReLUMaxPooling) for layer in plain.train_layers)
    plain_losses, plain_weights, plain_probs = train(plain)
    assert losses == plain_losses
    for name, w in weights.items():
        np.testing.assert_array_equal(w, plain_weights[name], err_msg=name)
    np.testing.assert_array_equal(probs, plain_probs)
