"""A layer type defined in a test file alone goes end to end: parse, check, build, train,
gradient check, save and reopen, inspect (tests/scale_layer.py)."""
from __future__ import annotations

import json

import numpy as np

from core.design import spec
from core.design.checks import apply_fix, check_design
from core.explain.inspect import trace
from core.io.bundle import load_bundle, save_bundle
from core.layer_types import LAYER_TYPES
from core.nn.gradcheck import check_model_gradients
from core.nn.model import build_model
from core.train.loop import train_design
from tests.scale_layer import ScaleSpec, scale_type  # noqa: F401


def scaled_mlp(start=0.5) -> dict:
    return {
        "format": "layerlab-design", "version": 1, "name": "scaled", "dataset": "xor", "input": {"shape": [2]},
        "layers": [{"type": "dense", "units": 8, "activation": "tanh"}, {"type": "scale", "start": start},
                   {"type": "dense", "units": 2, "activation": "softmax"}],
        "training": {"optimizer": {"type": "adam", "learning_rate": 0.01}, "batch_size": 32, "epochs": 60, "init": "xavier", "seed": 1},
    }


def test_it_parses_dumps_and_refuses_bad_values(scale_type):
    d = spec.from_dict(scaled_mlp())
    assert d.layers[1] == ScaleSpec(0.5)
    assert spec.to_dict(d)["layers"][1] == {"type": "scale", "start": 0.5}
    bad = scaled_mlp(start=50)
    problems = spec.validate(bad)
    assert [(p.path, p.code) for p in problems] == [("layers[1].start", "in_range")]
    assert "scale" in LAYER_TYPES and spec.layer_infos(d)[1].params == 1 and spec.layer_infos(d)[1].macs == 8


def test_its_own_check_and_fix_work(scale_type):
    d = spec.from_dict(scaled_mlp(start=-1.0))
    found = [f for f in check_design(d) if f.code == "scale_negative"]
    assert len(found) == 1 and found[0].path == "layers[1].start" and found[0].fix.label == "Start at 1"
    fixed = apply_fix(d, found[0].fix)
    assert fixed.layers[1].start == 1.0 and not [f for f in check_design(fixed) if f.code == "scale_negative"]
    assert check_design(spec.from_dict(scaled_mlp())) == []


def test_it_builds_learns_and_passes_the_gradient_check(scale_type, tmp_path):
    d = spec.from_dict(scaled_mlp())
    model = build_model(d)
    assert model.parameters["layers.1.s"].tolist() == [0.5]
    x = np.random.default_rng(0).standard_normal((6, 2))
    errors = check_model_gradients(model, x, np.array([0, 1, 1, 0, 1, 0]))
    assert set(errors) == {"layers.0.W", "layers.0.b", "layers.1.s", "layers.2.W", "layers.2.b"}
    assert max(errors.values()) < 1e-6

    from core.data.datasets import load_dataset

    data = load_dataset("xor", seed=1)
    run = train_design(d, data)
    assert run.result.status == "completed"
    assert run.result.history.loss[-1] < run.result.history.loss[0] * 0.5
    assert run.model.parameters["layers.1.s"][0] != 0.5  # s learnt too

    path = tmp_path / "scaled.npz"
    save_bundle(path, design=d, weights=run.model.get_weights(), history=run.result.history.as_dict(), normalisation=run.normalisation)
    back = load_bundle(path)
    assert back.design.layers[1] == d.layers[1]
    np.testing.assert_array_equal(back.weights["layers.1.s"], run.model.parameters["layers.1.s"])
    json.loads(spec.dumps(back.design))


def test_the_inspector_steps_through_it_with_default_steps(scale_type):
    d = spec.from_dict(scaled_mlp())
    tr = trace(build_model(d), np.array([1.0, -1.0]), 1)
    kinds = [(s.direction, s.kind, s.layer) for s in tr.steps if s.layer == 1]
    assert kinds == [("forward", "scale", 1), ("backward", "scale_gradient", 1)]
    back = next(s for s in tr.steps if s.kind == "scale_gradient")
    np.testing.assert_allclose(back.values["∂L/∂x"], 0.5 * back.values["∂L/∂a"])
    assert set(tr.gradients()) == {"layers.0.W", "layers.0.b", "layers.1.s", "layers.2.W", "layers.2.b"}
