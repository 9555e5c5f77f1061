"""core.compute.cores: the large products of a training step split over both cores give the
products, and BLAS goes back to its threads afterwards."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from core.compute import cores

SHAPES = [((128, 784), (784, 256)), ((32, 145), (145, 3000)), ((145, 3000), (3000, 32)), ((3, 5), (5, 7))]


@pytest.mark.parametrize("a_shape, b_shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_split_product_is_the_product(a_shape, b_shape, dtype, monkeypatch):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(a_shape).astype(dtype), rng.standard_normal(b_shape).astype(dtype)
    threads = set()
    real = np.matmul

    def matmul(x, y, out=None):
        threads.add(threading.get_ident())
        return real(x, y, out=out)

    with cores.training_threads(cores.STEP_NUMBERS):
        assert cores.training()
        expected = real(a, b)
        monkeypatch.setattr(np, "matmul", matmul)
        out = cores.matmul(a, b)
        into = np.full((a_shape[0], b_shape[1]), np.nan, dtype)
        cores.matmul(a.T.copy().T, b, out=into)  # a transposed (Fortran-ordered) operand too
        monkeypatch.undo()
    assert out.dtype == dtype
    # every number is one row times one column, summed as BLAS sums it whole
    np.testing.assert_allclose(out, expected, rtol=10 * np.finfo(dtype).eps, atol=10 * np.finfo(dtype).eps * a_shape[1])
    np.testing.assert_array_equal(into, out)
    large = a_shape[0] * a_shape[1] * b_shape[1] >= cores.PRODUCT_SPLIT
    assert len(threads) == (2 if large and cores.CORES > 1 else 1)  # small products stay whole, here
    assert not cores.training()


def test_outside_training_a_product_is_numpys(monkeypatch):
    calls = []
    monkeypatch.setattr(cores, "on_both_cores", lambda *args: calls.append(args))
    a = np.ones((256, 512), np.float32)
    np.testing.assert_array_equal(cores.matmul(a, a.T), a @ a.T)
    assert calls == [] and not cores.training()


def test_training_makes_blas_single_threaded_and_gives_its_threads_back():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    controller = threadpoolctl.ThreadpoolController()
    before = [info["num_threads"] for info in controller.select(user_api="blas").info()]
    with cores.training_threads(cores.STEP_NUMBERS):
        inside = [info["num_threads"] for info in threadpoolctl.ThreadpoolController().select(user_api="blas").info()]
        with cores.training_threads(cores.STEP_NUMBERS):  # nested: the outer block decides
            assert cores.training()
        assert cores.training()
    after = [info["num_threads"] for info in threadpoolctl.ThreadpoolController().select(user_api="blas").info()]
    assert all(n == 1 for n in inside) and after == before


def test_a_failing_half_is_reported_after_both_finished():
    done = []

    def run(first, last):
        done.append((first, last))
        if first > 0:
            raise ValueError("the second half failed")

    with pytest.raises(ValueError, match="second half"):
        cores.on_both_cores(run, 10, cores.SPLIT)
    assert sorted(done) == [(0, 5), (5, 10)] or cores.CORES < 2


def test_the_helper_half_handles_floating_point_errors_as_the_caller(recwarn):
    """NumPy's error handling is per thread: a diverging run silences overflows, and its
    products' second half must be as quiet (the CLI's one-line message, no warnings)."""
    a = np.full((256, 256), 1e30, np.float32)
    with cores.training_threads(cores.STEP_NUMBERS), np.errstate(over="ignore", invalid="ignore"):
        out = cores.matmul(a, a)
    assert np.isinf(out).all() and not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    with cores.training_threads(cores.STEP_NUMBERS), np.errstate(over="raise"), pytest.raises(FloatingPointError):
        cores.matmul(a, a)


def test_a_small_step_keeps_blas_threads():
    """An MLP's step (a few hundred thousand numbers) trains with BLAS's own threads."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    before = [info["num_threads"] for info in threadpoolctl.ThreadpoolController().select(user_api="blas").info()]
    with cores.training_threads(cores.STEP_NUMBERS - 1):
        assert not cores.training()
        inside = [info["num_threads"] for info in threadpoolctl.ThreadpoolController().select(user_api="blas").info()]
    assert inside == before


def test_the_model_says_how_large_its_step_is():
    """The example CNN's steps are large, the bench MLP's small: one splits, one does not."""
    from core.design import spec
    from core.layer_types.conv2d import Conv2DSpec
    from core.layer_types.dense import DenseSpec
    from core.layer_types.flatten import FlattenSpec
    from core.layer_types.pooling import MaxPool2DSpec
    from core.nn.model import build_model

    cnn = spec.Design(name="cnn", dataset="mnist", input_shape=(1, 28, 28), layers=[
        Conv2DSpec(16, 3, padding=1), MaxPool2DSpec(2), Conv2DSpec(32, 3, padding=1), MaxPool2DSpec(2), FlattenSpec(),
        DenseSpec(10, "softmax")])
    mlp = spec.Design(name="mlp", input_shape=(784,), layers=[DenseSpec(256, "relu"), DenseSpec(128, "relu"), DenseSpec(10, "softmax")])
    assert build_model(cnn).step_numbers(128) >= cores.STEP_NUMBERS > build_model(mlp).step_numbers(128)
