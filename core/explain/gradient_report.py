"""Backpropagation against numerical differentiation, layer by layer, with timings.

`compare_gradients(model, x, labels)` is `core.nn.gradcheck.check_model_gradients`
turned into a report a learner can read: one row per weight array of each layer
(its relative error and how many entries were nudged), plus how long each method
took. Backpropagation gets every gradient from one backward pass; numerical
differentiation needs two forward passes *per weight*, so it checks a sample of
entries in big layers, and the report says how long all of them would have taken.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.nn.gradcheck import EPS, TOLERANCE, check_model_gradients

#: entries nudged per weight array by default (every entry when the array is smaller)
DEFAULT_ENTRIES = 40
#: samples the check runs on by default
DEFAULT_SAMPLES = 4
#: the spread of the noise `compare_gradients(jitter=...)` adds to the samples (see there)
KINK_JITTER = 1e-2


class GradientCheckStopped(Exception):
    """`should_stop` said so: the check ended early, without a report."""


@dataclass(frozen=True)
class GradientRow:
    """One weight array: "layers.2.W" is layer 2's weights, "layers.2.b" its biases."""

    name: str
    layer: int  # index into design.layers
    param: str  # "W" or "b"
    shape: tuple[int, ...]
    checked: int  # entries compared
    relative_error: float

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def passed(self) -> bool:
        return self.relative_error < TOLERANCE


@dataclass(frozen=True)
class GradientReport:
    rows: list[GradientRow]
    samples: int
    #: seconds for one forward + backward pass (every gradient at once)
    backprop_seconds: float
    #: seconds for the numerical derivatives of the checked entries
    numerical_seconds: float
    eps: float = EPS
    tolerance: float = TOLERANCE

    @property
    def parameters(self) -> int:
        return sum(r.size for r in self.rows)

    @property
    def checked(self) -> int:
        return sum(r.checked for r in self.rows)

    @property
    def max_error(self) -> float:
        return max((r.relative_error for r in self.rows), default=0.0)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rows)

    @property
    def numerical_seconds_for_all(self) -> float:
        """How long numerical differentiation of every weight would have taken, at the measured pace."""
        return self.numerical_seconds / max(1, self.checked) * self.parameters


def hardest_samples(model, x: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Indices of the `count` samples with the largest loss (the network's worst answers).

    A well-trained network is so sure of most samples that their gradients are tiny
    (1e-8 and less); central differences cannot measure those against the rounding
    of the loss, so a check on them reports errors that are not there. The hardest
    samples have large gradients, which both methods measure well.
    """
    from core.nn.losses import LOSSES

    labels = np.asarray(labels)
    losses = LOSSES[model.design.loss].per_sample(model.predict_proba(x), labels)
    return np.argsort(-losses, kind="stable")[:count]


def compare_gradients(
    model,
    x: np.ndarray,
    labels: np.ndarray,
    *,
    entries: int | None = DEFAULT_ENTRIES,
    rng: np.random.Generator | None = None,
    should_stop: Callable[[], bool] | None = None,
    eps: float = EPS,
    jitter: float = 0.0,
) -> GradientReport:
    """Check `model`'s backward pass on the samples `x` (float64, dropout off).

    `entries` limits how many entries of each weight array are nudged (None: all).
    `should_stop` is asked before every nudge; when it returns True the check ends
    with GradientCheckStopped (a window closing need not wait for a long check). `eps` is
    the nudge (smaller ones cross fewer ReLU kinks in big networks).

    `jitter` adds that much noise (normal, from `rng`) to the samples first. Real images hold
    exact zeros (the background), and while a convolution's biases are still 0 its sums there
    are exactly 0, on ReLU's kink: nudging a bias then gives half the slope numerically and 0
    by backprop, and the check would call a right backward pass wrong. A jitter far larger
    than the nudge keeps every sum off the kink; `KINK_JITTER` is 1 % of a pixel's range.
    """
    twin = model.with_dtype(np.float64)  # never touch the caller's model
    if should_stop is not None:
        evaluate = twin.evaluate

        def evaluate_unless_stopped(*args, **kwargs):
            if should_stop():
                raise GradientCheckStopped("the gradient check was stopped")
            return evaluate(*args, **kwargs)

        twin.evaluate = evaluate_unless_stopped  # the private copy only
    x = np.asarray(x, dtype=np.float64)
    labels = np.asarray(labels)
    rng = np.random.default_rng(0) if rng is None else rng
    if jitter:
        x = x + jitter * rng.standard_normal(x.shape)

    start = time.perf_counter()
    twin.loss_and_gradients(x, labels)
    backprop = time.perf_counter() - start

    start = time.perf_counter()
    errors = check_model_gradients(twin, x, labels, samples=entries, rng=rng, eps=eps)
    total = time.perf_counter() - start
    # the check also runs one backward pass of its own: count only the nudging
    numerical = max(total - backprop, 0.0)

    rows = []
    for name, error in errors.items():
        _, index, param = name.split(".")
        shape = tuple(twin.parameters[name].shape)
        size = math.prod(shape)
        rows.append(GradientRow(name, int(index), param, shape, size if entries is None else min(entries, size), error))
    return GradientReport(rows, len(x), backprop, numerical, eps)


__all__ = ["GradientRow", "GradientReport", "GradientCheckStopped", "compare_gradients", "hardest_samples", "DEFAULT_ENTRIES", "DEFAULT_SAMPLES", "KINK_JITTER"]
