"""The network as a stack of cards: the input block, then one card per layer.

Each card shows the layer, its output shape, its parameter count and any problem
core.design.checks finds with it. The view only shows the document and reports what the
user asked for as signals (`layerDropped`, `layerMoveRequested`, ...); the design
page turns those into undo commands. A drop position is a *gap*: 0 is right after
the input block, len(layers) is after the last layer.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QScrollArea, QSizePolicy, QWidget

from designer.layer_views import view_for
from designer.pages.design.palette import MIME_LAYER, kind_from_mime
from designer.text import names
from designer.text.messages import INPUT_CARD, finding_card, finding_text
from designer.widgets.icons import (
    ERROR_COLOR,
    WARNING_COLOR,
    paint_layer_glyph,
    paint_severity,
)

#: what a drag inside the stack carries: "<pid>:<view id>:<layer index>"
MIME_MOVE = "application/x-layerlab-stack-move"

ACCENT = "#2f6bed"
MARGIN = 22
CARD_H = 64
INPUT_H = 64
MESSAGE_H = 26
GAP = 28
MAX_CARD_W = 640


@dataclass
class Card:
    """What one block shows; index is INPUT_CARD (-1) for the input block."""

    index: int
    kind: str
    title: str
    detail: str
    info: str
    color: str
    is_output: bool = False
    severity: str | None = None
    messages: list[str] = field(default_factory=list)


class LayerStackView(QWidget):
    """The layer cards, with selection, drag to reorder, drop from the palette, keyboard moves."""

    #: the selected block changed: a layer index, INPUT_CARD, or None when nothing is selected
    currentChanged = Signal(object)
    #: a palette entry was dropped: (layer type, gap)
    layerDropped = Signal(str, int)
    #: a card was dragged to another place: (its index, gap)
    layerMoveRequested = Signal(int, int)
    #: the context menu was asked for on a block (index or INPUT_CARD) at a global position
    contextMenuRequested = Signal(object, QPoint)
    #: a card was double-clicked: edit its properties
    editRequested = Signal(int)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.cards: list[Card] = []
        self._rects: list[QRectF] = []
        self._current: int | None = None
        self._drop_gap: int | None = None
        self._press_pos: QPoint | None = None
        self._press_index: int | None = None
        self._dragging_index: int | None = None
        self._read_only = False
        self.setObjectName("LayerStack")
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Network layers"))
        self.setToolTip(self.tr(
            "The network, from input (top) to output (bottom).\n"
            "Drop layers here from the palette; drag a layer to move it.\n"
            "Keys: Up/Down select, Alt+Up/Down move, Del delete, Ctrl+D duplicate, Menu for more."
        ))
        document.designChanged.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------ state

    @property
    def current(self) -> int | None:
        return self._current

    def set_current(self, index: int | None) -> None:
        """Select a block (a layer index, INPUT_CARD) or nothing; scrolls it into view."""
        n = len(self.document.design.layers)
        if index is not None:
            index = max(INPUT_CARD, min(index, n - 1)) if n or index == INPUT_CARD else INPUT_CARD
        if index == self._current:
            return
        self._current = index
        self.update()
        if index is not None:
            self._ensure_visible(self.card_rect(index))
        self.currentChanged.emit(index)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setAcceptDrops(not read_only)
        self.update()

    def refresh(self) -> None:
        """Rebuild the cards from the document (after any change)."""
        self.cards = self._build_cards()
        n = len(self.document.design.layers)
        if self._current is not None and self._current >= n:
            self._current = None
            self.set_current(n - 1 if n else INPUT_CARD)
        self._relayout()
        self.update()

    # ------------------------------------------------------------------ the cards

    def _build_cards(self) -> list[Card]:
        doc = self.document
        design = doc.design
        infos = doc.layer_infos()
        by_card: dict[int, list] = {}
        for f in doc.findings():
            card = finding_card(f)
            if card is not None:
                by_card.setdefault(card, []).append(f)
        from core.data.catalog import dataset_kind

        kind = dataset_kind(design.dataset)
        values = 1
        for d in design.input_shape:
            values *= d
        source = names.dataset_title(design.dataset)
        samples = kind.samples if kind is not None else ""
        if samples == "pictures":
            input_info = self.tr("{dataset} images, one value per pixel").format(dataset=source)
        elif samples == "points":
            input_info = self.tr("{dataset} points, one value per coordinate").format(dataset=source)
        elif samples == "rows":
            input_info = self.tr("{dataset} rows: a value per number column, one per category of a text column").format(dataset=source)
        else:
            input_info = self.tr("from {dataset}").format(dataset=source)
        input_detail = (names.format_shape(design.input_shape) if len(design.input_shape) > 1  # an image: 1 × 28 × 28
                        else self.tr("{count} values").format(count=names.format_count(values)))
        cards = [Card(INPUT_CARD, "input", self.tr("Input"), input_detail, input_info, "#6b7785")]
        from core.layer_types import type_of

        last = len(design.layers) - 1
        for i, (layer, li) in enumerate(zip(design.layers, infos)):
            view = view_for(layer.type)
            params = self.tr("{count} parameters").format(count=names.format_count(li.params)) if li.params else self.tr("no parameters")
            shape = names.format_shape(li.output_shape) if li.output_shape is not None else "?"
            info_text = self.tr("output {shape} · {params}").format(shape=shape, params=params)
            if li.macs:
                info_text += " · " + self.tr("{count} multiply-adds").format(count=names.format_count(li.macs))
            cards.append(Card(i, layer.type, view.title(), view.detail(layer), info_text, view.color,
                              is_output=(i == last and type_of(layer).can_end)))
        for card in cards:
            found = by_card.get(card.index, [])
            if found:
                card.severity = "error" if any(f.severity == "error" for f in found) else "warning"
                card.messages = [finding_text(f) for f in sorted(found, key=lambda f: f.severity != "error")]
        return cards

    # ------------------------------------------------------------------ geometry

    def _card_width(self) -> float:
        return max(240.0, min(MAX_CARD_W, self.width() - 2 * MARGIN))

    def _relayout(self) -> None:
        w = self._card_width()
        x = (self.width() - w) / 2
        y = float(MARGIN)
        rects = []
        for card in self.cards:
            h = (INPUT_H if card.index == INPUT_CARD else CARD_H) + (MESSAGE_H if card.messages else 0)
            rects.append(QRectF(x, y, w, h))
            y += h + GAP
        if len(self.cards) == 1:  # no layers: room for the empty-state drop zone
            rects_h = y + CARD_H
        else:
            rects_h = y - GAP
        self._rects = rects
        self.setMinimumHeight(int(rects_h + MARGIN + GAP))

    def sizeHint(self) -> QSize:
        return QSize(int(MAX_CARD_W + 2 * MARGIN), self.minimumHeight())

    def resizeEvent(self, event) -> None:
        self._relayout()
        super().resizeEvent(event)

    def card_rect(self, index: int) -> QRectF:
        """The block's rectangle (index: a layer or INPUT_CARD), in this widget's coordinates."""
        return QRectF(self._rects[index + 1])

    def _empty_rect(self) -> QRectF:
        r = self._rects[0]
        return QRectF(r.left(), r.bottom() + GAP, r.width(), CARD_H)

    def index_at(self, pos: QPointF | QPoint) -> int | None:
        pos = QPointF(pos)
        for card, rect in zip(self.cards, self._rects):
            if rect.contains(pos):
                return card.index
        return None

    def gap_at(self, pos: QPointF | QPoint) -> int:
        """Where a drop at `pos` would insert: the number of layer cards whose middle is above it."""
        y = QPointF(pos).y()
        return sum(1 for r in self._rects[1:] if r.center().y() < y)

    def gap_y(self, gap: int) -> float:
        n = len(self._rects) - 1
        if n == 0:
            return self._empty_rect().center().y()
        if gap >= n:
            return self._rects[n].bottom() + GAP / 2
        return (self._rects[gap].bottom() + self._rects[gap + 1].top()) / 2

    def drop_point(self, gap: int) -> QPoint:
        """A point where a drop inserts at `gap` (for tests and keyboard-free scripts)."""
        return QPoint(int(self.width() / 2), int(self.gap_y(gap)))

    def _ensure_visible(self, rect: QRectF) -> None:
        area = self._scroll_area()
        if area is not None:
            area.ensureVisible(int(rect.center().x()), int(rect.center().y()), 0, int(rect.height() / 2 + GAP))

    def _scroll_area(self) -> QScrollArea | None:
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        return area if isinstance(area, QScrollArea) else None

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        for k, (card, rect) in enumerate(zip(self.cards, self._rects)):
            if k + 1 < len(self._rects):
                self._paint_connector(p, rect.bottom(), self._rects[k + 1].top(), rect.center().x())
            if card.index == self._dragging_index:
                p.setOpacity(0.35)
            self._paint_card(p, card, rect, pal)
            p.setOpacity(1.0)
        if len(self.cards) == 1:
            self._paint_empty(p, pal)
        if self._drop_gap is not None and len(self.cards) > 1:
            self._paint_drop_indicator(p, self._drop_gap)
        if self._read_only:
            p.fillRect(self.rect(), QColor(255, 255, 255, 90))

    def _paint_connector(self, p: QPainter, top: float, bottom: float, x: float) -> None:
        color = QColor("#b8c0cc")
        p.setPen(QPen(color, 1.6))
        p.drawLine(QPointF(x, top + 3), QPointF(x, bottom - 5))
        path = QPainterPath()
        path.moveTo(x - 4.5, bottom - 8.5)
        path.lineTo(x, bottom - 3)
        path.lineTo(x + 4.5, bottom - 8.5)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)

    def _paint_card(self, p: QPainter, card: Card, rect: QRectF, pal: QPalette) -> None:
        selected = card.index == self._current
        focused = selected and self.hasFocus()
        # soft shadow, then the card
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(20, 30, 50, 16))
        p.drawRoundedRect(rect.translated(0, 1.5), 10, 10)
        base = QColor("#ffffff")
        if selected:
            base = QColor("#f3f6ff")
        border = QColor("#d6dbe3")
        if card.severity == "error":
            border = QColor("#eba9ab")
        elif card.severity == "warning":
            border = QColor("#eccb94")
        if selected:
            border = QColor(ACCENT)
        p.setBrush(base)
        p.setPen(QPen(border, 2.0 if selected else 1.0))
        p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
        if focused:
            ring = QColor(ACCENT)
            ring.setAlphaF(0.25)
            p.setPen(QPen(ring, 3.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect.adjusted(-2.5, -2.5, 2.5, 2.5), 12, 12)

        head_h = INPUT_H if card.index == INPUT_CARD else CARD_H
        head = QRectF(rect.left(), rect.top(), rect.width(), head_h)
        # the kind's tile
        tile = QRectF(head.left() + 14, head.center().y() - 18, 36, 36)
        if card.index == INPUT_CARD:
            self._paint_input_tile(p, tile)
        else:
            paint_layer_glyph(p, tile, view_for(card.kind).glyph_name(), card.color)
        text_left = tile.right() + 14
        right = head.right() - 14

        # right side: position / output tag and the severity mark
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.88)
        if card.severity:
            mark = QRectF(right - 20, head.center().y() - 10, 20, 20)
            paint_severity(p, mark, card.severity)
            right = mark.left() - 10
        tag = self._tag_text(card)
        if tag:
            p.setFont(small)
            fm = QFontMetrics(small)
            tw = fm.horizontalAdvance(tag) + 16
            pill = QRectF(right - tw, head.center().y() - 11, tw, 22)
            if card.is_output:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor("#e7eefc"))
                p.drawRoundedRect(pill, 11, 11)
                p.setPen(QColor(ACCENT))
            else:
                p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(pill, Qt.AlignmentFlag.AlignCenter, tag)
            right = pill.left() - 10

        # title and detail on the first line, shape and parameters on the second
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(self.font().pointSizeF() * 1.05)
        fm_bold = QFontMetrics(bold)
        line1 = QRectF(text_left, head.top() + 10, right - text_left, head_h / 2 - 10)
        p.setFont(bold)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        title_w = fm_bold.horizontalAdvance(card.title)
        p.drawText(line1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, card.title)
        if card.detail:
            regular = QFont(self.font())
            regular.setPointSizeF(self.font().pointSizeF() * 1.05)
            p.setFont(regular)
            p.setPen(QColor("#3d4653"))
            detail_rect = line1.adjusted(title_w + 10, 0, 0, 0)
            p.drawText(detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                       QFontMetrics(regular).elidedText(card.detail, Qt.TextElideMode.ElideRight, int(detail_rect.width())))
        p.setFont(small)
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        line2 = QRectF(text_left, head.center().y() + 3, right - text_left, head_h / 2 - 10)
        p.drawText(line2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   QFontMetrics(small).elidedText(card.info, Qt.TextElideMode.ElideRight, int(line2.width())))

        if card.messages:
            band = QRectF(rect.left() + 1, head.bottom(), rect.width() - 2, MESSAGE_H - 1)
            color = QColor(ERROR_COLOR if card.severity == "error" else WARNING_COLOR)
            tint = QColor(color)
            tint.setAlphaF(0.09)
            path = QPainterPath()
            path.addRoundedRect(band, 9, 9)
            top_half = QPainterPath()
            top_half.addRect(QRectF(band.left(), band.top(), band.width(), band.height() / 2))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(tint)
            p.drawPath(path.united(top_half))
            p.setPen(color.darker(125))
            p.setFont(small)
            more = len(card.messages) - 1
            text = card.messages[0] + (self.tr("  (+{count} more)").format(count=more) if more else "")
            text_rect = band.adjusted(text_left - rect.left(), 0, -14, 0)
            p.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       QFontMetrics(small).elidedText(text, Qt.TextElideMode.ElideRight, int(text_rect.width())))

    def _tag_text(self, card: Card) -> str:
        if card.index == INPUT_CARD:
            return ""
        if card.is_output:
            return self.tr("Output")
        return self.tr("Layer {number}").format(number=card.index + 1)

    def _paint_input_tile(self, p: QPainter, tile: QRectF) -> None:
        p.save()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#eceff3"))
        p.drawRoundedRect(tile, 8, 8)
        cell = tile.width() / 6
        for row in range(4):
            for col in range(4):
                shade = 90 + ((row * 3 + col * 5) % 7) * 22
                p.setBrush(QColor(shade, shade + 6, shade + 14))
                p.drawRect(QRectF(tile.left() + cell * (1 + col), tile.top() + cell * (1 + row), cell - 1, cell - 1))
        p.restore()

    def _paint_empty(self, p: QPainter, pal: QPalette) -> None:
        r = self._empty_rect()
        target = self._drop_gap is not None  # a drag is over the stack: this is where it lands
        pen = QPen(QColor(ACCENT if target else "#aab3c0"), 2.0 if target else 1.4, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QColor("#e7eefc") if target else Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(r, 10, 10)
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.tr("Drag a Dense layer here from the palette to start"))

    def _paint_drop_indicator(self, p: QPainter, gap: int) -> None:
        y = self.gap_y(gap)
        w = self._card_width()
        x0 = (self.width() - w) / 2
        pen = QPen(QColor(ACCENT), 3.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(x0 + 8, y), QPointF(x0 + w - 8, y))
        p.setBrush(QColor("white"))
        p.setPen(QPen(QColor(ACCENT), 2.5))
        p.drawEllipse(QPointF(x0 + 4, y), 5, 5)
        p.drawEllipse(QPointF(x0 + w - 4, y), 5, 5)

    # ------------------------------------------------------------------ mouse and keyboard

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        index = self.index_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos = event.position().toPoint()
            self._press_index = index
            if index is not None:
                self.set_current(index)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if (self._press_pos is not None and self._press_index is not None and self._press_index >= 0
                and not self._read_only and event.buttons() & Qt.MouseButton.LeftButton
                and (event.position().toPoint() - self._press_pos).manhattanLength() >= QApplication.startDragDistance()):
            index = self._press_index
            self._press_pos = self._press_index = None
            self._start_move_drag(index, event.position().toPoint())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press_pos = self._press_index = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position())
        if index is not None and index >= 0:
            self.editRequested.emit(index)

    def move_mime(self, index: int) -> QMimeData:
        """The drag data of moving the card at `index` (only this view accepts it)."""
        data = QMimeData()
        data.setData(MIME_MOVE, QByteArray(f"{os.getpid()}:{id(self)}:{index}".encode()))
        return data

    def _move_source(self, mime: QMimeData) -> int | None:
        if mime is None or not mime.hasFormat(MIME_MOVE):
            return None
        try:
            pid, view, index = bytes(mime.data(MIME_MOVE).data()).decode().split(":")
            if int(pid) == os.getpid() and int(view) == id(self):
                return int(index) if 0 <= int(index) < len(self.document.design.layers) else None
        except ValueError:
            pass
        return None

    def _start_move_drag(self, index: int, pos: QPoint) -> None:
        rect = self.card_rect(index).toAlignedRect()
        drag = QDrag(self)
        drag.setMimeData(self.move_mime(index))
        pixmap: QPixmap = self.grab(rect)
        drag.setPixmap(pixmap)
        drag.setHotSpot(pos - rect.topLeft())
        self._dragging_index = index
        self.update()
        try:
            drag.exec(Qt.DropAction.MoveAction)
        finally:
            self._dragging_index = None
            self._drop_gap = None
            self.update()

    def _accepts(self, mime: QMimeData) -> bool:
        return not self._read_only and (kind_from_mime(mime) is not None or self._move_source(mime) is not None)

    def dragEnterEvent(self, event) -> None:
        if self._accepts(event.mimeData()):
            self._drop_gap = self.gap_at(event.position())
            event.acceptProposedAction()
            self.update()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if not self._accepts(event.mimeData()):
            event.ignore()
            return
        gap = self.gap_at(event.position())
        if gap != self._drop_gap:
            self._drop_gap = gap
            self.update()
        area = self._scroll_area()
        if area is not None:
            area.ensureVisible(int(event.position().x()), int(event.position().y()), 0, 40)
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._drop_gap = None
        self.update()

    def dropEvent(self, event) -> None:
        """Only reports the drop; the design page pushes the undo command."""
        mime = event.mimeData()
        gap = self.gap_at(event.position())
        self._drop_gap = None
        self.update()
        if self._read_only:
            event.ignore()
            return
        source = self._move_source(mime)
        if source is not None:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self.layerMoveRequested.emit(source, gap)
            return
        kind = kind_from_mime(mime)
        if kind is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.layerDropped.emit(kind, gap)
            return
        event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        n = len(self.document.design.layers)
        cur = self._current
        if mods & Qt.KeyboardModifier.AltModifier:
            super().keyPressEvent(event)  # Alt+Up/Down are the Move actions
            return
        if key == Qt.Key.Key_Up:
            self.set_current(INPUT_CARD if cur is None else max(INPUT_CARD, cur - 1))
        elif key == Qt.Key.Key_Down:
            self.set_current(INPUT_CARD if cur is None else min(n - 1, cur + 1) if n else INPUT_CARD)
        elif key == Qt.Key.Key_Home:
            self.set_current(INPUT_CARD)
        elif key == Qt.Key.Key_End:
            self.set_current(n - 1 if n else INPUT_CARD)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and cur is not None and cur >= 0:
            self.editRequested.emit(cur)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.index_at(event.pos())
            if index is not None:
                self.set_current(index)
            pos = event.globalPos()
        else:
            index = self._current
            rect = self.card_rect(index) if index is not None else QRectF(self.rect())
            pos = self.mapToGlobal(QPoint(int(rect.left() + 40), int(rect.bottom() - 8)))
        self.contextMenuRequested.emit(index, pos)

    def focusInEvent(self, event) -> None:
        if self._current is None and self.cards:
            self.set_current(0 if len(self.cards) > 1 else INPUT_CARD)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)

    def tooltip_at(self, pos: QPoint) -> str:
        index = self.index_at(pos)
        if index is None:
            return ""
        card = self.cards[index + 1]
        lines = [f"{card.title} — {card.detail}" if card.detail else card.title, card.info, *card.messages]
        return "\n".join(lines)

    def event(self, event) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QToolTip

        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self, QRect())
            else:
                QToolTip.showText(event.globalPos(), self.toolTip(), self)
            return True
        return super().event(event)


__all__ = ["LayerStackView", "Card", "MIME_MOVE", "MIME_LAYER", "INPUT_CARD"]
