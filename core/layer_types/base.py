"""What every layer type is: one record that knows its spec fields, shapes, checks and layers.

A `LayerType` is the single place where LayerLab learns about a kind of layer. The
spec parser and dumper, the shape walk, the design checks, the model builder, the
model file's weight list, the CLI, the inspector and the exporters all ask the record; the designer
adds only looks (`designer.layer_views`). A new layer type is one subclass, one
`register()` call, and its NumPy layer class (see `core.layer_types.scale` in the
tests for a made-up example).

The record describes; the NumPy classes in `core.nn` compute. Shapes are per sample,
channels first: ``(784,)`` for a row of pixels, ``(1, 28, 28)`` for an image.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields as dataclass_fields
from typing import Any, ClassVar, Literal

import numpy as np

#: "size": a positive int or [height, width]; "padding": a non-negative int or "same"
FieldKind = Literal["int", "float", "choice", "size", "padding"]


@dataclass(frozen=True)
class Field:
    """One setting of a layer in the design file, e.g. Dense's ``units``.

    The parser checks it, the dumper writes it, the designer builds an editor for it:
    a spin box for numbers, a list for choices, one or two spin boxes for a size, a spin
    box and a "same" switch for padding. A field whose default is None may be left out
    of the file (the type says what that means, e.g. a pooling stride equal to the pool).
    """

    name: str
    kind: FieldKind
    default: Any
    #: the range a value must lie in (floats: closed unless `lo_open`/`hi_open`)
    lo: float = 0
    hi: float = 0
    lo_open: bool = False
    hi_open: bool = False
    #: for "choice": the allowed values, read when needed (a registry may grow)
    choices: Callable[[], tuple[str, ...]] | None = None
    #: a missing value is an error (else the default is used)
    required: bool = False
    #: shown to the user (English; the designer translates them in context "names")
    label: str = ""
    tip: str = ""
    #: it changes what a trained layer computes at inference (a Dense layer's units and
    #: activation; not a Dropout's rate): trained weights belong to one value of it
    structural: bool = True
    #: for the designer's spin box: step, decimals and the largest value it offers
    step: float = 1
    decimals: int = 2
    editor_max: float | None = None
    #: what the designer's spin box shows for a field left out (default None): "same as the pool"
    none_label: str = ""

    def options(self) -> tuple[str, ...]:
        return self.choices() if self.choices is not None else ()


class ShapeError(Exception):
    """A layer that cannot take the shape it is given: `code` names the problem for the
    checks (a template in `LayerType.templates`), `args` fill its message, `fix` may mend it."""

    def __init__(self, code: str, fix=None, **args: Any):
        super().__init__(code)
        self.code = code
        self.fix = fix
        self.args_ = args


@dataclass
class LayerCheck:
    """What a layer type's `check` may look at: the layer, where it sits and what flows in."""

    design: Any
    index: int
    layer: Any
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...] | None
    #: the layer is the network's last
    is_last: bool
    #: the layer whose units are the network's outputs (the last layer with parameters)
    is_output: bool
    #: the number of classes the data has, when known
    classes: int | None
    #: the size of the network's output (the output layer's units), when known
    output_size: int | None
    #: the first layer with parameters (the one that sees the data)
    is_first_learning: bool


@dataclass
class BuildContext:
    """What building a layer needs: its input shape, its weight and gradient arrays (views
    into the model's flat buffers, to be written in place) and the random numbers."""

    index: int
    input_shape: tuple[int, ...]
    params: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]
    rng: np.random.Generator
    init: str
    dtype: np.dtype

    def child_rng(self) -> np.random.Generator:
        """A stream of its own, split off the model's generator without drawing from it, so
        adding a layer that needs random numbers (Dropout) does not change anyone's weights."""
        return self.rng.spawn(1)[0]


class LayerType:
    """The record of one kind of layer. Subclasses set the class attributes and override
    what differs from the defaults (which suit a layer without parameters that keeps the
    shape, such as Dropout)."""

    #: the spec's "type" value
    name: ClassVar[str]
    #: shown to the user (English; the designer translates them in context "names")
    title: ClassVar[str]
    blurb: ClassVar[str] = ""
    #: the spec dataclass (with a ``type`` field set to `name`)
    spec_class: ClassVar[type]
    fields: ClassVar[tuple[Field, ...]] = ()
    #: extra fields a one-click fix or an undo command may set besides `fields`
    settable: ClassVar[tuple[str, ...]] = ()
    #: the check messages this type owns, code -> English template (str.format), and fix labels
    templates: ClassVar[Mapping[str, str]] = {}
    fix_labels: ClassVar[Mapping[str, str]] = {}
    #: may end the network (its output is the class scores); if not, `last_code` is the
    #: problem a design ending with it has
    can_end: ClassVar[bool] = False
    last_code: ClassVar[str] = "last_not_dense"
    #: the fix label (in `fix_labels`) that moves such a layer above the output layer, if that
    #: is what a learner most likely meant (a Dropout); "" for none
    last_fix: ClassVar[str] = ""
    #: the output layer's units can be set to the number of classes (the "units" field)
    sets_outputs: ClassVar[bool] = False
    #: the first design-file format version that has this type (older files may not use it)
    since_version: ClassVar[int] = 1

    # ------------------------------------------------------------------ the spec

    def new(self, **values: Any):
        """A layer of this type with default settings (the palette's drop)."""
        return self.spec_class(**{f.name: f.default for f in self.fields if f.default is not None}, **values)

    def parse(self, obj: Mapping[str, Any], path: str, parser) -> Any | None:
        """A spec object from its JSON (already known to be an object of this type), or None
        after recording problems with `parser.fail`. The default reads `fields`."""
        checked = parser.obj(obj, path, ("type", *self.json_keys()), tuple(f.name for f in self.fields if f.required))
        if checked is None:
            return None
        values = {}
        ok = True
        for f in self.fields:
            if f.name not in checked:
                if f.required:
                    ok = False
                continue
            value = parse_field(f, checked[f.name], f"{path}.{f.name}", parser)
            if value is None:
                ok = False
            else:
                values[f.name] = value
        if not ok:
            return None
        return self.spec_class(**values)

    def json_keys(self) -> tuple[str, ...]:
        """Every key a layer of this type may have in the file, besides "type"."""
        return tuple(f.name for f in self.fields) + self.settable

    def dump(self, layer) -> dict[str, Any]:
        """The layer as JSON: its type, then its fields in order."""
        out: dict[str, Any] = {"type": self.name}
        for f in self.fields:
            value = getattr(layer, f.name)
            if value is not None:  # a field left out stays out
                out[f.name] = value
        return out

    def validate(self, layer, input_shape: tuple[int, ...] | None, path: str, parser) -> None:
        """Problems that need the layer's input shape (None when unknown), recorded with
        `parser.fail`; called once the whole document is read. Default: none."""

    def activation(self, layer) -> str | None:
        """The activation the layer applies ("relu"), or None for a layer without one."""
        return getattr(layer, "activation", None)

    def signature(self, layer) -> tuple:
        """What of the layer trained weights depend on: its type and its structural fields."""
        return (self.name, *(getattr(layer, f.name) for f in self.fields if f.structural))

    def label(self, layer) -> str:
        """How the layer reads in one line of text (the CLI): ``Dropout(0.2)``."""
        shown = ", ".join(_plain(getattr(layer, f.name)) for f in self.fields)
        return f"{self.title}({shown})"

    # ------------------------------------------------------------------ shapes and costs

    def output_shape(self, layer, input_shape: tuple[int, ...]) -> tuple[int, ...]:
        """The shape one sample has after this layer; raises ShapeError when the layer
        cannot take `input_shape`. Default: unchanged."""
        return tuple(input_shape)

    def param_shapes(self, layer, input_shape: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
        """The layer's weight arrays, by name ("W", "b"), in the order they are stored."""
        return {}

    def macs(self, layer, input_shape: tuple[int, ...], output_shape: tuple[int, ...]) -> int:
        """Multiply-adds per sample in the forward pass."""
        return 0

    def value_bound(self, layer, weights: Mapping[str, np.ndarray], bound: np.ndarray) -> tuple[np.ndarray, float] | None:
        """How large the layer's outputs can get: given `bound`, the largest |value| of each
        input (flat, float64), (the same for each output, the largest |value| computed on the
        way) — or None when the type cannot say, and a model file is then checked by running
        it. A model file with huge weights is refused with this before it can overflow."""
        return None

    def window(self, layer, input_shape: tuple[int, ...]):
        """The window the layer slides over its image input (a core.layer_types.spatial.Window:
        kernel, stride, padding, what a window becomes), for the Explore page's views of
        feature maps, receptive fields and pooling; None for a layer that slides none."""
        return None

    def weight_tiles(self, params: Mapping[str, np.ndarray], input_shape: tuple[int, ...]) -> np.ndarray | None:
        """The layer's weights as small pictures, (count, height, width), one per unit (a Dense
        layer on an image) or per kernel and channel (Conv2D), for the Explore page's
        first-layer weights; None when they are no pictures."""
        return None

    def workspace(self, layer, input_shape: tuple[int, ...], output_shape: tuple[int, ...]) -> int:
        """Numbers per sample the layer keeps besides its output while training (a
        convolution's patch matrix, an activation's slopes): for the memory estimates."""
        return 0

    # ------------------------------------------------------------------ checks

    def check(self, ctx: LayerCheck) -> list:
        """The findings (core.design.findings) this type has about one of its layers. Default: none."""
        return []

    def shape_fix(self, problem: ShapeError, ctx: LayerCheck):
        """The one-click fix (core.design.findings.Fix) for a ShapeError `output_shape` raised,
        now that the layer's place in the design is known (`ctx`). Default: the error's own."""
        return problem.fix

    # ------------------------------------------------------------------ building

    def build(self, layer, ctx: BuildContext) -> list:
        """The NumPy layers (core.nn) this layer becomes, with its weights initialised in
        `ctx.params` (in place). Default: nothing (the layer computes nothing)."""
        return []

    # ------------------------------------------------------------------ the inspector

    #: the default steps' formulas: the layer computes a = f(x)
    forward_formula: ClassVar[str] = "a = f(x)"
    backward_formula: ClassVar[str] = "∂L/∂x = ∂L/∂a · ∂a/∂x"

    def trace_forward(self, block, x: np.ndarray):
        """Run the block's layers on `x` (a batch of one) and record what they computed
        (a core.explain.steps.LayerTrace, still with the batch axis)."""
        from core.explain.steps import LayerTrace

        h = x
        for layer in block.layers:
            h = layer.forward(h, training=False)
        return LayerTrace(block.index, self.name, "", x=x, a=h)

    def trace_backward(self, block, record, grad: np.ndarray, loss_gradient: np.ndarray | None = None) -> np.ndarray:
        """Run the block's layers backward from ∂L/∂a = `grad`, record the gradients, and
        return ∂L/∂x. `loss_gradient` is ∂L/∂z when a fused loss (softmax and cross-entropy)
        ends at this block: the block's activation is then skipped."""
        record.dL_da = grad
        for layer in reversed(block.layers):
            grad = layer.backward(grad)
        record.dL_dx = grad
        record.param_grads = {key: value.copy() for layer in block.layers for key, value in layer.grads.items()}
        return grad

    def forward_steps(self, lt, ctx) -> list:
        """The steps (core.explain.steps.Step) a learner follows forward through the layer."""
        from core.explain.steps import FORWARD, Step

        return [Step(FORWARD, self.name, lt.index, self.forward_formula, {"x": lt.x, "a": lt.a})]

    def backward_steps(self, lt, ctx) -> list:
        """The steps backward, from ∂L/∂a to ∂L/∂x."""
        from core.explain.steps import BACKWARD, Step

        values = {"∂L/∂a": lt.dL_da, **{f"∂L/∂{k}": g for k, g in lt.param_grads.items()}, "∂L/∂x": lt.dL_dx}
        return [Step(BACKWARD, f"{self.name}_gradient", lt.index, self.backward_formula, values)]

    # ------------------------------------------------------------------ export (core.export)

    def onnx_nodes(self, layer, graph) -> str:
        """Add the ONNX nodes that compute the layer at inference to `graph` (a
        core.export.onnx_export.LayerGraph: its input, weights and `node()`), and return the
        name of their output. Default: no mapping, and the export names this type."""
        from core.export.parts import NotExportable

        raise NotExportable("layer type", self.name, "ONNX")

    def torch_part(self, layer, index: int, input_shape: tuple[int, ...]):
        """The layer in the PyTorch script (a core.export.parts.TorchPart: its modules, where
        its weights go, how they start). Default: no mapping, and the export names this type."""
        from core.export.parts import NotExportable

        raise NotExportable("layer type", self.name, "PyTorch")


# --------------------------------------------------------------------------- helpers


def parse_field(f: Field, value: Any, path: str, parser) -> Any | None:
    """One field's value, checked with the spec parser's primitives."""
    if f.kind == "int":
        return parser.positive_int(value, path, int(f.hi)) if f.lo >= 1 else parser.int_(value, path, int(f.lo), int(f.hi))
    if f.kind == "float":
        return parser.float_(value, path, f.lo, f.hi, lo_open=f.lo_open, hi_open=f.hi_open)
    if f.kind == "choice":
        return parser.choice(value, path, f.options())
    if f.kind == "size":
        return _parse_size(value, path, int(f.hi), parser)
    if f.kind == "padding":
        if value == SAME:
            return SAME
        if isinstance(value, str) or isinstance(value, bool) or not isinstance(value, (int, float)):
            parser.fail(path, f'must be a non-negative integer or "{SAME}", got {parser.describe(value)}', "padding_value", got=parser.describe(value))
            return None
        return parser.int_(value, path, 0, int(f.hi), non_negative=True)
    raise AssertionError(f"unknown field kind {f.kind!r}")


#: the padding that keeps an image's height and width (stride 1, odd kernels)
SAME = "same"


def _parse_size(value: Any, path: str, hi: int, parser) -> int | list[int] | None:
    """A size as the file gives it: 3 (square) or [3, 5] (height, width)."""
    if isinstance(value, list) and len(value) == 2:
        h, w = parser.positive_int(value[0], f"{path}[0]", hi), parser.positive_int(value[1], f"{path}[1]", hi)
        return None if h is None or w is None else [h, w]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parser.positive_int(value, path, hi)
    parser.fail(path, f"must be a positive integer or a list of two, [height, width], got {parser.describe(value)}", "size_pair",
                got=parser.describe(value))
    return None


def spec_fields(spec_class: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclass_fields(spec_class) if f.name != "type")


def flat_size(shape: tuple[int, ...]) -> int:
    return math.prod(shape)


def _plain(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def spec_type_field(name: str):
    """The ``type`` field of a layer's spec dataclass: fixed to the type's name."""
    return field(default=name, init=False)


__all__ = [
    "Field", "FieldKind", "ShapeError", "LayerCheck", "BuildContext", "LayerType",
    "parse_field", "spec_fields", "flat_size", "spec_type_field", "SAME",
]
