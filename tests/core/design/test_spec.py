"""The design spec: round trips, every error's field path, fuzzing, atomic saves."""
from __future__ import annotations

import copy
import json
import math
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.design import spec
from core.nn.optimizers import OPTIMIZERS

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
MNIST = json.loads((EXAMPLES / "mnist_mlp.json").read_text(encoding="utf-8"))

#: a small design that uses every optional part of the format
RICH = {
    "format": "layerlab-design",
    "version": 2,
    "name": "XOR by hand",
    "description": "Weights you can follow with a pencil.",
    "translations": {"ja": {"name": "手で追う XOR", "description": "鉛筆で追える重み"}, "de": {"name": "XOR von Hand"}},
    "dataset": "xor",
    "dataset_options": {"noise": 0.05, "samples": 200},
    "input": {"shape": [2]},
    "layers": [
        {"type": "dense", "units": 3, "activation": "tanh", "weights": [[0.5, -0.5, 1.0], [0.25, 0.75, -1.0]], "bias": [0.0, 0.1, -0.1]},
        {"type": "dropout", "rate": 0.0},
        {"type": "dense", "units": 2, "activation": "softmax", "weights": [[1.0, -1.0], [0.5, 0.5], [-2.0, 2.0]]},
    ],
    "loss": "cross_entropy",
    "training": {
        "optimizer": {"type": "momentum", "learning_rate": 0.05, "momentum": 0.8},
        "schedule": {"type": "step", "gamma": 0.5, "step_epochs": 50},
        "batch_size": 16,
        "epochs": 200,
        "validation_split": 0.0,
        "init": "xavier",
        "seed": 42,
    },
}
BASE_DOCS = {"mnist": MNIST, "rich": RICH}


def problems_of(doc) -> list[spec.Problem]:
    with pytest.raises(spec.SpecError) as info:
        spec.from_dict(doc)
    return info.value.problems


def edited(doc: dict, edit) -> dict:
    doc = copy.deepcopy(doc)
    edit(doc)
    return doc


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_loads_dumps_and_loads_again_equal(path, tmp_path):
    design = spec.load(path)
    out = tmp_path / path.name
    spec.dump(design, out)
    assert spec.load(out) == design
    assert spec.loads(spec.dumps(design)) == design


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_dumping_an_example_keeps_every_value_of_the_file(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = spec.VERSION  # a version 1 file is saved as the newest version, unchanged otherwise
    # saved where it was read from: paths to the example's own data stay relative, as written
    assert spec.to_dict(spec.load(path), path.parent) == data


@pytest.mark.parametrize("doc", [MNIST, RICH], ids=["mnist", "rich"])
def test_dumps_of_loads_is_stable(doc):
    once = spec.dumps(spec.from_dict(doc))
    assert spec.dumps(spec.loads(once)) == once
    assert once.endswith("\n")


def test_rich_design_keeps_every_optional_part():
    d = spec.from_dict(RICH)
    assert spec.to_dict(d) == RICH
    assert d.layers[0].weights == [[0.5, -0.5, 1.0], [0.25, 0.75, -1.0]]
    assert d.training.optimizer.option("momentum") == 0.8
    assert d.title("ja") == "手で追う XOR" and d.summary("de") == d.description
    assert d.copy() == d and d.copy() is not d


def test_a_schedule_round_trips_and_a_constant_one_stays_out_of_the_file(tmp_path):
    d = spec.from_dict(RICH)
    assert d.training.schedule == spec.ScheduleSpec("step", {"gamma": 0.5, "step_epochs": 50})
    spec.dump(d, tmp_path / "rich.json")
    assert spec.load(tmp_path / "rich.json") == d
    # a kind's parameters left out take their defaults, and stay out when saved
    exponential = spec.from_dict(edited(RICH, _set("training", "schedule", {"type": "exponential"})))
    assert exponential.training.schedule.option("gamma") == 0.9
    assert spec.to_dict(exponential)["training"]["schedule"] == {"type": "exponential"}
    # "constant" is what a file without a schedule means: written as one without it
    constant = spec.from_dict(edited(RICH, _set("training", "schedule", {"type": "constant"})))
    assert constant.training.schedule == spec.ScheduleSpec() == spec.from_dict(edited(RICH, _del("training", "schedule"))).training.schedule
    assert "schedule" not in spec.to_dict(constant)["training"]
    assert spec.with_schedule("step") == spec.ScheduleSpec("step", {"gamma": 0.5, "step_epochs": 2})


def test_a_version_1_file_may_not_hold_a_schedule():
    assert MNIST["version"] == 1
    problems = problems_of(edited(MNIST, _set("training", "schedule", {"type": "cosine"})))
    assert [(p.path, p.code) for p in problems] == [("training.schedule", "schedule_needs_version")]
    assert str(problems[0]) == ('training.schedule: a learning-rate schedule needs format version 2 or later, '
                                'but the file says version 1: set "version" to 2')
    later = edited(MNIST, _set("training", "schedule", {"type": "cosine"}))
    later["version"] = 2
    assert spec.from_dict(later).training.schedule.type == "cosine"


def test_minimal_document_takes_defaults():
    d = spec.from_dict({"format": "layerlab-design", "version": 1, "layers": []})
    assert d == spec.Design()
    assert spec.loads(spec.dumps(d)) == d


def test_missing_learning_rate_takes_the_optimizers_default():
    d = spec.from_dict(edited(MNIST, lambda doc: doc["training"].__setitem__("optimizer", {"type": "sgd"})))
    assert d.training.optimizer.learning_rate == OPTIMIZERS["sgd"].default_learning_rate


def test_dump_writes_utf8_text_readable_as_json(tmp_path):
    d = spec.from_dict(RICH)
    path = tmp_path / "x.json"
    spec.dump(d, path)
    raw = path.read_bytes()
    assert "手で追う".encode() in raw  # not \\u escapes: readable in any editor
    assert json.loads(raw.decode("utf-8")) == RICH


def test_load_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(MNIST).encode())
    assert spec.load(path) == spec.from_dict(MNIST)


def test_loads_accepts_utf8_bytes():
    assert spec.loads(json.dumps(RICH, ensure_ascii=False).encode("utf-8")) == spec.from_dict(RICH)


def test_layer_infos_give_shapes_and_parameter_counts():
    infos = spec.layer_infos(spec.from_dict(MNIST))
    assert [i.output_shape for i in infos] == [(512,), (512,), (256,), (256,), (10,)]
    assert [i.params for i in infos] == [784 * 512 + 512, 0, 512 * 256 + 256, 0, 256 * 10 + 10]
    assert spec.parameter_count(spec.from_dict(MNIST)) == sum(i.params for i in infos)


# --------------------------------------------------------------------------- error paths


def _set(*keys_and_value):
    *keys, value = keys_and_value

    def edit(doc):
        target = doc
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value

    return edit


def _del(*keys):
    def edit(doc):
        target = doc
        for k in keys[:-1]:
            target = target[k]
        del target[keys[-1]]

    return edit


# (id, base document, edit, expected path, message fragment)
ERROR_CASES = [
    # layers: values
    ("units negative", MNIST, _set("layers", 2, "units", -3), "layers[2].units", "must be a positive integer, got -3"),
    ("units zero", MNIST, _set("layers", 0, "units", 0), "layers[0].units", "must be a positive integer, got 0"),
    ("units fraction", MNIST, _set("layers", 0, "units", 2.5), "layers[0].units", "must be a positive integer, got 2.5"),
    ("units string", MNIST, _set("layers", 0, "units", "10"), "layers[0].units", 'must be a positive integer, got "10"'),
    ("units bool", MNIST, _set("layers", 0, "units", True), "layers[0].units", "must be a positive integer, got true"),
    ("units null", MNIST, _set("layers", 4, "units", None), "layers[4].units", "must be a positive integer, got null"),
    ("units too many", MNIST, _set("layers", 0, "units", 100_001), "layers[0].units", "must be at most 100000, got 100001"),
    ("units missing", MNIST, _del("layers", 2, "units"), "layers[2].units", "is required"),
    ("activation unknown", MNIST, _set("layers", 0, "activation", "relu6"), "layers[0].activation", 'must be one of "relu", "sigmoid"'),
    ("activation number", MNIST, _set("layers", 4, "activation", 3), "layers[4].activation", "got 3"),
    ("layer type unknown", MNIST, _set("layers", 1, "type", "conv"), "layers[1].type",
     'must be one of "dense", "dropout", "conv2d", "maxpool2d", "avgpool2d", "flatten", got "conv"'),
    ("layer type missing", MNIST, _del("layers", 1, "type"), "layers[1].type", "got null"),
    ("layer type a list", MNIST, _set("layers", 1, "type", ["dense"]), "layers[1].type", "got a list"),
    ("layer type an object", MNIST, _set("layers", 1, "type", {}), "layers[1].type", "got an object"),
    ("layer not an object", MNIST, _set("layers", 3, "dense"), "layers[3]", 'must be an object, got "dense"'),
    ("rate one", MNIST, _set("layers", 1, "rate", 1.0), "layers[1].rate", "must be in [0, 1), got 1.0"),
    ("rate negative", MNIST, _set("layers", 3, "rate", -0.1), "layers[3].rate", "must be in [0, 1), got -0.1"),
    ("rate string", MNIST, _set("layers", 1, "rate", "0.2"), "layers[1].rate", 'must be a number, got "0.2"'),
    ("rate huge integer", MNIST, _set("layers", 1, "rate", 10**400), "layers[1].rate", "must be in [0, 1)"),
    ("rate missing", MNIST, _del("layers", 1, "rate"), "layers[1].rate", "is required"),
    ("layers not a list", MNIST, _set("layers", {"0": {}}), "layers", "must be a list, got an object"),
    ("layers missing", MNIST, _del("layers"), "layers", "is required"),
    ("too many layers", MNIST, _set("layers", [{"type": "dropout", "rate": 0.1}] * 101), "layers", "at most 100 layers, got 101"),
    # unknown keys at every level
    ("unknown top key", MNIST, _set("colour", "red"), "colour", 'unknown key (allowed: "format", "version"'),
    ("unknown input key", MNIST, _set("input", "channels", 1), "input.channels", 'unknown key (allowed: "shape")'),
    ("unknown dense key", MNIST, _set("layers", 0, "bias_init", 0), "layers[0].bias_init", "unknown key"),
    ("dropout with units", MNIST, _set("layers", 1, "units", 3), "layers[1].units", 'unknown key (allowed: "type", "rate")'),
    ("unknown training key", MNIST, _set("training", "momentum", 0.9), "training.momentum", "unknown key"),
    ("unknown optimizer key", MNIST, _set("training", "optimizer", "momentum", 0.9), "training.optimizer.momentum", '"beta1", "beta2"'),
    ("unknown dataset option", RICH, _set("dataset_options", "seed", 1), "dataset_options.seed", 'allowed: "noise", "samples"'),
    ("unknown translation key", RICH, _set("translations", "ja", "title", "x"), "translations.ja.title", 'allowed: "name", "description"'),
    # the header
    ("format wrong", MNIST, _set("format", "keras"), "format", 'must be "layerlab-design", got "keras"'),
    ("format missing", MNIST, _del("format"), "format", "is required"),
    ("version missing", MNIST, _del("version"), "version", "is required"),
    ("version zero", MNIST, _set("version", 0), "version", "must be a positive integer, got 0"),
    ("version string", MNIST, _set("version", "1"), "version", 'must be a positive integer, got "1"'),
    # top-level values
    ("name number", MNIST, _set("name", 5), "name", "must be a string, got 5"),
    ("name too long", MNIST, _set("name", "x" * 201), "name", "at most 200 characters long, got 201"),
    ("name lone surrogate", MNIST, _set("name", "bad \ud800"), "name", "must be valid text"),
    ("description list", MNIST, _set("description", ["a"]), "description", "must be a string, got a list"),
    ("dataset empty", MNIST, _set("dataset", ""), "dataset", "must be a dataset name"),
    ("dataset with space", MNIST, _set("dataset", "mn ist"), "dataset", 'got "mn ist"'),
    ("dataset number", MNIST, _set("dataset", 3), "dataset", 'must be a dataset name or an object such as {"type": "csv", "path": ...}, got 3'),
    ("noise too big", RICH, _set("dataset_options", "noise", 2), "dataset_options.noise", "must be in [0, 1], got 2"),
    ("too few samples", RICH, _set("dataset_options", "samples", 5), "dataset_options.samples", "between 10 and 100000, got 5"),
    ("dataset options a list", RICH, _set("dataset_options", []), "dataset_options", "must be an object, got a list"),
    ("translations a string", RICH, _set("translations", "ja"), "translations", "must be an object"),
    ("translation language bad", RICH, _set("translations", "japanese!", {}), "translations.japanese!", "language code"),
    ("translation name number", RICH, _set("translations", "ja", "name", 3), "translations.ja.name", "must be a string, got 3"),
    ("loss unknown", MNIST, _set("loss", "hinge"), "loss", 'must be one of "cross_entropy", "mse", got "hinge"'),
    # input
    ("input not an object", MNIST, _set("input", [784]), "input", "must be an object, got a list"),
    ("input shape missing", MNIST, _set("input", {}), "input.shape", "is required"),
    ("input shape empty", MNIST, _set("input", "shape", []), "input.shape", "list of 1 to 3 positive integers"),
    ("input shape too long", MNIST, _set("input", "shape", [1, 2, 3, 4]), "input.shape", "list of 1 to 3 positive integers"),
    ("input size zero", MNIST, _set("input", "shape", [0]), "input.shape[0]", "must be a positive integer, got 0"),
    ("input size negative", MNIST, _set("input", "shape", [28, -28]), "input.shape[1]", "got -28"),
    # training
    ("training a list", MNIST, _set("training", []), "training", "must be an object, got a list"),
    ("batch size zero", MNIST, _set("training", "batch_size", 0), "training.batch_size", "must be a positive integer, got 0"),
    ("too many epochs", MNIST, _set("training", "epochs", 10_001), "training.epochs", "must be at most 10000, got 10001"),
    ("validation split big", MNIST, _set("training", "validation_split", 0.6), "training.validation_split", "must be in [0, 0.5], got 0.6"),
    ("init unknown", MNIST, _set("training", "init", "zeros"), "training.init", 'must be one of "he", "xavier", "normal", got "zeros"'),
    ("seed negative", MNIST, _set("training", "seed", -1), "training.seed", "between 0 and 4294967295, got -1"),
    ("seed too big", MNIST, _set("training", "seed", 2**32), "training.seed", "got 4294967296"),
    ("seed fraction", MNIST, _set("training", "seed", 0.5), "training.seed", "must be a non-negative integer, got 0.5"),
    ("optimizer a string", MNIST, _set("training", "optimizer", "adam"), "training.optimizer", 'must be an object, got "adam"'),
    ("optimizer unknown", MNIST, _set("training", "optimizer", "type", "lbfgs"), "training.optimizer.type", 'got "lbfgs"'),
    ("optimizer type missing", MNIST, _del("training", "optimizer", "type"), "training.optimizer.type", "got null"),
    ("learning rate zero", MNIST, _set("training", "optimizer", "learning_rate", 0), "training.optimizer.learning_rate", "must be in (0, 10], got 0"),
    ("learning rate huge", MNIST, _set("training", "optimizer", "learning_rate", 11), "training.optimizer.learning_rate", "got 11"),
    ("learning rate text", MNIST, _set("training", "optimizer", "learning_rate", "fast"), "training.optimizer.learning_rate", 'must be a number, got "fast"'),
    ("learning rate infinite", MNIST, _set("training", "optimizer", "learning_rate", math.inf), "training.optimizer.learning_rate", "must be a number, got inf"),
    ("momentum one", RICH, _set("training", "optimizer", "momentum", 1.0), "training.optimizer.momentum", "must be in [0, 1), got 1.0"),
    # the learning-rate schedule
    ("schedule unknown", RICH, _set("training", "schedule", "type", "warmup"), "training.schedule.type",
     'must be one of "constant", "step", "exponential", "cosine", got "warmup"'),
    ("schedule type missing", RICH, _del("training", "schedule", "type"), "training.schedule.type", "got null"),
    ("schedule a string", RICH, _set("training", "schedule", "cosine"), "training.schedule", 'must be an object, got "cosine"'),
    ("schedule unknown key", RICH, _set("training", "schedule", "warmup_epochs", 2), "training.schedule.warmup_epochs",
     'unknown key (allowed: "type", "gamma", "step_epochs")'),
    ("cosine with a gamma", RICH, _set("training", "schedule", {"type": "cosine", "gamma": 0.5}), "training.schedule.gamma",
     'unknown key (allowed: "type")'),
    ("gamma zero", RICH, _set("training", "schedule", "gamma", 0), "training.schedule.gamma", "must be in (0, 1], got 0"),
    ("gamma above one", RICH, _set("training", "schedule", "gamma", 1.5), "training.schedule.gamma", "must be in (0, 1], got 1.5"),
    ("exponential gamma text", RICH, _set("training", "schedule", {"type": "exponential", "gamma": "fast"}), "training.schedule.gamma",
     'must be a number, got "fast"'),
    ("step epochs zero", RICH, _set("training", "schedule", "step_epochs", 0), "training.schedule.step_epochs", "must be a positive integer, got 0"),
    ("step epochs fraction", RICH, _set("training", "schedule", "step_epochs", 1.5), "training.schedule.step_epochs", "got 1.5"),
    ("step epochs too many", RICH, _set("training", "schedule", "step_epochs", 10_001), "training.schedule.step_epochs", "at most 10000"),
    # fixed weights
    ("weights too many rows", RICH, _set("layers", 0, "weights", [[0.0] * 3] * 3), "layers[0].weights", "must be 2 rows of 3 numbers (inputs x units), got 3 x 3"),
    ("weights too few columns", RICH, _set("layers", 0, "weights", [[0.0] * 2] * 2), "layers[0].weights", "got 2 x 2"),
    ("weights of second layer", RICH, _set("layers", 2, "weights", [[0.0] * 2] * 2), "layers[2].weights", "must be 3 rows of 2 numbers"),
    ("weights ragged", RICH, _set("layers", 0, "weights", [[0.0] * 3, [0.0] * 2]), "layers[0].weights", "rows must all have the same length"),
    ("weights empty", RICH, _set("layers", 0, "weights", []), "layers[0].weights", "must be a non-empty list of rows"),
    ("weight not a number", RICH, _set("layers", 0, "weights", [[0.0, 0.0, 0.0], ["x", 0.0, 0.0]]), "layers[0].weights[1][0]", 'must be a number, got "x"'),
    ("weight row not a list", RICH, _set("layers", 0, "weights", [[0.0, 0.0, 0.0], 7]), "layers[0].weights[1]", "non-empty list of numbers, got 7"),
    ("weight too big", RICH, _set("layers", 2, "weights", [[1.0, 2e6], [0.0, 0.0], [0.0, 0.0]]), "layers[2].weights[0][1]", "must be in [-1e+06, 1e+06]"),
    ("bias too short", RICH, _set("layers", 0, "bias", [0.0, 0.0]), "layers[0].bias", "must hold 3 numbers (one per unit), got 2"),
    ("bias not a list", RICH, _set("layers", 0, "bias", 0.0), "layers[0].bias", "non-empty list of numbers"),
    ("weights no longer fit new units", RICH, _set("layers", 2, "units", 3), "layers[2].weights", "must be 3 rows of 3 numbers (inputs x units), got 3 x 2"),
    ("weights no longer fit new input", RICH, _set("input", "shape", [3]), "layers[0].weights", "must be 3 rows of 3 numbers (inputs x units), got 2 x 3"),
]


@pytest.mark.parametrize(("base", "edit", "path", "fragment"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_each_broken_field_is_named_with_a_clear_message(base, edit, path, fragment):
    problems = problems_of(edited(base, edit))
    assert [p.path for p in problems] == [path], problems
    assert fragment in problems[0].message
    assert str(problems[0]) == f"{path}: {problems[0].message}"


def test_the_documented_example_message_reads_exactly():
    problems = problems_of(edited(MNIST, _set("layers", 2, "units", -3)))
    assert str(spec.SpecError(problems)) == "layers[2].units: must be a positive integer, got -3"


def test_every_problem_is_reported_at_once():
    def edit(doc):
        doc["layers"][0]["units"] = -1
        doc["loss"] = "hinge"
        doc["training"]["batch_size"] = "big"
        doc["extra"] = 1

    with pytest.raises(spec.SpecError) as info:
        spec.from_dict(edited(MNIST, edit))
    assert {p.path for p in info.value.problems} == {"layers[0].units", "loss", "training.batch_size", "extra"}
    assert len(str(info.value).splitlines()) == 4
    assert spec.validate(edited(MNIST, edit)) == info.value.problems
    assert spec.validate(MNIST) == []


def test_layer_indices_stay_true_after_a_broken_layer():
    def edit(doc):
        doc["layers"][0]["units"] = "many"
        doc["layers"][2]["bias"] = [0.0]

    problems = problems_of(edited(RICH, edit))
    assert [p.path for p in problems] == ["layers[0].units", "layers[2].bias"]


def test_weights_after_a_broken_layer_are_not_measured_against_a_guess():
    # layers[0] cannot be read, so nobody knows how many rows layers[2] needs
    assert [p.path for p in problems_of(edited(RICH, _set("layers", 0, "units", -1)))] == ["layers[0].units"]


def test_weights_after_a_broken_input_are_not_measured_against_a_guess():
    assert [p.path for p in problems_of(edited(RICH, _set("input", "shape", [-2])))] == ["input.shape[0]"]


@pytest.mark.parametrize("version", [3, 99, 10**30])
def test_a_newer_version_is_refused_saying_so(version):
    def edit(doc):
        doc["version"] = version
        doc["layers"] = "whatever version 3 means"
        doc["new_feature"] = {}

    problems = problems_of(edited(MNIST, edit))
    assert [p.path for p in problems] == ["version"]  # nothing else: a newer format may mean anything
    assert f"version {version}" in problems[0].message
    assert "update LayerLab" in problems[0].message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "not valid JSON (line 1, column 1"),
        ("{", "not valid JSON"),
        ('{"format": "layerlab-design",}', "not valid JSON (line 1"),
        ("{'single': 'quotes'}", "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        ('{"version": ' + "9" * 5000 + "}", "not valid JSON"),
        ("[]", "must be an object, got a list"),
        ("null", "must be an object, got null"),
        ('"layerlab-design"', 'must be an object, got "layerlab-design"'),
    ],
    ids=["empty", "unclosed", "trailing comma", "single quotes", "nested too deeply", "huge integer", "list", "null", "string"],
)
def test_text_that_is_not_a_design_object_is_refused(text, fragment):
    with pytest.raises(spec.SpecError) as info:
        spec.loads(text)
    [problem] = info.value.problems
    assert problem.path == ""
    assert fragment in problem.message
    assert str(problem) == problem.message


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.json"
    doc = {k: v for k, v in MNIST.items() if k != "translations"}
    path.write_bytes(json.dumps({**doc, "name": "Caf\u00e9"}, ensure_ascii=False).encode("latin-1"))
    with pytest.raises(spec.SpecError, match="latin1.json is not a UTF-8 text file") as info:
        spec.load(path)
    assert [p.path for p in info.value.problems] == [""]
    with pytest.raises(spec.SpecError, match="not a UTF-8 text file"):
        spec.loads(path.read_bytes())


def test_a_file_that_cannot_be_read_is_refused(tmp_path):
    with pytest.raises(spec.SpecError, match="cannot read"):
        spec.load(tmp_path / "missing.json")
    with pytest.raises(spec.SpecError, match="is a folder, not a design file") as info:
        spec.load(tmp_path)
    assert info.value.problems[0].code == "not_a_file"


def _fifo(tmp_path):
    path = tmp_path / "design.json"
    os.mkfifo(path)
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev")
@pytest.mark.parametrize("make, kind", [
    (lambda tmp_path: _fifo(tmp_path), "a pipe"),
    (lambda tmp_path: "/dev/zero", "a device"),
    (lambda tmp_path: "/dev/urandom", "a device"),
])
def test_paths_that_are_not_files_are_refused_unread(tmp_path, make, kind):
    # /dev/zero never ends and an unopened FIFO blocks its reader forever: neither is read.
    path = make(tmp_path)
    with pytest.raises(spec.SpecError, match=f"is {kind}.*, not a design file") as info:
        spec.load(path)
    assert info.value.problems[0].code == "not_a_file"


def test_a_design_file_too_large_to_be_one_is_refused_unread(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(spec.MAX_DESIGN_BYTES + 1)  # sparse: nothing is actually written
    with pytest.raises(spec.SpecError, match=f"big.json is 8.0 MB, too large to be a design \\(at most {spec.MAX_DESIGN_BYTES >> 20} MB\\)") as info:
        spec.load(path)
    assert info.value.problems[0].code == "file_too_large"
    with pytest.raises(spec.SpecError, match="too large") as info:
        spec.loads(" " * (spec.MAX_DESIGN_BYTES + 1))
    assert info.value.problems[0].code == "design_too_large"


def test_spec_error_is_a_value_error_listing_problems():
    err = spec.SpecError([spec.Problem("a", "b"), spec.Problem("", "c")])
    assert isinstance(err, ValueError)
    assert str(err) == "a: b\nc"


# --------------------------------------------------------------------------- fuzzing

# JSON as Python's json module reads it (NaN and Infinity included).
json_scalars = (
    st.none() | st.booleans() | st.integers() | st.integers(min_value=-(10**500), max_value=10**500)
    | st.floats() | st.text(max_size=12)
    | st.sampled_from(["dense", "dropout", "relu", "softmax", "adam", "sgd", "mnist", "layerlab-design", "", "he", "mse"])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
#: cheaper values for replacing parts of a design (deep nesting has its own mutation)
small_json = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=3,
)

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_only_spec_errors(call, *args):
    """`call(*args)` either returns a Design or raises SpecError with useful problems."""
    try:
        design = call(*args)
    except spec.SpecError as e:
        assert e.problems
        for p in e.problems:
            assert isinstance(p.path, str)
            assert isinstance(p.message, str) and p.message.strip()
        return e.problems
    assert isinstance(design, spec.Design)
    # anything that parses must also save and read back the same
    assert spec.loads(spec.dumps(design)) == design
    return []


@settings(FUZZ, max_examples=1000)
@given(json_values)
def test_random_json_values_only_ever_raise_spec_error(value):
    assert_only_spec_errors(spec.from_dict, value)
    try:
        text = json.dumps(value)
    except ValueError:  # an integer too long for Python to print
        return
    assert_only_spec_errors(spec.loads, text)


@settings(FUZZ, max_examples=300)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_random_text_and_bytes_only_ever_raise_spec_error(text):
    assert_only_spec_errors(spec.loads, text)


@settings(FUZZ, max_examples=150)
@given(st.dictionaries(st.sampled_from(["format", "version", "name", "dataset", "input", "layers", "loss", "training", "extra"]), small_json, max_size=9))
def test_random_objects_with_the_right_keys_only_ever_raise_spec_error(doc):
    assert_only_spec_errors(spec.from_dict, doc)


# ---- mutating real designs

#: object paths whose keys are the user's (language codes), not field names
FREE_FORM = {("translations",)}
#: keys that must be present in an object at a path that ends like this
REQUIRED = {
    (): {"format", "version", "layers"},
    ("input",): {"shape"},
    ("training", "optimizer"): {"type"},
    ("training", "schedule"): {"type"},
}
LAYER_REQUIRED = {"dense": {"type", "units"}, "dropout": {"type", "rate"}}
KNOWN_KEYS = {
    "format", "version", "name", "description", "translations", "dataset", "dataset_options", "input", "layers",
    "loss", "training", "shape", "type", "units", "activation", "weights", "bias", "rate", "noise", "samples",
    "optimizer", "batch_size", "epochs", "validation_split", "init", "seed", "learning_rate", "momentum",
    "beta1", "beta2", "decay", "schedule", "gamma", "step_epochs",
}


def all_paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from all_paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from all_paths(v, (*prefix, i))


def path_text(path) -> str:
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def get(doc, path):
    for k in path:
        doc = doc[k]
    return doc


def kind(value) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def required_keys(doc, parent) -> set:
    if parent in REQUIRED:
        return REQUIRED[parent]
    if len(parent) == 2 and parent[0] == "layers":
        kind_ = get(doc, parent).get("type")
        return LAYER_REQUIRED.get(kind_, set()) if isinstance(kind_, str) else set()
    return set()


def nest(value, depth: int, how: str):
    for _ in range(depth):
        value = [value] if how == "list" else {"x": value}
    return value


def mutate(draw, doc):
    """Mutate `doc` once, in place where possible.

    Returns (document, mutated path, expectation): "exact" when a problem must name
    that path, "within" when one must name it or something inside it, None when the
    result may even be valid.
    """
    path = draw(st.sampled_from(list(all_paths(doc))))
    target = get(doc, path)
    parent, last = path[:-1], (path[-1] if path else None)
    op = draw(st.sampled_from(["delete", "replace", "insert", "retype", "nest"]))
    if op == "insert" and isinstance(target, dict):
        key = draw(st.text(max_size=10).filter(lambda k: k not in KNOWN_KEYS))
        target[key] = draw(small_json)
        return doc, (*path, key), (None if path in FREE_FORM else "exact")
    if not path:  # the whole document
        return draw(small_json), (), None
    holder = get(doc, parent)
    if op == "delete":
        required = isinstance(holder, dict) and last in required_keys(doc, parent)
        del holder[last]
        return doc, path, ("exact" if required else None)
    if op == "nest":
        depth = draw(st.integers(1, 200))
        holder[last] = nest(target, depth, draw(st.sampled_from(["list", "dict"])))
        return doc, path, "within"
    if op == "retype":
        new = draw(small_json.filter(lambda v: kind(v) != kind(target)))
    else:
        new = draw(small_json)
    holder[last] = new
    if path == ("dataset",) and isinstance(new, dict):
        # a name, or an object naming the user's own data: an object is judged key by key
        return doc, path, "within"
    # Every field takes exactly one kind of JSON value, so another kind is always refused.
    return doc, path, ("exact" if kind(new) != kind(target) else None)


@st.composite
def mutations(draw):
    doc = copy.deepcopy(BASE_DOCS[draw(st.sampled_from(sorted(BASE_DOCS)))])
    return mutate(draw, doc)


@st.composite
def several_mutations(draw):
    doc = copy.deepcopy(BASE_DOCS[draw(st.sampled_from(sorted(BASE_DOCS)))])
    for _ in range(draw(st.integers(2, 6))):
        doc, _, _ = mutate(draw, doc)
    return doc


def assert_reported(problems, path, expectation):
    if expectation is None:
        return
    where = path_text(path)
    paths = [p.path for p in problems]
    if expectation == "exact":
        assert where in paths, (where, problems)
    else:  # the path itself or something inside it
        assert any(p == where or p.startswith((where + ".", where + "[")) or where == "" for p in paths), (where, problems)


@settings(FUZZ, max_examples=1500)
@given(mutations())
def test_mutated_designs_only_raise_spec_error_naming_the_mutated_field(mutation):
    doc, path, expectation = mutation
    event(f"expect {expectation}")
    problems = assert_only_spec_errors(spec.from_dict, doc)
    if expectation is not None:
        assert problems, f"{path_text(path)} was mutated but the document still parses"
        assert_reported(problems, path, expectation)
    try:
        text = json.dumps(doc)
    except (ValueError, RecursionError):
        return
    assert [str(p) for p in assert_only_spec_errors(spec.loads, text)] == [str(p) for p in problems]


@settings(FUZZ, max_examples=300)
@given(several_mutations())
def test_several_mutations_at_once_only_raise_spec_error(doc):
    assert_only_spec_errors(spec.from_dict, doc)


def test_deep_nesting_in_a_document_is_refused_cleanly():
    deep = nest(1, 50_000, "list")
    assert [p.path for p in problems_of({**MNIST, "name": deep})] == ["name"]
    assert [p.path for p in problems_of({**MNIST, "layers": deep})] == ["layers[0]"]


# --------------------------------------------------------------------------- atomic dump


def _fail_in_fsync(monkeypatch):
    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spec.os, "fsync", boom)


def _fail_in_replace(monkeypatch):
    def boom(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(spec.os, "replace", boom)


def _fail_half_way_through_writing(monkeypatch):
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, f):
            self.f = f

        def write(self, text):
            self.f.write(text[: len(text) // 2])
            self.f.flush()
            raise OSError(5, "Input/output error")

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(spec.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))


@pytest.mark.parametrize("fail", [_fail_half_way_through_writing, _fail_in_fsync, _fail_in_replace], ids=["write", "fsync", "replace"])
def test_a_failed_save_leaves_the_old_file_and_no_temp_files(tmp_path, monkeypatch, fail):
    path = tmp_path / "design.json"
    spec.dump(spec.from_dict(MNIST), path)
    before = path.read_bytes()
    fail(monkeypatch)
    with pytest.raises(OSError):
        spec.dump(spec.from_dict(RICH), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.json"]
    assert spec.load(path) == spec.from_dict(MNIST)


@pytest.mark.parametrize("fail", [_fail_half_way_through_writing, _fail_in_replace], ids=["write", "replace"])
def test_a_failed_first_save_leaves_nothing(tmp_path, monkeypatch, fail):
    fail(monkeypatch)
    with pytest.raises(OSError):
        spec.dump(spec.from_dict(MNIST), tmp_path / "new.json")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_save_cleans_up_too(tmp_path, monkeypatch):
    def interrupt(fd):
        raise KeyboardInterrupt

    path = tmp_path / "design.json"
    spec.dump(spec.from_dict(MNIST), path)
    monkeypatch.setattr(spec.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        spec.dump(spec.from_dict(RICH), path)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.json"]


def test_a_successful_save_replaces_the_file_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "design.json"
    spec.dump(spec.from_dict(MNIST), path)
    spec.dump(spec.from_dict(RICH), str(path))  # str paths too
    assert spec.load(path) == spec.from_dict(RICH)
    assert [p.name for p in tmp_path.iterdir()] == ["design.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saving_keeps_the_files_permissions(tmp_path):
    path = tmp_path / "design.json"
    spec.dump(spec.from_dict(MNIST), path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    path.chmod(0o640)
    spec.dump(spec.from_dict(RICH), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_design_with_stale_fixed_weights_can_still_be_copied():
    """Editing units of the worked example leaves its fixed weights the wrong shape
    until the user fixes it; the app copies designs all the while (undo, autosave)."""
    design = spec.load(EXAMPLES / "worked_example.json")
    design.layers[0].units = 3  # the fixed 2x2 weights no longer fit
    copied = design.copy()
    assert copied == design and copied is not design
    copied.layers[0].weights[0][0] = 99.0
    assert design.layers[0].weights[0][0] == 0.5  # a deep copy


# --------------------------------------------------------------------------- the limits keep every design small


def minimal() -> dict:
    return copy.deepcopy(MNIST)


def test_too_many_translations_are_refused_naming_the_field():
    d = minimal()
    d["translations"] = {f"l{chr(97 + i // 26)}{chr(97 + i % 26)}": {"name": "x"} for i in range(spec.MAX_TRANSLATIONS + 1)}
    with pytest.raises(spec.SpecError, match=f"translations: must hold at most {spec.MAX_TRANSLATIONS} languages, got {spec.MAX_TRANSLATIONS + 1}"):
        spec.from_dict(d)


def test_too_many_fixed_numbers_are_refused_before_they_are_read():
    d = minimal()
    d["input"] = {"shape": [400]}
    d["layers"] = [{"type": "dense", "units": 300, "activation": "relu", "weights": [[0.5] * 300] * 400}, {"type": "dense", "units": 10, "activation": "softmax"}]
    with pytest.raises(spec.SpecError) as info:
        spec.from_dict(d)
    assert [(p.path, p.code) for p in info.value.problems] == [("layers[0].weights", "too_many_fixed_numbers")]
    assert "hold 120000 numbers; a design may fix at most 100000" in str(info.value)


def test_the_largest_design_that_parses_is_still_well_under_the_file_limit():
    # Save and load agree: whatever the parser accepts can be written, and read back, within MAX_DESIGN_BYTES.
    nasty = "\x01" * 5000  # control characters: each is written as a 6-character escape
    half = spec.MAX_FIXED_NUMBERS // 2
    d = minimal()
    d.update({
        "name": "\x01" * 200, "description": nasty,
        "translations": {f"l{chr(97 + i // 26)}{chr(97 + i % 26)}": {"name": "\x01" * 200, "description": nasty} for i in range(spec.MAX_TRANSLATIONS)},
        "input": {"shape": [1]},
        "layers": [{"type": "dense", "units": half, "activation": "relu", "weights": [[-1.2345678901234567e-05] * half], "bias": [-999999.9999999999] * half},
                   *[{"type": "dropout", "rate": 0.123456789} for _ in range(98)],
                   {"type": "dense", "units": 10, "activation": "softmax"}],
    })
    text = spec.dumps(spec.from_dict(d))
    assert len(text.encode("utf-8")) < spec.MAX_DESIGN_BYTES * 0.8
    assert spec.loads(text).name == "\x01" * 200
