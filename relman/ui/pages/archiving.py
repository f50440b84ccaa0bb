"""Archive and restore on a list page (contacts, services, staff): history is never erased,
so a record that is no longer current is archived. It leaves the lists, and comes back
with "Show archived"; both ways are undoable and refused if someone saved the record since
it was read."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QPushButton
from sqlalchemy.orm import Session

from relman.ui.pages.base import ListPage
from relman.ui.prompts import confirm
from relman.ui.undo import perform
from relman.workflows.commands import Command

#: ``fn(session, id, expected_version=...)``, the workflows' archive_* and unarchive_*
#: commands: the command of the same name is run
Toggle = Callable[..., Any]


class ArchiveControls:
    """An Archive/Restore button and a "Show archived" box in a list page's toolbar. The
    page's rows carry ``id``, ``name``, ``version`` and ``archived``; the page's reload asks
    for archived rows when :attr:`include` is true."""

    def __init__(self, page: ListPage, noun: str, archive: Toggle, unarchive: Toggle) -> None:
        self.page, self.noun = page, noun
        self.archive, self.unarchive = archive, unarchive
        self.button = QPushButton("Archive")
        self.button.setToolTip(f"Take the {noun} out of the lists; its history is kept")
        self.button.clicked.connect(self.toggle)
        self.shown = QCheckBox("Show archived")
        self.shown.setChecked(page.ctx.settings.flag(f"{page.key}/show_archived"))
        self.shown.toggled.connect(self._shown_changed)
        page.toolbar.addWidget(self.button)
        page.toolbar.addWidget(self.shown)
        self.update(None)

    @property
    def include(self) -> bool:
        return self.shown.isChecked()

    def _shown_changed(self, shown: bool) -> None:
        self.page.ctx.settings.set_flag(f"{self.page.key}/show_archived", shown)
        self.page.reload()

    def update(self, row: Any | None) -> None:
        """Follow the selected row: Restore for an archived one."""
        self.button.setEnabled(row is not None)
        self.button.setText("Restore" if row is not None and row.archived else "Archive")

    def toggle(self) -> None:
        row = self.page.selected
        if row is None:
            return
        record_id: uuid.UUID = row.id
        ahead = self.unarchive if row.archived else self.archive
        text = f"{'restoring' if row.archived else 'archiving'} of {self.noun} {row.name}"
        key = list(inspect.signature(ahead).parameters)[1]  # unit_id, contact_id, ...
        perform(
            self.page.ctx.runner,
            self.page.ctx.undo,
            Command(
                ahead.__name__,
                {key: record_id, "expected_version": row.version},
                by=self.page.ctx.me,
                text=text,
            ),
        )

    def rows(self, read: Callable[..., Any]) -> Callable[[Session], Any]:
        """The page's read job, asking for archived rows too when they are shown."""
        include = self.include
        return lambda s: read(s, include_archived=include)


def delete_or_archive(
    page: ListPage,
    row: Any,
    noun: str,
    *,
    recorded: str,
    shown: frozenset[Any],
    version: int,
    impact: str = "",
) -> None:
    """Delete a record entered by mistake through the ``delete_<noun>`` command, told what
    the user was ``shown`` (it refuses, in its write, anything added since); one with
    history (``recorded``: "2 expectations") is archived instead through
    ``archive_<noun>``, based on the ``version`` read with the question. Both undoable."""
    key = {f"{noun}_id": row.id}
    if recorded:  # history is never erased
        if not getattr(row, "archived", False) and confirm(
            page,
            f"Archive {noun}",
            f"“{row.name}” has history ({recorded}), so it is archived rather than deleted: "
            "it leaves the lists, and its history is kept.\n\nArchive it? You can undo this.",
        ):
            command = Command(
                f"archive_{noun}",
                {**key, "expected_version": version},
                by=page.ctx.me,
                text=f"archiving of {noun} {row.name}",
            )
            perform(page.ctx.runner, page.ctx.undo, command)
        return
    extra = f"\n\n{impact}" if impact else ""
    if confirm(
        page, f"Delete {noun}", f"Delete the {noun} “{row.name}”?{extra}\n\nYou can undo this."
    ):
        command = Command(
            f"delete_{noun}",
            {**key, "known": shown},
            by=page.ctx.me,
            text=f"deletion of {noun} {row.name}",
        )
        perform(page.ctx.runner, page.ctx.undo, command)
