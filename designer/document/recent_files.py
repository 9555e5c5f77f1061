"""The File > Open Recent list, kept in QSettings between runs."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "files/recent"
MAX_RECENT = 8


def recent_files(settings: QSettings | None = None) -> list[str]:
    s = settings or QSettings()
    value = s.value(KEY, [])
    if isinstance(value, str):  # QSettings returns a lone entry as a plain string
        value = [value]
    return [str(v) for v in (value or []) if v][:MAX_RECENT]


def add_recent_file(path: str | Path, settings: QSettings | None = None) -> list[str]:
    """Put `path` first in the list (once); returns the new list."""
    s = settings or QSettings()
    path = str(Path(path).resolve())
    files = [path] + [p for p in recent_files(s) if p != path]
    s.setValue(KEY, files[:MAX_RECENT])
    return files[:MAX_RECENT]


def remove_recent_file(path: str | Path, settings: QSettings | None = None) -> list[str]:
    s = settings or QSettings()
    files = [p for p in recent_files(s) if p != str(path)]
    s.setValue(KEY, files)
    return files


def clear_recent_files(settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(KEY, [])


__all__ = ["recent_files", "add_recent_file", "remove_recent_file", "clear_recent_files", "MAX_RECENT"]
