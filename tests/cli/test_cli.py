"""The command line as a user runs it: real processes, real data, real files."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.design import spec
from core.layer_types.dense import DenseSpec

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, cwd=ROOT):
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)
    return proc


def one_error_line(proc):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def small_mnist_design(tmp_path, **changes) -> Path:
    d = spec.load(ROOT / "resources/examples/mnist_mlp.json")
    d.layers = [DenseSpec(32, "relu"), DenseSpec(10, "softmax")]
    d.training.epochs = 1
    for k, v in changes.items():
        setattr(d, k, v)
    path = tmp_path / "small.json"
    spec.dump(d, path)
    return path


def test_check_prints_shapes_and_params():
    proc = cli("check", "resources/examples/mnist_mlp.json", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["valid"] is True
    assert out["layers"][0] == {"index": 0, "type": "dense", "output_shape": [512], "params": 784 * 512 + 512, "macs": 784 * 512}
    assert out["params"] == sum(l["params"] for l in out["layers"])


def test_check_prints_image_shapes_params_and_multiply_adds():
    proc = cli("check", "resources/examples/mnist_cnn.json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "MNIST CNN: input 1×28×28"
    first = lines[1].split()
    assert first[:2] == ["0", "Conv2D(16,"] and "16×28×28" in first and "160" in first and "112,896" in first
    assert "1,031,744 multiply-adds per sample" in lines[-1]
    out = json.loads(cli("check", "resources/examples/mnist_cnn.json", "--json").stdout)
    assert [l["output_shape"] for l in out["layers"]] == [[16, 28, 28], [16, 14, 14], [32, 14, 14], [32, 7, 7], [1568], [1568], [10]]
    assert [l["params"] for l in out["layers"]] == [160, 0, 4640, 0, 0, 0, 15690]
    assert [l["macs"] for l in out["layers"]] == [16 * 784 * 9, 0, 32 * 196 * 16 * 9, 0, 0, 0, 15680]
    assert out["valid"] and out["findings"] == []


def test_check_shows_a_layer_that_cannot_take_its_input(tmp_path):
    doc = json.loads((ROOT / "resources/examples/mnist_cnn.json").read_text())
    doc["layers"][2]["kernel_size"] = 20  # 14×14 after the first pooling, padding 1
    path = tmp_path / "big_kernel.json"
    path.write_text(json.dumps(doc))
    proc = cli("check", path, "--json")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    out = json.loads(proc.stdout)
    assert [l["output_shape"] for l in out["layers"]][1:3] == [[16, 14, 14], None]
    assert out["findings"][0]["path"] == "layers[2]" and "20×20 kernel is larger" in out["findings"][0]["message"]
    line = one_error_line(cli("check", path))
    assert "layers[2]: The 20×20 kernel is larger than its input with padding (16×16)" in line


@pytest.mark.parametrize("example", ["mnist_cnn", "xor_hidden"])
def test_gradcheck_compares_every_weight_array(example):
    proc = cli("gradcheck", f"resources/examples/{example}.json", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    d = spec.load(ROOT / f"resources/examples/{example}.json")
    from core.layer_types.walk import parameter_shapes

    shapes = parameter_shapes(d.layers, d.input_shape)
    assert [p["name"] for p in out["parameters"]] == list(shapes)
    for p in out["parameters"]:
        assert tuple(p["shape"]) == shapes[p["name"]] and p["checked"] == min(p["size"], out["entries_per_array"])
        assert 0 <= p["max_relative_error"] < 1e-6
    assert out["max_relative_error"] == max(p["max_relative_error"] for p in out["parameters"])
    assert out["passed"] is True and out["samples"] == 4


def test_gradcheck_in_words():
    proc = cli("gradcheck", "resources/examples/mnist_cnn.json")
    assert proc.returncode == 0, proc.stderr
    assert "layers.2.W 32×16×3×3" in proc.stdout and "40 of 4,608" in proc.stdout
    assert "the gradients agree" in proc.stdout.splitlines()[-1]


def test_gradcheck_refuses_bad_input_in_one_line(tmp_path):
    assert "no_such.json" in one_error_line(cli("gradcheck", tmp_path / "no_such.json"))
    (tmp_path / "bad.json").write_text("{ not json")
    assert "not valid JSON" in one_error_line(cli("gradcheck", tmp_path / "bad.json"))
    doc = json.loads((ROOT / "resources/examples/mnist_cnn.json").read_text())
    doc["input"]["shape"] = [784]
    (tmp_path / "flat.json").write_text(json.dumps(doc))
    line = one_error_line(cli("gradcheck", tmp_path / "flat.json", "--json"))
    assert "cannot check this design: layers[0]: A Conv2D layer takes an image" in line


def test_check_names_the_broken_field(tmp_path):
    bad = tmp_path / "bad.json"
    doc = json.loads((ROOT / "resources/examples/mnist_mlp.json").read_text())
    doc["layers"][2]["units"] = -3
    bad.write_text(json.dumps(doc))
    line = one_error_line(cli("check", bad))
    assert "layers[2].units: must be a positive integer, got -3" in line


def test_check_refuses_untrainable_design(tmp_path):
    path = small_mnist_design(tmp_path)
    d = spec.load(path)
    d.layers[-1].units = 7
    spec.dump(d, path)
    proc = cli("check", path)
    assert proc.returncode != 0
    assert "10" in proc.stderr and "Traceback" not in proc.stderr


def test_train_evaluate_predict_round_trip(tmp_path, datasets_dir):
    design = small_mnist_design(tmp_path)
    model = tmp_path / "m.npz"
    proc = cli("train", design, "--data-dir", datasets_dir, "--out", model, "--json")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(l) for l in proc.stdout.splitlines()]
    assert {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"} <= lines[0].keys()
    final = lines[-1]
    assert {"test_accuracy", "test_loss", "epochs", "seconds"} <= final.keys()
    assert final["epochs"] == 1 and 0.85 < final["test_accuracy"] <= 1.0

    ev = cli("evaluate", model, "--data-dir", datasets_dir, "--json")
    assert ev.returncode == 0, ev.stderr
    result = json.loads(ev.stdout)
    assert result["accuracy"] == pytest.approx(final["test_accuracy"], abs=1e-6)
    matrix = np.array(result["confusion_matrix"])
    assert matrix.shape == (10, 10) and matrix.sum() == 10_000
    assert np.trace(matrix) / 10_000 == pytest.approx(result["accuracy"], abs=1e-6)

    from PIL import Image

    from core.data.datasets import load_dataset

    data = load_dataset("mnist", datasets_dir)
    image = tmp_path / "digit.png"
    Image.fromarray(data.x_test[0].reshape(28, 28)).save(image)
    pr = cli("predict", model, image, "--json")
    assert pr.returncode == 0, pr.stderr
    out = json.loads(pr.stdout)
    assert len(out["probabilities"]) == 10 and abs(sum(out["probabilities"]) - 1) < 1e-3
    assert out["label"] == int(np.argmax(out["probabilities"]))
    assert out["label"] == int(data.y_test[0])


def test_train_human_output_has_a_line_per_epoch(tmp_path):
    d = spec.Design(name="xor", dataset="xor", input_shape=(2,), layers=[DenseSpec(8, "tanh"), DenseSpec(2, "softmax")])
    d.training.epochs = 3
    d.training.optimizer = spec.OptimizerSpec("adam", 0.01)
    path = tmp_path / "xor.json"
    spec.dump(d, path)
    proc = cli("train", path)
    assert proc.returncode == 0, proc.stderr
    assert [l.split()[1] for l in proc.stdout.splitlines() if l.startswith("epoch")] == ["1/3", "2/3", "3/3"]
    assert "test accuracy" in proc.stdout


def test_train_shows_each_epochs_learning_rate_as_the_schedule_sets_it(tmp_path):
    d = spec.Design(name="xor", dataset="xor", input_shape=(2,), layers=[DenseSpec(8, "tanh"), DenseSpec(2, "softmax")])
    d.training.epochs = 4
    d.training.optimizer = spec.OptimizerSpec("adam", 0.01)
    d.training.schedule = spec.ScheduleSpec("step", {"gamma": 0.5, "step_epochs": 2})
    path = tmp_path / "xor.json"
    spec.dump(d, path)
    proc = cli("train", path, "--json")
    assert proc.returncode == 0, proc.stderr
    epochs = [json.loads(line) for line in proc.stdout.splitlines()][:-1]
    assert [e["learning_rate"] for e in epochs] == [0.01, 0.01, 0.005, 0.005]
    # --epochs 3 with a cosine: the rate glides over those 3 epochs; the text shows it too
    d.training.schedule = spec.ScheduleSpec("cosine")
    spec.dump(d, path)
    proc = cli("train", path, "--epochs", "3")
    assert proc.returncode == 0, proc.stderr
    assert [l.split("lr ")[1].split()[0] for l in proc.stdout.splitlines() if l.startswith("epoch")] == ["0.01", "0.0075", "0.0025"]


def test_missing_dataset_is_one_clear_line(tmp_path):
    design = small_mnist_design(tmp_path)
    line = one_error_line(cli("train", design, "--data-dir", tmp_path / "nowhere"))
    assert "mnist" in line.lower()


def test_diverging_run_is_one_clear_line(tmp_path, datasets_dir):
    design = small_mnist_design(tmp_path)
    d = spec.load(design)
    # Squared error on unbounded outputs with a huge step overflows within a few batches.
    d.training.optimizer = spec.OptimizerSpec("sgd", 5.0)
    d.loss = "mse"
    d.layers = [DenseSpec(64, "relu"), DenseSpec(64, "relu"), DenseSpec(10, "none")]
    spec.dump(d, design)
    line = one_error_line(cli("train", design, "--data-dir", datasets_dir))
    assert "learning rate" in line


def blowing_up_design(tmp_path) -> Path:
    """The run a newcomer tried: SGD at learning rate 10 on 784-256-128-10. The first epoch's
    loss is in the trillions, and afterwards every ReLU of the second layer is dead."""
    d = spec.load(ROOT / "resources/examples/mnist_mlp.json")
    d.layers = [DenseSpec(256, "relu"), DenseSpec(128, "relu"), DenseSpec(10, "softmax")]
    d.training.epochs = 2
    d.training.optimizer = spec.OptimizerSpec("sgd", 10.0)
    path = tmp_path / "blows_up.json"
    spec.dump(d, path)
    return path


def test_a_run_that_blows_up_is_named_warned_about_and_saves_nothing(tmp_path, datasets_dir):
    model = tmp_path / "m.npz"
    proc = cli("train", blowing_up_design(tmp_path), "--data-dir", datasets_dir, "--out", model, "--json")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (warning,) = [l for l in proc.stderr.splitlines() if l.strip()]
    assert warning.startswith("warning: Training stopped: the loss exploded. Epoch 1 averaged ")
    assert "The learning rate (10) is probably too high: try 1." in warning
    assert "no trained model to keep" in warning and f"{model} was not written" in warning
    lines = [json.loads(l) for l in proc.stdout.splitlines()]
    assert lines[0]["epoch"] == 1 and lines[0]["loss"] > 1e6  # the epoch is still reported as it was
    final = lines[-1]
    assert final["status"] == "exploded" and final["epochs"] == 0 and final["test_accuracy"] is None
    assert "exploded" in final["message"] and "model" not in final
    assert not model.exists()


def test_a_blown_up_run_in_words(tmp_path, datasets_dir):
    proc = cli("train", blowing_up_design(tmp_path), "--data-dir", datasets_dir)
    assert proc.returncode == 1
    assert "warning: Training stopped: the loss exploded." in proc.stderr
    assert "no trained model: training exploded" in proc.stdout and "test accuracy" not in proc.stdout


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"not a zip at all"])
def test_damaged_model_file_is_one_clear_line(tmp_path, content):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(content)
    one_error_line(cli("evaluate", bad))
    img = tmp_path / "x.png"
    img.write_bytes(b"")
    one_error_line(cli("predict", bad, img))


def test_unreadable_image_is_one_clear_line(tmp_path, datasets_dir):
    design = small_mnist_design(tmp_path)
    model = tmp_path / "m.npz"
    assert cli("train", design, "--data-dir", datasets_dir, "--out", model).returncode == 0
    img = tmp_path / "not-an-image.png"
    img.write_text("hello")
    line = one_error_line(cli("predict", model, img))
    assert "not-an-image.png" in line


def test_missing_design_file_is_one_clear_line(tmp_path):
    line = one_error_line(cli("check", tmp_path / "absent.json"))
    assert "absent.json" in line
