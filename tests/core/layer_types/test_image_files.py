"""A CNN design like an MLP one: it trains on real MNIST (a subset), saves and reopens, its model
file holds conv weights as (filters, channels, kh, kw) checked against the design, and it
evaluates and predicts from the command line."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.design import spec
from core.io.bundle import BundleError, expected_shapes, load_bundle, save_bundle
from core.nn.predictor import Predictor
from core.train.loop import train_design

ROOT = Path(__file__).resolve().parents[3]
CNN = ROOT / "resources" / "examples" / "mnist_cnn.json"


@pytest.fixture(scope="module")
def mnist_subset(datasets_dir):
    """4,000 training images and 1,000 test images of the real MNIST."""
    from core.data.datasets import load_dataset

    data = load_dataset("mnist", datasets_dir)
    return dataclasses.replace(data, x_train=data.x_train[:4000], y_train=data.y_train[:4000],
                               x_test=data.x_test[:1000], y_test=data.y_test[:1000])


@pytest.fixture(scope="module")
def trained(mnist_subset, tmp_path_factory):
    """The example CNN after one short epoch on the subset, saved as a model file."""
    design = spec.load(CNN)
    run = train_design(design, mnist_subset, epochs=1)
    path = tmp_path_factory.mktemp("cnn") / "cnn.npz"
    save_bundle(path, design=design, weights=run.model.get_weights(), history=run.result.history.as_dict(),
                normalisation=run.normalisation)
    return run, path


def test_one_short_epoch_on_real_digits_makes_the_loss_fall(trained):
    run, _ = trained
    losses = run.result.history.batch_loss
    assert run.result.status == "completed" and len(losses) == 29  # 3,600 training images in batches of 128
    assert np.mean(losses[-5:]) < 0.5 * np.mean(losses[:5])
    assert run.result.test_accuracy > 0.7  # ten classes: chance is 0.1


def test_the_design_saves_and_reopens_equal(tmp_path):
    design = spec.load(CNN)
    spec.dump(design, tmp_path / "cnn.json")
    again = spec.load(tmp_path / "cnn.json")
    assert again == design and json.loads((tmp_path / "cnn.json").read_text())["version"] == 2


def test_the_model_file_holds_conv_weights_as_filters_channels_kh_kw(trained):
    run, path = trained
    bundle = load_bundle(path)
    assert bundle.design == spec.load(CNN)
    assert {k: v.shape for k, v in bundle.weights.items()} == {
        "layers.0.W": (16, 1, 3, 3), "layers.0.b": (16,), "layers.2.W": (32, 16, 3, 3), "layers.2.b": (32,),
        "layers.5.W": (1568, 128), "layers.5.b": (128,), "layers.7.W": (128, 10), "layers.7.b": (10,),
    }
    for name, w in run.model.parameters.items():
        np.testing.assert_array_equal(bundle.weights[name], w)


def test_a_predictor_takes_pictures_and_rows_like_for_an_mlp(trained, mnist_subset):
    run, path = trained
    predictor = Predictor(load_bundle(path))
    assert predictor.takes_images
    digits = mnist_subset.x_test[:50]
    probs = predictor.dataset_probabilities(digits)
    np.testing.assert_allclose(probs, run.model.predict_proba(mnist_subset.normalise(digits)), atol=1e-6)
    label, p, _ = predictor.classify(digits[0].reshape(28, 28).astype(np.float32) / 255, white_on_black=True)
    assert p.shape == (10,) and abs(p.sum() - 1) < 1e-5 and label == int(np.argmax(p))


def wrong(weights: dict, name: str, value) -> dict:
    return {**weights, name: value}


@pytest.mark.parametrize("name, value, message", [
    ("layers.0.W", np.zeros((16, 1, 3, 2), np.float32), r"array layers\.0\.W has shape \(16, 1, 3, 2\) but the design needs \(16, 1, 3, 3\)"),
    ("layers.2.W", np.zeros((32, 16, 9), np.float32), r"array layers\.2\.W has shape \(32, 16, 9\)"),
    ("layers.2.W", np.zeros((16, 32, 3, 3), np.float32), r"layers\.2\.W has shape \(16, 32, 3, 3\) but the design needs \(32, 16, 3, 3\)"),
    ("layers.0.W", np.zeros((16, 1, 3, 3), np.int32), r"array layers\.0\.W holds int32 values"),
    ("layers.0.b", np.zeros(16, np.float16), r"array layers\.0\.b holds float16 values"),
])
def test_conv_weights_of_the_wrong_shape_or_dtype_are_refused_naming_the_array(trained, tmp_path, name, value, message):
    _, path = trained
    good = load_bundle(path)
    with pytest.raises(BundleError, match=message):  # refused when saving...
        save_bundle(tmp_path / "x.npz", design=good.design, weights=wrong(good.weights, name, value), normalisation=good.normalisation)
    # ...and when a file written by anything else holds them
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays[f"weights/{name}"] = value
    hostile = tmp_path / "hostile.npz"
    with open(hostile, "wb") as f:
        np.savez(f, **arrays)
    with pytest.raises(BundleError, match=message):
        load_bundle(hostile)


def test_expected_shapes_of_a_conv_design():
    assert expected_shapes(spec.load(CNN))["layers.2.W"] == (32, 16, 3, 3)


def cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=300)


def small_mnist_folder(folder: Path, data) -> Path:
    """The subset as MNIST's own IDX files, for a command line without a subset option."""
    from core.data.idx import write_idx

    mnist = folder / "mnist"
    mnist.mkdir(parents=True)
    for stem, array in (("train-images-idx3-ubyte", data.x_train[:500].reshape(-1, 28, 28)), ("train-labels-idx1-ubyte", data.y_train[:500]),
                        ("t10k-images-idx3-ubyte", data.x_test.reshape(-1, 28, 28)), ("t10k-labels-idx1-ubyte", data.y_test)):
        write_idx(mnist / f"{stem}.gz", np.ascontiguousarray(array, dtype=np.uint8))
    return folder


def test_the_command_line_evaluates_and_predicts_with_a_cnn(trained, mnist_subset, tmp_path):
    run, path = trained
    ev = cli("evaluate", path, "--data-dir", small_mnist_folder(tmp_path / "data", mnist_subset), "--json")
    assert ev.returncode == 0, ev.stderr
    result = json.loads(ev.stdout)
    assert result["samples"] == 1_000
    assert result["accuracy"] == pytest.approx(run.result.test_accuracy, abs=1e-6)  # the same 1,000 test images
    assert np.array(result["confusion_matrix"]).sum() == 1_000

    from PIL import Image

    image = tmp_path / "digit.png"
    Image.fromarray(mnist_subset.x_test[0].reshape(28, 28)).save(image)
    pr = cli("predict", path, image, "--json")
    assert pr.returncode == 0, pr.stderr
    out = json.loads(pr.stdout)
    expected = Predictor(load_bundle(path)).classify(np.asarray(Image.open(image), dtype=np.float32) / 255)[0]
    assert out["label"] == expected and len(out["probabilities"]) == 10
