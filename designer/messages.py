"""The words of core.checks findings and fixes, translated for the screen.

`core.checks` keeps every message as an English template keyed by a code, with the
values to fill in; here the template is translated (context "checks") before it is
filled, so a translation can reorder the words. Unknown codes fall back to the
finding's own English message.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from designer import spec_paths


def _fill(template: str | None, args: dict, fallback: str) -> str:
    if not template:
        return fallback
    if isinstance(args.get("title"), str):  # a dataset's title: "Spirals" has a name in every language
        from designer.names import tr

        args = {**args, "title": tr(args["title"])}
    try:
        return QCoreApplication.translate("checks", template).format(**args)
    except (KeyError, IndexError, ValueError):
        return fallback


def finding_text(finding) -> str:
    """"The last layer needs 10 units: MNIST has 10 classes." in the user's language."""
    from core.checks import TEMPLATES

    return _fill(TEMPLATES.get(finding.code), finding.args, finding.message)


def fix_text(fix) -> str:
    """"Set units to 10" in the user's language."""
    from core.checks import FIX_LABELS

    return _fill(FIX_LABELS.get(fix.code), fix.args, fix.label)


def problem_text(design, error: BaseException) -> str:
    """Why `design` could not be built, in the user's language: its first check error when it
    has one (the exception's own text is the core's English), else the exception's text."""
    from core.checks import check_design, errors

    found = errors(check_design(design))
    return finding_text(found[0]) if found else str(error)


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


__all__ = ["finding_text", "fix_text", "problem_text", "finding_card", "where_text", "INPUT_CARD"]
