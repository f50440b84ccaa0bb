"""The charts of the printed reports, drawn as vector graphics with the embedded font.

Charts take plain numbers and labels (no markup is read in a chart, so text needs no
escaping here) and return a reportlab ``Drawing`` that flows like any paragraph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from relman.reports.pdf import ACCENT, BAD, FONT, GOOD, INK, MUTED, RULE, SHADE, WIDTH

#: the survey scale and the quadrant's "high" rating (relman.models.satisfaction)
LOW, HIGH, SPLIT = 1, 5, 4


def satisfaction_trend(points: Sequence[tuple[str, float]], height: float = 170) -> Drawing:
    """Overall satisfaction per quarter (1–5), oldest first, as a line with its values."""
    drawing = Drawing(WIDTH, height)
    left, bottom, right, top = 28, 28, WIDTH - 8, height - 10

    def y_of(score: float) -> float:
        return bottom + (score - LOW) / (HIGH - LOW) * (top - bottom)

    for score in range(LOW, HIGH + 1):
        y = y_of(score)
        drawing.add(Line(left, y, right, y, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(
            String(
                left - 6,
                y - 3,
                str(score),
                fontName=FONT,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    if not points:
        return drawing
    step = (right - left) / max(len(points) - 1, 1)
    xy = [
        (left + i * step if len(points) > 1 else (left + right) / 2, y_of(v))
        for i, (_q, v) in enumerate(points)
    ]
    if len(xy) > 1:
        drawing.add(PolyLine([c for p in xy for c in p], strokeColor=ACCENT, strokeWidth=1.6))
    every = max(1, len(points) // 12)  # at most about twelve labels under the axis
    for i, ((quarter, value), (x, y)) in enumerate(zip(points, xy, strict=True)):
        drawing.add(Circle(x, y, 2.4, fillColor=ACCENT, strokeColor=ACCENT))
        if i % every == 0 or i == len(points) - 1:
            drawing.add(
                String(
                    x,
                    bottom - 14,
                    quarter,
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
            drawing.add(
                String(
                    x,
                    y + 5,
                    f"{value:.1f}",
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
    return drawing


QUADRANT_NAMES = (
    # (importance high?, satisfaction high?, label, colour)
    (True, False, "Fix first", BAD),
    (True, True, "Keep doing", GOOD),
    (False, False, "Later", MUTED),
    (False, True, "Over-spent?", ACCENT),
)


def priority_quadrant(ratings: Sequence[tuple[int, int]], size: float = 230) -> Drawing:
    """Support issues by (importance, satisfaction), each 1–5: importance up, satisfaction
    to the right; 4 and 5 count as high. A dot's number says how many issues share it."""
    drawing = Drawing(WIDTH, size + 44)
    left, bottom = (WIDTH - size) / 2, 24
    cell = size / HIGH

    def at(rating: int) -> float:
        return (rating - 0.5) * cell

    split = (SPLIT - 1) * cell
    for important, satisfied, label, colour in QUADRANT_NAMES:
        x = left + (split if satisfied else 0)
        y = bottom + (split if important else 0)
        w = size - split if satisfied else split
        h = size - split if important else split
        drawing.add(
            Rect(
                x,
                y,
                w,
                h,
                fillColor=SHADE if important else colors.white,
                strokeColor=RULE,
                strokeWidth=0.6,
            )
        )
        drawing.add(String(x + 4, y + h - 10, label, fontName=FONT, fontSize=7.5, fillColor=colour))
    for rating in range(LOW, HIGH + 1):
        drawing.add(
            String(
                left + at(rating),
                bottom - 10,
                str(rating),
                fontName=FONT,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        drawing.add(
            String(
                left - 6,
                bottom + at(rating) - 3,
                str(rating),
                fontName=FONT,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    drawing.add(
        String(
            left + size / 2,
            2,
            "satisfaction",
            fontName=FONT,
            fontSize=7.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    drawing.add(
        String(
            left - 20, bottom + size + 6, "importance", fontName=FONT, fontSize=7.5, fillColor=INK
        )
    )
    for (importance, satisfaction), count in sorted(Counter(ratings).items()):
        x, y = left + at(satisfaction), bottom + at(importance)
        radius = min(4 + 2 * count, cell / 2 - 2)
        colour = BAD if importance >= SPLIT and satisfaction < SPLIT else ACCENT
        drawing.add(Circle(x, y, radius, fillColor=colour, strokeColor=colors.white))
        drawing.add(
            String(
                x,
                y - 3,
                str(count),
                fontName=FONT,
                fontSize=7,
                fillColor=colors.white,
                textAnchor="middle",
            )
        )
    drawing.add(Line(left, bottom, left, bottom + size, strokeColor=INK, strokeWidth=0.6))
    drawing.add(Line(left, bottom, left + size, bottom, strokeColor=INK, strokeWidth=0.6))
    return drawing
