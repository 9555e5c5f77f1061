"""Editors for the selected layer (its type's fields: units, activation, rate...) and for
the whole design (name, dataset, loss).

Each editor shows the spec's value and turns the user's edits into undo commands
through the document (`Document.set_value`). When the document changes (undo, an
edit elsewhere) the editors show the new values without pushing anything.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.layer_types import Field, layer_type
from core.nn.losses import LOSSES
from designer.layer_views import view_for
from designer.pages.design.field_editors import editor_for
from designer.text import names
from designer.text.messages import INPUT_CARD
from designer.widgets.bounded_spin_box import BoundedSpinBox
from designer.widgets.edit_session import EditSession



def _form() -> QFormLayout:
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(10)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("note")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class LayerForm(QWidget):
    """The settings of one layer type, one editor per field of its core record: a spin box
    for numbers, a list for choices, and the editors of `field_editors` for sizes, padding
    and numbers that may be left out; edits are reported as (field, value) by `edited`."""

    #: the user changed a field: (field name, new value, the edit's merge key for undo)
    edited = Signal(str, object, object)

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.record = layer_type(kind)
        self.editors: dict[str, QWidget] = {}
        #: one undo step per edit of a field: its steps or typed keys merge, two edits do not
        self._sessions: dict[str, EditSession] = {}
        #: what a number field says when a typed value was out of range and what it became
        self.range_notes: dict[str, QLabel] = {}
        form = _form()
        for f in self.record.fields:
            editor = self._make_editor(f)
            editor.setToolTip(names.tr(f.tip) if f.tip else "")
            editor.setAccessibleName(names.tr(f.label) if f.label else f.name)
            self.editors[f.name] = editor
            mnemonic = "&" + f.label  # "&Units": Alt+U; the translation places its own
            form.addRow(names.tr(mnemonic) if f.label else f.name, editor)
            if isinstance(editor, BoundedSpinBox):
                note = self.range_notes[f.name] = _note()
                note.setStyleSheet("color: #8a5a00;")
                note.setVisible(False)
                editor.rangeNote.connect(lambda text, n=note: (n.setText(text), n.setVisible(bool(text))))
                form.addRow(note)
        self.note = _note()
        form.addRow(self.note)
        self.setLayout(form)

    def _make_editor(self, f: Field) -> QWidget:
        special = editor_for(f)
        if special is not None:
            special.edited.connect(lambda value, name=f.name: self.edited.emit(name, value, None))
            return special
        if f.kind == "choice":
            combo = QComboBox()
            for key in f.options():
                combo.addItem(names.choice_title(key), key)
                tip = names.activation_tip(key)
                if tip:
                    combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            combo.activated.connect(lambda row, name=f.name, c=combo: self.edited.emit(name, c.itemData(row), None))
            return combo
        if f.kind == "int":
            spin = BoundedSpinBox()  # any number may be typed; out of range, it says what it became
            spin.setRange(int(f.lo), int(f.editor_max if f.editor_max is not None else f.hi))
            spin.setSingleStep(int(f.step))
            spin.setAccelerated(True)
            session = self._sessions[f.name] = EditSession(spin)
            spin.valueChanged.connect(lambda value, name=f.name, e=session: self.edited.emit(name, int(value), e.key))
            return spin
        spin = QDoubleSpinBox()
        spin.setDecimals(f.decimals)
        spin.setRange(f.lo, f.editor_max if f.editor_max is not None else f.hi)
        spin.setSingleStep(f.step)
        session = self._sessions[f.name] = EditSession(spin)
        spin.valueChanged.connect(lambda value, name=f.name, d=f.decimals, e=session: self.edited.emit(name, round(float(value), d + 2), e.key))
        return spin

    def clear_notes(self) -> None:
        """Forget what the number fields said about the layer shown before."""
        for editor in self.editors.values():
            if isinstance(editor, BoundedSpinBox):
                editor.clear_note()

    def show_layer(self, layer, *, is_output: bool) -> None:
        """Show `layer`'s values without reporting them as edits."""
        blockers = [QSignalBlocker(w) for w in self.editors.values()]
        try:
            for name, editor in self.editors.items():
                value = getattr(layer, name)
                if isinstance(editor, QComboBox):
                    editor.setCurrentIndex(max(0, editor.findData(value)))
                else:
                    editor.setValue(value)
        finally:
            del blockers
        text = view_for(self.kind).note(layer, is_output=is_output)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def first_editor(self) -> QWidget | None:
        return next(iter(self.editors.values()), None)


class LayerProperties(QWidget):
    """The selected block's settings: the input's size, or a layer's fields (see `LayerForm`)."""

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.index: int | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.pages = QStackedWidget()

        # nothing selected
        self.empty_page = _note(self.tr("Select a layer in the network to edit it."))
        # the input block
        self.input_page = QWidget()
        input_form = _form()
        self.input_size = QLabel()
        self.input_size.setToolTip(self.tr("How many numbers each sample gives the network"))
        input_form.addRow(self.tr("Input size"), self.input_size)
        #: for image datasets: the pictures as rows of pixels (for Dense layers) or as images (for Conv2D)
        self.input_shape_combo = QComboBox()
        self.input_shape_combo.setToolTip(self.tr(
            "Dense layers read a flat row of pixels; Conv2D and pooling layers need the picture as an image "
            "(channels × height × width)"))
        self.input_shape_combo.setAccessibleName(self.tr("Input shape"))
        self.input_shape_combo.activated.connect(self._on_input_shape)
        input_form.addRow(self.tr("&Shape"), self.input_shape_combo)
        self._input_form = input_form
        self.input_note = _note()
        input_form.addRow(self.input_note)
        self.input_page.setLayout(input_form)
        for page in (self.empty_page, self.input_page):
            self.pages.addWidget(page)
        #: one form per layer type, made when a layer of that type is first shown
        self._forms: dict[str, LayerForm] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages)

        document.designChanged.connect(self.refresh)
        document.readOnlyChanged.connect(self._on_read_only)
        self.show_block(None)

    def show_block(self, index: int | None) -> None:
        """Edit the layer at `index` (INPUT_CARD for the input block, None for nothing)."""
        if index != self.index:
            for form in self._forms.values():
                form.clear_notes()  # they were about the layer shown before
        self.index = index
        self.refresh()

    def form_for(self, kind: str) -> LayerForm:
        form = self._forms.get(kind)
        if form is None:
            form = self._forms[kind] = LayerForm(kind)
            form.edited.connect(self._on_edited)
            self.pages.addWidget(form)
        return form

    def current_kind(self) -> str | None:
        """The type of the layer being edited, or None (nothing, or the input block)."""
        page = self.pages.currentWidget()
        return page.kind if isinstance(page, LayerForm) else None

    def editor(self, field: str) -> QWidget | None:
        """The editor of a field of the layer being edited ("units", "rate"...), or None."""
        page = self.pages.currentWidget()
        return page.editors.get(field) if isinstance(page, LayerForm) else None

    @Slot()
    def refresh(self) -> None:
        design = self.document.design
        index = self.index
        if index is not None and index >= len(design.layers):
            index = self.index = None
        if index is None:
            self.heading.setText(self.tr("Layer"))
            self.pages.setCurrentWidget(self.empty_page)
        elif index == INPUT_CARD:
            self.heading.setText(self.tr("Input"))
            size = 1
            for d in design.input_shape:
                size *= d
            values = self.tr("{count} values").format(count=names.format_count(size))
            if len(design.input_shape) > 1:
                values = self.tr("{shape} ({values})").format(shape=names.format_shape(design.input_shape), values=values)
            self.input_size.setText(values)
            self._show_input_shapes(design)
            self.input_note.setText(self.tr("The input size comes from the dataset ({dataset}); choose the dataset below.").format(
                dataset=names.dataset_title(design.dataset)))
            self.pages.setCurrentWidget(self.input_page)
        else:
            layer = design.layers[index]
            self.heading.setText(self.tr("Layer {number} · {kind}").format(number=index + 1, kind=names.layer_title(layer.type)))
            form = self.form_for(layer.type)
            form.show_layer(layer, is_output=index == len(design.layers) - 1)
            self.pages.setCurrentWidget(form)
        self._on_read_only(self.document.read_only)

    def _show_input_shapes(self, design) -> None:
        """Offer a row or an image when the dataset's samples are pictures."""
        from core.data.catalog import dataset_info

        info = dataset_info(design.dataset)
        shapes = [(info.input_size,), info.input_shape] if info is not None and len(info.input_shape) > 1 else []
        combo = self.input_shape_combo
        combo.blockSignals(True)
        combo.clear()
        for shape in shapes:
            text = (self.tr("a row of {count} values").format(count=names.format_count(shape[0])) if len(shape) == 1
                    else self.tr("an image, {shape}").format(shape=names.format_shape(shape)))
            combo.addItem(text, list(shape))
        row = combo.findData(list(design.input_shape))
        if shapes and row < 0:  # a shape of its own (a check says what is wrong with it)
            combo.addItem(names.format_shape(design.input_shape), list(design.input_shape))
            row = combo.count() - 1
        combo.setCurrentIndex(row)
        combo.blockSignals(False)
        self._input_form.setRowVisible(combo, bool(shapes))

    @Slot(int)
    def _on_input_shape(self, row: int) -> None:
        shape = self.input_shape_combo.itemData(row)
        if shape is not None and not self.document.set_value("input.shape", shape):
            self.refresh()

    @Slot(bool)
    def _on_read_only(self, read_only: bool) -> None:
        self.pages.setEnabled(not read_only)

    @Slot(str, object, object)
    def _on_edited(self, field: str, value, merge_key) -> None:
        if self.index is None or self.index < 0:
            return
        if not self.document.set_value(f"layers[{self.index}].{field}", value, merge_key=merge_key):
            self.refresh()  # refused (read-only) or unchanged: show the spec's value again

    def focus_first_field(self) -> None:
        page = self.pages.currentWidget()
        target = page.first_editor() if isinstance(page, LayerForm) else None
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if hasattr(target, "selectAll"):
                target.selectAll()


#: the dataset list's entries that are not datasets: the user's own data in use, and "Your data: <kind>…"
OWN_ENTRY = "own:"
PICK_ENTRY = "pick:"


class DesignSettings(QWidget):
    """What the whole design is about: its name, the dataset it learns, the loss it minimises.

    The dataset list holds the named sets, kind by kind (core.data.catalog.DATASET_KINDS), then
    "Your data: …" for each kind of the user's own data: a file or folder is picked, previewed and
    read (designer.pages.design.own_data); the data a design names is read in the background
    when it is opened, so the checks know its classes, and a design whose data has moved asks
    where it went (Find the data…)."""

    #: the user picked a dataset: a name, or the user's own data (a DataSource that knows what it
    #: holds); the page changes dataset and input size in one undo step
    datasetChosen = Signal(object)
    #: the user's own data was read for the design (a core.data.datasets.Dataset)
    dataLoaded = Signal(object)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        from core.data.catalog import DATASET_INFO, DATASET_KINDS
        from designer.pages.design.own_data import OwnDataFacts

        #: the preview of data being chosen (an OwnDataDialog), while it is open
        self.data_dialog = None
        self.facts = OwnDataFacts(document, self)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setToolTip(self.tr("The design's name, shown in the window title until it is saved"))
        self.name_edit.setAccessibleName(self.tr("Design name"))
        self.dataset_combo = QComboBox()
        self.dataset_combo.setToolTip(self.tr("The data the network learns from; it decides the input size and the number of classes"))
        self.dataset_combo.setAccessibleName(self.tr("Dataset"))
        combo = self.dataset_combo
        for kind in DATASET_KINDS.values():
            entries = [(key, info) for key, info in DATASET_INFO.items() if info.kind == kind.name]
            if not entries:
                continue
            if combo.count():
                combo.insertSeparator(combo.count())
            for key, info in entries:
                combo.addItem(names.tr(info.title), key)
                tip = self.tr("{classes} classes, {size} inputs per sample").format(classes=info.classes, size=info.input_size)
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        combo.insertSeparator(combo.count())
        for kind in DATASET_KINDS.values():
            if kind.own:
                combo.addItem(self.tr("Your data: {kind}…").format(kind=names.dataset_kind_title(kind)), PICK_ENTRY + kind.name)
                tip = (self.tr("Choose a folder with one sub-folder of pictures per class") if kind.pick == "folder"
                       else self.tr("Choose a CSV file: one row per sample, one column naming its class"))
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.loss_combo = QComboBox()
        self.loss_combo.setToolTip(self.tr("What training minimises: how far the network's answers are from the right ones"))
        self.loss_combo.setAccessibleName(self.tr("Loss"))
        for key in LOSSES:
            self.loss_combo.addItem(names.loss_title(key), key)
            self.loss_combo.setItemData(self.loss_combo.count() - 1, names.loss_tip(key), Qt.ItemDataRole.ToolTipRole)
        self.summary = _note()
        self.data_problem = _note()
        self.data_problem.setStyleSheet("color: #b00020;")
        self.data_problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_problem.hide()
        self.find_button = QPushButton(self.tr("Find the data…"))
        self.find_button.setToolTip(self.tr("The data is no longer where the design says: show LayerLab where it is now"))
        self.find_button.clicked.connect(self.find_data)
        self.find_button.hide()
        self.retry_button = QPushButton(self.tr("Read it again"))
        self.retry_button.setToolTip(self.tr("Read the design's data again, once it has been put right"))
        self.retry_button.clicked.connect(self.facts.retry)
        self.retry_button.hide()

        form = _form()
        # Labels above their fields: in the narrow side panel a field beside its label was too
        # short for a name like "MNIST 多層パーセプトロン", which it cut off.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Dataset"), self.dataset_combo)
        form.addRow(self.tr("&Loss"), self.loss_combo)
        form.addRow(self.summary)
        form.addRow(self.data_problem)
        form.addRow(self.find_button)
        form.addRow(self.retry_button)
        self.setLayout(form)

        self._name_session = EditSession(self.name_edit)  # the keys of one name are one undo step
        self.name_edit.textChanged.connect(self._on_name)
        self.dataset_combo.activated.connect(self._on_dataset)
        self.loss_combo.activated.connect(self._on_loss)
        document.designChanged.connect(self.refresh)
        document.readOnlyChanged.connect(self._on_read_only)
        self.facts.changed.connect(self.refresh)
        self.facts.loaded.connect(self.dataLoaded)
        self.refresh()

    def _own_row(self, source) -> int:
        """The list's entry for the user's own data in use, made (or renamed) for `source`."""
        combo = self.dataset_combo
        row = combo.findData(OWN_ENTRY)
        text = self.tr("{name} (your data)").format(name=source.file_name)
        if row < 0:
            row = next(i for i in range(combo.count()) if str(combo.itemData(i)).startswith(PICK_ENTRY))  # above "Your data: …"
            combo.insertItem(row, text, OWN_ENTRY)
        combo.setItemText(row, text)
        combo.setItemData(row, source.path, Qt.ItemDataRole.ToolTipRole)
        return row

    @Slot()
    def refresh(self) -> None:
        from core.data.catalog import DataSource, dataset_info

        d = self.document.design
        own = isinstance(d.dataset, DataSource)
        blockers = [QSignalBlocker(w) for w in (self.name_edit, self.dataset_combo, self.loss_combo)]
        try:
            if self.name_edit.text() != d.name:
                self.name_edit.setText(d.name)
                self.name_edit.setCursorPosition(0)  # a long name shows its start
            if not own and self.dataset_combo.findData(OWN_ENTRY) >= 0:
                self.dataset_combo.removeItem(self.dataset_combo.findData(OWN_ENTRY))
            row = self._own_row(d.dataset) if own else self.dataset_combo.findData(d.dataset)
            if row < 0:  # a dataset this LayerLab does not list: show it anyway
                self.dataset_combo.addItem(d.dataset, d.dataset)
                row = self.dataset_combo.count() - 1
            self.dataset_combo.setCurrentIndex(row)
            self.loss_combo.setCurrentIndex(max(0, self.loss_combo.findData(d.loss)))
        finally:
            del blockers
        info = dataset_info(d.dataset)
        if info is not None:
            self.summary.setText(self.tr("{title}: {classes} classes, {size} inputs per sample.").format(
                title=names.dataset_title(d.dataset), classes=info.classes, size=names.format_count(info.input_size)))
        elif own and self.facts.reading():
            self.summary.setText(self.tr("Reading {name}…").format(name=d.dataset.file_name))
        else:
            self.summary.setText("")
        problem = self.facts.problem if own and info is None else None
        self.data_problem.setText(problem or "")
        self.data_problem.setVisible(bool(problem))
        self.find_button.setVisible(bool(problem) and self.facts.missing)
        self.retry_button.setVisible(bool(problem) and not self.facts.missing)
        self._on_read_only(self.document.read_only)

    @Slot(bool)
    def _on_read_only(self, read_only: bool) -> None:
        for w in (self.name_edit, self.dataset_combo, self.loss_combo, self.find_button, self.retry_button):
            w.setEnabled(not read_only)

    @Slot(str)
    def _on_name(self, text: str) -> None:
        if not self.document.set_value("name", text, merge_key=self._name_session.key):
            self.refresh()

    @Slot(int)
    def _on_dataset(self, row: int) -> None:
        key = self.dataset_combo.itemData(row)
        if isinstance(key, str) and key.startswith(PICK_ENTRY):
            self.refresh()  # the list shows the data in use until other data is chosen
            self.choose_own_data(key[len(PICK_ENTRY):])
        elif key and key != OWN_ENTRY and key != self.document.design.dataset:
            self.datasetChosen.emit(key)

    # ------------------------------------------------------------------ the user's own data

    def choose_own_data(self, kind_name: str, path: str | None = None):
        """Pick a file or folder of the kind (asked when `path` is None), then preview it; the
        OwnDataDialog is returned (None when nothing was picked). Its Use this data changes the design."""
        from core.data.catalog import DATASET_KINDS, DataSource
        from designer.pages.design.own_data import OwnDataDialog, new_source, pick_own_data

        kind = DATASET_KINDS[kind_name]
        if path is None:
            current = self.document.design.dataset
            start = str(Path(current.path).parent) if isinstance(current, DataSource) else ""
            path = pick_own_data(self, kind, start)
            if not path:
                return None
        if self.data_dialog is not None:
            self.data_dialog.close()
        dialog = self.data_dialog = OwnDataDialog(new_source(kind, path), self, seed=self.document.design.training.seed)
        dialog.chosen.connect(self._on_data_chosen)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()
        return dialog

    @Slot(object, object)
    def _on_data_chosen(self, source, dataset) -> None:
        self.facts.dataset = dataset
        self.datasetChosen.emit(source)
        self.dataLoaded.emit(dataset)

    @Slot(int)
    def _on_dialog_finished(self, result: int) -> None:
        dialog = self.sender()
        if dialog is self.data_dialog:
            self.data_dialog = None
        if dialog is not None:
            dialog.deleteLater()

    @Slot()
    def find_data(self, path: str | None = None) -> bool:
        """The design's data has moved: ask where it is now (or take `path`), as one undoable edit."""
        from core.data.catalog import DataSource
        from designer.pages.design.own_data import pick_own_data

        source = self.document.design.dataset
        if not isinstance(source, DataSource):
            return False
        if path is None:
            path = pick_own_data(self, source.kind, str(Path(source.path).parent))
            if not path:
                return False
        return self.document.set_value("dataset", source.moved_to(path))

    def shutdown(self, ms: int = 1000) -> bool:
        """Stop reading data in the background (the window is closing)."""
        ended = self.facts.shutdown(ms)
        if self.data_dialog is not None:
            ended = self.data_dialog.shutdown(ms) and ended
        return ended

    @Slot(int)
    def _on_loss(self, row: int) -> None:
        if not self.document.set_value("loss", self.loss_combo.itemData(row)):
            self.refresh()


__all__ = ["LayerProperties", "DesignSettings"]
