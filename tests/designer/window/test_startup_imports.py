"""Starting the app compiles nothing: numba (core.compute.kernels) loads when training starts,
in the training thread, not while the window opens (it costs 0.2-2 s)."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json, sys
from designer.app import create_application, create_window
app = create_application([])
window = create_window()
window.show()
for _ in range(20):
    app.processEvents()
print(json.dumps({"pages": window.tabs.count(), "numba": sorted(m for m in sys.modules if m.split(".")[0] in ("numba", "llvmlite"))}))
"""


def test_opening_the_window_with_every_page_imports_no_numba():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LAYERLAB_NO_RESTORE_PROMPT="1", LAYERLAB_LANGUAGE="en")
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.splitlines()[-1])
    assert result["pages"] == 4
    assert result["numba"] == []
