"""File → Export…: the network leaves as ONNX or as a PyTorch script, the dialog reports how
closely it matches LayerLab, and what the script trains comes back through File → Open…."""
from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.designer.design_helpers import ROOT, no_dialogs, window  # noqa: F401 - fixtures
from tests.engines import onnxruntime, torch  # noqa: F401 - fixtures
from tests.scale_layer import scale_type  # noqa: F401 - fixture


@pytest.fixture
def mnist_here(monkeypatch, datasets_dir):
    monkeypatch.setenv("LAYERLAB_DATA", str(datasets_dir))


def open_dialog(window, title="Export"):
    window.export_action.trigger()
    dialog = window.export_dialog
    assert dialog.isVisible() and dialog.windowTitle() == title
    return dialog


def export(qtbot, dialog, fmt: str, path) -> str:
    dialog.set_format(fmt)
    dialog.path_edit.setText(str(path))
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.export_button.isEnabled()  # one export at a time, off the GUI thread
    assert signal.args == [str(path)]
    return dialog.report_label.text()


def largest_difference(report: str) -> float:
    return float(re.search(r"the largest difference between their outputs is (\S+), and", report).group(1))


def test_the_file_menu_exports_the_trained_model_to_onnx_with_a_parity_report(window, qtbot, tmp_path, mnist_here, onnxruntime):
    from designer.document.bundled_model import use_shipped_model

    assert window.export_action in window.menuBar().actions()[0].menu().actions()
    assert use_shipped_model(window.model_store, "mnist_mlp")  # the app starts with the CNN, the best shipped model
    dialog = open_dialog(window)
    assert dialog.exports_trained_model  # the shipped MNIST MLP belongs to the MNIST MLP example
    assert "trained model of “MNIST MLP”" in dialog.what_label.text()
    report = export(qtbot, dialog, "onnx", tmp_path / "mnist.onnx")
    assert report.startswith("10 test images through LayerLab and onnxruntime: the largest difference")
    assert largest_difference(report) < 1e-5
    assert "same answer for 10 of 10" in report and report.endswith("They compute the same network.")
    assert dialog.status_label.text() == "Wrote mnist.onnx."
    import onnx

    onnx.checker.check_model(onnx.load(tmp_path / "mnist.onnx"), full_check=True)


def test_the_pytorch_script_and_the_model_it_trains_come_back_through_file_open(window, qtbot, tmp_path, mnist_here, mnist_test, torch):
    dialog = open_dialog(window)
    report = export(qtbot, dialog, "pytorch", tmp_path / "net.py")
    assert report.startswith("10 test images through LayerLab and torch") and largest_difference(report) < 1e-4
    assert "python net.py --data-dir DIR" in dialog.status_label.text()
    dialog.close()

    # what a run elsewhere (a GPU, torchrun) leaves behind: a model file written by the script
    from tests.core.export.script_helpers import import_script

    net_py = import_script(tmp_path / "net.py")
    net = net_py.load_layerlab(ROOT / "resources" / "models" / "mnist_mlp.npz")
    with torch.no_grad():
        net.layers.dense4.bias += 0.5  # "trained further": no longer the shipped weights
    net_py.save_layerlab(net, tmp_path / "from_gpu.npz", {"loss": [0.3], "accuracy": [0.9], "val_loss": [0.2],
                                                          "val_accuracy": [0.95], "seconds": [12.0]})
    assert window.files.open_path(tmp_path / "from_gpu.npz", ask=False)
    assert window.model_store.origin == str(tmp_path / "from_gpu.npz")
    page = window.test_page
    assert "opened from from_gpu.npz" in page.model_label.text() and "95.0 %" in page.model_label.text()
    x, _ = mnist_test
    page.show_test_image(x[0, 0] / 255.0)
    label, probabilities = page.prediction()
    seen = page.input_pixels() * 255.0  # the 28×28 the network was given, back in raw pixel values
    expected = net_py.predict_proba(net, seen)[0]
    assert label == int(np.argmax(expected)) and np.abs(probabilities - expected).max() < 1e-4

    with torch.no_grad():
        net.layers.dense0.weight[0, 0] = float("inf")
    net_py.save_layerlab(net, tmp_path / "diverged.npz")
    assert not window.files.open_path(tmp_path / "diverged.npz", ask=False)  # refused like any model file
    assert "NaN or infinite" in window.error_dialog.text() + window.error_dialog.detailedText()
    window.error_dialog.close()
    assert window.model_store.origin == str(tmp_path / "from_gpu.npz")


@pytest.fixture
def mnist_test(datasets_dir):
    from core.data.datasets import load_dataset

    data = load_dataset("mnist", datasets_dir)
    return data.x_test[:10], data.y_test[:10]


def test_a_changed_design_is_exported_untrained_and_an_engine_missing_is_said(window, qtbot, tmp_path, monkeypatch, offline):
    from core.export import parity

    window.design_page.add_layer("dropout")  # the trained model no longer fits the design
    monkeypatch.setattr(parity, "engine_installed", lambda name: False)
    dialog = open_dialog(window)
    assert not dialog.exports_trained_model and "untrained" in dialog.what_label.text()
    report = export(qtbot, dialog, "onnx", tmp_path / "untrained.onnx")
    assert report == "The exported model was not compared with LayerLab: onnxruntime is not installed here (pip install onnxruntime)."
    assert dialog.status_label.text() == "Wrote untrained.onnx. It holds the untrained network."
    assert (tmp_path / "untrained.onnx").stat().st_size > 1000


def test_without_the_dataset_random_inputs_are_compared(window, qtbot, tmp_path, offline, onnxruntime):
    dialog = open_dialog(window)
    report = export(qtbot, dialog, "onnx", tmp_path / "m.onnx")
    assert report.startswith("The test images are not on this computer, so 10 random inputs went through LayerLab and onnxruntime")
    assert largest_difference(report) < 1e-5


def test_a_design_with_problems_or_an_unwritable_file_is_refused_before_any_work(window, qtbot, tmp_path):
    dialog = open_dialog(window)
    dialog.path_edit.setText(str(tmp_path))  # a folder
    with qtbot.waitSignal(dialog.exportFailed, timeout=1000) as signal:
        assert not dialog.start_export()
    assert signal.args[0] == f"{tmp_path} cannot be written: is a folder"
    assert dialog.status_label.text() == f"Not exported. {tmp_path} cannot be written: is a folder"
    dialog.path_edit.setText(str(tmp_path / "x.onnx"))
    dialog.set_format("pytorch")
    assert dialog.path_edit.text() == str(tmp_path / "x.py")  # the file's ending follows the format
    dialog.close()

    window.document.set_value("layers[4].units", 3)  # MNIST has 10 classes
    dialog = open_dialog(window)
    assert not dialog.export_button.isEnabled()
    assert dialog.status_label.text().startswith("The design cannot be exported, since it cannot be trained: ")
    assert "10" in dialog.status_label.text()
    assert not dialog.start_export() and not list(tmp_path.iterdir())


def test_closing_the_dialog_mid_export_lets_the_export_end_unheard(window, qtbot, tmp_path, offline):
    dialog = open_dialog(window)
    dialog.path_edit.setText(str(tmp_path / "m.onnx"))
    assert dialog.start_export()
    heard = []
    window.export_runner.ended.connect(lambda: heard.append("ended"))  # emitted in the GUI thread
    dialog.close()
    qtbot.waitUntil(lambda: window.export_runner.threads_alive == 0, timeout=30_000)
    assert (tmp_path / "m.onnx").exists() and heard == []  # the export finished, unheard


def test_the_dialog_in_japanese_has_no_english_left(japanese, window, qtbot, tmp_path, offline):
    from tests.designer.visible_texts import english_words, visible_texts

    dialog = open_dialog(window, "書き出し")
    dialog.path_edit.setText(str(tmp_path / "m.onnx"))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.start_export()
    allowed = {"ONNX", "PyTorch", "onnxruntime", "torch", "numpy", "torchrun", "pip", "install", "onnx", "python", "DIR",
               "data-dir", "MLP", "GPU"}
    texts = [text for _, text in visible_texts(dialog) if str(tmp_path) not in text]  # not the file's own name
    texts.append(dialog.status_label.text().replace("m.onnx", ""))
    left = {(text, w) for text in texts for w in english_words(text) if w not in allowed}
    assert left == set()
    assert "を書き出しました" in dialog.status_label.text() and "ランダムな入力 10 個" in dialog.report_label.text()
    assert "書き出し" in window.export_action.text()


def test_a_layer_type_without_an_export_mapping_is_named_in_the_dialog(window, qtbot, tmp_path, scale_type, offline):
    from core.design import spec

    design = spec.from_dict({
        "format": "layerlab-design", "version": 1, "name": "scaled", "dataset": "xor", "input": {"shape": [2]},
        "layers": [{"type": "dense", "units": 8, "activation": "tanh"}, {"type": "scale", "start": 0.5},
                   {"type": "dense", "units": 2, "activation": "softmax"}],
    })
    window.document.load_design(design)
    dialog = open_dialog(window)
    dialog.path_edit.setText(str(tmp_path / "scaled.onnx"))
    with qtbot.waitSignal(dialog.exportFailed, timeout=30_000) as signal:
        assert dialog.start_export()
    assert signal.args[0] == "This network cannot be exported to ONNX yet: LayerLab has no ONNX version of the layer type “scale”."
    assert dialog.status_label.text() == "Not exported. " + signal.args[0]
    assert not (tmp_path / "scaled.onnx").exists() and dialog.export_button.isEnabled()
