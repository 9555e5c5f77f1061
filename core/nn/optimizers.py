"""Optimizers: how the weights move, given their gradients.

Each has one method, `step(params, grads)`, over two dicts with the same keys. It
updates the arrays in `params` *in place*: layers hold references to those very
arrays, so rebinding a name would leave the network unchanged. Any state (velocity,
running averages) is created the first time a key is seen, shaped like its parameter.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

#: added to a denominator so a weight whose gradient was always 0 divides by no zero
ADAGRAD_EPS = 1e-7
#: Adam's epsilon, as in the paper and in PyTorch
ADAM_EPS = 1e-8
#: every this many steps Adam sets subnormal values of its running sums to 0 (see `Adam`)
FLUSH_EVERY = 16
#: Adam works through large arrays in slices of this many numbers (see `Adam`)
SLICE = 65536


def _state(store: dict[str, np.ndarray], key: str, like: np.ndarray) -> np.ndarray:
    """The optimizer's state array for `key`, created as zeros the first time."""
    state = store.get(key)
    if state is None:
        state = store[key] = np.zeros_like(like)
    return state


class SGD:
    """Stochastic gradient descent: w -= lr * g."""

    def __init__(self, learning_rate: float = 0.1):
        self.learning_rate = learning_rate

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        for key, w in params.items():
            w -= self.learning_rate * grads[key]

    def __repr__(self) -> str:
        return f"SGD(learning_rate={self.learning_rate:g})"


class Momentum:
    """SGD with a velocity that remembers past steps: v = momentum * v - lr * g; w += v."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocity: dict[str, np.ndarray] = {}
        self.t = 0

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        for key, w in params.items():
            v = _state(self.velocity, key, w)
            v *= self.momentum
            v -= self.learning_rate * grads[key]
            w += v
            if self.t % FLUSH_EVERY == 0:  # a velocity that fades to nothing (see Adam)
                _flush_subnormal(v)

    def __repr__(self) -> str:
        return f"Momentum(learning_rate={self.learning_rate:g}, momentum={self.momentum:g})"


class AdaGrad:
    """Each weight's step shrinks with the sum of its squared gradients so far:
    h += g^2; w -= lr * g / (sqrt(h) + eps)."""

    def __init__(self, learning_rate: float = 0.01):
        self.learning_rate = learning_rate
        self.h: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        for key, w in params.items():
            g, h = grads[key], _state(self.h, key, w)
            h += g * g
            w -= self.learning_rate * g / (np.sqrt(h) + ADAGRAD_EPS)

    def __repr__(self) -> str:
        return f"AdaGrad(learning_rate={self.learning_rate:g})"


class RMSProp:
    """AdaGrad with a memory that fades: h = decay * h + (1 - decay) * g^2."""

    def __init__(self, learning_rate: float = 0.001, decay: float = 0.99):
        self.learning_rate = learning_rate
        self.decay = decay
        self.h: dict[str, np.ndarray] = {}
        self.t = 0

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        for key, w in params.items():
            g, h = grads[key], _state(self.h, key, w)
            h *= self.decay
            h += (1.0 - self.decay) * g * g
            w -= self.learning_rate * g / (np.sqrt(h) + ADAGRAD_EPS)
            if self.t % FLUSH_EVERY == 0:  # a memory that fades to nothing (see Adam)
                _flush_subnormal(h)

    def __repr__(self) -> str:
        return f"RMSProp(learning_rate={self.learning_rate:g}, decay={self.decay:g})"


class Adam:
    """Adam (Kingma & Ba, 2015): momentum plus RMSProp, with a correction for the
    running averages starting at zero. In textbook form, at step t:

        m = beta1 * m + (1 - beta1) * g            # average of the gradient
        v = beta2 * v + (1 - beta2) * g^2          # average of its square
        w -= lr * m_hat / (sqrt(v_hat) + eps)      # m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)

    Adam's element-wise work is the largest cost of a training step after the
    matrix products, so this computes exactly the same thing in fewer passes over
    memory. It keeps decaying *sums* instead of averages,

        m_sum = beta1 * m_sum + g                  # = m / (1 - beta1)
        v_sum = beta2 * v_sum + g^2                # = v / (1 - beta2)

    which saves a multiplication each, and folds every constant (the bias
    corrections and those 1 - beta factors) into one scalar step size and a scaled
    eps, as the paper's section 2 suggests. Each pass writes into one reused
    scratch array instead of allocating temporaries, and g^2 is `np.square(g)`:
    the same numbers as g * g, but NumPy's one-input loop runs twice as fast.

    The ten passes are memory-bound: a model's arrays (w, g, m, v, scratch) are
    larger than the CPU's L2 cache, so each pass would fetch them again from
    further away. Large arrays are therefore updated `SLICE` numbers at a time
    (5 x 256 KB in float32, which fits in L2), all ten passes per slice, with
    one slice-sized scratch array.

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

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999):
        self.learning_rate = learning_rate
        self.beta1 = beta1
        self.beta2 = beta2
        self.t = 0
        self.m_sum: dict[str, np.ndarray] = {}
        self.v_sum: dict[str, np.ndarray] = {}
        self._scratch: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        # m_hat = m_sum * (1 - b1) / (1 - b1^t);  sqrt(v_hat) = sqrt(v_sum) * root
        root = math.sqrt((1.0 - b2) / (1.0 - b2**self.t))
        step_size = self.learning_rate * (1.0 - b1) / (1.0 - b1**self.t) / root
        eps = ADAM_EPS / root
        for key, w in params.items():
            g, m, v = grads[key], _state(self.m_sum, key, w), _state(self.v_sum, key, w)
            parts = _slices(w, g, m, v)
            # one slice-sized scratch array, reused by every slice; its contents do not matter
            tmp = _state(self._scratch, key, parts[0][0])
            for part in parts:
                _adam_passes(*part, tmp if len(parts) == 1 else tmp[: part[0].size], b1, b2, eps, step_size)
            if self.t % FLUSH_EVERY == 0:
                _flush_subnormal(m)
            if self.t % FLUSH_EVERY**2 == 0:
                _flush_subnormal(v)

    def __repr__(self) -> str:
        return f"Adam(learning_rate={self.learning_rate:g}, beta1={self.beta1:g}, beta2={self.beta2:g})"


def _adam_passes(w, g, m, v, tmp, b1: float, b2: float, eps: float, step_size: float) -> None:
    """Adam's ten in-place passes over one array (or one slice of it); see `Adam.step`."""
    m *= b1
    m += g
    v *= b2
    np.square(g, out=tmp)
    v += tmp
    # w -= lr * m_hat / (sqrt(v_hat) + eps), rescaled by 1 / root
    np.sqrt(v, out=tmp)
    tmp += eps
    np.divide(m, tmp, out=tmp)
    tmp *= step_size
    w -= tmp


def _slices(*arrays: np.ndarray):
    """Matching 1-D views of `SLICE` numbers of same-shaped arrays (writes go through to
    the arrays), or the whole arrays when they are small or not contiguous."""
    size = arrays[0].size
    if size <= SLICE or not all(a.flags.c_contiguous for a in arrays):
        return [arrays]
    flat = [a.reshape(-1) for a in arrays]
    return [[a[i : i + SLICE] for a in flat] for i in range(0, size, SLICE)]


def _flush_subnormal(x: np.ndarray) -> None:
    """Set the values of `x` smaller in size than the smallest normal number to 0 (see `Adam`)."""
    x[np.abs(x) < np.finfo(x.dtype).tiny] = 0


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
    #: export (core.export): the same optimizer in PyTorch, as a Python expression of
    #: `parameters` and `lr`, with {extras} to fill in; "" for none (the export is refused)
    torch: str = ""


#: every optimizer, in the order they are offered and raced
OPTIMIZERS: dict[str, OptimizerInfo] = {
    o.name: o
    for o in (
        OptimizerInfo("sgd", "SGD", SGD, 0.1, (1e-4, 1.0), 0, torch="torch.optim.SGD(parameters, lr=lr)"),
        # PyTorch keeps v / -lr instead of v: the same steps while lr stays the same
        OptimizerInfo("momentum", "Momentum", Momentum, 0.01, (1e-4, 0.5), 1, {"momentum": 0.9},
                      torch="torch.optim.SGD(parameters, lr=lr, momentum={momentum!r})"),
        OptimizerInfo("adagrad", "AdaGrad", AdaGrad, 0.01, (1e-4, 0.5), 1,
                      torch=f"torch.optim.Adagrad(parameters, lr=lr, eps={ADAGRAD_EPS!r})"),
        OptimizerInfo("rmsprop", "RMSProp", RMSProp, 0.001, (1e-5, 0.01), 1, {"decay": 0.99},
                      torch=f"torch.optim.RMSprop(parameters, lr=lr, alpha={{decay!r}}, eps={ADAGRAD_EPS!r})"),
        OptimizerInfo("adam", "Adam", Adam, 0.001, (1e-5, 0.01), 2, {"beta1": 0.9, "beta2": 0.999},
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
