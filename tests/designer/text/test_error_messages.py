"""BundleError and DigitError in the user's language: every code, met with a real broken file,
reads exactly as the core's English in English and is translated in Japanese."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.data import digits, pictures
from core.data.digits import DigitError, load_image
from core.design import spec
from core.io import bundle
from core.io.bundle import BundleError, expected_shapes, load_bundle, save_bundle
from designer.text.messages import (
    BUNDLE_TEMPLATES,
    DIGIT_TEMPLATES,
    bundle_error_text,
    digit_error_text,
)

DESIGN = {
    "format": "layerlab-design",
    "version": 1,
    "name": "tiny",
    "dataset": "xor",
    "input": {"shape": [2]},
    "layers": [
        {"type": "dense", "units": 8, "activation": "relu"},
        {"type": "dense", "units": 2, "activation": "softmax"},
    ],
    "loss": "cross_entropy",
    "training": {"optimizer": {"type": "sgd", "learning_rate": 0.1}, "batch_size": 4, "epochs": 2, "seed": 0},
}


def _saved(tmp_path: Path) -> Path:
    design = spec.from_dict(DESIGN)
    rng = np.random.default_rng(0)
    weights = {k: rng.standard_normal(s).astype(np.float32) for k, s in expected_shapes(design).items()}
    path = tmp_path / "good.npz"
    save_bundle(path, design=design, weights=weights, history={"loss": [1.0, 0.5]}, normalisation={"scale": 1.0, "offset": 0.0})
    return path


def _members(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def _npz(tmp_path: Path, change, *, allow_pickle: bool = False) -> Path:
    arrays = _members(_saved(tmp_path))
    change(arrays)
    path = tmp_path / "broken.npz"
    with open(path, "wb") as f:
        np.savez(f, allow_pickle=allow_pickle, **arrays)
    return path


def _set(key, value):
    def change(arrays):
        arrays[key] = value(arrays) if callable(value) else value

    return change


def _del(key):
    return lambda arrays: arrays.pop(key)


def _nan(arrays):
    arrays["weights/layers.0.b"] = arrays["weights/layers.0.b"].copy()
    arrays["weights/layers.0.b"][1] = np.nan


def _truncated(tmp_path):
    path = _saved(tmp_path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def _short_array(tmp_path):
    import io
    import zipfile

    src_path = _saved(tmp_path)
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<f4", "fortran_order": False, "shape": (1000, 1000)})
    fake = buf.getvalue() + np.zeros(32, np.float32).tobytes()
    path = tmp_path / "short.npz"
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, fake if info.filename == "weights/layers.0.W.npy" else src.read(info))
    return path


def _unparsable_header(tmp_path):
    import struct
    import zipfile

    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': ("  # unbalanced: Python cannot parse it
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    fake = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header
    src_path = _saved(tmp_path)
    path = tmp_path / "header.npz"
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, fake if info.filename == "weights/layers.0.W.npy" else src.read(info))
    return path


def _garbage(tmp_path):
    path = tmp_path / "garbage.npz"
    path.write_bytes(b"hello, world\n" * 20)
    return path


def _other_npz(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, a=np.zeros(3))
    return path


def _too_big(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "MAX_FILE_BYTES", 10)
    return _saved(tmp_path)


def _hostile(name, design=None, **kw):
    from tests.core.io.test_hostile_bundles import arrays_for, small_mnist_design, write

    return lambda tmp_path, mp: write(tmp_path / f"{name}.npz", arrays_for(design or small_mnist_design(), **kw))


def _zip_patch(field: int, value):
    """The good model with one central-directory field of its first weights member changed."""
    def make(tmp_path, mp):
        from tests.core.io.test_hostile_bundles import _central_entry, _patched

        path = _saved(tmp_path)
        entry = _central_entry(path.read_bytes(), "weights/layers.0.W.npy")
        old = struct.unpack("<H", path.read_bytes()[entry + field : entry + field + 2])[0]
        return _patched(path, entry + field, struct.pack("<H", value(old)))

    return make


def _device(tmp_path, mp):
    return Path("/dev/zero")


def _too_much(tmp_path, mp):
    mp.setattr(bundle, "MAX_TOTAL_BYTES", 1000)
    return _saved(tmp_path)


def _own_model(tmp_path, example="penguins") -> Path:
    """A model of the user's own data (an example's, trained one epoch)."""
    from core.data.datasets import fit_to_data, load_dataset
    from core.train.loop import train_design

    design = spec.load(Path(__file__).resolve().parents[3] / "resources" / "examples" / f"{example}.json")
    data = load_dataset(design.dataset)
    design = fit_to_data(design, data)
    run = train_design(design, data, epochs=1)
    path = tmp_path / f"{example}.npz"
    save_bundle(path, design=design, weights=run.model.get_weights(), normalisation=run.normalisation)
    return path


def _own(change, example="penguins"):
    def make(tmp_path, mp):
        arrays = _members(_own_model(tmp_path, example))
        change(arrays)
        path = tmp_path / "broken.npz"
        with open(path, "wb") as f:
            np.savez(f, **arrays)
        return path

    return make


def _design_json(change):
    import json

    def edit(arrays):
        data = json.loads(str(arrays["design"]))
        change(data)
        arrays["design"] = np.array(json.dumps(data))

    return edit


BROKEN_MODELS = {
    "no_data_entry": _own(_del("data/class_names")),
    "no_table_entry": _own(_del("data/columns")),
    "bad_data_names": _own(_set("data/class_names", np.array(["x" * 300] * 3))),
    "bad_data_counts": _own(_set("data/category_counts", np.array([3.0, 0, 0, 0, 0, 2]))),
    "table_mismatch": _own(_set("data/category_counts", np.array([3, 0, 0, 0, 0, 3]))),
    "table_width": _own(_design_json(lambda d: d["input"].update(shape=[10]))),
    "input_misfit": _own(_design_json(lambda d: d["dataset"].update(size=[9, 9])), "uci_digits_mlp"),
    "normalisation_shape": _own(_set("normalisation/scale", np.ones(8))),

    "not_regular": _device,
    "damaged_member": _zip_patch(6, lambda old: 119),  # zip version 11.9
    "encrypted_member": _zip_patch(8, lambda old: old | 1),
    "compression_method": _zip_patch(10, lambda old: 99),
    "unexpected_member": lambda tmp_path, mp: _npz(tmp_path, _set("extra/thing", np.zeros(3))),
    "member_too_large": _hostile("big", history={"loss": np.zeros(2_000_000)}),
    "too_much_data": _too_much,
    "too_many_members": _hostile("members", history={f"h{i}": np.zeros(2) for i in range(300)}),
    "too_many_series": _hostile("series", history={f"h{i}": np.zeros(2) for i in range(20)}),
    "history_too_long": _hostile("long", history={"loss": np.zeros(20_000)}),
    "history_ragged": _hostile("ragged", history={"loss": np.zeros(3), "accuracy": np.zeros(2)}),
    "untrainable_design": lambda tmp_path, mp: _npz(tmp_path, _set("design", lambda a: np.array(str(a["design"]).replace('"units": 2', '"units": 3')))),
    "too_large_values": _hostile("e300", weights={"layers.0.W": np.where(np.eye(784, 16) > 0, 1e300, 0.0)}),
    "bad_normalisation": _hostile("scale", normalisation={"scale": 1e300, "offset": 0.0}),
    "zero_scale": _hostile("zero", normalisation={"scale": 0.0, "offset": 0.0}),
    "outputs_not_finite": _hostile("e38", weights={"layers.0.W": np.full((784, 16), 3e38, np.float32)}),

    "folder": lambda tmp_path, mp: tmp_path,
    "cannot_read": lambda tmp_path, mp: tmp_path / "missing.npz",
    "file_too_large": _too_big,
    "not_npz": lambda tmp_path, mp: _garbage(tmp_path),
    "damaged": lambda tmp_path, mp: _truncated(tmp_path),
    "pickled": lambda tmp_path, mp: _npz(tmp_path, _set("weights/layers.0.W", np.array([object()], dtype=object)), allow_pickle=True),
    "short_array": lambda tmp_path, mp: _short_array(tmp_path),
    "damaged_header": lambda tmp_path, mp: _unparsable_header(tmp_path),
    "no_entry": lambda tmp_path, mp: _other_npz(tmp_path),
    "format_marker": lambda tmp_path, mp: _npz(tmp_path, _set("format", np.array("layerlab-design"))),
    "newer_version": lambda tmp_path, mp: _npz(tmp_path, _set("version", np.array(bundle.VERSION + 1))),
    "invalid_design": lambda tmp_path, mp: _npz(tmp_path, _set("design", lambda a: np.array(str(a["design"]).replace('"units": 8', '"units": -3')))),
    "unexpected_array": lambda tmp_path, mp: _npz(tmp_path, _set("weights/layers.5.W", np.zeros((8, 8), np.float32))),
    "wrong_dtype": lambda tmp_path, mp: _npz(tmp_path, _set("weights/layers.0.W", lambda a: a["weights/layers.0.W"].astype(np.int32))),
    "wrong_shape": lambda tmp_path, mp: _npz(tmp_path, _set("weights/layers.1.W", np.zeros((10, 3), np.float32))),
    "missing_array": lambda tmp_path, mp: _npz(tmp_path, _del("weights/layers.1.b")),
    "not_finite": lambda tmp_path, mp: _npz(tmp_path, _nan),
}


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims width x height grey pixels (and holds none)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IEND", b"")


def _picture(tmp_path, name="good.png"):
    path = tmp_path / name
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (64, 64), dtype=np.uint8)).save(path)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _out_of_memory(tmp_path, monkeypatch):
    def no_memory(im):
        raise MemoryError

    monkeypatch.setattr(pictures, "grey_array", no_memory)
    return _picture(tmp_path)


def _big_file(tmp_path, monkeypatch):
    monkeypatch.setattr(digits, "MAX_FILE_BYTES", 10)
    return _picture(tmp_path)


BROKEN_PICTURES = {
    "not_regular": lambda tmp_path, mp: Path("/dev/zero"),
    "cannot_read": lambda tmp_path, mp: tmp_path / "missing.png",
    "folder": lambda tmp_path, mp: tmp_path,
    "file_too_large": _big_file,
    "too_many_pixels": lambda tmp_path, mp: _write(tmp_path / "wide.png", _png_header(8000, 6000)),
    "out_of_memory": _out_of_memory,
    "too_large": lambda tmp_path, mp: _write(tmp_path / "bomb.png", _png_header(30000, 30000)),
    "not_image": lambda tmp_path, mp: _write(tmp_path / "notes.png", b"not a picture"),
    "damaged": lambda tmp_path, mp: _write(tmp_path / "cut.png", _picture(tmp_path).read_bytes()[:200]),
}


def test_every_code_has_a_broken_file():
    assert set(BROKEN_MODELS) == set(BUNDLE_TEMPLATES)
    assert set(BROKEN_PICTURES) == set(DIGIT_TEMPLATES)


def _model_error(code, tmp_path, monkeypatch) -> BundleError:
    with pytest.raises(BundleError) as info:
        load_bundle(BROKEN_MODELS[code](tmp_path, monkeypatch))
    assert info.value.code == code, str(info.value)
    return info.value


def _picture_error(code, tmp_path, monkeypatch) -> DigitError:
    with pytest.raises(DigitError) as info:
        load_image(BROKEN_PICTURES[code](tmp_path, monkeypatch))
    assert info.value.code == code, str(info.value)
    return info.value


def _words(text: str, error) -> str:
    """The text without the file's path (which is the user's own and not translated)."""
    return text.replace(error.params.get("path", ""), "")


def _assert_japanese(text: str, error) -> None:
    words = _words(text, error)
    assert text != str(error)
    assert text.startswith(error.params["path"] + ": ")
    for english in ("must", "cannot", "not a"):
        assert english not in words, words


@pytest.mark.parametrize("code", sorted(BROKEN_MODELS))
def test_model_errors_in_english_are_the_core_message(qapp, code, tmp_path, monkeypatch):
    from designer.text.messages import field_for_people

    error = _model_error(code, tmp_path, monkeypatch)
    expected = str(error)
    problem = error.params.get("problem")
    if problem is not None and problem.path:  # a layer is named as the Design page names it
        expected = expected.replace(f"{problem.path}: ", f"{field_for_people(problem.path)}: ")
    assert bundle_error_text(error) == expected


@pytest.mark.parametrize("code", sorted(BROKEN_MODELS))
def test_model_errors_in_japanese(japanese, code, tmp_path, monkeypatch):
    error = _model_error(code, tmp_path, monkeypatch)
    _assert_japanese(bundle_error_text(error), error)


def test_an_invalid_design_inside_a_model_is_worded_like_the_design_file(japanese, tmp_path, monkeypatch):
    from designer.text.messages import spec_problem_text

    error = _model_error("invalid_design", tmp_path, monkeypatch)
    assert isinstance(error.params["problem"], spec.Problem)
    assert bundle_error_text(error).endswith(spec_problem_text(error.params["problem"]))


@pytest.mark.parametrize("code", sorted(BROKEN_PICTURES))
def test_picture_errors_in_english_are_the_core_message(qapp, code, tmp_path, monkeypatch):
    error = _picture_error(code, tmp_path, monkeypatch)
    assert digit_error_text(error) == str(error)


@pytest.mark.parametrize("code", sorted(BROKEN_PICTURES))
def test_picture_errors_in_japanese(japanese, code, tmp_path, monkeypatch):
    error = _picture_error(code, tmp_path, monkeypatch)
    _assert_japanese(digit_error_text(error), error)


def test_errors_without_a_code_are_their_english(japanese):
    assert bundle_error_text(BundleError("m.npz: something rare")) == "m.npz: something rare"
    assert digit_error_text(DigitError("x.png: something rare")) == "x.png: something rare"
    assert bundle_error_text(BundleError("m.npz: odd", "no_such_code", {"path": "m.npz"})) == "m.npz: odd"


def test_opening_a_broken_model_says_why_in_japanese(japanese, tmp_path):
    from designer.document.files import FileError, open_file

    path = _garbage(tmp_path)
    with pytest.raises(FileError) as info:
        open_file(path)
    assert "LayerLab のモデルファイルではありません" in str(info.value)
