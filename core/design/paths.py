"""Read and write one value of a Design by its path, e.g. ``layers[2].units``.

Paths are the ones `core.design.spec` and `core.design.checks` use in their messages, so an
error message, a one-click fix and an undo command all name a field the same way:

    name, description, dataset, loss, input.shape, dataset_options.noise,
    layers[2]  (the whole layer), layers[2].units, layers[2].activation, layers[2].rate,
    layers[2].weights, training.batch_size, training.epochs, training.init, ...,
    training.optimizer  (the whole OptimizerSpec), training.optimizer.type,
    training.optimizer.learning_rate, training.optimizer.momentum (an optimizer
    option: stored in OptimizerSpec.options), training.schedule (the whole ScheduleSpec),
    training.schedule.gamma (a schedule parameter: stored in ScheduleSpec.options)

Values go in and come out as deep copies, so an undo command's stored value can
never be changed behind its back.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

from core.design.spec import Design, OptimizerSpec, ScheduleSpec

_TOKEN = re.compile(r"([A-Za-z_]\w*)(?:\[(\d+)\])?")
_LAYER = re.compile(r"layers\[(\d+)\]")


class PathError(ValueError):
    """A path that names nothing in the design."""


def _tokens(path: str) -> list[tuple[str, int | None]]:
    parts = path.split(".") if path else []
    out = []
    for part in parts:
        m = _TOKEN.fullmatch(part)
        if not m:
            raise PathError(f"{path!r}: not a spec path")
        out.append((m[1], int(m[2]) if m[2] is not None else None))
    if not out:
        raise PathError("empty spec path")
    return out


def _resolve(design: Design, path: str) -> tuple[Any, Any]:
    """The container holding the value and the key (attribute name, dict key or list index)."""
    if path == "input.shape":
        return design, "input_shape"
    tokens = _tokens(path)
    obj: Any = design
    for n, (name, index) in enumerate(tokens):
        last = n == len(tokens) - 1
        if isinstance(obj, dict):
            if index is not None:
                raise PathError(f"{path!r}: {name} is not a list")
            if last:
                return obj, name
            if name not in obj:
                raise PathError(f"{path!r}: no {name!r}")
            obj = obj[name]
            continue
        if isinstance(obj, (OptimizerSpec, ScheduleSpec)) and name not in {f.name for f in dataclasses.fields(obj)}:
            # optimizer extras (momentum, decay, beta1, beta2) and schedule parameters (gamma) live in .options
            if not last or index is not None:
                raise PathError(f"{path!r}: not a spec path")
            return obj.options, name
        if not dataclasses.is_dataclass(obj) or name not in {f.name for f in dataclasses.fields(obj)}:
            raise PathError(f"{path!r}: {type(obj).__name__} has no field {name!r}")
        if index is None:
            if last:
                return obj, name
            obj = getattr(obj, name)
            continue
        seq = getattr(obj, name)
        if not isinstance(seq, list) or not 0 <= index < len(seq):
            raise PathError(f"{path!r}: there is no {name}[{index}]")
        if last:
            return seq, index
        obj = seq[index]
    raise PathError(f"{path!r}: not a spec path")  # pragma: no cover


def get_value(design: Design, path: str) -> Any:
    """A copy of the value at `path` (None for an optimizer option or dict key not set)."""
    container, key = _resolve(design, path)
    if isinstance(container, dict):
        return copy.deepcopy(container.get(key))
    if isinstance(container, list):
        return copy.deepcopy(container[key])
    return copy.deepcopy(getattr(container, key))


def set_value(design: Design, path: str, value: Any) -> None:
    """Set the value at `path` in place; None removes an optimizer option or dict key."""
    container, key = _resolve(design, path)
    value = copy.deepcopy(value)
    if isinstance(container, dict):
        if value is None:
            container.pop(key, None)
        else:
            container[key] = value
    elif isinstance(container, list):
        container[key] = value
    else:
        if key == "input_shape":
            value = tuple(int(v) for v in value)
        setattr(container, key, value)


def layer_index(path: str) -> int | None:
    """3 for ``layers[3].units``, None for a path outside the layer list."""
    m = _LAYER.match(path)
    return int(m[1]) if m else None


def leaf(path: str) -> str:
    """The last name of a path: ``units`` for ``layers[3].units``."""
    return _TOKEN.sub(lambda m: m[1], path.rsplit(".", 1)[-1])


__all__ = ["PathError", "get_value", "set_value", "layer_index", "leaf"]
