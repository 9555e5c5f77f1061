"""The compiled kernels compute what the NumPy ones do: the ReLU bit for bit, the softmax
cross-entropy to float32 rounding; both equal a float64 textbook; a float32 model on
the compiled kernels has the float64 model's gradients. (The optimizers' kernels are
checked in test_optimizers.py.)"""
import numpy as np
import pytest

from core.design import spec
from core.compute import cores, kernels
from core.nn.layers import ReLU
from core.nn.losses import SoftmaxCrossEntropy
from core.nn.model import build_model
from core.layer_types.dense import DenseSpec


@pytest.fixture
def compiled():
    pytest.importorskip("numba")
    return kernels.compiled()


def _logits(rng, n=37, classes=10, scale=5.0):
    return (rng.standard_normal((n, classes)) * scale).astype(np.float32)


def test_relu_is_the_same_bit_for_bit(compiled):
    x = np.random.default_rng(0).standard_normal((128, 257)).astype(np.float32)
    x[0, :2] = [0.0, -0.0]
    (out_np, slope_np), (out_c, slope_c) = kernels.NUMPY.relu(x), compiled.relu(x)
    np.testing.assert_array_equal(out_c, np.maximum(x, 0))
    np.testing.assert_array_equal(out_c, out_np)
    np.testing.assert_array_equal(np.signbit(out_c), np.signbit(out_np))  # x * 0 keeps -0.0, as NumPy's
    np.testing.assert_array_equal(slope_c, slope_np)
    assert out_c.dtype == slope_c.dtype == np.float32


@pytest.mark.parametrize("make", [
    lambda x: x.astype(np.float64),  # not compiled for float64
    lambda x: x[:, ::2],  # not contiguous
], ids=["float64", "strided"])
def test_relu_takes_any_array_through_numpy(compiled, make):
    x = make(np.random.default_rng(1).standard_normal((8, 12)).astype(np.float32))
    out, slope = compiled.relu(x)
    np.testing.assert_array_equal(out, np.maximum(x, 0))
    np.testing.assert_array_equal(slope, x > 0)
    assert out.dtype == x.dtype


def _textbook_softmax_cross_entropy(logits, labels):
    """Softmax and cross-entropy as the textbook writes them, in float64 (the log of a
    probability as shifted logit - log(sum(exp)), so that 1e-300 does not become 0)."""
    z = logits.astype(np.float64)
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    p = e / e.sum(axis=1, keepdims=True)
    t = np.eye(z.shape[1])[labels]
    log_p = shifted - np.log(e.sum(axis=1, keepdims=True))
    return -np.mean(log_p[np.arange(len(z)), labels]), p, (p - t) / len(z)


@pytest.mark.parametrize("scale", [0.01, 5.0, 1000.0])
def test_softmax_cross_entropy_equals_the_textbook(compiled, scale):
    rng = np.random.default_rng(2)
    logits = _logits(rng, scale=scale)
    labels = rng.integers(0, 10, len(logits))
    ref_loss, ref_probs, ref_grad = _textbook_softmax_cross_entropy(logits, labels)
    for library in (kernels.NUMPY, compiled):
        loss, probs = library.softmax_cross_entropy(logits, labels)
        grad = library.softmax_cross_entropy_gradient(probs, labels)
        assert np.isfinite(loss)
        assert loss == pytest.approx(ref_loss, rel=1e-6, abs=1e-6), library.name
        np.testing.assert_allclose(probs, ref_probs, rtol=1e-5, atol=1e-7, err_msg=library.name)
        np.testing.assert_allclose(grad, ref_grad, rtol=1e-5, atol=1e-8, err_msg=library.name)
        assert probs.dtype == grad.dtype == np.float32


def test_softmax_cross_entropy_libraries_agree_to_float32_rounding(compiled):
    rng = np.random.default_rng(3)
    logits, labels = _logits(rng, n=128), rng.integers(0, 10, 128).astype(np.uint8)  # any integer labels
    loss_np, probs_np = kernels.NUMPY.softmax_cross_entropy(logits, labels)
    loss_c, probs_c = compiled.softmax_cross_entropy(logits, labels)
    assert loss_c == pytest.approx(loss_np, rel=1e-6)
    np.testing.assert_allclose(probs_c, probs_np, rtol=4 * np.finfo(np.float32).eps, atol=1e-12)
    np.testing.assert_array_equal(  # same probabilities in: the same gradient out, bit for bit
        compiled.softmax_cross_entropy_gradient(probs_np, labels),
        kernels.NUMPY.softmax_cross_entropy_gradient(probs_np, labels),
    )


def test_the_layers_compute_with_the_active_kernels(compiled):
    x = np.random.default_rng(4).standard_normal((16, 10)).astype(np.float32)
    labels = np.arange(16) % 10
    for library in (kernels.NUMPY, compiled):
        with kernels.using(library):
            relu, loss = ReLU(), SoftmaxCrossEntropy()
            out = relu.forward(x, training=True)
            np.testing.assert_array_equal(relu.backward(np.ones_like(x)), x > 0)
            value = loss.forward(out, labels)
            assert value == pytest.approx(_textbook_softmax_cross_entropy(out, labels)[0], rel=1e-6)


def test_a_float32_model_on_the_compiled_kernels_has_the_float64_gradients(compiled):
    """The ReLU and softmax cross-entropy kernels inside a real network: its float32
    gradients match those the float64 model computes with NumPy (checked against
    central differences in test_gradcheck.py)."""
    design = spec.Design(name="k", input_shape=(20,), layers=[DenseSpec(16, "relu"), DenseSpec(12, "relu"), DenseSpec(5, "softmax")])
    model = build_model(design, rng=np.random.default_rng(5))
    rng = np.random.default_rng(6)
    x, labels = rng.standard_normal((64, 20)).astype(np.float32), rng.integers(0, 5, 64)
    with kernels.using(compiled):
        loss32 = model.loss_and_gradients(x, labels)
    twin = model.with_dtype(np.float64)
    with kernels.using(kernels.NUMPY):
        loss64 = twin.loss_and_gradients(x, labels)
    assert loss32 == pytest.approx(loss64, rel=1e-5)
    for name, g in model.gradients.items():
        assert np.any(g != 0), name
        np.testing.assert_allclose(g, twin.gradients[name], rtol=1e-3, atol=1e-6, err_msg=name)


def test_load_compiles_nothing_for_another_thread_later(compiled):
    """Every loop was compiled for its argument types when the library was built, so a
    call from any thread (a drawing predicted on the GUI thread) never compiles."""
    for name, dispatcher in compiled._loops.items():
        assert dispatcher.signatures, name
        assert not dispatcher._can_compile, f"{name} would compile new signatures on demand"


def test_a_training_batch_is_gathered_by_the_compiled_loop_not_numpy(compiled, monkeypatch):
    """The fast path is taken for what training reads (uint8 or float rows, int64
    indices), and the slow one only for what it was not compiled for."""
    x = np.random.default_rng(7).integers(0, 256, (500, 784), dtype=np.uint8)
    rows = np.random.default_rng(8).permutation(500)[:128]
    expected = kernels.NUMPY.gather(x, rows, np.float32(1 / 255), np.float32(0), np.empty((128, 784), np.float32))

    def numpy_gather(*args):
        raise AssertionError("fell back to NumPy")

    monkeypatch.setattr(kernels.NUMPY, "gather", numpy_gather)
    for source in (x, x.astype(np.float32), x.astype(np.float64)):
        out = compiled.gather(source, rows, np.float32(1 / 255), np.float32(0), np.empty((128, 784), np.float32))
        np.testing.assert_array_equal(out, expected)
    with pytest.raises(AssertionError, match="fell back"):
        compiled.gather(x, rows.astype(np.int32), np.float32(1), np.float32(0), np.empty((128, 784), np.float32))


def test_read_only_inputs_are_computed_too(compiled):
    """A dataset read with np.frombuffer is read-only, and numba types such arrays apart:
    the gather has loops for them, the other kernels hand them to NumPy."""
    x = np.frombuffer(np.random.default_rng(9).integers(0, 256, 300 * 784, dtype=np.uint8).tobytes(), np.uint8).reshape(300, 784)
    rows = np.arange(0, 300, 3)
    out = compiled.gather(x, rows, np.float32(1 / 255), np.float32(0), np.empty((100, 784), np.float32))
    np.testing.assert_array_equal(out, x[rows] * np.float32(1 / 255))
    frozen = out[:, :10].copy()
    frozen.flags.writeable = False
    labels = np.arange(100) % 10
    labels.flags.writeable = False
    np.testing.assert_array_equal(compiled.relu(frozen)[0], kernels.NUMPY.relu(frozen)[0])
    assert compiled.softmax_cross_entropy(frozen, labels)[0] == pytest.approx(kernels.NUMPY.softmax_cross_entropy(frozen, labels)[0], rel=1e-6)


@pytest.mark.parametrize("split", [False, True], ids=["whole", "in two halves"])
def test_relu_of_a_convolutions_maps_keeps_their_layout_and_numpys_bits(compiled, monkeypatch, split):
    """A convolution leaves its maps channel by channel, (C, N, H, W) in memory: the
    ReLU and its gradient keep that layout (so nothing is transposed) and the numbers."""
    if split:
        monkeypatch.setattr(cores, "SPLIT", 0)
    rng = np.random.default_rng(10)
    maps = rng.standard_normal((6, 5, 7, 9)).astype(np.float32).transpose(1, 0, 2, 3)  # (N, C, H, W) seen
    out, slope = compiled.relu(maps)
    np.testing.assert_array_equal(out, kernels.NUMPY.relu(maps)[0])
    np.testing.assert_array_equal(slope, maps > 0)
    assert kernels.channel_major(out) and kernels.channel_major(slope)
    grad_out = rng.standard_normal((6, 5, 7, 9)).astype(np.float32).transpose(1, 0, 2, 3)
    grad = compiled.relu_backward(grad_out, slope)
    np.testing.assert_array_equal(grad, grad_out * slope)
    assert kernels.channel_major(grad)
    rows = np.ascontiguousarray(grad_out)  # laid out otherwise: NumPy's product, the same numbers
    np.testing.assert_array_equal(compiled.relu_backward(rows, slope), grad_out * slope)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("length", [1, 7, 2048, 2049, 10000])
def test_row_products_are_every_row_times_every_row(length, dtype, library, monkeypatch):
    """A first convolution's weight gradient: patches (with their row of ones) times the
    gradient of its maps, summed over every position; float64 sums as the reference."""
    monkeypatch.setattr(cores, "SPLIT", 0)  # the long sums in two halves too
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((10, length)).astype(dtype), rng.standard_normal((16, length)).astype(dtype)
    out = library.row_products(a, b)
    assert out.shape == (10, 16) and out.dtype == dtype
    exact = a.astype(np.float64) @ b.astype(np.float64).T
    scale = np.abs(a).astype(np.float64) @ np.abs(b).astype(np.float64).T  # the sums' own size
    assert np.all(np.abs(out - exact) <= 8 * np.finfo(dtype).eps * scale)


@pytest.mark.parametrize("rows", [1, 3, 4, 6, 129])
@pytest.mark.parametrize("source, offset", [(np.uint8, 0.0), (np.float32, -0.5), (np.float64, 0.25)])
def test_the_gather_loop_takes_any_number_of_rows_and_numpys_bits(compiled, rows, source, offset):
    """The compiled gather reads rows four at a time; the last one to three, and an offset
    (a dataset's mean taken away), give NumPy's numbers too."""
    rng = np.random.default_rng(21)
    x = (rng.random((300, 50)) * 255).astype(source)
    picked = rng.integers(0, len(x), rows)
    scale, shift = kernels.scalars(np.float32, 1 / 255, offset)
    expected = kernels.NUMPY.gather(x, picked, scale, shift, np.empty((rows, 50), np.float32))
    out = compiled.gather(x, picked, scale, shift, np.full((rows, 50), np.nan, np.float32))
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(out, (x[picked].astype(np.float32) * scale + shift) if offset else x[picked].astype(np.float32) * scale)


def test_bias_relu_and_its_backward_are_numpys_bits(compiled):
    """The fused Dense + ReLU kernels: forward the same bits in both libraries, in place;
    backward the same gradient, and the bias gradient summed row after row in both."""
    rng = np.random.default_rng(22)
    z, b = rng.standard_normal((128, 33)).astype(np.float32), rng.standard_normal(33).astype(np.float32)
    outs = []
    for library in (kernels.NUMPY, compiled):
        work = z.copy()
        out = library.bias_relu(work, b)
        assert out is work  # in place: the product's array is the output
        outs.append(out)
    np.testing.assert_array_equal(outs[0], outs[1])
    np.testing.assert_array_equal(outs[1], np.maximum(z + b, 0))
    g = rng.standard_normal(z.shape).astype(np.float32)
    (grad_np, db_np), (grad_c, db_c) = [
        (library.relu_bias_backward(g, outs[0], db := np.empty(33, np.float32)), db) for library in (kernels.NUMPY, compiled)]
    np.testing.assert_array_equal(grad_c, grad_np)
    np.testing.assert_array_equal(grad_c, np.where(z + b > 0, g, 0))
    np.testing.assert_array_equal(db_c, db_np)
    np.testing.assert_allclose(db_c, (g * (z + b > 0)).astype(np.float64).sum(axis=0), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", [np.int64, np.uint8, np.int32])
@pytest.mark.parametrize("values, stop, expected", [
    ([0, 3, 9], 10, True), ([0, 10], 10, False), ([], 10, True), ([5], 5, False), ([4], 5, True),
])
def test_in_range_says_whether_every_value_is_a_valid_row(compiled, dtype, values, stop, expected):
    array = np.array(values, dtype)
    for library in (kernels.NUMPY, compiled):
        assert library.in_range(array, stop) is expected, library.name
    if np.issubdtype(dtype, np.signedinteger) and values:
        negative = array.copy()
        negative[0] = -1
        assert not compiled.in_range(negative, stop) and not kernels.NUMPY.in_range(negative, stop)


def test_a_row_out_of_range_is_refused_by_name_not_read_past_the_data(compiled):
    x = np.arange(40, dtype=np.uint8).reshape(10, 4)
    out = np.empty((3, 4), np.float32)
    scale, offset = kernels.scalars(np.float32, 1.0, 0.0)
    for rows in ([0, 10, 2], [0, -11, 2]):
        with pytest.raises(IndexError, match="10|-11"):
            compiled.gather(x, np.array(rows, np.int64), scale, offset, out)


@pytest.mark.parametrize("labels", [[0, 9, 10], [-1, 3], [255]])
def test_a_label_outside_the_classes_is_a_clear_error(compiled, labels):
    design = spec.Design(name="t", input_shape=(4,), layers=[DenseSpec(10, "softmax")], loss="cross_entropy")
    model = build_model(design, rng=np.random.default_rng(0))
    x = np.zeros((len(labels), 4), np.float32)
    dtype = np.uint8 if min(labels) >= 0 else np.int64
    with kernels.using(compiled), pytest.raises(ValueError, match="labels must be between 0 and 9"):
        model.loss_and_gradients(x, np.array(labels, dtype))
