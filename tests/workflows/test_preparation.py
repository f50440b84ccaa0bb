"""The preparation of an interview: everything to read before it, as plain values, on the
small demo (Marketing's planned interview with Chloé Laurent)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from relman.demo import build_demo
from relman.errors import NotFoundError
from relman.models import (
    Contact,
    Escalation,
    Expectation,
    ExpectationStatus,
    Interview,
    InterviewStatus,
    interview_contacts,
)
from relman.storage import Database, open_database
from relman.workflows.preparation import Preparation, prepare

PLAIN = (str, int, float, bool, dt.date, dt.datetime, uuid.UUID, type(None))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(Path(tmp_path_factory.mktemp("demo")) / "demo.sqlite")
    build_demo(database)
    yield database
    database.close()


@pytest.fixture(scope="module")
def chloe_interview(demo: Database) -> uuid.UUID:
    with demo.session() as s:
        return s.scalars(
            select(Interview.id)
            .join(interview_contacts, interview_contacts.c.interview_id == Interview.id)
            .join(Contact, Contact.id == interview_contacts.c.contact_id)
            .where(Contact.name == "Chloé Laurent", Interview.status == InterviewStatus.PLANNED)
        ).one()


@pytest.fixture(scope="module")
def prep(demo: Database, chloe_interview: uuid.UUID) -> Preparation:
    with demo.read_session() as s:
        return prepare(s, chloe_interview)


def _not_plain(value: object, where: str = "prep") -> list[str]:
    """Where ``value`` holds something other than a plain value (an ORM object escaping
    its session would load lazily, or fail, once the session is gone)."""
    if dataclasses.is_dataclass(value):
        return [
            found
            for f in dataclasses.fields(value)
            for found in _not_plain(getattr(value, f.name), f"{where}.{f.name}")
        ]
    if isinstance(value, tuple):
        return [
            found for n, item in enumerate(value) for found in _not_plain(item, f"{where}[{n}]")
        ]
    return [] if isinstance(value, PLAIN) else [f"{where}: {type(value).__name__}"]


def test_everything_is_a_plain_value(prep: Preparation) -> None:
    assert _not_plain(prep) == []
    # and the check does catch a model object where a plain value belongs
    assert _not_plain((prep.interview.id, Expectation())) == ["prep[1]: Expectation"]


def test_interview_and_contacts_with_their_verdict(prep: Preparation) -> None:
    assert prep.interview.status == "planned"
    assert prep.interview.unit == "Marketing"
    assert prep.interview.script == "First interview with a key customer"
    assert prep.interview.rm
    [chloe] = prep.contacts
    assert (chloe.name, chloe.unit) == ("Chloé Laurent", "Marketing")
    assert chloe.assessment is not None
    assert chloe.assessment.is_key is chloe.is_key
    assert chloe.assessment.verdict.startswith("Key customer")
    assert chloe.assessment.criteria_met


def test_current_expectations_escalations_and_actions_of_the_unit(
    demo: Database, prep: Preparation
) -> None:
    with demo.read_session() as s:
        marketing = s.scalars(
            select(Expectation.id).where(
                Expectation.unit_id == prep.interview.unit_id,
                Expectation.status != ExpectationStatus.WITHDRAWN,
            )
        ).all()
        escalated = s.scalars(
            select(Escalation.id)
            .join(Expectation, Expectation.id == Escalation.expectation_id)
            .where(Expectation.unit_id == prep.interview.unit_id)
        ).all()
    assert {e.id for e in prep.expectations} == set(marketing)
    assert {e.id for e in prep.escalations} <= set(escalated)
    assert all(e.status in ("open", "in_discussion") for e in prep.escalations)
    assert prep.action_items and all(a.text and a.owner for a in prep.action_items)
    assert all(a.source for a in prep.action_items)


def test_latest_measurement_is_the_latest_period(demo: Database) -> None:
    """Among all the demo's interviews, a measured expectation shows its latest period."""
    with demo.read_session() as s:
        preps = [prepare(s, i) for i in s.scalars(select(Interview.id))]
    measured = [e for p in preps for e in p.expectations if e.latest is not None]
    assert measured
    from relman.models import Measurement

    with demo.read_session() as s:
        for e in measured[:10]:
            periods = s.scalars(
                select(Measurement.period).where(Measurement.expectation_id == e.id)
            ).all()
            assert e.latest.period == max(periods)


def test_earlier_notes_and_the_script(prep: Preparation) -> None:
    assert prep.last_meetings and prep.last_meetings[0].kind == "meeting"
    assert prep.last_interviews and all(n.text for n in prep.last_interviews)
    assert prep.interview.id not in {n.id for n in prep.last_interviews}
    held = [n.held_at for n in prep.last_interviews]
    assert held == sorted(held, reverse=True)
    numbers = [q.number for s in prep.script for q in s.questions]
    assert numbers == list(range(1, len(numbers) + 1))
    assert any(q.condition_on for s in prep.script for q in s.questions)


def test_an_unknown_interview_is_refused(demo: Database) -> None:
    with demo.read_session() as s, pytest.raises(NotFoundError):
        prepare(s, uuid.uuid4())
