#!/usr/bin/env python3
"""Take the Design page's screenshot for the docs, at 1280x800, offscreen.

    python scripts/screenshot_design_page.py [--out docs/design-page.png] [--scale 1]

Shows the main window with the MNIST example, the output layer selected, and one
problem introduced (the output layer's units set to 12) so the checks and their
one-click fix are visible.
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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "design-page.png")
    p.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (2 for a high-DPI picture)")
    p.add_argument("--clean", action="store_true", help="show the example as it is, without the introduced problem")
    args = p.parse_args(argv)

    use_a_private_home()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from designer.app import create_application, create_window

    app = create_application([])
    window = create_window()
    window.resize(*SIZE)
    window.show()
    if not args.clean:
        show_a_problem(window)
    window.design_page.stack.setFocus()
    return save_and_close(app, window, args.out)


if __name__ == "__main__":
    sys.exit(main())
