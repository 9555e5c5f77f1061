"""The design spec: a versioned JSON document that is the single source of truth.

The designer edits a `Design`, the core builds and trains a model from it, the
CLI checks it. Parsing refuses documents that are malformed (unknown keys, wrong
types, out-of-range values, a newer version); every problem names its field, e.g.
``layers[2].units: must be a positive integer, got -3``. Whether a well-formed
design will *train* (last layer size, softmax placement...) is judged separately
by `core.design.checks`, so the designer can hold and save work in progress.
"""
from __future__ import annotations

import copy
import json
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.data.catalog import OWN_KINDS, DataSource, Option
from core.io.atomic import atomic_write_text
from core.layer_types import LAYER_TYPES, type_of, walk
from core.layer_types.base import parse_field
from core.nn.initializers import INITIALIZERS
from core.nn.losses import LOSSES
from core.nn.optimizers import OPTIMIZERS
from core.io.files import RefusedFile, read_regular
from core.train.schedules import SCHEDULES

FORMAT = "layerlab-design"
#: 2 added the image layers (Conv2D, the poolings, Flatten); version 1 files open unchanged
#: and may hold only the layer types of version 1. Saving always writes the newest version.
VERSION = 2
#: the first format version whose files may hold a training.schedule
SCHEDULE_SINCE_VERSION = 2

DATASET_OPTION_KEYS = ("noise", "samples")
#: the largest input dimension
MAX_DIMENSION = 100_000
MAX_BATCH = 1_000_000
MAX_EPOCHS = 10_000
MAX_LAYERS = 100
#: a design is a few kB; a file (or stored text) larger than this is refused unread
MAX_DESIGN_BYTES = 8 << 20
#: the most languages `translations` may hold, and fixed weights and biases a design may give;
#: with the other limits they keep every design that parses well under MAX_DESIGN_BYTES
MAX_TRANSLATIONS = 50
MAX_FIXED_NUMBERS = 100_000
#: the longest path to the user's own data, and the most columns a dataset object may name
MAX_PATH_CHARS = 4096
MAX_NAMED_COLUMNS = 1000


class SpecError(ValueError):
    """A design document that cannot be read; `.problems` lists every (path, message)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (`path`), and what, in English (`message`).

    `code` names the kind of problem and `params` holds the values its message was made
    from, so an interface can word it in another language (designer.text.messages); both are
    left out of comparisons, since they only say again what `message` says.
    """

    path: str
    message: str
    code: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


#: a layer of the design: the spec dataclass of its type (core.layer_types), e.g. DenseSpec
LayerSpec = Any


@dataclass
class OptimizerSpec:
    type: str = "adam"
    learning_rate: float = 0.001
    #: extra hyperparameters (core.nn.optimizers.OPTIMIZERS[type].extras); missing ones take defaults
    options: dict[str, float] = field(default_factory=dict)

    def option(self, name: str) -> float:
        return self.options.get(name, OPTIMIZERS[self.type].extras[name])


@dataclass
class ScheduleSpec:
    """How the learning rate changes from epoch to epoch (core.train.schedules.SCHEDULES[type])."""

    type: str = "constant"
    #: the kind's parameters (its `params`) the file gives; missing ones take their defaults
    options: dict[str, float] = field(default_factory=dict)

    def option(self, name: str) -> float:
        return self.options.get(name, SCHEDULES[self.type].defaults()[name])


@dataclass
class TrainingSpec:
    optimizer: OptimizerSpec = field(default_factory=OptimizerSpec)
    #: the learning rate per epoch; a file without one means "constant"
    schedule: ScheduleSpec = field(default_factory=ScheduleSpec)
    batch_size: int = 128
    epochs: int = 10
    validation_split: float = 0.1
    init: str = "he"
    seed: int = 0


@dataclass
class Design:
    name: str = "Untitled"
    #: a built-in dataset's name ("mnist"), or the user's own data (core.data.catalog.DataSource)
    dataset: str | DataSource = "mnist"
    input_shape: tuple[int, ...] = (784,)
    layers: list[LayerSpec] = field(default_factory=list)
    loss: str = "cross_entropy"
    training: TrainingSpec = field(default_factory=TrainingSpec)
    description: str = ""
    #: toy datasets only: {"noise": 0.1, "samples": 600}
    dataset_options: dict[str, float] = field(default_factory=dict)
    #: localized names/descriptions: {"ja": {"name": ..., "description": ...}}
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the file left input.shape out (allowed for the user's own data): it comes from the data
    #: (core.data.datasets.fit_to_data), and saving leaves it out again
    input_from_data: bool = False

    def copy(self) -> Design:
        """An independent copy. Never validates: an edit may leave fixed weights of the
        wrong shape for a moment, and copying such a design must still work."""
        return copy.deepcopy(self)

    def title(self, language: str = "") -> str:
        return self.translations.get(language, {}).get("name", self.name)

    def summary(self, language: str = "") -> str:
        return self.translations.get(language, {}).get("description", self.description)


# --------------------------------------------------------------------------- dump


def layer_to_dict(layer: LayerSpec) -> dict[str, Any]:
    return type_of(layer).dump(layer)


def layer_from_dict(data: Any, path: str = "layers[0]") -> LayerSpec:
    """One layer from its JSON (as a fix inserts it); SpecError when it cannot be read."""
    p = _Parser()
    layer = p.layer(data, path)
    if p.problems or layer is None:
        raise SpecError(p.problems)
    return layer


def dataset_to_json(dataset: str | DataSource, folder: str | os.PathLike | None = None) -> str | dict[str, Any]:
    """A design's "dataset" as JSON: the name, or the own-data object with its path as a file in
    `folder` names it (core.data.catalog.DataSource.path_from) and the options that differ from
    their defaults (required ones always)."""
    if not isinstance(dataset, DataSource):
        return dataset
    out: dict[str, Any] = {"type": dataset.type, "path": dataset.path_from(folder)}
    for option, value in zip(dataset.kind.options, dataset.options().values()):
        default = list(option.default) if isinstance(option.default, tuple) else option.default
        if option.required or value != default:
            out[option.name] = value
    return out


def to_dict(design: Design, folder: str | os.PathLike | None = None) -> dict[str, Any]:
    """The design as JSON; paths to the user's own data as a file in `folder` names them
    (relative when close by), absolute without a folder."""
    t = design.training
    opt: dict[str, Any] = {"type": t.optimizer.type, "learning_rate": t.optimizer.learning_rate}
    opt.update({k: t.optimizer.options[k] for k in OPTIMIZERS[t.optimizer.type].extras if k in t.optimizer.options})
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "name": design.name,
    }
    if design.description:
        out["description"] = design.description
    if design.translations:
        out["translations"] = {k: dict(v) for k, v in design.translations.items()}
    out["dataset"] = dataset_to_json(design.dataset, folder)
    if design.dataset_options:
        out["dataset_options"] = dict(design.dataset_options)
    if not design.input_from_data:
        out["input"] = {"shape": list(design.input_shape)}
    out["layers"] = [layer_to_dict(layer) for layer in design.layers]
    out["loss"] = design.loss
    training: dict[str, Any] = {"optimizer": opt}
    if t.schedule != ScheduleSpec():  # constant, the default, stays out: files from before schedules read the same
        training["schedule"] = schedule_to_dict(t.schedule)
    out["training"] = {
        **training,
        "batch_size": t.batch_size,
        "epochs": t.epochs,
        "validation_split": t.validation_split,
        "init": t.init,
        "seed": t.seed,
    }
    return out


def schedule_to_dict(schedule: ScheduleSpec) -> dict[str, Any]:
    """training.schedule as JSON: its type, then the parameters the design gives, in the kind's order."""
    out: dict[str, Any] = {"type": schedule.type}
    out.update({f.name: schedule.options[f.name] for f in SCHEDULES[schedule.type].params if f.name in schedule.options})
    return out


def dumps(design: Design, folder: str | os.PathLike | None = None) -> str:
    """The design file's text, for a file in `folder` (see `to_dict`)."""
    return json.dumps(to_dict(design, folder), indent=2, ensure_ascii=False) + "\n"


def dump(design: Design, path: str | os.PathLike) -> None:
    """Write atomically: a crash mid-write never leaves a half-written design. Paths to the
    user's own data are written relative to the file's folder."""
    path = Path(path)
    atomic_write_text(path, dumps(design, path.parent))


# --------------------------------------------------------------------------- load


def loads(text: str | bytes, folder: str | os.PathLike | None = None) -> Design:
    """Parse a design file's text; `folder` (the file's folder) resolves relative paths to the
    user's own data (without it they stay relative, to the working directory)."""
    if len(text) > MAX_DESIGN_BYTES:
        raise SpecError([_too_large(len(text))])
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpecError([Problem("", "not a UTF-8 text file", "not_utf8")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SpecError([Problem("", f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})", "not_json",
                                {"line": e.lineno, "column": e.colno, "detail": e.msg})]) from None
    except RecursionError:
        raise SpecError([Problem("", "not valid JSON (nested too deeply)", "too_deep")]) from None
    except ValueError as e:  # e.g. an integer with more digits than Python will convert
        raise SpecError([Problem("", f"not valid JSON ({e})", "not_json_value", {"detail": str(e)})]) from None
    return from_dict(data, folder)


def load(path: str | os.PathLike) -> Design:
    """Read a design file; a folder, a device, a FIFO or a file over MAX_DESIGN_BYTES is refused unread."""
    path = Path(path)
    try:
        raw = read_regular(path, MAX_DESIGN_BYTES)
    except RefusedFile as e:
        if e.code == "too_large":
            raise SpecError([_too_large(e.size, path)]) from None
        if e.code in ("folder", "not_regular"):
            kind = "a folder" if e.code == "folder" else e.kind
            raise SpecError([Problem("", f"{path} is {kind}, not a design file", "not_a_file", {"file": str(path), "kind": kind})]) from None
        raise SpecError([Problem("", f"cannot read {path}: {e.reason}", "cannot_read", {"file": str(path), "reason": e.reason})]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError([Problem("", f"{path.name} is not a UTF-8 text file", "file_not_utf8", {"name": path.name})]) from None
    return loads(text, path.parent)


def _too_large(size: int, path: Path | None = None) -> Problem:
    megabytes, most = f"{size / 2**20:.1f}", MAX_DESIGN_BYTES >> 20
    if path is None:
        return Problem("", f"the design is {megabytes} MB, too large (at most {most} MB)", "design_too_large", {"size": megabytes, "most": most})
    return Problem("", f"{path} is {megabytes} MB, too large to be a design (at most {most} MB)", "file_too_large", {"file": str(path), "size": megabytes, "most": most})


def from_dict(data: Any, folder: str | os.PathLike | None = None) -> Design:
    """Parse a JSON document; raise SpecError listing every problem found. `folder`: see `loads`."""
    p = _Parser(folder)
    design = p.design(data)
    if p.problems:
        raise SpecError(p.problems)
    assert design is not None
    return design


def validate(data: Any) -> list[Problem]:
    """Every problem in a JSON document (empty when it parses)."""
    p = _Parser()
    p.design(data)
    return p.problems


def _describe(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(text, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) > 10**100:
        return "a number with more than 100 digits"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_utf8_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _choices(options: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f'"{o}"' for o in options)


class _Parser:
    """Collects problems instead of stopping at the first, so all can be shown at once."""

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self.problems: list[Problem] = []
        #: the design file's folder: relative paths to the user's data are resolved against it
        self.folder = folder
        self.fixed_numbers = 0
        #: the format version of the document being read (its layers must exist in it)
        self.version = VERSION

    def fail(self, path: str, message: str, code: str = "", **params: Any) -> None:
        self.problems.append(Problem(path, message, code, params))

    @staticmethod
    def describe(value: Any) -> str:
        """How a bad value is quoted in a message: "abc", 1.5, a list, null."""
        return _describe(value)

    # ---- primitives; each returns None after recording a problem

    def obj(self, value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, got {_describe(value)}", "object", got=_describe(value))
            return None
        for key in value:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                self.fail(where, f"unknown key (allowed: {_choices(allowed)})", "unknown_key", allowed=_choices(allowed))
        for key in required:
            if key not in value:
                where = f"{path}.{key}" if path else key
                self.fail(where, "is required", "required")
        return value

    def int_(self, value: Any, path: str, lo: int, hi: int, *, non_negative: bool = False) -> int | None:
        what, code = ("a non-negative integer", "non_negative_integer") if non_negative else ("an integer", "integer")
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer() and lo <= value <= hi:
                return int(value)
            self.fail(path, f"must be {what}, got {_describe(value)}", code, got=_describe(value))
            return None
        if not lo <= value <= hi:
            self.fail(path, f"must be {what} between {lo} and {hi}, got {_describe(value)}", f"{code}_between", lo=lo, hi=hi, got=_describe(value))
            return None
        return value

    def positive_int(self, value: Any, path: str, hi: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not value.is_integer()) or value < 1:
            self.fail(path, f"must be a positive integer, got {_describe(value)}", "positive_integer", got=_describe(value))
            return None
        if value > hi:
            self.fail(path, f"must be at most {hi}, got {_describe(value)}", "at_most", most=hi, got=_describe(value))
            return None
        return int(value)

    def float_(self, value: Any, path: str, lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
            self.fail(path, f"must be a number, got {_describe(value)}", "number", got=_describe(value))
            return None
        ok_lo = value > lo if lo_open else value >= lo
        ok_hi = value < hi if hi_open else value <= hi
        if not (ok_lo and ok_hi):
            left = "(" if lo_open else "["
            right = ")" if hi_open else "]"
            interval = f"{left}{lo:g}, {hi:g}{right}"
            self.fail(path, f"must be in {interval}, got {_describe(value)}", "in_range", range=interval, got=_describe(value))
            return None
        return float(value)

    def str_(self, value: Any, path: str, *, max_len: int = 200) -> str | None:
        if not isinstance(value, str):
            self.fail(path, f"must be a string, got {_describe(value)}", "string", got=_describe(value))
            return None
        if len(value) > max_len:
            self.fail(path, f"must be at most {max_len} characters long, got {len(value)}", "too_long", most=max_len, length=len(value))
            return None
        if not _is_utf8_text(value):
            self.fail(path, "must be valid text (it holds an unpaired UTF-16 surrogate, which cannot be saved)", "surrogate")
            return None
        return value

    def choice(self, value: Any, path: str, options: tuple[str, ...]) -> str | None:
        if not isinstance(value, str) or value not in options:
            self.fail(path, f"must be one of {_choices(options)}, got {_describe(value)}", "one_of", choices=_choices(options), got=_describe(value))
            return None
        return value

    # ---- the document

    def design(self, data: Any) -> Design | None:
        top = self.obj(
            data,
            "",
            ("format", "version", "name", "description", "translations", "dataset", "dataset_options", "input", "layers", "loss", "training"),
            ("format", "version", "layers"),
        )
        if top is None:
            return None
        if "format" in top and top["format"] != FORMAT:
            self.fail("format", f'must be "{FORMAT}", got {_describe(top["format"])}', "wrong_format", format=FORMAT, got=_describe(top["format"]))
        if "version" in top:
            version = top["version"]
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                self.fail("version", f"must be a positive integer, got {_describe(version)}", "positive_integer", got=_describe(version))
            elif version > VERSION:
                # Stop here: a newer format may mean anything, so other messages would mislead.
                self.problems = [Problem("version", f"this file is format version {version}, but this LayerLab reads version {VERSION} at most; please update LayerLab",
                                         "newer_version", {"version": version, "supported": VERSION})]
                return None
            else:
                self.version = version
        d = Design()
        if "name" in top:
            d.name = self.str_(top["name"], "name") or d.name
        if "description" in top:
            d.description = self.str_(top["description"], "description", max_len=5000) or ""
        if "translations" in top:
            d.translations = self.translations(top["translations"])
        if "dataset" in top:
            d.dataset = self.dataset(top["dataset"])
        if "dataset_options" in top:
            d.dataset_options = self.dataset_options(top["dataset_options"])
        input_ok = True
        if "input" in top:
            n = len(self.problems)
            d.input_shape = self.input(top["input"]) or d.input_shape
            input_ok = len(self.problems) == n
        elif isinstance(d.dataset, DataSource):
            # left out: the data says how large one sample is; until it is read, what the options tell
            d.input_from_data = True
            d.input_shape = d.dataset.natural_shape() or d.input_shape
        parsed: list[LayerSpec | None] = []
        if "layers" in top:
            parsed = self.layers(top["layers"])
            d.layers = [layer for layer in parsed if layer is not None]
        if "loss" in top:
            d.loss = self.choice(top["loss"], "loss", tuple(LOSSES)) or d.loss
        if "training" in top:
            d.training = self.training(top["training"])
        self.in_context(d.input_shape if input_ok else None, parsed)
        return d

    def dataset(self, value: Any) -> str | DataSource:
        """A built-in dataset's name, or an object naming the user's own data (see core.data.catalog)."""
        if isinstance(value, dict):
            return self.own_data(value) or "mnist"
        if not isinstance(value, str):
            self.fail("dataset", f'must be a dataset name or an object such as {{"type": "csv", "path": ...}}, got {_describe(value)}',
                      "dataset_value", got=_describe(value))
            return "mnist"
        return self.dataset_name(value)

    def own_data(self, value: dict) -> DataSource | None:
        kind_name = self.choice(value.get("type"), "dataset.type", tuple(OWN_KINDS))
        if kind_name is None:
            return None
        kind = OWN_KINDS[kind_name]
        required = ("type", "path", *(o.name for o in kind.options if o.required))
        obj = self.obj(value, "dataset", ("type", "path", *(o.name for o in kind.options)), required)
        if obj is None or any(key not in obj for key in required):
            return None
        n = len(self.problems)
        path = self.str_(obj["path"], "dataset.path", max_len=MAX_PATH_CHARS)
        if path is not None and (not path.strip() or "\x00" in path):
            self.fail("dataset.path", f"must name a file or folder, got {_describe(path)}", "data_path", got=_describe(path))
        values = {o.name: self.option(o, obj[o.name], f"dataset.{o.name}") for o in kind.options if o.name in obj}
        if len(self.problems) > n:
            return None
        source = kind.source(path=path, **{k: v for k, v in values.items()})  # type: ignore[misc]
        return source.resolved(self.folder)

    def option(self, option: Option, value: Any, path: str) -> Any:
        """One option of an own-data object (core.data.catalog.Option), as its source class holds it."""
        if option.kind == "text":
            text = self.str_(value, path)
            if text is not None and not text.strip():
                self.fail(path, "must name a column, got an empty string", "column_name")
            return text
        if option.kind == "texts":
            if not isinstance(value, list) or not value or len(value) > MAX_NAMED_COLUMNS:
                self.fail(path, f"must be a list of 1 to {MAX_NAMED_COLUMNS} column names, got {_describe(value)}", "column_list",
                          most=MAX_NAMED_COLUMNS, got=_describe(value))
                return None
            names = [self.str_(v, f"{path}[{i}]") for i, v in enumerate(value)]
            seen = set()
            for i, name in enumerate(names):
                if name is not None and name in seen:
                    self.fail(f"{path}[{i}]", f"names column {_describe(name)} a second time", "column_twice", name=_describe(name))
                seen.add(name)
            return tuple(names)
        if option.kind == "fraction":
            return self.float_(value, path, option.lo, option.hi)
        if option.kind == "choice":
            return self.choice(value, path, option.choices)
        # "size": [height, width]
        if not isinstance(value, list) or len(value) != 2:
            self.fail(path, f"must be [height, width], two positive integers, got {_describe(value)}", "size_list", got=_describe(value))
            return None
        dims = [self.positive_int(v, f"{path}[{i}]", int(option.hi)) for i, v in enumerate(value)]
        return None if None in dims else tuple(dims)

    def dataset_name(self, value: Any) -> str:
        name = self.str_(value, "dataset", max_len=64)
        if name is None:
            return "mnist"
        if not name or not all(c.isalnum() or c in "-_" for c in name) or not name.isascii():
            self.fail("dataset", f"must be a dataset name of letters, digits, '-' and '_', got {_describe(value)}", "dataset_name", got=_describe(value))
            return "mnist"
        return name

    def dataset_options(self, value: Any) -> dict[str, float]:
        opts = self.obj(value, "dataset_options", DATASET_OPTION_KEYS)
        out: dict[str, float] = {}
        if opts is None:
            return out
        if "noise" in opts:
            v = self.float_(opts["noise"], "dataset_options.noise", 0.0, 1.0)
            if v is not None:
                out["noise"] = v
        if "samples" in opts:
            v = self.int_(opts["samples"], "dataset_options.samples", 10, 100_000)
            if v is not None:
                out["samples"] = v
        return out

    def translations(self, value: Any) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        if not isinstance(value, dict):
            self.fail("translations", f"must be an object, got {_describe(value)}", "object", got=_describe(value))
            return out
        if len(value) > MAX_TRANSLATIONS:
            self.fail("translations", f"must hold at most {MAX_TRANSLATIONS} languages, got {len(value)}", "too_many_translations", most=MAX_TRANSLATIONS, count=len(value))
            return out
        for lang, entry in value.items():
            path = f"translations.{lang}"
            if not (isinstance(lang, str) and 2 <= len(lang) <= 10 and lang.replace("_", "").isalpha() and lang.isascii()):
                self.fail(path, "must be a language code such as \"ja\"", "language_code")
                continue
            e = self.obj(entry, path, ("name", "description"))
            if e is None:
                continue
            t: dict[str, str] = {}
            for key, limit in (("name", 200), ("description", 5000)):
                if key in e:
                    s = self.str_(e[key], f"{path}.{key}", max_len=limit)
                    if s is not None:
                        t[key] = s
            out[lang] = t
        return out

    def input(self, value: Any) -> tuple[int, ...] | None:
        inp = self.obj(value, "input", ("shape",), ("shape",))
        if inp is None or "shape" not in inp:
            return None
        shape = inp["shape"]
        if not isinstance(shape, list) or not 1 <= len(shape) <= 3:
            self.fail("input.shape", f"must be a list of 1 to 3 positive integers, got {_describe(shape)}", "shape", got=_describe(shape))
            return None
        dims = [self.positive_int(v, f"input.shape[{i}]", MAX_DIMENSION) for i, v in enumerate(shape)]
        if any(d is None for d in dims):
            return None
        return tuple(int(d) for d in dims)  # type: ignore[arg-type]

    def layers(self, value: Any) -> list[LayerSpec | None]:
        """One entry per document layer (None where it could not be read), so indices stay true."""
        if not isinstance(value, list):
            self.fail("layers", f"must be a list, got {_describe(value)}", "list", got=_describe(value))
            return []
        if len(value) > MAX_LAYERS:
            self.fail("layers", f"must hold at most {MAX_LAYERS} layers, got {len(value)}", "too_many_layers", most=MAX_LAYERS, count=len(value))
            return []
        return [self.layer(item, f"layers[{i}]") for i, item in enumerate(value)]

    def layer(self, value: Any, path: str) -> LayerSpec | None:
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, got {_describe(value)}", "object", got=_describe(value))
            return None
        kind = value.get("type")
        if not isinstance(kind, str) or kind not in LAYER_TYPES:
            choices = _choices(tuple(LAYER_TYPES))
            self.fail(f"{path}.type", f"must be one of {choices}, got {_describe(kind)}", "one_of", choices=choices, got=_describe(kind))
            return None
        t = LAYER_TYPES[kind]
        if t.since_version > self.version:
            self.fail(f"{path}.type", f'a {t.title} layer needs format version {t.since_version} or later, but the file says version '
                      f'{self.version}: set "version" to {VERSION}', "needs_version",
                      title=t.title, needed=t.since_version, version=self.version, newest=VERSION)
            return None
        return t.parse(value, path, self)

    def fixed_budget(self, count: int, path: str) -> bool:
        """Count `count` more fixed numbers; False (with a problem) past MAX_FIXED_NUMBERS, before any is read."""
        self.fixed_numbers += count
        if self.fixed_numbers <= MAX_FIXED_NUMBERS:
            return True
        self.fail(path, f"the fixed weights and biases hold {self.fixed_numbers} numbers; a design may fix at most {MAX_FIXED_NUMBERS}",
                  "too_many_fixed_numbers", count=self.fixed_numbers, most=MAX_FIXED_NUMBERS)
        return False

    def in_context(self, input_shape: tuple[int, ...] | None, layers: list[LayerSpec | None]) -> None:
        """What each layer type checks once shapes are known (fixed weights must fit).

        `layers` holds None for layers that could not be read: the input shape after one
        of those is unknown, so the layers after it are checked without it."""
        shape = input_shape
        for i, layer in enumerate(layers):
            if layer is None:
                shape = None
                continue
            t = type_of(layer)
            t.validate(layer, shape, f"layers[{i}]", self)
            if shape is not None:
                info = walk([layer], shape)[0]
                shape = info.output_shape

    def training(self, value: Any) -> TrainingSpec:
        t = TrainingSpec()
        obj = self.obj(value, "training", ("optimizer", "schedule", "batch_size", "epochs", "validation_split", "init", "seed"))
        if obj is None:
            return t
        if "optimizer" in obj:
            t.optimizer = self.optimizer(obj["optimizer"])
        if "schedule" in obj:
            t.schedule = self.schedule(obj["schedule"])
        if "batch_size" in obj:
            t.batch_size = self.positive_int(obj["batch_size"], "training.batch_size", MAX_BATCH) or t.batch_size
        if "epochs" in obj:
            t.epochs = self.positive_int(obj["epochs"], "training.epochs", MAX_EPOCHS) or t.epochs
        if "validation_split" in obj:
            v = self.float_(obj["validation_split"], "training.validation_split", 0.0, 0.5)
            t.validation_split = t.validation_split if v is None else v
        if "init" in obj:
            t.init = self.choice(obj["init"], "training.init", tuple(INITIALIZERS)) or t.init
        if "seed" in obj:
            s = self.int_(obj["seed"], "training.seed", 0, 2**32 - 1, non_negative=True)
            t.seed = t.seed if s is None else s
        return t

    def optimizer(self, value: Any) -> OptimizerSpec:
        o = OptimizerSpec()
        if not isinstance(value, dict):
            self.fail("training.optimizer", f"must be an object, got {_describe(value)}", "object", got=_describe(value))
            return o
        kind = self.choice(value.get("type"), "training.optimizer.type", tuple(OPTIMIZERS))
        if kind is None:
            return o
        extras = OPTIMIZERS[kind].extras
        obj = self.obj(value, "training.optimizer", ("type", "learning_rate", *extras), ("type",))
        o.type = kind
        if obj is None:
            return o
        if "learning_rate" in obj:
            lr = self.float_(obj["learning_rate"], "training.optimizer.learning_rate", 0.0, 10.0, lo_open=True)
            o.learning_rate = lr if lr is not None else o.learning_rate
        else:
            o.learning_rate = OPTIMIZERS[kind].default_learning_rate
        for key in extras:
            if key in obj:
                v = self.float_(obj[key], f"training.optimizer.{key}", 0.0, 1.0, hi_open=True)
                if v is not None:
                    o.options[key] = v
        return o

    def schedule(self, value: Any) -> ScheduleSpec:
        """training.schedule: a kind of core.train.schedules.SCHEDULES and its parameters."""
        s = ScheduleSpec()
        path = "training.schedule"
        if self.version < SCHEDULE_SINCE_VERSION:
            self.fail(path, f'a learning-rate schedule needs format version {SCHEDULE_SINCE_VERSION} or later, but the file says '
                      f'version {self.version}: set "version" to {VERSION}', "schedule_needs_version",
                      needed=SCHEDULE_SINCE_VERSION, version=self.version, newest=VERSION)
            return s
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, got {_describe(value)}", "object", got=_describe(value))
            return s
        kind = self.choice(value.get("type"), f"{path}.type", tuple(SCHEDULES))
        if kind is None:
            return s
        params = SCHEDULES[kind].params
        obj = self.obj(value, path, ("type", *(f.name for f in params)), ("type",))
        s.type = kind
        if obj is None:
            return s
        for f in params:
            if f.name in obj:
                v = parse_field(f, obj[f.name], f"{path}.{f.name}", self)
                if v is not None:
                    s.options[f.name] = v
        return s


@dataclass(frozen=True)
class LayerInfo:
    """What one layer of a design computes: its output shape, parameter count and
    multiply-adds per sample (output_shape is None where the layer cannot take its input)."""

    index: int
    kind: str
    output_shape: tuple[int, ...] | None
    params: int
    macs: int = 0


def layer_infos(design: Design) -> list[LayerInfo]:
    """Shape inference: each layer's output shape, weights and biases, multiply-adds."""
    return [LayerInfo(s.index, s.kind, s.output_shape, s.params, s.macs) for s in walk(design.layers, design.input_shape)]


def parameter_count(design: Design) -> int:
    return sum(info.params for info in layer_infos(design))


def output_size(design: Design) -> int | None:
    """How many numbers the network gives per sample (its classes), or None when the
    design has no layers or its shapes do not work out."""
    infos = layer_infos(design)
    if not infos or infos[-1].output_shape is None:
        return None
    return math.prod(infos[-1].output_shape)


def with_schedule(kind: str) -> ScheduleSpec:
    """A schedule of another kind, its parameters at their defaults (a step decay's γ means
    something else than an exponential decay's: neither carries over)."""
    return ScheduleSpec(kind, SCHEDULES[kind].defaults())


def with_optimizer(spec: OptimizerSpec, kind: str) -> OptimizerSpec:
    """The same optimizer settings carried over to another optimizer type."""
    info = OPTIMIZERS[kind]
    options = {k: v for k, v in spec.options.items() if k in info.extras}
    return replace(spec, type=kind, learning_rate=info.default_learning_rate, options=options)


__all__ = [
    "FORMAT", "VERSION", "SpecError", "Problem", "LayerSpec", "OptimizerSpec", "ScheduleSpec", "TrainingSpec", "Design",
    "to_dict", "dataset_to_json", "dumps", "dump", "loads", "load", "from_dict", "validate", "layer_to_dict", "layer_from_dict",
    "atomic_write_text", "with_optimizer", "with_schedule", "schedule_to_dict", "LayerInfo", "layer_infos", "parameter_count", "output_size",
]
