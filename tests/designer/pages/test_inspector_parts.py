"""The inspector's two parts on their own, through their methods and signals: the sample
chooser (which sources a design offers, the sample it gives, why there is none yet) and
the trace view (steps, navigation, keeping the step when the numbers change)."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.data.normalisation import IMAGE_NORMALISATION
from core.design import spec
from core.explain.inspect import trace
from designer.pages.explore.explore_common import model_for
from designer.pages.explore.sample_chooser import DRAWING, POINT, TEST, NoSample, SampleChooser
from designer.pages.explore.inspector.trace_view import TraceView

from tests.conftest import EXAMPLES


class Data:
    """A stand-in for the Explore page's DataProvider: no dataset at hand, maybe an error."""

    def __init__(self, error: str = ""):
        self._error = error
        self.requested = []

    def dataset(self, design):
        return None

    def error(self, design):
        return self._error

    def request(self, design):
        self.requested.append(design.dataset)
        return False


def sources(chooser) -> list[str]:
    return [chooser.source_combo.itemData(i) for i in range(chooser.source_combo.count())]


@pytest.fixture
def worked():
    return spec.load(EXAMPLES / "worked_example.json")


@pytest.fixture
def mnist():
    return spec.load(EXAMPLES / "mnist_mlp.json")


def test_a_two_input_design_opens_on_the_worked_examples_point(qtbot, worked):
    chooser = SampleChooser(Data())
    qtbot.addWidget(chooser)
    chooser.follow(worked)
    assert sources(chooser) == [POINT, TEST] and chooser.source() == POINT
    x, label = chooser.sample(worked, lambda: pytest.fail("a point is not normalised"))
    assert x.tolist() == [1.0, -1.0] and label == 1
    with qtbot.waitSignal(chooser.changed):
        chooser.x2_spin.setValue(0.5)
    assert chooser.sample(worked, dict)[0].tolist() == [1.0, 0.5]
    changes = []
    chooser.changed.connect(lambda: changes.append(1))
    chooser.set_point(-2.0, 3.0, 0)
    assert changes == [1] and chooser.sample(worked, dict)[1] == 0
    chooser.follow(worked)  # the same kind of sample: the choice stays
    assert chooser.sample(worked, dict)[0].tolist() == [-2.0, 3.0]


def test_an_image_design_offers_the_test_set_and_a_drawing(qtbot, mnist):
    data = Data()
    chooser = SampleChooser(data)
    qtbot.addWidget(chooser)
    chooser.follow(mnist)
    assert sources(chooser) == [TEST, DRAWING] and chooser.class_title(7) == "7"
    waiting = chooser.sample(mnist, dict)
    assert waiting == NoSample("Loading the test set…", error=False) and data.requested == ["mnist"]

    chooser.set_source(DRAWING)
    assert chooser.sample(mnist, dict) == NoSample("Draw a digit in the box on the left.", error=False)
    picture = np.zeros((28, 28))
    picture[4:24, 13:16] = 1.0
    with qtbot.waitSignal(chooser.changed):
        chooser.canvas.set_picture(picture)
    x, _ = chooser.sample(mnist, lambda: IMAGE_NORMALISATION)
    assert x.shape == (784,) and x.dtype == np.float64 and 0.9 < x.max() <= 1.0


def test_a_dataset_that_cannot_load_is_said_as_a_problem(qtbot, mnist):
    chooser = SampleChooser(Data(error="MNIST was not found"))
    qtbot.addWidget(chooser)
    chooser.follow(mnist)
    assert chooser.sample(mnist, dict) == NoSample("MNIST was not found", error=True)


def worked_trace(design, x=(1.0, -1.0), label=1):
    model, _ = model_for(design, trained=False)
    return trace(model, np.array(x), label)


def test_the_trace_view_steps_through_and_keeps_its_step_for_new_numbers(qtbot, worked):
    view = TraceView()
    qtbot.addWidget(view.step_list)
    qtbot.addWidget(view)
    tr = worked_trace(worked)
    view.set_trace(tr, lambda k: f"class {k}")
    assert view.step_list.count() == len(tr.steps) and view.current_index == 0
    assert view.current_step.kind == "input" and not view.back_button.isEnabled()
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.current_step.kind == "weighted_sum" and view.formula_label.text() == "z = x·W + b"
    assert view.back_button.isEnabled() and view.step_list.currentRow() == 1
    view.run_to_end()
    assert view.current_step.kind == "input_gradient" and not view.next_button.isEnabled()
    loss = next(i for i, step in enumerate(tr.steps) if step.kind == "loss")
    view.go_to(loss)
    assert "Right class: class 1" in view.summary_label.text()
    assert view.step_list.item(loss).text() == "→  Loss L (squared error)"

    view.set_trace(worked_trace(worked, x=(0.5, 0.5)))  # another sample, the same steps
    assert view.current_index == loss and view.trace.x.tolist() == [0.5, 0.5]
    view.set_trace(None)
    assert view.step_list.count() == 0 and not view.next_button.isEnabled() and view.current_step is None


def test_the_trace_view_says_why_there_is_nothing_to_show(qtbot):
    view = TraceView()
    qtbot.addWidget(view.step_list)
    qtbot.addWidget(view)
    view.show()
    view.say("Draw a digit in the box on the left.", error=False)
    assert view.message_label.isVisible() and "#555" in view.message_label.styleSheet()
    view.say("")
    assert not view.message_label.isVisible()
