"""The loss explorer's numbers are the training losses' numbers."""
import math

import numpy as np
import pytest

from core.explain.loss_explain import (
    explain_cross_entropy,
    explain_squared_error,
    spread_prediction,
)
from core.nn.losses import MeanSquaredError, SoftmaxCrossEntropy


def test_the_textbook_example():
    y = spread_prediction(0.7, 2, 10)
    e = explain_cross_entropy(y, 2)
    assert e.value == pytest.approx(-math.log(0.7)) and round(e.value, 3) == 0.357
    assert e.worked == "L = −log 0.7 = 0.357"
    assert e.terms.sum() == pytest.approx(e.value)


def test_values_match_the_losses_training_uses():
    logits = np.array([[0.3, 2.0, -1.0, 0.5]])
    probs = np.exp(logits) / np.exp(logits).sum()
    ce = SoftmaxCrossEntropy().forward(logits, np.array([1]))
    mse = MeanSquaredError().forward(probs, np.array([1]))
    assert explain_cross_entropy(probs[0], 1).value == pytest.approx(ce, rel=1e-12)
    e = explain_squared_error(probs[0], 1)
    assert e.value == pytest.approx(mse, rel=1e-12)
    assert e.terms.sum() == pytest.approx(mse, rel=1e-12)
    assert e.worked.startswith("L = ½ × ((") and e.worked.endswith(f"= {round(mse, 4)}")


def test_many_classes_are_summed_up_and_near_certainty_keeps_its_digits():
    y = spread_prediction(0.7, 3, 10)
    e = explain_squared_error(y, 3)
    assert e.worked == "L = ½ × ((yₖ − 1)² + Σ_(i≠k) yᵢ²) = ½ × ((0.7 − 1)² + 0.01) = 0.05"
    assert explain_cross_entropy([1e-7, 1 - 1e-7], 1).worked == "L = −log 0.9999999 = 1e−7"


def test_a_zero_probability_is_clipped_not_infinite():
    e = explain_cross_entropy([1.0, 0.0], 1)
    assert math.isfinite(e.value) and "1e−12" in e.worked


def test_spread_prediction():
    y = spread_prediction(0.4, 0, 4)
    np.testing.assert_allclose(y, [0.4, 0.2, 0.2, 0.2])
    with pytest.raises(ValueError):
        explain_cross_entropy(y, 4)
