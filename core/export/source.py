"""What is exported: a design with its weights, input normalisation and class names.

From a trained model (a bundle: its weights) or from a design alone (the weights LayerLab
would start training from, drawn from the design's seed, so the exported network is the
one a training run begins with). A design with problems is refused with the first check's
message, as training refuses it: every exported network is one LayerLab can train.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.design.spec import Design
from core.export.parts import ExportError
from core.io.bundle import is_model_file


@dataclass
class ExportSource:
    design: Design
    #: LayerLab's weight arrays by name ("layers.0.W"), float32
    weights: dict[str, np.ndarray]
    #: the network sees x * scale + offset, x being the raw values the dataset stores
    normalisation: dict[str, Any]
    #: a trained model's weights (True), or a design's starting weights (False)
    trained: bool
    history: dict[str, list[float]] = field(default_factory=dict)

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.design.input_shape)

    @property
    def classes(self) -> int:
        from core.layer_types import walk

        return math.prod(walk(self.design.layers, self.design.input_shape)[-1].output_shape)

    @property
    def class_names(self) -> tuple[str, ...]:
        from core.data.catalog import class_names_for

        return class_names_for(self.design.dataset, self.classes)

    @property
    def last_activation(self) -> str | None:
        from core.layer_types import type_of

        last = self.design.layers[-1]
        return type_of(last).activation(last)

    @property
    def gives_probabilities(self) -> bool:
        """The outputs are class probabilities (a softmax at the end); otherwise they are
        scores, whose largest is the answer (as LayerLab's Test page calls them)."""
        return self.last_activation == "softmax"

    def normalise(self, x_raw: np.ndarray) -> np.ndarray:
        """Raw inputs -> what the network sees, in float32, as LayerLab computes it."""
        return normalise(x_raw, self.normalisation, self.input_shape)

    def predict(self, x_raw: np.ndarray) -> np.ndarray:
        """LayerLab's own outputs for raw inputs (what the exported models are compared with)."""
        from core.nn.model import build_model

        model = build_model(self.design, rng=np.random.default_rng(0))
        model.set_weights(self.weights)
        return model.predict_proba(self.normalise(x_raw))


def normalise(x_raw: np.ndarray, normalisation: dict[str, Any], input_shape: tuple[int, ...]) -> np.ndarray:
    """x * scale + offset in float32, one row per sample; `scale` and `offset` may be numbers
    or one value per input number (they broadcast over each row)."""
    from core.data.normalisation import normalise as normalise_rows

    rows = np.asarray(x_raw).reshape(len(x_raw), -1)
    return normalise_rows(rows, {k: np.reshape(v, -1) if np.ndim(v) else v for k, v in normalisation.items()}).reshape(len(rows), *input_shape)


def normalisation_arrays(normalisation: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(scale, offset) as float32 arrays: 0-d for one number, else one per input number."""
    return (np.asarray(normalisation["scale"], dtype=np.float32), np.asarray(normalisation["offset"], dtype=np.float32))


def _refuse_problems(design: Design, where: str) -> None:
    from core.design.checks import check_design, errors

    found = errors(check_design(design))
    if found:
        first = found[0]
        at = f"{first.path}: " if first.path else ""
        prefix = f"{where}: " if where else ""
        raise ExportError(f"{prefix}cannot export this design: {at}{first.message}", "design_problem", {"finding": first, "path": where})


def from_bundle(bundle, where: str = "") -> ExportSource:
    """A trained model (core.io.bundle.Bundle) as it stands."""
    _refuse_problems(bundle.design, where)
    weights = {name: np.asarray(value, dtype=np.float32) for name, value in bundle.weights.items()}
    return ExportSource(bundle.design, weights, dict(bundle.normalisation), True, dict(bundle.history))


def from_design(design: Design, where: str = "") -> ExportSource:
    """A design before training: the weights a run of it starts from (its seed's)."""
    from core.data.datasets import normalisation_for
    from core.nn.model import build_model
    from core.train.loop import weights_rng

    _refuse_problems(design, where)
    normalisation = normalisation_for(design.dataset) if isinstance(design.dataset, str) else None
    if normalisation is None:
        name = design.dataset if isinstance(design.dataset, str) else "this dataset"
        raise ExportError(f"the inputs of {name} are scaled by what its data holds, which a design alone does not say: "
                          "train it, then export the trained model (.npz)", "no_normalisation", {"dataset": name})
    model = build_model(design, rng=weights_rng(design.training.seed))
    return ExportSource(design, model.get_weights(), normalisation, False)


def load_source(path: str | os.PathLike) -> ExportSource:
    """A model file or a design file, read and checked as LayerLab reads them (BundleError,
    SpecError), then as an export needs (ExportError)."""
    from core.design import spec
    from core.io.bundle import load_bundle

    if is_model_file(path):
        return from_bundle(load_bundle(path), str(path))
    return from_design(spec.load(path), str(path))


__all__ = ["ExportSource", "from_bundle", "from_design", "load_source", "normalise", "normalisation_arrays"]
