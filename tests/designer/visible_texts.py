"""What a user can read in a window, for checking translations: every label, button,
title, tab, menu entry, list and combo-box item, placeholder and plot label, and which
of them still hold English words.

`visible_texts(widget)` walks the widget and its children (hidden ones too: an error
label hidden now shows later); `menu_texts(menu_bar)` walks the menus; `english_words`
finds words of three letters or more that are neither proper names nor units.
"""
from __future__ import annotations

import html
import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMenuBar,
    QTabBar,
    QTableWidget,
    QToolBar,
    QWidget,
)

#: words that stay in Latin script in every language: names of things, keys, units, formula parts
ALLOWED = {
    # datasets, layers, functions, optimizers, initializations
    "MNIST", "Fashion-MNIST", "Fashion", "ReLU", "Leaky", "Sigmoid", "Tanh", "Softmax", "SGD", "Momentum",
    "AdaGrad", "RMSProp", "Adam", "He", "Xavier", "XOR", "Conv2D", "MaxPool2D", "AvgPool2D",
    # the textbook's functions that turn a convolution into a matrix product and back
    "im2col", "col2im",
    # programs, formats, languages
    "LayerLab", "NumPy", "Qt", "PNG", "JPEG", "CSV", "JSON", "npz", "json", "png", "jpg", "jpeg", "bmp", "gif", "csv",
    "English", "float64", "NaN",
    # keys
    "Ctrl", "Shift", "Alt", "Enter", "Del", "Delete", "Backspace", "Down", "F2", "F10",
    # units and formula parts
    "min", "max", "log", "exp", "beta1", "beta2",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
#: file paths (two slashes or more): folder names are not words to translate
PATH = re.compile(r"\S*/\S*/\S*")
TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """Rich text as the user reads it: tags out, entities decoded, accelerator marks gone."""
    text = html.unescape(TAG.sub(" ", text))
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def english_words(text: str) -> list[str]:
    """Words of three letters or more that are not in ALLOWED."""
    return [w for w in WORD.findall(PATH.sub(" ", plain(text)))
            if sum(c.isalpha() for c in w) >= 3 and w not in ALLOWED]


def _plot_texts(widget) -> list[str]:
    """Axis labels and legend entries of a pyqtgraph PlotWidget (or GraphicsLayoutWidget),
    or of the Train page's LivePlot (which paints its own)."""
    from designer.widgets.plots.live_plot import LivePlot

    if isinstance(widget, LivePlot):
        return widget.texts()
    try:
        import pyqtgraph as pg
    except ImportError:
        return []
    if not isinstance(widget, pg.GraphicsView):
        return []
    out = []
    scene = widget.scene()
    for item in scene.items() if scene is not None else []:
        if isinstance(item, pg.AxisItem) and item.label.isVisible():
            out.append(item.labelText)
        elif isinstance(item, pg.LegendItem):
            out.extend(label.text for _, label in item.items)
    return out


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every readable text of `root` and its children."""
    found: list[tuple[str, str]] = []

    def add(widget: QWidget, kind: str, text: str) -> None:
        if text and text.strip():
            found.append((f"{type(widget).__name__}({widget.objectName() or '-'}).{kind}", text))

    for w in [root, *root.findChildren(QWidget)]:
        if w.isWindow():
            add(w, "windowTitle", w.windowTitle())
        if isinstance(w, QLabel):
            add(w, "text", w.text())
        elif isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        elif isinstance(w, QGroupBox):
            add(w, "title", w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, f"tab[{i}]", w.tabText(i))
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, f"item[{i}]", w.itemText(i))
        elif isinstance(w, QLineEdit) and not isinstance(w.parent(), QAbstractSpinBox):
            add(w, "placeholder", w.placeholderText())
        elif isinstance(w, QAbstractSpinBox):
            for kind in ("prefix", "suffix", "specialValueText"):
                if hasattr(w, kind):
                    add(w, kind, getattr(w, kind)())
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                add(w, f"item[{i}]", w.item(i).text())
        elif isinstance(w, QTableWidget):
            for j in range(w.columnCount()):
                header = w.horizontalHeaderItem(j)
                if header is not None:
                    add(w, f"header[{j}]", header.text())
        elif isinstance(w, QToolBar):
            for action in w.actions():
                add(w, "action", action.text())
        elif isinstance(w, QMenuBar):
            found.extend(menu_texts(w))
        for text in _plot_texts(w):
            add(w, "plot", text)
    return found


def menu_texts(bar: QMenuBar | QMenu) -> list[tuple[str, str]]:
    """(where, text) for every menu title and entry, submenus included (each filled first, as on opening)."""
    out = []
    for action in bar.actions():
        menu = action.menu()
        if menu is not None:
            menu.aboutToShow.emit()  # menus filled on opening (recent files, examples)
            out.append((f"menu {plain(menu.title())!r}", menu.title()))
            out.extend(menu_texts(menu))
        elif not action.isSeparator():
            out.append((f"action in {plain(bar.title()) if isinstance(bar, QMenu) else 'menu bar'!r}", action.text()))
    return out


def english_texts(texts: list[tuple[str, str]]) -> list[str]:
    """The entries of `texts` that still hold English words, readably."""
    return [f"{where}: {text!r} ({', '.join(english_words(text))})" for where, text in texts if english_words(text)]


__all__ = ["visible_texts", "menu_texts", "english_words", "english_texts", "plain", "ALLOWED"]
