"""A record shown as a readable summary (its fields and texts), for a sidebar entry that has
no page of its own: every hit of search or the dashboard opens something useful."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout

from relman.ui.pages.base import Page, esc
from relman.workflows import records
from relman.workflows.records import RecordView


class RecordPage(Page):
    kinds: tuple[str, ...] = ()

    def __init__(self, ctx: Any, key: str, title: str, kinds: tuple[str, ...]) -> None:
        self.key, self.title, self.kinds = key, title, kinds
        super().__init__(ctx)
        self.view = QTextBrowser()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.reload()

    def reload(self) -> None:
        self.view.setHtml(
            f"<h2>{esc(self.title)}</h2><p style='color: gray'>This page arrives in a coming "
            "version of relman. Records found through search (Ctrl+K) or the dashboard open "
            "here in the meantime.</p>"
        )

    def open_kind(self, kind: str, record_id: uuid.UUID) -> None:
        self.ctx.runner.read(
            lambda s: records.describe(s, kind, record_id), self.show_record, key=self.key
        )

    def show_record(self, view: RecordView) -> None:
        fields = "".join(
            f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in view.fields if v
        )
        sections = "".join(
            f"<h4>{esc(h)}</h4><p>{esc(t).replace(chr(10), '<br>')}</p>"
            for h, t in view.sections
            if t
        )
        self.view.setHtml(
            f"<h2>{esc(view.title)}</h2><table cellspacing=4>{fields}</table>{sections}"
        )
        self.stale = False
