"""CSV tables as datasets: the real penguins table, every dialect a table comes in, and every
way a table can be broken (each a file the test writes), refused in one sentence naming
the file and, where there is one, the row and column."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from core.data import tables
from core.data.catalog import CsvSource
from core.data.datasets import DataError, fit_to_data, load_dataset
from core.data.tables import TableEncoding, preview_table, read_rows
from core.design import spec

PENGUIN_COLUMNS = ["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"]


@pytest.fixture(scope="module")
def penguins_csv(datasets_dir):
    return datasets_dir / "penguins" / "penguins.csv"


def source(path, **options) -> CsvSource:
    return CsvSource(path=str(path), **{"target": "species", **options})


def refused(src: CsvSource, code: str, *words: str) -> DataError:
    with pytest.raises(DataError) as info:
        load_dataset(src)
    e = info.value
    assert e.code == code, (e.code, str(e))
    text = str(e)
    assert text.startswith(str(src.path)), text  # names the file first
    assert "\n" not in text
    for w in words:
        assert w in text, (w, text)
    return e


# --------------------------------------------------------------------------- the real table


def test_penguins_with_gaps_refused_names_the_row_the_column_and_how_many_rows(penguins_csv):
    e = refused(source(penguins_csv), "gap_number", 'row 4, column bill_length_mm: "NA" is not a number', "11 of 344 rows have gaps",
                '"missing" to "drop"')
    assert e.params["row"] == 4 and e.params["column"] == "bill_length_mm" and e.params["count"] == 11


def test_penguins_with_gaps_dropped(penguins_csv):
    data = load_dataset(source(penguins_csv, missing="drop"), seed=0)
    assert data.class_names == ("Adelie", "Chinstrap", "Gentoo")
    assert data.report.rows == 344 and data.report.dropped_rows == 11
    assert len(data.y_train) + len(data.y_test) == 333
    # island (3 categories), 4 measurements, sex (2), year: 10 inputs
    assert data.input_shape == (10,) and data.x_train.dtype == np.float32
    assert data.table.input_names() == ["island = Biscoe", "island = Dream", "island = Torgersen", "bill_length_mm", "bill_depth_mm",
                                        "flipper_length_mm", "body_mass_g", "sex = female", "sex = male", "year"]
    one_hot = data.x_train[:, [0, 1, 2, 7, 8]]
    assert set(np.unique(one_hot)) == {0.0, 1.0} and (one_hot[:, :3].sum(axis=1) == 1).all()


def test_number_columns_are_standardised_with_the_training_rows_only(penguins_csv):
    data = load_dataset(source(penguins_csv, missing="drop"), seed=0)
    seen = data.normalise(data.x_train)
    numbers = data.table.numeric
    # float32, as the network computes: the year (2007 to 2009) loses a few digits to its large offset
    assert np.allclose(seen[:, numbers].mean(axis=0), 0, atol=1e-4) and np.allclose(seen[:, numbers].std(axis=0), 1, atol=1e-4)
    np.testing.assert_array_equal(seen[:, ~numbers], data.x_train[:, ~numbers])  # one-hot inputs stay 0 and 1
    everything = np.concatenate([data.x_train, data.x_test]).astype(np.float64)
    with_test_rows = everything[:, numbers].mean(axis=0)
    used = -data.normalisation["offset"][numbers] / data.normalisation["scale"][numbers]
    assert not np.allclose(used, with_test_rows)  # the test rows did not leak into the statistics
    np.testing.assert_allclose(used, data.x_train[:, numbers].astype(np.float64).mean(axis=0), rtol=1e-6)


def test_the_test_split_is_stratified_and_seeded(penguins_csv):
    a = load_dataset(source(penguins_csv, missing="drop"), seed=0)
    again = load_dataset(source(penguins_csv, missing="drop"), seed=0)
    other = load_dataset(source(penguins_csv, missing="drop"), seed=1)
    np.testing.assert_array_equal(a.x_test, again.x_test)
    assert not np.array_equal(a.x_test, other.x_test)
    everyone = np.bincount(np.concatenate([a.y_train, a.y_test]))
    np.testing.assert_array_equal(np.bincount(a.y_test), np.round(everyone * 0.2).astype(int))
    wider = load_dataset(source(penguins_csv, missing="drop", test_split=0.5), seed=0)
    assert abs(len(wider.y_test) - 333 / 2) <= 2


def test_the_encoding_says_in_plain_json_how_a_row_becomes_inputs(penguins_csv):
    import json

    data = load_dataset(source(penguins_csv, missing="drop", features=("island", "body_mass_g")))
    meta = json.loads(json.dumps(data.table.metadata()))
    assert meta == {"target": "species",
                    "columns": [{"name": "island", "kind": "text", "categories": ["Biscoe", "Dream", "Torgersen"]},
                                {"name": "body_mass_g", "kind": "number"}],
                    "inputs": ["island = Biscoe", "island = Dream", "island = Torgersen", "body_mass_g"]}


def test_chosen_features_only(penguins_csv):
    data = load_dataset(source(penguins_csv, missing="drop", features=("bill_length_mm", "island")))
    assert data.table.input_names() == ["bill_length_mm", "island = Biscoe", "island = Dream", "island = Torgersen"]


def test_a_design_of_its_own_data_learns_its_input_size_and_classes(penguins_csv):
    design = spec.from_dict({
        "format": "layerlab-design", "version": 2,
        "dataset": {"type": "csv", "path": penguins_csv.name, "target": "species", "missing": "drop"},
        "layers": [{"type": "dense", "units": 3, "activation": "softmax"}],
    }, penguins_csv.parent)
    assert design.input_from_data and design.dataset.path == str(penguins_csv)
    fitted = fit_to_data(design, load_dataset(design.dataset))
    assert fitted.input_shape == (10,) and fitted.dataset.info.classes == 3 and fitted.dataset == design.dataset
    assert "input" not in spec.to_dict(fitted)  # left out, it stays left out


# --------------------------------------------------------------------------- dialects


def write(tmp_path, text: str | bytes, name="table.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def rows_of(penguins_csv, every=4) -> list[list[str]]:
    """The header and every `every`-th row without gaps (all three species)."""
    lines = penguins_csv.read_text(encoding="utf-8").splitlines()
    return [lines[0].split(","), *(line.split(",") for line in lines[1::every] if "NA" not in line)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "bom"])
def test_delimiters_and_byte_order_marks_are_all_read_the_same(tmp_path, penguins_csv, delimiter, bom):
    rows = rows_of(penguins_csv)
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    path = write(tmp_path, ("\ufeff" if bom else "") + text)
    data = load_dataset(source(path))
    reference = load_dataset(source(write(tmp_path, "\n".join(",".join(r) for r in rows) + "\n", "ref.csv")))
    np.testing.assert_array_equal(data.x_train, reference.x_train)
    assert data.report.delimiter == delimiter and data.table.columns[0].name == "island"


def test_quoted_fields_decimal_commas_and_windows_line_ends(tmp_path):
    lines = ['name;"size, in cm";colour;kind']
    for i in range(30):
        lines.append(f'"item {i}; the {i}th";{i % 7},5;"{["red", "blue"][i % 2]}";{"ab"[i % 3 == 0]}')
    path = write(tmp_path, "\r\n".join(lines) + "\r\n")
    data = load_dataset(CsvSource(path=str(path), target="kind", features=("size, in cm", "colour")))
    assert data.table.input_names() == ["size, in cm", "colour = blue", "colour = red"]
    sizes = np.concatenate([data.x_train, data.x_test])[:, 0]
    assert set(np.round(sizes, 1)) == {k + 0.5 for k in range(7)}


# --------------------------------------------------------------------------- broken tables


def table(header="a,b,kind", rows=None, n=20) -> str:
    rows = rows if rows is not None else [f"{i},{i * 2},{'xy'[i % 2]}" for i in range(n)]
    return "\n".join([header, *rows]) + "\n"


def test_a_ragged_row(tmp_path):
    rows = [f"{i},{i * 2},{'xy'[i % 2]}" for i in range(20)]
    rows[6] = "6,12,x,extra"
    e = refused(CsvSource(path=str(write(tmp_path, table(rows=rows))), target="kind"), "ragged_row",
                "row 7 (line 8) has 4 values, but the header names 3 columns")
    assert e.params["row"] == 7


def test_no_header_row(tmp_path):
    path = write(tmp_path, "\n".join(f"{i},{i * 2},{i % 2}" for i in range(20)) + "\n")
    refused(CsvSource(path=str(path), target="kind"), "no_header", "not column names: add a header row naming each column")
    # a first row of values, words among them
    rows = "\n".join(["Adelie,Torgersen,39.1,18.7", *(f"Gentoo,Biscoe,{40 + i},{15 + i}" for i in range(20))])
    refused(CsvSource(path=str(write(tmp_path, rows, "words.csv")), target="species"), "no_header_values", "add a header row")


def test_a_missing_target_column(tmp_path, penguins_csv):
    refused(CsvSource(path=str(penguins_csv), target="Species"), "no_target_case", "no column called Species", "did you mean species?")
    refused(CsvSource(path=str(penguins_csv), target="colour"), "no_target", "no column called colour", "the columns are: species, island")


def test_one_class_only(tmp_path):
    path = write(tmp_path, table(rows=[f"{i},{i},same" for i in range(20)]))
    refused(CsvSource(path=str(path), target="kind"), "one_class", 'every row of column kind holds "same": one class only')


def test_a_single_row(tmp_path):
    refused(CsvSource(path=str(write(tmp_path, table(n=1))), target="kind"), "too_few_rows", "only 1 row(s) of data", "at least 10 rows")
    refused(CsvSource(path=str(write(tmp_path, table(n=0), "header.csv")), target="kind"), "no_rows", "a header but no rows")


def test_an_empty_file_and_a_binary_one(tmp_path, datasets_dir):
    refused(CsvSource(path=str(write(tmp_path, b"")), target="kind"), "empty", "the file is empty")
    refused(CsvSource(path=str(write(tmp_path, b"\n \n", "blank.csv")), target="kind"), "empty", "the file is empty")
    png = next((datasets_dir / "uci-digits" / "0").iterdir()).read_bytes()
    refused(CsvSource(path=str(write(tmp_path, png, "picture.csv")), target="kind"), "binary", "not a text file")
    refused(CsvSource(path=str(write(tmp_path, "kind,a\n\xe9t\xe9,1\n".encode("latin-1"), "latin.csv")), target="kind"), "not_utf8",
            "line 2 is not UTF-8 text")


def test_paths_that_are_no_table(tmp_path):
    refused(CsvSource(path=str(tmp_path), target="kind"), "folder", "is a folder, not a CSV file")
    e = refused(CsvSource(path=str(tmp_path / "gone.csv"), target="kind"), "missing_file", "the file is not there")
    assert e.reason == "not_found"


def test_a_stray_word_in_a_number_column(tmp_path):
    rows = [f"{i},{i * 2},{'xy'[i % 2]}" for i in range(20)]
    rows[11] = "11,heavy,y"
    refused(CsvSource(path=str(write(tmp_path, table(rows=rows))), target="kind"), "stray_word", 'row 12, column b: "heavy" is not a number')


def test_too_many_categories_in_a_text_column(tmp_path):
    rows = [f"id{i},{i},{'xy'[i % 2]}" for i in range(150)]
    refused(CsvSource(path=str(write(tmp_path, table(rows=rows))), target="kind"), "too_many_categories",
            "column a holds 150 different texts", "leave it out")


def test_a_feature_the_table_does_not_have(tmp_path):
    refused(CsvSource(path=str(write(tmp_path, table())), target="kind", features=("a", "c")), "no_feature", "no column called c")
    refused(CsvSource(path=str(write(tmp_path, table())), target="kind", features=("kind",)), "target_feature", "cannot be a feature too")


def test_gaps_left_out_can_leave_too_few_rows(tmp_path):
    rows = [f"{i},{'NA' if i > 3 else i},{'xy'[i % 2]}" for i in range(20)]
    refused(CsvSource(path=str(write(tmp_path, table(rows=rows))), target="kind", missing="drop"), "too_few_rows_gaps",
            "only 4 of 20 rows have no gaps")


def test_oversized_tables_are_refused_unread(tmp_path, monkeypatch):
    path = write(tmp_path, table(n=200))
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 100)
    with pytest.raises(DataError, match="tables up to 0 MB") as info:
        tables.read_table(path, max_bytes=100)
    assert info.value.code == "file_too_large"


def test_a_table_of_too_many_values_is_refused_before_they_are_parsed(tmp_path):
    import tracemalloc

    path = write(tmp_path, b"kind," + b"1," * 2_500_000 + b"x\n")  # 5 MB on one line: 2.5 million values
    tracemalloc.start()
    try:
        refused(CsvSource(path=str(path), target="kind"), "too_many_values", "more than 2,000,000 values (rows times columns)")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * path.stat().st_size  # the bytes, not a Python string per value (that would be 20 MB of pointers)
    many = write(tmp_path, b"a,kind\n" + b"1,x\n" * (tables.MAX_ROWS + 1), "tall.csv")
    refused(CsvSource(path=str(many), target="kind"), "too_many_rows", "more than 1,000,000 rows")


# --------------------------------------------------------------------------- rows to classify


def test_rows_are_encoded_as_the_model_saw_them(tmp_path, penguins_csv):
    data = load_dataset(source(penguins_csv, missing="drop"))
    lines = penguins_csv.read_text(encoding="utf-8").splitlines()
    # the columns in another order, the target left out, an extra column: found by name
    order = ["year", "sex", "body_mass_g", "flipper_length_mm", "bill_depth_mm", "bill_length_mm", "island", "note"]
    picked = [lines[1], lines[2], lines[200]]
    out = [",".join(order)]
    for line in picked:
        v = dict(zip(PENGUIN_COLUMNS, line.split(",")))
        out.append(",".join([*(v[c] for c in order[:-1]), "hello"]))
    x, numbers = read_rows(write(tmp_path, "\n".join(out) + "\n", "rows.csv"), data.table)
    assert numbers == [1, 2, 3] and x.shape == (3, 10)
    np.testing.assert_array_equal(x[0], data.table.encode([line_features(lines[1], data.table)], file="x")[0])


def line_features(line: str, encoding: TableEncoding) -> list[str]:
    v = dict(zip(PENGUIN_COLUMNS, line.split(",")))
    return [v[c.name] for c in encoding.columns]


def test_a_category_the_model_does_not_know_names_its_row_and_column(tmp_path, penguins_csv):
    data = load_dataset(source(penguins_csv, missing="drop"))
    text = "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\nDream,40,18,190,3800,male,2008\nAtlantis,40,18,190,3800,male,2008\n"
    with pytest.raises(DataError, match=r'row 2, column island: "Atlantis" is not one of the values the model knows \(Biscoe, Dream, Torgersen\)'):
        read_rows(write(tmp_path, text, "rows.csv"), data.table)
    with pytest.raises(DataError, match="the model reads column bill_length_mm, which this table does not have"):
        read_rows(write(tmp_path, "island,sex\nDream,male\n", "few.csv"), data.table)


# --------------------------------------------------------------------------- the preview


def test_the_preview_shows_kinds_classes_and_the_problem_in_plain_words(penguins_csv):
    preview = preview_table(CsvSource(path=str(penguins_csv), target=""))
    assert preview.target == "species"  # suggested
    assert preview.total_rows == 344 and len(preview.rows) == tables.PREVIEW_ROWS and preview.header == PENGUIN_COLUMNS
    kinds = {c.name: (c.kind, c.gaps) for c in preview.columns}
    assert kinds["island"] == ("text", 0) and kinds["bill_length_mm"] == ("number", 2) and kinds["sex"] == ("text", 11)
    assert preview.class_counts == [("Adelie", 152), ("Chinstrap", 68), ("Gentoo", 124)]
    assert preview.problem is not None and 'row 4, column bill_length_mm: "NA" is not a number' in str(preview.problem)
    assert preview.gap_rows == 11
    fine = preview_table(dataclasses.replace(CsvSource(path=str(penguins_csv), target="species"), missing="drop"))
    assert fine.problem is None and fine.inputs == 10 and fine.gap_rows == 11
