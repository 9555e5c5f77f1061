"""Dense (affine, fully connected): every input feeds every unit, then an activation.

    z = x·W + b,  a = f(z)        W is (inputs, units), b is (units,)

A Dense layer of the design becomes two NumPy layers, `Affine` and its activation,
so both can be shown and checked one at a time. It needs a flat input: after an
image-shaped output the checks ask for a Flatten first.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from core.design.findings import finding, fix
from core.explain.numbers import number, paren, sub
from core.explain.steps import BACKWARD, FORWARD, WORKED_MAX_CLASSES, WORKED_MAX_INPUTS, WORKED_MAX_UNITS, LayerTrace, Step
from core.layer_types.base import BuildContext, Field, LayerCheck, LayerType
from core.layer_types.registry import LAYER_TYPES, register
from core.nn.activations import ACTIVATIONS, activation, name_of
from core.nn.initializers import initial_weights
from core.nn.layers import Affine

WEIGHTED_SUM_FORMULA = "z = x·W + b"
#: softmax and cross-entropy together: their chain of derivatives collapses to this
FUSED_FORMULA = "∂L/∂z = y − t"
WEIGHT_GRADIENT_FORMULA = "∂L/∂W = xᵀ · ∂L/∂z    ∂L/∂b = ∂L/∂z"
INPUT_GRADIENT_FORMULA = "∂L/∂x = ∂L/∂z · Wᵀ"

#: the most units a layer may have (also the longest fixed bias)
MAX_UNITS = 100_000
#: more units than this in the first (hidden) layer is slow and memory heavy
BIG_FIRST_LAYER_UNITS = 4096
SUGGESTED_FIRST_LAYER_UNITS = 512
#: the fewest units the checks suggest for a hidden layer narrower than the outputs
SUGGESTED_MIN_HIDDEN = 16
#: fixed weights: at most this many rows; values within +-this
MAX_FIXED_ROWS = 10_000
MAX_FIXED_VALUE = 1e6


@dataclass
class DenseSpec:
    units: int = 64
    activation: str = "relu"
    #: optional fixed initial weights (in_features x units) and bias (units),
    #: for worked examples whose numbers are followed by hand
    weights: list[list[float]] | None = None
    bias: list[float] | None = None
    type: str = field(default="dense", init=False)


class Dense(LayerType):
    name = "dense"
    title = "Dense"
    blurb = "Every input feeds every unit"
    spec_class = DenseSpec
    fields = (
        Field("units", "int", 64, lo=1, hi=MAX_UNITS, required=True, label="Units",
              tip="How many neurons this layer has: the size of its output"),
        Field("activation", "choice", "relu", choices=lambda: tuple(ACTIVATIONS), label="Activation",
              tip="The function applied to each unit's output"),
    )
    settable = ("weights", "bias")
    can_end = True
    sets_outputs = True
    templates = {
        "dense_needs_flat": "A Dense layer takes a flat row of numbers, but it gets a {shape} image here. Insert a Flatten layer before it.",
        "big_first_layer": "The first layer has {units} units, which is a lot: training will be slow and use much memory. A few hundred units are usually enough.",
        "narrow_layer": "This layer has only {units} units, fewer than the {outputs} outputs: it squeezes out information the last layer needs.",
        "weights_shape": "The fixed starting weights no longer fit this layer: it needs {rows} x {cols}, they are {got_rows} x {got_cols}.",
        "bias_shape": "The fixed starting biases no longer fit this layer: it needs {units}, there are {got}.",
    }
    fix_labels = {
        "insert_flatten": "Insert a Flatten layer",
        "drop_weights": "Remove the fixed weights",
        "drop_bias": "Remove the fixed biases",
    }

    # ------------------------------------------------------------------ the spec

    def parse(self, obj, path, parser):
        layer = super().parse(obj, path, parser)
        if layer is None:
            return None
        if "weights" in obj:
            layer.weights = _matrix(parser, obj["weights"], f"{path}.weights")
        if "bias" in obj:
            layer.bias = _vector(parser, obj["bias"], f"{path}.bias")
        return layer

    def dump(self, layer):
        out = super().dump(layer)
        if layer.weights is not None:
            out["weights"] = layer.weights
        if layer.bias is not None:
            out["bias"] = layer.bias
        return out

    def validate(self, layer, input_shape, path, parser):
        """Fixed weights must match the layer's shape (unknown input: only the bias is checked)."""
        if layer.weights is not None and input_shape is not None:
            fan_in = math.prod(input_shape)
            got = (len(layer.weights), len(layer.weights[0]))
            if got != (fan_in, layer.units):
                parser.fail(f"{path}.weights", f"must be {fan_in} rows of {layer.units} numbers (inputs x units), got {got[0]} x {got[1]}",
                            "weights_shape", rows=fan_in, columns=layer.units, got_rows=got[0], got_columns=got[1])
        if layer.bias is not None and len(layer.bias) != layer.units:
            parser.fail(f"{path}.bias", f"must hold {layer.units} numbers (one per unit), got {len(layer.bias)}", "bias_length",
                        units=layer.units, count=len(layer.bias))

    def label(self, layer):
        return f"Dense({layer.units}, {layer.activation})"

    # ------------------------------------------------------------------ shapes

    def output_shape(self, layer, input_shape):
        return (layer.units,)

    def param_shapes(self, layer, input_shape):
        return {"W": (math.prod(input_shape), layer.units), "b": (layer.units,)}

    def macs(self, layer, input_shape, output_shape):
        return math.prod(input_shape) * layer.units

    def value_bound(self, layer, weights, bound):
        z = _affine_bound(weights["W"], bound) + np.abs(weights["b"].astype(np.float64))
        peak = float(z.max(initial=0.0))
        # sigmoid, tanh and softmax end within [-1, 1]; the rectifiers and "none" grow no larger than z
        bounded = ACTIVATIONS[layer.activation].family in ("saturating", "output")
        return (np.ones_like(z) if bounded else z), peak

    def weight_tiles(self, params, input_shape):
        from core.explain.visualize import image_shape_for

        W = params["W"]  # unit j's weights, one per input pixel, as a picture
        shape = input_shape[1:] if len(input_shape) == 3 and input_shape[0] == 1 else image_shape_for(W.shape[0])
        return None if shape is None else W.T.reshape(W.shape[1], *shape)

    # ------------------------------------------------------------------ checks

    def check(self, ctx: LayerCheck):
        found = []
        layer, i = ctx.layer, ctx.index
        if len(ctx.input_shape) > 1:
            insert = fix("insert_flatten", f"layers[{i}]", {"type": "flatten"}, action="insert") if "flatten" in LAYER_TYPES else None
            shape = "×".join(str(d) for d in ctx.input_shape)
            found.append(finding("error", "dense_needs_flat", f"layers[{i}]", insert, shape=shape))
        fan_in = math.prod(ctx.input_shape)
        if layer.weights is not None:
            got = (len(layer.weights), len(layer.weights[0]) if layer.weights else 0)
            if got != (fan_in, layer.units):
                found.append(finding("error", "weights_shape", f"layers[{i}].weights", fix("drop_weights", f"layers[{i}].weights", None),
                                     rows=fan_in, cols=layer.units, got_rows=got[0], got_cols=got[1]))
        if layer.bias is not None and len(layer.bias) != layer.units:
            found.append(finding("error", "bias_shape", f"layers[{i}].bias", fix("drop_bias", f"layers[{i}].bias", None),
                                 units=layer.units, got=len(layer.bias)))
        if not ctx.is_output:
            if ctx.is_first_learning and layer.units > BIG_FIRST_LAYER_UNITS:
                suggest = SUGGESTED_FIRST_LAYER_UNITS
                found.append(finding("warning", "big_first_layer", f"layers[{i}].units",
                                     fix("units", f"layers[{i}].units", suggest, units=suggest), units=layer.units))
            if ctx.output_size is not None and layer.units < ctx.output_size:
                suggest = max(SUGGESTED_MIN_HIDDEN, ctx.output_size)
                found.append(finding("warning", "narrow_layer", f"layers[{i}].units",
                                     fix("units", f"layers[{i}].units", suggest, units=suggest), units=layer.units, outputs=ctx.output_size))
        return found

    # ------------------------------------------------------------------ building

    def build(self, layer, ctx: BuildContext):
        W, b = ctx.params["W"], ctx.params["b"]
        n_in, n_out = W.shape
        # drawn even when fixed weights replace them, so the other layers' weights
        # do not depend on which layers are fixed
        W[...], b[...] = initial_weights(ctx.init, n_in, n_out, ctx.rng, ctx.dtype)
        if layer.weights is not None:
            W[...] = _fixed(layer.weights, (n_in, n_out), f"layers[{ctx.index}].weights")
        if layer.bias is not None:
            b[...] = _fixed(layer.bias, (n_out,), f"layers[{ctx.index}].bias")
        return [Affine(W, b, dW=ctx.grads["W"], db=ctx.grads["b"]), activation(layer.activation).make()]

    # ------------------------------------------------------------------ export

    def onnx_nodes(self, layer, graph):
        # Gemm computes x·W + b with W as LayerLab stores it, (inputs, units)
        z = graph.node("Gemm", [graph.input, graph.weight("W"), graph.weight("b")])
        return graph.activation(layer.activation, z)

    def torch_part(self, layer, index, input_shape):
        from core.export.parts import TorchModule, TorchPart, TorchWeight, activation_module

        n_in, name = math.prod(input_shape), f"dense{index}"
        fixed = {key: value for key, value in (("W", layer.weights), ("b", layer.bias)) if value is not None}
        return TorchPart(
            [TorchModule(name, f"nn.Linear({n_in}, {layer.units})"), activation_module(layer.activation, index)],
            # nn.Linear keeps its weight as (units, inputs): LayerLab's W transposed
            weights={"W": TorchWeight(name, "weight", transpose=True), "b": TorchWeight(name, "bias")},
            starting={"W": (n_in, layer.units), "b": None},  # as `build` draws them
            fixed=fixed,
        )

    # ------------------------------------------------------------------ the inspector

    def trace_forward(self, block, x):
        affine, act = block.layers
        z = affine.forward(x, training=False)
        a = act.forward(z, training=False)
        return LayerTrace(block.index, self.name, name_of(act), x=x, a=a, W=affine.params["W"].copy(), b=affine.params["b"].copy(), z=z)

    def trace_backward(self, block, record, grad, loss_gradient=None):
        affine, act = block.layers
        if loss_gradient is not None:  # softmax and cross-entropy fused: grad is ∂L/∂y, ∂L/∂z is given
            record.dL_da, record.dL_dz = grad, loss_gradient
        else:
            record.dL_da = grad
            record.dL_dz = act.backward(grad)
        record.dL_dx = affine.backward(record.dL_dz)
        record.dL_dW = affine.grads["W"].copy()
        record.dL_db = affine.grads["b"].copy()
        record.param_grads = {"W": record.dL_dW, "b": record.dL_db}
        return record.dL_dx

    def forward_steps(self, lt, ctx):
        act = ACTIVATIONS[lt.activation]
        first = ctx.first
        return [
            Step(FORWARD, "weighted_sum", lt.index, WEIGHTED_SUM_FORMULA, {"x": lt.x, "W": lt.W, "b": lt.b, "z": lt.z},
                 _worked_weighted_sum(lt, first), lt.activation, per_class=ctx.per_class),
            Step(FORWARD, "activation", lt.index, act.forward_formula.format(alpha=number(ctx.alpha)), {"z": lt.z, "a": lt.a},
                 tuple(act.worked(j, sub(j + first), lt.z, lt.a, ctx.alpha) for j in range(lt.z.size)) if _small(lt) else (),
                 lt.activation, per_class=ctx.per_class),
        ]

    def backward_steps(self, lt, ctx):
        act = ACTIVATIONS[lt.activation]
        fused, first, per_class = ctx.fused_here, ctx.first, ctx.per_class
        if fused:
            formula = FUSED_FORMULA
            values = {"y": ctx.y, "t": ctx.t, "∂L/∂z": lt.dL_dz}
            worked = tuple(f"∂L/∂z{sub(j + first)} = {number(lt.a[j])} − {number(ctx.t[j])} = {number(lt.dL_dz[j])}"
                           for j in range(lt.a.size)) if lt.a.size <= WORKED_MAX_CLASSES else ()
        else:
            formula = act.backward_formula.format(alpha=number(ctx.alpha))
            local = {"z": lt.z} if act.needs_z else {"a": lt.a}
            values = {"∂L/∂a": lt.dL_da, **local, "∂L/∂z": lt.dL_dz}
            worked = tuple(act.worked_gradient(j, sub(j + first), lt.dL_da, lt.a, lt.z, lt.dL_dz, ctx.alpha)
                           for j in range(lt.a.size)) if _small(lt) else ()
        return [
            Step(BACKWARD, "activation_gradient", lt.index, formula, values, worked, lt.activation, fused=fused, per_class=per_class),
            Step(BACKWARD, "weight_gradient", lt.index, WEIGHT_GRADIENT_FORMULA,
                 {"x": lt.x, "∂L/∂z": lt.dL_dz, "∂L/∂W": lt.dL_dW, "∂L/∂b": lt.dL_db}, _worked_weight_gradient(lt, first),
                 lt.activation, per_class=per_class),
            Step(BACKWARD, "input_gradient", lt.index, INPUT_GRADIENT_FORMULA,
                 {"∂L/∂z": lt.dL_dz, "W": lt.W, "∂L/∂x": lt.dL_dx}, _worked_input_gradient(lt), lt.activation, per_class=per_class),
        ]


# --------------------------------------------------------------------------- worked arithmetic


def _small(lt: LayerTrace) -> bool:
    return lt.x.size <= WORKED_MAX_INPUTS and lt.a.size <= WORKED_MAX_UNITS


def _worked_weighted_sum(lt: LayerTrace, first: int = 1) -> tuple[str, ...]:
    """`first`: the number of the layer's first unit (0 for the output layer, whose units are classes)."""
    if not _small(lt):
        return ()
    lines = []
    for j in range(lt.z.size):
        terms = " + ".join(f"{paren(lt.x[i])} × {paren(lt.W[i, j])}" for i in range(lt.x.size))
        lines.append(f"z{sub(j + first)} = {terms} + {paren(lt.b[j])} = {number(lt.z[j])}")
    return tuple(lines)


def _worked_weight_gradient(lt: LayerTrace, first: int = 1) -> tuple[str, ...]:
    if not _small(lt):
        return ()
    lines = []
    for i in range(lt.x.size):
        for j in range(lt.a.size):
            lines.append(f"∂L/∂w{sub(i + 1)}{sub(j + first)} = x{sub(i + 1)} × ∂L/∂z{sub(j + first)} = "
                         f"{paren(lt.x[i])} × {paren(lt.dL_dz[j])} = {number(lt.dL_dW[i, j])}")
    for j in range(lt.a.size):
        lines.append(f"∂L/∂b{sub(j + first)} = ∂L/∂z{sub(j + first)} = {number(lt.dL_db[j])}")
    return tuple(lines)


def _worked_input_gradient(lt: LayerTrace) -> tuple[str, ...]:
    if not _small(lt):
        return ()
    lines = []
    for i in range(lt.x.size):
        terms = " + ".join(f"{paren(lt.dL_dz[j])} × {paren(lt.W[i, j])}" for j in range(lt.a.size))
        lines.append(f"∂L/∂x{sub(i + 1)} = {terms} = {number(lt.dL_dx[i])}")
    return tuple(lines)


#: numbers of |W| converted to float32 at a time by `_affine_bound`
_BOUND_CHUNK = 1 << 20


def _affine_bound(W, bound):
    """|W|ᵀ·bound: the largest |x @ W| for |x| <= bound, in float64, a few rows of W at a
    time (no float64 copy of W). Computed in float32 on the bound scaled to at most 1; an
    overflow there gives inf, and the caller then runs the real probe."""
    top = float(bound.max(initial=0.0))
    if top == 0.0:
        return np.zeros(W.shape[1])
    unit = (bound / top).astype(np.float32)
    out = np.zeros(W.shape[1], dtype=np.float64)
    rows = max(1, _BOUND_CHUNK // max(1, W.shape[1]))
    for start in range(0, W.shape[0], rows):
        out += unit[start : start + rows] @ np.abs(W[start : start + rows], dtype=np.float32)
    return out * top


def _vector(parser, value, path, *, counted: bool = False):
    if not isinstance(value, list) or not value or len(value) > MAX_UNITS:
        parser.fail(path, f"must be a non-empty list of numbers, got {parser.describe(value)}", "number_list", got=parser.describe(value))
        return None
    # the design's fixed numbers are counted before any is read (a design must fit a model file)
    if not counted and not parser.fixed_budget(len(value), path):
        return None
    out = []
    for i, v in enumerate(value):
        f = parser.float_(v, f"{path}[{i}]", -MAX_FIXED_VALUE, MAX_FIXED_VALUE)
        if f is None:
            return None
        out.append(f)
    return out


def _matrix(parser, value, path):
    if not isinstance(value, list) or not value or len(value) > MAX_FIXED_ROWS:
        parser.fail(path, f"must be a non-empty list of rows, got {parser.describe(value)}", "row_list", got=parser.describe(value))
        return None
    if not parser.fixed_budget(sum(len(row) if isinstance(row, list) else 1 for row in value), path):
        return None
    rows = []
    for i, row in enumerate(value):
        r = _vector(parser, row, f"{path}[{i}]", counted=True)
        if r is None:
            return None
        rows.append(r)
    if len({len(r) for r in rows}) != 1:
        parser.fail(path, "rows must all have the same length", "ragged_rows")
        return None
    return rows


def _fixed(values, shape: tuple[int, ...], where: str):
    array = np.asarray(values, dtype=np.float64)
    if array.shape != shape:
        raise ValueError(f"{where}: expected shape {shape}, got {array.shape}")
    return array


DENSE = register(Dense())

__all__ = ["DenseSpec", "Dense", "DENSE", "MAX_UNITS"]
