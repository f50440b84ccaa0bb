"""One table model for every list: it holds plain rows (frozen dataclasses) and columns that
say how to show and sort them. It never queries; pages feed it rows from a runner job."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def show(value: Any) -> str:
    """How a plain value reads in a list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def sort_key(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], Any]
    sort: Callable[[R], Any] | None = None
    align_right: bool = False
    whole: bool = False  # never cut to fit the list's width (dates, short codes)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows shown in a table, filtered as you type and sorted by column, in Python.

    Sorting and filtering happen here rather than in a QSortFilterProxyModel: the proxy asks
    ``data()`` for every comparison, which for thousands of rows is a second of Python
    calls; here each row's text is computed once and sorting is one ``list.sort``.
    """

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.all_rows: list[R] = []
        self.rows: list[R] = []
        self._text: dict[int, str] = {}
        self._filter = ""
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.all_rows = list(rows)
        self._text = {}  # filled on the first filter, not on every load
        self._order()
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().casefold()
        self._apply_filter()
        self.endResetModel()

    def row_at(self, row: int) -> R:
        return self.rows[row]

    def find(self, predicate: Callable[[R], bool]) -> int:
        """The row number of the first visible row that matches, or -1."""
        return next((n for n, r in enumerate(self.rows) if predicate(r)), -1)

    def _order(self) -> None:
        column, order = self._sort
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        value = spec.sort or spec.value
        self.all_rows.sort(
            key=lambda r: comparable(value(r)), reverse=order == Qt.SortOrder.DescendingOrder
        )

    def _apply_filter(self) -> None:
        words = self._filter.split()
        if not words:
            self.rows = list(self.all_rows)
            return
        if len(self._text) != len(self.all_rows):
            self._text = {
                id(r): "\t".join(show(c.value(r)) for c in self.columns).casefold()
                for r in self.all_rows
            }
        self.rows = [r for r in self.all_rows if all(w in self._text[id(r)] for w in words)]

    # -- Qt's interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return show(column.value(row))  # the tooltip: the whole of a text cut short
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [self.rows[i.row()] if 0 <= i.row() < len(self.rows) else None for i in before]
        self._sort = (column, order)
        self._order()
        self._apply_filter()
        where = {id(r): n for n, r in enumerate(self.rows)}
        after = [
            self.index(where[id(r)], i.column())
            if r is not None and id(r) in where
            else QModelIndex()
            for r, i in zip(held, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()


def comparable(value: Any) -> tuple[int, Any]:
    """A sort key that never compares a number with a text: numbers first, then text."""
    value = sort_key(value)
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).casefold())
