"""`main.py export` as a user runs it: files written, problems refused in one line, before any work."""
from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path


from core.cli.main import main
from tests.cli.test_cli import ROOT, cli, one_error_line
from tests.engines import onnxruntime  # noqa: F401 - fixture
from tests.scale_layer import scale_type  # noqa: F401 - fixture

MODEL = ROOT / "resources" / "models" / "mnist_mlp.npz"
CNN = ROOT / "resources" / "examples" / "mnist_cnn.json"


def test_a_model_becomes_an_onnx_file_and_a_design_a_script(tmp_path, onnxruntime):
    import onnx

    proc = cli("export", MODEL, "--to", "onnx", "--out", tmp_path / "mlp.onnx")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (f"wrote {tmp_path / 'mlp.onnx'}: input 'input' float32 N×784, raw values as the dataset stores "
                                   "them; output 'probabilities' N×10: probabilities")
    model = onnx.load(tmp_path / "mlp.onnx")
    onnx.checker.check_model(model, full_check=True)
    assert {p.key for p in model.metadata_props} >= {"layerlab.design", "layerlab.class_names"}

    proc = cli("export", CNN, "--to", "pytorch", "--out", tmp_path / "cnn.py")
    assert proc.returncode == 0, proc.stderr
    assert "(untrained: the design's starting weights): python cnn.py --data-dir DIR trains it" in proc.stdout
    text = (tmp_path / "cnn.py").read_text(encoding="utf-8")
    assert "python cnn.py --data-dir DIR" in text and "class Net(nn.Module):" in text


def test_a_design_with_problems_is_refused_with_the_checks_message(tmp_path):
    doc = json.loads(CNN.read_text(encoding="utf-8"))
    del doc["layers"][4]  # the Flatten
    design = tmp_path / "no_flatten.json"
    design.write_text(json.dumps(doc), encoding="utf-8")
    for to in ("onnx", "pytorch"):
        line = one_error_line(cli("export", design, "--to", to, "--out", tmp_path / "out"))
        assert line.startswith(f"error: {design}: cannot export this design: layers[5]: A Dense layer takes a flat row of numbers")
        assert "Insert a Flatten layer before it" in line
    assert not (tmp_path / "out").exists()


def test_a_bad_out_is_refused_before_anything_is_read(tmp_path):
    missing_model = tmp_path / "missing.npz"  # would be an error too, but --out is looked at first
    assert error_line("export", missing_model, "--to", "onnx", "--out", tmp_path) == f"error: --out {tmp_path}: is a folder"
    assert error_line("export", missing_model, "--to", "onnx", "--out", tmp_path / "no" / "x.onnx") == \
        f"error: --out {tmp_path / 'no'}: no such folder"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert error_line("export", missing_model, "--to", "pytorch", "--out", fifo).startswith(f"error: --out {fifo}: is not a regular file")
    link = tmp_path / "link.onnx"
    link.symlink_to(tmp_path / "elsewhere.onnx")
    assert "is a symbolic link" in error_line("export", MODEL, "--to", "onnx", "--out", link)
    assert not (tmp_path / "elsewhere.onnx").exists()


def test_broken_sources_and_formats_are_one_line(tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"PK\x03\x04 not a zip at all")
    assert error_line("export", broken, "--to", "onnx", "--out", tmp_path / "x.onnx").startswith(f"error: {broken}: the file is damaged or truncated")
    assert "invalid choice: 'keras'" in error_line("export", MODEL, "--to", "keras", "--out", tmp_path / "x")
    assert "the following arguments are required: --to" in error_line("export", MODEL, "--out", tmp_path / "x")
    assert not list(tmp_path.glob("x*"))


def in_process(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(map(str, args)))
    return code, out.getvalue(), err.getvalue()


def error_line(*args) -> str:
    """The one line a refused command prints (run in this process: the real-process runs are above)."""
    code, out, err = in_process(*args)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("error: ")
    return err.rstrip("\n")


def test_a_layer_type_without_an_export_mapping_is_refused_by_name(scale_type, tmp_path):
    design = tmp_path / "scaled.json"
    design.write_text(json.dumps({
        "format": "layerlab-design", "version": 1, "name": "scaled", "dataset": "xor", "input": {"shape": [2]},
        "layers": [{"type": "dense", "units": 8, "activation": "tanh"}, {"type": "scale", "start": 0.5},
                   {"type": "dense", "units": 2, "activation": "softmax"}],
    }), encoding="utf-8")
    for to, target in (("onnx", "ONNX"), ("pytorch", "PyTorch")):
        code, out, err = in_process("export", design, "--to", to, "--out", tmp_path / "x")
        assert (code, out) == (2, "")
        assert err == f"error: {design}: the layer type 'scale' has no {target} mapping yet, so this network cannot be exported to {target}\n"
    assert not Path(tmp_path / "x").exists()
