"""A readable summary of any record by kind and id, for opening a search hit or a dashboard
line whose own page is not built yet (interviews, expectations, escalations, meetings...)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import NotFoundError
from relman.models import (
    ActionItem,
    Answer,
    BusinessUnit,
    Contact,
    Escalation,
    EscalationEvent,
    Expectation,
    ExpectationEvent,
    Interview,
    Meeting,
    Question,
    Script,
    Service,
    Staff,
    SupportIssue,
    Survey,
    interview_contacts,
)
from relman.workflows.common import get


@dataclass(frozen=True)
class RecordView:
    kind: str
    id: uuid.UUID
    title: str
    fields: list[tuple[str, str]]
    sections: list[tuple[str, str]]  # (heading, text)


def _name(session: Session, model: type, id_: uuid.UUID | None) -> str:
    if id_ is None:
        return ""
    obj = session.get(model, id_)
    return getattr(obj, "name", "") if obj else ""


def _value(v: object) -> str:
    return str(getattr(v, "value", v)).replace("_", " ") if v is not None else ""


def describe(session: Session, kind: str, record_id: uuid.UUID) -> RecordView:
    if kind == "interview":
        iv = get(session, Interview, record_id, "interview")
        people = session.scalars(
            select(Contact.name)
            .join(interview_contacts)
            .where(interview_contacts.c.interview_id == iv.id)
        ).all()
        answers = session.execute(
            select(Question.text, Answer.value)
            .join(Question, Question.id == Answer.question_id)
            .where(Answer.interview_id == iv.id)
            .order_by(Question.position)
        ).all()
        return RecordView(
            kind,
            iv.id,
            f"Interview on {iv.scheduled_at:%Y-%m-%d %H:%M}",
            [
                ("With", ", ".join(people)),
                ("Where", iv.location),
                ("Status", _value(iv.status)),
                ("RM", _name(session, Staff, iv.rm_id)),
            ],
            [("Notes", iv.notes), ("Summary", iv.summary)] + [(q, a) for q, a in answers],
        )
    if kind == "expectation":
        ex = get(session, Expectation, record_id, "expectation")
        events = session.scalars(
            select(ExpectationEvent)
            .where(ExpectationEvent.expectation_id == ex.id)
            .order_by(ExpectationEvent.at)
        ).all()
        target = f"{ex.target:g} {ex.target_unit}".strip() if ex.target is not None else ""
        service = _name(session, Service, ex.service_id)
        # the statement is shown once, whole, below; the title names whose and of what
        return RecordView(
            kind,
            ex.id,
            f"Expectation of {_name(session, BusinessUnit, ex.unit_id)} for {service}",
            [
                ("Service", service),
                ("Status", _value(ex.status)),
                ("Target", target),
                ("Measured", _value(ex.measurement_type)),
                ("Frequency", _value(ex.frequency)),
                ("Review on", str(ex.review_on or "")),
            ],
            [("Statement", ex.statement)]
            + [
                (
                    f"{e.at:%Y-%m-%d} {_value(e.kind)}",
                    "(the statement above)" if e.text == ex.statement else e.text,
                )
                for e in events
            ],
        )
    if kind == "escalation":
        es = get(session, Escalation, record_id, "escalation")
        events = session.scalars(
            select(EscalationEvent)
            .where(EscalationEvent.escalation_id == es.id)
            .order_by(EscalationEvent.at)
        ).all()
        return RecordView(
            kind,
            es.id,
            f"Escalation opened {es.opened_at:%Y-%m-%d}",
            [
                ("Status", _value(es.status)),
                ("Due", str(es.due_on)),
                ("Raised by", _name(session, Staff, es.raised_by_id)),
                ("RM's manager", _name(session, Staff, es.rm_manager_id)),
                ("Customer's manager", _name(session, Contact, es.customer_manager_id)),
            ],
            [("Summary", es.summary), ("Resolution", es.resolution)]
            + [(f"{e.at:%Y-%m-%d} {_value(e.kind)}", e.text) for e in events],
        )
    if kind == "meeting":
        m = get(session, Meeting, record_id, "meeting")
        return RecordView(
            kind,
            m.id,
            f"{_value(m.kind).capitalize()} {m.held_at:%Y-%m-%d}",
            [
                ("Service goals met", _value(m.goals_met)),
            ],
            [
                ("Discussed", m.discussed),
                ("Delivered", m.delivered),
                ("Planned", m.planned),
                ("Service goals", m.goals_note),
            ],
        )
    if kind == "action_item":
        a = get(session, ActionItem, record_id, "action item")
        owner = _name(session, Staff, a.owner_staff_id) or _name(
            session, Contact, a.owner_contact_id
        )
        return RecordView(
            kind,
            a.id,
            "Action item",
            [
                ("Owner", owner),
                ("Due", str(a.due_on or "")),
                ("Done", f"{a.done_at:%Y-%m-%d}" if a.done_at else "not yet"),
            ],
            [("Action", a.text)],
        )
    if kind == "survey":
        sv = get(session, Survey, record_id, "survey")
        return RecordView(
            kind,
            sv.id,
            f"Survey {sv.quarter}",
            [
                ("Overall", f"{sv.overall:.2f}"),
                ("Respondents", str(sv.respondents)),
            ],
            [("Comments", sv.comments)],
        )
    if kind == "support_issue":
        si = get(session, SupportIssue, record_id, "support issue")
        return RecordView(
            kind,
            si.id,
            si.title,
            [
                ("Importance", str(si.importance)),
                ("Satisfaction", str(si.satisfaction)),
                ("Quadrant", si.quadrant.value.replace("_", " ")),
            ],
            [("Description", si.description)],
        )
    if kind == "script":
        sc = get(session, Script, record_id, "script")
        return RecordView(kind, sc.id, sc.name, [], [("Purpose", sc.purpose)])
    raise NotFoundError(f"relman cannot show a record of kind '{kind}'.")
