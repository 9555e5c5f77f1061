"""Fetching one file over HTTP with limits, for pooch (core.data.datasets downloads through it).

A mirror may be broken or hostile: it may send an endless body (the MD5 is only
checked at the end), trickle one byte every few seconds, or accept the connection and
say nothing. `LimitedDownloader` stops each of these: it stops reading once more bytes
than the file's known size (plus a small margin) have come, when no byte has come for
`stall_timeout` seconds, and when the download passes its `deadline` (the caller sets it
from a minimum rate and an overall limit). Reads
return as soon as any bytes arrive (``read1``), so the deadline is checked at least
every `stall_timeout` seconds however slowly the bytes come.

It asks for the file as it is (``Accept-Encoding: identity``) and writes the bytes as
they come, undecoded: a server that compresses them anyway sends a file that fails
the checksum, never one that unpacks to gigabytes.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

#: bytes per read; a read returns sooner when fewer have arrived
CHUNK = 1 << 16


class DownloadLimit(Exception):
    """A download stopped by one of the limits; `reason` is "too_large" or "timeout"."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


class LimitedDownloader:
    """A pooch downloader (``downloader(url, output_file, pooch)``) with the limits above.

    `progress(n)` is called with each chunk's size (it may raise to cancel);
    `total(n)` once with the size the server announces (0 if it does not)."""

    def __init__(
        self,
        *,
        max_bytes: int,
        stall_timeout: float,
        connect_timeout: float,
        deadline: float,
        progress: Callable[[int], Any] | None = None,
        total: Callable[[int], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_bytes = max_bytes
        self.stall_timeout = stall_timeout
        self.connect_timeout = connect_timeout
        self.deadline = deadline
        self.progress = progress
        self.total = total
        self.clock = clock

    def __call__(self, url: str, output_file, pooch=None, check_only: bool = False):
        import requests

        if self.clock() > self.deadline:
            raise DownloadLimit(f"the download took too long (gave up before fetching {url})", "timeout")
        timeout = (self.connect_timeout, self.stall_timeout)
        with requests.get(url, stream=True, timeout=timeout, headers={"Accept-Encoding": "identity"}) as response:
            response.raise_for_status()
            announced = _announced_length(response)
            if announced > self.max_bytes:
                raise DownloadLimit(f"{url} is {announced:,} bytes, but the file is at most {self.max_bytes:,}", "too_large")
            if self.total is not None:
                self.total(announced)
            ispath = not hasattr(output_file, "write")
            out = open(output_file, "w+b") if ispath else output_file
            try:
                self._copy(response.raw, out, url)
            finally:
                if ispath:
                    out.close()
        return None

    def _copy(self, raw, out, url: str) -> None:
        from urllib3.exceptions import ProtocolError, ReadTimeoutError

        done = 0
        while True:
            if self.clock() > self.deadline:
                raise DownloadLimit(f"the download of {url} came too slowly or took too long; stopped after {done:,} bytes", "timeout")
            try:
                chunk = raw.read1(CHUNK)
            except ReadTimeoutError:
                raise DownloadLimit(f"{url} stopped sending for {self.stall_timeout:g} s after {done:,} bytes", "timeout") from None
            except ProtocolError as e:
                import requests

                raise requests.ConnectionError(str(e)) from None
            if not chunk:
                return
            done += len(chunk)
            if done > self.max_bytes:
                raise DownloadLimit(f"{url} sent more than {self.max_bytes:,} bytes, more than the file has; stopped", "too_large")
            out.write(chunk)
            if self.progress is not None:
                self.progress(len(chunk))


def _announced_length(response) -> int:
    try:
        return max(0, int(response.headers.get("content-length", 0)))
    except (TypeError, ValueError):
        return 0


__all__ = ["LimitedDownloader", "DownloadLimit", "CHUNK"]
