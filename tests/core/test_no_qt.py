"""core/ must work without Qt: importing every module of it loads no Qt binding."""
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import core

ROOT = Path(__file__).resolve().parents[2]
QT_PREFIXES = ("PySide6", "PySide2", "PyQt5", "PyQt6", "PyQt", "shiboken", "pyqtgraph")

PROBE = """
import importlib, json, pkgutil, sys
import core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, "core."))
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(core.__path__, "core."))


def test_importing_every_core_module_loads_no_qt():
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["imported"] == core_modules()
    assert {"core.design.spec", "core.design.checks", "core.data.catalog"} <= set(result["imported"])
    qt = [m for m in result["loaded"] if m.startswith(QT_PREFIXES)]
    assert qt == [], f"core imports Qt: {qt}"
