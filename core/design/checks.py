"""Will this design train, and will it train well? Plain-language findings for learners.

`core.design.spec` refuses documents that are malformed; this module judges designs that
are well formed but would not train (errors) or would probably train badly
(warnings). Each `Finding` names the spec field it is about, says why in a short
sentence, and may carry a `Fix`: a one-click edit (set this value at this path)
that `apply_fix` performs on a copy, so the designer can wrap it in an undo command.

Every message comes from a template in `TEMPLATES` (and every fix label from
`FIX_LABELS`), keyed by the finding's `code`, formatted with `Finding.args`; a GUI
can translate the template and format it again. No Qt here.
"""
from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from core.data import toy
from core.data.catalog import DATASET_INFO, DatasetInfo, dataset_info
from core.design import spec
from core.design.spec import DenseSpec, Design, DropoutSpec

Severity = Literal["error", "warning"]

# --------------------------------------------------------------------------- messages

# Errors: the design cannot train as it is.
NO_LAYERS = "The network has no layers yet. Add a Dense layer: its units are the network's outputs."
NO_DENSE = "The network has no Dense layer, so it has no weights to learn. Add a Dense layer."
UNKNOWN_DATASET = 'There is no dataset called "{name}". Choose one of: {choices}.'
INPUT_IMAGE = "{title} images have {size} pixels; set the input size to {size}."
INPUT_TOY = "{title} points have {size} coordinates; set the input size to {size}."
INPUT_OTHER = 'Each sample of "{title}" has {size} values; set the input size to {size}.'
DROPOUT_LAST = "Dropout can't be the last layer: the network must end with a Dense layer that gives one output per class."
LAST_NOT_DENSE = "The last layer must be a Dense layer: it gives one output per class."
LAST_UNITS = "The last layer needs {classes} units: {title} has {classes} classes."
SOFTMAX_HIDDEN = "Softmax belongs on the last layer only: it turns the final outputs into class probabilities."
CE_NEEDS_SOFTMAX = "Cross-entropy loss needs softmax on the last layer, so that the outputs are probabilities."
WEIGHTS_SHAPE = "The fixed starting weights no longer fit this layer: it needs {rows} x {cols}, they are {got_rows} x {got_cols}."
BIAS_SHAPE = "The fixed starting biases no longer fit this layer: it needs {units}, there are {got}."

# Warnings: the design trains, but probably badly.
SOFTMAX_MSE = "Softmax with squared error learns slowly: its gradients get tiny when the network is confidently wrong. Cross-entropy suits softmax."
VANISHING = "There are {count} sigmoid/tanh layers in a row: the gradient shrinks at each one, so the first layers learn very slowly (vanishing gradients). ReLU avoids this."
BIG_FIRST_LAYER = "The first layer has {units} units, which is a lot: training will be slow and use much memory. A few hundred units are usually enough."
MANY_PARAMS = "The network has {params:,} weights and biases: training will be slow and use much memory. Try fewer or smaller layers."
LR_HIGH = "A learning rate of {lr} is very high for {optimizer} (usual: {low} to {high}): the loss may jump around or blow up."
LR_LOW = "A learning rate of {lr} is very low for {optimizer} (usual: {low} to {high}): the network will learn very slowly."
HIGH_DROPOUT = "A dropout rate of {rate:g} switches off most values at every step, so the network learns slowly. 0.2 to 0.5 is usual."
HE_WITH_SATURATING = "He initialization is made for ReLU; with sigmoid or tanh layers, Xavier initialization usually trains better."
XAVIER_WITH_RELU = "Xavier initialization is made for sigmoid and tanh; with ReLU layers, He initialization usually trains better."
BIG_BATCH = "A batch of {batch} is bigger than the {samples} training samples, so each epoch makes just one step and learning is slow."
NARROW_LAYER = "This layer has only {units} units, fewer than the {outputs} outputs: it squeezes out information the last layer needs."

#: finding code -> message template (str.format, with the finding's args)
TEMPLATES: dict[str, str] = {
    "no_layers": NO_LAYERS,
    "no_dense": NO_DENSE,
    "unknown_dataset": UNKNOWN_DATASET,
    "input_image": INPUT_IMAGE,
    "input_toy": INPUT_TOY,
    "input_other": INPUT_OTHER,
    "dropout_last": DROPOUT_LAST,
    "last_not_dense": LAST_NOT_DENSE,
    "last_units": LAST_UNITS,
    "softmax_hidden": SOFTMAX_HIDDEN,
    "ce_needs_softmax": CE_NEEDS_SOFTMAX,
    "weights_shape": WEIGHTS_SHAPE,
    "bias_shape": BIAS_SHAPE,
    "softmax_mse": SOFTMAX_MSE,
    "vanishing": VANISHING,
    "big_first_layer": BIG_FIRST_LAYER,
    "many_params": MANY_PARAMS,
    "lr_high": LR_HIGH,
    "lr_low": LR_LOW,
    "high_dropout": HIGH_DROPOUT,
    "he_with_saturating": HE_WITH_SATURATING,
    "xavier_with_relu": XAVIER_WITH_RELU,
    "big_batch": BIG_BATCH,
    "narrow_layer": NARROW_LAYER,
}

FIX_UNITS = "Set units to {units}"
FIX_ACTIVATION = "Set activation to {activation}"
FIX_INPUT = "Set the input size to {size}"
FIX_LOSS_CE = "Switch the loss to cross-entropy"
FIX_LEARNING_RATE = "Set the learning rate to {lr}"
FIX_RATE = "Set the dropout rate to {rate:g}"
FIX_INIT_XAVIER = "Use Xavier initialization"
FIX_INIT_HE = "Use He initialization"
FIX_BATCH = "Set the batch size to {batch}"
FIX_DROP_WEIGHTS = "Remove the fixed weights"
FIX_DROP_BIAS = "Remove the fixed biases"
FIX_DROPOUT_ABOVE = "Move the Dropout above the output layer"
FIX_LAYER_UNITS = "Set the units of layer {layer} to {units}"

#: fix code -> label template
FIX_LABELS: dict[str, str] = {
    "units": FIX_UNITS,
    "activation": FIX_ACTIVATION,
    "input": FIX_INPUT,
    "loss_ce": FIX_LOSS_CE,
    "learning_rate": FIX_LEARNING_RATE,
    "rate": FIX_RATE,
    "init_xavier": FIX_INIT_XAVIER,
    "init_he": FIX_INIT_HE,
    "batch": FIX_BATCH,
    "drop_weights": FIX_DROP_WEIGHTS,
    "drop_bias": FIX_DROP_BIAS,
    "dropout_above": FIX_DROPOUT_ABOVE,
    "layer_units": FIX_LAYER_UNITS,
}

# --------------------------------------------------------------------------- thresholds

#: more units than this in the first (hidden) layer is slow and memory heavy
BIG_FIRST_LAYER_UNITS = 4096
#: more weights and biases than this in the whole network
MANY_PARAMS_LIMIT = 5_000_000
#: the learning rates each optimizer usually trains well with (inclusive)
USUAL_LEARNING_RATES: dict[str, tuple[float, float]] = {
    "sgd": (1e-4, 1.0),
    "momentum": (1e-4, 0.5),
    "adagrad": (1e-4, 0.5),
    "rmsprop": (1e-5, 0.01),
    "adam": (1e-5, 0.01),
}
OPTIMIZER_TITLES = {"sgd": "SGD", "momentum": "Momentum", "adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam"}
#: a dropout rate at or above this drops too much
HIGH_DROPOUT_RATE = 0.7
SUGGESTED_DROPOUT_RATE = 0.5
#: this many sigmoid/tanh hidden layers in a row make gradients vanish
VANISHING_RUN = 3
SUGGESTED_FIRST_LAYER_UNITS = 512
SUGGESTED_BATCH = 32
SATURATING = ("sigmoid", "tanh")
RECTIFIERS = ("relu", "leaky_relu")


# --------------------------------------------------------------------------- findings


@dataclass
class Fix:
    """A one-click edit: set `value` at the spec path `path` (see `apply_fix`)."""

    label: str
    path: str
    value: Any
    #: key into FIX_LABELS, and the values its template is formatted with
    code: str = ""
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Finding:
    severity: Severity
    #: the spec field it is about ("layers[3].units"), "" for the whole design
    path: str
    message: str
    fix: Fix | None = None
    #: key into TEMPLATES, and the values its template is formatted with
    code: str = ""
    args: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.severity}: {where}{self.message}"


def _fix(code: str, path: str, value: Any, **args: Any) -> Fix:
    return Fix(FIX_LABELS[code].format(**args), path, value, code, args)


def _finding(severity: Severity, code: str, path: str, fix: Fix | None = None, **args: Any) -> Finding:
    return Finding(severity, path, TEMPLATES[code].format(**args), fix, code, args)


def plain_number(x: float) -> str:
    """0.00001 rather than 1e-05: learners read decimals, not exponents."""
    if x == 0 or 1e-9 <= abs(x) < 1e15:
        text = f"{x:.12f}".rstrip("0").rstrip(".")
        return text if text not in ("", "-0") else "0"
    return f"{x:g}"


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "warning"]


def is_trainable(design: Design, *, classes: int | None = None, input_shape: tuple | None = None) -> bool:
    """True when `check_design` finds no errors (warnings are allowed)."""
    return not errors(check_design(design, classes=classes, input_shape=input_shape))


# --------------------------------------------------------------------------- the checks


def check_design(design: Design, *, classes: int | None = None, input_shape: tuple | None = None) -> list[Finding]:
    """Every error and warning about `design`, errors first, each in design order.

    `classes` and `input_shape` describe the data; by default they come from
    `DATASET_INFO` for the design's dataset. A dataset missing from that table is
    an error unless the caller says what its data looks like.
    """
    info = dataset_info(design.dataset)
    if classes is None and info is not None:
        classes = info.classes
    if input_shape is None and info is not None:
        input_shape = info.input_shape
    title = info.title if info is not None else design.dataset

    out: list[Finding] = []
    if info is None and classes is None and input_shape is None:
        choices = ", ".join(i.title for i in DATASET_INFO.values())
        out.append(_finding("error", "unknown_dataset", "dataset", name=design.dataset, choices=choices))
    if input_shape is not None:
        out.extend(_check_input(design, tuple(input_shape), info, title))
    out.extend(_check_layers(design, classes, title))
    out.extend(_check_fixed_weights(design))
    out.extend(_check_training(design, info))
    out.sort(key=lambda f: f.severity != "error")  # stable: keeps design order within each
    return out


def _check_input(design: Design, expected: tuple[int, ...], info: DatasetInfo | None, title: str) -> list[Finding]:
    if tuple(design.input_shape) == expected:
        return []
    size = math.prod(expected)
    code = "input_other" if info is None else ("input_image" if info.kind == "image" else "input_toy")
    fix = _fix("input", "input.shape", list(expected), size=size)
    return [_finding("error", code, "input.shape", fix, title=title, size=size)]


def _layer_path(i: int, attr: str = "") -> str:
    return f"layers[{i}].{attr}" if attr else f"layers[{i}]"


def _check_layers(design: Design, classes: int | None, title: str) -> list[Finding]:
    layers = design.layers
    if not layers:
        return [_finding("error", "no_layers", "layers")]
    dense = [i for i, layer in enumerate(layers) if isinstance(layer, DenseSpec)]
    if not dense:
        return [_finding("error", "no_dense", "layers")]
    found: list[Finding] = []
    last = len(layers) - 1
    out_i = dense[-1]  # the output layer (a trailing dropout is reported on its own)
    output = layers[out_i]
    assert isinstance(output, DenseSpec)
    hidden = dense[:-1]

    # ---- errors
    if isinstance(layers[last], DropoutSpec):
        # most likely meant just before the output layer: move it (them) there
        reordered = [*layers[:out_i], *layers[out_i + 1:], output]
        fix = _fix("dropout_above", "layers", [copy.deepcopy(layer) for layer in reordered])
        found.append(_finding("error", "dropout_last", _layer_path(last), fix))
    elif not isinstance(layers[last], DenseSpec):
        found.append(_finding("error", "last_not_dense", _layer_path(last)))
    if classes is not None and output.units != classes:
        fix = _fix("units", _layer_path(out_i, "units"), classes, units=classes)
        found.append(_finding("error", "last_units", _layer_path(out_i, "units"), fix, classes=classes, title=title))
    for i in hidden:
        if layers[i].activation == "softmax":
            fix = _fix("activation", _layer_path(i, "activation"), "relu", activation="relu")
            found.append(_finding("error", "softmax_hidden", _layer_path(i, "activation"), fix))
    if design.loss == "cross_entropy" and output.activation != "softmax":
        fix = _fix("activation", _layer_path(out_i, "activation"), "softmax", activation="softmax")
        found.append(_finding("error", "ce_needs_softmax", _layer_path(out_i, "activation"), fix))

    # ---- warnings
    if design.loss == "mse" and output.activation == "softmax":
        found.append(_finding("warning", "softmax_mse", "loss", _fix("loss_ce", "loss", "cross_entropy")))
    run: list[int] = []
    for i in [*hidden, None]:  # None closes the last run
        if i is not None and layers[i].activation in SATURATING:
            run.append(i)
            continue
        if len(run) >= VANISHING_RUN:
            # Marked on the layer that makes the run too long: setting it to ReLU splits the run.
            at = run[VANISHING_RUN - 1]
            fix = _fix("activation", _layer_path(at, "activation"), "relu", activation="relu")
            found.append(_finding("warning", "vanishing", _layer_path(at, "activation"), fix, count=len(run)))
        run = []
    if hidden and layers[hidden[0]].units > BIG_FIRST_LAYER_UNITS:
        first = hidden[0]
        fix = _fix("units", _layer_path(first, "units"), SUGGESTED_FIRST_LAYER_UNITS, units=SUGGESTED_FIRST_LAYER_UNITS)
        found.append(_finding("warning", "big_first_layer", _layer_path(first, "units"), fix, units=layers[first].units))
    params = spec.parameter_count(design)
    if params > MANY_PARAMS_LIMIT:
        found.append(_finding("warning", "many_params", "", _fewer_units_fix(design, hidden, MANY_PARAMS_LIMIT), params=params))
    for i, layer in enumerate(layers):
        if isinstance(layer, DropoutSpec) and layer.rate >= HIGH_DROPOUT_RATE:
            fix = _fix("rate", _layer_path(i, "rate"), SUGGESTED_DROPOUT_RATE, rate=SUGGESTED_DROPOUT_RATE)
            found.append(_finding("warning", "high_dropout", _layer_path(i, "rate"), fix, rate=layer.rate))
    for i in hidden:
        if layers[i].units < output.units:
            suggest = max(16, output.units)
            fix = _fix("units", _layer_path(i, "units"), suggest, units=suggest)
            found.append(_finding("warning", "narrow_layer", _layer_path(i, "units"), fix, units=layers[i].units, outputs=output.units))
    hidden_acts = {layers[i].activation for i in hidden}
    init = design.training.init
    if init == "he" and hidden_acts & set(SATURATING) and not hidden_acts & set(RECTIFIERS):
        found.append(_finding("warning", "he_with_saturating", "training.init", _fix("init_xavier", "training.init", "xavier")))
    if init == "xavier" and hidden_acts & set(RECTIFIERS) and not hidden_acts & set(SATURATING):
        found.append(_finding("warning", "xavier_with_relu", "training.init", _fix("init_he", "training.init", "he")))
    return found


def _fewer_units_fix(design: Design, hidden: list[int], limit: int) -> Fix | None:
    """Fewer units in one hidden layer, the widest that can do it, so that the network has at
    most `limit` weights and biases; None when no single layer can (a huge input or output)."""
    def params_with(i: int, units: int) -> int:
        trial = design.copy()
        trial.layers[i].units = units
        return spec.parameter_count(trial)

    for i in sorted(hidden, key=lambda i: -design.layers[i].units):
        one, two = params_with(i, 1), params_with(i, 2)  # the count grows by the same step per unit
        if one > limit or two <= one:
            continue
        units = 1 + (limit - one) // (two - one)
        if units >= 32:
            units -= units % 16  # a round number of units
        if units < design.layers[i].units:
            return _fix("layer_units", _layer_path(i, "units"), units, layer=i + 1, units=units)
    return None


def _check_fixed_weights(design: Design) -> list[Finding]:
    """Fixed starting weights that an edit (units, input size) left the wrong shape."""
    found = []
    fan_in = math.prod(design.input_shape)
    for i, layer in enumerate(design.layers):
        if not isinstance(layer, DenseSpec):
            continue
        if layer.weights is not None:
            got = (len(layer.weights), len(layer.weights[0]) if layer.weights else 0)
            if got != (fan_in, layer.units):
                fix = _fix("drop_weights", _layer_path(i, "weights"), None)
                found.append(_finding("error", "weights_shape", _layer_path(i, "weights"), fix, rows=fan_in, cols=layer.units, got_rows=got[0], got_cols=got[1]))
        if layer.bias is not None and len(layer.bias) != layer.units:
            fix = _fix("drop_bias", _layer_path(i, "bias"), None)
            found.append(_finding("error", "bias_shape", _layer_path(i, "bias"), fix, units=layer.units, got=len(layer.bias)))
        fan_in = layer.units
    return found


def _check_training(design: Design, info: DatasetInfo | None) -> list[Finding]:
    found = []
    t = design.training
    opt = t.optimizer
    if opt.type in USUAL_LEARNING_RATES:
        low, high = USUAL_LEARNING_RATES[opt.type]
        lr = opt.learning_rate
        if lr > high or lr < low:
            default = spec.DEFAULT_LEARNING_RATES[opt.type]
            path = "training.optimizer.learning_rate"
            fix = _fix("learning_rate", path, default, lr=plain_number(default))
            code = "lr_high" if lr > high else "lr_low"
            found.append(_finding(
                "warning", code, path, fix,
                lr=plain_number(lr), optimizer=OPTIMIZER_TITLES[opt.type], low=plain_number(low), high=plain_number(high),
            ))
    samples = training_samples(design, info)
    if samples is not None and t.batch_size > samples:
        suggest = min(SUGGESTED_BATCH, samples)
        fix = _fix("batch", "training.batch_size", suggest, batch=suggest)
        found.append(_finding("warning", "big_batch", "training.batch_size", fix, batch=t.batch_size, samples=samples))
    return found


def training_samples(design: Design, info: DatasetInfo | None = None) -> int | None:
    """How many samples one epoch trains on (after the test and validation splits), if known."""
    if info is None:
        info = dataset_info(design.dataset)
    if info is None:
        return None
    if info.kind == "toy":
        total = int(design.dataset_options.get("samples", toy.DEFAULT_SAMPLES))
        n = total - max(1, int(round(total * toy.TEST_FRACTION)))  # as toy.make_toy splits
    elif info.train_samples is not None:
        n = info.train_samples
    else:
        return None
    fraction = design.training.validation_split
    n_val = int(round(n * fraction))  # as training.split_validation holds data out
    if fraction > 0 and n_val == 0 and n > 1:
        n_val = 1
    return n - n_val


# --------------------------------------------------------------------------- fixes

_LAYER_PATH = re.compile(r"layers\[(\d+)\]\.(\w+)")
#: top-level and training fields a fix may set
_DESIGN_FIELDS = ("name", "dataset", "loss", "description")
_TRAINING_FIELDS = ("batch_size", "epochs", "validation_split", "init", "seed")
_LAYER_FIELDS = {DenseSpec: ("units", "activation", "weights", "bias"), DropoutSpec: ("rate",)}


def apply_fix(design: Design, fix: Fix) -> Design:
    """A copy of `design` with `fix.value` set at `fix.path`; `design` is left untouched.

    Paths: "layers" (the whole list), "layers[i].units" / ".activation" / ".rate" / ".weights" / ".bias",
    "input.shape", "loss", "dataset", "training.optimizer.learning_rate" and
    "training.<field>". Only that one value changes: fixed starting weights that
    no longer fit afterwards are reported by `check_design`, with their own fix.
    Raises ValueError for a path that names nothing in the design.
    """
    new = design.copy()
    path, value = fix.path, fix.value
    if path == "input.shape":
        new.input_shape = tuple(int(v) for v in value)
    elif path == "layers":  # the layers reordered (a Dropout moved above the output layer)
        if not isinstance(value, list) or not all(isinstance(layer, tuple(_LAYER_FIELDS)) for layer in value):
            raise ValueError(f"{path}: a fix sets the layers to a list of layers, not {value!r}")
        new.layers = copy.deepcopy(value)
    elif path == "training.optimizer.learning_rate":
        new.training.optimizer.learning_rate = float(value)
    elif path.startswith("training.") and path.removeprefix("training.") in _TRAINING_FIELDS:
        setattr(new.training, path.removeprefix("training."), value)
    elif path in _DESIGN_FIELDS:
        setattr(new, path, value)
    elif m := _LAYER_PATH.fullmatch(path):
        i, attr = int(m[1]), m[2]
        if i >= len(new.layers):
            raise ValueError(f"{path}: the design has only {len(new.layers)} layers")
        layer = new.layers[i]
        if attr not in _LAYER_FIELDS.get(type(layer), ()):
            raise ValueError(f"{path}: a {layer.type} layer has no {attr!r}")
        setattr(layer, attr, value)
    else:
        raise ValueError(f"{path!r}: not a path a fix can set")
    return new


__all__ = [
    "Severity", "Fix", "Finding", "check_design", "errors", "warnings", "is_trainable", "apply_fix",
    "training_samples", "TEMPLATES", "FIX_LABELS", "USUAL_LEARNING_RATES",
]
