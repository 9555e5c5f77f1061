"""Downloading a missing dataset, with a progress bar and a Cancel button.

`DownloadDialog` runs `core.data.datasets.download_dataset` in a worker thread. The
worker's progress callback only stores the latest numbers under a lock; the dialog
reads them from a timer, so a fast download never floods the GUI with signals.
Cancel sets a `threading.Event` that the download checks after every chunk; nothing
half-downloaded is kept.

    if offer_download(parent, "mnist"):   # asks, downloads, explains any failure
        ...                                # the files are now where load_dataset looks
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
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

from designer.tasks.worker import end_worker_thread

#: approximate download sizes, to tell the user before asking
SIZES_MB = {"mnist": 11, "fashion-mnist": 30}


class DownloadWorker(QObject):
    """Downloads one dataset in the thread it is moved to."""

    succeeded = Signal(str)  # the folder the files are in
    failed = Signal(str, str)  # message, DatasetError.reason
    cancelled = Signal()

    def __init__(self, name: str, *, dest=None, mirror: str | None = None, timeout: float | None = None):
        super().__init__()
        self.name = name
        self.dest = dest
        self.mirror = mirror
        self.timeout = timeout
        self.cancel_event = threading.Event()
        self._lock = threading.Lock()
        self._state: tuple[int, int, str] = (0, 0, "")

    def latest(self) -> tuple[int, int, str]:
        """(bytes done, bytes in this file or 0 if unknown, file name), from any thread."""
        with self._lock:
            return self._state

    def _progress(self, done: int, total: int, filename: str) -> None:
        with self._lock:
            self._state = (done, total, filename)

    @Slot()
    def run(self) -> None:
        from core.data.datasets import DatasetError, DownloadCancelled, download_dataset

        try:
            kwargs = {} if self.timeout is None else {"timeout": self.timeout}
            folder = download_dataset(self.name, self.dest, progress=self._progress, cancel=self.cancel_event, mirror=self.mirror, **kwargs)
        except DownloadCancelled:
            self.cancelled.emit()
        except DatasetError as e:
            self.failed.emit(str(e), e.reason)
        except Exception as e:  # noqa: BLE001 - shown to the user instead of killing the thread
            self.failed.emit(f"{type(e).__name__}: {e}", "error")
        else:
            self.succeeded.emit(str(folder))
        finally:
            end_worker_thread(self)


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

        self.worker = DownloadWorker(name, dest=dest, mirror=mirror, timeout=timeout)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.thread_ = QThread()
        self.thread_.setObjectName("download")
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.thread_.finished.connect(self._on_thread_finished)
        self._outcome: int | None = None

        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._refresh)

    # ------------------------------------------------------------------ running

    def exec(self) -> int:  # noqa: A003 (Qt name)
        self.thread_.start()
        self.timer.start()
        return super().exec()

    def open(self) -> None:
        self.thread_.start()
        self.timer.start()
        super().open()

    @Slot()
    def _refresh(self) -> None:
        done, total, filename = self.worker.latest()
        if not filename:
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
        self.worker.cancel_event.set()
        self.buttons.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        # Escape and the window's close button cancel too, but the dialog stays until the thread ends.
        if self._outcome is None:
            self.cancel()
            return
        super().reject()

    @Slot(str)
    def _on_succeeded(self, folder: str) -> None:
        self.folder = folder
        self._outcome = QDialog.DialogCode.Accepted

    @Slot(str, str)
    def _on_failed(self, message: str, reason: str) -> None:
        self.error = message
        self.error_reason = reason
        self._outcome = QDialog.DialogCode.Rejected

    @Slot()
    def _on_cancelled(self) -> None:
        self.error = ""
        self._outcome = QDialog.DialogCode.Rejected

    @Slot()
    def _on_thread_finished(self) -> None:
        self.thread_.wait()
        self.timer.stop()
        if self._outcome == QDialog.DialogCode.Accepted:
            self.accept()
        else:
            self._outcome = self._outcome or QDialog.DialogCode.Rejected
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if not self.thread_.isFinished() and self.thread_.isRunning():
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


__all__ = ["DownloadDialog", "DownloadWorker", "offer_download", "choose_dataset_folder", "friendly_error"]
