"""The application window: menus, toolbar, status bar, and the pages in tabs.

The window owns the one `Document` (the design being edited) and the one
`ModelStore` (the trained model being used); every page gets them from here.
Other pages join with `add_page()`. A page with work that must end before the
window closes (a training run) adds a callable to `before_close`.

Files (`files`, a designer.window.file_actions.FileActions): New, Open (a design .json
or a trained model .npz), Save, Save As, recent files, the examples; closing or replacing
a design with unsaved changes asks Save / Discard / Cancel; unsaved work is autosaved and
offered back after a crash.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QToolBar,
    QToolButton,
    QUndoView,
    QWidget,
)

from core.design.costs import design_costs
from designer.document.autosave import Autosaver
from designer.document.document import Document
from designer.document.model_store import ModelStore
from designer.pages.design.design_page import DesignPage
from designer.text import names
from designer.widgets import wheel_guard
from designer.widgets.icons import action_icon, severity_icon
from designer.window.file_actions import FileActions

APP_NAME = "LayerLab"
ORGANIZATION = "LayerLab"
#: "1": do not offer to restore autosaved work at startup (tests; the restore path is called directly)
ENV_NO_RESTORE_PROMPT = "LAYERLAB_NO_RESTORE_PROMPT"


def setup_identity() -> None:
    """Organization and application names: where QSettings and autosaves are kept."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.organizationName() != ORGANIZATION:
        QCoreApplication.setOrganizationName(ORGANIZATION)
    if QCoreApplication.applicationName() != APP_NAME:
        QCoreApplication.setApplicationName(APP_NAME)


class _FirstExpose(QObject):
    """Runs `callback` once, soon after the watched window is first on screen."""

    def __init__(self, callback, parent: QObject):
        super().__init__(parent)
        self._callback = callback
        self._done = False

    def eventFilter(self, obj, event) -> bool:
        if not self._done and event.type() == QEvent.Type.Expose and obj.isExposed():
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


class MainWindow(QMainWindow):
    """LayerLab's window. `document`, `model_store` and `add_page()` are what pages use."""

    #: the window is about to close for good (after Save/Discard, after every `before_close` said yes)
    closing = Signal()
    #: every page has been added (at once, or just after the window first showed: see add_standard_pages)
    pagesReady = Signal()

    def __init__(self, document: Document | None = None, *, autosave: bool = True, defer_pages: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        setup_identity()
        wheel_guard.install()  # also without designer.app (tests, scripts): the wheel scrolls, never edits a field in passing
        self.setObjectName("MainWindow")
        self.document = document if document is not None else Document(parent=self)
        self.model_store = ModelStore(self)
        #: callables run before the window closes; any returning False keeps it open.
        #: A page stops its background work in it (e.g. a training run).
        self.before_close: list[Callable[[], bool]] = []
        #: callables run before another design replaces a read-only (training) one
        #: (New, Open, an example); any returning False keeps the current design.
        self.before_replace: list[Callable[[], bool]] = []
        #: the latest error dialog (non-modal), for tests and scripts
        self.error_dialog: QMessageBox | None = None
        self.autosaver = Autosaver(self.document, parent=self) if autosave else None
        self._undo_view: QUndoView | None = None
        self._page_actions: list[QAction] = []

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setObjectName("pages")
        self.setCentralWidget(self.tabs)
        self.design_page = DesignPage(self.document)
        #: New, Open, Save, Save As, recent files, examples, autosave restore
        self.files = FileActions(self)
        self.before_close.append(self.design_page.shutdown)  # reading the user's own data stops

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._make_status_bar()
        self.add_page(self.design_page, self.tr("Design"), tooltip=self.tr("Build the network"))
        #: True once the Train and Test pages exist (see add_standard_pages)
        self.pages_ready = False
        self._defer_pages = defer_pages
        if not defer_pages:
            self.add_standard_pages()

        doc = self.document
        doc.designChanged.connect(self._update_status)
        doc.designChanged.connect(self._update_title)
        doc.modifiedChanged.connect(self._update_title)
        doc.pathChanged.connect(self._update_title)
        doc.readOnlyChanged.connect(self._on_read_only)
        doc.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        doc.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        doc.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        doc.undo_stack.redoTextChanged.connect(self._update_undo_actions)

        self._update_title()
        self._update_status()
        self._update_undo_actions()
        self._restore_settings()

    # ================================================================== pages

    def add_standard_pages(self) -> None:
        """The pages after Design (Train, Test...). Their modules are slow to import
        (pyqtgraph), so `python main.py` adds them just after the window is on screen
        (defer_pages=True); MainWindow() alone adds them at once."""
        if self.pages_ready:
            return
        self.pages_ready = True
        from designer.pages.train.training_page import TrainingPage

        self.training_page = TrainingPage(self.document, self.model_store)
        self.add_page(self.training_page, self.tr("Train"), tooltip=self.tr("Set the hyperparameters, train, watch the curves"))
        self.before_close.append(self.training_page.before_close)  # asks, then stops a run
        self.before_replace.append(self.training_page.before_close)
        self.design_page.settings.dataLoaded.connect(self.training_page.remember_dataset)  # own data read once
        from designer.document.bundled_model import install_bundled_model
        from designer.pages.test.test_page import TestPage

        install_bundled_model(self.model_store)  # the canvas works offline at once
        self.test_page = TestPage(self.model_store)
        self.add_page(self.test_page, self.tr("Test"), tooltip=self.tr("Draw a digit, load a picture, browse the test set"))
        self.before_close.append(self.test_page.shutdown)  # False (still loading) keeps the window open
        from designer.pages.explore.explore_page import ExplorePage

        self.explore_page = ExplorePage(self.document, self.model_store)
        self.add_page(self.explore_page, self.tr("Explore"),
                      tooltip=self.tr("See inside the network: inspector, gradient check, optimizer race, toy data"))
        self.before_close.append(self.explore_page.before_close)
        self.before_replace.append(self.explore_page.before_close)
        self.pagesReady.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._defer_pages and not self.pages_ready and not hasattr(self, "_expose_watch"):
            self._expose_watch = _FirstExpose(self.add_standard_pages, self)
            self.windowHandle().installEventFilter(self._expose_watch)

    def add_page(self, widget: QWidget, title: str, icon: QIcon | None = None, *, tooltip: str = "") -> int:
        """Add a page as a tab (and a View menu entry with Ctrl+<number>); returns its index.

        The page sits in a scroll area, so a page with a large minimum size never makes
        the window bigger than a small screen: it scrolls instead."""
        holder = QScrollArea()
        holder.setObjectName("pageHolder")
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setWidget(widget)
        index = self.tabs.addTab(holder, icon or QIcon(), title)
        if tooltip:
            self.tabs.setTabToolTip(index, tooltip)
        action = QAction(title, self)
        action.setToolTip(tooltip or title)
        if index < 9:
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        action.triggered.connect(lambda _=False, w=widget: self.show_page(w))
        self.view_menu.insertAction(self._view_pages_end, action)
        self._page_actions.append(action)
        return index

    def show_page(self, widget: QWidget) -> None:
        """Bring a page (as given to add_page) to the front."""
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).widget() is widget:
                self.tabs.setCurrentIndex(i)
                return

    def current_page(self) -> QWidget | None:
        holder = self.tabs.currentWidget()
        return holder.widget() if holder is not None else None

    def pages(self) -> list[QWidget]:
        """The pages, in tab order (the widgets given to add_page)."""
        return [self.tabs.widget(i).widget() for i in range(self.tabs.count())]

    # ================================================================== actions, menus, toolbar

    def _act(self, text: str, tip: str, slot, shortcut=None, icon: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(action_icon(icon))
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.new_action = self._act(self.tr("&New"), self.tr("Start a new, empty design (Ctrl+N)"), self.files.new_design, K.New, "new")
        self.open_action = self._act(self.tr("&Open…"), self.tr("Open a design (.json) or a trained model (.npz) (Ctrl+O)"),
                                     self.files.open_dialog, K.Open, "open")
        self.save_action = self._act(self.tr("&Save"), self.tr("Save the design (Ctrl+S)"), self.files.save, K.Save, "save")
        self.save_as_action = self._act(self.tr("Save &As…"), self.tr("Save the design under a new name (Ctrl+Shift+S)"),
                                        self.files.save_as_dialog, "Ctrl+Shift+S")
        self.quit_action = self._act(self.tr("&Quit"), self.tr("Close LayerLab (Ctrl+Q)"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._act(self.tr("&Undo"), self.tr("Undo the last change (Ctrl+Z)"), self.document.undo, K.Undo, "undo")
        self.redo_action = self._act(self.tr("&Redo"), self.tr("Redo the change just undone (Ctrl+Shift+Z or Ctrl+Y)"),
                                     self.document.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], "redo")
        self.history_action = self._act(self.tr("Undo &History"), self.tr("Show every change, and go back to any of them"),
                                        self.show_undo_history, None, "history")
        self.reset_layout_action = self._act(self.tr("&Reset Layout"), self.tr("Put the panels back to their first sizes"),
                                             self.reset_layout)
        self.about_action = self._act(self.tr("&About LayerLab"), self.tr("What LayerLab is"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.shortcuts_action = self._act(self.tr("&Keyboard Shortcuts"), self.tr("Every mouse action has a key too"),
                                          self.show_shortcuts, K.HelpContents)
        self.preferences_action = self._act(self.tr("&Preferences…"), self.tr("Choose the language of LayerLab (Ctrl+,)"),
                                            self.show_preferences, "Ctrl+,", None)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        from designer.window.export_dialog import export_action  # File → Export…: all of it lives there

        file_menu.addAction(export_action(self))
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        for action in self.design_page.add_actions.values():
            edit.addAction(action)
        edit.addSeparator()
        for action in self.design_page.layer_actions:
            edit.addAction(action)
        edit.addSeparator()
        edit.addAction(self.preferences_action)

        self.view_menu = bar.addMenu(self.tr("&View"))
        self._view_pages_end = self.view_menu.addSeparator()
        self.view_menu.addAction(self.history_action)
        self.view_menu.addAction(self.reset_layout_action)

        self.examples_menu = bar.addMenu(self.tr("E&xamples"))
        self.examples_menu.setToolTipsVisible(True)
        self.examples_menu.aboutToShow.connect(self._fill_examples_menu)
        self._fill_examples_menu()

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.files.fill_recent_menu(self.recent_menu)

    @Slot()
    def _fill_examples_menu(self) -> None:
        self.files.fill_examples_menu(self.examples_menu)

    def _make_toolbar(self) -> None:
        tb = QToolBar(self.tr("Main toolbar"))
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(20, 20))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for action in (self.new_action, self.open_action, self.save_action):
            tb.addAction(action)
        tb.addSeparator()
        tb.addAction(self.undo_action)
        tb.addAction(self.redo_action)
        tb.addSeparator()
        # one "Add Layer" button with every layer type in its menu: a button per type would
        # not fit a small window once there are more than a few types
        self.add_layer_menu = QMenu(self.tr("Add Layer"), self)
        for action in self.design_page.add_actions.values():
            self.add_layer_menu.addAction(action)
        self.add_layer_action = self.add_layer_menu.menuAction()
        first = next(iter(self.design_page.add_actions.values()), None)
        if first is not None:
            self.add_layer_action.setIcon(first.icon())
        self.add_layer_action.setToolTip(self.tr("Add a layer below the selected layer: choose its type"))
        tb.addAction(self.add_layer_action)
        button = tb.widgetForAction(self.add_layer_action)
        if isinstance(button, QToolButton):  # "Add Layer" reads better with its words
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tb.addSeparator()
        for action in self.design_page.layer_actions:
            tb.addAction(action)
        self.toolbar = tb
        self.addToolBar(tb)

    def _make_status_bar(self) -> None:
        sb = self.statusBar()
        self.read_only_label = QLabel(self.tr("Locked while training"))
        self.read_only_label.setToolTip(self.tr("The design cannot be changed while the network trains"))
        self.read_only_label.hide()
        self.validity_icon = QLabel()
        self.validity_label = QLabel()
        self.params_label = QLabel()
        self.params_label.setToolTip(self.tr("How many weights and biases the network learns"))
        self.memory_label = QLabel()
        for w in (self.read_only_label, self.validity_icon, self.validity_label, self.params_label, self.memory_label):
            sb.addPermanentWidget(w)
        sb.setStyleSheet("QStatusBar QLabel { padding: 0 8px; } QStatusBar::item { border: none; }")

    # ================================================================== showing the state

    @Slot()
    def _update_title(self, *args) -> None:
        self.setWindowTitle(self.tr("{name}[*] — LayerLab").format(name=self.document.display_name()))
        self.setWindowModified(self.document.is_modified)

    @Slot()
    def _update_status(self) -> None:
        doc = self.document
        costs = design_costs(doc.design)
        self.params_label.setText(self.tr("Parameters: {count}").format(count=names.format_count(costs.params)))
        self.memory_label.setText(self.tr("Memory: {weights} (≈ {training} to train)").format(
            weights=names.format_bytes(costs.weight_bytes), training=names.format_bytes(costs.training_bytes)))
        self.memory_label.setToolTip(self.tr(
            "The weights take {weights} as 32-bit numbers. Training also keeps gradients, the optimizer's state "
            "and one batch of layer outputs: about {training}.").format(
            weights=names.format_bytes(costs.weight_bytes), training=names.format_bytes(costs.training_bytes)))
        errors = doc.errors()
        warnings = len(doc.findings()) - len(errors)
        if errors:
            mark = "error"
            text = (self.tr("Cannot train: 1 error") if len(errors) == 1 else
                    self.tr("Cannot train: {count} errors").format(count=len(errors)))
            from designer.text.messages import finding_text

            tip = "\n".join(finding_text(f) for f in errors)
        elif warnings:
            mark = "warning"
            text = (self.tr("Ready to train (1 warning)") if warnings == 1 else
                    self.tr("Ready to train ({count} warnings)").format(count=warnings))
            tip = self.tr("The design can be trained; see the checks for advice.")
        else:
            mark = "ok"
            text = self.tr("Ready to train")
            tip = self.tr("No problems found.")
        self.validity_icon.setPixmap(severity_icon(mark).pixmap(QSize(16, 16)))
        self.validity_label.setText(text)
        self.validity_label.setToolTip(tip)
        self.validity_icon.setToolTip(tip)

    @Slot()
    def _update_undo_actions(self, *args) -> None:
        stack = self.document.undo_stack
        editable = not self.document.read_only
        self.undo_action.setEnabled(editable and stack.canUndo())
        self.redo_action.setEnabled(editable and stack.canRedo())
        self.undo_action.setText(self.tr("&Undo {what}").format(what=stack.undoText()) if stack.canUndo() else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo {what}").format(what=stack.redoText()) if stack.canRedo() else self.tr("&Redo"))
        self.undo_action.setToolTip(self.undo_action.text().replace("&", "") + " (Ctrl+Z)")
        self.redo_action.setToolTip(self.redo_action.text().replace("&", "") + " (Ctrl+Shift+Z)")

    @Slot(bool)
    def _on_read_only(self, read_only: bool) -> None:
        self.read_only_label.setVisible(read_only)
        # "Ready to train" would be wrong while it trains
        self.validity_icon.setVisible(not read_only)
        self.validity_label.setVisible(not read_only)
        self._update_undo_actions()
        if self._undo_view is not None:
            self._undo_view.setEnabled(not read_only)

    def show_message(self, text: str, ms: int = 4000) -> None:
        self.statusBar().showMessage(text, ms)

    def show_error(self, title: str, text: str, details: str = "") -> QMessageBox:
        """A non-blocking error dialog (kept in `error_dialog`)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        if details and details != text:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.error_dialog = box
        box.open()
        return box

    # ================================================================== dialogs

    def show_undo_history(self) -> None:
        if self._undo_view is None:
            view = QUndoView(self.document.undo_stack)
            view.setWindowTitle(self.tr("Undo History"))
            view.setEmptyLabel(self.tr("<opened>"))
            view.setWindowFlag(Qt.WindowType.Tool)
            view.setParent(self, Qt.WindowType.Tool)
            view.resize(320, 420)
            self._undo_view = view
        self._undo_view.setEnabled(not self.document.read_only)
        self._undo_view.show()
        self._undo_view.raise_()

    def reset_layout(self) -> None:
        self.design_page.splitter.setSizes(self.design_page.first_sizes(self.width()))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About LayerLab"), self.tr(
            "<h3>LayerLab</h3><p>Build a neural network by dragging layers into a stack, train it on real "
            "data while the learning curves move, then test it by drawing digits.</p>"
            "<p>The network is computed with NumPy; the application uses Qt.</p>"))

    def show_preferences(self) -> None:
        from designer.window.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._preferences_dialog = dialog  # tests and scripts look at it
        dialog.restartRequested.connect(self.restart)
        dialog.open()

    @Slot()
    def restart(self) -> bool:
        """Close as usual (asking about unsaved work and runs), then start LayerLab again
        on the same file, e.g. in a newly chosen language. False when the user cancels."""
        if not self.close():
            return False
        import sys

        from PySide6.QtCore import QProcess

        args = [sys.argv[0]] if sys.argv and sys.argv[0] else ["-m", "main"]
        if self.document.path is not None:
            args.append(str(self.document.path))
        if not QProcess.startDetached(sys.executable, args):
            QMessageBox.warning(None, self.tr("LayerLab"), self.tr("LayerLab could not start again. Please start it yourself."))
        return True

    def show_shortcuts(self) -> None:
        rows = [
            (self.tr("Add the palette's selected layer"), self.tr("Enter (in the palette)")),
            (self.tr("Select a layer"), self.tr("Up / Down (in the network)")),
            (self.tr("Edit the selected layer"), self.tr("Enter or F2")),
            (self.tr("Move the selected layer"), "Alt+Up / Alt+Down"),
            (self.tr("Duplicate / delete the selected layer"), "Ctrl+D / Del"),
            (self.tr("Menu for the selected layer"), self.tr("Menu key or Shift+F10")),
            (self.tr("Undo / redo"), "Ctrl+Z / Ctrl+Shift+Z, Ctrl+Y"),
            (self.tr("New / open / save / save as"), "Ctrl+N / Ctrl+O / Ctrl+S / Ctrl+Shift+S"),
            (self.tr("Go to a page"), "Ctrl+1 … Ctrl+9"),
            (self.tr("Preferences (language)"), "Ctrl+,"),
        ]
        html = "<table cellspacing='6'>" + "".join(f"<tr><td>{a}</td><td><b>{b}</b></td></tr>" for a, b in rows) + "</table>"
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("Keyboard Shortcuts"), html, QMessageBox.StandardButton.Close, self)
        box.open()
        self._shortcuts_box = box

    # ================================================================== settings and closing

    def _restore_settings(self) -> None:
        s = QSettings()
        geometry = s.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = s.value("design/splitter")
        if splitter is not None:
            self.design_page.splitter.restoreState(splitter)

    def save_settings(self) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("design/splitter", self.design_page.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        # Save / Discard / Cancel first: a Cancel there must not have stopped a run already
        if not self.files.may_close():
            event.ignore()
            return
        for hook in list(self.before_close):
            if not hook():
                event.ignore()
                return
        self.save_settings()
        self.closing.emit()
        if self.autosaver is not None:
            self.autosaver.discard()
        event.accept()


__all__ = ["MainWindow", "setup_identity", "APP_NAME", "ENV_NO_RESTORE_PROMPT"]
