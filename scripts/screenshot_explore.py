#!/usr/bin/env python3
"""Take the Explore page's screenshots for the docs, at 1280x800, offscreen.

    python scripts/screenshot_explore.py [--only inspector|race|spiral|weights|conv] [--data-dir ../shared/datasets]

- docs/inspector.png: the worked example (2-2-2 sigmoid, input (1, -1)) in the
  Inspector, on the backward step that computes layer 2's weight gradients.
- docs/race.png: the MNIST example raced with five optimizers (about a minute).
- docs/spiral.png: the Toy playground with its own defaults (the spirals), mid-training.
- docs/weights.png: Weights & activations of the shipped MNIST model: its first layer's
  weights as 64 pictures, and a layer's activations.
- docs/conv_maps.png, docs/conv_lens.png, docs/conv_pool.png: Inside a convolution, for the
  MNIST CNN example trained for 300 steps on 3,000 images (a few seconds): the second
  convolution's feature maps with a unit clicked (its receptive field on the digit, its
  dot product) after one training step; the im2col lens on the same unit; max pooling's
  winners.

The Explore page is shown in the main window (added with `add_page`, as the app does).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from screenshot_common import use_a_private_home

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)
EXAMPLES = ROOT / "resources" / "examples"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", choices=("inspector", "race", "spiral", "weights", "conv"))
    p.add_argument("--out-dir", type=Path, default=ROOT / "docs")
    p.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = p.parse_args(argv)

    use_a_private_home()
    os.environ.setdefault("LAYERLAB_NO_RESTORE_PROMPT", "1")

    from designer.app import create_application, create_window
    from designer.pages.explore.explore_page import ExplorePage

    app = create_application([])
    window = create_window()
    page = window.pages()[-1] if isinstance(window.pages()[-1], ExplorePage) else None
    if page is None:  # the window does not add the page itself (yet)
        page = ExplorePage(window.document, window.model_store, data_dir=args.data_dir)
        window.add_page(page, "Explore")
        window.before_close.append(page.before_close)
    page.data.data_dir = args.data_dir
    window.resize(*SIZE)
    window.show()

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def shoot(name: str) -> None:
        settle(0.4)
        out = args.out_dir / f"{name}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        print(out)

    window.show_page(page)
    if args.only in (None, "inspector"):
        window.files.load_example(EXAMPLES / "worked_example.json", ask=False)
        page.show_panel(page.inspector)
        settle()
        page.inspector.steps.go_to(8)  # backward: layer 2's ∂L/∂W and ∂L/∂b
        shoot("inspector")
    if args.only in (None, "race"):
        window.files.load_example(EXAMPLES / "mnist_mlp.json", ask=False)
        page.show_panel(page.race)
        page.race.start_race()
        while page.race.is_running:
            settle(0.2)
        shoot("race")
    if args.only in (None, "spiral"):
        # the MNIST example is not 2-D: the playground shows its own defaults, as a newcomer finds it
        window.files.load_example(EXAMPLES / "mnist_mlp.json", ask=False)
        page.show_panel(page.playground)
        settle()
        page.playground.speed_combo.setCurrentIndex(2)  # as fast as possible...
        page.playground.start_training()
        while page.playground.is_running:  # ...to the end: the boundary follows the arms
            settle(0.2)
        shoot("spiral")
    if args.only in (None, "weights"):
        window.files.load_example(EXAMPLES / "mnist_mlp.json", ask=False)
        page.show_panel(page.weights)
        settle(1.5)  # the test samples load for the histogram
        shoot("weights")
    if args.only in (None, "conv"):
        window.files.load_example(EXAMPLES / "mnist_cnn.json", ask=False)
        window.model_store.set_bundle(_briefly_trained_cnn(window.document.design, args.data_dir), "trained")
        page.show_panel(page.convolution)
        conv = page.convolution
        while conv.inside is None:  # the test set loads in the background
            settle(0.2)
        conv.samples.index_spin.setValue(3)
        conv.set_layer(2)
        conv.choose_unit(5, 6, 7)
        conv.start_training_step()
        while conv.step_result is None:
            settle(0.2)
        shoot("conv_maps")
        conv.views.setCurrentIndex(1)
        shoot("conv_lens")
        conv.set_layer(1)
        conv.choose_unit(3, 7, 6)
        conv.views.setCurrentIndex(2)
        shoot("conv_pool")
    page.stop_and_wait(3000)
    window.document.undo_stack.setClean()
    window.close()
    return 0


def _briefly_trained_cnn(design, data_dir: Path):
    """The design trained for 300 steps of 32 images on the first 3,000 of MNIST, as a bundle."""
    import numpy as np

    from core.data.datasets import load_dataset
    from core.io.bundle import Bundle
    from core.nn.model import build_model
    from core.nn.optimizers import make_optimizer

    data = load_dataset("mnist", data_dir)
    model = build_model(design)
    optimizer = make_optimizer(design.training.optimizer)
    x, y = data.normalise(data.x_train[:3000]), data.y_train[:3000]
    rng = np.random.default_rng(0)
    for _ in range(300):
        idx = rng.choice(len(x), 32, replace=False)
        model.train_step(x[idx], y[idx], optimizer)
    return Bundle(design, model.get_weights(), normalisation=data.normalisation)


if __name__ == "__main__":
    sys.exit(main())
