"""Datasets: IDX reading, the lookup order, damaged files, downloading (from a local server only), toy sets."""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import socket
import threading
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from core.data import datasets, toy
from core.data.datasets import (
    FILES,
    DatasetError,
    DatasetNotFound,
    DownloadCancelled,
    load_dataset,
    locate,
    search_paths,
)
from core.data.idx import IdxError, read_idx, write_idx
from tests.local_mirror import QuietHandler, serving

GZ = [f"{base}.gz" for base in FILES.values()]


@pytest.fixture(autouse=True)
def _offline(tmp_path, monkeypatch):
    """No test here may reach the internet or the machine's /usr/share/datasets."""
    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", tmp_path / "system")
    monkeypatch.setenv("LAYERLAB_MIRROR", "http://127.0.0.1:9/{name}/")  # discard port: nothing listens


@pytest.fixture(scope="module")
def mnist(datasets_dir):
    return load_dataset("mnist", datasets_dir)


@pytest.fixture(scope="module")
def fashion(datasets_dir):
    return load_dataset("fashion-mnist", datasets_dir)


def link_dataset(src: Path, dest: Path, *, skip: tuple[str, ...] = ()) -> Path:
    """dest/ with symlinks to src's four files (minus `skip`): a cheap copy of a dataset."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in GZ:
        if name not in skip:
            (dest / name).symlink_to(src / name)
    return dest


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the real data


def test_mnist_shapes_dtypes_and_labels(mnist, datasets_dir):
    assert mnist.name == "mnist" and mnist.title
    assert mnist.x_train.shape == (60_000, 1, 28, 28) and mnist.x_train.dtype == np.uint8
    assert mnist.x_test.shape == (10_000, 1, 28, 28) and mnist.x_test.dtype == np.uint8
    assert mnist.y_train.shape == (60_000,) and mnist.y_test.shape == (10_000,)
    assert mnist.y_train.dtype in (np.int64, np.uint8)
    assert set(np.unique(mnist.y_train)) == set(range(10)) == set(np.unique(mnist.y_test))
    assert len(mnist.class_names) == 10 and mnist.num_classes == 10
    assert mnist.input_shape == (1, 28, 28)
    assert mnist.source == datasets_dir / "mnist"
    assert mnist.kind == "image"
    assert mnist.class_names == tuple(str(i) for i in range(10))
    # the first test digit of MNIST is a 7
    assert mnist.y_test[0] == 7


def test_normalise_is_a_batchwise_scale_to_unit_floats(mnist):
    assert mnist.normalisation == {"scale": 1 / 255, "offset": 0.0}
    batch = mnist.normalise(mnist.x_train[:64])
    assert batch.dtype == np.float32 and batch.shape == (64, 1, 28, 28)
    assert batch.min() == 0.0 and batch.max() == 1.0
    np.testing.assert_allclose(batch, mnist.x_train[:64] / 255.0, rtol=1e-6)
    assert mnist.x_train.dtype == np.uint8  # untouched


@pytest.mark.parametrize("library", ["numpy", "numba"])
@pytest.mark.parametrize("normalisation", [{"scale": 1 / 255, "offset": 0.0}, {"scale": 0.5, "offset": -0.25}, {"scale": 1.0, "offset": 0.0}])
def test_normalise_rows_gathers_the_same_numbers_into_a_reused_array(mnist, library, normalisation):
    """What a training loop reads per batch: normalise(x[rows]) bit for bit, written into
    the array it is given, with either kernel library; a row that does not exist is refused."""
    from dataclasses import replace

    from core.compute import kernels

    chosen = kernels.NUMPY if library == "numpy" else (pytest.importorskip("numba") and kernels.compiled())
    data = replace(mnist, normalisation=normalisation)
    rows = np.random.default_rng(0).permutation(len(data.x_train))[:128]
    out = np.full((128, *data.x_train.shape[1:]), np.nan, np.float32)
    with kernels.using(chosen):
        got = data.normalise_rows(data.x_train, rows, out)
        assert got is out
        np.testing.assert_array_equal(out, data.normalise(data.x_train[rows]))
        np.testing.assert_array_equal(data.normalise_rows(data.x_train, rows[:5]), data.normalise(data.x_train[rows[:5]]))
        floats = data.normalise(data.x_train[:300])  # a table's float32 rows, say
        np.testing.assert_array_equal(data.normalise_rows(floats, rows[rows < 300]), data.normalise(floats[rows[rows < 300]]))
        with pytest.raises(IndexError):
            data.normalise_rows(data.x_train, np.array([0, len(data.x_train)]), out[:2])


def test_fashion_mnist_shapes_and_balanced_classes(fashion):
    assert fashion.x_train.shape == (60_000, 1, 28, 28) and fashion.x_train.dtype == np.uint8
    assert fashion.x_test.shape == (10_000, 1, 28, 28)
    assert fashion.class_names[0] == "T-shirt/top" and fashion.class_names[9] == "Ankle boot"
    assert fashion.title == "Fashion-MNIST"
    np.testing.assert_array_equal(np.bincount(fashion.y_train), [6000] * 10)
    np.testing.assert_array_equal(np.bincount(fashion.y_test), [1000] * 10)


def test_local_train_images_load_although_their_checksum_is_not_the_official_one(datasets_dir, mnist):
    local = datasets_dir / "mnist" / "train-images-idx3-ubyte.gz"
    assert md5(local) != datasets.REMOTES["mnist"].md5[local.name]
    assert mnist.x_train.shape == (60_000, 1, 28, 28)


def test_loading_mnist_keeps_bytes_and_stays_small(datasets_dir):
    tracemalloc.start()
    try:
        data = load_dataset("mnist", datasets_dir)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data.x_train.nbytes == 60_000 * 784  # uint8, not float32
    assert peak < 120 * 2**20, f"loading MNIST peaked at {peak / 2**20:.0f} MB"


def test_read_idx_round_trip_of_every_type(tmp_path):
    for dtype in (np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64):
        a = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
        for name in ("a.idx", "a.idx.gz"):
            write_idx(tmp_path / name, a)
            b = read_idx(tmp_path / name)
            assert b.dtype == np.dtype(dtype).newbyteorder("=") and b.flags.writeable
            np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------- where files are found


def test_search_order(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYERLAB_DATA", str(tmp_path / "env"))
    paths = search_paths("mnist", tmp_path / "arg")
    assert paths.index(tmp_path / "arg" / "mnist") < paths.index(tmp_path / "arg")
    assert paths.index(tmp_path / "arg") < paths.index(tmp_path / "env" / "mnist") < paths.index(tmp_path / "env")
    home = datasets.user_datasets_dir()
    assert home == Path(os.environ["LAYERLAB_DATA_HOME"]) / "datasets"  # the tests' user data root
    assert paths[-2:] == [home / "mnist", tmp_path / "system" / "mnist"]


def test_data_dir_holding_a_dataset_folder_or_the_files_directly(tmp_path, datasets_dir):
    src = datasets_dir / "mnist"
    nested = link_dataset(src, tmp_path / "a" / "mnist")
    flat = link_dataset(src, tmp_path / "b")
    assert locate("mnist", tmp_path / "a") == nested
    assert locate("mnist", flat) == flat
    assert locate("mnist", datasets_dir) == src
    data = load_dataset("mnist", flat)
    assert data.source == flat and data.x_test.shape == (10_000, 1, 28, 28)


def test_lookup_order_data_dir_then_env_then_user_folder_then_system(tmp_path, monkeypatch, datasets_dir):
    src = datasets_dir / "mnist"
    system = link_dataset(src, tmp_path / "system" / "mnist")
    assert locate("mnist") == system
    user = link_dataset(src, datasets.user_datasets_dir() / "mnist")
    assert locate("mnist") == user
    env = link_dataset(src, tmp_path / "env" / "mnist")
    monkeypatch.setenv("LAYERLAB_DATA", str(tmp_path / "env"))
    assert locate("mnist") == env
    arg = link_dataset(src, tmp_path / "arg")
    assert locate("mnist", arg) == arg
    # a folder missing a file is passed over
    (arg / "t10k-labels-idx1-ubyte.gz").unlink()
    assert locate("mnist", arg) == env


def test_uncompressed_files_are_accepted(tmp_path, datasets_dir):
    folder = link_dataset(datasets_dir / "mnist", tmp_path / "raw", skip=("t10k-images-idx3-ubyte.gz",))
    with gzip.open(datasets_dir / "mnist" / "t10k-images-idx3-ubyte.gz") as f:
        (folder / "t10k-images-idx3-ubyte").write_bytes(f.read())
    data = load_dataset("mnist", folder)
    reference = read_idx(datasets_dir / "mnist" / "t10k-images-idx3-ubyte.gz").reshape(10_000, 1, 28, 28)
    np.testing.assert_array_equal(data.x_test, reference)


def test_missing_dataset_says_where_it_looked_and_how_to_get_it(tmp_path, datasets_dir):
    link_dataset(datasets_dir / "mnist", tmp_path / "partial", skip=("train-labels-idx1-ubyte.gz",))
    with pytest.raises(DatasetNotFound) as info:
        load_dataset("mnist", tmp_path / "partial")
    message = str(info.value)
    assert isinstance(info.value, DatasetError)
    assert str(tmp_path / "partial") in message
    assert str(datasets.user_datasets_dir() / "mnist") in message
    assert "train-labels-idx1-ubyte.gz" in message
    assert "--data-dir" in message and "download" in message.lower()
    assert locate("mnist", tmp_path / "partial") is None


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(DatasetError, match="unknown dataset 'cifar'.*mnist.*spirals"):
        load_dataset("cifar")


def test_dataset_names_are_forgiving_about_case_and_underscores(datasets_dir):
    assert locate("Fashion_MNIST", datasets_dir) == datasets_dir / "fashion-mnist"


# --------------------------------------------------------------------------- damaged files


def _gz(data: bytes) -> bytes:
    return gzip.compress(data)


def _labels_bytes(datasets_dir: Path) -> bytes:
    with gzip.open(datasets_dir / "mnist" / "t10k-labels-idx1-ubyte.gz") as f:
        return f.read()


CORRUPTIONS = {
    "wrong magic": (lambda raw: b"\x12\x34" + raw[2:], "magic number"),
    "unknown type code": (lambda raw: raw[:2] + b"\x07" + raw[3:], "data type code"),
    "too many dimensions": (lambda raw: raw[:3] + b"\x09" + raw[4:], "dimensions"),
    "truncated data": (lambda raw: raw[:5000], "truncated"),
    "truncated header": (lambda raw: raw[:6], "truncated inside its header"),
    "count larger than data": (lambda raw: raw[:4] + (10_001).to_bytes(4, "big") + raw[8:], "truncated"),
    "trailing bytes": (lambda raw: raw + b"\x00" * 10, "more data than its header"),
    "images where labels belong": (lambda raw: raw[:3] + b"\x03" + (100).to_bytes(4, "big") + (10).to_bytes(4, "big") + (10).to_bytes(4, "big") + raw[8:8 + 10_000], "labels"),
    "fewer labels than images": (lambda raw: raw[:4] + (9_999).to_bytes(4, "big") + raw[8:-1], "9,999 labels"),
    "label out of range": (lambda raw: raw[:8] + b"\x0a" + raw[9:], "label 10"),
    "empty file": (lambda raw: b"", "only 0 bytes"),
}


@pytest.mark.parametrize("compress", [True, False], ids=["gz", "raw"])
@pytest.mark.parametrize("case", CORRUPTIONS, ids=list(CORRUPTIONS))
def test_damaged_label_file_is_refused_naming_the_file(case, compress, tmp_path, datasets_dir):
    corrupt, expected = CORRUPTIONS[case]
    folder = link_dataset(datasets_dir / "mnist", tmp_path / "bad", skip=("t10k-labels-idx1-ubyte.gz",))
    data = corrupt(_labels_bytes(datasets_dir))
    target = folder / ("t10k-labels-idx1-ubyte.gz" if compress else "t10k-labels-idx1-ubyte")
    target.write_bytes(_gz(data) if compress else data)
    with pytest.raises(DatasetError) as info:
        load_dataset("mnist", folder)
    assert str(target) in str(info.value)
    assert expected in str(info.value)


def test_truncated_gzip_is_refused(tmp_path, datasets_dir):
    folder = link_dataset(datasets_dir / "mnist", tmp_path / "bad", skip=("t10k-images-idx3-ubyte.gz",))
    whole = (datasets_dir / "mnist" / "t10k-images-idx3-ubyte.gz").read_bytes()
    target = folder / "t10k-images-idx3-ubyte.gz"
    target.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DatasetError, match="truncated") as info:
        load_dataset("mnist", folder)
    assert str(target) in str(info.value)


def test_garbage_gzip_checksum_is_caught(tmp_path):
    raw = gzip.compress(bytes([0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3, 4]))
    bad = bytearray(raw)
    bad[-8] ^= 0xFF  # the CRC in the gzip trailer
    path = tmp_path / "x.gz"
    path.write_bytes(bytes(bad))
    with pytest.raises(IdxError, match="damaged"):
        read_idx(path)


def test_implausible_header_is_refused_before_allocating(tmp_path):
    path = tmp_path / "huge"
    path.write_bytes(bytes([0, 0, 0x0E, 3]) + (100_000).to_bytes(4, "big") * 3)
    with pytest.raises(IdxError, match="implausibly large"):
        read_idx(path)


# --------------------------------------------------------------------------- downloading (local server only)


@pytest.fixture
def server(tmp_path, datasets_dir):
    """An HTTP server on 127.0.0.1 serving a copy of the shared files at /NAME/FILE; records every request."""
    root = tmp_path / "served"
    for name in ("mnist", "fashion-mnist"):
        (root / name).mkdir(parents=True)
        for f in GZ:  # copies of the small files; the big ones are served through links
            if "labels" in f:
                shutil.copyfile(datasets_dir / name / f, root / name / f)
            else:
                (root / name / f).symlink_to(datasets_dir / name / f)
    seen: list[str] = []

    class Handler(QuietHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self):
            seen.append(self.path)
            super().do_GET()

    with serving(Handler) as url:
        yield {"url": url, "root": root, "requests": seen}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_reports_progress_checks_and_caches(server, monkeypatch):
    monkeypatch.setenv("LAYERLAB_MIRROR", server["url"])
    calls: list[tuple[int, int, str]] = []
    data = load_dataset("fashion-mnist", download=True, progress=lambda done, total, name: calls.append((done, total, name)))
    dest = datasets.user_datasets_dir() / "fashion-mnist"
    assert data.source == dest and data.x_train.shape == (60_000, 1, 28, 28)
    assert _leftovers(dest) == sorted(GZ)
    for f in GZ:
        assert md5(dest / f) == datasets.REMOTES["fashion-mnist"].md5[f]
        size = (dest / f).stat().st_size
        mine = [c for c in calls if c[2] == f]
        assert mine and mine[-1] == (size, size, f)
        assert all(0 <= d <= t == size for d, t, _ in mine)
    assert len(server["requests"]) == 4

    again = load_dataset("fashion-mnist", download=True)
    assert len(server["requests"]) == 4  # served from the cache
    np.testing.assert_array_equal(again.y_test, data.y_test)


def test_download_fetches_only_missing_files(server, tmp_path, datasets_dir):
    dest = link_dataset(datasets_dir / "fashion-mnist", tmp_path / "dl", skip=("t10k-labels-idx1-ubyte.gz",))
    datasets.download_dataset("fashion-mnist", dest, mirror=server["url"])
    assert server["requests"] == ["/fashion-mnist/t10k-labels-idx1-ubyte.gz"]


def test_a_download_writes_nothing_to_stderr_of_its_own(server, tmp_path, capfd):
    """Pooch would log "Downloading data from 'http://…'" for every file; the app and the
    CLI show their own progress instead."""
    datasets.download_dataset("fashion-mnist", tmp_path / "dl", mirror=server["url"])
    out, err = capfd.readouterr()
    assert len(server["requests"]) == 4
    assert "Downloading" not in err and "http" not in err and out == ""


def test_a_dataset_is_imported_from_a_folder_the_user_points_at(tmp_path, datasets_dir):
    dest = datasets.import_dataset("fashion-mnist", datasets_dir)  # the files sit in datasets_dir/fashion-mnist
    assert dest == datasets.user_datasets_dir() / "fashion-mnist"
    assert _leftovers(dest) == sorted(GZ)
    assert load_dataset("fashion-mnist").source == dest
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(datasets.DatasetError, match="does not hold the four Fashion-MNIST files"):
        datasets.import_dataset("fashion-mnist", empty, tmp_path / "dest")
    damaged = link_dataset(datasets_dir / "mnist", tmp_path / "damaged", skip=("t10k-labels-idx1-ubyte.gz",))
    (damaged / "t10k-labels-idx1-ubyte.gz").write_bytes(b"not an idx file")
    with pytest.raises(datasets.DatasetError, match="t10k-labels"):
        datasets.import_dataset("mnist", damaged, tmp_path / "dest")
    assert not (tmp_path / "dest").exists() or _leftovers(tmp_path / "dest") == []


def test_download_refuses_a_file_with_the_wrong_checksum_and_keeps_nothing(server, monkeypatch):
    served = server["root"] / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(served.read_bytes()))
    raw[100] = (raw[100] + 1) % 10  # a plausible file, one label changed
    served.write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(DatasetError, match="checksum") as info:
        load_dataset("fashion-mnist", download=True, mirror=server["url"])
    assert "t10k-labels-idx1-ubyte.gz" in str(info.value) and info.value.reason == "checksum"
    dest = datasets.user_datasets_dir() / "fashion-mnist"
    assert "t10k-labels-idx1-ubyte.gz" not in _leftovers(dest)
    assert not [n for n in _leftovers(dest) if n not in GZ]  # no temporary files either
    assert locate("fashion-mnist") is None


def test_the_rebuilt_mnist_train_images_would_not_pass_as_a_download(server):
    with pytest.raises(DatasetError, match="train-images-idx3-ubyte.gz.*checksum"):
        load_dataset("mnist", download=True, mirror=server["url"])


def test_unreachable_server_gives_a_plain_message():
    with socket.socket() as s:  # a port on which nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatasetError) as info:
        load_dataset("mnist", download=True, mirror=f"http://127.0.0.1:{port}/")
    message = str(info.value)
    assert message.startswith("could not download MNIST: no network connection (")
    assert info.value.reason == "no_network"  # what a window explains in the user's language
    assert "Traceback" not in message and "HTTPConnectionPool" not in message
    assert _leftovers(datasets.user_datasets_dir() / "mnist") == []


def test_missing_file_on_the_server(server):
    (server["root"] / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match="404") as info:
        load_dataset("fashion-mnist", download=True, mirror=server["url"])
    assert info.value.reason == "http"


def test_download_can_be_cancelled_from_the_progress_callback(server):
    def stop_at_first_chunk(done, total, name):
        return not name.startswith("t10k-images")

    with pytest.raises(DownloadCancelled, match="cancelled"):
        load_dataset("fashion-mnist", download=True, progress=stop_at_first_chunk, mirror=server["url"])
    dest = datasets.user_datasets_dir() / "fashion-mnist"
    assert _leftovers(dest) == sorted(["t10k-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz"])


def test_download_can_be_cancelled_with_an_event(server):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled):
        load_dataset("fashion-mnist", download=True, cancel=cancel, mirror=server["url"])
    assert _leftovers(datasets.user_datasets_dir() / "fashion-mnist") == []
    assert server["requests"] == []  # not even connected


def test_mirrors(monkeypatch):
    monkeypatch.delenv("LAYERLAB_MIRROR")
    assert datasets.mirrors_for("mnist") == [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ]
    assert datasets.mirrors_for("fashion-mnist") == ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    monkeypatch.setenv("LAYERLAB_MIRROR", "http://example.invalid/data/{name}")
    assert datasets.mirrors_for("fashion-mnist") == ["http://example.invalid/data/fashion-mnist/"]
    assert datasets.mirrors_for("mnist", "http://other.invalid") == ["http://other.invalid/"]


def test_tqdm_progress_draws_a_bar_per_file():
    out = io.StringIO()
    with datasets.TqdmProgress(out) as bar:
        for done in (0, 500, 1000):
            bar(done, 1000, "a.gz")
        bar(10, 10, "b.gz")
    text = out.getvalue()
    assert "a.gz" in text and "b.gz" in text and "100%" in text


# --------------------------------------------------------------------------- toy sets


@pytest.mark.parametrize("name", sorted(toy.TOY_MAKERS))
def test_toy_generators(name):
    make = toy.TOY_MAKERS[name]
    x, y = make(301, 0.0, np.random.default_rng(1))
    assert x.shape == (301, 2) and x.dtype == np.float32
    assert y.shape == (301,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert abs(int((y == 0).sum()) - int((y == 1).sum())) <= 1
    assert np.abs(x).max() <= 1.0 + 1e-6  # noise 0: inside the square
    assert np.abs(x).max() > 0.8  # and filling it
    x2, y2 = make(301, 0.0, np.random.default_rng(1))
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    x3, _ = make(301, 0.0, np.random.default_rng(2))
    assert not np.array_equal(x, x3)
    x4, y4 = make(301, 0.2, np.random.default_rng(1))
    np.testing.assert_array_equal(y, y4)
    assert not np.array_equal(x, x4)
    assert np.abs(x4).max() < 2.5


def test_toy_shapes_are_what_their_names_say():
    rng = np.random.default_rng(0)
    x, y = toy.make_xor(400, 0.0, rng)
    np.testing.assert_array_equal(y, (np.sign(x[:, 0]) != np.sign(x[:, 1])).astype(np.int64))
    x, y = toy.make_circles(400, 0.0, rng)
    np.testing.assert_allclose(np.hypot(x[:, 0], x[:, 1]), np.where(y == 0, 1.0, 0.5), atol=1e-5)
    x, y = toy.make_linear(400, 0.0, rng)
    # linearly separable: least squares on (x, 1) already finds a perfect line
    a = np.column_stack([x, np.ones(len(x))])
    w, *_ = np.linalg.lstsq(a, 2.0 * y - 1.0, rcond=None)
    assert ((a @ w > 0) == (y == 1)).mean() >= 0.99


def test_load_toy_dataset_split_is_deterministic():
    a = load_dataset("spirals", options={"samples": 500, "noise": 0.05}, seed=3)
    b = load_dataset("spirals", options={"samples": 500, "noise": 0.05}, seed=3)
    c = load_dataset("spirals", options={"samples": 500, "noise": 0.05}, seed=4)
    d = load_dataset("spirals", options={"samples": 500, "noise": 0.2}, seed=3)
    assert a.x_train.shape == (400, 2) and a.x_test.shape == (100, 2)
    assert a.kind == "toy" and a.input_shape == (2,) and len(a.class_names) == 2 and a.source is None
    for attr in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))
    assert not np.array_equal(a.x_train, c.x_train)
    assert not np.array_equal(a.x_train, d.x_train)
    # both classes in both parts, shuffled rather than grouped
    assert set(np.unique(a.y_test)) == {0, 1}
    assert 0.4 < a.y_train.mean() < 0.6
    assert a.normalise(a.x_test) is a.x_test or np.array_equal(a.normalise(a.x_test), a.x_test)
    assert a.normalisation == {"scale": 1.0, "offset": 0.0}


@pytest.mark.parametrize("name", sorted(toy.TOY_MAKERS))
def test_every_toy_dataset_loads_with_defaults(name):
    data = load_dataset(name)
    assert len(data.x_train) + len(data.x_test) == toy.DEFAULT_SAMPLES
    assert data.x_train.dtype == np.float32 and data.y_train.dtype == np.int64
    assert datasets.is_available(name) and locate(name) is None
