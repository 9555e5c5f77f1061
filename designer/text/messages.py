"""The words of core.design.checks findings and fixes, translated for the screen.

`core.design.checks` keeps every message as an English template keyed by a code, with the
values to fill in; here the template is translated (context "checks") before it is
filled, so a translation can reorder the words. Unknown codes fall back to the
finding's own English message.

`core.design.spec` problems work the same way (context "spec"): each carries a `code` and the
`params` its English message was made from; `SPEC_TEMPLATES` holds the English template
of every code, marked for translation, and `spec_problem_text` fills in the translated one.
So do core.io.bundle.BundleError (context "bundle", `bundle_error_text`), core.data.digits.DigitError
(context "digits", `digit_error_text`) and core.data.datasets.DataError, the user's own data
(context "data", `data_error_text`), whose `params["path"]` is put before the words as it is.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.design import paths as spec_paths


def _fill(template: str | None, args: dict, fallback: str) -> str:
    """A check's finding or fix in the user's language (see `_coded_text`): a dataset's title
    ("Spirals") and an activation's key ("relu") are shown by their names on screen."""
    if template:
        from designer.text.names import activation_title, tr

        if isinstance(args.get("title"), str):
            args = {**args, "title": tr(args["title"])}
        if isinstance(args.get("activation"), str):
            args = {**args, "activation": activation_title(args["activation"])}
    return _coded_text("checks", template, args, "", fallback)


def finding_text(finding) -> str:
    """"The last layer needs 10 units: MNIST has 10 classes." in the user's language."""
    from core.design.checks import TEMPLATES

    return _fill(TEMPLATES.get(finding.code), finding.args, finding.message)


def fix_text(fix) -> str:
    """"Set units to 10" in the user's language."""
    from core.design.checks import FIX_LABELS

    return _fill(FIX_LABELS.get(fix.code), fix.args, fix.label)


def training_result_text(result) -> str:
    """Why a run ended early (a core.train.loop.TrainingResult: what happened, its likely
    cause, what was kept), in the user's language; the core's English without parts."""
    from core.train.loop import RESULT_TEMPLATES, compose_message

    if not result.parts:
        return result.message
    try:
        return compose_message(result.parts, result.args, lambda code: QCoreApplication.translate("training", RESULT_TEMPLATES[code]))
    except (KeyError, IndexError, ValueError):
        return result.message


def training_headline(result) -> str:
    """How a run that went wrong ended, in a few words ("Training diverged."), in the user's
    language: core.train.loop.HEADLINES, translated in context "training"."""
    from core.train.loop import HEADLINES

    return QCoreApplication.translate("training", HEADLINES.get(result.status, HEADLINES["failed"]))


def problem_text(design, error: BaseException) -> str:
    """Why `design` could not be built, in the user's language: its first check error when it
    has one (the exception's own text is the core's English), else the exception's text."""
    from core.design.checks import check_design, errors

    found = errors(check_design(design))
    return finding_text(found[0]) if found else str(error)


#: the English of every core.design.spec problem code; filled in, each says what Problem.message says
SPEC_TEMPLATES: dict[str, str] = {
    "not_utf8": QT_TRANSLATE_NOOP("spec", "not a UTF-8 text file"),
    "file_not_utf8": QT_TRANSLATE_NOOP("spec", "{name} is not a UTF-8 text file"),
    "not_json": QT_TRANSLATE_NOOP("spec", "not valid JSON (line {line}, column {column}: {detail})"),
    "too_deep": QT_TRANSLATE_NOOP("spec", "not valid JSON (nested too deeply)"),
    "not_json_value": QT_TRANSLATE_NOOP("spec", "not valid JSON ({detail})"),
    "cannot_read": QT_TRANSLATE_NOOP("spec", "cannot read {file}: {reason}"),
    "object": QT_TRANSLATE_NOOP("spec", "must be an object, got {got}"),
    "unknown_key": QT_TRANSLATE_NOOP("spec", "unknown key (allowed: {allowed})"),
    "required": QT_TRANSLATE_NOOP("spec", "is required"),
    "integer": QT_TRANSLATE_NOOP("spec", "must be an integer, got {got}"),
    "integer_between": QT_TRANSLATE_NOOP("spec", "must be an integer between {lo} and {hi}, got {got}"),
    "non_negative_integer": QT_TRANSLATE_NOOP("spec", "must be a non-negative integer, got {got}"),
    "non_negative_integer_between": QT_TRANSLATE_NOOP("spec", "must be a non-negative integer between {lo} and {hi}, got {got}"),
    "positive_integer": QT_TRANSLATE_NOOP("spec", "must be a positive integer, got {got}"),
    "at_most": QT_TRANSLATE_NOOP("spec", "must be at most {most}, got {got}"),
    "number": QT_TRANSLATE_NOOP("spec", "must be a number, got {got}"),
    "in_range": QT_TRANSLATE_NOOP("spec", "must be in {range}, got {got}"),
    "string": QT_TRANSLATE_NOOP("spec", "must be a string, got {got}"),
    "too_long": QT_TRANSLATE_NOOP("spec", "must be at most {most} characters long, got {length}"),
    "surrogate": QT_TRANSLATE_NOOP("spec", "must be valid text (it holds an unpaired UTF-16 surrogate, which cannot be saved)"),
    "one_of": QT_TRANSLATE_NOOP("spec", "must be one of {choices}, got {got}"),
    "wrong_format": QT_TRANSLATE_NOOP("spec", 'must be "{format}", got {got}'),
    "newer_version": QT_TRANSLATE_NOOP("spec", "this file is format version {version}, but this LayerLab reads version {supported} at most; please update LayerLab"),
    "dataset_name": QT_TRANSLATE_NOOP("spec", "must be a dataset name of letters, digits, '-' and '_', got {got}"),
    "language_code": QT_TRANSLATE_NOOP("spec", 'must be a language code such as "ja"'),
    "shape": QT_TRANSLATE_NOOP("spec", "must be a list of 1 to 3 positive integers, got {got}"),
    "list": QT_TRANSLATE_NOOP("spec", "must be a list, got {got}"),
    "too_many_layers": QT_TRANSLATE_NOOP("spec", "must hold at most {most} layers, got {count}"),
    "number_list": QT_TRANSLATE_NOOP("spec", "must be a non-empty list of numbers, got {got}"),
    "row_list": QT_TRANSLATE_NOOP("spec", "must be a non-empty list of rows, got {got}"),
    "ragged_rows": QT_TRANSLATE_NOOP("spec", "rows must all have the same length"),
    "weights_shape": QT_TRANSLATE_NOOP("spec", "must be {rows} rows of {columns} numbers (inputs x units), got {got_rows} x {got_columns}"),
    "bias_length": QT_TRANSLATE_NOOP("spec", "must hold {units} numbers (one per unit), got {count}"),
    "not_a_file": QT_TRANSLATE_NOOP("spec", "{file} is {kind}, not a design file"),
    "file_too_large": QT_TRANSLATE_NOOP("spec", "{file} is {size} MB, too large to be a design (at most {most} MB)"),
    "design_too_large": QT_TRANSLATE_NOOP("spec", "the design is {size} MB, too large (at most {most} MB)"),
    "too_many_translations": QT_TRANSLATE_NOOP("spec", "must hold at most {most} languages, got {count}"),
    "too_many_fixed_numbers": QT_TRANSLATE_NOOP("spec", "the fixed weights and biases hold {count} numbers; a design may fix at most {most}"),
    "size_pair": QT_TRANSLATE_NOOP("spec", "must be a positive integer or a list of two, [height, width], got {got}"),
    "padding_value": QT_TRANSLATE_NOOP("spec", 'must be a non-negative integer or "same", got {got}'),
    "needs_version": QT_TRANSLATE_NOOP("spec", 'a {title} layer needs format version {needed} or later, but the file says version {version}: set "version" to {newest}'),
    "schedule_needs_version": QT_TRANSLATE_NOOP("spec", 'a learning-rate schedule needs format version {needed} or later, but the file says version {version}: set "version" to {newest}'),
    "dataset_value": QT_TRANSLATE_NOOP("spec", 'must be a dataset name or an object such as {{"type": "csv", "path": ...}}, got {got}'),
    "data_path": QT_TRANSLATE_NOOP("spec", "must name a file or folder, got {got}"),
    "column_name": QT_TRANSLATE_NOOP("spec", "must name a column, got an empty string"),
    "column_list": QT_TRANSLATE_NOOP("spec", "must be a list of 1 to {most} column names, got {got}"),
    "column_twice": QT_TRANSLATE_NOOP("spec", "names column {name} a second time"),
    "size_list": QT_TRANSLATE_NOOP("spec", "must be [height, width], two positive integers, got {got}"),
}

#: what core.io.files calls a path that is not a regular file (a `kind` in messages)
_FILE_KINDS = (
    QT_TRANSLATE_NOOP("files", "a folder"),
    QT_TRANSLATE_NOOP("files", "a pipe (FIFO)"),
    QT_TRANSLATE_NOOP("files", "a device"),
    QT_TRANSLATE_NOOP("files", "a socket"),
    QT_TRANSLATE_NOOP("files", "a special file"),
)


def _kind_words(params: dict) -> dict:
    kind = params.get("kind")
    if isinstance(kind, str) and kind in _FILE_KINDS:
        return {**params, "kind": QCoreApplication.translate("files", kind)}
    return params

#: the words core.design.spec uses for a value it does not quote ("got a list")
_SPEC_VALUE_WORDS = (
    QT_TRANSLATE_NOOP("spec", "a list"),
    QT_TRANSLATE_NOOP("spec", "an object"),
    QT_TRANSLATE_NOOP("spec", "a number with more than 100 digits"),
)


_LAYER_FIELD = re.compile(r"layers\[(\d+)\](?:\.([A-Za-z_]+))?(.*)")


def field_for_people(path: str) -> str:
    """A spec path as the Design page names it: "layers[2].units" is "Layer 3 · units", counted
    from 1 like the cards. Other paths ("training.batch_size", "evil") name a field of the
    file and stay as they are."""
    m = _LAYER_FIELD.fullmatch(path)
    if m is None:
        return path
    from designer.text.names import field_title

    text = QCoreApplication.translate("checks", "Layer {number}").format(number=int(m[1]) + 1)
    if m[2]:
        text += " · " + field_title(m[2])
    return text + m[3]


def spec_problem_text(problem) -> str:
    """"Layer 3 · units: must be a positive integer, got -3" in the user's language (the path as
    `field_for_people` names it). Unknown codes: the problem's English."""
    params = {
        key: QCoreApplication.translate("spec", value) if isinstance(value, str) and value in _SPEC_VALUE_WORDS else value
        for key, value in problem.params.items()
    }
    path = field_for_people(problem.path)
    return _coded_text("spec", SPEC_TEMPLATES.get(problem.code), _kind_words(params), path, f"{path}: {problem.message}" if path else str(problem))


def _coded_text(context: str, template: str | None, params: dict, path: str, english: str) -> str:
    """A coded problem in the user's language: its translated template filled from `params`,
    after `path` (which stays as it is). No template, or one that will not fill in: `english`."""
    if not template:
        return english
    try:
        text = QCoreApplication.translate(context, template).format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return english
    return f"{path}: {text}" if path else text


#: the English of every core.io.bundle.BundleError code, after the file's path and ": "
BUNDLE_TEMPLATES: dict[str, str] = {
    "folder": QT_TRANSLATE_NOOP("bundle", "is a folder, not a model file"),
    "cannot_read": QT_TRANSLATE_NOOP("bundle", "cannot read the file ({reason})"),
    "file_too_large": QT_TRANSLATE_NOOP("bundle", "the file is {size} GB, far larger than any LayerLab model; refusing to open it"),
    "not_npz": QT_TRANSLATE_NOOP("bundle", "this is not a LayerLab model file (expected a .npz archive)"),
    "damaged": QT_TRANSLATE_NOOP("bundle", "the file is damaged or truncated ({reason})"),
    "pickled": QT_TRANSLATE_NOOP("bundle", "array {name} holds Python objects (pickled data); LayerLab model files never do, so the file is refused"),
    "short_array": QT_TRANSLATE_NOOP("bundle", "the file is damaged or truncated (array {name} is shorter than its header says)"),
    "damaged_header": QT_TRANSLATE_NOOP("bundle", "the file is damaged (the header of array {name} cannot be read: {reason})"),
    "no_entry": QT_TRANSLATE_NOOP("bundle", "this is not a LayerLab model file (no {key} entry)"),
    "format_marker": QT_TRANSLATE_NOOP("bundle", "this is not a LayerLab model file (its format marker is not {format})"),
    "newer_version": QT_TRANSLATE_NOOP("bundle", "this model file is format version {version}, but this LayerLab reads version {supported} at most; please update LayerLab"),
    "invalid_design": QT_TRANSLATE_NOOP("bundle", "the design stored in the model file is invalid: {problem}"),
    "unexpected_array": QT_TRANSLATE_NOOP("bundle", "unexpected array {name}: the design has no such weights"),
    "wrong_dtype": QT_TRANSLATE_NOOP("bundle", "array {name} holds {dtype} values, but weights must be float32 or float64"),
    "wrong_shape": QT_TRANSLATE_NOOP("bundle", "array {name} has shape {shape} but the design needs {expected}"),
    "missing_array": QT_TRANSLATE_NOOP("bundle", "array {name} is missing (the design's layer {layer} needs it)"),
    "not_finite": QT_TRANSLATE_NOOP("bundle", "array {name} contains NaN or infinite values (did training diverge?)"),
    "not_regular": QT_TRANSLATE_NOOP("bundle", "is {kind}, not a model file"),
    "damaged_member": QT_TRANSLATE_NOOP("bundle", "the file is damaged: member {name} cannot be read ({reason})"),
    "encrypted_member": QT_TRANSLATE_NOOP("bundle", "member {name} is encrypted; LayerLab model files never are"),
    "compression_method": QT_TRANSLATE_NOOP("bundle", "member {name} is compressed with method {method}, which LayerLab model files never use"),
    "unexpected_member": QT_TRANSLATE_NOOP("bundle", "unexpected array {name} in the model file"),
    "member_too_large": QT_TRANSLATE_NOOP("bundle", "array {name} claims {size} bytes, far more than any model needs; refusing to open the file"),
    "too_much_data": QT_TRANSLATE_NOOP("bundle", "the arrays inside add up to {size} bytes, more than any model needs; refusing to open the file"),
    "too_many_members": QT_TRANSLATE_NOOP("bundle", "this is not a LayerLab model file ({count} arrays inside)"),
    "too_many_series": QT_TRANSLATE_NOOP("bundle", "the history holds {count} series; a model file has room for {most}"),
    "history_too_long": QT_TRANSLATE_NOOP("bundle", "history {name} has {length} values, more than this model can have recorded ({most})"),
    "history_ragged": QT_TRANSLATE_NOOP("bundle", "history {name} has {length} values, but the other per-epoch series have {epochs}"),
    "untrainable_design": QT_TRANSLATE_NOOP("bundle", "the design stored in the model file cannot be used: {finding}"),
    "too_large_values": QT_TRANSLATE_NOOP("bundle", "array {name} holds numbers too large to compute with (beyond ±3.4e38, the float32 range)"),
    "bad_normalisation": QT_TRANSLATE_NOOP("bundle", "normalisation {name} is {value}: inputs scaled by it are not numbers LayerLab can compute with"),
    "zero_scale": QT_TRANSLATE_NOOP("bundle", "normalisation scale is {value}: every input would look the same to the network"),
    "outputs_not_finite": QT_TRANSLATE_NOOP("bundle", "the model's outputs are not finite numbers (its weights are too large to compute with)"),
    "no_data_entry": QT_TRANSLATE_NOOP("bundle", "the model file does not say the classes of {data} (no data/class_names)"),
    "no_table_entry": QT_TRANSLATE_NOOP("bundle", "the model file does not say how the columns of {data} become its inputs (no data/columns)"),
    "bad_data_names": QT_TRANSLATE_NOOP("bundle", "{name} is not a list of names"),
    "bad_data_counts": QT_TRANSLATE_NOOP("bundle", "{name} is not a list of counts"),
    "table_mismatch": QT_TRANSLATE_NOOP("bundle", "the table's columns, kinds and categories do not agree"),
    "table_width": QT_TRANSLATE_NOOP("bundle", "the table's columns make {width} inputs, but the design takes {inputs}"),
    "input_misfit": QT_TRANSLATE_NOOP("bundle", "the design's input {shape} does not fit its data ({natural})"),
    "normalisation_shape": QT_TRANSLATE_NOOP("bundle", "normalisation {name} is not a number, nor one number per input"),
}

#: the English of every core.data.digits.DigitError code, after the file's path and ": "
DIGIT_TEMPLATES: dict[str, str] = {
    "cannot_read": QT_TRANSLATE_NOOP("digits", "cannot read the image ({reason})"),
    "folder": QT_TRANSLATE_NOOP("digits", "is a folder, not an image"),
    "file_too_large": QT_TRANSLATE_NOOP("digits", "the file is {size} MB; pictures up to {most} MB can be opened"),
    "too_many_pixels": QT_TRANSLATE_NOOP("digits", "the picture is {width}x{height} pixels, too large to open (at most {most} megapixels)"),
    "out_of_memory": QT_TRANSLATE_NOOP("digits", "not enough memory to open the picture"),
    "too_large": QT_TRANSLATE_NOOP("digits", "the picture is too large to open"),
    "not_image": QT_TRANSLATE_NOOP("digits", "not a picture LayerLab can read (use PNG, JPEG, BMP or GIF)"),
    "damaged": QT_TRANSLATE_NOOP("digits", "the picture is damaged or truncated ({reason})"),
    "not_regular": QT_TRANSLATE_NOOP("digits", "is {kind}, not a picture file"),
}


#: the English of every core.data.datasets.DataError code (the user's own data), after the file's path and ": "
DATA_TEMPLATES: dict[str, str] = {
    # a CSV table
    "cannot_read": QT_TRANSLATE_NOOP("data", "cannot read the file ({reason})"),
    "folder": QT_TRANSLATE_NOOP("data", "is a folder, not a CSV file"),
    "not_regular": QT_TRANSLATE_NOOP("data", "is {kind}, not a CSV file"),
    "file_too_large": QT_TRANSLATE_NOOP("data", "the file is {size} MB; tables up to {most} MB can be used"),
    "missing_file": QT_TRANSLATE_NOOP("data", "the file is not there (was it moved or renamed?)"),
    "binary": QT_TRANSLATE_NOOP("data", "this is not a text file, so not a CSV table (it holds binary data)"),
    "not_utf8": QT_TRANSLATE_NOOP("data", 'line {line} is not UTF-8 text; save the table as UTF-8 (in Excel: "CSV UTF-8")'),
    "empty": QT_TRANSLATE_NOOP("data", "the file is empty: a CSV table needs a header row and rows of data"),
    "ragged_row": QT_TRANSLATE_NOOP("data", "row {row} (line {line}) has {count} values, but the header names {columns} columns"),
    "too_many_rows": QT_TRANSLATE_NOOP("data", "the table has more than {most} rows, more than LayerLab trains on"),
    "too_many_values": QT_TRANSLATE_NOOP("data", "the table holds more than {most} values (rows times columns), more than LayerLab trains on; leave some rows or columns out"),
    "bad_csv": QT_TRANSLATE_NOOP("data", "line {line} cannot be read as CSV ({reason})"),
    "too_many_columns": QT_TRANSLATE_NOOP("data", "the table has {count} columns, more than the {most} LayerLab reads"),
    "no_header": QT_TRANSLATE_NOOP("data", "the first row holds numbers ({first}...), not column names: add a header row naming each column"),
    "no_header_values": QT_TRANSLATE_NOOP("data", "the first row holds values ({first}...), not column names: add a header row naming each column"),
    "unnamed_column": QT_TRANSLATE_NOOP("data", "column {column} of the header row has no name"),
    "long_name": QT_TRANSLATE_NOOP("data", "the name of column {column} is {length} characters long (at most {most})"),
    "duplicate_column": QT_TRANSLATE_NOOP("data", "two columns are called {column}: give each column its own name"),
    "not_a_number": QT_TRANSLATE_NOOP("data", "row {row}, column {column}: {value} is not a number"),
    "huge_number": QT_TRANSLATE_NOOP("data", "row {row}, column {column}: {value} is too large a number to compute with"),
    "stray_word": QT_TRANSLATE_NOOP("data", "row {row}, column {column}: {value} is not a number (the column's other values are numbers)"),
    "no_target": QT_TRANSLATE_NOOP("data", "there is no column called {target} to take the classes from; the columns are: {columns}"),
    "no_target_case": QT_TRANSLATE_NOOP("data", "there is no column called {target} to take the classes from (did you mean {near}?); the columns are: {columns}"),
    "no_feature": QT_TRANSLATE_NOOP("data", "there is no column called {column} (named in features)"),
    "target_feature": QT_TRANSLATE_NOOP("data", "{column} is the target column; it cannot be a feature too"),
    "no_features": QT_TRANSLATE_NOOP("data", "the table has no column besides {target}, so there is nothing to learn the classes from"),
    "too_many_categories": QT_TRANSLATE_NOOP("data", "column {column} holds {count} different texts, too many to learn from as categories (at most {most}); leave it out of the features"),
    "long_text": QT_TRANSLATE_NOOP("data", "column {column} holds a text of {length} characters (at most {most})"),
    "long_class": QT_TRANSLATE_NOOP("data", "column {column} holds a class name of {length} characters (at most {most})"),
    "too_many_inputs": QT_TRANSLATE_NOOP("data", "the features make {count} inputs, more than the {most} LayerLab can use; leave some columns out"),
    "one_class": QT_TRANSLATE_NOOP("data", "every row of column {column} holds {value}: one class only, so there is nothing to tell apart; a network needs at least two classes"),
    "too_many_classes": QT_TRANSLATE_NOOP("data", "column {column} holds {count} different classes (at most {most}); is it the right target column?"),
    "no_rows": QT_TRANSLATE_NOOP("data", "the table has a header but no rows of data"),
    "too_few_rows": QT_TRANSLATE_NOOP("data", "the table has only {count} row(s) of data; a network needs at least {least} rows to learn from"),
    "too_few_rows_gaps": QT_TRANSLATE_NOOP("data", "only {count} of {rows} rows have no gaps; a network needs at least {least} rows to learn from"),
    "gap_number": QT_TRANSLATE_NOOP("data", 'row {row}, column {column}: {value} is not a number; {count} of {rows} rows have gaps like this. Fill them in, or set "missing" to "drop" to leave those rows out'),
    "gap_value": QT_TRANSLATE_NOOP("data", 'row {row}, column {column}: the value is missing; {count} of {rows} rows have gaps like this. Fill them in, or set "missing" to "drop" to leave those rows out'),
    "gap_marked": QT_TRANSLATE_NOOP("data", 'row {row}, column {column}: {value} marks a missing value; {count} of {rows} rows have gaps like this. Fill them in, or set "missing" to "drop" to leave those rows out'),
    # rows read for a model
    "unknown_category": QT_TRANSLATE_NOOP("data", "row {row}, column {column}: {value} is not one of the values the model knows ({known})"),
    "unknown_class": QT_TRANSLATE_NOOP("data", "row {row}, column {column}: {value} is not a class the model knows ({known})"),
    "model_column": QT_TRANSLATE_NOOP("data", "the model reads column {column}, which this table does not have"),
    "all_gaps": QT_TRANSLATE_NOOP("data", "every row has a gap, so no row is left"),
    "no_rows_to_classify": QT_TRANSLATE_NOOP("data", "the table has a header but no rows to classify"),
    # a folder of pictures
    "cannot_read_folder": QT_TRANSLATE_NOOP("data", "cannot read the folder ({reason})"),
    "missing_folder": QT_TRANSLATE_NOOP("data", "the folder is not there (was it moved or renamed?)"),
    "not_a_folder": QT_TRANSLATE_NOOP("data", "is a file, not a folder: an image dataset is a folder with one sub-folder of pictures per class"),
    "empty_folder": QT_TRANSLATE_NOOP("data", "the folder is empty: put the pictures of each class in a sub-folder named after it"),
    "too_many_files": QT_TRANSLATE_NOOP("data", "the folder holds more than {most} files, more than LayerLab reads"),
    "too_many_class_folders": QT_TRANSLATE_NOOP("data", "there are {count} class folders, more than the {most} LayerLab tells apart"),
    "no_class_folders": QT_TRANSLATE_NOOP("data", "the folder holds {count} file(s) but no sub-folders: put the pictures of each class in a sub-folder named after it (for example cats/ and dogs/)"),
    "one_class_folder": QT_TRANSLATE_NOOP("data", "there is only one class folder ({name}): a network needs at least two classes to tell apart; add a sub-folder for each other class"),
    "no_files": QT_TRANSLATE_NOOP("data", "the class folders hold no files: put the pictures of each class in its folder"),
    "no_pictures": QT_TRANSLATE_NOOP("data", "none of the {count} files in the class folders is a picture LayerLab can read (PNG, JPEG, BMP or GIF)"),
    "no_pictures_seen": QT_TRANSLATE_NOOP("data", "the files in the class folders are not pictures LayerLab can read (PNG, JPEG, BMP or GIF)"),
    "test_class_unknown": QT_TRANSLATE_NOOP("data", "test/{name} is a class that train/ does not have"),
    "unknown_class_folder": QT_TRANSLATE_NOOP("data", "{name} is not a class the model knows ({known})"),
    "too_much_memory": QT_TRANSLATE_NOOP("data", "{count} pictures of {height}x{width} would take {memory} GB of memory, more than the {most} GB LayerLab allows; choose a smaller size"),
    "empty_class": QT_TRANSLATE_NOOP("data", "the class folder {name} holds no picture LayerLab can read"),
    "empty_train_class": QT_TRANSLATE_NOOP("data", "train/{name} holds no picture LayerLab can read"),
    "empty_test": QT_TRANSLATE_NOOP("data", "test/ holds no picture LayerLab can read"),
    "bad_picture": QT_TRANSLATE_NOOP("data", "{reason}"),
    "cancelled": QT_TRANSLATE_NOOP("data", "reading the data was cancelled"),
}


def _error_text(context: str, templates: dict[str, str], error: BaseException) -> str:
    """`error` (a core error with `code` and `params`) in the user's language; see `_coded_text`."""
    params = getattr(error, "params", None) or {}
    values = {key: _nested_text(key, value) for key, value in params.items()}
    return _coded_text(context, templates.get(getattr(error, "code", "")), _kind_words(values), params.get("path", ""), str(error))


def _nested_text(key: str, value):
    """A spec problem or a check finding carried in an error's params, in the user's language."""
    if key == "problem" and hasattr(value, "code"):
        return spec_problem_text(value)
    if key == "finding" and hasattr(value, "severity"):
        where = f"{value.path}: " if value.path else ""
        return where + finding_text(value)
    return value


def bundle_error_text(error: BaseException) -> str:
    """Why a model file cannot be used (core.io.bundle.BundleError), in the user's language."""
    return _error_text("bundle", BUNDLE_TEMPLATES, error)


def digit_error_text(error: BaseException) -> str:
    """Why a picture cannot be used (core.data.digits.DigitError), in the user's language."""
    return _error_text("digits", DIGIT_TEMPLATES, error)


def data_error_text(error: BaseException) -> str:
    """Why the user's own data cannot be used (core.data.datasets.DataError), in the user's
    language; a picture of a folder that is no picture is worded as the picture reader's."""
    params = getattr(error, "params", None) or {}
    if getattr(error, "code", "") == "bad_picture" and params.get("error") is not None:
        return digit_error_text(params["error"])
    return _error_text("data", DATA_TEMPLATES, error)


#: findings at these paths are shown on the input block
_INPUT_PATHS = ("input.shape", "dataset", "dataset_options")
INPUT_CARD = -1


def finding_card(finding) -> int | None:
    """Which block of the stack a finding belongs on: a layer index, INPUT_CARD, or None."""
    index = spec_paths.layer_index(finding.path)
    if index is not None:
        return index
    if finding.path.startswith(_INPUT_PATHS):
        return INPUT_CARD
    return None


def where_text(finding) -> str:
    """Where a finding is, in words: "Layer 3", "Input", "Loss", "Training"."""
    card = finding_card(finding)
    if card == INPUT_CARD:
        return QCoreApplication.translate("checks", "Input")
    if card is not None:
        return QCoreApplication.translate("checks", "Layer {number}").format(number=card + 1)
    if finding.path == "loss":
        return QCoreApplication.translate("checks", "Loss")
    if finding.path.startswith("training"):
        return QCoreApplication.translate("checks", "Training")
    return QCoreApplication.translate("checks", "Design")


__all__ = ["finding_text", "fix_text", "training_result_text", "training_headline", "problem_text", "spec_problem_text", "field_for_people", "SPEC_TEMPLATES", "bundle_error_text", "BUNDLE_TEMPLATES", "digit_error_text", "DIGIT_TEMPLATES", "data_error_text", "DATA_TEMPLATES", "finding_card", "where_text", "INPUT_CARD"]
