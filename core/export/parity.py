"""Does the exported model compute what LayerLab computes? The same inputs through both.

After an export the app runs ten test images through LayerLab and through the exported
model (onnxruntime for ONNX, PyTorch for the script) and reports the largest difference
between their outputs. An engine that is not installed is said so, not guessed at. The
script is run from the text that was written (`render`'s bytes), never read back from disk.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass

import numpy as np

from core.export.source import ExportSource

#: how many test images the app compares
SAMPLES = 10


@dataclass(frozen=True)
class Parity:
    #: the engine that ran the exported model ("onnxruntime", "torch")
    engine: str
    samples: int
    #: the largest |LayerLab's output - the engine's|, or None when the engine is not installed
    max_difference: float | None
    #: how many inputs both gave the same answer (the largest output) for
    same_answers: int = 0
    #: "test" (the dataset's first test images) or "random" (the dataset is not on this computer)
    inputs: str = "test"
    #: the format's bound (core.export.formats.ExportFormat.tolerance)
    tolerance: float = 0.0

    @property
    def engine_missing(self) -> bool:
        return self.max_difference is None

    @property
    def agrees(self) -> bool:
        """Both compute the same outputs, to float32 rounding, and give the same answers."""
        return self.max_difference is not None and self.max_difference < self.tolerance and self.same_answers == self.samples


def engine_installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def comparison_inputs(source: ExportSource, data_dir=None, count: int = SAMPLES) -> tuple[np.ndarray, str]:
    """(raw inputs, "test"): the dataset's first `count` test samples; or, when the dataset
    cannot be loaded here, (random values within its range, "random")."""
    from core.data.catalog import dataset_info
    from core.data.datasets import DatasetError, load_dataset

    design = source.design
    try:
        data = load_dataset(design.dataset, data_dir, options=design.dataset_options, seed=design.training.seed)
        if len(data.x_test) >= 1:
            return np.asarray(data.x_test[:count]), "test"
    except (DatasetError, ValueError, OSError):
        pass
    info = dataset_info(design.dataset) if isinstance(design.dataset, str) else None
    low, high = info.value_range if info is not None else (-10.0, 10.0)
    rng = np.random.default_rng(design.training.seed)
    return rng.uniform(low, high, (count, *source.input_shape)).astype(np.float32), "random"


def exported_outputs(format_name: str, data: bytes, source: ExportSource, x_raw: np.ndarray) -> np.ndarray:
    """The exported model's outputs for `x_raw`, run by its engine (ImportError when missing).
    `data` is what `ExportFormat.write` has just returned for `source`: a PyTorch script is
    run from it, so it must never be bytes read from a file (see the module doc)."""
    x = np.asarray(x_raw, dtype=np.float32).reshape(len(x_raw), *source.input_shape)
    if format_name == "onnx":
        import onnxruntime

        session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
        return session.run(None, {"input": x})[0]
    if format_name == "pytorch":
        import torch  # noqa: F401 - ImportError here, before the script runs

        script: dict = {"__name__": "layerlab_exported_net"}
        exec(compile(data.decode("utf-8"), "net.py", "exec"), script)  # noqa: S102 - the text LayerLab just wrote
        net = script["Net"]()
        script["set_weights"](net, source.weights)
        net.normalisation = dict(source.normalisation)
        return script["predict_proba"](net, x)
    raise ValueError(f"no engine for the format {format_name!r}")


def compare(format_name: str, data: bytes, source: ExportSource, x_raw: np.ndarray, inputs: str = "test") -> Parity:
    """LayerLab's outputs against the exported model's, for the same raw inputs (`data` as
    for `exported_outputs`: the bytes just written, never read back)."""
    from core.export.formats import export_format

    fmt = export_format(format_name)
    engine = fmt.runs_with
    if not engine_installed(engine):
        return Parity(engine, len(x_raw), None, 0, inputs, fmt.tolerance)
    ours = source.predict(x_raw)
    theirs = exported_outputs(format_name, data, source, x_raw)
    difference = float(np.abs(ours.astype(np.float64) - theirs).max()) if len(ours) else 0.0
    same = int(np.count_nonzero(ours.argmax(axis=1) == theirs.argmax(axis=1)))
    return Parity(engine, len(x_raw), difference, same, inputs, fmt.tolerance)


__all__ = ["SAMPLES", "Parity", "engine_installed", "comparison_inputs", "exported_outputs", "compare"]
