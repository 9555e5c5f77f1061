"""The schedule's sparkline: each epoch's rate as a step, from 0 up to the highest."""
import numpy as np
import pytest

from core.design import spec
from core.train.schedules import learning_rates
from designer.widgets.plots.rate_sparkline import RateSparkline


@pytest.fixture
def sparkline(show):
    return show(RateSparkline(), 240, 34)


def ink_rows(widget) -> np.ndarray:
    """Per pixel column, the topmost row of the line's blue (-1 where there is none)."""
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)[..., :3].astype(int)
    blue = np.abs(pixels - (180, 119, 31)).sum(axis=-1) < 60  # blue, green, red
    return np.where(blue.any(axis=0), blue.argmax(axis=0), -1)


def test_step_decay_is_drawn_as_stairs_and_cosine_as_a_glide(sparkline, qtbot):
    rates = learning_rates(spec.ScheduleSpec("step", {"gamma": 0.5, "step_epochs": 2}), 0.1, 6)
    sparkline.set_rates(rates)
    assert sparkline.heights() == pytest.approx([1, 1, 0.5, 0.5, 0.25, 0.25])  # halved every two epochs
    rows = ink_rows(sparkline)
    thirds = [rows[a:b][rows[a:b] >= 0] for a, b in ((10, 70), (90, 150), (170, 230))]
    assert np.median(thirds[0]) < np.median(thirds[1]) < np.median(thirds[2])  # lower and lower
    assert all(np.ptp(part) <= 1 for part in thirds)  # flat within a step
    cosine = learning_rates(spec.ScheduleSpec("cosine"), 0.1, 20)
    sparkline.set_rates(cosine)
    heights = sparkline.heights()
    assert heights[0] == 1.0 and heights[-1] < 0.01 and all(a >= b for a, b in zip(heights, heights[1:]))
    assert heights[10] == pytest.approx(cosine[10] / cosine[0])  # half way down at half way (a glide, not a fall)
    assert 0.4 < heights[10] < 0.6


def test_a_constant_rate_draws_a_flat_line_and_none_draws_nothing(sparkline):
    sparkline.set_rates([0.01] * 5)
    assert sparkline.heights() == [1.0] * 5
    rows = ink_rows(sparkline)
    assert np.ptp(rows[rows >= 0]) <= 1
    sparkline.set_rates([])
    assert sparkline.steps() == [] and (ink_rows(sparkline) < 0).all()
