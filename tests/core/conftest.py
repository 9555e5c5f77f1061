"""Fixtures for the core's tests."""
import pytest

from core.compute import kernels


@pytest.fixture(params=["numpy", "numba"])
def library(request):
    """Run the test once with each kernel library active (core.compute.kernels): NumPy, and
    numba's compiled loops (skipped without numba)."""
    if request.param == "numba":
        pytest.importorskip("numba")
        chosen = kernels.compiled()
    else:
        chosen = kernels.NUMPY
    with kernels.using(chosen):
        yield chosen
