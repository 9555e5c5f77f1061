"""Will this design train, and will it train well? Plain-language findings for learners.

`core.design.spec` refuses documents that are malformed; this module judges designs that
are well formed but would not train (errors) or would probably train badly
(warnings). Each `Finding` names the spec field it is about, says why in a short
sentence, and may carry a `Fix`: a one-click edit that `apply_fix` performs on a
copy, so the designer can wrap it in an undo command.

The checks here concern the whole design and read the registries (layer types,
activations, losses, optimizers, initializers, datasets) for everything that depends
on a kind of thing; each layer type adds the checks of its own layers
(`LayerType.check`). Messages come from templates (`core.design.findings`). No Qt here.
"""
from __future__ import annotations

import math

from core.data import toy
from core.data.catalog import DATASET_INFO, DATASET_KINDS, DataSource, DatasetInfo, dataset_info, dataset_title
from core.design import costs, findings, paths
from core.design.findings import FIX_LABELS, TEMPLATES, Finding, Fix, Severity, finding, fix, plain_number
from core.design.spec import Design, layer_to_dict
from core.layer_types import LayerCheck, type_of, walk
from core.nn.activations import ACTIVATIONS
from core.nn.initializers import INITIALIZERS
from core.nn.losses import LOSSES
from core.nn.optimizers import OPTIMIZERS

# --------------------------------------------------------------------------- messages

TEMPLATES.update({
    # Errors: the design cannot train as it is.
    "no_layers": "The network has no layers yet. Add a Dense layer: its units are the network's outputs.",
    "no_dense": "The network has no Dense layer, so it has no weights to learn. Add a Dense layer.",
    "unknown_dataset": 'There is no dataset called "{name}". Choose one of: {choices}.',
    "input_image": "{title} images have {size} pixels; set the input size to {size}.",
    "input_toy": "{title} points have {size} coordinates; set the input size to {size}.",
    "input_other": 'Each sample of "{title}" has {size} values; set the input size to {size}.',
    "input_table": "Each row of {title} gives {size} values (a number column gives one, a text column one per category); set the input size to {size}.",
    "last_not_dense": "The last layer must be a Dense layer: it gives one output per class.",
    "last_units": "The last layer needs {classes} units: {title} has {classes} classes.",
    "softmax_hidden": "Softmax belongs on the last layer only: it turns the final outputs into class probabilities.",
    "ce_needs_softmax": "Cross-entropy loss needs softmax on the last layer, so that the outputs are probabilities.",
    "too_many_params": "The network has {params:,} weights and biases, more than the {most:,} LayerLab can train and save. Use fewer or smaller layers.",
    # Warnings: the design trains, but probably badly.
    "softmax_mse": "Softmax with squared error learns slowly: its gradients get tiny when the network is confidently wrong. Cross-entropy suits softmax.",
    "vanishing": "There are {count} sigmoid/tanh layers in a row: the gradient shrinks at each one, so the first layers learn very slowly (vanishing gradients). ReLU avoids this.",
    "many_params": "The network has {params:,} weights and biases: training will be slow and use much memory. Try fewer or smaller layers.",
    "lr_high": "A learning rate of {lr} is very high for {optimizer} (usual: {low} to {high}): the loss may jump around or blow up.",
    "lr_low": "A learning rate of {lr} is very low for {optimizer} (usual: {low} to {high}): the network will learn very slowly.",
    "he_with_saturating": "He initialization is made for ReLU; with sigmoid or tanh layers, Xavier initialization usually trains better.",
    "xavier_with_relu": "Xavier initialization is made for sigmoid and tanh; with ReLU layers, He initialization usually trains better.",
    "big_batch": "A batch of {batch} is bigger than the {samples} training samples, so each epoch makes just one step and learning is slow.",
    "slow_epoch": "One epoch will take about {minutes} minutes: the network does {macs:,} multiply-adds per sample, on {samples:,} samples. "
                  "Fewer filters or units, or more pooling, make it faster.",
    "big_memory": "Training this network will need about {memory} of memory: it may be slow or fail on a small computer. "
                  "Fewer filters or units, or a smaller batch, need less.",
    "too_much_memory": "Training this network would need about {memory} of memory, far more than a computer has. "
                       "Use fewer or smaller layers, or a smaller batch.",
})
FIX_LABELS.update({
    "units": "Set units to {units}",
    "activation": "Set activation to {activation}",
    "input": "Set the input size to {size}",
    "loss_ce": "Switch the loss to cross-entropy",
    "learning_rate": "Set the learning rate to {lr}",
    "init_xavier": "Use Xavier initialization",
    "init_he": "Use He initialization",
    "batch": "Set the batch size to {batch}",
    "layer_units": "Set the units of layer {layer} to {units}",
})

# --------------------------------------------------------------------------- thresholds

#: more weights and biases than this in the whole network
MANY_PARAMS_LIMIT = 5_000_000
#: more than this is an error: no model file may hold more (40 MB as float32), so none is trained
MAX_PARAMETERS = 10_000_000
#: this many sigmoid/tanh hidden layers in a row make gradients vanish
VANISHING_RUN = 3
SUGGESTED_BATCH = 32
#: the activation a hidden layer is moved to by the fixes
HIDDEN_DEFAULT = "relu"


# --------------------------------------------------------------------------- findings


def errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity == "error"]


def warnings(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity == "warning"]


def is_trainable(design: Design, *, classes: int | None = None, input_shape: tuple | None = None) -> bool:
    """True when `check_design` finds no errors (warnings are allowed)."""
    return not errors(check_design(design, classes=classes, input_shape=input_shape))


# --------------------------------------------------------------------------- the checks


def check_design(design: Design, *, classes: int | None = None, input_shape: tuple | None = None) -> list[Finding]:
    """Every error and warning about `design`, errors first, each in design order.

    `classes` and `input_shape` describe the data; by default they come from
    `DATASET_INFO` for the design's dataset (whose images fit a flat input too), or for
    the user's own data from what it was found to hold (`DataSource.info`: unknown until
    it has been read, and then not checked). A dataset name missing from that table is an
    error unless the caller says what its data looks like.
    """
    info = dataset_info(design.dataset)
    if classes is None and info is not None:
        classes = info.classes
    title = dataset_title(design.dataset)

    out: list[Finding] = []
    if info is None and classes is None and input_shape is None and not isinstance(design.dataset, DataSource):
        choices = ", ".join(i.title for i in DATASET_INFO.values())
        out.append(finding("error", "unknown_dataset", "dataset", name=design.dataset, choices=choices))
    if input_shape is not None or info is not None:
        out.extend(_check_input(design, input_shape, info, title))
    out.extend(_check_layers(design, classes, title))
    out.extend(_check_training(design, info))
    out.extend(_check_costs(design, info))
    out.sort(key=lambda f: f.severity != "error")  # stable: keeps design order within each
    return out


def _check_input(design: Design, expected: tuple | None, info: DatasetInfo | None, title: str) -> list[Finding]:
    shape = tuple(design.input_shape)
    if expected is not None:
        if shape == tuple(expected):
            return []
        wanted = tuple(expected)
    else:
        assert info is not None
        if info.fits(shape):
            return []
        wanted = info.shape_like(shape)
    size = math.prod(wanted)
    code = "input_other" if info is None else DATASET_KINDS[info.kind].input_code
    return [finding("error", code, "input.shape", fix("input", "input.shape", list(wanted), size=size), title=title, size=size)]


def _layer_path(i: int, attr: str = "") -> str:
    return f"layers[{i}].{attr}" if attr else f"layers[{i}]"


def _check_layers(design: Design, classes: int | None, title: str) -> list[Finding]:
    layers = design.layers
    if not layers:
        return [finding("error", "no_layers", "layers")]
    shapes = walk(layers, design.input_shape)
    learning = [s.index for s in shapes if s.param_shapes or type_of(layers[s.index]).sets_outputs]
    if not learning:
        return [finding("error", "no_dense", "layers")]
    types = [type_of(layer) for layer in layers]
    ends = [i for i, t in enumerate(types) if t.can_end]
    out_i = ends[-1] if ends else None  # the output layer (a trailing Dropout is reported on its own)
    last = len(layers) - 1
    output = layers[out_i] if out_i is not None else None
    out_shape = shapes[out_i].output_shape if out_i is not None else None
    output_size = math.prod(out_shape) if out_shape is not None else None
    activations = {i: t.activation(layer) for i, (t, layer) in enumerate(zip(types, layers)) if t.activation(layer) is not None}
    hidden = [i for i in activations if i != out_i]
    found: list[Finding] = []

    first_learning = learning[0]

    def context(s) -> LayerCheck:
        return LayerCheck(
            design=design, index=s.index, layer=layers[s.index], input_shape=s.input_shape, output_shape=s.output_shape,
            is_last=s.index == last, is_output=s.index == out_i, classes=classes, output_size=output_size,
            is_first_learning=s.index == first_learning,
        )

    # ---- errors
    if not types[last].can_end:
        move = None
        if out_i is not None and types[last].last_fix:
            # most likely meant just before the output layer: move it (them) there
            reordered = [*layers[:out_i], *layers[out_i + 1:], layers[out_i]]
            move = fix(types[last].last_fix, "layers", [layer_to_dict(layer) for layer in reordered])
        found.append(finding("error", types[last].last_code, _layer_path(last), move))
    for s in shapes:
        if s.problem is not None:
            problem_fix = types[s.index].shape_fix(s.problem, context(s))
            found.append(finding("error", s.problem.code, _layer_path(s.index), problem_fix, **s.problem.args_))
    if classes is not None and output_size is not None and output_size != classes and types[out_i].sets_outputs:
        path = _layer_path(out_i, "units")
        found.append(finding("error", "last_units", path, fix("units", path, classes, units=classes), classes=classes, title=title))
    for i in hidden:
        if ACTIVATIONS[activations[i]].family == "output":
            path = _layer_path(i, "activation")
            found.append(finding("error", "softmax_hidden", path, fix("activation", path, HIDDEN_DEFAULT, activation=HIDDEN_DEFAULT)))
    loss = LOSSES[design.loss]
    output_activation = activations.get(out_i) if out_i is not None else None
    if loss.needs_output and output is not None and output_activation != loss.needs_output:
        path = _layer_path(out_i, "activation")
        found.append(finding("error", "ce_needs_softmax", path, fix("activation", path, loss.needs_output, activation=loss.needs_output)))

    # ---- each layer's own checks
    for s, t in zip(shapes, types):
        if s.input_shape is None:
            continue
        found.extend(t.check(context(s)))

    # ---- warnings about the whole network
    if loss.poor_with_output and output_activation == loss.poor_with_output:
        found.append(finding("warning", "softmax_mse", "loss", fix("loss_ce", "loss", "cross_entropy")))
    run: list[int] = []
    for i in [*hidden, None]:  # None closes the last run
        if i is not None and ACTIVATIONS[activations[i]].family == "saturating":
            run.append(i)
            continue
        if len(run) >= VANISHING_RUN:
            # Marked on the layer that makes the run too long: setting it to ReLU splits the run.
            path = _layer_path(run[VANISHING_RUN - 1], "activation")
            found.append(finding("warning", "vanishing", path, fix("activation", path, HIDDEN_DEFAULT, activation=HIDDEN_DEFAULT), count=len(run)))
        run = []
    params = sum(s.params for s in shapes)
    if params > MAX_PARAMETERS:
        found.append(finding("error", "too_many_params", "", params=params, most=MAX_PARAMETERS))
    elif params > MANY_PARAMS_LIMIT:
        found.append(finding("warning", "many_params", "", _fewer_units_fix(design, hidden, MANY_PARAMS_LIMIT), params=params))
    families = {ACTIVATIONS[activations[i]].family for i in hidden}
    init = INITIALIZERS[design.training.init].suits
    for other, code, label in (("saturating", "he_with_saturating", "init_xavier"), ("rectifier", "xavier_with_relu", "init_he")):
        if init and init != other and other in families and init not in families:
            suggested = next(i.name for i in INITIALIZERS.values() if i.suits == other)
            found.append(finding("warning", code, "training.init", fix(label, "training.init", suggested)))
    return found


def _fewer_units_fix(design: Design, hidden: list[int], limit: int) -> Fix | None:
    """Fewer units in one hidden layer, the widest that can do it, so that the network has at
    most `limit` weights and biases; None when no single layer can (a huge input or output)."""
    def params_with(i: int, units: int) -> int:
        trial = design.copy()
        trial.layers[i].units = units
        return sum(s.params for s in walk(trial.layers, trial.input_shape))

    sized = [i for i in hidden if "units" in {f.name for f in type_of(design.layers[i]).fields}]
    for i in sorted(sized, key=lambda i: -design.layers[i].units):
        one, two = params_with(i, 1), params_with(i, 2)  # the count grows by the same step per unit
        if one > limit or two <= one:
            continue
        units = 1 + (limit - one) // (two - one)
        if units >= 32:
            units -= units % 16  # a round number of units
        if units < design.layers[i].units:
            return fix("layer_units", _layer_path(i, "units"), units, layer=i + 1, units=units)
    return None


def _check_training(design: Design, info: DatasetInfo | None) -> list[Finding]:
    found = []
    t = design.training
    opt = OPTIMIZERS[t.optimizer.type]
    low, high = opt.usual_learning_rates
    lr = t.optimizer.learning_rate
    if lr > high or lr < low:
        default = opt.default_learning_rate
        path = "training.optimizer.learning_rate"
        code = "lr_high" if lr > high else "lr_low"
        found.append(finding(
            "warning", code, path, fix("learning_rate", path, default, lr=plain_number(default)),
            lr=plain_number(lr), optimizer=opt.title, low=plain_number(low), high=plain_number(high),
        ))
    samples = training_samples(design, info)
    if samples is not None and t.batch_size > samples:
        suggest = min(SUGGESTED_BATCH, samples)
        found.append(finding("warning", "big_batch", "training.batch_size", fix("batch", "training.batch_size", suggest, batch=suggest),
                             batch=t.batch_size, samples=samples))
    return found


def _check_costs(design: Design, info: DatasetInfo | None) -> list[Finding]:
    """Memory and time a design that otherwise works would need (estimates, core.design.costs)."""
    if not design.layers or any(s.output_shape is None for s in walk(design.layers, design.input_shape)):
        return []
    c = costs.design_costs(design)
    found = []
    if c.training_bytes > costs.MAX_TRAINING_BYTES:
        found.append(finding("error", "too_much_memory", "", memory=costs.gigabytes(c.training_bytes)))
    elif c.training_bytes > costs.BIG_TRAINING_BYTES:
        found.append(finding("warning", "big_memory", "", memory=costs.gigabytes(c.training_bytes)))
    samples = training_samples(design, info)
    if samples:
        seconds = costs.epoch_seconds(c, samples)
        if seconds > costs.SLOW_EPOCH_SECONDS:
            minutes = f"{seconds / 60:,.0f}"
            found.append(finding("warning", "slow_epoch", "", minutes=minutes, macs=c.macs, samples=samples))
    return found


def training_samples(design: Design, info: DatasetInfo | None = None) -> int | None:
    """How many samples one epoch trains on (after the test and validation splits), if known."""
    if info is None:
        info = dataset_info(design.dataset)
    if info is None:
        return None
    if DATASET_KINDS[info.kind].generated:  # a toy set: its size is a design option
        total = int(design.dataset_options.get("samples", toy.DEFAULT_SAMPLES))
        n = total - max(1, int(round(total * toy.TEST_FRACTION)))  # as toy.make_toy splits
    elif info.train_samples is not None:
        n = info.train_samples
    else:
        return None
    from core.train.loop import validation_count

    return n - validation_count(n, design.training.validation_split)


# --------------------------------------------------------------------------- fixes


def apply_fix(design: Design, fix: Fix) -> Design:
    """A copy of `design` with the fix made; `design` is left untouched.

    "set" puts `fix.value` at `fix.path` (any path `core.design.paths` knows that the
    layer's type lets a fix set); "insert" puts the layer `fix.value` (its JSON) at
    ``layers[i]``; "remove" takes ``layers[i]`` out. Only that one thing changes:
    fixed starting weights that no longer fit afterwards are reported by
    `check_design`, with their own fix. Raises ValueError for a path that names
    nothing the fix can change.
    """
    from core.design.spec import layer_from_dict

    new = design.copy()
    index = paths.layer_index(fix.path)
    if fix.action in ("insert", "remove"):
        if index is None or fix.path != _layer_path(index):
            raise ValueError(f"{fix.path!r}: a layer fix needs a path like layers[2]")
        if fix.action == "insert":
            if index > len(new.layers):
                raise ValueError(f"{fix.path}: the design has only {len(new.layers)} layers")
            new.layers.insert(index, layer_from_dict(fix.value))
        else:
            if index >= len(new.layers):
                raise ValueError(f"{fix.path}: the design has only {len(new.layers)} layers")
            del new.layers[index]
        return new
    if index is not None:
        if index >= len(new.layers):
            raise ValueError(f"{fix.path}: the design has only {len(new.layers)} layers")
        t = type_of(new.layers[index])
        attr = paths.leaf(fix.path)
        if fix.path != _layer_path(index, attr) or attr not in (*(f.name for f in t.fields), *t.settable):
            raise ValueError(f"{fix.path}: a {t.name} layer has no {attr!r} a fix can set")
    elif fix.path == "layers":  # the layers reordered (a Dropout moved above the output layer): their JSON
        if not isinstance(fix.value, list):
            raise ValueError(f"layers: a fix sets the layers to a list of layers, not {fix.value!r}")
        new.layers = [layer_from_dict(layer, f"layers[{i}]") for i, layer in enumerate(fix.value)]
        return new
    elif fix.path not in _SETTABLE:
        raise ValueError(f"{fix.path!r}: not a path a fix can set")
    try:
        paths.set_value(new, fix.path, fix.value)
    except paths.PathError as e:
        raise ValueError(str(e)) from None
    return new


#: the paths outside the layers a fix may set
_SETTABLE = (
    "name", "dataset", "loss", "description", "input.shape", "training.optimizer.learning_rate",
    *(f"training.{name}" for name in ("batch_size", "epochs", "validation_split", "init", "seed")),
)


__all__ = [
    "Severity", "Fix", "Finding", "check_design", "errors", "warnings", "is_trainable", "apply_fix",
    "training_samples", "TEMPLATES", "FIX_LABELS", "plain_number", "findings", "MAX_PARAMETERS",
]
