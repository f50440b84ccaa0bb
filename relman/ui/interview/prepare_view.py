"""The preparation view: before an interview, one screen with the customer and their unit,
their latest assessment, current expectations with their latest measurement, open
escalations, open action items, the notes of the last meetings and interviews, and the
script. Ctrl+Enter starts (or resumes) the interview from here."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from relman.ui.context import AppContext
from relman.ui.interview.launch import hold_interview
from relman.ui.pages.base import esc
from relman.workflows.preparation import ExpectationInfo, Preparation, prepare

NONE = "<p><i>none</i></p>"
#: the dark red the dashboard uses for what is late
LATE_COLOUR = "#b3261e"


def _lines(text: str) -> str:
    return esc(text).replace("\n", "<br>")


def _blocks(text: str) -> str:
    """Written notes as HTML: lines starting with "- " become a list, other lines paragraphs;
    every line escaped."""
    out: list[str] = []
    items: list[str] = []
    gap = 0  # a blank line before a paragraph: kept as a small space
    for line in text.splitlines():
        if line.lstrip().startswith("- "):
            items.append(f"<li>{esc(line.lstrip()[2:].strip())}</li>")
            continue
        if items:
            out.append(f"<ul style='margin-top:0; margin-bottom:0'>{''.join(items)}</ul>")
            items = []
        if line.strip():
            out.append(f"<p style='margin:0; margin-top:{gap}px'>{esc(line)}</p>")
        gap = 0 if line.strip() else 8
    if items:
        out.append(f"<ul style='margin-top:0; margin-bottom:0'>{''.join(items)}</ul>")
    return "".join(out)


def _late(due_on: dt.date | None) -> str:
    """Due date of an open action item; a past one in red, in words, as the dashboard says it."""
    if due_on is None:
        return ""
    late = (dt.date.today() - due_on).days
    if late <= 0:
        return f", due {due_on.isoformat()}"
    days = "1 day" if late == 1 else f"{late} days"
    late_style = f"color:{LATE_COLOUR}; white-space:nowrap"
    return f", due {due_on.isoformat()} <b style='{late_style}'>overdue · {days} late</b>"


def _measured(e: ExpectationInfo) -> str:
    if e.latest is None:
        return "<i>not measured</i>"
    m = e.latest
    verdict = "<b style='color:#1e7d32'>met</b>" if m.met else "<b style='color:#c0392b'>missed</b>"
    return f"{esc(m.period)}: {m.value:g} {esc(m.target_unit)} for {m.target:g} — {verdict}"


def _people(p: Preparation) -> str:
    parts = []
    for c in p.contacts:
        reach = " · ".join(esc(x) for x in (c.email, c.phone) if x)
        a = c.assessment
        verdict = (
            "<i>never assessed</i>"
            if a is None
            else f"{esc(a.verdict)} <span style='color:gray'>(assessed {a.assessed_on.isoformat()}"
            f"{' by ' + esc(a.assessor) if a.assessor else ''})</span>"
        )
        parts.append(
            f"<p><a href='contact:{c.id}'><b>{esc(c.name)}</b></a>"
            f"{', ' + esc(c.title) if c.title else ''} — {esc(c.unit) or '<i>no unit</i>'}"
            f"{'<br>' + reach if reach else ''}<br>{verdict}</p>"
        )
    return "".join(parts) or NONE


def _expectations(p: Preparation) -> str:
    if not p.expectations:
        return NONE
    rows = "".join(
        f"<tr><td>{esc(e.service)}</td>"
        f"<td><a href='expectation:{e.id}'>{esc(e.statement)}</a>"
        f"{'<br><span style=color:gray>' + esc(e.contact) + '</span>' if e.contact else ''}</td>"
        f"<td>{esc(e.status)}</td>"
        f"<td>{'' if e.target is None else f'{e.target:g} {esc(e.target_unit)}'}"
        f"{' ' + esc(e.frequency) if e.frequency else ''}</td><td>{_measured(e)}</td></tr>"
        for e in p.expectations
    )
    head = "<tr><th>Service</th><th>Expectation</th><th>State</th><th>Target</th><th>Latest</th>"
    return f"<table cellpadding='3' width='100%'>{head}</tr>{rows}</table>"


def _escalations(p: Preparation) -> str:
    return (
        "".join(
            f"<p><a href='escalation:{e.id}'><b>{esc(e.service)}</b></a> ({esc(e.status)}, "
            f"due {e.due_on.isoformat()}): “{esc(e.statement)}”<br>{_lines(e.summary)}</p>"
            for e in p.escalations
        )
        or NONE
    )


def _actions(p: Preparation) -> str:
    items = "".join(
        f"<li>{esc(a.text)} — {esc(a.owner)}{_late(a.due_on)}"
        f" <span style='color:gray'>({esc(a.source)})</span></li>"
        for a in p.action_items
    )
    return f"<ul>{items}</ul>" if items else NONE


def _notes(p: Preparation) -> str:
    notes = sorted(p.last_meetings + p.last_interviews, key=lambda n: n.held_at, reverse=True)
    return (
        "".join(
            f"<p><b>{esc(n.title)}</b>, {n.held_at.astimezone():%Y-%m-%d}</p>"
            f"{_blocks(n.text) or '<p><i>no notes</i></p>'}<p></p>"
            for n in notes
        )
        or NONE
    )


def _script(p: Preparation) -> str:
    numbers = {q.id: q.number for s in p.script for q in s.questions}
    parts = []
    for section in p.script:
        items = ""
        for q in section.questions:
            when = (
                f" <i>(asked when {numbers.get(q.condition_on, '?')} is "
                f"“{esc(q.condition_value)}”)</i>"
                if q.condition_on
                else ""
            )
            guide = (
                f"<br><span style='color:gray'>{_lines(q.guidance)}</span>" if q.guidance else ""
            )
            items += f"<p><b>{q.number}.</b> {_lines(q.text)}{when}{guide}</p>"
        parts.append(f"<h4>{esc(section.title)}</h4>{items}")
    return "".join(parts) or NONE


def heading_html(p: Preparation) -> str:
    """Who, when, where, by whom, with which script, and the interview's state."""
    i = p.interview
    names = ", ".join(c.name for c in p.contacts) or "nobody yet"
    when = i.scheduled_at.astimezone()
    return (
        f"<h2>Interview with {esc(names)}</h2>"
        f"<p>{when:%A %d %B %Y, %H:%M} · {i.duration_minutes} min"
        f"{' · ' + esc(i.location) if i.location else ''}<br>"
        f"Held by {esc(i.rm) or '<i>no one yet</i>'} · {esc(i.unit) or '<i>no unit</i>'} · "
        f"script “{esc(i.script)}” (version {i.script_version}) · "
        f"<b>{esc(i.status.replace('_', ' '))}</b></p>"
    )


def preparation_html(p: Preparation) -> str:
    """The whole preparation as rich text, every user text escaped."""
    return (
        heading_html(p) + f"<h3>Who</h3>{_people(p)}"
        f"<h3>Current expectations ({len(p.expectations)})</h3>{_expectations(p)}"
        f"<h3>Open escalations ({len(p.escalations)})</h3>{_escalations(p)}"
        f"<h3>Open action items ({len(p.action_items)})</h3>{_actions(p)}"
        f"<h3>Last meetings and interviews</h3>{_notes(p)}"
        f"<h3>Script</h3>{_script(p)}"
    )


class PreparationView(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None, prep: Preparation) -> None:
        super().__init__(parent)
        self.setObjectName("preparation_view")
        self.ctx, self.prep = ctx, prep
        self.setWindowTitle("Preparing the interview")
        self.resize(960, 780)
        self.view = QTextBrowser()
        self.view.setObjectName("preparation_text")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._link)
        self.view.setHtml(preparation_html(prep))
        buttons = QDialogButtonBox()
        status = prep.interview.status
        self.start = None
        if status in ("planned", "in_progress"):
            verb = "Start" if status == "planned" else "Resume"
            self.start = buttons.addButton(
                f"{verb} the interview (Ctrl+Enter)", QDialogButtonBox.ButtonRole.AcceptRole
            )
            for keys in ("Ctrl+Return", "Ctrl+Enter"):
                QShortcut(QKeySequence(keys), self, activated=self.hold)
        buttons.addButton("Close (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.hold)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.setFocus()

    def _link(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        self.ctx.navigator.open_record.emit(kind, uuid.UUID(ident))

    def hold(self) -> None:
        if self.start is None:
            return
        self.accept()
        hold_interview(self.ctx, self.parentWidget(), self.prep.interview.id)


def show_preparation(ctx: AppContext, parent: QWidget | None, interview_id: uuid.UUID) -> None:
    """Gather the preparation (on the runner) and open its view."""

    def opened(prep: Preparation) -> None:
        view = PreparationView(ctx, parent, prep)
        view.open()

    ctx.runner.read(lambda s: prepare(s, interview_id), opened)
