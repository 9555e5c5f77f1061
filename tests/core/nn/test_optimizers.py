"""Optimizers: each minimises a quadratic, in place; Adam equals its textbook form."""
import numpy as np
import pytest

from core.design import spec
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


@pytest.mark.parametrize("kind", SETTINGS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_minimises_a_quadratic_in_place(kind, dtype):
    """f(w) = sum((w - 3)^2), gradient 2 (w - 3); minimum at w = 3."""
    opt = OPTIMIZERS[kind].cls(**SETTINGS[kind])
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


def test_adam_equals_the_textbook_formula():
    rng = np.random.default_rng(0)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    w = rng.standard_normal(50)
    ref = w.copy()
    m = np.zeros(50)
    v = np.zeros(50)
    opt = Adam(lr, b1, b2)
    for t in range(1, 31):
        g = rng.standard_normal(50) * 10.0 ** rng.integers(-6, 2)
        opt.step({"w": w}, {"w": g.copy()})
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        ref -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    np.testing.assert_allclose(w, ref, rtol=1e-10, atol=1e-12)


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


def _adam_run(w, grads, **settings):
    opt = Adam(**settings)
    for g in grads:
        opt.step({"w": w}, {"w": g.copy()})
    return opt


def test_adam_in_slices_equals_the_textbook_formula(monkeypatch):
    """Large arrays are updated a slice at a time: the same numbers as all at once."""
    from core.nn import optimizers
    rng = np.random.default_rng(1)
    n = 2 * optimizers.SLICE + 123
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    start = rng.standard_normal((n // 3, 3))
    grads = [rng.standard_normal(start.shape) * 10.0 ** rng.integers(-6, 2) for _ in range(5)]
    sliced = start.copy()
    _adam_run(sliced, grads, learning_rate=lr)
    monkeypatch.setattr(optimizers, "SLICE", 10**9)
    whole = start.copy()
    _adam_run(whole, grads, learning_rate=lr)
    np.testing.assert_array_equal(sliced, whole)
    ref, m, v = start.copy(), 0.0, 0.0
    for t, g in enumerate(grads, 1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        ref -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    np.testing.assert_allclose(sliced, ref, rtol=1e-10, atol=1e-12)


def test_adam_flushes_subnormal_running_sums_without_changing_any_weight(monkeypatch):
    """A gradient that stays 0 after one step decays m_sum below float32's smallest
    normal number (slow arithmetic); Adam sets such values to 0, and the weights come
    out bit for bit the same as without flushing."""
    from core.nn import optimizers
    rng = np.random.default_rng(2)
    start = rng.standard_normal(1000).astype(np.float32)
    first = (rng.standard_normal(1000) * 1e-3).astype(np.float32)
    grads = [first] + [np.zeros_like(first)] * 799
    tiny = np.finfo(np.float32).tiny

    flushed = start.copy()
    opt = _adam_run(flushed, grads)
    m = opt.m_sum["w"]
    assert np.all((m == 0) | (np.abs(m) >= tiny))

    monkeypatch.setattr(optimizers, "FLUSH_EVERY", 10**9)
    kept = start.copy()
    opt = _adam_run(kept, grads)
    m = opt.m_sum["w"]
    assert np.any((m != 0) & (np.abs(m) < tiny)), "without flushing the test would show subnormals"
    np.testing.assert_array_equal(flushed, kept)


@pytest.mark.parametrize("kind, state", [("momentum", "velocity"), ("rmsprop", "h")])
def test_fading_state_of_momentum_and_rmsprop_is_flushed_without_changing_weights(monkeypatch, kind, state):
    """Momentum's velocity and RMSProp's memory fade geometrically when a gradient
    stays 0, into slow subnormal numbers; they are set to 0 instead, weights unchanged."""
    from core.nn import optimizers
    rng = np.random.default_rng(3)
    start = rng.standard_normal(500).astype(np.float32)
    first = (rng.standard_normal(500) * 1e-3).astype(np.float32)
    tiny = np.finfo(np.float32).tiny
    steps = 1200 if kind == "momentum" else 12000  # 0.9**n vs 0.99**n

    def run():
        w = start.copy()
        opt = optimizers.make_optimizer(spec.OptimizerSpec(kind, 0.01))
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
