"""Findings about a design and their one-click fixes, worded from templates.

Every message comes from a template in `TEMPLATES` (and every fix label from
`FIX_LABELS`), keyed by a `code` and formatted with the finding's `args`, so an
interface can translate the template and format it again. `core.design.checks`
owns the templates of the checks that concern the whole design; each layer type
brings its own (`LayerType.templates`), which join these tables when it registers.
No Qt here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
#: what a fix does at its path: set a value, insert a layer (value: its JSON), remove a layer
FixAction = Literal["set", "insert", "remove"]

#: finding code -> message template (str.format, with the finding's args)
TEMPLATES: dict[str, str] = {}
#: fix code -> label template
FIX_LABELS: dict[str, str] = {}


@dataclass
class Fix:
    """A one-click edit of the design at the spec path `path` (see `core.design.checks.apply_fix`):
    set `value` there, insert the layer `value` (JSON) before ``layers[i]``, or remove ``layers[i]``."""

    label: str
    path: str
    value: Any
    #: key into FIX_LABELS, and the values its template is formatted with
    code: str = ""
    args: dict[str, Any] = field(default_factory=dict)
    action: FixAction = "set"


@dataclass
class Finding:
    severity: Severity
    #: the spec field it is about ("layers[3].units"), "" for the whole design
    path: str
    message: str
    fix: Fix | None = None
    #: key into TEMPLATES, and the values its template is formatted with
    code: str = ""
    args: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.severity}: {where}{self.message}"


def fix(code: str, path: str, value: Any, *, action: FixAction = "set", **args: Any) -> Fix:
    return Fix(FIX_LABELS[code].format(**args), path, value, code, args, action)


def finding(severity: Severity, code: str, path: str, fix: Fix | None = None, **args: Any) -> Finding:
    return Finding(severity, path, TEMPLATES[code].format(**args), fix, code, args)


def plain_number(x: float) -> str:
    """0.00001 rather than 1e-05: learners read decimals, not exponents."""
    if x == 0 or 1e-9 <= abs(x) < 1e15:
        text = f"{x:.12f}".rstrip("0").rstrip(".")
        return text if text not in ("", "-0") else "0"
    return f"{x:g}"


__all__ = ["Severity", "FixAction", "TEMPLATES", "FIX_LABELS", "Fix", "Finding", "fix", "finding", "plain_number"]
