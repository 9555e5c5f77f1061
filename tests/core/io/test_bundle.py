"""The model file: round trips, and every kind of damaged or hostile file refused without running anything."""
from __future__ import annotations

import io
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from core.design import spec
from core.io import bundle
from core.io.bundle import BundleError, expected_shapes, load_bundle, save_bundle

DESIGN = {
    "format": "layerlab-design",
    "version": 1,
    "name": "tiny",
    "dataset": "xor",
    "input": {"shape": [2]},
    "layers": [
        {"type": "dense", "units": 8, "activation": "relu"},
        {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 2, "activation": "softmax"},
    ],
    "loss": "cross_entropy",
    "training": {"optimizer": {"type": "sgd", "learning_rate": 0.1}, "batch_size": 4, "epochs": 2, "seed": 0},
}
NORMALISATION = {"scale": 1 / 255, "offset": 0.0}
HISTORY = {"loss": [1.5, 0.75, 0.5], "accuracy": [0.5, 0.75, 0.9], "val_loss": [float("nan")] * 3}


@pytest.fixture
def design():
    return spec.from_dict(DESIGN)


@pytest.fixture
def weights(design):
    rng = np.random.default_rng(0)
    return {k: rng.standard_normal(s).astype(np.float32) for k, s in expected_shapes(design).items()}


@pytest.fixture
def saved(tmp_path, design, weights) -> Path:
    path = tmp_path / "model.npz"
    save_bundle(path, design=design, weights=weights, history=HISTORY, normalisation=NORMALISATION)
    return path


def members(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def write_npz(path: Path, arrays: dict[str, np.ndarray], *, allow_pickle: bool = False) -> Path:
    with open(path, "wb") as f:
        np.savez(f, allow_pickle=allow_pickle, **arrays)
    return path


def refused(path: Path, match: str) -> str:
    with pytest.raises(BundleError, match=match) as info:
        load_bundle(path)
    return str(info.value)


# --------------------------------------------------------------------------- round trip


def test_expected_shapes_follow_the_design(design):
    assert expected_shapes(design) == {
        "layers.0.W": (2, 8), "layers.0.b": (8,),
        "layers.2.W": (8, 2), "layers.2.b": (2,),
    }


def test_round_trip(saved, design, weights):
    b = load_bundle(saved)
    assert spec.to_dict(b.design) == spec.to_dict(design)
    assert b.weights.keys() == weights.keys()
    for k, w in weights.items():
        assert b.weights[k].dtype == np.float32
        np.testing.assert_array_equal(b.weights[k], w)
    assert b.history["loss"] == HISTORY["loss"] and b.history["accuracy"] == HISTORY["accuracy"]
    assert len(b.history["val_loss"]) == 3 and all(np.isnan(b.history["val_loss"]))
    assert b.normalisation == NORMALISATION
    assert b.version == bundle.NAMED_DATA_VERSION


def test_a_scheduled_run_keeps_its_schedule_and_each_epochs_learning_rate(tmp_path):
    from core.data.datasets import load_dataset
    from core.train.loop import train_design

    data = {**DESIGN, "version": 2}
    data["training"] = {**DESIGN["training"], "schedule": {"type": "step", "gamma": 0.25, "step_epochs": 1}, "epochs": 3}
    design = spec.from_dict(data)
    run = train_design(design, load_dataset("xor", seed=0), evaluate_test=False)
    path = tmp_path / "scheduled.npz"
    save_bundle(path, design=design, weights=run.model.get_weights(), history=run.result.history.as_dict(),
                normalisation=run.normalisation)
    b = load_bundle(path)
    assert b.design == design and b.design.training.schedule == spec.ScheduleSpec("step", {"gamma": 0.25, "step_epochs": 1})
    assert b.history["learning_rate"] == [0.1, 0.025, 0.00625] and b.history["loss"] == run.result.history.loss


def test_float64_weights_are_stored_and_come_back_as_the_float32_the_network_computes_in(tmp_path):
    design = spec.load(Path(__file__).resolve().parents[3] / "resources" / "examples" / "mnist_mlp.json")
    weights = {k: np.full(s, 0.25) for k, s in expected_shapes(design).items()}
    path = tmp_path / "mlp.npz"
    save_bundle(path, design=design, weights=weights, history=None, normalisation=NORMALISATION)
    b = load_bundle(path)
    assert b.history == {} and b.weights["layers.0.W"].shape == (784, 512)
    assert members(path)["weights/layers.0.W"].dtype == np.float64
    assert all(b.weights[k].dtype == np.float32 for k in weights)
    assert all((b.weights[k] == np.float32(0.25)).all() for k in weights)


def test_a_built_model_round_trips_through_a_bundle(tmp_path, design):
    from core.nn.model import build_model

    model = build_model(design, rng=np.random.default_rng(1))
    assert model.weight_shapes() == expected_shapes(design)
    path = tmp_path / "model.npz"
    save_bundle(path, design=design, weights=model.get_weights(), history=None, normalisation=NORMALISATION)
    twin = build_model(load_bundle(path).design, rng=np.random.default_rng(2))
    twin.set_weights(load_bundle(path).weights)
    x = np.random.default_rng(3).standard_normal((5, 2)).astype(np.float32)
    np.testing.assert_array_equal(twin.predict_proba(x), model.predict_proba(x))


def test_the_file_holds_only_plain_arrays(saved):
    arrays = members(saved)  # would raise if anything needed unpickling
    # a model of a named dataset is still written as version 1, which every LayerLab opens
    assert str(arrays["format"]) == bundle.FORMAT and int(arrays["version"]) == bundle.NAMED_DATA_VERSION == 1
    assert spec.loads(str(arrays["design"])).name == "tiny"
    assert arrays["weights/layers.2.W"].shape == (8, 2)
    assert all(a.dtype.kind in "fiuU" for a in arrays.values())


def test_save_refuses_weights_that_do_not_fit(tmp_path, design, weights):
    path = tmp_path / "m.npz"
    bad = dict(weights, **{"layers.0.W": np.full((2, 8), np.nan, np.float32)})
    with pytest.raises(BundleError, match="layers.0.W contains NaN"):
        save_bundle(path, design=design, weights=bad, history=None, normalisation=NORMALISATION)
    with pytest.raises(BundleError, match="normalisation has no 'offset' value"):
        save_bundle(path, design=design, weights=weights, history=None, normalisation={"scale": 1.0})
    assert not path.exists() and os.listdir(tmp_path) == []


# --------------------------------------------------------------------------- atomic writes


def test_save_leaves_no_temporary_file(saved):
    assert sorted(os.listdir(saved.parent)) == ["model.npz"]


def test_interrupted_save_keeps_the_old_file(saved, design, weights, monkeypatch):
    before = saved.read_bytes()

    def crash(f, *args, **kwargs):
        f.write(b"PK\x03\x04 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez_compressed", crash)
    new = {k: v + 1 for k, v in weights.items()}
    with pytest.raises(KeyboardInterrupt):
        save_bundle(saved, design=design, weights=new, history=None, normalisation=NORMALISATION)
    assert saved.read_bytes() == before
    assert sorted(os.listdir(saved.parent)) == ["model.npz"]
    np.testing.assert_array_equal(load_bundle(saved).weights["layers.0.W"], weights["layers.0.W"])


def test_save_replaces_an_existing_file(saved, design, weights):
    new = {k: v * 2 for k, v in weights.items()}
    save_bundle(saved, design=design, weights=new, history=None, normalisation=NORMALISATION)
    np.testing.assert_array_equal(load_bundle(saved).weights["layers.2.b"], new["layers.2.b"])
    assert sorted(os.listdir(saved.parent)) == ["model.npz"]


# --------------------------------------------------------------------------- hostile files: nothing runs


class Payload:
    """Unpickling this creates a marker file: proof that code in the file ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_the_payload_really_would_run(tmp_path):
    marker = tmp_path / "ran"
    path = write_npz(tmp_path / "evil.npz", {"x": np.array([Payload(marker)], dtype=object)}, allow_pickle=True)
    with np.load(path, allow_pickle=True) as npz:
        npz["x"]
    assert marker.exists()  # so the tests below prove something


@pytest.mark.parametrize("where", ["weights/layers.0.W", "design", "format", "extra"])
def test_pickled_object_arrays_are_refused_and_never_run(tmp_path, saved, where):
    marker = tmp_path / "ran"
    arrays = members(saved)
    arrays[where] = np.array([Payload(marker)], dtype=object)
    path = write_npz(tmp_path / "evil.npz", arrays, allow_pickle=True)
    refused(path, "unexpected array extra" if where == "extra" else "holds Python objects")  # extra: not even opened
    assert not marker.exists()


def test_a_bare_pickle_is_not_a_model_file(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps(Payload(marker)))
    refused(path, "not a LayerLab model file")
    assert not marker.exists()


def test_a_single_npy_with_a_pickle_is_not_a_model_file(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.npz"
    with open(path, "wb") as f:
        np.save(f, np.array([Payload(marker)], dtype=object), allow_pickle=True)
    refused(path, "not a LayerLab model file")
    assert not marker.exists()


# --------------------------------------------------------------------------- damaged files


def test_truncated_file(saved):
    data = saved.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 30):
        saved.write_bytes(data[:cut])
        refused(saved, "damaged or truncated")


def test_corrupted_bytes_inside(saved):
    data = bytearray(saved.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    saved.write_bytes(bytes(data))
    refused(saved, "damaged")


@pytest.mark.parametrize("content", [b"", b"hello, world\n" * 20, bytes(range(256)) * 4], ids=["empty", "text", "binary"])
def test_garbage_is_not_a_model_file(tmp_path, content):
    path = tmp_path / "garbage.npz"
    path.write_bytes(content)
    refused(path, "this is not a LayerLab model file")


def test_missing_file_and_folder(tmp_path):
    refused(tmp_path / "nope.npz", "cannot read")
    refused(tmp_path, "folder|cannot read")


def test_some_other_npz_is_not_a_model_file(tmp_path):
    path = write_npz(tmp_path / "other.npz", {"a": np.zeros(3), "b": np.ones((2, 2))})
    refused(path, "not a LayerLab model file")


def test_wrong_format_marker(tmp_path, saved):
    arrays = members(saved)
    arrays["format"] = np.array("layerlab-design")
    refused(write_npz(tmp_path / "m.npz", arrays), "not a LayerLab model file .*format marker")


def test_newer_version_is_refused(tmp_path, saved):
    arrays = members(saved)
    arrays["version"] = np.array(bundle.VERSION + 1)
    refused(write_npz(tmp_path / "m.npz", arrays), "version 2.*update LayerLab")


def test_invalid_design_inside(tmp_path, saved):
    arrays = members(saved)
    arrays["design"] = np.array(str(arrays["design"]).replace('"units": 8', '"units": -3'))
    refused(write_npz(tmp_path / "m.npz", arrays), r"design stored in the model file is invalid: layers\[0\].units")


def test_missing_array(tmp_path, saved):
    arrays = members(saved)
    del arrays["weights/layers.2.b"]
    refused(write_npz(tmp_path / "m.npz", arrays), r"array layers.2.b is missing \(the design's layer 3 needs it\)")  # counted as the designer counts


def test_wrong_shape(tmp_path, saved):
    arrays = members(saved)
    arrays["weights/layers.2.W"] = np.zeros((10, 2), np.float32)
    message = refused(write_npz(tmp_path / "m.npz", arrays), "shape")
    assert message.endswith("array layers.2.W has shape (10, 2) but the design needs (8, 2)")


def test_extra_array(tmp_path, saved):
    arrays = members(saved)
    arrays["weights/layers.1.W"] = np.zeros((8, 8), np.float32)
    refused(write_npz(tmp_path / "m.npz", arrays), "unexpected array layers.1.W")
    arrays = members(saved)
    arrays["surprise"] = np.zeros(3)
    refused(write_npz(tmp_path / "m.npz", arrays), "unexpected array surprise")


def test_nan_and_infinite_weights(tmp_path, saved):
    for bad in (np.nan, np.inf):
        arrays = members(saved)
        arrays["weights/layers.0.b"] = arrays["weights/layers.0.b"].copy()
        arrays["weights/layers.0.b"][3] = bad
        refused(write_npz(tmp_path / "m.npz", arrays), "array layers.0.b contains NaN or infinite values")


def test_integer_weights(tmp_path, saved):
    arrays = members(saved)
    arrays["weights/layers.0.W"] = arrays["weights/layers.0.W"].astype(np.int32)
    refused(write_npz(tmp_path / "m.npz", arrays), "layers.0.W holds int32 values")


def test_a_header_claiming_a_huge_array_is_refused_before_allocating(tmp_path, saved):
    arrays = members(saved)
    path = write_npz(tmp_path / "m.npz", arrays)
    # rewrite one member's .npy header to claim 10^12 floats while holding 32
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<f4", "fortran_order": False, "shape": (1_000_000, 1_000_000)})
    fake = buf.getvalue() + np.zeros(32, np.float32).tobytes()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / "huge.npz", "w") as dst:
        for info in src.infolist():
            data = fake if info.filename == "weights/layers.0.W.npy" else src.read(info)
            dst.writestr(info.filename, data)
    refused(tmp_path / "huge.npz", "shorter than its header|shape")


def test_zip_bomb_is_refused_unread(tmp_path, saved, monkeypatch):
    arrays = members(saved)
    arrays["history/loss"] = np.zeros(200_000)  # 1.6 MB of zeros, a few KB compressed
    path = tmp_path / "bomb.npz"
    with open(path, "wb") as f:
        np.savez_compressed(f, **arrays)
    assert path.stat().st_size < 100_000
    refused(path, "history loss has 200,000 values, more than this model can have recorded \\(10,000\\)")
    monkeypatch.setattr(bundle, "MAX_EPOCHS_RECORDED", 100)  # the budget before the design is read
    monkeypatch.setattr(bundle, "MAX_BATCH_HISTORY", 100)
    refused(path, r"array history/loss claims [\d,]+ bytes, far more than any model needs")


def test_an_npy_header_that_python_cannot_parse_is_refused_naming_the_array(tmp_path):
    """NumPy reads a header with ast.literal_eval: an unbalanced one raised tokenize's
    TokenError, which is not a ValueError (found by the hypothesis test of damaged files)."""
    import struct
    import zipfile

    header = b"{'descr': '<U14', 'fortran_order': False, 'shape': ("
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    member = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + b"x" * 56
    path = tmp_path / "broken.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("format.npy", member)
    with pytest.raises(BundleError, match="format") as info:
        load_bundle(path)
    assert info.value.code == "damaged_header"


def test_a_model_file_is_told_from_a_design_by_its_name_or_its_first_bytes(tmp_path):
    import os

    from core.io.bundle import is_model_file

    model = tmp_path / "model.bin"
    model.write_bytes(b"PK\x03\x04rest")
    design = tmp_path / "design.txt"
    design.write_text("{}")
    assert is_model_file(tmp_path / "any.npz") and not is_model_file(tmp_path / "any.json")
    assert is_model_file(model) and not is_model_file(design)
    fifo = tmp_path / "pipe.bin"
    os.mkfifo(fifo)
    assert not is_model_file(fifo)  # not opened: reading a FIFO would wait for ever
