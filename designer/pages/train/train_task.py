"""A training run as a background task: load the data, train, score on the test set.

`train_in_background(state, design, ...)` is a plain function for designer.tasks.task's
`TaskRunner`: it runs in the runner's thread, touches no widget and no Qt object, and
talks to the GUI only through its `TaskState` (see designer.tasks.task):

* `state.set_status` says what it does now ("Loading MNIST…", "Training…");
* `state.add_partial` hands over every core.train.loop.BatchEvent and EpochEvent, in
  order, and the dataset once it is loaded (`DatasetLoaded`, so the page can keep it
  for the next run); the runner passes them to the GUI once per frame (~30 Hz), so a
  thousand batches a second cost the GUI thirty slot calls;
* pause, resume and stop arrive through `state.control`, which core.train.loop.fit
  checks between mini-batches.

The run's core.train.loop.TrainedRun is the result (completed, stopped or gone wrong).

Before anything else it waits for the GUI's first frame, then loads the compiled kernels
(designer.tasks.collector.ready_to_train: numba's import, the first time): a long
stretch of Python, which would otherwise hold the GIL while the window repaints the
click, or set off a garbage collection that stops it.

On Linux the training thread runs a little nicer than the GUI (`WORKER_NICENESS`), so that
a busy machine delays training rather than the window's repaints; ``LAYERLAB_WORKER_NICE=0``
turns that off (to compare, in benchmarks).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication

from core.train.loop import TrainedRun, evaluate, train_design
from designer.tasks.collector import ready_to_train

#: how much nicer than the GUI the training thread is (Linux): when both want the CPU,
#: the GUI thread gets it first; when the GUI is idle, training has every core
WORKER_NICENESS = 5


@dataclass(frozen=True)
class DatasetLoaded:
    """A partial result: the core.data.datasets.Dataset the run has just loaded."""

    dataset: object


def train_in_background(state, design, *, data_dir=None, dataset=None, limit: int | None = None,
                        epochs: int | None = None) -> TrainedRun:
    """Load the design's dataset (unless `dataset` is given), train on its first `limit`
    samples (all when None) for `epochs` (the design's when None), then score what the run
    leaves behind on the test set — not once the window is closing (`state.aborted`)."""
    from core.data.datasets import load_dataset
    from designer.text.names import dataset_title

    if os.environ.get("LAYERLAB_WORKER_NICE", "1") != "0":
        lower_this_threads_priority()
    ready_to_train(state)  # the click's frame first, then the kernels, without a collection that stalls the window
    if dataset is None:
        state.set_status(QCoreApplication.translate("training", "Loading {name}…").format(name=dataset_title(design.dataset)))
        dataset = load_dataset(design.dataset, data_dir, options=design.dataset_options, seed=design.training.seed)
        state.add_partial(DatasetLoaded(dataset))
    design = _fitted(design, dataset)
    if limit is not None and limit < len(dataset.y_train):
        dataset = replace(dataset, x_train=dataset.x_train[:limit], y_train=dataset.y_train[:limit])
    state.set_status(QCoreApplication.translate("training", "Training…"))
    run = train_design(design, dataset, epochs=epochs, callback=state.add_partial, control=state.control,
                       evaluate_test=False)
    result = run.result
    # Score what the run leaves behind: after Stop the current weights, after a
    # divergence the last good epoch's.
    scorable = result.epochs > 0 or (result.status == "stopped" and result.history.batch_loss)
    if scorable and not state.aborted:
        state.set_status(QCoreApplication.translate("training", "Scoring on the test set…"))
        result.test_loss, result.test_accuracy = evaluate(
            run.model, dataset.x_test, dataset.y_test, dataset.normalise, gather=dataset.normalise_rows,
        )
    return run


def _fitted(design, dataset):
    """The design told what its own data holds; a design that does not fit it (the last layer's
    units, the input size) is refused with the check's words, before any training."""
    from core.data.datasets import fit_to_data
    from core.design.checks import check_design, errors

    fitted = fit_to_data(design, dataset)
    if fitted is not design:
        found = errors(check_design(fitted))
        if found:
            from core.data.datasets import DatasetError
            from designer.text.messages import finding_text

            raise DatasetError(finding_text(found[0]))
    return fitted


def lower_this_threads_priority() -> None:
    """Make the calling thread `WORKER_NICENESS` nicer (Linux); elsewhere, or when not allowed, nothing."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + WORKER_NICENESS))
    except (AttributeError, OSError):
        pass


__all__ = ["DatasetLoaded", "train_in_background", "lower_this_threads_priority", "WORKER_NICENESS"]
