"""Inside a convolution (the Explore page's conv panel) through its widgets: click a unit of a
feature map, toggle the colour scale, take one training step, the im2col lens, pooling's
winners; an MLP design says there is nothing to look into; a trained CNN's first-layer
weights are shown as kernels."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.design import spec
from core.explain.convolution import Im2colLens
from core.explain.numbers import number
from designer.document.document import Document
from designer.document.model_store import ModelStore
from designer.pages.explore.explore_page import ExplorePage

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.usefixtures("offline")


@pytest.fixture
def cnn_page(show_page, datasets_dir, qtbot):
    doc = Document()
    doc.load_design(spec.load(EXAMPLES / "mnist_cnn.json"))
    page = show_page(ExplorePage(doc, ModelStore(), data_dir=datasets_dir))
    page.show_panel(page.convolution)
    qtbot.waitUntil(lambda: page.convolution.inside is not None, timeout=15000)  # the test set loads in the background
    return page


def test_clicking_a_feature_map_unit_outlines_its_receptive_field_and_writes_its_dot_product(cnn_page, qtbot):
    panel = cnn_page.convolution
    panel.set_layer(2)  # the second convolution: 16 channels in, behind a pooling layer
    grid = panel.maps_view
    assert grid.maps().shape == (32, 14, 14)
    with qtbot.waitSignal(panel.unitChosen) as chosen:
        qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.unit_centre(5, 3, 4).toPoint())
    assert chosen.args == [2, 5, 3, 4]
    # on the input digit: conv 3×3 (padding 1) after a 2×2 pool after conv 3×3 (padding 1)
    assert panel.input_view.outline() == (-1, 3, 5, 10, 12)
    assert "rows 4–11, columns 6–13" in panel.field_label.text()
    text = panel.dot_label.text().splitlines()
    layer = panel.layer
    W, b = layer.params["W"], layer.params["b"]
    patch = np.pad(layer.x, ((0, 0), (1, 1), (1, 1)))[:, 3:6, 4:7]
    sums = (patch * W[5]).reshape(16, -1).sum(axis=1)
    z = sums.sum() + b[5]
    assert len(text) == 16 + 2  # a line per channel, the sum with the bias, the activation
    assert text[0].startswith("c₁: ") and text[0].endswith(f"= {number(sums[0])}")
    assert text[16].startswith("z₆[4, 5] = ") and text[16].endswith(f"= {number(z)}")
    assert text[17] == f"a₆[4, 5] = ReLU({number(z)}) = {number(max(z, 0.0))}"
    assert number(layer.a[5, 3, 4]) == number(max(z, 0.0))
    assert grid.outline() == (5, 3, 4, 3, 4)


def test_the_colour_scale_toggles_between_shared_and_per_map(cnn_page, qtbot):
    panel = cnn_page.convolution
    grid = panel.maps_view
    assert panel.shared_check.isChecked() and grid.shared_scale
    before = grid.grab().toImage()
    qtbot.mouseClick(panel.shared_check, Qt.MouseButton.LeftButton)
    assert not grid.shared_scale
    assert grid.grab().toImage() != before  # weak maps are painted darker on their own scale
    qtbot.mouseClick(panel.shared_check, Qt.MouseButton.LeftButton)
    assert grid.shared_scale


def test_one_training_step_shows_the_kernel_gradients_off_the_gui_thread(cnn_page, qtbot):
    panel = cnn_page.convolution
    assert not panel.gradients_view.isVisible()
    with qtbot.waitSignal(panel.stepped, timeout=30000) as stepped:
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
        assert not panel.step_button.isEnabled()  # running in the background
    result = stepped.args[0]
    assert panel.gradients_view.isVisible() and panel.step_button.isEnabled()
    np.testing.assert_allclose(panel.gradients_view.maps(), result.gradients["layers.0.W"].reshape(-1, 3, 3))
    assert "went from" in panel.step_label.text() and number(result.loss_before) in panel.step_label.text()
    assert result.loss_after < result.loss_before


def test_the_lens_lights_the_units_row_and_col2im_comes_back(cnn_page, qtbot):
    panel = cnn_page.convolution
    panel.set_layer(0)
    panel.choose_unit(2, 10, 11)
    panel.views.setCurrentIndex(1)
    lines = panel.lens_label.text().splitlines()
    layer = panel.layer
    lens = Im2colLens(layer.x, layer.params["W"], layer.params["b"], (1, 1), (1, 1))
    row = 10 * 28 + 11
    assert lines[0].startswith(f"col[{row + 1}] = patch(11, 12) = ({number(lens.col[row, 0])}")
    assert lines[2].endswith(f"= {number(lens.maps[2, 10, 11])} = z₃[11, 12]")
    assert any(line.startswith("col2im: ∂L/∂x[1, 10, 11] = ") for line in lines)
    assert panel.lens_view.captions() == ["col", "K_col", "col · K_col + b", "z₃  (16 × 28 × 28)", "∂L/∂z", "∂L/∂col",
                                          "∂L/∂x₁  (1 × 28 × 28)"]


def test_the_pooling_view_marks_each_windows_winner(cnn_page, qtbot):
    panel = cnn_page.convolution
    panel.set_layer(1)
    panel.choose_unit(4, 6, 7)
    panel.views.setCurrentIndex(2)
    layer = panel.layer
    marks = panel.pool_input_view._marks  # noqa: SLF001 - what is painted
    assert marks.shape == (1, 28, 28) and marks.sum() == 14 * 14
    winners = layer.x[4][marks[0] > 0]
    np.testing.assert_allclose(np.sort(winners), np.sort(layer.a[4].ravel()))
    assert panel.pool_input_view.outline() == (0, 12, 14, 13, 15)
    assert panel.dot_label.text().startswith("a₅[7, 8] = max(") and panel.dot_label.text().endswith(number(layer.a[4, 6, 7]))


def test_the_inspector_steps_through_a_conv_design_forward_and_backward(cnn_page, qtbot):
    ins = cnn_page.inspector
    cnn_page.show_panel(ins)
    qtbot.waitUntil(lambda: ins.trace is not None, timeout=15000)
    seen = []
    ins.steps.restart()
    while True:
        step = ins.steps.current_step
        seen.append((step.kind, step.layer))
        assert ins.steps.formula_label.text() == step.formula and ins.steps.step_title.text()
        if step.kind == "convolution":
            assert ins.steps.worked_scroll.isVisible() and ins.steps.worked_label.text().startswith(("z₁[", "c₁: "))
            assert [v.title.text().split()[0] for v in ins.steps.visible_views()] == ["x", "K", "b", "z"]
        if step.kind == "maxpool2d":
            assert "mask" in [v.title.text().split()[0] for v in ins.steps.visible_views()]
        if not ins.steps.next_button.isEnabled():
            break
        qtbot.mouseClick(ins.steps.next_button, Qt.MouseButton.LeftButton)
    assert seen[:4] == [("input", None), ("convolution", 0), ("activation", 0), ("maxpool2d", 1)]
    assert ("flatten_gradient", 4) in seen and ("weight_gradient", 2) in seen and seen[-1] == ("input_gradient", 0)


def test_an_mlp_design_has_nothing_to_look_into(show_page, datasets_dir, qtbot):
    doc = Document()
    doc.load_design(spec.load(EXAMPLES / "mnist_mlp.json"))
    page = show_page(ExplorePage(doc, ModelStore(), data_dir=datasets_dir))
    page.show_panel(page.convolution)
    panel = page.convolution
    assert panel.layer is None and panel.layer_combo.count() == 0
    assert "no convolution or pooling layer" in panel.message_label.text()
    assert not panel.step_button.isEnabled()
    # only the sentence shows: no empty grids, lists or buttons
    assert panel.message_label.isVisible() and not panel.views.isVisible() and not panel.input_view.isVisible()
    # and once the design has a convolution, everything is back
    doc.load_design(spec.load(EXAMPLES / "mnist_cnn.json"))
    qtbot.waitUntil(lambda: panel.inside is not None, timeout=15000)
    assert panel.views.isVisible() and panel.input_view.isVisible() and panel.layer_combo.count() > 0


@pytest.fixture(scope="module")
def trained_cnn(datasets_dir):
    """The MNIST CNN after 300 steps on a small subset (the Explore page's trained model)."""
    from core.data.datasets import load_dataset
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer

    design = spec.load(EXAMPLES / "mnist_cnn.json")
    data = load_dataset("mnist", datasets_dir)
    model = build_model(design)
    optimizer = make_optimizer(design.training.optimizer)
    x, y = data.normalise(data.x_train[:3000]), data.y_train[:3000]
    rng = np.random.default_rng(0)
    for _ in range(300):
        idx = rng.choice(len(x), 32, replace=False)
        model.train_step(x[idx], y[idx], optimizer)
    accuracy = model.evaluate(data.normalise(data.x_test[:500]), data.y_test[:500])[1]
    return design, model, data.normalisation, accuracy


def test_a_trained_cnn_shows_sensible_weights_and_feature_maps(trained_cnn, show_page, datasets_dir, qtbot):
    from core.io.bundle import Bundle

    design, model, normalisation, accuracy = trained_cnn
    assert accuracy > 0.85  # it did learn something
    doc = Document()
    doc.load_design(design)
    store = ModelStore()
    store.set_bundle(Bundle(design, model.get_weights(), normalisation=normalisation), "trained")
    page = show_page(ExplorePage(doc, store, data_dir=datasets_dir))
    page.show_panel(page.weights)
    weights = page.weights
    assert weights.origin == "trained" and weights.mosaic.isVisible() and not weights.matrix_view.isVisible()
    assert weights.mosaic_shape == (4, 4)  # 16 kernels of 3 × 3
    assert "kernel" in weights.weights_note.text()
    weights.layer_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: weights.histogram_result is not None, timeout=15000)
    assert "16 × 28 × 28" not in weights.stats_label.text() and "12,544" in weights.stats_label.text()

    page.show_panel(page.convolution)
    panel = page.convolution
    qtbot.waitUntil(lambda: panel.inside is not None, timeout=15000)
    assert panel.origin == "trained"
    np.testing.assert_allclose(panel.kernels_view.maps(), model.parameters["layers.0.W"].reshape(-1, 3, 3), rtol=1e-6)
    # the strongest unit of map 1 is chosen at first, and its written value is the map's
    _, f, y, x = panel.unit
    assert panel.dot_label.text().splitlines()[-1].endswith(f"= {number(panel.layer.a[f, y, x])}")


def test_the_gradient_check_covers_a_conv_design_with_the_shared_nudge(cnn_page, qtbot):
    from core.nn.gradcheck import EPS

    panel = cnn_page.gradcheck
    cnn_page.show_panel(panel)
    panel.entries_spin.setValue(10)
    with qtbot.waitSignal(panel.checked, timeout=60000) as done:
        qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert EPS == 1e-6 and report.eps == EPS
    # every weight and bias array of the design is checked: the two convolutions and the Dense layer
    with_weights = [i for i, layer in enumerate(spec.load(EXAMPLES / "mnist_cnn.json").layers) if layer.type in ("conv2d", "dense")]
    assert [r.name for r in report.rows] == [f"layers.{i}.{p}" for i in with_weights for p in ("W", "b")]
    assert report.passed, [(r.name, r.relative_error) for r in report.rows]
    assert "h = 1e−6" in panel.status_label.text()
    assert [row[2] for row in panel.result_texts()][:1] == ["16 × 1 × 3 × 3"]
