"""The training loop: learning, pause/resume/stop from another thread, divergence."""
import math
import threading
import time

import numpy as np
import pytest

from core.design import spec
from core.nn.model import build_model
from core.nn.optimizers import make_optimizer
from core.train.loop import (
    BatchEvent,
    EpochEvent,
    TrainingControl,
    fit,
    split_validation,
)


def toy_design(lr=0.1, activation="tanh", optimizer="sgd") -> spec.Design:
    d = spec.Design(name="xor", dataset="xor", input_shape=(2,), layers=[spec.DenseSpec(8, activation), spec.DenseSpec(2, "softmax")])
    d.training.optimizer = spec.OptimizerSpec(optimizer, lr)
    return d


def xor_data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, 2)).astype(np.float32)
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(np.int64)
    return x, y


def identity(x):
    return np.asarray(x, dtype=np.float32)


def run(design, x, y, *, epochs=30, control=None, callback=None, batch_size=32, val=0.2, seed=0):
    model = build_model(design, rng=np.random.default_rng(seed))
    opt = make_optimizer(design.training.optimizer)
    result = fit(model, opt, x, y, normalise=identity, epochs=epochs, batch_size=batch_size, validation_split=val,
                 rng=np.random.default_rng(seed), callback=callback, control=control,
                 learning_rate=design.training.optimizer.learning_rate)
    return model, result


def test_learns_xor_and_reports_every_epoch():
    x, y = xor_data()
    events = []
    model, result = run(toy_design(0.5), x, y, epochs=60, callback=events.append)
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert result.status == "completed"
    assert [e.epoch for e in epochs] == list(range(1, 61))
    assert result.history.loss[-1] < result.history.loss[0] / 2
    assert result.history.val_accuracy[-1] >= 0.9
    batches = [e for e in events if isinstance(e, BatchEvent)]
    assert len(batches) == 60 * math.ceil(320 / 32)
    assert batches[-1].remaining == pytest.approx(0.0, abs=1e-9)
    assert all(e.samples_per_second > 0 for e in batches)


def test_same_seed_same_run():
    x, y = xor_data()
    _, a = run(toy_design(), x, y, epochs=3)
    _, b = run(toy_design(), x, y, epochs=3)
    assert a.history.batch_loss == b.history.batch_loss


def test_validation_split_is_disjoint_and_sized():
    train, val = split_validation(1000, 0.1, np.random.default_rng(1))
    assert len(val) == 100 and len(train) == 900
    assert not set(train) & set(val)


def test_divergence_stops_with_advice_and_keeps_last_good_weights():
    x, y = xor_data()
    x = x * 1e3
    design = toy_design(lr=9.0, activation="relu")
    events = []
    model, result = run(design, x, y, epochs=50, callback=events.append)
    assert result.status == "diverged"
    assert "learning rate" in result.message and "0.9" in result.message
    weights = model.get_weights()
    assert all(np.isfinite(w).all() for w in weights.values())
    completed = [e for e in events if isinstance(e, EpochEvent)]
    assert len(result.history.loss) == len(completed)


def test_pause_resume_stop_from_another_thread():
    x, y = xor_data(4000)
    control = TrainingControl()
    seen = []
    done = {}

    def worker():
        done["result"] = run(toy_design(), x, y, epochs=1000, control=control, callback=seen.append, batch_size=8)[1]

    t = threading.Thread(target=worker)
    t.start()
    while len(seen) < 20:
        time.sleep(0.005)
    control.pause()
    time.sleep(0.1)
    count = len(seen)
    time.sleep(0.3)
    assert len(seen) == count, "batches kept coming while paused"
    control.resume()
    deadline = time.time() + 5
    while len(seen) == count and time.time() < deadline:
        time.sleep(0.005)
    assert len(seen) > count, "resume did not continue"
    control.stop()
    t.join(timeout=2)
    assert not t.is_alive()
    assert done["result"].status == "stopped"


def test_stop_while_paused_ends_promptly():
    x, y = xor_data()
    control = TrainingControl()
    control.pause()
    result = {}
    t = threading.Thread(target=lambda: result.setdefault("r", run(toy_design(), x, y, control=control)[1]))
    t.start()
    time.sleep(0.1)
    control.stop()
    t.join(timeout=1)
    assert not t.is_alive() and result["r"].status == "stopped"


def test_a_fixed_seed_run_gives_the_same_losses_on_either_kernel_library(datasets_dir):
    """The compiled kernels change the speed, not the run: a seeded MNIST run (Adam,
    ReLU, dropout, softmax cross-entropy) on a subset has the same loss after every
    batch and every epoch with them as with the NumPy reference, to float32 rounding."""
    pytest.importorskip("numba")
    from dataclasses import replace

    from core.data.datasets import load_dataset
    from core.nn import kernels
    from core.train.loop import train_design

    data = load_dataset("mnist", datasets_dir)
    subset = replace(data, x_train=data.x_train[:3000], y_train=data.y_train[:3000], x_test=data.x_test[:1000], y_test=data.y_test[:1000])
    design = spec.Design(
        name="parity", dataset="mnist", input_shape=(784,),
        layers=[spec.DenseSpec(64, "relu"), spec.DropoutSpec(0.2), spec.DenseSpec(32, "relu"), spec.DenseSpec(10, "softmax")],
    )
    design.training.optimizer = spec.OptimizerSpec("adam", 0.001)
    design.training.batch_size = 128
    runs = {}
    for library in (kernels.NUMPY, kernels.compiled()):
        with kernels.using(library):
            runs[library.name] = train_design(design, subset, epochs=3).result
    reference, compiled = runs["numpy"].history, runs["numba"].history
    assert len(compiled.batch_loss) == 3 * math.ceil(2700 / 128)
    np.testing.assert_allclose(compiled.batch_loss, reference.batch_loss, rtol=1e-5)
    np.testing.assert_allclose(compiled.loss, reference.loss, rtol=1e-5)
    np.testing.assert_allclose(compiled.val_loss, reference.val_loss, rtol=1e-5)
    assert compiled.loss[-1] < compiled.loss[0] * 0.6, "the run must learn, or the comparison says little"
    assert runs["numba"].test_loss == pytest.approx(runs["numpy"].test_loss, rel=1e-5)
