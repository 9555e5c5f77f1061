"""Your own data in the window: choosing a CSV table or a folder of pictures on the Design page
(a preview, problems in plain words, read in the background with progress and Cancel), a
design whose data has moved, and the Test page for table and picture-folder models."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog

from core.data import image_folder
from core.data.catalog import CsvSource, ImageFolderSource
from core.data.datasets import fit_to_data, load_dataset
from core.design import spec
from core.io.bundle import Bundle
from core.nn.predictor import Predictor
from core.train.loop import train_design
from designer.document.model_store import ModelStore
from designer.pages.test.test_page import TestPage
from tests.core.data.test_pictures import EPS
from tests.designer.design_helpers import ROOT, no_dialogs, window  # noqa: F401

EXAMPLES = ROOT / "resources" / "examples"
PENGUINS = ROOT / "resources" / "data" / "penguins.csv"
DIGITS = ROOT / "resources" / "data" / "uci-digits"


def combo_row(combo, data: str) -> int:
    row = combo.findData(data)
    assert row >= 0, data
    return row


def open_preview(qtbot, window, monkeypatch, kind: str, path: Path):
    """Choose "Your data: <kind>…" in the dataset list, as a user does; the file dialog answers `path`."""
    settings = window.design_page.settings
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(path)))
    combo = settings.dataset_combo
    row = combo_row(combo, f"pick:{kind}")
    combo.setCurrentIndex(row)
    combo.activated.emit(row)
    dialog = settings.data_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_previewing() and dialog.preview is not None or "cannot be used:" in dialog.status_text(), timeout=10_000)
    return dialog


def use(qtbot, window, dialog):
    with qtbot.waitSignal(window.document.designChanged, timeout=20_000):
        dialog.use_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


# --------------------------------------------------------------------------- the Design page


def test_a_csv_table_is_previewed_its_problem_said_in_plain_words_then_used(qtbot, window, monkeypatch):
    doc = window.document
    dialog = open_preview(qtbot, window, monkeypatch, "csv", PENGUINS)
    assert dialog.preview.target == "species"  # the classes column, suggested
    header = [dialog.table.horizontalHeaderItem(j).text() for j in range(dialog.table.columnCount())]
    assert header[0] == "species\nclasses" and header[2] == "bill_length_mm\nnumber · 2 gaps" and header[1] == "island\ntext: 3 values"
    assert "Adelie 152 · Chinstrap 68 · Gentoo 124" in dialog.classes_label.text()
    assert 'row 4, column bill_length_mm: "NA" is not a number' in dialog.status_text()
    assert "Leave those rows out" in dialog.status_text() and not dialog.use_button.isEnabled()
    assert doc.design.dataset == "mnist"  # nothing changed yet

    gaps = dialog.editors["missing"]
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        gaps.setCurrentIndex(gaps.findData("drop"))
        gaps.activated.emit(gaps.currentIndex())
    assert dialog.status_text().startswith("Ready: 333 rows give 10 inputs each and 3 classes.")
    use(qtbot, window, dialog)

    d = doc.design
    assert isinstance(d.dataset, CsvSource) and d.dataset.missing == "drop" and d.dataset.path == str(PENGUINS)
    assert d.input_shape == (10,) and d.dataset.info.classes == 3
    # the output layer does not follow by itself: the check says so, with its one-click fix
    (units,) = [f for f in doc.errors() if f.code == "last_units"]
    assert "penguins.csv has 3 classes" in units.message and units.fix.label == "Set units to 3"
    assert window.design_page.apply_fix(units.fix)
    assert doc.can_train() and doc.design.layers[-1].units == 3
    assert "penguins.csv (your data)" == window.design_page.settings.dataset_combo.currentText()
    doc.undo()
    doc.undo()  # the dataset and the input size were one step
    assert doc.design.dataset == "mnist" and doc.design.input_shape == (784,)


def test_a_folder_of_pictures_is_previewed_resized_and_read_with_progress(qtbot, window, monkeypatch):
    dialog = open_preview(qtbot, window, monkeypatch, "image_folder", DIGITS)
    assert [row[:2] for row in dialog.class_rows()[:3]] == [("0", 178), ("1", 182), ("2", 177)]
    assert all(shown == 8 for _, _, shown in dialog.class_rows())
    assert dialog.preview.classes[0][2][0].shape == (1, 28, 28)  # the default size, until changed
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.set_option("size", (8, 8))
    assert dialog.preview.classes[0][2][0].shape == (1, 8, 8)
    assert dialog.status_text() == "Ready: 1,797 files in 10 classes."
    use(qtbot, window, dialog)
    d = window.document.design
    assert isinstance(d.dataset, ImageFolderSource) and d.dataset.size == (8, 8)
    assert d.input_shape == (64,)  # the MNIST MLP reads rows: the pictures' 64 pixels in a row
    assert "uci-digits images, one value per pixel" in window.design_page.stack.cards[0].info


def test_reading_a_big_folder_keeps_the_window_alive_and_can_be_cancelled(qtbot, window, monkeypatch, tmp_path):
    for name in ("a", "b"):
        (tmp_path / "big" / name).mkdir(parents=True)
        for i in range(200):
            shutil.copy(next((DIGITS / "0").iterdir()), tmp_path / "big" / name / f"{i}.png")
    monkeypatch.setattr(image_folder, "CHUNK", 4)
    real = image_folder.read_picture
    monkeypatch.setattr(image_folder, "read_picture", lambda *a, **k: (time.sleep(0.01), real(*a, **k))[1])  # a slow disk
    dialog = open_preview(qtbot, window, monkeypatch, "image_folder", tmp_path / "big")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    dialog.use_button.click()
    assert dialog.is_loading() and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=10_000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.is_loading(), timeout=10_000)
    timer.stop()
    assert len(ticks) >= 3  # the event loop kept running while pictures were read
    assert dialog.status_text() == "Reading stopped; the design was not changed."
    assert window.document.design.dataset == "mnist" and dialog.isVisible() and dialog.use_button.isEnabled()
    dialog.reject()


@pytest.mark.parametrize("make, words", [
    (lambda d: (d / "cats").mkdir(parents=True), "only one class folder (cats)"),
    (lambda d: [((d / n).mkdir(parents=True), (d / n / "x.png").write_bytes(EPS)) for n in ("cats", "dogs")],
     "are not pictures LayerLab can read"),
    (lambda d: d.mkdir(), "the folder is empty"),
], ids=["one class", "no pictures", "empty"])
def test_a_folder_that_is_no_dataset_is_said_in_the_dialog(qtbot, window, monkeypatch, tmp_path, make, words):
    make(tmp_path / "pictures")
    dialog = open_preview(qtbot, window, monkeypatch, "image_folder", tmp_path / "pictures")
    assert words in dialog.status_text() and str(tmp_path / "pictures") in dialog.status_text()
    assert not dialog.use_button.isEnabled()
    dialog.reject()


def test_an_empty_or_binary_file_is_said_in_the_dialog(qtbot, window, monkeypatch, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    dialog = open_preview(qtbot, window, monkeypatch, "csv", tmp_path / "empty.csv")
    assert "This data cannot be used:" in dialog.status_text() and "empty.csv: the file is empty" in dialog.status_text()
    dialog.reject()
    (tmp_path / "picture.csv").write_bytes(next((DIGITS / "1").iterdir()).read_bytes())
    dialog = open_preview(qtbot, window, monkeypatch, "csv", tmp_path / "picture.csv")
    assert "picture.csv: this is not a text file" in dialog.status_text()
    dialog.reject()


def test_a_design_whose_data_has_moved_asks_where_it_went(qtbot, window, tmp_path):
    shutil.copy(PENGUINS, tmp_path / "penguins.csv")
    design = json.loads((EXAMPLES / "penguins.json").read_text(encoding="utf-8"))
    design["dataset"]["path"] = "penguins.csv"
    (tmp_path / "p.json").write_text(json.dumps(design), encoding="utf-8")
    settings = window.design_page.settings
    assert window.files.open_path(tmp_path / "p.json", ask=False)
    qtbot.waitUntil(lambda: window.document.design.dataset.info is not None, timeout=10_000)  # read in the background
    assert not window.document.is_modified  # learning what the data holds is not an edit
    assert settings.summary.text() == "penguins.csv: 3 classes, 9 inputs per sample."

    (tmp_path / "penguins.csv").rename(tmp_path / "moved.csv")
    assert window.files.open_path(tmp_path / "p.json", ask=False)
    qtbot.waitUntil(lambda: settings.find_button.isVisible(), timeout=10_000)
    assert "penguins.csv: the file is not there (was it moved or renamed?)" in settings.data_problem.text()
    assert settings.find_data(str(tmp_path / "moved.csv"))
    qtbot.waitUntil(lambda: window.document.design.dataset.info is not None, timeout=10_000)
    assert window.document.is_modified and not settings.find_button.isVisible()
    assert window.document.design.dataset.path == str(tmp_path / "moved.csv")
    # saved, the new place is written relative to the design file
    assert window.files.save_as(tmp_path / "p.json")
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["dataset"]["path"] == "moved.csv"


def test_a_design_whose_data_is_broken_says_why_and_reads_it_again_once_mended(qtbot, window, tmp_path):
    (tmp_path / "t.csv").write_text("size,kind\n" + "".join(f"{i},same\n" for i in range(20)))
    design = json.loads((EXAMPLES / "penguins.json").read_text(encoding="utf-8"))
    design["dataset"] = {"type": "csv", "path": "t.csv", "target": "kind"}
    design.pop("input")
    (tmp_path / "t.json").write_text(json.dumps(design), encoding="utf-8")
    settings = window.design_page.settings
    assert window.files.open_path(tmp_path / "t.json", ask=False)
    qtbot.waitUntil(lambda: settings.retry_button.isVisible(), timeout=10_000)
    assert 'every row of column kind holds "same": one class only' in settings.data_problem.text()
    assert not settings.find_button.isVisible()
    (tmp_path / "t.csv").write_text("size,kind\n" + "".join(f"{i},{'ab'[i % 2]}\n" for i in range(20)))
    settings.retry_button.click()
    qtbot.waitUntil(lambda: window.document.design.dataset.info is not None, timeout=10_000)
    assert window.document.design.input_shape == (1,)  # left out of the file: the table says it
    assert not settings.data_problem.isVisible() and settings.summary.text() == "t.csv: 2 classes, 1 inputs per sample."


def test_an_own_data_example_trains_on_the_train_page(qtbot, window, tmp_path):
    assert window.files.load_example(EXAMPLES / "penguins.json", ask=False)
    page = window.training_page
    window.show_page(page)
    assert page.start_training()
    qtbot.waitUntil(lambda: not page.is_running, timeout=60_000)
    assert page.last_run.result.test_accuracy >= 0.95
    page.save_model(tmp_path / "penguins.npz")
    from core.io.bundle import load_bundle

    b = load_bundle(tmp_path / "penguins.npz")
    assert b.design.dataset.info.class_names == ("Adelie", "Chinstrap", "Gentoo")


# --------------------------------------------------------------------------- the Test page


def trained(example: str, epochs: int | None = None) -> Bundle:
    design = spec.load(EXAMPLES / f"{example}.json")
    data = load_dataset(design.dataset, seed=design.training.seed)
    design = fit_to_data(design, data)
    run = train_design(design, data, epochs=epochs)
    return Bundle(design=design, weights=run.model.get_weights(), history=run.result.history.as_dict(), normalisation=run.normalisation)


@pytest.fixture(scope="module")
def penguin_bundle():
    return trained("penguins")


@pytest.fixture(scope="module")
def digits_bundle():
    return trained("uci_digits_mlp")


@pytest.fixture
def page(qtbot, show):
    store = ModelStore()
    p = show(TestPage(store), 1100, 700)
    qtbot.waitExposed(p)
    yield p, store
    p.shutdown()


def test_a_table_model_gets_a_form_whose_answer_follows_the_typing(qtbot, page, penguin_bundle):
    p, store = page
    store.set_bundle(penguin_bundle, "trained")
    assert p.tabs.tabText(0) == "Type a row" and p.form.isVisible() and not p.canvas.isVisible()
    assert list(p.form.fields) == ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"]
    assert [p.form.fields["sex"].itemText(i) for i in range(2)] == ["female", "male"]
    assert 40 < float(p.form.fields["bill_length_mm"].text()) < 48  # starts at the training rows' mean
    with qtbot.waitSignal(p.predictionChanged):
        for column, value in {"island": "Biscoe", "bill_length_mm": "49.5", "bill_depth_mm": "15.0",
                              "flipper_length_mm": "222", "body_mass_g": "5400", "sex": "male"}.items():
            p.form.set_value(column, value)
    assert p.answer.text() == "Gentoo" and p.bars.class_names() == ["Adelie", "Chinstrap", "Gentoo"]
    expected = Predictor(penguin_bundle).rows_probabilities(penguin_bundle.design.dataset.info.table.encode([p.form.values()], file=""))[0]
    np.testing.assert_allclose(p.prediction()[1], expected, rtol=1e-6)
    for column, value in {"island": "Torgersen", "bill_length_mm": "38", "bill_depth_mm": "18.5", "flipper_length_mm": "188",
                          "body_mass_g": "3600", "sex": "female"}.items():
        p.form.set_value(column, value)
    assert p.answer.text() == "Adelie"
    p.form.set_value("body_mass_g", "heavy")
    assert p.prediction() is None and "body_mass_g: “heavy” is not a number." == p.form.note.text()


def test_a_table_models_test_set_uses_its_class_names(qtbot, page, penguin_bundle):
    p, store = page
    store.set_bundle(penguin_bundle, "trained")
    with qtbot.waitSignal(p.browser.ready, timeout=20_000):
        p.tabs.setCurrentIndex(1)
    r = p.browser.results()
    assert r.class_names == ("Adelie", "Chinstrap", "Gentoo") and r.count == 67 and r.accuracy >= 0.95
    assert not p.browser.grid.isVisible() and p.browser.matrix.matrix().sum() == 67
    assert p.browser.status.text().startswith("penguins.csv test set: 67 rows")


def test_a_picture_folder_model_reads_drawings_and_pictures_at_its_own_size(qtbot, page, digits_bundle, tmp_path):
    p, store = page
    store.set_bundle(digits_bundle, "trained")
    assert p.canvas.isVisible() and p.tabs.tabText(0) == "Draw"
    picture = DIGITS / "5" / "0015.png"  # one the model gets right (0005.png it takes for a 9)
    Image.open(picture).resize((96, 96), Image.Resampling.NEAREST).save(tmp_path / "five.png")
    assert p.load_image_file(tmp_path / "five.png")
    label, probs, seen = Predictor(digits_bundle).picture_file(tmp_path / "five.png")  # as `main.py predict` reads it
    assert p.prediction()[0] == label == 5 and p.answer.text() == "5"
    np.testing.assert_allclose(p.prediction()[1], probs, rtol=1e-6)
    assert p.input_pixels().shape == (8, 8)
    p.canvas.clear()
    from tests.designer.pages.test_test_page import canvas_points, draw, line

    draw(qtbot, p.canvas, canvas_points(p.canvas, line((0.5, 0.1), (0.5, 0.9))))
    assert p.prediction() is not None and p.input_pixels().shape == (8, 8)


# --------------------------------------------------------------------------- in Japanese


@pytest.mark.parametrize("source", [CsvSource(path=str(PENGUINS), target=""), ImageFolderSource(path=str(DIGITS), size=(8, 8))],
                         ids=["table", "folder"])
def test_the_preview_is_in_japanese_but_for_the_datas_own_words(qtbot, japanese, source):
    import re

    from designer.pages.design.own_data import OwnDataDialog
    from tests.designer.visible_texts import WORD, english_words, visible_texts

    dialog = OwnDataDialog(source)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.show()
    # the data's own words (its column names, categories, file and folder names) stay as they are
    data_words = set(WORD.findall(PENGUINS.read_text(encoding="utf-8"))) | {"penguins", "uci-digits", "csv", "RGB"}
    # and so do values in quotes: the data's ("NA") and the design file's keys ("missing": "drop")
    left = [(where, text) for where, text in visible_texts(dialog)
            if not set(english_words(re.sub(r'"[^"]*"', "", text.replace(source.path, "")))) <= data_words]
    assert left == []
    assert "欠けた値" in dialog.status_text() or "準備完了" in dialog.status_text()
    dialog.shutdown()
