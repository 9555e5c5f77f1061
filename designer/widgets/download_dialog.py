"""Downloading a missing dataset, with a progress bar and a Cancel button.

`DownloadDialog` runs `download_in_background` — core.data.datasets.download_dataset as a
plain function — through designer.tasks.task.TaskRunner. The download's progress callback
only tells its TaskState the latest numbers; the runner hands them to the dialog once per
frame, so a fast download never floods the GUI. Cancel stops the task, which the download
checks after every chunk; nothing half-downloaded is kept.

    if offer_download(parent, "mnist"):   # asks, downloads, explains any failure
        ...                                # the files are now where load_dataset looks
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from designer.tasks.task import TaskCancelled, TaskRunner

#: approximate download sizes, to tell the user before asking
SIZES_MB = {"mnist": 11, "fashion-mnist": 30}


class _Stopping:
    """The `cancel` that core.data.datasets.download_dataset asks (``is_set()``): the task is stopping."""

    def __init__(self, state):
        self.state = state

    def is_set(self) -> bool:
        return self.state.stopping


def download_in_background(state, name: str, *, dest=None, mirror: str | None = None, timeout: float | None = None) -> str:
    """Download dataset `name` (a background task: see designer.tasks.task); the status is the
    file being fetched, the progress its bytes (total 0 when unknown). Returns the folder."""
    from core.data.datasets import DownloadCancelled, download_dataset

    def progress(done: int, total: int, filename: str) -> None:
        state.set_status(filename)
        state.set_progress(done, total)

    kwargs = {} if timeout is None else {"timeout": timeout}
    try:
        folder = download_dataset(name, dest, progress=progress, cancel=_Stopping(state), mirror=mirror, **kwargs)
    except DownloadCancelled:
        raise TaskCancelled() from None
    return str(folder)


class DownloadDialog(QDialog):
    """Shows the download of `name` and lets the user cancel it.

    `exec()` returns Accepted once the files are in place. After a rejection,
    `error` holds the reason ("" when the user cancelled).
    """

    def __init__(self, name: str, parent: QWidget | None = None, *, dest=None, mirror: str | None = None, timeout: float | None = None):
        super().__init__(parent)
        from core.data.catalog import DATASET_INFO

        info = DATASET_INFO.get(name)
        self.title = info.title if info is not None else name
        self.error = ""
        self.error_reason = ""
        self.folder = ""
        self.setWindowTitle(self.tr("Downloading {name}").format(name=self.title))
        self.setModal(True)
        self.setMinimumWidth(420)

        self.label = QLabel(self.tr("Connecting…"))
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the size is known
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Downloading {name} from the internet. It is checked and kept for next time.").format(name=self.title)))
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)

        self._task = (name, {"dest": dest, "mirror": mirror, "timeout": timeout})
        self._latest: tuple[int, int, str] = (0, 0, "")
        self._outcome: int | None = None
        self._cancelling = False
        #: runs the download in the background (download_in_background)
        self.runner = TaskRunner(self, name="download")
        self.runner.status.connect(self._on_file)
        self.runner.progress.connect(self._on_progress)
        self.runner.done.connect(self._on_succeeded)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.ended.connect(self._on_ended)

    # ------------------------------------------------------------------ running

    def _start(self) -> None:
        name, options = self._task
        self.runner.start(download_in_background, name, **options)

    def exec(self) -> int:  # noqa: A003 (Qt name)
        self._start()
        return super().exec()

    def open(self) -> None:
        self._start()
        super().open()

    def latest(self) -> tuple[int, int, str]:
        """(bytes done, bytes in this file or 0 if unknown, file name) as last shown."""
        return self._latest

    @Slot(str)
    def _on_file(self, filename: str) -> None:
        done, total, _ = self._latest
        self._latest = (done, total, filename)

    @Slot(float, float)
    def _on_progress(self, done: float, total: float) -> None:
        filename = self._latest[2]
        self._latest = (int(done), int(total), filename)
        if not filename or self._cancelling:
            return
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * done / total))
            self.label.setText(self.tr("{file}: {done:.1f} of {total:.1f} MB").format(file=filename, done=done / 1e6, total=total / 1e6))
        else:
            self.bar.setRange(0, 0)
            self.label.setText(self.tr("{file}: {done:.1f} MB").format(file=filename, done=done / 1e6))

    @Slot()
    def cancel(self) -> None:
        """Ask the download to stop; the dialog closes when it has (within one chunk)."""
        self.runner.cancel()
        self._cancelling = True
        self.buttons.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        # Escape and the window's close button cancel too, but the dialog stays until the download ends.
        if self._outcome is None:
            self.cancel()
            return
        super().reject()

    @Slot(object)
    def _on_succeeded(self, folder: str) -> None:
        self.folder = folder
        self._outcome = QDialog.DialogCode.Accepted

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        self.error = message
        self.error_reason = getattr(error, "reason", "error")
        self._outcome = QDialog.DialogCode.Rejected

    @Slot()
    def _on_cancelled(self) -> None:
        self.error = ""
        self._outcome = QDialog.DialogCode.Rejected

    @Slot()
    def _on_ended(self) -> None:
        if self._outcome == QDialog.DialogCode.Accepted:
            self.accept()
        else:
            self._outcome = self._outcome or QDialog.DialogCode.Rejected
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.runner.running:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def friendly_error(title: str, message: str, reason: str = "error") -> str:
    """The core's download error (its DatasetError.reason), said for someone at a window
    rather than a terminal."""
    if reason == "no_network":
        return QCoreApplication.translate("DownloadDialog",
            "{name} could not be downloaded: this computer seems to have no internet connection. "
            "Connect to the internet and press Train again, or, if you have the four dataset files, "
            "press Choose folder… and pick the folder that holds them."
        ).format(name=title)
    if reason == "checksum":
        return QCoreApplication.translate("DownloadDialog",
            "{name} could not be downloaded: the file that arrived does not match the official one "
            "(a damaged download or a wrong mirror), so it was not kept. Try again later."
        ).format(name=title)
    if reason == "timeout":
        return QCoreApplication.translate("DownloadDialog",
            "{name} could not be downloaded: the server stopped sending, or was far too slow, so LayerLab gave up "
            "and kept nothing. Try again later."
        ).format(name=title)
    if reason == "too_large":
        return QCoreApplication.translate("DownloadDialog",
            "{name} could not be downloaded: the server sent more data than the file has, so the download was "
            "stopped and nothing was kept. The mirror may be broken; try again later."
        ).format(name=title)
    if reason == "cannot_write":
        return QCoreApplication.translate("DownloadDialog",
            "{name} could not be downloaded: LayerLab cannot write to the dataset folder named in the details. "
            "Check that the disk is not full and that the folder can be written to."
        ).format(name=title)
    return QCoreApplication.translate("DownloadDialog", "{name} could not be downloaded: {reason}").format(name=title, reason=message.replace("--data-dir", "a data folder"))


def offer_download(parent: QWidget | None, name: str, *, ask: bool = True, dest=None, mirror: str | None = None) -> bool:
    """Ask whether to download the missing dataset `name`, do it, and explain failures. True when done."""
    from core.data.catalog import DATASET_INFO
    from core.data.datasets import user_datasets_dir

    info = DATASET_INFO.get(name)
    title = info.title if info is not None else name
    if ask:
        size = SIZES_MB.get(name)
        text = QCoreApplication.translate("DownloadDialog", "{name} is not on this computer yet. Download it now?").format(name=title)
        if size:
            text += " " + QCoreApplication.translate("DownloadDialog", "It is about {mb} MB and is kept for next time.").format(mb=size)
        answer = QMessageBox.question(parent, QCoreApplication.translate("DownloadDialog", "Dataset missing"), text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return False
    dialog = DownloadDialog(name, parent, dest=dest, mirror=mirror)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    if not ok and dialog.error:
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("DownloadDialog", "Download failed"), friendly_error(title, dialog.error, dialog.error_reason), QMessageBox.StandardButton.Ok, parent)
        box.setDetailedText(dialog.error + "\n\n" + QCoreApplication.translate("DownloadDialog", "Dataset folder: {folder}").format(folder=user_datasets_dir() / name))
        # in the app, a folder is chosen rather than named with the command line's --data-dir
        choose = box.addButton(QCoreApplication.translate("DownloadDialog", "Choose folder…"), QMessageBox.ButtonRole.ActionRole)
        choose.setToolTip(QCoreApplication.translate("DownloadDialog", "Use the dataset's four files from a folder on this computer"))
        box.exec()
        if box.clickedButton() is choose:
            return choose_dataset_folder(parent, name, dest=dest)
    return ok


def choose_dataset_folder(parent: QWidget | None, name: str, *, dest=None) -> bool:
    """Ask for a folder holding the dataset's four files and copy them where LayerLab looks
    (core.data.datasets.import_dataset); explain what is wrong with a folder that does not do."""
    from core.data.catalog import DATASET_INFO
    from core.data.datasets import DatasetError, import_dataset

    info = DATASET_INFO.get(name)
    title = info.title if info is not None else name
    folder = QFileDialog.getExistingDirectory(parent, QCoreApplication.translate("DownloadDialog", "The folder with the {name} files").format(name=title))
    if not folder:
        return False
    try:
        import_dataset(name, folder, dest)
    except DatasetError as e:
        QMessageBox.warning(parent, QCoreApplication.translate("DownloadDialog", "Not the dataset"), QCoreApplication.translate(
            "DownloadDialog", "{name} cannot be used from this folder: {reason}").format(name=title, reason=e))
        return False
    return True


__all__ = ["DownloadDialog", "download_in_background", "offer_download", "choose_dataset_folder", "friendly_error"]
