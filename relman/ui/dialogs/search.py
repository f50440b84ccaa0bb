"""Search everywhere (Ctrl+K): hits appear as you type, grouped by kind with a snippet;
Up/Down choose, Enter opens the record, Escape closes."""

from __future__ import annotations

import html
import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from relman.ui.context import AppContext
from relman.workflows.search import KIND_LABELS, Hit, search

HIT_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
LIMIT = 40


class RichTextDelegate(QStyledItemDelegate):
    """Draws an item's ``HTML_ROLE`` text (a hit with the words matched in bold) where there
    is one, and the plain text otherwise. A hit takes two lines, its title and its snippet,
    so that the word matched shows even in a long snippet."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(HTML_ROLE):
            size.setHeight(2 * option.fontMetrics.lineSpacing() + 6)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        rich = index.data(HTML_ROLE)
        if not rich:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(f"<div style='color: {colour.name()}; white-space: nowrap'>{rich}</div>")
        text_rect = style.subElementRect(
            QStyle.SubElement.SE_ItemViewItemText, option, option.widget
        )
        painter.save()
        painter.translate(
            text_rect.left(),
            text_rect.top() + max(0, (text_rect.height() - document.size().height()) / 2),
        )
        painter.setClipRect(0, 0, text_rect.width(), text_rect.height())
        document.drawContents(painter)
        painter.restore()


class SearchDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Search everywhere")
        self.resize(720, 480)
        self.box = QLineEdit(placeholderText="Search units, contacts, notes, answers, minutes…")
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self.search)
        self.box.installEventFilter(self)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.itemActivated.connect(lambda item, _c: self.open_item(item))
        self.status = QLabel(" ")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.hits: list[Hit] = []

    @classmethod
    def ask(cls, ctx: AppContext, parent: Any = None, text: str = "") -> SearchDialog:
        dialog = cls(ctx, parent)
        dialog.box.setText(text)
        dialog.show()
        dialog.box.setFocus()
        return dialog

    def search(self, text: str) -> None:
        if not text.strip():
            self.fill([])
            return
        self.ctx.runner.read(lambda s: search(s, text, limit=LIMIT), self.fill, key="search")

    def fill(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.results.clear()
        by_kind: dict[str, list[Hit]] = {}
        for hit in hits:
            by_kind.setdefault(hit.kind, []).append(hit)
        first = None
        for kind in sorted(
            by_kind, key=lambda k: list(KIND_LABELS).index(k) if k in KIND_LABELS else 99
        ):
            head = QTreeWidgetItem([KIND_LABELS.get(kind, kind)])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.results.addTopLevelItem(head)
            for hit in by_kind[kind]:
                title = hit.title[:1].upper() + hit.title[1:]
                item = QTreeWidgetItem([f"   {title} — {hit.snippet}"])
                item.setData(
                    0,
                    HTML_ROLE,
                    f"<div style='margin-left: 1em'>{html.escape(title)}<br>"
                    f"{hit.snippet_html()}</div>",
                )
                item.setToolTip(0, html.escape(hit.snippet))
                item.setData(0, HIT_ROLE, hit)
                self.results.addTopLevelItem(item)
                first = first or item
        if first is not None:
            self.results.setCurrentItem(first)
        if self.box.text().strip():
            self.status.setText(f"{len(hits)} found" if hits else "Nothing found")
        else:
            self.status.setText(" ")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if event.key() == Qt.Key.Key_Down else -1)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.results.currentItem()
                if item is not None:
                    self.open_item(item)
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        count = self.results.topLevelItemCount()
        current = (
            self.results.indexOfTopLevelItem(self.results.currentItem())
            if self.results.currentItem()
            else -1
        )
        index = current + step
        while 0 <= index < count:
            item = self.results.topLevelItem(index)
            if item.data(0, HIT_ROLE) is not None:
                self.results.setCurrentItem(item)
                return
            index += step

    def open_item(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is None:
            return
        self.opened: tuple[str, uuid.UUID] = (hit.kind, hit.ref_id)
        self.ctx.navigator.open_record.emit(hit.kind, hit.ref_id)
        self.accept()
