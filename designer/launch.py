"""The `layerlab` command (and ``python main.py``): the application, or a CLI sub-command.

``layerlab`` alone opens the window; ``layerlab train DESIGN.json`` and the other
sub-commands of `core.cli.main` run headless, without importing Qt.
"""
from __future__ import annotations

import sys

CLI_FLAGS = ("-h", "--help", "--version")


#: the exit code after Ctrl+C (SIGINT), as shells report a process it ended
EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Run the app or a CLI command; Ctrl+C during start-up gives one line and exit code 130."""
    try:
        argv = sys.argv[1:] if argv is None else argv
        from core.cli import signals

        signals.install()  # `layerlab` comes here first (main.py has done it already)
        if (argv and not argv[0].startswith("-")) or argv[:1] and argv[0] in CLI_FLAGS:
            from core.cli.main import main as cli_main

            signals.check()  # a Ctrl+C the imports swallowed
            return cli_main(argv)
        from designer.app import run

        signals.check()
        return run(argv)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


__all__ = ["main"]
