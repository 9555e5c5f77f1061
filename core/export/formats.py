"""The export formats, one record each: the CLI's ``--to`` and the app's Export… dialog read them."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI's parser lists the formats without loading the rest
    from core.export.source import ExportSource


@dataclass(frozen=True)
class ExportFormat:
    #: the CLI's name for it (``--to onnx``)
    name: str
    #: shown to the user (English; the app translates it)
    title: str
    suffix: str
    #: the package needed to write it ("" for none) and the engine that runs it (for the parity report)
    needs: str
    runs_with: str
    #: the file's bytes for a source; `filename` is the name it will have
    render: Callable[[ExportSource, str], bytes]
    #: the largest difference from LayerLab's outputs the engine may show (float32 rounding)
    tolerance: float = 1e-5

    def write(self, source: ExportSource, path: str | os.PathLike) -> bytes:
        """Render and write atomically (core.io.atomic: a failure leaves the old file, or none);
        returns what was written."""
        from core.io.atomic import atomic_write

        data = self.render(source, Path(path).name)
        atomic_write(path, lambda f: f.write(data))
        return data


def _onnx(source: ExportSource, filename: str) -> bytes:
    from core.export.onnx_export import onnx_bytes

    return onnx_bytes(source)


def _pytorch(source: ExportSource, filename: str) -> bytes:
    from core.export.pytorch_export import render_script

    return render_script(source, filename).encode("utf-8")


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("onnx", "ONNX", ".onnx", "onnx", "onnxruntime", _onnx, 1e-5),
        ExportFormat("pytorch", "PyTorch script", ".py", "", "torch", _pytorch, 1e-4),
    )
}


def export_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name!r} (known: {', '.join(FORMATS)})") from None


__all__ = ["ExportFormat", "FORMATS", "export_format"]
