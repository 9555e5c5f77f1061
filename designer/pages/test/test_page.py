"""The Test page: draw a digit (or load a picture) and see what the model makes of it.

Left, the drawing canvas with Load image…, Undo stroke and Clear. Right, the 28x28
image the network actually receives, magnified, the most likely class, and a bar for
every class. A model of a folder of pictures sees the drawing scaled to its own input
size; a model of a table gets a form instead of the canvas, one field per column
(`TableForm`), its answer following every keystroke. A second tab browses the test set
(`TestSetBrowser`).

Until the user trains or opens a model, the page tests the best model that ships with
LayerLab (designer.document.bundled_model), says which one and how it scored, and
offers the other shipped models in a list beside that line.

Every prediction goes through `core.nn.predictor.Predictor`, the same path as
``main.py predict``: a picture file loaded here gets exactly the answer the command
line gives for it. The page never holds a model of its own: it follows the app's
`ModelStore` and rebuilds its Predictor when the model changes.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QDir, QFileInfo, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.design import spec
from designer.pages.test.table_form import TableForm
from designer.layer_views import describe_layers
from designer.pages.test.testset_browser import TestSetBrowser
from designer.text.names import ui_language
from designer.widgets.canvas import DrawingCanvas, PixelView
from designer.widgets.plots.probability_bars import ProbabilityBars

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


class TestPage(QWidget):
    """Draw, load a picture, browse the test set: the current model's answers."""

    __test__ = False  # not a pytest class

    #: a new prediction is shown: (label, probabilities) or None for an empty canvas
    predictionChanged = Signal(object)

    def __init__(self, model_store, parent: QWidget | None = None, *, data_dir: str | os.PathLike | None = None):
        super().__init__(parent)
        self._store = model_store
        self._predictor = None
        self._class_names: tuple[str, ...] = tuple(str(i) for i in range(10))
        self._prediction: tuple[int, np.ndarray] | None = None
        self._last_dir = QDir.homePath()
        #: the picture file on the canvas (read again as the model's own pictures were), or None
        self._picture_path: str | None = None

        # ---- the model line, above both tabs
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.model_label.setTextFormat(Qt.TextFormat.RichText)
        self.shipped_combo = QComboBox()
        self.shipped_combo.setToolTip(self.tr("Test another of the models that ship with LayerLab"))
        self.shipped_combo.activated.connect(self._on_shipped_chosen)
        self.shipped_combo.hide()
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label, 1)
        model_row.addWidget(self.shipped_combo, 0, Qt.AlignmentFlag.AlignTop)

        # ---- the drawing tab
        self.canvas = DrawingCanvas()
        self.canvas.changed.connect(self.update_prediction)

        self.load_button = QPushButton(self.tr("Load image…"))
        self.load_button.setToolTip(self.tr(
            "Open a PNG or JPEG picture of a digit. Dark ink on light paper is detected and inverted.\n"
            "You can also drop a picture file on the page."
        ))
        self.load_button.clicked.connect(self.choose_image)
        self.undo_button = QPushButton(self.tr("Undo stroke"))
        self.undo_button.setToolTip(self.tr("Remove the last stroke (Ctrl+Z or Backspace while the canvas has focus)"))
        self.undo_button.clicked.connect(self.canvas.undo_stroke)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Wipe the canvas (Delete while the canvas has focus)"))
        self.clear_button.clicked.connect(self.canvas.clear)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)

        drawing = QWidget()
        left_layout = QVBoxLayout(drawing)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.canvas, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.message)
        self.drawing = drawing
        # ---- a table model's row, typed in
        self.form = TableForm()
        self.form.changed.connect(self.update_prediction)
        self.form_box = QWidget()
        form_layout = QVBoxLayout(self.form_box)
        form_layout.addWidget(QLabel(self.tr("<b>One row of the table</b>")))
        form_hint = QLabel(self.tr("Type the values of one sample: the answer follows every keystroke. "
                                   "The numbers start at the training rows' averages."))
        form_hint.setWordWrap(True)
        form_layout.addWidget(form_hint)
        form_layout.addWidget(self.form)
        form_layout.addStretch(1)
        self.left = QStackedWidget()
        self.left.addWidget(drawing)
        self.left.addWidget(self.form_box)
        left = QVBoxLayout()
        left.addWidget(self.left, 1)

        self.input_view = PixelView(side=28)
        self.input_view.setFixedSize(28 * 8, 28 * 8)
        self._digit_tip = self.tr(
            "The 28x28 image the network receives: the drawing cropped, scaled to fit 20x20 pixels "
            "and centred by its centre of mass, as the MNIST digits were."
        )
        self.input_view.setToolTip(self._digit_tip)
        self.answer = AnswerView()
        self.answer.setToolTip(self.tr("The class the network finds most likely, and its probability"))

        seen = QGridLayout()
        seen_title = self.seen_title = QLabel(self.tr("<b>What the network sees</b>"))
        answer_title = QLabel(self.tr("<b>Its answer</b>"))
        answer_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        seen.addWidget(seen_title, 0, 0)
        seen.addWidget(answer_title, 0, 1)
        seen.addWidget(self.input_view, 1, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        seen.addWidget(self.answer, 1, 1)
        seen.setColumnStretch(1, 1)

        self.bars = ProbabilityBars(max_row_height=40)
        self.bars.setToolTip(self.tr("The probability the network gives each class; the most likely one is highlighted"))

        right = QVBoxLayout()
        right.addLayout(seen)
        right.addSpacing(10)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        right.addWidget(line)
        right.addWidget(QLabel(self.tr("<b>Probabilities</b>")))
        right.addWidget(self.bars, 1)

        draw_tab = QWidget()
        draw_layout = QHBoxLayout(draw_tab)
        draw_layout.addLayout(left, 3)
        draw_layout.addSpacing(12)
        draw_layout.addLayout(right, 2)

        # ---- the test-set tab
        self.browser = TestSetBrowser(data_dir=data_dir)
        self.browser.imageActivated.connect(self.show_test_image)

        self.tabs = QTabWidget()
        self.tabs.addTab(draw_tab, self.tr("Draw"))
        self.tabs.setTabToolTip(0, self.tr("Draw a digit or load a picture and watch the prediction"))
        self.tabs.addTab(self.browser, self.tr("Test set"))
        self.tabs.setTabToolTip(1, self.tr("The model's answers on every test image, its mistakes and its confusion matrix"))

        layout = QVBoxLayout(self)
        layout.addLayout(model_row)
        layout.addWidget(self.tabs, 1)

        self.setAcceptDrops(True)
        model_store.modelChanged.connect(self._on_model_changed)
        self._on_model_changed(model_store.bundle, model_store.origin)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        # The page sits in a scroll area (MainWindow.add_page), which makes a height-for-width
        # page as tall as its preferred height: taller than the window, with Undo stroke and
        # Clear below the fold. The canvas fits any height, so the minimum size is the answer.
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (QScrollArea asks the layout's opinion anyway)
        return self.minimumSizeHint().height()

    # ------------------------------------------------------------------ the model

    @Slot(object, str)
    def _on_model_changed(self, bundle, origin: str) -> None:
        from core.nn.predictor import Predictor
        from designer.text.names import class_names_for

        self._predictor = None
        rows = False
        self.input_view.setToolTip(self._digit_tip)
        self.input_view.set_shape(28, 28)
        if bundle is not None:
            predictor = Predictor(bundle)
            rows = predictor.takes_rows
            if predictor.takes_images or rows:
                self._predictor = predictor
                units = spec.output_size(bundle.design) or 10
                self._class_names = tuple(class_names_for(bundle.design.dataset, units))
                self.bars.set_class_names(self._class_names)
                self.bars.show_percentages(predictor.gives_probabilities)
            if predictor.takes_images and not predictor.digit_style:
                _, h, w = predictor.picture_shape
                self.input_view.set_shape(h, w)
                self.input_view.setToolTip(self.tr("The {h}x{w} picture the network receives: the drawing or picture resized, "
                                                   "as the pictures of its folder were.").format(h=h, w=w))
        self.form.set_encoding(self._predictor.table if rows else None, bundle.normalisation if rows else None)
        self.left.setCurrentWidget(self.form_box if rows else self.drawing)
        self.seen_title.setVisible(not rows)
        self.input_view.setVisible(not rows)
        self.tabs.setTabText(0, self.tr("Type a row") if rows else self.tr("Draw"))
        self._fill_shipped(bundle, origin)
        self.model_label.setText(self._describe_model(bundle, origin))
        self.model_label.setToolTip(origin if origin not in ("", "bundled", "trained") else "")
        self.browser.set_bundle(bundle)
        self.update_prediction()

    def _fill_shipped(self, bundle, origin: str) -> None:
        """The list of shipped models, shown while one of them is in use and another exists."""
        from designer.document.bundled_model import ORIGIN, shipped_model_of, shipped_models, shipped_title

        current = shipped_model_of(bundle) if origin == ORIGIN else None
        models = shipped_models() if current is not None else []
        self.shipped_combo.clear()
        for m in models:
            self.shipped_combo.addItem(self.tr("{name} ({accuracy:.1f} %)").format(
                name=shipped_title(m, ui_language()), accuracy=m.test_accuracy * 100), m.name)
        if current is not None:
            self.shipped_combo.setCurrentIndex(self.shipped_combo.findData(current.name))
        self.shipped_combo.setVisible(len(models) > 1)

    @Slot(int)
    def _on_shipped_chosen(self, index: int) -> None:
        from designer.document.bundled_model import shipped_model_of, use_shipped_model

        name = self.shipped_combo.itemData(index)
        current = shipped_model_of(self._store.bundle)
        if name and (current is None or current.name != name):
            use_shipped_model(self._store, name)

    def _describe_model(self, bundle, origin: str) -> str:
        from designer.document.bundled_model import ORIGIN, shipped_model_of

        if bundle is None:
            return self.tr("<b>No trained model yet.</b> Train a design on the Training page, or open a model file.")
        design = bundle.design
        name = _html(design.title(ui_language()))
        layers = _html(describe_layers(design))  # 1 × 28 × 28 → Conv2D 16 × 3 × 3 → … → Dense 10
        shipped = shipped_model_of(bundle) if origin == ORIGIN else None
        if shipped is not None:
            text = self.tr("<b>Shipped model:</b> {name}, {accuracy:.1f} % on the test set").format(
                name=name, accuracy=shipped.test_accuracy * 100)
        else:
            if origin == ORIGIN:
                where = self.tr("the model that ships with LayerLab")
            elif origin == "trained":
                where = self.tr("trained in this session")
            else:
                where = self.tr("opened from {file}").format(file=QFileInfo(origin).fileName() or origin)
            text = self.tr("<b>Model:</b> {name}, {where}").format(name=name, where=_html(where))
            val = bundle.history.get("val_accuracy") or []
            if val and np.isfinite(val[-1]):
                text += self.tr(" · validation accuracy {accuracy:.1f} %").format(accuracy=val[-1] * 100)
        text += "<br>" + layers
        if self._predictor is None:
            inputs = "x".join(str(n) for n in design.input_shape)
            text += "<br>" + self.tr(
                "This model takes inputs of shape {shape}, not 28x28 pictures: to test drawings, "
                "train a design on MNIST or Fashion-MNIST."
            ).format(shape=inputs)
        return text

    def predictor(self):
        return self._predictor

    # ------------------------------------------------------------------ predicting

    @Slot()
    def update_prediction(self) -> None:
        """Classify what the canvas shows (or the picture loaded into it) and show the answer."""
        if self._predictor is not None and self._predictor.takes_rows:
            self._predict_row()
            return
        if self._predictor is None or self.canvas.is_blank():
            self._show(None, None, None)
            return
        picture = self.canvas.picture()
        if picture is not None and not self.canvas.has_strokes():
            # The file's own pixels, exactly as `main.py predict` classifies them.
            if self._picture_path is not None and not self._predictor.digit_style:
                label, probs, digit = self._predictor.picture_file(self._picture_path)
            else:
                label, probs, digit = self._predictor.classify(picture)
        else:
            label, probs, digit = self._predictor.classify(self.canvas.image_array(), white_on_black=True)
        if not digit.any():  # strokes too faint or too small to count as ink
            self._show(None, None, digit)
            return
        self._show(label, probs, digit)

    def _predict_row(self) -> None:
        """A table model's answer for the row typed in the form (none while a field is not a number)."""
        if self.form.problem():
            self._show(None, None, None)
            return
        x = self._predictor.table.encode([self.form.values()], file="")
        probs = self._predictor.rows_probabilities(x)[0]
        self._show(int(np.argmax(probs)), probs, None)

    def _show(self, label: int | None, probs: np.ndarray | None, digit: np.ndarray | None) -> None:
        self.input_view.set_pixels(digit)
        if label is None:
            self._prediction = None
            self.bars.set_values(None)
            if self._predictor is None:
                hint = self.tr("no model to ask")
            elif self._predictor.takes_rows:
                hint = self.tr("Type a number in every number field")
            else:
                hint = self.tr("Draw a digit on the canvas")
            self.answer.set_answer("–", hint)
        else:
            self._prediction = (label, probs)
            self.bars.set_values(probs)
            name = self._class_names[label] if label < len(self._class_names) else str(label)
            if self._predictor.gives_probabilities:
                detail = self.tr("{probability:.1f} % sure").format(probability=float(probs[label]) * 100)
            else:  # not softmax: the outputs are scores, not probabilities
                detail = self.tr("score {score:.3g} (this model gives scores, not probabilities)").format(score=float(probs[label]))
            self.answer.set_answer(name, detail)
        self.predictionChanged.emit(self._prediction)

    def prediction(self) -> tuple[int, np.ndarray] | None:
        """(label, probabilities) shown now, or None."""
        return self._prediction

    def input_pixels(self) -> np.ndarray | None:
        """The 28x28 image the network received last."""
        return self.input_view.pixels()

    # ------------------------------------------------------------------ pictures

    @Slot()
    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load a picture of a digit"), self._last_dir,
            self.tr("Pictures (*.png *.jpg *.jpeg *.bmp *.gif);;All files (*)"),
        )
        if path:
            self.load_image_file(path)

    def load_image_file(self, path: str | os.PathLike) -> bool:
        """Show a picture file on the canvas and classify it; False (with a message) if it can't be read."""
        from core.data.digits import DigitError
        from designer.text.messages import digit_error_text

        previous, self._picture_path = self._picture_path, str(path)  # set first: loading classifies it
        try:
            self.canvas.load_file(path)
        except DigitError as e:  # the lead in the user's language, the core's detail after it
            self._picture_path = previous
            self.message.setText(self.tr("This picture cannot be used.") + "\n" + digit_error_text(e))
            self.message.show()
            return False
        self._last_dir = str(Path(path).resolve().parent)
        self.message.hide()
        self.tabs.setCurrentIndex(0)
        return True

    @Slot(object)
    def show_test_image(self, pixels: np.ndarray) -> None:
        """Put a test image on the canvas (from the test-set browser)."""
        self._picture_path = None
        self.canvas.set_picture(pixels)
        self.message.hide()
        self.tabs.setCurrentIndex(0)

    def dragEnterEvent(self, event) -> None:
        if _image_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = _image_path(event.mimeData())
        if path is not None:
            self.load_image_file(path)
            event.acceptProposedAction()

    # ------------------------------------------------------------------ shutting down

    def shutdown(self, ms: int = 1000) -> bool:
        """Stop background work (the test-set browser's loading) before the window goes;
        True when it has ended (for MainWindow.before_close: False keeps the window open)."""
        return self.browser.shutdown(ms)


class AnswerView(QWidget):
    """The most likely class, big, with a line of detail under it.

    Painted by hand rather than with QLabels: a label whose text changes asks the
    page for a new layout, and laying out the whole page at every stroke would cost
    more than the network itself.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._detail = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_answer(self, text: str, detail: str) -> None:
        if (text, detail) != (self._text, self._detail):
            self._text, self._detail = text, detail
            self.setAccessibleName(f"{text} {detail}")
            self.update()

    def text(self) -> str:
        return self._text

    def detail(self) -> str:
        return self._detail

    def _big_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 3.2)
        font.setBold(True)
        return font

    def sizeHint(self) -> QSize:
        return QSize(200, QFontMetrics(self._big_font()).height() + 2 * self.fontMetrics().height())

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        big = self._big_font()
        big_h = QFontMetrics(big).height()
        line_h = self.fontMetrics().height()
        top = (self.height() - big_h - line_h - 4) / 2
        p.setFont(big)
        p.setPen(self.palette().windowText().color())
        p.drawText(QRectF(0, top, self.width(), big_h), Qt.AlignmentFlag.AlignCenter,
                   QFontMetrics(big).elidedText(self._text, Qt.TextElideMode.ElideRight, self.width()))
        p.setFont(self.font())
        p.setPen(QColor(85, 85, 85))
        # a narrow window wraps the detail ("Draw a digit on the canvas") rather than cut it
        p.drawText(QRectF(0, top + big_h + 4, self.width(), max(line_h, self.height() - top - big_h - 4)),
                   Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, self._detail)
        p.end()


def _image_path(mime) -> str | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(IMAGE_SUFFIXES):
            return url.toLocalFile()
    return None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
