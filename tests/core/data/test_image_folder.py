"""Folders of pictures as datasets: the real UCI digits, both layouts, colour and size, and
every way a folder can be broken (folders and files the tests make), each refused or
reported in one sentence naming the folder or the picture."""
from __future__ import annotations

import struct
import threading
import zlib

import numpy as np
import pytest
from PIL import Image

from core.data import image_folder
from core.data.catalog import ImageFolderSource
from core.data.datasets import DataError, LoadCancelled, load_dataset
from core.data.image_folder import picture_array, preview_folder, scan
from tests.core.data.test_pictures import EPS


@pytest.fixture(scope="module")
def uci(datasets_dir):
    return datasets_dir / "uci-digits"


def folder(path, **options) -> ImageFolderSource:
    return ImageFolderSource(path=str(path), **{"size": (8, 8), **options})


def refused(src, code: str, *words: str) -> DataError:
    with pytest.raises(DataError) as info:
        load_dataset(src)
    e = info.value
    assert e.code == code, (e.code, str(e))
    assert "\n" not in str(e)
    for w in words:
        assert w in str(e), (w, str(e))
    return e


def png_header(path, width: int, height: int) -> None:
    """A PNG that claims width x height pixels: its header, a little data, its end (no decoder
    needs more than the header to know it is far too large)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


def digits_folder(root, uci, *, classes=("0", "1", "2"), per_class=12, layout="classes"):
    """A folder of real UCI digit pictures: one sub-folder per class, or train/ and test/ above them."""
    for name in classes:
        files = sorted((uci / name).iterdir())[:per_class]
        if layout == "classes":
            (root / name).mkdir(parents=True)
            for f in files:
                (root / name / f.name).write_bytes(f.read_bytes())
        else:
            for part, chosen in (("train", files[: per_class * 3 // 4]), ("test", files[per_class * 3 // 4:])):
                (root / part / name).mkdir(parents=True, exist_ok=True)
                for f in chosen:
                    (root / part / name / f.name).write_bytes(f.read_bytes())
    return root


# --------------------------------------------------------------------------- the real folder


def test_uci_digits_one_folder_per_class(uci):
    data = load_dataset(folder(uci), seed=0)
    assert data.class_names == tuple(str(i) for i in range(10))
    assert data.x_train.shape[1:] == (1, 8, 8) and data.x_train.dtype == np.uint8
    assert len(data.y_train) + len(data.y_test) == 1797
    assert data.report.pictures == 1797 and data.report.skipped_count == 0 and data.report.layout == "classes"
    counts = np.bincount(np.concatenate([data.y_train, data.y_test]))
    assert counts.min() == 174 and counts.max() == 183  # as the README says
    np.testing.assert_array_equal(np.bincount(data.y_test), np.round(counts * 0.2).astype(int))  # stratified
    # the pixels are the files' own: 8x8 needs no resizing
    first = sorted((uci / str(data.y_train[0])).iterdir())
    assert any(np.array_equal(np.asarray(Image.open(f))[None], data.x_train[0]) for f in first)
    assert data.normalise(data.x_train[:2]).max() <= 1.0


def test_the_split_is_seeded(uci):
    a, b, c = (load_dataset(folder(uci), seed=s) for s in (0, 0, 3))
    np.testing.assert_array_equal(a.y_test, b.y_test)
    np.testing.assert_array_equal(a.x_test, b.x_test)
    assert not np.array_equal(a.x_test, c.x_test)


def test_train_and_test_folders_are_kept_apart(tmp_path, uci):
    root = digits_folder(tmp_path / "d", uci, layout="train_test")
    data = load_dataset(folder(root))
    assert data.report.layout == "train_test" and data.class_names == ("0", "1", "2")
    assert len(data.y_train) == 27 and len(data.y_test) == 9


def test_sizes_and_colours(tmp_path, uci):
    root = digits_folder(tmp_path / "d", uci)
    rgb = load_dataset(folder(root, size=(16, 12), color="rgb"))
    assert rgb.x_train.shape[1:] == (3, 16, 12) and rgb.input_shape == (3, 16, 12)
    assert (rgb.x_train[:, 0] == rgb.x_train[:, 1]).all()  # grey pictures: the same in every channel
    # a colour photo, larger and of other proportions, and a transparent one
    (root / "0" / "photo.jpg").parent.mkdir(exist_ok=True)
    Image.new("RGB", (640, 480), (200, 40, 10)).save(root / "0" / "photo.jpg")
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(root / "1" / "clear.png")
    pic = load_dataset(folder(root, size=(10, 10), color="rgb", test_split=0.05))
    x = np.concatenate([pic.x_train, pic.x_test])
    assert any(abs(int(p[0].mean()) - 200) <= 2 and abs(int(p[1].mean()) - 40) <= 2 for p in x)  # resized, colours kept
    assert any((p == 255).all() for p in x)  # transparency on white
    grey = picture_array(Image.new("RGB", (50, 20), (255, 0, 0)), (4, 4), "grayscale")
    assert grey.shape == (1, 4, 4) and abs(int(grey.mean()) - 76) <= 1  # ITU-R 601 luma of pure red


def test_non_pictures_are_skipped_and_counted(tmp_path, uci):
    root = digits_folder(tmp_path / "d", uci)
    (root / "0" / "notes.txt").write_text("not a picture")
    (root / "1" / "digit.png").write_bytes(EPS)
    png_header(root / "2" / "huge.png", 30_000, 30_000)
    (root / "0" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # hidden: not even counted
    data = load_dataset(folder(root))
    assert data.report.files == 39 and data.report.pictures == 36 and data.report.skipped_count == 3
    reasons = dict(data.report.skipped)
    assert reasons["0/notes.txt"].startswith("not a picture LayerLab can read")
    assert reasons["1/digit.png"].startswith("not a picture LayerLab can read")
    assert reasons["2/huge.png"] == "the picture is too large to open"  # from its header: nothing decoded


@pytest.mark.parametrize("make, code, words", [
    (lambda d: png_header(d / "2" / "huge.png", 30_000, 30_000), "bad_picture", "huge.png: the picture is too large to open"),
    (lambda d: (d / "1" / "digit.png").write_bytes(EPS), "bad_picture", "digit.png: not a picture LayerLab can read (use PNG, JPEG, BMP or GIF)"),
], ids=["30000x30000 png", "eps named png"])
def test_bad_files_refused_when_asked(tmp_path, uci, make, code, words):
    root = digits_folder(tmp_path / "d", uci)
    make(root)
    e = refused(folder(root, bad_files="refuse"), code, words)
    assert str(e).startswith(str(root))


def test_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    refused(folder(tmp_path / "empty"), "empty_folder", "the folder is empty")


def test_a_folder_with_one_class(tmp_path, uci):
    refused(folder(digits_folder(tmp_path / "d", uci, classes=("7",))), "one_class_folder", "only one class folder (7)", "at least two classes")


def test_a_folder_with_no_pictures(tmp_path):
    for name in ("cats", "dogs"):
        (tmp_path / "d" / name).mkdir(parents=True)
        (tmp_path / "d" / name / "readme.txt").write_text("soon")
    refused(folder(tmp_path / "d"), "no_pictures", "none of the 2 files in the class folders is a picture")
    for name in ("cats", "dogs"):
        (tmp_path / "e" / name).mkdir(parents=True)
    refused(folder(tmp_path / "e"), "no_files", "the class folders hold no files")


def test_pictures_without_class_folders(tmp_path, uci):
    (tmp_path / "flat").mkdir()
    for f in sorted((uci / "3").iterdir())[:5]:
        (tmp_path / "flat" / f.name).write_bytes(f.read_bytes())
    refused(folder(tmp_path / "flat"), "no_class_folders", "5 file(s) but no sub-folders", "a sub-folder named after it")


def test_paths_that_are_no_folder(tmp_path):
    e = refused(folder(tmp_path / "gone"), "missing_folder", "the folder is not there")
    assert e.reason == "not_found"
    (tmp_path / "file.png").write_bytes(b"x")
    refused(folder(tmp_path / "file.png"), "not_a_folder", "is a file, not a folder")


def test_more_pictures_than_memory_allows_is_refused_before_reading(tmp_path, uci, monkeypatch):
    root = digits_folder(tmp_path / "d", uci)
    monkeypatch.setattr(image_folder, "MAX_DATA_BYTES", 36 * 3 * 64 * 64 - 1)
    monkeypatch.setattr(image_folder, "read_picture", lambda *a, **k: pytest.fail("a picture was read"))
    refused(folder(root, size=(64, 64), color="rgb"), "too_much_memory", "36 pictures of 64x64 would take")


# --------------------------------------------------------------------------- progress, cancel, a model's classes


def test_progress_is_reported_and_cancel_stops_between_chunks(tmp_path, uci, monkeypatch):
    monkeypatch.setattr(image_folder, "CHUNK", 5)
    root = digits_folder(tmp_path / "d", uci)
    seen = []
    load_dataset(folder(root), progress=lambda done, total, name: seen.append((done, total)))
    assert seen[0] == (0, 36) and seen[-1] == (36, 36) and len(seen) == 1 + 8
    cancel = threading.Event()
    calls = []

    def stop_after_two(done, total, name):
        calls.append(done)
        if len(calls) == 3:
            cancel.set()

    with pytest.raises(LoadCancelled):
        load_dataset(folder(root), progress=stop_after_two, cancel=cancel)
    assert calls == [0, 5, 10]


def test_a_models_classes_are_kept(tmp_path, uci):
    trained = load_dataset(folder(digits_folder(tmp_path / "all", uci, classes=("0", "1", "2"))))
    some = digits_folder(tmp_path / "some", uci, classes=("1", "2"))
    data = load_dataset(folder(some), like=trained.info())
    assert data.class_names == ("0", "1", "2") and set(np.concatenate([data.y_train, data.y_test])) == {1, 2}
    other = digits_folder(tmp_path / "other", uci, classes=("1", "9"))
    with pytest.raises(DataError, match="9 is not a class the model knows"):
        load_dataset(folder(other), like=trained.info())


def test_the_layout_is_found_without_reading_a_picture(tmp_path, uci, monkeypatch):
    monkeypatch.setattr(image_folder, "read_picture", lambda *a, **k: pytest.fail("a picture was read"))
    layout = scan(digits_folder(tmp_path / "d", uci, layout="train_test"))
    assert layout.class_names == ("0", "1", "2") and layout.files == 36 and layout.test is not None


# --------------------------------------------------------------------------- the preview


def test_the_preview_shows_pictures_per_class_with_counts(uci):
    preview = preview_folder(folder(uci), per_class=4)
    assert [(name, count) for name, count, _ in preview.classes][:3] == [("0", 178), ("1", 182), ("2", 177)]
    assert all(len(pictures) == 4 and pictures[0].shape == (1, 8, 8) for _, _, pictures in preview.classes)
    assert preview.problem is None and preview.files == 1797


def test_the_preview_says_what_a_load_would_meet(tmp_path):
    for name in ("cats", "dogs"):
        (tmp_path / "d" / name).mkdir(parents=True)
        (tmp_path / "d" / name / "a.png").write_bytes(EPS)
    preview = preview_folder(folder(tmp_path / "d"))
    assert preview.problem is not None and preview.problem.code == "no_pictures_seen"
    assert preview.skipped[0] == ("cats/a.png", "not a picture LayerLab can read (use PNG, JPEG, BMP or GIF)")
