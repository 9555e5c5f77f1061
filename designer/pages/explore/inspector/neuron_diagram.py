"""A small network drawn as in a textbook: circles for neurons, lines for weights.

Shown by the Inspector when every layer has at most `MAX_UNITS` neurons (the worked
example's 2-2-2). Each neuron shows its value once the forward pass has reached it
(z after the weighted sum, then a after the activation) and, on the way back, its
∂L/∂z in orange. Weights are lines, red for positive and blue for negative, thicker
when larger; in small networks they carry their values (or ∂L/∂w once computed).
The layer the current step works on is outlined.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.explain.inspect import BACKWARD, Trace, number
from designer.pages.explore.explore_common import BLUE, ORANGE, TEXT

#: networks with more neurons than this in some layer are not drawn
MAX_UNITS = 8
#: weights are labelled with their values when no layer is wider than this
LABEL_UNITS = 3
POSITIVE = QColor(178, 24, 43)
NEGATIVE = QColor(33, 102, 172)


def fully_connected(lt) -> bool:
    """A layer the diagram draws as a column of neurons: one with a weight matrix (inputs x units)."""
    return lt.W is not None and lt.W.ndim == 2


def fits(trace: Trace | None) -> bool:
    if trace is None:
        return False
    sizes = [trace.x.size] + [lt.a.size for lt in trace.layers if fully_connected(lt)]
    return max(sizes) <= MAX_UNITS


class NeuronDiagram(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._trace: Trace | None = None
        self._index = 0
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_state(self, trace: Trace | None, index: int) -> None:
        self._trace, self._index = trace, index
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(700, 280)

    # ------------------------------------------------------------------ what is known at this step

    def _progress(self):
        """Per dense layer (by design index): the forward value shown ("z"/"a"/None), ∂L/∂z known, ∂L/∂W known."""
        tr = self._trace
        shown: dict[int, str] = {}
        dz: set[int] = set()
        dw: set[int] = set()
        for step in tr.steps[: self._index + 1]:
            if step.kind == "weighted_sum":
                shown[step.layer] = "z"
            elif step.kind == "activation":
                shown[step.layer] = "a"
            elif step.kind == "activation_gradient":
                dz.add(step.layer)
            elif step.kind == "weight_gradient":
                dw.add(step.layer)
        return shown, dz, dw

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event) -> None:  # noqa: N802
        tr = self._trace
        if not fits(tr):
            return
        step = tr.steps[min(self._index, len(tr.steps) - 1)]
        dense = [lt for lt in tr.layers if fully_connected(lt)]
        shown, dz, dw = self._progress()
        columns = [tr.x.size] + [lt.a.size for lt in dense]
        n_cols = len(columns)
        width, height = self.width(), self.height()
        # each neuron needs its circle, its name above and its gradient below
        slot = (height - 8) / max(columns)
        radius = max(11.0, min(28.0, (slot - 36) / 2))
        left, right = radius + 50, radius + 150  # room on the right for the target and the loss
        xs = [left + i * (width - left - right) / max(1, n_cols - 1) for i in range(n_cols)]

        def ys(n: int) -> list[float]:
            gap = min(slot, 2 * radius + 70)
            top = height / 2 - gap * (n - 1) / 2
            return [top + k * gap for k in range(n)]

        centres = [[QPointF(xs[c], y) for y in ys(n)] for c, n in enumerate(columns)]
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.88)
        accent = BLUE if step.direction != BACKWARD else ORANGE.darker(110)
        active = step.layer
        label_weights = max(columns) <= LABEL_UNITS

        # ---- weights (lines) first, under the neurons
        for c, lt in enumerate(dense, start=1):
            W = lt.W
            wmax = float(abs(W).max()) or 1.0
            lit = lt.index == active and step.kind in ("weighted_sum", "weight_gradient", "input_gradient")
            for i, a in enumerate(centres[c - 1]):
                for j, b in enumerate(centres[c]):
                    w = float(W[i, j])
                    color = POSITIVE if w >= 0 else NEGATIVE
                    if not lit:
                        color = QColor(color.red(), color.green(), color.blue(), 110)
                    p.setPen(QPen(color, 0.8 + 3.2 * abs(w) / wmax))
                    p.drawLine(a, b)
            if label_weights:
                p.setFont(small)
                for i, a in enumerate(centres[c - 1]):
                    for j, b in enumerate(centres[c]):
                        t = 0.28 if len(centres[c]) > 1 else 0.5
                        at = QPointF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t)
                        if lt.index in dw:
                            text, color = f"∂L/∂w {number(lt.dL_dW[i, j])}", ORANGE.darker(120)
                        else:
                            text, color = f"w {number(lt.W[i, j])}", QColor(70, 70, 70)
                        self._tag(p, at, text, color)

        # ---- neurons
        for c, points in enumerate(centres):
            lt = dense[c - 1] if c else None
            is_active = (c == 0 and step.kind == "input") or (lt is not None and lt.index == active) \
                or (c == n_cols - 1 and step.kind in ("loss", "loss_gradient"))
            for k, centre in enumerate(points):
                rect = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
                p.setPen(QPen(accent if is_active else QColor(150, 150, 150), 2.4 if is_active else 1.2))
                p.setBrush(QColor(255, 255, 255))
                p.drawEllipse(rect)
                p.setFont(font)
                p.setPen(TEXT)
                if c == 0:
                    value, name = tr.x[k], f"x{_sub(k + 1)}"
                else:
                    kind = shown.get(lt.index)
                    value = None if kind is None else (lt.z[k] if kind == "z" else lt.a[k])
                    number_k = k if c == n_cols - 1 else k + 1  # outputs are classes: 0, 1, ...
                    name = ("y" if c == n_cols - 1 else "a") + _sub(number_k)
                    if kind == "z":
                        name = "z" + _sub(number_k)
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "" if value is None else number(value, 3))
                p.setFont(small)
                p.setPen(QColor(110, 110, 110))
                above = QRectF(centre.x() - 40, centre.y() - radius - 18, 80, 16)
                p.drawText(above, Qt.AlignmentFlag.AlignCenter, name)
                if lt is not None and lt.index in dz:
                    p.setPen(ORANGE.darker(120))
                    below = QRectF(centre.x() - 60, centre.y() + radius + 2, 120, 16)
                    p.drawText(below, Qt.AlignmentFlag.AlignCenter, f"∂L/∂z {number(lt.dL_dz[k], 3)}")

        # ---- the target and the loss beside the outputs
        if any(s.kind == "loss" for s in tr.steps[: self._index + 1]):
            p.setFont(small)
            for k, centre in enumerate(centres[-1]):
                p.setPen(QColor(90, 90, 90))
                p.drawText(QRectF(centre.x() + radius + 6, centre.y() - 9, 60, 18),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"t = {number(tr.target[k])}")
            p.setFont(font)
            p.setPen(TEXT)
            middle = (centres[-1][0].y() + centres[-1][-1].y()) / 2
            p.drawText(QRectF(xs[-1] + radius + 62, middle - 12, 100, 24),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"L = {number(tr.loss)}")
        p.end()

    def _tag(self, p: QPainter, at: QPointF, text: str, color: QColor) -> None:
        fm = QFontMetricsF(p.font())
        w, h = fm.horizontalAdvance(text) + 6, fm.height() + 2
        rect = QRectF(at.x() - w / 2, at.y() - h / 2, w, h)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 225))
        p.drawRoundedRect(rect, 3, 3)
        p.setPen(color)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(i: int) -> str:
    return str(i).translate(_SUB)


__all__ = ["NeuronDiagram", "fits", "MAX_UNITS"]
