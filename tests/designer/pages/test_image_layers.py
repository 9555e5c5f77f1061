"""The image layers on the Design page: palette blocks with their own glyphs, cards that show
C × H × W, parameters and multiply-adds, property editors for sizes and padding, and a Conv2D
dragged into the MNIST MLP that two one-click fixes (undoable) turn into a working CNN."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from core.design import spec
from core.layer_types.conv2d import Conv2DSpec
from core.layer_types.flatten import FlattenSpec
from core.layer_types.pooling import MaxPool2DSpec
from designer.pages.design.palette import LayerPalette
from designer.widgets.icons import paint_layer_glyph
from designer.layer_views import view_for
from tests.designer.design_helpers import ROOT, as_dict, no_dialogs, send_drag, window  # noqa: F401

CNN = ROOT / "resources" / "examples" / "mnist_cnn.json"
IMAGE_KINDS = ("conv2d", "maxpool2d", "avgpool2d", "flatten")


def glyph(kind: str) -> QImage:
    image = QImage(48, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    paint_layer_glyph(p, QRectF(0, 0, 48, 48), view_for(kind).glyph_name(), "#336699")
    p.end()
    return image


def test_the_palette_offers_every_image_layer_with_its_own_glyph(qtbot):
    palette = LayerPalette()
    qtbot.addWidget(palette)
    titles = {kind: palette.item_for(kind).text() for kind in IMAGE_KINDS}
    assert titles == {"conv2d": "Conv2D", "maxpool2d": "MaxPool2D", "avgpool2d": "AvgPool2D", "flatten": "Flatten"}
    assert "Small filters slide over the image" in palette.item_for("conv2d").toolTip()
    assert "Keeps the average of each patch" in palette.item_for("avgpool2d").toolTip()
    images = {kind: glyph(kind) for kind in (*IMAGE_KINDS, "dense", "no such kind")}
    blank = images.pop("no such kind")
    for kind, image in images.items():
        assert image != blank, kind  # something is drawn on the tile
    assert len({bytes(image.constBits()) for image in images.values()}) == len(images)  # and each is its own


def test_cards_show_shapes_parameters_and_multiply_adds(window):
    assert window.files.load_example(CNN, ask=False)
    cards = window.design_page.stack.cards
    assert (cards[0].title, cards[0].detail) == ("Input", "1 × 28 × 28")
    assert cards[1].detail == "16 filters 3 × 3 · padding 1 · ReLU"
    assert cards[1].info == "output 16 × 28 × 28 · 160 parameters · 112,896 multiply-adds"
    assert cards[2].detail == "2 × 2 windows" and cards[2].info == "output 16 × 14 × 14 · no parameters"
    assert cards[5].title == "Flatten" and cards[5].info == "output 1,568 · no parameters"
    assert cards[6].info == "output 128 · 200,832 parameters · 200,704 multiply-adds"
    assert cards[8].info == "output 10 · 1,290 parameters · 1,280 multiply-adds"
    window.design_page.select(-1)
    props = window.design_page.properties
    assert props.input_size.text() == "1 × 28 × 28 (784 values)"
    assert props.input_shape_combo.currentText() == "an image, 1 × 28 × 28"


def test_dragging_a_conv2d_into_the_mlp_shows_the_problem_and_two_fixes_make_a_cnn(window, qtbot):
    page, doc = window.design_page, window.document
    original = as_dict(doc.design)
    item = page.palette_view.item_for("conv2d")
    assert send_drag(page.stack, page.palette_view.mimeData([item]), page.stack.drop_point(0))
    assert doc.design.layers[0] == Conv2DSpec()
    card = page.stack.cards[1]
    assert card.severity == "error" and card.info == "output ? · no parameters"
    assert card.messages[0].startswith("A Conv2D layer takes an image (channels × height × width), but its input has the shape 784")
    (row,) = [r for r in page.findings.rows if r.fix_button is not None and r.finding.code == "needs_image"]
    assert row.fix_button.text() == "Set the input shape to 1×28×28"
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert doc.design.input_shape == (1, 28, 28)
    assert page.stack.cards[0].detail == "1 × 28 × 28"
    assert page.stack.cards[1].info.startswith("output 16 × 26 × 26 · 160 parameters")

    (row,) = [r for r in page.findings.rows if r.finding.code == "dense_needs_flat"]
    assert row.fix_button.text() == "Insert a Flatten layer"
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert [layer.type for layer in doc.design.layers] == ["conv2d", "flatten", "dense", "dropout", "dense", "dropout", "dense"]
    assert page.current == 1 and page.properties.current_kind() == "flatten"
    assert doc.can_train() and window.undo_action.text() == "&Undo Insert a Flatten layer"

    window.undo_action.trigger()
    assert doc.design.layers[1].type == "dense"
    window.undo_action.trigger()
    assert doc.design.input_shape == (784,)
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert doc.design.layers[1] == FlattenSpec() and doc.can_train()
    for _ in range(3):
        window.undo_action.trigger()
    assert as_dict(doc.design) == original


def test_the_input_can_be_a_row_or_an_image(window):
    page, doc = window.design_page, window.document
    page.select(-1)
    combo = page.properties.input_shape_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["a row of 784 values", "an image, 1 × 28 × 28"]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert doc.design.input_shape == (1, 28, 28)
    assert window.undo_action.text() == "&Undo Change input size to 1 × 28 × 28"
    assert any(f.code == "dense_needs_flat" for f in doc.errors())


def test_kernel_size_and_padding_editors(window):
    assert window.files.load_example(CNN, ask=False)
    page, doc = window.design_page, window.document
    page.select(0)
    kernel = page.properties.editor("kernel_size")
    assert kernel.value() == 3 and not kernel.width_spin.isVisible()
    kernel.height_spin.setValue(5)
    assert doc.design.layers[0].kernel_size == 5
    assert window.undo_action.text() == "&Undo Change kernel size to 5"
    kernel.rectangular.setChecked(True)
    assert kernel.width_spin.isVisible()
    kernel.width_spin.setValue(3)
    assert doc.design.layers[0].kernel_size == [5, 3]
    assert page.stack.cards[1].detail.startswith("16 filters 5 × 3")

    padding = page.properties.editor("padding")
    padding.same.setChecked(True)
    assert doc.design.layers[0].padding == "same" and not padding.spin.isEnabled()
    assert page.stack.cards[1].info.startswith("output 16 × 28 × 28")
    assert window.undo_action.text() == "&Undo Change padding to same"
    count = doc.undo_stack.count()
    doc.undo()  # the editor follows undo and redo without pushing anything
    assert doc.design.layers[0].padding == 1 and not padding.same.isChecked() and padding.spin.isEnabled()
    doc.redo()
    assert padding.same.isChecked() and padding.value() == "same" and doc.undo_stack.count() == count
    padding.same.setChecked(False)  # back to the number it had
    assert doc.design.layers[0].padding == 1
    kernel.rectangular.setChecked(False)
    assert doc.design.layers[0].kernel_size == 5


def test_a_pooling_stride_may_be_left_to_the_pool(window):
    assert window.files.load_example(CNN, ask=False)
    page, doc = window.design_page, window.document
    page.select(1)
    stride = page.properties.editor("stride")
    assert stride.text() == "same as the pool" and stride.spec_value() is None
    stride.setValue(1)
    assert doc.design.layers[1] == MaxPool2DSpec(2, 1)
    assert page.stack.cards[2].detail == "2 × 2 windows · stride 1"
    assert page.stack.cards[2].info.startswith("output 16 × 27 × 27")
    stride.setValue(None)
    assert doc.design.layers[1].stride is None
    assert "stride" not in spec.to_dict(doc.design)["layers"][1]


def explore_page(show_page, datasets_dir, design):
    from designer.document.document import Document
    from designer.document.model_store import ModelStore
    from designer.pages.explore.explore_page import ExplorePage

    doc = Document()
    doc.load_design(design)
    return show_page(ExplorePage(doc, ModelStore(), data_dir=datasets_dir))


def test_the_inspector_steps_through_a_cnn_on_a_test_image(show_page, datasets_dir, offline, qtbot):
    page = explore_page(show_page, datasets_dir, spec.load(CNN))
    ins = page.inspector
    qtbot.waitUntil(lambda: ins.trace is not None, timeout=15000)  # the test set loads in the background
    assert ins.origin == "initial" and not ins.steps.message_label.isVisible()
    kinds = [(s.kind, s.layer) for s in ins.trace.steps]
    assert ("conv2d", 0) in kinds and ("maxpool2d_gradient", 1) in kinds and ("flatten", 4) in kinds
    assert ins.trace.layers[0].a.shape == (16, 28, 28)
    while ins.steps.next_button.isEnabled():  # every step shows, forward and backward
        qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
        assert ins.steps.formula_label.text()
    assert ins.steps.current_step.kind == "conv2d_gradient"


def test_an_absurd_design_gets_a_check_and_no_model(window, show_page, datasets_dir, offline, qtbot):
    """10,000 filters of 28×28: the checks say so at once, nothing is allocated, the inspector explains."""
    absurd = spec.load(CNN)
    absurd.layers[0] = Conv2DSpec(10_000, 28, padding=14)
    window.document.load_design(absurd)
    codes = {f.code for f in window.document.errors()}
    assert "too_much_memory" in codes and not window.document.can_train()
    assert any("GB of memory" in r.text.text() for r in window.design_page.findings.rows)
    page = explore_page(show_page, datasets_dir, absurd)
    ins = page.inspector
    ins.refresh()
    assert ins.trace is None and "can't be traced yet" in ins.steps.message_label.text()
    # the first of its errors (too many weights to save, too much memory to train) says why
    assert "GB of memory" in ins.steps.message_label.text() or "more than the 10,000,000" in ins.steps.message_label.text()
