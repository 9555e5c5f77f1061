"""LayerLab: the application by default, or a CLI sub-command (see designer.launch).

Ctrl+C (SIGINT) at any moment, even while Python is still importing, ends it with
exit code 130 and one line, never a traceback.
"""
import sys

if __name__ == "__main__":
    from core.cli import signals

    signals.install()  # before the imports below, which a Ctrl+C may interrupt
    try:
        from designer.launch import main

        code = main()
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code)
