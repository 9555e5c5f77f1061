"""The live plot's axis numbers: round values, as many as fit, written as the numbers they are."""
import math

from designer.widgets.plots.axis_ticks import linear_ticks, log_ticks, power_label


def test_linear_ticks_are_round_fit_the_axis_and_read_as_their_values():
    ticks = linear_ticks(-0.03, 1.53, 250)
    assert [label for _, label in ticks] == ["0.0", "0.5", "1.0", "1.5"]
    assert [label for _, label in linear_ticks(54.5, 80.5, 250)] == ["55", "60", "65", "70", "75", "80"]
    for low, high, pixels in [(0, 10.2, 900), (0.0012, 0.0031, 200), (-2.5, 7.5, 400), (0, 3e18, 250)]:
        ticks = linear_ticks(low, high, pixels)
        assert 2 <= len(ticks) <= pixels // 40 + 1
        assert all(low <= value <= high for value, _ in ticks)
        steps = {round(b - a, 12) for (a, _), (b, _) in zip(ticks, ticks[1:])}
        assert len({round(step / max(steps), 6) for step in steps}) == 1  # evenly spaced
    assert linear_ticks(1.0, 1.0, 300) == [] and linear_ticks(0, 1, 0) == []


def test_big_and_small_numbers_are_written_without_a_scale_beside_the_title():
    labels = [label for _, label in linear_ticks(0, 3e18, 250)]
    assert labels[-1] == "3.0×10¹⁸" and "e" not in "".join(labels)
    assert [power_label(v) for v in (0.1, 1.0, 1e4, 1e-4, 1e20, 2e-7)] == ["0.1", "1", "10000", "0.0001", "10²⁰", "2×10⁻⁷"]


def test_log_ticks_mark_powers_of_ten_and_thin_out_when_they_crowd():
    few = log_ticks(math.log10(0.08), math.log10(3), 250)
    assert [label for _, label in few] == ["0.1", "0.2", "0.5", "1", "2"]
    many = log_ticks(-1.2, 21.6, 250)
    positions = [p for p, _ in many]
    assert all(p == int(p) for p in positions) and min(b - a for a, b in zip(positions, positions[1:])) * 250 / 22.8 >= 40
    assert "10¹²" in [label for _, label in many]
