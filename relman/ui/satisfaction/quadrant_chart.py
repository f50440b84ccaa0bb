"""The priority quadrant: each support issue at (satisfaction → right, importance ↑ up), both
rated 1–5, split between 3 and 4 (4 and 5 count as high). Each quadrant is shaded and named
in words; each issue is a numbered point in its quadrant's colour, the numbers those of the
list beside the chart. Issues sharing a rating sit side by side in the cell, so each can be
clicked; each opens its issue."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen

from relman.models import QUADRANT_LABELS, Quadrant
from relman.models.satisfaction import HIGH_RATING
from relman.ui.satisfaction.chart import ChartPoint, PointChart
from relman.workflows.satisfaction_views import RatedIssue

#: Per quadrant: the short name drawn in it, its points' colour, its shade.
STYLE = {
    Quadrant.FIX_FIRST: ("Fix first", "#c62828", "#fdecea"),
    Quadrant.KEEP_DOING: ("Keep doing it", "#2e7d32", "#e8f5e9"),
    Quadrant.LATER: ("Later", "#616161", "#f5f5f5"),
    Quadrant.OVERSPENT: ("Over-spent?", "#b26a00", "#fff4e0"),
}
LOW, HIGH = 1, 5
CELLS = HIGH - LOW + 1


def sentence(number: int, issue: RatedIssue) -> str:
    """What a point says: its number, title, ratings and quadrant, all in words."""
    return (
        f"{number}. {issue.title}: importance {issue.importance}, satisfaction "
        f"{issue.satisfaction} (rated {issue.quarter}) — {QUADRANT_LABELS[issue.quadrant]}"
    )


class QuadrantChart(PointChart):
    empty_text = "No support issue rated for this unit by this quarter."

    def __init__(self) -> None:
        super().__init__("Priority quadrant")
        self.issues: list[RatedIssue] = []

    def set_issues(self, issues: list[RatedIssue]) -> None:
        self.issues = issues
        self.set_points(
            [
                ChartPoint(i.id, sentence(n, i), STYLE[i.quadrant][1], str(n))
                for n, i in enumerate(issues, 1)
            ]
        )

    def plot_area(self) -> QRectF:
        """A square, so that a cell is as wide as it is high."""
        metrics = self.fontMetrics()
        left, bottom = 2 * metrics.height() + 8, 3 * metrics.height()
        top = metrics.height() + 8  # the important quadrants are named above the square
        side = min(self.width() - left - 12, self.height() - bottom - top)
        return QRectF(left + (self.width() - left - 12 - side) / 2, top, side, side)

    def _cell(self, area: QRectF) -> float:
        return area.width() / CELLS

    def _centre(self, area: QRectF, importance: int, satisfaction: int) -> QPointF:
        cell = self._cell(area)
        return QPointF(
            area.left() + (satisfaction - LOW + 0.5) * cell,
            area.bottom() - (importance - LOW + 0.5) * cell,
        )

    def place(self, area: QRectF) -> list[QPointF]:
        """Issues sharing a cell are laid out in a small square around its centre."""
        shared: dict[tuple[int, int], list[int]] = {}
        for index, issue in enumerate(self.issues):
            shared.setdefault((issue.importance, issue.satisfaction), []).append(index)
        where = [QPointF()] * len(self.issues)
        crowd = max(len(v) for v in shared.values())
        self.fit_radius(self._cell(area) / math.ceil(math.sqrt(crowd)))
        gap = 2 * self.radius + 4
        for (imp, sat), indexes in shared.items():
            centre = self._centre(area, imp, sat)
            per_row = math.ceil(math.sqrt(len(indexes)))
            rows = (len(indexes) + per_row - 1) // per_row
            for k, index in enumerate(indexes):
                row, col = divmod(k, per_row)
                in_row = min(per_row, len(indexes) - row * per_row)
                where[index] = QPointF(
                    centre.x() + (col - (in_row - 1) / 2) * gap,
                    centre.y() + (row - (rows - 1) / 2) * gap,
                )
        return where

    def draw_frame(self, painter: QPainter, area: QRectF) -> None:
        palette = self.palette()
        text, grid = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Mid)
        cell = self._cell(area)
        split = (HIGH_RATING - LOW) * cell  # from the low end to the 3|4 boundary
        bold = QFont(self.font())
        bold.setBold(True)
        for q, (name, colour, shade) in STYLE.items():
            important = q in (Quadrant.FIX_FIRST, Quadrant.KEEP_DOING)
            satisfied = q in (Quadrant.KEEP_DOING, Quadrant.OVERSPENT)
            x = area.left() + (split if satisfied else 0)
            w = area.width() - split if satisfied else split
            h = area.height() - split if important else split
            y = area.top() if important else area.bottom() - split
            box = QRectF(x, y, w, h)
            painter.fillRect(box, QColor(shade))
            painter.setFont(bold)
            painter.setPen(QColor(colour))
            # named where points seldom are: above the square for the important ones,
            # along the bottom (importance 1) for the others
            named = (
                QRectF(x, area.top() - self.fontMetrics().height() - 4, w, 20)
                if important
                else box.adjusted(5, 3, -5, -3)
            )
            painter.drawText(
                named,
                Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft
                if not important
                else Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                name,
            )
        painter.setFont(self.font())
        painter.setPen(QPen(grid, 0.5, Qt.PenStyle.DotLine))
        for k in range(1, CELLS):
            painter.drawLine(
                QPointF(area.left() + k * cell, area.top()),
                QPointF(area.left() + k * cell, area.bottom()),
            )
            painter.drawLine(
                QPointF(area.left(), area.top() + k * cell),
                QPointF(area.right(), area.top() + k * cell),
            )
        painter.setPen(QPen(text, 1.5))
        painter.drawLine(
            QPointF(area.left() + split, area.top()), QPointF(area.left() + split, area.bottom())
        )
        painter.drawLine(
            QPointF(area.left(), area.bottom() - split),
            QPointF(area.right(), area.bottom() - split),
        )
        painter.setPen(QPen(text, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(area)
        self._draw_axes(painter, area, text)

    def _draw_axes(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        metrics, cell = self.fontMetrics(), self._cell(area)
        painter.setPen(text)
        for rating in range(LOW, HIGH + 1):
            centre = self._centre(area, rating, rating)
            below = QRectF(centre.x() - cell / 2, area.bottom() + 2, cell, metrics.height())
            painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, str(rating))
            beside = QRectF(area.left() - 24, centre.y() - metrics.height() / 2, 20, 20)
            painter.drawText(beside, Qt.AlignmentFlag.AlignRight, str(rating))
        axis = QRectF(area.left(), area.bottom() + metrics.height() + 4, area.width(), 20)
        painter.drawText(axis, Qt.AlignmentFlag.AlignHCenter, "Satisfaction →")
        painter.save()
        painter.translate(area.left() - 28 - metrics.height(), area.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-area.height() / 2, 0, area.height(), metrics.height() + 4),
            Qt.AlignmentFlag.AlignHCenter,
            "Importance →",
        )
        painter.restore()
