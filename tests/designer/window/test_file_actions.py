"""The window's file actions (designer.window.file_actions.FileActions) through their public
methods and the real menus: recent files, the default design, saving where it must not."""
from __future__ import annotations

from PySide6.QtWidgets import QMenu

from core.design import spec
from designer.document.recent_files import clear_recent_files, recent_files

from tests.designer.design_helpers import MNIST_EXAMPLE, no_dialogs, window  # noqa: F401


def entries(menu: QMenu) -> list[tuple[str, bool]]:
    return [(a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator()]


def test_the_recent_menu_opens_the_newest_first_and_forgets_a_file_that_went(window, tmp_path):
    files = window.files
    clear_recent_files()
    menu = QMenu()
    files.fill_recent_menu(menu)
    assert entries(menu) == [("No recent files", False)]
    for name in ("first.json", "second.json"):
        window.document.set_value("name", name)
        assert files.save_as(tmp_path / name)
    files.fill_recent_menu(menu)
    assert entries(menu) == [("&1 second.json", True), ("&2 first.json", True), ("&Clear List", True)]

    window.document.load_design(spec.Design(name="Something else"))
    menu.actions()[1].trigger()  # first.json
    assert window.document.path == tmp_path / "first.json" and window.document.design.name == "first.json"
    assert recent_files()[0] == str((tmp_path / "first.json").resolve())

    (tmp_path / "second.json").unlink()
    files.fill_recent_menu(menu)
    next(a for a in menu.actions() if a.text().endswith("second.json")).trigger()
    assert "is no longer there" in window.error_dialog.text()
    window.error_dialog.close()
    assert recent_files() == [str((tmp_path / "first.json").resolve())]
    files.fill_recent_menu(menu)
    next(a for a in menu.actions() if a.text() == "&Clear List").trigger()
    files.fill_recent_menu(menu)
    assert entries(menu) == [("No recent files", False)]


def test_the_window_menus_are_filled_by_the_file_actions(window):
    window.examples_menu.aboutToShow.emit()
    titles = [a.text() for a in window.examples_menu.actions()]
    assert "MNIST MLP" in titles
    window.recent_menu.aboutToShow.emit()
    assert window.recent_menu.actions()  # an entry or "No recent files"


def test_the_default_design_is_the_mnist_example_untitled_and_unchanged(window):
    window.document.load_design(spec.Design(name="Something else"))
    window.files.load_default_design()
    doc = window.document
    assert doc.design.name == spec.load(MNIST_EXAMPLE).name
    assert doc.path is None and not doc.is_modified and doc.suggested_name == MNIST_EXAMPLE.name


def test_a_design_is_never_saved_through_a_symbolic_link(window, tmp_path):
    """Designs are written with core.io.atomic, like models and exports: a link stays a link."""
    target = tmp_path / "elsewhere.json"
    target.write_text("someone else's file")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert not window.files.save_as(link)
    assert "link.json cannot be written" in window.error_dialog.text() and "symbolic link" in window.error_dialog.text()
    window.error_dialog.close()
    assert link.is_symlink() and target.read_text() == "someone else's file"
    assert window.document.path is None  # still untitled: nothing was saved
