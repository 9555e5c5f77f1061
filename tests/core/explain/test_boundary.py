"""Decision boundaries: the grid, its colours, XOR with and without a hidden layer."""
import time

import numpy as np
import pytest

from core.data.datasets import load_dataset
from core.design import spec
from core.explain.boundary import (
    DEFAULT_EXTENT,
    class_probabilities,
    data_extent,
    decision_grid,
    grid_points,
    probability_colors,
    train_watching_boundary,
)
from core.nn.model import build_model
from core.nn.optimizers import make_optimizer
from core.train.loop import train_design

from tests.conftest import EXAMPLES


def test_grid_points_are_pixel_centres_rows_going_up():
    p = grid_points((-1, 1, -2, 2), 4)
    assert p.shape == (16, 2)
    np.testing.assert_allclose(p[:4, 0], [-0.75, -0.25, 0.25, 0.75])
    np.testing.assert_allclose(p[::4, 1], [-1.5, -0.5, 0.5, 1.5])


def test_decision_grid_is_fast_enough_to_animate():
    model = build_model(spec.load(EXAMPLES / "spirals.json"))
    grid = decision_grid(model, DEFAULT_EXTENT, 100)
    assert grid.shape == (100, 100, 2)
    np.testing.assert_allclose(grid.sum(axis=-1), 1.0, rtol=1e-5)
    # the grid matches asking for one point: row i, column j is (x_j, y_i)
    xy = grid_points(DEFAULT_EXTENT, 100).reshape(100, 100, 2)[10, 70]
    np.testing.assert_allclose(grid[10, 70], model.predict_proba(xy[None])[0], rtol=1e-5)
    start = time.perf_counter()
    for _ in range(10):
        decision_grid(model, DEFAULT_EXTENT, 100)
    assert (time.perf_counter() - start) / 10 < 0.05  # well within a 10 Hz redraw


def test_colours_blend_by_probability():
    grid = np.array([[[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]])
    rgb = probability_colors(grid)
    assert rgb.shape == (1, 3, 3) and rgb.dtype == np.uint8
    assert tuple(rgb[0, 1]) == (255, 255, 255)  # unsure: white
    assert rgb[0, 0, 2] > rgb[0, 0, 0]  # class 0 is blue
    assert rgb[0, 2, 0] > rgb[0, 2, 2]  # class 1 is orange
    # sigmoid outputs that do not sum to 1 are shared out
    np.testing.assert_allclose(class_probabilities(np.array([[0.2, 0.6]])), [[0.25, 0.75]])


def test_data_extent_covers_the_points():
    x = np.array([[-0.5, 2.0], [1.5, -1.0]])
    x0, x1, y0, y1 = data_extent(x)
    assert x0 < -0.5 and x1 > 1.5 and y0 < -1.0 and y1 > 2.0
    assert x1 - x0 == pytest.approx(y1 - y0)


def accuracy(name: str) -> float:
    design = spec.load(EXAMPLES / name)
    data = load_dataset(design.dataset, options=design.dataset_options, seed=design.training.seed)
    return train_design(design, data).result.test_accuracy


def test_xor_is_not_learned_without_a_hidden_layer():
    # one layer draws one straight line, and no straight line separates XOR
    assert accuracy("xor_single_layer.json") < 0.80


def test_xor_is_learned_with_a_hidden_layer():
    assert accuracy("xor_hidden.json") > 0.95


def test_the_boundary_changes_while_training():
    design = spec.load(EXAMPLES / "moons.json")
    data = load_dataset("moons", options=design.dataset_options, seed=0)
    model = build_model(design)
    frames = []
    result = train_watching_boundary(
        model, make_optimizer(design.training.optimizer), data, epochs=20, batch_size=16,
        rng=np.random.default_rng(0), resolution=40, every_seconds=0.0, callback=frames.append,
    )
    assert result.status == "completed"
    assert len(frames) > 10 and frames[-1].final and not frames[0].final
    first, last = frames[0].grid, frames[-1].grid
    assert first.shape == (40, 40, 2)
    assert np.abs(last - first).max() > 0.3  # the picture changed a lot
    changes = [np.abs(b.grid - a.grid).max() for a, b in zip(frames, frames[1:])]
    assert sum(c > 1e-4 for c in changes) > len(changes) // 2  # and kept changing
    assert result.test_accuracy > 0.9
    assert frames[-1].accuracy == result.history.accuracy[-1]


def test_grids_can_be_wider_than_high():
    model = build_model(spec.load(EXAMPLES / "moons.json"))
    grid = decision_grid(model, (-3, 3, -1, 1), (60, 20))
    assert grid.shape == (20, 60, 2)
    p = grid_points((-3, 3, -1, 1), (60, 20))
    assert p[0, 0] == pytest.approx(-2.95) and p[0, 1] == pytest.approx(-0.95)
    x0, x1, y0, y1 = data_extent(np.array([[-1.0, -1.0], [1.0, 1.0]]), aspect=2.0)
    assert (x1 - x0) == pytest.approx(2 * (y1 - y0))
