"""A model's predictions on a whole test set: accuracy, mistakes, the confusion matrix.

Computed without Qt in any thread (the Test page's browser runs it in a worker);
the test set is classified chunk by chunk and can be stopped between chunks.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.data.catalog import class_names_for

@dataclass
class TestSetResults:
    """A model's predictions on a whole test set."""

    __test__ = False  # not a pytest class

    title: str
    images: np.ndarray  # uint8 (N, H, W): the pictures, for showing ((N, 1, 1) for a table's rows)
    #: class names in English, from the dataset (the designer words them in the user's language)
    true: np.ndarray  # int (N,)
    predicted: np.ndarray  # int (N,)
    confidence: np.ndarray  # float (N,): the probability of the predicted class
    class_names: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.true)

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.true == self.predicted)) if self.count else float("nan")

    def confusion(self) -> np.ndarray:
        n = len(self.class_names)
        m = np.zeros((n, n), dtype=np.int64)
        np.add.at(m, (self.true, self.predicted), 1)
        return m

    def per_class_accuracy(self) -> np.ndarray:
        m = self.confusion()
        totals = m.sum(axis=1)
        return np.divide(np.diag(m), totals, out=np.zeros(len(totals)), where=totals > 0)

    def select(self, *, mistakes_only: bool = False, cell: tuple[int, int] | None = None, sort: str = "index") -> np.ndarray:
        """Indices of the images to show. sort: "index", "confident" (most first) or "unsure" (least first)."""
        keep = np.ones(self.count, dtype=bool)
        if mistakes_only:
            keep &= self.true != self.predicted
        if cell is not None:
            keep &= (self.true == cell[0]) & (self.predicted == cell[1])
        rows = np.flatnonzero(keep)
        if sort == "confident":
            rows = rows[np.argsort(-self.confidence[rows], kind="stable")]
        elif sort == "unsure":
            rows = rows[np.argsort(self.confidence[rows], kind="stable")]
        return rows


def classify_test_set(bundle, dataset, should_stop=None) -> TestSetResults:
    """Run the bundle's model over the dataset's test set (no Qt; any thread).

    `should_stop` (a callable) is asked between chunks; when it says True,
    core.nn.predictor.PredictionStopped is raised.
    """
    from core.nn.predictor import Predictor

    predictor = Predictor(bundle)
    probs = predictor.dataset_probabilities(dataset.x_test, should_stop=should_stop)
    classes = probs.shape[1]
    true = np.asarray(dataset.y_test, dtype=np.int64)
    if true.size and true.max() >= classes:
        raise ValueError(f"{dataset.title} has labels up to {int(true.max())}, but this model has {classes} outputs")
    predicted = probs.argmax(axis=1)
    return TestSetResults(
        title=dataset.title,
        images=_pictures(dataset) if predictor.takes_images else np.zeros((len(true), 1, 1), dtype=np.uint8),
        true=true,
        predicted=predicted,
        confidence=probs[np.arange(len(predicted)), predicted],
        class_names=tuple(class_names_for(bundle.design.dataset, classes)),
    )


def _pictures(dataset) -> np.ndarray:
    """The test pictures as (N, H, W) grey uint8: colour ones averaged over their channels."""
    x = np.asarray(dataset.x_test)
    if x.ndim == 4 and x.shape[1] > 1:
        return x.mean(axis=1).round().astype(np.uint8)
    return x.reshape(len(x), *_picture_shape(x.shape[1:]))


def _picture_shape(shape: tuple[int, ...]) -> tuple[int, int]:
    """(H, W) of one stored sample: (1, 28, 28) and (784,) are both 28 x 28 pictures."""
    if len(shape) >= 2:
        return shape[-2], shape[-1]
    side = math.isqrt(shape[0])
    return (side, side) if side * side == shape[0] else (1, shape[0])


__all__ = ["TestSetResults", "classify_test_set"]
