"""The application shell: pages, menus and shortcuts, the title, and `python main.py` itself."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from tests.designer.design_helpers import ROOT, no_dialogs, window  # noqa: F401


from core.layer_types.dense import DenseSpec
def test_other_pages_join_with_add_page(window):
    page = QLabel("a page")
    index = window.add_page(page, "Extra", tooltip="An extra page")
    assert window.pages()[index] is page
    assert window.tabs.tabText(index) == "Extra" and window.tabs.tabToolTip(index) == "An extra page"
    action = next(a for a in window.view_menu.actions() if a.text() == "Extra")
    if index < 9:
        assert action.shortcut() == QKeySequence(f"Ctrl+{index + 1}")
    action.trigger()
    assert window.current_page() is page
    window.show_page(window.design_page)
    assert window.current_page() is window.design_page


def test_the_edit_menu_names_what_will_be_undone(window):
    assert window.undo_action.text() == "&Undo" and not window.undo_action.isEnabled()
    window.design_page.add_layer("dropout")
    assert window.undo_action.text() == "&Undo Add Dropout layer"
    window.undo_action.trigger()
    assert window.redo_action.text() == "&Redo Add Dropout layer"
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert {s.toString() for s in window.redo_action.shortcuts()} == {"Ctrl+Shift+Z", "Ctrl+Y"}


def test_standard_shortcuts(window):
    shortcuts = {a.shortcut().toString() for a in window.findChildren(type(window.undo_action)) if not a.shortcut().isEmpty()}
    for key in ("Ctrl+N", "Ctrl+O", "Ctrl+S", "Ctrl+Shift+S", "Ctrl+Z", "Del", "Ctrl+D", "Alt+Up", "Alt+Down", "Ctrl+1"):
        assert key in shortcuts, key


def test_title_shows_the_name_and_the_unsaved_mark(window):
    assert window.windowTitle() == "MNIST MLP[*] — LayerLab" and not window.isWindowModified()
    window.document.set_value("loss", "mse")
    assert window.isWindowModified()
    assert QCoreApplication.organizationName() == "LayerLab" and QCoreApplication.applicationName() == "LayerLab"


def test_every_user_visible_string_is_translatable():
    """No bare string literals reach setText/setToolTip/QAction/QLabel in any designer module:
    each goes through tr() or QCoreApplication.translate()."""
    import ast

    calls = {"setText", "setToolTip", "setStatusTip", "setWindowTitle", "addMenu", "addAction", "QLabel", "QAction",
             "QPushButton", "setPlaceholderText", "showMessage", "addTab", "addRow", "setTabToolTip"}
    offenders = []
    for path in sorted((ROOT / "designer").rglob("*.py")):
        name = path.relative_to(ROOT / "designer").as_posix()[: -len(".py")]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            fn = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if fn not in calls:
                continue
            for arg in node.args[:1]:
                # symbols such as "x₁" or "–" need no translation; words do
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and re.search(r"[A-Za-z]{2,}", arg.value):
                    offenders.append(f"{name}.py:{node.lineno}: {arg.value!r}")
    assert offenders == []


def test_python_main_py_shows_the_window_titled_layerlab(tmp_path):
    """Not a timing test (benchmarks/bench_startup.py measures): the probe works and the title is right."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LAYERLAB_STARTUP_PROBE="1", LAYERLAB_NO_RESTORE_PROMPT="1",
               LAYERLAB_LANGUAGE="en")  # whatever this machine's language
    out = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("startup ") and lines[0].endswith("MNIST MLP — LayerLab")
    assert float(lines[0].split()[1]) > 0
    assert lines[1].startswith("pages ")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("delay", [0.15, 4.0], ids=["while starting", "with the window open"])
def test_ctrl_c_in_the_terminal_ends_the_app_with_130_and_no_traceback(tmp_path, delay):
    import signal
    import time

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LAYERLAB_NO_RESTORE_PROMPT="1", LAYERLAB_LANGUAGE="en",
               LAYERLAB_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_replacing_a_design_being_trained_asks_the_pages_first(window, tmp_path):
    from core.design import spec
    path = tmp_path / "other.json"
    spec.dump(spec.Design(name="Other", layers=[DenseSpec(10, "softmax")]), path)
    window.before_replace.clear()
    window.document.set_read_only(True)  # as the training page does while it trains
    window.before_replace.append(lambda: False)  # "keep training"
    assert not window.files.open_path(path)
    assert window.document.design.name == "MNIST MLP"
    window.before_replace[:] = [lambda: window.document.set_read_only(False) or True]  # "stop training"
    assert window.files.open_path(path)
    assert window.document.design.name == "Other"


def test_undo_history_lists_every_step(window):
    from PySide6.QtWidgets import QUndoView

    window.design_page.add_layer("dense")
    window.design_page.add_layer("dropout")
    window.history_action.trigger()
    view = window.findChild(QUndoView)
    assert view.isVisible()
    assert view.model().rowCount() == 3  # the opened state, then two edits
    view.close()


def test_the_pages_in_the_order_a_learner_uses_them(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Design", "Train", "Test", "Explore"]
    assert window.pages()[3] is window.explore_page
    shortcut = next(a for a in window.view_menu.actions() if a.text() == "Explore").shortcut()
    assert shortcut == QKeySequence("Ctrl+4")


def test_the_status_bar_does_not_say_ready_to_train_while_training(window):
    assert window.validity_label.isVisibleTo(window) and window.validity_label.text() == "Ready to train"
    window.document.set_read_only(True)  # as the training page does while it trains
    assert window.read_only_label.isVisibleTo(window)
    assert not window.validity_label.isVisibleTo(window)
    window.document.set_read_only(False)
    assert window.validity_label.isVisibleTo(window) and not window.read_only_label.isVisibleTo(window)


def test_the_toolbar_fits_a_small_window_with_one_add_layer_menu_for_every_type(window):
    """A button per layer type no longer fit at 1024 pixels; one "Add Layer" menu holds them all."""
    from core.layer_types import LAYER_TYPES

    menu = window.add_layer_menu
    assert [a.text() for a in menu.actions()] == [f"Add {LAYER_TYPES[k].title} Layer" for k in LAYER_TYPES]
    assert window.toolbar.sizeHint().width() <= 1024
    assert window.add_layer_action in window.toolbar.actions() and window.add_layer_action.toolTip()
    before = len(window.document.design.layers)
    menu.actions()[0].trigger()  # Add Dense Layer
    assert len(window.document.design.layers) == before + 1
