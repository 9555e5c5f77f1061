"""The main window's file actions: New, Open, Save, Save As, recent files, the examples,
opening a trained model, and bringing back autosaved work after a crash.

`FileActions` is the controller behind the File and Examples menus (the window makes the
menus and actions and connects them here). It reads and writes through
designer.document.files, loads what it read into the window's Document, and asks before
anything unsaved is lost: Save / Discard / Cancel, one question when a training run
would stop too. Every problem is said in a dialog that names what is wrong; the current
design stays as it was.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Slot
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from core.io.resources import examples_dir
from designer.document import files
from designer.document.autosave import Orphan, find_orphans
from designer.document.commands import DesignReplacedCmd
from designer.document.recent_files import (
    add_recent_file,
    clear_recent_files,
    recent_files,
    remove_recent_file,
)
from designer.text import names

EXAMPLES_DIR = examples_dir()
DEFAULT_EXAMPLE = EXAMPLES_DIR / "mnist_mlp.json"


def example_files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.json")) if EXAMPLES_DIR.is_dir() else []


class FileActions(QObject):
    """See the module doc. `window` is the MainWindow: its Document, its messages and
    dialogs, its pages' `before_replace` hooks, its autosaver."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.document = window.document
        #: the file opened last (a trained model's origin in the ModelStore)
        self.last_opened: Path | None = None
        self.document.modelLoaded.connect(self._on_model_loaded)

    @Slot(object)
    def _on_model_loaded(self, bundle) -> None:
        self.window.model_store.set_bundle(bundle, str(self.last_opened) if self.last_opened else "file")

    def may_replace_design(self) -> bool:
        """Before New/Open/an example: Save / Discard / Cancel, then stop work on the design
        (in that order, so that a Cancel never costs a training run; one question when both)."""
        if not self.may_close():
            return False
        if self.document.read_only:
            for hook in list(self.window.before_replace):
                if not hook():
                    return False
            if self.document.read_only:
                self.window.show_message(self.tr("The design is locked while the network trains."))
                return False
        return True

    def maybe_save(self, *, stops_training: bool = False) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go ahead.
        `stops_training`: going ahead also stops a training run, and the question says so."""
        if not self.document.is_modified:
            return True
        B = QMessageBox.StandardButton
        name = self.document.display_name()
        if stops_training:
            text = self.tr("“{name}” has changes that are not saved, and a network is being trained on it. "
                           "Going on stops the training: what it has learnt so far is lost. Save the design first?").format(name=name)
        else:
            text = self.tr("“{name}” has changes that are not saved. Save them first?").format(name=name)
        answer = QMessageBox.question(self.window, self.tr("Unsaved changes"), text, B.Save | B.Discard | B.Cancel, B.Save)
        if answer == B.Save:
            return self.save()
        return answer == B.Discard

    def _training_would_ask(self) -> bool:
        """A run is going on that the Train page would ask about stopping."""
        page = getattr(self.window, "training_page", None)
        return page is not None and page.is_running and page.confirm_stop

    def may_close(self) -> bool:
        """Unsaved changes and a training run: ask once (Save / Discard / Cancel, saying the run
        stops), then stop the run without asking again. Otherwise just `maybe_save`."""
        training = self._training_would_ask() and self.document.is_modified
        if not self.maybe_save(stops_training=training):
            return False
        if training:
            self.window.training_page.stop_and_wait(1000)  # already answered: the page's own question is not asked
        return True

    @Slot()
    def new_design(self) -> bool:
        if not self.may_replace_design():
            return False
        from core.design.spec import Design

        self.document.load_design(Design(name=self.tr("Untitled")))
        self.window.show_message(self.tr("New design: drag layers in from the palette."))
        return True

    @Slot()
    def open_dialog(self) -> bool:
        if not self.may_replace_design():
            return False
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open a design or a trained model"), self._last_dir(), files.file_filters())
        if not path:
            return False
        return self.open_path(path, ask=False)

    def open_path(self, path: str | os.PathLike, *, ask: bool = True) -> bool:
        """Open a design or model file. On any problem, an error dialog names the field and
        the current design stays as it was."""
        path = Path(path)
        opened = self._open_in_place_of_design(path, ask, self.tr("Cannot open {name}").format(name=path.name))
        if opened is None:
            return False
        self.last_opened = path
        if opened.is_model:
            self.document.load_bundle(opened.bundle, path)
            self.window.show_message(self.tr("Opened the trained model {name}: its design is shown, the model is ready to test.").format(name=path.name))
        else:
            self.document.load_design(opened.design, path)
            self.window.show_message(self.tr("Opened {name}").format(name=path.name))
        add_recent_file(path)
        self._remember_dir(path)
        return True

    def _open_in_place_of_design(self, path: Path, ask: bool, error_title: str) -> files.Opened | None:
        """The file read, or None when the user keeps the current design (asked if `ask`) or the
        file cannot be read (then a dialog titled `error_title` says why)."""
        if ask and not self.may_replace_design():
            return None
        try:
            return files.open_file(path)
        except files.FileError as e:
            self.window.show_error(error_title, str(e), e.details)
            return None

    def load_example(self, path: str | os.PathLike, *, ask: bool = True) -> bool:
        """Open an example as a new untitled design (Save asks where, never over the example)."""
        path = Path(path)
        opened = self._open_in_place_of_design(path, ask, self.tr("Cannot open the example"))
        if opened is None:
            return False
        design = opened.design
        language = names.ui_language()
        if language:  # the user's copy starts with the name and description in their language
            design.name, design.description = design.title(language), design.summary(language)
        self.document.load_design(design, None, suggested_name=path.name)
        self.window.show_message(self.tr("Example “{name}” loaded").format(name=design.name))
        return True

    @Slot()
    def save(self) -> bool:
        path = self.document.path
        if path is None or path.suffix.lower() != files.DESIGN_SUFFIX:
            return self.save_as_dialog()
        return self.save_as(path)

    @Slot()
    def save_as_dialog(self) -> bool:
        suggested = files.save_name(self.document.design, self.document.suggested_name)
        start = str(self.document.path) if self.document.path is not None else os.path.join(self._last_dir(), suggested)
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save the design"), start, self.tr("Designs (*.json)"))
        if not path:
            return False
        if not path.lower().endswith(files.DESIGN_SUFFIX):
            path += files.DESIGN_SUFFIX
        return self.save_as(path)

    def save_as(self, path: str | os.PathLike) -> bool:
        """Write the design to `path` (atomically); it becomes the document's file."""
        path = Path(path)
        try:
            files.save_design(self.document.design, path)
        except files.FileError as e:
            self.window.show_error(self.tr("Cannot save {name}").format(name=path.name), str(e))
            return False
        self.document.mark_saved(path)
        add_recent_file(path)
        self._remember_dir(path)
        self.window.show_message(self.tr("Saved {name}").format(name=path.name))
        return True

    def _last_dir(self) -> str:
        d = QSettings().value("files/lastDir", "")
        if d and Path(str(d)).is_dir():
            return str(d)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def _remember_dir(self, path: Path) -> None:
        if path.parent != EXAMPLES_DIR:
            QSettings().setValue("files/lastDir", str(path.resolve().parent))

    def fill_recent_menu(self, menu: QMenu) -> None:
        """The recent files, newest first, as `menu`'s entries (File → Open Recent)."""
        menu.clear()
        paths = recent_files()
        for i, p in enumerate(paths):
            label = f"&{i + 1} {Path(p).name}" if i < 9 else Path(p).name
            action = menu.addAction(label)
            action.setToolTip(p)
            action.triggered.connect(lambda _=False, p=p: self._open_recent(p))
        if paths:
            menu.addSeparator()
            menu.addAction(self.tr("&Clear List"), clear_recent_files)
        else:
            none = menu.addAction(self.tr("No recent files"))
            none.setEnabled(False)

    def _open_recent(self, path: str) -> None:
        if not Path(path).exists():
            remove_recent_file(path)
            self.window.show_error(self.tr("File not found"), self.tr("{path} is no longer there; it was removed from the list.").format(path=path))
            return
        self.open_path(path)

    def fill_examples_menu(self, menu: QMenu) -> None:
        """The example designs, by their titles in the user's language, as `menu`'s entries."""
        menu.clear()
        from core.design import spec
        language = names.ui_language()
        for path in example_files():
            try:
                design = spec.load(path)
            except spec.SpecError:
                continue
            action = menu.addAction(design.title(language))
            action.setToolTip(design.summary(language))
            action.setStatusTip(design.summary(language))
            action.triggered.connect(lambda _=False, p=path: self.load_example(p))
        if menu.isEmpty():
            none = menu.addAction(self.tr("No examples found"))
            none.setEnabled(False)

    def load_default_design(self) -> None:
        """What the app shows at startup: the MNIST example, or an empty design without it."""
        if DEFAULT_EXAMPLE.is_file() and self.load_example(DEFAULT_EXAMPLE, ask=False):
            self.window.statusBar().clearMessage()
            return
        from core.design.spec import Design

        self.document.load_design(Design(name=self.tr("Untitled")))

    # ------------------------------------------------------------------ autosave and restore

    def offer_restore(self, *, ask: bool = True) -> bool:
        """After a crash: offer the newest unsaved work left behind; True if it was restored."""
        if self.window.autosaver is None:
            return False
        orphans = find_orphans(self.window.autosaver.directory)
        if not orphans:
            return False
        newest, older = orphans[0], orphans[1:]
        for o in older:
            o.release()  # offered again on a later launch
        if ask:
            from PySide6.QtCore import QDateTime, QLocale

            when = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(newest.saved_at)), QLocale.FormatType.ShortFormat)
            name = newest.source.name if newest.source else newest.design.name
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Restore unsaved work?"),
                              self.tr("LayerLab was closed without saving “{name}” (last change at {when}). "
                                      "Restore those changes?").format(name=name, when=when), parent=self.window)
            restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(self.tr("Not Now"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(restore)
            box.exec()
            if box.clickedButton() is discard:
                newest.discard()
                return False
            if box.clickedButton() is not restore:
                newest.release()
                return False
        self.restore_orphan(newest)
        return True

    def restore_orphan(self, orphan: Orphan) -> None:
        """Bring back autosaved work: its file as saved, then the unsaved changes as one undo step."""
        base = None
        if orphan.source is not None and orphan.source.suffix.lower() == files.DESIGN_SUFFIX:
            try:
                base = files.open_file(orphan.source)
            except files.FileError:
                base = None
        if base is not None:
            self.document.load_design(base.design, orphan.source)
        else:
            self.document.load_design(orphan.design.copy(), None, suggested_name=orphan.suggested_name)
        self.document.push(DesignReplacedCmd(self.document, orphan.design, self.tr("Restore unsaved changes")))
        if self.window.autosaver is not None:
            self.window.autosaver.save_now()
        orphan.discard()
        self.window.show_message(self.tr("Unsaved changes restored."))


__all__ = ["FileActions", "example_files", "EXAMPLES_DIR", "DEFAULT_EXAMPLE"]
