"""Live learning curves: loss and accuracy, painted by one widget of our own.

The Train page's frames (~30 a second) take the GUI thread's time from a training that
keeps both cores busy, and each millisecond of it costs the training about two
(benchmarks/bench_frame_cost.py). pyqtgraph drew these curves well, but every frame went
through Qt's graphics-view paint path and a dozen calls into Python (the view's paint,
its items' bounds): ~2 ms of CPU a frame late in a run, ~1 ms even to repaint a few
pixels after the training had run the caches cold. So `LivePlot` paints itself, from
layers kept in images (about 0.9 ms a frame: benchmarks/bench_plot_frame.py):

- the *base*: background, axes and their numbers, the faded previous run;
- one layer per per-batch curve (raw, smoothed), clipped to the loss plot: each frame
  draws only the new batches' segments into it, and repaints their narrow strip;
- the *top*: the per-epoch curves and their markers, drawn anew when an epoch ends
  (and repainted where its new points are);
- the legends, over everything.

A paint blits the layers' part within the changed area, then the hover line and label.
Every layer is drawn anew only when what the axes show changes: a new range (the
loss's keeps still while it creeps down: `steady_range`), a resize, a new run. Lines are
drawn without antialiasing, as pyqtgraph drew them, and each frame's piece goes on from
the segment before it, so a curve drawn frame by frame looks as if drawn at once (but
for a lone pixel, here and there, where two pieces meet).

Adding points (`add_batches`, `add_epoch`) only writes into `SeriesBuffer`s; `redraw()`,
which the Train page calls from its frame timer, draws them. The x axis is the epoch for
every curve: batch ``b`` of ``B`` in epoch ``e`` sits at ``e - 1 + b / B`` and the
per-epoch values at ``e``. A new run keeps the previous one, faded, until
`clear_previous()`.
"""
from __future__ import annotations

import math

import numpy as np
from pyqtgraph.functions import arrayToQPolygonF
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, QRect, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPen, QRegion
from PySide6.QtWidgets import QWidget

from designer.text.names import format_rate
from designer.widgets.plots.axis_ticks import linear_ticks, log_ticks
from designer.widgets.plots.colours import BLUE, FADED, FADED_FILL, GREY, LIGHT_BLUE, ORANGE, TEXT
from designer.widgets.plots.series import SeriesBuffer, smooth, steady_range

#: the ranges' padding on each side, as a fraction of them (the epoch axis's, the loss's)
PADDING = 0.02
#: and at least this many pixels, so that a marker on the range's edge shows whole
EDGE = 5
#: the left axis's width (its numbers and its title), px
AXIS_WIDTH = 60
#: pixels between the outermost widget edge and a plot, and between the two plots
MARGIN = 8
#: an axis's tick marks, px (outwards: a plot's area holds only curves)
TICK = 4
#: the x axis's numbers at least this far apart, px
X_SPACING = 60
#: a legend's distance from its plot's corner, px
LEGEND_OFFSET = 10
#: a line with more points than this per pixel of its plot's width is drawn by its peaks
DENSE = 4
#: the hover label's distance from the pointer, px
HOVER_GAP = 8
WHITE = QColor(255, 255, 255)


def _on_axis(y: np.ndarray, log: bool) -> np.ndarray:
    """The y values as the axis places them: log10 of them on a log axis (where what cannot
    be shown, a loss of 0 or less, becomes a non-finite value: a gap)."""
    if not log:
        return y
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log10(y)


def _widest(bounds: tuple[float, float] | None, low: float, high: float) -> tuple[float, float]:
    """`bounds` widened to hold `low` to `high`."""
    return (low, high) if bounds is None else (min(bounds[0], low), max(bounds[1], high))


def _peaks(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A dense line (points in order along x) as the lowest and highest point of each
    pixel column, in turn: the same picture from two points a column (a batch-size-1 run
    has 54,000 batches an epoch; drawn whole, ten epochs took 100 ms a resize)."""
    column = np.floor(px)
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
    with np.errstate(invalid="ignore"):
        lows, highs = np.fmin.reduceat(py, starts), np.fmax.reduceat(py, starts)
    return np.repeat(px[starts], 2), np.column_stack((lows, highs)).ravel()


def _padded(low: float, high: float, pixels: float) -> tuple[float, float]:
    """`low` to `high` with `PADDING` on each side, and at least `EDGE` pixels."""
    span = high - low
    fraction = max(PADDING, EDGE / (pixels - 2 * EDGE)) if pixels > 4 * EDGE else PADDING
    return low - fraction * span, high + fraction * span


class _Panel:
    """One of the two plots: where its area is in the widget, what range it shows, and
    where a value lands in pixels."""

    def __init__(self, title: str):
        self.title = title
        self.area = QRect()
        self.x_range = (0.0, 1.0)
        self.y_range = (0.0, 1.0)
        self.log = False

    def px(self, x):
        low, high = self.x_range
        return self.area.left() + (np.asarray(x, dtype=np.float64) - low) * (self.area.width() / (high - low))

    def py(self, y):
        low, high = self.y_range
        return self.area.top() + self.area.height() - (np.asarray(y, dtype=np.float64) - low) * (self.area.height() / (high - low))

    def value_x(self, px: float) -> float:
        low, high = self.x_range
        return low + (px - self.area.left()) * (high - low) / max(1, self.area.width())

    def y_ticks(self) -> list[tuple[float, str]]:
        ticks = log_ticks if self.log else linear_ticks
        return ticks(*self.y_range, self.area.height())

    def x_ticks(self) -> list[tuple[float, str]]:
        return linear_ticks(*self.x_range, self.area.width(), X_SPACING)


class _Curve:
    """One curve: its points, its pen, the marker at each point (per-epoch curves) and how
    many of its points have been drawn."""

    def __init__(self, pen: QPen, marker: tuple[str, float, QPen, QBrush] | None = None):
        self.data = SeriesBuffer()
        self.pen = pen
        self.marker = marker
        self.drawn = 0
        self.dirty = False

    def clear(self) -> None:
        self.data.clear()
        self.drawn = 0
        self.dirty = True

    def replace(self, data: SeriesBuffer) -> None:
        self.data = data
        self.drawn = 0
        self.dirty = True

    def new_extent(self, panel: _Panel) -> QRectF | None:
        """Where the points gained since the last `paint` lie (with the last one drawn, and
        their markers), in the panel's pixels; None when the curve was cleared."""
        n = len(self.data)
        if n < self.drawn:
            return None
        first = max(0, self.drawn - 1)
        y = _on_axis(self.data.y[first:n], panel.log)
        shown = np.isfinite(y)
        if not shown.any():
            return QRectF()
        px, py = panel.px(self.data.x[first:n][shown]), panel.py(y[shown])
        reach = (self.marker[1] / 2 if self.marker else 0) + self.pen.widthF() + 2
        return QRectF(QPointF(px.min(), py.min()), QPointF(px.max(), py.max())).adjusted(-reach, -reach, reach, reach)

    def paint(self, painter: QPainter, panel: _Panel, first: int = 0) -> QRectF:
        """Draw its points from `first` on (a line, and the markers) in the panel's pixels,
        shifted by the painter's own transform; returns the area drawn over. (A frame calls
        this for each per-batch curve: it keeps to a few NumPy calls.)"""
        n = len(self.data)
        self.drawn, self.dirty = n, False
        if n <= first:
            return QRectF()
        px, py = panel.px(self.data.x[first:n]), panel.py(_on_axis(self.data.y[first:n], panel.log))
        if len(px) > DENSE * panel.area.width():
            px, py = _peaks(px, py)
        low, high = float(py.min()), float(py.max())
        painter.setPen(self.pen)
        if math.isfinite(low) and math.isfinite(high):  # every point shown: one line
            if n - first >= 2:
                painter.drawPolyline(arrayToQPolygonF(px, py))
            shown = None
        else:  # a line through each run of shown points, with gaps between (a diverged loss)
            shown = np.isfinite(py)
            if not shown.any():
                return QRectF()
            edges = np.flatnonzero(np.diff(np.r_[False, shown, False].astype(np.int8)))
            for start, stop in zip(edges[::2], edges[1::2]):
                if stop - start >= 2:
                    painter.drawPolyline(arrayToQPolygonF(px[start:stop], py[start:stop]))
            px, py = px[shown], py[shown]
            low, high = float(py.min()), float(py.max())
        drawn = QRectF(QPointF(float(px.min()), low), QPointF(float(px.max()), high))
        if self.marker is not None:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # round markers, as pyqtgraph drew them
            for a, b in zip(px, py):
                drawn = drawn.united(_marker(painter, self.marker, QPointF(a, b)))
            painter.restore()
        return drawn


class LivePlot(QWidget):
    """Two plots over one epoch axis: loss (per batch and per epoch) above, accuracy (per
    epoch) below, each with its legend, and the previous run faded beneath."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the base layer covers every pixel
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the arrow keys step the values shown epoch by epoch
        self.setAccessibleName(self.tr("learning curves"))
        self.setAccessibleDescription(self.tr("Loss and accuracy as training goes on. Point at them, or press the arrow keys, to read their values."))
        self.setMinimumSize(320, 240)
        self.loss_panel = _Panel(self.tr("loss"))
        self.acc_panel = _Panel(self.tr("accuracy (%)"))
        self._panels = (self.loss_panel, self.acc_panel)
        self._x_title = self.tr("epoch")

        # Faint colours are opaque tints, not alpha: every curve is a plain line of pixels.
        faded = _pen(FADED, 1)
        sym_train = ("o", 6, _pen(BLUE, 1), QBrush(WHITE))
        sym_val = ("s", 6, _pen(ORANGE, 1), QBrush(ORANGE))
        sym_faded = ("o", 4, faded, QBrush(FADED_FILL))
        train_epoch = _pen(BLUE, 2, Qt.PenStyle.DashLine)
        val_epoch = _pen(ORANGE, 2)
        self.prev_batch = _Curve(faded)
        self.prev_loss = _Curve(_pen(FADED, 1, Qt.PenStyle.DashLine), sym_faded)
        self.prev_val_loss = _Curve(faded, sym_faded)
        self.prev_acc = _Curve(_pen(FADED, 1, Qt.PenStyle.DashLine), sym_faded)
        self.prev_val_acc = _Curve(faded, sym_faded)
        self.batch_raw = _Curve(_pen(LIGHT_BLUE, 1))
        self.batch_smooth = _Curve(_pen(BLUE, 1))
        self.epoch_loss = _Curve(train_epoch, sym_train)
        self.val_loss = _Curve(val_epoch, sym_val)
        self.epoch_acc = _Curve(train_epoch, sym_train)
        self.val_acc = _Curve(val_epoch, sym_val)
        self._batch_curves = (self.batch_raw, self.batch_smooth)  # in drawing order: a layer each
        self._current = [self.batch_raw, self.batch_smooth, self.epoch_loss, self.val_loss, self.epoch_acc, self.val_acc]
        self._previous = [self.prev_batch, self.prev_loss, self.prev_val_loss, self.prev_acc, self.prev_val_acc]
        self._all = self._current + self._previous
        previous = self.tr("previous run")
        self._legends = {
            self.loss_panel: [(self.tr("training, per batch (smoothed)"), self.batch_smooth), (self.tr("training, per epoch"), self.epoch_loss),
                              (self.tr("validation, per epoch"), self.val_loss), (previous, self.prev_loss)],
            self.acc_panel: [(self.tr("training"), self.epoch_acc), (self.tr("validation"), self.val_acc), (previous, self.prev_acc)],
        }

        self._smooth_state: tuple[float, int] = (0.0, 0)
        #: each epoch's learning rate (no curve: the hover text says it), by epoch
        self._rates: dict[int, float] = {}
        self._has_previous = False
        self._expected_epochs = 1
        #: the loss and accuracy axes' steady ranges, unpadded, in axis units (see steady_range)
        self._loss_range: tuple[float, float] | None = None
        self._acc_range: tuple[float, float] | None = None
        #: the points' extremes so far (see _fit_ranges): the last epoch shown, and the lowest and
        #: highest loss (in the loss axis's units) and accuracy
        self._last_epoch = 0.0
        self._loss_bounds: tuple[float, float] | None = None
        self._acc_bounds: tuple[float, float] | None = None
        #: the layers (see the module doc): None until the widget has a size, or when stale
        self._base: QImage | None = None
        self._top: QImage | None = None
        self._legend: list[tuple[QPoint, QImage]] = []  # each legend where it goes, in an image of its size
        self._layers: dict[_Curve, QImage] = {}
        self._stale = True
        self._legend_boxes: dict[_Panel, list[tuple[str, QRectF]]] = {}
        #: what the pointer shows: (panel, where, text, the label's box), or None
        self._hover: tuple[_Panel, QPointF, str, QRectF] | None = None
        self._fonts()

    def _fonts(self) -> None:
        self._tick_font = QFont(self.font())
        self._tick_font.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        self._legend_font = QFont(self.font())
        self._legend_font.setPointSizeF(8.0)

    # ------------------------------------------------------------------ data in

    @property
    def has_previous(self) -> bool:
        return self._has_previous

    @property
    def log_loss(self) -> bool:
        return self.loss_panel.log

    def start_run(self) -> None:
        """Fade the current curves into 'previous run' (if there is one) and start empty."""
        if len(self.epoch_loss.data) or len(self.batch_smooth.data):
            self.prev_batch.replace(self.batch_smooth.data)
            self.batch_smooth.data = SeriesBuffer()
            pairs = zip((self.epoch_loss, self.val_loss, self.epoch_acc, self.val_acc), self._previous[1:])
            for current, prev in pairs:
                prev.replace(current.data.copy())
            self._has_previous = True
        for s in self._current:
            s.clear()
        self._smooth_state = (0.0, 0)
        self._rates = {}
        self._loss_range = self._acc_range = None
        self._stale = True
        self.redraw()

    def set_expected_epochs(self, epochs: int) -> None:
        """Fix the x axis to the whole run (and the previous one), so it doesn't rescale as points arrive."""
        epochs = max(1, int(epochs))
        if epochs != self._expected_epochs:
            self._expected_epochs = epochs
            self._stale = True
        self.redraw()

    def clear_previous(self) -> None:
        for s in self._previous:
            s.clear()
        self._has_previous = False
        self._loss_range = self._acc_range = None
        self._stale = True
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
        if bool(on) != self.loss_panel.log:
            self.loss_panel.log = bool(on)
            self._loss_range = None
            self._stale = True
            self.redraw()

    # ------------------------------------------------------------------ what it shows

    def _loss_curves(self):
        yield from (self.batch_raw, self.batch_smooth, self.epoch_loss, self.val_loss)
        if self._has_previous:
            yield from (self.prev_batch, self.prev_loss, self.prev_val_loss)

    def _acc_curves(self):
        yield from (self.epoch_acc, self.val_acc)
        if self._has_previous:
            yield from (self.prev_acc, self.prev_val_acc)

    def _fit_ranges(self, curves=None) -> bool:
        """Work out the ranges the axes show, from the points `curves` have gained (all the
        curves' points when None); True when a range has changed (everything must be drawn
        anew). A buffer's bounds only grow until it is cleared, which makes the plot stale."""
        if curves is None:
            self._last_epoch, self._loss_bounds, self._acc_bounds = 0.0, None, None
            curves = (*self._loss_curves(), *self._acc_curves())
        loss = set(self._loss_curves())
        log = self.loss_panel.log
        for s in curves:
            if not len(s.data):
                continue
            self._last_epoch = max(self._last_epoch, float(s.data.x[-1]))
            bounds = s.data.y_range(positive=log and s in loss)
            if bounds is None:
                continue
            if s in loss:
                low, high = (math.log10(bounds[0]), math.log10(bounds[1])) if log else bounds
                self._loss_bounds = _widest(self._loss_bounds, low, high)
            else:
                self._acc_bounds = _widest(self._acc_bounds, *bounds)
        if self._loss_bounds is not None:
            self._loss_range = steady_range(*self._loss_bounds, self._loss_range)
        if self._acc_bounds is not None:
            self._acc_range = steady_range(*self._acc_bounds, self._acc_range)
        epochs = float(max(self._expected_epochs, self._last_epoch))
        changed = False
        for panel, y_range in ((self.loss_panel, self._loss_range or (0.0, 1.0)), (self.acc_panel, self._acc_range or (0.0, 100.0))):
            shown = _padded(0.0, epochs, panel.area.width()), _padded(*y_range, panel.area.height())
            if shown != (panel.x_range, panel.y_range):
                panel.x_range, panel.y_range = shown
                changed = True
        return changed

    def _batches_in_range(self, dirty: list[_Curve]) -> bool:
        """The common frame's shortcut past `_fit_ranges`: only the per-batch curves have new
        points, and they lie within the ranges shown (which then stay as they are: the
        data's bounds only grow, so they still fill the range as much as before)."""
        if self.loss_panel.log or self._loss_range is None or not set(dirty) <= set(self._batch_curves):
            return False
        low, high = self._loss_range
        for curve in dirty:
            new = curve.data.y[max(0, curve.drawn - 1):]
            if not len(new):
                continue
            least, most = float(new.min()), float(new.max())
            if not (low <= least and most <= high) or curve.data.x[-1] > self._expected_epochs:
                return False  # beyond the range, or not finite: the whole account
            self._loss_bounds = _widest(self._loss_bounds, least, most)
        return True

    def loss_range(self) -> tuple[float, float]:
        """The loss axis's range as shown, in its own units (log10 of the loss on a log axis)."""
        return self.loss_panel.y_range

    def accuracy_range(self) -> tuple[float, float]:
        return self.acc_panel.y_range

    def epoch_range(self) -> tuple[float, float]:
        return self.loss_panel.x_range

    def tick_labels(self, which: str = "loss") -> list[str]:
        """The numbers an axis writes: "loss" or "accuracy" (the left axes), "epoch"."""
        if which == "epoch":
            return [label for _, label in self.acc_panel.x_ticks()]
        panel = self.loss_panel if which == "loss" else self.acc_panel
        return [label for _, label in panel.y_ticks()]

    def legend_samples(self, which: str = "loss") -> dict[str, QPointF]:
        """Where each legend entry's marker (or line) is drawn, by its text."""
        panel = self.loss_panel if which == "loss" else self.acc_panel
        return {label: box.center() for label, box in self._legend_boxes.get(panel, [])}

    def texts(self) -> list[str]:
        """Every text it writes but numbers: the axes' titles and the legends' entries."""
        return [self.loss_panel.title, self.acc_panel.title, self._x_title,
                *(text for entries in self._legends.values() for text, _ in entries)]

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
        """How many points each current curve has actually been drawn with (after `redraw`)."""
        return {name: s.drawn for name, s in (("batch_loss", self.batch_raw), ("loss", self.epoch_loss),
                                              ("val_loss", self.val_loss), ("accuracy", self.epoch_acc),
                                              ("val_accuracy", self.val_acc))}

    # ------------------------------------------------------------------ drawing

    @Slot()
    def redraw(self) -> None:
        """Draw what has come since the last call. Call from a timer, not per event: a
        frame with new batches draws their segments and repaints their strip only."""
        dirty = [s for s in self._all if s.dirty]
        if not dirty and not self._stale:
            return
        if self._stale or self._base is None or any(s.dirty for s in self._previous) or (
                not self._batches_in_range(dirty) and self._fit_ranges(dirty)):
            self.rebuild()
            return
        epochs = [(s, panel) for panel, curves in ((self.loss_panel, (self.epoch_loss, self.val_loss)),
                                                    (self.acc_panel, (self.epoch_acc, self.val_acc))) for s in curves if s.dirty]
        if epochs:  # the top layer is drawn anew (a few points), but repainted only where they came
            extents = [s.new_extent(panel) for s, panel in epochs]
            self._paint_top()
            if any(e is None for e in extents):
                self.update()
            else:
                for extent in extents:
                    if not extent.isNull():
                        self.update(extent.toAlignedRect())
        for curve in self._batch_curves:
            if curve.dirty:
                strip = self._paint_new_batches(curve)
                if strip is not None:
                    self.update(strip)

    def rebuild(self) -> None:
        """Draw every layer anew from the points (a resize, a new range, a new run)."""
        self._build_layers()
        self.update()

    def _build_layers(self) -> None:
        self._stale = False
        if self.width() <= 0 or self.height() <= 0:
            return
        self._lay_out(AXIS_WIDTH)
        self._fit_ranges()
        left = self._axis_width()
        if left > AXIS_WIDTH:  # long numbers (a blown-up loss): the plots make room for them
            self._lay_out(left)
            self._fit_ranges()
        ratio = self.devicePixelRatioF()
        self._base = _image(self.size(), ratio, WHITE)
        painter = QPainter(self._base)
        for panel in self._panels:
            self._paint_axes(painter, panel, title=panel is self.acc_panel)
        if self._has_previous:
            with _clipped(painter, self.loss_panel.area):
                for s in (self.prev_batch, self.prev_loss, self.prev_val_loss):
                    s.paint(painter, self.loss_panel)
            with _clipped(painter, self.acc_panel.area):
                for s in (self.prev_acc, self.prev_val_acc):
                    s.paint(painter, self.acc_panel)
        painter.end()
        for curve in self._batch_curves:
            self._layers[curve] = _image(self.loss_panel.area.size(), ratio, Qt.GlobalColor.transparent)
            curve.drawn = 0
            self._paint_new_batches(curve)
        for s in self._previous:
            s.dirty = False
        self._top = _image(self.size(), ratio, Qt.GlobalColor.transparent)
        self._paint_top()
        legends = {panel: self._paint_legend(panel) for panel in self._panels}
        self._legend = [(where, image) for where, image, _ in legends.values()]
        self._legend_boxes = {panel: boxes for panel, (_, _, boxes) in legends.items()}

    def _lay_out(self, left: int) -> None:
        """Place the two plots: `left` pixels for the left axes, the epoch numbers under each."""
        ticks = QFontMetrics(self._tick_font).height()
        title = QFontMetrics(self.font()).height()
        under = TICK + ticks + 2  # each plot's epoch numbers
        free = self.height() - 2 * MARGIN - 2 * under - title - MARGIN
        height = max(20, free // 2)
        width = max(20, self.width() - left - 2 * MARGIN)
        self.loss_panel.area = QRect(left, MARGIN, width, height)
        self.acc_panel.area = QRect(left, MARGIN + height + under + MARGIN, width, height)

    def _axis_width(self) -> int:
        """What the left axes need: the title, turned, and the widest of their numbers."""
        metrics = QFontMetrics(self._tick_font)
        widest = max((metrics.horizontalAdvance(label) for panel in self._panels for _, label in panel.y_ticks()), default=0)
        return 2 + QFontMetrics(self.font()).height() + 4 + widest + TICK + 4

    def _paint_axes(self, painter: QPainter, panel: _Panel, title: bool) -> None:
        area = panel.area
        painter.setPen(_pen(GREY, 1))
        painter.drawLine(area.bottomLeft() + QPoint(-1, 1), area.bottomRight() + QPoint(0, 1))
        painter.drawLine(area.topLeft() + QPoint(-1, 0), area.bottomLeft() + QPoint(-1, 1))
        painter.setFont(self._tick_font)
        metrics = QFontMetrics(self._tick_font)
        for value, label in panel.y_ticks():
            y = round(float(panel.py(value)))
            painter.setPen(_pen(GREY, 1))
            painter.drawLine(area.left() - 1 - TICK, y, area.left() - 1, y)
            painter.setPen(TEXT)
            box = QRect(0, y - metrics.height() // 2, area.left() - TICK - 4, metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        for value, label in panel.x_ticks():
            x = round(float(panel.px(value)))
            painter.setPen(_pen(GREY, 1))
            painter.drawLine(x, area.bottom() + 1, x, area.bottom() + 1 + TICK)
            painter.setPen(TEXT)
            width = metrics.horizontalAdvance(label)
            painter.drawText(QRect(x - width, area.bottom() + 2 + TICK, 2 * width, metrics.height()), Qt.AlignmentFlag.AlignHCenter, label)
        painter.setFont(self.font())
        painter.setPen(TEXT)
        painter.save()  # the left title, turned to read upwards
        painter.translate(2, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRect(-area.height() // 2, 0, area.height(), QFontMetrics(self.font()).height()),
                         Qt.AlignmentFlag.AlignCenter, panel.title)
        painter.restore()
        if title:
            top = area.bottom() + 2 + TICK + metrics.height()
            painter.drawText(QRect(area.left(), top, area.width(), QFontMetrics(self.font()).height()), Qt.AlignmentFlag.AlignCenter, self._x_title)

    def _paint_new_batches(self, curve: _Curve) -> QRect | None:
        """Draw the points `curve` has gained into its layer; returns the widget's strip to
        repaint, or None."""
        layer = self._layers.get(curve)
        if layer is None:
            return None
        # From the segment before the new ones: a line ends short of its last point (flat
        # caps), and goes on through it as if drawn at once, not from its end pixel.
        first = max(0, curve.drawn - 2)
        if len(curve.data) - first < 2:
            curve.drawn, curve.dirty = len(curve.data), False
            return None
        painter = QPainter(layer)
        origin = self.loss_panel.area.topLeft()
        painter.translate(-origin.x(), -origin.y())
        drawn = curve.paint(painter, self.loss_panel, first)
        painter.end()
        if drawn.isNull():  # only gaps (a diverged loss)
            return None
        strip = drawn.adjusted(-2, -2, 2, 2).toAlignedRect().intersected(self.loss_panel.area)
        return strip if not strip.isEmpty() else None

    def _paint_top(self) -> None:
        """The per-epoch curves, drawn anew (a few points; at an epoch's end)."""
        if self._top is None:
            return
        self._top.fill(Qt.GlobalColor.transparent)
        painter = QPainter(self._top)
        with _clipped(painter, self.loss_panel.area.adjusted(-EDGE, -EDGE, EDGE, EDGE)):
            for s in (self.epoch_loss, self.val_loss):
                s.paint(painter, self.loss_panel)
        with _clipped(painter, self.acc_panel.area.adjusted(-EDGE, -EDGE, EDGE, EDGE)):
            for s in (self.epoch_acc, self.val_acc):
                s.paint(painter, self.acc_panel)
        painter.end()

    def _paint_legend(self, panel: _Panel) -> tuple[QPoint, QImage, list[tuple[str, QRectF]]]:
        """The panel's legend, top right on the loss plot (a loss falls), bottom right on the
        accuracy's (it rises), in an image of its own size; returns where it goes, the
        image, and each entry's sample box (widget pixels)."""
        entries = [(text, curve) for text, curve in self._legends[panel] if self._has_previous or curve not in self._previous]
        metrics = QFontMetrics(self._legend_font)
        row, sample, pad = max(metrics.height(), 12) // 2 * 2, 24, 5  # whole pixels: lines on a row of their own
        width = pad + sample + pad + max(metrics.horizontalAdvance(text) for text, _ in entries) + pad
        height = pad + row * len(entries) + pad
        area = panel.area
        left = area.right() - LEGEND_OFFSET - width
        top = area.top() + LEGEND_OFFSET if panel is self.loss_panel else area.bottom() - LEGEND_OFFSET - height
        image = _image(QSize(width + 1, height + 1), self.devicePixelRatioF(), Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.translate(-left, -top)
        painter.setPen(_pen(QColor(220, 220, 220), 1))
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRect(QRectF(left, top, width, height))
        painter.setFont(self._legend_font)
        boxes = []
        for i, (text, curve) in enumerate(entries):
            y = top + pad + i * row + row // 2
            box = QRectF(left + pad, y - row / 2, sample, row)
            painter.setPen(curve.pen)
            painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
            if curve.marker is not None:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                _marker(painter, curve.marker, QPointF(box.center().x(), y))
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(TEXT)
            painter.drawText(QRectF(box.right() + pad, y - row / 2, width, row), Qt.AlignmentFlag.AlignVCenter, text)
            boxes.append((text, box))
        painter.end()
        return QPoint(left, top), image, boxes

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._base is None or self._stale or self._base.devicePixelRatio() != self.devicePixelRatioF():
            self._build_layers()  # (or the window moved to a screen of another pixel ratio)
            if not event.rect().contains(self.rect()):
                self.update()  # and the rest of it, at once
        painter = QPainter(self)
        if self._base is None:
            painter.fillRect(self.rect(), WHITE)
            return
        painter.drawImage(0, 0, self._base)
        origin = self.loss_panel.area.topLeft()
        for curve in self._batch_curves:
            painter.drawImage(origin, self._layers[curve])
        painter.drawImage(0, 0, self._top)
        for where, image in self._legend:
            painter.drawImage(where, image)
        if self._hover is not None:
            self._paint_hover(painter)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.hide_hover()
        self.rebuild()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fonts()
            self._stale = True
            self.update()

    def export_png(self, path: str) -> bool:
        """Save the plots as they look now (atomically, core.io.atomic: an existing file stays
        whole on failure); False when the picture cannot be made or written."""
        from core.io.atomic import atomic_write

        hover, self._hover = self._hover, None
        data = png_bytes(self.grab())
        self._hover = hover
        if data is None:
            return False
        try:
            atomic_write(path, lambda f: f.write(data))
        except OSError:
            return False
        return True

    # ------------------------------------------------------------------ hover

    @property
    def hover_text(self) -> str:
        """The values the pointer shows now ("" when it shows none)."""
        return self._hover[2] if self._hover is not None else ""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Left and Right show the values an epoch before or after those shown (Home, End:
        the first and the last epoch), as the pointer would; Escape hides them."""
        key = event.key()
        epochs = self.epoch_loss.data.x if len(self.epoch_loss.data) else self.batch_smooth.data.x
        if key == Qt.Key.Key_Escape and self._hover is not None:
            self.hide_hover()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End) and len(epochs):
            last, whole = float(epochs[-1]), len(self.epoch_loss.data) > 0
            now = self.loss_panel.value_x(self._hover[1].x()) if self._hover is not None else None
            if key == Qt.Key.Key_Home or (now is None and key == Qt.Key.Key_Right):
                x = float(epochs[0])
            elif key == Qt.Key.Key_End or now is None:
                x = last
            else:
                step = 1.0 if whole else max(last / 20, 1e-9)
                x = min(last, max(float(epochs[0]), round(now / step) * step + (step if key == Qt.Key.Key_Right else -step)))
            middle = self.loss_panel.area.center().y()
            self.show_hover_at(QPointF(float(self.loss_panel.px(x)), middle))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.hide_hover()
        super().focusOutEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.show_hover_at(event.position())
        super().mouseMoveEvent(event)

    def show_hover_at(self, pos: QPointF) -> None:
        """Show the values at `pos` (widget pixels): a line across both plots, and a label."""
        panel = next((p for p in self._panels if QRectF(p.area).contains(pos)), None)
        text = self.values_at(panel.value_x(pos.x())) if panel is not None else ""
        if not text:
            self.hide_hover()
            return
        before = self._hover_region()
        self._hover = (panel, QPointF(pos), text, self._hover_box(panel, pos, text))
        self.update(before.united(self._hover_region()))  # where it was and where it is: not the whole plot

    def hide_hover(self) -> None:
        if self._hover is not None:
            region = self._hover_region()
            self._hover = None
            self.update(region)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.hide_hover()
        super().leaveEvent(event)

    def _hover_box(self, panel: _Panel, pos: QPointF, text: str) -> QRectF:
        """Where the label goes: beside the pointer, towards the plot's middle."""
        metrics = QFontMetrics(self.font())
        box = QRectF(metrics.boundingRect(QRect(0, 0, 2000, 2000), Qt.AlignmentFlag.AlignLeft, text)).adjusted(-4, -3, 4, 3)
        area = QRectF(panel.area)
        x = pos.x() - HOVER_GAP - box.width() if pos.x() > area.center().x() else pos.x() + HOVER_GAP
        y = pos.y() - HOVER_GAP - box.height() if pos.y() > area.center().y() else pos.y() + HOVER_GAP
        box.moveTo(x, y)
        return box

    def _hover_region(self) -> QRegion:
        if self._hover is None:
            return QRegion()
        _, pos, _, box = self._hover
        x = round(pos.x())
        line = QRect(x - 1, self.loss_panel.area.top(), 3, self.acc_panel.area.bottom() - self.loss_panel.area.top() + 1)
        return QRegion(line).united(QRegion(box.toAlignedRect().adjusted(-1, -1, 1, 1)))

    def _paint_hover(self, painter: QPainter) -> None:
        _, pos, text, box = self._hover
        painter.setPen(_pen(QColor(120, 120, 120), 1, Qt.PenStyle.DotLine))
        for p in self._panels:
            painter.drawLine(QPointF(pos.x(), p.area.top()), QPointF(pos.x(), p.area.bottom()))
        painter.setPen(_pen(QColor(200, 200, 200), 1))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRect(box)
        painter.setPen(TEXT)
        painter.setFont(self.font())
        painter.drawText(box.adjusted(4, 3, -4, -3), Qt.AlignmentFlag.AlignLeft, text)

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


def _pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # a line's last pixel is left to the piece drawn after it
    return pen


def _marker(painter: QPainter, marker: tuple[str, float, QPen, QBrush], centre: QPointF) -> QRectF:
    """Draw a curve's marker ("o" a circle, "s" a square) at `centre`; returns its box."""
    shape, size, pen, brush = marker
    painter.setPen(pen)
    painter.setBrush(brush)
    box = QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)
    if shape == "s":
        painter.drawRect(box)
    else:
        painter.drawEllipse(box)
    return box


def _image(size, ratio: float, fill) -> QImage:
    """A layer of `size` logical pixels at the screen's pixel ratio, filled with `fill`."""
    image = QImage(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(fill)
    return image


class _clipped:  # noqa: N801 (a context manager, used as a phrase)
    """``with _clipped(painter, rect):`` paints inside `rect` only."""

    def __init__(self, painter: QPainter, rect: QRect):
        self.painter, self.rect = painter, rect

    def __enter__(self):
        self.painter.save()
        self.painter.setClipRect(self.rect)

    def __exit__(self, *exc):
        self.painter.restore()


def png_bytes(picture) -> bytes | None:
    """A QPixmap or QImage encoded as PNG in memory (to be written with core.io.atomic), or None."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = picture.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data()) if ok else None


__all__ = ["LivePlot", "png_bytes"]
