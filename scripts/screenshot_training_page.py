#!/usr/bin/env python3
"""Take the Train page's screenshots for the docs, at 1280x800, offscreen.

    python scripts/screenshot_training_page.py [--data-dir ../shared/datasets] [--out-dir docs] [--language ja]

- docs/training-page.png: the MNIST example trained for 3 epochs on 6,000 images, its
  curves, the test accuracy and the result;
- docs/training-blow-up.png: 784-256-128-10 at SGD with learning rate 2: the loss explodes
  in the first epoch without a NaN, and the page says so, why, and what to try.

With --language ja the pictures are named training-page-ja.png and training-blow-up-ja.png.
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
EXAMPLE = ROOT / "resources" / "examples" / "mnist_mlp.json"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    p.add_argument("--out-dir", type=Path, default=ROOT / "docs")
    p.add_argument("--language", choices=("en", "ja"), default="en")
    p.add_argument("--only", choices=("trained", "blow-up"))
    args = p.parse_args(argv)

    use_a_private_home()
    os.environ["LAYERLAB_LANGUAGE"] = args.language
    os.environ["LAYERLAB_NO_RESTORE_PROMPT"] = "1"
    os.environ["LAYERLAB_DATA"] = str(args.data_dir)

    from designer.app import create_application, create_window

    app = create_application([])
    window = create_window()
    window.add_standard_pages()
    window.resize(*SIZE)
    window.show()
    page = window.training_page
    page.limit = 6000
    window.show_page(page)
    suffix = "" if args.language == "en" else f"-{args.language}"

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def train_and_shoot(name: str) -> None:
        finished = []
        page.runFinished.connect(finished.append)
        page.start_training()
        while not finished or page.is_running:
            settle(0.1)
        page.runFinished.disconnect(finished.append)
        settle(0.4)
        out = args.out_dir / f"{name}{suffix}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        print(out)

    doc = window.document
    if args.only in (None, "trained"):
        window.files.load_example(EXAMPLE, ask=False)
        doc.set_value("training.epochs", 3)
        train_and_shoot("training-page")
    if args.only in (None, "blow-up"):
        from core.design import spec
        from core.layer_types.dense import DenseSpec

        window.files.load_example(EXAMPLE, ask=False)
        page.plot.clear()  # this run's curves only
        layers = [DenseSpec(256, "relu"), DenseSpec(128, "relu"), DenseSpec(10, "softmax")]
        doc.set_value("layers", layers)
        doc.set_value("training.optimizer", spec.OptimizerSpec("sgd", 2.0))
        doc.set_value("training.epochs", 3)
        page.limit = 3000
        train_and_shoot("training-blow-up")
    doc.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
