"""Printing a PDF: each chosen page drawn on the printer as a picture rendered by PDFium.

A page is rendered at the printer's resolution, capped at :data:`MAX_DPI` (sharp text, a
bounded picture: an A4 page at 300 dpi is 2,480 x 3,508 pixels, about 50 ms to render), and
scaled into the printer's page area keeping its proportions. One page is printed per turn of
the event loop, so the window keeps drawing and the progress dialog's Cancel is heard between
pages; PDFium stays on the window's thread.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from relman.ui.reports.page_view import render_page

#: the finest resolution pages are rendered at for a printer
MAX_DPI = 300


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The pages (from 0) the print dialog's choice covers: all, the current one, or the
    ranges typed (such as "1-3, 5"), leaving out numbers past the end."""
    match printer.printRange():
        case QPrinter.PrintRange.CurrentPage:
            return [current]
        case QPrinter.PrintRange.PageRange if not printer.pageRanges().isEmpty():
            ranges = printer.pageRanges()
            return [i for i in range(count) if ranges.contains(i + 1)]
        case _:
            return list(range(count))


class PrintJob(QObject):
    """Print ``pages`` of ``pdf`` on ``printer``, behind a progress dialog with Cancel.

    ``finished`` says whether every page was printed (False when cancelled or the printer
    could not be started)."""

    finished = Signal(bool)

    def __init__(
        self, pdf: pdfium.PdfDocument, printer: QPrinter, pages: list[int], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.pdf, self.printer, self.pages = pdf, printer, pages
        self.printed = 0
        self.painter = QPainter()
        self.progress = QProgressDialog("Printing…", "Cancel", 0, len(pages), parent)
        self.progress.setWindowTitle("Printing")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.canceled.connect(self.cancel)
        self._next = QTimer(self, singleShot=True, interval=0)
        self._next.timeout.connect(self._print_next)

    @property
    def running(self) -> bool:
        return self.painter.isActive()

    def start(self) -> bool:
        """Open the printer and print the first page on the next turn; False if the printer
        cannot be opened (nothing to print counts as done at once)."""
        if not self.pages:
            self._end(True)
            return True
        if not self.painter.begin(self.printer):
            self._end(False)
            return False
        self._next.start()
        return True

    def cancel(self) -> None:
        """Stop between pages; what the printer already has is thrown away where it can be."""
        if self.running:
            self._next.stop()
            self.printer.abort()
            self._end(False)

    def _print_next(self) -> None:
        index = self.pages[self.printed]
        if self.printed:
            self.printer.newPage()
        self.progress.setLabelText(
            f"Printing page {index + 1} ({self.printed + 1} of {len(self.pages)})…"
        )
        dpi = min(self.printer.resolution(), MAX_DPI)
        picture = render_page(self.pdf, index, dpi / 72)
        area = self.painter.viewport()
        fitted = picture.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (area.width() - fitted.width()) // 2
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.painter.drawImage(QRect(QPoint(left, 0), fitted), picture)
        self.printed += 1
        self.progress.setValue(self.printed)
        if self.printed < len(self.pages):
            self._next.start()
        else:
            self._end(True)

    def _end(self, complete: bool) -> None:
        if self.painter.isActive():
            self.painter.end()
        self.progress.reset()
        self.progress.deleteLater()
        self.finished.emit(complete)
