"""Loss functions: how wrong the network's outputs are, and in which direction to move.

Targets are integer class labels (0 .. classes-1); each loss turns them into
one-hot rows internally. Every loss is the *mean over the batch*, so its gradient
carries a 1 / batch factor and the learning rate does not depend on the batch size.

A loss object has `forward(outputs, labels) -> float` and `backward() -> gradient
with respect to outputs`, like a layer whose backward starts the chain.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.compute import kernels
from core.nn.layers import softmax

#: probabilities are clipped to at least this before a log, so log(0) cannot occur
PROBABILITY_FLOOR = 1e-12


def one_hot(labels: np.ndarray, classes: int, dtype=np.float32) -> np.ndarray:
    """Row i has a 1 in column labels[i] and 0 elsewhere."""
    t = np.zeros((len(labels), classes), dtype=dtype)
    t[np.arange(len(labels)), labels] = 1
    return t


def cross_entropy(p: np.ndarray, labels: np.ndarray) -> float:
    """Mean of -log(probability given to the right class): 0.7 costs 0.357, 0.2 costs 1.609."""
    p = np.asarray(p)
    p = p.reshape(1, -1) if p.ndim == 1 else p
    labels = np.atleast_1d(np.asarray(labels))
    right = p[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.maximum(right, PROBABILITY_FLOOR))))


def mean_squared_error(y: np.ndarray, labels: np.ndarray) -> float:
    """0.5 * sum over classes of (y - t)^2, averaged over the batch (t one-hot)."""
    t = one_hot(labels, y.shape[1], y.dtype)
    return float(0.5 * np.sum((y - t) ** 2) / len(y))


class SoftmaxCrossEntropy:
    """Softmax and cross-entropy in one step, on the last layer's weighted sums (logits).

    Fused, the gradient is simply (probabilities - one_hot) / batch, and the log of
    a probability is computed as logit - log(sum(exp(logits))) without ever taking
    the log of a tiny number.
    """

    def forward(self, logits: np.ndarray, labels: np.ndarray) -> float:
        # (core.compute.kernels: the max, exp, sum and log of each row in one pass)
        loss, self.probs = kernels.active().softmax_cross_entropy(logits, labels)
        self.labels = labels
        return loss

    def backward(self) -> np.ndarray:
        # (probs - one_hot(labels)) / batch
        return kernels.active().softmax_cross_entropy_gradient(self.probs, self.labels)

    def __repr__(self) -> str:
        return "SoftmaxCrossEntropy()"


class CrossEntropy:
    """Cross-entropy on outputs that are already probabilities (when the last layer
    is not a plain softmax). Prefer `SoftmaxCrossEntropy`, which is exact and stable."""

    def forward(self, p: np.ndarray, labels: np.ndarray) -> float:
        self.p = np.maximum(p, PROBABILITY_FLOOR)
        self.labels = labels
        return cross_entropy(self.p, labels)

    def backward(self) -> np.ndarray:
        # d(-log p_right)/dp is -1/p_right in the right column, 0 elsewhere
        n = len(self.p)
        rows = np.arange(n)
        grad = np.zeros_like(self.p)
        grad[rows, self.labels] = -1.0 / (self.p[rows, self.labels] * n)
        return grad

    def __repr__(self) -> str:
        return "CrossEntropy()"


class MeanSquaredError:
    """The textbook squared error, 0.5 * sum((y - t)^2) per sample, averaged over the batch.

    The 0.5 cancels the 2 of the derivative, so the gradient is (y - t) / batch.
    (PyTorch's MSELoss instead averages over every element, without the 0.5.)
    """

    def forward(self, y: np.ndarray, labels: np.ndarray) -> float:
        self.diff = y - one_hot(labels, y.shape[1], y.dtype)
        return float(0.5 * np.sum(self.diff * self.diff) / len(y))

    def backward(self) -> np.ndarray:
        return self.diff / len(self.diff)

    def __repr__(self) -> str:
        return "MeanSquaredError()"


@dataclass(frozen=True)
class Loss:
    """One loss a design can name: everything the spec, model, checks, inspector and
    designer need to know about it."""

    name: str
    #: shown to the user (English; the designer translates it in context "names")
    title: str
    tip: str
    #: the loss on probabilities or outputs, for any last layer
    make: Callable[[], object]
    #: L and ∂L/∂y as the inspector writes them
    formula: str
    gradient_formula: str
    #: the last activation whose outputs this loss needs ("" for any); with it, the
    #: model trains on the logits with `fused` instead (∂L/∂z = y − t)
    needs_output: str = ""
    fused: Callable[[], object] | None = None
    #: a last activation this loss works with, but badly (a warning in the checks)
    poor_with_output: str = ""
    #: its name inside a sentence ("Loss L (cross-entropy)"), and what it measures in a few
    #: sentences: the inspector's loss step (English; translated in context "names")
    word: str = ""
    explanation: str = ""
    #: export (core.export): the loss in PyTorch, as a Python expression of `outputs` (the last
    #: activation's) and `labels`, and with `fused` of `logits` and `labels` (one sentence each
    #: says how it matches this one); "" for none (the export is refused, naming it)
    torch: str = ""
    torch_fused: str = ""
    torch_note: str = ""
    #: each sample's loss, from the outputs y (N, classes) and the labels: to find the hardest samples
    per_sample: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    #: the inspector's arithmetic for one sample, from (y, t, label, L) and, for the gradient,
    #: (y, t, ∂L/∂y): lines such as "L = −log 0.7 = 0.357"
    worked: Callable[[np.ndarray, np.ndarray, int, float], tuple[str, ...]] | None = None
    worked_gradient: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[str, ...]] | None = None


def _cross_entropy_per_sample(y: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return -np.log(np.maximum(y[np.arange(len(labels)), labels], 1e-300))


def _squared_error_per_sample(y: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return 0.5 * np.sum((y - one_hot(labels, y.shape[1], y.dtype)) ** 2, axis=1)


def _worked_cross_entropy(y, t, label, loss):
    from core.explain.numbers import number

    return (f"L = −log {number(float(y[label]))} = {number(loss)}",)


def _worked_cross_entropy_gradient(y, t, g):
    from core.explain.numbers import number, sub

    k = int(np.argmax(t))  # only the right class has a gradient; numbered as the classes
    return (f"∂L/∂y{sub(k)} = −1 / {number(y[k])} = {number(g[k])}", "∂L/∂yₖ = 0 for every other k")


def _worked_squared_error(y, t, label, loss):
    from core.explain.numbers import number
    from core.explain.steps import WORKED_MAX_CLASSES

    if y.size > WORKED_MAX_CLASSES:  # a sum of that many squares would not be read
        return ()
    terms = " + ".join(f"({number(y[k])} − {number(t[k])})²" for k in range(y.size))
    return (f"L = ½ × ({terms}) = {number(loss)}",)


def _worked_squared_error_gradient(y, t, g):
    from core.explain.numbers import number, sub

    return tuple(f"∂L/∂y{sub(k)} = {number(y[k])} − {number(t[k])} = {number(g[k])}" for k in range(y.size))


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("cross_entropy", "Cross-entropy", "The usual loss for classification, paired with softmax",
             CrossEntropy, "L = −Σₖ tₖ log yₖ", "∂L/∂y = −t / y", needs_output="softmax", fused=SoftmaxCrossEntropy,
             torch=f"-torch.log(outputs.gather(1, labels[:, None]).clamp_min({PROBABILITY_FLOOR!r})).mean()",
             torch_fused="nn.functional.cross_entropy(logits, labels)",
             torch_note="the mean over the batch of −log(the probability of the right class)",
             per_sample=_cross_entropy_per_sample, worked=_worked_cross_entropy, worked_gradient=_worked_cross_entropy_gradient,
             word="cross-entropy",
             explanation="Cross-entropy: minus the log of the output for the right class (t is 1 there and 0 elsewhere, "
                         "so only that term counts). A confident right answer costs almost nothing, a confident wrong one a lot."),
        Loss("mse", "Mean squared error", "The average squared difference from the one-hot target",
             MeanSquaredError, "L = ½ Σₖ (yₖ − tₖ)²", "∂L/∂y = y − t", poor_with_output="softmax",
             torch="0.5 * (outputs - nn.functional.one_hot(labels, outputs.shape[1]).to(outputs.dtype)).pow(2).sum(dim=1).mean()",
             torch_note="0.5 · Σ (y − t)² per sample, averaged over the batch (not nn.MSELoss, which averages over every number)",
             per_sample=_squared_error_per_sample, worked=_worked_squared_error, worked_gradient=_worked_squared_error_gradient,
             word="squared error",
             explanation="Squared error: half the sum of the squared differences between the outputs y and the target t "
                         "(1 for the right class, 0 for the others)."),
    )
}


__all__ = [
    "Loss", "LOSSES",
    "PROBABILITY_FLOOR", "one_hot", "softmax", "cross_entropy", "mean_squared_error",
    "SoftmaxCrossEntropy", "CrossEntropy", "MeanSquaredError",
]
