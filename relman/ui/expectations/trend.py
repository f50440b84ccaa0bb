"""A small trend chart of an expectation's measured values: a line through the periods, the
target as a labelled dashed line, each point green when met and red when missed, the value
axis on round steps in the unit of measure. Drawn with QPainter (no chart library to load
for a few dozen points)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from relman.workflows.expectation_views import terms_text
from relman.workflows.measurement_grid import GridRow

MET, MISSED = QColor("#1e8449"), QColor("#c0392b")
#: The chart shows the latest periods only: a trend, not the archive.
SHOWN = 12
GREY = QColor("#7f8c8d")


def nice_ticks(low: float, high: float, most: int = 4) -> list[float]:
    """Round values (steps of 1, 2, 2.5 or 5 times a power of ten) from at or below ``low``
    to at or above ``high``, at most ``most`` + 1 of them: an axis that reads 0, 10, 20."""
    if high <= low:
        low, high = low - 1, high + 1
    rough = (high - low) / most
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    first, last = math.floor(low / step), math.ceil(high / step)
    while last - first > most:  # rounding outwards can add a step: take the next size up
        step *= 2
        first, last = math.floor(low / step), math.ceil(high / step)
    return [round(n * step, 10) for n in range(first, last + 1)]


def spaced(labels: Sequence[str], width: float, fm: QFontMetrics) -> list[int]:
    """The indexes of the period labels to draw under ``width`` pixels without overlapping:
    every n-th, the latest always among them."""
    if not labels:
        return []
    room = width / max(len(labels) - 1, 1)
    widest = max(fm.horizontalAdvance(t) for t in labels) + 12
    every = max(1, math.ceil(widest / room)) if len(labels) > 1 else 1
    last = len(labels) - 1
    return sorted({n for n in range(last, -1, -every)})


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[GridRow] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(150)

    def sizeHint(self) -> QSize:
        return QSize(320, 150)

    def set_rows(self, rows: Sequence[GridRow]) -> None:
        """The grid's rows (newest first); only the measured ones are drawn, oldest left."""
        measured = [r for r in rows if r.value is not None]
        self.points = list(reversed(measured[:SHOWN]))
        unit = f" {self.unit}" if self.unit else ""
        tip = ", ".join(f"{r.period}: {r.value:g}{unit}" for r in self.points)
        self.setToolTip(tip or "Nothing measured yet")
        self.update()

    @property
    def unit(self) -> str:
        """The unit of measure of the latest point ("" when none is recorded)."""
        return next((p.target_unit for p in reversed(self.points) if p.target_unit), "")

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = painter.fontMetrics()
        text_pen = QPen(self.palette().color(self.foregroundRole()))
        painter.setPen(text_pen)
        if not self.points:
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "Nothing measured yet"
            )
            return
        values = [p.value for p in self.points if p.value is not None]
        targets = [p.target for p in self.points if p.target is not None]
        ticks = nice_ticks(min(values + targets), max(values + targets))
        low, high = ticks[0], ticks[-1]
        left = max(fm.horizontalAdvance(f"{t:g}") for t in ticks) + 10
        area = QRectF(self.rect()).adjusted(left, fm.height() + 8, -12, -(fm.height() + 8))

        def y(value: float) -> float:
            return area.bottom() - (value - low) / (high - low) * area.height()

        def x(n: int) -> float:
            step = area.width() / max(len(self.points) - 1, 1)
            return area.left() + n * step if len(self.points) > 1 else area.center().x()

        half = fm.height() / 2
        for tick in ticks:
            painter.setPen(QPen(QColor("#e5e8e8"), 1))
            painter.drawLine(QPointF(area.left(), y(tick)), QPointF(area.right(), y(tick)))
            painter.setPen(text_pen)
            box = QRectF(0, y(tick) - half, left - 6, fm.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignRight, f"{tick:g}")
        if self.unit:  # the axis says what its numbers count
            painter.drawText(QRectF(4, 2, area.width(), fm.height()), self.unit)
        self._draw_target(painter, area, y, x)
        painter.setPen(QPen(QColor("#2e86c1"), 2))
        painter.drawPolyline([QPointF(x(n), y(p.value or 0)) for n, p in enumerate(self.points)])
        for n, p in enumerate(self.points):
            colour = MET if p.met else MISSED
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(x(n), y(p.value or 0)), 4, 4)
        painter.setPen(text_pen)
        labels = [p.period for p in self.points]
        for n in spaced(labels, area.width(), fm):
            width = fm.horizontalAdvance(labels[n]) + 4
            # the first and last labels stay inside the chart, the others centred on their point
            at = min(max(x(n) - width / 2, 0), self.width() - width)
            box = QRectF(at, area.bottom() + 4, width, fm.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, labels[n])

    def _draw_target(
        self,
        painter: QPainter,
        area: QRectF,
        y: Callable[[float], float],
        x: Callable[[int], float],
    ) -> None:
        """The target as a dashed line, labelled with the latest one at its right end."""
        painter.setPen(QPen(GREY, 1, Qt.PenStyle.DashLine))
        for n, p in enumerate(self.points):
            if p.target is not None and n + 1 < len(self.points):
                nxt = self.points[n + 1].target
                if nxt is not None:
                    painter.drawLine(QPointF(x(n), y(p.target)), QPointF(x(n + 1), y(nxt)))
        if len(self.points) == 1 and self.points[0].target is not None:
            t = y(self.points[0].target)
            painter.drawLine(QPointF(area.left(), t), QPointF(area.right(), t))
        latest = self.points[-1]
        if latest.target is None:
            return
        fm = painter.fontMetrics()
        label = f"target {terms_text(latest.target, latest.target_unit)}"
        width = fm.horizontalAdvance(label) + 4
        t = y(latest.target)
        top = t - fm.height() - 1 if t - fm.height() - 1 >= 0 else t + 1  # above, if room
        painter.setPen(QPen(GREY))
        painter.drawText(QRectF(area.right() - width, top, width, fm.height()), label)
