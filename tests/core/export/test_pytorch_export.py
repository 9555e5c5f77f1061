"""The PyTorch script, imported as a user would: LayerLab's outputs, starting weights and
training steps, model files both ways, and a plain refusal of what cannot work."""
from __future__ import annotations

import ast
import copy
import io
from contextlib import redirect_stderr
from dataclasses import replace

import numpy as np
import pytest

from core.design import spec
from core.export.source import from_bundle, from_design
from core.io.bundle import BundleError, load_bundle
from core.nn.optimizers import OPTIMIZERS
from core.train.loop import train_design
from tests.conftest import EXAMPLES
from tests.core.export.script_helpers import script_for, write_script

#: the largest difference allowed between the script's outputs and LayerLab's (the issue's bound)
TOLERANCE = 1e-4
#: what the script may import: torch, numpy and the standard library
ALLOWED_IMPORTS = {"__future__", "argparse", "gzip", "math", "os", "sys", "tempfile", "time", "collections", "pathlib", "numpy", "torch"}


def test_the_script_needs_only_torch_numpy_and_the_standard_library(mlp_source, tmp_path):
    tree = ast.parse(write_script(mlp_source, tmp_path).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= ALLOWED_IMPORTS, imported - ALLOWED_IMPORTS
    names = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert {"Net", "build_net", "load_layerlab", "save_layerlab", "predict_proba", "main"} <= names


@pytest.mark.parametrize("which", ["mlp", "cnn"])
def test_loaded_from_a_model_file_it_gives_layerlabs_probabilities(which, request, mnist, torch, tmp_path):
    source = request.getfixturevalue(f"{which}_source")
    bundle = request.getfixturevalue("cnn_bundle") if which == "cnn" else EXAMPLES.parent / "models" / "mnist_mlp.npz"
    net_py = script_for(source, tmp_path)
    net = net_py.load_layerlab(bundle)
    x_raw = mnist.x_test[:1000]
    theirs = net_py.predict_proba(net, x_raw)
    ours = source.predict(x_raw)
    assert theirs.shape == (1000, 10) and theirs.dtype == np.float32
    assert np.abs(theirs - ours).max() < TOLERANCE
    assert (theirs.argmax(axis=1) == ours.argmax(axis=1)).all()


@pytest.mark.parametrize("example", ["mnist_mlp", "mnist_cnn", "fashion_mlp", "worked_example", "spirals"])
def test_build_net_starts_from_the_weights_layerlab_starts_from(example, torch, tmp_path):
    source = from_design(spec.load(EXAMPLES / f"{example}.json"))  # He, Xavier, fixed weights...
    net_py = script_for(source, tmp_path)
    weights = net_py.get_weights(net_py.build_net())
    assert list(weights) == list(source.weights)
    for name, value in source.weights.items():
        np.testing.assert_array_equal(weights[name], value, err_msg=name)


STEPS_DESIGN = {
    "format": "layerlab-design", "version": 2, "name": "steps", "dataset": "mnist", "input": {"shape": [784]},
    "layers": [{"type": "dense", "units": 32, "activation": "relu"}, {"type": "dense", "units": 10, "activation": "softmax"}],
    "loss": "cross_entropy",
    "training": {"optimizer": {"type": "adam", "learning_rate": 0.001}, "batch_size": 50, "epochs": 2, "validation_split": 0.1,
                 "init": "he", "seed": 5},
}
CNN_STEPS = [{"type": "conv2d", "filters": 4, "kernel_size": 3, "stride": 2, "activation": "relu"}, {"type": "avgpool2d"},
             {"type": "flatten"}, {"type": "dense", "units": 10, "activation": "softmax"}]


@pytest.mark.parametrize("loss,last", [("cross_entropy", "softmax"), ("mse", "sigmoid")])
@pytest.mark.parametrize("optimizer", [*OPTIMIZERS, "adam on a CNN"])
def test_it_trains_step_for_step_as_layerlab_does(optimizer, loss, last, mnist, torch, tmp_path):
    """Same starting weights, split, batch order, loss and optimizer: after two epochs the two
    networks still agree to float32 rounding (a wrong split, order or update would not)."""
    d = copy.deepcopy(STEPS_DESIGN)
    if optimizer == "adam on a CNN":
        optimizer = "adam"
        d["input"]["shape"], d["layers"] = [1, 28, 28], copy.deepcopy(CNN_STEPS)
    d["loss"], d["layers"][-1]["activation"] = loss, last
    d["training"]["optimizer"] = {"type": optimizer, "learning_rate": OPTIMIZERS[optimizer].default_learning_rate}
    design = spec.from_dict(d)
    subset = replace(mnist, x_train=mnist.x_train[:600], y_train=mnist.y_train[:600])
    run = train_design(design, subset, evaluate_test=False)
    net_py = script_for(from_design(design), tmp_path)
    net = net_py.build_net()
    history = net_py.train(net, net, (subset.x_train, subset.y_train), epochs=2, batch_size=50, lr=design.training.optimizer.learning_rate,
                           device=torch.device("cpu"), log=lambda *a, **k: None)
    np.testing.assert_allclose(history["loss"], run.result.history.loss, rtol=1e-5)
    np.testing.assert_allclose(history["val_accuracy"], run.result.history.val_accuracy)
    x_test = mnist.x_test[:200]
    ours = run.model.predict_proba(mnist.normalise(x_test).reshape(200, *design.input_shape))
    assert np.abs(net_py.predict_proba(net, x_test) - ours).max() < 1e-5
    theirs = net_py.get_weights(net)
    for name, value in run.model.get_weights().items():
        assert np.abs(theirs[name] - value).max() < 1e-5, name


@pytest.mark.parametrize("schedule", [{"type": "step", "gamma": 0.5, "step_epochs": 1}, {"type": "exponential", "gamma": 0.6},
                                      {"type": "cosine"}], ids=lambda s: s["type"])
def test_a_scheduled_design_trains_step_for_step_as_layerlab_does(schedule, mnist, torch, tmp_path):
    """The script's scheduler gives every epoch the rate LayerLab gives it: after three epochs of
    SGD (whose steps are the rate times the gradient) the two networks still agree."""
    d = copy.deepcopy(STEPS_DESIGN)
    d["training"].update(optimizer={"type": "sgd", "learning_rate": 0.2}, schedule=schedule, epochs=3)
    design = spec.from_dict(d)
    subset = replace(mnist, x_train=mnist.x_train[:600], y_train=mnist.y_train[:600])
    run = train_design(design, subset, evaluate_test=False)
    assert len(set(run.result.history.learning_rate)) == 3  # a rate of its own each epoch
    net_py = script_for(from_design(design), tmp_path)
    net = net_py.build_net()
    history = net_py.train(net, net, (subset.x_train, subset.y_train), epochs=3, batch_size=50, lr=0.2,
                           device=torch.device("cpu"), log=lambda *a, **k: None)
    np.testing.assert_allclose(history["learning_rate"], run.result.history.learning_rate, rtol=1e-12)
    np.testing.assert_allclose(history["loss"], run.result.history.loss, rtol=1e-5)
    theirs = net_py.get_weights(net)
    for name, value in run.model.get_weights().items():
        assert np.abs(theirs[name] - value).max() < 1e-5, name


@pytest.mark.parametrize("schedule", [{"type": "constant"}, {"type": "step", "gamma": 0.3, "step_epochs": 4},
                                      {"type": "exponential", "gamma": 0.95}, {"type": "cosine"}], ids=lambda s: s["type"])
def test_the_scripts_scheduler_gives_layerlabs_rate_for_every_epoch_of_any_run_length(schedule, torch, tmp_path):
    from core.train.schedules import learning_rates

    d = copy.deepcopy(STEPS_DESIGN)
    d["training"]["schedule"] = schedule
    design = spec.from_dict(d)
    net_py = script_for(from_design(design), tmp_path)
    for epochs in (1, 9, 30):  # --epochs N: the schedule runs over those N
        optimizer = net_py.make_optimizer(net_py.build_net().parameters(), 0.004)
        scheduler = net_py.make_scheduler(optimizer, epochs)
        rates = []
        for _ in range(epochs):
            rates.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
        assert rates == pytest.approx(learning_rates(design.training.schedule, 0.004, epochs), rel=1e-12, abs=0)


def test_its_model_files_open_in_layerlab_and_tampered_ones_are_refused(cnn_source, cnn_bundle, mnist, torch, tmp_path):
    net_py = script_for(cnn_source, tmp_path)
    net = net_py.load_layerlab(cnn_bundle)
    out = tmp_path / "back.npz"
    net_py.save_layerlab(net, out, {"loss": [0.5, 0.25], "accuracy": [0.8, 0.9], "val_loss": [0.4, 0.3],
                                    "val_accuracy": [0.85, 0.88], "seconds": [1.0, 1.1]})
    back = load_bundle(out)  # every array checked again, as for any model file
    assert back.design == cnn_source.design and back.history["accuracy"] == [0.8, 0.9]
    assert back.normalisation == cnn_source.normalisation
    assert np.abs(from_bundle(back).predict(mnist.x_test[:100]) - cnn_source.predict(mnist.x_test[:100])).max() < 1e-6
    assert not list(tmp_path.glob(".*.tmp"))  # written beside, then renamed over

    with torch.no_grad():
        net.layers.dense6.weight[3, 7] = float("nan")
    net_py.save_layerlab(net, out)
    with pytest.raises(BundleError) as e:
        load_bundle(out)
    assert e.value.code == "not_finite" and "layers.6.W" in str(e.value)

    net = net_py.load_layerlab(cnn_bundle)
    net.layers.conv2d0 = torch.nn.Conv2d(1, 8, kernel_size=5, padding=2)  # a kernel the design does not have
    net_py.save_layerlab(net, out)
    with pytest.raises(BundleError) as e:
        load_bundle(out)
    assert e.value.code == "wrong_shape" and "layers.0.W has shape (8, 1, 5, 5) but the design needs (8, 1, 3, 3)" in str(e.value)
    with pytest.raises(ValueError, match=r"array layers.0.W has shape \(8, 1, 5, 5\), but this network needs \(8, 1, 3, 3\)"):
        net_py.load_layerlab(out)  # the script refuses it too


def test_the_design_travels_exactly_whatever_its_name(torch, tmp_path):
    design = spec.load(EXAMPLES / "xor_hidden.json")
    design.name = 'a """quoted""" name \\ with \\n a backslash, "quotes" and 日本語\'\'\''
    design.description = 'ends with a quote"'
    source = from_design(design)
    net_py = script_for(source, tmp_path)
    assert net_py.DESIGN_JSON == spec.dumps(design) and net_py.TITLE == design.name
    net_py.save_layerlab(net_py.build_net(), tmp_path / "m.npz")
    assert load_bundle(tmp_path / "m.npz").design == design


def run_main(net_py, *args) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stderr(err):
        code = net_py.main(list(map(str, args)))
    return code, err.getvalue()


def test_its_command_line_refuses_what_cannot_work_in_one_line(mlp_source, torch, tmp_path, monkeypatch, datasets_dir):
    net_py = script_for(mlp_source, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, err = run_main(net_py, "--data-dir", tmp_path / "nowhere")
    assert code == 2 and err.startswith("error: MNIST was not found. Looked in: ") and err.count("\n") == 1
    assert str(tmp_path / "nowhere" / "mnist") in err and "--data-dir" in err
    code, err = run_main(net_py, "--data-dir", datasets_dir, "--out", tmp_path)
    assert (code, err) == (2, f"error: --out {tmp_path}: is not a regular file\n")
    code, err = run_main(net_py, "--data-dir", datasets_dir, "--out", tmp_path / "no" / "m.npz")
    assert code == 2 and err.startswith(f"error: --out {tmp_path / 'no' / 'm.npz'}: no such folder")
    if not torch.cuda.is_available():
        code, err = run_main(net_py, "--data-dir", datasets_dir, "--device", "cuda")
        assert (code, err) == (2, "error: --device cuda: PyTorch finds no CUDA GPU here (try --device cpu)\n")
    bad = tmp_path / "bad"
    (bad / "mnist").mkdir(parents=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (bad / "mnist" / f"{name}.gz").write_bytes(b"\x1f\x8b not really gzip")
    code, err = run_main(net_py, "--data-dir", bad)
    assert code == 2 and err.startswith(f"error: {bad / 'mnist' / 'train-images-idx3-ubyte.gz'}: cannot be read")
    assert not (tmp_path / "model.npz").exists()


def test_a_design_on_data_layerlab_makes_itself_runs_but_does_not_train_here(torch, tmp_path):
    source = from_design(spec.load(EXAMPLES / "moons.json"))
    net_py = script_for(source, tmp_path)
    x = np.random.default_rng(0).normal(size=(5, 2)).astype(np.float32)
    assert np.abs(net_py.predict_proba(net_py.build_net(), x) - source.predict(x)).max() < TOLERANCE
    code, err = run_main(net_py, "--out", tmp_path / "m.npz")
    assert code == 2 and "made by LayerLab itself: train it in LayerLab" in err
    assert "does not train it: train the design in LayerLab" in net_py.__doc__


def test_the_script_reads_like_the_network(cnn_source, tmp_path):
    text = write_script(cnn_source, tmp_path).read_text(encoding="utf-8")
    assert "# layers[2] Conv2D(16, 3×5, stride 2, padding 0, leaky_relu): 8×14×14 -> 16×6×5" in text
    assert '("conv2d2", nn.Conv2d(8, 16, kernel_size=(3, 5), stride=2, padding=(0, 0))),' in text
    assert '("leaky_relu2", nn.LeakyReLU(0.01)),' in text
    assert '("avgpool2d3", nn.AvgPool2d(kernel_size=(2, 2), stride=(1, 1))),' in text
    assert '("dropout5", nn.Dropout(p=0.25)),' in text
    assert "self.output = nn.Softmax(dim=1)" in text
    assert '"layers.6.W": ("dense6", "weight", True),' in text  # LayerLab's (in, units), transposed for nn.Linear
    assert "return torch.optim.Adam(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-08)" in text
    assert "return nn.functional.cross_entropy(logits, labels)" in text
    assert "NORMALISATION = {'scale': 0.00392156862745098, 'offset': 0.0}" in text
    compile(text, "net.py", "exec")
