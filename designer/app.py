"""Starting the application: `run(argv)` is what ``python main.py`` calls.

Imports stay light until the window is on screen (pyqtgraph and the training
machinery load with the pages that need them), so the window appears fast.

Environment:
    LAYERLAB_STARTUP_PROBE=1     print "startup <seconds> <title>" once the window is
                                 exposed, then quit (benchmarks/bench_startup.py)
    LAYERLAB_NO_RESTORE_PROMPT=1 do not offer to restore autosaved work at startup
    LAYERLAB_LANGUAGE=ja         show the interface in this language (default: Preferences, else the system's)
"""
from __future__ import annotations

import os
import sys
import time

_IMPORTED_AT = time.monotonic()

ENV_STARTUP_PROBE = "LAYERLAB_STARTUP_PROBE"


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since this module loaded)."""
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of the file: starttime, in clock ticks after boot
        with open("/proc/uptime", "rb") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED_AT


def _install_probe(window) -> None:
    """Print the time to the first exposed frame ("startup <s> <title>"), then the time
    until every page is there ("pages <s>"), then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    def pages_ready() -> None:
        print(f"pages {process_age():.3f}", flush=True)
        QTimer.singleShot(0, QApplication.instance().quit)

    class Probe(QObject):
        done = False

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Expose and not self.done and obj.isExposed():
                self.done = True
                print(f"startup {process_age():.3f} {obj.title()}", flush=True)
                if window.pages_ready:
                    pages_ready()
                else:
                    window.pagesReady.connect(pages_ready)
            return False

    probe = Probe(window)
    window.winId()  # make the native window, so its expose events can be watched
    window.windowHandle().installEventFilter(probe)
    window._startup_probe = probe


def create_application(argv: list[str]):
    """The QApplication (or the existing one), named so settings land in the right place,
    speaking the user's language (designer.text.i18n)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from designer.window.main_window import setup_identity

    app = QApplication.instance()
    if app is None:
        # fractional scale factors (125 %, 150 %) as the screen asks; Qt 6's default too
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "layerlab", *argv])
    setup_identity()  # before the language: the user's choice is read from QSettings
    from designer.text import i18n
    i18n.install()
    from designer.widgets import wheel_guard

    wheel_guard.install(app)  # the wheel scrolls pages; it edits a field only when the field has focus
    QGuiApplication.setApplicationDisplayName("LayerLab")
    QGuiApplication.setDesktopFileName("layerlab")
    from designer.widgets.icons import layer_icon

    app.setWindowIcon(layer_icon("network", "#3b6cf6"))
    return app


def create_window(paths: list[str] | None = None, *, defer_pages: bool = False):
    """The main window with the startup design: a file given on the command line, else the example.

    defer_pages: add the slow-to-import pages just after the window first shows (fast startup)."""
    from designer.window.main_window import MainWindow

    window = MainWindow(defer_pages=defer_pages)
    opened = False
    for path in paths or []:
        opened = window.files.open_path(path, ask=False)
        break
    if not opened:
        window.files.load_default_design()
    return window


def _preload() -> None:
    """Import the design checks (and NumPy with them) while Qt starts up on the main thread."""
    try:
        import core.design.checks  # noqa: F401
    except Exception:  # the main thread will import it again and report properly
        pass


#: the exit code after Ctrl+C (SIGINT) closed the window, as shells report a process it ended
EXIT_INTERRUPTED = 130


def _close_on_interrupt(window, pending: bool) -> dict:
    """Ctrl+C in the terminal closes the window as its close button does (asking about
    unsaved work first), instead of a KeyboardInterrupt traceback; `pending`: one came
    while the app was starting, so close at once. Python runs a signal handler only
    between its own bytecodes, so a timer gives it a moment every 200 ms.
    Returns {"interrupted": bool}: True once the window closed that way."""
    import signal

    from PySide6.QtCore import QTimer

    state = {"interrupted": False}

    def close() -> None:
        if window.close():
            state["interrupted"] = True

    def on_sigint(signum, frame) -> None:
        QTimer.singleShot(0, close)

    try:
        signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread
        return state
    wake = QTimer(window)
    wake.setInterval(200)
    wake.timeout.connect(_wake)
    wake.start()
    window._interrupt_wake = wake
    if pending:
        QTimer.singleShot(0, close)
    return state


def _hold_interrupts() -> tuple[list, object]:
    """Until the window is up, a Ctrl+C is noted, not raised: a KeyboardInterrupt inside
    PySide's import machinery aborts the whole process ("Fatal Python error"). Returns the
    list it is noted in and the handler to restore afterwards."""
    import signal

    noted: list = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
    except ValueError:  # not the main thread
        return noted, None
    return noted, previous


def _wake() -> None:
    """Nothing: a chance for Python to run a pending signal handler."""


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    import signal
    import threading

    noted, previous = _hold_interrupts()
    try:
        threading.Thread(target=_preload, name="preload", daemon=True).start()
        app = create_application(argv)
        paths = [a for a in app.arguments()[1:] if not a.startswith("-")]
        window = create_window(paths, defer_pages=True)
        probe = os.environ.get(ENV_STARTUP_PROBE, "") not in ("", "0")
        if probe:
            _install_probe(window)
        window.show()
        from core.compute import warm_up

        warm_up.start()  # the first training after installing: numba compiles in a child process meanwhile
        interrupt = _close_on_interrupt(window, bool(noted))
        if not probe and os.environ.get("LAYERLAB_NO_RESTORE_PROMPT", "") not in ("1", "true", "yes"):
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, window.files.offer_restore)
        code = app.exec()
    finally:
        from core.compute import warm_up

        warm_up.stop()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return EXIT_INTERRUPTED if interrupt["interrupted"] and code == 0 else code


__all__ = ["run", "create_application", "create_window", "process_age"]
