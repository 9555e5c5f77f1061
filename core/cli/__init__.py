"""The command line: ``python main.py check|train|evaluate|predict ...`` (see `core.cli.main`)."""
from core.cli.main import main

__all__ = ["main"]
