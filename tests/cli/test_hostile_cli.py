"""The command line against hostile and broken inputs (issue 11): real processes, files the
tests make. Every input gets one `error:` line (no usage block, no traceback) or a
correct, finite answer in strict JSON; nothing is written outside the intended file."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.design import spec
from core.io.bundle import expected_shapes, save_bundle

ROOT = Path(__file__).resolve().parents[2]
SPIRALS = ROOT / "resources" / "examples" / "spirals.json"
MODEL = ROOT / "resources" / "models" / "mnist_mlp.npz"
HAS_FIFO = hasattr(os, "mkfifo")


def cli(*args, timeout=120, **kw):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=timeout, **kw)


def one_error_line(proc, code=2) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "usage:" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def strict_json(text: str):
    def no_constants(name):
        raise AssertionError(f"not strict JSON: {name}")

    return json.loads(text, parse_constant=no_constants)


# --------------------------------------------------------------------------- 12. arguments


@pytest.mark.parametrize("args, words", [
    (("train", SPIRALS, "--epochs", "abc"), "argument --epochs: must be a whole number from 1 to 10,000, got 'abc'"),
    (("train", SPIRALS, "--epochs", "9223372036854775808"), "must be a whole number from 1 to 10,000, got '9223372036854775808'"),
    (("train", SPIRALS, "--epochs", "0"), "must be a whole number from 1 to 10,000"),
    (("train", SPIRALS, "--epochs", "10001"), "must be a whole number from 1 to 10,000"),
    (("train", SPIRALS, "--frobnicate"), "unrecognized arguments: --frobnicate"),
    (("evaluate",), "the following arguments are required: MODEL.npz"),
    (("fly", "x"), "invalid choice: 'fly'"),
    (("train", SPIRALS, "--out", ""), "argument --out: the file name is empty"),
])
def test_bad_arguments_give_one_error_line_and_no_usage_block(args, words):
    line = one_error_line(cli(*args))
    assert words in line and "--help" in line


def test_help_still_works():
    proc = cli("train", "--help")
    assert proc.returncode == 0 and "--epochs" in proc.stdout


# --------------------------------------------------------------------------- 8. --out is checked before training


def _fifo(tmp_path):
    path = tmp_path / "m.npz"
    os.mkfifo(path)
    return path


def _symlink(tmp_path):
    (tmp_path / "precious.txt").write_text("keep")
    path = tmp_path / "m.npz"
    path.symlink_to(tmp_path / "precious.txt")
    return path


@pytest.mark.skipif(not HAS_FIFO, reason="needs FIFOs, devices and symbolic links")
@pytest.mark.parametrize("make, words", [
    (_fifo, "not a regular file"),
    (lambda tmp_path: Path("/dev/null"), "not a regular file"),
    (lambda tmp_path: tmp_path, "is a folder"),
    (_symlink, "symbolic link"),
    (lambda tmp_path: tmp_path / "missing" / "m.npz", "no such folder"),
], ids=["fifo", "device", "folder", "symlink", "missing folder"])
def test_out_that_is_not_a_regular_file_is_refused_before_training(tmp_path, make, words):
    target = make(tmp_path)
    before = sorted(os.listdir(tmp_path))
    start = time.monotonic()
    proc = cli("train", SPIRALS, "--epochs", "10000", "--out", target, "--json")
    line = one_error_line(proc)
    assert time.monotonic() - start < 20  # 10,000 epochs would take minutes: it never started
    assert proc.stdout == "" and words in line and "--out" in line
    assert sorted(os.listdir(tmp_path)) == before
    if target.name == "m.npz" and target.is_symlink():
        assert (tmp_path / "precious.txt").read_text() == "keep"


# --------------------------------------------------------------------------- 9. paths that are not files


@pytest.mark.skipif(not HAS_FIFO, reason="needs FIFOs and /dev")
@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom", "fifo"])
@pytest.mark.parametrize("command", ["check", "evaluate", "predict"])
def test_paths_that_are_not_files_are_refused_at_once(tmp_path, path, command):
    if path == "fifo":
        path = tmp_path / "thing"
        os.mkfifo(path)
    args = {"check": ("check", path), "evaluate": ("evaluate", path), "predict": ("predict", MODEL, path)}[command]
    start = time.monotonic()
    line = one_error_line(cli(*args, timeout=30))
    assert time.monotonic() - start < 10
    assert str(path) in line and ("device" in line or "pipe" in line)


# --------------------------------------------------------------------------- 5. answers are finite, JSON strict, scores not probabilities


def _model(tmp_path, *, activation="softmax", loss="cross_entropy", scale=1 / 255) -> Path:
    design = spec.from_dict({
        "format": "layerlab-design", "version": 1, "name": "small", "dataset": "mnist", "input": {"shape": [784]},
        "layers": [{"type": "dense", "units": 16, "activation": "relu"}, {"type": "dense", "units": 10, "activation": activation}],
        "loss": loss,
    })
    rng = np.random.default_rng(0)
    weights = {k: (rng.standard_normal(s) * 0.1).astype(np.float32) for k, s in expected_shapes(design).items()}
    path = tmp_path / f"{activation}.npz"
    save_bundle(path, design=design, weights=weights, history={"loss": [1.0]}, normalisation={"scale": scale, "offset": 0.0})
    return path


@pytest.fixture
def digit(tmp_path, datasets_dir):
    from PIL import Image

    from core.data.idx import read_idx

    x = read_idx(datasets_dir / "mnist" / "t10k-images-idx3-ubyte.gz")[0]
    path = tmp_path / "digit.png"
    Image.fromarray(x).save(path)
    return path


def test_predict_json_is_strict_and_probabilities_sum_to_one(tmp_path, digit):
    proc = cli("predict", _model(tmp_path), digit, "--json")
    assert proc.returncode == 0, proc.stderr
    out = strict_json(proc.stdout)
    assert set(out) == {"label", "name", "probabilities"} and abs(sum(out["probabilities"]) - 1) < 1e-4


def test_a_model_without_softmax_gives_scores_not_probabilities(tmp_path, digit):
    model = _model(tmp_path, activation="none", loss="mse")
    proc = cli("predict", model, digit, "--json")
    assert proc.returncode == 0, proc.stderr
    out = strict_json(proc.stdout)
    assert set(out) == {"label", "name", "scores"} and len(out["scores"]) == 10
    assert out["label"] == int(np.argmax(out["scores"]))
    text = cli("predict", model, digit)
    assert "scores, not probabilities" in text.stdout and "%" not in text.stdout


def test_evaluate_json_is_strict(tmp_path, datasets_dir):
    proc = cli("evaluate", _model(tmp_path), "--data-dir", datasets_dir, "--json")
    assert proc.returncode == 0, proc.stderr
    out = strict_json(proc.stdout)
    assert 0 <= out["accuracy"] <= 1 and np.isfinite(out["loss"]) and out["samples"] == 10_000


# --------------------------------------------------------------------------- 11. signals


def _popen(*args):
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("delay", [0.1, 0.3, 1.0])
def test_ctrl_c_at_any_moment_of_a_run_gives_exit_code_130_and_one_line(delay):
    # Ctrl+C while Python itself starts is Python's own business, so the delay counts from
    # when a bare interpreter would be up: on a busy machine that alone can take 0.1 s
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    python_start = time.perf_counter() - started
    proc = _popen("train", SPIRALS, "--epochs", "10000", "--json")
    time.sleep(python_start + delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.splitlines() == ["error: interrupted"]


SWALLOWED_INTERRUPT = """
import os, signal, sys, weakref
from core.cli import signals
signals.install()

class Thing:
    pass

thing = Thing()
# a Ctrl+C that lands in a callback Python runs for itself (as the import machinery's
# are; the handler runs there as if the signal came then): Python cannot raise it there,
# and would print "Exception ignored"
keep = weakref.ref(thing, lambda ref: signals._on_sigint(signal.SIGINT, None))
del thing
try:
    signals.check()
except KeyboardInterrupt:
    print("raised again where it is safe")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_ctrl_c_python_swallowed_is_raised_again_and_not_reported_twice():
    proc = subprocess.run([sys.executable, "-c", SWALLOWED_INTERRUPT], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == "raised again where it is safe", proc.stderr
    assert proc.stderr == ""


SAVE_INTERRUPTED = """
import os, signal, sys, time
import numpy as np
real = np.savez_compressed

def interrupted(f, *args, **kwargs):
    f.write(b"PK\\x03\\x04" + b"half a model " * 100_000)
    f.flush()
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))  # as if `kill` arrived now, mid-write
    time.sleep(30)

np.savez_compressed = interrupted
from core.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("name, code", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130)])
def test_a_signal_mid_save_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, name, code):
    out = tmp_path / "m.npz"
    out.write_bytes(b"the old model")
    proc = subprocess.run([sys.executable, "-c", SAVE_INTERRUPTED, name, "train", str(SPIRALS), "--epochs", "2", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == code, proc.stderr
    assert proc.stderr.splitlines()[-1] == ("error: interrupted" if name == "SIGINT" else f"error: stopped by {name}")
    assert "Traceback" not in proc.stderr
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]
    assert out.read_bytes() == b"the old model"


# --------------------------------------------------------------------------- 7. downloads, through the CLI


def test_a_flooding_mirror_gives_one_error_line_and_keeps_nothing(tmp_path):
    import http.server

    from tests.local_mirror import serving

    class Flood(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b"\0" * 65536)
            except OSError:
                pass

    with serving(Flood) as url:
        env = {**os.environ, "LAYERLAB_MIRROR": url, "LAYERLAB_DATA_HOME": str(tmp_path / "home")}
        proc = cli("train", ROOT / "resources/examples/mnist_mlp.json", "--download", "--data-dir", tmp_path / "none", env=env)
    line = one_error_line(proc)
    assert "sent more than 8,638 bytes, more than the file has" in line
    folder = tmp_path / "home" / "datasets" / "mnist"
    assert not folder.exists() or list(folder.iterdir()) == []


# --------------------------------------------------------------------------- 10. what could not be saved is refused before training


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(translations={f"l{chr(97 + i // 26)}{chr(97 + i % 26)}": {"name": "x"} for i in range(51)}),
     "translations: must hold at most 50 languages, got 51"),
    (lambda d: d.update(layers=[{"type": "dense", "units": 16_000, "activation": "relu"}, {"type": "dense", "units": 10, "activation": "softmax"}]),
     "more than the 10,000,000 LayerLab can train and save"),
], ids=["translations", "weights"])
def test_a_design_whose_model_could_not_be_saved_is_refused_before_training(tmp_path, change, words):
    d = json.loads((ROOT / "resources/examples/mnist_mlp.json").read_text())
    change(d)
    path = tmp_path / "d.json"
    path.write_text(json.dumps(d))
    proc = cli("train", path, "--out", tmp_path / "m.npz", "--json")
    assert words in one_error_line(proc) and proc.stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["d.json"]
