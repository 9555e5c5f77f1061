"""A training run in a process of its own: the app's window and its training never share a GIL.

In one process, every frame the window draws (pyqtgraph paints in Python) holds the GIL
that the training thread needs between its matrix products, some fifteen times a step:
an MLP trained from the Train page took about 1.15x as long per epoch as from the CLI,
and ~1.0x with the plot switched off (benchmarks/bench_gui_stall.py). In a process of
its own, training runs its Python while the window runs its own.

`TrainingProcess(design, dataset)` starts ``python -m core.train.process``, hands it the
design (its spec JSON) and the training rows, and then reads what it says:

* `poll(timeout)` returns the core.train.loop events (BatchEvent, EpochEvent) that have
  arrived, in order; the child sends them some 50 times a second, and at every epoch;
* `pause()`, `resume()` and `stop()` are core.train.loop.TrainingControl's, over the wire;
* `result()` is the run's core.train.loop.TrainedRun once `ended`: the model is rebuilt
  here from the design and the child's weights; `kill()` ends the child at once.

The wire, both ways: a message is a JSON header, then the raw bytes of the arrays it lists
(name, dtype, shape; plain numbers only), each part preceded by its length (8 bytes,
little-endian). Nothing is pickled, and the child never reads a file: the rows come over
the pipe. The child's standard output carries the wire only (anything a library prints
goes to standard error, which the parent keeps the end of for an error message). When the
parent goes away, the child's standard input ends, and the child stops.
"""
from __future__ import annotations

import json
import os
import queue
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

#: how often (s) the child sends the batch events it has gathered: above the GUI's ~30 Hz
SEND_INTERVAL = 0.02
#: the array dtypes the wire carries (numbers only: never objects)
WIRE_KINDS = "biuf"
#: bytes of the child's standard error kept for the message when it dies
STDERR_TAIL = 4000
_LENGTH = struct.Struct("<Q")


class TrainingProcessError(RuntimeError):
    """The training process ended without a result (it crashed, or was killed)."""


# ---------------------------------------------------------------------- the wire


def write_message(stream, header: dict, arrays: dict[str, np.ndarray] | None = None) -> None:
    """One message on `stream` (binary, flushed): `header` as JSON, then every array's bytes."""
    arrays = {name: np.ascontiguousarray(a) for name, a in (arrays or {}).items()}
    header = dict(header, arrays=[[name, a.dtype.str, list(a.shape)] for name, a in arrays.items()])
    text = json.dumps(header).encode("utf-8")
    stream.write(_LENGTH.pack(len(text)))
    stream.write(text)
    for a in arrays.values():
        stream.write(_LENGTH.pack(a.nbytes))
        if a.nbytes:
            stream.write(memoryview(a.reshape(-1)).cast("B"))
    stream.flush()


def read_message(stream) -> tuple[dict, dict[str, np.ndarray]] | None:
    """The next message on `stream`, or None at its end. ValueError when it is not one."""
    head = _read_exactly(stream, _LENGTH.size, allow_end=True)
    if head is None:
        return None
    header = json.loads(_read_exactly(stream, _LENGTH.unpack(head)[0]).decode("utf-8"))
    arrays = {}
    for name, dtype, shape in header.pop("arrays", []):
        dtype = np.dtype(dtype)
        if dtype.kind not in WIRE_KINDS or dtype.hasobject:
            raise ValueError(f"array {name!r}: dtype {dtype} is not a plain number")
        size = _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))[0]
        if size != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
            raise ValueError(f"array {name!r}: {size} bytes do not make shape {shape} of {dtype}")
        out = np.empty(shape, dtype=dtype)
        if size:
            _read_exactly(stream, size, into=memoryview(out.reshape(-1)).cast("B"))
        arrays[name] = out
    return header, arrays


def _read_exactly(stream, n: int, *, allow_end: bool = False, into=None):
    buffer = into if into is not None else memoryview(bytearray(n))
    got = 0
    while got < n:
        count = stream.readinto(buffer[got:])
        if not count:
            if got == 0 and allow_end:
                return None
            raise ValueError(f"the message ends after {got} of {n} bytes")
        got += count
    return None if into is not None else bytes(buffer)


# ---------------------------------------------------------------------- the parent's side


class TrainingProcess:
    """A run of `design` (fitted to `dataset` already) in a child process; see the module doc."""

    def __init__(self, design, dataset, *, epochs: int | None = None, niceness: int = 0):
        from core.design import spec

        self.design = design
        self._events: queue.Queue = queue.Queue()
        self._outcome: tuple[dict, dict] | None = None
        self._stderr: deque[bytes] = deque()
        self._stderr_size = 0
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        env[_NICENESS] = str(niceness)
        self._child = subprocess.Popen(
            [sys.executable, "-m", "core.train.process"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env, cwd=root,
        )
        self._readers = [
            threading.Thread(target=self._read_events, name="training-process-events", daemon=True),
            threading.Thread(target=self._read_stderr, name="training-process-stderr", daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        arrays = {"x_train": dataset.x_train, "y_train": dataset.y_train}
        numbers = {}
        for key, value in dataset.normalisation.items():
            if isinstance(value, np.ndarray):
                arrays["normalisation." + key] = value
            else:
                numbers[key] = float(value)
        header = {
            "type": "start", "design": spec.dumps(design), "epochs": epochs,
            "dataset": {"name": dataset.name, "title": dataset.title, "kind": dataset.kind,
                        "class_names": list(dataset.class_names), "input_shape": list(dataset.input_shape),
                        "normalisation": numbers},
        }
        try:
            write_message(self._child.stdin, header, arrays)
        except OSError:  # the child died at once: `result` says why
            pass

    # -------------------------------------------------------------- talking to the child

    def poll(self, timeout: float = 0.0) -> list:
        """The events that have arrived (waiting up to `timeout` s for the first one)."""
        out = []
        try:
            item = self._events.get(timeout=timeout) if timeout > 0 else self._events.get_nowait()
            while True:
                if item is not None:
                    out.append(item)
                item = self._events.get_nowait()
        except queue.Empty:
            return out

    @property
    def ended(self) -> bool:
        """True once the child has said its last (its result, or nothing: it died) and every
        event before it has been taken with `poll`."""
        return not self._readers[0].is_alive() and self._events.empty()

    def pause(self) -> None:
        self._send("pause")

    def resume(self) -> None:
        self._send("resume")

    def stop(self) -> None:
        """Ask the run to end after its current batch (its result still comes)."""
        self._send("stop")

    def _send(self, kind: str) -> None:
        try:
            write_message(self._child.stdin, {"type": kind})
        except (OSError, ValueError):  # the child has ended already
            pass

    def kill(self) -> None:
        """End the child now (no result)."""
        if self._child.poll() is None:
            self._child.kill()
        self.wait()

    def wait(self, timeout: float | None = None) -> None:
        try:
            self._child.wait(timeout)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()
        for stream in (self._child.stdin, self._child.stdout, self._child.stderr):
            try:
                stream.close()
            except OSError:
                pass

    def result(self):
        """The run's core.train.loop.TrainedRun (after `ended`). Raises what the run raised
        (MemoryError, ValueError; TrainingProcessError for anything else, and when the child
        died without a word)."""
        from core.nn.model import build_model
        from core.train.loop import History, TrainedRun, TrainingResult

        self._readers[0].join()
        self.wait(timeout=5)
        if self._outcome is None:
            tail = b"".join(self._stderr).decode("utf-8", "replace").strip()
            lines = tail.splitlines()[-3:]
            raise TrainingProcessError(
                f"the training process ended without a result (exit code {self._child.returncode})"
                + (": " + " / ".join(lines) if lines else "")
            )
        header, arrays = self._outcome
        if header["type"] == "failed":
            kind = {"MemoryError": MemoryError, "ValueError": ValueError}.get(header["error"])
            if kind is MemoryError:
                raise MemoryError(header["message"])
            if kind is ValueError:
                raise ValueError(header["message"])
            raise TrainingProcessError(f"{header['error']}: {header['message']}")
        fields_ = dict(header["result"])
        fields_["history"] = History.from_dict(fields_["history"])
        fields_["parts"] = tuple(fields_["parts"])
        result = TrainingResult(**fields_)
        normalisation = _normalisation(header["normalisation"], arrays, prefix="normalisation.")  # the rest are weights
        model = build_model(self.design)
        model.set_weights(arrays)
        return TrainedRun(model, result, normalisation)

    # -------------------------------------------------------------- reader threads

    def _read_events(self) -> None:
        from core.train.loop import BatchEvent, EpochEvent

        kinds = {"b": BatchEvent, "e": EpochEvent}
        try:
            while (message := read_message(self._child.stdout)) is not None:
                header, arrays = message
                if header["type"] == "events":
                    for kind, *values in header["events"]:
                        self._events.put(kinds[kind](*values))
                elif header["type"] in ("done", "failed"):
                    self._outcome = header, arrays
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a child that dies mid-message: `result` says so
        self._events.put(None)  # wakes a `poll` that waits

    def _read_stderr(self) -> None:
        try:
            while chunk := self._child.stderr.read1(4096):
                self._stderr.append(chunk)
                self._stderr_size += len(chunk)
                while self._stderr_size - len(self._stderr[0]) > STDERR_TAIL:
                    self._stderr_size -= len(self._stderr.popleft())
        except (OSError, ValueError):
            pass


def _normalisation(numbers: dict, arrays: dict[str, np.ndarray], *, prefix: str) -> dict:
    """A dataset's normalisation from the wire: its numbers, and its arrays (taken out of `arrays`)."""
    out = dict(numbers)
    for name in [n for n in arrays if n.startswith(prefix)]:
        out[name[len(prefix):]] = arrays.pop(name)
    return out


# ---------------------------------------------------------------------- the child's side

#: the environment variable that tells the child how much nicer than its parent to run
_NICENESS = "LAYERLAB_TRAINING_NICENESS"


def child_main() -> int:
    """``python -m core.train.process``: one run, as the parent's start message says."""
    wire_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to standard error, not into the wire
    sys.stdout = sys.stderr
    wire_in = sys.stdin.buffer
    try:
        os.nice(int(os.environ.get(_NICENESS, "0")))
    except (OSError, ValueError, AttributeError):
        pass
    from core.compute import kernels

    kernels.load()  # numba's compiled loops, while the parent is still sending the rows
    message = read_message(wire_in)
    if message is None:
        return 0
    header, arrays = message
    try:
        run = _run(header, arrays, wire_in, wire_out)
    except BaseException as e:  # noqa: BLE001 - every failure is the parent's to tell
        write_message(wire_out, {"type": "failed", "error": type(e).__name__, "message": str(e)})
        return 1
    result = asdict(run.result)
    result["history"] = run.result.history.as_dict()
    numbers = {k: v for k, v in run.normalisation.items() if not isinstance(v, np.ndarray)}
    weights = run.model.get_weights()
    weights.update({"normalisation." + k: v for k, v in run.normalisation.items() if isinstance(v, np.ndarray)})
    write_message(wire_out, {"type": "done", "result": result, "normalisation": numbers}, weights)
    return 0


def _run(header: dict, arrays: dict[str, np.ndarray], wire_in, wire_out):
    from core.data.datasets import Dataset
    from core.design import spec
    from core.train.loop import EpochEvent, TrainingControl, train_design

    design = spec.loads(header["design"])
    info = header["dataset"]
    x, y = arrays.pop("x_train"), arrays.pop("y_train")
    dataset = Dataset(
        name=info["name"], title=info["title"], x_train=x, y_train=y,
        x_test=x[:0], y_test=y[:0], class_names=tuple(info["class_names"]), input_shape=tuple(info["input_shape"]),
        normalisation=_normalisation(info["normalisation"], arrays, prefix="normalisation."), kind=info["kind"],
    )
    control = TrainingControl()
    threading.Thread(target=_follow_orders, args=(wire_in, control), daemon=True).start()
    pending: list = []
    sent_at = [time.monotonic()]

    def send(event) -> None:
        pending.append(["e" if isinstance(event, EpochEvent) else "b", *(getattr(event, f.name) for f in fields(event))])
        now = time.monotonic()
        if isinstance(event, EpochEvent) or now - sent_at[0] >= SEND_INTERVAL:
            write_message(wire_out, {"type": "events", "events": pending})
            pending.clear()
            sent_at[0] = now

    run = train_design(design, dataset, epochs=header["epochs"], callback=send, control=control, evaluate_test=False)
    if pending:
        write_message(wire_out, {"type": "events", "events": pending})
    return run


def _follow_orders(wire_in, control) -> None:
    """The parent's pause, resume and stop; the end of its messages (it has gone) is a stop."""
    try:
        while (message := read_message(wire_in)) is not None:
            kind = message[0]["type"]
            if kind == "pause":
                control.pause()
            elif kind == "resume":
                control.resume()
            elif kind == "stop":
                control.stop()
    except (OSError, ValueError):
        pass
    control.stop()


if __name__ == "__main__":
    sys.exit(child_main())
