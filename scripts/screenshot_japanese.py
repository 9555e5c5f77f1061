#!/usr/bin/env python3
"""Take the screenshot of the Japanese interface for the docs, at 1280x800, offscreen.

    python scripts/screenshot_japanese.py [--out docs/japanese.png] [--page design] [--scale 1]

Shows the main window in Japanese with the MNIST example (its Japanese name in the
title), the output layer selected and one problem introduced (the output layer's
units set to 12), so that the palette, the layer cards, the properties, a check
with its fix and the status bar all show Japanese text. Needs a CJK font (Linux:
fonts-ipafont-gothic or fonts-noto-cjk); without one, Qt draws boxes.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from screenshot_common import save_and_close, show_a_problem, use_a_private_home

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)
PAGES = ("design", "train", "test", "explore")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "japanese.png")
    p.add_argument("--page", choices=PAGES, default="design", help="the page to show")
    p.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (2 for a high-DPI picture)")
    args = p.parse_args(argv)

    use_a_private_home()
    os.environ["LAYERLAB_LANGUAGE"] = "ja"
    os.environ["LAYERLAB_NO_RESTORE_PROMPT"] = "1"
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtGui import QFontDatabase

    from designer.app import create_application, create_window

    app = create_application([])
    if not any(QFontDatabase.writingSystems(family) and QFontDatabase.WritingSystem.Japanese in QFontDatabase.writingSystems(family)
               for family in QFontDatabase.families()):
        print("warning: no Japanese font found; install fonts-ipafont-gothic or fonts-noto-cjk", file=sys.stderr)
    window = create_window()
    window.add_standard_pages()
    window.resize(*SIZE)
    window.show()
    if args.page == "design":
        show_a_problem(window)
        window.design_page.stack.setFocus()
    else:
        window.tabs.setCurrentIndex(PAGES.index(args.page))
    return save_and_close(app, window, args.out, frames=10)


if __name__ == "__main__":
    sys.exit(main())
