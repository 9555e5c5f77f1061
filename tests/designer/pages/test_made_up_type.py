"""The made-up layer type of tests/scale_layer.py shows in the palette and the property
panel, can be dropped into the network and edited, with no designer code of its own."""
from __future__ import annotations

from designer.pages.design.palette import LayerPalette
from designer.pages.design.properties import LayerProperties
from designer.document.document import Document
from tests.designer.design_helpers import MNIST_EXAMPLE, send_drag
from tests.scale_layer import ScaleSpec, scale_type  # noqa: F401


def test_a_registered_type_is_in_the_palette_with_its_title_and_blurb(qtbot, scale_type):
    palette = LayerPalette()
    qtbot.addWidget(palette)
    item = palette.item_for("scale")
    assert item is not None and item.text() == "Scale"
    assert "Multiplies everything by one learnt number" in item.toolTip()


def test_it_drops_into_the_network_and_its_field_is_edited_with_undo(qtbot, scale_type):
    from designer.window.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.files.load_example(MNIST_EXAMPLE, ask=False)
    w.resize(1280, 800)
    w.show()
    page = w.design_page
    item = page.palette_view.item_for("scale")
    assert send_drag(page.stack, page.palette_view.mimeData([item]), page.stack.drop_point(1))
    doc = w.document
    assert doc.design.layers[1] == ScaleSpec()
    assert page.properties.current_kind() == "scale"
    spin = page.properties.editor("start")
    assert spin is not None and spin.value() == 1.0 and spin.maximum() == 10.0
    spin.setValue(2.5)
    assert doc.design.layers[1].start == 2.5
    card = page.stack.cards[2]  # the input block, then layer 0, then the new one
    assert card.kind == "scale" and card.title == "Scale" and "Start 2.5" in card.detail
    assert "1 parameters" in card.info or "parameter" in card.info
    doc.undo_stack.undo()
    assert doc.design.layers[1].start == 1.0
    doc.undo_stack.undo()
    assert [layer.type for layer in doc.design.layers] == ["dense", "dropout", "dense", "dropout", "dense"]
    doc.undo_stack.setClean()
    w.close()


def test_the_property_panel_builds_an_editor_from_the_fields(qtbot, scale_type):
    from designer.document.commands import LayerAddedCmd

    doc = Document()
    props = LayerProperties(doc)
    qtbot.addWidget(props)
    assert doc.push(LayerAddedCmd(doc, 0, ScaleSpec(0.25)))
    props.show_block(0)
    assert props.current_kind() == "scale"
    assert props.editor("start").value() == 0.25
    assert props.editor("start").toolTip() == "The number it starts from"


def test_it_reads_as_its_title_in_a_model_line(qapp, scale_type):
    from core.design import spec
    from designer.layer_views import describe_layers

    design = spec.load(MNIST_EXAMPLE)
    design.layers.insert(1, ScaleSpec())
    assert describe_layers(design).startswith("784 → Dense 512 → Scale → Dropout")
