"""Interview mode's saves (answers, notes and the question on screen in one write), the walk
of a script with conditional questions, and the queries of the interviews screens."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from relman.errors import RuleError, ValidationError
from relman.models import Answer, Dependence, Interview, InterviewStatus
from relman.workflows import (
    contacts,
    expectations,
    interviews,
    meetings,
    portfolio,
    scripts,
    services,
)
from relman.workflows import interview_queries as iq
from relman.workflows.interview_script import asked, questions_of

AT = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)
SCRIPT = {
    "name": "Walk",
    "sections": [
        {
            "title": "Dependence",
            "questions": [
                {"key": "dep", "kind": "yes_no", "text": "Do you depend on it?"},
                {
                    "key": "how",
                    "kind": "open",
                    "text": "How?",
                    "condition": {"on": "dep", "value": "yes"},
                },
                {
                    "kind": "rating",
                    "text": "How badly?",
                    "condition": {"on": "how", "value": "!=nothing"},
                },
            ],
        },
        {"title": "Close", "questions": [{"kind": "open", "text": "Anything else?"}]},
    ],
}


@dataclass(frozen=True)
class World:
    unit: uuid.UUID
    other_unit: uuid.UUID
    ana: uuid.UUID
    bob: uuid.UUID
    script: uuid.UUID
    service: uuid.UUID


@pytest.fixture
def world(db, people) -> World:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        other = portfolio.create_unit(s, "Finance")
        ana = contacts.create_contact(s, "Ana", unit_id=unit.id)
        bob = contacts.create_contact(s, "Bob", unit_id=other.id)
        script = scripts.create_script(s, SCRIPT)
        service = services.create_service(s, "CRM")
        return World(unit.id, other.id, ana.id, bob.id, script.id, service.id)


def plan(db, people, world, contact, at=AT, **kwargs) -> uuid.UUID:
    with db.session() as s:
        return interviews.schedule_interview(
            s, script_id=world.script, contact_ids=[contact], at=at, by=people.rm, **kwargs
        ).id


def running(db, people, world) -> tuple[uuid.UUID, list[uuid.UUID]]:
    interview_id = plan(db, people, world, world.ana)
    with db.session() as s:
        interviews.start_interview(s, interview_id, by=people.rm)
        state = iq.interview_state(s, interview_id)
    return interview_id, [q.id for _s, q in questions_of(state.script)]


def test_the_walk_skips_a_conditional_question_until_its_condition_is_met(db, people, world):
    interview_id, (dep, how, badly, anything) = running(db, people, world)
    with db.read_session() as s:
        script = iq.interview_state(s, interview_id).script
    assert [q.id for q in asked(script, {})] == [dep, anything]
    assert [q.id for q in asked(script, {dep: "no"})] == [dep, anything]
    assert [q.id for q in asked(script, {dep: "yes"})] == [dep, how, anything]
    # conditions chain: "how badly" waits for an answer to "how" other than "nothing"
    assert [q.id for q in asked(script, {dep: "yes", how: "a lot"})] == [dep, how, badly, anything]
    assert [q.id for q in asked(script, {dep: "no", how: "a lot"})] == [dep, anything]


def test_save_progress_keeps_answers_notes_and_the_question_on_screen(db, people, world):
    interview_id, (dep, how, _badly, _anything) = running(db, people, world)
    with db.session() as s:
        interviews.save_progress(
            s,
            interview_id,
            answers={dep: "Yes", how: "Every order goes through it  "},
            notes="She <b>insists</b> & “quotes” 🙂 עברית",
            current_question_id=how,
        )
    with db.read_session() as s:
        state = iq.interview_state(s, interview_id)
    assert state.answers == {dep: "yes", how: "Every order goes through it"}
    assert state.notes == "She <b>insists</b> & “quotes” 🙂 עברית"
    assert state.current_question_id == how
    assert state.status is InterviewStatus.IN_PROGRESS


def test_an_answer_no_longer_asked_is_kept_hidden_and_an_emptied_one_goes(db, people, world):
    interview_id, (dep, how, _badly, anything) = running(db, people, world)
    with db.session() as s:
        interviews.save_progress(s, interview_id, answers={dep: "yes", how: "a lot", anything: "x"})
    with db.session() as s:
        interviews.save_progress(s, interview_id, answers={dep: "no", anything: ""})
    with db.read_session() as s:
        assert interviews.answers_of(s, interview_id) == {dep: "no"}
        assert interviews.hidden_answers_of(s, interview_id) == {how: "a lot"}
    with db.session() as s:  # typed into a question whose condition is not met: kept, hidden
        interviews.save_progress(s, interview_id, answers={how: "more"})
    with db.read_session() as s:
        assert interviews.hidden_answers_of(s, interview_id) == {how: "more"}


def test_a_bad_value_saves_nothing(db, people, world):
    interview_id, (dep, _how, _badly, anything) = running(db, people, world)
    with pytest.raises(ValidationError), db.session() as s:
        interviews.save_progress(
            s, interview_id, answers={anything: "fine", dep: "perhaps"}, notes="lost?"
        )
    with db.read_session() as s:
        assert s.scalars(select(Answer).where(Answer.interview_id == interview_id)).all() == []
        assert s.get(Interview, interview_id).notes == ""


def test_save_progress_needs_a_running_interview_and_a_question_of_its_script(db, people, world):
    planned = plan(db, people, world, world.ana)
    with pytest.raises(RuleError), db.session() as s:
        interviews.save_progress(s, planned, answers={}, notes="early")
    interview_id, _questions = running(db, people, world)
    with pytest.raises(ValidationError), db.session() as s:
        interviews.save_progress(s, interview_id, answers={}, current_question_id=uuid.uuid4())


def test_plan_for_another_rm(db, people, world):
    interview_id = plan(db, people, world, world.bob, rm_id=people.manager, location="Room 4")
    with db.read_session() as s:
        interview = s.get(Interview, interview_id)
        assert (interview.rm_id, interview.unit_id) == (people.manager, world.other_unit)


def test_interview_rows_filter_by_status_rm_unit_and_days(db, people, world):
    first = plan(db, people, world, world.ana)
    later = plan(db, people, world, world.bob, at=AT + dt.timedelta(days=10), rm_id=people.manager)
    with db.session() as s:
        interviews.start_interview(s, first, by=people.rm)
        rows = iq.interview_rows(s)
        assert [r.id for r in rows] == [later, first]  # latest first
        assert rows[1].contacts == "Ana" and rows[1].unit == "Sales" and rows[1].script == "Walk"
        ids = lambda **kw: [r.id for r in iq.interview_rows(s, **kw)]  # noqa: E731
        assert ids(statuses=[InterviewStatus.PLANNED]) == [later]
        assert ids(rm_id=people.manager) == [later]
        assert ids(unit_id=world.unit) == [first]
        assert ids(start=AT.date(), end=AT.date()) == [first]
        assert ids(start=AT.date() + dt.timedelta(days=1)) == [later]
        assert ids(end=AT.date() - dt.timedelta(days=1)) == []


def test_broken_off_lists_interviews_still_in_progress(db, people, world):
    interview_id, _questions = running(db, people, world)
    plan(db, people, world, world.bob)
    with db.read_session() as s:
        assert [r.id for r in iq.broken_off(s, people.rm)] == [interview_id]
        assert iq.broken_off(s, people.manager) == []


def test_summary_lists_answers_in_order_expectations_and_action_items(db, people, world):
    interview_id, (dep, _how, _badly, anything) = running(db, people, world)
    with db.session() as s:
        interviews.save_progress(s, interview_id, answers={anything: "no", dep: "yes"})
        exp = expectations.state_expectation(
            s,
            unit_id=world.unit,
            service_id=world.service,
            statement="Never down in the morning",
            by=people.rm,
            contact_id=world.ana,
            interview_id=interview_id,
        )
        expectations.validate_expectation(s, exp.id, by=people.rm, dependence=Dependence.HIGH)
        meetings.add_action_item(
            s, text="Send the figures", interview_id=interview_id, owner_staff_id=people.rm
        )
        summary = iq.interview_summary(s, interview_id)
    assert summary.answers == (("Do you depend on it?", "yes"), ("Anything else?", "no"))
    [captured] = summary.expectations
    assert (captured.service, captured.status) == ("CRM", "validated")
    [action] = summary.action_items
    assert (action.text, action.owner) == ("Send the figures", "Rui Relman")


def test_schedule_choices_offer_contacts_with_their_unit(db, people, world):
    with db.read_session() as s:
        choices = iq.schedule_choices(s)
    assert [(c.name, c.unit_id) for c in choices.contacts] == [
        ("Ana", world.unit),
        ("Bob", world.other_unit),
    ]
    assert "Walk" in [c.name for c in choices.scripts]
    assert {c.name for c in choices.staff} == {"Mara Manager", "Rui Relman"}
