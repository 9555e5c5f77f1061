"""Optimizers: each equals its textbook formula and minimises a quadratic, in place, with
either kernel library (NumPy passes, or the loops numba compiles)."""
import numpy as np
import pytest

from core.design import spec
from core.compute import kernels
from core.nn import optimizers
from core.nn.optimizers import OPTIMIZERS, Adam, make_optimizer

SETTINGS = {
    "sgd": dict(learning_rate=0.1),
    "momentum": dict(learning_rate=0.05, momentum=0.9),
    "adagrad": dict(learning_rate=0.9),
    "rmsprop": dict(learning_rate=0.05, decay=0.9),
    "adam": dict(learning_rate=0.1),
}


def test_registry_covers_the_spec():
    assert set(OPTIMIZERS) == set(tuple(OPTIMIZERS)) == set(SETTINGS)


def _compiled():
    pytest.importorskip("numba")
    return kernels.compiled()


#: both kernel libraries, by name; the compiled one is skipped where numba is missing
KERNELS = {"numpy": lambda: kernels.NUMPY, "numba": _compiled}


@pytest.fixture(params=list(KERNELS))
def library(request):
    return KERNELS[request.param]()


# ---------------------------------------------------------------------- the textbook


class Textbook:
    """Each optimizer written as the textbook writes it, one formula per line, in float64."""

    def __init__(self, kind, learning_rate, momentum=0.9, decay=0.99, beta1=0.9, beta2=0.999):
        self.kind, self.lr, self.momentum, self.decay, self.b1, self.b2 = kind, learning_rate, momentum, decay, beta1, beta2
        self.t, self.state = 0, None

    def step(self, w, g):
        lr, self.t = self.lr, self.t + 1
        if self.state is None:
            self.state = [np.zeros_like(w), np.zeros_like(w)]
        if self.kind == "sgd":
            w -= lr * g
        elif self.kind == "momentum":
            v = self.state[0] = self.momentum * self.state[0] - lr * g
            w += v
        elif self.kind == "adagrad":
            h = self.state[0] = self.state[0] + g * g
            w -= lr * g / (np.sqrt(h) + optimizers.ADAGRAD_EPS)
        elif self.kind == "rmsprop":
            h = self.state[0] = self.decay * self.state[0] + (1 - self.decay) * g * g
            w -= lr * g / (np.sqrt(h) + optimizers.ADAGRAD_EPS)
        else:
            m = self.state[0] = self.b1 * self.state[0] + (1 - self.b1) * g
            v = self.state[1] = self.b2 * self.state[1] + (1 - self.b2) * g * g
            m_hat, v_hat = m / (1 - self.b1**self.t), v / (1 - self.b2**self.t)
            w -= lr * m_hat / (np.sqrt(v_hat) + optimizers.ADAM_EPS)


def _gradients(rng, shape, steps):
    """Gradients of every size from 1e-6 to 10, some exactly 0, as a network sees them."""
    return [rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 2, shape) * (rng.random(shape) < 0.9) for _ in range(steps)]


@pytest.mark.parametrize("kind", SETTINGS)
@pytest.mark.parametrize("size, steps", [(60, 1000), (2 * kernels.SLICE + 123, 20)])
def test_equals_the_textbook_formula_over_many_steps(kind, size, steps, library):
    """In float64; the large array goes through the slices of NumPy's Adam."""
    rng = np.random.default_rng(0)
    start = rng.standard_normal((size // 3, 3))
    grads = _gradients(rng, start.shape, steps)
    w, ref = start.copy(), start.copy().reshape(-1)
    opt, textbook = OPTIMIZERS[kind].cls(**SETTINGS[kind], kernels=library), Textbook(kind, **SETTINGS[kind])
    for g in grads:
        opt.step({"w": w}, {"w": g.copy()})
        textbook.step(ref, g.reshape(-1))
    assert not np.array_equal(w, start)
    np.testing.assert_allclose(w.reshape(-1), ref, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("kind", SETTINGS)
def test_both_kernel_libraries_give_the_same_float32_numbers(kind):
    """The compiled loops do NumPy's float32 operations in NumPy's order: bit for bit the
    same weights and state after 300 steps, on an array sliced by NumPy's Adam."""
    compiled = _compiled()
    rng = np.random.default_rng(1)
    start = rng.standard_normal(kernels.SLICE + 1000).astype(np.float32)
    grads = [g.astype(np.float32) for g in _gradients(rng, start.shape, 30)]
    runs = []
    for library in (kernels.NUMPY, compiled):
        w, opt = start.copy(), OPTIMIZERS[kind].cls(**SETTINGS[kind], kernels=library)
        for t in range(300):
            opt.step({"w": w}, {"w": grads[t % len(grads)]})
        state = {name: value["w"] for name, value in vars(opt).items() if isinstance(value, dict) and "w" in value}
        runs.append((w, state))
    (w_numpy, state_numpy), (w_compiled, state_compiled) = runs
    assert w_compiled.dtype == np.float32
    np.testing.assert_array_equal(w_compiled, w_numpy)
    assert state_numpy.keys() == state_compiled.keys() and (state_numpy or kind == "sgd")
    for name in state_numpy:
        np.testing.assert_array_equal(state_compiled[name], state_numpy[name], err_msg=name)


@pytest.mark.parametrize("kind", SETTINGS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_minimises_a_quadratic_in_place(kind, dtype, library):
    """f(w) = sum((w - 3)^2), gradient 2 (w - 3); minimum at w = 3."""
    opt = OPTIMIZERS[kind].cls(**SETTINGS[kind], kernels=library)
    w = np.array([[0.0, -5.0], [10.0, 3.5]], dtype=dtype)
    b = np.array([1.0], dtype=dtype)
    params = {"W": w, "b": b}
    grads = {"W": np.zeros_like(w), "b": np.zeros_like(b)}
    for _ in range(400):
        for key, p in params.items():
            grads[key][...] = 2 * (p - 3)
        opt.step(params, grads)
    assert params["W"] is w and params["b"] is b, "parameters must be updated in place"
    assert w.dtype == dtype
    np.testing.assert_allclose(w, 3.0, atol=2e-2)
    np.testing.assert_allclose(b, 3.0, atol=2e-2)


def test_a_view_that_is_not_contiguous_is_updated_in_place(library):
    """Weights handed over as a strided view (a column of a matrix) still move."""
    base = np.zeros((4, 3))
    column = base[:, 1]
    opt = Adam(0.1, kernels=library)
    opt.step({"w": column}, {"w": np.ones(4)})
    np.testing.assert_allclose(base[:, 1], -0.1)
    assert not base[:, [0, 2]].any()


def test_optimizers_compute_with_the_kernels_training_loaded(monkeypatch):
    """Until a model trains (`kernels.load()`), NumPy; LAYERLAB_KERNELS=numpy keeps it so."""
    monkeypatch.setattr(kernels, "_active", kernels.NUMPY)
    assert Adam().kernels is kernels.NUMPY
    monkeypatch.setenv(kernels.ENVIRONMENT, "numpy")
    assert kernels.load() is kernels.NUMPY and Adam().kernels is kernels.NUMPY
    if _has_numba():
        monkeypatch.setenv(kernels.ENVIRONMENT, "auto")
        assert kernels.load() is kernels.compiled() and Adam().kernels is kernels.compiled()
    assert Adam(kernels=kernels.NUMPY).kernels is kernels.NUMPY
    monkeypatch.setenv(kernels.ENVIRONMENT, "fortran")
    with pytest.raises(RuntimeError, match="LAYERLAB_KERNELS='fortran': expected auto, numpy or numba"):
        kernels.load()


def test_without_numba_auto_falls_back_to_numpy_and_numba_insists(monkeypatch):
    def missing():
        raise ImportError("No module named 'numba'")

    monkeypatch.setattr(kernels, "compiled", missing)
    monkeypatch.setattr(kernels, "_active", kernels.NUMPY)
    monkeypatch.setenv(kernels.ENVIRONMENT, "auto")
    assert kernels.load() is kernels.NUMPY
    monkeypatch.setenv(kernels.ENVIRONMENT, "numba")
    with pytest.raises(RuntimeError, match="numba cannot be imported"):
        kernels.load()


def _has_numba() -> bool:
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def test_registry_covers_the_spec():
    assert set(OPTIMIZERS) == set(SETTINGS)


def test_state_is_created_lazily_per_key():
    opt = make_optimizer(spec.OptimizerSpec("momentum", 0.1))
    a, b = np.ones(3), np.ones(2)
    opt.step({"a": a}, {"a": np.ones(3)})
    opt.step({"a": a, "b": b}, {"a": np.ones(3), "b": np.ones(2)})
    assert set(opt.velocity) == {"a", "b"}


def test_make_optimizer_reads_the_spec():
    opt = make_optimizer(spec.OptimizerSpec("adam", 0.002, {"beta1": 0.8}))
    assert isinstance(opt, Adam)
    assert (opt.learning_rate, opt.beta1, opt.beta2) == (0.002, 0.8, 0.999)
    rms = make_optimizer(spec.OptimizerSpec("rmsprop", 0.01))
    assert rms.decay == 0.99 and "RMSProp(learning_rate=0.01" in repr(rms)
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer(spec.OptimizerSpec("lbfgs", 0.1))


def _adam_run(w, grads, library, **settings):
    opt = Adam(**settings, kernels=library)
    for g in grads:
        opt.step({"w": w}, {"w": g.copy()})
    return opt


def test_adam_in_slices_equals_adam_all_at_once(monkeypatch):
    """NumPy's Adam updates large arrays a slice at a time: the same numbers as all at once."""
    rng = np.random.default_rng(1)
    start = rng.standard_normal(((2 * kernels.SLICE + 123) // 3, 3))
    grads = _gradients(rng, start.shape, 5)
    sliced = start.copy()
    _adam_run(sliced, grads, kernels.NUMPY, learning_rate=0.01)
    monkeypatch.setattr(kernels, "SLICE", 10**9)
    whole = start.copy()
    _adam_run(whole, grads, kernels.NUMPY, learning_rate=0.01)
    np.testing.assert_array_equal(sliced, whole)


def test_adam_flushes_subnormal_running_sums_without_changing_any_weight(monkeypatch, library):
    """A gradient that stays 0 after one step decays m_sum below float32's smallest
    normal number (slow arithmetic); Adam sets such values to 0, and the weights come
    out bit for bit the same as without flushing."""
    rng = np.random.default_rng(2)
    start = rng.standard_normal(1000).astype(np.float32)
    first = (rng.standard_normal(1000) * 1e-3).astype(np.float32)
    grads = [first] + [np.zeros_like(first)] * 799
    tiny = np.finfo(np.float32).tiny

    flushed = start.copy()
    opt = _adam_run(flushed, grads, library)
    m = opt.m_sum["w"]
    assert np.all((m == 0) | (np.abs(m) >= tiny))

    monkeypatch.setattr(optimizers, "FLUSH_EVERY", 10**9)
    kept = start.copy()
    opt = _adam_run(kept, grads, library)
    m = opt.m_sum["w"]
    assert np.any((m != 0) & (np.abs(m) < tiny)), "without flushing the test would show subnormals"
    np.testing.assert_array_equal(flushed, kept)


@pytest.mark.parametrize("kind, state", [("momentum", "velocity"), ("rmsprop", "h")])
def test_fading_state_of_momentum_and_rmsprop_is_flushed_without_changing_weights(monkeypatch, kind, state, library):
    """Momentum's velocity and RMSProp's memory fade geometrically when a gradient
    stays 0, into slow subnormal numbers; they are set to 0 instead, weights unchanged."""
    rng = np.random.default_rng(3)
    start = rng.standard_normal(500).astype(np.float32)
    first = (rng.standard_normal(500) * 1e-3).astype(np.float32)
    tiny = np.finfo(np.float32).tiny
    steps = 1200 if kind == "momentum" else 12000  # 0.9**n vs 0.99**n

    def run():
        w = start.copy()
        opt = OPTIMIZERS[kind].cls(0.01, kernels=library)
        opt.step({"w": w}, {"w": first})
        zeros = np.zeros_like(first)
        for _ in range(steps):
            opt.step({"w": w}, {"w": zeros})
        return w, getattr(opt, state)["w"]

    flushed, s = run()
    assert np.all((s == 0) | (np.abs(s) >= tiny))
    monkeypatch.setattr(optimizers, "FLUSH_EVERY", 10**9)
    kept, s = run()
    assert np.any((s != 0) & (np.abs(s) < tiny)), "without flushing the test would show subnormals"
    np.testing.assert_array_equal(flushed, kept)
