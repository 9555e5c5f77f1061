"""The registry's promises that the rest of the code relies on."""
from __future__ import annotations

import numpy as np
import pytest

from core.design import spec
from core.layer_types import LAYER_TYPES, layer_type, register
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec
from core.layer_types.walk import signature
from core.nn.model import build_model


def mlp(*layers, input_shape=(784,)) -> spec.Design:
    return spec.Design(name="t", input_shape=input_shape, layers=list(layers))


def test_built_in_types_in_palette_order():
    assert list(LAYER_TYPES)[:2] == ["dense", "dropout"]
    with pytest.raises(ValueError, match="unknown layer type 'conv3d'"):
        layer_type("conv3d")
    with pytest.raises(ValueError, match="already registered"):
        register(LAYER_TYPES["dense"])


def test_a_dropout_layer_draws_its_masks_from_a_stream_of_its_own():
    """Changing a layer after a Dropout must not change the Dropout's masks, and adding a
    Dropout must not change any layer's initial weights: its generator is split off the
    model's, never the model's generator itself."""
    x = np.ones((4, 32), dtype=np.float32)

    def first_dropout_mask(*layers):
        model = build_model(mlp(*layers), rng=np.random.default_rng(7))
        drop = model.blocks[1].layers[0]
        return drop.forward(x, training=True), model

    a, with_dropout = first_dropout_mask(DenseSpec(32), DropoutSpec(0.5), DenseSpec(10, "softmax"))
    b, _ = first_dropout_mask(DenseSpec(32), DropoutSpec(0.5), DenseSpec(64), DenseSpec(10, "softmax"))
    assert a.shape == (4, 32)
    np.testing.assert_array_equal(a != 0, b != 0)
    without = build_model(mlp(DenseSpec(32), DenseSpec(10, "softmax")), rng=np.random.default_rng(7))
    np.testing.assert_array_equal(with_dropout.parameters["layers.2.W"], without.parameters["layers.1.W"])


def test_trained_weights_belong_to_a_design_with_the_same_units_and_activations():
    base = mlp(DenseSpec(64, "relu"), DropoutSpec(0.2), DenseSpec(10, "softmax"))
    other_rate = mlp(DenseSpec(64, "relu"), DropoutSpec(0.5), DenseSpec(10, "softmax"))
    other_activation = mlp(DenseSpec(64, "tanh"), DropoutSpec(0.2), DenseSpec(10, "softmax"))
    other_units = mlp(DenseSpec(65, "relu"), DropoutSpec(0.2), DenseSpec(10, "softmax"))
    flat_to_image = mlp(DenseSpec(64, "relu"), DropoutSpec(0.2), DenseSpec(10, "softmax"), input_shape=(1, 28, 28))
    assert signature(base) == signature(other_rate)  # dropout does nothing at inference
    for changed in (other_activation, other_units, flat_to_image):
        assert signature(base) != signature(changed)
