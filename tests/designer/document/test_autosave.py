"""Nothing lost: unsaved work is autosaved, and a killed LayerLab's work comes back."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from core.design import spec
from designer.document.autosave import Autosaver, autosave_dir, find_orphans
from designer.document.document import Document
from core.layer_types.dense import DenseSpec

from tests.designer.design_helpers import MNIST_EXAMPLE, ROOT, as_dict, no_dialogs, window  # noqa: F401


def test_the_autosave_folder_is_in_the_users_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYERLAB_DATA_HOME", str(tmp_path))
    assert autosave_dir() == tmp_path / "autosave"


def test_unsaved_work_is_written_and_removed_once_saved(qtbot, tmp_path):
    doc = Document()
    doc.load_design(spec.load(MNIST_EXAMPLE), MNIST_EXAMPLE)
    saver = Autosaver(doc, tmp_path, delay_ms=20)
    assert not saver.save_now() and not saver.path.exists()  # nothing unsaved yet
    with qtbot.waitSignal(saver.saved, timeout=2000):
        doc.set_value("layers[0].units", 123)
    record = json.loads(saver.path.read_text(encoding="utf-8"))
    assert record["format"] == "layerlab-autosave" and record["source"] == str(MNIST_EXAMPLE)
    assert spec.from_dict(record["design"]).layers[0].units == 123
    assert list(tmp_path.glob("*.tmp")) == [] and len(list(tmp_path.glob("*.json"))) == 1
    doc.undo()  # back to the saved state: no unsaved work to keep
    assert not saver.path.exists()
    doc.redo()
    saver.save_now()
    doc.mark_saved(tmp_path / "saved.json")
    assert not saver.path.exists()
    saver.discard()
    assert list(tmp_path.iterdir()) == []


def test_a_running_sessions_work_is_not_an_orphan(qtbot, tmp_path):
    doc = Document()
    doc.load_design(spec.load(MNIST_EXAMPLE))
    saver = Autosaver(doc, tmp_path)
    doc.set_value("name", "Busy")
    assert saver.save_now()
    assert find_orphans(tmp_path) == []
    saver.discard()


def test_work_left_by_a_dead_session_is_restored_as_one_undo_step(window, tmp_path):
    # a copy with no live owner, as a crash leaves it
    saved = tmp_path / "mine.json"
    spec.dump(spec.load(MNIST_EXAMPLE), saved)
    changed = spec.load(saved)
    changed.layers[0].units = 77
    folder = window.autosaver.directory
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "session-dead.json").write_text(json.dumps({
        "format": "layerlab-autosave", "version": 1, "source": str(saved), "saved_at": time.time(),
        "name": changed.name, "design": spec.to_dict(changed)}), encoding="utf-8")
    (folder / "session-junk.json").write_text("{ not json", encoding="utf-8")  # skipped, kept

    assert window.files.offer_restore(ask=False)
    doc = window.document
    assert as_dict(doc.design) == as_dict(changed)
    assert doc.path == saved and doc.is_modified  # unsaved: the title shows it, closing asks
    assert doc.undo_stack.undoText() == "Restore unsaved changes"
    doc.undo()
    assert as_dict(doc.design) == as_dict(spec.load(saved))
    assert not (folder / "session-dead.json").exists()
    assert (folder / "session-junk.json").exists()
    assert not window.files.offer_restore(ask=False)  # offered once


CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from designer.app import create_application, create_window

    app = create_application([])
    window = create_window([{path!r}])
    window.autosaver.timer.setInterval(50)
    window.autosaver.saved.connect(lambda p: print("AUTOSAVED", p, flush=True))
    window.show()
    page = window.design_page
    page.select(0)
    page.properties.editor("units").setValue(77)
    page.add_layer("dropout")
    sys.exit(app.exec())
""")


def test_a_killed_app_is_restored_on_the_next_launch(tmp_path, qtbot, no_dialogs):  # noqa: F811
    saved = tmp_path / "work.json"
    spec.dump(spec.load(MNIST_EXAMPLE), saved)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LAYERLAB_NO_RESTORE_PROMPT="1")
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(saved))],
                             env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if line.startswith("AUTOSAVED") or not line:
                break
        assert line.startswith("AUTOSAVED"), child.stderr.read()
        # the second edit may still be on its way to disk: wait until the copy has it
        copy_path = line.split(" ", 1)[1].strip()
        while time.monotonic() < deadline:
            record = json.loads(open(copy_path, encoding="utf-8").read())
            if len(record["design"]["layers"]) == 6:
                break
            child.stdout.readline()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert spec.load(saved).layers[0].units == 512  # the file itself was never saved

    # the next launch
    from designer.app import create_window

    window = create_window()
    try:
        assert window.files.offer_restore(ask=False)
        design = window.document.design
        assert design.layers[0].units == 77 and len(design.layers) == 6
        assert window.document.path == saved and window.document.is_modified
        assert window.windowTitle().startswith("work.json")
    finally:
        window.document.undo_stack.setClean()
        window.close()


@pytest.mark.parametrize("choice", ["Restore", "Discard", "Not Now"])
def test_the_startup_prompt(window, monkeypatch, choice):
    from PySide6.QtWidgets import QMessageBox

    folder = window.autosaver.directory
    folder.mkdir(parents=True, exist_ok=True)
    design = spec.Design(name="Lost work", layers=[DenseSpec(10, "softmax")])
    (folder / "session-old.json").write_text(json.dumps({
        "format": "layerlab-autosave", "version": 1, "source": None, "saved_at": time.time(),
        "name": design.name, "suggested_name": "", "design": spec.to_dict(design)}), encoding="utf-8")

    def fake_exec(box):
        for button in box.buttons():
            if button.text() == choice:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    restored = window.files.offer_restore()
    assert restored == (choice == "Restore")
    assert (window.document.design.name == "Lost work") == restored
    assert (folder / "session-old.json").exists() == (choice == "Not Now")


def test_corrupt_or_absurdly_nested_orphans_are_skipped_not_a_crash(qtbot, tmp_path, caplog):
    # A dead session's copy that is nested too deeply for the JSON reader (RecursionError),
    # or whose design or time is nonsense, is skipped with a log line; good copies still come back.
    (tmp_path / "session-deep.json").write_text("[" * 200_000 + "]" * 200_000)
    design = as_dict(spec.load(MNIST_EXAMPLE))
    (tmp_path / "session-deepdesign.json").write_text(
        '{"format": "layerlab-autosave", "version": 1, "design": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}")
    (tmp_path / "session-hugetime.json").write_text(json.dumps(
        {"format": "layerlab-autosave", "version": 1, "design": design, "saved_at": 10**400}))
    good = {"format": "layerlab-autosave", "version": 1, "design": design, "saved_at": 5.0}
    (tmp_path / "session-good.json").write_text(json.dumps(good))
    with caplog.at_level("WARNING", logger="designer.document.autosave"):
        orphans = find_orphans(tmp_path)
    try:
        assert [(o.file.name, o.saved_at) for o in orphans] == [("session-good.json", 5.0), ("session-hugetime.json", 0.0)]
        assert "session-deep.json" in caplog.text
    finally:
        for o in orphans:
            o.release()
