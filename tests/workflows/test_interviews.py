"""Interviews: schedule, start, answer question by question, notes, finish or cancel."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, NotFoundError, RuleError, ValidationError
from relman.models import Answer, Interview, InterviewStatus, interview_contacts
from relman.workflows import contacts, interviews, portfolio, scripts

AT = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)

SCRIPT = {
    "name": "Needs interview",
    "sections": [
        {
            "title": "Service",
            "questions": [
                {"key": "depends", "kind": "yes_no", "text": "Do you depend on the CRM?"},
                {
                    "key": "why",
                    "kind": "open",
                    "text": "Tell me how.",
                    "condition": {"on": "depends", "value": "yes"},
                },
                {"key": "rate", "kind": "rating", "text": "Rate the CRM."},
                {
                    "kind": "restatement",
                    "text": "So it is too slow?",
                    "condition": {"on": "rate", "value": "<=2"},
                },
                {"kind": "choice", "text": "Preferred channel?", "choices": ["Phone", "E-mail"]},
            ],
        }
    ],
}


@dataclass(frozen=True)
class Setup:
    script: uuid.UUID
    version: uuid.UUID
    unit: uuid.UUID
    carla: uuid.UUID
    dan: uuid.UUID
    q: dict  # question key -> id: depends, why, rate, slow, channel


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        carla = contacts.create_contact(s, "Carla", unit_id=unit.id)
        dan = contacts.create_contact(s, "Dan")
        script = scripts.create_script(s, SCRIPT)
        version = script.versions[0]
        s.flush()
        questions = scripts.load_version(s, version.id).sections[0].questions
        keys = ["depends", "why", "rate", "slow", "channel"]
        return Setup(
            script.id,
            version.id,
            unit.id,
            carla.id,
            dan.id,
            dict(zip(keys, [q.id for q in questions], strict=True)),
        )


def schedule(db, people, setup, **kwargs) -> uuid.UUID:
    args = {"script_id": setup.script, "contact_ids": [setup.carla], "at": AT, "by": people.rm}
    args.update(kwargs)
    with db.session() as s:
        return interviews.schedule_interview(s, **args).id


def started(db, people, setup) -> uuid.UUID:
    interview_id = schedule(db, people, setup)
    with db.session() as s:
        interviews.start_interview(s, interview_id, by=people.rm)
    return interview_id


def load(db, interview_id) -> Interview:
    with db.session() as s:
        return s.get(Interview, interview_id)


def answers(db, interview_id) -> dict:
    with db.session() as s:
        return interviews.answers_of(s, interview_id)


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- scheduling ----------------------------------------------------------------------------


def test_schedule_interview(db, people, setup) -> None:
    interview_id = schedule(
        db,
        people,
        setup,
        contact_ids=[setup.carla, setup.dan, setup.carla],
        location="Room 2 <east> & café",
        duration_minutes=45,
        at=dt.datetime(2026, 6, 1, 11, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    )
    interview = load(db, interview_id)
    assert interview.status is InterviewStatus.PLANNED
    assert interview.scheduled_at == AT
    assert interview.scheduled_at.tzinfo is not None
    assert interview.location == "Room 2 <east> & café"
    assert interview.duration_minutes == 45
    assert interview.rm_id == people.rm
    assert interview.unit_id == setup.unit  # the first contact's unit
    assert interview.script_version_id == setup.version
    with db.session() as s:
        rows = s.scalars(
            select(interview_contacts.c.contact_id).where(
                interview_contacts.c.interview_id == interview_id
            )
        )
        assert set(rows) == {setup.carla, setup.dan}


def test_naive_datetime_is_refused(db, people, setup) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        interviews.schedule_interview(
            s,
            script_id=setup.script,
            contact_ids=[setup.carla],
            at=dt.datetime(2026, 6, 1, 9, 30),
            by=people.rm,
        )
    assert err.value.field == "at"
    assert "time zone" in err.value.message
    assert count(db, Interview) == 0


def test_no_contacts_is_refused(db, people, setup) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        interviews.schedule_interview(
            s, script_id=setup.script, contact_ids=[], at=AT, by=people.rm
        )
    assert err.value.field == "contacts"
    assert "at least one contact" in err.value.message
    assert count(db, Interview) == 0


@pytest.mark.parametrize("minutes", [0, 4, 481])
def test_duration_out_of_range_is_refused(db, people, setup, minutes) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        interviews.schedule_interview(
            s,
            script_id=setup.script,
            contact_ids=[setup.carla],
            at=AT,
            by=people.rm,
            duration_minutes=minutes,
        )
    assert "between 5 minutes and 8 hours" in err.value.message
    assert count(db, Interview) == 0


def test_schedule_needs_an_author_and_existing_contacts(db, people, setup) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        interviews.schedule_interview(
            s, script_id=setup.script, contact_ids=[setup.carla], at=AT, by=None
        )
    assert err.value.field == "author"
    with pytest.raises(NotFoundError) as err, db.session() as s:
        interviews.schedule_interview(
            s, script_id=setup.script, contact_ids=[uuid.uuid4()], at=AT, by=people.rm
        )
    assert "contact" in err.value.message
    assert count(db, Interview) == 0


def test_version_of_another_script_is_refused(db, people, setup) -> None:
    with db.session() as s:
        other = scripts.create_script(s, SCRIPT | {"name": "Other"}).versions[0].id
    with pytest.raises(ValidationError) as err, db.session() as s:
        interviews.schedule_interview(
            s,
            script_id=setup.script,
            contact_ids=[setup.carla],
            at=AT,
            by=people.rm,
            version_id=other,
        )
    assert "another script" in err.value.message
    assert count(db, Interview) == 0


def test_reschedule_only_a_planned_interview(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    later = AT + dt.timedelta(days=1)
    with db.session() as s:
        interviews.reschedule_interview(
            s, interview_id, later, location="Canteen", expected_version=1
        )
    interview = load(db, interview_id)
    assert (interview.scheduled_at, interview.location) == (later, "Canteen")
    with pytest.raises(ValidationError), db.session() as s:
        interviews.reschedule_interview(
            s, interview_id, dt.datetime(2026, 7, 1, 9), expected_version=None
        )
    with db.session() as s:
        interviews.start_interview(s, interview_id, by=people.rm)
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.reschedule_interview(s, interview_id, AT, expected_version=None)
    assert "planned" in err.value.message
    assert load(db, interview_id).scheduled_at == later


def test_moving_an_interview_someone_else_moved_meanwhile_is_refused(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    with db.read_session() as s:
        read = interviews.planned_time(s, interview_id)
    assert (read.at, read.status) == (AT, InterviewStatus.PLANNED)
    with db.session() as s:
        interviews.reschedule_interview(
            s, interview_id, None, "Canteen", expected_version=read.version
        )
    with pytest.raises(ConflictError), db.session() as s:
        interviews.reschedule_interview(
            s, interview_id, AT + dt.timedelta(hours=1), expected_version=read.version
        )
    interview = load(db, interview_id)
    assert (interview.scheduled_at, interview.location) == (AT, "Canteen")


# --- conducting ----------------------------------------------------------------------------


def test_answer_before_start_is_refused(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.answer_question(s, interview_id, setup.q["depends"], "yes")
    assert "Start the interview" in err.value.message
    assert answers(db, interview_id) == {}


def test_start_interview(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    with db.session() as s:
        interviews.start_interview(s, interview_id, by=people.rm, at=AT + dt.timedelta(minutes=2))
    interview = load(db, interview_id)
    assert interview.status is InterviewStatus.IN_PROGRESS
    assert interview.started_at == AT + dt.timedelta(minutes=2)
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.start_interview(s, interview_id, by=people.rm)
    assert "in progress" in err.value.message
    assert load(db, interview_id).started_at == AT + dt.timedelta(minutes=2)


def test_start_with_naive_time_is_refused(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    with pytest.raises(ValidationError), db.session() as s:
        interviews.start_interview(s, interview_id, by=people.rm, at=dt.datetime(2026, 6, 1, 9, 35))
    assert load(db, interview_id).status is InterviewStatus.PLANNED


def test_conditional_question_is_refused_until_its_condition_is_met(db, people, setup) -> None:
    interview_id = started(db, people, setup)
    q = setup.q
    # not yet answered
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.answer_question(s, interview_id, q["why"], "Every order goes through it")
    assert "“yes”" in err.value.message
    # answered the other way
    with db.session() as s:
        interviews.answer_question(s, interview_id, q["depends"], "no")
    with pytest.raises(RuleError), db.session() as s:
        interviews.answer_question(s, interview_id, q["why"], "Every order goes through it")
    assert answers(db, interview_id) == {q["depends"]: "no"}
    # the answer that calls for it
    with db.session() as s:
        interviews.answer_question(s, interview_id, q["depends"], "Y")
    with db.session() as s:
        interviews.answer_question(s, interview_id, q["why"], "Every order goes through it")
    assert answers(db, interview_id) == {
        q["depends"]: "yes",
        q["why"]: "Every order goes through it",
    }


def test_rating_condition(db, people, setup) -> None:
    interview_id = started(db, people, setup)
    q = setup.q
    with db.session() as s:
        interviews.answer_question(s, interview_id, q["rate"], "4")
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.answer_question(s, interview_id, q["slow"], "Yes, too slow")
    assert "<=2" in err.value.message
    with db.session() as s:
        interviews.answer_question(s, interview_id, q["rate"], "2")
    with db.session() as s:
        interviews.answer_question(s, interview_id, q["slow"], "Yes, too slow")
    assert answers(db, interview_id)[q["slow"]] == "Yes, too slow"


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("rate", "1", "1"),
        ("rate", " 5 ", "5"),
        ("depends", "YES", "yes"),
        ("depends", "n", "no"),
        ("channel", "e-MAIL", "E-mail"),
        ("channel", "Phone", "Phone"),
        ("why", "", ""),
    ],
)
def test_valid_answers_are_normalised(db, people, setup, key, value, stored) -> None:
    interview_id = started(db, people, setup)
    if key == "why":
        with db.session() as s:
            interviews.answer_question(s, interview_id, setup.q["depends"], "yes")
    with db.session() as s:
        interviews.answer_question(s, interview_id, setup.q[key], value)
    assert answers(db, interview_id)[setup.q[key]] == stored


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("rate", "0", "from 1 to 5"),
        ("rate", "6", "from 1 to 5"),
        ("rate", "2.5", "whole number"),
        ("rate", "three", "whole number"),
        ("rate", "", "from 1 to 5"),
        ("depends", "maybe", "yes or no"),
        ("depends", "", "yes or no"),
        ("channel", "Fax", "Choose one of: Phone, E-mail."),
    ],
)
def test_invalid_answers_are_refused(db, people, setup, key, value, says) -> None:
    interview_id = started(db, people, setup)
    with pytest.raises(ValidationError) as err, db.session() as s:
        interviews.answer_question(s, interview_id, setup.q[key], value)
    assert err.value.field == "value"
    assert says in err.value.message
    assert answers(db, interview_id) == {}


def test_answer_is_replaced_not_duplicated(db, people, setup) -> None:
    interview_id = started(db, people, setup)
    for value in ("3", "4", "1"):
        with db.session() as s:
            interviews.answer_question(s, interview_id, setup.q["rate"], value)
    assert answers(db, interview_id) == {setup.q["rate"]: "1"}
    assert count(db, Answer) == 1
    # an invalid replacement keeps the answer there
    with pytest.raises(ValidationError), db.session() as s:
        interviews.answer_question(s, interview_id, setup.q["rate"], "9")
    assert answers(db, interview_id) == {setup.q["rate"]: "1"}


def test_question_of_another_version_is_refused(db, people, setup) -> None:
    interview_id = started(db, people, setup)
    with db.session() as s:
        v2 = scripts.revise_script(
            s, setup.script, [{"title": "New", "questions": [{"text": "New?"}]}], "new"
        )
        new_question = scripts.load_version(s, v2.id).sections[0].questions[0].id
    with pytest.raises(ValidationError) as err, db.session() as s:
        interviews.answer_question(s, interview_id, new_question, "x")
    assert "not in this interview's script version" in err.value.message
    assert answers(db, interview_id) == {}


def test_hostile_answers_and_notes_round_trip(db, people, setup) -> None:
    interview_id = started(db, people, setup)
    text = "<b>\"fast\"</b> & 'cheap' =1+1 😀\nسريع جدا"
    with db.session() as s:
        interviews.answer_question(s, interview_id, setup.q["depends"], "yes")
        interviews.answer_question(s, interview_id, setup.q["why"], text)
        interviews.save_notes(s, interview_id, text)
    assert answers(db, interview_id)[setup.q["why"]] == text
    assert load(db, interview_id).notes == text


# --- finishing and cancelling --------------------------------------------------------------


def test_finish_only_an_interview_in_progress(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.finish_interview(s, interview_id, by=people.rm, summary="too early")
    assert "in progress" in err.value.message
    assert load(db, interview_id).status is InterviewStatus.PLANNED
    with db.session() as s:
        interviews.start_interview(s, interview_id, by=people.rm)
    end = AT + dt.timedelta(hours=1)
    with db.session() as s:
        interviews.finish_interview(s, interview_id, by=people.rm, summary="Went well.", at=end)
    interview = load(db, interview_id)
    assert interview.status is InterviewStatus.COMPLETED
    assert (interview.finished_at, interview.summary) == (end, "Went well.")
    with pytest.raises(RuleError), db.session() as s:
        interviews.finish_interview(s, interview_id, by=people.rm, summary="again")
    interview = load(db, interview_id)
    assert (interview.summary, interview.finished_at) == ("Went well.", end)
    with pytest.raises(RuleError), db.session() as s:
        interviews.answer_question(s, interview_id, setup.q["rate"], "3")


def test_cancel_needs_a_reason(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    for reason in ("", "   ", "\n"):
        with pytest.raises(ValidationError) as err, db.session() as s:
            interviews.cancel_interview(s, interview_id, reason, by=people.rm)
        assert err.value.field == "reason"
        assert "reason" in err.value.message.lower()
    assert load(db, interview_id).status is InterviewStatus.PLANNED


def test_cancel_keeps_notes_and_appends_the_reason(db, people, setup) -> None:
    interview_id = started(db, people, setup)
    with db.session() as s:
        interviews.save_notes(s, interview_id, "Talked about the CRM.")
    with db.session() as s:
        interviews.cancel_interview(s, interview_id, "Fire alarm", by=people.rm)
    interview = load(db, interview_id)
    assert interview.status is InterviewStatus.CANCELLED
    assert interview.notes == "Talked about the CRM.\n\nCancelled: Fire alarm"
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.cancel_interview(s, interview_id, "again", by=people.rm)
    assert "already cancelled" in err.value.message
    with pytest.raises(RuleError), db.session() as s:
        interviews.save_notes(s, interview_id, "overwritten")
    assert load(db, interview_id).notes == "Talked about the CRM.\n\nCancelled: Fire alarm"


def test_completed_interview_cannot_be_cancelled(db, people, setup) -> None:
    interview_id = started(db, people, setup)
    with db.session() as s:
        interviews.finish_interview(s, interview_id, by=people.rm)
    with pytest.raises(RuleError) as err, db.session() as s:
        interviews.cancel_interview(s, interview_id, "changed my mind", by=people.rm)
    assert "already completed" in err.value.message
    assert load(db, interview_id).status is InterviewStatus.COMPLETED


def test_changing_an_answer_hides_answers_no_longer_asked_and_brings_them_back(db, people) -> None:
    spec = {
        "name": "Branching",
        "sections": [
            {
                "title": "Start",
                "questions": [
                    {"key": "dep", "kind": "yes_no", "text": "Do you depend on the web shop?"},
                    {
                        "key": "how",
                        "kind": "rating",
                        "text": "How well does it serve you?",
                        "condition": {"on": "dep", "value": "yes"},
                    },
                    {
                        "kind": "open",
                        "text": "What fails first?",
                        "condition": {"on": "how", "value": "<=2"},
                    },
                ],
            }
        ],
    }
    with db.session() as s:
        script = scripts.create_script(s, spec)
        ann = contacts.create_contact(s, "Ann")
        iv = interviews.schedule_interview(
            s,
            script_id=script.id,
            contact_ids=[ann.id],
            by=people.rm,
            at=dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC),
        )
        interviews.start_interview(s, iv.id, by=people.rm)
        q = scripts.load_version(s, iv.script_version_id).sections[0].questions
        interviews.answer_question(s, iv.id, q[0].id, "yes")
        interviews.answer_question(s, iv.id, q[1].id, "2")
        interviews.answer_question(s, iv.id, q[2].id, "Checkout at lunchtime")
        interviews.answer_question(s, iv.id, q[0].id, "no")
    with db.session() as s:
        assert interviews.answers_of(s, iv.id) == {q[0].id: "no"}
        # what was typed is kept, hidden, not deleted
        assert interviews.hidden_answers_of(s, iv.id) == {
            q[1].id: "2",
            q[2].id: "Checkout at lunchtime",
        }
        assert s.scalar(select(func.count()).select_from(Answer)) == 3
    # the condition met again: the answers come back as they were typed
    with db.session() as s:
        interviews.answer_question(s, iv.id, q[0].id, "yes")
    with db.session() as s:
        assert interviews.answers_of(s, iv.id) == {
            q[0].id: "yes",
            q[1].id: "2",
            q[2].id: "Checkout at lunchtime",
        }
        assert interviews.hidden_answers_of(s, iv.id) == {}
    # a chain: a better rating hides only the question that rests on it
    with db.session() as s:
        interviews.answer_question(s, iv.id, q[1].id, "4")
    with db.session() as s:
        assert interviews.hidden_answers_of(s, iv.id) == {q[2].id: "Checkout at lunchtime"}
        interviews.answer_question(s, iv.id, q[1].id, "1")
    with db.session() as s:
        assert interviews.answers_of(s, iv.id)[q[2].id] == "Checkout at lunchtime"


def test_start_finish_and_cancel_record_who_did_it(db, people, setup) -> None:
    interview_id = schedule(db, people, setup)
    with db.session() as s:
        interviews.start_interview(s, interview_id, by=people.manager)
        interviews.finish_interview(s, interview_id, by=people.rm, summary="Done.")
    interview = load(db, interview_id)
    assert (interview.started_by_id, interview.finished_by_id) == (people.manager, people.rm)
    assert interview.cancelled_by_id is None

    other = schedule(db, people, setup)
    at = AT - dt.timedelta(days=2)
    with db.session() as s:
        interviews.cancel_interview(s, other, "Customer ill", by=people.manager, at=at)
    cancelled = load(db, other)
    assert (cancelled.cancelled_by_id, cancelled.cancelled_at) == (people.manager, at)
    assert cancelled.cancel_reason == "Customer ill"
    assert cancelled.started_by_id is None


@pytest.mark.parametrize("step", ["start", "finish", "cancel"])
def test_interview_steps_need_an_author(db, people, setup, step) -> None:
    interview_id = started(db, people, setup) if step == "finish" else schedule(db, people, setup)
    calls = {
        "start": lambda s: interviews.start_interview(s, interview_id, by=None),
        "finish": lambda s: interviews.finish_interview(s, interview_id, by=None),
        "cancel": lambda s: interviews.cancel_interview(s, interview_id, "Ill", by=None),
    }
    with pytest.raises(ValidationError) as err, db.session() as s:
        calls[step](s)
    assert err.value.field == "author"
    expected = InterviewStatus.IN_PROGRESS if step == "finish" else InterviewStatus.PLANNED
    assert load(db, interview_id).status is expected


@pytest.mark.parametrize(
    ("on_kind", "extra", "condition", "words"),
    [
        ("yes_no", {}, "maybe", "not a possible answer"),
        ("choice", {"choices": ["Web", "Store"]}, "Phone", "not a possible answer"),
        ("choice", {"choices": ["Web", "Store"]}, "<=2", "needs a rating"),
        ("rating", {}, "<=two", "needs a number"),
        ("rating", {}, "", "needs a value"),
    ],
)
def test_impossible_conditions_are_refused(db, on_kind, extra, condition, words) -> None:
    spec = {
        "name": "Impossible",
        "sections": [
            {
                "title": "Only",
                "questions": [
                    {"key": "a", "kind": on_kind, "text": "First?", **extra},
                    {"kind": "open", "text": "Then?", "condition": {"on": "a", "value": condition}},
                ],
            }
        ],
    }
    with pytest.raises(ValidationError, match=words) as err, db.session() as s:
        scripts.create_script(s, spec)
    assert err.value.field == "condition"
