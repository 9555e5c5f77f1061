"""The `layerlab` command (and ``python main.py``): the application, or a CLI sub-command.

``layerlab`` alone opens the window; ``layerlab train DESIGN.json`` and the other
sub-commands of `core.cli.main` run headless, without importing Qt.
"""
from __future__ import annotations

import sys

CLI_FLAGS = ("-h", "--help", "--version")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if (argv and not argv[0].startswith("-")) or argv[:1] and argv[0] in CLI_FLAGS:
        from core.cli.main import main as cli_main

        return cli_main(argv)
    from designer.app import run

    return run(argv)


__all__ = ["main"]
