"""What a record gives the exporters: ONNX nodes, PyTorch modules and lines of code.

A layer type maps itself (`LayerType.onnx_nodes`, `LayerType.torch_part`); so do the
activations, losses, optimizers and initializers, through fields of their records. A
record without a mapping makes the export stop with `NotExportable`, which names it.
Nothing here imports onnx or torch: the pieces are operator names, attributes and
Python source text, which the exporters assemble.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ExportError(ValueError):
    """An export that cannot be made; the message says why in one sentence.

    `code` names the kind of problem and `params` the values its message was made from,
    so the app can word it in the user's language: "no_mapping" (`what`, `name`, `target`),
    "design_problem" (`finding`, a core.design.findings.Finding), "no_normalisation"
    (`dataset`), "not_a_model" (`path`, `reason`)."""

    def __init__(self, message: str, code: str = "", params: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})


class NotExportable(ExportError):
    """A layer type, activation, loss or optimizer with no mapping to the target engine yet."""

    def __init__(self, what: str, name: str, target: str):
        super().__init__(f"the {what} {name!r} has no {target} mapping yet, so this network cannot be exported to {target}",
                         "no_mapping", {"what": what, "name": name, "target": target})


# --------------------------------------------------------------------------- PyTorch


@dataclass(frozen=True)
class TorchModule:
    """One line of the script's ``nn.Sequential``: ``("dense0", nn.Linear(784, 512))``."""

    #: its name in the Sequential (a Python identifier): what `Net.layers.dense0` is
    name: str
    #: the module as Python source: ``nn.Linear(784, 512)``
    code: str
    #: it is the layer's activation (the network's last one becomes `Net.output`)
    is_activation: bool = False


@dataclass(frozen=True)
class TorchWeight:
    """Where a LayerLab weight array lives in the PyTorch module: `module`.`parameter`,
    transposed when the two store it in different orders (a Dense layer's W)."""

    module: str
    parameter: str
    transpose: bool = False


@dataclass
class TorchPart:
    """What one layer of the design is in the PyTorch script."""

    modules: list[TorchModule]
    #: LayerLab's array name ("W", "b") -> where PyTorch keeps it
    weights: dict[str, TorchWeight] = field(default_factory=dict)
    #: how LayerLab starts each array: (fan_in, fan_out) for normal random numbers with the
    #: design's initializer's spread, None for zeros; in the order LayerLab draws them
    starting: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    #: starting values the design fixes (a worked example's weights), by array name
    fixed: dict[str, Any] = field(default_factory=dict)


def activation_module(name: str, index: int) -> TorchModule:
    """The PyTorch module of an activation record (core.nn.activations), named for its layer."""
    from core.nn.activations import activation

    act = activation(name)
    if not act.torch_module:
        raise NotExportable("activation", name, "PyTorch")
    return TorchModule(f"{act.name}{index}", act.torch_module, is_activation=True)


__all__ = ["ExportError", "NotExportable", "TorchModule", "TorchWeight", "TorchPart", "activation_module"]
