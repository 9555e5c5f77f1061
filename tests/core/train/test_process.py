"""A training run in a process of its own (core.train.process): the wire, and runs that match
the same run in this process, stop, pause, fail and die with a clear word."""
import io
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from core.data.datasets import fit_to_data, load_dataset
from core.design import spec
from core.nn.model import build_model
from core.train.loop import BatchEvent, EpochEvent, train_design
from core.train.process import TrainingProcess, TrainingProcessError, read_message, write_message

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "examples"


@pytest.fixture(scope="module")
def mnist_run(datasets_dir):
    """The example MLP and the first 3,000 MNIST training rows (2 epochs)."""
    design = spec.load(EXAMPLES / "mnist_mlp.json")
    design.training.epochs = 2
    dataset = load_dataset(design.dataset, datasets_dir, options=design.dataset_options, seed=design.training.seed)
    dataset = replace(dataset, x_train=dataset.x_train[:3000], y_train=dataset.y_train[:3000])
    return fit_to_data(design, dataset), dataset


def drain(process, timeout=60.0):
    events, began = [], time.monotonic()
    while not process.ended and time.monotonic() - began < timeout:
        events += process.poll(timeout=0.05)
    return events


def test_the_wire_carries_numbers_and_arrays_exactly():
    stream = io.BytesIO()
    arrays = {"w": np.arange(12, dtype=np.float32).reshape(3, 4) / 7, "labels": np.array([3, 1, 4], dtype=np.int64),
              "pixels": np.full((2, 1, 28, 28), 255, dtype=np.uint8), "empty": np.zeros((0, 5))}
    write_message(stream, {"type": "start", "nan": float("nan"), "text": "ネットワーク"}, arrays)
    write_message(stream, {"type": "stop"})
    stream.seek(0)
    header, got = read_message(stream)
    assert header["type"] == "start" and header["text"] == "ネットワーク" and np.isnan(header["nan"])
    assert set(got) == set(arrays)
    for name, a in arrays.items():
        assert got[name].dtype == a.dtype and got[name].shape == a.shape and np.array_equal(got[name], a)
    assert read_message(stream) == ({"type": "stop"}, {})
    assert read_message(stream) is None  # the end of the stream


def test_the_wire_refuses_objects_and_cut_messages():
    stream = io.BytesIO()
    write_message(stream, {"type": "x"}, {"a": np.arange(4.0)})
    whole = stream.getvalue()
    with pytest.raises(ValueError, match="ends after"):
        read_message(io.BytesIO(whole[:-3]))
    forged = whole.replace(b'"<f8"', b'"|O8"')  # an object array: pickled Python objects
    with pytest.raises(ValueError, match="not a plain number"):
        read_message(io.BytesIO(forged))


def test_a_run_in_a_process_is_the_same_run_as_here(mnist_run):
    design, dataset = mnist_run
    process = TrainingProcess(design, dataset)
    events = drain(process)
    run = process.result()
    here = train_design(design, dataset, evaluate_test=False)
    assert run.result.status == "completed" and run.result.history.loss == here.result.history.loss
    assert run.result.history.batch_loss == here.result.history.batch_loss
    for name, w in here.model.get_weights().items():
        assert np.array_equal(run.model.get_weights()[name], w), name  # bit for bit
    assert run.normalisation == here.normalisation
    # every batch's event, then its epoch's, in order
    batches = [e for e in events if isinstance(e, BatchEvent)]
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert len(batches) == len(here.result.history.batch_loss) and [e.epoch for e in epochs] == [1, 2]
    assert [e.loss for e in batches] == here.result.history.batch_loss
    first_of_epoch_2 = next(i for i, e in enumerate(events) if isinstance(e, BatchEvent) and e.epoch == 2)
    assert isinstance(events[first_of_epoch_2 - 1], EpochEvent) and events[first_of_epoch_2 - 1].epoch == 1


def test_a_table_with_a_normalisation_per_column_trains_the_same_there(datasets_dir):
    """The Palmer penguins CSV: each column has its own scale and offset (arrays on the wire)."""
    design = spec.load(EXAMPLES / "penguins.json")
    dataset = load_dataset(design.dataset, datasets_dir, options=design.dataset_options, seed=design.training.seed)
    design = fit_to_data(design, dataset)
    assert isinstance(dataset.normalisation["scale"], np.ndarray)
    process = TrainingProcess(design, dataset)
    drain(process)
    run = process.result()
    here = train_design(design, dataset, evaluate_test=False)
    assert run.result.history.loss == here.result.history.loss
    assert set(run.normalisation) == set(here.normalisation)
    for key, value in here.normalisation.items():
        assert np.array_equal(run.normalisation[key], value)
    for name, w in here.model.get_weights().items():
        assert np.array_equal(run.model.get_weights()[name], w), name


def test_a_stopped_run_ends_stopped_with_its_weights(mnist_run):
    design, dataset = mnist_run
    design = replace(design, training=replace(design.training, epochs=50))
    process = TrainingProcess(design, dataset)
    while not any(isinstance(e, BatchEvent) for e in process.poll(timeout=0.05)):
        assert not process.ended
    process.stop()
    drain(process)
    run = process.result()
    assert run.result.status == "stopped" and run.result.epochs < 50
    assert set(run.model.get_weights()) == set(build_model(design).get_weights())


def test_a_paused_run_sends_nothing_until_resumed(mnist_run):
    design, dataset = mnist_run
    design = replace(design, training=replace(design.training, epochs=20))
    process = TrainingProcess(design, dataset)
    while not process.poll(timeout=0.05):
        assert not process.ended
    process.pause()
    time.sleep(0.3)
    process.poll()  # what was sent before the pause arrived
    time.sleep(0.5)
    assert process.poll() == []
    process.resume()
    assert process.poll(timeout=10)  # batches again
    process.stop()
    drain(process)
    assert process.result().result.status == "stopped"


def test_a_run_that_fails_raises_its_error_here(mnist_run):
    design, dataset = mnist_run
    wrong = replace(dataset, x_train=dataset.x_train[:, :, :20, :20])  # 400 inputs for a network of 784
    process = TrainingProcess(design, wrong)
    drain(process)
    with pytest.raises(ValueError):
        process.result()


def test_a_killed_process_says_it_ended_without_a_result(mnist_run):
    design, dataset = mnist_run
    design = replace(design, training=replace(design.training, epochs=50))
    process = TrainingProcess(design, dataset)
    process.poll(timeout=10)
    process.kill()
    drain(process)
    with pytest.raises(TrainingProcessError, match="without a result"):
        process.result()


def test_the_process_stops_when_its_parent_goes_away(mnist_run):
    design, dataset = mnist_run
    design = replace(design, training=replace(design.training, epochs=50))
    process = TrainingProcess(design, dataset)
    process.poll(timeout=10)
    process._child.stdin.close()  # as when the app ends: the child's input ends
    process._child.wait(timeout=30)
    assert process._child.returncode == 0
    process.wait()
