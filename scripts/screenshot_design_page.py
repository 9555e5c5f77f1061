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
import tempfile
from pathlib import Path

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

    home = Path(tempfile.mkdtemp(prefix="layerlab-shot-"))
    os.environ["LAYERLAB_DATA_HOME"] = str(home / "data")  # no autosaves or settings of the user's
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from designer.app import create_application, create_window

    app = create_application([])
    window = create_window()
    window.resize(*SIZE)
    window.show()
    page = window.design_page
    doc = window.document
    if not args.clean:
        last = len(doc.design.layers) - 1
        doc.set_value(f"layers[{last}].units", 12)
        page.select(last)
    page.stack.setFocus()
    for _ in range(5):
        app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.out)):
        print(f"could not write {args.out}", file=sys.stderr)
        return 1
    print(args.out)
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
