"""Every value a user gives is checked once, in one place (issue 12.7).

For arbitrary text (lone surrogates, NUL, a megabyte), dates and times (years 1 to 9999,
with and without a time zone) and numbers (NaN, infinities, huge, negative, text), every
workflow that takes user input either stores the value so that it reads back as given
(trimmed), or refuses it with a ValidationError or RuleError, and then nothing was written.
One database per test function; each example runs in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    ActionItem,
    Answer,
    Assessment,
    AssessmentCriterion,
    Base,
    BusinessUnit,
    Contact,
    Dependence,
    Escalation,
    EscalationEvent,
    Expectation,
    ExpectationEvent,
    Interview,
    Measurement,
    Meeting,
    MeetingKind,
    Party,
    Question,
    Script,
    ScriptSection,
    ScriptVersion,
    Service,
    Staff,
    SupportIssue,
    Survey,
    SurveyQuestion,
)
from relman.storage import Database
from relman.workflows import (
    assessments,
    contacts,
    escalations,
    interviews,
    measurements,
    meetings,
    portfolio,
    satisfaction,
    scripts,
    services,
    staff,
)
from relman.workflows import expectations as ex

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ANY_CHAR = st.characters(exclude_categories=())  # surrogates and control characters too
TEXTS = st.one_of(
    st.text(ANY_CHAR, max_size=60),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "  ",
            "\ud800",
            "ok \udfff ok",
            "a\x00b",
            "tab\there",
            "two\nlines",
            "😀 ünïcödé مرحبا",
            "x" * 41,
            "x" * 201,
            "x" * 301,
            "m" * 1_000_001,
        ]
    ),
    st.integers(0, 320).map(lambda n: "é" * n),
)
OFFSETS = st.integers(-23 * 60, 23 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
DATES = st.one_of(
    st.dates(),
    st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 5, 4)]),
)
DATETIMES = st.one_of(
    st.datetimes(timezones=st.one_of(st.none(), OFFSETS)),
    st.sampled_from(
        [
            dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))),
            dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC),
        ]
    ),
)
NUMBERS = st.one_of(
    st.floats(),
    st.integers(),
    st.integers(-(10**30), 10**30),
    st.sampled_from([-100, 250, 0, 100, 99.5, "99,5", " 42 ", "", "n/a", "1e400", 10**5000]),
    st.text(max_size=8),
)


@dataclass
class World:
    """What the inputs are given against: made once per test function."""

    rm: uuid.UUID
    unit: uuid.UUID
    service: uuid.UUID
    contact: uuid.UUID
    script: uuid.UUID
    open_question: uuid.UUID
    meeting: uuid.UUID


SCRIPT = {
    "name": "Fuzz script",
    "sections": [
        {
            "title": "Only",
            "questions": [
                {"kind": "open", "text": "What do you need?"},
                {"kind": "rating", "text": "How satisfied are you?"},
            ],
        }
    ],
}


@pytest.fixture
def world(db: Database, people) -> World:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Fuzz unit").id
        service = services.create_service(s, "Fuzz service").id
        portfolio.set_dependency(s, unit, service, Dependence("high"))
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit).id
        contact = contacts.create_contact(s, "Carl Customer", unit_id=unit, manager_id=boss).id
        script = scripts.create_script(s, SCRIPT)
        open_q = s.scalar(select(Question.id).where(Question.text == "What do you need?"))
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.OTHER,
            held_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
            by=people.rm,
            unit_id=unit,
        ).id
        satisfaction.add_survey_question(s, "Q")
        return World(people.rm, unit, service, contact, script.id, open_q, meeting)


def unique() -> str:
    return f"n{uuid.uuid4().hex[:12]}"


# -- records in the state a step needs, made in the example's own transaction ----------------


def stated(s: Session, w: World) -> uuid.UUID:
    return ex.state_expectation(
        s, unit_id=w.unit, service_id=w.service, statement="Fast", by=w.rm, contact_id=w.contact
    ).id


def validated(s: Session, w: World) -> uuid.UUID:
    return ex.validate_expectation(s, stated(s, w), by=w.rm).id


def agreed(s: Session, w: World, unit: str = "%") -> uuid.UUID:
    terms = ex.Terms(99.5, "availability", "monthly", unit)
    return ex.agree(s, validated(s, w), terms, by=w.rm).id


def disagreed(s: Session, w: World) -> uuid.UUID:
    exp = validated(s, w)
    ex.propose(s, exp, by=w.rm, party=Party.IT, target=99, text="99%")  # a negotiation first
    return ex.disagree(s, exp, by=w.rm, text="No compromise").id


def escalated(s: Session, w: World) -> uuid.UUID:
    return escalations.escalate(s, disagreed(s, w), by=w.rm, summary="Stuck").id


def planned(s: Session, w: World) -> uuid.UUID:
    at = dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC)
    return interviews.schedule_interview(
        s, script_id=w.script, contact_ids=[w.contact], at=at, by=w.rm
    ).id


def running(s: Session, w: World) -> uuid.UUID:
    return interviews.start_interview(s, planned(s, w), by=w.rm).id


def action(s: Session, w: World) -> uuid.UUID:
    return meetings.add_action_item(s, text="Do it", meeting_id=w.meeting, owner_staff_id=w.rm).id


def last_event(s: Session, model: type, column: Any, owner: uuid.UUID) -> uuid.UUID:
    return s.scalar(select(model.id).where(column == owner).order_by(model.at.desc()).limit(1))


# -- the cases: (call with the value → where it is stored, what it should read back as) -----

Where = tuple[type, uuid.UUID, str]
Call = Callable[[Session, World, Any], Where]


def strip(value: Any) -> Any:
    return value.strip()


def rstrip(value: Any) -> Any:
    return value.rstrip()


def same(value: Any) -> Any:
    return value


def squash(value: Any) -> Any:
    return " ".join(value.split())


def _survey_question(s: Session, w: World, v: Any) -> Where:
    return SurveyQuestion, satisfaction.add_survey_question(s, v).id, "name"


def _question_text(s: Session, w: World, v: Any) -> Where:
    spec = {"name": unique(), "sections": [{"title": "S", "questions": [{"text": v}]}]}
    script = scripts.create_script(s, spec)
    s.flush()
    # by query: the version's sections are not loaded (lazy="raise") once it leaves the
    # session's identity map
    version = scripts.latest_version(s, script.id)
    question_id = s.scalar(
        select(Question.id).join(ScriptSection).where(ScriptSection.version_id == version.id)
    )
    return Question, question_id, "text"


def _answer(s: Session, w: World, v: Any) -> Where:
    answer = interviews.answer_question(s, running(s, w), w.open_question, v)
    return Answer, answer.id, "value"


def _note(s: Session, w: World, v: Any) -> Where:
    exp = stated(s, w)
    return ExpectationEvent, ex.add_note(s, exp, by=w.rm, text=v).id, "text"


def _miss(s: Session, w: World, v: Any) -> Where:
    m = measurements.record_measurement(
        s,
        agreed(s, w),
        period="2026-01",
        value=90,
        by=w.rm,
        cause=v,
        resolution="The disk was replaced",
        prevention="Disks are mirrored now",
    )
    return Measurement, m.id, "miss_cause"


TEXT_CASES: dict[str, tuple[Call, Callable[[Any], Any]]] = {
    "create_unit name": (
        lambda s, w, v: (BusinessUnit, portfolio.create_unit(s, v).id, "name"),
        strip,
    ),
    "create_unit notes": (
        lambda s, w, v: (BusinessUnit, portfolio.create_unit(s, unique(), notes=v).id, "notes"),
        rstrip,
    ),
    "update_unit division": (
        lambda s, w, v: (
            BusinessUnit,
            portfolio.update_unit(s, w.unit, expected_version=None, division=v).id,
            "division",
        ),
        strip,
    ),
    "create_service owner": (
        lambda s, w, v: (Service, services.create_service(s, unique(), owner=v).id, "owner"),
        strip,
    ),
    "update_service description": (
        lambda s, w, v: (
            Service,
            services.update_service(s, w.service, expected_version=None, description=v).id,
            "description",
        ),
        rstrip,
    ),
    "add_staff email": (
        lambda s, w, v: (Staff, staff.add_staff(s, unique(), email=v).id, "email"),
        strip,
    ),
    "update_staff name": (
        lambda s, w, v: (
            Staff,
            staff.update_staff(s, staff.add_staff(s, "x").id, expected_version=None, name=v).id,
            "name",
        ),
        strip,
    ),
    "create_contact title": (
        lambda s, w, v: (Contact, contacts.create_contact(s, "C", title=v).id, "title"),
        strip,
    ),
    "create_contact phone": (
        lambda s, w, v: (Contact, contacts.create_contact(s, "C", phone=v).id, "phone"),
        strip,
    ),
    "update_contact email": (
        lambda s, w, v: (
            Contact,
            contacts.update_contact(s, w.contact, expected_version=None, email=v).id,
            "email",
        ),
        strip,
    ),
    "assess_contact note": (
        lambda s, w, v: (
            AssessmentCriterion,
            assessments.assess_contact(s, w.contact, [True] * 7, by=w.rm, notes=[v]).answers[0].id,
            "note",
        ),
        rstrip,
    ),
    "state_expectation statement": (
        lambda s, w, v: (
            Expectation,
            ex.state_expectation(s, unit_id=w.unit, service_id=w.service, statement=v, by=w.rm).id,
            "statement",
        ),
        rstrip,
    ),
    "propose text": (
        lambda s, w, v: (
            ExpectationEvent,
            ex.propose(s, validated(s, w), by=w.rm, party=Party.IT, target=99, text=v).id,
            "text",
        ),
        rstrip,
    ),
    "agree target unit": (
        lambda s, w, v: (
            Expectation,
            ex.agree(s, validated(s, w), ex.Terms(4, "response_time", "weekly", v), by=w.rm).id,
            "target_unit",
        ),
        strip,
    ),
    "add_note text": (_note, rstrip),
    "withdraw text": (
        lambda s, w, v: (Expectation, ex.withdraw(s, stated(s, w), by=w.rm, text=v).id, "id"),
        None,
    ),
    "record_measurement cause": (_miss, rstrip),
    "record_measurement period": (
        lambda s, w, v: (
            Measurement,
            measurements.record_measurement(s, agreed(s, w), period=v, value=99.9, by=w.rm).id,
            "period",
        ),
        strip,
    ),
    "escalate summary": (
        lambda s, w, v: (
            Escalation,
            escalations.escalate(s, disagreed(s, w), by=w.rm, summary=v).id,
            "summary",
        ),
        rstrip,
    ),
    "discuss text": (
        lambda s, w, v: (
            EscalationEvent,
            escalations.discuss(s, escalated(s, w), by=w.rm, text=v).id,
            "text",
        ),
        rstrip,
    ),
    "schedule_interview location": (
        lambda s, w, v: (
            Interview,
            interviews.schedule_interview(
                s,
                script_id=w.script,
                contact_ids=[w.contact],
                at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                by=w.rm,
                location=v,
            ).id,
            "location",
        ),
        rstrip,
    ),
    "save_notes": (
        lambda s, w, v: (Interview, interviews.save_notes(s, running(s, w), v).id, "notes"),
        rstrip,
    ),
    "answer_question": (_answer, strip),
    "finish_interview summary": (
        lambda s, w, v: (
            Interview,
            interviews.finish_interview(s, running(s, w), by=w.rm, summary=v).id,
            "summary",
        ),
        rstrip,
    ),
    "record_meeting discussed": (
        lambda s, w, v: (
            Meeting,
            meetings.record_meeting(
                s,
                kind=MeetingKind.OTHER,
                held_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                by=w.rm,
                discussed=v,
            ).id,
            "discussed",
        ),
        rstrip,
    ),
    "add_action_item text": (
        lambda s, w, v: (
            ActionItem,
            meetings.add_action_item(s, text=v, meeting_id=w.meeting, owner_staff_id=w.rm).id,
            "text",
        ),
        rstrip,
    ),
    "add_survey_question name": (_survey_question, squash),
    "add_support_issue title": (
        lambda s, w, v: (
            SupportIssue,
            satisfaction.add_support_issue(s, w.unit, v, importance=3, satisfaction=3).id,
            "title",
        ),
        strip,
    ),
    "create_script name": (
        lambda s, w, v: (Script, scripts.create_script(s, {**SCRIPT, "name": v}).id, "name"),
        strip,
    ),
    "create_script question text": (_question_text, rstrip),
    "revise_script change note": (
        lambda s, w, v: (
            ScriptVersion,
            scripts.revise_script(s, w.script, SCRIPT["sections"], v).id,
            "change_note",
        ),
        rstrip,
    ),
}

DATE_CASES: dict[str, Call] = {
    "assess_contact on": lambda s, w, v: (
        Assessment,
        assessments.assess_contact(s, w.contact, [True] * 7, by=w.rm, on=v).id,
        "assessed_on",
    ),
    "escalate due_on": lambda s, w, v: (
        Escalation,
        escalations.escalate(
            s,
            disagreed(s, w),
            by=w.rm,
            summary="Stuck",
            due_on=v,
            at=dt.datetime(1950, 1, 1, tzinfo=dt.UTC),
        ).id,
        "due_on",
    ),
    "add_action_item due_on": lambda s, w, v: (
        ActionItem,
        meetings.add_action_item(
            s, text="Do", meeting_id=w.meeting, owner_staff_id=w.rm, due_on=v
        ).id,
        "due_on",
    ),
    "agree review_on": lambda s, w, v: (
        Expectation,
        ex.agree(
            s, validated(s, w), ex.Terms(99, "availability", "monthly", review_on=v), by=w.rm
        ).id,
        "review_on",
    ),
}

DATETIME_CASES: dict[str, Call] = {
    "schedule_interview at": lambda s, w, v: (
        Interview,
        interviews.schedule_interview(
            s, script_id=w.script, contact_ids=[w.contact], at=v, by=w.rm
        ).id,
        "scheduled_at",
    ),
    "reschedule_interview at": lambda s, w, v: (
        Interview,
        interviews.reschedule_interview(s, planned(s, w), v, expected_version=None).id,
        "scheduled_at",
    ),
    "start_interview at": lambda s, w, v: (
        Interview,
        interviews.start_interview(s, planned(s, w), by=w.rm, at=v).id,
        "started_at",
    ),
    "record_meeting held_at": lambda s, w, v: (
        Meeting,
        meetings.record_meeting(s, kind=MeetingKind.OTHER, held_at=v, by=w.rm).id,
        "held_at",
    ),
    "agree at": lambda s, w, v: (
        Expectation,
        ex.agree(s, validated(s, w), ex.Terms(99, "availability", "monthly"), by=w.rm, at=v).id,
        "agreed_at",
    ),
    "add_note at": lambda s, w, v: (
        ExpectationEvent,
        ex.add_note(s, stated(s, w), by=w.rm, text="n", at=v).id,
        "at",
    ),
    "escalate at": lambda s, w, v: (
        Escalation,
        escalations.escalate(s, disagreed(s, w), by=w.rm, summary="Stuck", at=v).id,
        "opened_at",
    ),
    "complete_action_item at": lambda s, w, v: (
        ActionItem,
        meetings.complete_action_item(s, action(s, w), at=v).id,
        "done_at",
    ),
}

NUMBER_CASES: dict[str, Call] = {
    "agree availability target": lambda s, w, v: (
        Expectation,
        ex.agree(s, validated(s, w), ex.Terms(v, "availability", "monthly"), by=w.rm).id,
        "target",
    ),
    "agree percent target": lambda s, w, v: (
        Expectation,
        ex.agree(s, validated(s, w), ex.Terms(v, "other", "monthly", "% on time"), by=w.rm).id,
        "target",
    ),
    "agree throughput target": lambda s, w, v: (
        Expectation,
        ex.agree(s, validated(s, w), ex.Terms(v, "throughput", "weekly"), by=w.rm).id,
        "target",
    ),
    "propose target": lambda s, w, v: (
        ExpectationEvent,
        ex.propose(s, validated(s, w), by=w.rm, party=Party.CUSTOMER, target=v, text="t").id,
        "proposed_target",
    ),
    "record_measurement value": lambda s, w, v: (
        Measurement,
        measurements.record_measurement(
            s,
            agreed(s, w),
            period="2026-02",
            value=v,
            by=w.rm,  # a miss is recorded now and explained later
        ).id,
        "value",
    ),
    "record_survey score": lambda s, w, v: (
        Survey,
        satisfaction.record_survey(s, w.unit, f"21{uuid.uuid4().int % 90 + 10}-Q2", {"Q": v}).id,
        "overall",
    ),
    "record_survey respondents": lambda s, w, v: (
        Survey,
        satisfaction.record_survey(
            s, w.unit, f"20{uuid.uuid4().int % 90 + 10}-Q3", {"Q": 3}, respondents=v
        ).id,
        "respondents",
    ),
    "schedule_interview duration": lambda s, w, v: (
        Interview,
        interviews.schedule_interview(
            s,
            script_id=w.script,
            contact_ids=[w.contact],
            at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            by=w.rm,
            duration_minutes=v,
        ).id,
        "duration_minutes",
    ),
    "add_support_issue importance": lambda s, w, v: (
        SupportIssue,
        satisfaction.add_support_issue(s, w.unit, "T", importance=v, satisfaction=3).id,
        "importance",
    ),
}


# -- the check ------------------------------------------------------------------------------


def row_counts(db: Database) -> dict[str, int]:
    with db.read_session() as s:
        return {
            t.name: s.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }


def attempt(db: Database, w: World, call: Call, value: Any) -> Any:
    """Run the call in one transaction; return the value stored (read in a new session), or
    None when it was refused, after checking that the refusal wrote nothing."""
    before = row_counts(db)
    try:
        with db.session() as s:
            model, record_id, field = call(s, w, value)
    except (ValidationError, RuleError) as exc:
        assert exc.message and "\n" not in exc.message.strip()
        assert row_counts(db) == before, "a refusal wrote nothing"
        return None
    with db.read_session() as s:
        return getattr(s.get(model, record_id), field)


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
@SETTINGS
@given(value=TEXTS)
def test_any_text(db: Database, world: World, case: str, value: str) -> None:
    call, expected = TEXT_CASES[case]
    stored = attempt(db, world, call, value)
    if stored is not None and expected is not None:
        assert stored == expected(value)


@pytest.mark.parametrize("case", sorted(DATE_CASES))
@SETTINGS
@given(value=DATES)
def test_any_date(db: Database, world: World, case: str, value: dt.date) -> None:
    stored = attempt(db, world, DATE_CASES[case], value)
    if stored is not None:
        assert stored == value
    elif 1900 <= value.year <= 2200 and case != "escalate due_on":
        pytest.fail(f"{value} was refused")


@pytest.mark.parametrize("case", sorted(DATETIME_CASES))
@SETTINGS
@given(value=DATETIMES)
def test_any_datetime(db: Database, world: World, case: str, value: dt.datetime) -> None:
    stored = attempt(db, world, DATETIME_CASES[case], value)
    if stored is not None:
        assert value.tzinfo is not None and stored == value
        assert stored.tzinfo is not None


@pytest.mark.parametrize("case", sorted(NUMBER_CASES))
@SETTINGS
@given(value=NUMBERS)
def test_any_number(db: Database, world: World, case: str, value: Any) -> None:
    stored = attempt(db, world, NUMBER_CASES[case], value)
    if stored is not None:
        assert math.isfinite(stored)
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert stored == value


# -- the values the issue names ---------------------------------------------------------------


def test_the_values_named_in_the_issue_are_refused(db: Database, world: World) -> None:
    refused = [
        (TEXT_CASES["create_unit name"][0], "\ud83d broken"),
        (TEXT_CASES["create_unit notes"][0], "nul \x00 inside"),
        (TEXT_CASES["create_unit notes"][0], "m" * 1_000_001),
        (TEXT_CASES["add_staff email"][0], "not an email"),
        (TEXT_CASES["update_contact email"][0], "a" * 1_000_000 + "@example.com"),
        (TEXT_CASES["agree target unit"][0], "x" * 41),
        (TEXT_CASES["record_measurement period"][0], "0000-01"),
        (NUMBER_CASES["agree availability target"], -100),
        (NUMBER_CASES["agree availability target"], 250),
        (DATE_CASES["assess_contact on"], dt.date(1, 1, 1)),
        (DATE_CASES["add_action_item due_on"], dt.date(9999, 12, 31)),
        (DATETIME_CASES["record_meeting held_at"], dt.datetime(1, 1, 1, tzinfo=dt.UTC)),
        (
            DATETIME_CASES["add_note at"],
            dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
        ),
    ]
    for call, value in refused:
        assert attempt(db, world, call, value) is None, repr(value)[:60]
    assert attempt(db, world, TEXT_CASES["agree target unit"][0], "x" * 40) == "x" * 40
