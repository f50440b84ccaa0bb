"""The detail of one escalation: what it is about, who holds it, its own events and the
negotiation history of the expectation behind it, with the buttons of the steps a manager
takes (add a discussion note, resolve, withdraw), enabled only where the method allows."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from relman.models import EscalationStatus
from relman.ui.expectations.timeline import timeline_html
from relman.ui.pages.base import esc
from relman.ui.table_model import show
from relman.workflows.escalation_queries import EscalationDetail, EscalationStep
from relman.workflows.escalations import DID

#: Why a closed escalation takes no more steps (shown on the disabled buttons).
CLOSED = (
    "This escalation is {status}: a closed escalation is kept as it was closed. If the "
    "disagreement comes back, escalate the expectation again."
)
NEWEST = "<span style='color: gray; font-weight: normal'>(newest first)</span>"


def paragraphs(text: str) -> str:
    """User text as rich text: escaped, its line breaks kept."""
    return esc(text).replace("\n", "<br>")


def _link(kind: str, record_id: object, name: str) -> str:
    if record_id is None or not name:
        return "<i>not recorded</i>"
    return f"<a href='{kind}:{record_id}'>{esc(name)}</a>"


def _event(step: EscalationStep) -> str:
    """One event, laid out as the negotiation history's steps are."""
    when = f"<span style='color: gray'>{show(step.at)}</span>"
    said = f"<div style='margin-left: 12px'>{paragraphs(step.text)}</div>" if step.text else ""
    return (
        f"<p style='margin: 6px 0'>{when}<br><b>{esc(step.author) or 'someone'}</b> "
        f"<b>{esc(DID[step.kind])}</b>{said}</p>"
    )


def detail_html(d: EscalationDetail) -> str:
    """The escalation as the panel shows it; every user text is escaped."""
    r, exp = d.row, d.expectation
    late = " — <b style='color: #c0392b'>past due</b>" if r.past_due else ""
    due = f"due {show(r.due_on)}{late}"
    days = f"{r.age_days} day{'s' if r.age_days != 1 else ''}"
    age = f"open for {days}" if d.is_open else f"closed {show(r.resolved_at)}, after {days}"
    fields = [
        ("Unit", _link("unit", r.unit_id, r.unit)),
        ("Service", esc(r.service)),
        ("Customer", _link("contact", exp.contact_id, exp.contact)),
        ("RM", _link("staff", r.rm_id, r.rm)),
        ("RM's manager", _link("staff", r.manager_id, r.manager)),
        ("Customer's manager", _link("contact", d.customer_manager_id, r.customer_manager)),
    ]
    table = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in fields)
    closing = "Why it was withdrawn" if r.status is EscalationStatus.WITHDRAWN else "Resolution"
    resolution = (
        f"<h4>{closing}</h4><p>{paragraphs(d.resolution)}</p>"
        if not d.is_open and d.resolution
        else ""
    )
    terms = f" · target {esc(exp.terms)}" if exp.target is not None else ""
    return (
        f"<h3>{paragraphs(r.summary)}</h3>"
        f"<p><b>{esc(show(r.status))}</b> · opened {show(r.opened_at)} · {age} · {due}</p>"
        f"<table cellspacing=3>{table}</table>{resolution}"
        f"<h4>Escalation {NEWEST}</h4>"
        f"{''.join(map(_event, reversed(d.events)))}"
        f"<h4>Negotiation history {NEWEST}</h4>"
        f"<p><a href='expectation:{r.expectation_id}'>The expectation</a> "
        f"({esc(show(exp.status))}{terms}): {paragraphs(exp.statement)}</p>"
        f"{timeline_html(exp)}"
    )


class EscalationPanel(QWidget):
    """The buttons of the steps above the detail text. The page connects the buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.note_button = QPushButton("Add &note…")
        self.note_button.setToolTip("Record what the managers discussed (Alt+N)")
        self.resolve_button = QPushButton("&Resolve…")
        self.resolve_button.setToolTip(
            "Close it with its resolution, perhaps agreeing the expectation (Alt+R)"
        )
        self.withdraw_button = QPushButton("&Withdraw…")
        self.withdraw_button.setToolTip("Close it without a resolution (Alt+W)")
        self.buttons = (self.note_button, self.resolve_button, self.withdraw_button)
        self.tips = {b: b.toolTip() for b in self.buttons}
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        row = QHBoxLayout()
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.browser, 1)
        self.show_detail(None)

    def show_detail(self, d: EscalationDetail | None) -> None:
        closed = "" if d is None or d.is_open else CLOSED.format(status=show(d.row.status))
        for button in self.buttons:
            button.setEnabled(d is not None and d.is_open)
            button.setToolTip(closed or self.tips[button])
        if d is None:
            self.browser.setHtml(
                "<p style='color: gray'>Choose an escalation to see its history and work it.</p>"
            )
        else:
            self.browser.setHtml(detail_html(d))
