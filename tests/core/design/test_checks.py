"""Semantic checks: every finding, its path, its message, and that its fix fixes it."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.data.catalog import DATASET_INFO, CsvSource, DatasetInfo, class_names_for, dataset_info
from core.design import checks, spec
from core.design.checks import Finding, Fix, apply_fix, check_design
from core.layer_types import LayerType, register, unregister
from core.layer_types.dense import DenseSpec
from core.layer_types.dropout import DropoutSpec
from core.nn.activations import ACTIVATIONS
from core.nn.losses import LOSSES
from core.nn.initializers import INITIALIZERS
from core.nn.optimizers import OPTIMIZERS

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "examples"
D = DenseSpec
Drop = DropoutSpec


@dataclass
class ShapeOnlySpec:
    """A made-up layer type that keeps the shape and cannot end a network."""

    type: str = field(default="test_shape_only", init=False)


class ShapeOnly(LayerType):
    name = "test_shape_only"
    title = "Shape only"
    spec_class = ShapeOnlySpec


@pytest.fixture
def shape_only_type():
    register(ShapeOnly())
    yield
    unregister("test_shape_only")


def design(*layers, dataset="mnist", input_shape=None, loss="cross_entropy", optimizer=("adam", 0.001),
           batch_size=128, init="he", samples=None) -> spec.Design:
    info = dataset_info(dataset)
    d = spec.Design(
        name="test", dataset=dataset, layers=list(layers), loss=loss,
        input_shape=input_shape or ((info.input_size,) if info else (784,)),
    )
    d.training.optimizer = spec.OptimizerSpec(*optimizer)
    d.training.batch_size = batch_size
    d.training.init = init
    if samples is not None:
        d.dataset_options["samples"] = samples
    return d


def table_data(inputs: int = 10, classes: int = 3) -> CsvSource:
    """The user's own table, as it is known once read: `inputs` values per row, `classes` classes."""
    names = tuple(f"class {i}" for i in range(classes))
    return CsvSource(path="/data/penguins.csv", target="species").with_info(
        DatasetInfo("penguins.csv", "penguins.csv", classes, (inputs,), names, "csv", 200, 50, (-1e6, 1e6)))


def mlp(*hidden, dataset="mnist", output=10, **kw) -> spec.Design:
    return design(*hidden, D(output, "softmax"), dataset=dataset, **kw)


def find(findings: list[Finding], code: str, path: str) -> Finding | None:
    return next((f for f in findings if f.code == code and f.path == path), None)


# (id, design, check_design kwargs, severity, code, path, message fragment, fix label or None)
CASES = [
    ("no layers", design(), {}, "error", "no_layers", "layers", "The network has no layers yet", None),
    ("only dropout", design(Drop(0.2), Drop(0.3)), {}, "error", "no_dense", "layers", "has no Dense layer", None),
    ("unknown dataset", mlp(dataset="cifar-10"), {}, "error", "unknown_dataset", "dataset",
     'There is no dataset called "cifar-10". Choose one of: MNIST, Fashion-MNIST, Spirals', None),
    ("input size for a table", mlp(D(8), dataset=table_data(10), output=3, input_shape=(9,)), {}, "error", "input_table", "input.shape",
     "Each row of penguins.csv gives 10 values", "Set the input size to 10"),
    ("units for a table's classes", mlp(D(8), dataset=table_data(10, 3), output=2, input_shape=(10,)), {}, "error", "last_units", "layers[1].units",
     "The last layer needs 3 units: penguins.csv has 3 classes.", "Set units to 3"),
    ("input size for images", mlp(D(64), input_shape=(100,)), {}, "error", "input_image", "input.shape",
     "MNIST images have 784 pixels; set the input size to 784", "Set the input size to 784"),
    ("input as a square", mlp(D(64), dataset="fashion-mnist", input_shape=(28, 28)), {}, "error", "input_image", "input.shape",
     "Fashion-MNIST images have 784 pixels", "Set the input size to 784"),
    ("input size for toy data", mlp(D(8), dataset="xor", output=2, input_shape=(784,)), {}, "error", "input_toy", "input.shape",
     "XOR points have 2 coordinates; set the input size to 2", "Set the input size to 2"),
    ("input size for other data", mlp(D(8), dataset="custom", output=3, input_shape=(5,)), {"classes": 3, "input_shape": (4,)},
     "error", "input_other", "input.shape", 'Each sample of "custom" has 4 values; set the input size to 4', "Set the input size to 4"),
    ("dropout last", design(D(64), D(10, "softmax"), Drop(0.2)), {}, "error", "dropout_last", "layers[2]",
     "Dropout can't be the last layer", "Move the Dropout above the output layer"),
    ("dense after an image", design(D(64), D(10, "softmax"), input_shape=(1, 28, 28)), {"input_shape": (1, 28, 28)}, "error",
     "dense_needs_flat", "layers[0]", "A Dense layer takes a flat row of numbers, but it gets a 1×28×28 image here",
     "Insert a Flatten layer"),
    ("last layer units", mlp(D(64), output=7), {}, "error", "last_units", "layers[1].units",
     "The last layer needs 10 units: MNIST has 10 classes", "Set units to 10"),
    ("last layer units toy", mlp(D(8, "tanh"), dataset="moons", output=3, init="xavier"), {}, "error", "last_units", "layers[1].units",
     "The last layer needs 2 units: Moons has 2 classes", "Set units to 2"),
    ("last layer units given classes", mlp(D(64)), {"classes": 3}, "error", "last_units", "layers[1].units",
     "The last layer needs 3 units: MNIST has 3 classes", "Set units to 3"),
    ("softmax hidden", mlp(D(64, "softmax")), {}, "error", "softmax_hidden", "layers[0].activation",
     "Softmax belongs on the last layer only", "Set activation to relu"),
    ("cross-entropy without softmax", design(D(64), D(10, "sigmoid")), {}, "error", "ce_needs_softmax", "layers[1].activation",
     "Cross-entropy loss needs softmax on the last layer", "Set activation to softmax"),
    ("weights no longer fit", design(D(4, "tanh", weights=[[0.1] * 3] * 2), D(2, "softmax"), dataset="xor", init="xavier"), {},
     "error", "weights_shape", "layers[0].weights", "it needs 2 x 4, they are 2 x 3", "Remove the fixed weights"),
    ("biases no longer fit", design(D(3, "tanh", bias=[0.0, 0.0]), D(2, "softmax"), dataset="xor", init="xavier"), {},
     "error", "bias_shape", "layers[0].bias", "it needs 3, there are 2", "Remove the fixed biases"),
    ("softmax with squared error", mlp(D(64), loss="mse"), {}, "warning", "softmax_mse", "loss",
     "Softmax with squared error learns slowly", "Switch the loss to cross-entropy"),
    ("vanishing gradients", mlp(D(64, "sigmoid"), D(64, "tanh"), Drop(0.1), D(64, "sigmoid"), init="xavier"), {},
     "warning", "vanishing", "layers[3].activation", "There are 3 sigmoid/tanh layers in a row", "Set activation to relu"),
    ("huge first layer", mlp(D(5000), D(64)), {}, "warning", "big_first_layer", "layers[0].units",
     "The first layer has 5000 units, which is a lot", "Set units to 512"),
    ("too many weights", mlp(D(4096), D(1024)), {}, "warning", "many_params", "",
     "The network has 7,420,938 weights and biases", "Set the units of layer 1 to 2752"),
    ("more weights than a model file holds", mlp(D(8192), D(1024)), {}, "error", "too_many_params", "",
     "The network has 14,830,602 weights and biases, more than the 10,000,000 LayerLab can train and save", None),
    ("adam learning rate high", mlp(D(64), optimizer=("adam", 0.05)), {}, "warning", "lr_high", "training.optimizer.learning_rate",
     "A learning rate of 0.05 is very high for Adam (usual: 0.00001 to 0.01)", "Set the learning rate to 0.001"),
    ("sgd learning rate high", mlp(D(64), optimizer=("sgd", 2.0)), {}, "warning", "lr_high", "training.optimizer.learning_rate",
     "A learning rate of 2 is very high for SGD", "Set the learning rate to 0.1"),
    ("learning rate low", mlp(D(64), optimizer=("rmsprop", 1e-7)), {}, "warning", "lr_low", "training.optimizer.learning_rate",
     "A learning rate of 0.0000001 is very low for RMSProp", "Set the learning rate to 0.001"),
    ("high dropout", mlp(D(64), Drop(0.7)), {}, "warning", "high_dropout", "layers[1].rate",
     "A dropout rate of 0.7 switches off most values", "Set the dropout rate to 0.5"),
    ("he with tanh", mlp(D(64, "tanh"), D(32, "sigmoid"), init="he"), {}, "warning", "he_with_saturating", "training.init",
     "He initialization is made for ReLU", "Use Xavier initialization"),
    ("xavier with relu", mlp(D(64, "relu"), init="xavier"), {}, "warning", "xavier_with_relu", "training.init",
     "Xavier initialization is made for sigmoid and tanh", "Use He initialization"),
    ("batch bigger than a toy set", mlp(D(8), dataset="spirals", output=2, batch_size=1000), {}, "warning", "big_batch",
     "training.batch_size", "A batch of 1000 is bigger than the 432 training samples", "Set the batch size to 32"),
    ("batch bigger than a small toy set", mlp(D(8), dataset="circles", output=2, batch_size=64, samples=30), {}, "warning", "big_batch",
     "training.batch_size", "bigger than the 22 training samples", "Set the batch size to 22"),
    ("batch bigger than MNIST", mlp(D(64), batch_size=60_000), {}, "warning", "big_batch",
     "training.batch_size", "bigger than the 54000 training samples", "Set the batch size to 32"),
    ("narrow hidden layer", mlp(D(64), D(5)), {}, "warning", "narrow_layer", "layers[1].units",
     "This layer has only 5 units, fewer than the 10 outputs", "Set units to 16"),
]


@pytest.mark.parametrize(("d", "kw", "severity", "code", "path", "fragment", "label"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_finding_names_its_field_and_its_fix_removes_it(d, kw, severity, code, path, fragment, label):
    before = spec.dumps(d)
    findings = check_design(d, **kw)
    f = find(findings, code, path)
    assert f is not None, findings
    assert f.severity == severity
    assert fragment in f.message
    assert f.message == checks.TEMPLATES[code].format(**f.args)
    if label is None:
        assert f.fix is None
        return
    assert f.fix.label == label
    assert f.fix.label == checks.FIX_LABELS[f.fix.code].format(**f.fix.args)
    fixed = apply_fix(d, f.fix)
    assert find(check_design(fixed, **kw), code, path) is None
    if before is not None:
        assert spec.dumps(d) == before, "apply_fix changed the original"
        assert spec.loads(spec.dumps(fixed)) == fixed, "the fix left a design that cannot be saved"


def test_another_type_last_is_named(shape_only_type):
    d = design(D(10, "softmax"), ShapeOnlySpec())
    f = find(check_design(d), "last_not_dense", "layers[1]")
    assert f is not None and f.severity == "error" and f.fix is None
    assert "The last layer must be a Dense layer" in f.message


def test_the_dropout_fix_moves_every_trailing_dropout_above_the_output_layer():
    d = design(D(64), D(10, "softmax"), Drop(0.2), Drop(0.3))
    (f,) = [f for f in check_design(d) if f.code == "dropout_last"]
    fixed = apply_fix(d, f.fix)
    assert [(layer.type, getattr(layer, "rate", None)) for layer in fixed.layers] == [
        ("dense", None), ("dropout", 0.2), ("dropout", 0.3), ("dense", None)]
    assert checks.is_trainable(fixed) and fixed.layers[-1].units == 10


def test_the_fix_for_too_many_weights_brings_the_count_under_the_limit():
    for d in (mlp(D(4096), D(1024)), mlp(D(256), D(20_000)), mlp(D(6000), D(64))):
        f = find(check_design(d), "many_params", "")
        fixed = apply_fix(d, f.fix)
        assert spec.parameter_count(fixed) <= checks.MANY_PARAMS_LIMIT < spec.parameter_count(d)
        assert spec.parameter_count(fixed) > checks.MANY_PARAMS_LIMIT * 0.95  # no more is taken away than needed
        assert find(check_design(fixed), "many_params", "") is None
    # no hidden layer can do it: 784 inputs straight into 7,000 outputs
    d = design(D(7000, "softmax"), dataset="custom")
    f = find(check_design(d, classes=7000, input_shape=(784,)), "many_params", "")
    assert f is not None and f.fix is None


def test_every_kind_of_finding_has_a_case():
    from tests.core.layer_types.test_image_checks import CASES as IMAGE_CASES  # the image layers' own

    assert {c[4] for c in CASES} | {c[3] for c in IMAGE_CASES} | {"last_not_dense"} == set(checks.TEMPLATES)


def test_errors_come_before_warnings():
    findings = check_design(mlp(D(64, "tanh"), D(5, "softmax"), output=7, optimizer=("adam", 1.0)))
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert "error" in severities and "warning" in severities


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_the_example_designs_are_clean(path):
    d = spec.load(path)
    assert check_design(d) == []
    assert checks.is_trainable(d)


def test_a_design_can_have_every_error_at_once():
    d = design(D(64, "softmax"), D(7, "sigmoid"), Drop(0.2), input_shape=(100,))
    codes = {f.code for f in checks.errors(check_design(d))}
    assert codes == {"input_image", "dropout_last", "last_units", "softmax_hidden", "ce_needs_softmax"}
    assert not checks.is_trainable(d)


# ---- what is not a problem


@pytest.mark.parametrize(
    "d",
    [
        mlp(D(64), Drop(0.2), Drop(0.3)),  # two dropouts in a row are fine
        mlp(D(64), Drop(0.69)),
        mlp(D(64, "sigmoid"), D(64, "tanh"), D(64, "relu"), D(64, "sigmoid"), init="normal"),  # runs of 2
        mlp(D(64, "tanh"), D(64, "relu"), init="he"),  # mixed: no init advice
        mlp(D(64, "tanh"), D(64, "relu"), init="xavier"),
        mlp(D(4096)),
        mlp(D(10)),  # as wide as the output
        mlp(D(64), optimizer=("adam", 0.01)),
        mlp(D(64), optimizer=("adam", 0.00001)),
        mlp(D(64), optimizer=("sgd", 1.0)),
        mlp(D(64), optimizer=("momentum", 0.01)),
        mlp(D(8, "relu"), dataset="xor", output=2, batch_size=432),
        mlp(D(8, "relu"), dataset="XOR", output=2),  # names are matched as core.data.datasets matches them
        mlp(D(64), dataset="Fashion_MNIST"),
        design(D(10, "softmax")),  # no hidden layers at all
        design(D(64), D(10, "sigmoid"), loss="mse"),
        design(D(64), D(10, "none"), loss="mse"),
    ],
)
def test_good_designs_have_no_findings(d):
    assert check_design(d) == []


def test_classes_and_input_shape_describe_data_the_table_does_not_know():
    d = mlp(D(8), dataset="my-data", output=3, input_shape=(5,))
    assert [f.code for f in check_design(d)] == ["unknown_dataset"]
    assert check_design(d, classes=3, input_shape=(5,)) == []
    assert check_design(d, classes=3) == []
    assert [f.code for f in check_design(d, classes=4)] == ["last_units"]


def test_no_dense_layer_is_not_also_reported_as_a_dropout_last_layer():
    assert [f.code for f in check_design(design(Drop(0.2)))] == ["no_dense"]


def test_messages_are_short_plain_sentences():
    for d, kw, *_ in [c[1:] for c in CASES]:
        for f in check_design(d, **kw):
            assert f.message[0].isupper() and f.message.endswith("."), f.message
            assert len(f.message) <= 160, f.message
            assert "{" not in f.message and "}" not in f.message
            assert "e-0" not in f.message, f.message  # no exponents for learners
            assert str(f) == f"{f.severity}: {f.path + ': ' if f.path else ''}{f.message}"
            if f.fix is not None:
                assert len(f.fix.label) <= 40 and not f.fix.label.endswith(".")


def test_templates_are_plain_strings_a_translation_layer_can_map():
    for code, template in {**checks.TEMPLATES, **checks.FIX_LABELS}.items():
        assert isinstance(template, str) and re.fullmatch(r"[a-z_0-9]+", code), code
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert all(re.fullmatch(r"[a-z_]+", f) for f in fields), template


def test_errors_and_warnings_split_findings():
    findings = check_design(mlp(D(64), output=7, optimizer=("adam", 1.0)))
    assert [f.code for f in checks.errors(findings)] == ["last_units"]
    assert {f.code for f in checks.warnings(findings)} == {"lr_high"}
    assert checks.errors([]) == []


def test_training_samples():
    assert checks.training_samples(mlp(D(8), dataset="xor", output=2)) == 432  # 600 - 120 test - 48 validation
    d = mlp(D(8), dataset="xor", output=2, samples=100)
    d.training.validation_split = 0.0
    assert checks.training_samples(d) == 80
    assert checks.training_samples(mlp(D(8))) == 54_000
    assert checks.training_samples(mlp(D(8), dataset="unknown")) is None


# ---- apply_fix


@pytest.mark.parametrize(
    ("path", "value", "read"),
    [
        ("layers[0].units", 32, lambda d: d.layers[0].units),
        ("layers[2].activation", "tanh", lambda d: d.layers[2].activation),
        ("layers[1].rate", 0.5, lambda d: d.layers[1].rate),
        ("loss", "mse", lambda d: d.loss),
        ("dataset", "fashion-mnist", lambda d: d.dataset),
        ("input.shape", [28, 28], lambda d: d.input_shape),
        ("training.optimizer.learning_rate", 0.01, lambda d: d.training.optimizer.learning_rate),
        ("training.batch_size", 64, lambda d: d.training.batch_size),
        ("training.init", "xavier", lambda d: d.training.init),
    ],
)
def test_apply_fix_sets_the_value_at_the_path_on_a_copy(path, value, read):
    d = mlp(D(64), Drop(0.2))
    before = spec.dumps(d)
    fixed = apply_fix(d, Fix("label", path, value))
    assert read(fixed) == (tuple(value) if path == "input.shape" else value)
    assert spec.dumps(d) == before
    assert fixed.layers[0] is not d.layers[0]


@pytest.mark.parametrize(
    "path",
    ["layers[9].units", "layers[1].units", "layers[0].rate", "layers[0].type", "layers[-1].units", "units", "training.optimizer",
     "training", "input", "layers", "", "layers[0]", "training.optimizer.beta1"],
)
def test_apply_fix_refuses_paths_that_name_nothing_settable(path):
    with pytest.raises(ValueError):
        apply_fix(mlp(D(64), Drop(0.2)), Fix("label", path, 1))


def test_a_units_fix_on_a_layer_with_fixed_weights_is_followed_by_a_weights_fix():
    d = design(D(3, "tanh", weights=[[0.1] * 3] * 2, bias=[0.0] * 3), D(3, "softmax"), dataset="xor", init="xavier")
    [f] = check_design(d)
    assert f.code == "last_units"
    d = apply_fix(d, f.fix)
    assert check_design(d) == []
    d.layers[0].units = 4  # as the property panel would
    findings = check_design(d)
    assert [(f.code, f.path) for f in findings] == [("weights_shape", "layers[0].weights"), ("bias_shape", "layers[0].bias")]
    for f in findings:
        d = apply_fix(d, f.fix)
    assert check_design(d) == []
    assert d.layers[0].weights is None and d.layers[0].bias is None


# ---- any design: findings name real fields, fixes fix, nothing crashes

layers_st = st.one_of(
    st.builds(D, units=st.sampled_from([1, 2, 5, 10, 64, 5000]), activation=st.sampled_from(tuple(ACTIVATIONS))),
    st.builds(Drop, rate=st.sampled_from([0.0, 0.2, 0.7, 0.95])),
)


@st.composite
def designs(draw):
    d = design(
        *draw(st.lists(layers_st, max_size=7)),
        dataset=draw(st.sampled_from([*DATASET_INFO, "unknown"])),
        input_shape=draw(st.sampled_from([(784,), (2,), (28, 28), (5,)])),
        loss=draw(st.sampled_from(tuple(LOSSES))),
        batch_size=draw(st.sampled_from([1, 32, 128, 1000, 100_000])),
        init=draw(st.sampled_from(tuple(INITIALIZERS))),
        samples=draw(st.sampled_from([None, 10, 100])),
    )
    kind = draw(st.sampled_from(tuple(OPTIMIZERS)))
    d.training.optimizer = spec.OptimizerSpec(kind, draw(st.sampled_from([1e-7, 1e-3, 0.05, 2.0, 10.0])))
    d.training.validation_split = draw(st.sampled_from([0.0, 0.1, 0.5]))
    return d


def names_a_field(d: spec.Design, path: str) -> bool:
    if path == "":
        return True
    node = spec.to_dict(d)
    for part in re.findall(r"[a-z_]+|\[\d+\]", path):
        if part.startswith("["):
            i = int(part[1:-1])
            if not isinstance(node, list) or i >= len(node):
                return False
            node = node[i]
        else:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
    return True


@settings(max_examples=250, deadline=None)
@given(designs(), st.sampled_from([{}, {"classes": 3}, {"classes": 2, "input_shape": (2,)}]))
def test_any_design_gets_sound_findings_and_working_fixes(d, kw):
    findings = check_design(d, **kw)
    assert checks.is_trainable(d, **kw) == (not checks.errors(findings))
    for f in findings:
        assert f.severity in ("error", "warning")
        assert f.message.strip() and "{" not in f.message
        assert names_a_field(d, f.path), f
        if f.fix is not None:
            fixed = apply_fix(d, f.fix)
            assert find(check_design(fixed, **kw), f.code, f.path) is None, f
            assert spec.loads(spec.dumps(fixed)) == fixed


# ---- the dataset table


def test_dataset_table():
    assert set(DATASET_INFO) == {"mnist", "fashion-mnist", "spirals", "circles", "xor", "moons", "linear"}
    for name, info in DATASET_INFO.items():
        assert isinstance(info, DatasetInfo) and info.name == name
        assert len(info.class_names) == info.classes
        assert info.kind in ("image", "toy")
    assert DATASET_INFO["mnist"].class_names == tuple("0123456789")
    assert DATASET_INFO["mnist"].input_shape == (1, 28, 28) and DATASET_INFO["mnist"].input_size == 784
    assert DATASET_INFO["mnist"].fits((784,)) and DATASET_INFO["mnist"].fits((1, 28, 28)) and not DATASET_INFO["mnist"].fits((28, 28))
    assert DATASET_INFO["fashion-mnist"].class_names[0] == "T-shirt/top"
    assert DATASET_INFO["fashion-mnist"].class_names[-1] == "Ankle boot"
    assert DATASET_INFO["spirals"].class_names == ("class 0", "class 1")
    assert DATASET_INFO["xor"].input_shape == (2,) and DATASET_INFO["xor"].kind == "toy"


def test_dataset_names_are_matched_loosely():
    assert dataset_info("Fashion_MNIST") is DATASET_INFO["fashion-mnist"]
    assert dataset_info(" MNIST ") is DATASET_INFO["mnist"]
    assert dataset_info("cifar") is None


def test_class_names_for():
    assert class_names_for("fashion-mnist", 10)[7] == "Sneaker"
    assert class_names_for("mnist", 10) == tuple("0123456789")
    assert class_names_for("mnist", 3) == ("class 0", "class 1", "class 2")
    assert class_names_for("unknown", 2) == ("class 0", "class 1")
