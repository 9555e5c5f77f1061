"""Atomic writes replace only regular files, and clean up what killed writers left behind."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from core.io import atomic
from core.io.atomic import UnsafeTarget, atomic_write_text, check_target


def test_a_new_file_and_a_regular_file_are_fine(tmp_path):
    atomic_write_text(tmp_path / "a.txt", "one")
    atomic_write_text(tmp_path / "a.txt", "two")
    assert (tmp_path / "a.txt").read_text() == "two"
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")
@pytest.mark.parametrize("make, words", [
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: p.symlink_to(p.parent / "elsewhere.txt"), "symbolic link"),
], ids=["fifo", "folder", "symlink"])
def test_what_is_not_a_regular_file_is_never_replaced(tmp_path, make, words):
    (tmp_path / "elsewhere.txt").write_text("keep me")
    target = tmp_path / "target"
    make(target)
    kind = os.lstat(target).st_mode
    with pytest.raises(UnsafeTarget, match=words):
        atomic_write_text(target, "replaced?")
    assert os.lstat(target).st_mode == kind  # still the FIFO, folder or link it was
    assert (tmp_path / "elsewhere.txt").read_text() == "keep me"
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def test_a_device_is_refused_without_being_touched():
    with pytest.raises(UnsafeTarget, match="not a regular file"):
        check_target("/dev/null")  # as root, renaming over it would replace the system's /dev/null


def test_names_that_are_not_files_and_missing_folders(tmp_path):
    for bad in ("", ".", ".."):
        with pytest.raises(UnsafeTarget):
            check_target(bad)
    with pytest.raises(UnsafeTarget, match="no such folder"):
        check_target(tmp_path / "missing" / "m.npz")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write to any folder")
def test_an_unwritable_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UnsafeTarget, match="cannot be written to"):
            check_target(folder / "m.npz")
    finally:
        folder.chmod(0o700)


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_temp_files_left_by_killed_writers_are_removed_and_nothing_else(tmp_path):
    target = tmp_path / "m.npz"
    dead = tmp_path / f".m.npz.{_dead_pid()}.abcd1234.tmp"  # its writer is gone (kill -9)
    live = tmp_path / f".m.npz.{os.getppid()}.abcd1234.tmp"  # a writer still running
    old = tmp_path / ".m.npz.zyxw9876.tmp"  # an older LayerLab's, without a PID, untouched for long
    fresh = tmp_path / ".m.npz.qrst5678.tmp"  # the same, but recent: maybe being written
    other = tmp_path / ".other.npz.abcd1234.tmp"  # another file's
    mine = tmp_path / ".m.npz.notes"  # not our pattern
    for p in (dead, live, old, fresh, other, mine):
        p.write_bytes(b"x" * 100)
    long_ago = time.time() - atomic.STALE_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    atomic_write_text(target, "new")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(p.name for p in (target, live, fresh, other, mine))
