"""A chart of points drawn with QPainter that a keyboard can walk: Tab focuses the chart,
the arrow keys (or Home and End) move from point to point, Enter or Space opens the point,
and a click or a double-click does the same with the mouse. Each point has a sentence that
its tooltip shows and that screen readers hear as the chart's description.

Subclasses draw the frame (:meth:`PointChart.draw_frame`) and say where each point goes
(:meth:`PointChart.place`); this class draws the points, the focus ring and the empty state.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

#: A point's radius when there is room; crowded charts draw them smaller (:attr:`radius`).
RADIUS = 9.0
SMALLEST = 4.0


@dataclass(frozen=True)
class ChartPoint:
    """One point: the record it opens, what it says, its colour and a short mark inside."""

    id: uuid.UUID
    sentence: str
    colour: str
    mark: str = ""


class PointChart(QWidget):
    activated = Signal(object)  # the id of the point opened

    empty_text = "Nothing to show yet."

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(260, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.points: list[ChartPoint] = []
        self.current = -1
        self.opened: uuid.UUID | None = None  # the point whose record is shown, ringed
        self.radius = RADIUS  # set by :meth:`place` when points are crowded
        self._where: list[QPointF] = []

    def sizeHint(self) -> QSize:
        return QSize(480, 340)

    def set_points(self, points: list[ChartPoint]) -> None:
        """Show ``points``, keeping the one in focus when it is still there."""
        kept = self.points[self.current].id if 0 <= self.current < len(self.points) else None
        self.points = points
        ids = [p.id for p in points]
        self.current = ids.index(kept) if kept in ids else (0 if points else -1)
        self._describe()
        self.update()

    def mark_opened(self, point_id: uuid.UUID | None) -> None:
        """Ring the point whose record is shown beside the chart (None: none)."""
        self.opened = point_id
        self.update()

    def fit_radius(self, room: float) -> None:
        """Points ``room`` pixels apart: as large as fits, from :data:`SMALLEST` to full size."""
        self.radius = max(SMALLEST, min(RADIUS, room / 2 - 2))

    # -- for subclasses --------------------------------------------------------------------
    def plot_area(self) -> QRectF:
        """The rectangle inside the axes' labels."""
        m = self.fontMetrics()
        half_label = m.horizontalAdvance("2026-Q4") / 2  # the last quarter's label fits
        return QRectF(self.rect()).adjusted(
            m.horizontalAdvance("00000"), 12, -max(16, half_label), -3 * m.height()
        )

    def draw_frame(self, painter: QPainter, area: QRectF) -> None:
        """Axes, grid, labels: everything but the points."""

    def place(self, area: QRectF) -> list[QPointF]:
        """Where each point of :attr:`points` goes within ``area`` (and :attr:`radius`)."""
        raise NotImplementedError

    def draw_before_points(self, painter: QPainter, where: list[QPointF]) -> None:
        """Lines between points, if the chart joins them."""

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        area = self.plot_area()
        self.draw_frame(painter, area)
        self._where = self.place(area) if self.points else []
        if not self.points:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
        self.draw_before_points(painter, self._where)
        for index, (point, at) in enumerate(zip(self.points, self._where, strict=True)):
            self._draw_point(painter, point, at, index == self.current and self.hasFocus())
        painter.end()

    def _draw_point(self, painter: QPainter, point: ChartPoint, at: QPointF, focus: bool) -> None:
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QColor(point.colour))
        r = self.radius
        painter.drawEllipse(at, r, r)
        if point.mark and r >= RADIUS - 1:  # a number fits only in a full-sized point
            painter.setPen(QColor("white"))
            box = QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, point.mark)
        if point.id == self.opened:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(at, r + 2, r + 2)
        if focus:
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(at, r + 4, r + 4)

    # -- keyboard and mouse ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, count = event.key(), len(self.points)
        steps = {
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Up: -1,
        }
        if count and key in steps:
            self.focus_point((self.current + steps[key]) % count)
        elif count and key == Qt.Key.Key_Home:
            self.focus_point(0)
        elif count and key == Qt.Key.Key_End:
            self.focus_point(count - 1)
        elif count and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.points[self.current].id)
        else:
            super().keyPressEvent(event)

    def focus_point(self, index: int) -> None:
        self.current = index
        self._describe()
        self.update()

    def point_at(self, pos: QPointF) -> int:
        """The index of the point under ``pos`` (the nearest within reach), or -1."""
        reach = (self.radius + 3) ** 2
        best, found = reach, -1
        for index, at in enumerate(self._where):
            distance = (at.x() - pos.x()) ** 2 + (at.y() - pos.y()) ** 2
            if distance <= best:
                best, found = distance, index
        return found

    def where(self, index: int) -> QPointF:
        """Where point ``index`` was last drawn (for tests and tooltips)."""
        return self._where[index]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.point_at(event.position())
        if index < 0:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.focus_point(index)
        self.activated.emit(self.points[index].id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.point_at(event.position()) >= 0
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.point_at(QPointF(event.pos()))
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.points[index].sentence, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def _describe(self) -> None:
        """What a screen reader says of the chart: the point in focus, and how to move."""
        if not self.points:
            self.setAccessibleDescription(self.empty_text)
            return
        point = self.points[self.current]
        self.setAccessibleDescription(
            f"{point.sentence} (point {self.current + 1} of {len(self.points)}; "
            "arrow keys move, Enter opens)"
        )
