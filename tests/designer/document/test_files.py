"""Files through the main window: save and reopen, examples, trained models, broken and
hostile files, unsaved-changes prompts, recent files, window settings."""
from __future__ import annotations

import json
import os
import zipfile

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.design import spec
from designer.document import files
from designer.document.recent_files import recent_files

from tests.designer.design_helpers import EXAMPLES, MNIST_EXAMPLE, ROOT, as_dict, no_dialogs, window  # noqa: F401

B = QMessageBox.StandardButton


def answer(monkeypatch, button):
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_save_reopen_and_compare(window, tmp_path):
    doc = window.document
    window.design_page.select(0)
    window.design_page.properties.editor("units").setValue(300)
    window.design_page.add_layer("dropout")
    assert doc.is_modified and window.isWindowModified()
    assert window.windowTitle() == "MNIST MLP[*] — LayerLab"
    expected = as_dict(doc.design)

    path = tmp_path / "mine.json"
    assert window.files.save_as(path)
    assert not doc.is_modified and not window.isWindowModified()
    assert window.windowTitle() == "mine.json[*] — LayerLab"
    assert doc.path == path
    assert as_dict(spec.load(path)) == expected
    assert str(path.resolve()) == recent_files()[0]

    doc.load_design(spec.Design(name="Something else"))
    assert window.files.open_path(path)
    assert as_dict(doc.design) == expected
    assert doc.path == path and not doc.undo_stack.canUndo()


def test_save_writes_atomically_over_the_old_file(window, tmp_path):
    path = tmp_path / "design.json"
    path.write_text("old contents")
    os.chmod(path, 0o644)
    window.document.mark_saved(path)
    window.document.set_value("name", "Renamed")
    assert window.files.save()  # a known .json path: no dialog
    assert spec.load(path).name == "Renamed"
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.json"]  # no temporary files left


def test_a_failed_save_reports_and_keeps_the_unsaved_mark(window, tmp_path):
    window.document.set_value("name", "Renamed")
    assert not window.files.save_as(tmp_path / "no such folder" / "x.json")
    assert window.error_dialog.isVisible()
    assert "x.json cannot be written" in window.error_dialog.text()
    assert window.document.is_modified
    window.error_dialog.close()


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_saves_and_reopens_equal(window, tmp_path, example):
    assert window.files.load_example(example, ask=False)
    assert window.document.path is None  # Save never writes over an example
    assert window.document.suggested_name == example.name
    original = as_dict(spec.load(example))
    assert as_dict(window.document.design) == original
    out = tmp_path / example.name
    assert window.files.save_as(out)
    assert window.files.open_path(out)
    assert as_dict(window.document.design) == original


def test_examples_menu_lists_the_examples(window):
    titles = [a.text() for a in window.examples_menu.actions()]
    assert "MNIST MLP" in titles and "Fashion-MNIST MLP" in titles
    window.document.load_design(spec.Design(name="x"))
    next(a for a in window.examples_menu.actions() if a.text() == "Fashion-MNIST MLP").trigger()
    assert window.document.design.dataset == "fashion-mnist"


BROKEN = {
    "not-json": (b"{ this is not json", "not valid JSON"),
    "wrong-type": (json.dumps({"format": "layerlab-design", "version": 1, "layers": [{"type": "dense", "units": -3}]}).encode(),
                   "Layer 1 · units: must be a positive integer, got -3"),
    "unknown-key": (json.dumps({"format": "layerlab-design", "version": 1, "layers": [], "evil": 1}).encode(), "evil: unknown key"),
    "newer-version": (json.dumps({"format": "layerlab-design", "version": 99, "layers": []}).encode(), "version"),
    "binary": (bytes(range(256)) * 4, "not a UTF-8 text file"),
    "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    "huge-number": (b'{"format": "layerlab-design", "version": 1, "layers": [{"type": "dense", "units": 1' + b"0" * 200 + b"}]}", "Layer 1 · units"),
    "endless-number": (b'{"format": "layerlab-design", "version": 1, "layers": [{"type": "dense", "units": 1' + b"0" * 5000 + b"}]}", "not valid JSON"),
}


@pytest.mark.parametrize("content,message", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_shows_the_field_and_leaves_the_design_untouched(window, tmp_path, content, message):
    doc = window.document
    window.design_page.select(0)
    window.design_page.properties.editor("units").setValue(99)  # unsaved work that must survive
    before, stack_count = as_dict(doc.design), doc.undo_stack.count()
    path = tmp_path / "broken.json"
    path.write_bytes(content)

    assert not window.files.open_path(path, ask=False)
    assert window.error_dialog is not None and window.error_dialog.isVisible()
    assert message in window.error_dialog.text()
    assert "broken.json" in window.error_dialog.text()
    assert as_dict(doc.design) == before
    assert doc.undo_stack.count() == stack_count and doc.is_modified and doc.path is None
    window.error_dialog.close()


def test_hostile_model_files_are_refused(window, tmp_path):
    before = as_dict(window.document.design)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"PK\x03\x04" + os.urandom(200))
    assert not window.files.open_path(garbage, ask=False)
    assert "garbage.npz" in window.error_dialog.text()
    window.error_dialog.close()

    # an .npz holding a pickled object: never unpickled
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, design=np.array([{"evil": True}], dtype=object))
    assert not window.files.open_path(pickled, ask=False)
    window.error_dialog.close()

    # a zip bomb-like member claiming a huge array
    bomb = tmp_path / "bomb.npz"
    with zipfile.ZipFile(bomb, "w") as z:
        z.writestr("format.npy", b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }" + b" " * 40 + b"\n")
    assert not window.files.open_path(bomb, ask=False)
    window.error_dialog.close()
    assert as_dict(window.document.design) == before


def test_a_design_file_too_large_to_be_one_is_not_read(window, tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(files.MAX_DESIGN_BYTES + 1)  # sparse: nothing is actually written
    assert not window.files.open_path(big, ask=False)
    assert "too large" in window.error_dialog.text()
    window.error_dialog.close()


def test_opening_a_trained_model(window, qtbot):
    path = ROOT / "resources" / "models" / "mnist_mlp.npz"
    if not path.exists():
        pytest.skip("no bundled model")
    with qtbot.waitSignal(window.model_store.modelChanged) as blocker:
        assert window.files.open_path(path, ask=False)
    bundle, origin = blocker.args
    assert bundle is window.model_store.bundle and origin == str(path)
    assert as_dict(window.document.design) == as_dict(bundle.design)
    assert window.document.path is None


def test_save_of_an_untitled_design_asks_where(window, tmp_path, monkeypatch):
    target = tmp_path / "chosen"
    asked = []

    def get_save_file_name(parent, caption, start, filters):
        asked.append(start)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    window.document.set_value("name", "Renamed")
    assert window.files.save()
    assert asked and asked[0].endswith("mnist_mlp.json")
    assert (tmp_path / "chosen.json").exists() and window.document.path == tmp_path / "chosen.json"


def test_unsaved_changes_ask_save_discard_or_cancel(window, tmp_path, monkeypatch):
    doc = window.document
    path = tmp_path / "kept.json"
    window.files.save_as(path)
    doc.set_value("name", "Changed")

    asked = answer(monkeypatch, B.Cancel)
    assert not window.files.open_path(MNIST_EXAMPLE)
    assert not window.close()
    assert doc.design.name == "Changed" and window.isVisible() and len(asked) == 2

    answer(monkeypatch, B.Save)
    assert window.files.new_design()
    assert spec.load(path).name == "Changed"
    assert doc.design.layers == [] and not doc.is_modified

    doc.set_value("name", "Thrown away")
    answer(monkeypatch, B.Discard)
    assert window.files.load_example(MNIST_EXAMPLE)
    assert doc.design.name == "MNIST MLP"
    assert spec.load(path).name == "Changed"


def test_closing_with_unsaved_changes_and_discard_closes(window, monkeypatch):
    window.document.set_value("name", "Changed")
    answer(monkeypatch, B.Discard)
    assert window.close()
    assert not window.isVisible()


def test_before_close_hooks_can_keep_the_window_open(window):
    calls = []
    window.before_close.append(lambda: calls.append(1) or False)
    assert not window.close()
    assert window.isVisible() and calls == [1]
    window.before_close.clear()


def test_geometry_and_splitters_persist(qtbot, no_dialogs):  # noqa: F811
    from designer.window.main_window import MainWindow

    first = MainWindow()
    first.show()
    qtbot.waitExposed(first)
    first.move(40, 30)
    first.resize(701, 503)  # within the offscreen screen (800x600): restoreGeometry keeps windows on screen
    qtbot.wait(20)  # the new size is laid out
    size = first.size()
    first.design_page.splitter.setSizes([300, 500, 300])
    qtbot.wait(20)
    sizes = first.design_page.splitter.sizes()
    first.close()

    second = MainWindow()
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == size
    assert second.design_page.splitter.sizes() == sizes
    second.close()


def test_cancelling_the_save_question_leaves_a_training_run_alone(window, monkeypatch):
    """Save / Discard / Cancel comes first: a Cancel must not have stopped the run already."""
    stops = []
    window.document.set_value("name", "Changed")
    window.before_close.append(lambda: stops.append("close") or True)  # "stop the run"
    window.before_replace.append(lambda: stops.append("replace") or True)
    window.document.set_read_only(True)  # as while training
    answer(monkeypatch, B.Cancel)
    assert not window.close()
    assert not window.files.open_path(MNIST_EXAMPLE)
    assert stops == [] and window.isVisible()
    window.document.set_read_only(False)
    window.before_close.clear()
    window.before_replace.clear()
