"""What a design costs: parameters, an estimate of the memory it needs, and of an epoch's time.

Estimates, not measurements: float32 numbers of 4 bytes; while training, each
weight also has a gradient and the optimizer's running averages (Adam keeps two),
and a mini-batch keeps every layer's output (and what the layer keeps besides, such
as a convolution's patch matrix) for the backward pass. The time comes from the
multiply-adds and from the numbers each sample moves through memory, at paces
measured with the example designs' training steps on a 2-core machine.
Everything here is arithmetic on the shapes: nothing is allocated, so the designer
can ask on every edit, however absurd the design.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from core.design.spec import Design
from core.layer_types.walk import values_per_sample, walk
from core.nn.optimizers import OPTIMIZERS

BYTES_PER_NUMBER = 4  # float32
#: a training step's pace, forward and backward together: forward multiply-adds per second
#: (the MNIST MLP: 535,040 per sample in 26 µs) and numbers per second moved through memory
#: by the layers (the MNIST CNN: 171,706 per sample in 499 µs, of which 27 µs multiply-adds)
TRAINING_MACS_PER_SECOND = 2e10
TRAINING_VALUES_PER_SECOND = 4e8
#: beyond this, training would not fit in any ordinary computer's memory: the design is refused
MAX_TRAINING_BYTES = 8 * 10**9
#: beyond this, training is likely to swap or fail on a laptop: a warning
BIG_TRAINING_BYTES = 10**9
#: an epoch estimated to take longer than this gets a warning
SLOW_EPOCH_SECONDS = 120


class DesignTooLarge(ValueError):
    """A design whose model would need far more memory than a computer has; the message says how much."""


@dataclass(frozen=True)
class Costs:
    params: int
    #: the trained model's weights and biases
    weight_bytes: int
    #: approximate peak while training: weights, gradients, optimizer state, one batch's activations
    training_bytes: int
    #: multiply-adds per sample, forward
    macs: int = 0
    #: about what one sample takes through a forward and backward pass
    sample_bytes: int = 0


def design_costs(design: Design) -> Costs:
    shapes = walk(design.layers, design.input_shape)
    params = sum(s.params for s in shapes)
    slots = OPTIMIZERS[design.training.optimizer.type].state_arrays
    weights = params * BYTES_PER_NUMBER
    sample = values_per_sample(shapes, design.input_shape) * BYTES_PER_NUMBER
    # forward outputs and their gradients in the backward pass
    activations = 2 * design.training.batch_size * sample
    training = weights * (2 + slots) + activations
    return Costs(params, weights, training, sum(s.macs for s in shapes), sample)


def epoch_seconds(costs: Costs, samples: int) -> float:
    """About how long one epoch over `samples` training samples takes."""
    per_sample = costs.macs / TRAINING_MACS_PER_SECOND + costs.sample_bytes / BYTES_PER_NUMBER / TRAINING_VALUES_PER_SECOND
    return per_sample * samples


def refuse_if_too_large(design: Design) -> None:
    """DesignTooLarge when training `design` would need more than MAX_TRAINING_BYTES (its
    checks report the same, as the error "too_much_memory"): called before any array is made."""
    need = design_costs(design).training_bytes
    if need > MAX_TRAINING_BYTES:
        raise DesignTooLarge(f"this network would need about {gigabytes(need)} of memory to train, more than the "
                             f"{gigabytes(MAX_TRAINING_BYTES)} LayerLab allows: use fewer or smaller layers, or a smaller batch")


def gigabytes(n: float) -> str:
    """12.3 GB, or 0.4 GB: one decimal, as the checks word memory."""
    return f"{n / 1e9:.1f} GB" if n < 1e11 else f"{math.floor(n / 1e9):,} GB"


__all__ = ["Costs", "design_costs", "epoch_seconds", "refuse_if_too_large", "DesignTooLarge", "gigabytes",
           "MAX_TRAINING_BYTES", "BIG_TRAINING_BYTES", "SLOW_EPOCH_SECONDS", "TRAINING_MACS_PER_SECOND", "TRAINING_VALUES_PER_SECOND"]
