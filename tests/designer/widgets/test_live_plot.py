"""The live plot: growing buffers, smoothing, previous run, log scale, hover, export,
and a worker thread hammering it with signals (PySide6 6.12.0 crashed on that)."""
import math
import threading

import numpy as np
import pytest
from PySide6.QtCore import QObject, QThread, Signal, Slot

from designer.widgets.live_plot import LivePlot, SeriesBuffer, smooth


def test_buffer_doubles_and_keeps_values():
    buf = SeriesBuffer(4)
    for i in range(10):
        buf.append(i, i * i)
    assert len(buf) == 10 and buf.capacity == 16
    assert buf.x.tolist() == list(range(10))
    buf.extend(np.arange(10, 50), np.arange(10, 50) ** 2)
    assert len(buf) == 50 and buf.capacity == 64
    assert np.array_equal(buf.y, np.arange(50) ** 2)
    copy = buf.copy()
    buf.clear()
    assert len(buf) == 0 and len(copy) == 50


def test_smoothing_is_bias_corrected_continuable_and_skips_nan():
    values = np.array([1.0, 1.0, 1.0, 1.0])
    out, _ = smooth(values)
    assert np.allclose(out, 1.0)  # no warm-up bias towards 0
    a, state = smooth(np.array([3.0, 1.0]))
    b, _ = smooth(np.array([2.0, math.nan, 5.0]), state)
    whole, _ = smooth(np.array([3.0, 1.0, 2.0, 5.0]))
    assert math.isnan(b[1])
    assert np.allclose([*a, b[0], b[2]], whole)


@pytest.fixture
def plot(show):
    return show(LivePlot(), 700, 500)


def fill(plot, epochs=3, batches=50, offset=0.0):
    for e in range(1, epochs + 1):
        xs = e - 1 + np.arange(1, batches + 1) / batches
        plot.add_batches(xs, 2.0 * np.exp(-xs) + offset)
        plot.add_epoch(e, 2.0 * math.exp(-e) + offset, 1 - math.exp(-e), 2.1 * math.exp(-e), 0.9 - math.exp(-e))


def test_points_reach_curves_only_on_redraw(plot):
    fill(plot)
    assert plot.point_counts()["batch_loss"] == 150
    assert plot.drawn_points()["batch_loss"] == 0  # buffered, not yet drawn
    plot.redraw()
    assert plot.drawn_points() == {"batch_loss": 150, "loss": 3, "val_loss": 3, "accuracy": 3, "val_accuracy": 3}


def test_nan_validation_is_skipped(plot):
    plot.add_epoch(1, 0.5, 0.8, math.nan, math.nan)
    assert plot.point_counts()["loss"] == 1 and plot.point_counts()["val_loss"] == 0


def test_new_run_keeps_previous_faded_until_cleared(plot):
    fill(plot)
    plot.start_run()
    assert plot.has_previous
    assert plot.point_counts()["loss"] == 0 and plot.point_counts()["previous_loss"] == 3
    assert plot.prev_loss.item.isVisible()
    fill(plot, epochs=2, offset=0.1)
    plot.redraw()
    assert "previous run" in plot.values_at(1.0)
    plot.clear_previous()
    assert not plot.has_previous and not plot.prev_loss.item.isVisible()
    assert plot.point_counts()["previous_loss"] == 0


def test_log_scale_hover_and_png_export(plot, tmp_path):
    fill(plot)
    plot.redraw()
    plot.set_log_loss(True)
    assert plot.log_loss
    text = plot.values_at(2.2)
    assert "epoch 2: loss" in text and "validation" in text
    path = tmp_path / "curves.png"
    assert plot.export_png(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


class _Emitter(QObject):
    batch = Signal(object, object)


class _Receiver(QObject):
    """Lives in the GUI thread; redraws on every signal on purpose, to stress the plot."""

    def __init__(self, plot):
        super().__init__()
        self.plot = plot
        self.count = 0
        self.threads = set()

    @Slot(object, object)
    def on_batch(self, xs, losses):
        self.threads.add(threading.get_ident())
        self.plot.add_batches(xs, losses)
        self.plot.redraw()
        self.count += 1


def test_a_thousand_signals_from_a_worker_thread(plot, qtbot):
    """Regression guard for the next PySide6 upgrade: 6.12.0 crashed after a few hundred updates."""
    receiver = _Receiver(plot)
    emitter = _Emitter()
    emitter.batch.connect(receiver.on_batch)
    n = 1000

    class Pump(QThread):
        def run(self):
            for i in range(n):
                x = np.array([i / 100.0])
                emitter.batch.emit(x, np.array([1.0 / (1.0 + i)]))

    pump = Pump()
    pump.start()
    qtbot.waitUntil(lambda: receiver.count == n, timeout=20_000)
    assert pump.wait(5000)
    assert receiver.threads == {threading.get_ident()}  # every update ran in the GUI thread
    assert plot.drawn_points()["batch_loss"] == n


def test_hovering_shows_the_values_under_the_mouse(plot, qtbot):
    fill(plot)
    plot.redraw()
    qtbot.wait(50)
    vb = plot.loss_plot.vb
    pos = vb.mapViewToScene(pg_point(2.0, 0.3))
    plot.view.scene().sigMouseMoved.emit(pos)
    qtbot.waitUntil(lambda: plot._hover_text.isVisible(), timeout=2000)
    assert "epoch 2: loss" in plot._hover_text.textItem.toPlainText()
    assert all(line.isVisible() for line in plot._hover_lines)
    plot.hide_hover()
    assert not plot._hover_text.isVisible()


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_a_history_missing_some_series_is_shown_without_them(plot):
    # a model file holds the series it holds (core.io.bundle checks that they agree in length)
    plot.set_history({"loss": [1.0, 0.5], "batch_loss": [2.0, 1.5, 1.0, 0.8]})
    assert plot.point_counts()["loss"] == 2 and plot.point_counts()["val_loss"] == 0
    assert plot.point_counts()["batch_loss"] == 4


def tick_label(axis, value: float) -> str:
    """What the axis writes at `value` (a loss, on a log axis at log10 of it), as it draws its ticks."""
    position = math.log10(value) if axis.logMode else value
    return axis.tickStrings([position], axis.autoSIPrefixScale * axis.scale, 1.0)[0]


def test_a_log_loss_axis_reads_true_numbers_after_a_diverged_run(plot, qtbot):
    plot.set_log_loss(True)
    plot.add_batches(np.array([0.5, 1.0]), np.array([2.0, 3e21]))
    plot.add_epoch(1, 2e21, 0.1, 1e21, 0.1)
    plot.redraw()
    plot.start_run()  # the diverged run stays, faded; the new one learns normally
    plot.add_batches(np.array([0.5, 1.0]), np.array([0.3, 0.1]))
    plot.add_epoch(1, 0.1, 0.9, 0.1, 0.9)
    plot.redraw()
    qtbot.wait(20)
    axis = plot.loss_plot.getAxis("left")
    assert "x1e" not in axis.labelString() and "(x" not in axis.labelString()
    assert tick_label(axis, 0.1) == "0.1"
    assert tick_label(axis, 1.0) == "1"
    assert tick_label(axis, 1e20) == "10²⁰"


def test_no_axis_writes_a_scale_factor_beside_its_title(plot, qtbot):
    plot.add_batches(np.array([0.5, 1.0]), np.array([2.0, 3e18]))
    plot.add_epoch(1, 1e18, 0.1, math.nan, math.nan)
    plot.redraw()
    qtbot.wait(20)
    for axis in (plot.loss_plot.getAxis("left"), plot.acc_plot.getAxis("bottom")):
        assert "(x" not in axis.labelString()
        assert axis.autoSIPrefixScale == 1.0


def test_an_empty_accuracy_plot_reads_0_to_100_percent(plot, qtbot):
    qtbot.wait(20)
    low, high = plot.acc_plot.vb.viewRange()[1]
    assert low <= 0 and 99 <= high <= 103
    fill(plot)
    plot.redraw()
    plot.clear()
    plot.redraw()
    low, high = plot.acc_plot.vb.viewRange()[1]
    assert low <= 0 and 99 <= high <= 103


def test_a_png_export_that_cannot_be_written_leaves_the_old_file_whole(plot, tmp_path):
    """Written with core.io.atomic, as every file LayerLab saves: never through a link, never half."""
    fill(plot)
    plot.redraw()
    old = tmp_path / "old.png"
    old.write_bytes(b"the old picture")
    link = tmp_path / "link.png"
    link.symlink_to(old)
    assert not plot.export_png(str(link))
    assert link.is_symlink() and old.read_bytes() == b"the old picture"
    assert not plot.export_png(str(tmp_path / "no such folder" / "curves.png"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.png", "old.png"]  # no temporary file left
