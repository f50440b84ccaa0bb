"""The preview of a printed report: its pages, Print (the system print dialog) and Save as.

The pages are drawn by PDFium (pypdfium2) in a :class:`~relman.ui.reports.page_view.PageView`;
printing is :mod:`relman.ui.reports.print_pdf`. The report is a temporary file owned by the
dialog: the document is closed and the file removed when the dialog closes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError
from relman.ui.errors import show_error
from relman.ui.file_dialogs import FileDialog
from relman.ui.reports.page_view import PageView
from relman.ui.reports.print_pdf import PrintJob, chosen_pages


class PreviewDialog(QDialog):
    """One report, ready: read it, print it, save it."""

    def __init__(self, parent: QWidget | None, path: Path, title: str, file_stem: str) -> None:
        super().__init__(parent)
        self.path, self.file_stem = path, file_stem
        self.setWindowTitle(title)
        self.pdf = pdfium.PdfDocument(str(path))
        self.page_count = len(self.pdf)
        self.job: PrintJob | None = None
        self.view = PageView(self.pdf, self)
        self.page_label = QLabel(self)
        self.view.current_changed.connect(self._show_page_number)
        self._show_page_number(0)
        layout = QVBoxLayout(self)
        layout.addLayout(self._zoom_bar())
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.print_button = self._button(buttons, "&Print…", QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.print_report)
        self.print_button.setDefault(True)
        self.save_button = self._button(buttons, "&Save as…", QKeySequence.StandardKey.SaveAs)
        self.save_button.clicked.connect(self.save_as)
        viewer = self._button(buttons, "&Open in PDF viewer", QKeySequence("Ctrl+O"))
        viewer.clicked.connect(self.open_in_viewer)
        layout.addWidget(buttons)
        self.finished.connect(self._forget)
        self._fit_to_screen()
        self.view.setFocus()

    def _zoom_bar(self) -> QHBoxLayout:
        """The page number, then zoom out, fit width and zoom in (as buttons and keys)."""
        bar = QHBoxLayout()
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        zooms = (
            ("Zoom out", "−", [QKeySequence.StandardKey.ZoomOut], self.view.zoom_out),
            ("Fit width", "Fit width", [QKeySequence("Ctrl+0")], self.view.fit_width),
            (
                "Zoom in",
                "+",
                [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")],
                self.view.zoom_in,
            ),
        )
        for name, text, keys, slot in zooms:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setToolTip(
                f"{name} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            action.triggered.connect(slot)
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAccessibleName(name)
            bar.addWidget(button)
            self.addAction(action)
        return bar

    def _fit_to_screen(self) -> None:
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(860, screen.width() - 40), min(980, screen.height() - 60))

    def _button(self, box: QDialogButtonBox, text: str, keys: QKeySequence) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setShortcut(keys)
        return button

    def _show_page_number(self, index: int) -> None:
        self.page_label.setText(f"Page {index + 1} of {self.page_count}")

    @classmethod
    def open_for(cls, parent: QWidget | None, path: Path, title: str, stem: str) -> PreviewDialog:
        dialog = cls(parent, path, title, stem)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _forget(self) -> None:
        """Stop printing, close the document, remove the temporary file."""
        if self.job is not None:
            self.job.cancel()
        self.view.close_document()
        self.pdf.close()
        self.path.unlink(missing_ok=True)

    # -- save and open ----------------------------------------------------------------------

    def suggested_path(self) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(folder or Path.home()) / f"{self.file_stem}.pdf")

    def save_as(self) -> None:
        target = FileDialog.ask_save(
            self, "Save the report as", self.suggested_path(), "PDF files (*.pdf)"
        )
        if target is not None:
            self.save_to(target)

    def save_to(self, target: Path) -> bool:
        """Copy the report to ``target`` whole: written beside it, then renamed."""
        if target.is_dir():
            show_error(self, RelmanError(f"{target} is a folder: choose a file name."))
            return False
        part = target.with_name(target.name + ".part")
        try:
            shutil.copyfile(self.path, part)
            os.replace(part, target)
        except OSError as exc:
            part.unlink(missing_ok=True)
            show_error(self, RelmanError(f"Could not save {target}: {exc.strerror or exc}."))
            return False
        return True

    def open_in_viewer(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    # -- print ------------------------------------------------------------------------------

    def print_report(self) -> None:
        """Ask the system print dialog where and which pages, then print them."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOption(option.PrintPageRange, True)
        dialog.setOption(option.PrintCurrentPage, True)
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> PrintJob:
        """Print the pages chosen on ``printer`` (its range, or all), page by page."""
        pages = chosen_pages(printer, self.page_count, self.view.current)
        job = self.job = PrintJob(self.pdf, printer, pages, self)
        job.finished.connect(self._printed)
        self.print_button.setEnabled(False)
        if not job.start():
            show_error(self, RelmanError("Could not start printing: is the printer ready?"))
        return job

    def _printed(self) -> None:
        self.job = None
        self.print_button.setEnabled(True)
