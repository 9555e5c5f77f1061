"""Editors for the selected layer (units, activation, rate) and for the whole design
(name, dataset, loss).

Each editor shows the spec's value and turns the user's edits into undo commands
through the document (`Document.set_value`). When the document changes (undo, an
edit elsewhere) the editors show the new values without pushing anything.
"""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.design import spec
from core.design.spec import DenseSpec, DropoutSpec
from designer.text import names
from designer.text.messages import INPUT_CARD
from designer.widgets.bounded_spin_box import BoundedSpinBox
from designer.widgets.edit_session import EditSession

#: the dropout rates the spin box offers (the spec allows [0, 1))
MAX_DROPOUT = 0.95


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


class LayerProperties(QWidget):
    """The selected block's settings: units and activation of a Dense layer, a Dropout's rate."""

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
        self.input_note = _note()
        input_form.addRow(self.input_note)
        self.input_page.setLayout(input_form)
        # Dense
        self.dense_page = QWidget()
        dense_form = _form()
        self.units_spin = BoundedSpinBox()
        self.units_spin.setRange(1, spec.MAX_UNITS)
        self.units_spin.setAccelerated(True)
        self.units_spin.setToolTip(self.tr("How many neurons this layer has: the size of its output"))
        self.units_spin.setAccessibleName(self.tr("Units"))
        self.activation_combo = QComboBox()
        for key in spec.ACTIVATIONS:
            self.activation_combo.addItem(names.activation_title(key), key)
            self.activation_combo.setItemData(self.activation_combo.count() - 1, names.tr(names.ACTIVATION_TIPS[key]), Qt.ItemDataRole.ToolTipRole)
        self.activation_combo.setToolTip(self.tr("The function applied to each unit's output"))
        self.activation_combo.setAccessibleName(self.tr("Activation"))
        dense_form.addRow(self.tr("&Units"), self.units_spin)
        #: says when a typed number was out of range and what it became
        self.units_note = _note()
        self.units_note.setStyleSheet("color: #8a5a00;")
        self.units_note.setVisible(False)
        self.units_spin.rangeNote.connect(self._show_units_note)
        dense_form.addRow(self.units_note)
        dense_form.addRow(self.tr("&Activation"), self.activation_combo)
        self.dense_note = _note()
        dense_form.addRow(self.dense_note)
        self.dense_page.setLayout(dense_form)
        # Dropout
        self.dropout_page = QWidget()
        dropout_form = _form()
        self.rate_spin = QDoubleSpinBox()
        self.rate_spin.setRange(0.0, MAX_DROPOUT)
        self.rate_spin.setSingleStep(0.05)
        self.rate_spin.setDecimals(2)
        self.rate_spin.setToolTip(self.tr("The share of values switched off at random during training (0.2 to 0.5 is usual)"))
        self.rate_spin.setAccessibleName(self.tr("Rate"))
        dropout_form.addRow(self.tr("&Rate"), self.rate_spin)
        dropout_form.addRow(_note(self.tr("Dropout is active only while training; it helps the network generalise.")))
        self.dropout_page.setLayout(dropout_form)

        for page in (self.empty_page, self.input_page, self.dense_page, self.dropout_page):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages)

        #: one undo step per edit of a field (its steps or typed keys merge, two edits do not)
        self._sessions = {"units": EditSession(self.units_spin), "rate": EditSession(self.rate_spin)}
        self.units_spin.valueChanged.connect(self._on_units)
        self.activation_combo.activated.connect(self._on_activation)
        self.rate_spin.valueChanged.connect(self._on_rate)
        document.designChanged.connect(self.refresh)
        document.readOnlyChanged.connect(self._on_read_only)
        self.show_block(None)

    def show_block(self, index: int | None) -> None:
        """Edit the layer at `index` (INPUT_CARD for the input block, None for nothing)."""
        if index != self.index:
            self.units_spin.clear_note()  # it was about the layer shown before
        self.index = index
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        design = self.document.design
        index = self.index
        if index is not None and index >= len(design.layers):
            index = self.index = None
        blockers = [QSignalBlocker(w) for w in (self.units_spin, self.activation_combo, self.rate_spin)]
        try:
            if index is None:
                self.heading.setText(self.tr("Layer"))
                self.pages.setCurrentWidget(self.empty_page)
            elif index == INPUT_CARD:
                self.heading.setText(self.tr("Input"))
                size = 1
                for d in design.input_shape:
                    size *= d
                self.input_size.setText(self.tr("{count} values").format(count=names.format_count(size)))
                self.input_note.setText(self.tr("The input size comes from the dataset ({dataset}); choose the dataset below.").format(
                    dataset=names.dataset_title(design.dataset)))
                self.pages.setCurrentWidget(self.input_page)
            else:
                layer = design.layers[index]
                self.heading.setText(self.tr("Layer {number} · {kind}").format(number=index + 1, kind=names.layer_title(layer.type)))
                if isinstance(layer, DenseSpec):
                    self.units_spin.setValue(layer.units)
                    self.activation_combo.setCurrentIndex(max(0, self.activation_combo.findData(layer.activation)))
                    last = index == len(design.layers) - 1
                    self.dense_note.setText(
                        self.tr("This is the output layer: one unit per class, softmax turns them into probabilities.")
                        if last else self.tr("A hidden layer: ReLU is the usual activation."))
                    self.pages.setCurrentWidget(self.dense_page)
                elif isinstance(layer, DropoutSpec):
                    self.rate_spin.setValue(layer.rate)
                    self.pages.setCurrentWidget(self.dropout_page)
        finally:
            del blockers
        self._on_read_only(self.document.read_only)

    @Slot(bool)
    def _on_read_only(self, read_only: bool) -> None:
        self.pages.setEnabled(not read_only)

    @Slot(str)
    def _show_units_note(self, text: str) -> None:
        self.units_note.setText(text)
        self.units_note.setVisible(bool(text))

    def _set(self, attr: str, value) -> None:
        if self.index is None or self.index < 0:
            return
        session = self._sessions.get(attr)
        key = session.key if session is not None else None
        if not self.document.set_value(f"layers[{self.index}].{attr}", value, merge_key=key):
            self.refresh()  # refused (read-only) or unchanged: show the spec's value again

    @Slot(int)
    def _on_units(self, value: int) -> None:
        self._set("units", int(value))

    @Slot(int)
    def _on_activation(self, row: int) -> None:
        self._set("activation", self.activation_combo.itemData(row))

    @Slot(float)
    def _on_rate(self, value: float) -> None:
        self._set("rate", round(float(value), 4))

    def focus_first_field(self) -> None:
        page = self.pages.currentWidget()
        target = {self.dense_page: self.units_spin, self.dropout_page: self.rate_spin}.get(page)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            target.selectAll()


class DesignSettings(QWidget):
    """What the whole design is about: its name, the dataset it learns, the loss it minimises."""

    #: the user picked a dataset (the page changes dataset and input size in one undo step)
    datasetChosen = Signal(str)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        from core.data.catalog import DATASET_INFO

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setToolTip(self.tr("The design's name, shown in the window title until it is saved"))
        self.name_edit.setAccessibleName(self.tr("Design name"))
        self.dataset_combo = QComboBox()
        self.dataset_combo.setToolTip(self.tr("The data the network learns from; it decides the input size and the number of classes"))
        self.dataset_combo.setAccessibleName(self.tr("Dataset"))
        for kind in ("image", "toy"):
            if self.dataset_combo.count():
                self.dataset_combo.insertSeparator(self.dataset_combo.count())
            for key, info in DATASET_INFO.items():
                if info.kind == kind:
                    self.dataset_combo.addItem(names.tr(info.title), key)
                    tip = self.tr("{classes} classes, {size} inputs per sample").format(classes=info.classes, size=info.input_size)
                    self.dataset_combo.setItemData(self.dataset_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.loss_combo = QComboBox()
        self.loss_combo.setToolTip(self.tr("What training minimises: how far the network's answers are from the right ones"))
        self.loss_combo.setAccessibleName(self.tr("Loss"))
        for key in spec.LOSSES:
            self.loss_combo.addItem(names.loss_title(key), key)
            self.loss_combo.setItemData(self.loss_combo.count() - 1, names.tr(names.LOSS_TIPS[key]), Qt.ItemDataRole.ToolTipRole)
        self.summary = _note()

        form = _form()
        # Labels above their fields: in the narrow side panel a field beside its label was too
        # short for a name like "MNIST 多層パーセプトロン", which it cut off.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Dataset"), self.dataset_combo)
        form.addRow(self.tr("&Loss"), self.loss_combo)
        form.addRow(self.summary)
        self.setLayout(form)

        self._name_session = EditSession(self.name_edit)  # the keys of one name are one undo step
        self.name_edit.textChanged.connect(self._on_name)
        self.dataset_combo.activated.connect(self._on_dataset)
        self.loss_combo.activated.connect(self._on_loss)
        document.designChanged.connect(self.refresh)
        document.readOnlyChanged.connect(self._on_read_only)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        from core.data.catalog import dataset_info

        d = self.document.design
        blockers = [QSignalBlocker(w) for w in (self.name_edit, self.dataset_combo, self.loss_combo)]
        try:
            if self.name_edit.text() != d.name:
                self.name_edit.setText(d.name)
                self.name_edit.setCursorPosition(0)  # a long name shows its start
            row = self.dataset_combo.findData(d.dataset)
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
                title=names.tr(info.title), classes=info.classes, size=names.format_count(info.input_size)))
        else:
            self.summary.setText("")
        self._on_read_only(self.document.read_only)

    @Slot(bool)
    def _on_read_only(self, read_only: bool) -> None:
        for w in (self.name_edit, self.dataset_combo, self.loss_combo):
            w.setEnabled(not read_only)

    @Slot(str)
    def _on_name(self, text: str) -> None:
        if not self.document.set_value("name", text, merge_key=self._name_session.key):
            self.refresh()

    @Slot(int)
    def _on_dataset(self, row: int) -> None:
        key = self.dataset_combo.itemData(row)
        if key and key != self.document.design.dataset:
            self.datasetChosen.emit(key)

    @Slot(int)
    def _on_loss(self, row: int) -> None:
        if not self.document.set_value("loss", self.loss_combo.itemData(row)):
            self.refresh()


__all__ = ["LayerProperties", "DesignSettings"]
