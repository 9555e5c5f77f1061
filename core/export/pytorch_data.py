"""The PyTorch script's data section, one per kind of data: how `load_data` finds and reads it.

A dataset kind names its section (`core.data.catalog.DatasetKind.script_data`), so the
script trains on what LayerLab trained on, read the same way:

- `IDX`: MNIST-style IDX files, found where LayerLab looks (the named image sets; the toy
  sets, which LayerLab makes itself, say so and do not train);
- `TABLE`: the CSV table, parsed as core.data.tables parses it (sniffed delimiter, UTF-8
  with or without BOM, quoted fields, gaps refused or dropped), each row encoded with the
  model's own columns and categories (TABLE: the table encoding's JSON), the same seeded,
  stratified test rows; the standardisation is the model's (NORMALISATION), not recomputed;
- `FOLDER`: the folder of pictures, read as core.data.image_folder reads it (Pillow with
  the same format list, size caps, conversion and resizing), the class names the model's.

Each section is `string.Template` text with its own $names (filled by `values`), then put
in the script's `$data_section`. It defines DATASET_TITLE, SAMPLES, DATA_DIR_HELP and
`load_data(data_dir)` -> (x_train, y_train, x_test, y_test) of raw inputs. Nothing here
imports torch.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from string import Template
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.export.source import ExportSource


@dataclass(frozen=True)
class ScriptData:
    """One data section: its text, the values of its $names, and what else it imports."""

    code: str
    values: Callable[[ExportSource], dict[str, str]]
    #: standard-library modules the section needs, besides the script's own imports
    imports: tuple[str, ...] = ()
    #: what a raw input is, for the script's docstrings
    raw_inputs: str = "pixels 0–255"
    #: the usage lines of the script's docstring: (filename, dataset title) -> text
    usage: Callable[[str, str, tuple[str, ...]], str] | None = None

    def render(self, source: ExportSource) -> str:
        return Template(self.code).substitute(self.values(source))


def _idx_values(source: ExportSource) -> dict[str, str]:
    key, folders, title = named_data(source)
    return {"dataset": repr(key), "dataset_title": repr(title), "dataset_folders": repr(folders)}


def named_data(source: ExportSource) -> tuple[str, tuple[str, ...], str]:
    """(dataset name, the folders its IDX files may sit in, its title) of a named set."""
    from core.data.datasets import REMOTES

    design = source.design
    key = design.dataset if isinstance(design.dataset, str) else ""
    remote = REMOTES.get(key)  # the IDX datasets: what the script can read
    folders = (key, *remote.folders) if remote is not None else ()
    title = remote.title if remote is not None else (key or "your own data")
    return key, folders, title


def _own_values(source: ExportSource) -> dict[str, str]:
    import os

    data = source.design.dataset
    return {"data_path": repr(os.path.abspath(data.path)), "data_name": os.path.basename(data.path.rstrip("/\\")),
            "dataset_title": repr(data.file_name)}


def _table_values(source: ExportSource) -> dict[str, str]:
    data = source.design.dataset
    table = data.info.table if data.info is not None else None
    if table is None:
        from core.export.parts import ExportError

        raise ExportError(f"the columns of {data.file_name} are not known until it has been read: train the design, "
                          "then export the trained model (.npz)", "no_normalisation", {"dataset": data.file_name})
    return {**_own_values(source), "table": _json_literal(table.metadata()), "missing": repr(data.missing),
            "test_split": repr(float(data.test_split))}


def _folder_values(source: ExportSource) -> dict[str, str]:
    data = source.design.dataset
    return {**_own_values(source), "size": repr(tuple(data.size)), "color": repr(data.color), "bad_files": repr(data.bad_files),
            "test_split": repr(float(data.test_split))}


def _json_literal(value) -> str:
    """A JSON value as a readable Python literal (json.loads of a raw string: exact, any text)."""
    text = json.dumps(value, ensure_ascii=False, indent=4)
    if "\'\'\'" in text or text.endswith("\\"):
        return f"json.loads({text!r})"
    return f"json.loads(r\'\'\'{text}\'\'\')"


def _idx_usage(filename: str, title: str, folders: tuple[str, ...]) -> str:
    if not folders:
        return (f"LayerLab makes {title} itself, so this script does not train it: train the design in LayerLab.\n"
                "Net, build_net, load_layerlab, save_layerlab and predict_proba work all the same.\n")
    return _train_usage(filename, f"DIR holds {title}'s four IDX files, or DIR/{folders[0]}/ does")


def _own_usage(what: str):
    def usage(filename: str, title: str, folders: tuple[str, ...]) -> str:
        return _train_usage(filename, f"{what}; without --data-dir, where LayerLab found it")
    return usage


def _train_usage(filename: str, where: str) -> str:
    return f"""Train it as LayerLab would: the same starting weights, optimizer, loss, learning rate,
batch size, seed and validation split ({where}):

    python {filename} --data-dir DIR                              # a GPU when there is one
    python {filename} --data-dir DIR --epochs 20 --device cuda --out model.npz
    torchrun --nproc_per_node=2 {filename} --data-dir DIR         # 2 processes (GPUs) on this machine
    # two machines, 2 GPUs each: run on each, with --node_rank=0 on HOST and --node_rank=1 on the other
    torchrun --nnodes=2 --node_rank=0 --nproc_per_node=2 --master_addr=HOST --master_port=29500 {filename} --data-dir DIR
"""


IDX = ScriptData(r'''DATASET = $dataset
DATASET_TITLE = $dataset_title
#: where the files may sit under each folder LayerLab looks in: a folder of one of these
#: names first, then the folder itself
DATASET_FOLDERS = $dataset_folders
#: what one sample is, for the log
SAMPLES = "images"
DATA_DIR_HELP = f"the folder holding {DATASET_TITLE}'s IDX files (else $$LAYERLAB_DATA, then LayerLab's data folder)"
IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
#: an IDX file that decompresses to more than this is not one of these datasets
MAX_IDX_BYTES = 1 << 30


def user_data_folder():
    """LayerLab's folder in the user's data directory, where the app's downloads go
    ($$LAYERLAB_DATA_HOME when set)."""
    if os.environ.get("LAYERLAB_DATA_HOME"):
        return Path(os.environ["LAYERLAB_DATA_HOME"]).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "LayerLab"


def search_folders(data_dir=None):
    """The folders looked in, in LayerLab's order: --data-dir, $$LAYERLAB_DATA (several joined
    by the path separator), the user's LayerLab data folder, /usr/share/datasets/NAME."""
    roots = [Path(data_dir).expanduser()] if data_dir else []
    roots += [Path(part).expanduser() for part in os.environ.get("LAYERLAB_DATA", "").split(os.pathsep) if part]
    folders = [root / name for root in roots for name in (*DATASET_FOLDERS, "")]
    folders += [user_data_folder() / "datasets" / DATASET, Path("/usr/share/datasets") / DATASET]
    return list(dict.fromkeys(folders))


def idx_file(folder, base):
    """`base`'s file in `folder`: gzip or raw, "-idx" or ".idx" as unpackers name them."""
    for name in (base + ".gz", base, base.replace("-idx", ".idx")):
        if (folder / name).is_file():
            return folder / name
    return None


def read_idx(path):
    """An IDX file of bytes (gzip or raw): 00 00 08 <dimensions>, one big-endian uint32 per
    dimension, then the values. Returned as a uint8 array of that shape."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    try:
        with (gzip.open if gzipped else open)(path, "rb") as f:
            data = f.read(MAX_IDX_BYTES + 1)
    except (OSError, EOFError) as e:
        raise DataError(f"{path}: cannot be read ({e})") from None
    if len(data) > MAX_IDX_BYTES:
        raise DataError(f"{path}: far larger than any {DATASET_TITLE} file")
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise DataError(f"{path}: not an IDX file of bytes")
    dims = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(data[3]))
    start = 4 + 4 * len(dims)
    if len(data) - start != math.prod(dims):
        raise DataError(f"{path}: damaged or cut short (its header promises {math.prod(dims):,} values)")
    return np.frombuffer(data, np.uint8, offset=start).reshape(dims)


def load_data(data_dir=None):
    """(x_train, y_train, x_test, y_test): images as uint8 (N, *INPUT_SHAPE), labels as int64."""
    if not DATASET_FOLDERS:
        raise DataError(f"this script trains on MNIST-style IDX files, but the design's data ({DATASET_TITLE}) is made "
                        "by LayerLab itself: train it in LayerLab, or feed Net your own data")
    folders = search_folders(data_dir)
    for folder in folders:
        files = {role: idx_file(folder, base) for role, base in IDX_FILES.items()}
        if all(files.values()):
            break
    else:
        raise DataError(f"{DATASET_TITLE} was not found. Looked in: {'; '.join(str(f) for f in folders)}. Point --data-dir "
                        f"(or LAYERLAB_DATA) at a folder holding {', '.join(base + '.gz' for base in IDX_FILES.values())}")
    arrays = {role: read_idx(path) for role, path in files.items()}
    for part in ("train", "test"):
        x, y = arrays[part + "_images"], arrays[part + "_labels"]
        if x.ndim != 3 or x.shape[1] * x.shape[2] != math.prod(INPUT_SHAPE):
            raise DataError(f"{files[part + '_images']}: holds images of shape {x.shape[1:]}, not {INPUT_SHAPE}")
        if y.ndim != 1 or len(y) != len(x) or (len(y) and int(y.max()) >= len(CLASS_NAMES)):
            raise DataError(f"{files[part + '_labels']}: does not hold one label from 0 to {len(CLASS_NAMES) - 1} per image")
    return (arrays["train_images"].reshape(-1, *INPUT_SHAPE), arrays["train_labels"].astype(np.int64),
            arrays["test_images"].reshape(-1, *INPUT_SHAPE), arrays["test_labels"].astype(np.int64))
''', _idx_values, usage=_idx_usage)

TABLE = ScriptData(r'''#: the CSV table the design was trained on, where LayerLab found it (--data-dir DIR looks for
#: DIR/$data_name first, or takes DIR itself when it is the file)
DATA_PATH = $data_path
DATASET_TITLE = $dataset_title
SAMPLES = "rows"
DATA_DIR_HELP = f"the CSV file, or a folder holding {Path(DATA_PATH).name} (default: {DATA_PATH})"
#: how the table's rows become the network's inputs, as LayerLab read them: each feature column
#: in order, a number column one input, a text column one 0/1 input per category (in order)
TABLE = $table
#: "refuse": a row with a gap stops the script, naming it; "drop": such rows are left out
MISSING_ROWS = $missing
#: the share of each class held out as the test set (seeded by SEED, as LayerLab holds it out)
TEST_SPLIT = $test_split
#: what a gap looks like, once surrounding spaces are stripped
GAPS = frozenset(("", "NA", "N/A", "n/a", "na", "NaN", "nan", "null", "NULL", "None", "none", "?", "-"))
MAX_TABLE_BYTES = 32 << 20
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$$")


def find_data(data_dir=None):
    """The table to read: DIR/<its name> or DIR itself (--data-dir), else where LayerLab found it."""
    places = []
    if data_dir:
        places += [Path(data_dir) / Path(DATA_PATH).name, Path(data_dir)]
    places.append(Path(DATA_PATH))
    for place in places:
        if place.is_file():
            return place
    raise DataError(f"{Path(DATA_PATH).name} was not found (looked at: {'; '.join(map(str, places))}); "
                    "point --data-dir at the CSV file or at the folder holding it")


def read_csv(path):
    """(header, rows with their numbers): UTF-8 with or without a byte-order mark, the
    delimiter (comma, semicolon or tab) sniffed, quoted fields, blank lines skipped."""
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise DataError(f"{path}: larger than the {MAX_TABLE_BYTES >> 20} MB tables LayerLab reads")
    data = path.read_bytes()
    if b"\x00" in data[: 1 << 16]:
        raise DataError(f"{path}: not a text file, so not a CSV table")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text; save the table as UTF-8") from None
    sample = text[: 64 * 1024]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        counts = {d: first.count(d) for d in ",;\t"}
        best = max(counts, key=counts.get)
        delimiter = best if counts[best] else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
    header, rows = None, []
    try:
        for fields in reader:
            if not fields or all(not v.strip() for v in fields):
                continue
            if header is None:
                header = [v.strip() for v in fields]
                continue
            if len(fields) != len(header):
                raise DataError(f"{path}: row {len(rows) + 1} has {len(fields)} values, but the header names {len(header)} columns")
            rows.append(fields)
    except csv.Error as e:
        raise DataError(f"{path}: line {reader.line_num} cannot be read as CSV ({e})") from None
    if header is None:
        raise DataError(f"{path}: the file is empty")
    return header, rows


def number(text):
    """The number a field writes ("3.5", "3,5"), or None; never NaN or infinite."""
    value = text.strip()
    try:
        x = float(value)
    except ValueError:
        if not _DECIMAL_COMMA.match(value):
            return None
        x = float(value.replace(",", "."))
    return x if math.isfinite(x) else None


def encode_rows(header, rows, path, numbers=None):
    """Rows of text as the network's raw inputs (N, inputs) float32, as LayerLab encodes them;
    DataError naming the row and column of a value that is not a number or not a known category."""
    missing = [c["name"] for c in TABLE["columns"] if c["name"] not in header]
    if missing:
        raise DataError(f"{path}: the model reads column {missing[0]}, which this table does not have")
    x = np.zeros((len(rows), len(TABLE["inputs"])), np.float32)
    at = 0
    for column in TABLE["columns"]:
        j = header.index(column["name"])
        categories = {c: k for k, c in enumerate(column.get("categories", ()))}
        for i, row in enumerate(rows):
            value, where = row[j].strip(), f"{path}: row {numbers[i] if numbers else i + 1}, column {column['name']}"
            if column["kind"] == "number":
                x[i, at] = value_or_error(number(value), value, where)
            elif value in categories:
                x[i, at + categories[value]] = 1.0
            else:
                raise DataError(f'{where}: "{value}" is not one of the values the model knows ({", ".join(categories)})')
        at += len(categories) if column["kind"] == "text" else 1
    return x


def value_or_error(x, text, where):
    if x is None:
        raise DataError(f'{where}: "{text}" is not a number')
    return x


def stratified_split(labels, fraction, seed):
    """LayerLab's test rows: a seeded share of each class (at least one row left to train on)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[2])
    test = []
    for k in np.unique(labels):
        rows = np.flatnonzero(labels == k)
        n = min(int(round(len(rows) * fraction)), len(rows) - 1)
        test.extend(rng.permutation(rows)[:n].tolist())
    if not test and len(labels) > 1:
        biggest = int(np.bincount(labels).argmax())
        test.append(int(rng.choice(np.flatnonzero(labels == biggest))))
    test_idx = np.array(sorted(test), dtype=np.int64)
    return np.setdiff1d(np.arange(len(labels)), test_idx), test_idx


def load_data(data_dir=None):
    """(x_train, y_train, x_test, y_test): the table's rows as raw inputs (N, inputs) float32
    (numbers as written, one 0/1 per category), classes as int64; the split LayerLab made."""
    path = find_data(data_dir)
    header, rows = read_csv(path)
    if TABLE["target"] not in header:
        raise DataError(f"{path}: there is no column called {TABLE['target']} to take the classes from")
    used = [header.index(c["name"]) for c in TABLE["columns"] if c["name"] in header] + [header.index(TABLE["target"])]
    gaps = [i for i, row in enumerate(rows) if any(row[j].strip() in GAPS for j in used)]
    if gaps and MISSING_ROWS == "refuse":
        i = gaps[0]
        column = header[next(j for j in used if rows[i][j].strip() in GAPS)]
        raise DataError(f"{path}: row {i + 1}, column {column}: a value is missing; {len(gaps)} of {len(rows)} rows have gaps")
    kept = [i for i in range(len(rows)) if i not in set(gaps)]
    target = header.index(TABLE["target"])
    classes = {name: k for k, name in enumerate(CLASS_NAMES)}
    for i in kept:
        if rows[i][target].strip() not in classes:
            raise DataError(f'{path}: row {i + 1}, column {TABLE["target"]}: "{rows[i][target].strip()}" is not a class the model knows')
    x = encode_rows(header, [rows[i] for i in kept], path, [i + 1 for i in kept])
    y = np.array([classes[rows[i][target].strip()] for i in kept], dtype=np.int64)
    train, test = stratified_split(y, TEST_SPLIT, SEED)
    return x[train], y[train], x[test], y[test]
''', _table_values, imports=("csv", "io", "json", "re"),
                   raw_inputs="a table's values: number columns as written, one 0/1 per category of a text column",
                   usage=_own_usage("DIR is the CSV file, or the folder holding it"))

FOLDER = ScriptData(r'''#: the folder of pictures the design was trained on (one sub-folder per class, or train/ and
#: test/ above them), where LayerLab found it; --data-dir DIR looks for DIR/$data_name first
DATA_PATH = $data_path
DATASET_TITLE = $dataset_title
SAMPLES = "pictures"
DATA_DIR_HELP = f"the folder of pictures, or the folder holding {Path(DATA_PATH).name} (default: {DATA_PATH})"
#: every picture is resized to (height, width) and made grayscale (1 channel) or RGB (3)
SIZE = $size
COLOR = $color
#: "skip": files that are not pictures are left out and counted; "refuse": the first stops the script
BAD_FILES = $bad_files
#: without train/ and test/, the share of each class held out as the test set (seeded by SEED)
TEST_SPLIT = $test_split
#: what LayerLab reads: these formats only, at most this many pixels or bytes a picture
FORMATS = ("PNG", "JPEG", "BMP", "GIF")
MAX_PIXELS = 16_000_000
MAX_PICTURE_BYTES = 50 << 20


def find_data(data_dir=None):
    """The folder to read: DIR/<its name> or DIR itself (--data-dir), else where LayerLab found it."""
    places = []
    if data_dir:
        places += [Path(data_dir) / Path(DATA_PATH).name, Path(data_dir)]
    places.append(Path(DATA_PATH))
    for place in places:
        if place.is_dir():
            return place
    raise DataError(f"{Path(DATA_PATH).name} was not found (looked at: {'; '.join(map(str, places))}); "
                    "point --data-dir at the folder of pictures or at the folder holding it")


def natural_key(text):
    """Sorts "2" before "10", as LayerLab orders class folders and files."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def visible(folder):
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: natural_key(p.name))


def files_below(folder):
    """Every file in `folder` and its sub-folders (hidden ones left out), in LayerLab's order."""
    out = []
    for entry in visible(folder):
        if entry.is_dir() and not entry.is_symlink():
            out += files_below(entry)
        elif entry.is_file():
            out.append(entry)
    return out


def read_picture(path):
    """A picture as LayerLab reads one: (C, H, W) uint8, the first frame, upright, transparent
    parts white, resized by area averaging (stretched when the proportions differ)."""
    try:
        from PIL import Image, ImageOps
    except ImportError:
        raise DataError("reading pictures needs Pillow: pip install pillow") from None
    height, width = SIZE
    if path.stat().st_size > MAX_PICTURE_BYTES:
        raise ValueError("larger than 50 MB")
    im = Image.open(path, formats=FORMATS)
    most = 4 * max(SIZE)
    if im.format == "JPEG":
        im.draft(im.mode if im.mode in ("L", "RGB") else None, (most, most))
    if im.size[0] * im.size[1] > MAX_PIXELS:
        raise ValueError(f"{im.size[0]}x{im.size[1]} pixels, too large")
    im.load()
    alpha = "A" in im.getbands() or "transparency" in im.info
    if max(im.size) > most:
        if im.mode.startswith("I;16"):
            im = im.convert("I")
        elif im.mode not in ("L", "LA", "RGB", "RGBA", "I", "F"):
            im = im.convert("RGBA" if alpha else "RGB" if len(im.getbands()) > 1 else "L")
        else:
            im = im.copy()
        im.thumbnail((most, most), Image.Resampling.BOX)
    ImageOps.exif_transpose(im, in_place=True)
    if im.mode.startswith("I;16"):
        im = Image.fromarray(np.round(np.asarray(im, dtype=np.float32) / np.float32(65535) * 255).astype(np.uint8))
    elif im.mode in ("I", "F"):
        a = np.asarray(im, dtype=np.float32)
        finite = np.isfinite(a)
        peak = float(a[finite].max()) if finite.any() else 0.0
        full = 65535.0 if peak > 255 else 255.0 if peak > 1 else 1.0
        a = np.clip(np.nan_to_num(a / np.float32(full), nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)
        im = Image.fromarray(np.round(a * 255).astype(np.uint8))
    elif im.mode not in ("L", "RGB") or alpha:
        if alpha:
            sheet = Image.new("RGBA", im.size, (255, 255, 255, 255))
            sheet.alpha_composite(im.convert("RGBA"))
            im = sheet
        im = im.convert("RGB")
    im = im.convert("RGB" if COLOR == "rgb" else "L")
    if im.size != (width, height):
        shrinking = im.width >= width and im.height >= height
        im = im.resize((width, height), Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR)
    a = np.asarray(im, dtype=np.uint8)
    return a[None] if a.ndim == 2 else a.transpose(2, 0, 1)


def read_part(folder, root, log):
    """The pictures of one sub-folder per class below `folder`, with their classes."""
    classes = {name: k for k, name in enumerate(CLASS_NAMES)}
    xs, ys, skipped = [], [], 0
    for class_folder in (p for p in visible(folder) if p.is_dir()):
        if class_folder.name not in classes:
            raise DataError(f"{root}: {class_folder.name} is not a class the model knows ({', '.join(CLASS_NAMES[:10])})")
        for path in files_below(class_folder):
            try:
                xs.append(read_picture(path))
                ys.append(classes[class_folder.name])
            except DataError:
                raise
            except Exception as e:  # noqa: BLE001 - whatever a file that is not a picture makes Pillow raise
                if BAD_FILES == "refuse":
                    raise DataError(f"{path}: not a picture LayerLab reads ({type(e).__name__}: {e})") from None
                skipped += 1
    if skipped:
        log(f"{folder}: {skipped} file(s) that are not pictures left out")
    if not xs:
        raise DataError(f"{folder}: holds no picture this script can read (PNG, JPEG, BMP or GIF)")
    return np.stack(xs), np.asarray(ys, dtype=np.int64)


def stratified_split(labels, fraction, seed):
    """LayerLab's test pictures: a seeded share of each class (at least one left to train on)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[2])
    test = []
    for k in np.unique(labels):
        rows = np.flatnonzero(labels == k)
        n = min(int(round(len(rows) * fraction)), len(rows) - 1)
        test.extend(rng.permutation(rows)[:n].tolist())
    if not test and len(labels) > 1:
        biggest = int(np.bincount(labels).argmax())
        test.append(int(rng.choice(np.flatnonzero(labels == biggest))))
    test_idx = np.array(sorted(test), dtype=np.int64)
    return np.setdiff1d(np.arange(len(labels)), test_idx), test_idx


def load_data(data_dir=None, log=print):
    """(x_train, y_train, x_test, y_test): pictures as uint8 (N, C, H, W), classes as int64; the
    test set is test/ when there is one, else the share LayerLab held out."""
    root = find_data(data_dir)
    parts = {p.name.lower(): p for p in visible(root) if p.is_dir()}
    train = next((parts[n] for n in ("train", "training") if n in parts), None)
    test = next((parts[n] for n in ("test", "testing") if n in parts), None)
    if train is not None and test is not None:
        return (*read_part(train, root, log), *read_part(test, root, log))
    x, y = read_part(root, root, log)
    train_idx, test_idx = stratified_split(y, TEST_SPLIT, SEED)
    return x[train_idx], y[train_idx], x[test_idx], y[test_idx]
''', _folder_values, imports=("re",),
                    usage=_own_usage("DIR is the folder of pictures, or the folder holding it; reading pictures needs Pillow"))


def script_data(source: ExportSource) -> ScriptData:
    """The section for the design's data, named by its kind's record."""
    import importlib

    from core.data.catalog import dataset_kind

    kind = dataset_kind(source.design.dataset)
    where = kind.script_data if kind is not None and kind.script_data else "core.export.pytorch_data:IDX"
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


__all__ = ["ScriptData", "IDX", "TABLE", "FOLDER", "script_data", "named_data"]
