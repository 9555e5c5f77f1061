"""ONNX: onnxruntime gives LayerLab's probabilities, from raw pixels, for every layer type."""
from __future__ import annotations

import json

import numpy as np
import pytest

from core.design import spec
from core.export.formats import FORMATS
from core.export.onnx_export import to_onnx
from core.export.parts import ExportError, NotExportable
from core.export.source import ExportSource, from_design
from tests.conftest import EXAMPLES
from tests.scale_layer import scale_type  # noqa: F401 - fixture

#: the largest difference allowed between onnxruntime's outputs and LayerLab's (the issue's bound)
TOLERANCE = 1e-5


def run(onnxruntime, model, x):
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"input": np.asarray(x, dtype=np.float32)})[0]


@pytest.mark.parametrize("which", ["mlp", "cnn"])
def test_onnxruntime_gives_layerlabs_probabilities_for_a_thousand_test_images(which, request, mnist, onnxruntime):
    source = request.getfixturevalue(f"{which}_source")
    x_raw = mnist.x_test[:1000]  # uint8 pixels, as the dataset stores them
    model = to_onnx(source)
    theirs = run(onnxruntime, model, x_raw.reshape(1000, *source.input_shape))
    ours = source.predict(x_raw)
    assert theirs.shape == (1000, 10)
    assert np.abs(theirs - ours).max() < TOLERANCE
    assert (theirs.argmax(axis=1) == ours.argmax(axis=1)).all()
    assert (ours.argmax(axis=1) == mnist.y_test[:1000]).mean() > 0.85  # trained models: confident, mostly right


def test_the_graph_takes_raw_values_normalises_first_and_says_what_it_is(cnn_source):
    import onnx

    model = to_onnx(cnn_source)
    onnx.checker.check_model(model, full_check=True)
    graph = model.graph
    assert [i.name for i in graph.input] == ["input"] and [o.name for o in graph.output] == ["probabilities"]
    dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]  # noqa: E731
    assert dims(graph.input[0]) == ["N", 1, 28, 28] and dims(graph.output[0]) == ["N", 10]
    assert graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    ops = [n.op_type for n in graph.node]
    assert ops[:2] == ["Mul", "Add"]  # x * scale + offset, before any layer
    assert ops[2:] == ["Conv", "Relu", "MaxPool", "Conv", "LeakyRelu", "AveragePool", "Flatten", "Identity", "Gemm", "Softmax", "Identity"]
    scale = onnx.numpy_helper.to_array(next(t for t in graph.initializer if t.name == graph.node[0].input[1]))
    assert scale == np.float32(1 / 255)
    meta = {p.key: p.value for p in model.metadata_props}
    assert json.loads(meta["layerlab.class_names"]) == [str(i) for i in range(10)]
    assert spec.loads(meta["layerlab.design"]) == cnn_source.design
    assert meta["layerlab.outputs"] == "probabilities" and meta["layerlab.trained"] == "true"


def fashion_design(last: str, **training) -> spec.Design:
    d = spec.from_dict({
        "format": "layerlab-design", "version": 2, "name": "every activation", "dataset": "fashion-mnist", "input": {"shape": [1, 28, 28]},
        "layers": [
            {"type": "conv2d", "filters": 4, "kernel_size": 5, "padding": "same", "activation": "tanh"},
            {"type": "maxpool2d", "pool_size": 3, "stride": 2},
            {"type": "conv2d", "filters": 6, "kernel_size": [2, 3], "stride": 2, "padding": 1, "activation": "sigmoid"},
            {"type": "flatten"},
            {"type": "dense", "units": 20, "activation": "leaky_relu"},
            {"type": "dropout", "rate": 0.5},
            {"type": "dense", "units": 12, "activation": "none"},
            {"type": "dense", "units": 10, "activation": last},
        ],
        "loss": "mse",
        "training": {"optimizer": {"type": "sgd", "learning_rate": 0.1}, "batch_size": 32, "init": "xavier", **training},
    })
    return d


@pytest.mark.parametrize("last", ["softmax", "sigmoid", "relu"])
def test_every_layer_and_activation_maps_and_non_softmax_outputs_are_scores(last, onnxruntime):
    source = from_design(fashion_design(last))  # starting weights: Xavier, drawn from the seed
    x_raw = np.random.default_rng(0).integers(0, 256, (50, 1, 28, 28)).astype(np.uint8)
    model = to_onnx(source)
    assert np.abs(run(onnxruntime, model, x_raw) - source.predict(x_raw)).max() < TOLERANCE
    meta = {p.key: p.value for p in model.metadata_props}
    assert meta["layerlab.outputs"] == ("probabilities" if last == "softmax" else "scores")
    assert meta["layerlab.trained"] == "false"
    assert ("not softmax" in model.graph.output[0].doc_string) == (last != "softmax")


def test_a_toy_design_and_a_normalisation_per_input_number(onnxruntime):
    design = spec.load(EXAMPLES / "spirals.json")
    toy = from_design(design)
    assert toy.normalisation == {"scale": 1.0, "offset": 0.0}
    x = np.random.default_rng(1).uniform(-3, 3, (40, 2)).astype(np.float32)
    assert np.abs(run(onnxruntime, to_onnx(toy), x) - toy.predict(x)).max() < TOLERANCE
    # a table's inputs, each column standardised on its own: one scale and offset per feature
    per_feature = ExportSource(design, toy.weights, {"scale": np.array([0.5, 2.0]), "offset": np.array([-1.0, 3.0])}, True)
    assert not np.allclose(per_feature.predict(x), toy.predict(x))
    assert np.abs(run(onnxruntime, to_onnx(per_feature), x) - per_feature.predict(x)).max() < TOLERANCE


def test_a_design_with_problems_is_refused_with_the_checks_message():
    d = fashion_design("softmax")
    d.layers = d.layers[:3] + d.layers[4:]  # no Flatten before the Dense layer
    with pytest.raises(ExportError) as e:
        from_design(d, "broken.json")
    assert e.value.code == "design_problem"
    assert str(e.value).startswith("broken.json: cannot export this design: layers[3]: A Dense layer takes a flat row")


def test_a_layer_type_without_a_mapping_is_refused_by_name(scale_type):
    design = spec.from_dict({
        "format": "layerlab-design", "version": 1, "name": "scaled", "dataset": "xor", "input": {"shape": [2]},
        "layers": [{"type": "dense", "units": 8, "activation": "tanh"}, {"type": "scale", "start": 0.5},
                   {"type": "dense", "units": 2, "activation": "softmax"}],
    })
    source = from_design(design)
    for fmt, target in (("onnx", "ONNX"), ("pytorch", "PyTorch")):
        with pytest.raises(NotExportable) as e:
            FORMATS[fmt].render(source, "x")
        assert e.value.params == {"what": "layer type", "name": "scale", "target": target}
        assert f"the layer type 'scale' has no {target} mapping" in str(e.value)


def test_an_activation_without_a_mapping_is_refused_by_name(monkeypatch):
    from dataclasses import replace

    from core.nn import activations

    monkeypatch.setitem(activations.ACTIVATIONS, "swish", replace(activations.ACTIVATIONS["relu"], name="swish", onnx_op="", torch_module=""))
    d = fashion_design("softmax")
    d.layers[4].activation = "swish"
    source = from_design(d)
    with pytest.raises(NotExportable, match="the activation 'swish' has no ONNX mapping"):
        to_onnx(source)
    with pytest.raises(NotExportable, match="the activation 'swish' has no PyTorch mapping"):
        FORMATS["pytorch"].render(source, "net.py")
