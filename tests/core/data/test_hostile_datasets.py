"""Dataset files that lie (issue 11): IDX headers claiming billions of items, empty training or
test sets, more samples than the dataset has. Each is refused naming the file, before
anything large is allocated, and the CLI says so in one line."""
from __future__ import annotations

import gzip
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from core.data import datasets
from core.data.datasets import FILES, DatasetError, load_dataset
from core.data.idx import IdxError, read_header, read_idx, write_idx

ROOT = Path(__file__).resolve().parents[3]
GZ = [f"{base}.gz" for base in FILES.values()]


@pytest.fixture(autouse=True)
def _offline(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", tmp_path / "system")
    monkeypatch.setenv("LAYERLAB_MIRROR", "http://127.0.0.1:9/{name}/")


def header(code: int, *dims: int) -> bytes:
    return bytes([0, 0, code, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)


@pytest.mark.parametrize("dims", [(0xFFFFFFFF,), (0xFFFFFFFF, 28, 28)])
@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
def test_a_header_claiming_four_billion_items_is_refused_naming_the_file(tmp_path, dims, compress):
    data = header(0x08, *dims) + bytes(1000)
    path = tmp_path / ("claims.gz" if compress else "claims")
    path.write_bytes(gzip.compress(data) if compress else data)
    tracemalloc.start()
    with pytest.raises(IdxError, match=f"{path.name}: the header claims an array of shape") as info:
        read_idx(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1 << 20
    assert str(path) in str(info.value)


@pytest.mark.parametrize("dims", [(0xFFFFFFFF, 0, 0), (10, 0xFFFFFFFF, 0)])
def test_items_of_no_size_are_refused(tmp_path, dims):
    path = tmp_path / "empty-items.gz"
    path.write_bytes(gzip.compress(header(0x08, *dims)))
    with pytest.raises(IdxError, match="which hold nothing; the file is damaged"):
        read_idx(path)


def test_a_raw_file_shorter_than_its_header_says_is_refused_before_reading(tmp_path):
    path = tmp_path / "short"
    path.write_bytes(header(0x08, 60_000, 28, 28) + bytes(1000))
    with pytest.raises(IdxError, match="47,040,000 bytes\\), but the file holds only 1,000 data bytes"):
        read_header(path)


def test_a_gzip_file_cannot_claim_more_than_deflate_can_pack(tmp_path):
    path = tmp_path / "small.gz"
    path.write_bytes(gzip.compress(header(0x08, 1_000_000, 28, 28) + bytes(100)))
    with pytest.raises(IdxError, match="more than a [\\d,]+-byte gzip file can hold"):
        read_header(path)


def test_a_gzip_file_whose_trailer_disagrees_with_its_header_is_refused(tmp_path):
    path = tmp_path / "labels.gz"
    path.write_bytes(gzip.compress(header(0x08, 5_000) + bytes(100)))
    with pytest.raises(IdxError, match="but the file unpacks to only 108 bytes"):
        read_header(path)


def test_the_real_files_pass_the_new_checks(datasets_dir):
    for name in ("mnist", "fashion-mnist"):
        for f in GZ:
            dtype, shape = read_header(datasets_dir / name / f)
            assert shape[0] in (60_000, 10_000)


def _dataset_with(tmp_path, datasets_dir, replace: dict[str, np.ndarray]) -> Path:
    folder = tmp_path / "data" / "mnist"
    folder.mkdir(parents=True)
    for f in GZ:
        if f in replace:
            write_idx(folder / f, replace[f])
        else:
            (folder / f).symlink_to(datasets_dir / "mnist" / f)
    return folder.parent


EMPTY_TEST = {"t10k-images-idx3-ubyte.gz": np.zeros((0, 28, 28), np.uint8), "t10k-labels-idx1-ubyte.gz": np.zeros(0, np.uint8)}
EMPTY_TRAIN = {"train-images-idx3-ubyte.gz": np.zeros((0, 28, 28), np.uint8), "train-labels-idx1-ubyte.gz": np.zeros(0, np.uint8)}


@pytest.mark.parametrize("replace, which", [(EMPTY_TEST, "test"), (EMPTY_TRAIN, "training")], ids=["test", "train"])
def test_an_empty_set_is_refused_naming_the_file(tmp_path, datasets_dir, replace, which):
    data_dir = _dataset_with(tmp_path, datasets_dir, replace)
    with pytest.raises(DatasetError, match=f"holds no (images|labels): the {which} set of MNIST is empty") as info:
        load_dataset("mnist", data_dir)
    assert info.value.reason == "empty"
    assert any(str(data_dir / "mnist" / f) in str(info.value) for f in replace)


def test_more_samples_than_the_dataset_has_are_refused_from_the_header(tmp_path, datasets_dir):
    data_dir = _dataset_with(tmp_path, datasets_dir, {"t10k-labels-idx1-ubyte.gz": np.zeros(10_001, np.uint8)})
    with pytest.raises(DatasetError, match="holds 10,001 items, but MNIST has 10,000 test samples"):
        load_dataset("mnist", data_dir)


def _cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("replace, which", [(EMPTY_TEST, "test"), (EMPTY_TRAIN, "training")], ids=["test", "train"])
def test_train_and_evaluate_say_so_in_one_line(tmp_path, datasets_dir, replace, which):
    data_dir = _dataset_with(tmp_path, datasets_dir, replace)
    for args in (("train", ROOT / "resources/examples/mnist_mlp.json", "--epochs", "1", "--json"),
                 ("evaluate", ROOT / "resources/models/mnist_mlp.npz", "--json")):
        done = _cli(*args, "--data-dir", data_dir)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and f"the {which} set of MNIST is empty" in lines[0], done.stderr
        assert done.stdout == ""
