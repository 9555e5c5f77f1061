#!/usr/bin/env python3
"""Every hostile input of issue 11, run through the real CLI: time and peak memory of each refusal
(target: under 1 s and under 200 MB above a plain start-up; a download stopped by a timeout
takes that timeout).

    python benchmarks/bench_hostile_files.py [--data-dir ../shared/datasets] [--only WORD]

Builds each file in a temporary folder, runs ``main.py COMMAND ...`` on it in a fresh
process, and reports its exit code, the seconds it took, its peak resident memory (the
kernel's ru_maxrss for that process) and that peak minus the peak of ``main.py check`` on a
small valid design (the interpreter, NumPy and the CLI), and the first line it printed on
stderr. Downloads come from a local server on 127.0.0.1 that floods, trickles or stays silent.
"""
from __future__ import annotations

import argparse
import http.server
import json
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.data.idx import write_idx  # noqa: E402

TARGET_S = 1.0
TARGET_MB = 200.0


# --------------------------------------------------------------------------- building the files


def design(**changes) -> dict:
    d = {
        "format": "layerlab-design", "version": 1, "name": "hostile", "dataset": "mnist", "input": {"shape": [784]},
        "layers": [{"type": "dense", "units": 16, "activation": "relu"}, {"type": "dense", "units": 10, "activation": "softmax"}],
        "loss": "cross_entropy",
        "training": {"optimizer": {"type": "adam", "learning_rate": 0.001}, "batch_size": 128, "epochs": 1, "seed": 0},
    }
    d.update(changes)
    return d


def npz(path: Path, d: dict, *, weights=None, history=None, normalisation=None, compressed=True, drop=()) -> Path:
    """A model file as an attacker writes it: no checks."""
    arrays = {"format": np.array("layerlab-model"), "version": np.array(1, dtype=np.int64), "design": np.array(json.dumps(d))}
    fan_in = 784
    rng = np.random.default_rng(0)
    for i, layer in enumerate(d["layers"]):
        if layer["type"] == "dense":
            arrays[f"weights/layers.{i}.W"] = (rng.standard_normal((fan_in, layer["units"])) * 0.05).astype(np.float32)
            arrays[f"weights/layers.{i}.b"] = np.zeros(layer["units"], np.float32)
            fan_in = layer["units"]
    for key in drop:
        arrays.pop(key)
    arrays.update({f"weights/{k}": v for k, v in (weights or {}).items()})
    arrays.update({f"history/{k}": np.asarray(v, np.float64) for k, v in (history or {"loss": [1.0]}).items()})
    arrays.update({f"normalisation/{k}": np.array(v, np.float64) for k, v in (normalisation or {"scale": 1 / 255, "offset": 0.0}).items()})
    with open(path, "wb") as f:
        (np.savez_compressed if compressed else np.savez)(f, **arrays)
    return path


def patched_zip(good: Path, out: Path, member: str, offset: int, value: bytes, local: bool = False) -> Path:
    data = bytearray(good.read_bytes())
    if local:
        with zipfile.ZipFile(good) as z:
            at = z.getinfo(member).header_offset + offset
    else:
        at = data.find(b"PK\x01\x02")
        while data[at + 46 : at + 46 + struct.unpack("<H", data[at + 28 : at + 30])[0]] != member.encode():
            at = data.find(b"PK\x01\x02", at + 4)
        at += offset
    data[at : at + len(value)] = value
    out.write_bytes(bytes(data))
    return out


def png(path: Path, datasets: Path) -> Path:
    from PIL import Image

    from core.data.idx import read_idx

    Image.fromarray(read_idx(datasets / "mnist" / "t10k-images-idx3-ubyte.gz")[0]).save(path)
    return path


def dataset_folder(root: Path, datasets: Path, replace: dict[str, np.ndarray | bytes]) -> Path:
    folder = root / "mnist"
    folder.mkdir(parents=True)
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        if name in replace:
            value = replace[name]
            (folder / name).write_bytes(value) if isinstance(value, bytes) else write_idx(folder / name, value)
        else:
            (folder / name).symlink_to(datasets / "mnist" / name)
    return root


# --------------------------------------------------------------------------- hostile mirrors


class Mirror(http.server.BaseHTTPRequestHandler):
    mode = "endless"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            if self.mode == "silent":
                time.sleep(120)
                return
            self.send_response(200)
            if self.mode == "trickle":
                self.send_header("Content-Length", "4542")
            self.end_headers()
            for _ in range(1 << 30):
                self.wfile.write(b"\0" * (65536 if self.mode == "endless" else 1))
                self.wfile.flush()
                if self.mode == "trickle":
                    time.sleep(5)
        except OSError:
            pass


def mirror(mode: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (Mirror,), {"mode": mode})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/{{name}}/"


# --------------------------------------------------------------------------- running


#: Forks the CLI from a fresh, small process: on Linux a child's peak RSS counts the memory of
#: the process it was forked from (kept across exec), so forking from this script would add
#: everything it has built. This launcher is tiny; os.wait4 gives the CLI's own peak.
LAUNCHER = """
import json, os, sys, time
out, err, timeout, *argv = sys.argv[1:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(out, os.O_WRONLY), 1)
    os.dup2(os.open(err, os.O_WRONLY), 2)
    os.execv(sys.executable, [sys.executable, *argv])
deadline = t0 + float(timeout)
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    if time.perf_counter() > deadline:
        os.kill(pid, 9)
        done, status, usage = os.wait4(pid, 0)
        break
    time.sleep(0.002)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "seconds": time.perf_counter() - t0, "maxrss_kb": usage.ru_maxrss}))
"""


def run(args: list, env: dict | None = None, timeout: float = 300) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS in MB, first stderr line) of one CLI process."""
    with tempfile.NamedTemporaryFile("w+") as out, tempfile.NamedTemporaryFile("w+") as err:
        done = subprocess.run([sys.executable, "-c", LAUNCHER, out.name, err.name, str(timeout), str(ROOT / "main.py"), *map(str, args)],
                              cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout)
        err.seek(0)
        lines = err.read().splitlines()
    return result["code"], result["seconds"], result["maxrss_kb"] / 1024, (lines[0] if lines else "")[:110]


def own_design(path: Path, dataset: dict, **changes) -> Path:
    d = design(version=2, dataset=dataset, **changes)
    if dataset["type"] == "image_folder":
        d["input"] = {"shape": [dataset["size"][0] * dataset["size"][1]]}  # the pictures as rows, for the Dense layers
    else:
        d.pop("input")  # the table says
    d["layers"][-1]["units"] = 2
    path.write_text(json.dumps(d))
    return path


def own_data_cases(tmp: Path, eps: Path, bomb: Path) -> list[tuple[str, list, dict]]:
    """Tables and folders of pictures that are no dataset, through `train`; pictures through
    `predict` of a model of a folder of pictures."""
    from PIL import Image

    out: list[tuple[str, list, dict]] = []
    own = tmp / "own"
    own.mkdir()

    def table(name: str, write) -> None:
        path = own / f"{len(out)}.csv"
        write(path)
        out.append((f"CSV: {name}", ["train", own_design(own / f"{len(out)}.json", {"type": "csv", "path": path.name, "target": "kind"})], {}))

    table("a PNG named .csv", lambda p: p.write_bytes(eps.read_bytes().replace(b"%!PS", b"\x89PNG\r\n\x1a\n\0")))
    table("33 MB (sparse)", lambda p: open(p, "wb").truncate(33 << 20))
    table("31 MB on one line of 1,1,1...", lambda p: p.write_bytes(b"kind," + b"1," * (31 << 19) + b"x\n"))
    table("1,000,001 rows", lambda p: p.write_bytes(b"a,kind\n" + b"1,x\n2,y\n" * 500_001))
    table("5,000,000 values in 30 MB", lambda p: p.write_bytes((",".join(f"c{i}" for i in range(249)) + ",kind\n").encode()
                                                                 + (b"1," * 249 + b"x\n") * 20_100))
    table("one class only", lambda p: p.write_bytes(b"a,kind\n" + b"1,x\n" * 100))
    table("not UTF-8 on line 50,000", lambda p: p.write_bytes(b"a,kind\n" + b"1,x\n2,y\n" * 25_000 + b"3,\xe9\n"))

    def folder(name: str, build) -> None:
        root = own / f"pictures{len(out)}"
        build(root)
        out.append((f"folder: {name}", ["train", own_design(own / f"{len(out)}.json", {"type": "image_folder", "path": root.name, "size": [8, 8],
                                                                                        "bad_files": "refuse"})], {}))

    def classes(root: Path, files: dict[str, bytes]) -> None:
        for name in ("cats", "dogs"):
            (root / name).mkdir(parents=True)
            for file, data in files.items():
                (root / name / file).write_bytes(data)

    folder("empty", lambda r: r.mkdir())
    folder("one class", lambda r: (r / "cats").mkdir(parents=True))
    folder("no pictures (text files)", lambda r: classes(r, {"a.txt": b"hello"}))
    folder("an EPS named .png", lambda r: classes(r, {"a.png": eps.read_bytes()}))
    folder("a PNG of 12000x12000 pixels", lambda r: classes(r, {"a.png": bomb.read_bytes()}))
    # a model of a folder of pictures, asked about hostile pictures
    root = own / "tiny"
    for k, name in enumerate(("cats", "dogs")):
        (root / name).mkdir(parents=True)
        for i in range(6):
            Image.new("L", (8, 8), 40 + 150 * k + i).save(root / name / f"{i}.png")
    model = own / "tiny.npz"
    trained = subprocess.run([sys.executable, str(ROOT / "main.py"), "train", own_design(own / "tiny.json", {"type": "image_folder", "path": "tiny", "size": [8, 8]}),
                              "--out", model], capture_output=True, text=True, cwd=ROOT)
    if trained.returncode == 0:
        out.append(("picture-folder model: EPS named .png", ["predict", model, eps], {}))
        out.append(("picture-folder model: PNG of 12000x12000 pixels", ["predict", model, bomb], {}))
    return out


def cases(tmp: Path, datasets: Path) -> list[tuple[str, list, dict]]:
    good_design = tmp / "good.json"
    good_design.write_text(json.dumps(design()))
    model = ROOT / "resources" / "models" / "mnist_mlp.npz"
    digit = png(tmp / "digit.png", datasets)
    good = npz(tmp / "good.npz", design())
    c: list[tuple[str, list, dict]] = []

    def add(name, args, env=None):
        c.append((name, args, env or {}))

    # 1. pictures
    eps = tmp / "eps-digit.png"
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\n{ } loop\n%%EOF\n")
    add("EPS named .png ({ } loop)", ["predict", model, eps])
    bomb = tmp / "bomb.png"
    from PIL import Image

    Image.new("L", (12_000, 12_000)).save(bomb)  # 144 megapixels of black, ~140 kB
    add("PNG of 12000x12000 pixels (140 kB)", ["predict", model, bomb])
    # 2. members that cost gigabytes
    add("250 histories of 10^6 zeros", ["predict", npz(tmp / "hist.npz", design(), history={f"h{i}": np.zeros(1_000_000) for i in range(250)}), digit])
    add("16 histories of 10^6 zeros", ["predict", npz(tmp / "hist16.npz", design(), history={f"h{i}": np.zeros(1_000_000) for i in range(16)}), digit])
    big = design(layers=[{"type": "dense", "units": 20_000, "activation": "relu"}, {"type": "dense", "units": 10, "activation": "softmax"}])
    add("float64 zeros for a 784x20000 design", ["predict", npz(tmp / "zeros.npz", big, weights={"layers.0.W": np.zeros((784, 20_000)), "layers.0.b": np.zeros(20_000)}, drop=("weights/layers.1.W",)), digit])
    near = design(layers=[{"type": "dense", "units": 12_000, "activation": "relu"}, {"type": "dense", "units": 10, "activation": "softmax"}])
    add("largest allowed model, float64 zeros (9.5 M weights)", ["predict", npz(tmp / "near.npz", near, weights={"layers.0.W": np.zeros((784, 12_000)), "layers.1.W": np.zeros((12_000, 10))}), digit])
    # 3. damaged zips
    member = "weights/layers.0.W.npy"
    add("zip version 11.9", ["predict", patched_zip(good, tmp / "v119.npz", member, 6, struct.pack("<H", 119)), digit])
    for method in (1, 9, 14, 99):
        add(f"compression method {method}", ["predict", patched_zip(good, tmp / f"m{method}.npz", member, 10, struct.pack("<H", method)), digit])
    add("encrypted flag", ["predict", patched_zip(good, tmp / "enc.npz", member, 8, struct.pack("<H", 1 | 8)), digit])
    lz = patched_zip(good, tmp / "lz1.npz", member, 10, struct.pack("<H", 14))
    add("LZMA (method 14) on deflate data, both headers", ["predict", patched_zip(lz, tmp / "lz.npz", member, 8, struct.pack("<H", 14), local=True), digit])
    # 4. stored designs that cannot train
    for name, layers in [
        ("last layer of 5 units", [{"type": "dense", "units": 5, "activation": "softmax"}]),
        ("trailing dropout", [{"type": "dense", "units": 10, "activation": "softmax"}, {"type": "dropout", "rate": 0.2}]),
        ("only dropout", [{"type": "dropout", "rate": 0.2}]),
        ("layers: []", []),
    ]:
        path = npz(tmp / f"design-{len(c)}.npz", design(layers=layers))
        add(f"stored design: {name} (evaluate)", ["evaluate", path, "--data-dir", datasets])
        add(f"stored design: {name} (predict)", ["predict", path, digit])
    # 5. numbers that break the maths
    w = np.random.default_rng(0).standard_normal((784, 16)) * 0.05
    w[0, 0] = 1e300
    add("weights of 1e300 in float64", ["predict", npz(tmp / "e300.npz", design(), weights={"layers.0.W": w}), digit, "--json"])
    add("weights of 3e38 in float32", ["predict", npz(tmp / "e38.npz", design(), weights={"layers.0.W": np.full((784, 16), 3e38, np.float32)}), digit, "--json"])
    for name, norm in [("scale 1e300", {"scale": 1e300, "offset": 0.0}), ("scale 0", {"scale": 0.0, "offset": 0.0}), ("offset 1e300", {"scale": 1 / 255, "offset": 1e300})]:
        add(f"normalisation {name}", ["predict", npz(tmp / f"norm-{len(c)}.npz", design(), normalisation=norm), digit, "--json"])
    # 6. datasets
    claims = bytes([0, 0, 8, 3]) + (0xFFFFFFFF).to_bytes(4, "big") + (0).to_bytes(4, "big") * 2
    import gzip

    add("IDX header claiming 0xFFFFFFFF images", ["evaluate", model, "--data-dir", dataset_folder(tmp / "d1", datasets, {"t10k-images-idx3-ubyte.gz": gzip.compress(claims)})])
    add("IDX header claiming 0xFFFFFFFF x 28 x 28", ["evaluate", model, "--data-dir", dataset_folder(tmp / "d1b", datasets, {"t10k-images-idx3-ubyte.gz": gzip.compress(claims[:8] + (28).to_bytes(4, "big") * 2)})])
    empty_test = {"t10k-images-idx3-ubyte.gz": np.zeros((0, 28, 28), np.uint8), "t10k-labels-idx1-ubyte.gz": np.zeros(0, np.uint8)}
    add("empty test set (evaluate)", ["evaluate", model, "--data-dir", dataset_folder(tmp / "d2", datasets, empty_test)])
    add("empty test set (train)", ["train", good_design, "--data-dir", dataset_folder(tmp / "d3", datasets, empty_test), "--json"])
    empty_train = {"train-images-idx3-ubyte.gz": np.zeros((0, 28, 28), np.uint8), "train-labels-idx1-ubyte.gz": np.zeros(0, np.uint8)}
    add("empty training set (train)", ["train", good_design, "--data-dir", dataset_folder(tmp / "d4", datasets, empty_train), "--json"])
    # 7. the user's own data (issue 16): tables and folders of pictures
    own = own_data_cases(tmp, eps, bomb)
    c.extend(own)
    # 8. --out that is not a file
    fifo = tmp / "fifo.npz"
    os.mkfifo(fifo)
    link = tmp / "link.npz"
    link.symlink_to(tmp / "good.json")
    for name, out in [("a FIFO", fifo), ("/dev/null", "/dev/null"), ("a symlink", link), ("a folder", tmp), ("an empty name", "")]:
        add(f"train --out {name}", ["train", good_design, "--data-dir", datasets, "--out", out])
    # 9. paths that are not files
    for path in ("/dev/zero", "/dev/urandom", fifo):
        add(f"check {path}", ["check", path])
        add(f"predict, model {path}", ["predict", path, digit])
        add(f"predict, picture {path}", ["predict", model, path])
    # 10. save and load agree
    huge = design(translations={f"l{i:05d}"[:10].replace("0", "a"): {"description": "x" * 5000} for i in range(10_001)})
    path = tmp / "translations.json"
    path.write_text(json.dumps(huge))
    add("10,001 translations of 5,000 characters (train)", ["train", path, "--data-dir", datasets])
    # 12. arguments
    add("--epochs 9223372036854775808", ["train", good_design, "--epochs", "9223372036854775808"])
    add("--epochs abc", ["train", good_design, "--epochs", "abc"])
    add("unknown option", ["train", good_design, "--frobnicate"])
    return c


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "datasets")
    p.add_argument("--only", default="", help="run only the cases whose name contains this")
    p.add_argument("--no-downloads", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="layerlab-hostile-") as tmp:
        tmp = Path(tmp)
        good = tmp / "baseline.json"
        good.write_text(json.dumps(design()))
        base = min(run(["check", good])[2] for _ in range(3))
        print(f"baseline: `main.py check` of a small valid design peaks at {base:.0f} MB\n")
        print(f"{'input':<52} {'exit':>4} {'seconds':>8} {'peak MB':>8} {'extra MB':>9}  first line")
        worst_s = worst_mb = 0.0
        rows = cases(tmp, args.data_dir)
        if not args.no_downloads:
            home = tmp / "home"
            for mode, why in (("endless", "an endless body"), ("trickle", "one byte every 5 s"), ("silent", "a silent server")):
                httpd, url = mirror(mode)
                rows.append((f"download from {why}", ["train", good, "--download", "--data-dir", tmp / "nothing-here"],
                             {"LAYERLAB_MIRROR": url, "LAYERLAB_DATA_HOME": str(home / mode)}))
        for name, cmd, env in rows:
            if args.only and args.only not in name:
                continue
            code, seconds, peak, line = run(cmd, env)
            extra = peak - base
            timed_out = name.startswith("download from") and name != "download from an endless body"
            if not timed_out:
                worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, extra)
            answered = name.startswith("largest allowed")  # a sound (if useless) model: it must answer
            right = (code == 0) if answered else (code != 0 and line.startswith("error: "))
            flag = "" if (seconds < TARGET_S or timed_out) and extra < TARGET_MB and right else "  <-- check"
            print(f"{name:<52} {code:>4} {seconds:>8.2f} {peak:>8.0f} {extra:>9.0f}  {line}{flag}")
        print(f"\nworst (downloads stopped by a timeout aside): {worst_s:.2f} s, {worst_mb:.0f} MB above the baseline "
              f"(targets: {TARGET_S:g} s, {TARGET_MB:g} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
