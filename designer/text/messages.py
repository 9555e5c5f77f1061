"""The words of core.design.checks findings and fixes, translated for the screen.

`core.design.checks` keeps every message as an English template keyed by a code, with the
values to fill in; here the template is translated (context "checks") before it is
filled, so a translation can reorder the words. Unknown codes fall back to the
finding's own English message.

`core.design.spec` problems work the same way (context "spec"): each carries a `code` and the
`params` its English message was made from; `SPEC_TEMPLATES` holds the English template
of every code, marked for translation, and `spec_problem_text` fills in the translated one.
So do core.io.bundle.BundleError (context "bundle", `bundle_error_text`) and core.data.digits.DigitError
(context "digits", `digit_error_text`), whose `params["path"]` is put before the words as it is.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.design import paths as spec_paths


def _fill(template: str | None, args: dict, fallback: str) -> str:
    """A check's finding or fix in the user's language (see `_coded_text`)."""
    if template and isinstance(args.get("title"), str):  # a dataset's title: "Spirals" has a name in every language
        from designer.text.names import tr

        args = {**args, "title": tr(args["title"])}
    return _coded_text("checks", template, args, "", fallback)


def finding_text(finding) -> str:
    """"The last layer needs 10 units: MNIST has 10 classes." in the user's language."""
    from core.design.checks import TEMPLATES

    return _fill(TEMPLATES.get(finding.code), finding.args, finding.message)


def fix_text(fix) -> str:
    """"Set units to 10" in the user's language."""
    from core.design.checks import FIX_LABELS

    return _fill(FIX_LABELS.get(fix.code), fix.args, fix.label)


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
    "size_pair": QT_TRANSLATE_NOOP("spec", "must be a positive integer or a list of two, [height, width], got {got}"),
    "padding_value": QT_TRANSLATE_NOOP("spec", 'must be a non-negative integer or "same", got {got}'),
    "needs_version": QT_TRANSLATE_NOOP("spec", 'a {title} layer needs format version {needed} or later, but the file says version {version}: set "version" to {newest}'),
}

#: the words core.design.spec uses for a value it does not quote ("got a list")
_SPEC_VALUE_WORDS = (
    QT_TRANSLATE_NOOP("spec", "a list"),
    QT_TRANSLATE_NOOP("spec", "an object"),
    QT_TRANSLATE_NOOP("spec", "a number with more than 100 digits"),
)


def spec_problem_text(problem) -> str:
    """"layers[2].units: must be a positive integer, got -3" in the user's language (the path
    stays as it is: it names a field of the file). Unknown codes: the problem's English."""
    params = {
        key: QCoreApplication.translate("spec", value) if isinstance(value, str) and value in _SPEC_VALUE_WORDS else value
        for key, value in problem.params.items()
    }
    return _coded_text("spec", SPEC_TEMPLATES.get(problem.code), params, problem.path, str(problem))


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
    "no_entry": QT_TRANSLATE_NOOP("bundle", "this is not a LayerLab model file (no {key} entry)"),
    "format_marker": QT_TRANSLATE_NOOP("bundle", "this is not a LayerLab model file (its format marker is not {format})"),
    "newer_version": QT_TRANSLATE_NOOP("bundle", "this model file is format version {version}, but this LayerLab reads version {supported} at most; please update LayerLab"),
    "invalid_design": QT_TRANSLATE_NOOP("bundle", "the design stored in the model file is invalid: {problem}"),
    "unexpected_array": QT_TRANSLATE_NOOP("bundle", "unexpected array {name}: the design has no such weights"),
    "wrong_dtype": QT_TRANSLATE_NOOP("bundle", "array {name} holds {dtype} values, but weights must be float32 or float64"),
    "wrong_shape": QT_TRANSLATE_NOOP("bundle", "array {name} has shape {shape} but the design needs {expected}"),
    "missing_array": QT_TRANSLATE_NOOP("bundle", "array {name} is missing (the design's layer {layer} needs it)"),
    "not_finite": QT_TRANSLATE_NOOP("bundle", "array {name} contains NaN or infinite values (did training diverge?)"),
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
}


def _error_text(context: str, templates: dict[str, str], error: BaseException) -> str:
    """`error` (a core error with `code` and `params`) in the user's language; see `_coded_text`."""
    params = getattr(error, "params", None) or {}
    values = {key: spec_problem_text(value) if key == "problem" and hasattr(value, "code") else value for key, value in params.items()}
    return _coded_text(context, templates.get(getattr(error, "code", "")), values, params.get("path", ""), str(error))


def bundle_error_text(error: BaseException) -> str:
    """Why a model file cannot be used (core.io.bundle.BundleError), in the user's language."""
    return _error_text("bundle", BUNDLE_TEMPLATES, error)


def digit_error_text(error: BaseException) -> str:
    """Why a picture cannot be used (core.data.digits.DigitError), in the user's language."""
    return _error_text("digits", DIGIT_TEMPLATES, error)


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


__all__ = ["finding_text", "fix_text", "problem_text", "spec_problem_text", "SPEC_TEMPLATES", "bundle_error_text", "BUNDLE_TEMPLATES", "digit_error_text", "DIGIT_TEMPLATES", "finding_card", "where_text", "INPUT_CARD"]
