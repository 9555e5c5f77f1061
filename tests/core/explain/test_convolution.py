"""Inside a CNN, in numbers (core.explain.convolution), checked against the layers' own
forward and backward passes and against direct computation."""
from __future__ import annotations

import numpy as np
import pytest

from core.design import spec
from core.explain.convolution import (
    Im2colLens,
    look_inside,
    pool_winners,
    receptive_field,
    training_step,
)
from core.explain.inspect import trace
from core.layer_types.spatial import Window
from core.nn.conv import Convolution
from core.nn.model import build_model
from core.nn.pooling import MaxPooling

from tests.conftest import EXAMPLES

GEOMETRIES = [  # (channels, filters, kernel, stride, pad, image)
    (1, 3, (3, 3), (1, 1), (1, 1), (9, 9)),
    (2, 4, (3, 2), (2, 2), (0, 0), (9, 8)),
    (3, 2, (5, 5), (2, 2), (2, 2), (11, 10)),
    (1, 1, (2, 3), (1, 2), (2, 2), (6, 7)),
]


def _conv_case(c, f, kernel, stride, pad, image, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((c, *image))
    W = rng.standard_normal((f, c, *kernel))
    b = rng.standard_normal(f)
    return x, W, b


def _direct_unit(x, W, b, stride, pad, f, y, xx):
    """The textbook sum, written as loops over the padded input: no im2col."""
    padded = np.pad(x, ((0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    total = b[f]
    for c in range(x.shape[0]):
        for i in range(W.shape[2]):
            for j in range(W.shape[3]):
                total += padded[c, y * stride[0] + i, xx * stride[1] + j] * W[f, c, i, j]
    return total


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_the_lens_is_the_layers_forward_and_its_backward_is_col2im(geometry):
    c, f, kernel, stride, pad, image = geometry
    x, W, b = _conv_case(*geometry)
    lens = Im2colLens(x, W, b, stride, pad)
    layer = Convolution(W.copy(), b.copy(), stride=stride, pad=pad)
    out = layer.forward(x[None], training=True)[0]
    np.testing.assert_allclose(lens.maps, out, rtol=1e-12, atol=1e-12)
    assert lens.maps.shape == (f, *lens.out_shape)

    dz = np.random.default_rng(1).standard_normal(out.shape)
    dx = layer.backward(dz[None])[0]
    back = lens.backward(dz)
    np.testing.assert_allclose(back.dx, dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(back.dW, layer.grads["W"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(back.db, layer.grads["b"], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_a_units_dot_product_is_its_feature_map_value_and_its_patch_is_its_im2col_row(geometry):
    c, f, kernel, stride, pad, image = geometry
    x, W, b = _conv_case(*geometry)
    lens = Im2colLens(x, W, b, stride, pad)
    oh, ow = lens.out_shape
    for (k, y, xx) in [(0, 0, 0), (f - 1, oh - 1, ow - 1), (f // 2, oh // 2, ow - 1)]:
        unit = lens.unit(k, y, xx)
        assert unit.z == pytest.approx(lens.maps[k, y, xx], abs=1e-12)
        assert unit.z == pytest.approx(_direct_unit(x, W, b, stride, pad, k, y, xx), abs=1e-12)
        # one number per channel, and they add up with the bias to the unit's value
        assert unit.channel_sums.shape == (c,)
        assert unit.channel_sums.sum() + b[k] == pytest.approx(lens.maps[k, y, xx], abs=1e-12)
        # the patch is the row of the column matrix, and the kernel its column
        np.testing.assert_array_equal(lens.col[lens.row_of(y, xx)], unit.patch.ravel())
        np.testing.assert_array_equal(lens.kernel_matrix[:, k], unit.kernel.ravel())


def test_the_written_dot_product_carries_the_numbers_and_adds_up():
    x, W, b = _conv_case(2, 2, (2, 2), (1, 1), (0, 0), (3, 3))
    lens = Im2colLens(x, W, b, (1, 1), (0, 0))
    unit = lens.unit(1, 1, 0)
    lines = unit.lines("ReLU", max(unit.z, 0.0))
    from core.explain.numbers import number, paren

    assert len(lines) == 2 + 1 + 1  # two channels, their sum with the bias, the activation
    assert lines[0].startswith("c₁: ") and f"{paren(x[0, 1, 0])} × {paren(W[1, 0, 0, 0])}" in lines[0]
    assert lines[0].endswith(f"= {number(unit.channel_sums[0])}")
    assert lines[2] == f"z₂[2, 1] = {paren(unit.channel_sums[0])} + {paren(unit.channel_sums[1])} + {paren(b[1])} = {number(unit.z)}"
    assert lines[3].startswith("a₂[2, 1] = ReLU(")


def _unit_gradient_support(model, layer_index, f, y, x_pos, x_in):
    """Which input pixels move unit (f, y, x) of a design layer: backprop of a one-hot
    gradient through the model's own layers (float64)."""
    twin = model.with_dtype(np.float64)
    for layer in twin.layers:
        layer.input_grad = True
    h = x_in[None]
    for block in twin.blocks[: layer_index + 1]:
        for layer in block.layers:
            h = layer.forward(h, training=False)
    grad = np.zeros_like(h)
    grad[0, f, y, x_pos] = 1.0
    for block in reversed(twin.blocks[: layer_index + 1]):
        for layer in reversed(block.layers):
            grad = layer.backward(grad)
    return np.abs(grad[0]).sum(axis=0) > 0


def _design(layers, shape=(1, 13, 12)):
    return spec.from_dict({
        "format": "layerlab-design", "version": 2, "name": "t", "dataset": "mnist", "input": {"shape": list(shape)},
        "layers": layers + [{"type": "flatten"}, {"type": "dense", "units": 3, "activation": "softmax"}],
        "loss": "cross_entropy", "training": {"optimizer": {"type": "sgd", "learning_rate": 0.1}, "seed": 3},
    })


@pytest.mark.parametrize("layers", [
    [{"type": "conv2d", "filters": 2, "kernel_size": 3, "stride": 2, "padding": 1, "activation": "tanh"}],
    [{"type": "conv2d", "filters": 2, "kernel_size": [3, 2], "stride": 1, "padding": 2, "activation": "tanh"},
     {"type": "avgpool2d", "pool_size": 2},
     {"type": "conv2d", "filters": 2, "kernel_size": 2, "stride": 2, "padding": 0, "activation": "tanh"}],
])
def test_the_receptive_field_is_exactly_the_pixels_that_move_the_unit(layers):
    design = _design(layers)
    model = build_model(design, dtype=np.float64)
    x = np.random.default_rng(0).standard_normal((1, 13, 12))
    inside = look_inside(model, x)
    last = inside.layers[-1]
    _, oh, ow = last.a.shape
    for y, xx in [(0, 0), (oh - 1, ow - 1), (oh // 2, 1)]:
        top, left, bottom, right = receptive_field(inside, last.index, y, xx)
        support = _unit_gradient_support(model, last.index, 0, y, xx, x)
        rows, cols = np.nonzero(support)
        # tanh and averages never switch a path off: the pixels that move it are the whole field
        assert (rows.min(), cols.min(), rows.max(), cols.max()) == (top, left, bottom, right)


def test_look_inside_keeps_each_windowed_layers_input_and_output():
    design = spec.load(EXAMPLES / "mnist_cnn.json")
    model = build_model(design, dtype=np.float32)
    x = np.random.default_rng(0).random((1, 28, 28))
    inside = look_inside(model, x)
    assert [(w.index, w.kind, w.window.reduce) for w in inside.layers] == [
        (0, "conv2d", "dot"), (1, "maxpool2d", "max"), (2, "conv2d", "dot"), (3, "maxpool2d", "max")]
    steps = model.with_dtype(np.float64).trace(x[None])
    for w in inside.layers:
        np.testing.assert_allclose(w.x, steps[w.index]["input"][0], atol=1e-12)
        np.testing.assert_allclose(w.a, steps[w.index]["output"][0], atol=1e-12)
    conv = inside.layer(2)
    # z through the lens, then ReLU, is the layer's output
    np.testing.assert_allclose(np.maximum(conv.lens().maps, 0), conv.a, atol=1e-12)
    assert receptive_field(inside, 0, 0, 0) == (0, 0, 1, 1)  # padding 1: the corner sees 2×2 pixels
    assert receptive_field(inside, 3, 3, 3) == (9, 9, 18, 18)


@pytest.mark.parametrize("pool,stride", [((2, 2), (2, 2)), ((3, 2), (1, 2)), ((3, 3), (2, 2))])
def test_the_argmax_mask_holds_each_windows_winner_and_the_gradient_goes_there(pool, stride):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 9, 8))
    layer = MaxPooling(pool, stride)
    out = layer.forward(x[None], training=True)[0]
    won = pool_winners(x, Window(pool, stride, (0, 0), "max"))
    np.testing.assert_array_equal(won.pooled, out)
    c, oh, ow, _ = won.where.shape
    for k in range(c):
        for y in range(oh):
            for xx in range(ow):
                r, q = won.where[k, y, xx]
                window = x[k, y * stride[0] : y * stride[0] + pool[0], xx * stride[1] : xx * stride[1] + pool[1]]
                assert x[k, r, q] == out[k, y, xx] == window.max()
    assert won.mask.sum() == out.size  # one winner per window
    dout = rng.standard_normal(out.shape)
    np.testing.assert_allclose(won.route_back(dout), layer.backward(dout[None])[0], atol=1e-12)
    # the gradient reaches the winners only
    assert np.all(won.route_back(dout)[won.mask == 0] == 0)


def test_the_inspector_writes_the_convolution_and_pooling_steps_with_their_numbers():
    design = spec.load(EXAMPLES / "mnist_cnn.json")
    model = build_model(design, dtype=np.float64)
    x = np.random.default_rng(2).random((1, 28, 28))
    tr = trace(model, x, 7)
    steps = {(s.kind, s.layer): s for s in tr.steps}
    conv = steps[("convolution", 2)]
    assert set(conv.values) == {"x", "K", "b", "z"} and conv.values["K"].shape == (32, 16, 3, 3)
    # the worked sum ends with the strongest unit of map 1's value
    z = conv.values["z"]
    from core.explain.numbers import number

    assert conv.worked[-1].endswith(f"= {number(z[0].max())}") and conv.worked[-1].startswith("z₁[")
    assert len(conv.worked) == 16 + 1  # one line per input channel, then their sum with the bias
    pool = steps[("maxpool2d", 1)]
    mask, a = pool.values["mask"], pool.values["a"]
    assert mask.sum() == a.size and np.all(pool.values["x"][mask > 0] > -np.inf)
    np.testing.assert_allclose(np.sort(pool.values["x"][0][mask[0] > 0]), np.sort(a[0].ravel()))
    back = steps[("maxpool2d_gradient", 1)]
    assert np.all(back.values["∂L/∂x"][back.values["mask"] == 0] == 0)
    flat = steps[("flatten", 4)]
    assert flat.formula == "a = x as one row: 32×7×7 → 1568"
    kernel_gradient = steps[("weight_gradient", 0)]
    np.testing.assert_allclose(kernel_gradient.values["∂L/∂K"], tr.gradients()["layers.0.W"])
    assert "784 positions" in kernel_gradient.worked[0]


def test_one_training_step_uses_the_gradients_and_leaves_the_model_alone():
    design = spec.load(EXAMPLES / "mnist_cnn.json")
    # without the example's dropout, whose random mask would differ between the two passes
    design.layers = [layer for layer in design.layers if layer.type != "dropout"]
    model = build_model(design, dtype=np.float32)
    kept = model.get_weights()
    x = np.random.default_rng(5).random((1, 28, 28))
    step = training_step(model, x, 4)
    for name, w in model.get_weights().items():
        np.testing.assert_array_equal(w, kept[name])
    # the gradients are backprop's for that sample and those weights
    reference = model.with_dtype(np.float64)
    reference.loss_and_gradients(x[None], np.array([4]))
    for name, g in reference.gradients.items():
        np.testing.assert_allclose(step.gradients[name], g, rtol=1e-9, atol=1e-12)
    # Adam's first step moves each weight by about its learning rate, against its gradient
    moved = step.after["layers.0.W"] - step.before["layers.0.W"]
    g = step.gradients["layers.0.W"]
    assert np.all(np.sign(moved[np.abs(g) > 1e-8]) == -np.sign(g[np.abs(g) > 1e-8]))
    assert step.loss_after < step.loss_before


def test_the_lens_in_numbers_adds_up_forward_and_back():
    from core.explain.convolution import lens_lines
    from core.explain.numbers import number

    x, W, b = _conv_case(2, 3, (3, 3), (2, 2), (1, 1), (7, 7))
    lens = Im2colLens(x, W, b, (2, 2), (1, 1))
    dz = np.random.default_rng(3).standard_normal((3, *lens.out_shape))
    back = lens.backward(dz)
    lines = lens_lines(lens, 1, 2, 1, back)
    row = lens.row_of(2, 1)
    assert lines[0].startswith(f"col[{row + 1}] = patch(3, 2) = ({number(lens.col[row, 0])}, ")
    assert lines[2].endswith(f"= {number(lens.maps[1, 2, 1])} = z₂[3, 2]")
    # col2im's sum for the patch's top-left pixel (3, 1): every patch holding it, and nothing else
    last = lines[-1]
    assert last.startswith("col2im: ∂L/∂x[1, 4, 2] = ") and last.endswith(f"= {number(back.dx[0, 3, 1])}")
    terms = last.split(" = ")[1].split(" + ")
    assert len(terms) == 2 * 2  # stride 2, kernel 3: two rows and two columns of patches reach it


def test_a_fresh_cnn_on_real_images_checks_right_once_the_samples_are_jittered_off_relus_kink(datasets_dir):
    """Background pixels are exactly 0 and a fresh convolution's biases too: its sums sit on
    ReLU's kink, where a central difference and backprop disagree although both are right."""
    from core.data.datasets import load_dataset
    from core.explain.gradient_report import KINK_JITTER, compare_gradients

    design = spec.load(EXAMPLES / "mnist_cnn.json")
    model = build_model(design, dtype=np.float64)
    data = load_dataset("mnist", datasets_dir)
    x, y = data.normalise(data.x_test[:4]), data.y_test[:4]
    plain = compare_gradients(model, x, y, entries=10)
    assert plain.rows[1].name == "layers.0.b" and not plain.rows[1].passed
    jittered = compare_gradients(model, x, y, entries=10, jitter=KINK_JITTER)
    assert jittered.passed, [(r.name, r.relative_error) for r in jittered.rows]
