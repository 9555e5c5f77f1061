"""The Train page as benchmarks drive it: the whole main window, a design loaded, shown.

Used by bench_gui_stall.py and bench_frame_cost.py (run from benchmarks/, which is on
their import path, as quiet.py is).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Slot
from PySide6.QtWidgets import QApplication


def open_train_page(design_path: Path, epochs: int, data_dir: Path):
    """(app, design, window, page): the main window (every page, as a user has it) at
    1280x800 on its Train page, with the design of `design_path` set to `epochs` epochs."""
    app = QApplication.instance() or QApplication([])
    from core.design import spec
    from designer.window.main_window import MainWindow

    design = spec.load(design_path)
    design.training.epochs = epochs
    window = MainWindow(autosave=False)
    window.document.load_design(design)
    page = window.training_page
    page.data_dir = data_dir
    window.resize(1280, 800)
    window.show()
    window.show_page(page)
    app.processEvents()
    return app, design, window, page


class RunEnds(QObject):
    """Ends an event loop of its own when the page's run ends (`runningChanged(False)`):
    QApplication.quit() would close the window, and every later run would train with
    nothing to paint. Keep it referenced: a collected one hears nothing."""

    def __init__(self, page):
        super().__init__()
        self.loop = QEventLoop()
        page.runningChanged.connect(self.running)

    @Slot(bool)
    def running(self, on: bool) -> None:
        if not on:
            self.loop.quit()
