"""The small demo (Jeans-R-Us): built through the workflows, it shows every part of the method."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.demo import DemoSummary, build_demo
from relman.models import (
    ActionItem,
    Answer,
    Assessment,
    BusinessUnit,
    Contact,
    Escalation,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Interview,
    InterviewStatus,
    Measurement,
    Quadrant,
    Question,
    Script,
    Staff,
    StaffRole,
    SupportIssue,
    Survey,
)
from relman.storage import Database, open_database
from relman.workflows import dashboard, scripts, search, staff
from relman.workflows.scripts import condition_met

#: the event that must be in the history of an expectation in each status
EVENT_OF_STATUS = {
    ExpectationStatus.STATED: EventKind.STATED,
    ExpectationStatus.VALIDATED: EventKind.VALIDATED,
    ExpectationStatus.NEGOTIATING: EventKind.PROPOSED,
    ExpectationStatus.AGREED: EventKind.AGREED,
    ExpectationStatus.DISAGREED: EventKind.DISAGREED,
    ExpectationStatus.ESCALATED: EventKind.ESCALATED,
    ExpectationStatus.WITHDRAWN: EventKind.WITHDRAWN,
}


@pytest.fixture
def demo(db: Database) -> Database:
    build_demo(db, "small", seed=7)
    return db


def test_build_reports_progress_and_counts(db: Database) -> None:
    calls: list[tuple[int, int, str]] = []
    summary = build_demo(db, "small", seed=3, progress=lambda d, t, w: calls.append((d, t, w)))
    assert isinstance(summary, DemoSummary)
    assert summary.counts["business_units"] == 5
    assert len(calls) >= 3
    assert calls[-1][0] == calls[-1][1]
    assert all(0 <= done <= total and what for done, total, what in calls)


def test_expectations_escalations_and_measurements(demo: Database) -> None:
    with demo.read_session() as s:
        exps = list(s.scalars(select(Expectation)))
        assert {e.status for e in exps} == set(ExpectationStatus)
        for exp in exps:
            kinds = [
                ev.kind
                for ev in s.scalars(
                    select(ExpectationEvent)
                    .where(ExpectationEvent.expectation_id == exp.id)
                    .order_by(ExpectationEvent.at)
                )
            ]
            assert kinds[0] is EventKind.STATED
            assert EVENT_OF_STATUS[exp.status] in kinds, (exp.statement, kinds)

        escalations = list(s.scalars(select(Escalation)))
        assert len(escalations) == 3
        assert {e.status for e in escalations} == {
            EscalationStatus.OPEN,
            EscalationStatus.IN_DISCUSSION,
            EscalationStatus.RESOLVED,
        }
        resolved = next(e for e in escalations if e.status is EscalationStatus.RESOLVED)
        assert resolved.resolution and resolved.resolved_at is not None
        assert all(e.customer_manager_id and e.rm_manager_id for e in escalations)

        measurements = list(s.scalars(select(Measurement)))
        measured = {m.expectation_id for m in measurements}
        agreed = {e.id for e in exps if e.status is ExpectationStatus.AGREED}
        assert measured <= agreed and len(measured) >= 3
        per_exp = Counter(m.expectation_id for m in measurements)
        assert max(per_exp.values()) >= 6  # several months of one expectation
        misses = [m for m in measurements if not m.met]
        assert misses
        assert all(m.miss_cause and m.miss_resolution and m.miss_prevention for m in misses)


def test_contacts_scripts_and_interviews(demo: Database) -> None:
    with demo.read_session() as s:
        contacts = list(s.scalars(select(Contact)))
        assert len(contacts) >= 15
        assert {c.is_key for c in contacts} == {True, False}
        assessed = set(s.scalars(select(Assessment.contact_id)))
        assert assessed == {c.id for c in contacts}
        unreasonable = list(s.scalars(select(Assessment).where(Assessment.unreasonable)))
        assert len(unreasonable) == 1 and unreasonable[0].unreasonable_note
        assert not unreasonable[0].is_key
        assert "Zoë Müller" in {c.name for c in contacts}

        units = list(s.scalars(select(BusinessUnit)))
        assert {u.name for u in units} >= {"Sales", "Marketing", "Finance", "Distribution"}
        assert all(u.head_id for u in units)
        assert any("R&D" in u.division for u in units)

        people = list(s.scalars(select(Staff)))
        assert sum(p.role is StaffRole.RM for p in people) >= 3
        manager = next(p for p in people if p.role is StaffRole.MANAGER)
        assert all(p.reports_to_id == manager.id for p in people if p.role is StaffRole.RM)
        # "who I am" is not in the file; the window suggests the demo's RM
        assert staff.legacy_current_user(s) is None
        me = s.get(Staff, staff.suggest_me(s))
        assert me is not None and me.role is StaffRole.RM and me.name == "Aisha Bello"

        # the shipped scripts, once each (a new database has them before the demo fills it)
        assert s.scalar(select(func.count()).select_from(Script)) == len(scripts.sample_scripts())

        interviews = list(s.scalars(select(Interview)))
        statuses = Counter(i.status for i in interviews)
        answered = set(s.scalars(select(Answer.interview_id)))
        assert len(answered) >= 10
        assert statuses[InterviewStatus.PLANNED] >= 2
        assert statuses[InterviewStatus.CANCELLED] == 1
        assert all(i.notes for i in interviews if i.status is InterviewStatus.COMPLETED)
        _assert_conditions_respected(s)


def _assert_conditions_respected(s: Session) -> None:
    answers = {(a.interview_id, a.question_id): a.value for a in s.scalars(select(Answer))}
    questions = {q.id: q for q in s.scalars(select(Question))}
    conditional = 0
    for (interview_id, question_id), _value in answers.items():
        question = questions[question_id]
        if question.condition_question_id is None:
            continue
        conditional += 1
        earlier = answers.get((interview_id, question.condition_question_id))
        assert condition_met(question.condition_value, earlier), question.text
    assert conditional >= 5


def test_meetings_satisfaction_and_dashboard(demo: Database) -> None:
    with demo.read_session() as s:
        assert s.scalar(
            select(func.count()).select_from(ActionItem).where(ActionItem.done_at.is_not(None))
        )
        quadrants = {i.quadrant for i in s.scalars(select(SupportIssue))}
        assert quadrants == set(Quadrant)
        per_unit = Counter(s.scalars(select(Survey.unit_id)))
        units = list(s.scalars(select(BusinessUnit.id)))
        assert all(per_unit[u] == 4 for u in units)

        me = s.get(Staff, staff.suggest_me(s))
        assert me is not None
        for who in (me.id, None):
            assert dashboard.units(s, rm_id=who)
            assert dashboard.overdue_action_items(s, who)
            assert dashboard.open_escalations(s, who)
            assert dashboard.units_without_review(s, who)
            assert dashboard.upcoming_interviews(s, who)
        reviewed = dashboard.units(s)
        assert any(u.last_review is not None for u in reviewed)
        assert len(dashboard.units_without_review(s, None)) < len(reviewed)


def test_search_finds_words_from_notes(demo: Database) -> None:
    with demo.read_session() as s:
        hits = search.search(s, "highlighted yellow")
        assert any(h.kind == "interview" for h in hits)
        assert any(h.title == "Zoë Müller" for h in search.search(s, "Muller"))
        assert any(h.kind == "contact" for h in search.search(s, "catastrophic"))


def _fingerprint(db: Database) -> tuple[object, ...]:
    with db.read_session() as s:
        return (
            sorted(s.scalars(select(BusinessUnit.name))),
            sorted(s.scalars(select(Contact.name))),
            sorted((e.statement, e.status.value) for e in s.scalars(select(Expectation))),
            sorted(s.scalars(select(Answer.value))),
            sorted((m.period, m.value) for m in s.scalars(select(Measurement))),
        )


def test_same_seed_gives_the_same_demo(db: Database, tmp_path: Path) -> None:
    first = build_demo(db, "small", seed=11)
    other = open_database(tmp_path / "second.sqlite")
    try:
        second = build_demo(other, "small", seed=11)
        assert first.counts == second.counts
        assert _fingerprint(db) == _fingerprint(other)
    finally:
        other.close()
