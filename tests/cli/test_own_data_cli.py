"""The command line with the user's own data, as a user runs it: real processes, the real
penguins table and UCI digit pictures, and broken files the tests make, each answered by one
`error:` line naming the file (and row), never a traceback."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.core.data.test_image_folder import png_header
from tests.core.data.test_pictures import EPS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def one_error_line(proc) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def penguins_project(tmp_path, *, every_column: bool = False) -> Path:
    """penguins.json beside a copy of penguins.csv, in a folder of its own (reading every
    column but the target, or the example's features)."""
    shutil.copy(ROOT / "resources" / "data" / "penguins.csv", tmp_path / "penguins.csv")
    design = json.loads((EXAMPLES / "penguins.json").read_text(encoding="utf-8"))
    design["dataset"] = {**design["dataset"], "path": "penguins.csv"}
    if every_column:
        del design["dataset"]["features"]
    design.pop("input")  # the data says how large a row is
    path = tmp_path / "penguins.json"
    path.write_text(json.dumps(design), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def penguin_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("project")
    design = penguins_project(folder)
    (folder / "models").mkdir()
    proc = cli("train", design, "--out", "models/penguins.npz", "--json", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    final = json.loads(proc.stdout.splitlines()[-1])
    assert final["status"] == "completed" and final["test_accuracy"] >= 0.95
    return folder


def test_train_check_evaluate_on_a_csv_table(penguin_model):
    check = cli("check", penguin_model / "penguins.json", "--json", cwd=penguin_model)
    assert check.returncode == 0 and json.loads(check.stdout)["input_shape"] == [9]
    proc = cli("evaluate", "models/penguins.npz", "--json", cwd=penguin_model)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["classes"] == ["Adelie", "Chinstrap", "Gentoo"] and out["samples"] == 67 and out["accuracy"] >= 0.95
    text = cli("evaluate", "models/penguins.npz", cwd=penguin_model).stdout
    assert "Chinstrap" in text and "67 test samples" in text


def test_evaluate_finds_moved_data_with_dataset(penguin_model, tmp_path):
    shutil.copytree(penguin_model, tmp_path / "p")
    project = tmp_path / "p"
    (project / "penguins.csv").rename(project / "renamed.csv")
    shutil.move(str(penguin_model / "penguins.csv"), str(penguin_model / "hidden.csv"))  # the recorded absolute path is gone too
    try:
        line = one_error_line(cli("evaluate", "models/penguins.npz", cwd=project))
        assert "penguins.csv: the file is not there" in line and "--dataset" in line
        proc = cli("evaluate", "models/penguins.npz", "--dataset", "renamed.csv", "--json", cwd=project)
        assert proc.returncode == 0, proc.stderr and json.loads(proc.stdout)["samples"] == 67
    finally:
        shutil.move(str(penguin_model / "hidden.csv"), str(penguin_model / "penguins.csv"))


def test_predict_gives_one_answer_per_row(penguin_model, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("island;bill_length_mm;bill_depth_mm;flipper_length_mm;body_mass_g;sex\n"
                    "Biscoe;50,1;15,2;221;5400;male\nTorgersen;38,9;18,1;187;3700;female\nDream;49,5;18,9;196;3800;male\n", encoding="utf-8")
    proc = cli("predict", penguin_model / "models" / "penguins.npz", rows, "--json")
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["row"] for a in answers] == [1, 2, 3]
    assert [a["label"] for a in answers] == ["Gentoo", "Adelie", "Chinstrap"]
    assert all(abs(sum(a["probabilities"].values()) - 1) < 1e-5 and set(a["probabilities"]) == {"Adelie", "Chinstrap", "Gentoo"} for a in answers)
    assert cli("predict", penguin_model / "models" / "penguins.npz", rows).stdout.splitlines()[0].startswith("row 1: Gentoo")
    bad = tmp_path / "bad.csv"
    bad.write_text("island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\nBiscoe,50,15,221,5400,male\nBiscoe,NA,15,221,5400,male\n")
    line = one_error_line(cli("predict", penguin_model / "models" / "penguins.npz", bad))
    assert line == f'error: {bad}: row 2, column bill_length_mm: "NA" is not a number'


def test_an_image_folder_model_predicts_a_picture_of_any_size(tmp_path):
    proc = cli("train", EXAMPLES / "uci_digits_mlp.json", "--out", tmp_path / "digits.npz", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1])["test_accuracy"] >= 0.93
    picture = sorted((ROOT / "resources" / "data" / "uci-digits" / "6").iterdir())[0]
    Image.open(picture).resize((240, 240), Image.Resampling.NEAREST).save(tmp_path / "six.png")
    for p in (picture, tmp_path / "six.png"):
        out = json.loads(cli("predict", tmp_path / "digits.npz", p, "--json").stdout)
        assert out["name"] == "6" and out["label"] == 6
    (tmp_path / "eps.png").write_bytes(EPS)
    assert "eps.png: not a picture LayerLab can read" in one_error_line(cli("predict", tmp_path / "digits.npz", tmp_path / "eps.png"))
    png_header(tmp_path / "huge.png", 30_000, 30_000)
    assert "huge.png: the picture is too large to open" in one_error_line(cli("predict", tmp_path / "digits.npz", tmp_path / "huge.png"))


def test_a_folder_dataset_that_is_no_dataset(tmp_path):
    design = json.loads((EXAMPLES / "uci_digits_mlp.json").read_text(encoding="utf-8"))
    (tmp_path / "pictures").mkdir()
    design["dataset"]["path"] = "pictures"
    (tmp_path / "d.json").write_text(json.dumps(design))
    assert "pictures: the folder is empty" in one_error_line(cli("train", tmp_path / "d.json"))
    (tmp_path / "pictures" / "only").mkdir()
    Image.new("L", (8, 8)).save(tmp_path / "pictures" / "only" / "a.png")
    assert "only one class folder (only)" in one_error_line(cli("train", tmp_path / "d.json"))
    (tmp_path / "pictures" / "only" / "a.png").unlink()
    (tmp_path / "pictures" / "other").mkdir()
    for folder in ("only", "other"):
        (tmp_path / "pictures" / folder / "notes.txt").write_text("no picture here")
    line = one_error_line(cli("train", tmp_path / "d.json"))
    assert f"{tmp_path / 'pictures'}: none of the 2 files in the class folders is a picture LayerLab can read" in line


def test_pictures_that_are_not_pictures_in_a_folder_are_skipped_and_said_or_refused_by_name(tmp_path):
    shutil.copytree(ROOT / "resources" / "data" / "uci-digits", tmp_path / "digits")
    png_header(tmp_path / "digits" / "3" / "huge.png", 30_000, 30_000)
    (tmp_path / "digits" / "4" / "drawing.png").write_bytes(EPS)
    design = json.loads((EXAMPLES / "uci_digits_mlp.json").read_text(encoding="utf-8"))
    design["dataset"]["path"] = "digits"
    design["training"]["epochs"] = 1
    (tmp_path / "d.json").write_text(json.dumps(design))
    proc = cli("train", tmp_path / "d.json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == ("digits: 2 of 1,799 files are not pictures LayerLab reads and were skipped "
                                           "(3/huge.png: the picture is too large to open, and 1 more)")
    design["dataset"]["bad_files"] = "refuse"
    (tmp_path / "d.json").write_text(json.dumps(design))
    line = one_error_line(cli("train", tmp_path / "d.json"))
    assert line == f"error: {tmp_path / 'digits' / '3' / 'huge.png'}: the picture is too large to open"


@pytest.mark.parametrize("text, words", [
    ("species,island,mass\nAdelie,Dream,3\nGentoo,Biscoe\n", "row 2 (line 3) has 2 values, but the header names 3 columns"),
    ("Adelie,Dream,3\nGentoo,Biscoe,5\n", "not column names: add a header row"),
    ("kind,island,mass\nAdelie,Dream,3\n", "there is no column called species"),
    ("species,mass\n" + "".join(f"Adelie,{i}\n" for i in range(20)), 'every row of column species holds "Adelie": one class only'),
    ("species,mass\nAdelie,3\n", "only 1 row(s) of data"),
    ("", "the file is empty"),
    ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not a text file"),
], ids=["ragged row", "no header", "no target column", "one class", "single row", "empty", "binary"])
def test_broken_tables_get_one_line_naming_the_file(tmp_path, text, words):
    design = penguins_project(tmp_path, every_column=True)
    (tmp_path / "penguins.csv").write_bytes(text.encode("utf-8", "surrogateescape"))
    for command in ("check", "train"):
        line = one_error_line(cli(command, design))
        assert line.startswith(f"error: {tmp_path / 'penguins.csv'}: ") and words in line, line
