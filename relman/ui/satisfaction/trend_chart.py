"""The survey trend of a unit: overall satisfaction (1–5) per quarter, joined by a line, with
the baseline (the first survey) as a dashed line across. A point above the baseline is
green, below it red, on it grey, and its label says the score and the change in words too;
each point opens its survey."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

from relman.ui.satisfaction.chart import ChartPoint, PointChart
from relman.workflows.satisfaction_views import SurveyTrend, TrendPoint

BETTER, WORSE, SAME = "#2e7d32", "#c62828", "#607d8b"
BASELINE = "#455a64"
LOW, HIGH = 1, 5


def change_words(delta: float) -> str:
    """A change of the overall score as words: "+0.25 on the baseline"."""
    if delta == 0:
        return "level with the baseline"
    return f"{delta:+.2f} on the baseline"


def colour_of(point: TrendPoint) -> str:
    if point.vs_baseline > 0:
        return BETTER
    return WORSE if point.vs_baseline < 0 else SAME


class TrendChart(PointChart):
    empty_text = "No survey recorded for this unit yet: record the first one, its baseline."

    def __init__(self) -> None:
        super().__init__("Satisfaction trend")
        self.trend: SurveyTrend | None = None

    def set_trend(self, trend: SurveyTrend) -> None:
        self.trend = trend
        points = []
        for p in trend.points:
            what = "baseline" if p is trend.baseline else change_words(p.vs_baseline)
            points.append(
                ChartPoint(
                    p.survey_id,
                    f"{p.quarter}: overall {p.overall:.2f} of 5, {what}, "
                    f"{p.respondents} respondents",
                    colour_of(p),
                )
            )
        self.set_points(points)

    def label_every(self, step: float) -> int:
        """Label every how many quarters, so that labels ``step`` pixels apart never touch."""
        wide = self.fontMetrics().horizontalAdvance("2026-Q4") + 8
        return max(1, math.ceil(wide / max(step, 1)))

    @staticmethod
    def labelled(index: int, count: int, every: int) -> bool:
        """Many quarters: every few is labelled, and always the latest (those too close to
        it give way)."""
        last = count - 1
        return index == last or (index % every == 0 and last - index >= every)

    def _y(self, area: QRectF, score: float) -> float:
        return area.bottom() - (score - LOW) / (HIGH - LOW) * area.height()

    def place(self, area: QRectF) -> list[QPointF]:
        assert self.trend is not None
        count = len(self.trend.points)
        step = area.width() / count
        self.fit_radius(step)
        return [
            QPointF(area.left() + step * (i + 0.5), self._y(area, p.overall))
            for i, p in enumerate(self.trend.points)
        ]

    def draw_frame(self, painter: QPainter, area: QRectF) -> None:
        palette = self.palette()
        text, grid = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Mid)
        metrics = self.fontMetrics()
        for score in range(LOW, HIGH + 1):
            y = self._y(area, score)
            painter.setPen(QPen(grid, 0.5))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            label = QRectF(0, y - metrics.height() / 2, area.left() - 6, metrics.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignRight, str(score))
        painter.setPen(QPen(text, 1))
        painter.drawLine(area.bottomLeft(), area.topLeft())
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if self.trend is None or self.trend.baseline is None:
            return
        base = self.trend.baseline
        y = self._y(area, base.overall)
        painter.setPen(QPen(QColor(BASELINE), 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.setPen(QColor(BASELINE))
        words = f"Baseline {base.quarter}: {base.overall:.2f}"
        # above the line, unless that is off the chart
        top = y - metrics.height() - 2 if y - metrics.height() > area.top() else y + 2
        painter.drawText(
            QRectF(area.left() + 4, top, area.width() - 8, metrics.height()),
            Qt.AlignmentFlag.AlignRight,
            words,
        )
        step = area.width() / len(self.trend.points)
        every = self.label_every(step)
        painter.setPen(text)
        for i, p in enumerate(self.trend.points):
            if not self.labelled(i, len(self.trend.points), every):
                continue
            x = area.left() + step * (i + 0.5)
            below = QRectF(x - 50, area.bottom() + 4, 100, metrics.height())
            painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, p.quarter)
            change = "baseline" if p is base else f"{p.vs_baseline:+.2f}"
            under = below.translated(0, metrics.height())
            painter.setPen(QColor(colour_of(p)))
            painter.drawText(under, Qt.AlignmentFlag.AlignHCenter, change)
            painter.setPen(text)

    def draw_before_points(self, painter: QPainter, where: list[QPointF]) -> None:
        assert self.trend is not None or not where
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text), 1.6))
        for a, b in itertools.pairwise(where):
            painter.drawLine(a, b)
        metrics = self.fontMetrics()
        if self.trend is None:
            return
        every = self.label_every(where[1].x() - where[0].x() if len(where) > 1 else 1e9)
        for i, (at, p) in enumerate(zip(where, self.trend.points, strict=True)):
            if not self.labelled(i, len(where), every):
                continue
            label = f"{p.overall:.2f}"
            top = at.y() - self.radius - metrics.height() - 4
            box = QRectF(at.x() - 40, top, 80, metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, label)
