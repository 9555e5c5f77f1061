"""Fixtures the designer's widget tests share: showing a widget, showing a page that runs
threads, and keeping the network and the machine's datasets out of reach."""
from __future__ import annotations

import pytest


@pytest.fixture
def show(qtbot):
    """`show(widget, width, height)`: the widget on screen at that size (qtbot closes it after the test)."""

    def _show(widget, width: int, height: int):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        return widget

    return _show


@pytest.fixture
def show_page(show):
    """`show_page(page)`: a page with background threads, shown at 1280x800; after the test
    every thread it started must end within 5 s (`page.stop_and_wait`)."""
    pages = []

    def _show_page(page):
        pages.append(show(page, 1280, 800))
        return page

    yield _show_page
    for page in pages:
        assert page.stop_and_wait(5000)


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """Nothing may reach the internet (the mirror is a port where nothing listens) or the
    machine's own dataset folder."""
    from core.data import datasets
    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", tmp_path / "system")
    monkeypatch.setenv("LAYERLAB_MIRROR", "http://127.0.0.1:9/{name}/")


@pytest.fixture
def japanese(qapp):
    """The interface in Japanese for one test; English again afterwards."""
    from designer.text import i18n
    from designer.window.main_window import setup_identity

    setup_identity()
    assert i18n.install("ja") == "ja"
    yield
    i18n.install("en")
    assert i18n.current_language() == "en"
