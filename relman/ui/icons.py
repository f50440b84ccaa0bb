"""The application's icon and the sidebar's page icons, drawn with QPainter.

Drawn rather than shipped as files: they need no resource path, scale to any size, and look
the same on every platform (a theme icon of the same name differs from desktop to desktop,
and most pages have none). Main thread only (they paint pixmaps).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

INK = QColor("#37474f")  # the glyphs' lines: dark blue-grey, readable on light and selected
ACCENT = QColor("#1e6fb8")  # relman's blue: the application icon, one part of each glyph
SIZES = (16, 24, 32, 48, 64, 128, 256)

Draw = Callable[[QPainter], None]  # draws on a 32 × 32 canvas


def _pen(colour: QColor = INK, width: float = 2.2) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _icon(draw: Draw, sizes: tuple[int, ...] = (16, 24, 32, 48)) -> QIcon:
    icon = QIcon()
    for size in sizes:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 32, size / 32)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen())
        draw(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


# -- the application --------------------------------------------------------------------------
def _app(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ACCENT)
    p.drawRoundedRect(QRectF(1, 1, 30, 30), 7, 7)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(_pen(QColor("white"), 3))  # two linked rings: a relationship
    p.drawEllipse(QPointF(12.5, 16), 6.5, 6.5)
    p.drawEllipse(QPointF(19.5, 16), 6.5, 6.5)


def app_icon() -> QIcon:
    return _icon(_app, SIZES)


# -- the pages ---------------------------------------------------------------------------------
def _dashboard(p: QPainter) -> None:
    for x, y in ((5, 5), (18, 5), (5, 18), (18, 18)):
        p.drawRoundedRect(QRectF(x, y, 9, 9), 2, 2)
    p.fillRect(QRectF(19.5, 6.5, 6, 6), ACCENT)


def _units(p: QPainter) -> None:
    p.drawRect(QRectF(7, 4, 18, 24))
    for y in (9, 15):
        for x in (11, 18):
            p.drawPoint(QPointF(x + 1.5, y))
    p.fillRect(QRectF(13.5, 21, 5, 7), ACCENT)


def _person(p: QPainter, x: float, y: float, scale: float = 1.0) -> None:
    p.drawEllipse(QPointF(x, y), 4.5 * scale, 4.5 * scale)
    body = QPainterPath(QPointF(x - 8 * scale, y + 16 * scale))
    body.quadTo(QPointF(x - 8 * scale, y + 7 * scale), QPointF(x, y + 7 * scale))
    body.quadTo(QPointF(x + 8 * scale, y + 7 * scale), QPointF(x + 8 * scale, y + 16 * scale))
    p.drawPath(body)


def _contacts(p: QPainter) -> None:
    _person(p, 16, 9)
    p.setPen(_pen(ACCENT))
    p.drawLine(QPointF(12, 27), QPointF(20, 27))


def _services(p: QPainter) -> None:
    for y in (4, 13, 22):
        p.drawRoundedRect(QRectF(5, y, 22, 6), 1.5, 1.5)
    p.setPen(_pen(ACCENT, 2.6))
    for y in (7, 16, 25):
        p.drawPoint(QPointF(22, y))


def _staff(p: QPainter) -> None:
    _person(p, 11, 10, 0.8)
    p.setPen(_pen(ACCENT))
    _person(p, 21, 12, 0.8)


def _interviews(p: QPainter) -> None:
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(4, 5, 24, 16), 4, 4)
    p.drawPath(bubble)
    p.drawPolyline(QPolygonF([QPointF(10, 21), QPointF(9, 27), QPointF(16, 21)]))
    p.setPen(_pen(ACCENT))
    p.drawLine(QPointF(9, 11), QPointF(23, 11))
    p.drawLine(QPointF(9, 15), QPointF(19, 15))


def _expectations(p: QPainter) -> None:
    p.drawEllipse(QPointF(16, 16), 11, 11)
    p.drawEllipse(QPointF(16, 16), 6, 6)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ACCENT)
    p.drawEllipse(QPointF(16, 16), 2.5, 2.5)


def _escalations(p: QPainter) -> None:
    p.drawPolygon(QPolygonF([QPointF(16, 4), QPointF(29, 27), QPointF(3, 27)]))
    p.setPen(_pen(ACCENT, 2.6))
    p.drawLine(QPointF(16, 12), QPointF(16, 19))
    p.drawPoint(QPointF(16, 23.5))


def _meetings(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(4, 7, 24, 20), 2, 2)
    p.drawLine(QPointF(4, 13), QPointF(28, 13))
    p.drawLine(QPointF(10, 4), QPointF(10, 9))
    p.drawLine(QPointF(22, 4), QPointF(22, 9))
    p.fillRect(QRectF(17, 17, 6, 5), ACCENT)


def _actions(p: QPainter) -> None:
    for y in (5, 14, 23):
        p.drawRoundedRect(QRectF(4, y, 6, 6), 1.5, 1.5)
        p.drawLine(QPointF(14, y + 3), QPointF(28, y + 3))
    p.setPen(_pen(ACCENT, 2.4))
    p.drawPolyline(QPolygonF([QPointF(5, 8), QPointF(7, 10.5), QPointF(12, 3.5)]))


def _satisfaction(p: QPainter) -> None:
    p.drawLine(QPointF(16, 3), QPointF(16, 29))
    p.drawLine(QPointF(3, 16), QPointF(29, 16))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    for x, y in ((9, 9), (23, 23), (10, 22)):
        p.drawEllipse(QPointF(x, y), 2.3, 2.3)
    p.setBrush(ACCENT)
    p.drawEllipse(QPointF(22.5, 9), 3.2, 3.2)


def _scripts(p: QPainter) -> None:
    page = QPolygonF(
        [QPointF(7, 3), QPointF(20, 3), QPointF(26, 9), QPointF(26, 29), QPointF(7, 29)]
    )
    p.drawPolygon(page)
    p.setPen(_pen(ACCENT))
    for y in (13, 18, 23):
        p.drawLine(QPointF(11, y), QPointF(22, y))


def _reports(p: QPainter) -> None:
    p.drawLine(QPointF(4, 28), QPointF(28, 28))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    p.drawRect(QRectF(6, 16, 5, 10))
    p.drawRect(QRectF(20, 12, 5, 14))
    p.setBrush(ACCENT)
    p.drawRect(QRectF(13, 6, 5, 20))


PAGE_GLYPHS: dict[str, Draw] = {
    "dashboard": _dashboard,
    "units": _units,
    "contacts": _contacts,
    "services": _services,
    "staff": _staff,
    "interviews": _interviews,
    "expectations": _expectations,
    "escalations": _escalations,
    "meetings": _meetings,
    "actions": _actions,
    "satisfaction": _satisfaction,
    "scripts": _scripts,
    "reports": _reports,
}


def page_icon(key: str) -> QIcon:
    """The sidebar icon of page ``key`` (a plain document for a page without its own)."""
    return _icon(PAGE_GLYPHS.get(key, _scripts))
