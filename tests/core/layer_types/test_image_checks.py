"""The image layers' shapes and checks: every finding names its layer, says what is wrong in
plain words, and its fix (where there is one) makes it go away."""
from __future__ import annotations

import pytest

from core.design import checks, costs, spec
from core.design.checks import apply_fix, check_design
from core.layer_types.conv2d import Conv2DSpec as C
from core.layer_types.dense import DenseSpec as D
from core.layer_types.flatten import FlattenSpec as F
from core.layer_types.pooling import AvgPool2DSpec as Avg
from core.layer_types.pooling import MaxPool2DSpec as Max
from core.nn.model import build_model

IMAGE = (1, 28, 28)


def cnn(*layers, input_shape=IMAGE, dataset="mnist", batch_size=128) -> spec.Design:
    d = spec.Design(name="t", dataset=dataset, input_shape=input_shape, layers=[*layers, F(), D(10, "softmax")])
    d.training.batch_size = batch_size
    return d


def shapes(d: spec.Design) -> list:
    return [i.output_shape for i in spec.layer_infos(d)]


def test_shapes_params_and_multiply_adds_follow_the_formula():
    d = cnn(C(16, 3, padding=1), Max(2), C(32, [3, 5], stride=2, padding=2), Avg([2, 3], stride=1))
    infos = spec.layer_infos(d)
    # OH = (H + 2P - KH) // S + 1
    assert shapes(d) == [(16, 28, 28), (16, 14, 14), (32, 8, 7), (32, 7, 5), (1120,), (10,)]
    assert [i.params for i in infos] == [16 * 9 + 16, 0, 32 * 16 * 15 + 32, 0, 0, 1120 * 10 + 10]
    assert infos[0].macs == 16 * 28 * 28 * 9 and infos[2].macs == 32 * 8 * 7 * 16 * 15
    assert infos[1].macs == 0 and infos[3].macs == 32 * 7 * 5 * 6
    same = cnn(C(8, [3, 5], padding="same"))
    assert shapes(same)[0] == (8, 28, 28)
    model = build_model(d)
    assert model.parameters["layers.2.W"].shape == (32, 16, 3, 5) and model.parameters["layers.2.b"].shape == (32,)
    assert list(model.parameters) == ["layers.0.W", "layers.0.b", "layers.2.W", "layers.2.b", "layers.5.W", "layers.5.b"]


def test_he_initialisation_uses_a_fan_in_of_channels_times_the_kernel():
    d = cnn(C(64, 3, padding=1), C(64, 5, padding=2))
    model = build_model(d, dtype="float64")
    for name, fan_in in (("layers.0.W", 1 * 9), ("layers.1.W", 64 * 25)):
        w = model.parameters[name]
        assert w.std() == pytest.approx((2 / fan_in) ** 0.5, rel=0.1), name
    assert not model.parameters["layers.0.b"].any()


# (id, design, severity, code, path, message fragment, fix label or None)
CASES = [
    ("conv after a flat input", cnn(C(8, 3), input_shape=(784,)), "error", "needs_image", "layers[0]",
     "A Conv2D layer takes an image (channels × height × width), but its input has the shape 784", "Set the input shape to 1×28×28"),
    ("pooling after a flat input", cnn(Max(2), input_shape=(784,)), "error", "needs_image", "layers[0]",
     "A MaxPool2D layer takes an image", "Set the input shape to 1×28×28"),
    ("conv after a dense layer", spec.Design(name="t", layers=[D(64), C(8, 3), F(), D(10, "softmax")]), "error", "needs_image",
     "layers[1]", "its input has the shape 64", None),
    ("kernel larger than its input", cnn(C(8, 30)), "error", "kernel_too_big", "layers[0]",
     "The 30×30 kernel is larger than its input with padding (28×28): the output would be empty", "Set the kernel size to 28×28"),
    ("rectangular kernel too tall", cnn(C(8, [5, 3]), input_shape=(1, 4, 9), dataset="custom"), "error", "kernel_too_big", "layers[0]",
     "The 5×3 kernel is larger than its input with padding (4×9)", "Set the kernel size to 4×3"),
    ("same padding with stride 2", cnn(C(8, 3, stride=2, padding="same")), "error", "same_needs_stride_1", "layers[0]",
     'Padding "same" keeps the image size only with stride 1, but the stride is 2', "Set the stride to 1"),
    ("same padding with an even kernel", cnn(C(8, [2, 5], padding="same")), "error", "same_needs_odd_kernel", "layers[0]",
     "but this one is 2×5", "Set the kernel size to 3×5"),
    ("pool larger than its input", cnn(C(4, 3), C(4, 3), Max(2), Max(2), Max(2), Max(5)), "error", "pool_too_big", "layers[5]",
     "The 5×5 pool window is larger than its 3×3 input: the output would be empty", "Set the pool size to 3×3"),
    ("pool on a single pixel", cnn(C(4, 28), Max(2)), "error", "pool_too_big", "layers[1]",
     "The 2×2 pool window is larger than its 1×1 input", "Remove this pooling layer"),
    ("conv stride drops a row", cnn(C(8, 3, stride=2)), "warning", "stride_drops", "layers[0]",
     "With stride 2, the 3×3 windows of this layer never reach the last 1 row(s) and 1 column(s) of its 28×28 input", None),
    ("pool drops a row", cnn(Max(2), Max(2), Avg(2)), "warning", "stride_drops", "layers[2]",
     "the last 1 row(s) and 1 column(s) of its 7×7 input", None),
    ("flatten of a flat row", spec.Design(name="t", layers=[F(), D(10, "softmax")]), "warning", "flatten_flat", "layers[0]",
     "This Flatten layer does nothing", "Remove the Flatten layer"),
    ("a slow epoch", cnn(C(64, 3, padding=1), C(64, 3, padding=1)), "warning", "slow_epoch", "",
     "multiply-adds per sample, on 54,000 samples", None),
    ("much memory", cnn(C(64, 3, padding=1), C(64, 3, padding=1)), "warning", "big_memory", "",
     "Training this network will need about 1.3 GB of memory", None),
    ("absurd memory", cnn(C(10_000, 28, padding=14)), "error", "too_much_memory", "",
     "Training this network would need about 37.3 GB of memory, far more than a computer has", None),
]


@pytest.mark.parametrize(("d", "severity", "code", "path", "fragment", "label"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_finding_names_its_layer_and_its_fix_removes_it(d, severity, code, path, fragment, label):
    kw = {"classes": 10, "input_shape": d.input_shape} if d.dataset == "custom" else {}
    before = spec.dumps(d)
    f = next((f for f in check_design(d, **kw) if f.code == code and f.path == path), None)
    assert f is not None, check_design(d, **kw)
    assert f.severity == severity
    assert fragment in f.message, f.message
    assert f.message == checks.TEMPLATES[code].format(**f.args)
    if label is None:
        assert f.fix is None
        return
    assert f.fix.label == label
    fixed = apply_fix(d, f.fix)
    assert not [g for g in check_design(fixed, **kw) if g.code == code and g.path == path]
    assert spec.dumps(d) == before, "apply_fix changed the original"
    assert spec.loads(spec.dumps(fixed)) == fixed


def test_dragging_a_conv_onto_the_mlp_takes_two_fixes_to_a_clean_cnn():
    """The MNIST MLP with a Conv2D on top: set the input to an image, insert a Flatten."""
    d = spec.load(spec_path("mnist_mlp.json"))
    d.layers.insert(0, C(8, 3, padding=1))
    first = checks.errors(check_design(d))
    assert [f.code for f in first] == ["needs_image"]
    d = apply_fix(d, first[0].fix)
    assert d.input_shape == IMAGE
    second = checks.errors(check_design(d))
    assert [(f.code, f.fix.action) for f in second] == [("dense_needs_flat", "insert")]
    d = apply_fix(d, second[0].fix)
    assert [layer.type for layer in d.layers][:2] == ["conv2d", "flatten"]
    assert checks.errors(check_design(d)) == []


def test_absurd_designs_are_checked_without_allocating_and_refused_by_the_builder():
    huge = cnn(C(10_000, 28, padding=14))
    tiny = cnn(C(10_000, 28), input_shape=(1, 1, 1))
    assert [f.code for f in checks.errors(check_design(tiny))] == ["input_image", "kernel_too_big"]
    with pytest.raises(costs.DesignTooLarge, match=r"about 37\.3 GB of memory to train"):
        build_model(huge)
    with pytest.raises(ValueError, match="cannot take an input"):
        build_model(tiny)


def test_predicting_goes_in_chunks_that_fit_memory():
    import numpy as np

    from core.nn import model as model_module

    m = build_model(cnn(C(64, 3, padding=1)))
    per_sample = 784 + 64 * 784 * 3 + 2 * 784 * 9 + 64 * 784 + 10
    assert m.chunk_rows == model_module.CHUNK_BYTES // (per_sample * 4)
    x = np.random.default_rng(0).random((m.chunk_rows + 3, 1, 28, 28), dtype=np.float32)
    np.testing.assert_allclose(m.predict_proba(x), np.concatenate([m.predict_proba(x[:7]), m.predict_proba(x[7:])]), atol=1e-6)
    mlp = build_model(spec.load(spec_path("mnist_mlp.json")))
    assert mlp.chunk_rows >= model_module.BATCH  # the MLP's chunks stay as they were


def spec_path(name: str):
    from pathlib import Path

    return Path(__file__).resolve().parents[3] / "resources" / "examples" / name
