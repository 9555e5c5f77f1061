"""The interface language: which translations to load, and the user's choice of language.

LayerLab is written in English; ``resources/translations/layerlab_<code>.qm`` (made by
``scripts/update_translations.py``) translates it. The language follows the system
locale unless the user picked one in Preferences (kept in QSettings) or the
environment variable LAYERLAB_LANGUAGE names one (scripts, screenshots). Qt's own
words (the standard dialog buttons) come from Qt's ``qtbase_<code>.qm``.

Widgets set their texts when they are built, so the language is installed once,
before the first window, and a change made in Preferences applies at the next start.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from core.io.resources import translations_dir

TRANSLATIONS_DIR = translations_dir()
SETTINGS_KEY = "ui/language"
ENV_LANGUAGE = "LAYERLAB_LANGUAGE"
#: the language the sources are written in: needs no translation file
SOURCE_LANGUAGE = "en"
#: every language LayerLab has words for, named in its own language (never translated)
LANGUAGES = {"en": "English", "ja": "日本語"}

#: the translators installed now; kept referenced, or Python would free them while Qt uses them
_installed: list[QTranslator] = []


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"layerlab_{language}.qm"


def available_languages() -> dict[str, str]:
    """The languages the interface can be shown in: English, and those whose .qm ships."""
    return {code: name for code, name in LANGUAGES.items() if code == SOURCE_LANGUAGE or qm_path(code).is_file()}


def system_ui_languages() -> list[str]:
    """The system's preferred languages, most preferred first ("ja-JP", "en-US"...)."""
    return list(QLocale.system().uiLanguages())


def system_language() -> str:
    """The first of the system's preferred languages LayerLab speaks, else English."""
    available = available_languages()
    for tag in system_ui_languages():
        code = tag.replace("_", "-").split("-")[0].lower()
        if code in available:
            return code
    return SOURCE_LANGUAGE


def chosen_language() -> str:
    """The language the user asked for ("" to follow the system): LAYERLAB_LANGUAGE, else Preferences."""
    env = os.environ.get(ENV_LANGUAGE, "").strip().lower()
    if env:
        return env
    return str(QSettings().value(SETTINGS_KEY, "") or "")


def set_chosen_language(language: str) -> None:
    """Remember the user's choice for the next start ("" follows the system)."""
    settings = QSettings()
    if language:
        settings.setValue(SETTINGS_KEY, language)
    else:
        settings.remove(SETTINGS_KEY)


def resolve_language(choice: str | None = None) -> str:
    """The language to show: `choice` (default: the user's) when LayerLab has it, else the system's."""
    choice = chosen_language() if choice is None else choice
    return choice if choice in available_languages() else system_language()


def current_language() -> str:
    """The language installed now ("en" before `install`)."""
    app = QCoreApplication.instance()
    value = app.property("language") if app is not None else None
    return str(value) if value else SOURCE_LANGUAGE


def install(language: str | None = None) -> str:
    """Install the translations for `language` (default: `resolve_language()`), replacing any
    installed before; returns the language now shown.

    Numbers and dates follow the system locale; only when the user chose a language other
    than the system's (Preferences, LAYERLAB_LANGUAGE, or the argument) do they follow that
    language instead, so that they read naturally among its words."""
    app = QCoreApplication.instance()
    chosen = language is not None or chosen_language() in available_languages()
    language = resolve_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != SOURCE_LANGUAGE:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{language}", qt_dir), (f"layerlab_{language}", str(TRANSLATIONS_DIR))):
            translator = QTranslator(app)
            if translator.load(name, folder):  # a missing qtbase file only leaves Qt's buttons in English
                app.installTranslator(translator)
                _installed.append(translator)
    system = QLocale.system()
    same = system.language() in (QLocale(language).language(), QLocale.Language.C if language == SOURCE_LANGUAGE else None)
    QLocale.setDefault(QLocale(language) if chosen and not same else system)
    _use_font_for(language)
    # designer.text.names.ui_language() reads this to pick designs' translated names
    app.setProperty("language", "" if language == SOURCE_LANGUAGE else language)
    return language


#: fonts that draw Japanese and Latin letters and digits alike, best first (a UI font of the
#: system where there is one; IPA P Gothic is what the Linux packages install)
JAPANESE_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI",
                  "Meiryo UI", "Meiryo", "IPAPGothic", "IPAexGothic", "IPAGothic", "TakaoPGothic", "VL PGothic")
_FONTS = {"ja": JAPANESE_FONTS}
#: the application's font before a language chose another one
_default_font = None


def font_family_for(language: str) -> str | None:
    """The installed font family the interface uses in `language`, or None for Qt's default.

    With the default font, Japanese text mixes two: its kana and kanji come from a
    Japanese fallback font, its digits and Latin letters ("MNIST", "512") from the
    default one. One Japanese font draws them all alike."""
    preferred = _FONTS.get(language)
    if not preferred:
        return None
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    for family in preferred:
        if family in families:
            return family
    japanese = QFontDatabase.WritingSystem.Japanese
    return next((f for f in sorted(families) if japanese in QFontDatabase.writingSystems(f)), None)


def _use_font_for(language: str) -> None:
    """Set the application font for `language` (Qt's default again for the others)."""
    global _default_font
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    if not isinstance(QCoreApplication.instance(), QApplication):
        return
    if _default_font is None:
        _default_font = QFont(QApplication.font())
    family = font_family_for(language)
    font = QFont(_default_font)
    if family is not None:
        font.setFamilies([family, *_default_font.families()])
    QApplication.setFont(font)


__all__ = [
    "LANGUAGES", "SETTINGS_KEY", "ENV_LANGUAGE", "SOURCE_LANGUAGE", "TRANSLATIONS_DIR", "available_languages",
    "system_language", "chosen_language", "set_chosen_language", "resolve_language", "current_language", "install",
    "qm_path", "font_family_for", "JAPANESE_FONTS",
]
