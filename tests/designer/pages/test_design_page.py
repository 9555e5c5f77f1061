"""The Design page through its real widgets: drops from the palette, reordering, the
property panel, keyboard actions, live checks with one-click fixes, undo and redo."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from core.design import spec
from designer.pages.design.layer_stack import INPUT_CARD
from designer.pages.design.palette import MIME_LAYER, LayerPalette
from core.layer_types.dense import DenseSpec

from tests.designer.design_helpers import MNIST_EXAMPLE, as_dict, no_dialogs, send_drag, window  # noqa: F401


def palette_mime(palette: LayerPalette, kind: str):
    """The palette's own drag data for an entry."""
    item = palette.item_for(kind)
    assert item is not None
    mime = palette.mimeData([item])
    assert mime.hasFormat(MIME_LAYER)
    return mime


def kinds(window) -> list[str]:
    return [layer.type for layer in window.document.design.layers]


def test_drop_from_palette_at_a_position_with_a_drop_indicator(window, qtbot):
    page = window.design_page
    stack = page.stack
    mime = palette_mime(page.palette_view, "dense")
    point = stack.drop_point(2)
    assert stack.gap_at(point) == 2
    # while dragging over the stack, the drop indicator marks the gap
    assert send_drag(stack, mime, point, drop=False)
    assert stack._drop_gap == 2
    assert send_drag(stack, mime, point)
    assert stack._drop_gap is None
    assert kinds(window) == ["dense", "dropout", "dense", "dense", "dropout", "dense"]
    assert window.document.design.layers[2] == DenseSpec()
    assert page.current == 2  # the new layer is selected, its properties shown
    assert page.properties.current_kind() == "dense"
    assert window.undo_action.text() == "&Undo Add Dense layer"


def test_drops_at_the_top_and_the_bottom(window):
    stack = window.design_page.stack
    mime = palette_mime(window.design_page.palette_view, "dropout")
    top = window.document.design.layers and stack.card_rect(INPUT_CARD).center().toPoint()
    assert send_drag(stack, mime, top)
    assert kinds(window)[0] == "dropout"
    bottom = QPoint(stack.width() // 2, stack.height() - 5)
    assert send_drag(stack, mime, bottom)
    assert kinds(window)[-1] == "dropout"


def test_foreign_drags_are_refused(window):
    from PySide6.QtCore import QMimeData

    mime = QMimeData()
    mime.setText("dense")
    assert not send_drag(window.design_page.stack, mime, window.design_page.stack.drop_point(1))
    unknown = QMimeData()
    unknown.setData(MIME_LAYER, b"transformer")
    assert not send_drag(window.design_page.stack, unknown, window.design_page.stack.drop_point(1))
    assert len(window.document.design.layers) == 5


def test_drag_a_card_to_reorder(window):
    stack = window.design_page.stack
    before = window.document.design.layers
    first, output = before[0], before[4]
    # drag layer 0 (Dense 512) below the output layer
    assert send_drag(stack, stack.move_mime(0), stack.drop_point(5), Qt.DropAction.MoveAction)
    layers = window.document.design.layers
    assert layers[-1] == first and layers[3] == output
    assert window.design_page.current == 4
    assert window.undo_action.text() == "&Undo Move Dense layer to position 5"
    # a drop right where it came from changes nothing
    assert send_drag(stack, stack.move_mime(4), stack.drop_point(4), Qt.DropAction.MoveAction)
    assert window.document.undo_stack.count() == 1


def test_edit_units_in_the_property_panel(window, qtbot):
    page = window.design_page
    page.select(2)
    spin = page.properties.editor("units")
    assert spin.value() == 256
    spin.selectAll()
    qtbot.keyClicks(spin, "300")
    assert window.document.design.layers[2].units == 300
    # typing "3", "30", "300" is one undo step
    assert window.document.undo_stack.count() == 1
    assert window.document.undo_stack.undoText() == "Change units to 300"
    page.properties.editor("activation").setCurrentIndex(page.properties.editor("activation").findData("tanh"))
    page.properties.editor("activation").activated.emit(page.properties.editor("activation").currentIndex())
    assert window.document.design.layers[2].activation == "tanh"
    page.select(1)
    page.properties.editor("rate").setValue(0.5)
    assert window.document.design.layers[1].rate == 0.5
    # the panel follows undo without pushing anything
    window.undo_action.trigger()
    assert page.properties.editor("rate").value() == 0.2
    assert window.document.undo_stack.count() == 3


def test_two_edits_of_the_units_are_two_undo_steps_and_steps_of_the_arrows_one(window, qtbot):
    """Typing 100000, Enter, then 3, Enter was undone in one step, back past both edits."""
    page, doc = window.design_page, window.document
    page.select(2)
    spin = page.properties.editor("units")
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "100000")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    spin.selectAll()
    qtbot.keyClicks(spin, "3")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert doc.design.layers[2].units == 3
    assert doc.undo_stack.count() == 2
    window.undo_action.trigger()
    assert doc.design.layers[2].units == 100000
    window.undo_action.trigger()
    assert doc.design.layers[2].units == 256
    # stepping with the arrow keys (or the wheel, or the arrow buttons) is one edit
    for _ in range(4):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert doc.design.layers[2].units == 260 and doc.undo_stack.count() == 1
    # the name: the keys of one name are one step, a second edit another
    name = page.settings.name_edit
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Mine")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.keyClicks(name, " too")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert doc.design.name == "Mine too" and doc.undo_stack.count() == 3
    window.undo_action.trigger()
    assert doc.design.name == "Mine"


@pytest.mark.parametrize("typed, value, note", [
    ("0", 1, "0 is less than the smallest allowed, 1: set to 1."),
    ("-3", 1, "-3 is less than the smallest allowed, 1: set to 1."),
    ("1000000000", 100_000, "1,000,000,000 is more than the largest allowed, 100,000: set to 100,000."),
])
def test_units_out_of_range_are_set_to_the_nearest_allowed_and_said(window, qtbot, typed, value, note):
    """0 showed, then Enter silently restored 64; -3 became 3; 1000000000 stopped at 100000."""
    page, doc = window.design_page, window.document
    page.select(2)
    spin, label = page.properties.editor("units"), page.properties.form_for("dense").range_notes["units"]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, typed)
    assert spin.text() == typed  # shown as typed, not changed behind the user's back
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert doc.design.layers[2].units == value == spin.value()
    assert label.isVisibleTo(page) and label.text() == note
    spin.selectAll()
    qtbot.keyClicks(spin, "64")  # editing again: the note goes
    assert not label.isVisibleTo(page) and doc.design.layers[2].units == 64


def test_undo_and_redo_every_step_back_to_an_identical_spec(window, qtbot):
    page, doc = window.design_page, window.document
    stack = page.stack
    states = [as_dict(doc.design)]

    assert send_drag(stack, palette_mime(page.palette_view, "dense"), stack.drop_point(1))
    states.append(as_dict(doc.design))
    assert send_drag(stack, stack.move_mime(1), stack.drop_point(4), Qt.DropAction.MoveAction)
    states.append(as_dict(doc.design))
    page.select(0)
    page.properties.editor("units").setValue(64)
    states.append(as_dict(doc.design))
    page.duplicate_action.trigger()
    states.append(as_dict(doc.design))
    page.delete_action.trigger()
    states.append(as_dict(doc.design))
    page.settings.loss_combo.setCurrentIndex(page.settings.loss_combo.findData("mse"))
    page.settings.loss_combo.activated.emit(page.settings.loss_combo.currentIndex())
    states.append(as_dict(doc.design))
    assert doc.undo_stack.count() == len(states) - 1

    for state in reversed(states[:-1]):
        window.undo_action.trigger()
        assert as_dict(doc.design) == state
    assert not window.undo_action.isEnabled() and not doc.is_modified
    for state in states[1:]:
        window.redo_action.trigger()
        assert as_dict(doc.design) == state
    assert not window.redo_action.isEnabled()


def test_keyboard_does_everything_the_mouse_does(window, qtbot):
    page, doc = window.design_page, window.document
    stack = page.stack
    stack.setFocus()
    page.select(0)
    qtbot.keyClick(stack, Qt.Key.Key_Down)
    assert page.current == 1
    qtbot.keyClick(stack, Qt.Key.Key_Up)
    qtbot.keyClick(stack, Qt.Key.Key_Up)
    assert page.current == INPUT_CARD
    qtbot.keyClick(stack, Qt.Key.Key_End)
    assert page.current == 4
    qtbot.keyClick(stack, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # move the output layer up
    assert kinds(window) == ["dense", "dropout", "dense", "dense", "dropout"] and page.current == 3
    qtbot.keyClick(stack, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert doc.design.layers[4].units == 10 and page.current == 4
    qtbot.keyClick(stack, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.design.layers) == 6 and page.current == 5
    qtbot.keyClick(stack, Qt.Key.Key_Delete)
    assert len(doc.design.layers) == 5
    qtbot.keyClick(stack, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.design.layers) == 6
    qtbot.keyClick(stack, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.design.layers) == 5
    qtbot.keyClick(stack, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(doc.design.layers) == 5  # nothing left to redo

    # the palette: Enter adds the selected kind below the selected layer (above the output)
    page.select(0)
    palette = page.palette_view
    palette.setFocus()
    palette.setCurrentItem(palette.item_for("dropout"))
    qtbot.keyClick(palette, Qt.Key.Key_Return)
    assert kinds(window)[1] == "dropout" and page.current == 1
    # Enter on a card goes to its first property
    page.select(0)
    stack.setFocus()
    qtbot.keyClick(stack, Qt.Key.Key_Return)
    assert QApplication.focusWidget() in (page.properties.editor("units"), page.properties.editor("units").lineEdit()) or \
        page.properties.editor("units").hasFocus()


def test_delete_in_a_spin_box_edits_the_text_not_the_network(window, qtbot):
    page = window.design_page
    page.select(2)
    spin = page.properties.editor("units")
    spin.setFocus()
    spin.lineEdit().setCursorPosition(0)
    qtbot.keyClick(spin, Qt.Key.Key_Delete)
    assert len(window.document.design.layers) == 5
    assert window.document.design.layers[2].units == 56


def test_context_menu_offers_the_layer_actions(window, qtbot):
    from PySide6.QtGui import QContextMenuEvent

    page = window.design_page
    stack = page.stack
    pos = stack.card_rect(1).center().toPoint()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, stack.mapToGlobal(pos))
    QApplication.sendEvent(stack, event)
    menu = page._context_menu
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert page.current == 1
    assert "&Delete Layer" in texts and "D&uplicate Layer" in texts and "Add Dense Layer" in texts
    menu.close()
    page.duplicate_action.trigger()
    assert kinds(window)[1:3] == ["dropout", "dropout"]


def test_problems_are_marked_on_the_block_and_fixed_in_one_click(window, qtbot):
    page, doc = window.design_page, window.document
    page.select(4)
    page.properties.editor("units").setValue(12)
    card = page.stack.cards[4 + 1]
    assert card.severity == "error"
    assert card.messages == ["The last layer needs 10 units: MNIST has 10 classes."]
    assert "Cannot train: 1 error" in window.validity_label.text()
    (row,) = page.findings.rows
    assert row.text.text() == "The last layer needs 10 units: MNIST has 10 classes."
    assert row.fix_button.text() == "Set units to 10"
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert doc.design.layers[4].units == 10 and doc.can_train()
    assert window.undo_action.text() == "&Undo Set units to 10"
    assert page.stack.cards[5].severity is None
    assert window.validity_label.text() == "Ready to train"
    window.undo_action.trigger()
    assert doc.design.layers[4].units == 12

    # softmax on a hidden layer: its own message and fix
    page.select(0)
    combo = page.properties.editor("activation")
    combo.setCurrentIndex(combo.findData("softmax"))
    combo.activated.emit(combo.currentIndex())
    texts = [r.text.text() for r in page.findings.rows]
    assert any(t.startswith("Softmax belongs on the last layer only") for t in texts)
    assert page.stack.cards[1].severity == "error"
    # the fix names the activation as the activation menu does, not by its key in the file
    (row,) = [r for r in page.findings.rows if r.text.text().startswith("Softmax belongs")]
    assert row.fix_button.text() == "Set activation to ReLU"
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert doc.design.layers[0].activation == "relu"
    assert window.undo_action.text() == "&Undo Set activation to ReLU"


def test_a_card_writes_a_large_output_size_as_it_writes_the_units(window):
    page, doc = window.design_page, window.document
    page.select(0)
    page.properties.editor("units").setValue(100_000)
    card = page.stack.cards[1]
    assert "100,000 units" in card.detail
    assert "output 100,000 " in card.info


def test_a_dropout_below_the_output_layer_is_moved_above_it_in_one_click(window, qtbot):
    page, doc = window.design_page, window.document
    page.add_layer("dropout", len(doc.design.layers))  # below the output layer
    assert doc.design.layers[-1].type == "dropout" and not doc.can_train()
    (row,) = [r for r in page.findings.rows if r.text.text().startswith("Dropout can't be the last layer")]
    assert row.fix_button.text() == "Move the Dropout above the output layer"
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert [layer.type for layer in doc.design.layers] == ["dense", "dropout", "dense", "dropout", "dropout", "dense"]
    assert doc.can_train() and window.undo_action.text() == "&Undo Move the Dropout above the output layer"
    window.undo_action.trigger()
    assert doc.design.layers[-1].type == "dropout"


def test_too_many_weights_are_cut_to_the_limit_in_one_click(window, qtbot):
    page, doc = window.design_page, window.document
    page.select(0)
    page.properties.editor("units").setValue(9000)  # 784 x 9,000 + 9,000 x 256 + ...: over 9 million
    row = next(r for r in page.findings.rows if "weights and biases" in r.text.text())
    assert row.fix_button is not None and row.fix_button.text().startswith("Set the units of layer 1 to ")
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert spec.parameter_count(doc.design) <= 5_000_000 and doc.design.layers[0].units < 9000
    assert not any("weights and biases" in r.text.text() for r in page.findings.rows)


def test_warnings_say_why_and_do_not_block_training(window):
    page, doc = window.design_page, window.document
    page.select(1)
    page.properties.editor("rate").setValue(0.9)
    (finding,) = doc.findings()
    assert finding.severity == "warning" and doc.can_train()
    assert page.stack.cards[2].severity == "warning"
    assert "switches off most values" in page.findings.rows[0].text.text()
    assert window.validity_label.text() == "Ready to train (1 warning)"


def test_choosing_a_dataset_sets_the_input_size_in_one_step(window):
    page, doc = window.design_page, window.document
    combo = page.settings.dataset_combo
    combo.setCurrentIndex(combo.findData("spirals"))
    combo.activated.emit(combo.currentIndex())
    assert doc.design.dataset == "spirals" and doc.design.input_shape == (2,)
    assert doc.undo_stack.undoText() == "Change dataset to Spirals"
    assert page.stack.cards[0].detail == "2 values"
    # the last layer now needs 2 units: the error offers the fix
    (error,) = doc.errors()
    assert error.fix.value == 2
    window.undo_action.trigger()
    assert doc.design.dataset == "mnist" and doc.design.input_shape == (784,)


def test_totals_in_the_status_bar(window):
    assert window.params_label.text() == "Parameters: 535,818"
    assert window.memory_label.text().startswith("Memory: 2.1 MB")
    window.design_page.select(0)
    window.design_page.properties.editor("units").setValue(100)
    assert window.params_label.text() == "Parameters: " + f"{784 * 100 + 100 + 100 * 256 + 256 + 2570:,}"


def test_read_only_while_training_refuses_edits_and_shows_it(window, qtbot):
    page, doc = window.design_page, window.document
    doc.set_read_only(True)
    assert not page.banner.isHidden() and not window.read_only_label.isHidden()
    before = as_dict(doc.design)
    assert not send_drag(page.stack, palette_mime(page.palette_view, "dense"), page.stack.drop_point(1))
    assert not page.properties.pages.isEnabled()
    assert not page.delete_action.isEnabled() and not window.undo_action.isEnabled()
    page.delete_action.trigger()
    page.stack.setFocus()
    qtbot.keyClick(page.stack, Qt.Key.Key_Delete)
    assert as_dict(doc.design) == before
    doc.set_read_only(False)
    assert page.banner.isHidden() and page.properties.pages.isEnabled()
    assert send_drag(page.stack, palette_mime(page.palette_view, "dense"), page.stack.drop_point(1))


def test_an_empty_design_invites_a_first_drop(window):
    window.document.load_design(spec.Design(name="Empty"))
    stack = window.design_page.stack
    assert [f.code for f in window.document.errors()] == ["no_layers"]
    assert send_drag(stack, palette_mime(window.design_page.palette_view, "dense"), stack.drop_point(0))
    assert kinds(window) == ["dense"]


def test_every_visible_control_has_a_tooltip(window):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
    )

    page = window.design_page
    for w in page.findChildren(QAbstractSpinBox) + page.findChildren(QComboBox) + page.findChildren(QLineEdit):
        if w.parent() is not None and isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue  # a spin box's own line edit
        assert w.toolTip(), w.accessibleName() or w
    for b in page.findChildren(QAbstractButton):
        assert b.toolTip(), b.text()
    for action in window.toolbar.actions():
        assert action.isSeparator() or action.toolTip()
    assert page.stack.toolTip() and page.palette_view.toolTip()
