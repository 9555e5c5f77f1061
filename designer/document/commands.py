"""Every undoable edit of a design, one class per kind of change.

A command holds the old and the new value, changes the `Document` only (views
follow its `designChanged` signal), and names itself for the Edit menu
("Undo Add Dense layer"). Push commands through `Document.push()` (refused while
the document is read-only) or `document.undo_stack.push()`.

The generic one is `PropertyChangedCmd`: set any value at a spec path, e.g.

    document.push(PropertyChangedCmd(document, "layers[2].units", 10))
    document.push(PropertyChangedCmd(document, "training.optimizer.learning_rate", 0.01))
    document.push(PropertyChangedCmd(document, "training.optimizer", spec.with_optimizer(opt, "sgd")))

(`Document.set_value(path, value)` does the same and skips edits that change
nothing.) Successive changes of the same path merge into one undo step only when they
carry the same `merge_key` (`designer.widgets.edit_session.EditSession`: one edit of one
field), so the steps of a spin box are undone at once, but two separate edits of a field
are two steps. Paths are those of `core.design.paths`.
Edits made of several changes are wrapped in ``undo_stack.beginMacro(text)`` /
``endMacro()`` by the caller.
"""
from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from core.design import paths as spec_paths
from core.design.spec import Design, LayerSpec, OptimizerSpec, ScheduleSpec
from designer.text import names

#: PropertyChangedCmd.id(): commands with equal ids may merge
PROPERTY_CHANGED_ID = 0x4C4C01



def _layer_kind(layer: LayerSpec) -> str:
    return names.layer_title(layer.type)


def format_value(path: str, value: Any) -> str:
    """A value as a label shows it: "Softmax", "0.001", "784", "Adam"."""
    leaf = spec_paths.leaf(path)
    if isinstance(value, OptimizerSpec):
        return names.optimizer_title(value.type)
    if isinstance(value, ScheduleSpec):
        return names.schedule_title(value.type)
    if leaf == "activation":
        return names.activation_title(value)
    if leaf == "loss":
        return names.loss_title(value)
    if leaf == "dataset":
        return names.dataset_title(value)
    if leaf == "type" and path.startswith("training.optimizer"):
        return names.optimizer_title(value)
    if leaf == "init":
        return names.init_title(value)
    if leaf == "shape" and isinstance(value, (list, tuple)):
        return names.format_shape(tuple(value))
    if isinstance(value, float):
        from core.design.checks import plain_number

        return plain_number(value)
    if isinstance(value, list) and all(isinstance(v, int) for v in value):  # a size: [3, 5]
        return names.format_shape(tuple(value))
    if isinstance(value, str):
        return names.tr(value)  # "same"
    return str(value)


def describe_change(path: str, value: Any) -> str:
    """The Edit menu's name for setting `path` to `value`: "Change units to 10"."""
    leaf = spec_paths.leaf(path)
    if value is None:
        return QCoreApplication.translate("commands", "Remove {field}").format(field=names.field_title(leaf))
    if leaf == "name" and "." not in path:
        return QCoreApplication.translate("commands", "Rename design to “{name}”").format(name=value)
    if leaf == "description":
        return QCoreApplication.translate("commands", "Change description")
    if leaf in ("weights", "bias"):
        return QCoreApplication.translate("commands", "Change {field}").format(field=names.field_title(leaf))
    if path == "layers" or (spec_paths.layer_index(path) is not None and path.endswith("]")):
        return QCoreApplication.translate("commands", "Replace layer")
    return QCoreApplication.translate("commands", "Change {field} to {value}").format(field=names.field_title(leaf), value=format_value(path, value))


class PropertyChangedCmd(QUndoCommand):
    """Set the value at a spec path (any path `core.design.paths` knows).

    `text` overrides the automatic label ("Change units to 10"). Consecutive changes of
    the same path with the same `merge_key` (one edit of one field) merge; without a key
    a change is a step of its own. A merge that returns to the old value drops the
    command from the stack altogether.
    """

    def __init__(self, document, path: str, value: Any, text: str | None = None, parent: QUndoCommand | None = None,
                 *, merge_key: object = None):
        super().__init__(parent)
        self.document = document
        self.path = path
        self.old = spec_paths.get_value(document.design, path)
        self.new = copy.deepcopy(value)
        self._fixed_text = text
        self.merge_key = merge_key
        self.setText(text or describe_change(path, value))

    def redo(self) -> None:
        self.document.raw_set(self.path, self.new)

    def undo(self) -> None:
        self.document.raw_set(self.path, self.old)

    def id(self) -> int:
        return PROPERTY_CHANGED_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not PropertyChangedCmd or type(self) is not PropertyChangedCmd:
            return False
        if other.path != self.path or other.document is not self.document:
            return False
        if self.merge_key is None or other.merge_key != self.merge_key:
            return False  # two separate edits: two undo steps
        self.new = other.new
        if not self._fixed_text:
            self.setText(describe_change(self.path, self.new))
        if self.new == self.old:
            self.setObsolete(True)
        return True


class FixAppliedCmd(QUndoCommand):
    """A finding's one-click fix (core.design.findings.Fix), made by core.design.checks.apply_fix
    (set a value, insert, remove or reorder layers): named by the fix's own label, never
    merged. Raises ValueError when the fix no longer fits the design."""

    def __init__(self, document, fix, text: str | None = None, parent: QUndoCommand | None = None):
        from core.design.checks import apply_fix

        super().__init__(parent)
        self.document = document
        self.fix = fix
        self.old = document.design.copy()
        self.new = apply_fix(self.old, fix)
        self.setText(text or fix.label)

    def redo(self) -> None:
        self.document.raw_replace(self.new.copy())

    def undo(self) -> None:
        self.document.raw_replace(self.old.copy())


class LayerAddedCmd(QUndoCommand):
    """Insert `layer` so that it ends up at `index` (0 = right after the input)."""

    def __init__(self, document, index: int, layer: LayerSpec, parent: QUndoCommand | None = None):
        super().__init__(parent)
        self.document = document
        self.index = max(0, min(index, len(document.design.layers)))
        self.layer = copy.deepcopy(layer)
        self.setText(QCoreApplication.translate("commands", "Add {kind} layer").format(kind=_layer_kind(layer)))

    def redo(self) -> None:
        self.document.raw_insert_layer(self.index, copy.deepcopy(self.layer))

    def undo(self) -> None:
        self.document.raw_remove_layer(self.index)


class LayerRemovedCmd(QUndoCommand):
    """Delete the layer at `index`; undo puts the same layer back."""

    def __init__(self, document, index: int, parent: QUndoCommand | None = None):
        super().__init__(parent)
        self.document = document
        self.index = index
        self.layer = copy.deepcopy(document.design.layers[index])
        self.setText(QCoreApplication.translate("commands", "Delete {kind} layer").format(kind=_layer_kind(self.layer)))

    def redo(self) -> None:
        self.document.raw_remove_layer(self.index)

    def undo(self) -> None:
        self.document.raw_insert_layer(self.index, copy.deepcopy(self.layer))


class LayerDuplicatedCmd(QUndoCommand):
    """Put a copy of the layer at `index` right below it."""

    def __init__(self, document, index: int, parent: QUndoCommand | None = None):
        super().__init__(parent)
        self.document = document
        self.index = index
        self.layer = copy.deepcopy(document.design.layers[index])
        self.setText(QCoreApplication.translate("commands", "Duplicate {kind} layer").format(kind=_layer_kind(self.layer)))

    def redo(self) -> None:
        self.document.raw_insert_layer(self.index + 1, copy.deepcopy(self.layer))

    def undo(self) -> None:
        self.document.raw_remove_layer(self.index + 1)


class LayerMovedCmd(QUndoCommand):
    """Move the layer at `from_index` so that it ends up at `to_index`."""

    def __init__(self, document, from_index: int, to_index: int, parent: QUndoCommand | None = None):
        super().__init__(parent)
        self.document = document
        self.from_index = from_index
        self.to_index = to_index
        kind = _layer_kind(document.design.layers[from_index])
        if to_index == from_index - 1:
            self.setText(QCoreApplication.translate("commands", "Move {kind} layer up").format(kind=kind))
        elif to_index == from_index + 1:
            self.setText(QCoreApplication.translate("commands", "Move {kind} layer down").format(kind=kind))
        else:
            self.setText(QCoreApplication.translate("commands", "Move {kind} layer to position {position}").format(kind=kind, position=to_index + 1))

    def redo(self) -> None:
        self.document.raw_move_layer(self.from_index, self.to_index)

    def undo(self) -> None:
        self.document.raw_move_layer(self.to_index, self.from_index)


class DesignReplacedCmd(QUndoCommand):
    """Swap in a whole design, undoably (restoring autosaved work, for one)."""

    def __init__(self, document, design: Design, text: str | None = None, parent: QUndoCommand | None = None):
        super().__init__(parent)
        self.document = document
        self.old = document.design.copy()
        self.new = design.copy()
        self.setText(text or QCoreApplication.translate("commands", "Replace design"))

    def redo(self) -> None:
        self.document.raw_replace(self.new.copy())

    def undo(self) -> None:
        self.document.raw_replace(self.old.copy())


__all__ = [
    "PropertyChangedCmd", "FixAppliedCmd", "LayerAddedCmd", "LayerRemovedCmd", "LayerDuplicatedCmd",
    "LayerMovedCmd", "DesignReplacedCmd", "describe_change", "format_value", "PROPERTY_CHANGED_ID",
]
