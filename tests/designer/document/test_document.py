"""The Document: one design, its undo stack, its file, and the signals views follow."""
from __future__ import annotations

import pytest

from core.design import spec
from core.io.bundle import load_bundle
from designer.document.commands import LayerAddedCmd
from designer.document.document import Document
from core.layer_types.dense import DenseSpec

from tests.designer.design_helpers import MNIST_EXAMPLE, ROOT, as_dict


@pytest.fixture
def doc(qapp):
    d = Document()
    d.load_design(spec.load(MNIST_EXAMPLE), MNIST_EXAMPLE)
    return d


def test_loading_clears_history_and_marks_saved(qtbot, doc):
    doc.set_value("layers[0].units", 100)
    assert doc.is_modified and doc.undo_stack.canUndo()
    with qtbot.waitSignals([doc.designChanged, doc.designReplaced, doc.modifiedChanged, doc.pathChanged]):
        doc.load_design(spec.Design(name="Fresh"))
    assert not doc.is_modified and not doc.undo_stack.canUndo()
    assert doc.path is None and doc.display_name() == "Fresh"


def test_edits_announce_changes_and_the_unsaved_mark(qtbot, doc):
    seen = []
    doc.modifiedChanged.connect(seen.append)
    with qtbot.waitSignal(doc.designChanged):
        assert doc.set_value("loss", "mse")
    assert seen == [True]
    assert not doc.set_value("loss", "mse")  # no change, no command
    assert doc.undo_stack.count() == 1
    doc.undo()
    assert seen == [True, False] and not doc.is_modified
    doc.redo()
    doc.mark_saved(ROOT / "x.json")
    assert seen == [True, False, True, False]
    assert doc.display_name() == "x.json"


def test_read_only_refuses_edits_undo_and_redo(qtbot, doc):
    doc.set_value("layers[0].units", 100)
    with qtbot.waitSignal(doc.readOnlyChanged) as blocker:
        doc.set_read_only(True)
    assert blocker.args == [True]
    before = as_dict(doc.design)
    assert not doc.set_value("layers[0].units", 7)
    assert not doc.push(LayerAddedCmd(doc, 0, DenseSpec()))
    doc.undo()
    assert as_dict(doc.design) == before
    doc.set_read_only(False)
    doc.undo()
    assert doc.design.layers[0].units == 512


def test_findings_follow_the_design(doc):
    assert doc.can_train() and doc.findings() == []
    doc.set_value("layers[4].units", 3)
    assert not doc.can_train()
    assert [f.path for f in doc.errors()] == ["layers[4].units"]
    doc.undo()
    assert doc.can_train()


def test_opening_a_model_shows_its_design_and_hands_over_the_model(qtbot, doc):
    path = ROOT / "resources" / "models" / "mnist_mlp.npz"
    if not path.exists():
        pytest.skip("no bundled model")
    bundle = load_bundle(path)
    with qtbot.waitSignal(doc.modelLoaded) as blocker:
        doc.load_bundle(bundle, path)
    assert blocker.args == [bundle]
    assert as_dict(doc.design) == as_dict(bundle.design)
    assert doc.path is None  # saving writes a design file, never over the model
    assert doc.suggested_name == "mnist_mlp.json"
