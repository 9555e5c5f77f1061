"""The layer palette: the kinds of layer a learner can drag into the network.

Dragging an entry carries the MIME type ``application/x-layerlab-layer`` whose data
is the layer type ("dense"); the layer stack accepts it. Enter or a double click
asks for the layer to be added at the current position instead (`layerActivated`),
so the palette works without a mouse too.
"""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QSizePolicy,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from designer.layer_views import view_for
from designer.text import names
from designer.widgets.icons import paint_layer_glyph

#: what a drag from the palette carries: the layer type, UTF-8
MIME_LAYER = "application/x-layerlab-layer"
KIND_ROLE = Qt.ItemDataRole.UserRole
BLURB_ROLE = Qt.ItemDataRole.UserRole + 1


def layer_mime(kind: str) -> QMimeData:
    data = QMimeData()
    data.setData(MIME_LAYER, kind.encode("utf-8"))
    return data


def kind_from_mime(mime: QMimeData) -> str | None:
    """The layer type a drag carries, if it is one the core can build."""
    if mime is None or not mime.hasFormat(MIME_LAYER):
        return None
    kind = bytes(mime.data(MIME_LAYER).data()).decode("utf-8", "replace")
    return kind if kind in names.available_kinds() else None


class _EntryDelegate(QStyledItemDelegate):
    """An entry: the kind's tile, its name in bold, what it does in grey below."""

    HEIGHT = 52

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(180, self.HEIGHT)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect).adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        kind = index.data(KIND_ROLE)
        color = names.layer_color(kind)
        if selected or hover:
            bg = QColor(color)
            bg.setAlphaF(0.12 if selected else 0.06)
            p.setPen(QColor(color) if selected and option.state & QStyle.StateFlag.State_HasFocus else Qt.PenStyle.NoPen)
            p.setBrush(bg)
            p.drawRoundedRect(r, 7, 7)
        if not enabled:
            p.setOpacity(0.45)
        tile = QRectF(r.left() + 8, r.center().y() - 15, 30, 30)
        paint_layer_glyph(p, tile, view_for(kind).glyph_name(), color)
        text_left = tile.right() + 10
        title_font = QFont(option.font)
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(option.palette.color(QPalette.ColorRole.Text))
        title_rect = QRectF(text_left, r.top() + 6, r.right() - text_left - 6, r.height() / 2 - 4)
        p.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, index.data(Qt.ItemDataRole.DisplayRole))
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.86)
        p.setFont(small)
        p.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        blurb_rect = QRectF(text_left, r.center().y() + 1, r.right() - text_left - 6, r.height() / 2 - 4)
        blurb = p.fontMetrics().elidedText(index.data(BLURB_ROLE), Qt.TextElideMode.ElideRight, int(blurb_rect.width()))
        p.drawText(blurb_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, blurb)
        p.restore()


class LayerPalette(QListWidget):
    """Drag source for new layers; Enter or double click adds one where the user is working."""

    #: add a layer of this type at the current position (keyboard, double click)
    layerActivated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("LayerPalette")
        self.setItemDelegate(_EntryDelegate(self))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAccessibleName(self.tr("Layer palette"))
        self.setToolTip(self.tr("Drag a layer into the network, or select it and press Enter to add it below the selected layer."))
        for kind in names.available_kinds():
            item = QListWidgetItem(names.layer_title(kind))
            item.setData(KIND_ROLE, kind)
            item.setData(BLURB_ROLE, names.layer_blurb(kind))
            item.setToolTip(self.tr("{title}: {blurb}.\nDrag it into the network, or press Enter to add it.").format(
                title=names.layer_title(kind), blurb=names.layer_blurb(kind)))
            self.addItem(item)
        self.setCurrentRow(0)
        self.itemDoubleClicked.connect(lambda item: self.layerActivated.emit(item.data(KIND_ROLE)))
        # every entry when there is room; in a short window, three and a scroll bar
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(self._height_for(min(3, self.count())))

    def _height_for(self, entries: int) -> int:
        return entries * _EntryDelegate.HEIGHT + 2 * self.frameWidth() + 4

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(self.count()))

    def item_for(self, kind: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(KIND_ROLE) == kind:
                return self.item(row)
        return None

    # the palette's own drag data
    def mimeTypes(self) -> list[str]:
        return [MIME_LAYER]

    def mimeData(self, items) -> QMimeData:
        items = list(items)
        return layer_mime(items[0].data(KIND_ROLE) if items else "")

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.currentItem() is not None:
            self.layerActivated.emit(self.currentItem().data(KIND_ROLE))
            event.accept()
            return
        super().keyPressEvent(event)


__all__ = ["LayerPalette", "MIME_LAYER", "layer_mime", "kind_from_mime"]
