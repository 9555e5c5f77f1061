"""The training loop: learning, pause/resume/stop from another thread, divergence, and runs that
blow up or go dead without a NaN."""
import math
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from core.layer_types.dense import DenseSpec
from core.design import spec
from core.nn.model import build_model
from core.nn.optimizers import make_optimizer
from core.train import health
from core.train.loop import (
    BatchEvent,
    EpochEvent,
    TrainingControl,
    fit,
    split_validation,
    train_design,
)
from core.layer_types.dropout import DropoutSpec


EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "examples"


def toy_design(lr=0.1, activation="tanh", optimizer="sgd") -> spec.Design:
    d = spec.Design(name="xor", dataset="xor", input_shape=(2,), layers=[DenseSpec(8, activation), DenseSpec(2, "softmax")])
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


def test_a_divergence_in_the_first_epoch_says_no_model_was_kept():
    x, y = xor_data()
    model, result = run(toy_design(lr=50.0, activation="relu"), x * 1e4, y, epochs=5)
    assert result.status == "diverged" and result.epochs == 0
    assert result.parts[-1] == "nothing_kept"
    assert "no trained model to keep" in result.message and "last completed epoch" not in result.message


# --------------------------------------------------------------------------- blown up, or dead


@pytest.fixture(scope="module")
def mnist_subset(datasets_dir):
    from dataclasses import replace

    from core.data.datasets import load_dataset

    data = load_dataset("mnist", datasets_dir)
    return replace(data, x_train=data.x_train[:3000], y_train=data.y_train[:3000])


def test_an_exploding_loss_ends_the_run_with_its_cause_and_keeps_no_model(mnist_subset):
    """SGD at learning rate 2 on 784-256-128-10: the first epoch's mean loss is in the quadrillions
    while every loss stays finite, so no NaN check sees it."""
    d = spec.load(EXAMPLES / "mnist_mlp.json")
    d.layers = [DenseSpec(256, "relu"), DenseSpec(128, "relu"), DenseSpec(10, "softmax")]
    d.training.optimizer = spec.OptimizerSpec("sgd", 2.0)
    events = []
    initial = build_model(d, rng=np.random.default_rng(np.random.SeedSequence(d.training.seed).spawn(2)[0])).get_weights()
    trained = train_design(d, mnist_subset, epochs=5, callback=events.append)
    r = trained.result
    assert r.status == "exploded" and r.failed and r.epochs == 0
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert [e.epoch for e in epochs] == [1]  # the epoch is reported, then the run ends
    assert epochs[0].loss > health.EXPLODED_FACTOR * r.history.batch_loss[0]
    assert r.message.startswith("Training stopped: the loss exploded. Epoch 1 averaged ")
    assert "The learning rate (2) is probably too high: try 0.2." in r.message
    assert "no trained model to keep" in r.message
    assert math.isnan(r.test_accuracy)  # nothing to score
    # the weights are the starting ones again: finite, and nothing pretends to be trained
    weights = trained.model.get_weights()
    assert all(np.array_equal(weights[k], initial[k]) for k in initial)


def dead_design() -> spec.Design:
    """A hidden ReLU layer whose units are all below zero for every input: it outputs 0,
    passes no gradient back, and the network answers the same to everything."""
    d = toy_design(lr=0.1, activation="relu")
    d.layers[0] = DenseSpec(4, "relu", weights=[[0.0] * 4, [0.0] * 4], bias=[-1.0] * 4)
    return d


def test_a_dead_network_is_named_with_its_layer_and_chance_accuracy():
    x, y = xor_data()
    model, result = run(dead_design(), x, y, epochs=20)
    assert result.status == "dead" and result.epochs == 0
    assert result.parts[0] == "dead_layer" and result.args["layer"] == "1"  # counted as the Design page does
    assert "every unit of layer 1 outputs 0" in result.message
    assert "one big step can push every ReLU unit below zero" in result.message
    accuracy = float(result.args["accuracy"].rstrip(" %")) / 100
    assert abs(accuracy - max(np.mean(y), 1 - np.mean(y))) < 0.1  # no better than guessing


def test_a_failure_after_good_epochs_keeps_the_last_good_one():
    x, y = xor_data()
    design = toy_design(lr=0.5)
    model = build_model(design, rng=np.random.default_rng(0))
    opt = make_optimizer(design.training.optimizer)
    kept = {}

    def sabotage(event):
        if isinstance(event, EpochEvent) and event.epoch == 2:
            kept["weights"] = model.get_weights()
            opt.learning_rate = 1e9  # the next steps throw the weights far off
    result = fit(model, opt, x * 100, y, normalise=identity, epochs=10, batch_size=32, validation_split=0.0,
                 rng=np.random.default_rng(0), callback=sabotage, learning_rate=0.5)
    assert result.failed and result.epochs == 2
    assert "The weights from epoch 2, the last good one, were kept." in result.message
    assert all(np.array_equal(w, kept["weights"][k]) for k, w in model.get_weights().items())


def test_healthy_runs_are_not_flagged_even_at_chance():
    """A straight line cannot separate XOR: accuracy stays near chance, but the network is alive."""
    x, y = xor_data()
    linear = spec.Design(name="line", dataset="xor", input_shape=(2,), layers=[DenseSpec(2, "softmax")])
    linear.training.optimizer = spec.OptimizerSpec("adam", 0.01)
    _, result = run(linear, x, y, epochs=20)
    assert result.status == "completed" and result.history.accuracy[-1] < 0.7
    _, result = run(toy_design(0.5, activation="relu"), x, y, epochs=30)
    assert result.status == "completed"


def test_the_health_check_runs_once_per_epoch_not_per_batch(monkeypatch):
    x, y = xor_data()
    calls = []
    real = health.check_epoch
    monkeypatch.setattr(health, "check_epoch", lambda *a, **k: calls.append(k["epoch"]) or real(*a, **k))
    _, result = run(toy_design(0.5), x, y, epochs=7, batch_size=8)
    assert result.status == "completed" and calls == list(range(1, 8))


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


def test_a_tiny_dataset_still_validates_on_one_sample():
    """A validation split too small to round to a sample still holds one out, so the
    curves have a validation line; the checks count the same training samples."""
    from core.data.datasets import Dataset
    from core.design.checks import training_samples
    from core.train.loop import split_validation, train_design, validation_count

    assert validation_count(9, 0.05) == 1 and validation_count(1, 0.05) == 0 and validation_count(9, 0.0) == 0
    train, val = split_validation(9, 0.05, np.random.default_rng(0))
    assert len(val) == 1 and len(train) == 8 and set(train) | set(val) == set(range(9))
    d = toy_design()
    d.training.validation_split = 0.05
    d.dataset_options = {"samples": 10}
    rng = np.random.default_rng(0)
    x = rng.standard_normal((9, 2)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    data = Dataset("xor", "XOR", x, y, x, y, ("class 0", "class 1"), (2,), kind="toy")
    run = train_design(d, data, epochs=2)
    assert np.isfinite(run.result.history.val_loss).all()
    from core.data.toy import TEST_FRACTION

    after_test = 10 - max(1, round(10 * TEST_FRACTION))
    assert after_test * 0.05 < 0.5 and training_samples(d) == after_test - 1  # one validation sample


def test_a_fixed_seed_run_gives_the_same_losses_on_either_kernel_library(datasets_dir):
    """The compiled kernels change the speed, not the run: a seeded MNIST run (Adam,
    ReLU, dropout, softmax cross-entropy) on a subset has the same loss after every
    batch and every epoch with them as with the NumPy reference, to float32 rounding."""
    pytest.importorskip("numba")
    from dataclasses import replace

    from core.data.datasets import load_dataset
    from core.compute import kernels
    from core.train.loop import train_design

    data = load_dataset("mnist", datasets_dir)
    subset = replace(data, x_train=data.x_train[:3000], y_train=data.y_train[:3000], x_test=data.x_test[:1000], y_test=data.y_test[:1000])
    design = spec.Design(
        name="parity", dataset="mnist", input_shape=(784,),
        layers=[DenseSpec(64, "relu"), DropoutSpec(0.2), DenseSpec(32, "relu"), DenseSpec(10, "softmax")],
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


def test_the_example_cnn_runs_the_same_on_either_kernel_library_and_in_float64(datasets_dir):
    """The example CNN's seeded run on an MNIST subset: the same loss after every batch
    with the compiled kernels (patches, col2im, pooling, ReLU on two cores) as with the
    NumPy reference, to float32 rounding; and its first epoch as a float64 twin of it
    computes, from the same weights and batches, to float32's precision."""
    pytest.importorskip("numba")
    from dataclasses import replace

    from core.data.datasets import load_dataset
    from core.compute import kernels
    from core.train.loop import batches_rng, weights_rng

    data = load_dataset("mnist", datasets_dir)
    subset = replace(data, x_train=data.x_train[:1500], y_train=data.y_train[:1500], x_test=data.x_test[:500], y_test=data.y_test[:500])
    design = spec.load(EXAMPLES / "mnist_cnn.json")
    runs = {}
    for library in (kernels.NUMPY, kernels.compiled()):
        with kernels.using(library):
            runs[library.name] = train_design(design, subset, epochs=2).result
    reference, compiled = runs["numpy"].history, runs["numba"].history
    np.testing.assert_allclose(compiled.batch_loss, reference.batch_loss, rtol=2e-5)
    np.testing.assert_allclose(compiled.val_loss, reference.val_loss, rtol=2e-5)
    assert compiled.loss[-1] < compiled.loss[0] * 0.8, "the run must learn, or the comparison says little"
    assert runs["numba"].test_loss == pytest.approx(runs["numpy"].test_loss, rel=2e-5)

    t = design.training
    twin = build_model(design, rng=weights_rng(t.seed), dtype=np.float64)
    with kernels.using(kernels.NUMPY):
        exact = fit(twin, make_optimizer(t.optimizer), subset.x_train, subset.y_train, normalise=subset.normalise,
                    epochs=1, batch_size=t.batch_size, validation_split=t.validation_split, rng=batches_rng(t.seed)).history
    assert len(exact.batch_loss) == len(compiled.batch_loss) // 2
    np.testing.assert_allclose(compiled.batch_loss[: len(exact.batch_loss)], exact.batch_loss, rtol=1e-4)
