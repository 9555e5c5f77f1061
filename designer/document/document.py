"""The open design: the one `Design` every page shows, its undo stack and its file.

Views never change the design themselves: they push undo commands
(`designer.document.commands`) onto `undo_stack`, and redraw when `designChanged` fires.
That way every edit can be undone, and all pages agree on what the design is.

While a network trains, the training page sets `read_only`: pushes, undo and redo
are refused, and views disable their editors (they follow `readOnlyChanged`).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.design import paths as spec_paths
from core.design import spec
from core.design.spec import Design, LayerSpec


class Document(QObject):
    #: the design changed in any way (an edit, undo, redo, or another design loaded)
    designChanged = Signal()
    #: another design replaced the current one (New, Open, an example); the undo stack was cleared
    designReplaced = Signal()
    #: the file the design belongs to: its path, or "" for an untitled design
    pathChanged = Signal(str)
    #: True while training: edits are refused
    readOnlyChanged = Signal(bool)
    #: True when there are unsaved changes (the undo stack left its clean state)
    modifiedChanged = Signal(bool)
    #: a trained model (core.io.bundle.Bundle) was opened from a file; its design is now the document's
    modelLoaded = Signal(object)

    def __init__(self, design: Design | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._design = design if design is not None else Design()
        self._path: Path | None = None
        self._read_only = False
        self._findings = None
        #: a file name to offer in Save As for an untitled design (e.g. "mnist_mlp.json")
        self.suggested_name = ""
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # ------------------------------------------------------------------ reading

    @property
    def design(self) -> Design:
        """The live design. Read it; change it only through undo commands."""
        return self._design

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        """What the window title calls the design: its file name, else its own name."""
        if self._path is not None:
            return self._path.name
        return self._design.name or self.tr("Untitled")

    def findings(self) -> list:
        """core.design.checks findings for the current design (computed once per change)."""
        if self._findings is None:
            from core.design.checks import check_design

            self._findings = check_design(self._design)
        return self._findings

    def errors(self) -> list:
        return [f for f in self.findings() if f.severity == "error"]

    def can_train(self) -> bool:
        """False while the design has errors: it must not be trained, see `errors()` for why."""
        return not self.errors()

    def layer_infos(self) -> list[spec.LayerInfo]:
        return spec.layer_infos(self._design)

    # ------------------------------------------------------------------ whole-document changes

    def load_design(self, design: Design, path: str | Path | None = None, *, suggested_name: str = "") -> None:
        """Replace the design (New, Open, an example): clears undo history, marks it saved."""
        self._design = design
        self._findings = None
        self.suggested_name = suggested_name
        self.undo_stack.clear()  # also makes the stack clean, which emits modifiedChanged(False)
        self._set_path(Path(path) if path is not None else None)
        self.designChanged.emit()  # views redraw first...
        self.designReplaced.emit()  # ...then controllers reset selections and such

    def load_bundle(self, bundle, source: str | Path | None = None) -> None:
        """Open a trained model: its design becomes the document (untitled: saving it
        writes a design file, never over the model file), then `modelLoaded` fires."""
        name = Path(source).with_suffix(".json").name if source is not None else ""
        self.load_design(bundle.design, None, suggested_name=name)
        self.modelLoaded.emit(bundle)

    def set_data_facts(self, source) -> bool:
        """What the design's own data was found to hold (`source` is the design's DataSource with
        its `info`, core.data.datasets.fit_to_data): kept with the design, not an edit, so nothing
        is marked unsaved; a left-out input shape follows the data. False (nothing changes) when the
        design names other data by now, or is being trained."""
        design = self._design
        if self._read_only or source != design.dataset or source.info is None or design.dataset.info == source.info:
            return False
        design.dataset = source
        if design.input_from_data:
            design.input_shape = tuple(source.info.input_shape)
        self._changed()
        return True

    def mark_saved(self, path: str | Path) -> None:
        """The design was written to `path`: it is now the document's file, with nothing unsaved."""
        self.suggested_name = ""
        self._set_path(Path(path))
        self.undo_stack.setClean()

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self._read_only:
            self._read_only = read_only
            self.readOnlyChanged.emit(read_only)

    # ------------------------------------------------------------------ edits

    def push(self, command: QUndoCommand) -> bool:
        """Do an undoable edit; refused (False) while read-only."""
        if self._read_only:
            return False
        self.undo_stack.push(command)
        return True

    def set_value(self, path: str, value, text: str | None = None, *, merge_key: object = None) -> bool:
        """Set one spec value (e.g. "layers[2].units") as an undoable edit, if it changes.
        Changes with the same `merge_key` (one edit of one field) undo as one step."""
        from designer.document.commands import PropertyChangedCmd

        if spec_paths.get_value(self._design, path) == value:
            return False
        return self.push(PropertyChangedCmd(self, path, value, text, merge_key=merge_key))

    def undo(self) -> None:
        if not self._read_only:
            self.undo_stack.undo()

    def redo(self) -> None:
        if not self._read_only:
            self.undo_stack.redo()

    # ------------------------------------------------------------------ raw edits, for designer.document.commands only
    # Each changes the design and announces it. Anything else goes through a command.

    def raw_set(self, path: str, value) -> None:
        spec_paths.set_value(self._design, path, value)
        self._changed()

    def raw_insert_layer(self, index: int, layer: LayerSpec) -> None:
        self._design.layers.insert(index, layer)
        self._changed()

    def raw_remove_layer(self, index: int) -> LayerSpec:
        layer = self._design.layers.pop(index)
        self._changed()
        return layer

    def raw_move_layer(self, from_index: int, to_index: int) -> None:
        layers = self._design.layers
        layers.insert(to_index, layers.pop(from_index))
        self._changed()

    def raw_replace(self, design: Design) -> None:
        """Swap in a whole design while keeping the undo history (a restore)."""
        self._design = design
        self._changed()

    def _changed(self) -> None:
        self._findings = None
        self.designChanged.emit()

    # ------------------------------------------------------------------ internals

    def _set_path(self, path: Path | None) -> None:
        if path != self._path:
            self._path = path
            self.pathChanged.emit(str(path) if path is not None else "")

    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)


__all__ = ["Document"]
