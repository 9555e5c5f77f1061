"""What a design costs: parameters and an estimate of the memory it needs.

Estimates, not measurements: float32 numbers of 4 bytes; while training, each
weight also has a gradient and the optimizer's running averages (Adam keeps two),
and a mini-batch keeps every layer's output for the backward pass.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from core.design import spec
from core.design.spec import Design
from core.nn.optimizers import OPTIMIZERS

BYTES_PER_NUMBER = 4  # float32


@dataclass(frozen=True)
class Costs:
    params: int
    #: the trained model's weights and biases
    weight_bytes: int
    #: approximate peak while training: weights, gradients, optimizer state, one batch's activations
    training_bytes: int


def design_costs(design: Design) -> Costs:
    infos = spec.layer_infos(design)
    params = sum(i.params for i in infos)
    slots = OPTIMIZERS[design.training.optimizer.type].state_arrays
    weights = params * BYTES_PER_NUMBER
    values_per_sample = math.prod(design.input_shape) + sum(math.prod(i.output_shape) for i in infos if i.output_shape is not None)
    # forward outputs and their gradients in the backward pass
    activations = 2 * design.training.batch_size * values_per_sample * BYTES_PER_NUMBER
    training = weights * (2 + slots) + activations
    return Costs(params, weights, training)


__all__ = ["Costs", "design_costs"]
