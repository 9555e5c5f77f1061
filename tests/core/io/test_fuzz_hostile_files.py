"""Any byte of a real model file, picture or IDX file may be wrong (issue 11): whatever the
change, reading gives a sound result or the one documented error type, never another
exception (which the CLI would show as a traceback)."""
from __future__ import annotations

import gzip
import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from core.data.digits import DigitError, load_image
from core.data.idx import IdxError, read_idx, write_idx
from core.design import spec
from core.io.bundle import BundleError, expected_shapes, load_bundle, save_bundle

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _small_bundle_bytes(tmp_path_factory) -> bytes:
    design = spec.from_dict({
        "format": "layerlab-design", "version": 1, "name": "fuzz", "dataset": "mnist", "input": {"shape": [784]},
        "layers": [{"type": "dense", "units": 8, "activation": "relu"}, {"type": "dropout", "rate": 0.2},
                   {"type": "dense", "units": 10, "activation": "softmax"}],
    })
    rng = np.random.default_rng(0)
    weights = {k: (rng.standard_normal(s) * 0.1).astype(np.float32) for k, s in expected_shapes(design).items()}
    history = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.8], "val_loss": [1.1, 0.6], "val_accuracy": [0.4, 0.7], "seconds": [1.0, 1.0],
               "batch_loss": list(np.linspace(2, 0.5, 50))}
    path = tmp_path_factory.mktemp("fuzz") / "m.npz"
    save_bundle(path, design=design, weights=weights, history=history, normalisation={"scale": 1 / 255, "offset": 0.0})
    return path.read_bytes()


@pytest.fixture(scope="module")
def bundle_bytes(tmp_path_factory) -> bytes:
    return _small_bundle_bytes(tmp_path_factory)


@pytest.fixture(scope="module")
def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (24, 20), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def idx_bytes() -> dict[str, bytes]:
    images = np.random.default_rng(2).integers(0, 256, (6, 28, 28), dtype=np.uint8)
    buf = io.BytesIO()
    header = bytes([0, 0, 8, 3]) + np.asarray(images.shape, dtype=">u4").tobytes()
    raw = header + images.tobytes()
    return {"raw": raw, "gzip": gzip.compress(raw)}


@st.composite
def mutations(draw, data: bytes) -> bytes:
    """`data` with a few bytes changed, a slice cut out or repeated, or its end cut off."""
    out = bytearray(data)
    kind = draw(st.sampled_from(["flip", "flip", "set", "cut", "truncate", "repeat"]))
    if kind in ("flip", "set"):
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, len(out) - 1))
            out[at] = (out[at] ^ (1 << draw(st.integers(0, 7)))) if kind == "flip" else draw(st.integers(0, 255))
    elif kind == "cut":
        a = draw(st.integers(0, len(out) - 1))
        del out[a : a + draw(st.integers(1, 64))]
    elif kind == "truncate":
        del out[draw(st.integers(0, len(out) - 1)) :]
    else:
        a = draw(st.integers(0, len(out) - 1))
        out[a:a] = out[a : a + draw(st.integers(1, 64))]
    return bytes(out)


def _check_bundle(path) -> None:
    try:
        b = load_bundle(path)
    except BundleError as e:
        assert str(e) and "\n" not in str(e)
        return
    for w in b.weights.values():
        assert w.dtype == np.float32 and np.isfinite(w).all()


@FUZZ
@given(data=st.data())
def test_a_changed_byte_in_a_model_file_is_a_bundle_error_or_a_sound_model(tmp_path, bundle_bytes, data):
    path = tmp_path / "m.npz"
    path.write_bytes(data.draw(mutations(bundle_bytes)))
    _check_bundle(path)


@FUZZ
@given(data=st.data())
def test_a_changed_byte_in_a_picture_is_a_digit_error_or_a_picture(tmp_path, png_bytes, data):
    path = tmp_path / "x.png"
    path.write_bytes(data.draw(mutations(png_bytes)))
    try:
        img = load_image(path)
    except DigitError as e:
        assert str(e).startswith(str(path))
        return
    assert img.ndim == 2 and img.dtype == np.float32 and np.isfinite(img).all()


@FUZZ
@given(data=st.data(), compressed=st.booleans())
def test_a_changed_byte_in_an_idx_file_is_an_idx_error_or_its_array(tmp_path, idx_bytes, data, compressed):
    path = tmp_path / "images.idx"
    path.write_bytes(data.draw(mutations(idx_bytes["gzip" if compressed else "raw"])))
    try:
        a = read_idx(path)
    except IdxError as e:
        assert str(e).startswith(str(path))
        return
    assert a.size * a.itemsize <= 2 * len(idx_bytes["raw"])


def test_the_fuzzed_files_are_sound_before_they_are_changed(tmp_path, bundle_bytes, png_bytes, idx_bytes):
    (tmp_path / "m.npz").write_bytes(bundle_bytes)
    assert load_bundle(tmp_path / "m.npz").design.name == "fuzz"
    (tmp_path / "x.png").write_bytes(png_bytes)
    assert load_image(tmp_path / "x.png").shape == (24, 20)
    for kind, data in idx_bytes.items():
        (tmp_path / kind).write_bytes(data)
        assert read_idx(tmp_path / kind).shape == (6, 28, 28)
    write_idx(tmp_path / "w.gz", np.zeros(3, np.uint8))
    assert read_idx(tmp_path / "w.gz").tolist() == [0, 0, 0]


# --------------------------------------------------------------------------- the user's own data


@pytest.fixture(scope="module")
def table_files(tmp_path_factory) -> dict[str, bytes]:
    """A small table, and a model of it written uncompressed, so that changed bytes reach the
    data members (class names, columns, categories, per-column normalisation) themselves."""
    from core.data.catalog import CsvSource
    from core.data.datasets import fit_to_data, load_dataset
    from core.train.loop import train_design

    folder = tmp_path_factory.mktemp("table")
    rows = ["size,colour,kind", *(f"{i % 7 + 0.5},{'red' if i % 3 else 'blue'},{'xy'[i % 2]}" for i in range(40))]
    (folder / "t.csv").write_text("\n".join(rows) + "\n")
    design = spec.from_dict({
        "format": "layerlab-design", "version": 2, "name": "table fuzz",
        "dataset": {"type": "csv", "path": "t.csv", "target": "kind"},
        "layers": [{"type": "dense", "units": 4, "activation": "relu"}, {"type": "dense", "units": 2, "activation": "softmax"}],
    }, folder)
    assert isinstance(design.dataset, CsvSource)
    data = load_dataset(design.dataset)
    design = fit_to_data(design, data)
    run = train_design(design, data, epochs=1)
    save_bundle(folder / "m.npz", design=design, weights=run.model.get_weights(), normalisation=run.normalisation)
    arrays = dict(np.load(folder / "m.npz", allow_pickle=False))
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return {"model": buf.getvalue(), "csv": (folder / "t.csv").read_bytes()}


@FUZZ
@given(data=st.data())
def test_a_changed_byte_in_a_table_model_is_a_bundle_error_or_a_sound_model(tmp_path, table_files, data):
    path = tmp_path / "m.npz"
    path.write_bytes(data.draw(mutations(table_files["model"])))
    _check_bundle(path)


@FUZZ
@given(data=st.data())
def test_a_changed_byte_in_a_table_is_a_data_error_or_a_dataset(tmp_path, table_files, data):
    from core.data.catalog import CsvSource
    from core.data.datasets import DataError, load_dataset

    path = tmp_path / "t.csv"
    path.write_bytes(data.draw(mutations(table_files["csv"])))
    try:
        d = load_dataset(CsvSource(path=str(path), target="kind"))
    except DataError as e:
        assert str(e).startswith(str(path)) and "\n" not in str(e)
        return
    assert np.isfinite(d.normalise(d.x_train)).all() and d.num_classes >= 2


def test_the_fuzzed_own_data_files_are_sound_before_they_are_changed(tmp_path, table_files):
    (tmp_path / "m.npz").write_bytes(table_files["model"])
    b = load_bundle(tmp_path / "m.npz")
    assert b.design.dataset.info.class_names == ("x", "y") and b.normalisation["scale"].shape == (3,)
