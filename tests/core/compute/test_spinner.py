"""core.compute.spinner: while an MLP trains, a spinning helper thread runs OpenBLAS's
second share of every product and half of the large loops. The products and the
training run are the same bits as without it; other threads' products, more BLAS
threads than two, nesting, fork and exit all still work."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")
threadpoolctl = pytest.importorskip("threadpoolctl")

from core.compute import cores, kernels, spinner
from core.compute.spin_loops import DONE
from core.design import spec
from core.layer_types.dense import DenseSpec
from core.nn.model import build_model
from core.nn.optimizers import make_optimizer
from tests.threads import held_by_another_thread

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def two_threads():
    """BLAS on two threads (what the helper stands in for), the compiled kernels loaded."""
    kernels.load()
    if spinner._find_openblas() is None:
        pytest.skip("NumPy's BLAS is not an OpenBLAS with a threads callback")
    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        with spinner.serving():
            assert spinner.here(), "the helper did not start (see the log's warning)"
        yield


def _jobs_done() -> int:
    """How many jobs the helper has run so far."""
    return int(spinner._helper.block[DONE // 8])


SHAPES = [((128, 784), (784, 256)), ((256, 128), (128, 128)), ((1000, 300), (300, 200)), ((784, 128), (128, 256))]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_products_on_the_helper_are_blas_own_bits_and_run_there(two_threads, dtype):
    rng = np.random.default_rng(0)
    pairs = [(rng.standard_normal(a).astype(dtype), rng.standard_normal(b).astype(dtype)) for a, b in SHAPES]
    pairs.append((pairs[0][0].T, pairs[3][1]))  # a transposed operand (BLAS's other case)
    expected = [a @ b for a, b in pairs]
    expected_vector = pairs[2][0] @ pairs[2][1][:, 0]
    before = _jobs_done()
    with spinner.serving():
        got = [a @ b for a, b in pairs]
        vector = pairs[2][0] @ pairs[2][1][:, 0]  # a matrix times a vector (BLAS level 2)
    assert _jobs_done() > before  # the helper took shares of them
    for e, g in zip(expected, got, strict=True):
        np.testing.assert_array_equal(g, e)
    np.testing.assert_array_equal(vector, expected_vector)
    after = _jobs_done()
    _ = [a @ b for a, b in pairs]  # outside serving: OpenBLAS's own threads again
    assert _jobs_done() == after


def test_more_blas_threads_than_two_still_compute_every_product(two_threads):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((600, 500)), rng.standard_normal((500, 400))
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        expected = a @ b
    with spinner.serving(), threadpoolctl.threadpool_limits(4, user_api="blas"):
        got = [a @ b for _ in range(5)]  # jobs 2 and 3 run on threads of their own
    for g in got:
        np.testing.assert_allclose(g, expected, rtol=1e-12, atol=1e-12)


def test_another_thread_computes_its_products_while_one_trains(two_threads):
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((300, 400)).astype(np.float32), rng.standard_normal((400, 300)).astype(np.float32)
    expected = a @ b
    # the same product as the loop below computes: on some processors OpenBLAS rounds
    # b.T @ a.T otherwise than (a @ b).T (AVX-512 kernels: 1e-5 apart)
    expected_transposed = b.T @ a.T
    wrong, stop = [], threading.Event()

    def predicting():  # the GUI thread, say, classifying a drawn digit
        while not stop.is_set():
            if not np.array_equal(a @ b, expected):
                wrong.append(1)

    other = threading.Thread(target=predicting)
    with spinner.serving():
        other.start()
        try:
            for _ in range(200):
                np.testing.assert_array_equal(b.T @ a.T, expected_transposed)
        finally:
            stop.set()
            other.join(timeout=30)
    assert not other.is_alive() and not wrong


def test_nested_and_concurrent_serving_ends_with_the_last(two_threads):
    a = np.ones((512, 512))
    with held_by_another_thread(spinner.serving):
        with spinner.serving():
            with spinner.serving():  # nested in one thread: the outer block decides
                assert spinner.here()
            assert spinner.here()
        assert not spinner.here()
        before = _jobs_done()
        _ = a @ a  # the other thread still serves
        assert _jobs_done() > before
    after = _jobs_done()
    _ = a @ a
    assert _jobs_done() == after


def _mlp_run(steps: int, rows: np.ndarray, labels: np.ndarray, optimizer: str):
    design = spec.Design(name="t", input_shape=(rows.shape[1],),
                         layers=[DenseSpec(256, "relu"), DenseSpec(128, "relu"), DenseSpec(10, "softmax")],
                         loss="cross_entropy")
    design.training.optimizer = spec.OptimizerSpec(optimizer, 0.01)
    model = build_model(design, rng=np.random.default_rng(3), dtype=np.float32)
    opt = make_optimizer(design.training.optimizer)
    order = np.random.default_rng(4).permutation(len(rows))
    buffer = np.empty((128, rows.shape[1]), np.float32)
    scale, offset = kernels.scalars(np.float32, 1 / 255, 0.0)
    losses = []
    with cores.training_threads(model.step_numbers(128)):
        served = spinner.here()
        for i in range(steps):
            idx = order[i * 128 : (i + 1) * 128].astype(np.int64)
            xb = kernels.active().gather(rows, idx, scale, offset, buffer)
            losses.append(model.train_step(xb, labels[idx], opt)[0])
    return served, losses, model.get_weights()


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adagrad", "rmsprop", "adam"])
def test_a_training_run_is_the_same_bits_with_the_helper(two_threads, optimizer, mnist_subset):
    rows, labels = mnist_subset
    served, losses, weights = _mlp_run(17, rows, labels, optimizer)  # step 16 flushes
    with spinner.disabled():  # OpenBLAS's threads, whole loops
        alone, losses_alone, weights_alone = _mlp_run(17, rows, labels, optimizer)
    assert served and not alone
    assert losses == losses_alone
    for key in weights:
        np.testing.assert_array_equal(weights[key], weights_alone[key], err_msg=key)


def test_loops_are_handed_to_the_helper_in_halves(two_threads, mnist_subset):
    rows, _ = mnist_subset
    compiled = kernels.compiled()
    n = 3 * kernels.HAND_OVER + 1  # odd: the halves differ by one
    rng = np.random.default_rng(5)
    w, g, m, v = (rng.standard_normal(n).astype(np.float32) for _ in range(4))
    g[::7], m[::7], v[::7] = 0, 1e-39, 1e-39  # running state fading below the normal numbers
    whole = [a.copy() for a in (w, g, m, v)]
    args = kernels.scalars(np.float32, 0.9, 0.999, 1e-8, 0.001)
    tiny = np.finfo(np.float32).tiny
    compiled.adam(*whole, *args, True, False, tiny)  # m flushed to 0 there, v not
    assert not whole[2][::7].any() and whole[3][::7].all()
    idx = np.random.default_rng(6).integers(0, len(rows), 128)
    scale, offset = kernels.scalars(np.float32, 1 / 255, -0.5)
    expected_batch = compiled.gather(rows, idx, scale, offset, np.empty((128, rows.shape[1]), np.float32))
    before = _jobs_done()
    with spinner.serving():
        compiled.adam(w, g, m, v, *args, True, False, tiny)
        batch = compiled.gather(rows, idx, scale, offset, np.empty((128, rows.shape[1]), np.float32))
    assert _jobs_done() >= before + 2
    for got, want in zip((w, g, m, v), whole, strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(batch, expected_batch)
    np.testing.assert_array_equal(batch, rows[idx] * scale + offset)


@pytest.fixture(scope="module")
def mnist_subset(datasets_dir):
    """3,000 MNIST training images (uint8 rows, as the datasets hold them) and labels."""
    from core.data.idx import read_idx

    images = read_idx(datasets_dir / "mnist" / "t10k-images-idx3-ubyte.gz")[:3000].reshape(3000, -1)
    labels = read_idx(datasets_dir / "mnist" / "t10k-labels-idx1-ubyte.gz")[:3000]
    return np.ascontiguousarray(images), labels.astype(np.int64)


_CHILD = textwrap.dedent("""
    import os, sys
    import numpy as np
    from threadpoolctl import threadpool_limits
    from core.compute import kernels, spinner
    kernels.load()
    with threadpool_limits(2, user_api="blas"):
        a = np.ones((800, 800))
        with spinner.serving():
            assert spinner.here()
            expected = a @ a
            pid = os.fork()
            if pid == 0:  # the child has no helper: its products must not wait for one
                os._exit(0 if np.array_equal(a @ a, expected) else 3)
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0, status
            {ending}
""")


@pytest.mark.parametrize("ending", ["pass", "sys.exit(0)  # leaving with the helper serving"])
def test_fork_and_exit_while_serving(ending):
    script = _CHILD.format(ending=ending)
    done = subprocess.run([sys.executable, "-c", script], check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Fatal" not in done.stderr


def _helper_cpu_seconds() -> float:
    """CPU time the helper's thread has used (Linux: /proc/self/task/<tid>/stat)."""
    import os

    fields = Path(f"/proc/self/task/{spinner._helper.thread.native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_an_idle_helper_sleeps_and_the_next_product_wakes_it(two_threads):
    import time

    from core.compute.spin_loops import NAPPING, STATE

    a = np.ones((600, 600))
    with spinner.serving():
        _ = a @ a
        time.sleep(spinner.SPIN_SECONDS * 20)  # a pause in training
        assert spinner._helper.block[STATE // 8] == NAPPING
        cpu = _helper_cpu_seconds()
        time.sleep(0.5)
        assert _helper_cpu_seconds() - cpu < 0.05  # asleep, not spinning
        before = _jobs_done()
        np.testing.assert_array_equal(a @ a, np.full((600, 600), 600.0))
        assert _jobs_done() == before + 1


def test_a_helper_that_cannot_start_leaves_training_to_openblas(two_threads, monkeypatch, caplog, mnist_subset):
    from core.compute import spin_loops

    monkeypatch.setattr(spinner, "_helper", None)
    monkeypatch.setattr(spinner, "_unavailable", False)
    monkeypatch.setattr(spin_loops, "sem_init", lambda *args: -1)  # as if the C library refused
    rows, labels = mnist_subset
    with caplog.at_level("WARNING", logger="core.compute.spinner"):
        served, losses, _ = _mlp_run(3, rows, labels, "adam")
    assert not served and all(np.isfinite(losses))
    assert "could not start" in caplog.text and "sem_init failed" in caplog.text


def test_where_the_helper_cannot_run_serving_changes_nothing(two_threads, monkeypatch):
    monkeypatch.setattr(spinner, "_helper", None)
    monkeypatch.setattr(spinner, "_unavailable", False)
    monkeypatch.setattr(spinner, "SUPPORTED", False)  # another OS, or an ARM processor
    a = np.ones((400, 400))
    with spinner.serving():
        assert not spinner.here()
        np.testing.assert_array_equal(a @ a, np.full((400, 400), 400.0))
