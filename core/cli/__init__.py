"""The command line: ``python main.py check|train|evaluate|predict ...`` (see `core.cli.main`)."""


def main(argv: list[str] | None = None) -> int:
    from core.cli.main import main as cli_main

    return cli_main(argv)


__all__ = ["main"]
