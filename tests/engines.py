"""The engines the export tests run exported models on: onnxruntime and torch.

They are test dependencies (the `export-test` extra). Without one, its tests skip with a
reason that says how to install it; in CI (CI=true) they fail instead, since CI installs
both (.ci/run) and a skip there would hide that the exports went untested.
"""
from __future__ import annotations

import importlib
import os

import pytest

EXTRA = 'pip install -e ".[test,export-test]"'


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def need(module: str):
    """`module` imported, or a skip (a failure in CI) naming what is missing."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        reason = f"{module} is not installed ({e}); {EXTRA} to run this test"
        if in_ci():
            pytest.fail(f"{reason}. CI must have it: .ci/run installs the export-test extra", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def onnxruntime():
    return need("onnxruntime")


@pytest.fixture(scope="session")
def torch():
    module = need("torch")
    module.set_num_threads(1)  # tests are small and the machine is shared: one thread is fastest
    return module
