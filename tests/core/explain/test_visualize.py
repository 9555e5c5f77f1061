"""Weights as pictures and activation histograms."""
import numpy as np
import pytest

from core.design import spec
from core.explain.visualize import (
    histogram,
    image_shape_for,
    layer_values,
    weight_mosaic,
)
from core.nn.model import build_model
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec


def test_weight_mosaic_tiles_each_unit():
    W = np.zeros((16, 5))
    W[3, 0] = 2.0  # unit 0: pixel (0, 3)
    W[5, 4] = -0.5  # unit 4: pixel (1, 1)
    mosaic, rows, cols = weight_mosaic(W, (4, 4), gap=1)
    assert (rows, cols) == (2, 3)
    assert mosaic.shape == (2 * 5 - 1, 3 * 5 - 1)
    assert mosaic[0, 3] == 1.0  # scaled so the largest is 1
    assert mosaic[5 + 1, 1 * 5 + 1] == -1.0  # unit 4 sits at row 1, column 1
    assert np.isnan(mosaic[4, 0])  # the gap
    assert image_shape_for(784) == (28, 28) and image_shape_for(2) is None


def test_layer_values_and_histogram():
    d = spec.Design(name="h", input_shape=(3,), layers=[DenseSpec(8, "relu"), DropoutSpec(0.5), DenseSpec(2, "softmax")])
    model = build_model(d)
    x = np.random.default_rng(0).standard_normal((50, 3))
    a = layer_values(model, x, 0)
    z = layer_values(model, x, 0, "weighted_sum")
    np.testing.assert_allclose(a, np.maximum(z, 0))
    np.testing.assert_allclose(layer_values(model, x, 1), a)  # dropout is off
    h = histogram(a, bins=10)
    assert h.counts.sum() == a.size == h.values
    assert 0.2 < h.zeros < 0.8  # about half of ReLU outputs are switched off
    with pytest.raises(ValueError, match="no weighted sum"):
        layer_values(model, x, 1, "weighted_sum")
