"""LayerLab: the application by default, or a CLI sub-command (see designer.launch)."""
import sys

from designer.launch import main

if __name__ == "__main__":
    sys.exit(main())
