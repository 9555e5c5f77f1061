"""core.design.spec problems on the screen: each carries a code and the values of its message, the
designer words it from a translated template (context "spec"), and a broken file opened in
Japanese names the field and says what is wrong in Japanese."""
from __future__ import annotations

import json

import pytest

from core.design import spec
from designer.text import i18n
from designer.text.messages import SPEC_TEMPLATES, field_for_people, spec_problem_text

from tests.designer.design_helpers import no_dialogs, window  # noqa: F401

BASE = {"format": "layerlab-design", "version": 1, "layers": []}


def doc(**changes):
    return {**BASE, **changes}


def dense(**fields):
    return {"type": "dense", "units": 3, **fields}


#: documents that validate() refuses, together covering every code it gives
INVALID = [
    [],
    doc(evil=1),
    {"format": "layerlab-design", "version": 1},
    doc(dataset_options={"samples": "many"}),
    doc(dataset_options={"samples": 5}),
    doc(dataset_options={"noise": "x"}),
    doc(dataset_options={"noise": 2}),
    doc(training={"seed": "x"}),
    doc(training={"seed": -1}),
    doc(training={"init": "zeros", "optimizer": {"type": "adam", "learning_rate": 0}, "epochs": 0}),
    doc(training={"optimizer": []}),
    doc(training={"schedule": {"type": "cosine"}}),  # in a version 1 file
    doc(layers=[dense(units=-3)]),
    doc(layers=[dense(units=10**6)]),
    doc(layers=[dense(units=10**200)]),
    doc(layers=[{"type": "conv"}]),
    doc(layers=[[1]]),
    doc(layers={}),
    doc(layers=[dense()] * 101),
    doc(name=3),
    doc(name="x" * 300),
    doc(name="\ud800"),
    doc(loss="hinge"),
    doc(format="something-else"),
    doc(version=0),
    doc(dataset="a b"),
    doc(translations={"!!": {}}),
    doc(translations=[]),
    doc(input={"shape": []}),
    doc(input={"shape": [2]}, layers=[dense(weights=[[1, 2, 3]])]),
    doc(layers=[dense(bias=[1.0])]),
    doc(layers=[dense(bias=[])]),
    doc(layers=[dense(weights=[])]),
    doc(layers=[dense(weights=[[1, 2], [1]])]),
    doc(version=99),
    doc(translations={f"l{chr(97 + i // 26)}{chr(97 + i % 26)}": {} for i in range(spec.MAX_TRANSLATIONS + 1)}),
    doc(input={"shape": [400]}, layers=[dense(units=300, weights=[[0.5] * 300] * 400)]),
    {**BASE, "version": 2, "input": {"shape": [1, 8, 8]}, "layers": [{"type": "conv2d", "filters": 2, "kernel_size": "3", "padding": "valid"}]},
    doc(layers=[{"type": "flatten"}]),
    # the user's own data
    doc(dataset=3),
    doc(dataset={"type": "csv", "path": " ", "target": "", "features": []}),
    doc(dataset={"type": "csv", "path": "t.csv", "target": "kind", "features": ["a", "a"]}),
    doc(dataset={"type": "image_folder", "path": "pictures", "size": [8]}),
]

#: texts that loads() refuses before validating
UNREADABLE = [
    b"\xff\xfe\x00not utf-8",
    "{ this is not json",
    " " * (spec.MAX_DESIGN_BYTES + 1),
    "[" * 100_000 + "]" * 100_000,
    '{"n": 1' + "0" * 5000 + "}",
]


def all_problems(tmp_path) -> list[spec.Problem]:
    found = [p for d in INVALID for p in spec.validate(d)]
    for text in UNREADABLE:
        with pytest.raises(spec.SpecError) as e:
            spec.loads(text)
        found += e.value.problems
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(spec.MAX_DESIGN_BYTES + 1)  # sparse: nothing is actually written
    for path in (binary, tmp_path / "missing.json", tmp_path, big):
        with pytest.raises(spec.SpecError) as e:
            spec.load(path)
        found += e.value.problems
    return found


def test_every_problem_has_a_code_with_a_template(tmp_path):
    problems = all_problems(tmp_path)
    assert all(p.code for p in problems), [str(p) for p in problems if not p.code]
    assert {p.code for p in problems} == set(SPEC_TEMPLATES)


def test_in_english_the_screen_says_exactly_what_core_says(qapp, tmp_path):
    """Word for word, the layer named as the Design page names it (Layer 1, not layers[0])."""
    assert i18n.current_language() == "en"
    for problem in all_problems(tmp_path):
        expected = f"{field_for_people(problem.path)}: {problem.message}" if problem.path else problem.message
        assert spec_problem_text(problem) == expected, problem.code


def test_a_layer_is_named_as_the_design_page_names_it(qapp):
    """Dialogs said layers[0] where the Design page says Layer 1."""
    assert field_for_people("layers[0].units") == "Layer 1 · units"
    assert field_for_people("layers[11]") == "Layer 12"
    assert field_for_people("layers[2].weights[3]") == "Layer 3 · fixed weights[3]"
    assert field_for_people("training.batch_size") == "training.batch_size"
    problem = spec.Problem("layers[0].units", "must be a positive integer, got -3", "positive_integer", {"got": "-3"})
    assert spec_problem_text(problem) == "Layer 1 · units: must be a positive integer, got -3"


def test_unknown_codes_and_unfillable_templates_fall_back_to_the_english(qapp):
    assert spec_problem_text(spec.Problem("a.b", "is odd")) == "a.b: is odd"
    assert spec_problem_text(spec.Problem("", "is odd", "no_such_code")) == "is odd"
    assert spec_problem_text(spec.Problem("x", "must be a number, got 1", "number", {})) == "x: must be a number, got 1"


def test_code_and_params_do_not_change_what_a_problem_equals():
    assert spec.Problem("a", "b", "required") == spec.Problem("a", "b")
    assert hash(spec.Problem("a", "b", "one_of", {"got": "1"})) == hash(spec.Problem("a", "b"))



def test_every_template_is_translated_to_japanese(japanese, tmp_path):
    for problem in all_problems(tmp_path):
        text = spec_problem_text(problem)
        assert text != str(problem), problem.code
        assert "must " not in text and " got " not in text
        if problem.path:
            assert text.startswith(field_for_people(problem.path) + ": ")
            assert "layers[" not in text  # counted as the Design page counts: 第 1 層


def test_a_broken_file_opened_in_japanese_names_the_field_in_japanese(window, japanese, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc(layers=[dense(units=-3), dense(activation="gelu"), {}], evil=1)), encoding="utf-8")

    assert not window.files.open_path(path, ask=False)
    text = window.error_dialog.text()
    window.error_dialog.close()
    assert "broken.json" in text
    assert "第 1 層 · ニューロン数: 正の整数にしてください（いまの値: -3）" in text
    assert "第 2 層 · 活性化関数: " in text and "のいずれかにしてください" in text
    assert "layers[" not in text
    assert "evil: 不明なキーです" in text
    assert "must be" not in text and "unknown key" not in text and "is required" not in text
