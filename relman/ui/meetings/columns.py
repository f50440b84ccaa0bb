"""Columns shared out within a list's width, so that a list never scrolls sideways: each
column fits its text, the one text column (an item's words) takes what is left, and when
there is not room for all, the widest columns give way first, elided (tooltips carry the
whole text). Used by the meeting's lists and by the Meetings and Action items pages."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

from relman.ui.pages.base import fit_widths as shared_fit


def fit_widths(wants: dict[int, int], room: int, least: int = 24) -> dict[int, int]:
    """:func:`relman.ui.pages.base.fit_widths` for columns keyed by their number."""
    columns = list(wants)
    widths = shared_fit([wants[c] for c in columns], [least] * len(columns), room)
    return dict(zip(columns, widths, strict=True))


def fit_table(
    table: QTableView, stretch: int, *, widest: int = 200, least: int = 120, keep: tuple = ()
) -> None:
    """Size a list page's columns to their text (none wider than ``widest``, and all within
    the list's width when it is known), the ``stretch`` column taking the rest, ``least``
    pixels at the least. The ``keep`` columns (what a row is about at a glance: its state,
    its date) are never shortened."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setResizeContentsPrecision(50)
    wants = {
        column: min(
            max(table.sizeHintForColumn(column) + 12, header.sectionSizeHint(column)), widest
        )
        for column in range(header.count())
        if column != stretch
    }
    room = table.viewport().width() - least - sum(wants[c] for c in keep)
    shared = {c: w for c, w in wants.items() if c not in keep}
    widths = {**wants, **fit_widths(shared, room)} if table.viewport().width() > 200 else wants
    for column, width in widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
