"""The expectations list's table model, fed rows prepared on the worker.

Twenty thousand rows are too many to sort, or to make searchable, on the main thread in the
100 ms a list may take to show: :func:`prepare` (run in the read job, after the query)
computes every column's sort key and each row's filter text, and sorts the rows as the list
is sorted. The main thread then only resets the model; a click on a column header sorts by
keys already made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor

from relman.ui.table_model import Column, Index, RowTableModel, comparable, show
from relman.workflows.expectation_views import ExpectationRow

Sort = tuple[int, Qt.SortOrder]
#: The column whose date turns red once past, as on the dashboard, its tooltip saying
#: "overdue" (the word beside the date would be cut off in a list this narrow).
REVIEW = "Review"
OVERDUE = QColor("#c0392b")


@dataclass(frozen=True)
class Prepared:
    rows: list[ExpectationRow]  # in the order ``sort`` gives
    sort: Sort
    keys: list[dict[int, Any]]  # per column: id(row) -> sort key
    texts: dict[int, str]  # id(row) -> what the filter box searches


def prepare(
    rows: Sequence[ExpectationRow], columns: Sequence[Column[ExpectationRow]], sort: Sort
) -> Prepared:
    """Sort keys, filter texts and the sorted rows (on the worker: no widget is touched)."""
    keys = [_plain({id(r): comparable((c.sort or c.value)(r)) for r in rows}) for c in columns]
    # the RM is not a column (it reads in the detail) but typing their name still finds rows,
    # as "overdue" finds the reviews past their date
    texts = {
        id(r): "\t".join([*(show(c.value(r)) for c in columns), r.rm, r.review]).casefold()
        for r in rows
    }
    column, order = sort
    ordered = sorted(
        rows, key=lambda r: keys[column][id(r)], reverse=order == Qt.SortOrder.DescendingOrder
    )
    return Prepared(ordered, sort, keys, texts)


def _plain(keys: dict[int, tuple[int, Any]]) -> dict[int, Any]:
    """The keys without their "number or text" tag when a column holds only one of the two:
    a sort of plain strings is several times quicker than of tuples, and one sort is one
    call that holds the interpreter (the window waits for it) from start to end."""
    if len({tag for tag, _value in keys.values()}) > 1:
        return keys
    return {row: value for row, (_tag, value) in keys.items()}


class ExpectationTableModel(RowTableModel[ExpectationRow]):
    """A :class:`RowTableModel` that takes :class:`Prepared` rows and sorts by their keys."""

    def __init__(self, columns: Sequence[Column[ExpectationRow]], parent: Any = None) -> None:
        super().__init__(columns, parent)
        self._keys: list[dict[int, Any]] = []

    @property
    def sort_state(self) -> Sort:
        return self._sort

    def set_prepared(self, prepared: Prepared) -> None:
        # The rows replaced are freed in a later turn of the event loop: freeing 20,000 rows
        # and their keys takes as long again as showing the new ones.
        held = [(self.all_rows, self.rows, self._keys, self._text)]
        QTimer.singleShot(0, held.clear)
        self.beginResetModel()
        self.all_rows = list(prepared.rows)
        self._keys = prepared.keys
        self._text = prepared.texts
        if prepared.sort != self._sort:  # the user sorted while the rows were on their way
            self._order()
        self._apply_filter()
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole)
            and index.isValid()
            and self.columns[index.column()].title == REVIEW
            and 0 <= index.row() < len(self.rows)
            and self.rows[index.row()].review_overdue
        ):
            row = self.rows[index.row()]
            return OVERDUE if role == Qt.ItemDataRole.ForegroundRole else row.review
        return super().data(index, role)

    def set_rows(self, rows: Sequence[ExpectationRow]) -> None:
        self._keys = []  # rows not prepared: sort them the plain way
        super().set_rows(rows)

    def _order(self) -> None:
        column, order = self._sort
        if not self._keys or not 0 <= column < len(self._keys):
            super()._order()
            return
        keys = self._keys[column]
        self.all_rows.sort(key=lambda r: keys[id(r)], reverse=order == Qt.SortOrder.DescendingOrder)
