"""Small 2-D datasets for watching a network draw its decision boundary.

Each `make_NAME(n_samples, noise, rng)` returns ``(x, y)``: ``x`` float32 of shape
(n_samples, 2), roughly within [-1, 1]; ``y`` int64 class labels 0 and 1, half of
each (class 0 gets the extra point when n_samples is odd). ``noise`` is the standard
deviation of Gaussian jitter added to every point, in the same units as the data, so
0 gives perfectly clean shapes and 0.3 makes them hard to tell apart. Points come
grouped by class; `load_dataset` shuffles them before splitting.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

Maker = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]


def _labels(n_samples: int) -> tuple[int, int, np.ndarray]:
    n0 = (n_samples + 1) // 2
    n1 = n_samples - n0
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    return n0, n1, y


def _finish(x: np.ndarray, y: np.ndarray, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if noise > 0:
        x = x + rng.normal(0.0, noise, size=x.shape)
    return x.astype(np.float32), y


def make_spirals(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms, each turning one and a half times around the centre."""
    n0, n1, y = _labels(n_samples)
    parts = []
    for n, phase in ((n0, 0.0), (n1, np.pi)):
        t = np.sqrt(rng.uniform(0.0, 1.0, n))  # sqrt: spread points evenly along the arm
        radius = 0.05 + 0.95 * t
        angle = 3.0 * np.pi * t + phase
        parts.append(np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]))
    return _finish(np.concatenate(parts), y, noise, rng)


def make_circles(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A ring (class 0, radius 1) around a smaller ring (class 1, radius 0.5)."""
    n0, n1, y = _labels(n_samples)
    parts = []
    for n, radius in ((n0, 1.0), (n1, 0.5)):
        angle = rng.uniform(0.0, 2.0 * np.pi, n)
        parts.append(np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]))
    return _finish(np.concatenate(parts), y, noise, rng)


def make_xor(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Four squares: class 0 where x and y have the same sign, class 1 where they differ."""
    n0, n1, y = _labels(n_samples)
    # Keep a small gap around the axes so that noise 0 gives clean quadrants.
    mag = rng.uniform(0.05, 1.0, size=(n_samples, 2))
    sx = rng.choice((-1.0, 1.0), size=n_samples)
    sy = np.where(y == 0, sx, -sx)
    x = mag * np.column_stack([sx, sy])
    return _finish(x, y, noise, rng)


def make_moons(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interlocking half circles (as scikit-learn's make_moons), rescaled to [-1, 1]."""
    n0, n1, y = _labels(n_samples)
    a0 = rng.uniform(0.0, np.pi, n0)
    a1 = rng.uniform(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(a0), np.sin(a0)])
    lower = np.column_stack([1.0 - np.cos(a1), 0.5 - np.sin(a1)])
    x = np.concatenate([upper, lower])
    # The moons span x in [-1, 2] and y in [-0.5, 1]: centre them and scale by the wider side.
    x = (x - np.array([0.5, 0.25])) / 1.5
    return _finish(x, y, noise, rng)


def make_linear(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points in the square split by a random straight line through the centre: linearly separable."""
    n0, n1, y = _labels(n_samples)
    angle = rng.uniform(0.0, 2.0 * np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])
    x = rng.uniform(-1.0, 1.0, size=(n_samples, 2))
    side = (x @ normal > 0).astype(np.int64)
    # The square is symmetric about the centre, so mirroring a point moves it to the other side.
    x[side != y] *= -1.0
    return _finish(x, y, noise, rng)


#: dataset name -> generator; `core.data.datasets` reads this
TOY_MAKERS: dict[str, Maker] = {
    "spirals": make_spirals,
    "circles": make_circles,
    "xor": make_xor,
    "moons": make_moons,
    "linear": make_linear,
}
#: what a design gets when its dataset_options leave a value out
DEFAULT_SAMPLES = 600
DEFAULT_NOISE = 0.1
#: the share of samples held out as the test set
TEST_FRACTION = 0.2


def make_toy(name: str, n_samples: int = DEFAULT_SAMPLES, noise: float = DEFAULT_NOISE, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test): the named set, shuffled and split, all from `seed`."""
    if name not in TOY_MAKERS:
        raise KeyError(name)
    if n_samples < 2:
        raise ValueError(f"a toy dataset needs at least 2 samples, got {n_samples}")
    if not noise >= 0:
        raise ValueError(f"noise must be a non-negative number, got {noise}")
    rng = np.random.default_rng(seed)
    x, y = TOY_MAKERS[name](int(n_samples), float(noise), rng)
    order = rng.permutation(len(y))
    x, y = x[order], y[order]
    n_test = max(1, int(round(len(y) * TEST_FRACTION)))
    return x[:-n_test], y[:-n_test], x[-n_test:], y[-n_test:]


__all__ = [
    "TOY_MAKERS", "DEFAULT_SAMPLES", "DEFAULT_NOISE", "TEST_FRACTION", "make_toy",
    "make_spirals", "make_circles", "make_xor", "make_moons", "make_linear",
]
