"""The first layer's products that skip the zeros of its input (an image's background)."""
import numpy as np
import pytest

from core.compute import kernels, spinner
from core.design import spec
from core.layer_types.dense import DenseSpec
from core.nn.gradcheck import TOLERANCE, check_model_gradients
from core.nn.model import build_model


@pytest.fixture
def compiled():
    pytest.importorskip("numba")
    return kernels.compiled()


def _sparse(rng, rows, cols, density=0.15, dtype=np.float32):
    x = rng.random((rows, cols)).astype(dtype)
    x[rng.random((rows, cols)) >= density] = 0
    return x


def _mnist_batch(datasets_dir, rows=128):
    from core.data.datasets import load_dataset

    data = load_dataset("mnist", datasets_dir)
    return data.normalise(data.x_train[:rows]).reshape(rows, -1), data.y_train[:rows]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows, cols", [(128, 784), (5, 17), (1, 16), (9, 100)])
def test_the_lists_hold_exactly_the_batchs_nonzero_numbers(compiled, dtype, rows, cols):
    rng = np.random.default_rng(rows + cols)
    x = _sparse(rng, rows, cols, dtype=dtype)
    x[0] = 0  # an empty row
    x[-1, -1] = np.inf
    for columns in (False, True):
        nonzeros = compiled.nonzeros(x, columns=columns)
        assert nonzeros is not None and nonzeros.count() == np.count_nonzero(x)
        np.testing.assert_array_equal(nonzeros.dense(), x)


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 2e-6), (np.float64, 1e-13)])
def test_the_products_equal_the_dense_ones(compiled, dtype, rtol):
    """x @ W and x^T @ d from the lists: the sums of the nonzero terms, so the dense
    products' numbers (float64: to its rounding; float32: to float32's)."""
    rng = np.random.default_rng(0)
    x = _sparse(rng, 37, 130, dtype=dtype)
    w, d = rng.standard_normal((130, 70)).astype(dtype), rng.standard_normal((37, 70)).astype(dtype)
    exact_xw, exact_xd = x.astype(np.float64) @ w, x.T.astype(np.float64) @ d
    nonzeros = compiled.nonzeros(x, columns=True)
    scale = np.abs(x).astype(np.float64)
    np.testing.assert_allclose(compiled.sparse_product(nonzeros, w), exact_xw, rtol=0, atol=rtol * (scale @ np.abs(w)).max())
    out = np.full((130, 70), np.nan, dtype)
    assert compiled.sparse_weight_gradient(nonzeros, d, out) is out
    np.testing.assert_allclose(out, exact_xd, rtol=0, atol=rtol * (scale.T @ np.abs(d)).max())
    assert not out[np.flatnonzero(~x.any(0))].any(), "a column of zeros has a zero gradient"
    # the NumPy kernels compute the same products from the lists (densely)
    np.testing.assert_allclose(kernels.NUMPY.sparse_product(nonzeros, w), exact_xw, rtol=rtol * 10, atol=rtol)


def test_a_nan_in_the_input_reaches_the_output_as_the_dense_product_would(compiled):
    rng = np.random.default_rng(1)
    x = _sparse(rng, 6, 40)
    x[2, 7] = np.nan
    out = compiled.sparse_product(compiled.nonzeros(x, columns=False), rng.standard_normal((40, 8)).astype(np.float32))
    assert np.isnan(out[2]).all() and np.isfinite(np.delete(out, 2, axis=0)).all()


@pytest.mark.parametrize("make", [
    lambda rng: rng.random((64, 784)).astype(np.float32),  # dense
    lambda rng: _sparse(rng, 64, 784, density=0.4),  # nearer Fashion-MNIST's share of nonzero pixels (0.5)
    lambda rng: np.vstack([_sparse(rng, 8, 784, density=0.05), rng.random((56, 784), dtype=np.float32)]),  # sparse head, dense rest
    lambda rng: _sparse(rng, 64, 784, density=0.25),  # a little over the share
    lambda rng: _sparse(rng, 64, 8, density=0.1),  # too few columns to be worth listing
    lambda rng: _sparse(rng, 64, 784)[:, ::2],  # not contiguous
])
def test_dense_or_unusual_batches_keep_the_dense_product(compiled, make):
    assert compiled.nonzeros(make(np.random.default_rng(2)), columns=True) is None
    assert kernels.NUMPY.nonzeros(_sparse(np.random.default_rng(2), 64, 784), columns=True) is None


def test_a_smaller_batch_reuses_the_lists_and_on_the_helper_gives_the_same_bits(compiled):
    """The last batch of an epoch is smaller: it reuses the lists of the full ones. On the
    spinning helper, the halves give the same bits as the whole loops."""
    rng = np.random.default_rng(3)
    w, d = rng.standard_normal((784, 256)).astype(np.float32), rng.standard_normal((128, 256)).astype(np.float32)
    batches = [_sparse(rng, 128, 784), _sparse(rng, 112, 784), _sparse(rng, 128, 784)]

    def run():
        kept, results = None, []
        for x in batches:
            kept = compiled.nonzeros(x, kept, columns=True)
            grad = np.empty((784, 256), np.float32)
            compiled.sparse_weight_gradient(kept, d[: len(x)], grad)
            results.append((kept.count(), compiled.sparse_product(kept, w), grad))
        return results

    with spinner.disabled():
        whole = run()
    with spinner.serving():
        assert spinner.here(), "the helper must serve for this test to say anything"
        halves = run()
    for x, (count, xw, xd), (count2, xw2, xd2) in zip(batches, whole, halves, strict=True):
        assert count == count2 == np.count_nonzero(x)
        assert np.array_equal(xw, xw2) and np.array_equal(xd, xd2)
        np.testing.assert_allclose(xw, x.astype(np.float64) @ w, atol=1e-4)
        np.testing.assert_allclose(xd, x.T.astype(np.float64) @ d[: len(x)], atol=1e-4)


def test_inside_dense_the_products_multiply_the_zeros_too(compiled):
    x = _sparse(np.random.default_rng(7), 32, 100)
    with kernels.dense():
        assert kernels.dense_only() and compiled.nonzeros(x, columns=True) is None
    assert not kernels.dense_only() and compiled.nonzeros(x, columns=True) is not None


def test_an_mnist_networks_first_layer_skips_the_zeros_and_has_the_right_gradients(compiled, datasets_dir):
    """On MNIST images the first layer lists the nonzero pixels (not the later layers,
    whose inputs are dense enough); its gradients in float64 pass the central-difference
    check, and the float32 ones match the NumPy reference's dense products."""
    x, y = _mnist_batch(datasets_dir, rows=16)
    design = spec.Design(name="s", input_shape=(784,), layers=[DenseSpec(12, "relu"), DenseSpec(10, "softmax")])
    model = build_model(design, rng=np.random.default_rng(4), dtype=np.float64)
    with kernels.using(compiled):
        model.loss_and_gradients(x.astype(np.float64), y)
        first = model.train_layers[0].affine
        assert first.nonzeros is not None and first.nonzeros.count() == np.count_nonzero(x)
        assert first.nonzeros.columns, "the weight gradient came from the lists too"
        assert model.train_layers[1].nonzeros is None
        errors = check_model_gradients(model, x.astype(np.float64), y, samples=40, rng=np.random.default_rng(5))
    assert max(errors.values()) < TOLERANCE, errors

    model32 = build_model(design, rng=np.random.default_rng(4), dtype=np.float32)
    with kernels.using(kernels.NUMPY):
        reference = model32.loss_and_gradients(x, y), {k: g.copy() for k, g in model32.gradients.items()}
    with kernels.using(compiled):
        loss = model32.loss_and_gradients(x, y)
    assert loss == pytest.approx(reference[0], rel=1e-6)
    for name, g in model32.gradients.items():
        np.testing.assert_allclose(g, reference[1][name], rtol=1e-4, atol=1e-6, err_msg=name)


def test_listing_the_same_batch_again_with_its_columns_lists_them_on_the_helper_too(compiled):
    """A forward pass alone lists a batch row by row; a backward pass after it (the
    Explore page, a gradient check) lists the same batch into the same arrays with its
    columns. Only a flag changes: the helper's arguments must follow it (they once were
    rewritten only when an array changed)."""
    rng = np.random.default_rng(6)
    before, x, d = _sparse(rng, 128, 784), _sparse(rng, 128, 784), rng.standard_normal((128, 64)).astype(np.float32)
    with spinner.serving():
        assert spinner.here()
        kept = compiled.nonzeros(before, columns=True)  # a training step's
        assert compiled.nonzeros(x, kept, columns=False) is kept
        again = compiled.nonzeros(x, kept, columns=True)
        assert again is kept and again.columns
        grad = compiled.sparse_weight_gradient(again, d, np.empty((784, 64), np.float32))
    np.testing.assert_allclose(grad, x.T.astype(np.float64) @ d, atol=1e-4)
