#!/usr/bin/env python3
"""Refresh the translation sources from the code, then compile them for the app.

    python scripts/update_translations.py            # update the .ts files, then build the .qm files
    python scripts/update_translations.py --release  # only build the .qm files from the .ts files

pyside6-lupdate reads every module under designer/ and main.py and updates
resources/translations/layerlab_<lang>.ts: new texts are added unfinished, texts no
longer in the code are dropped, every translation already made is kept. Translate
the unfinished ones (Qt Linguist: pyside6-linguist FILE.ts), run this again, and
ship both files. pyside6-lrelease then writes layerlab_<lang>.qm, which
designer/text/i18n.py loads.

Some words the designer shows come from core/ (the check messages, dataset and
class names), which has no Qt and so no translation marks. This script writes
them into a temporary file of QT_TRANSLATE_NOOP marks for lupdate, in the contexts
the designer translates them in ("checks", "names", "training").
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("ja",)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: next to this Python (a venv), else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"error: {name} not found (pip install PySide6-Essentials)")
    return found


def core_marks() -> str:
    """Python source marking core's user-visible texts for translation, as the designer looks them up."""
    from core.data.catalog import DATASET_INFO, DATASET_KINDS
    from core.design.checks import FIX_LABELS, TEMPLATES
    from core.layer_types import LAYER_TYPES
    from core.nn.activations import ACTIVATIONS
    from core.nn.initializers import INITIALIZERS
    from core.nn.losses import LOSSES
    from core.nn.optimizers import OPTIMIZERS
    from core.train.loop import HEADLINES, RESULT_TEMPLATES
    from core.train.schedules import SCHEDULES

    checks = dict.fromkeys([*TEMPLATES.values(), *FIX_LABELS.values()])
    names: dict[str, None] = {}
    for t in LAYER_TYPES.values():
        names.update(dict.fromkeys(x for x in (t.title, t.blurb) if x))
        for f in t.fields:
            # the field's name, its form label with a mnemonic, and its tooltip
            names.update(dict.fromkeys(x for x in (f.label, f"&{f.label}" if f.label else "", f.tip, f.none_label) if x))
    for registry in (ACTIVATIONS, LOSSES):
        for entry in registry.values():
            names.update(dict.fromkeys((entry.title, entry.tip)))
    for activation in ACTIVATIONS.values():
        names.update(dict.fromkeys(x for x in (activation.word, activation.explanation) if x))
    for loss in LOSSES.values():
        names.update(dict.fromkeys(x for x in (loss.word, loss.explanation) if x))
    for registry in (OPTIMIZERS, INITIALIZERS):
        names.update(dict.fromkeys(entry.title for entry in registry.values()))
    for kind in DATASET_KINDS.values():
        names[kind.title] = None
        for option in kind.options:
            names.update(dict.fromkeys(x for x in (option.label, option.tip, *option.choice_labels) if x))
    names.update(dict.fromkeys(o.tip for o in OPTIMIZERS.values() if o.tip))
    for schedule in SCHEDULES.values():
        names.update(dict.fromkeys((schedule.title, schedule.tip)))
        for f in schedule.params:
            names.update(dict.fromkeys(x for x in (f.label, f.tip) if x))
    for info in DATASET_INFO.values():
        names[info.title] = None
        for class_name in info.class_names:
            if not class_name.isdigit():
                names[class_name] = None
    lines = ["from PySide6.QtCore import QT_TRANSLATE_NOOP", ""]
    lines += [f"QT_TRANSLATE_NOOP(\"checks\", {json.dumps(text, ensure_ascii=False)})" for text in checks]
    lines += [f"QT_TRANSLATE_NOOP(\"names\", {json.dumps(text, ensure_ascii=False)})" for text in names]
    lines += [f"QT_TRANSLATE_NOOP(\"training\", {json.dumps(text, ensure_ascii=False)})" for text in (*RESULT_TEMPLATES.values(), *HEADLINES.values())]
    return "\n".join(lines) + "\n"


def sources() -> list[Path]:
    return sorted((ROOT / "designer").rglob("*.py")) + [ROOT / "main.py"]


def update(ts: Path, language: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        marks = Path(tmp) / "core_texts.py"
        marks.write_text(core_marks(), encoding="utf-8")
        # -locations none: no line numbers, so the .ts changes only when a text does
        subprocess.run([tool("pyside6-lupdate"), *map(str, sources()), str(marks), "-ts", str(ts),
                        "-no-obsolete", "-locations", "none", "-source-language", "en", "-target-language", language],
                       check=True)
    # lupdate takes "#:" comments for notes to the translator; here they document attributes
    text = ts.read_text(encoding="utf-8")
    ts.write_text(re.sub(r"\n *<extracomment>.*?</extracomment>", "", text, flags=re.DOTALL), encoding="utf-8")


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--release", action="store_true", help="only compile the .ts files into .qm files")
    args = p.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"layerlab_{language}.ts"
        if not args.release:
            update(ts, language)
        release(ts, ts.with_suffix(".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
