"""Model files made by an attacker (issue 11): members that cost gigabytes, damaged zips,
stored designs that cannot run, numbers that break the maths. Each is refused with one
BundleError that says what is wrong, before anything large is decompressed."""
from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from core.design import spec
from core.io import bundle
from core.io.bundle import BundleError, expected_shapes, load_bundle, save_bundle

ROOT = Path(__file__).resolve().parents[3]
MNIST_MLP = spec.load(ROOT / "resources" / "examples" / "mnist_mlp.json")
NORMALISATION = {"scale": 1 / 255, "offset": 0.0}


def small_mnist_design(**changes) -> dict:
    """A small trainable MNIST design as a dict, with `changes` applied on top."""
    d = {
        "format": "layerlab-design", "version": 1, "name": "small", "dataset": "mnist",
        "input": {"shape": [784]},
        "layers": [{"type": "dense", "units": 16, "activation": "relu"}, {"type": "dense", "units": 10, "activation": "softmax"}],
        "loss": "cross_entropy",
        "training": {"optimizer": {"type": "adam", "learning_rate": 0.001}, "batch_size": 128, "epochs": 2, "seed": 0},
    }
    d.update(changes)
    return d


def arrays_for(design: dict, *, weights=None, history=None, normalisation=None, dtype=np.float32) -> dict[str, np.ndarray]:
    """The members of a model file for `design`, written as an attacker would (no checks)."""
    parsed = spec.from_dict(design)
    rng = np.random.default_rng(0)
    try:
        shapes = expected_shapes(parsed)
    except BundleError:
        shapes = {}
    arrays = {"format": np.array(bundle.FORMAT), "version": np.array(1, dtype=np.int64), "design": np.array(json.dumps(design))}
    for key, shape in shapes.items():
        arrays[f"weights/{key}"] = (rng.standard_normal(shape) * 0.05).astype(dtype)
    for key, value in (weights or {}).items():
        arrays[f"weights/{key}"] = value
    for key, value in (history if history is not None else {"loss": [1.0, 0.5]}).items():
        arrays[f"history/{key}"] = np.asarray(value, dtype=np.float64)
    for key, value in (normalisation or NORMALISATION).items():
        arrays[f"normalisation/{key}"] = np.array(value, dtype=np.float64)
    return arrays


def write(path: Path, arrays: dict[str, np.ndarray], *, compressed: bool = True) -> Path:
    with open(path, "wb") as f:
        (np.savez_compressed if compressed else np.savez)(f, **arrays)
    return path


def refused(path: Path, code: str, match: str = "") -> BundleError:
    with pytest.raises(BundleError, match=match) as info:
        load_bundle(path)
    assert info.value.code == code, str(info.value)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)
    return info.value


# --------------------------------------------------------------------------- 2. members that cost gigabytes


def test_two_hundred_and_fifty_histories_of_a_million_zeros_are_refused_unread(tmp_path, monkeypatch):
    # As in the file (250 of them): under 2 MB on disk, 8 MB of float64 each, 9.6 GB as Python lists.
    arrays = arrays_for(small_mnist_design(), history={f"h{i}": np.zeros(1_000_000) for i in range(200)})
    path = write(tmp_path / "histories.npz", arrays)
    assert path.stat().st_size < 2_000_000
    read = []
    monkeypatch.setattr(bundle._Reader, "data", lambda self, key, *a, **k: read.append(key) or pytest.fail(f"{key} was decompressed"))
    refused(path, "too_many_series", "the history holds 200 series; a model file has room for 16")
    assert read == []


def test_members_adding_up_to_more_than_any_model_needs_are_refused_unread(tmp_path, monkeypatch):
    path = write(tmp_path / "m.npz", arrays_for(small_mnist_design()))
    monkeypatch.setattr(bundle, "MAX_TOTAL_BYTES", 10_000)
    refused(path, "too_much_data", "the arrays inside add up to [\\d,]+ bytes, more than any model needs")


def test_a_history_longer_than_the_recorded_epochs_allow_is_refused_from_its_header(tmp_path, monkeypatch):
    epochs = 3
    per_epoch = {name: np.zeros(epochs) for name in ("loss", "accuracy", "val_loss", "val_accuracy", "seconds")}
    # MNIST, batch 128, 10 % held out: 422 batches an epoch, so 3 epochs (and one stopped) hold 1,688 batch losses
    ok = write(tmp_path / "ok.npz", arrays_for(small_mnist_design(), history={**per_epoch, "batch_loss": np.zeros(4 * 422)}))
    assert len(load_bundle(ok).history["batch_loss"]) == 4 * 422
    path = write(tmp_path / "long.npz", arrays_for(small_mnist_design(), history={**per_epoch, "batch_loss": np.zeros(4 * 422 + 1)}))
    real = bundle._Reader.data
    monkeypatch.setattr(bundle._Reader, "data", lambda self, key, *a: real(self, key, *a) if "/" not in key else pytest.fail(f"{key} was read"))
    refused(path, "history_too_long", "batch_loss has 1,689 values, more than this model can have recorded \\(1,688\\)")
    ragged = write(tmp_path / "ragged.npz", arrays_for(small_mnist_design(), history={**per_epoch, "accuracy": np.zeros(2)}))
    refused(ragged, "history_ragged", "history accuracy has 2 values, but the other per-epoch series have 3")


def test_weights_must_be_exactly_the_designs_shapes_before_they_are_read(tmp_path, monkeypatch):
    arrays = arrays_for(small_mnist_design(), weights={"layers.0.W": np.zeros((784, 17), np.float64)})
    path = write(tmp_path / "wide.npz", arrays)
    real = bundle._Reader.data
    monkeypatch.setattr(bundle._Reader, "data", lambda self, key, *a: real(self, key, *a) if "/" not in key else pytest.fail(f"{key} was read"))
    refused(path, "wrong_shape", r"array layers.0.W has shape \(784, 17\) but the design needs \(784, 16\)")


def test_a_design_with_more_weights_than_a_model_file_holds_is_refused_before_its_weights(tmp_path):
    # 1.4 MB of compressed float64 zeros that would cost 3.8 GB: the design itself is too big to be a model.
    design = small_mnist_design(layers=[{"type": "dense", "units": 20_000, "activation": "relu"},
                                        {"type": "dense", "units": 10, "activation": "softmax"}])
    arrays = arrays_for(design, weights={"layers.0.W": np.zeros((784, 20_000)), "layers.0.b": np.zeros(20_000)})
    arrays.pop("weights/layers.1.W")
    path = write(tmp_path / "zeros.npz", arrays)
    assert path.stat().st_size < 1_000_000
    refused(path, "member_too_large", "array weights/layers.0.W claims 125,440,128 bytes, far more than any model needs")
    # with small (wrong) arrays, the design is what is refused
    arrays.update({"weights/layers.0.W": np.zeros((1, 1)), "weights/layers.0.b": np.zeros(1)})
    error = refused(write(tmp_path / "small.npz", arrays), "untrainable_design", "more than the 10,000,000 LayerLab can train and save")
    assert error.params["finding"].code == "too_many_params"


def test_a_member_declaring_more_than_its_budget_is_refused_before_decompression(tmp_path):
    arrays = arrays_for(small_mnist_design())
    arrays["normalisation/scale"] = np.zeros(10_000)  # a scalar's member, declaring 80 kB
    refused(write(tmp_path / "n.npz", arrays), "member_too_large", "array normalisation/scale claims 80,128 bytes")


# --------------------------------------------------------------------------- 3. damaged zips: one line naming the member


def _central_entry(data: bytes, name: str) -> int:
    """The offset of `name`'s central-directory entry."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} is not in the archive")


def _local_header(path: Path, name: str) -> int:
    with zipfile.ZipFile(path) as z:
        return z.getinfo(name).header_offset


def _patched(path: Path, offset: int, value: bytes) -> Path:
    data = bytearray(path.read_bytes())
    data[offset : offset + len(value)] = value
    out = path.with_name("patched.npz")
    out.write_bytes(bytes(data))
    return out


@pytest.fixture
def good(tmp_path) -> Path:
    return write(tmp_path / "good.npz", arrays_for(small_mnist_design()))


MEMBER = "weights/layers.0.W.npy"


@pytest.mark.parametrize("method", [1, 9, 12, 14, 99])
def test_an_unknown_or_unexpected_compression_method_names_the_member(good, method):
    # 1 shrink, 9 deflate64, 12 bzip2, 14 lzma (on deflate data), 99 AES: NotImplementedError or LZMAError before
    path = _patched(good, _central_entry(good.read_bytes(), MEMBER) + 10, struct.pack("<H", method))
    error = refused(path, "compression_method", f"member weights/layers.0.W is compressed with method {method}")
    assert error.params["name"] == "weights/layers.0.W"


def test_the_encrypted_flag_names_the_member(good):
    entry = _central_entry(good.read_bytes(), MEMBER)
    flags = struct.unpack("<H", good.read_bytes()[entry + 8 : entry + 10])[0]
    refused(_patched(good, entry + 8, struct.pack("<H", flags | 1)), "encrypted_member", "member weights/layers.0.W is encrypted")


def test_a_zip_version_python_cannot_read_names_the_member(good):
    # zipfile says only "zip file version 11.9", when opening the archive
    path = _patched(good, _central_entry(good.read_bytes(), MEMBER) + 6, struct.pack("<H", 119))
    with pytest.raises(NotImplementedError):
        zipfile.ZipFile(path)
    error = refused(path, "damaged_member", "member weights/layers.0.W cannot be read \\(zip file version 11.9\\)")
    assert error.params["name"] == "weights/layers.0.W"


@pytest.mark.parametrize("flag", [1 << 5, 1 << 6], ids=["patched data", "strong encryption"])
def test_unsupported_flags_name_the_member(good, flag):
    offset = _central_entry(good.read_bytes(), MEMBER) + 8
    flags = struct.unpack("<H", good.read_bytes()[offset : offset + 2])[0]
    refused(_patched(good, offset, struct.pack("<H", flags | flag)), "damaged_member", "member weights/layers.0.W cannot be read")


def test_lzma_on_deflate_data_names_the_member(good):
    # both headers say LZMA, the data is deflate: zipfile's LZMAError
    path = _patched(good, _central_entry(good.read_bytes(), MEMBER) + 10, struct.pack("<H", 14))
    path = _patched(path, _local_header(path, MEMBER) + 8, struct.pack("<H", 14))
    refused(path, "compression_method", "method 14")


def test_a_bad_crc_names_the_member(good):
    entry = _central_entry(good.read_bytes(), MEMBER)
    crc = struct.unpack("<I", good.read_bytes()[entry + 16 : entry + 20])[0]
    refused(_patched(good, entry + 16, struct.pack("<I", crc ^ 1)), "damaged_member", "member weights/layers.0.W cannot be read \\(Bad CRC-32")


def test_damaged_compressed_data_names_the_member(good):
    with zipfile.ZipFile(good) as z:
        info = z.getinfo(MEMBER)
    data = good.read_bytes()
    start = info.header_offset + 30 + len(MEMBER) + struct.unpack("<H", data[info.header_offset + 28 : info.header_offset + 30])[0]
    path = _patched(good, start + info.compress_size // 2, bytes(16))
    refused(path, "damaged_member", "member weights/layers.0.W cannot be read")


# --------------------------------------------------------------------------- 4. stored designs that cannot run


@pytest.mark.parametrize("layers, code", [
    ([{"type": "dense", "units": 16, "activation": "relu"}, {"type": "dense", "units": 5, "activation": "softmax"}], "last_units"),
    ([{"type": "dense", "units": 10, "activation": "softmax"}, {"type": "dropout", "rate": 0.2}], "dropout_last"),
    ([{"type": "dropout", "rate": 0.2}], "no_dense"),
    ([], "no_layers"),
], ids=["5 units on MNIST", "trailing dropout", "only dropout", "no layers"])
def test_a_stored_design_that_cannot_train_is_refused_when_the_model_opens(tmp_path, layers, code):
    path = write(tmp_path / "m.npz", arrays_for(small_mnist_design(layers=layers)))
    error = refused(path, "untrainable_design", "the design stored in the model file cannot be used")
    assert error.params["finding"].code == code


def test_save_refuses_what_load_would_refuse(tmp_path):
    design = spec.from_dict(small_mnist_design(layers=[{"type": "dense", "units": 5, "activation": "softmax"}]))
    weights = {k: np.zeros(s, np.float32) for k, s in expected_shapes(design).items()}
    with pytest.raises(BundleError, match="cannot be saved, since the design cannot be trained: layers\\[0\\].units"):
        save_bundle(tmp_path / "m.npz", design=design, weights=weights, normalisation=NORMALISATION)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- 5. numbers that break the maths


def test_float64_weights_that_overflow_float32_are_refused(tmp_path):
    w = (np.random.default_rng(1).standard_normal((784, 16)) * 0.05)
    w[3, 4] = 1e300  # finite in float64, inf once the network computes in float32
    path = write(tmp_path / "m.npz", arrays_for(small_mnist_design(), weights={"layers.0.W": w}))
    refused(path, "too_large_values", "array layers.0.W holds numbers too large to compute with")
    design = spec.from_dict(small_mnist_design())
    weights = {k: np.zeros(s) for k, s in expected_shapes(design).items()} | {"layers.0.W": w}
    with pytest.raises(BundleError, match="too large to compute with"):
        save_bundle(tmp_path / "saved.npz", design=design, weights=weights, normalisation=NORMALISATION)


def test_float32_weights_whose_products_overflow_are_refused(tmp_path):
    # 3e38 is a finite float32; 784 of them summed are not
    w = np.full((784, 16), 3e38, np.float32)
    path = write(tmp_path / "m.npz", arrays_for(small_mnist_design(), weights={"layers.0.W": w}))
    refused(path, "outputs_not_finite", "the model's outputs are not finite numbers")


def test_a_deep_network_whose_worst_case_bound_is_huge_still_opens(tmp_path):
    # 30 layers of 64 ReLU units: the bound overflows float32, the real outputs do not
    layers = [{"type": "dense", "units": 64, "activation": "relu"} for _ in range(30)] + [{"type": "dense", "units": 10, "activation": "softmax"}]
    design = small_mnist_design(layers=layers)
    parsed = spec.from_dict(design)
    rng = np.random.default_rng(0)
    weights = {k: (rng.standard_normal(s) * np.sqrt(2 / s[0]) if len(s) == 2 else np.zeros(s)).astype(np.float32) for k, s in expected_shapes(parsed).items()}
    assert bundle._output_bound(parsed, weights, 1.0) > bundle.SAFE_BOUND
    path = write(tmp_path / "deep.npz", arrays_for(design, weights=weights))
    assert len(load_bundle(path).weights) == 62


@pytest.mark.parametrize("normalisation, code", [
    ({"scale": 1e300, "offset": 0.0}, "bad_normalisation"),
    ({"scale": 1 / 255, "offset": 1e300}, "bad_normalisation"),
    ({"scale": 0.0, "offset": 0.0}, "zero_scale"),
    ({"scale": float("nan"), "offset": 0.0}, "bad_normalisation"),
    ({"scale": 1 / 255, "offset": float("-inf")}, "bad_normalisation"),
])
def test_a_normalisation_that_breaks_the_inputs_is_refused(tmp_path, normalisation, code):
    path = write(tmp_path / "m.npz", arrays_for(small_mnist_design(), normalisation=normalisation))
    refused(path, code, "normalisation")
    design = spec.from_dict(small_mnist_design())
    weights = {k: np.zeros(s, np.float32) for k, s in expected_shapes(design).items()}
    with pytest.raises(BundleError) as info:
        save_bundle(tmp_path / "saved.npz", design=design, weights=weights, normalisation=normalisation)
    assert info.value.code == code


# --------------------------------------------------------------------------- save and load agree


def test_a_long_batch_history_is_thinned_on_save_so_the_file_opens(tmp_path):
    design = spec.from_dict(small_mnist_design())
    weights = {k: np.zeros(s, np.float32) for k, s in expected_shapes(design).items()}
    history = {"loss": [1.0], "accuracy": [0.5], "val_loss": [1.0], "val_accuracy": [0.5], "seconds": [1.0],
               "batch_loss": list(np.linspace(2, 1, 5000))}  # more than one epoch (and one stopped) of 422 batches
    save_bundle(tmp_path / "m.npz", design=design, weights=weights, history=history, normalisation=NORMALISATION)
    batch = load_bundle(tmp_path / "m.npz").history["batch_loss"]
    assert 0 < len(batch) <= 2 * 422
    assert batch[0] == pytest.approx(2, abs=0.01) and batch[-1] == pytest.approx(1, abs=0.01)


def test_fortran_ordered_weights_are_read_right(tmp_path):
    design = small_mnist_design()
    w = np.asfortranarray(np.random.default_rng(2).standard_normal((784, 16)).astype(np.float32) * 0.05)
    path = write(tmp_path / "f.npz", arrays_for(design, weights={"layers.0.W": w}))
    np.testing.assert_array_equal(load_bundle(path).weights["layers.0.W"], w)


def test_the_output_bound_holds_for_every_input_in_range():
    from core.nn.model import build_model

    parsed = spec.from_dict(small_mnist_design(layers=[
        {"type": "dense", "units": 32, "activation": "relu"}, {"type": "dropout", "rate": 0.5},
        {"type": "dense", "units": 16, "activation": "tanh"}, {"type": "dense", "units": 10, "activation": "softmax"}]))
    model = build_model(parsed, rng=np.random.default_rng(3))
    weights = model.get_weights()
    bound = bundle._output_bound(parsed, weights, 1.0)
    rng = np.random.default_rng(4)
    x = np.concatenate([np.ones((1, 784)), -np.ones((1, 784)), np.sign(weights["layers.0.W"][:, :1].T), rng.uniform(-1, 1, (200, 784))]).astype(np.float32)
    largest = max(float(np.abs(step[key]).max()) for step in model.trace(x) for key in ("weighted_sum", "output") if key in step)
    assert 0 < largest <= bound
