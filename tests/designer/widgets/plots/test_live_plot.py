"""The live plot: growing buffers, smoothing, previous run, log scale, hover, export,
frames that repaint only what changed, and a worker thread hammering it with signals
(PySide6 6.12.0 crashed on that)."""
import math
import threading

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication

from designer.widgets.plots.live_plot import LivePlot
from designer.widgets.plots.series import SeriesBuffer, smooth, steady_range


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


def test_a_buffers_range_follows_its_finite_points_as_they_come():
    buf = SeriesBuffer(4)
    assert buf.y_range() is None
    rng = np.random.default_rng(1)
    everything = []
    for _ in range(30):
        ys = rng.normal(size=5) * 10
        ys[rng.random(5) < 0.2] = rng.choice([np.nan, np.inf, -np.inf])
        buf.extend(np.arange(5), ys)
        everything.extend(ys)
        finite = np.array([y for y in everything if np.isfinite(y)])
        assert buf.y_range() == (finite.min(), finite.max())
        assert buf.y_range(positive=True) == (finite[finite > 0].min(), finite[finite > 0].max())
    buf.clear()
    buf.append(0.0, -1.0)
    assert buf.y_range() == (-1.0, -1.0) and buf.y_range(positive=True) is None


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
    assert "previous run" in plot.legend_samples("loss") and "previous run" in plot.legend_samples("accuracy")
    fill(plot, epochs=2, offset=0.1)
    plot.redraw()
    assert "previous run" in plot.values_at(1.0)
    plot.clear_previous()
    assert not plot.has_previous and "previous run" not in plot.legend_samples("loss")
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
    panel = plot.loss_panel
    at = QPoint(round(float(panel.px(2.0))), round(float(panel.py(0.3))))
    qtbot.mouseMove(plot, at)
    qtbot.waitUntil(lambda: "epoch 2: loss" in plot.hover_text, timeout=2000)
    image = plot.grab().toImage()  # the dotted line runs down the accuracy plot too
    column = [image.pixelColor(at.x(), y).name() for y in range(plot.acc_panel.area.top(), plot.acc_panel.area.bottom())]
    assert column.count("#787878") > 20
    plot.hide_hover()
    assert plot.hover_text == ""
    image = plot.grab().toImage()
    column = [image.pixelColor(at.x(), y).name() for y in range(plot.acc_panel.area.top(), plot.acc_panel.area.bottom())]
    assert column.count("#787878") == 0


def test_a_history_missing_some_series_is_shown_without_them(plot):
    # a model file holds the series it holds (core.io.bundle checks that they agree in length)
    plot.set_history({"loss": [1.0, 0.5], "batch_loss": [2.0, 1.5, 1.0, 0.8]})
    assert plot.point_counts()["loss"] == 2 and plot.point_counts()["val_loss"] == 0
    assert plot.point_counts()["batch_loss"] == 4


def read_number(label: str) -> float:
    """A number as an axis writes it: 0.5, 10000, 3.0×10¹⁸, 10²⁰."""
    digits = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    if "10" in label and label.translate(digits) != label:
        mantissa, _, power = label.rpartition("10")
        return float(mantissa.rstrip("×") or 1) * 10.0 ** int(power.translate(digits))
    return float(label)


def test_a_log_loss_axis_reads_true_numbers_after_a_diverged_run(plot, qtbot):
    plot.set_log_loss(True)
    plot.add_batches(np.array([0.5, 1.0]), np.array([2.0, 3e21]))
    plot.add_epoch(1, 2e21, 0.1, 1e21, 0.1)
    plot.redraw()
    plot.start_run()  # the diverged run stays, faded; the new one learns normally
    plot.add_batches(np.array([0.5, 1.0]), np.array([0.3, 0.1]))
    plot.add_epoch(1, 0.1, 0.9, 0.1, 0.9)
    plot.redraw()
    labels = plot.tick_labels("loss")
    assert "1" in labels and any(label.startswith("10") and read_number(label) >= 1e6 for label in labels)  # 10⁶, 10¹², ...
    low, high = plot.loss_range()  # log10 of the losses
    assert low <= -1 and high >= math.log10(3e21)
    assert all(10**low <= read_number(label) <= 10**high for label in labels)  # the losses themselves


def test_no_axis_writes_a_scale_factor_beside_its_title(plot, qtbot):
    """pyqtgraph wrote "loss (x1e+18)" over ticks that no longer read as losses: each number
    here is the loss it marks."""
    plot.add_batches(np.array([0.5, 1.0]), np.array([2.0, 3e18]))
    plot.add_epoch(1, 1e18, 0.1, math.nan, math.nan)
    plot.redraw()
    labels = plot.tick_labels("loss")
    assert len(labels) >= 3 and max(read_number(label) for label in labels) >= 2.5e18
    low, high = plot.loss_range()
    assert all(low <= read_number(label) <= high for label in labels)


def test_an_empty_accuracy_plot_reads_0_to_100_percent(plot, qtbot):
    qtbot.wait(20)
    low, high = plot.accuracy_range()
    assert low <= 0 and 99 <= high <= 103
    fill(plot)
    plot.redraw()
    plot.clear()
    plot.redraw()
    low, high = plot.accuracy_range()
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


def screen_pixels(widget) -> np.ndarray:
    """What the window shows now: the backing store, painted frame by frame (offscreen)."""
    image = QApplication.primaryScreen().grabWindow(widget.winId()).toImage()
    return image_pixels(image)


def image_pixels(image) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)[..., :3].copy()


def train_live(plot, epochs=3, batches=300, per_frame=7, offset=0.0):
    """A run as the Training page shows it: a few batches, a redraw and a repaint, and so on;
    `epochs` epochs, then half of one more (the last frames touch only the newest batches)."""
    rng = np.random.default_rng(0)
    plot.start_run()
    plot.set_expected_epochs(epochs + 1)
    last = 0.0
    for start in range(0, epochs * batches + batches // 2, per_frame):
        steps = np.arange(start, min(start + per_frame, epochs * batches + batches // 2)) + 1
        xs = steps / batches
        if start < epochs * batches:
            losses = 2.3 * np.exp(-2 * xs) + 0.05 + offset + 0.1 * rng.random(len(xs))
            last = losses[-1]
        else:  # within what the curve has shown already: the axis stays as it is
            losses = last + 0.01 * rng.random(len(xs))
        plot.add_batches(xs, losses)
        for step in steps[steps % batches == 0]:
            e = int(step // batches)
            plot.add_epoch(e, 2.3 * math.exp(-2 * e) + 0.1 + offset, 0.5 + 0.1 * e, 2.3 * math.exp(-2 * e) + 0.12, 0.45 + 0.1 * e)
        plot.redraw()
        QApplication.processEvents()  # the repaint of what changed, as between two frames


@pytest.mark.parametrize("log", [False, True])
def test_frame_by_frame_repaints_leave_the_same_picture_as_drawing_it_all_at_once(plot, log):
    """Each frame repaints only the strip a new batch touched: nothing is left out, no trace
    of an earlier frame stays (what the window shows is a fresh drawing of the plot, but
    for a pixel's shift where two frames' pieces of a line meet)."""
    plot.set_log_loss(log)
    train_live(plot, offset=0.2)
    train_live(plot)  # a second run, over the first one faded
    assert plot.drawn_points()["batch_loss"] == 1050
    shown = screen_pixels(plot)
    plot.rebuild()  # every layer drawn anew, at once, from the points
    drawn = image_pixels(plot.grab().toImage())
    assert shown.shape == drawn.shape
    differ = (np.abs(shown.astype(int) - drawn.astype(int)).sum(axis=-1) > 30).sum()
    assert differ < 0.02 * (drawn.sum(axis=-1) < 3 * 255).sum()
    # a few lone pixels where two pieces meet; a piece left out or left over is dozens
    assert unexplained(shown, drawn) <= 3 and unexplained(drawn, shown) <= 3


def unexplained(a: np.ndarray, b: np.ndarray) -> int:
    """Pixels where `a` differs from `b` with no pixel of its colour within 2 px in `b` (not
    a line's pixel shifted where two pieces meet: a missing or stale piece)."""
    count = 0
    for y, x in zip(*np.nonzero(np.abs(a.astype(int) - b.astype(int)).sum(axis=-1) > 30)):
        around = b[max(0, y - 2) : y + 3, max(0, x - 2) : x + 3].astype(int)
        count += not (np.abs(around - a[y, x].astype(int)).sum(axis=-1) <= 30).any()
    return count


class PaintedAreas(QObject):
    """Records the area of each paint the plot gets."""

    def __init__(self, widget):
        super().__init__()
        self.areas = []
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            self.areas.append(event.region().boundingRect())
        return False


def test_a_frame_repaints_only_the_strip_its_batches_touch(plot, qtbot):
    """What a frame costs the training is what it repaints: late in a run, the few pixels
    of the new batches, never the axes, the legend or the rest of the curves."""
    train_live(plot, epochs=2)
    qtbot.wait(50)
    painted = PaintedAreas(plot)
    area = plot.loss_panel.area
    x = 2.5
    for frame in range(40):  # to 2.97, within the 3 epochs the axis shows
        xs = x + np.arange(1, 8) / 900
        plot.add_batches(xs, 0.2 + 0.05 * np.sin(xs))  # inside the range shown
        plot.redraw()
        QApplication.processEvents()
        x = xs[-1]
    assert plot.drawn_points()["batch_loss"] == 2 * 300 + 150 + 40 * 7
    assert len(painted.areas) >= 20
    for strip in painted.areas:
        assert area.contains(strip) and strip.width() <= 12  # 7 batches of 900 an epoch: a few pixels


def test_a_long_run_draws_every_batch_and_hands_it_to_the_previous_run(plot):
    n = 1285
    xs = np.arange(1, n + 1) / 100
    plot.add_batches(xs[:128], np.ones(128))
    plot.redraw()
    plot.add_batches(xs[128:], np.linspace(1.0, 0.5, n - 128))
    plot.redraw()
    assert plot.drawn_points()["batch_loss"] == n
    before = image_pixels(plot.grab().toImage())
    plot.start_run()  # the smoothed curve becomes the previous run's, every point of it
    plot.redraw()
    assert len(plot.prev_batch.data) == n and plot.drawn_points()["batch_loss"] == 0
    after = image_pixels(plot.grab().toImage())
    left = int(min(p.x() for p in plot.legend_samples("loss").values())) - 30  # of the legend
    before, after = before[:, :left], after[:, :left]
    blue = np.all(before == (180, 119, 31), axis=-1)  # image_pixels: blue, green, red
    grey = np.all(after == (178, 178, 178), axis=-1)
    assert blue.sum() > 300 and not np.all(after == (180, 119, 31), axis=-1).any()
    assert grey.sum() >= 0.9 * blue.sum()  # the same line, faded


def test_the_loss_axis_stays_still_while_the_loss_creeps_down(plot):
    """A falling loss moves the axis a few times a run, not at every frame (each move
    repaints everything), and the axis always shows every point."""
    changes, last = 0, None
    for i in range(400):
        xs = np.array([(i + 1) / 100])
        plot.add_batches(xs, 0.05 + 2.0 * np.exp(-xs / 2))
        plot.redraw()
        low, high = plot.loss_range()
        assert low <= 0.05 + 2.0 * math.exp(-xs[0] / 2) and high >= 2.0
        changes += (low, high) != last
        last = (low, high)
    assert changes < 400 / 10  # pyqtgraph's own auto-range moves it at every frame


def test_steady_ranges_hold_the_data_on_a_round_grid():
    for low, high in [(0.0523, 2.31), (1e-4, 1e-3), (5.0, 5.0), (-1.2, 0.3), (0.0, 0.0)]:
        a, b = steady_range(low, high)
        assert a <= low <= high <= b
        assert b - a <= 2.5 * (high - low) or high == low
    assert steady_range(0.0523, 2.31) == (0.0, 2.5)
    assert steady_range(0.0611, 2.31, (0.0, 2.5)) == (0.0, 2.5)  # moving a little moves nothing
    assert steady_range(0.0611, 2.6, (0.0, 2.5)) != (0.0, 2.5)  # leaving it does
    assert steady_range(0.0611, 0.3, (0.0, 2.5)) != (0.0, 2.5)  # so does filling a small part of it


def test_the_accuracy_axis_follows_its_points(plot):
    """Accuracies of 55-80 % fill the plot once a run shows them, frame by frame (not the
    empty 0-100 % plot it started with)."""
    train_live(plot)
    low, high = plot.accuracy_range()
    assert 50.0 < low <= 55.0 and 80.0 <= high < 85.0


def test_the_legend_shows_each_marker_in_its_curve_colours_before_the_first_epoch(plot, qtbot):
    from designer.widgets.plots.colours import BLUE, ORANGE

    qtbot.wait(20)
    image = plot.grab().toImage()
    samples = plot.legend_samples("loss")
    for label, colour in (("validation, per epoch", ORANGE), ("training, per batch (smoothed)", BLUE)):
        centre = samples[label].toPoint()
        assert image.pixelColor(centre).name() == colour.name()


def test_a_dense_run_is_drawn_by_its_peaks_with_the_same_outline(show, monkeypatch):
    """A batch-size-1 run has tens of thousands of batches an epoch: drawn by each pixel
    column's lowest and highest point, it must cover the same pixels as drawn whole."""
    from designer.widgets.plots import live_plot

    rng = np.random.default_rng(0)
    n = 60_000
    xs = np.arange(1, n + 1) / 20_000
    losses = 0.5 + np.exp(-xs) + 0.3 * (rng.random(n) - 0.5) ** 3  # noisy, with rare spikes either way

    def outline(dense: int):
        monkeypatch.setattr(live_plot, "DENSE", dense)
        plot = show(LivePlot(), 700, 500)
        plot.set_expected_epochs(3)
        plot.add_batches(xs, losses)
        plot.redraw()
        area = plot.loss_panel.area
        pixels = image_pixels(plot.grab().toImage())[area.top() : area.bottom() + 1, area.left() : area.right() + 1]
        inked = (pixels.astype(int).sum(axis=-1) < 3 * 250)
        inked[:, int(min(p.x() for p in plot.legend_samples("loss").values())) - 30 - area.left() :] = False  # not the legend
        rows = np.arange(len(inked))[:, None]
        return np.where(inked, rows, 10**6).min(axis=0), np.where(inked, rows, -1).max(axis=0)

    dense = live_plot.DENSE
    whole_top, whole_bottom = outline(10**9)
    peak_top, peak_bottom = outline(dense)
    drawn = whole_bottom >= 0
    assert drawn.sum() > 300
    assert np.abs(peak_top[drawn] - whole_top[drawn]).max() <= 1
    assert np.abs(peak_bottom[drawn] - whole_bottom[drawn]).max() <= 1


def test_a_bigger_font_makes_room_for_the_axes_numbers(plot, qtbot):
    from PySide6.QtGui import QFont

    fill(plot)
    plot.redraw()
    qtbot.wait(20)
    before = plot.loss_panel.area
    font = QFont(plot.font())
    font.setPointSizeF(2 * font.pointSizeF())
    plot.setFont(font)
    qtbot.waitUntil(lambda: plot.loss_panel.area != before, timeout=2000)
    after = plot.loss_panel.area
    assert after.left() > before.left() and after.height() < before.height()  # wider numbers and title, taller rows


def test_the_arrow_keys_step_the_values_shown_epoch_by_epoch(plot, qtbot):
    """Without a mouse: Right shows the first epoch's values, then the next; End the last,
    Home the first; Escape hides them."""
    from PySide6.QtCore import Qt

    fill(plot, epochs=4)
    plot.redraw()
    plot.setFocus()
    qtbot.waitUntil(plot.hasFocus, timeout=2000)
    shown = []
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_End, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Home):
        qtbot.keyClick(plot, key)
        shown.append(next(line for line in plot.hover_text.splitlines() if line.startswith("epoch ") and ": loss" in line))
    assert [line.split(":")[0] for line in shown] == ["epoch 1", "epoch 2", "epoch 4", "epoch 4", "epoch 3", "epoch 1"]
    qtbot.keyClick(plot, Qt.Key.Key_Escape)
    assert plot.hover_text == ""
