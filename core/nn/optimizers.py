"""Optimizers: how the weights move, given their gradients.

Each has one method, `step(params, grads)`, over two dicts with the same keys. It
updates the arrays in `params` *in place*: layers hold references to those very
arrays, so rebinding a name would leave the network unchanged. Any state (velocity,
running averages) is created the first time a key is seen, shaped like its parameter.

Each class's docstring gives its formula in textbook form; the element-wise
arithmetic itself is done by `core.compute.kernels` (one compiled pass per array once
training has loaded them, NumPy passes otherwise), exactly those formulas in the
arrays' dtype.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from core.compute import kernels as kernel_library
#: added to a denominator so a weight whose gradient was always 0 divides by no zero
ADAGRAD_EPS = 1e-7
#: Adam's epsilon, as in the paper and in PyTorch
ADAM_EPS = 1e-8
#: every this many steps, running state that fades to nothing is checked for subnormal
#: values, which are set to 0 (see `Adam`)
FLUSH_EVERY = 16


def _state(store: dict[str, np.ndarray], key: str, like: np.ndarray) -> np.ndarray:
    """The optimizer's state array for `key`, created as zeros the first time."""
    state = store.get(key)
    if state is None:
        state = store[key] = np.zeros_like(like)
    return state


def _tiny(w: np.ndarray):
    """The smallest normal number of `w`'s dtype: state below it is flushed to 0."""
    return np.finfo(w.dtype).tiny


class _Optimizer:
    """What the five share: the step count, and the kernels doing their arithmetic:
    those given, else `core.compute.kernels.active()` at each step."""

    def __init__(self, kernels=None):
        self._kernels = kernels
        self.t = 0

    @property
    def kernels(self):
        return self._kernels or kernel_library.active()


class SGD(_Optimizer):
    """Stochastic gradient descent: w -= lr * g."""

    def __init__(self, learning_rate: float = 0.1, *, kernels=None):
        super().__init__(kernels)
        self.learning_rate = learning_rate

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        for key, w in params.items():
            self.kernels.sgd(w, grads[key], *kernel_library.scalars(w.dtype, self.learning_rate))

    def __repr__(self) -> str:
        return f"SGD(learning_rate={self.learning_rate:g})"


class Momentum(_Optimizer):
    """SGD with a velocity that remembers past steps: v = momentum * v - lr * g; w += v."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9, *, kernels=None):
        super().__init__(kernels)
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocity: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        flush = self.t % FLUSH_EVERY == 0  # a velocity that fades to nothing (see Adam)
        for key, w in params.items():
            v = _state(self.velocity, key, w)
            lr, momentum = kernel_library.scalars(w.dtype, self.learning_rate, self.momentum)
            self.kernels.momentum(w, grads[key], v, lr, momentum, flush, _tiny(w))

    def __repr__(self) -> str:
        return f"Momentum(learning_rate={self.learning_rate:g}, momentum={self.momentum:g})"


class AdaGrad(_Optimizer):
    """Each weight's step shrinks with the sum of its squared gradients so far:
    h += g^2; w -= lr * g / (sqrt(h) + eps)."""

    def __init__(self, learning_rate: float = 0.01, *, kernels=None):
        super().__init__(kernels)
        self.learning_rate = learning_rate
        self.h: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        for key, w in params.items():
            h = _state(self.h, key, w)
            self.kernels.adagrad(w, grads[key], h, *kernel_library.scalars(w.dtype, self.learning_rate, ADAGRAD_EPS))

    def __repr__(self) -> str:
        return f"AdaGrad(learning_rate={self.learning_rate:g})"


class RMSProp(_Optimizer):
    """AdaGrad with a memory that fades: h = decay * h + (1 - decay) * g^2;
    w -= lr * g / (sqrt(h) + eps)."""

    def __init__(self, learning_rate: float = 0.001, decay: float = 0.99, *, kernels=None):
        super().__init__(kernels)
        self.learning_rate = learning_rate
        self.decay = decay
        self.h: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        flush = self.t % FLUSH_EVERY == 0  # a memory that fades to nothing (see Adam)
        for key, w in params.items():
            h = _state(self.h, key, w)
            lr, decay, rest, eps = kernel_library.scalars(w.dtype, self.learning_rate, self.decay, 1.0 - self.decay, ADAGRAD_EPS)
            self.kernels.rmsprop(w, grads[key], h, lr, decay, rest, eps, flush, _tiny(w))

    def __repr__(self) -> str:
        return f"RMSProp(learning_rate={self.learning_rate:g}, decay={self.decay:g})"


class Adam(_Optimizer):
    """Adam (Kingma & Ba, 2015): momentum plus RMSProp, with a correction for the
    running averages starting at zero. In textbook form, at step t:

        m = beta1 * m + (1 - beta1) * g            # average of the gradient
        v = beta2 * v + (1 - beta2) * g^2          # average of its square
        w -= lr * m_hat / (sqrt(v_hat) + eps)      # m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)

    This computes exactly the same thing with fewer operations per weight. It keeps
    decaying *sums* instead of averages,

        m_sum = beta1 * m_sum + g                  # = m / (1 - beta1)
        v_sum = beta2 * v_sum + g^2                # = v / (1 - beta2)

    which saves a multiplication each, and folds every constant (the bias
    corrections and those 1 - beta factors) into one scalar step size and a scaled
    eps, as the paper's section 2 suggests:

        w -= m_sum / (sqrt(v_sum) + eps') * step_size

    A weight whose gradient stays exactly 0 (the weights of a pixel that is blank
    in every image of the batch) sees its m_sum shrink by beta1 each step, until it
    falls below the smallest *normal* float (1.2e-38 in float32). Arithmetic on
    such subnormal numbers is many times slower on x86 CPUs; after four epochs of
    MNIST 3,500 of them made Adam 50 % slower. So every `FLUSH_EVERY` steps
    the m_sum values below that bound are set to 0 (v_sum shrinks a hundred
    times more slowly, and is checked every `FLUSH_EVERY`**2 steps). No weight
    changes: a step computed from such a value is smaller than 1e-30, far below
    the float32 spacing of any weight, so w - step == w either way.
    """

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, *, kernels=None):
        super().__init__(kernels)
        self.learning_rate = learning_rate
        self.beta1 = beta1
        self.beta2 = beta2
        self.m_sum: dict[str, np.ndarray] = {}
        self.v_sum: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        # m_hat = m_sum * (1 - b1) / (1 - b1^t);  sqrt(v_hat) = sqrt(v_sum) * root
        root = math.sqrt((1.0 - b2) / (1.0 - b2**self.t))
        step_size = self.learning_rate * (1.0 - b1) / (1.0 - b1**self.t) / root
        eps = ADAM_EPS / root
        flush_m = self.t % FLUSH_EVERY == 0
        flush_v = self.t % FLUSH_EVERY**2 == 0
        for key, w in params.items():
            m, v = _state(self.m_sum, key, w), _state(self.v_sum, key, w)
            self.kernels.adam(
                w, grads[key], m, v, *kernel_library.scalars(w.dtype, b1, b2, eps, step_size), flush_m, flush_v, _tiny(w),
            )

    def __repr__(self) -> str:
        return f"Adam(learning_rate={self.learning_rate:g}, beta1={self.beta1:g}, beta2={self.beta2:g})"


@dataclass(frozen=True)
class OptimizerInfo:
    """One optimizer a design can name: its class and what the spec, the checks, the race
    and the designer know about it."""

    name: str
    #: shown to the user (English; the designer translates it in context "names")
    title: str
    cls: type
    #: the learning rate a new design (or a switch to this optimizer) starts with
    default_learning_rate: float
    #: the learning rates it usually trains well with (inclusive); outside them the checks warn
    usual_learning_rates: tuple[float, float]
    #: arrays of running state it keeps per weight (for memory estimates)
    state_arrays: int
    #: hyperparameters besides the learning rate, with their defaults (all in [0, 1))
    extras: dict[str, float] = field(default_factory=dict)
    #: the learning rate for a few hundred 2-D points (larger than for MNIST: few, easy steps);
    #: choosing the optimizer in the toy playground sets it
    toy_learning_rate: float = 0.01
    #: its update rule in one line, for a tooltip (English; translated in context "names")
    tip: str = ""
    #: the colour of its curves on every plot ("#rrggbb"), and whether they are dashed
    color: str = "#444444"
    dashed: bool = False
    #: export (core.export): the same optimizer in PyTorch, as a Python expression of
    #: `parameters` and `lr`, with {extras} to fill in; "" for none (the export is refused)
    torch: str = ""


#: every optimizer, in the order they are offered and raced
OPTIMIZERS: dict[str, OptimizerInfo] = {
    o.name: o
    for o in (
        OptimizerInfo("sgd", "SGD", SGD, 0.1, (1e-4, 1.0), 0, toy_learning_rate=0.1, color="#1f77b4",
                      tip="SGD: w ← w − η·∂L/∂w. Every step is the gradient times the learning rate η.",
                      torch="torch.optim.SGD(parameters, lr=lr)"),
        OptimizerInfo("momentum", "Momentum", Momentum, 0.01, (1e-4, 0.5), 1, {"momentum": 0.9}, toy_learning_rate=0.05,
                      color="#e66e14",
                      tip="Momentum: v ← 0.9·v − η·∂L/∂w; w ← w + v. Rolls like a ball, keeping speed in a steady direction.",
                      torch="torch.optim.SGD(parameters, lr=lr, momentum={momentum!r})"),
        OptimizerInfo("adagrad", "AdaGrad", AdaGrad, 0.01, (1e-4, 0.5), 1, toy_learning_rate=0.1, color="#2ca02c",
                      tip="AdaGrad: h ← h + (∂L/∂w)²; w ← w − η·∂L/∂w / √h. Weights that have moved a lot take smaller steps.",
                      torch=f"torch.optim.Adagrad(parameters, lr=lr, eps={ADAGRAD_EPS!r})"),
        # RMSProp dashed: early on it moves almost exactly like AdaGrad and would hide it
        OptimizerInfo("rmsprop", "RMSProp", RMSProp, 0.001, (1e-5, 0.01), 1, {"decay": 0.99}, toy_learning_rate=0.01,
                      color="#9467bd", dashed=True,
                      tip="RMSProp: like AdaGrad, but h forgets old gradients, so the steps do not shrink for ever.",
                      torch=f"torch.optim.RMSprop(parameters, lr=lr, alpha={{decay!r}}, eps={ADAGRAD_EPS!r})"),
        OptimizerInfo("adam", "Adam", Adam, 0.001, (1e-5, 0.01), 2, {"beta1": 0.9, "beta2": 0.999}, toy_learning_rate=0.02,
                      color="#d62728", tip="Adam: Momentum and RMSProp together, with a correction for the first steps.",
                      torch=f"torch.optim.Adam(parameters, lr=lr, betas=({{beta1!r}}, {{beta2!r}}), eps={ADAM_EPS!r})"),
    )
}


def make_optimizer(spec):
    """A fresh optimizer (no state yet) as a design's training.optimizer (an OptimizerSpec) describes it."""
    try:
        info = OPTIMIZERS[spec.type]
    except KeyError:
        raise ValueError(f"unknown optimizer {spec.type!r} (known: {', '.join(OPTIMIZERS)})") from None
    extras = {name: spec.options.get(name, default) for name, default in info.extras.items()}
    return info.cls(spec.learning_rate, **extras)
