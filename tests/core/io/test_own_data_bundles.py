"""Model files of the user's own data: they carry the classes, a table's columns and categories
and its standardisation, and where the data was, so a model opens, checks and predicts with no
data at hand; hostile data members are refused before they are read."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from core.data.datasets import fit_to_data, load_dataset
from core.data.tables import read_rows
from core.design import spec
from core.io import bundle
from core.io.bundle import BundleError, load_bundle, save_bundle
from core.nn.predictor import Predictor
from core.train.loop import train_design

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "resources" / "examples"


def trained(design_path: Path, folder: Path | None = None, epochs: int = 2):
    """(design fitted to its data, the run, the dataset) for an example, its data optionally copied to `folder`."""
    design = spec.load(design_path)
    if folder is not None:
        target = folder / Path(design.dataset.path).name
        if Path(design.dataset.path).is_dir():
            shutil.copytree(design.dataset.path, target)
        else:
            shutil.copy(design.dataset.path, target)
        design.dataset = design.dataset.moved_to(target)
    data = load_dataset(design.dataset, seed=design.training.seed)
    design = fit_to_data(design, data)
    return design, train_design(design, data, epochs=epochs), data


def save(path: Path, design, run) -> Path:
    save_bundle(path, design=design, weights=run.model.get_weights(), history=run.result.history.as_dict(), normalisation=run.normalisation)
    return path


@pytest.fixture(scope="module")
def penguin_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("penguins")
    design, run, data = trained(EXAMPLES / "penguins.json", folder, epochs=30)
    (folder / "models").mkdir()
    return save(folder / "models" / "penguins.npz", design, run), data, run


def test_a_table_model_keeps_what_prediction_needs(penguin_model, tmp_path):
    path, data, run = penguin_model
    arrays = np.load(path, allow_pickle=False)
    assert int(arrays["version"]) == 2
    assert list(arrays["data/class_names"]) == ["Adelie", "Chinstrap", "Gentoo"]
    assert list(arrays["data/columns"]) == ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"]
    assert list(arrays["data/categories"]) == ["Biscoe", "Dream", "Torgersen", "female", "male"]
    assert arrays["normalisation/scale"].shape == (9,)
    # the data's path is written relative to the model file, the absolute path kept beside it
    assert spec.loads(str(arrays["design"])).dataset.path == "../penguins.csv"
    assert str(arrays["data/location"]) == str(path.parent.parent / "penguins.csv")

    copy = tmp_path / "alone.npz"
    shutil.copy(path, copy)
    (path.parent.parent / "penguins.csv").rename(path.parent.parent / "gone.csv")  # no data anywhere
    try:
        b = load_bundle(copy)
    finally:
        (path.parent.parent / "gone.csv").rename(path.parent.parent / "penguins.csv")
    info = b.design.dataset.info
    assert info.class_names == ("Adelie", "Chinstrap", "Gentoo") and info.table == data.table
    for key in ("scale", "offset"):
        np.testing.assert_array_equal(b.normalisation[key], run.normalisation[key])
    predictor = Predictor(b)
    assert predictor.takes_rows and not predictor.takes_images
    np.testing.assert_allclose(predictor.rows_probabilities(data.x_test), run.model.predict_proba(data.normalise(data.x_test)), rtol=1e-6)


def test_the_data_is_found_again_where_it_was_or_beside_the_model(penguin_model, tmp_path):
    path, data, _ = penguin_model
    # the model moved away from the data: the absolute path it recorded finds it
    away = tmp_path / "elsewhere" / "m.npz"
    away.parent.mkdir()
    shutil.copy(path, away)
    assert load_bundle(away).design.dataset.path == str(path.parent.parent / "penguins.csv")
    # model and data moved together: the relative path finds the new place
    moved = tmp_path / "project"
    shutil.copytree(path.parent.parent, moved)
    assert load_bundle(moved / "models" / "penguins.npz").design.dataset.path == str(moved / "penguins.csv")


def test_an_image_folder_model_predicts_pictures_of_any_size(tmp_path):
    design, run, data = trained(EXAMPLES / "uci_digits_mlp.json", epochs=5)
    b = load_bundle(save(tmp_path / "digits.npz", design, run))
    predictor = Predictor(b)
    assert predictor.takes_images and not predictor.digit_style and predictor.picture_shape == (1, 8, 8)
    assert predictor.class_names == tuple(str(i) for i in range(10))
    from PIL import Image

    picture = sorted((Path(design.dataset.path) / "4").iterdir())[0]
    label, probs, seen = predictor.picture_file(picture)
    Image.open(picture).resize((200, 150)).convert("RGB").save(tmp_path / "big.jpg", quality=95)
    big_label, _, big_seen = predictor.picture_file(tmp_path / "big.jpg")
    assert seen.shape == big_seen.shape == (8, 8) and np.abs(seen - big_seen).mean() < 0.05  # blurred a little by the JPEG
    assert label == big_label == 4 and probs.shape == (10,)


def test_a_model_of_unread_data_is_not_saved(tmp_path):
    design = spec.load(EXAMPLES / "penguins.json")
    weights = {k: np.zeros(s, np.float32) for k, s in bundle.expected_shapes(design).items()}
    with pytest.raises(BundleError, match="before its data has been read"):
        save_bundle(tmp_path / "m.npz", design=design, weights=weights, normalisation={"scale": 1.0, "offset": 0.0})
    assert not (tmp_path / "m.npz").exists()


# --------------------------------------------------------------------------- hostile data members


def rewrite(path: Path, out: Path, change) -> Path:
    arrays = dict(np.load(path, allow_pickle=False))
    change(arrays)
    np.savez_compressed(out, **arrays)
    return out


def refused(path: Path, code: str, words: str) -> BundleError:
    with pytest.raises(BundleError) as info:
        load_bundle(path)
    assert info.value.code == code, (info.value.code, str(info.value))
    assert words in str(info.value) and str(path) in str(info.value)
    return info.value


def test_hostile_data_members_are_refused(penguin_model, tmp_path, monkeypatch):
    path, _, _ = penguin_model

    def drop(key):
        return lambda a: a.pop(key)

    refused(rewrite(path, tmp_path / "a.npz", drop("data/class_names")), "no_data_entry", "does not say the classes of penguins.csv")
    refused(rewrite(path, tmp_path / "b.npz", drop("data/columns")), "no_table_entry", "how the columns of penguins.csv become its inputs")
    refused(rewrite(path, tmp_path / "c.npz", lambda a: a.update({"data/class_names": np.array(["x" * 300] * 3)})),
            "bad_data_names", "data/class_names is not a list of names")
    refused(rewrite(path, tmp_path / "d.npz", lambda a: a.update({"data/category_counts": np.array([3, 0, 0, 0, 0, 3])})),
            "table_mismatch", "columns, kinds and categories do not agree")
    refused(rewrite(path, tmp_path / "e.npz", lambda a: a.update({"normalisation/scale": np.ones(8)})),
            "normalisation_shape", "normalisation scale is not a number, nor one number per input")
    refused(rewrite(path, tmp_path / "f.npz", lambda a: a.update({"normalisation/offset": np.full(9, 1e300)})),
            "bad_normalisation", "normalisation offset is 1e+300")
    refused(rewrite(path, tmp_path / "g.npz", lambda a: a.update({"data/evil": np.array(1)})), "unexpected_member", "data/evil")
    # a named dataset's model with data members
    named = ROOT / "resources" / "models" / "mnist_mlp.npz"
    refused(rewrite(named, tmp_path / "h.npz", lambda a: a.update({"data/class_names": np.array(["a", "b"])})),
            "unexpected_member", "data/class_names")
    # declared sizes are checked before anything is decompressed
    real = bundle._Reader.data
    monkeypatch.setattr(bundle._Reader, "data", lambda self, key, *a: real(self, key, *a) if not key.startswith("data/") else pytest.fail(f"{key} was read"))
    refused(rewrite(path, tmp_path / "i.npz", lambda a: a.update({"data/categories": np.array(["a"] * 5000)})),
            "bad_data_names", "data/categories is not a list of names")
    refused(rewrite(path, tmp_path / "j.npz", lambda a: a.update({"data/categories": np.array(["x" * 200] * 5000)})),
            "member_too_large", "array data/categories claims 4,000,128 bytes")


def test_rows_for_a_loaded_model_come_from_its_own_columns(penguin_model, tmp_path):
    path, data, _ = penguin_model
    rows = tmp_path / "rows.csv"
    rows.write_text("sex,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g\nmale,Biscoe,50,15,220,5500\nfemale,Dream,39,18,190,3500\n")
    predictor = Predictor(load_bundle(path))
    x, numbers = read_rows(rows, predictor.table)
    answers = [predictor.class_names[i] for i in predictor.rows_probabilities(x).argmax(axis=1)]
    assert answers == ["Gentoo", "Adelie"]
