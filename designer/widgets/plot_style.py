"""The plots' look, shared by every page: the colours, and `still_plot` for pyqtgraph plots
that only show (the Explore page's). The Train page's live curves (`LivePlot`) paint
themselves in the same colours."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor

BLUE = QColor(31, 119, 180)
ORANGE = QColor(230, 110, 20)
GREY = QColor(150, 150, 150)
LIGHT_BLUE = QColor(190, 213, 233)
FADED = QColor(178, 178, 178)
FADED_FILL = QColor(215, 215, 215)
TEXT = QColor(60, 60, 60)


def still_plot(plot: pg.PlotItem, *, left: str | None = None, bottom: str | None = None) -> pg.PlotItem:
    """Make `plot` one that only shows: no context menu, no auto-range button, no panning or
    zooming with the mouse (the controls beside it choose what it shows). Grey axes with dark
    numbers, and the axis titles `left` and `bottom` if given. Returns `plot`.

    The axes write their numbers as they are: pyqtgraph's automatic SI prefix would turn
    "loss" into "loss (x1e+18)" over ticks that no longer read as losses, and on a log
    axis it scales the tick labels but not the curves, so they show wrong numbers."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.getViewBox().setMouseEnabled(x=False, y=False)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(GREY))
        axis.setTextPen(pg.mkPen(TEXT))
        axis.enableAutoSIPrefix(False)
    for side, title in (("left", left), ("bottom", bottom)):
        if title is not None:
            plot.setLabel(side, title, color=TEXT.name())
    return plot


__all__ = ["BLUE", "FADED", "FADED_FILL", "GREY", "LIGHT_BLUE", "ORANGE", "TEXT", "still_plot"]
