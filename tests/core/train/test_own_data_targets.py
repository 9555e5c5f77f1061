"""The own-data examples reach their targets on the real data (trained in full: they are small):
penguin species at least 95 % on the test rows; the UCI digits at least 93 % with the
multilayer perceptron, and higher with the small CNN."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.data.datasets import fit_to_data, load_dataset
from core.design import spec
from core.design.checks import check_design
from core.train.loop import train_design

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "examples"


def trained_accuracy(name: str) -> float:
    design = spec.load(EXAMPLES / f"{name}.json")
    data = load_dataset(design.dataset, seed=design.training.seed)
    design = fit_to_data(design, data)
    assert check_design(design) == []  # the example fits its data exactly: no error, no warning
    run = train_design(design, data)
    assert run.result.status == "completed"
    return run.result.test_accuracy


@pytest.fixture(scope="module")
def digits_mlp() -> float:
    return trained_accuracy("uci_digits_mlp")


def test_penguin_species_from_the_csv_table():
    assert trained_accuracy("penguins") >= 0.95


def test_uci_digits_with_a_multilayer_perceptron(digits_mlp):
    assert digits_mlp >= 0.93


def test_uci_digits_with_a_small_cnn_do_better(digits_mlp):
    cnn = trained_accuracy("uci_digits_cnn")
    assert cnn > digits_mlp and cnn >= 0.97
