"""The network as one standalone PyTorch script (torch and numpy only), to be read and run.

The script is `core.export.pytorch_template` filled in from the records: each layer type
gives its modules, where its weights go and how they start (`LayerType.torch_part`);
the activation, loss, optimizer and initializer records give their PyTorch lines. What
it holds and does is described in the template's own docstring; in short:

- `Net` mirrors the layer stack; `build_net()` gives it LayerLab's starting weights (the
  same numbers, from the same seed), so a run there starts where a run here would;
- `main()` trains with the design's loss, optimizer, learning rate and its schedule, batch
  size, seed and validation split, on MNIST-style IDX files found where LayerLab looks; under
  ``torchrun`` it trains with DistributedDataParallel, rank 0 printing and writing;
- `load_layerlab` / `save_layerlab` read and write LayerLab model files (as
  core.io.bundle does: the same members, the design embedded), `predict_proba` runs it.

Nothing here imports torch: the script is text.
"""
from __future__ import annotations

from string import Template

import numpy as np

from core.export.parts import ExportError, NotExportable
from core.export.pytorch_template import TEMPLATE
from core.export.source import ExportSource

INDENT = " " * 12


def render_script(source: ExportSource, filename: str = "net.py") -> str:
    """The script's text for `source`; `filename` is how its usage lines call it."""
    from core.design import spec
    from core.export.pytorch_data import named_data, script_data

    design, training = source.design, source.design.training
    layers = _layers(source)
    learning = _learning(source)
    data = script_data(source)
    _, folders, dataset_title = named_data(source)
    if not isinstance(design.dataset, str):
        dataset_title = design.dataset.file_name
    values = {
        "title": _docstring_text(design.name),
        "origin": _origin(source),
        "usage": data.usage(filename, dataset_title, folders),
        "design_json": _triple_quoted(spec.dumps(design)),
        "title_repr": repr(design.name),
        "input_shape": repr(tuple(design.input_shape)),
        "class_names": repr(tuple(source.class_names)),
        "normalisation": repr({k: _plain(v) for k, v in source.normalisation.items()}),
        "outputs": "probabilities" if source.gives_probabilities else "scores",
        "epochs": repr(training.epochs),
        "batch_size": repr(training.batch_size),
        "learning_rate": repr(float(training.optimizer.learning_rate)),
        "validation_split": repr(float(training.validation_split)),
        "seed": repr(training.seed),
        "raw_inputs": data.raw_inputs,
        "data_imports": "".join(f"import {name}\n" for name in data.imports),
        "data_section": data.render(source).rstrip() + "\n",
        "model_version": repr(_model_version(source)),
        "model_data": _model_data(source),
        **layers,
        **learning,
    }
    return Template(TEMPLATE).substitute(values)


def _layers(source: ExportSource) -> dict[str, str]:
    """Net's modules, the weight table and how each array starts, from each layer type's TorchPart."""
    from core.layer_types import type_of, walk
    from core.layer_types.spatial import show

    design = source.design
    modules: list[str] = []
    weights: list[str] = []
    starting: list[str] = []
    fixed: dict[str, object] = {}
    output, note_of_output = "nn.Identity()", "no activation at the end: the outputs are the logits"
    shapes = walk(design.layers, design.input_shape)
    for layer, s in zip(design.layers, shapes):
        t = type_of(layer)
        part = t.torch_part(layer, s.index, s.input_shape)
        own = list(part.modules)
        note = ""
        if s is shapes[-1] and own and own[-1].is_activation:  # the last activation becomes Net.output
            output = own.pop().code
            note_of_output = f"layers[{s.index}]'s {t.activation(layer)}: the outputs LayerLab shows"
            note = "; its activation is `output`"
        modules.append(f"{INDENT}# layers[{s.index}] {t.label(layer)}: {show(s.input_shape)} -> {show(s.output_shape)}{note}")
        modules += [f'{INDENT}("{m.name}", {m.code}),' for m in own]
        for key, shape in s.param_shapes.items():
            name = f"layers.{s.index}.{key}"
            if key not in part.weights or key not in part.starting:
                raise ExportError(f"the layer type {t.name!r} does not say where its weights {key!r} go in PyTorch",
                                  "no_mapping", {"what": "layer type", "name": t.name, "target": "PyTorch"})
            w, fans = part.weights[key], part.starting[key] or (None, None)
            weights.append(f'    "{name}": ("{w.module}", "{w.parameter}", {w.transpose}),')
            starting.append(f'    "{name}": ({tuple(shape)}, {fans[0]}, {fans[1]}),')
            if key in part.fixed:
                fixed[name] = part.fixed[key]
    if not any(line.lstrip().startswith("(") for line in modules):
        raise ExportError("the network has no layer PyTorch can compute", "no_mapping",
                          {"what": "design", "name": design.name, "target": "PyTorch"})
    return {
        "modules": "\n".join(modules),
        "output_module": f"{output}  # {note_of_output}",
        "weights": "\n".join(weights),
        "starting": "\n".join(starting),
        "fixed": repr(fixed) if fixed else "{}",
    }


def _learning(source: ExportSource) -> dict[str, str]:
    """The initializer's spread, the loss, the optimizer and the learning-rate schedule, from their records."""
    from core.nn.initializers import INITIALIZERS
    from core.nn.losses import LOSSES
    from core.nn.optimizers import OPTIMIZERS
    from core.train.schedules import SCHEDULES

    design, training = source.design, source.design.training
    init = INITIALIZERS[training.init]
    if not init.formula:
        raise NotExportable("initializer", init.name, "PyTorch")
    loss = LOSSES[design.loss]
    # as core.nn.model decides: the fused loss on the logits when the network ends in the activation it needs
    fused = bool(loss.needs_output) and loss.fused is not None and source.last_activation == loss.needs_output
    if fused and loss.torch_fused:
        loss_doc = f"{loss.title}, on the logits: {loss.needs_output} and the loss in one step, as LayerLab trains; {loss.torch_note}."
        loss_body = f"    return {loss.torch_fused}"
    elif loss.torch:
        loss_doc = f"{loss.title}, on the outputs: {loss.torch_note}, as LayerLab computes it."
        loss_body = f"    outputs = net.output(logits)\n    return {loss.torch}"
    else:
        raise NotExportable("loss", loss.name, "PyTorch")
    optimizer = OPTIMIZERS[training.optimizer.type]
    if not optimizer.torch:
        raise NotExportable("optimizer", optimizer.name, "PyTorch")
    extras = {name: training.optimizer.option(name) for name in optimizer.extras}
    shown_extras = "".join(f", {name} {value:g}" for name, value in extras.items())
    schedule = SCHEDULES[training.schedule.type]
    params = {f.name: training.schedule.option(f.name) for f in schedule.params}
    shown_params = "".join(f", {name} {value:g}" for name, value in params.items())
    schedule_doc = (f"{schedule.title} (the design's schedule{shown_params}), as LayerLab's: "
                    f"{schedule.rate.__doc__ or ''} Stepped once after every epoch; None keeps the optimizer's rate.")
    return {
        "init_doc": _wrapped(f"{init.title} (the design's init): {init.std.__doc__ or ''}"),
        "init_formula": init.formula,
        "loss_doc": _wrapped(loss_doc),
        "loss_body": loss_body,
        "optimizer_doc": _wrapped(f"{optimizer.title}, as LayerLab's (the learning rate from --lr{shown_extras})."),
        "optimizer": optimizer.torch.format(**extras),
        "schedule_doc": _wrapped(schedule_doc),
        "schedule": schedule.torch.format(**params),
    }


# --------------------------------------------------------------------------- text


def _origin(source: ExportSource) -> str:
    if source.trained:
        return "Exported by LayerLab from a trained model, whose weights stay in its model file (load_layerlab)."
    return "Exported by LayerLab from a design (build_net() gives it the weights LayerLab starts from)."


def _triple_quoted(text: str) -> str:
    """A Python string literal holding `text` exactly, readable over several lines."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return f'"""{body}"""'


def _wrapped(text: str, indent: int = 4) -> str:
    """Docstring text wrapped to the script's width, its later lines indented."""
    import textwrap

    return textwrap.fill(_docstring_text(text), 92 - indent, subsequent_indent=" " * indent)


def _docstring_text(text: str) -> str:
    """One line that is safe inside a triple-quoted docstring."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') or "LayerLab network"


def _model_version(source: ExportSource) -> int:
    """The model file version the script writes: LayerLab's for a model of the user's own data
    (it records the data's classes and columns), else the first."""
    from core.io.bundle import NAMED_DATA_VERSION, VERSION

    return NAMED_DATA_VERSION if isinstance(source.design.dataset, str) else VERSION


def _model_data(source: ExportSource) -> str:
    """The data members a model file of the user's own data holds (core.io.bundle): its class
    names, where the data was and a table's columns, as Python lines of NumPy arrays."""
    if isinstance(source.design.dataset, str):
        return "{}"
    from core.io.bundle import data_arrays

    try:
        arrays = data_arrays(source.design)
    except Exception as e:  # noqa: BLE001 - a BundleError: the data has not been read yet
        raise ExportError(str(e), "no_normalisation", {"dataset": source.design.dataset.file_name}) from None
    lines = []
    for key, value in arrays.items():
        kind = "str" if value.dtype.kind == "U" else "np.int64"
        lines.append(f"    {key!r}: np.array({value.tolist()!r}, dtype={kind}),")
    return "{\n" + "\n".join(lines) + "\n}"


def _plain(value):
    """A normalisation value as plain Python: a float, or nested lists of floats."""
    array = np.asarray(value, dtype=np.float64)
    return float(array) if array.ndim == 0 else array.tolist()


__all__ = ["render_script"]
