"""The report preview: pages drawn lazily by PDFium, zoom and page keys, printing the chosen
pages to a (PDF) printer with Cancel, saving a copy, and letting go of the file on close."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from relman.ui.reports import preview
from relman.ui.reports.preview import PreviewDialog


def write_pdf(path: Path, pages: int) -> Path:
    """An A4 document whose every page says which it is, in large black letters."""
    canvas = Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 48)
        canvas.drawString(72, 700, f"Page {n}")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def open_preview(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[[int], PreviewDialog]]:
    """Open the preview of a new ``pages``-page report (its temporary file in tmp_path)."""
    dialogs: list[PreviewDialog] = []

    def make(pages: int) -> PreviewDialog:
        path = write_pdf(tmp_path / f"report-{len(dialogs)}.pdf", pages)
        dialog = PreviewDialog(None, path, "Escalation summary", "escalations")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        if dialog.job is not None:
            dialog.job.cancel()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the preview shows, instead of message boxes."""
    shown: list[str] = []
    monkeypatch.setattr(preview, "show_error", lambda _parent, exc: shown.append(exc.message))
    return shown


def drawn(dialog: PreviewDialog) -> bool:
    """Every page on screen has its picture, at the screen's size."""
    view = dialog.view
    return all(not view._needs(i) for i in view.visible_pages())


def test_a_long_report_opens_at_once_and_holds_only_the_pages_near_the_screen(
    qtbot: QtBot, open_preview
) -> None:
    dialog = open_preview(700)
    view = dialog.view
    assert dialog.page_label.text() == "Page 1 of 700"
    qtbot.waitUntil(lambda: drawn(dialog))
    resolution, picture = view.pictures[0]
    assert picture.devicePixelRatio() == view.viewport().devicePixelRatioF()
    assert resolution == view.scale * picture.devicePixelRatio()
    assert abs(picture.width() - A4[0] * resolution) <= 1
    assert picture.pixelColor(2, 2).name() == "#ffffff"
    assert (
        min(picture.pixelColor(x, y).lightness() for x in range(100, 140) for y in range(140, 170))
        < 60
    )

    view.go_to(349)
    qtbot.waitUntil(lambda: dialog.page_label.text() == "Page 350 of 700")
    qtbot.waitUntil(lambda: drawn(dialog))
    assert 349 in view.pictures and 0 not in view.pictures
    assert len(view.pictures) <= 6


def test_page_keys_scroll_and_the_page_number_follows(qtbot: QtBot, open_preview) -> None:
    dialog = open_preview(12)
    view, bar = dialog.view, dialog.view.verticalScrollBar()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    assert dialog.page_label.text() == "Page 12 of 12"
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert bar.value() == bar.maximum() - bar.pageStep()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert (bar.value(), dialog.page_label.text()) == (0, "Page 1 of 12")


def test_zoom_keys_enlarge_shrink_and_fit_the_width(qtbot: QtBot, open_preview) -> None:
    dialog = open_preview(3)
    view = dialog.view
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    fit = view.page_rect(0).width()
    assert fit == view.viewport().width() - 24  # the gap on each side
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.page_rect(0).width() == round(fit * 1.25)
    assert view.horizontalScrollBar().maximum() > 0
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.page_rect(0).width() == fit
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.page_rect(0).width() == round(fit / 1.25)
    qtbot.waitUntil(lambda: drawn(dialog))  # the pictures follow the new size


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_puts_every_page_on_the_printer(qtbot: QtBot, open_preview, tmp_path) -> None:
    dialog = open_preview(4)
    printer = pdf_printer(tmp_path / "printed.pdf")
    with qtbot.waitSignal(dialog.print_to(printer).finished) as done:
        assert not dialog.print_button.isEnabled()
    assert done.args == [True] and dialog.print_button.isEnabled()
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == 4
    assert all(page.images for page in printed.pages)  # each page is a picture of the report


def test_print_keeps_to_the_pages_chosen_in_the_print_dialog(
    qtbot: QtBot, open_preview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class ChoosePages:
        """The system print dialog, answered with a PDF file and pages "2-3, 9" of 5."""

        def __init__(self, printer: QPrinter, _parent: object) -> None:
            self.printer = printer

        def setOption(self, *_: object) -> None:
            return None

        def setMinMax(self, low: int, high: int) -> None:
            assert (low, high) == (1, 5)

        def exec(self) -> int:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(tmp_path / "some.pdf"))
            ranges = QPageRanges()
            ranges.addRange(2, 3)
            ranges.addPage(9)
            self.printer.setPageRanges(ranges)
            self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
            return preview.QDialog.DialogCode.Accepted

    monkeypatch.setattr(preview, "QPrintDialog", ChoosePages)
    dialog = open_preview(5)
    dialog.print_button.click()
    assert dialog.job is not None
    qtbot.waitUntil(lambda: dialog.job is None)
    assert len(PdfReader(tmp_path / "some.pdf").pages) == 2


def test_printing_can_be_cancelled_between_pages(qtbot: QtBot, open_preview, tmp_path) -> None:
    dialog = open_preview(30)
    job = dialog.print_to(pdf_printer(tmp_path / "cancelled.pdf"))
    qtbot.waitUntil(lambda: job.printed >= 1)
    with qtbot.waitSignal(job.finished) as done:
        job.progress.findChild(QPushButton).click()
    assert done.args == [False] and job.printed < 30
    assert not job.running and dialog.print_button.isEnabled()


def test_save_as_copies_the_report_and_refuses_a_folder(
    open_preview, tmp_path: Path, errors: list[str]
) -> None:
    dialog = open_preview(2)
    assert dialog.save_to(tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == dialog.path.read_bytes()
    folder = tmp_path / "a folder"
    folder.mkdir()
    assert not dialog.save_to(folder)
    assert errors == [f"{folder} is a folder: choose a file name."]
    assert not dialog.save_to(tmp_path / "missing" / "copy.pdf")
    assert errors[1].startswith(f"Could not save {tmp_path / 'missing' / 'copy.pdf'}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a folder", "copy.pdf", "report-0.pdf"]


def test_closing_lets_go_of_the_document_and_removes_its_file(
    qtbot: QtBot, open_preview, tmp_path: Path
) -> None:
    dialog = open_preview(3)
    kept = shutil.copyfile(dialog.path, tmp_path / "kept.pdf")
    qtbot.waitUntil(lambda: drawn(dialog))
    dialog.close()
    assert not dialog.path.exists() and Path(kept).exists()
    assert dialog.pdf.raw is None and dialog.view.pictures == {}


def test_closing_while_printing_stops_the_printing_first(
    qtbot: QtBot, open_preview, tmp_path: Path
) -> None:
    dialog = open_preview(30)
    job = dialog.print_to(pdf_printer(tmp_path / "stopped.pdf"))
    qtbot.waitUntil(lambda: job.printed >= 1)
    with qtbot.waitSignal(job.finished) as done:
        dialog.close()
    assert done.args == [False] and not job.running and job.printed < 30
    assert not dialog.path.exists()
