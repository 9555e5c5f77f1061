"""The user's own data refused in the user's language: every DataError code, met with a real
broken table or folder the test makes, reads exactly as the core's English in English and is
translated in Japanese, the file's path first, as it is."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PIL import Image

from core.data import image_folder, tables
from core.data.catalog import CsvSource, ImageFolderSource
from core.data.datasets import DataError, load_dataset
from core.io.files import RefusedFile
from designer.text.messages import DATA_TEMPLATES, data_error_text
from tests.core.data.test_pictures import EPS

ROWS = [f"{i},{i * 2},{'xy'[i % 2]}" for i in range(20)]


def csv(tmp_path, text: str | bytes, **options) -> CsvSource:
    path = tmp_path / "table.csv"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return CsvSource(path=str(path), **{"target": "kind", **options})


def table(*rows: str, header="a,b,kind") -> str:
    return "\n".join([header, *(rows or ROWS)]) + "\n"


def with_row(i: int, row: str) -> list[str]:
    rows = list(ROWS)
    rows[i] = row
    return rows


def pictures(root: Path, classes=("cats", "dogs"), files=("a.png", "b.png"), *, bad=()) -> ImageFolderSource:
    for name in classes:
        (root / name).mkdir(parents=True, exist_ok=True)
        for f in files:
            path = root / name / f
            if (name, f) in bad:
                path.write_bytes(EPS)
            else:
                Image.new("L", (8, 8), 200).save(path)
    return ImageFolderSource(path=str(root), size=(8, 8))


def trained_like(tmp_path):
    source = pictures(tmp_path / "model", classes=("cats", "dogs"))
    return load_dataset(source).info()


def _load(source, **kw):
    return lambda: load_dataset(source, **kw)


def _monkey(mp, target, name, value):
    mp.setattr(target, name, value)


def _refused_open(tmp_path, mp):
    def refuse(path, max_bytes=None):
        raise RefusedFile(path, "cannot_read", reason="Permission denied")

    mp.setattr(tables, "open_regular", refuse)
    return _load(csv(tmp_path, table()))


def _unreadable_folder(tmp_path, mp):
    source = pictures(tmp_path / "d")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("cats"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    mp.setattr(image_folder.os, "scandir", scandir)
    return _load(source)


def _previewed(tmp_path, mp):
    source = pictures(tmp_path / "d", files=("a.png",), bad={("cats", "a.png"), ("dogs", "a.png")})

    def attempt():
        raise image_folder.preview_folder(source).problem

    return attempt


def _cancelled(tmp_path, mp):
    cancel = threading.Event()
    cancel.set()
    return _load(pictures(tmp_path / "d"), cancel=cancel)


def _rows(tmp_path, text):
    encoding = load_dataset(csv(tmp_path, table())).table
    path = tmp_path / "rows.csv"
    path.write_text(text)
    return lambda: tables.read_rows(path, encoding)


def _text_rows(tmp_path, text):
    colours = "a,c,kind\n" + "\n".join(f"{i},{'red' if i % 3 else 'blue'},{'xy'[i % 2]}" for i in range(20)) + "\n"
    encoding = load_dataset(csv(tmp_path, colours)).table
    path = tmp_path / "rows.csv"
    path.write_text(text)
    return lambda: tables.read_rows(path, encoding)


def _like_table(tmp_path, text, **options):
    like = load_dataset(csv(tmp_path, table())).info()
    other = tmp_path / "other.csv"
    other.write_text(text)
    return _load(CsvSource(path=str(other), **{"target": "kind", **options}), like=like)


def _train_test(tmp_path, *, train=("cats", "dogs"), test=("cats",), train_bad=(), test_bad=()):
    root = tmp_path / "tt"
    pictures(root / "train", classes=train, bad=train_bad)
    pictures(root / "test", classes=test, bad=test_bad)
    return ImageFolderSource(path=str(root), size=(8, 8))


BROKEN = {
    # tables
    "cannot_read": _refused_open,
    "folder": lambda t, mp: _load(CsvSource(path=str(t), target="kind")),
    "not_regular": lambda t, mp: _load(CsvSource(path="/dev/zero", target="kind")),
    "file_too_large": lambda t, mp: (_monkey(mp, tables, "MAX_TABLE_BYTES", 10), lambda: tables.read_table(csv(t, table()).path, max_bytes=10))[1],
    "missing_file": lambda t, mp: _load(CsvSource(path=str(t / "gone.csv"), target="kind")),
    "binary": lambda t, mp: _load(csv(t, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")),
    "not_utf8": lambda t, mp: _load(csv(t, "kind,a\n\xe9t\xe9,1\n".encode("latin-1"))),
    "empty": lambda t, mp: _load(csv(t, "")),
    "ragged_row": lambda t, mp: _load(csv(t, table(*with_row(3, "3,6")))),
    "too_many_rows": lambda t, mp: (_monkey(mp, tables, "MAX_ROWS", 5), _load(csv(t, table())))[1],
    "too_many_values": lambda t, mp: (_monkey(mp, tables, "MAX_CELLS", 20), _load(csv(t, table())))[1],
    "bad_csv": lambda t, mp: _load(csv(t, table(*with_row(2, '2,"4"x,y')))),
    "too_many_columns": lambda t, mp: (_monkey(mp, tables, "MAX_COLUMNS", 2), _load(csv(t, table())))[1],
    "no_header": lambda t, mp: _load(csv(t, "\n".join(f"{i},{i}" for i in range(20)))),
    "no_header_values": lambda t, mp: _load(csv(t, table(header="1,2,x"))),
    "unnamed_column": lambda t, mp: _load(csv(t, table(header="a,,kind"))),
    "long_name": lambda t, mp: _load(csv(t, table(header="a," + "b" * 300 + ",kind"))),
    "duplicate_column": lambda t, mp: _load(csv(t, table(header="a,a,kind"))),
    "not_a_number": lambda t, mp: _rows(t, "a,b\n1,two\n"),
    "huge_number": lambda t, mp: _load(csv(t, table(*with_row(4, "4,1e39,x")))),
    "stray_word": lambda t, mp: _load(csv(t, table(*with_row(4, "4,heavy,x")))),
    "no_target": lambda t, mp: _load(csv(t, table(), target="colour")),
    "no_target_case": lambda t, mp: _load(csv(t, table(), target="Kind")),
    "no_feature": lambda t, mp: _load(csv(t, table(), features=("c",))),
    "target_feature": lambda t, mp: _load(csv(t, table(), features=("kind",))),
    "no_features": lambda t, mp: _load(csv(t, "kind\n" + "\n".join("xy"[i % 2] for i in range(20)))),
    "too_many_categories": lambda t, mp: _load(csv(t, table(*(f"id{i},{i},{'xy'[i % 2]}" for i in range(150))))),
    "long_text": lambda t, mp: _load(csv(t, table(*(f"{'w' * 300 if i == 3 else 'v'},{i},{'xy'[i % 2]}" for i in range(20))))),
    "long_class": lambda t, mp: _load(csv(t, table(*(f"{i},{i},{'k' * 300 if i == 3 else 'xy'[i % 2]}" for i in range(20))))),
    "too_many_inputs": lambda t, mp: (_monkey(mp, tables, "MAX_INPUTS", 1), _load(csv(t, table())))[1],
    "one_class": lambda t, mp: _load(csv(t, table(*(f"{i},{i},same" for i in range(20))))),
    "too_many_classes": lambda t, mp: (_monkey(mp, tables, "MAX_CLASSES", 1), _load(csv(t, table())))[1],
    "no_rows": lambda t, mp: _load(csv(t, "a,b,kind\n")),
    "too_few_rows": lambda t, mp: _load(csv(t, table("1,2,x"))),
    "too_few_rows_gaps": lambda t, mp: _load(csv(t, table(*(f"{i},{'NA' if i > 3 else i},{'xy'[i % 2]}" for i in range(20))), missing="drop")),
    "gap_number": lambda t, mp: _load(csv(t, table(*with_row(5, "5,NA,y")))),
    "gap_value": lambda t, mp: _load(csv(t, "a,c,kind\n" + "\n".join(f"{i},{'' if i == 5 else 'red'},{'xy'[i % 2]}" for i in range(20)))),
    "gap_marked": lambda t, mp: _load(csv(t, "a,c,kind\n" + "\n".join(f"{i},{'NA' if i == 5 else 'red'},{'xy'[i % 2]}" for i in range(20)))),
    "unknown_category": lambda t, mp: _text_rows(t, "a,c\n1,green\n"),
    "unknown_class": lambda t, mp: _like_table(t, "a,b,kind\n1,2,z\n"),
    "model_column": lambda t, mp: _rows(t, "a,c\n1,2\n"),
    "all_gaps": lambda t, mp: _like_table(t, "a,b,kind\n1,NA,x\n", missing="drop"),
    "no_rows_to_classify": lambda t, mp: _rows(t, "a,b\n"),
    # folders of pictures
    "cannot_read_folder": _unreadable_folder,
    "missing_folder": lambda t, mp: _load(ImageFolderSource(path=str(t / "gone"))),
    "not_a_folder": lambda t, mp: _load(ImageFolderSource(path=csv(t, table()).path)),
    "empty_folder": lambda t, mp: ((t / "d").mkdir(), _load(ImageFolderSource(path=str(t / "d"))))[1],
    "too_many_files": lambda t, mp: (_monkey(mp, image_folder, "MAX_FILES", 2), _load(pictures(t / "d")))[1],
    "too_many_class_folders": lambda t, mp: (_monkey(mp, image_folder, "MAX_CLASSES", 1), _load(pictures(t / "d")))[1],
    "no_class_folders": lambda t, mp: (pictures(t / "d", classes=(".",)), _load(ImageFolderSource(path=str(t / "d"))))[1],
    "one_class_folder": lambda t, mp: _load(pictures(t / "d", classes=("cats",))),
    "no_files": lambda t, mp: _load(pictures(t / "d", files=())),
    "no_pictures": lambda t, mp: _load(pictures(t / "d", files=("a.png",), bad={("cats", "a.png"), ("dogs", "a.png")})),
    "no_pictures_seen": _previewed,
    "test_class_unknown": lambda t, mp: _load(_train_test(t, test=("cats", "birds"))),
    "unknown_class_folder": lambda t, mp: _load(pictures(t / "d", classes=("cats", "birds")), like=trained_like(t)),
    "too_much_memory": lambda t, mp: (_monkey(mp, image_folder, "MAX_DATA_BYTES", 10), _load(pictures(t / "d")))[1],
    "empty_class": lambda t, mp: _load(pictures(t / "d", bad={("dogs", "a.png"), ("dogs", "b.png")})),
    "empty_train_class": lambda t, mp: _load(_train_test(t, train_bad={("dogs", "a.png"), ("dogs", "b.png")})),
    "empty_test": lambda t, mp: _load(_train_test(t, test_bad={("cats", "a.png"), ("cats", "b.png")})),
    "bad_picture": lambda t, mp: _load(ImageFolderSource(path=pictures(t / "d", bad={("cats", "b.png")}).path, size=(8, 8), bad_files="refuse")),
    "cancelled": _cancelled,
}


def test_every_code_has_a_broken_table_or_folder():
    assert set(BROKEN) == set(DATA_TEMPLATES)


def _error(code, tmp_path, monkeypatch) -> DataError:
    attempt = BROKEN[code](tmp_path, monkeypatch)
    with pytest.raises(DataError) as info:
        attempt()
    assert info.value.code == code, str(info.value)
    assert str(info.value).startswith(info.value.params["path"] + ": ")
    return info.value


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_data_errors_in_english_are_the_core_message(qapp, code, tmp_path, monkeypatch):
    error = _error(code, tmp_path, monkeypatch)
    assert data_error_text(error) == str(error)


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_data_errors_in_japanese(japanese, code, tmp_path, monkeypatch):
    error = _error(code, tmp_path, monkeypatch)
    text = data_error_text(error)
    assert text != str(error) and text.startswith(error.params["path"] + ": ")
    words = text.replace(error.params["path"], "")
    for english in ("must", "cannot", "not a", "the file", "the folder", "column"):
        assert english not in words, words
