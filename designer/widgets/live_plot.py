"""Live learning curves: loss and accuracy, drawn with pyqtgraph.

`LivePlot` owns its data in `SeriesBuffer`s (NumPy arrays that double when full),
creates every curve and pen once, and hands curves their points only from `redraw()`,
which the training page calls from a ~30 Hz timer. Adding points (`add_batches`,
`add_epoch`) just writes into the buffers and marks them dirty, so a run of a hundred
thousand batches costs the GUI one update per changed curve per frame, whatever the batch
rate. Every curve is drawn by Qt itself, in C++ (`_Piece`, `_EpochLine`).

A frame must cost the GUI thread little, because every millisecond it paints is one
the training thread does not compute (two cores: training takes both). So a frame
repaints only what changed: the per-batch curves are drawn in pieces of `PIECE`
points (`PiecewiseCurve`, as pyqtgraph's scrollingPlots example plots in chunks), so a
new batch repaints the last piece's narrow strip rather than the whole plot; and the
loss axis keeps its range until the curves leave it or shrink well inside it
(`steady_range`), rather than re-fitting, relabelling and repainting everything at
every frame as the loss falls.

The x axis is the epoch for every curve: batch ``b`` of ``B`` in epoch ``e`` sits at
``e - 1 + b / B``, and the per-epoch values sit at ``e``, so batch and epoch curves
line up. Starting a new run keeps the previous one, faded, for comparison until
`clear_previous()`.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QColor, QPainterPath, QTransform
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QVBoxLayout,
    QWidget,
)

from designer.text.names import format_rate

#: exponential smoothing of the per-batch loss (weight of the past); bias-corrected
SMOOTHING = 0.9
BLUE = QColor(31, 119, 180)
ORANGE = QColor(230, 110, 20)
GREY = QColor(150, 150, 150)
LIGHT_BLUE = QColor(190, 213, 233)
FADED = QColor(178, 178, 178)
FADED_FILL = QColor(215, 215, 215)
TEXT = QColor(60, 60, 60)
#: points per piece of a per-batch curve (see the module doc): a new point repaints its
#: piece only; ~30 pieces for ten epochs of MNIST
PIECE = 128
#: pieces made at a time (see PiecewiseCurve)
SPARE = 8
#: pixels kept clear under the loss range (see `LivePlot._show_loss_range`): the bottom axis
#: reaches 5 px into the plot for its ticks, and the view repaints 2 px around a change
AXIS_CLEARANCE = 10
#: the loss range's padding above, and at least below, as a fraction of it
LOSS_PADDING = 0.02
#: drawing order (higher on top): the previous run under the current one, the per-batch
#: curves under the per-epoch ones (default 0)
Z_PREVIOUS, Z_BATCH_RAW, Z_BATCH_SMOOTH = -3, -2, -1


class SeriesBuffer:
    """x and y values in NumPy arrays that double in size when full.

    `x` and `y` are views of the filled part (no copy), ready for `setData`.
    """

    def __init__(self, capacity: int = 256):
        self._x = np.empty(capacity, dtype=np.float64)
        self._y = np.empty(capacity, dtype=np.float64)
        self._n = 0
        #: y_range's answers so far, by `positive`: (points seen, lowest, highest)
        self._ranges: dict[bool, tuple[int, float, float]] = {}

    def __len__(self) -> int:
        return self._n

    @property
    def capacity(self) -> int:
        return len(self._x)

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]

    def _reserve(self, n: int) -> None:
        if n <= len(self._x):
            return
        capacity = len(self._x)
        while capacity < n:
            capacity *= 2
        for name in ("_x", "_y"):
            old = getattr(self, name)
            new = np.empty(capacity, dtype=np.float64)
            new[: self._n] = old[: self._n]
            setattr(self, name, new)

    def append(self, x: float, y: float) -> None:
        self._reserve(self._n + 1)
        self._x[self._n] = x
        self._y[self._n] = y
        self._n += 1

    def extend(self, xs, ys) -> None:
        xs = np.asarray(xs, dtype=np.float64)
        ys = np.asarray(ys, dtype=np.float64)
        n = len(xs)
        if n == 0:
            return
        self._reserve(self._n + n)
        self._x[self._n : self._n + n] = xs
        self._y[self._n : self._n + n] = ys
        self._n += n

    def clear(self) -> None:
        self._n = 0
        self._ranges = {}

    def y_range(self, positive: bool = False) -> tuple[float, float] | None:
        """(lowest, highest) of the finite y values (of those above 0 if `positive`), or None
        if there are none; worked out from the points added since the last call only."""
        seen, low, high = self._ranges.get(positive, (0, math.inf, -math.inf))
        if seen < self._n:
            new = self._y[seen : self._n]
            new = new[np.isfinite(new) & (new > 0)] if positive else new[np.isfinite(new)]
            if len(new):
                low, high = min(low, float(new.min())), max(high, float(new.max()))
            self._ranges[positive] = (self._n, low, high)
        return (low, high) if low <= high else None

    def copy(self) -> SeriesBuffer:
        out = SeriesBuffer(max(16, self._n))
        out.extend(self.x, self.y)
        return out


def _plotted(y: np.ndarray, log: bool) -> np.ndarray:
    """The y values as a curve is given them: log10 of them on a log axis (a PlotItem's log
    mode reaches only pyqtgraph's own items), and NaN, a gap, for what cannot be shown."""
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.log10(y)
    return y if np.isfinite(y).all() else np.where(np.isfinite(y), y, np.nan)


def smooth(values: np.ndarray, state: tuple[float, int] = (0.0, 0), weight: float = SMOOTHING) -> tuple[np.ndarray, tuple[float, int]]:
    """Bias-corrected exponential moving average, continued from `state` (sum, count).

    Non-finite values (a diverging loss) are passed through and do not poison the average.
    """
    out = np.empty(len(values), dtype=np.float64)
    avg, count = state
    for i, v in enumerate(values):
        if not math.isfinite(v):
            out[i] = v
            continue
        avg = weight * avg + (1.0 - weight) * v
        count += 1
        out[i] = avg / (1.0 - weight**count)
    return out, (avg, count)


def nice_step(span: float) -> float:
    """The round number (1, 2 or 5 times a power of ten) nearest above `span`."""
    if not span > 0 or not math.isfinite(span):
        return 1.0
    power = 10.0 ** math.floor(math.log10(span))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= span * (1 - 1e-9))


def steady_range(low: float, high: float, current: tuple[float, float] | None = None) -> tuple[float, float]:
    """A y range showing data from `low` to `high`: `current` while the data stays inside it
    and fills at least half of it, else a new one on a grid of about a fifth of the data's
    span (a round step). As a falling loss creeps down, the range then moves a dozen times
    in a run, mostly in its first moments, rather than at every frame."""
    span = high - low
    if not span > 0:
        span = max(abs(high), 1.0) * 0.1
    if current is not None and current[0] <= low and high <= current[1] and span >= 0.5 * (current[1] - current[0]):
        return current
    step = nice_step(span / 5)
    return math.floor(low / step) * step, math.ceil(high / step) * step


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


class _EpochLine(QGraphicsPathItem):
    """A per-epoch curve as Qt draws it by itself, in C++: its line, and a marker at every
    point (child items that keep their size in pixels). pyqtgraph's PlotDataItem draws
    both in Python, and its scatter answers Qt's `boundingRect` in Python several times a
    frame: ~0.6 ms of every frame, for curves that change once an epoch.

    Its bounds are its points' own, kept here (Qt's would stroke the dashed line in data
    units), and `dataBounds` and `pixelPadding` tell pyqtgraph's auto-range about them."""

    def __init__(self, pen, symbol: str, size: float, symbol_pen, symbol_brush):
        super().__init__()
        self.setPen(pen)
        self._rect = QRectF()
        self._x = self._y = np.empty(0)
        self._marker = (symbol, size, symbol_pen, symbol_brush)
        self._markers: list[QGraphicsItem] = []

    def set_points(self, x: np.ndarray, y: np.ndarray) -> None:
        shown = np.isfinite(y)
        self._x, self._y = x[shown], y[shown]
        path = pg.arrayToQPath(x, y, connect="finite") if len(x) else QPainterPath()
        self.setPath(path)  # tells the scene first, while boundingRect() still gives the old bounds
        self._rect = path.controlPointRect()
        while len(self._markers) < len(self._x):
            self._markers.append(self._new_marker())
        for i, marker in enumerate(self._markers):
            if i < len(self._x):
                marker.setPos(float(self._x[i]), float(self._y[i]))
            marker.setVisible(i < len(self._x))

    def _new_marker(self) -> QGraphicsItem:
        symbol, size, pen, brush = self._marker
        box = QRectF(-size / 2, -size / 2, size, size)
        marker = QGraphicsRectItem(box, self) if symbol == "s" else QGraphicsEllipseItem(box, self)
        marker.setPen(pen)
        marker.setBrush(brush)
        marker.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        return marker

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        return self._rect

    def shape(self) -> QPainterPath:
        outline = QPainterPath()
        outline.addRect(self._rect)
        return outline

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N802 (pyqtgraph name)
        values = self._x if ax == 0 else self._y
        return (float(values.min()), float(values.max())) if len(values) else (None, None)

    def pixelPadding(self) -> float:  # noqa: N802 (pyqtgraph name)
        return self._marker[1] / 2 + 1


class _Series:
    """One per-epoch curve (a point or two per epoch) and the buffer it shows: an `_EpochLine`
    in the plot, and a PlotDataItem in the same pens that stands for it in a legend (never
    drawn). A PlotItem's log mode does not reach it: `set_log` gives it log10 of the values."""

    def __init__(self, plot: pg.PlotItem, pen, z: float, symbol: str, symbolSize: float, symbolPen, symbolBrush):  # noqa: N803 (pyqtgraph's names)
        self.data = SeriesBuffer()
        self.dirty = False
        self._log = False
        self._drawn = 0
        self.item = _EpochLine(pen, symbol, symbolSize, symbolPen, symbolBrush)
        self.item.setZValue(z)
        plot.addItem(self.item)
        self._view = plot.getViewBox()
        self.legend_item = pg.PlotDataItem(pen=pen, symbol=symbol, symbolSize=symbolSize, symbolPen=symbolPen, symbolBrush=symbolBrush)
        # The legend draws a marker in the scatter's own default colours, which pyqtgraph
        # sets only with the first point: it showed its stock purple until the first epoch.
        scatter = self.legend_item.scatter
        scatter.setSymbol(symbol, update=False)
        scatter.setSize(symbolSize, update=False)
        scatter.setPen(symbolPen, update=False)
        scatter.setBrush(symbolBrush, update=False)

    def show(self) -> None:
        if self.dirty:
            self.item.set_points(self.data.x, _plotted(self.data.y, self._log))
            self._view.itemBoundsChanged(self.item)  # an auto-ranging axis (accuracy) follows the points
            self._drawn = len(self.data)
            self.dirty = False

    def clear(self) -> None:
        self.data.clear()
        self.dirty = True

    def replace(self, data: SeriesBuffer) -> None:
        self.data = data
        self.dirty = True

    def set_log(self, on: bool) -> None:
        if on != self._log:
            self._log = on
            self.dirty = True
            self.show()

    def set_visible(self, visible: bool) -> None:
        self.item.setVisible(visible)
        self.legend_item.setVisible(visible)

    def drawn(self) -> int:
        return self._drawn


class _Piece(QGraphicsPathItem):
    """One piece of a PiecewiseCurve: a path Qt draws, and measures, by itself in C++. A
    pyqtgraph curve draws in Python and is asked for its bounds in Python several times a
    frame; so was this piece while it answered `boundingRect` itself: ~100 calls a frame late
    in a run, each a Python call under the GIL, which training then waits for.

    Qt's own bounds of a path are its outline stroked with the pen, the pen's width taken in
    the item's units (data units here: a 2 px pen would reach a whole epoch and a whole unit
    of loss past the points). So the path holds its points times `UNITS` and the item scales
    them back: the pen's reach is 1/UNITS of a data unit, the bounds are the points' own, and
    the drawing is unchanged (cosmetic pens are measured in pixels whatever the scale). The
    view repaints 2 px around every changed area, more than these pens (at most 2 px wide)
    reach past a point."""

    #: path units per data unit (see the class doc)
    UNITS = 1e6

    def __init__(self, pen):
        super().__init__()
        self.setPen(pen)
        self.setTransform(QTransform.fromScale(1 / self.UNITS, 1 / self.UNITS))

    def set_points(self, x: np.ndarray, y: np.ndarray) -> None:
        self.setPath(pg.arrayToQPath(x * self.UNITS, y * self.UNITS, connect="finite"))


class PiecewiseCurve:
    """A growing curve drawn as pieces of `PIECE` points, each an item of its own (`_Piece`;
    consecutive pieces share a point, so the line is unbroken): a new point changes the
    last piece only, so only its strip of the plot is repainted. Holds every point in
    `data`; non-finite values (a diverging loss) leave a gap.

    Adding an item to a plot repaints the whole plot, so pieces are made `SPARE` at a time,
    hidden until needed, and a cleared curve keeps its pieces, hidden, for the next run.
    A PlotItem's log mode does not reach the pieces: `set_log` gives them log10 of the
    values instead."""

    def __init__(self, plot: pg.PlotItem, pen, z: float):
        self.plot, self.pen, self.z = plot, pen, z
        self.data = SeriesBuffer()
        self.dirty = False
        self._pieces: list[_Piece] = []  # in use, in order
        self._spare: list[_Piece] = []  # hidden, in the plot already
        self._drawn = 0  # points handed to the pieces
        self._visible = True
        self._log = False
        #: stands for the curve in a legend (its pen); never drawn
        self.legend_item = pg.PlotDataItem(pen=pen)

    def show(self) -> None:
        if not self.dirty:
            return
        n = len(self.data)
        if n < self._drawn:
            self._drawn = 0  # cleared: every piece anew
        pieces = 0 if n == 0 else max(1, math.ceil((n - 1) / PIECE))
        while len(self._pieces) > pieces:
            self._retire(self._pieces.pop())
        while len(self._pieces) < pieces:
            self._pieces.append(self._new_piece())
        # the piece holding the last point drawn may have grown; those after it are new
        first = (self._drawn - 1) // PIECE if self._drawn else 0
        for k in range(first, pieces):
            self._fill(k)
        self._drawn = n
        self.dirty = False

    def _new_piece(self) -> _Piece:
        if not self._spare:
            for _ in range(SPARE):
                item = _Piece(self.pen)
                item.setVisible(False)
                self.plot.addItem(item)
                self._spare.append(item)
        item = self._spare.pop()
        item.setPen(self.pen)
        item.setZValue(self.z)
        return item  # shown once it has its points (`_fill`)

    def _retire(self, item: _Piece) -> None:
        item.setVisible(False)
        self._spare.append(item)

    def _fill(self, k: int) -> None:
        part = slice(k * PIECE, min(len(self.data), (k + 1) * PIECE + 1))
        item = self._pieces[k]
        item.set_points(self.data.x[part], _plotted(self.data.y[part], self._log))
        if item.isVisible() != self._visible:
            item.setVisible(self._visible)

    def clear(self) -> None:
        self.data.clear()
        self._drawn = 0
        self.dirty = True

    def replace(self, data: SeriesBuffer) -> None:
        """Show `data` instead (a copy of another curve's points)."""
        self.data = data
        self._drawn = 0
        self.dirty = True

    def take_over(self, other: PiecewiseCurve) -> None:
        """Show `other`'s points from now on, in this curve's pen, and leave `other` empty
        (a run becoming the previous run): its pieces change hands rather than being
        drawn again, which would cost the first frame of a run several milliseconds."""
        for item in self._pieces:
            self._retire(item)
        self.data, self._pieces, self._drawn, self.dirty = other.data, other._pieces, other._drawn, other.dirty
        for item in self._pieces:
            item.setPen(self.pen)
            item.setZValue(self.z)
            item.setVisible(self._visible)
        other.data, other._pieces, other._drawn, other.dirty = SeriesBuffer(), [], 0, True

    def set_log(self, on: bool) -> None:
        """Show log10 of the values (or the values again): every piece is given its points anew."""
        if on != self._log:
            self._log = on
            self._drawn = 0
            self.dirty = True
            self.show()

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        for item in self._pieces:
            item.setVisible(visible)
        self.legend_item.setVisible(visible)

    def drawn(self) -> int:
        """Points the curve shows (after `show`)."""
        return self._drawn

    @property
    def pieces(self) -> int:
        """Pieces in use (not the hidden spare ones)."""
        return len(self._pieces)


class LivePlot(QWidget):
    """Two linked plots: loss (batch and epoch) and accuracy (epoch), plus a faded previous run."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground("w")
        self.view.ci.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

        # Loss falls, so its legend sits top right; accuracy rises, so bottom right.
        self.loss_plot = self._make_plot(self.tr("loss"), row=0, legend_offset=(-10, 10))
        self.acc_plot = self._make_plot(self.tr("accuracy (%)"), row=1, legend_offset=(-10, -10))
        self.acc_plot.setXLink(self.loss_plot)
        self.acc_plot.getAxis("bottom").setLabel(self.tr("epoch"), color=TEXT.name())
        self._show_whole_accuracy_scale()

        # Pens are made once; curves are created once and only get setData afterwards.
        # Faint colours are opaque tints, not alpha: blending every point costs the GUI
        # thread a few milliseconds per frame.
        train_batch = pg.mkPen(LIGHT_BLUE, width=1)
        # The smoothed curve is 1 px, as the others: Qt strokes a wider line's outline
        # first, ~0.7 ms of every frame's 3 (benchmarks/bench_plot_frame.py), while the
        # raw curve's light blue already sets it apart.
        train_smooth = pg.mkPen(BLUE, width=1)
        train_epoch = pg.mkPen(BLUE, width=2, style=Qt.PenStyle.DashLine)
        val_epoch = pg.mkPen(ORANGE, width=2)
        faded = pg.mkPen(FADED, width=1)
        faded_dash = pg.mkPen(FADED, width=1, style=Qt.PenStyle.DashLine)
        sym_train = dict(symbol="o", symbolSize=6, symbolPen=pg.mkPen(BLUE), symbolBrush=pg.mkBrush("w"))
        sym_val = dict(symbol="s", symbolSize=6, symbolPen=pg.mkPen(ORANGE), symbolBrush=pg.mkBrush(ORANGE))
        sym_faded = dict(symbol="o", symbolSize=4, symbolPen=faded, symbolBrush=pg.mkBrush(FADED_FILL))

        lp, ap = self.loss_plot, self.acc_plot
        # The previous run draws under the current one (Z_PREVIOUS), whatever was added last.
        self.prev_batch = PiecewiseCurve(lp, faded, Z_PREVIOUS)
        self.prev_loss = self._series(lp, faded_dash, self.tr("previous run"), z=Z_PREVIOUS, **sym_faded)
        self.prev_val_loss = self._series(lp, faded, None, z=Z_PREVIOUS, **sym_faded)
        self.prev_acc = self._series(ap, faded_dash, self.tr("previous run"), z=Z_PREVIOUS, **sym_faded)
        self.prev_val_acc = self._series(ap, faded, None, z=Z_PREVIOUS, **sym_faded)

        self.batch_raw = PiecewiseCurve(lp, train_batch, Z_BATCH_RAW)
        self.batch_smooth = PiecewiseCurve(lp, train_smooth, Z_BATCH_SMOOTH)
        lp.legend.addItem(self.batch_smooth.legend_item, self.tr("training, per batch (smoothed)"))
        self.epoch_loss = self._series(lp, train_epoch, self.tr("training, per epoch"), **sym_train)
        self.val_loss = self._series(lp, val_epoch, self.tr("validation, per epoch"), **sym_val)
        self.epoch_acc = self._series(ap, train_epoch, self.tr("training"), **sym_train)
        self.val_acc = self._series(ap, val_epoch, self.tr("validation"), **sym_val)

        self._current = [self.batch_raw, self.batch_smooth, self.epoch_loss, self.val_loss, self.epoch_acc, self.val_acc]
        self._previous = [self.prev_batch, self.prev_loss, self.prev_val_loss, self.prev_acc, self.prev_val_acc]
        self._smooth_state: tuple[float, int] = (0.0, 0)
        #: each epoch's learning rate (no curve: the hover text says it), by epoch
        self._rates: dict[int, float] = {}
        self._has_previous = False
        self._log_loss = False
        #: the loss axis's range, in its own units (log10 of the loss on a log axis): see steady_range
        self._loss_range: tuple[float, float] | None = None
        lp.enableAutoRange(y=False)
        lp.vb.sigResized.connect(self._show_loss_range)
        self._set_previous_visible(False)

        # Values on hover: a vertical line on both plots and a small label, rate-limited.
        line_pen = pg.mkPen(QColor(120, 120, 120), width=1, style=Qt.PenStyle.DotLine)
        self._hover_lines = []
        for plot in (lp, ap):
            line = pg.InfiniteLine(angle=90, movable=False, pen=line_pen)
            line.setVisible(False)
            line.setZValue(50)
            plot.addItem(line, ignoreBounds=True)
            self._hover_lines.append(line)
        self._hover_text = pg.TextItem(color=TEXT, fill=pg.mkBrush(255, 255, 255, 225), border=pg.mkPen(200, 200, 200))
        self._hover_text.setZValue(100)
        self._hover_text.setVisible(False)
        self._hover_plot: pg.PlotItem | None = None
        self._mouse_proxy = pg.SignalProxy(self.view.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved)

    # ------------------------------------------------------------------ building

    def _make_plot(self, ylabel: str, row: int, legend_offset: tuple[int, int]) -> pg.PlotItem:
        plot = self.view.addPlot(row=row, col=0)
        # No grid: pyqtgraph draws it with the axes, which would then repaint with every new point.
        plot.setDownsampling(mode="peak")
        plot.setClipToView(True)
        still_plot(plot, left=ylabel)
        plot.getAxis("left").setWidth(60)
        legend = plot.addLegend(offset=legend_offset, labelTextColor=TEXT, brush=pg.mkBrush(255, 255, 255, 200), pen=pg.mkPen(220, 220, 220))
        legend.setLabelTextSize("8pt")
        return plot

    def _series(self, plot: pg.PlotItem, pen, name: str | None, z: float = 0, **opts) -> _Series:
        series = _Series(plot, pen, z, **opts)
        if name is not None and plot.legend is not None:
            plot.legend.addItem(series.legend_item, name)
        return series

    def _set_previous_visible(self, visible: bool) -> None:
        for s in self._previous:
            s.set_visible(visible)
        for plot, prev in ((self.loss_plot, self.prev_loss), (self.acc_plot, self.prev_acc)):
            legend = plot.legend
            if legend is None:
                continue
            legend.removeItem(prev.legend_item)
            if visible:
                legend.addItem(prev.legend_item, self.tr("previous run"))

    # ------------------------------------------------------------------ data in

    @property
    def has_previous(self) -> bool:
        return self._has_previous

    def start_run(self) -> None:
        """Fade the current curves into 'previous run' (if there is one) and start empty."""
        if len(self.epoch_loss.data) or len(self.batch_smooth.data):
            self.prev_batch.take_over(self.batch_smooth)
            pairs = zip((self.epoch_loss, self.val_loss, self.epoch_acc, self.val_acc), self._previous[1:])
            for current, prev in pairs:
                prev.replace(current.data.copy())
            if not self._has_previous:
                self._has_previous = True
                self._set_previous_visible(True)
        for s in self._current:
            s.clear()
        self._smooth_state = (0.0, 0)
        self._rates = {}
        if not self._has_previous:
            self._show_whole_accuracy_scale()
        self.redraw()

    def _show_whole_accuracy_scale(self) -> None:
        """An empty accuracy plot reads 0 to 100 %, not pyqtgraph's 0 to 1; the first points
        take over the range again (auto-range stays on)."""
        self.acc_plot.setYRange(0, 100, padding=0.02)
        self.acc_plot.enableAutoRange(y=True)

    def set_expected_epochs(self, epochs: int) -> None:
        """Fix the x axis to the whole run (and the previous one), so it doesn't rescale as points arrive."""
        previous = int(self.prev_loss.data.x[-1]) if len(self.prev_loss.data) else 0
        self.loss_plot.setXRange(0, max(1, epochs, previous), padding=0.02)

    def clear_previous(self) -> None:
        for s in self._previous:
            s.clear()
        self._has_previous = False
        self._set_previous_visible(False)
        if not len(self.epoch_acc.data):
            self._show_whole_accuracy_scale()
        self.redraw()

    def clear(self) -> None:
        """Forget everything: current and previous run."""
        for s in self._current:
            s.clear()
        self._smooth_state = (0.0, 0)
        self._rates = {}
        self.clear_previous()

    def add_batches(self, xs, losses) -> None:
        """Per-batch losses at fractional epochs `xs`; drawn at the next `redraw()`."""
        losses = np.asarray(losses, dtype=np.float64)
        if len(losses) == 0:
            return
        smoothed, self._smooth_state = smooth(losses, self._smooth_state)
        self.batch_raw.data.extend(xs, losses)
        self.batch_smooth.data.extend(xs, smoothed)
        self.batch_raw.dirty = self.batch_smooth.dirty = True

    def add_epoch(self, epoch: int, loss: float, accuracy: float, val_loss: float, val_accuracy: float,
                  learning_rate: float = math.nan) -> None:
        """One epoch's values (accuracies as fractions; NaN values, such as a missing validation, are skipped)."""
        if math.isfinite(learning_rate):
            self._rates[epoch] = learning_rate
        if math.isfinite(loss):
            self.epoch_loss.data.append(epoch, loss)
            self.epoch_loss.dirty = True
        if math.isfinite(accuracy):
            self.epoch_acc.data.append(epoch, 100.0 * accuracy)
            self.epoch_acc.dirty = True
        if math.isfinite(val_loss) and math.isfinite(val_accuracy):
            self.val_loss.data.append(epoch, val_loss)
            self.val_acc.data.append(epoch, 100.0 * val_accuracy)
            self.val_loss.dirty = self.val_acc.dirty = True

    def set_history(self, history: dict, batches_per_epoch: int | None = None) -> None:
        """Show a finished history (e.g. from a model file) as the current run."""
        self.start_run()
        batch = np.asarray(history.get("batch_loss", []), dtype=np.float64)
        epochs = len(history.get("loss", []))
        if len(batch):
            per_epoch = batches_per_epoch or max(1, len(batch) // max(1, epochs))
            self.add_batches(np.arange(1, len(batch) + 1) / per_epoch, batch)
        # a model file need not hold every series (core.io.bundle checks that those it holds agree in length)
        series = [list(history.get(key) or []) for key in ("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate")]
        for i in range(epochs):
            self.add_epoch(i + 1, *(values[i] if i < len(values) else math.nan for values in series))
        self.redraw()

    def set_log_loss(self, on: bool) -> None:
        """Show the loss on a logarithmic scale (small late improvements become visible)."""
        self._log_loss = bool(on)
        self.loss_plot.setLogMode(x=False, y=self._log_loss)  # the axis; the curves take log10 themselves
        for curve in self._loss_series(previous=True):
            curve.set_log(self._log_loss)
        self.loss_plot.enableAutoRange(y=False)  # setLogMode turned it on
        self._loss_range = None
        self._fit_loss_range()

    @property
    def log_loss(self) -> bool:
        return self._log_loss

    # ------------------------------------------------------------------ drawing

    @Slot()
    def redraw(self) -> None:
        """Push dirty buffers to their curves. Call from a timer, not per event."""
        changed = False
        for s in self._current + self._previous:
            changed |= s.dirty
            s.show()
        if changed:
            self._fit_loss_range()
            # Settle the auto-range now rather than during the paint, which would then
            # ask for a second paint straight after the first.
            self.loss_plot.vb.prepareForPaint()
            self.acc_plot.vb.prepareForPaint()

    def _loss_series(self, previous: bool | None = None):
        """The loss plot's curves: the current run's, and the previous run's when it is shown
        (or when `previous` says so)."""
        yield from (self.batch_raw, self.batch_smooth, self.epoch_loss, self.val_loss)
        if self._has_previous if previous is None else previous:
            yield from (self.prev_batch, self.prev_loss, self.prev_val_loss)

    def _fit_loss_range(self) -> None:
        """Show every loss point, on a range that stays still while the loss creeps down
        (`steady_range`): set only when that range changes, since a new range repaints
        the whole plot and its axis."""
        lows, highs = [], []
        for s in self._loss_series():
            bounds = s.data.y_range(positive=self._log_loss)
            if bounds is not None:
                lows.append(math.log10(bounds[0]) if self._log_loss else bounds[0])
                highs.append(math.log10(bounds[1]) if self._log_loss else bounds[1])
        if not lows:
            return
        target = steady_range(min(lows), max(highs), self._loss_range)
        if target != self._loss_range:
            self._loss_range = target
            self._show_loss_range()

    @Slot()
    def _show_loss_range(self) -> None:
        """Show the loss range with `AXIS_CLEARANCE` pixels under it (worked out anew when the
        plot is resized). The bottom axis's area reaches into the plot for its ticks, so a
        batch drawn within a few pixels of the bottom repainted the axis, its numbers and
        all, at every other frame late in a run, when the loss nears the range's floor."""
        if self._loss_range is None:
            return
        low, high = self._loss_range
        span = high - low
        height = self.loss_plot.vb.size().height()
        below = LOSS_PADDING
        if height > 4 * AXIS_CLEARANCE:  # a fraction of the padded range that is this many pixels
            below = max(below, AXIS_CLEARANCE * (1 + LOSS_PADDING) / (height - AXIS_CLEARANCE))
        self.loss_plot.setYRange(low - below * span, high + LOSS_PADDING * span, padding=0)

    def point_counts(self) -> dict[str, int]:
        """How many points each current curve holds (for tests and status)."""
        return {
            "batch_loss": len(self.batch_raw.data),
            "loss": len(self.epoch_loss.data),
            "val_loss": len(self.val_loss.data),
            "accuracy": len(self.epoch_acc.data),
            "val_accuracy": len(self.val_acc.data),
            "previous_loss": len(self.prev_loss.data),
        }

    def drawn_points(self) -> dict[str, int]:
        """How many points each current curve has actually been given (after `redraw`)."""
        return {name: s.drawn() for name, s in (("batch_loss", self.batch_raw), ("loss", self.epoch_loss),
                                                ("val_loss", self.val_loss), ("accuracy", self.epoch_acc),
                                                ("val_accuracy", self.val_acc))}

    def export_png(self, path: str) -> bool:
        """Save the plots as they look now (atomically, core.io.atomic: an existing file stays
        whole on failure); False when the picture cannot be made or written."""
        from core.io.atomic import atomic_write

        data = png_bytes(self.view.grab())
        if data is None:
            return False
        try:
            atomic_write(path, lambda f: f.write(data))
        except OSError:
            return False
        return True

    # ------------------------------------------------------------------ hover

    def _on_mouse_moved(self, event) -> None:
        pos = event[0]
        plot = next((p for p in (self.loss_plot, self.acc_plot) if p.sceneBoundingRect().contains(pos)), None)
        if plot is None or not plot.vb.sceneBoundingRect().contains(pos):
            self.hide_hover()
            return
        x = plot.vb.mapSceneToView(pos).x()
        text = self.values_at(x)
        if not text:
            self.hide_hover()
            return
        for line in self._hover_lines:
            line.setPos(x)
            line.setVisible(True)
        if self._hover_plot is not plot:
            if self._hover_plot is not None:
                self._hover_plot.removeItem(self._hover_text)
            plot.addItem(self._hover_text, ignoreBounds=True)
            self._hover_plot = plot
        self._hover_text.setText(text)
        view_pos = plot.vb.mapSceneToView(pos)
        right_half = pos.x() > plot.vb.sceneBoundingRect().center().x()
        lower_half = pos.y() > plot.vb.sceneBoundingRect().center().y()
        self._hover_text.setAnchor((1.05 if right_half else -0.05, 1.05 if lower_half else -0.05))
        self._hover_text.setPos(QPointF(view_pos.x(), view_pos.y()))
        self._hover_text.setVisible(True)

    def hide_hover(self) -> None:
        for line in self._hover_lines:
            line.setVisible(False)
        self._hover_text.setVisible(False)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.hide_hover()
        super().leaveEvent(event)

    def values_at(self, x: float) -> str:
        """The text shown when hovering at epoch position `x`: the nearest values of each curve."""
        lines = []
        batches = self.batch_smooth.data
        if len(batches):
            i = int(np.clip(np.searchsorted(batches.x, x), 0, len(batches) - 1))
            lines.append(self.tr("epoch {x:.2f}: training loss {v:.4f} (smoothed)").format(x=batches.x[i], v=batches.y[i]))
        epochs = self.epoch_loss.data
        if len(epochs):
            i = int(np.clip(np.round(x) - 1, 0, len(epochs) - 1))
            e = int(epochs.x[i])
            lines.append(self.tr("epoch {e}: loss {l:.4f}, accuracy {a:.2f} %").format(e=e, l=epochs.y[i], a=self.epoch_acc.data.y[i]))
            if e in self._rates:
                lines.append(self.tr("learning rate: {rate}").format(rate=format_rate(self._rates[e])))
            vl = self.val_loss.data
            j = np.flatnonzero(vl.x == e) if len(vl) else []
            if len(j):
                lines.append(self.tr("validation: loss {l:.4f}, accuracy {a:.2f} %").format(l=vl.y[j[0]], a=self.val_acc.data.y[j[0]]))
        prev = self.prev_loss.data
        if self._has_previous and len(prev):
            i = int(np.clip(np.round(x) - 1, 0, len(prev) - 1))
            lines.append(self.tr("previous run, epoch {e}: loss {l:.4f}, accuracy {a:.2f} %").format(
                e=int(prev.x[i]), l=prev.y[i], a=self.prev_acc.data.y[i] if i < len(self.prev_acc.data) else math.nan))
        return "\n".join(lines)


def png_bytes(picture) -> bytes | None:
    """A QPixmap or QImage encoded as PNG in memory (to be written with core.io.atomic), or None."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = picture.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data()) if ok else None


__all__ = ["LivePlot", "PiecewiseCurve", "SeriesBuffer", "smooth", "steady_range", "still_plot", "SMOOTHING", "PIECE", "png_bytes"]
