"""Each record's export piece computes what the record computes: activations, losses,
optimizers and initializers, in PyTorch and ONNX, against LayerLab's own NumPy code."""
from __future__ import annotations

import math

import numpy as np
import pytest

from core.nn.activations import ACTIVATIONS
from core.nn.initializers import INITIALIZERS
from core.nn.losses import LOSSES
from core.nn.optimizers import OPTIMIZERS
from core.design.spec import OptimizerSpec


@pytest.mark.parametrize("name", list(INITIALIZERS))
def test_each_initializer_formula_is_its_spread(name):
    record = INITIALIZERS[name]
    for fan_in, fan_out in ((784, 512), (9, 144), (2, 2)):
        assert eval(record.formula, {"math": math, "fan_in": fan_in, "fan_out": fan_out}) == record.std(fan_in, fan_out)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_is_the_same_in_pytorch(name, torch):
    from torch import nn

    z = np.random.default_rng(0).normal(0, 3, (16, 10))
    module = eval(ACTIVATIONS[name].torch_module, {"nn": nn})
    ours = ACTIVATIONS[name].make().forward(z, training=False)
    np.testing.assert_allclose(module(torch.from_numpy(z)).numpy(), ours, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_is_the_same_in_onnx(name, onnxruntime):
    from onnx import TensorProto, helper

    record = ACTIVATIONS[name]
    node = helper.make_node(record.onnx_op, ["z"], ["a"], **dict(record.onnx_attrs))
    graph = helper.make_graph([node], "one", [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", 10])],
                              [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 10])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    z = np.random.default_rng(1).normal(0, 3, (16, 10)).astype(np.float32)
    (a,) = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {"z": z})
    np.testing.assert_allclose(a, ACTIVATIONS[name].make().forward(z, training=False), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", list(LOSSES))
@pytest.mark.parametrize("last", ["softmax", "sigmoid"])
def test_each_loss_is_the_same_in_pytorch_with_its_gradient(name, last, torch):
    from torch import nn

    loss = LOSSES[name]
    rng = np.random.default_rng(2)
    logits = rng.normal(0, 2, (32, 10))
    labels = rng.integers(0, 10, 32)
    act = ACTIVATIONS[last]
    fused = loss.fused is not None and loss.needs_output == last
    # LayerLab: the loss (fused on the logits when it can be) and its gradient with respect to the logits
    if fused:
        ours = loss.fused()
        value = ours.forward(logits, labels)
        grad = ours.backward()
    else:
        layer = act.make()
        ours = loss.make()
        value = ours.forward(layer.forward(logits, training=True), labels)
        grad = layer.backward(ours.backward())
    z = torch.tensor(logits, requires_grad=True)
    names = {"nn": nn, "torch": torch, "labels": torch.from_numpy(labels)}
    if fused:
        theirs = eval(loss.torch_fused, {**names, "logits": z})
    else:
        theirs = eval(loss.torch, {**names, "outputs": eval(act.torch_module, {"nn": nn})(z)})
    theirs.backward()
    assert float(theirs.detach()) == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(z.grad.numpy(), grad, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_each_optimizer_takes_the_same_steps_in_pytorch(name, torch):
    info = OPTIMIZERS[name]
    learning_rate = info.default_learning_rate
    options = {key: value * 0.98 for key, value in info.extras.items()}  # not the defaults: they must reach PyTorch
    spec = OptimizerSpec(name, learning_rate, options)
    from core.nn.optimizers import make_optimizer

    ours = make_optimizer(spec)
    rng = np.random.default_rng(3)
    w = rng.normal(size=(6, 5))
    parameter = torch.nn.Parameter(torch.tensor(w.copy()))
    extras = {key: spec.option(key) for key in info.extras}
    theirs = eval(info.torch.format(**extras), {"torch": torch, "parameters": [parameter], "lr": learning_rate})
    params = {"w": w}
    for _ in range(7):
        g = rng.normal(size=w.shape) * rng.choice([1e-3, 1.0, 10.0])
        ours.step(params, {"w": g})
        parameter.grad = torch.tensor(g)
        theirs.step()
    np.testing.assert_allclose(parameter.detach().numpy(), params["w"], rtol=1e-10, atol=1e-12)
