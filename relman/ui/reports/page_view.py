"""The pages of a PDF one under the other, fit to the width, drawn as pictures by PDFium.

Only the pages on screen and their neighbours are turned into pictures, at the screen's pixel
ratio, one per turn of the event loop: a page of the demo's review pack takes 1 to 10 ms on the
window's thread at 836 pixels wide, 4 to 50 ms at twice that on a high-density screen.
Pictures of pages far from the screen are dropped: a 700-page escalation summary opens at once
and holds a handful of them. PDFium is not thread-safe: every call to it is on this thread.
"""

from __future__ import annotations

from bisect import bisect_right

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

#: room around and between the pages, in pixels
GAP = 12
#: each zoom step multiplies or divides the size by this
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
#: pages beyond those on screen that are rendered ahead, and kept
AHEAD = 1
KEEP = 2
#: the grey the pages lie on
BACKDROP = QColor("#5f6368")


def render_page(pdf: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """Page ``index`` at ``scale`` pixels per point, as a QImage that owns its pixels (the
    PDFium bitmap is freed before returning)."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        try:
            return QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()
        finally:
            bitmap.close()
    finally:
        page.close()


class PageView(QAbstractScrollArea):
    """A scrolling column of a document's pages; zoom 1.0 fits the widest page to the width."""

    #: the page at the middle of the view changed (index from 0)
    current_changed = Signal(int)

    def __init__(self, pdf: pdfium.PdfDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf: pdfium.PdfDocument | None = pdf
        self.sizes = [pdf.get_page_size(i) for i in range(len(pdf))]
        self.widest = max((w for w, _ in self.sizes), default=595.0)
        self.zoom = 1.0
        self.scale = 1.0  # logical pixels per point
        self.tops: list[int] = []
        self.content = QSize()
        self.current = 0
        self.pictures: dict[int, tuple[float, QImage]] = {}  # page: (pixels per point, picture)
        self._next = QTimer(self, singleShot=True, interval=0)
        self._next.timeout.connect(self._render_next)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        self._layout()

    # -- geometry ---------------------------------------------------------------------------

    def _layout(self) -> None:
        """Place the pages for the view's width and zoom, keeping the middle page in place."""
        bar, across = self.verticalScrollBar(), self.horizontalScrollBar()
        anchor = self._anchor() if bar.value() > 0 else None  # at the top stays at the top
        view = self.viewport().size()
        centre = (across.value() + view.width() / 2) / max(self.content.width(), 1)
        width = max(self.viewport().width() - 2 * GAP, 100)
        self.scale = width / self.widest * self.zoom
        self.tops, y = [], GAP
        for _, h in self.sizes:
            self.tops.append(y)
            y += round(h * self.scale) + GAP
        self.content = QSize(round(self.widest * self.scale) + 2 * GAP, y)
        bar.setRange(0, max(0, self.content.height() - view.height()))
        bar.setPageStep(max(view.height() - 2 * GAP, 1))
        bar.setSingleStep(48)
        across.setRange(0, max(0, self.content.width() - view.width()))
        across.setPageStep(max(view.width(), 1))
        across.setSingleStep(48)
        across.setValue(round(centre * self.content.width() - view.width() / 2))
        if anchor is not None:
            page, fraction = anchor
            middle = self.tops[page] + fraction * self.page_rect(page).height()
            bar.setValue(round(middle - view.height() / 2))
        self.viewport().update()

    def _anchor(self) -> tuple[int, float] | None:
        """The page at the middle of the view, and how far down it the middle is."""
        if not self.tops:
            return None
        middle = self.verticalScrollBar().value() + self.viewport().height() / 2
        page = self.page_at(middle)
        rect = self.page_rect(page)
        return page, (middle - rect.top()) / max(rect.height(), 1)

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is in the whole column, in logical pixels."""
        w, h = self.sizes[index]
        width, height = round(w * self.scale), round(h * self.scale)
        left = max(GAP, (max(self.content.width(), self.viewport().width()) - width) // 2)
        return QRect(left, self.tops[index], width, height)

    def page_at(self, y: float) -> int:
        return max(0, bisect_right(self.tops, y) - 1)

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        if not self.tops:
            return range(0)
        first = self.page_at(top)
        last = self.page_at(top + self.viewport().height())
        return range(first, last + 1)

    # -- zoom and scrolling -----------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self._layout()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        self.set_zoom(1.0)

    def go_to(self, index: int) -> None:
        """Scroll so page ``index`` starts at the top of the view."""
        self.verticalScrollBar().setValue(self.tops[index] - GAP)

    def _scrolled(self) -> None:
        if self.tops:
            page = self.page_at(self.verticalScrollBar().value() + self.viewport().height() / 2)
            if page != self.current:
                self.current = page
                self.current_changed.emit(page)
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        else:
            super().keyPressEvent(event)  # arrows, Page Up and Page Down scroll

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * ZOOM_STEP**steps)
            event.accept()
        else:
            super().wheelEvent(event)

    # -- drawing ----------------------------------------------------------------------------

    def _resolution(self) -> float:
        """Pixels per point of a picture that is sharp on this screen at this zoom."""
        return self.scale * self.viewport().devicePixelRatioF()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKDROP)
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        stale = False
        for index in self.visible_pages():
            rect = self.page_rect(index)
            painter.fillRect(rect.translated(2, 2), QColor(0, 0, 0, 60))
            picture = self.pictures.get(index)
            if picture is None:
                painter.fillRect(rect, Qt.GlobalColor.white)
            else:  # a picture of another size stands in until the right one is ready
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._needs(index))
                painter.drawImage(rect, picture[1])
            stale = stale or self._needs(index)
        painter.end()
        if stale and not self._next.isActive():
            self._next.start()

    def _render_next(self) -> None:
        """Render the nearest page that is missing or blurred, then come back for the next."""
        shown = self.visible_pages()
        if not shown or self.pdf is None:
            return
        wanted = range(max(0, shown.start - AHEAD), min(len(self.sizes), shown.stop + AHEAD))
        todo = [i for i in wanted if self._needs(i)]
        if not todo:
            return
        index = min(todo, key=lambda i: (i not in shown, abs(i - self.current)))
        resolution = self._resolution()
        picture = render_page(self.pdf, index, resolution)
        picture.setDevicePixelRatio(self.viewport().devicePixelRatioF())
        self.pictures[index] = (resolution, picture)
        kept = range(shown.start - KEEP, shown.stop + KEEP)
        for old in [i for i in self.pictures if i not in kept]:
            del self.pictures[old]
        if index in shown:
            self.viewport().update()
        self._next.start()

    def _needs(self, index: int) -> bool:
        picture = self.pictures.get(index)
        return picture is None or picture[0] != self._resolution()

    def close_document(self) -> None:
        """Stop rendering and let go of the pictures (the document is closed by its owner)."""
        self._next.stop()
        self.pictures.clear()
        self.pdf = None
