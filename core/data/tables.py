"""CSV tables as datasets: one row per sample, one column holding each row's class.

A table is read with Python's csv module: the delimiter (comma, semicolon or tab) is
sniffed, UTF-8 with or without a byte-order mark, quoted fields, a header row naming the
columns. Each feature column is a number column (every value a number) or a text column
(its values are categories). The network's inputs are the number columns as they are and
one 0/1 input per category of each text column (one-hot); `load_table` standardises the
number columns with the training rows' mean and deviation (core.data.normalisation), so a
model file can hold the numbers and every row typed later gets the same treatment.

Gaps (an empty field, NA, N/A, NaN, null, ?) are refused with the row and column named
(``missing: "refuse"``) or their rows left out (``"drop"``). The test rows are a seeded,
stratified share of each class. Every problem is a `core.data.datasets.DataError` naming
the file, and the row and column where there is one. No Qt here.
"""
from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.data import normalisation
from core.data.catalog import CsvSource, DatasetInfo
from core.data.datasets import DataError, Dataset, LoadCancelled
from core.data.splits import stratified_split
from core.io.files import RefusedFile, open_regular

#: larger files are refused unread; more rows, columns, categories or inputs are refused too
MAX_TABLE_BYTES = 32 << 20
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1000
#: the most values (rows x columns) a table may hold: each is a Python string while the table is
#: read, so this bounds the memory (about 60 MB a million: a table at the limit stays under 200 MB)
MAX_CELLS = 2_000_000
#: the most distinct values a text column may hold (each becomes an input), and classes a target
MAX_CATEGORIES = 100
MAX_CLASSES = 1000
#: the most inputs a table may make (number columns plus categories); a model file holds as many
#: normalisation values
MAX_INPUTS = 4096
#: the longest column name or category kept (a model file stores them)
MAX_NAME_CHARS = 200
#: a table with fewer rows (after gaps are dropped) cannot teach a network anything
MIN_ROWS = 10
#: what a gap looks like, after surrounding spaces are stripped
MISSING = frozenset(("", "NA", "N/A", "n/a", "na", "NaN", "nan", "null", "NULL", "None", "none", "?", "-"))
#: how many rows a preview shows
PREVIEW_ROWS = 20
_SNIFF_CHARS = 64 * 1024
_DELIMITERS = ",;\t"

ProgressCallback = Callable[[int, int, str], Any]


# --------------------------------------------------------------------------- encoding


@dataclass(frozen=True)
class Column:
    """One feature column: a number column gives one input, a text column one per category."""

    name: str
    kind: str  # "number" or "text"
    categories: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return len(self.categories) if self.kind == "text" else 1


@dataclass(frozen=True)
class TableEncoding:
    """How a table's rows become a model's inputs: the feature columns in order, each number
    column one input, each text column one 0/1 input per category (in this order)."""

    columns: tuple[Column, ...]
    target: str

    @property
    def width(self) -> int:
        return sum(c.width for c in self.columns)

    @property
    def numeric(self) -> np.ndarray:
        """A boolean mask over the inputs: True for number columns (standardised), False for one-hot ones."""
        return np.array([c.kind == "number" for c in self.columns for _ in range(c.width)], dtype=bool)

    def input_names(self) -> list[str]:
        """One name per input: "bill_length_mm", "island = Biscoe"..."""
        names = []
        for c in self.columns:
            names.extend([c.name] if c.kind == "number" else [f"{c.name} = {v}" for v in c.categories])
        return names

    def metadata(self) -> dict[str, Any]:
        """The encoding as plain JSON, for an exported model to say how a row becomes its inputs
        (ONNX metadata_props, a PyTorch script reading the same CSV): the target, each column's
        kind and categories, and one name per input ("island = Biscoe" is 1 for Biscoe, else 0)."""
        return {
            "target": self.target,
            "columns": [{"name": c.name, "kind": c.kind, **({"categories": list(c.categories)} if c.kind == "text" else {})}
                        for c in self.columns],
            "inputs": self.input_names(),
        }

    def encode(self, rows: Sequence[Sequence[str]], *, file: str, row_numbers: Sequence[int] | None = None) -> np.ndarray:
        """Rows of text values (one per feature column, in order) as float32 inputs (N, width).
        A value that is not a number in a number column, or a category the model does not
        know, is a DataError naming the file, row and column."""
        out = np.zeros((len(rows), self.width), dtype=np.float32)
        at = 0
        for j, column in enumerate(self.columns):
            if column.kind == "number":
                for i, row in enumerate(rows):
                    out[i, at] = _number(row[j], file, _row_number(i, row_numbers), column.name)
            else:
                index = {v: k for k, v in enumerate(column.categories)}
                for i, row in enumerate(rows):
                    value = row[j].strip()
                    k = index.get(value)
                    if k is None:
                        raise _unknown_category(file, _row_number(i, row_numbers), column, value)
                    out[i, at + k] = 1.0
            at += column.width
        return out


def _row_number(i: int, row_numbers: Sequence[int] | None) -> int:
    return row_numbers[i] if row_numbers is not None else i + 1


def _unknown_category(file: str, row: int, column: Column, value: str) -> DataError:
    shown = ", ".join(column.categories[:10]) + (", ..." if len(column.categories) > 10 else "")
    return DataError(f"{file}: row {row}, column {column.name}: {_quote(value)} is not one of the values the model knows ({shown})",
                     "unknown_category", {"path": file, "row": row, "column": column.name, "value": _quote(value), "known": shown})


# --------------------------------------------------------------------------- reading the text


@dataclass
class RawTable:
    """A CSV file's header and rows, as text, with each row's number (1 = the first after the header)."""

    path: str
    header: list[str]
    rows: list[list[str]]
    delimiter: str

    def column(self, name: str) -> list[str]:
        j = self.header.index(name)
        return [row[j] for row in self.rows]


def _quote(value: str) -> str:
    text = value if len(value) <= 40 else value[:37] + "..."
    return f'"{text}"'


def read_table(path: str | os.PathLike, *, max_bytes: int = MAX_TABLE_BYTES) -> RawTable:
    """The header and rows of a CSV file; DataError for anything that is not a table with a header."""
    path = str(path)
    name = path
    try:
        f = open_regular(path, max_bytes)
    except RefusedFile as e:
        raise _refused(e, max_bytes) from None
    with f:
        try:
            # as many bytes as the file has (and one more, should it grow): a read of max_bytes
            # would set aside 32 MB for a table of 15 kB
            data = f.read(min(os.fstat(f.fileno()).st_size, max_bytes) + 1)
        except OSError as e:
            raise DataError(f"{name}: cannot read the file ({e.strerror or e})", "cannot_read", {"path": name, "reason": e.strerror or str(e)}) from None
    if len(data) > max_bytes:
        raise _refused(RefusedFile(path, "too_large", size=len(data), most=max_bytes), max_bytes)
    if b"\x00" in data[: 1 << 16]:
        raise DataError(f"{name}: this is not a text file, so not a CSV table (it holds binary data)", "binary", {"path": name})
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise DataError(f"{name}: the file is empty: a CSV table needs a header row and rows of data", "empty", {"path": name})
    delimiter = _sniff(data[: 4 * _SNIFF_CHARS].decode("utf-8-sig", errors="ignore"))
    _prescan(name, data, delimiter)
    # decoded as it is read: the text is never held whole (as str it could take four times the bytes)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(stream, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    cells = 0
    try:
        for fields in reader:
            if not fields or all(not v.strip() for v in fields):
                continue  # a blank line
            if header is None:
                header = [v.strip() for v in fields]
                _check_header(name, header)
                continue
            if len(fields) != len(header):
                row = len(rows) + 1
                raise DataError(f"{name}: row {row} (line {reader.line_num}) has {len(fields)} values, but the header names {len(header)} columns",
                                "ragged_row", {"path": name, "row": row, "line": reader.line_num, "count": len(fields), "columns": len(header)})
            rows.append(fields)
            cells += len(fields)
            if len(rows) > MAX_ROWS:
                raise DataError(f"{name}: the table has more than {MAX_ROWS:,} rows, more than LayerLab trains on", "too_many_rows",
                                {"path": name, "most": f"{MAX_ROWS:,}"})
            if cells > MAX_CELLS:
                raise _too_many_values(name)
    except UnicodeDecodeError:
        line = _bad_utf8_line(data)
        raise DataError(f'{name}: line {line} is not UTF-8 text; save the table as UTF-8 (in Excel: "CSV UTF-8")', "not_utf8",
                        {"path": name, "line": line}) from None
    except csv.Error as e:
        raise DataError(f"{name}: line {reader.line_num} cannot be read as CSV ({e})", "bad_csv", {"path": name, "line": reader.line_num, "reason": str(e)}) from None
    assert header is not None
    return RawTable(path, header, rows, delimiter)


def _prescan(name: str, data: bytes, delimiter: str) -> None:
    """Too many rows or values refused from the bytes alone (counted in C, no copy), before the csv
    module makes a Python string of every value: one line of 16 million "1,"s would otherwise
    cost gigabytes before its first row could be checked. Delimiters inside quoted fields count
    too, so this errs on the safe side only for tables near the limits."""
    lines = data.count(b"\n") - data.count(b"\n\n") - data.count(b"\n\r\n") + (not data.endswith(b"\n"))
    if lines > MAX_ROWS + 1:  # the header and the rows
        raise DataError(f"{name}: the table has more than {MAX_ROWS:,} rows, more than LayerLab trains on", "too_many_rows",
                        {"path": name, "most": f"{MAX_ROWS:,}"})
    if data.count(delimiter.encode()) + lines > MAX_CELLS + MAX_COLUMNS:  # a value per delimiter, and one more per line
        raise _too_many_values(name)


def _too_many_values(name: str) -> DataError:
    return DataError(f"{name}: the table holds more than {MAX_CELLS:,} values (rows times columns), more than LayerLab trains on; "
                     "leave some rows or columns out", "too_many_values", {"path": name, "most": f"{MAX_CELLS:,}"})


def _bad_utf8_line(data: bytes) -> int:
    """The line (from 1) of the first byte that is not UTF-8."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return data[: e.start].count(b"\n") + 1
    return 1


def _refused(e: RefusedFile, max_bytes: int) -> DataError:
    path = e.path
    if e.code == "folder":
        return DataError(f"{path}: is a folder, not a CSV file", "folder", {"path": path})
    if e.code == "not_regular":
        return DataError(f"{path}: is {e.kind}, not a CSV file", "not_regular", {"path": path, "kind": e.kind})
    if e.code == "too_large":
        return DataError(f"{path}: the file is {e.size / 2**20:.0f} MB; tables up to {max_bytes >> 20} MB can be used", "file_too_large",
                         {"path": path, "size": f"{e.size / 2**20:.0f}", "most": max_bytes >> 20})
    if "No such file" in e.reason:
        return DataError(f"{path}: the file is not there (was it moved or renamed?)", "missing_file", {"path": path}, "not_found")
    return DataError(f"{path}: cannot read the file ({e.reason})", "cannot_read", {"path": path, "reason": e.reason})


def _sniff(text: str) -> str:
    """The delimiter: what csv.Sniffer finds among comma, semicolon and tab, else the one the
    header line holds most of (comma when it holds none: a table of one column)."""
    sample = text[:_SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _check_header(name: str, header: list[str]) -> None:
    if len(header) > MAX_COLUMNS:
        raise DataError(f"{name}: the table has {len(header):,} columns, more than the {MAX_COLUMNS:,} LayerLab reads", "too_many_columns",
                        {"path": name, "count": f"{len(header):,}", "most": f"{MAX_COLUMNS:,}"})
    if all(_is_number(v) for v in header):
        raise DataError(f"{name}: the first row holds numbers ({', '.join(header[:4])}...), not column names: "
                        "add a header row naming each column", "no_header", {"path": name, "first": ", ".join(header[:4])})
    seen: set[str] = set()
    for j, column in enumerate(header):
        if not column:
            raise DataError(f"{name}: column {j + 1} of the header row has no name", "unnamed_column", {"path": name, "column": j + 1})
        if len(column) > MAX_NAME_CHARS:
            raise DataError(f"{name}: the name of column {j + 1} is {len(column):,} characters long (at most {MAX_NAME_CHARS})", "long_name",
                            {"path": name, "column": j + 1, "length": f"{len(column):,}", "most": MAX_NAME_CHARS})
        if column in seen:
            raise DataError(f"{name}: two columns are called {column}: give each column its own name", "duplicate_column",
                            {"path": name, "column": column})
        seen.add(column)


# --------------------------------------------------------------------------- values


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def _parse_number(text: str) -> float | None:
    """The number `text` writes (also with a decimal comma, "3,5"), or None; never NaN or infinite."""
    value = text.strip()
    try:
        number = float(value)
    except ValueError:
        if not _DECIMAL_COMMA.match(value):
            return None
        number = float(value.replace(",", "."))
    return number if math.isfinite(number) else None


def parse_number(text: str) -> float | None:
    """The number a table's field writes ("3.5", "3,5", " 12 "), or None; never NaN or infinite."""
    return _parse_number(text)


def _is_number(text: str) -> bool:
    return _parse_number(text) is not None


def _number(text: str, file: str, row: int, column: str) -> float:
    number = _parse_number(text)
    if number is None:
        raise DataError(f"{file}: row {row}, column {column}: {_quote(text.strip())} is not a number", "not_a_number",
                        {"path": file, "row": row, "column": column, "value": _quote(text.strip())})
    if abs(number) > 3e38:
        raise DataError(f"{file}: row {row}, column {column}: {text.strip()} is too large a number to compute with", "huge_number",
                        {"path": file, "row": row, "column": column, "value": text.strip()})
    return number


def is_gap(text: str) -> bool:
    return text.strip() in MISSING


def natural_key(text: str) -> tuple:
    """Sorts "2" before "10" and "class 9" before "class 10", text as text."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


# --------------------------------------------------------------------------- columns


@dataclass
class ColumnSummary:
    """What a preview says about one column: its kind, its gaps, its distinct values."""

    name: str
    kind: str  # "number" or "text"
    gaps: int
    #: different values, counted up to MAX_CATEGORIES + 1
    distinct: int
    #: the first value of a number column that is not a number (row, text), if any
    odd: tuple[int, str] | None = None


def _summarise(table: RawTable, j: int) -> ColumnSummary:
    gaps = numbers = 0
    seen: set[str] = set()
    odd = None
    for i, row in enumerate(table.rows):
        value = row[j].strip()
        if value in MISSING:
            gaps += 1
            continue
        if len(seen) <= MAX_CATEGORIES:
            seen.add(value)
        if _parse_number(value) is not None:
            numbers += 1
        elif odd is None:
            odd = (i + 1, value)
    present = len(table.rows) - gaps
    distinct = len(seen)  # counted up to one more than MAX_CATEGORIES: beyond, it is too many anyway
    if present and numbers == present:
        return ColumnSummary(table.header[j], "number", gaps, distinct)
    if present and numbers >= 0.8 * present:
        # mostly numbers: a number column with a stray word, not a column of words
        return ColumnSummary(table.header[j], "number", gaps, distinct, odd)
    return ColumnSummary(table.header[j], "text", gaps, distinct)


def summarise(table: RawTable) -> list[ColumnSummary]:
    return [_summarise(table, j) for j in range(len(table.header))]


def _columns_for(table: RawTable, source: CsvSource) -> tuple[int, list[int]]:
    """(target index, feature indices), or DataError for a column the table does not have."""
    name = table.path
    header = table.header
    if source.target not in header and any(_is_number(h) for h in header):
        raise DataError(f"{name}: the first row holds values ({', '.join(header[:4])}...), not column names: "
                        "add a header row naming each column", "no_header_values", {"path": name, "first": ", ".join(header[:4])})
    if source.target not in header:
        near = next((h for h in header if h.lower() == source.target.lower()), None)
        shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        if near is not None:
            raise DataError(f"{name}: there is no column called {source.target} to take the classes from (did you mean {near}?); the columns are: {shown}",
                            "no_target_case", {"path": name, "target": source.target, "near": near, "columns": shown})
        raise DataError(f"{name}: there is no column called {source.target} to take the classes from; the columns are: {shown}",
                        "no_target", {"path": name, "target": source.target, "columns": shown})
    target = header.index(source.target)
    if source.features:
        for column in source.features:
            if column not in header:
                raise DataError(f"{name}: there is no column called {column} (named in features)", "no_feature", {"path": name, "column": column})
            if column == source.target:
                raise DataError(f"{name}: {column} is the target column; it cannot be a feature too", "target_feature", {"path": name, "column": column})
        features = [header.index(c) for c in source.features]
    else:
        features = [j for j in range(len(header)) if j != target]
    if not features:
        raise DataError(f"{name}: the table has no column besides {source.target}, so there is nothing to learn the classes from",
                        "no_features", {"path": name, "target": source.target})
    return target, features


def _gap_rows(table: RawTable, used: list[int]) -> list[int]:
    return [i for i, row in enumerate(table.rows) if any(is_gap(row[j]) for j in used)]


def _first_gap_error(table: RawTable, used: list[int], gaps: list[int], kinds: dict[int, str]) -> DataError:
    i = gaps[0]
    j = next(j for j in used if is_gap(table.rows[i][j]))
    column = table.header[j]
    value = table.rows[i][j].strip()
    params = {"path": table.path, "row": i + 1, "column": column, "value": _quote(value), "count": len(gaps), "rows": len(table.rows)}
    if kinds.get(j) == "number":
        what = f"{_quote(value)} is not a number"
        code = "gap_number"
    else:
        what = "the value is missing" if not value else f"{_quote(value)} marks a missing value"
        code = "gap_value" if not value else "gap_marked"
    return DataError(f'{table.path}: row {i + 1}, column {column}: {what}; {len(gaps)} of {len(table.rows)} rows have gaps like this. '
                     'Fill them in, or set "missing" to "drop" to leave those rows out', code, params)


def analyse(table: RawTable, source: CsvSource, like: DatasetInfo | None = None) -> tuple[TableEncoding, tuple[str, ...], list[int], list[int]]:
    """(encoding, class names, kept row indices, their labels) for `source`'s options; DataError
    for every problem a load would meet. With `like`, the model's encoding and classes are used."""
    name = table.path
    target, features = _columns_for(table, source)
    used = [*features, target]
    if like is not None and like.table is not None:
        return _analyse_like(table, source, like, target, features)
    summaries = {j: _summarise(table, j) for j in features}
    kinds = {j: s.kind for j, s in summaries.items()}
    gaps = _gap_rows(table, used)
    if gaps and source.missing == "refuse":
        raise _first_gap_error(table, used, gaps, kinds)
    gap_set = set(gaps)
    kept = [i for i in range(len(table.rows)) if i not in gap_set]
    _check_row_count(table, kept, len(gaps))
    for j, s in summaries.items():
        if s.odd is not None:
            row, value = s.odd
            raise DataError(f"{name}: row {row}, column {s.name}: {_quote(value)} is not a number (the column's other values are numbers)",
                            "stray_word", {"path": name, "row": row, "column": s.name, "value": _quote(value)})
    columns = []
    for j in features:
        if kinds[j] == "number":
            columns.append(Column(table.header[j], "number"))
            continue
        categories = sorted({table.rows[i][j].strip() for i in kept}, key=natural_key)
        if len(categories) > MAX_CATEGORIES:
            raise DataError(f"{name}: column {table.header[j]} holds {len(categories):,} different texts, too many to learn from as categories "
                            f"(at most {MAX_CATEGORIES}); leave it out of the features", "too_many_categories",
                            {"path": name, "column": table.header[j], "count": f"{len(categories):,}", "most": MAX_CATEGORIES})
        long = next((c for c in categories if len(c) > MAX_NAME_CHARS), None)
        if long is not None:
            raise DataError(f"{name}: column {table.header[j]} holds a text of {len(long):,} characters (at most {MAX_NAME_CHARS})", "long_text",
                            {"path": name, "column": table.header[j], "length": f"{len(long):,}", "most": MAX_NAME_CHARS})
        columns.append(Column(table.header[j], "text", tuple(categories)))
    encoding = TableEncoding(tuple(columns), table.header[target])
    if encoding.width > MAX_INPUTS:
        raise DataError(f"{name}: the features make {encoding.width:,} inputs, more than the {MAX_INPUTS:,} LayerLab can use; leave some columns out",
                        "too_many_inputs", {"path": name, "count": f"{encoding.width:,}", "most": f"{MAX_INPUTS:,}"})
    labels_text = [table.rows[i][target].strip() for i in kept]
    classes = tuple(sorted(set(labels_text), key=natural_key))
    if len(classes) < 2:
        only = classes[0] if classes else ""
        raise DataError(f"{name}: every row of column {table.header[target]} holds {_quote(only)}: one class only, so there is nothing to tell apart; "
                        "a network needs at least two classes", "one_class", {"path": name, "column": table.header[target], "value": _quote(only)})
    if len(classes) > MAX_CLASSES:
        raise DataError(f"{name}: column {table.header[target]} holds {len(classes):,} different classes (at most {MAX_CLASSES:,}); "
                        "is it the right target column?", "too_many_classes",
                        {"path": name, "column": table.header[target], "count": f"{len(classes):,}", "most": f"{MAX_CLASSES:,}"})
    long = next((c for c in classes if len(c) > MAX_NAME_CHARS), None)
    if long is not None:
        raise DataError(f"{name}: column {table.header[target]} holds a class name of {len(long):,} characters (at most {MAX_NAME_CHARS})", "long_class",
                        {"path": name, "column": table.header[target], "length": f"{len(long):,}", "most": MAX_NAME_CHARS})
    index = {c: k for k, c in enumerate(classes)}
    return encoding, classes, kept, [index[t] for t in labels_text]


def _analyse_like(table: RawTable, source: CsvSource, like: DatasetInfo, target: int, features: list[int]):
    """The rows of `table` as the model described by `like` reads them: its columns by name, its classes."""
    name = table.path
    encoding: TableEncoding = like.table
    missing = [c.name for c in encoding.columns if c.name not in table.header]
    if missing:
        raise DataError(f"{name}: the model reads column {missing[0]}, which this table does not have", "model_column", {"path": name, "column": missing[0]})
    used = [table.header.index(c.name) for c in encoding.columns] + [target]
    gaps = _gap_rows(table, used)
    if gaps and source.missing == "refuse":
        kinds = {table.header.index(c.name): c.kind for c in encoding.columns}
        raise _first_gap_error(table, used, gaps, kinds)
    gap_set = set(gaps)
    kept = [i for i in range(len(table.rows)) if i not in gap_set]
    if not kept:
        raise DataError(f"{name}: every row has a gap, so no row is left", "all_gaps", {"path": name})
    index = {c: k for k, c in enumerate(like.class_names)}
    labels = []
    for i in kept:
        value = table.rows[i][target].strip()
        if value not in index:
            raise DataError(f"{name}: row {i + 1}, column {table.header[target]}: {_quote(value)} is not a class the model knows "
                            f"({', '.join(like.class_names[:10])})", "unknown_class",
                            {"path": name, "row": i + 1, "column": table.header[target], "value": _quote(value), "known": ", ".join(like.class_names[:10])})
        labels.append(index[value])
    return encoding, tuple(like.class_names), kept, labels


def _check_row_count(table: RawTable, kept: list[int], dropped: int) -> None:
    name = table.path
    if len(kept) >= MIN_ROWS:
        return
    if not table.rows:
        raise DataError(f"{name}: the table has a header but no rows of data", "no_rows", {"path": name})
    if dropped:
        raise DataError(f"{name}: only {len(kept)} of {len(table.rows)} rows have no gaps; a network needs at least {MIN_ROWS} rows to learn from",
                        "too_few_rows_gaps", {"path": name, "count": len(kept), "rows": len(table.rows), "least": MIN_ROWS})
    raise DataError(f"{name}: the table has only {len(kept)} row(s) of data; a network needs at least {MIN_ROWS} rows to learn from",
                    "too_few_rows", {"path": name, "count": len(kept), "least": MIN_ROWS})


# --------------------------------------------------------------------------- loading


@dataclass
class TableReport:
    """What reading left out: rows with gaps (``missing: "drop"``)."""

    rows: int
    dropped_rows: int = 0
    delimiter: str = ","


class _Rows:
    """The kept rows of a table, each seen as its feature columns in the encoding's order, without a copy."""

    def __init__(self, table: RawTable, encoding: TableEncoding, kept: list[int]):
        self.rows, self.kept = table.rows, kept
        self.index = [table.header.index(c.name) for c in encoding.columns]

    def __len__(self) -> int:
        return len(self.kept)

    def __getitem__(self, i: int) -> _Row:
        return _Row(self.rows[self.kept[i]], self.index)

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class _Row:
    __slots__ = ("row", "index")

    def __init__(self, row: list[str], index: list[int]):
        self.row, self.index = row, index

    def __getitem__(self, j: int) -> str:
        return self.row[self.index[j]]


def load_table(source: CsvSource, *, seed: int = 0, progress: ProgressCallback | None = None, cancel=None,
               like: DatasetInfo | None = None) -> Dataset:
    """A CSV table as a Dataset: float32 inputs (number columns as they are, one-hot text columns),
    the training rows' standardisation as the normalisation, a stratified test split from `seed`."""
    path = source.path
    if progress is not None:
        progress(0, 1, os.path.basename(path))
    table = read_table(path)
    if cancel is not None and cancel.is_set():
        raise LoadCancelled(path)
    encoding, classes, kept, labels = analyse(table, source, like)
    x = encoding.encode(_Rows(table, encoding, kept), file=path, row_numbers=[i + 1 for i in kept])
    y = np.asarray(labels, dtype=np.int64)
    train, test = stratified_split(y, source.test_split, seed)
    x_train, y_train = x[train], y[train]
    norm = normalisation.standardising(x_train, encoding.numeric)
    if progress is not None:
        progress(1, 1, os.path.basename(path))
    title = os.path.basename(path)
    return Dataset(
        name=title, title=title, x_train=x_train, y_train=y_train, x_test=x[test], y_test=y[test],
        class_names=classes, input_shape=(encoding.width,), normalisation=norm, kind=source.type,
        source=Path(path), origin=source, table=encoding,
        report=TableReport(len(table.rows), len(table.rows) - len(kept), table.delimiter),
    )


def read_rows(path: str | os.PathLike, encoding: TableEncoding) -> tuple[np.ndarray, list[int]]:
    """The rows of a CSV file (with a header) encoded as a model's inputs: the model's feature
    columns by name (others, the target included, are ignored). (inputs, row numbers)."""
    table = read_table(path)
    name = table.path
    if not table.rows:
        raise DataError(f"{name}: the table has a header but no rows to classify", "no_rows_to_classify", {"path": name})
    missing = [c.name for c in encoding.columns if c.name not in table.header]
    if missing:
        raise DataError(f"{name}: the model reads column {missing[0]}, which this table does not have", "model_column", {"path": name, "column": missing[0]})
    index = [table.header.index(c.name) for c in encoding.columns]
    rows = [[row[j] for j in index] for row in table.rows]
    numbers = list(range(1, len(rows) + 1))
    return encoding.encode(rows, file=name, row_numbers=numbers), numbers


# --------------------------------------------------------------------------- a preview for the designer


@dataclass
class TablePreview:
    """What the designer shows before the data is used: the first rows, each column's kind, the
    target's class counts, and the problem a load would meet (None when it would work)."""

    path: str
    header: list[str]
    rows: list[list[str]]
    total_rows: int
    columns: list[ColumnSummary]
    target: str
    class_counts: list[tuple[str, int]] = field(default_factory=list)
    problem: DataError | None = None
    #: the number of inputs the network gets, once the data loads
    inputs: int = 0
    gap_rows: int = 0


def suggest_target(table: RawTable) -> str:
    """The column most likely to hold the classes: one named like it (class, label, species,
    target, y...), else the first text column with few values, else the last column."""
    usual = ("class", "label", "labels", "target", "species", "category", "y", "kind", "type", "outcome")
    for column in table.header:
        if column.strip().lower() in usual:
            return column
    summaries = summarise(table)
    for s in summaries:
        if s.kind == "text" and 2 <= s.distinct <= 20:
            return s.name
    return table.header[-1]


def preview_table(source: CsvSource) -> TablePreview:
    """The preview of `source`'s table (DataError when the file is no table at all: empty, binary,
    ragged, no header); the target, when the source names none the table has, is suggested."""
    table = read_table(source.path)
    target = source.target if source.target in table.header else suggest_target(table)
    if target != source.target:
        from dataclasses import replace

        source = replace(source, target=target)
    columns = summarise(table)
    preview = TablePreview(source.path, table.header, table.rows[:PREVIEW_ROWS], len(table.rows), columns, target)
    j = table.header.index(target)
    counts: dict[str, int] = {}
    for row in table.rows:
        value = row[j].strip()
        if not is_gap(value):
            counts[value] = counts.get(value, 0) + 1
    preview.class_counts = sorted(counts.items(), key=lambda kv: natural_key(kv[0]))[:MAX_CATEGORIES]
    try:
        encoding, _, kept, _ = analyse(table, source)
        preview.inputs = encoding.width
        preview.gap_rows = len(table.rows) - len(kept)
    except DataError as e:
        preview.problem = e
        try:
            target_index, features = _columns_for(table, source)
            preview.gap_rows = len(_gap_rows(table, [*features, target_index]))
        except DataError:
            pass
    return preview


__all__ = [
    "MAX_TABLE_BYTES", "MAX_ROWS", "MAX_COLUMNS", "MAX_CATEGORIES", "MAX_CLASSES", "MAX_INPUTS", "MIN_ROWS", "MISSING",
    "Column", "TableEncoding", "RawTable", "read_table", "analyse", "summarise", "ColumnSummary",
    "TableReport", "load_table", "read_rows", "parse_number", "TablePreview", "preview_table", "suggest_target", "is_gap", "natural_key",
]
