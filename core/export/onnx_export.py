"""The network as an ONNX model: one graph that onnxruntime (or any ONNX engine) can run.

    input           float32 (N, *input.shape): the raw values the dataset stores (pixels 0–255)
    Mul, Add        the model's normalisation: x * scale + offset, as LayerLab's first step
    layers.0 ...    each layer's nodes, from its layer type (`LayerType.onnx_nodes`)
    probabilities   float32 (N, classes): what LayerLab outputs

For a network that ends in softmax, `probabilities` are the class probabilities. For any
other last activation they are the same numbers LayerLab gives, which the app calls
scores (the largest is the answer; they need not sum to 1): the name stays, so every
exported model has the same output, and `metadata_props["layerlab.outputs"]` says which
("probabilities" or "scores"). The metadata also holds the class names (a JSON list),
the normalisation and the whole design (`layerlab.design`, the design file's JSON).
A model of a CSV table takes one row per sample: its number columns as written, then one
0/1 input per category of each text column; `layerlab.table` says which input is which
(core.data.tables.TableEncoding.metadata: the target, each column's kind and categories,
and `inputs`, one name per input in order, "island = Biscoe"), and the graph's first
nodes standardise the number columns with the training rows' mean and deviation (the
one-hot inputs pass unchanged: scale 1, offset 0).
Dropout is the identity, as at inference. The model passes
`onnx.checker.check_model(model, full_check=True)` before it is written.
"""
from __future__ import annotations

import json
from typing import Any

import numpy as np

from core.export.parts import NotExportable
from core.export.source import ExportSource, normalisation_arrays

#: the operator set: 17 is run by every onnxruntime since 1.13 (2022) and by most other engines
OPSET = 17
INPUT = "input"
OUTPUT = "probabilities"
#: the batch dimension's name
BATCH = "N"


class Graph:
    """The nodes and weights of the model being built."""

    def __init__(self, weights: dict[str, np.ndarray]):
        self.weights = weights
        self.nodes: list = []
        self.initializers: dict[str, np.ndarray] = {}
        self._names: set[str] = {INPUT, OUTPUT}

    def unique(self, name: str) -> str:
        base, n = name, 1
        while name in self._names:
            n += 1
            name = f"{base}_{n}"
        self._names.add(name)
        return name

    def add(self, op: str, inputs: list[str], name: str, output: str | None = None, **attrs: Any) -> str:
        from onnx import helper

        out = output or self.unique(f"{name}.{op}")
        self.nodes.append(helper.make_node(op, inputs, [out], name=self.unique(f"{name}/{op}"), **attrs))
        return out

    def constant(self, name: str, value: np.ndarray) -> str:
        name = self.unique(name)
        self.initializers[name] = np.ascontiguousarray(value, dtype=np.float32)
        return name


class LayerGraph:
    """One layer's view of the graph: its input tensor, its weights and `node()`; what a
    layer type's `onnx_nodes` builds with."""

    def __init__(self, graph: Graph, index: int, input_name: str, input_shape: tuple[int, ...]):
        self._graph = graph
        self.index = index
        #: the name of the tensor flowing in, (N, *input_shape)
        self.input = input_name
        self.input_shape = input_shape

    def weight(self, key: str) -> str:
        """The layer's weight array `key` ("W"), as LayerLab stores it, added to the model."""
        name = f"layers.{self.index}.{key}"
        self._graph.initializers[name] = np.ascontiguousarray(self._graph.weights[name], dtype=np.float32)
        return name

    def node(self, op: str, inputs: list[str], **attrs: Any) -> str:
        """Add an operator (ONNX's name: "Gemm", "Conv") with its attributes; returns its output."""
        return self._graph.add(op, inputs, f"layers.{self.index}", **attrs)

    def activation(self, name: str, x: str) -> str:
        """The activation record `name`'s operator (core.nn.activations) applied to `x`."""
        from core.nn.activations import activation

        act = activation(name)
        if not act.onnx_op:
            raise NotExportable("activation", name, "ONNX")
        return self.node(act.onnx_op, [x], **dict(act.onnx_attrs))


def to_onnx(source: ExportSource):
    """The onnx.ModelProto of a network, checked (see the module doc)."""
    import onnx
    from onnx import TensorProto, helper

    from core.design import spec
    from core.layer_types import type_of, walk

    design = source.design
    graph = Graph(source.weights)
    # the normalisation first: raw values in, what the network saw in training out
    scale, offset = (_broadcastable(a, source.input_shape) for a in normalisation_arrays(source.normalisation))
    x = graph.add("Mul", [INPUT, graph.constant("normalisation.scale", scale)], "normalisation")
    x = graph.add("Add", [x, graph.constant("normalisation.offset", offset)], "normalisation")
    for layer, shape in zip(design.layers, walk(design.layers, design.input_shape)):
        x = type_of(layer).onnx_nodes(layer, LayerGraph(graph, shape.index, x, shape.input_shape))
    graph.add("Identity", [x], OUTPUT, output=OUTPUT)

    outputs = "probabilities" if source.gives_probabilities else "scores"
    model_graph = helper.make_graph(
        graph.nodes, _graph_name(design.name),
        [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, [BATCH, *source.input_shape])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, [BATCH, source.classes])],
        [onnx.numpy_helper.from_array(value, name) for name, value in graph.initializers.items()],
        doc_string=f"{design.name}: raw inputs (as the dataset stores them) -> {outputs} of {source.classes} classes",
    )
    table = _table(source)
    model_graph.input[0].doc_string = (
        "one table row per sample: " + ", ".join(table.input_names()) + " (see metadata layerlab.table); the model standardises them"
        if table is not None else "raw values as the dataset stores them (pixels 0-255); the model normalises them")
    model_graph.output[0].doc_string = ("class probabilities" if source.gives_probabilities else
                                        "class scores (the last activation is not softmax): the largest is the answer")
    opset = helper.make_opsetid("", OPSET)
    model = helper.make_model(model_graph, opset_imports=[opset], producer_name="LayerLab", producer_version=_version(),
                              doc_string=f"Exported from LayerLab: {design.name}" + ("" if source.trained else " (untrained: its starting weights)"))
    model.ir_version = helper.find_min_ir_version_for([opset])
    props = {
        "layerlab.design": spec.dumps(design),
        "layerlab.class_names": json.dumps(list(source.class_names), ensure_ascii=False),
        "layerlab.outputs": outputs,
        "layerlab.normalisation": json.dumps({k: np.asarray(v).tolist() for k, v in source.normalisation.items()}),
        "layerlab.trained": "true" if source.trained else "false",
    }
    if table is not None:
        props["layerlab.table"] = json.dumps(table.metadata(), ensure_ascii=False)
    helper.set_model_props(model, props)
    onnx.checker.check_model(model, full_check=True)
    return model


def onnx_bytes(source: ExportSource) -> bytes:
    """The checked model, serialised (core.export.formats writes it)."""
    return to_onnx(source).SerializeToString()


def _broadcastable(value: np.ndarray, input_shape: tuple[int, ...]) -> np.ndarray:
    """A normalisation constant shaped to broadcast over (N, *input_shape): one number stays
    0-d; one value per input number takes the input's shape."""
    return value if value.ndim == 0 else value.reshape(input_shape)


def _table(source: ExportSource):
    """The table encoding (core.data.tables.TableEncoding) of a model of a CSV table, else None."""
    from core.data.catalog import dataset_info

    info = dataset_info(source.design.dataset)
    return info.table if info is not None else None


def _graph_name(name: str) -> str:
    return " ".join(name.split()) or "LayerLab network"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("layerlab")
    except Exception:  # noqa: BLE001 - not installed as a package: a checkout
        return ""


__all__ = ["OPSET", "INPUT", "OUTPUT", "Graph", "LayerGraph", "to_onnx", "onnx_bytes"]
