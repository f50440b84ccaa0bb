"""A small trend chart of an expectation's measured values: a line through the periods, the
target as a dashed line, each point green when met and red when missed. Drawn with QPainter
(no chart library to load for a few dozen points)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from relman.workflows.measurement_grid import GridRow

MET, MISSED = QColor("#1e8449"), QColor("#c0392b")
#: The chart shows the latest periods only: a trend, not the archive.
SHOWN = 12


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[GridRow] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(110)

    def sizeHint(self) -> QSize:
        return QSize(320, 110)

    def set_rows(self, rows: Sequence[GridRow]) -> None:
        """The grid's rows (newest first); only the measured ones are drawn, oldest left."""
        measured = [r for r in rows if r.value is not None]
        self.points = list(reversed(measured[:SHOWN]))
        tip = ", ".join(f"{r.period}: {r.value:g}" for r in self.points)
        self.setToolTip(tip or "Nothing measured yet")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(44, 10, -10, -22)
        text_pen = QPen(self.palette().color(self.foregroundRole()))
        painter.setPen(text_pen)
        if not self.points:
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "Nothing measured yet"
            )
            return
        values = [p.value for p in self.points if p.value is not None]
        targets = [p.target for p in self.points if p.target is not None]
        low, high = min(values + targets), max(values + targets)
        if high == low:
            low, high = low - 1, high + 1
        pad = (high - low) * 0.1
        low, high = low - pad, high + pad

        def y(value: float) -> float:
            return area.bottom() - (value - low) / (high - low) * area.height()

        def x(n: int) -> float:
            step = area.width() / max(len(self.points) - 1, 1)
            return area.left() + n * step if len(self.points) > 1 else area.center().x()

        painter.drawText(QRectF(0, y(high) - 8, 40, 16), Qt.AlignmentFlag.AlignRight, f"{high:.3g}")
        painter.drawText(QRectF(0, y(low) - 8, 40, 16), Qt.AlignmentFlag.AlignRight, f"{low:.3g}")
        target_pen = QPen(QColor("#7f8c8d"), 1, Qt.PenStyle.DashLine)
        painter.setPen(target_pen)
        for n, p in enumerate(self.points):
            if p.target is not None and n + 1 < len(self.points):
                nxt = self.points[n + 1].target
                if nxt is not None:
                    painter.drawLine(QPointF(x(n), y(p.target)), QPointF(x(n + 1), y(nxt)))
        if len(self.points) == 1 and self.points[0].target is not None:
            t = y(self.points[0].target)
            painter.drawLine(QPointF(area.left(), t), QPointF(area.right(), t))
        painter.setPen(QPen(QColor("#2e86c1"), 2))
        painter.drawPolyline([QPointF(x(n), y(p.value or 0)) for n, p in enumerate(self.points)])
        for n, p in enumerate(self.points):
            colour = MET if p.met else MISSED
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(x(n), y(p.value or 0)), 4, 4)
        painter.setPen(text_pen)
        first, last = self.points[0].period, self.points[-1].period
        bottom = QRectF(area.left(), area.bottom() + 4, area.width(), 16)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, first)
        if last != first:
            painter.drawText(bottom, Qt.AlignmentFlag.AlignRight, last)
