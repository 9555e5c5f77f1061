"""Your own data: choosing a CSV table or a folder of pictures, seeing what it holds, using it.

`OwnDataDialog` shows a preview of the data as LayerLab reads it: the first rows of a table
with each column's kind and the target's class counts, or a few pictures of each class with
its count; and the problem a load would meet, in plain words. Its options are the kind's
records (core.data.catalog.Option): the form is made from them, as the spec reads them.
"Use this data" reads the whole dataset. Previews and loads run in the background through
the one task helper (designer.tasks.task.TaskRunner), with progress and Cancel: the window
never freezes, even on a folder of 60,000 pictures.

`preview_work` and `load_work` are the plain functions the TaskRunner runs.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.data.catalog import DataSource, DatasetKind, Option
from designer.tasks.task import TaskCancelled, TaskRunner
from designer.text import names

#: how long the options must rest before the preview is made again (ms)
PREVIEW_DELAY_MS = 250
#: the problems of a table's gaps, which the Gaps option answers
GAP_CODES = ("gap_number", "gap_value", "gap_marked")
#: pictures shown per class, and their side on screen
PICTURES_PER_CLASS = 8
THUMB = 44


# --------------------------------------------------------------------------- the work (any thread, no widgets)


class _StopFlag:
    """A cancel flag the core's loaders check (`is_set`), seen through the task's state."""

    def __init__(self, state):
        self.state = state

    def is_set(self) -> bool:
        return self.state.stopping

    def set(self) -> None:
        self.state.control.stop()


def preview_work(state, source: DataSource):
    """What `source` holds, for the dialog: core.data.tables.TablePreview or core.data.image_folder.FolderPreview."""
    from core.data.datasets import LoadCancelled

    state.set_status(QCoreApplication.translate("OwnDataDialog", "Looking at {name}…").format(name=source.file_name))
    try:
        if source.kind.samples == "rows":
            from core.data.tables import preview_table

            return preview_table(source)
        from core.data.image_folder import preview_folder

        return preview_folder(source, per_class=PICTURES_PER_CLASS, cancel=_StopFlag(state))
    except LoadCancelled:
        raise TaskCancelled() from None


def load_work(state, source: DataSource, seed: int = 0):
    """The whole dataset of `source` (core.data.datasets.Dataset), with progress; Cancel ends it."""
    from core.data.datasets import LoadCancelled, load_dataset

    state.set_status(QCoreApplication.translate("OwnDataDialog", "Reading {name}…").format(name=source.file_name))
    try:
        return load_dataset(source, seed=seed, progress=lambda done, total, name: state.set_progress(done, total),
                            cancel=_StopFlag(state))
    except LoadCancelled:
        raise TaskCancelled() from None


def pick_own_data(parent: QWidget, kind: DatasetKind, start: str = "") -> str:
    """Ask for a file (a CSV table) or a folder (of pictures) of `kind`; "" when the user cancels."""
    start = start or str(Path.home())
    if kind.pick == "folder":
        return QFileDialog.getExistingDirectory(parent, QCoreApplication.translate("OwnDataDialog", "Choose a folder of pictures"), start)
    patterns = " ".join(f"*{s}" for s in kind.suffixes)
    filters = QCoreApplication.translate("OwnDataDialog", "Tables ({patterns});;All files (*)").format(patterns=patterns)
    path, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("OwnDataDialog", "Choose a CSV table"), start, filters)
    return path


def new_source(kind: DatasetKind, path: str) -> DataSource:
    """A source of `kind` at `path` with the options' defaults (a table's target is suggested by its preview)."""
    return kind.source(path=os.path.abspath(path))


def _problem_text(error) -> str:
    from designer.text.messages import data_error_text

    return data_error_text(error)


def _picture_pixmap(pixels: np.ndarray, side: int = THUMB) -> QPixmap:
    """A (C, H, W) uint8 picture as a pixmap of `side` pixels, every pixel a crisp square."""
    a = np.ascontiguousarray(pixels[0] if pixels.shape[0] == 1 else pixels.transpose(1, 2, 0))
    h, w = a.shape[:2]
    if a.ndim == 2:
        image = QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    else:
        image = QImage(a.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)


# --------------------------------------------------------------------------- the dialog


class SizeEditor(QWidget):
    """Height and width, side by side."""

    def __init__(self, most: int, labels: tuple[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.spins: list[QSpinBox] = []
        for label in labels:
            spin = QSpinBox()
            spin.setRange(1, most)
            spin.setAccessibleName(label)
            row.addWidget(QLabel(label))
            row.addWidget(spin)
            self.spins.append(spin)
        row.addStretch(1)


class OwnDataDialog(QDialog):
    """A preview of the user's own data, its options, and Use this data (see the module doc)."""

    #: the preview is on screen (or its problem is); for tests and the status line
    previewed = Signal()
    #: the data was read: the DataSource (its `info` filled in) and the core.data.datasets.Dataset
    chosen = Signal(object, object)

    def __init__(self, source: DataSource, parent: QWidget | None = None, *, seed: int = 0):
        super().__init__(parent)
        self.source = source
        self.seed = seed
        self.kind = source.kind
        self.preview = None
        self.dataset = None
        self.setWindowTitle(self.tr("Your data: {name}").format(name=source.file_name))
        self.resize(860, 620)

        self._preview_task = TaskRunner(self, name="data preview")
        self._preview_task.done.connect(self._on_preview)
        self._preview_task.failed.connect(self._on_preview_failed)
        self._load_task = TaskRunner(self, name="data loading")
        self._load_task.progress.connect(self._on_progress)
        self._load_task.done.connect(self._on_loaded)
        self._load_task.failed.connect(self._on_load_failed)
        self._load_task.cancelled.connect(self._on_load_cancelled)
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(PREVIEW_DELAY_MS)
        self._again.timeout.connect(self.refresh_preview)

        self.path_label = QLabel(source.path)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        self.kind_label = QLabel(names.dataset_kind_title(self.kind))
        self.kind_label.setObjectName("heading")

        # ---- the options, one editor per record
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for option in self.kind.options:
            editor = self._editor(option)
            editor.setToolTip(names.tr(option.tip) if option.tip else "")
            self.editors[option.name] = editor
            form.addRow(names.tr(option.label) or option.name, editor)

        # ---- the preview
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setToolTip(self.tr("The first rows of the table; under each column's name, what LayerLab makes of it"))
        self.classes_label = QLabel()
        self.classes_label.setWordWrap(True)
        self.pictures = QWidget()
        self.pictures_layout = QVBoxLayout(self.pictures)
        self.pictures_layout.setContentsMargins(0, 0, 0, 0)
        self.pictures_scroll = QScrollArea()
        self.pictures_scroll.setWidgetResizable(True)
        self.pictures_scroll.setWidget(self.pictures)
        rows = self.kind.samples == "rows"
        self.table.setVisible(rows)
        self.pictures_scroll.setVisible(not rows)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self.tr("Stop reading"))
        self.cancel_button.setToolTip(self.tr("Stop reading the data; nothing changes in the design"))
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.cancel_button.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = self.buttons.addButton(self.tr("Use this data"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setToolTip(self.tr("Read all of the data and train the design on it"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use)
        self.buttons.rejected.connect(self.reject)

        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_label)
        layout.addWidget(self.path_label)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.pictures_scroll, 1)
        layout.addWidget(self.classes_label)
        layout.addWidget(self.status_label)
        layout.addLayout(progress_row)
        layout.addWidget(self.buttons)
        self._show_options(source)
        self.refresh_preview()

    # ------------------------------------------------------------------ options

    def _editor(self, option: Option) -> QWidget:
        if option.kind == "text":  # a column: the table's, once seen
            combo = QComboBox()
            combo.activated.connect(self._options_changed)
            return combo
        if option.kind == "texts":
            columns = QListWidget()
            columns.setMaximumHeight(110)
            columns.itemChanged.connect(self._options_changed)
            return columns
        if option.kind == "fraction":
            spin = QDoubleSpinBox()
            spin.setRange(option.lo, option.hi)
            spin.setSingleStep(0.05)
            spin.setDecimals(2)
            spin.valueChanged.connect(self._options_changed)
            return spin
        if option.kind == "choice":
            combo = QComboBox()
            for value, label in zip(option.choices, option.choice_labels or option.choices):
                combo.addItem(names.tr(label), value)
            combo.activated.connect(self._options_changed)
            return combo
        box = SizeEditor(int(option.hi), (self.tr("height"), self.tr("width")))  # "size": height and width
        for spin in box.spins:
            spin.valueChanged.connect(self._options_changed)
        return box

    def _show_options(self, source: DataSource) -> None:
        """The editors show `source`'s options, without counting as edits."""
        values = source.options()
        for option in self.kind.options:
            editor = self.editors[option.name]
            editor.blockSignals(True)
            try:
                value = values[option.name]
                if option.kind == "text":
                    row = editor.findText(value)
                    if row < 0 and value:
                        editor.addItem(value)
                        row = editor.count() - 1
                    editor.setCurrentIndex(row)
                elif option.kind == "fraction":
                    editor.setValue(float(value))
                elif option.kind == "choice":
                    editor.setCurrentIndex(max(0, editor.findData(value)))
                elif option.kind == "size":
                    for spin, v in zip(editor.spins, value):
                        spin.blockSignals(True)
                        spin.setValue(int(v))
                        spin.blockSignals(False)
            finally:
                editor.blockSignals(False)

    def _show_columns(self, header: list[str], source: DataSource) -> None:
        """The table's columns in the column editors: the target's choices, the features' checks."""
        for option in self.kind.options:
            editor = self.editors[option.name]
            editor.blockSignals(True)
            try:
                if option.kind == "text":
                    editor.clear()
                    editor.addItems(header)
                    editor.setCurrentIndex(max(0, editor.findText(getattr(source, option.name))))
                elif option.kind == "texts":
                    chosen = set(getattr(source, option.name))
                    target = getattr(source, "target", "")
                    editor.clear()
                    for column in header:
                        if column == target:
                            continue
                        item = QListWidgetItem(column)
                        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                        item.setCheckState(Qt.CheckState.Checked if not chosen or column in chosen else Qt.CheckState.Unchecked)
                        editor.addItem(item)
            finally:
                editor.blockSignals(False)

    def current_source(self) -> DataSource:
        """The source with the options as the editors show them."""
        values = {}
        for option in self.kind.options:
            editor = self.editors[option.name]
            if option.kind == "text":
                values[option.name] = editor.currentText() or getattr(self.source, option.name)
            elif option.kind == "texts":
                items = [editor.item(i) for i in range(editor.count())]
                checked = tuple(i.text() for i in items if i.checkState() == Qt.CheckState.Checked)
                values[option.name] = () if len(checked) == len(items) else checked  # every column: the default
            elif option.kind == "fraction":
                values[option.name] = round(float(editor.value()), 2)
            elif option.kind == "choice":
                values[option.name] = editor.currentData()
            else:
                values[option.name] = tuple(s.value() for s in editor.spins)
        return replace(self.source, info=None, **values)

    @Slot()
    def _options_changed(self, *args) -> None:
        self.source = self.current_source()
        self.use_button.setEnabled(False)
        self._again.start()

    def set_option(self, name: str, value) -> None:
        """Change one option as the user would (tests, and the form's own editors), then preview again."""
        self.source = replace(self.source, **{name: value})
        if name == "target" and hasattr(self.source, "features"):
            self.source = replace(self.source, features=tuple(c for c in self.source.features if c != value))
        self._show_options(self.source)
        if self.preview is not None and hasattr(self.preview, "header"):
            self._show_columns(self.preview.header, self.source)
        self.use_button.setEnabled(False)
        self.refresh_preview()

    # ------------------------------------------------------------------ the preview

    @Slot()
    def refresh_preview(self) -> None:
        self._again.stop()
        self._set_status(self.tr("Looking at the data…"), error=False)
        self._preview_task.start(preview_work, self.source)

    def is_previewing(self) -> bool:
        return self._preview_task.running

    @Slot(object)
    def _on_preview(self, preview) -> None:
        self.preview = preview
        if hasattr(preview, "header"):  # a table
            if getattr(self.source, "target", None) != preview.target:
                self.source = replace(self.source, target=preview.target)
                self._show_options(self.source)
            self._show_columns(preview.header, self.source)
            self._show_table(preview)
        else:
            self._show_pictures(preview)
        if preview.problem is not None:
            text = self.tr("This data cannot be used yet:") + "\n" + _problem_text(preview.problem)
            if preview.problem.code in GAP_CODES:
                text += "\n" + self.tr("To use the other rows, choose “Leave those rows out” under Gaps.")
            self._set_status(text, error=True)
        else:
            self._set_status(self._ready_text(preview), error=False)
        self.use_button.setEnabled(preview.problem is None)
        self.previewed.emit()

    @Slot(str, object)
    def _on_preview_failed(self, message: str, error) -> None:
        from core.data.datasets import DataError

        self.preview = None
        text = _problem_text(error) if isinstance(error, DataError) else message
        self._set_status(self.tr("This data cannot be used:") + "\n" + text, error=True)
        self.table.setRowCount(0)
        self.classes_label.clear()
        self.use_button.setEnabled(False)
        self.previewed.emit()

    def _ready_text(self, preview) -> str:
        if hasattr(preview, "header"):
            text = self.tr("Ready: {rows} rows give {inputs} inputs each and {classes} classes.").format(
                rows=names.format_count(preview.total_rows - preview.gap_rows), inputs=names.format_count(preview.inputs),
                classes=len(preview.class_counts))
            if preview.gap_rows:
                text += " " + self.tr("{count} rows with gaps are left out.").format(count=names.format_count(preview.gap_rows))
            return text
        text = self.tr("Ready: {files} files in {classes} classes.").format(files=names.format_count(preview.files), classes=len(preview.classes))
        if preview.layout == "train_test":
            text += " " + self.tr("The test pictures come from its test folder.")
        if preview.skipped:
            text += " " + self.tr("Among the first files, {count} are not pictures and will be skipped, for example {file}.").format(
                count=len(preview.skipped), file=preview.skipped[0][0])
        return text

    def _show_table(self, preview) -> None:
        t = self.table
        t.clear()
        t.setColumnCount(len(preview.header))
        t.setRowCount(len(preview.rows))
        summaries = {c.name: c for c in preview.columns}
        used = set(getattr(self.source, "features", ()) or preview.header)
        for j, column in enumerate(preview.header):
            s = summaries[column]
            if column == preview.target:
                kind = self.tr("classes")
            elif column not in used:
                kind = self.tr("not used")
            elif s.kind == "number":
                kind = self.tr("number")
            else:
                from core.data.tables import MAX_CATEGORIES

                count = names.format_count(s.distinct) if s.distinct <= MAX_CATEGORIES else f"> {MAX_CATEGORIES}"
                kind = self.tr("text: {count} values").format(count=count)
            if s.gaps:
                kind += " · " + self.tr("{count} gaps").format(count=s.gaps)
            item = QTableWidgetItem(f"{column}\n{kind}")
            if column == preview.target:
                item.setBackground(QColor(255, 236, 179))
            t.setHorizontalHeaderItem(j, item)
        for i, row in enumerate(preview.rows):
            for j, value in enumerate(row):
                cell = QTableWidgetItem(value)
                from core.data.tables import is_gap

                if is_gap(value):
                    cell.setBackground(QColor(253, 226, 226))
                t.setItem(i, j, cell)
        t.resizeColumnsToContents()
        counts = " · ".join(f"{name} {names.format_count(n)}" for name, n in preview.class_counts)
        self.classes_label.setText(self.tr("Classes in {column}: {counts} (of {rows} rows)").format(
            column=preview.target, counts=counts, rows=names.format_count(preview.total_rows)))

    def _show_pictures(self, preview) -> None:
        layout = self.pictures_layout
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for name, count, pictures in preview.classes:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            title = QLabel(self.tr("<b>{name}</b><br>{count} pictures").format(name=_html(name), count=names.format_count(count)))
            title.setMinimumWidth(120)
            line.addWidget(title)
            for pixels in pictures:
                thumb = QLabel()
                thumb.setPixmap(_picture_pixmap(pixels))
                thumb.setToolTip(self.tr("As the network sees it: {shape}").format(shape=names.format_shape(pixels.shape)))
                line.addWidget(thumb)
            line.addStretch(1)
            layout.addWidget(row)
        layout.addStretch(1)
        self.classes_label.setText(self.tr("{classes} classes: {counts}").format(
            classes=len(preview.classes), counts=" · ".join(f"{n} {names.format_count(c)}" for n, c, _ in preview.classes)))

    def class_rows(self) -> list[tuple[str, int, int]]:
        """(class, files, pictures shown) per class of a folder's preview (for tests)."""
        if self.preview is None or hasattr(self.preview, "header"):
            return []
        return [(name, count, len(pictures)) for name, count, pictures in self.preview.classes]

    def _set_status(self, text: str, *, error: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020;" if error else "")

    def status_text(self) -> str:
        return self.status_label.text()

    # ------------------------------------------------------------------ using it

    @Slot()
    def use(self) -> None:
        """Read the whole dataset (in the background, with progress); `chosen` comes when it is read."""
        if self._load_task.running or not self.use_button.isEnabled():
            return
        self.use_button.setEnabled(False)
        for editor in self.editors.values():
            editor.setEnabled(False)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()
        self._set_status(self.tr("Reading {name}…").format(name=self.source.file_name), error=False)
        self._load_task.start(load_work, self.source, self.seed)

    def is_loading(self) -> bool:
        return self._load_task.running

    @Slot()
    def cancel_loading(self) -> None:
        self._load_task.cancel()

    @Slot(float, float)
    def _on_progress(self, done: float, total: float) -> None:
        if total > 0:
            self.progress_bar.setRange(0, int(total))
            self.progress_bar.setValue(int(done))

    @Slot(object)
    def _on_loaded(self, dataset) -> None:
        self.dataset = dataset
        self._end_loading()
        self.chosen.emit(self.source.with_info(dataset.info()), dataset)
        self.accept()

    @Slot(str, object)
    def _on_load_failed(self, message: str, error) -> None:
        from core.data.datasets import DataError

        self._end_loading()
        text = _problem_text(error) if isinstance(error, DataError) else message
        self._set_status(self.tr("This data cannot be used:") + "\n" + text, error=True)

    @Slot()
    def _on_load_cancelled(self) -> None:
        self._end_loading()
        self._set_status(self.tr("Reading stopped; the design was not changed."), error=False)
        self.use_button.setEnabled(True)

    def _end_loading(self) -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()
        for editor in self.editors.values():
            editor.setEnabled(True)

    def shutdown(self, ms: int = 1000) -> bool:
        ended = self._preview_task.shutdown(ms)
        return self._load_task.shutdown(ms) and ended

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name: accepted, rejected or closed
        self._preview_task.abandon()
        self._load_task.abandon()
        super().done(result)


def _stamp(source: DataSource):
    """When the data's file or folder last changed (None when it is not there)."""
    try:
        return os.stat(source.path).st_mtime_ns
    except OSError:
        return None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")





# --------------------------------------------------------------------------- what the design's own data holds


class OwnDataFacts(QObject):
    """Reads the design's own data in the background when nobody has said yet what it holds (a
    design file or an example opened, the data found again), so that the checks know its classes
    and input size: `Document.set_data_facts`. A failure is kept (`problem`), with whether the
    data has gone missing (`missing`: the design page asks where it went)."""

    #: reading started, ended or failed: the page shows it
    changed = Signal()
    #: the design's own data was read (a core.data.datasets.Dataset): the Train page may keep it
    loaded = Signal(object)

    def __init__(self, document, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self._task = TaskRunner(self, name="data facts")
        self._task.done.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        self._task.cancelled.connect(self._on_cancelled)
        self._for = None
        #: what each source read so far holds: an undo that brings back a design without it (a fix
        #: undone) gets it again at once, without reading 60,000 pictures again
        self._known: dict = {}
        self.problem = None
        self.missing = False
        #: the last dataset read, for the design's source (the Train page may use it)
        self.dataset = None
        document.designChanged.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        source = self.document.design.dataset
        if not isinstance(source, DataSource):
            if self._for is not None:
                self._task.abandon()
                self._for, self.problem, self.missing = None, None, False
                self.changed.emit()
            return
        if source.info is not None:
            self._known[source] = (source.info, _stamp(source))
            return
        known = self._known.get(source)
        if known is not None and known[1] is not None and known[1] == _stamp(source):  # there still, unchanged
            self.document.set_data_facts(source.with_info(known[0]))
            return
        if self._for == source and (self._task.running or self.problem is not None):
            return
        self._for, self.problem, self.missing = source, None, False
        self._task.start(load_work, source, self.document.design.training.seed)
        self.changed.emit()

    def reading(self) -> bool:
        return self._task.running

    @Slot()
    def retry(self) -> None:
        """Read the data again (it may have changed on disk)."""
        self._known.pop(self._for, None)
        self._for, self.problem = None, None
        self.refresh()

    @Slot(object)
    def _on_done(self, dataset) -> None:
        source = self._for
        self.dataset = dataset
        if source is not None:
            self._known[source] = (dataset.info(), _stamp(source))
        if source is not None and source == self.document.design.dataset:  # still the design's data
            self.document.set_data_facts(source.with_info(dataset.info()))
            self.loaded.emit(dataset)
        self.changed.emit()

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        from core.data.datasets import DataError

        self.problem = _problem_text(error) if isinstance(error, DataError) else message
        self.missing = getattr(error, "reason", "") == "not_found"
        self.changed.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        self._for = None
        self.changed.emit()

    def shutdown(self, ms: int = 1000) -> bool:
        return self._task.shutdown(ms)
__all__ = ["OwnDataDialog", "OwnDataFacts", "SizeEditor", "preview_work", "load_work", "pick_own_data", "new_source"]
