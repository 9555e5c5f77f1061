"""Browsing the test set through the current model's eyes.

A grid of test images, each with its predicted and true label; a filter to the
mistakes; sorting by confidence; a confusion matrix whose cells show their images;
the accuracy of every class.

The dataset is read and the whole test set classified in the background
(`load_and_classify`, run by a designer.tasks.task.TaskRunner), started lazily the
first time the browser is shown for a model, so neither opening the app nor
switching models freezes the window. A missing dataset is said plainly, with a button to download it.
"""
from __future__ import annotations

import logging
import math
import os
from dataclasses import replace

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from core.explain.testset import TestSetResults, classify_test_set
from designer.tasks.task import TaskCancelled, TaskRunner
from designer.text.names import class_names_for, format_count
from designer.widgets.canvas import grey_qimage
from designer.widgets.plots.colours import BLUE
from designer.widgets.plots.probability_bars import ProbabilityBars

log = logging.getLogger(__name__)

RIGHT_BG = QColor(255, 255, 255)
WRONG_BG = QColor(253, 226, 226)
WRONG_TEXT = QColor(190, 30, 30)
TEXT = QColor(40, 40, 40)
MUTED = QColor(110, 110, 110)
DIAGONAL = BLUE
OFF_DIAGONAL = QColor(214, 39, 40)
#: the magnification of a test image in the grid
ZOOM = 2




def load_and_classify(state, bundle, data_dir=None) -> TestSetResults:
    """Load the bundle's dataset and classify its whole test set (a background task: see
    designer.tasks.task); stops between chunks once the GUI no longer wants the answer."""
    from core.data.catalog import dataset_info
    from core.data.datasets import DataError, load_dataset
    from core.nn.predictor import PredictionStopped

    design = bundle.design
    try:
        dataset = load_dataset(design.dataset, data_dir, options=design.dataset_options, seed=design.training.seed,
                               like=dataset_info(design.dataset))
    except DataError as e:  # the user's own data: said in the user's language
        from designer.text.messages import data_error_text

        raise DataError(data_error_text(e), e.code, e.params, e.reason) from e
    if math.prod(dataset.input_shape) != math.prod(design.input_shape):
        raise ValueError(f"{dataset.title} does not hold inputs of shape {design.input_shape}")
    try:
        results = classify_test_set(bundle, dataset, should_stop=lambda: state.stopping)
    except PredictionStopped:
        raise TaskCancelled() from None
    # the class names in the user's language
    return replace(results, class_names=class_names_for(design.dataset, len(results.class_names)))


# --------------------------------------------------------------------------- the grid


class TestImagesModel(QAbstractListModel):
    """The test images selected for the grid, as rows of a list model."""

    __test__ = False  # not a pytest class

    IndexRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._results: TestSetResults | None = None
        self._rows = np.zeros(0, dtype=np.int64)
        self._images: dict[int, object] = {}

    def set_rows(self, results: TestSetResults | None, rows: np.ndarray) -> None:
        self.beginResetModel()
        if results is not self._results:
            self._images.clear()
        self._results = results
        self._rows = np.asarray(rows, dtype=np.int64)
        self.endResetModel()

    def rows(self) -> np.ndarray:
        return self._rows.copy()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def item(self, row: int) -> tuple[int, object, int, int, float]:
        """(test index, QImage, predicted, true, confidence) for a grid row."""
        r = self._results
        i = int(self._rows[row])
        image = self._images.get(i)
        if image is None:
            image = self._images[i] = grey_qimage(r.images[i])
        return i, image, int(r.predicted[i]), int(r.true[i]), float(r.confidence[i])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._results is None:
            return None
        i, _, predicted, true, confidence = self.item(index.row())
        names = self._results.class_names
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Test image #{index}: predicted {predicted} ({confidence:.1f} %), true {true}.\nDouble-click to try it on the canvas.").format(
                index=i, predicted=names[predicted], confidence=confidence * 100, true=names[true]
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("predicted {predicted}, true {true}").format(predicted=names[predicted], true=names[true])
        if role == self.IndexRole:
            return i
        return None

    def class_names(self) -> tuple[str, ...]:
        return self._results.class_names if self._results is not None else ()


class TestImageDelegate(QStyledItemDelegate):
    """Paints one grid cell: the image, the predicted label (and confidence), the true label."""

    __test__ = False  # not a pytest class

    def __init__(self, model: TestImagesModel, parent: QObject | None = None):
        super().__init__(parent)
        self._model = model
        self._width = 84

    def set_cell_width(self, width: int) -> None:
        self._width = width

    def sizeHint(self, option, index) -> QSize:
        fm = option.fontMetrics
        return QSize(self._width, 28 * ZOOM + 10 + 2 * fm.height())

    def paint(self, painter: QPainter, option, index) -> None:
        i, image, predicted, true, confidence = self._model.item(index.row())
        names = self._model.class_names()
        wrong = predicted != true
        r = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.fillRect(r, WRONG_BG if wrong else RIGHT_BG)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(option.palette.highlight().color(), 2))
            painter.drawRect(r.adjusted(1, 1, -1, -1))
        side = 28 * ZOOM
        painter.drawImage(QRect(r.left() + (r.width() - side) // 2, r.top() + 4, side, side), image)
        fm = option.fontMetrics
        y = r.top() + 6 + side
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(WRONG_TEXT if wrong else TEXT)
        line = f"{names[predicted]}  {confidence * 100:.0f}%"
        painter.drawText(QRect(r.left() + 2, y, r.width() - 4, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                         QFontMetrics(bold).elidedText(line, Qt.TextElideMode.ElideMiddle, r.width() - 4))
        painter.setFont(option.font)
        painter.setPen(MUTED)
        true_text = self.tr("true {label}").format(label=names[true])
        painter.drawText(QRect(r.left() + 2, y + fm.height(), r.width() - 4, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                         fm.elidedText(true_text, Qt.TextElideMode.ElideRight, r.width() - 4))
        painter.restore()


# --------------------------------------------------------------------------- the confusion matrix


class ConfusionMatrixView(QWidget):
    """Counts of (true, predicted) pairs; click a cell to see its images."""

    cellClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._matrix: np.ndarray | None = None
        self._names: tuple[str, ...] = ()
        self._hover: tuple[int, int] | None = None
        self._selected: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(200, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(self.tr("Rows: the true class; columns: the predicted class. Click a cell to show its images."))

    def set_matrix(self, matrix: np.ndarray | None, names: tuple[str, ...] = ()) -> None:
        self._matrix = None if matrix is None else np.asarray(matrix)
        self._names = tuple(names) if names else tuple(str(i) for i in range(0 if matrix is None else len(matrix)))
        self._hover = None
        self.update()

    def matrix(self) -> np.ndarray | None:
        return None if self._matrix is None else self._matrix.copy()

    def set_selected(self, cell: tuple[int, int] | None) -> None:
        self._selected = cell
        self.update()

    def sizeHint(self) -> QSize:
        # No height-for-width: the cells are squares fitted into whatever size the matrix gets
        # (`_layout`). In the Test page's tabs a height as large as the width made the whole
        # page taller than the window, the drawing tab's buttons below the fold included.
        return QSize(420, 420)

    # geometry: labels along the top and the left, then n x n square cells
    def _labels_width(self) -> float:
        """Room for the "true" title and the row labels, left of the cells."""
        fm = self.fontMetrics()
        short = all(len(s) <= 2 for s in self._names)
        return fm.height() + 6 + (fm.horizontalAdvance("00") if short else max((fm.horizontalAdvance(s) for s in self._names), default=0)) + 8

    def _layout(self) -> tuple[float, float, float, int]:
        n = 0 if self._matrix is None else len(self._matrix)
        fm = self.fontMetrics()
        left = self._labels_width()
        top = fm.height() * 2 + 8
        cell = max(1.0, min((self.width() - left - 2) / max(n, 1), (self.height() - top - 2) / max(n, 1)))
        left += max(0.0, (self.width() - left - n * cell - 2) / 2)  # centred when there is room to spare
        return left, top, cell, n

    def cell_rect(self, true: int, predicted: int) -> QRectF:
        left, top, cell, _ = self._layout()
        return QRectF(left + predicted * cell, top + true * cell, cell, cell)

    def _cell_at(self, pos) -> tuple[int, int] | None:
        left, top, cell, n = self._layout()
        col = int((pos.x() - left) // cell)
        row = int((pos.y() - top) // cell)
        if pos.x() < left or pos.y() < top or not (0 <= row < n and 0 <= col < n):
            return None
        return row, col

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().base())
        if self._matrix is None or not len(self._matrix):
            p.end()
            return
        m = self._matrix
        left, top, cell, n = self._layout()
        fm = self.fontMetrics()
        totals = np.maximum(m.sum(axis=1), 1)
        off = m.copy()
        np.fill_diagonal(off, 0)
        worst = max(1, int(off.max()))
        # axis titles
        p.setPen(MUTED)
        p.drawText(QRectF(left, 0, n * cell, fm.height() + 2), Qt.AlignmentFlag.AlignCenter, self.tr("predicted"))
        p.save()
        labels_left = left - self._labels_width()
        p.translate(labels_left, top + n * cell / 2)
        p.rotate(-90)
        p.drawText(QRectF(-n * cell / 2, 0, n * cell, fm.height() + 2), Qt.AlignmentFlag.AlignCenter, self.tr("true"))
        p.restore()
        p.setPen(TEXT)
        for k, name in enumerate(self._names):
            p.drawText(QRectF(left + k * cell, fm.height() + 4, cell, fm.height()), Qt.AlignmentFlag.AlignCenter,
                       fm.elidedText(name, Qt.TextElideMode.ElideRight, int(cell)))
            p.drawText(QRectF(labels_left + fm.height() + 4, top + k * cell, left - labels_left - fm.height() - 10, cell),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        small = QFont(self.font())
        if cell < fm.horizontalAdvance("0000") + 4:
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        p.setFont(small)
        for t in range(n):
            for q in range(n):
                rect = self.cell_rect(t, q)
                count = int(m[t, q])
                if t == q:
                    strength = count / totals[t]
                    colour = _mix(DIAGONAL, strength * 0.85 + 0.1)
                else:
                    # square root: a few confusions still show, the worst stand out
                    strength = (count / worst) ** 0.5 if count else 0.0
                    colour = _mix(OFF_DIAGONAL, strength * 0.8) if count else QColor(250, 250, 250)
                p.fillRect(rect, colour)
                if count:
                    dark = colour.lightnessF() < 0.55
                    p.setPen(QColor(255, 255, 255) if dark else TEXT)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        p.setPen(QPen(QColor(220, 220, 220), 1))
        for k in range(n + 1):
            p.drawLine(QRectF(left, top + k * cell, n * cell, 0).topLeft(), QRectF(left + n * cell, top + k * cell, 0, 0).topLeft())
            p.drawLine(QRectF(left + k * cell, top, 0, 0).topLeft(), QRectF(left + k * cell, top + n * cell, 0, 0).topLeft())
        for cellpos, colour, width in ((self._hover, QColor(60, 60, 60), 1.5), (self._selected, QColor(255, 160, 0), 3.0)):
            if cellpos is not None:
                p.setPen(QPen(colour, width))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(self.cell_rect(*cellpos).adjusted(width / 2, width / 2, -width / 2, -width / 2))
        p.end()

    def mouseMoveEvent(self, event) -> None:
        cell = self._cell_at(event.position())
        if cell != self._hover:
            self._hover = cell
            self.setCursor(Qt.CursorShape.PointingHandCursor if cell else Qt.CursorShape.ArrowCursor)
            self.update()

    def leaveEvent(self, event) -> None:
        self._hover = None
        self.update()

    def mousePressEvent(self, event) -> None:
        cell = self._cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.cellClicked.emit(*cell)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._matrix is not None:
            cell = self._cell_at(event.pos())
            if cell is not None:
                t, q = cell
                count = int(self._matrix[t, q])
                text = self.tr("True {true}, predicted {predicted}: {count} image(s).\nClick to show them.").format(
                    true=self._names[t], predicted=self._names[q], count=count)
                QToolTip.showText(event.globalPos(), text, self)
                return True
        return super().event(event)


def _mix(colour: QColor, amount: float) -> QColor:
    """`colour` blended over white: 0 is white, 1 the full colour."""
    a = min(max(amount, 0.0), 1.0)
    return QColor(
        round(255 + (colour.red() - 255) * a), round(255 + (colour.green() - 255) * a), round(255 + (colour.blue() - 255) * a)
    )


# --------------------------------------------------------------------------- the browser


class TestSetBrowser(QWidget):
    """The current model's predictions on its dataset's test set."""

    __test__ = False  # not a pytest class

    #: the results are shown
    ready = Signal()
    #: loading failed; the message is on screen too
    loadFailed = Signal(str)
    #: the user double-clicked a test image (uint8 28x28): try it on the canvas
    imageActivated = Signal(object)

    SORTS = ("index", "confident", "unsure")

    def __init__(self, parent: QWidget | None = None, *, data_dir: str | os.PathLike | None = None):
        super().__init__(parent)
        self._data_dir = data_dir
        self._bundle = None
        self._results: TestSetResults | None = None
        #: loads and classifies the test set; a load for an older model is abandoned unheard
        self._task = TaskRunner(self, name="test set")
        self._task.done.connect(self._on_finished)
        self._task.failed.connect(self._on_failed)
        self._cell: tuple[int, int] | None = None
        self._missing_dataset: str | None = None

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.download_button = QPushButton(self.tr("Download…"))
        self.download_button.setToolTip(self.tr("Download the dataset from the standard public mirrors (it is kept for next time)"))
        self.download_button.clicked.connect(self._download)
        self.download_button.hide()
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setToolTip(self.tr("Look for the dataset again and classify its test set"))
        self.retry_button.clicked.connect(self.reload)
        self.retry_button.hide()

        self.show_combo = QComboBox()
        self.show_combo.addItem(self.tr("All images"), "all")
        self.show_combo.addItem(self.tr("Mistakes only"), "mistakes")
        self.show_combo.setToolTip(self.tr("Show every test image, or only those the model gets wrong"))
        self.show_combo.currentIndexChanged.connect(self._refilter)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem(self.tr("Test-set order"), "index")
        self.sort_combo.addItem(self.tr("Most confident first"), "confident")
        self.sort_combo.addItem(self.tr("Least confident first"), "unsure")
        self.sort_combo.setToolTip(self.tr("Order the images by the probability the model gives its answer"))
        self.sort_combo.currentIndexChanged.connect(self._refilter)
        self.cell_label = QLabel()
        self.cell_label.setStyleSheet("color: #b35900;")
        self.clear_cell_button = QPushButton(self.tr("Show all classes"))
        self.clear_cell_button.setToolTip(self.tr("Leave the confusion-matrix cell and show every class again"))
        self.clear_cell_button.clicked.connect(self.clear_cell)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Show:")))
        controls.addWidget(self.show_combo)
        controls.addSpacing(12)
        controls.addWidget(QLabel(self.tr("Sort:")))
        controls.addWidget(self.sort_combo)
        controls.addSpacing(12)
        controls.addWidget(self.cell_label)
        controls.addWidget(self.clear_cell_button)
        controls.addStretch(1)
        controls.addWidget(self.count_label)

        self.model = TestImagesModel(self)
        self.grid = QListView()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setSpacing(0)
        self.grid.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.grid.setModel(self.model)
        self.delegate = TestImageDelegate(self.model, self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.grid.doubleClicked.connect(self._activated)
        self.grid.activated.connect(self._activated)
        self.grid.setToolTip(self.tr("Test images with the predicted label (bold) and the true one; mistakes are red"))

        self.matrix = ConfusionMatrixView()
        self.matrix.cellClicked.connect(self.show_cell)
        self.class_bars = ProbabilityBars(highlight="min", max_row_height=24)
        self.class_bars.setToolTip(self.tr("The share of each class's test images the model gets right; the hardest class is highlighted"))
        self.class_bars.setMinimumHeight(10 * 14)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        matrix_title = QLabel(self.tr("<b>Confusion matrix</b>"))
        matrix_title.setToolTip(self.matrix.toolTip())
        side_layout.addWidget(matrix_title)
        side_layout.addWidget(self.matrix, 3)
        side_layout.addSpacing(6)
        side_layout.addWidget(QLabel(self.tr("<b>Accuracy per class</b>")))
        side_layout.addWidget(self.class_bars, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([620, 480])

        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.download_button)
        top.addWidget(self.retry_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.splitter, 1)
        self._show_results(None)
        self._set_status(self.tr("No model to test yet."))

    # ------------------------------------------------------------------ public

    def set_bundle(self, bundle) -> None:
        """Use this model from now on (results are recomputed when next shown)."""
        self._bundle = bundle
        self._task.abandon()  # a load under way is for the old model: it ends unheard
        self._results = None
        self._cell = None
        self._show_results(None)
        if bundle is None:
            self._set_status(self.tr("No model to test yet."))
        elif not _takes_images(bundle):
            self._set_status(self.tr("The test-set browser shows image datasets and tables; this model is trained on {name}.").format(
                name=_title(bundle.design.dataset)))
        else:
            self._set_status(self.tr("The test set is classified when you open this tab."))
            if self.isVisible():
                self.reload()

    def results(self) -> TestSetResults | None:
        return self._results

    def is_loading(self) -> bool:
        return self._task.running

    def ensure_loaded(self) -> None:
        """Start classifying the test set unless it is done or under way."""
        if self._results is None and not self._task.running and self._bundle is not None and _takes_images(self._bundle):
            self.reload()

    @Slot()
    def reload(self) -> None:
        if self._bundle is None or not _takes_images(self._bundle):
            return
        self.download_button.hide()
        self.retry_button.hide()
        self._missing_dataset = None
        self._set_status(self.tr("Loading the {name} test set and classifying it…").format(name=_title(self._bundle.design.dataset)))
        self._task.start(load_and_classify, self._bundle, self._data_dir)  # a load under way is abandoned

    @Slot()
    def shutdown(self, ms: int = 1000) -> bool:
        """Abandon every load under way and wait up to `ms` for their threads (before the
        window closes); True when all have ended."""
        ended = self._task.shutdown(ms)
        if not ended:
            log.warning("loading the test set did not stop within %d ms", ms)
        return ended

    @Slot(int, int)
    def show_cell(self, true: int, predicted: int) -> None:
        """Show only the images of one confusion-matrix cell."""
        if self._results is None:
            return
        self._cell = (true, predicted)
        if true == predicted and self.show_combo.currentData() == "mistakes":
            self.show_combo.setCurrentIndex(0)
        self._refilter()

    @Slot()
    def clear_cell(self) -> None:
        self._cell = None
        self._refilter()

    def shown_indices(self) -> np.ndarray:
        """The test indices in the grid, in order."""
        return self.model.rows()

    def set_mistakes_only(self, on: bool) -> None:
        self.show_combo.setCurrentIndex(self.show_combo.findData("mistakes" if on else "all"))

    def set_sort(self, sort: str) -> None:
        self.sort_combo.setCurrentIndex(self.sort_combo.findData(sort))

    # ------------------------------------------------------------------ worker replies (GUI thread)

    @Slot(object)
    def _on_finished(self, results: TestSetResults) -> None:
        self._results = results
        self._cell = None
        self._show_results(results)
        right = int(np.sum(results.true == results.predicted))
        rows = _reads_rows(self._bundle)
        self.grid.setVisible(not rows)  # a table's rows are not pictures: the matrix and the bars say it all
        status = (self.tr("{title} test set: {count} rows, {right} classified right ({accuracy:.2f} %), {wrong} mistakes.") if rows
                  else self.tr("{title} test set: {count} images, {right} classified right ({accuracy:.2f} %), {wrong} mistakes."))
        self._set_status(status.format(
            title=results.title, count=format_count(results.count), right=format_count(right), accuracy=results.accuracy * 100,
            wrong=format_count(results.count - right)))
        self.ready.emit()

    @Slot(str, object)
    def _on_failed(self, message: str, error) -> None:
        from core.data.datasets import DatasetNotFound

        name = self._bundle.design.dataset if self._bundle is not None else ""
        if isinstance(error, DatasetNotFound):
            self._missing_dataset = name
            text = self.tr("The {name} dataset is not on this computer, so its test set cannot be shown. Download it, or put its files in a data folder.").format(name=_title(name))
            self.status.setToolTip(message)
            self.download_button.show()
        else:
            text = self.tr("The test set could not be shown: {reason}").format(reason=message)
        self.retry_button.show()
        self._set_status(text, error=True)
        self.loadFailed.emit(message)

    # ------------------------------------------------------------------ showing

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    def _show_results(self, results: TestSetResults | None) -> None:
        enabled = results is not None
        for w in (self.show_combo, self.sort_combo):
            w.setEnabled(enabled)
        if results is None:
            self.matrix.set_matrix(None)
            self.class_bars.set_values(None)
            self.model.set_rows(None, np.zeros(0, dtype=np.int64))
            self.cell_label.clear()
            self.clear_cell_button.hide()
            self.count_label.clear()
            return
        fm = self.grid.fontMetrics()
        widest = max(fm.horizontalAdvance(f"{n}  100%") for n in results.class_names)
        self.delegate.set_cell_width(max(28 * ZOOM + 16, min(widest + 16, 130)))
        self.matrix.set_matrix(results.confusion(), results.class_names)
        self.class_bars.set_class_names(results.class_names)
        self.class_bars.set_values(results.per_class_accuracy())
        self._refilter()

    @Slot()
    def _refilter(self) -> None:
        r = self._results
        if r is None:
            return
        rows = r.select(mistakes_only=self.show_combo.currentData() == "mistakes", cell=self._cell, sort=self.sort_combo.currentData())
        self.model.set_rows(r, rows)
        self.matrix.set_selected(self._cell)
        if self._cell is None:
            self.cell_label.clear()
            self.clear_cell_button.hide()
        else:
            t, q = self._cell
            self.cell_label.setText(self.tr("True {true}, predicted {predicted}").format(true=r.class_names[t], predicted=r.class_names[q]))
            self.clear_cell_button.show()
        self.count_label.setText(self.tr("{shown} of {total} images").format(shown=format_count(len(rows)), total=format_count(r.count)))
        self.grid.scrollToTop()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if self._results is None or not index.isValid():
            return
        i = int(self.model.data(index, TestImagesModel.IndexRole))
        self.imageActivated.emit(self._results.images[i].copy())

    @Slot()
    def _download(self) -> None:
        from designer.widgets.download_dialog import offer_download

        if self._missing_dataset and offer_download(self, self._missing_dataset, ask=False):
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)


def _takes_images(bundle) -> bool:
    """The model reads pictures, or a table's rows: it has a test set worth browsing (not toy points)."""
    from core.data.catalog import dataset_kind

    kind = dataset_kind(bundle.design.dataset)
    if kind is None:
        return math.prod(bundle.design.input_shape) == 28 * 28
    return kind.samples in ("pictures", "rows")


def _reads_rows(bundle) -> bool:
    from core.data.catalog import dataset_kind

    kind = dataset_kind(bundle.design.dataset) if bundle is not None else None
    return kind is not None and kind.samples == "rows"


def _title(name: str) -> str:
    from designer.text.names import dataset_title

    return dataset_title(name)
