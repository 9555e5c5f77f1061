"""LayerLab installs as a package: `pip install .` (not editable) is a whole, working app.

The wheel must hold every package, the example designs, the shipped models and the
translations; used from another folder with the checkout out of sight, its CLI
works and its app starts."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def packages_on_disk() -> set[str]:
    found = set()
    for top in ("core", "designer"):
        for init in (ROOT / top).rglob("__init__.py"):
            found.add(".".join(init.parent.relative_to(ROOT).parts))
    return found


def test_pyproject_lists_every_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    assert packages_on_disk() <= listed, f"add to pyproject.toml: {sorted(packages_on_disk() - listed)}"
    assert "layerlab_resources" in listed and config["package-dir"]["layerlab_resources"] == "resources"


#: the test environment has LayerLab installed in editable mode: its import finder would
#: quietly serve anything the wheel lacks from the checkout, so the installed copy is
#: tested without it
HIDE_THE_CHECKOUT = (
    "import sys; "
    "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in getattr(f, '__module__', '') "
    "and 'editable' not in getattr(type(f), '__module__', '')]; "
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip install .` would install, built from a copy (setuptools builds in the
    source folder and would leave a build/ folder in the checkout)."""
    import shutil

    source = tmp_path_factory.mktemp("source") / "layerlab"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", ".hypothesis", "tests"))
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("layerlab-*.whl")
    return path


def test_the_wheel_holds_the_code_examples_models_and_translations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in packages_on_disk():
        assert f"{package.replace('.', '/')}/__init__.py" in names, package
    for shipped in [*(ROOT / "resources").glob("examples/*.json"), *(ROOT / "resources").glob("models/*.npz"),
                    *(ROOT / "resources").glob("models/shipped.json"),
                    *(ROOT / "resources").glob("translations/*.qm"), *(ROOT / "resources").glob("data/*.csv"),
                    *(ROOT / "resources").glob("data/uci-digits/*/*.png")]:
        assert f"layerlab_resources/{shipped.relative_to(ROOT / 'resources').as_posix()}" in names, shipped.name
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "layerlab = designer.launch:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_the_installed_app_works_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), QT_QPA_PLATFORM="offscreen", LAYERLAB_STARTUP_PROBE="1",
               LAYERLAB_NO_RESTORE_PROMPT="1", LAYERLAB_LANGUAGE="ja")
    code = (
        HIDE_THE_CHECKOUT + "from designer.launch import main; "
        "import core; assert core.__file__.startswith(sys.argv[1]), core.__file__; "
        "from core.io.resources import examples_dir; "
        "sys.exit(main(['check', str(examples_dir() / 'mnist_mlp.json')]))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(site)], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "MNIST MLP" in out.stdout
    # the own-data examples find the table and the folder of pictures shipped beside them
    for example, words in (("penguins.json", "input 9"), ("uci_digits_cnn.json", "input 1×8×8")):
        code = HIDE_THE_CHECKOUT + f"from designer.launch import main; from core.io.resources import examples_dir; sys.exit(main(['check', str(examples_dir() / {example!r})]))"
        out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0 and words in out.stdout, out.stderr
    app = subprocess.run([sys.executable, "-c", HIDE_THE_CHECKOUT + "from designer.launch import main; sys.exit(main([]))"],
                         cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert app.returncode == 0, app.stderr
    title = app.stdout.splitlines()[0]
    assert title.startswith("startup ") and "LayerLab" in title and "MNIST" in title
    assert "多層" in title or "パーセプトロン" in title  # the example's Japanese name: the translations came along
