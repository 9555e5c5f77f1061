"""Pictures through files classify like the arrays they came from, in the GUI as in the CLI.

The shipped model (resources/models/mnist_mlp.npz) is the one tested: it must score
98 % on MNIST, and 1000 MNIST test digits written as PNG files and read back through
`core.data.digits.load_image` + `Predictor.classify` (the path of ``main.py predict`` and
of the Test page's Load image…) must get the class the raw arrays get.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.data.digits import load_image
from core.data.idx import read_idx
from core.io.bundle import load_bundle
from core.nn.predictor import Predictor

ROOT = Path(__file__).resolve().parents[3]
MODEL = ROOT / "resources" / "models" / "mnist_mlp.npz"


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor(load_bundle(MODEL))


@pytest.fixture(scope="module")
def mnist_test(datasets_dir):
    x = read_idx(datasets_dir / "mnist" / "t10k-images-idx3-ubyte.gz")
    y = read_idx(datasets_dir / "mnist" / "t10k-labels-idx1-ubyte.gz")
    return x, y


def test_the_shipped_model_is_small_float32_and_scores_98_percent(predictor, mnist_test):
    assert MODEL.stat().st_size < 3_000_000
    assert all(w.dtype == np.float32 for w in predictor.bundle.weights.values())
    x, y = mnist_test
    accuracy = np.mean(predictor.dataset_probabilities(x).argmax(axis=1) == y)
    assert accuracy >= 0.98, f"the shipped model scores {accuracy:.2%} on the MNIST test set"


def test_1000_png_files_get_the_class_of_their_arrays(predictor, mnist_test, tmp_path):
    x, _ = mnist_test
    x = x[:1000]
    direct = predictor.dataset_probabilities(x).argmax(axis=1)
    through_files = np.empty(len(x), dtype=np.int64)
    for i, img in enumerate(x):
        path = tmp_path / f"{i}.png"
        Image.fromarray(img).save(path)
        through_files[i] = predictor.classify(load_image(path))[0]
    agreement = np.mean(through_files == direct)
    assert agreement >= 0.99, f"only {agreement:.1%} of the PNG files got the class of their array"


# --------------------------------------------------------------------------- CLI vs GUI


def _pictures(mnist_test, folder: Path) -> list[Path]:
    """The same digits as a user might save them: big white-on-black, dark-on-light PNG and JPEG."""
    x, _ = mnist_test
    out = []
    for i, (index, style) in enumerate([(0, "white"), (1, "dark"), (2, "dark-jpeg"), (18, "dark")]):
        big = Image.fromarray(x[index]).resize((140, 140), Image.Resampling.BILINEAR)
        a = np.asarray(big)
        if style.startswith("dark"):
            a = (235 - a.astype(np.int32) * 215 // 255).astype(np.uint8)  # grey ink on off-white paper
        path = folder / (f"{i}-{style}.jpg" if style.endswith("jpeg") else f"{i}-{style}.png")
        Image.fromarray(a).save(path, quality=92) if path.suffix == ".jpg" else Image.fromarray(a).save(path)
        out.append(path)
    return out


def _cli_predict(path: Path) -> dict:
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "predict", str(MODEL), str(path), "--json"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_cli_and_the_test_page_agree_on_picture_files(qtbot, mnist_test, tmp_path):
    from designer.document.bundled_model import install_bundled_model
    from designer.document.model_store import ModelStore
    from designer.pages.test.test_page import TestPage

    store = ModelStore()
    assert install_bundled_model(store, "mnist_mlp")
    page = TestPage(store)
    qtbot.addWidget(page)
    _, y = mnist_test
    for path, expected in zip(_pictures(mnist_test, tmp_path), [y[0], y[1], y[2], y[18]]):
        assert page.load_image_file(path), path
        gui_label, gui_probs = page.prediction()
        cli = _cli_predict(path)
        assert cli["label"] == gui_label == expected, path.name
        np.testing.assert_allclose(cli["probabilities"], gui_probs, atol=2e-6, err_msg=path.name)


def test_classifying_a_dataset_can_be_stopped_between_chunks(predictor):
    from core.nn.predictor import PredictionStopped

    rows = np.zeros((50, 784), np.uint8)
    asked = []

    def stop_at_third():
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(PredictionStopped):
        predictor.dataset_probabilities(rows, chunk=10, should_stop=stop_at_third)
    assert len(asked) == 3  # asked before each chunk, and nothing after saying stop
    assert predictor.dataset_probabilities(rows, chunk=10, should_stop=lambda: False).shape == (50, 10)
