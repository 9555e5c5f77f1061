"""The Japanese interface: the shipped translation files, the language choice, and a walk
through every page of the main window in Japanese that finds no English left."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from designer.text import i18n

from tests.designer.design_helpers import MNIST_EXAMPLE, ROOT, no_dialogs, window  # noqa: F401
from tests.designer.layout_helpers import fully_visible
from tests.designer.visible_texts import english_texts, english_words, menu_texts, visible_texts

TS = ROOT / "resources" / "translations" / "layerlab_ja.ts"
QM = TS.with_suffix(".qm")
FIELD = re.compile(r"\{[^{}]*\}")


def messages(path=None) -> list[tuple[str, ET.Element]]:
    """(context, <message>) for every message of a .ts file (default: the shipped one)."""
    root = ET.parse(path or TS).getroot()
    return [(ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")]


def finished(message: ET.Element) -> bool:
    t = message.find("translation")
    return t is not None and t.get("type") not in ("unfinished", "vanished", "obsolete") and bool("".join(t.itertext()).strip())


def update_script():
    """scripts/update_translations.py as a module: its lupdate and lrelease steps."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------- the shipped files


def test_the_shipped_qm_is_built_from_the_ts(tmp_path):
    """layerlab_ja.qm says what layerlab_ja.ts says now (after editing the .ts, run
    python scripts/update_translations.py): byte for byte what pyside6-lrelease makes of it,
    or, should another lrelease version write other bytes, the same translation for every message."""
    out = tmp_path / "fresh.qm"
    subprocess.run([update_script().tool("pyside6-lrelease"), str(TS), "-qm", str(out)], check=True, capture_output=True)
    if out.read_bytes() == QM.read_bytes():
        return
    from PySide6.QtCore import QTranslator

    shipped = QTranslator()
    assert shipped.load(str(QM))
    stale = []
    for context, m in messages():
        source = m.findtext("source")
        t = m.find("translation")
        expected = ([f.text or "" for f in t.iter("numerusform")] or [t.text or ""])[0] if finished(m) else ""
        got = shipped.translate(context, source, m.findtext("comment"), 1 if m.get("numerus") == "yes" else -1)
        if got != expected:
            stale.append((context, source))
    assert stale == [], "run: python scripts/update_translations.py --release"


def test_at_least_95_percent_of_the_messages_are_translated():
    found = messages()
    done = sum(finished(m) for _, m in found)
    assert len(found) > 500
    assert done / len(found) >= 0.95, f"{done} of {len(found)} translated"


def test_the_ts_covers_what_the_code_shows_now(tmp_path):
    """lupdate over today's sources (what scripts/update_translations.py runs) keeps 95 % translated:
    texts added to the code since the .ts was last updated are few."""
    copy = tmp_path / "layerlab_ja.ts"
    copy.write_bytes(TS.read_bytes())
    update_script().update(copy, "ja")
    found = messages(copy)
    done = sum(finished(m) for _, m in found)
    assert done / len(found) >= 0.95, [m.findtext("source") for _, m in found if not finished(m)]


def test_translations_keep_fields_accelerators_and_plural_marks():
    problems = []
    for context, m in messages():
        if not finished(m):
            continue
        source = m.findtext("source")
        t = m.find("translation")
        forms = [f.text or "" for f in t.iter("numerusform")] or [t.text or ""]
        for text in forms:
            if sorted(FIELD.findall(source)) != sorted(FIELD.findall(text)):
                problems.append((context, source, text, "fields"))
            if source.count("%n") != text.count("%n"):
                problems.append((context, source, text, "%n"))
            if ("&" in source.replace("&&", "")) != ("&" in text.replace("&&", "")):
                problems.append((context, source, text, "accelerator"))
            if re.search(r"&\w", source.replace("&&", "")) and not re.search(r"\(&[A-Z]\)", text):
                problems.append((context, source, text, "Japanese accelerators read (&X)"))
    assert problems == []


def test_the_words_core_keeps_are_in_the_ts():
    """Check messages and dataset names come from core (no Qt there); the update script adds them."""
    from core.data.catalog import DATASET_INFO, DATASET_KINDS
    from core.design.checks import FIX_LABELS, TEMPLATES
    from core.train.loop import HEADLINES, RESULT_TEMPLATES

    have = {(ctx, m.findtext("source")) for ctx, m in messages() if finished(m)}
    wanted = {("checks", t) for t in [*TEMPLATES.values(), *FIX_LABELS.values()]}
    wanted |= {("training", t) for t in [*RESULT_TEMPLATES.values(), *HEADLINES.values()]}
    wanted |= {("names", info.title) for info in DATASET_INFO.values()}
    # the kinds of dataset, and the words of the own-data options' form
    wanted |= {("names", kind.title) for kind in DATASET_KINDS.values()}
    wanted |= {("names", t) for kind in DATASET_KINDS.values() for o in kind.options for t in (o.label, o.tip, *o.choice_labels)}
    assert sorted(wanted - have) == []


def test_the_allowlist_check_itself():
    assert english_words("学習率 (&L): Adam, ReLU, 0.001") == []
    assert english_words("学習できます: Ready") == ["Ready"]
    assert english_words("<b>MNIST</b> の画像 /usr/share/datasets") == []


# ---------------------------------------------------------------------- choosing the language



def test_the_language_follows_the_system_then_the_preference_then_the_environment(qapp, monkeypatch):
    from designer.window.main_window import setup_identity

    setup_identity()
    monkeypatch.delenv(i18n.ENV_LANGUAGE, raising=False)
    monkeypatch.setattr(i18n, "system_ui_languages", lambda: ["ja-JP", "en-US"])
    assert i18n.resolve_language() == "ja"
    monkeypatch.setattr(i18n, "system_ui_languages", lambda: ["de-DE", "fr-FR"])
    assert i18n.resolve_language() == "en"  # no German words: English
    i18n.set_chosen_language("ja")
    assert QSettings().value(i18n.SETTINGS_KEY) == "ja" and i18n.resolve_language() == "ja"
    monkeypatch.setenv(i18n.ENV_LANGUAGE, "en")
    assert i18n.resolve_language() == "en"
    monkeypatch.setenv(i18n.ENV_LANGUAGE, "xx")
    assert i18n.resolve_language() == "en"  # unknown: the system's
    i18n.set_chosen_language("")
    assert QSettings().value(i18n.SETTINGS_KEY) is None


def test_installing_japanese_translates_and_english_restores(japanese):
    assert QCoreApplication.translate("MainWindow", "&File") == "ファイル(&F)"
    assert QCoreApplication.translate("checks", "Set units to {units}") == "ニューロン数を {units} にする"
    from designer.text import names
    assert names.ui_language() == "ja" and names.loss_title("cross_entropy") == "交差エントロピー誤差"
    assert names.class_names_for("fashion-mnist", 10)[0] == "Tシャツ/トップス"
    assert names.class_names_for("spirals", 2) == ("クラス 0", "クラス 1")
    i18n.install("en")
    assert QCoreApplication.translate("MainWindow", "&File") == "&File" and names.ui_language() == ""
    i18n.install("ja")


def test_a_fix_and_a_blown_up_run_read_as_japanese(japanese):
    from core.design.checks import Fix
    from core.train.loop import History, TrainingResult, failure_parts
    from designer.text.messages import fix_text, training_headline, training_result_text

    fix = Fix("Set activation to relu", "layers[0].activation", "relu", "activation", {"activation": "relu"})
    assert fix_text(fix) == "活性化関数を ReLU にする"  # the menu's name, not the key "relu"
    parts, args = failure_parts("exploded", {"epoch": 1, "loss": 2973402446497.0, "start": 2.42, "factor": 10.0},
                                learning_rate=10.0, kept_epochs=0)
    text = training_result_text(TrainingResult("exploded", History(), "English", parts=parts, args=args))
    assert text.startswith("学習を止めました: 損失が爆発しました。エポック 1 の平均は 2,973,402,446,497")
    assert "学習率 (10) が高すぎる" in text and "1 を試して" in text and "残せる学習済みモデルはありません" in text
    assert "。 " not in text  # no space between Japanese sentences
    assert training_headline(TrainingResult("exploded", History())) == "学習が破綻しました: 損失が爆発しました。"
    assert training_headline(TrainingResult("something new", History())) == "学習がうまくいきませんでした。"
    parts, args = failure_parts("dead", {"epoch": 2, "accuracy": 0.098, "layer": 1}, learning_rate=10.0, kept_epochs=1)
    text = training_result_text(TrainingResult("dead", History(), "English", parts=parts, args=args))
    assert "第 2 層のどのニューロンも" in text and "9.8 %" in text and "エポック 1 の重みを残してあります" in text


def test_qt_dialog_buttons_are_japanese_too(japanese):
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtWidgets import QDialogButtonBox

    if not (os.path.isfile(os.path.join(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_ja.qm"))):
        pytest.skip("this Qt has no qtbase_ja.qm")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "").startswith("キャンセル")


def test_numbers_follow_the_locale(japanese):
    from designer.text.names import format_count

    assert QLocale().language() == QLocale.Language.Japanese  # chosen, not the system's (C here)
    assert format_count(1234567) == "1,234,567"
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert format_count(1234567) == "1.234.567"


def test_the_preferences_dialog_stores_the_language_for_the_next_start(window, qtbot, monkeypatch):
    monkeypatch.delenv(i18n.ENV_LANGUAGE, raising=False)
    assert window.preferences_action.shortcut() == QKeySequence("Ctrl+,")
    assert window.preferences_action in window.menuBar().actions()[1].menu().actions()  # Edit
    window.preferences_action.trigger()
    dialog = window._preferences_dialog
    qtbot.waitExposed(dialog)
    combo = dialog.language_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "en", "ja"]
    assert combo.itemText(2) == "日本語" and combo.currentData() == ""
    assert not dialog.restart_note.isVisible()  # the system's language (English) is shown already
    combo.setCurrentIndex(2)
    assert dialog.restart_note.isVisible()  # "used the next time LayerLab starts"
    dialog.accept()
    assert QSettings().value(i18n.SETTINGS_KEY) == "ja"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"  # nothing changes before the restart
    i18n.set_chosen_language("")


def test_main_py_starts_in_the_chosen_language():
    """The whole path: app.py installs the translator before the window (title: the example's Japanese name)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LAYERLAB_STARTUP_PROBE="1", LAYERLAB_NO_RESTORE_PROMPT="1",
               LAYERLAB_LANGUAGE="ja", PYTHONIOENCODING="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].endswith("MNIST 多層パーセプトロン — LayerLab")


# ---------------------------------------------------------------------- the whole window in Japanese


@pytest.fixture
def japanese_window(japanese, qtbot, tmp_path, monkeypatch, no_dialogs):
    from core.data import datasets
    from designer.document.recent_files import clear_recent_files
    from designer.window.main_window import MainWindow

    monkeypatch.setattr(datasets, "SYSTEM_DATA_DIR", tmp_path / "system")  # no dataset here: its message shows too
    clear_recent_files()  # file names are the user's words, not the interface's
    w = MainWindow()
    w.files.load_default_design()
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.document.set_read_only(False)
    w.document.undo_stack.setClean()
    w.explore_page.stop_and_wait(5000)
    w.before_close.clear()
    w.close()
    w.deleteLater()


def settle(qtbot, ms: int = 150) -> None:
    qtbot.wait(ms)
    QApplication.processEvents()


def test_every_page_of_the_window_in_japanese_has_no_english_left(japanese_window, qtbot):
    """Every tab (Explore's panels and the Test page's tabs included), the menus, the toolbar, the
    status bar, the layer cards and the preferences: only Japanese, numbers, symbols and proper names."""
    w = japanese_window
    assert w.windowTitle() == "MNIST 多層パーセプトロン[*] — LayerLab"
    found = menu_texts(w.menuBar())
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        settle(qtbot)
        page = w.pages()[i]
        inner = getattr(page, "tabs", None)
        for j in range(inner.count() if inner is not None else 1):
            if inner is not None:
                inner.setCurrentIndex(j)
            settle(qtbot, 300)
            found += visible_texts(w)
    for card in w.design_page.stack.cards:
        found += [("layer card", text) for text in (card.title, card.detail, card.info, *card.messages)]
    from designer.pages.design.palette import BLURB_ROLE

    found += [("palette blurb", w.design_page.palette_view.item(i).data(BLURB_ROLE))
              for i in range(w.design_page.palette_view.count())]
    w.show_preferences()
    found += visible_texts(w._preferences_dialog)
    w._preferences_dialog.reject()
    w.show_shortcuts()
    found += visible_texts(w._shortcuts_box)
    w._shortcuts_box.close()
    assert len(found) > 300
    assert english_texts(found) == []


def test_the_design_name_and_the_menus_show_their_whole_japanese_text(japanese_window, qtbot):
    """The Name field cut "MNIST 多層パーセプトロン" off after a few characters."""
    settings = japanese_window.design_page.settings
    settle(qtbot)
    name = settings.name_edit
    assert name.text() == "MNIST 多層パーセプトロン"
    assert fully_visible(name)
    assert name.fontMetrics().horizontalAdvance(name.text()) + 12 <= name.width()
    for combo in (settings.dataset_combo, settings.loss_combo):
        assert combo.fontMetrics().horizontalAdvance(combo.currentText()) + 30 <= combo.width(), combo.currentText()


def test_japanese_text_is_drawn_in_one_font_digits_included(japanese_window):
    """With Qt's default font, kana came from a Japanese fallback font and the digits among
    them ("第 1 層", "512 ニューロン") from the default one: two fonts in one line."""
    from PySide6.QtGui import QFontDatabase, QFontInfo

    family = i18n.font_family_for("ja")
    assert family is not None, "no Japanese font installed (fonts-ipafont-gothic or fonts-noto-cjk)"
    systems = QFontDatabase.writingSystems(family)
    assert QFontDatabase.WritingSystem.Japanese in systems and QFontDatabase.WritingSystem.Latin in systems
    heading = japanese_window.design_page.properties.heading
    assert QFontInfo(heading.font()).family() == family
    assert QFontInfo(QApplication.font()).family() == family
    i18n.install("en")
    try:
        assert QFontInfo(QApplication.font()).family() != family  # English keeps Qt's default font
    finally:
        i18n.install("ja")


def test_the_examples_menu_and_a_loaded_example_are_in_japanese(japanese_window):
    w = japanese_window
    w.examples_menu.aboutToShow.emit()
    titles = [a.text() for a in w.examples_menu.actions()]
    assert "MNIST 多層パーセプトロン" in titles and "2 本のらせん" in titles
    assert all(not english_words(t) for t in titles), titles
    assert w.design_page.settings.name_edit.text() == "MNIST 多層パーセプトロン"
    assert w.files.load_example(MNIST_EXAMPLE, ask=False)
    assert w.statusBar().currentMessage() == "例題「MNIST 多層パーセプトロン」を読み込みました"


def test_restart_now_asks_about_unsaved_work_then_starts_again_on_the_same_file(window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtCore import QProcess
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.delenv(i18n.ENV_LANGUAGE, raising=False)
    started = []
    monkeypatch.setattr(QProcess, "startDetached", lambda program, args: started.append((program, list(args))) or True)
    path = tmp_path / "mine.json"
    window.files.save_as(path)
    window.document.set_value("name", "Changed")

    window.show_preferences()
    dialog = window._preferences_dialog
    qtbot.waitExposed(dialog)
    assert not dialog.restart_button.isVisible()  # nothing to restart for yet
    dialog.language_combo.setCurrentIndex(2)  # 日本語
    assert dialog.restart_button.isVisible()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    dialog.restart_button.click()
    assert QSettings().value(i18n.SETTINGS_KEY) == "ja"  # the choice is kept either way
    assert started == [] and window.isVisible()  # Cancel: no restart, nothing lost

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.restart()
    assert not window.isVisible()
    assert started and started[0][0] == sys.executable and started[0][1][-1] == str(path)
    i18n.set_chosen_language("")


def test_a_cnn_in_japanese_has_no_english_left(japanese_window, qtbot):
    """The image layers' cards, property editors, notes and problems in Japanese."""
    from core.design import spec
    from core.layer_types.conv2d import Conv2DSpec
    from core.layer_types.pooling import AvgPool2DSpec

    w = japanese_window
    assert w.files.load_example(ROOT / "resources" / "examples" / "mnist_cnn.json", ask=False)
    assert w.windowTitle().startswith("MNIST 畳み込みニューラルネットワーク")
    design = w.document.design.copy()
    # every kind of image layer and field value, and problems with their fixes
    design.layers[1] = AvgPool2DSpec([2, 3], 1)
    design.layers.insert(2, Conv2DSpec(8, [3, 5], padding="same", activation="tanh"))
    design.layers.insert(0, Conv2DSpec(4, 3, stride=2))  # the stride leaves a row out: a warning
    design.layers.append(Conv2DSpec(2, 3))  # after Dense: needs an image
    w.document.load_design(design)
    found = []
    for card in w.design_page.stack.cards:
        found += [("layer card", text) for text in (card.title, card.detail, card.info, *card.messages)]
    for index in range(-1, len(design.layers)):
        w.design_page.select(index)
        settle(qtbot, 50)
        found += visible_texts(w.design_page.properties) + visible_texts(w.design_page.findings)
    assert {f.code for f in w.document.findings()} >= {"stride_drops", "needs_image", "last_not_dense"}
    assert len(found) > 50
    left = english_texts(found)
    assert left == [], "\n".join(left)
    w.document.load_design(spec.load(MNIST_EXAMPLE))
