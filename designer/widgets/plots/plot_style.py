"""`still_plot`: the look of pyqtgraph plots that only show (the Explore page's), in the
app's colours (designer.widgets.plots.colours), as the Train page's live curves paint them."""
from __future__ import annotations

import pyqtgraph as pg

from designer.widgets.plots.colours import GREY, TEXT


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


__all__ = ["still_plot"]
