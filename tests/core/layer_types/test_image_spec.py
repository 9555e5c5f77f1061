"""The image layers in the design file (format version 2): defaults, round trips, every
refusal naming its field, and version 1 files that open unchanged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.design import spec
from core.layer_types import LAYER_TYPES
from core.layer_types.conv2d import Conv2DSpec
from core.layer_types.flatten import FlattenSpec
from core.layer_types.pooling import AvgPool2DSpec, MaxPool2DSpec

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "examples"


def doc(*layers, version=2, shape=(1, 28, 28)) -> dict:
    return {"format": "layerlab-design", "version": version, "input": {"shape": list(shape)},
            "layers": [*layers, {"type": "flatten"}, {"type": "dense", "units": 10, "activation": "softmax"}]}


def problems(data) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in spec.validate(data)]


def test_the_palette_order_and_the_defaults_of_a_dropped_layer():
    assert list(LAYER_TYPES) == ["dense", "dropout", "conv2d", "maxpool2d", "avgpool2d", "flatten"]
    assert LAYER_TYPES["conv2d"].new() == Conv2DSpec(16, 3, 1, 0, "relu")
    assert LAYER_TYPES["maxpool2d"].new() == MaxPool2DSpec(2, None)
    assert spec.layer_to_dict(MaxPool2DSpec()) == {"type": "maxpool2d", "pool_size": 2}  # no stride: the pool's own


def test_layers_round_trip_with_ints_pairs_and_same_padding():
    data = doc({"type": "conv2d", "filters": 8, "kernel_size": [3, 5], "stride": 1, "padding": "same", "activation": "tanh"},
               {"type": "maxpool2d", "pool_size": [2, 1], "stride": 1}, {"type": "avgpool2d", "pool_size": 2},
               {"type": "conv2d", "filters": 4, "kernel_size": 3, "stride": 2, "padding": 2, "activation": "relu"})
    d = spec.from_dict(data)
    assert d.layers[:4] == [Conv2DSpec(8, [3, 5], 1, "same", "tanh"), MaxPool2DSpec([2, 1], 1), AvgPool2DSpec(2), Conv2DSpec(4, 3, 2, 2)]
    assert d.layers[4] == FlattenSpec()
    assert spec.to_dict(d)["layers"] == data["layers"]
    assert spec.loads(spec.dumps(d)) == d


def test_defaults_fill_what_the_file_leaves_out():
    d = spec.from_dict(doc({"type": "conv2d", "filters": 8}, {"type": "maxpool2d"}))
    assert d.layers[0] == Conv2DSpec(8, 3, 1, 0, "relu") and d.layers[1] == MaxPool2DSpec(2, None)


@pytest.mark.parametrize("layer, path, code", [
    ({"type": "conv2d"}, "layers[0].filters", "required"),
    ({"type": "conv2d", "filters": 0}, "layers[0].filters", "positive_integer"),
    ({"type": "conv2d", "filters": 8, "kernel_size": "3"}, "layers[0].kernel_size", "size_pair"),
    ({"type": "conv2d", "filters": 8, "kernel_size": [3, 3, 3]}, "layers[0].kernel_size", "size_pair"),
    ({"type": "conv2d", "filters": 8, "kernel_size": [3, 0]}, "layers[0].kernel_size[1]", "positive_integer"),
    ({"type": "conv2d", "filters": 8, "kernel_size": 5000}, "layers[0].kernel_size", "at_most"),
    ({"type": "conv2d", "filters": 8, "stride": 0}, "layers[0].stride", "positive_integer"),
    ({"type": "conv2d", "filters": 8, "padding": "valid"}, "layers[0].padding", "padding_value"),
    ({"type": "conv2d", "filters": 8, "padding": -1}, "layers[0].padding", "non_negative_integer_between"),
    ({"type": "conv2d", "filters": 8, "padding": True}, "layers[0].padding", "padding_value"),
    ({"type": "conv2d", "filters": 8, "kernel": 3}, "layers[0].kernel", "unknown_key"),
    ({"type": "maxpool2d", "stride": None}, "layers[0].stride", "positive_integer"),
    ({"type": "avgpool2d", "pool_size": 1.5}, "layers[0].pool_size", "positive_integer"),
    ({"type": "flatten", "size": 3}, "layers[0].size", "unknown_key"),
])
def test_bad_values_are_refused_naming_the_field(layer, path, code):
    assert problems(doc(layer)) == [(path, code)]


def test_a_version_1_file_opens_unchanged_and_is_saved_as_version_2():
    for name in ("mnist_mlp.json", "worked_example.json"):
        data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        assert data["version"] == 1
        d = spec.from_dict(data)
        out = spec.to_dict(d)
        assert out["version"] == spec.VERSION == 2
        assert {k: v for k, v in out.items() if k != "version"} == {k: v for k, v in data.items() if k != "version"}


def test_a_version_1_file_may_not_hold_the_image_layers():
    found = spec.validate(doc({"type": "conv2d", "filters": 8}, version=1))
    assert [(p.path, p.code) for p in found] == [("layers[0].type", "needs_version"), ("layers[1].type", "needs_version")]
    assert str(found[0]) == 'layers[0].type: a Conv2D layer needs format version 2 or later, but the file says version 1: set "version" to 2'
    assert problems({**doc(), "version": 3})[0] == ("version", "newer_version")
