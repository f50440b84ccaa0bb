"""An expectation's whole history as a timeline: who, when, what was said or proposed, and
for each agreement its full terms. Rich text; every user text is escaped."""

from __future__ import annotations

from relman.models import EventKind, Party
from relman.ui.pages.base import esc
from relman.ui.table_model import show
from relman.workflows.expectation_views import EventRow, ExpectationDetail, terms_text

WHAT = {
    EventKind.STATED: "stated",
    EventKind.VALIDATED: "validated",
    EventKind.PROPOSED: "proposed",
    EventKind.COUNTER_PROPOSED: "counter-proposed",
    EventKind.AGREED: "agreed",
    EventKind.DISAGREED: "agreed to disagree",
    EventKind.ESCALATED: "escalated",
    EventKind.WITHDRAWN: "withdrew it",
    EventKind.REOPENED: "reopened",
    EventKind.NOTE: "noted",
    EventKind.REWORDED: "reworded the statement; it read",
}
#: A colour per kind of step, so that the course of a negotiation reads at a glance.
COLOUR = {
    EventKind.AGREED: "#1e8449",
    EventKind.DISAGREED: "#b9770e",
    EventKind.ESCALATED: "#c0392b",
    EventKind.WITHDRAWN: "#7f8c8d",
    EventKind.PROPOSED: "#2e86c1",
    EventKind.COUNTER_PROPOSED: "#2e86c1",
}


#: A step taken for the customer is recorded by a member of IT: it reads as such.
FOR_CUSTOMER = {
    EventKind.STATED: "recorded the customer's statement",
    EventKind.PROPOSED: "recorded the customer's proposal",
    EventKind.COUNTER_PROPOSED: "recorded the customer's counter-proposal",
}


def _event(event: EventRow, unit: str) -> str:
    """One step; ``unit`` is the unit of measure a target without its own is read in."""
    who = f"<b>{esc(event.author) or 'someone'}</b>"
    colour = COLOUR.get(event.kind, "#444")
    for_customer = event.party is Party.CUSTOMER and event.kind in FOR_CUSTOMER
    if for_customer:
        what = FOR_CUSTOMER[event.kind]
    else:
        what = WHAT[event.kind] + (" for IT" if event.party is Party.IT else "")
    line = f"{who} <span style='color: {colour}'><b>{what}</b></span>"
    if event.kind is EventKind.AGREED and event.proposed_target is not None:
        terms = [esc(terms_text(event.proposed_target, event.target_unit or unit))]
        terms += [esc(show(v)) for v in (event.measurement_type, event.frequency) if v]
        if event.review_on:
            terms.append(f"review on {event.review_on:%Y-%m-%d}")
        line += f" — {', '.join(terms)}"
    elif event.proposed_target is not None:
        target = terms_text(event.proposed_target, event.target_unit or unit)
        line += f" {'of' if for_customer else 'a target of'} <b>{esc(target)}</b>"
    text = esc(event.text).replace("\n", "<br>")
    said = f"<div style='margin-left: 12px'>“{text}”</div>" if event.text else ""
    when = f"<span style='color: gray'>{event.at.astimezone():%Y-%m-%d %H:%M}</span>"
    return f"<p style='margin: 6px 0'>{when}<br>{line}{said}</p>"


def timeline_html(detail: ExpectationDetail) -> str:
    """The history, newest step first (the latest position is what a user looks for)."""
    if not detail.events:
        return "<p style='color: gray'>No steps recorded.</p>"
    return "".join(_event(e, detail.known_unit) for e in reversed(detail.events))
