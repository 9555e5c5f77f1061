"""Shared fixtures. Qt must run offscreen before any QApplication exists."""
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LAYERLAB_NO_RESTORE_PROMPT", "1")

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASETS = (ROOT.parent / "shared" / "datasets").resolve()
EXAMPLES = ROOT / "resources" / "examples"


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    if not (DATASETS / "mnist" / "t10k-images-idx3-ubyte.gz").exists():
        pytest.fail(f"the shared datasets are missing at {DATASETS} (see ../shared/datasets/README.md)")
    return DATASETS


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep tests away from the real user's data, settings and autosaves."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LAYERLAB_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("LAYERLAB_DATA", raising=False)
