"""The Train page's hyperparameters: the training settings of the document's design.

Every edit goes through an undo command (`Document.set_value`), so it can be undone like
any other; the form shows the spec again whenever the document changes.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from core.design import spec
from core.nn.initializers import INITIALIZERS
from core.nn.optimizers import OPTIMIZERS
from core.train.schedules import SCHEDULES, learning_rates
from designer.text import names
from designer.text.messages import finding_text
from designer.widgets.bounded_spin_box import BoundedSpinBox
from designer.widgets.edit_session import EditSession
from designer.widgets.plots.rate_sparkline import RateSparkline
from designer.widgets.spin_boxes import LearningRateSpinBox, PercentSpinBox, PowerOfTwoSpinBox


class HyperparameterForm(QGroupBox):
    """The training settings of the document's design, edited through undo commands.

    Every edit pushes a `PropertyChangedCmd` (spin-box steps merge into one undo step);
    `load_from_design()` shows the spec again without pushing anything, and runs
    whenever the document changes (undo, redo, another design opened).
    """

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Hyperparameters"))
        self.document = document
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.optimizer_combo = QComboBox()
        for key in tuple(OPTIMIZERS):
            self.optimizer_combo.addItem(names.optimizer_title(key), key)
        self.optimizer_combo.setToolTip(self.tr(
            "How the weights are changed after each mini-batch.\n"
            "SGD: a step straight down the slope of the loss.\n"
            "Momentum: like a ball rolling downhill, it keeps some speed from earlier steps.\n"
            "AdaGrad: weights that have changed a lot get smaller steps.\n"
            "RMSProp: like AdaGrad, but it forgets old steps, so learning does not slow to a halt.\n"
            "Adam: Momentum and RMSProp together; a good first choice."))
        self.lr_spin = LearningRateSpinBox()
        self.lr_spin.setToolTip(self.tr(
            "The learning rate: how big a step the weights take after each mini-batch.\n"
            "Too small and learning crawls; too big and the loss jumps around or blows up.\n"
            "Typical: 0.001 for Adam and RMSProp, 0.01 to 0.1 for SGD."))
        self.momentum_spin = QDoubleSpinBox()
        self.momentum_spin.setRange(0.0, 0.999)
        self.momentum_spin.setDecimals(3)
        self.momentum_spin.setSingleStep(0.05)
        self.momentum_spin.setKeyboardTracking(False)
        self.momentum_spin.setToolTip(self.tr(
            "Momentum: how much of the previous step is kept in the next one (0 to 1).\n"
            "0.9 means each step is mostly the running direction of the last ten or so,\n"
            "which smooths out the zig-zag of single mini-batches."))
        self.batch_spin = PowerOfTwoSpinBox()
        self.batch_spin.setRange(1, spec.MAX_BATCH)
        self.batch_spin.setToolTip(self.tr(
            "The mini-batch size: how many examples the network looks at before each weight update.\n"
            "Small batches make many quick, noisy steps; big batches make fewer, steadier ones."))
        self.epochs_spin = BoundedSpinBox()
        self.epochs_spin.setRange(1, spec.MAX_EPOCHS)
        self.epochs_spin.setKeyboardTracking(False)
        self.epochs_spin.setToolTip(self.tr(
            "Epochs: how many times training goes through all the training examples.\n"
            "More epochs learn more, until the network starts memorising instead (watch the validation curve)."))
        self.val_spin = PercentSpinBox()
        self.val_spin.setRange(0.0, 50.0)
        self.val_spin.setToolTip(self.tr(
            "Validation split: the share of the training examples held back and never trained on.\n"
            "The network is scored on them after every epoch, which shows whether it learns\n"
            "general rules or only memorises the examples it sees."))
        self.init_combo = QComboBox()
        for key in tuple(INITIALIZERS):
            self.init_combo.addItem(names.init_title(key), key)
        self.init_combo.setToolTip(self.tr(
            "Initialisation: how the weights are set before training starts.\n"
            "He suits ReLU layers, Xavier suits sigmoid and tanh; Normal uses small random numbers."))
        self.seed_spin = BoundedSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.setToolTip(self.tr(
            "The seed of the random numbers (starting weights, shuffling, validation split).\n"
            "The same seed gives exactly the same run again; change it to see how much luck matters."))

        self.schedule_combo = QComboBox()
        for key in SCHEDULES:
            self.schedule_combo.addItem(names.schedule_title(key), key)
            self.schedule_combo.setItemData(self.schedule_combo.count() - 1, names.schedule_tip(key), Qt.ItemDataRole.ToolTipRole)
        self.schedule_combo.setToolTip(self.tr(
            "The learning-rate schedule: how the learning rate changes from one epoch to the next.\n"
            "Big steps early get the weights near a good solution quickly; smaller steps later\n"
            "let them settle there instead of jumping around it.\n"
            "Constant: the same rate in every epoch. Step decay: multiplied by γ every few epochs.\n"
            "Exponential decay: multiplied by γ after every epoch. Cosine decay: glides down towards 0 by the last epoch."))
        #: each schedule kind's parameter editors (core.layer_types.base.Field), shown while it is chosen
        self.schedule_editors: dict[tuple[str, str], QWidget] = {}
        self._schedule_labels: dict[tuple[str, str], QLabel] = {}
        for key, info in SCHEDULES.items():
            for f in info.params:
                self.schedule_editors[key, f.name] = self._schedule_editor(f)
                self._schedule_labels[key, f.name] = QLabel(names.tr(f.label))
        self.schedule_preview = QLabel()
        self.schedule_preview.setWordWrap(True)
        self.schedule_preview.setStyleSheet("color: #555555;")
        self.schedule_sparkline = RateSparkline()  # the same rates, drawn: stairs, a slope, a glide
        self.schedule_sparkline.setFixedWidth(72)
        self._schedule_row = QWidget()  # the drawing beside the words: a row, not two (the column would scroll)
        row = QHBoxLayout(self._schedule_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.schedule_sparkline, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.schedule_preview, 1)

        self.momentum_label = QLabel(self.tr("Momentum"))
        form.addRow(self.tr("Optimizer"), self.optimizer_combo)
        form.addRow(self.tr("Learning rate"), self.lr_spin)
        form.addRow(self.momentum_label, self.momentum_spin)
        form.addRow(self.tr("Schedule"), self.schedule_combo)  # below the learning rate, whose schedule it is
        for where, editor in self.schedule_editors.items():
            form.addRow(self._schedule_labels[where], editor)
        form.addRow(self._schedule_row)
        form.addRow(self.tr("Batch size"), self.batch_spin)
        form.addRow(self.tr("Epochs"), self.epochs_spin)
        form.addRow(self.tr("Validation split"), self.val_spin)
        form.addRow(self.tr("Initialisation"), self.init_combo)
        form.addRow(self.tr("Seed"), self.seed_spin)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and isinstance(label.widget(), QLabel):
                label.widget().setToolTip(field.widget().toolTip())
        # Advice about the settings and notes about typed numbers out of range: the page shows
        # them below the Train button, so that one appearing never moves the button.
        self.advice_label = QLabel()
        self.advice_label.setWordWrap(True)
        self.advice_label.setStyleSheet("color: #8a5a00;")
        self.advice_label.setVisible(False)
        self.range_label = QLabel()
        self.range_label.setWordWrap(True)
        self.range_label.setStyleSheet("color: #8a5a00;")
        self.range_label.setVisible(False)
        for spin in (self.batch_spin, self.epochs_spin, self.seed_spin):
            spin.rangeNote.connect(self._show_range_note)

        #: one undo step per edit of a field: its steps merge, two separate edits do not
        self._sessions = {w: EditSession(w) for w in (self.lr_spin, self.momentum_spin, self.batch_spin, self.epochs_spin,
                                                     self.val_spin, self.seed_spin, *self.schedule_editors.values())}
        self.optimizer_combo.activated.connect(self._on_optimizer_chosen)
        self.schedule_combo.activated.connect(self._on_schedule_chosen)
        self.lr_spin.valueChanged.connect(self._on_learning_rate)
        self.momentum_spin.valueChanged.connect(self._on_momentum)
        self.batch_spin.valueChanged.connect(self._on_batch_size)
        self.epochs_spin.valueChanged.connect(self._on_epochs)
        self.val_spin.valueChanged.connect(self._on_validation_split)
        self.init_combo.activated.connect(self._on_init_chosen)
        self.seed_spin.valueChanged.connect(self._on_seed)

    def _schedule_editor(self, f) -> QWidget:
        """A spin box for one parameter of a schedule kind (a core.layer_types.base.Field of
        kind "int" or "float"), its edits pushed as training.schedule.<name>."""
        if f.kind == "int":
            spin = BoundedSpinBox()
            spin.setRange(int(f.lo), int(f.editor_max if f.editor_max is not None else f.hi))
            spin.setSingleStep(int(f.step))
            spin.rangeNote.connect(self._show_range_note)
            spin.valueChanged.connect(lambda value, name=f.name, w=spin: self._on_schedule_option(name, int(value), w))
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(f.decimals)
            # an open end (γ > 0) is kept out by the smallest step the box can show
            spin.setRange(f.lo + (10.0**-f.decimals if f.lo_open else 0.0), f.hi - (10.0**-f.decimals if f.hi_open else 0.0))
            spin.setSingleStep(f.step)
            spin.valueChanged.connect(lambda value, name=f.name, d=f.decimals, w=spin: self._on_schedule_option(name, round(float(value), d), w))
        spin.setKeyboardTracking(False)
        spin.setToolTip(names.tr(f.tip))
        return spin

    @property
    def design(self) -> spec.Design:
        return self.document.design

    @Slot(str)
    def _show_range_note(self, text: str) -> None:
        self.range_label.setText(text)
        self.range_label.setVisible(bool(text))

    def _push(self, path: str, value, field: QWidget | None = None) -> None:
        """Change one spec value through an undoable `PropertyChangedCmd`, merged with the last
        one while the same `field` is being edited (so spin-box steps undo at once)."""
        session = self._sessions.get(field)
        key = session.key if session is not None else None
        if not self.document.set_value(path, value, merge_key=key) and self.document.read_only:
            self.load_from_design()  # refused: show the spec's value again

    def load_from_design(self) -> None:
        """Show the spec's values in the form without pushing commands."""
        d = self.design
        t = d.training
        widgets = (self.optimizer_combo, self.lr_spin, self.momentum_spin, self.batch_spin, self.epochs_spin,
                   self.val_spin, self.init_combo, self.seed_spin, self.schedule_combo, *self.schedule_editors.values())
        blockers = [QSignalBlocker(w) for w in widgets]
        try:
            self.optimizer_combo.setCurrentIndex(max(0, self.optimizer_combo.findData(t.optimizer.type)))
            self.lr_spin.setValue(t.optimizer.learning_rate)
            has_momentum = "momentum" in OPTIMIZERS[t.optimizer.type].extras
            self.momentum_label.setVisible(has_momentum)
            self.momentum_spin.setVisible(has_momentum)
            if has_momentum:
                self.momentum_spin.setValue(t.optimizer.option("momentum"))
            self.schedule_combo.setCurrentIndex(max(0, self.schedule_combo.findData(t.schedule.type)))
            for (kind, name), editor in self.schedule_editors.items():
                shown = kind == t.schedule.type
                editor.setVisible(shown)
                self._schedule_labels[kind, name].setVisible(shown)
                if shown:
                    editor.setValue(t.schedule.option(name))
            self.batch_spin.setValue(t.batch_size)
            self.epochs_spin.setValue(t.epochs)
            self.val_spin.setValue(round(100.0 * t.validation_split, 1))
            self.init_combo.setCurrentIndex(max(0, self.init_combo.findData(t.init)))
            self.seed_spin.setValue(min(t.seed, self.seed_spin.maximum()))
        finally:
            del blockers
        self._show_schedule_preview()
        self._show_advice()

    def _show_schedule_preview(self) -> None:
        """The rate of the first and the last epoch, under a schedule that changes it; every
        epoch's in the tooltip (the first 50)."""
        t = self.design.training
        rates = learning_rates(t.schedule, t.optimizer.learning_rate, t.epochs)
        changes = any(rate != rates[0] for rate in rates)
        self._schedule_row.setVisible(changes)
        if not changes:
            return
        self.schedule_sparkline.set_rates(rates)
        self.schedule_preview.setText(self.tr("Epoch 1: {first} → epoch {epochs}: {last}").format(
            first=names.format_rate(rates[0]), last=names.format_rate(rates[-1]), epochs=names.format_count(len(rates))))
        lines = [self.tr("Epoch {epoch}: {rate}").format(epoch=e + 1, rate=names.format_rate(rate)) for e, rate in enumerate(rates[:50])]
        if len(rates) > 50:
            lines.append("…")
        self.schedule_preview.setToolTip(self.tr("The learning rate of each epoch:") + "\n" + "\n".join(lines))
        self.schedule_sparkline.setToolTip(self.schedule_preview.toolTip())

    def _show_advice(self) -> None:
        """Warnings about the training settings (a very high learning rate...), in plain words."""
        lines = ["⚠ " + finding_text(f) for f in self.document.findings()
                 if f.severity == "warning" and f.path.startswith("training.")]
        self.advice_label.setText("\n".join(lines))
        self.advice_label.setVisible(bool(lines))

    # --- form edits -> undo commands

    @Slot(int)
    def _on_optimizer_chosen(self, index: int) -> None:
        kind = self.optimizer_combo.itemData(index)
        current = self.design.training.optimizer
        if kind == current.type:
            return
        self._push("training.optimizer", spec.with_optimizer(current, kind))

    @Slot(int)
    def _on_schedule_chosen(self, index: int) -> None:
        kind = self.schedule_combo.itemData(index)
        if kind != self.design.training.schedule.type:
            self._push("training.schedule", spec.with_schedule(kind))

    def _on_schedule_option(self, name: str, value, field: QWidget) -> None:
        if value != self.design.training.schedule.option(name):
            self._push(f"training.schedule.{name}", value, field)

    @Slot(float)
    def _on_learning_rate(self, value: float) -> None:
        if not math.isclose(value, self.design.training.optimizer.learning_rate, rel_tol=1e-12):
            self._push("training.optimizer.learning_rate", float(value), self.lr_spin)

    @Slot(float)
    def _on_momentum(self, value: float) -> None:
        self._push("training.optimizer.momentum", float(value), self.momentum_spin)

    @Slot(int)
    def _on_batch_size(self, value: int) -> None:
        if value != self.design.training.batch_size:
            self._push("training.batch_size", int(value), self.batch_spin)

    @Slot(int)
    def _on_epochs(self, value: int) -> None:
        if value != self.design.training.epochs:
            self._push("training.epochs", int(value), self.epochs_spin)

    @Slot(float)
    def _on_validation_split(self, value: float) -> None:
        fraction = round(value / 100.0, 4)
        if not math.isclose(fraction, self.design.training.validation_split, abs_tol=1e-9):
            self._push("training.validation_split", fraction, self.val_spin)

    @Slot(int)
    def _on_init_chosen(self, index: int) -> None:
        key = self.init_combo.itemData(index)
        if key != self.design.training.init:
            self._push("training.init", key)

    @Slot(int)
    def _on_seed(self, value: int) -> None:
        if value != self.design.training.seed:
            self._push("training.seed", int(value), self.seed_spin)


__all__ = ["HyperparameterForm"]
