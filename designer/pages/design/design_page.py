"""The Design page: palette, layer stack, properties and problems, wired to the document.

This is the controller of the page: the views report what the user asked for
(a drop, a move, a fix) and this class turns each request into one undo command
on the document. It also owns the layer actions (add, delete, duplicate, move)
that the main window puts in its Edit menu and toolbar.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from designer.document.commands import (
    FixAppliedCmd,
    LayerAddedCmd,
    LayerDuplicatedCmd,
    LayerMovedCmd,
    LayerRemovedCmd,
    PropertyChangedCmd,
)
from designer.pages.design.findings_panel import FindingsPanel
from designer.pages.design.layer_stack import LayerStackView
from designer.pages.design.palette import LayerPalette
from designer.pages.design.properties import DesignSettings, LayerProperties
from designer.layer_views import view_for
from designer.text import names
from designer.text.messages import INPUT_CARD, fix_text
from designer.widgets.column_scroll import column_scroll_area
from designer.widgets.icons import action_icon, layer_icon

STYLE = """
#designSide { background: palette(window); }
#sectionTitle { font-weight: 600; color: #5b6573; padding-top: 6px; }
#heading { font-weight: 600; font-size: 11pt; }
#note { color: #5b6573; }
#stackArea, #stackArea > QWidget > QWidget { background: #eef1f5; }
#readOnlyBanner { background: #fff4d6; color: #6b4e00; border-bottom: 1px solid #ecd9a0; padding: 7px 12px; }
#findingRow { background: palette(base); border: 1px solid #dfe3e9; border-radius: 8px; }
#findingRow[severity="error"] { border-left: 3px solid #d93036; }
#findingRow[severity="warning"] { border-left: 3px solid #d9860b; }
#findingPlace { font-weight: 600; color: #3d4653; padding: 0 2px; }
#findingsList { background: transparent; }
#LayerPalette { background: transparent; }
"""


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class DesignPage(QWidget):
    """Build the network: drag layers in, edit them, fix what the checks find."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("DesignPage")
        self.setStyleSheet(STYLE)

        self.palette_view = LayerPalette()
        self.stack = LayerStackView(document)
        self.properties = LayerProperties(document)
        self.settings = DesignSettings(document)
        self.findings = FindingsPanel(document)

        # ---- left: what can be added, and what the design learns
        left = QWidget()
        left.setObjectName("designSide")
        lv = QVBoxLayout(left)
        lv.setContentsMargins(14, 10, 12, 12)
        lv.setSpacing(6)
        lv.addWidget(_section(self.tr("Layers")))
        lv.addWidget(self.palette_view)
        hint = QLabel(self.tr("Drag a layer into the network, or select one and press Enter."))
        hint.setObjectName("note")
        hint.setWordWrap(True)
        lv.addWidget(hint)
        lv.addSpacing(14)
        lv.addWidget(_section(self.tr("Data")))
        lv.addWidget(self.settings)
        lv.addStretch(1)

        # ---- centre: the network
        self.banner = QLabel(self.tr("Training is running: the design is locked until it ends."))
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.stack_area = column_scroll_area(self.stack, "stackArea")
        centre = QWidget()
        cv = QVBoxLayout(centre)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.setSpacing(0)
        cv.addWidget(self.banner)
        cv.addWidget(self.stack_area, 1)

        # ---- right: the selected layer, and the problems
        right = QWidget()
        right.setObjectName("designSide")
        rv = QVBoxLayout(right)
        rv.setContentsMargins(14, 10, 14, 12)
        rv.setSpacing(6)
        rv.addWidget(_section(self.tr("Properties")))
        rv.addWidget(self.properties)
        rv.addSpacing(14)
        rv.addWidget(_section(self.tr("Checks")))
        rv.addWidget(self.findings, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("designSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        left.setMinimumWidth(200)
        right.setMinimumWidth(260)
        self.splitter.setSizes(self.first_sizes(1280))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._make_actions()

        self.palette_view.layerActivated.connect(self.add_layer)
        self.stack.layerDropped.connect(self.on_layer_dropped)
        self.stack.layerMoveRequested.connect(self.on_layer_move_requested)
        self.stack.currentChanged.connect(self._on_current_changed)
        self.stack.contextMenuRequested.connect(self._show_context_menu)
        self.stack.editRequested.connect(self._on_edit_requested)
        self.findings.fixRequested.connect(self.apply_fix)
        self.findings.blockRequested.connect(self.select)
        self.settings.datasetChosen.connect(self.change_dataset)
        document.designChanged.connect(self._update_actions)
        document.designReplaced.connect(self._on_design_replaced)
        document.readOnlyChanged.connect(self._on_read_only)
        self._on_design_replaced()
        self._on_read_only(document.read_only)

    def first_sizes(self, width: int) -> list[int]:
        """The panels' first widths in a window `width` wide: 250 and 340 at the sides, or
        what their words need if more (Japanese labels are wider)."""
        left, right = self.splitter.widget(0), self.splitter.widget(2)
        sides = [max(250, left.minimumSizeHint().width()), max(340, right.minimumSizeHint().width())]
        return [sides[0], max(400, width - sum(sides)), sides[1]]

    # ------------------------------------------------------------------ actions

    def _action(self, text: str, tip: str, slot, shortcut=None, icon: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(action_icon(icon))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.add_actions: dict[str, QAction] = {}
        for kind in names.available_kinds():
            title = names.layer_title(kind)
            action = self._action(self.tr("Add {kind} Layer").format(kind=title),
                                  self.tr("Add a {kind} layer below the selected layer").format(kind=title),
                                  lambda _=False, k=kind: self.add_layer(k))
            action.setIcon(layer_icon(view_for(kind).glyph_name(), names.layer_color(kind)))
            self.add_actions[kind] = action
        self.delete_action = self._action(self.tr("&Delete Layer"), self.tr("Delete the selected layer (Del)"),
                                          self.delete_selected, QKeySequence.StandardKey.Delete, "delete")
        self.duplicate_action = self._action(self.tr("D&uplicate Layer"), self.tr("Put a copy of the selected layer below it (Ctrl+D)"),
                                             self.duplicate_selected, "Ctrl+D", "duplicate")
        self.move_up_action = self._action(self.tr("Move Layer &Up"), self.tr("Move the selected layer one place up (Alt+Up)"),
                                           lambda: self.move_selected(-1), "Alt+Up", "up")
        self.move_down_action = self._action(self.tr("Move Layer Do&wn"), self.tr("Move the selected layer one place down (Alt+Down)"),
                                             lambda: self.move_selected(1), "Alt+Down", "down")
        self.layer_actions = [self.duplicate_action, self.delete_action, self.move_up_action, self.move_down_action]

    @Slot()
    def _update_actions(self) -> None:
        n = len(self.document.design.layers)
        cur = self.stack.current
        editable = not self.document.read_only
        on_layer = cur is not None and 0 <= cur < n
        self.delete_action.setEnabled(editable and on_layer)
        self.duplicate_action.setEnabled(editable and on_layer)
        self.move_up_action.setEnabled(editable and on_layer and cur > 0)
        self.move_down_action.setEnabled(editable and on_layer and cur < n - 1)
        for action in self.add_actions.values():
            action.setEnabled(editable)

    def _show_context_menu(self, index, pos: QPoint) -> None:
        menu = QMenu(self)
        if index is not None and index >= 0:
            for action in self.layer_actions:
                menu.addAction(action)
            menu.addSeparator()
        for action in self.add_actions.values():
            menu.addAction(action)
        self._context_menu = menu  # tests look at it
        menu.popup(pos)

    # ------------------------------------------------------------------ selection

    @property
    def current(self) -> int | None:
        """The selected block: a layer index, INPUT_CARD (-1), or None."""
        return self.stack.current

    @Slot(int)
    def select(self, index: int | None) -> None:
        self.stack.set_current(index)
        self.properties.show_block(self.stack.current)
        self._update_actions()

    @Slot(object)
    def _on_current_changed(self, index) -> None:
        self.properties.show_block(index)
        self._update_actions()

    @Slot(int)
    def _on_edit_requested(self, index: int) -> None:
        self.select(index)
        self.properties.focus_first_field()

    @Slot()
    def _on_design_replaced(self) -> None:
        layers = self.document.design.layers
        self.select(0 if layers else INPUT_CARD)

    @Slot(bool)
    def _on_read_only(self, read_only: bool) -> None:
        self.banner.setVisible(read_only)
        self.stack.set_read_only(read_only)
        self.palette_view.setDragEnabled(not read_only)
        self.palette_view.setEnabled(not read_only)
        self._update_actions()

    # ------------------------------------------------------------------ edits (each one undo command)

    def insertion_point(self) -> int:
        """Where a layer added without the mouse goes: below the selected layer, but above the output layer."""
        layers = self.document.design.layers
        cur = self.stack.current
        if cur is None:
            return max(0, len(layers) - 1)
        if cur == INPUT_CARD:
            return 0
        if cur >= len(layers) - 1:
            return max(0, len(layers) - 1)
        return cur + 1

    @Slot(str)
    def add_layer(self, kind: str, gap: int | None = None) -> bool:
        """Add a new layer of `kind` at `gap` (default: `insertion_point()`) and select it."""
        from core.layer_types import LAYER_TYPES

        if kind not in LAYER_TYPES:
            return False
        index = self.insertion_point() if gap is None else gap
        layer = LAYER_TYPES[kind].new()
        if not self.document.push(LayerAddedCmd(self.document, index, layer)):
            return False
        self.select(index)
        return True

    @Slot(str, int)
    def on_layer_dropped(self, kind: str, gap: int) -> None:
        self.add_layer(kind, gap)

    @Slot(int, int)
    def on_layer_move_requested(self, source: int, gap: int) -> None:
        target = gap if gap <= source else gap - 1
        self.move_layer(source, target)

    def move_layer(self, source: int, target: int) -> bool:
        n = len(self.document.design.layers)
        if not (0 <= source < n and 0 <= target < n) or source == target:
            return False
        if not self.document.push(LayerMovedCmd(self.document, source, target)):
            return False
        self.select(target)
        return True

    @Slot()
    def delete_selected(self) -> bool:
        cur = self.stack.current
        if cur is None or not 0 <= cur < len(self.document.design.layers):
            return False
        if not self.document.push(LayerRemovedCmd(self.document, cur)):
            return False
        n = len(self.document.design.layers)
        self.select(min(cur, n - 1) if n else INPUT_CARD)
        return True

    @Slot()
    def duplicate_selected(self) -> bool:
        cur = self.stack.current
        if cur is None or not 0 <= cur < len(self.document.design.layers):
            return False
        if not self.document.push(LayerDuplicatedCmd(self.document, cur)):
            return False
        self.select(cur + 1)
        return True

    def move_selected(self, delta: int) -> bool:
        cur = self.stack.current
        if cur is None or cur < 0:
            return False
        return self.move_layer(cur, cur + delta)

    @Slot(object)
    def apply_fix(self, fix) -> bool:
        """A finding's one-click fix, as one undoable edit named by the fix."""
        from core.design.paths import layer_index

        try:
            command = FixAppliedCmd(self.document, fix, fix_text(fix))
        except ValueError:  # the design changed since the finding: the checks will say again
            return False
        if not self.document.push(command):
            return False
        index = layer_index(fix.path)
        if index is not None:
            self.select(index)
        return True

    def shutdown(self, ms: int = 1000) -> bool:
        """Stop reading the user's own data in the background (the window is closing)."""
        return self.settings.shutdown(ms)

    @Slot(object)
    def change_dataset(self, key) -> bool:
        """Choose another dataset (a name, or the user's own data, a DataSource that knows what it
        holds); the input size follows it, in the same undo step. The output layer does not: the
        checks say when its units do not match the classes, with a one-click fix."""
        from core.data.catalog import dataset_info

        doc = self.document
        if doc.read_only or key == doc.design.dataset:
            self.settings.refresh()
            return False
        info = dataset_info(key)
        stack = doc.undo_stack
        stack.beginMacro(self.tr("Change dataset to {dataset}").format(dataset=names.dataset_title(key)))
        try:
            stack.push(PropertyChangedCmd(doc, "dataset", key))
            if info is not None and not info.fits(doc.design.input_shape):
                stack.push(PropertyChangedCmd(doc, "input.shape", list(info.shape_like(doc.design.input_shape))))
        finally:
            stack.endMacro()
        return True


__all__ = ["DesignPage"]
