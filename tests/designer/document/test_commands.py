"""Every undo command: pushed, undone and redone, the spec is exactly as before/after."""
from __future__ import annotations

import copy

import pytest

from core.design import checks, spec
from core.design.paths import PathError, get_value, layer_index, leaf, set_value
from designer.document.commands import (
    DesignReplacedCmd,
    FixAppliedCmd,
    LayerAddedCmd,
    LayerDuplicatedCmd,
    LayerMovedCmd,
    LayerRemovedCmd,
    PropertyChangedCmd,
)
from designer.document.document import Document
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec

from tests.designer.design_helpers import MNIST_EXAMPLE, as_dict


@pytest.fixture
def doc(qapp):
    d = Document()
    d.load_design(spec.load(MNIST_EXAMPLE))
    return d


def roundtrip(doc: Document, command) -> None:
    """Push, undo, redo, undo, redo: before and after states must repeat exactly."""
    before = as_dict(doc.design)
    assert doc.push(command)
    after = as_dict(doc.design)
    assert after != before
    for _ in range(2):
        doc.undo()
        assert as_dict(doc.design) == before
        doc.redo()
        assert as_dict(doc.design) == after


COMMANDS = {
    "add": lambda d: LayerAddedCmd(d, 1, DenseSpec(units=32, activation="tanh")),
    "add-at-end": lambda d: LayerAddedCmd(d, 99, DropoutSpec(rate=0.3)),
    "remove": lambda d: LayerRemovedCmd(d, 1),
    "remove-output": lambda d: LayerRemovedCmd(d, 4),
    "duplicate": lambda d: LayerDuplicatedCmd(d, 0),
    "move-down": lambda d: LayerMovedCmd(d, 0, 3),
    "move-up": lambda d: LayerMovedCmd(d, 4, 0),
    "units": lambda d: PropertyChangedCmd(d, "layers[4].units", 12),
    "activation": lambda d: PropertyChangedCmd(d, "layers[0].activation", "tanh"),
    "rate": lambda d: PropertyChangedCmd(d, "layers[1].rate", 0.5),
    "loss": lambda d: PropertyChangedCmd(d, "loss", "mse"),
    "dataset": lambda d: PropertyChangedCmd(d, "dataset", "fashion-mnist"),
    "name": lambda d: PropertyChangedCmd(d, "name", "Mine"),
    "input": lambda d: PropertyChangedCmd(d, "input.shape", [2]),
    "batch": lambda d: PropertyChangedCmd(d, "training.batch_size", 64),
    "lr": lambda d: PropertyChangedCmd(d, "training.optimizer.learning_rate", 0.01),
    "opt-type": lambda d: PropertyChangedCmd(d, "training.optimizer.type", "sgd"),
    "optimizer": lambda d: PropertyChangedCmd(d, "training.optimizer", spec.with_optimizer(d.design.training.optimizer, "momentum")),
    "beta1": lambda d: PropertyChangedCmd(d, "training.optimizer.beta1", 0.8),
    "init": lambda d: PropertyChangedCmd(d, "training.init", "xavier"),
    "options": lambda d: PropertyChangedCmd(d, "dataset_options.noise", 0.2),
    "whole-layer": lambda d: PropertyChangedCmd(d, "layers[0]", DropoutSpec(rate=0.1)),
    "replace": lambda d: DesignReplacedCmd(d, spec.Design(name="Other", layers=[DenseSpec(10, "softmax")])),
}


@pytest.mark.parametrize("make", COMMANDS.values(), ids=COMMANDS.keys())
def test_push_undo_redo_restores_the_spec_exactly(doc, make):
    roundtrip(doc, make(doc))


def test_a_long_history_undoes_to_the_start_and_redoes_to_the_end(doc):
    states = [as_dict(doc.design)]
    order = ["units", "activation", "rate", "loss", "dataset", "name", "input", "batch", "lr", "opt-type",
             "optimizer", "init", "options", "add", "add-at-end", "duplicate", "move-down", "move-up", "remove",
             "remove-output", "whole-layer"]
    for key in order:
        doc.push(COMMANDS[key](doc))
        states.append(as_dict(doc.design))
    for state in reversed(states[:-1]):
        doc.undo()
        assert as_dict(doc.design) == state
    assert not doc.undo_stack.canUndo() and not doc.is_modified
    for state in states[1:]:
        doc.redo()
        assert as_dict(doc.design) == state


def test_labels_name_what_happened(doc):
    doc.push(LayerAddedCmd(doc, 0, DenseSpec()))
    assert doc.undo_stack.undoText() == "Add Dense layer"
    doc.push(LayerRemovedCmd(doc, 2))
    assert doc.undo_stack.undoText() == "Delete Dropout layer"
    doc.push(LayerMovedCmd(doc, 1, 0))
    assert doc.undo_stack.undoText() == "Move Dense layer up"
    doc.push(LayerMovedCmd(doc, 0, 3))
    assert doc.undo_stack.undoText() == "Move Dense layer to position 4"
    doc.push(LayerDuplicatedCmd(doc, 0))
    assert doc.undo_stack.undoText() == "Duplicate Dense layer"
    doc.push(PropertyChangedCmd(doc, "layers[0].units", 10))
    assert doc.undo_stack.undoText() == "Change units to 10"
    doc.push(PropertyChangedCmd(doc, "layers[0].activation", "softmax"))
    assert doc.undo_stack.undoText() == "Change activation to Softmax"
    doc.push(PropertyChangedCmd(doc, "training.optimizer.learning_rate", 0.0001))
    assert doc.undo_stack.undoText() == "Change learning rate to 0.0001"
    doc.push(PropertyChangedCmd(doc, "loss", "mse", text="My own label"))
    assert doc.undo_stack.undoText() == "My own label"


def test_spin_box_steps_merge_into_one_undo_step(doc):
    original = as_dict(doc.design)
    for units in (11, 12, 13, 14):
        doc.push(PropertyChangedCmd(doc, "layers[4].units", units, merge_key=7))
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Change units to 14"
    doc.push(PropertyChangedCmd(doc, "layers[2].units", 100, merge_key=7))  # another field: a new step
    assert doc.undo_stack.count() == 2
    doc.undo()
    doc.undo()
    assert as_dict(doc.design) == original


def test_two_separate_edits_of_one_field_are_two_undo_steps(doc):
    doc.push(PropertyChangedCmd(doc, "layers[4].units", 100000, merge_key=1))
    doc.push(PropertyChangedCmd(doc, "layers[4].units", 3, merge_key=2))  # a new edit of the same field
    doc.push(PropertyChangedCmd(doc, "layers[4].units", 4))  # no key: never merged
    assert doc.undo_stack.count() == 3
    doc.undo()
    doc.undo()
    assert doc.design.layers[4].units == 100000


def test_a_merge_back_to_the_old_value_leaves_nothing_to_undo(doc):
    doc.push(PropertyChangedCmd(doc, "layers[4].units", 11, merge_key=1))
    doc.push(PropertyChangedCmd(doc, "layers[4].units", 10, merge_key=1))
    assert doc.undo_stack.count() == 0
    assert not doc.is_modified


def test_a_fix_is_one_undoable_step_named_by_the_fix(doc):
    doc.set_value("layers[4].units", 12)
    original_broken = as_dict(doc.design)
    (finding,) = [f for f in checks.check_design(doc.design) if f.code == "last_units"]
    doc.push(FixAppliedCmd(doc, finding.fix))
    assert doc.design.layers[4].units == 10
    assert doc.undo_stack.undoText() == "Set units to 10"
    assert doc.can_train()
    doc.undo()
    assert as_dict(doc.design) == original_broken
    # a fix is never merged with the edit before it
    assert doc.undo_stack.count() == 2


def test_a_fix_that_removes_fixed_weights(doc):
    d = spec.Design(input_shape=(2,), dataset="xor", layers=[DenseSpec(2, "softmax", weights=[[1, 0], [0, 1]], bias=[0, 0])])
    doc.load_design(d)
    doc.set_value("layers[0].units", 3)
    findings = [f for f in checks.check_design(doc.design) if f.code == "weights_shape"]
    roundtrip(doc, FixAppliedCmd(doc, findings[0].fix))
    assert doc.design.layers[0].weights is None


def test_fixes_that_insert_and_remove_a_layer_are_undoable(doc):
    from core.layer_types.flatten import FlattenSpec

    doc.raw_set("input.shape", [1, 28, 28])  # the MLP now gets images: Dense asks for a Flatten
    (insert,) = [f.fix for f in checks.check_design(doc.design) if f.code == "dense_needs_flat"]
    assert insert.action == "insert"
    roundtrip(doc, FixAppliedCmd(doc, insert))
    assert doc.design.layers[0] == FlattenSpec() and doc.undo_stack.undoText() == "Insert a Flatten layer"
    assert doc.can_train()

    doc.raw_set("input.shape", [784])  # now the Flatten does nothing: a fix removes it
    (remove,) = [f.fix for f in checks.check_design(doc.design) if f.code == "flatten_flat"]
    assert remove.action == "remove"
    roundtrip(doc, FixAppliedCmd(doc, remove))
    assert [layer.type for layer in doc.design.layers] == ["dense", "dropout", "dense", "dropout", "dense"]


def test_commands_keep_their_own_copies(doc):
    layer = DenseSpec(units=5)
    doc.push(LayerAddedCmd(doc, 0, layer))
    layer.units = 999  # the caller's object is not the document's
    assert doc.design.layers[0].units == 5
    doc.design.layers[0].units = 6  # nor is the command's stored copy
    doc.undo()
    doc.redo()
    assert doc.design.layers[0].units == 5


def test_spec_paths():
    d = spec.load(MNIST_EXAMPLE)
    assert get_value(d, "layers[2].units") == 256
    assert get_value(d, "input.shape") == (784,)
    assert get_value(d, "training.optimizer.momentum") is None
    set_value(d, "input.shape", [2])
    assert d.input_shape == (2,)
    set_value(d, "training.optimizer.beta2", 0.99)
    assert d.training.optimizer.options == {"beta2": 0.99}
    set_value(d, "training.optimizer.beta2", None)
    assert d.training.optimizer.options == {}
    for bad in ("layers[9].units", "layers[1].units", "nope", "training.nope", "layers.units", "", "layers[0]..x"):
        with pytest.raises(PathError):
            if bad == "layers[1].units":
                set_value(copy.deepcopy(d), bad, 3)  # a dropout layer has no units
            else:
                get_value(d, bad)
    assert layer_index("layers[12].activation") == 12 and layer_index("loss") is None
    assert leaf("layers[3].units") == "units" and leaf("layers[3]") == "layers"
