"""The compiled kernels compiled ahead of the first training, in a process of its own.

The first training after installing (or after the kernels' code changed) waits while
numba compiles every loop of `core.compute.kernels`: about half a minute, holding the
GIL of the process that compiles, so a window in it stalls up to ~160 ms at a time. The
app starts this module as a child process when it opens (`start`), at the lowest CPU
priority: it compiles into numba's disk cache and leaves a marker saying so, and a
training started later loads the loops from the cache in well under a second. A
training started while the child still compiles waits for it (`wait`) instead of
compiling the same loops a second time. With the marker present (every later start),
nothing is started.

A child that fails (numba cannot compile here, or the child crashes) leaves its attempt
marker (`attempt_marker`) behind, and no later start tries again for the same code: a
failure would otherwise cost half a minute of the CPU at every start. A training then
loads the kernels itself, as it always could (and falls back on NumPy's if numba fails
there too). A child ended by a closing app, or by SIGTERM from anywhere (a session
logging out), removes its attempt: it had not failed.

    python -m core.compute.warm_up        # what the app runs
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

#: where the marker goes instead of the user's cache folder (tests)
CACHE_HOME = "LAYERLAB_CACHE_HOME"
#: the code whose compiled loops numba caches
SOURCES = ("kernels.py", "spin_loops.py")

_lock = threading.Lock()
_child: subprocess.Popen | None = None


def marker() -> Path | None:
    """The file that says this code's loops are in numba's cache, or None without numba.
    Its name follows what numba's cache does: the sources' place, size and time, numba's
    and Python's versions, and the cache folder asked for."""
    try:
        numba_version = importlib.metadata.version("numba")
    except importlib.metadata.PackageNotFoundError:
        return None
    here = Path(__file__).resolve().parent
    key = [numba_version, sys.version, sys.executable, os.environ.get("NUMBA_CACHE_DIR", "")]
    for name in SOURCES:
        stat = (here / name).stat()
        key += [str(here / name), str(stat.st_size), str(stat.st_mtime_ns)]
    digest = hashlib.sha256("\n".join(key).encode()).hexdigest()[:16]
    return _cache_home() / f"kernels-{digest}.compiled"


def attempt_marker(path: Path | None = None) -> Path | None:
    """The file a child leaves while it compiles, and behind it when it fails (see the
    module doc), beside `path` (`marker()` when not given); None without numba."""
    path = path or marker()
    return None if path is None else path.with_suffix(".attempt")


def _cache_home() -> Path:
    if os.environ.get(CACHE_HOME):
        return Path(os.environ[CACHE_HOME])
    import platformdirs

    return Path(platformdirs.user_cache_dir("LayerLab", appauthor=False))


def needed() -> bool:
    """Would a training compile the kernels first (numba installed and asked for, and no
    marker for this code)?"""
    if os.environ.get("LAYERLAB_KERNELS", "auto").strip().lower() == "numpy":
        return False
    path = marker()
    return path is not None and not path.exists() and not attempt_marker(path).exists()


def start() -> bool:
    """Start compiling in a child process if `needed`; True when one was started. Never
    raises: without it, the first training compiles, as it always could."""
    global _child
    try:
        with _lock:
            if _child is not None or not needed():
                return False
            root = Path(__file__).resolve().parents[2]
            env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
            _child = subprocess.Popen(
                [sys.executable, "-m", "core.compute.warm_up"], cwd=root, env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            return True
    except Exception:  # noqa: BLE001 - a faster first training is not worth a failed start
        return False


def running() -> bool:
    """Is a child started by `start` still compiling?"""
    with _lock:
        return _child is not None and _child.poll() is None


def wait(give_up=lambda: False, poll: float = 0.1) -> None:
    """Until the child has finished (or `give_up()` says so)."""
    while running() and not give_up():
        time.sleep(poll)


def stop() -> None:
    """End a child still compiling (the app is closing), and forget its attempt, so the
    next start compiles on; what it has written stays valid (numba replaces a cache file
    whole)."""
    global _child
    with _lock:
        child, _child = _child, None
    if child is not None and child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        attempt = attempt_marker()
        if attempt is not None:
            attempt.unlink(missing_ok=True)


def main() -> int:
    """The child: leave the attempt marker, compile (or load) every loop and part, then
    leave the marker and take the attempt's away. A failure leaves the attempt."""
    if hasattr(os, "nice"):
        os.nice(19)  # the window and anything the user runs come first
    path = marker()
    attempt = attempt_marker(path)
    from core.compute import kernels, spinner
    from core.io.atomic import atomic_write_text

    def ended(signum, frame):  # stopped, not failed: the next start compiles on
        attempt.unlink(missing_ok=True)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, ended)  # before the attempt exists: no window without it
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(attempt, f"compiling core.compute.kernels' loops (process {os.getpid()}); "
                               "left here, this file says it failed, and no start tries again\n")
    if kernels.load() is kernels.NUMPY:
        return 1
    if spinner.SUPPORTED:  # the parts run only on the spinning helper
        kernels.compiled().compile_parts()
    atomic_write_text(path, "numba's cache holds core.compute.kernels' loops for this code\n")
    attempt.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
