"""Downloads from a broken or hostile mirror (issue 11): an endless body, a trickle, a silent
server, a body larger than announced. Each is stopped by a limit, keeps nothing, and says
why; pooch's own log lines never reach stderr. Only a local server on 127.0.0.1."""
from __future__ import annotations

import http.server
import socket
import time

import pytest

from core.data import datasets
from core.data.datasets import DatasetError, load_dataset
from tests.local_mirror import QuietHandler, serving

LABELS = "t10k-labels-idx1-ubyte.gz"  # the first file a download asks for


@pytest.fixture(autouse=True)
def _offline(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", tmp_path / "system")
    monkeypatch.setenv("LAYERLAB_MIRROR", "http://127.0.0.1:9/{name}/")
    monkeypatch.setattr(datasets, "DOWNLOAD_TIMEOUT", 0.5)
    monkeypatch.setattr(datasets, "DOWNLOAD_DEADLINE", 30.0)


class Hostile(http.server.BaseHTTPRequestHandler):
    """Serves every request in the way `mode` says; counts the bytes it managed to send."""

    mode = "endless"
    sent = 0
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            getattr(self, f"serve_{self.mode}")()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _send(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        type(self).sent += len(data)

    def serve_endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()  # no length: the body goes on until the client leaves
        block = b"\0" * 65536
        while type(self).sent < 200 << 20:
            self._send(block)

    def serve_lying_length(self):
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self._send(b"\0" * (1 << 20))

    def serve_announced_huge(self):
        self.send_response(200)
        self.send_header("Content-Length", str(12 << 30))
        self.end_headers()
        self._send(b"\0" * 1000)

    def serve_trickle(self):
        self.send_response(200)
        self.send_header("Content-Length", "4542")
        self.end_headers()
        for _ in range(4542):
            self._send(b"\0")
            time.sleep(type(self).interval)

    def serve_silent(self):
        time.sleep(10)


@pytest.fixture
def hostile():
    handler = type("Handler", (Hostile,), {"sent": 0, "interval": 1.0})
    with serving(handler) as url:
        yield handler, url


def _nothing_kept():
    folder = datasets.user_datasets_dir() / "mnist"
    return not folder.exists() or list(folder.iterdir()) == []


def _download(url):
    with pytest.raises(DatasetError) as info:
        load_dataset("mnist", download=True, mirror=url)
    return info.value


def test_an_endless_body_is_cut_at_the_files_known_size(hostile):
    handler, url = hostile
    handler.mode = "endless"
    start = time.monotonic()
    error = _download(url)
    assert error.reason == "too_large"
    assert f"sent more than {datasets.REMOTES['mnist'].max_bytes(LABELS):,} bytes" in str(error)
    assert time.monotonic() - start < 5
    time.sleep(0.3)
    assert handler.sent < 20 << 20  # it stopped reading; the server's writes then failed
    assert _nothing_kept()


def test_a_body_longer_than_announced_is_cut_too(hostile):
    handler, url = hostile
    handler.mode = "lying_length"
    error = _download(url)
    # requests reads no further than the announced 1000 bytes: a short, wrong file
    assert error.reason in ("checksum", "too_large")
    assert _nothing_kept()


def test_an_announced_size_larger_than_the_file_is_refused_before_reading(hostile):
    handler, url = hostile
    handler.mode = "announced_huge"
    error = _download(url)
    assert error.reason == "too_large" and "12,884,901,888 bytes" in str(error)
    assert _nothing_kept()


def test_one_byte_every_few_seconds_stalls(hostile, monkeypatch):
    handler, url = hostile
    handler.mode = "trickle"
    handler.interval = 1.5  # longer than the stall timeout (0.5 s here)
    start = time.monotonic()
    error = _download(url)
    assert error.reason == "timeout" and "stopped sending for 0.5 s" in str(error)
    assert time.monotonic() - start < 5
    assert _nothing_kept()


def test_a_trickle_just_fast_enough_never_to_stall_meets_the_deadline(hostile, monkeypatch):
    handler, url = hostile
    handler.mode = "trickle"
    handler.interval = 0.1
    monkeypatch.setattr(datasets, "DOWNLOAD_DEADLINE", 1.0)
    start = time.monotonic()
    error = _download(url)
    assert error.reason == "timeout" and "came too slowly or took too long" in str(error)
    assert time.monotonic() - start < 4
    assert _nothing_kept()


def test_a_trickle_slower_than_the_minimum_rate_is_dropped_after_the_grace(hostile, monkeypatch):
    handler, url = hostile
    handler.mode = "trickle"
    handler.interval = 0.1  # 10 bytes a second: never stalls, far below the minimum rate
    monkeypatch.setattr(datasets, "DOWNLOAD_GRACE", 0.5)
    monkeypatch.setattr(datasets, "MIN_DOWNLOAD_RATE", 10_000)  # 4,542 bytes: 0.5 + 0.45 s allowed
    start = time.monotonic()
    error = _download(url)
    assert error.reason == "timeout" and "came too slowly" in str(error)
    assert 0.9 < time.monotonic() - start < 4
    assert _nothing_kept()


def test_a_silent_server_costs_the_stall_timeout_not_thirty_seconds(hostile):
    handler, url = hostile
    handler.mode = "silent"
    start = time.monotonic()
    error = _download(url)
    assert error.reason == "timeout" and "did not answer in time" in str(error)
    assert time.monotonic() - start < 3
    assert _nothing_kept()


def test_a_server_that_accepts_and_never_answers_at_the_socket_level(monkeypatch):
    # not even HTTP: a listening socket nobody reads from
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        start = time.monotonic()
        error = _download(f"http://127.0.0.1:{s.getsockname()[1]}/{{name}}/")
    assert error.reason == "timeout"
    assert time.monotonic() - start < 3


def test_pooch_says_nothing_on_stderr(hostile, capfd, tmp_path, datasets_dir):
    # a real download that succeeds: only LayerLab's own progress may report it
    import shutil

    served = tmp_path / "served" / "mnist"
    served.mkdir(parents=True)
    shutil.copyfile(datasets_dir / "mnist" / LABELS, served / LABELS)

    class Files(QuietHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path / "served"), **kwargs)

    with serving(Files) as url:
        dest = tmp_path / "dl"
        with pytest.raises(DatasetError):  # the other three files are not served
            datasets.download_dataset("mnist", dest, mirror=url)
        assert (dest / LABELS).exists()
    err = capfd.readouterr().err
    assert "Downloading data from" not in err and "pooch" not in err.lower()
