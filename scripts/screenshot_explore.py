#!/usr/bin/env python3
"""Take the Explore page's screenshots for the docs, at 1280x800, offscreen.

    python scripts/screenshot_explore.py [--only inspector|race|spiral|weights] [--data-dir ../shared/datasets]

- docs/inspector.png: the worked example (2-2-2 sigmoid, input (1, -1)) in the
  Inspector, on the backward step that computes layer 2's weight gradients.
- docs/race.png: the MNIST example raced with five optimizers (about a minute).
- docs/spiral.png: the Toy playground with its own defaults (the spirals), mid-training.
- docs/weights.png: Weights & activations of the shipped MNIST model: its first layer's
  weights as 64 pictures, and a layer's activations.

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
    p.add_argument("--only", choices=("inspector", "race", "spiral", "weights"))
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
    page.stop_and_wait(3000)
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
