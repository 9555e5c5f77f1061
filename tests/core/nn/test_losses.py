"""Losses: known values, numerical stability, gradients."""
import numpy as np
import pytest

from core.nn.gradcheck import numerical_gradient, relative_error
from core.nn.layers import softmax
from core.nn.losses import (
    CrossEntropy,
    MeanSquaredError,
    SoftmaxCrossEntropy,
    cross_entropy,
    mean_squared_error,
    one_hot,
)

# the textbook's example: the right class is 2
RIGHT = [0.1, 0.05, 0.7, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
WRONG = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]


def test_cross_entropy_known_values():
    assert cross_entropy(np.array(RIGHT), 2) == pytest.approx(0.357, abs=5e-4)
    assert cross_entropy(np.array([[0.2, 0.8]]), np.array([0])) == pytest.approx(1.609, abs=5e-4)
    assert cross_entropy(np.array([RIGHT, WRONG]), np.array([2, 2])) == pytest.approx((0.35667 + 2.30259) / 2, abs=1e-4)
    assert np.isfinite(cross_entropy(np.array([[1.0, 0.0]]), np.array([1])))  # log(0) is clipped


def test_mean_squared_error_known_value():
    textbook = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    assert mean_squared_error(np.array([textbook]), np.array([2])) == pytest.approx(0.0975)
    assert mean_squared_error(np.array([WRONG]), np.array([2])) == pytest.approx(0.5975)


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])


def test_fused_softmax_cross_entropy_equals_the_two_steps_and_is_stable():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    labels = np.array([0, 2])
    loss = SoftmaxCrossEntropy()
    assert loss.forward(logits, labels) == pytest.approx(cross_entropy(softmax(logits), labels))
    expected = (softmax(logits) - one_hot(labels, 3)) / 2
    np.testing.assert_allclose(loss.backward(), expected)
    huge = np.array([[1000.0, 0.0, -1000.0]], dtype=np.float32)
    assert loss.forward(huge, np.array([0])) == pytest.approx(0.0, abs=1e-6)
    assert loss.forward(huge, np.array([2])) == pytest.approx(2000.0)
    assert np.isfinite(loss.backward()).all()


@pytest.mark.parametrize("loss_cls", [SoftmaxCrossEntropy, CrossEntropy, MeanSquaredError])
def test_loss_gradients_match_numerical(loss_cls):
    rng = np.random.default_rng(2)
    labels = np.array([0, 3, 1, 3, 2])
    if loss_cls is CrossEntropy:  # takes probabilities
        y = softmax(rng.standard_normal((5, 4)))
    else:
        y = rng.standard_normal((5, 4))
    loss = loss_cls()
    loss.forward(y, labels)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda _: loss_cls().forward(y, labels), y)
    assert relative_error(analytic, numeric) < 1e-6


def test_losses_are_means_over_the_batch():
    rng = np.random.default_rng(0)
    y = rng.standard_normal((4, 3))
    labels = np.array([0, 1, 2, 1])
    for loss_cls in (SoftmaxCrossEntropy, MeanSquaredError):
        whole = loss_cls().forward(y, labels)
        parts = [loss_cls().forward(y[i : i + 1], labels[i : i + 1]) for i in range(4)]
        assert whole == pytest.approx(np.mean(parts))


def test_float32_losses_stay_float32():
    y = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    for loss in (SoftmaxCrossEntropy(), MeanSquaredError()):
        assert isinstance(loss.forward(y, np.array([0, 1, 2, 0])), float)
        assert loss.backward().dtype == np.float32
