#!/usr/bin/env python3
"""Take the Test page's screenshots for the docs, at 1280x800, offscreen.

    python scripts/screenshot_test_page.py [--data-dir ../shared/datasets] [--out docs]

Writes docs/test-page.png (a digit drawn on the canvas, with what the network sees
and its probabilities) and docs/confusion-matrix.png (the test-set browser with the
model's most frequent confusion opened).
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)


def three(side: int) -> list[list[tuple[float, float]]]:
    """A hand-drawn looking "3" (two arcs, the lower one larger), in canvas pixels."""

    def arc(cx, cy, rx, ry, start, stop, steps=24):
        out = []
        for k in range(steps + 1):
            a = math.radians(start + (stop - start) * k / steps)
            x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
            out.append(((x - 0.04 * (y - 0.5)) * side, y * side))  # a slight slant
        return out

    return [arc(0.49, 0.33, 0.15, 0.13, -165, 105), arc(0.48, 0.62, 0.18, 0.17, -105, 160)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    p.add_argument("--out", type=Path, default=ROOT / "docs")
    args = p.parse_args(argv)

    import numpy as np

    from designer.app import create_application
    from designer.window.main_window import MainWindow

    os.environ.setdefault("LAYERLAB_DATA", str(args.data_dir))
    app = create_application([])
    window = MainWindow(autosave=False)
    window.files.load_default_design()
    page = window.test_page
    if window.model_store.bundle is None:
        print("the bundled model is missing: run scripts/train_shipped_model.py --model mnist_cnn", file=sys.stderr)
        return 1
    window.resize(*SIZE)
    window.show()
    window.show_page(page)
    app.processEvents()
    for stroke in three(page.canvas.resolution):
        page.canvas.add_stroke(stroke)
    app.processEvents()
    args.out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out / "test-page.png"))
    print(f"wrote {args.out / 'test-page.png'} (prediction: {page.prediction()[0]})")

    done = []
    page.browser.ready.connect(lambda: done.append(True))
    page.browser.loadFailed.connect(lambda message: done.append(message))
    page.tabs.setCurrentIndex(1)
    while not done:
        app.processEvents()
    if done[0] is not True:
        print(f"the test set could not be loaded: {done[0]}", file=sys.stderr)
        return 1
    m = page.browser.matrix.matrix()
    np.fill_diagonal(m, 0)
    page.browser.show_cell(*np.unravel_index(m.argmax(), m.shape))
    app.processEvents()
    window.grab().save(str(args.out / "confusion-matrix.png"))
    print(f"wrote {args.out / 'confusion-matrix.png'}")
    page.shutdown()
    window.document.undo_stack.setClean()
    return 0


if __name__ == "__main__":
    sys.exit(main())
