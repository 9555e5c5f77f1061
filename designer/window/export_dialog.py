"""File → Export…: the network as ONNX or as a PyTorch script, then a parity report.

What is exported is the trained model the app is using (core.export.source.from_bundle)
when it belongs to the design being edited, else the design itself with the weights a
training run starts from. The export runs off the GUI thread (designer.tasks.task): the
file is written atomically, then the same ten test images go through LayerLab and the
exported model (onnxruntime for ONNX, PyTorch for the script) and the dialog reports
the largest difference between their outputs — or that the engine is not installed.

The main window adds the menu entry with `export_action` and nothing else.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.export.formats import FORMATS, export_format
from core.export.parity import Parity
from designer.tasks.task import TaskRunner, describe_error


# --------------------------------------------------------------------------- the work (no Qt)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    #: a trained model's weights (True) or a design's starting weights (False)
    trained: bool
    #: the comparison with LayerLab, or None when it could not be made (`parity_error` says why)
    parity: Parity | None
    parity_error: str = ""


def export_and_compare(state, format_name: str, path: str | os.PathLike, bundle, design, data_dir=None) -> ExportResult:
    """Export `bundle` (or, when None, `design` untrained) to `path`, then compare the exported
    model with LayerLab on the dataset's first test images (a background task)."""
    from core.export.parity import compare, comparison_inputs
    from core.export.source import from_bundle, from_design

    source = from_bundle(bundle) if bundle is not None else from_design(design)
    data = export_format(format_name).write(source, path)
    try:
        x_raw, inputs = comparison_inputs(source, data_dir)
        parity = compare(format_name, data, source, x_raw, inputs)
    except Exception as e:  # noqa: BLE001 - the file is written; a failed comparison is reported, not fatal
        return ExportResult(Path(path), format_name, source.trained, None, describe_error(e))
    return ExportResult(Path(path), format_name, source.trained, parity)


def trained_bundle_for(document, model_store):
    """The model the app uses when it is a trained model of the design being edited (its layers
    and their shapes: a changed learning rate does not matter), else None."""
    from core.layer_types.walk import signature

    bundle = model_store.bundle
    if bundle is None:
        return None
    try:
        return bundle if signature(bundle.design) == signature(document.design) else None
    except (ValueError, KeyError):  # a design being edited into shape
        return None


# --------------------------------------------------------------------------- words


def format_title(name: str) -> str:
    titles = {
        "onnx": QCoreApplication.translate("ExportDialog", "ONNX"),
        "pytorch": QCoreApplication.translate("ExportDialog", "PyTorch script"),
    }
    return titles.get(name, FORMATS[name].title)


def describe_export_error(e: BaseException) -> str:
    """Why an export failed, in the user's language."""
    from core.export.parts import ExportError

    if isinstance(e, ExportError) and e.code == "no_mapping":
        what = {
            "layer type": QCoreApplication.translate("ExportDialog", "the layer type “{name}”"),
            "activation": QCoreApplication.translate("ExportDialog", "the activation “{name}”"),
            "loss": QCoreApplication.translate("ExportDialog", "the loss “{name}”"),
            "optimizer": QCoreApplication.translate("ExportDialog", "the optimizer “{name}”"),
            "initializer": QCoreApplication.translate("ExportDialog", "the initialization “{name}”"),
        }.get(e.params["what"], "{name}").format(name=e.params["name"])
        text = QCoreApplication.translate(
            "ExportDialog", "This network cannot be exported to {target} yet: LayerLab has no {target} version of {what}.")
        return text.format(target=e.params["target"], what=what)
    if isinstance(e, ExportError) and e.code == "design_problem":
        from designer.text.messages import finding_text

        text = QCoreApplication.translate("ExportDialog", "The design cannot be exported, since it cannot be trained: {problem}")
        return text.format(problem=finding_text(e.params["finding"]))
    if isinstance(e, ExportError) and e.code == "no_normalisation":
        return QCoreApplication.translate(
            "ExportDialog", "Train this design first: how its inputs are scaled depends on its data. Then export the trained model.")
    if isinstance(e, OSError):  # core.io.atomic.UnsafeTarget too
        text = QCoreApplication.translate("ExportDialog", "{path} cannot be written: {reason}")
        return text.format(path=e.filename or "", reason=e.strerror or str(e))
    if isinstance(e, ImportError):
        text = QCoreApplication.translate(
            "ExportDialog", "Exporting needs the Python package {name}, which is not installed: pip install {name}")
        return text.format(name=e.name or "onnx")
    return describe_error(e)


def parity_text(parity: Parity | None, error: str = "") -> str:
    """The report: the largest difference between LayerLab's outputs and the exported model's."""
    if parity is None:
        text = QCoreApplication.translate("ExportDialog", "The exported model could not be compared with LayerLab: {reason}")
        return text.format(reason=error)
    if parity.engine_missing:
        text = QCoreApplication.translate(
            "ExportDialog", "The exported model was not compared with LayerLab: {engine} is not installed here (pip install {engine}).")
        return text.format(engine=parity.engine)
    values = {"count": parity.samples, "engine": parity.engine, "difference": f"{parity.max_difference:.1e}",
              "same": parity.same_answers}
    if parity.inputs == "test":
        text = QCoreApplication.translate(
            "ExportDialog", "{count} test images through LayerLab and {engine}: the largest difference between their outputs is "
                            "{difference}, and they give the same answer for {same} of {count}.")
    else:
        text = QCoreApplication.translate(
            "ExportDialog", "The test images are not on this computer, so {count} random inputs went through LayerLab and {engine}: "
                            "the largest difference between their outputs is {difference}, and they give the same answer for "
                            "{same} of {count}.")
    text = text.format(**values)
    if parity.agrees:
        return _then(text, QCoreApplication.translate("ExportDialog", "They compute the same network."))
    return _then(text, QCoreApplication.translate("ExportDialog", "That is more than rounding: please report it."))


def _then(text: str, sentence: str) -> str:
    """Two sentences: a space between them, except after a full-width full stop (Japanese puts none)."""
    return text + sentence if text.endswith("。") else f"{text} {sentence}"


# --------------------------------------------------------------------------- the dialog


class ExportDialog(QDialog):
    """Choose a format and a file, export, and read how closely the export matches LayerLab."""

    #: an export finished and its report is shown: the file written
    exported = Signal(str)
    #: an export failed: the message shown
    exportFailed = Signal(str)

    def __init__(self, document, model_store, parent: QWidget | None = None, *, runner: TaskRunner | None = None, data_dir=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.setObjectName("ExportDialog")
        self.document = document
        self.model_store = model_store
        self.data_dir = data_dir
        self._bundle = trained_bundle_for(document, model_store)
        # the window's runner (`runner`) outlives the dialog, so closing the dialog mid-export
        # leaves the export to end on its own, unheard; a dialog of its own waits for it
        self._owns_runner = runner is None
        self._runner = runner if runner is not None else export_runner(self)
        self._runner.done.connect(self._on_done)
        self._runner.failed.connect(self._on_failed)

        self.what_label = QLabel()
        self.what_label.setWordWrap(True)
        self.what_label.setTextFormat(Qt.TextFormat.PlainText)
        self.format_buttons = QButtonGroup(self)
        formats = QGridLayout()
        hints = {
            "onnx": self.tr("For onnxruntime and the other engines that read ONNX: raw pixels in, class probabilities out."),
            "pytorch": self.tr("One script that needs only torch and numpy: it trains this design on a GPU, or on many "
                               "machines with torchrun, and its model files open here again."),
        }
        for row, fmt in enumerate(FORMATS.values()):
            button = QRadioButton(self.tr("{format} ({suffix})").format(format=format_title(fmt.name), suffix=fmt.suffix))
            button.setObjectName(f"format_{fmt.name}")
            button.setProperty("format", fmt.name)
            self.format_buttons.addButton(button, row)
            hint = QLabel(hints.get(fmt.name, ""))
            hint.setWordWrap(True)
            hint.setObjectName("note")
            hint.setContentsMargins(24, 0, 0, 6)  # under its button's text
            formats.addWidget(button, 2 * row, 0)
            formats.addWidget(hint, 2 * row + 1, 0)
        self.format_buttons.button(0).setChecked(True)
        self.format_buttons.idToggled.connect(self._on_format_toggled)

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("File"))
        self.path_edit.setText(str(self._suggested_path(self.format_name())))
        self.path_edit.textChanged.connect(self._update_state)
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self.browse)
        file_label = QLabel(self.tr("&File:"))
        file_label.setBuddy(self.path_edit)
        file_row = QHBoxLayout()
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.report_label.setTextFormat(Qt.TextFormat.PlainText)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label.setObjectName("parityReport")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.what_label)
        layout.addLayout(formats)
        layout.addLayout(file_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.report_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(560, 360)
        self._problem = self._design_problem()
        self._describe_what()
        self._update_state()

    # ------------------------------------------------------------------ what and where

    def format_name(self) -> str:
        return self.format_buttons.checkedButton().property("format")

    def set_format(self, name: str) -> None:
        for button in self.format_buttons.buttons():
            if button.property("format") == name:
                button.setChecked(True)

    @property
    def exports_trained_model(self) -> bool:
        return self._bundle is not None

    def _design_problem(self) -> str:
        from core.design.checks import check_design, errors
        from designer.text.messages import finding_text

        found = errors(check_design(self.document.design))
        if not found:
            return ""
        return self.tr("The design cannot be exported, since it cannot be trained: {problem}").format(problem=finding_text(found[0]))

    def _describe_what(self) -> None:
        from designer.text.names import ui_language

        name = self.document.design.title(ui_language())
        if self._bundle is not None:
            text = self.tr("Exports the trained model of “{name}”: its weights, its design and how it scales its inputs.")
        else:
            text = self.tr("Exports the design “{name}” untrained, with the weights a training run starts from "
                           "(there is no trained model of it yet: train it first to export what it learns).")
        self.what_label.setText(text.format(name=name))

    def _suggested_path(self, format_name: str) -> Path:
        folder = QSettings().value("files/lastDir", "")
        if not folder or not Path(str(folder)).is_dir():
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        from designer.document.files import save_name

        stem = Path(save_name(self.document.design, self.document.suggested_name)).stem
        return Path(str(folder)) / (stem + export_format(format_name).suffix)

    @Slot(int, bool)
    def _on_format_toggled(self, index: int, checked: bool) -> None:
        if not checked:
            return
        path = Path(self.path_edit.text().strip())
        suffix = export_format(self.format_name()).suffix
        if path.name and path.suffix.lower() in {f.suffix for f in FORMATS.values()}:
            self.path_edit.setText(str(path.with_suffix(suffix)))
        self.report_label.clear()
        self._update_state()

    @Slot()
    def browse(self) -> None:
        fmt = export_format(self.format_name())
        filters = self.tr("{format} (*{suffix})").format(format=format_title(fmt.name), suffix=fmt.suffix)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path_edit.text(), filters)
        if path:
            if not path.lower().endswith(fmt.suffix):
                path += fmt.suffix
            self.path_edit.setText(path)

    @Slot()
    def _update_state(self, *args) -> None:
        running = self._runner.running
        if self._problem and not running:
            self.status_label.setText(self._problem)
        self.export_button.setEnabled(not running and not self._problem and bool(self.path_edit.text().strip()))
        for button in self.format_buttons.buttons():
            button.setEnabled(not running)
        self.path_edit.setEnabled(not running)

    # ------------------------------------------------------------------ exporting

    @Slot()
    def start_export(self) -> bool:
        """Check the file can be written (before any work), then export in the background."""
        from core.io.atomic import UnsafeTarget, check_target

        if self._runner.running or self._problem:
            return False
        path = Path(self.path_edit.text().strip()).expanduser()
        try:
            check_target(path)
        except UnsafeTarget as e:
            self._show_failure(self.tr("{path} cannot be written: {reason}").format(path=e.filename, reason=e.strerror))
            return False
        self.report_label.clear()
        self.status_label.setText(self.tr("Exporting to {file}, then comparing it with LayerLab…").format(file=path.name))
        self._runner.start(export_and_compare, self.format_name(), path, self._bundle, self.document.design.copy(), self.data_dir)
        self._update_state()
        return True

    @Slot(object)
    def _on_done(self, result: ExportResult) -> None:
        name = result.path.name
        if result.format == "pytorch":
            text = self.tr("Wrote {file}. Train it with: python {file} --data-dir DIR (or torchrun); "
                           "the model file it writes opens here with File → Open….").format(file=name)
        else:
            text = self.tr("Wrote {file}.").format(file=name)
        if not result.trained:
            text = _then(text, self.tr("It holds the untrained network."))
        self.status_label.setText(text)
        self.report_label.setText(parity_text(result.parity, result.parity_error))
        self._remember_dir(result.path)
        self._update_state()
        self.exported.emit(str(result.path))

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        self._show_failure(message)

    def _show_failure(self, message: str) -> None:
        self.status_label.setText(self.tr("Not exported. {reason}").format(reason=message))
        self._update_state()
        self.exportFailed.emit(message)

    @staticmethod
    def _remember_dir(path: Path) -> None:
        QSettings().setValue("files/lastDir", str(path.resolve().parent))

    def done(self, result: int) -> None:
        if self._owns_runner:
            self._runner.shutdown(5000)
        else:
            self._runner.abandon()  # an export under way ends on its own; nothing is shown for it
            self._runner.done.disconnect(self._on_done)
            self._runner.failed.disconnect(self._on_failed)
        super().done(result)


# --------------------------------------------------------------------------- the menu entry


def export_action(window) -> QAction:
    """File → Export… (Ctrl+E) for the main window (kept as `window.export_action`)."""
    action = QAction(QCoreApplication.translate("ExportDialog", "&Export…"), window)
    tip = QCoreApplication.translate(
        "ExportDialog", "Export the network to ONNX or to a PyTorch script, and check it computes what LayerLab does (Ctrl+E)")
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.triggered.connect(lambda _=False: show_export_dialog(window))
    window.export_action = action
    return action


def export_runner(parent) -> TaskRunner:
    return TaskRunner(parent, name="export", describe=describe_export_error)


def show_export_dialog(window) -> ExportDialog:
    """Open the dialog for the window's design and model (kept as `window.export_dialog`);
    every export of the window runs on one runner that the window owns."""
    runner = getattr(window, "export_runner", None)
    if runner is None:
        runner = window.export_runner = export_runner(window)
        window.before_close.append(lambda: runner.shutdown(5000))  # an export under way ends before the window
    dialog = ExportDialog(window.document, window.model_store, window, runner=runner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.export_dialog = dialog
    dialog.open()
    return dialog


__all__ = ["ExportDialog", "ExportResult", "export_and_compare", "trained_bundle_for", "describe_export_error", "parity_text",
           "export_action", "show_export_dialog"]
