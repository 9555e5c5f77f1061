"""LayerLab: the application by default, or a CLI sub-command (check, train, evaluate, predict)."""
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and not argv[0].startswith("-") or any(a in ("-h", "--help", "--version") for a in argv[:1]):
        from core.cli import main as cli_main

        return cli_main(argv)
    from designer.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
