"""The read-only lists a meeting shows: the agenda it carried from the unit's previous review
(each item with its age, "carried 2×, 47 days") and, for a quarterly service review, the
service's agreed expectations with their latest measurements. Missed and overdue say so in
words as well as in colour."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from relman.models import AgendaKind
from relman.ui.meetings.columns import fit_widths
from relman.ui.pages.dashboard import OVERDUE_COLOUR, bold_font
from relman.workflows import common
from relman.workflows.carry_forward import AgendaEntry
from relman.workflows.meeting_views import ServiceSection

ID_ROLE = Qt.ItemDataRole.UserRole


class _Wrapped(QStyledItemDelegate):
    """Rows as high as their text wrapped in its column's width (the tree's own hint assumes
    one line)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        view = self.parent()
        assert isinstance(view, QTreeWidget)
        hint = super().sizeHint(option, index)
        if view.itemFromIndex(index).isFirstColumnSpanned():
            return hint
        width = max(view.header().sectionSize(index.column()) - 8, 20)
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        text = str(index.data() or "")
        flags = Qt.TextFlag.TextWordWrap
        height = QFontMetrics(font).boundingRect(0, 0, width, 10_000, flags, text).height()
        return QSize(hint.width(), max(hint.height(), height + 4))


class _List(QTreeWidget):
    """A flat list that never scrolls sideways: its columns fit their text and its text column
    takes the rest (at least a third of the width). When the list is narrow, the columns
    give way down to their longest word and their text wraps onto more lines; each cell's
    tooltip has its whole text."""

    def __init__(self, headers: list[str], stretch: int) -> None:
        super().__init__()
        self.stretch = stretch
        self.setHeaderLabels(headers)
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setItemDelegate(_Wrapped(self))
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # shared out by _fit

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _longest_word(self, column: int) -> int:
        widest = self.header().sectionSizeHint(column)
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            if item.isFirstColumnSpanned():
                continue
            metrics = QFontMetrics(item.font(column))
            for word in item.text(column).split():
                widest = max(widest, metrics.horizontalAdvance(word) + 12)
        return widest

    def _fit(self) -> None:
        header = self.header()
        room = self.viewport().width()
        others = [column for column in range(self.columnCount()) if column != self.stretch]
        wants = {c: max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) + 8 for c in others}
        widths = fit_widths(wants, room - max(room // 3, 80))
        for column, width in widths.items():
            header.resizeSection(column, max(width, min(wants[column], self._longest_word(column))))
        used = sum(header.sectionSize(c) for c in others)
        header.resizeSection(self.stretch, max(room - used, 60))
        self.scheduleDelayedItemsLayout()  # the rows' heights follow their wrapped text

    def add(self, texts: list[str], *, warn: bool = False, grey: bool = False) -> QTreeWidgetItem:
        item = QTreeWidgetItem(texts)
        for column, text in enumerate(texts):
            item.setToolTip(column, text)
            if warn:
                item.setForeground(column, OVERDUE_COLOUR)
            elif grey:
                item.setForeground(column, Qt.GlobalColor.gray)
        if warn:
            item.setFont(0, bold_font())
        self.addTopLevelItem(item)
        return item

    def empty(self, text: str) -> None:
        item = self.add([text], grey=True)
        item.setFirstColumnSpanned(True)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self._fit()

    def texts(self) -> list[list[str]]:
        """Every line's texts; for tests and scripts."""
        return [
            [self.topLevelItem(i).text(c) for c in range(self.columnCount())]
            for i in range(self.topLevelItemCount())
        ]


class AgendaList(_List):
    """What a monthly review carried from the one before: open actions and planned items not
    delivered, oldest first, with their age. Done and delivered items are greyed."""

    def __init__(self) -> None:
        super().__init__(["Carried", "Item", "Age", "Owner", "Due"], stretch=1)

    def fill(
        self,
        entries: list[AgendaEntry],
        done_now: dict[uuid.UUID, bool] | None = None,
        *,
        empty: str = "Nothing carried: the unit's last review left nothing open.",
    ) -> None:
        self.clear()
        if not entries:
            self.empty(empty)
            return
        today = common.today()
        for entry in entries:
            finished = (
                entry.delivered_at is not None
                if entry.kind is AgendaKind.PLANNED
                else bool((done_now or {}).get(entry.action_item_id or uuid.UUID(int=0)))
            )
            late = not finished and entry.due_on is not None and entry.due_on < today
            kind = "action" if entry.kind is AgendaKind.ACTION else "planned"
            if finished:
                kind += " · done" if entry.kind is AgendaKind.ACTION else " · delivered"
            elif late:
                kind += " · overdue"
            item = self.add(
                [
                    kind,
                    entry.text,
                    entry.label,
                    entry.owner,
                    entry.due_on.isoformat() if entry.due_on else "",
                ],
                warn=late,
                grey=finished,
            )
            item.setData(0, ID_ROLE, entry.id)
            item.setData(1, ID_ROLE, entry.kind.value)
            item.setData(2, ID_ROLE, finished)
        self._fit()

    def chosen(self) -> tuple[uuid.UUID | None, str, bool]:
        """The selected agenda row: its id, its kind ("action" or "planned"), whether done."""
        item = self.currentItem()
        if item is None:
            return None, "", False
        return item.data(0, ID_ROLE), item.data(1, ID_ROLE) or "", bool(item.data(2, ID_ROLE))


class ServiceReviewList(_List):
    """A service's agreed expectations, each with its latest measurement, met or missed."""

    def __init__(self) -> None:
        super().__init__(["Expectation", "Unit", "Target", "Latest", "Result", "Trend"], stretch=0)

    def fill(self, section: ServiceSection | None) -> None:
        self.clear()
        if section is None:
            self.empty("Choose the service to see its agreed expectations.")
            return
        if not section.lines:
            self.empty(f"{section.service.name} has no agreed expectations yet.")
            return
        for line in section.lines:
            if line.value is None:
                latest, result = "not measured yet", ""
            else:
                latest, result = f"{line.period}: {line.value:g}", "met" if line.met else "missed"
            item = self.add(
                [line.statement, line.unit, line.target, latest, result, line.direction],
                warn=line.met is False,
            )
            item.setData(0, ID_ROLE, line.id)
        self._fit()
