"""The shipped models: the manifest picks the best one, its figures are true, and the CNN's file is sound."""
from __future__ import annotations

import numpy as np
import pytest

from core.data.datasets import load_dataset
from core.design import spec
from core.io import shipped
from core.io.bundle import load_bundle
from core.io.resources import examples_dir
from core.io.shipped import ShippedModel, best_shipped_model, record_shipped_model, shipped_models
from core.nn.model import build_model
from core.train.loop import evaluate


def model_files(folder, *names):
    for name in names:
        (folder / f"{name}.npz").write_bytes(b"")  # only its presence counts here


def test_the_best_shipped_model_is_the_one_with_the_highest_recorded_test_accuracy(tmp_path):
    model_files(tmp_path, "small", "big", "gone")
    record_shipped_model(ShippedModel("small", 0.9812, 10_000, "mnist"), tmp_path)
    record_shipped_model(ShippedModel("big", 0.9915, 10_000, "mnist"), tmp_path)
    record_shipped_model(ShippedModel("gone", 0.999, 10_000, "mnist"), tmp_path)
    (tmp_path / "gone.npz").unlink()  # recorded, but not installed: never offered
    assert [m.name for m in shipped_models(tmp_path)] == ["big", "small"]
    assert best_shipped_model(tmp_path) == ShippedModel("big", 0.9915, 10_000, "mnist")

    record_shipped_model(ShippedModel("small", 0.995, 10_000, "mnist"), tmp_path)  # retrained: its figure is replaced
    assert best_shipped_model(tmp_path).name == "small"
    assert len(shipped_models(tmp_path)) == 2


@pytest.mark.parametrize("text", [
    "", "not json", "[]", '{"format": "something-else", "models": {"a": {}}}', '{"format": "layerlab-shipped-models"}',
])
def test_a_missing_or_damaged_manifest_means_no_shipped_model(tmp_path, text):
    model_files(tmp_path, "a")
    assert shipped_models(tmp_path) == [] and best_shipped_model(tmp_path) is None  # no manifest at all
    (tmp_path / shipped.MANIFEST).write_text(text)
    assert shipped_models(tmp_path) == []


def test_entries_with_impossible_figures_or_names_are_skipped(tmp_path):
    model_files(tmp_path, "ok", "high", "nan")
    (tmp_path / shipped.MANIFEST).write_text(
        '{"format": "layerlab-shipped-models", "models": {'
        '"ok": {"test_accuracy": 0.97, "test_images": 100, "dataset": "mnist"},'
        '"high": {"test_accuracy": 1.5, "test_images": 100, "dataset": "mnist"},'
        '"nan": {"test_accuracy": NaN, "test_images": 100, "dataset": "mnist"},'
        '"../../etc/passwd": {"test_accuracy": 0.99, "test_images": 100, "dataset": "mnist"}}}')
    assert [m.name for m in shipped_models(tmp_path)] == ["ok"]


def test_an_oversized_manifest_is_not_read(tmp_path):
    model_files(tmp_path, "a")
    (tmp_path / shipped.MANIFEST).write_text(" " * (shipped.MAX_MANIFEST_BYTES + 1) + "{}")
    assert shipped_models(tmp_path) == []


# --------------------------------------------------------------------------- the files in resources/models


def test_both_mnist_models_ship_and_the_cnn_is_the_best():
    names = [m.name for m in shipped_models()]
    assert set(names) >= {"mnist_mlp", "mnist_cnn"}
    assert best_shipped_model().name == "mnist_cnn"


@pytest.mark.parametrize("model", shipped_models(), ids=lambda m: m.name)
def test_every_recorded_test_accuracy_is_what_the_file_scores(model, datasets_dir):
    bundle = load_bundle(model.path)
    data = load_dataset(model.dataset, datasets_dir)
    net = build_model(bundle.design)
    net.set_weights(bundle.weights)
    _, accuracy = evaluate(net, data.x_test, data.y_test, data.normalise, gather=data.normalise_rows)
    assert len(data.y_test) == model.test_images
    assert accuracy == pytest.approx(model.test_accuracy, abs=1e-6)


def test_the_shipped_cnn_opens_is_float32_and_is_the_example_design():
    model = next(m for m in shipped_models() if m.name == "mnist_cnn")
    assert model.test_accuracy >= 0.99
    bundle = load_bundle(model.path)  # every array checked against the stored design
    example = spec.load(examples_dir() / "mnist_cnn.json")
    # the network is the example's (its training recipe may be tuned after the model was made)
    assert bundle.design.input_shape == example.input_shape
    assert [spec.layer_to_dict(layer) for layer in bundle.design.layers] == [spec.layer_to_dict(layer) for layer in example.layers]
    assert all(w.dtype == np.float32 for w in bundle.weights.values())
    assert bundle.weights["layers.0.W"].shape == (16, 1, 3, 3)  # (filters, channels, kh, kw)
    assert model.path.stat().st_size < 200_000
