"""Meetings, action items and interviews as named commands (relman/workflows/commands.py), run
as the window runs them (the ``do`` fixture): each works, its undo puts things back and redo
does it again, and an undo is refused when someone else changed the record since or added
work that depends on it. Finishing an interview can be taken back on the day only; starting
it and the autosave cannot be undone, and say why."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, RuleError
from relman.models import (
    ActionItem,
    AgendaItem,
    Answer,
    CommandRecord,
    Interview,
    InterviewStatus,
    Meeting,
    MeetingKind,
    meeting_contacts,
    meeting_staff,
)
from relman.storage import Database
from relman.workflows import contacts, history, meetings, plain, portfolio, scripts
from relman.workflows.commands import Command

JAN = dt.datetime(2026, 1, 12, 10, tzinfo=dt.UTC)
FEB = dt.datetime(2026, 2, 9, 10, tzinfo=dt.UTC)
AT = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Setup:
    unit: uuid.UUID
    head: uuid.UUID
    script: uuid.UUID
    question: uuid.UUID


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Design Engineering", rms=[people.rm])
        head = contacts.create_contact(s, "Hana Head", unit_id=unit.id)
        script = scripts.create_script(
            s, {"name": "Short", "sections": [{"title": "T", "questions": [{"text": "Q?"}]}]}
        )
        s.flush()
        version = scripts.load_version(s, script.versions[0].id)
        return Setup(unit.id, head.id, script.id, version.sections[0].questions[0].id)


def load(db: Database, model: type, record_id: uuid.UUID):
    with db.read_session() as s:
        found = s.get(model, record_id)
        if found is not None:
            s.expunge(found)
        return found


def count(db: Database, model, *where) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def review(do, people, setup, when=JAN, **more):
    args = {
        "kind": MeetingKind.MONTHLY_REVIEW,
        "held_at": when,
        "unit_id": setup.unit,
        "staff_ids": [people.rm],
        "contact_ids": [setup.head],
        **more,
    }
    return do(Command("record_meeting", args, by=people.rm, text="recording of a review"))


def action(do, people, meeting_id, text="Send the roadmap", **more):
    args = {"text": text, "meeting_id": meeting_id, "owner_staff_id": people.rm, **more}
    return do(Command("add_action_item", args, by=people.rm, text="new action item"))


def plan(do, people, setup):
    args = {"script_id": setup.script, "contact_ids": [setup.head], "at": AT}
    return do(Command("schedule_interview", args, by=people.rm, text="planning of an interview"))


def start(do, people, interview_id):
    return do(Command("start_interview", {"interview_id": interview_id}, by=people.rm))


# -- meetings ----------------------------------------------------------------------------------


def test_recording_a_meeting_with_its_action_items_is_undone_and_redone(db, do, people, setup):
    done_item = {"text": "Call the vendor", "owner_staff_id": people.rm, "done": True}
    open_item = {"text": "Send the roadmap", "owner_contact_id": setup.head, "due_on": None}
    outcome = review(do, people, setup, actions=[done_item, open_item])
    meeting_id = outcome.result
    assert isinstance(meeting_id, uuid.UUID)
    assert count(db, ActionItem, ActionItem.meeting_id == meeting_id) == 2
    assert count(db, ActionItem, ActionItem.done_at.is_not(None)) == 1
    undone = do.undo(outcome)
    assert load(db, Meeting, meeting_id) is None
    assert count(db, ActionItem) == 0
    assert count(db, meeting_staff) == 0
    do.redo(undone)
    assert load(db, Meeting, meeting_id).unit_id == setup.unit
    assert count(db, ActionItem, ActionItem.meeting_id == meeting_id) == 2
    assert count(db, meeting_contacts) == 1


def test_a_refused_action_item_refuses_the_whole_meeting(db, do, people, setup):
    with pytest.raises(Exception, match="Action item 2"):
        review(do, people, setup, actions=[{"text": "ok", "owner_staff_id": people.rm}, {}])
    assert count(db, Meeting) == 0


def test_undoing_a_meeting_others_added_to_is_refused(db, do, other, people, setup):
    outcome = review(do, people, setup)
    action(do.on(other), people, outcome.result, text="Their follow-up")
    with pytest.raises(ConflictError, match="Their follow-up"):
        do.undo(outcome)
    assert load(db, Meeting, outcome.result) is not None


def test_editing_a_meeting_is_undone_with_its_attendees(db, do, people, setup):
    meeting_id = review(do, people, setup, discussed="Budget").result
    version = load(db, Meeting, meeting_id).version
    args = {
        "meeting_id": meeting_id,
        "expected_version": version,
        "discussed": "Budget and hiring",
        "held_at": FEB,
        "contact_ids": [],
    }
    outcome = do(Command("update_meeting", args, by=people.rm))
    assert load(db, Meeting, meeting_id).discussed == "Budget and hiring"
    assert count(db, meeting_contacts) == 0
    undone = do.undo(outcome)
    meeting = load(db, Meeting, meeting_id)
    assert (meeting.discussed, meeting.held_at) == ("Budget", JAN)
    assert count(db, meeting_contacts, meeting_contacts.c.contact_id == setup.head) == 1
    do.redo(undone)
    assert load(db, Meeting, meeting_id).held_at == FEB


def test_undoing_an_edit_someone_else_changed_since_is_refused(db, do, other, people, setup):
    meeting_id = review(do, people, setup, discussed="Budget").result
    version = load(db, Meeting, meeting_id).version
    mine = {"meeting_id": meeting_id, "expected_version": version, "discussed": "Mine"}
    outcome = do(Command("update_meeting", mine, by=people.rm))
    theirs = {**mine, "expected_version": version + 1, "discussed": "Theirs"}
    do.on(other)(Command("update_meeting", theirs, by=people.manager))
    with pytest.raises(ConflictError):
        do.undo(outcome)
    assert load(db, Meeting, meeting_id).discussed == "Theirs"


def test_deleting_a_meeting_is_undone_by_putting_it_back(db, do, people, setup):
    meeting_id = review(do, people, setup).result
    item_id = action(do, people, meeting_id).result
    with db.read_session() as s:
        shown = history.rows_of(s, "meetings", meeting_id)
    outcome = do(
        Command("delete_meeting", {"meeting_id": meeting_id, "known": shown}, by=people.rm)
    )
    assert load(db, Meeting, meeting_id) is None and load(db, ActionItem, item_id) is None
    undone = do.undo(outcome)
    assert load(db, ActionItem, item_id).meeting_id == meeting_id
    assert count(db, meeting_staff) == 1
    do.redo(undone)
    assert load(db, Meeting, meeting_id) is None


def test_deleting_a_meeting_others_added_to_since_is_refused(db, do, other, people, setup):
    meeting_id = review(do, people, setup).result
    with db.read_session() as s:
        shown = history.rows_of(s, "meetings", meeting_id)
    action(do.on(other), people, meeting_id, text="Added meanwhile")
    with pytest.raises(ConflictError, match="Added meanwhile"):
        do(Command("delete_meeting", {"meeting_id": meeting_id, "known": shown}, by=people.rm))
    assert load(db, Meeting, meeting_id) is not None


def test_a_review_a_later_review_carried_from_cannot_be_deleted(db, do, people, setup):
    first = review(do, people, setup, JAN, planned="GPU upgrade").result
    action(do, people, first)
    review(do, people, setup, FEB)
    assert count(db, AgendaItem) == 2
    with pytest.raises(RuleError, match="later review"):
        do(Command("delete_meeting", {"meeting_id": first}, by=people.rm))
    assert count(db, AgendaItem) == 2


def test_a_delivery_is_undone_and_refused_twice(db, do, people, setup):
    review(do, people, setup, JAN, planned="GPU upgrade")
    second = review(do, people, setup, FEB).result
    with db.read_session() as s:
        (plan_item,) = meetings.agenda_of(s, second)
    outcome = do(Command("mark_delivered", {"agenda_item_id": plan_item.id}, by=people.rm))
    assert load(db, AgendaItem, plan_item.id).delivered_at is not None
    undone = do.undo(outcome)
    assert load(db, AgendaItem, plan_item.id).delivered_at is None
    with pytest.raises(RuleError, match="not marked delivered"):
        do(outcome.inverse)  # taken back twice
    do.redo(undone)
    assert load(db, AgendaItem, plan_item.id).delivered_at is not None


# -- action items ------------------------------------------------------------------------------


def test_adding_an_action_item_is_taken_back(db, do, people, setup):
    meeting_id = review(do, people, setup).result
    outcome = action(do, people, meeting_id)
    undone = do.undo(outcome)
    assert load(db, ActionItem, outcome.result) is None
    do.redo(undone)
    assert load(db, ActionItem, outcome.result).text == "Send the roadmap"


def test_an_action_item_a_later_review_carried_is_not_taken_back(db, do, people, setup):
    meeting_id = review(do, people, setup, JAN).result
    outcome = action(do, people, meeting_id)
    review(do, people, setup, FEB)  # carries the open item onto its agenda
    with pytest.raises(ConflictError):
        do.undo(outcome)
    assert load(db, ActionItem, outcome.result) is not None


def test_completing_and_reopening_keep_the_time_it_was_done(db, do, people, setup):
    item_id = action(do, people, review(do, people, setup).result).result
    version = load(db, ActionItem, item_id).version
    done = do(
        Command(
            "complete_action_item", {"item_id": item_id, "expected_version": version, "at": JAN}
        )
    )
    reopened = do.undo(done)
    assert load(db, ActionItem, item_id).done_at is None
    do.redo(reopened)
    assert load(db, ActionItem, item_id).done_at == JAN
    version = load(db, ActionItem, item_id).version
    outcome = do(Command("reopen_action_item", {"item_id": item_id, "expected_version": version}))
    do.undo(outcome)
    assert load(db, ActionItem, item_id).done_at == JAN  # the same moment, not "now"


def test_undoing_a_completion_someone_changed_since_is_refused(db, do, other, people, setup):
    item_id = action(do, people, review(do, people, setup).result).result
    version = load(db, ActionItem, item_id).version
    done = do(Command("complete_action_item", {"item_id": item_id, "expected_version": version}))
    theirs = {"item_id": item_id, "expected_version": version + 1, "text": "Reworded"}
    do.on(other)(Command("update_action_item", theirs, by=people.manager))
    with pytest.raises(ConflictError):
        do.undo(done)
    assert load(db, ActionItem, item_id).done_at is not None


def test_editing_an_action_item_is_undone_owner_included(db, do, people, setup):
    item_id = action(do, people, review(do, people, setup).result).result
    version = load(db, ActionItem, item_id).version
    args = {
        "item_id": item_id,
        "expected_version": version,
        "text": "Send the new roadmap",
        "owner_staff_id": None,
        "owner_contact_id": setup.head,
        "due_on": dt.date(2026, 3, 1),
    }
    outcome = do(Command("update_action_item", args, by=people.rm))
    item = load(db, ActionItem, item_id)
    assert (item.owner_contact_id, item.owner_staff_id) == (setup.head, None)
    undone = do.undo(outcome)
    item = load(db, ActionItem, item_id)
    assert (item.text, item.owner_staff_id, item.owner_contact_id, item.due_on) == (
        "Send the roadmap",
        people.rm,
        None,
        None,
    )
    do.redo(undone)
    assert load(db, ActionItem, item_id).owner_contact_id == setup.head


# -- interviews --------------------------------------------------------------------------------


def test_planning_an_interview_is_taken_back_unless_others_added_to_it(
    db, do, other, people, setup
):
    outcome = plan(do, people, setup)
    undone = do.undo(outcome)
    assert load(db, Interview, outcome.result) is None
    again = do.redo(undone)
    args = {
        "text": "Their action",
        "interview_id": outcome.result,
        "owner_staff_id": people.manager,
    }
    do.on(other)(Command("add_action_item", args, by=people.manager))
    with pytest.raises(ConflictError, match="Their action"):
        do.undo(again)
    assert load(db, Interview, outcome.result) is not None


def test_moving_an_interview_is_undone_and_refused_after_someone_elses_move(
    db, do, other, people, setup
):
    interview_id = plan(do, people, setup).result
    version = load(db, Interview, interview_id).version
    args = {"interview_id": interview_id, "expected_version": version, "at": FEB, "location": "B2"}
    outcome = do(Command("reschedule_interview", args, by=people.rm))
    undone = do.undo(outcome)
    interview = load(db, Interview, interview_id)
    assert (interview.scheduled_at, interview.location) == (AT, "")
    moved = do.redo(undone)
    assert load(db, Interview, interview_id).location == "B2"
    version = load(db, Interview, interview_id).version
    theirs = {"interview_id": interview_id, "expected_version": version, "location": "Their room"}
    do.on(other)(Command("reschedule_interview", theirs, by=people.manager))
    with pytest.raises(ConflictError):
        do.undo(moved)
    assert load(db, Interview, interview_id).location == "Their room"


def test_starting_and_autosaving_cannot_be_undone_and_say_why(db, do, people, setup):
    interview_id = plan(do, people, setup).result
    started = start(do, people, interview_id)
    assert started.inverse is None and "cancel" in started.why_not
    assert load(db, Interview, interview_id).status is InterviewStatus.IN_PROGRESS
    secret = "a long answer" * 50
    args = {
        "interview_id": interview_id,
        "answers": {setup.question: secret},
        "notes": "my notes",
        "current_question_id": setup.question,
    }
    saved = do(Command("save_interview_progress", args, by=people.rm))
    assert saved.inverse is None and "typing" in saved.why_not.lower()
    assert not saved.result  # nothing refused
    with db.read_session() as s:
        assert s.scalar(select(Answer.value)) == secret
        line = s.scalars(
            select(CommandRecord).where(CommandRecord.name == "save_interview_progress")
        ).one()
    assert secret.strip() not in line.args and "my notes" not in line.args
    assert plain.loads(line.args)["answers"] == [setup.question]


def test_what_the_autosave_refuses_is_reported_and_the_rest_saved(db, do, people, setup):
    interview_id = plan(do, people, setup).result
    start(do, people, interview_id)
    args = {"interview_id": interview_id, "answers": {setup.question: "ok"}, "notes": "x" * 10**6}
    saved = do(Command("save_interview_progress", args, by=people.rm))
    assert saved.result.notes and not saved.result.answers
    assert load(db, Interview, interview_id).notes == ""


def finished(do, people, setup, at=None):
    interview_id = plan(do, people, setup).result
    start(do, people, interview_id)
    args = {"interview_id": interview_id, "summary": "Went well", **({"at": at} if at else {})}
    return interview_id, do(Command("finish_interview", args, by=people.rm))


def test_finishing_is_undone_on_the_day_by_reopening(db, do, people, setup):
    interview_id, outcome = finished(do, people, setup)
    assert load(db, Interview, interview_id).status is InterviewStatus.COMPLETED
    reopened = do.undo(outcome)
    interview = load(db, Interview, interview_id)
    assert (interview.status, interview.finished_at, interview.summary) == (
        InterviewStatus.IN_PROGRESS,
        None,
        "",
    )
    do.redo(reopened)
    interview = load(db, Interview, interview_id)
    assert (interview.status, interview.summary) == (InterviewStatus.COMPLETED, "Went well")


def test_a_finished_interview_is_not_reopened_after_its_day(db, do, people, setup):
    two_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    interview_id, outcome = finished(do, people, setup, at=two_days_ago)
    with pytest.raises(RuleError, match="only on the day it was finished"):
        do.undo(outcome)
    assert load(db, Interview, interview_id).status is InterviewStatus.COMPLETED


def test_reopening_a_finished_interview_someone_changed_since_is_refused(
    db, do, other, people, setup
):
    interview_id, outcome = finished(do, people, setup)
    with other.session() as s:
        s.get(Interview, interview_id).notes = "Their afterthought"
    with pytest.raises(ConflictError):
        do.undo(outcome)
    assert load(db, Interview, interview_id).status is InterviewStatus.COMPLETED


@pytest.mark.parametrize("begun", [False, True])
def test_cancelling_is_undone_to_where_the_interview_was(db, do, people, setup, begun):
    interview_id = plan(do, people, setup).result
    if begun:
        start(do, people, interview_id)
    version = load(db, Interview, interview_id).version
    args = {"interview_id": interview_id, "reason": "Off sick", "expected_version": version}
    outcome = do(Command("cancel_interview", args, by=people.rm))
    assert load(db, Interview, interview_id).status is InterviewStatus.CANCELLED
    undone = do.undo(outcome)
    interview = load(db, Interview, interview_id)
    expected = InterviewStatus.IN_PROGRESS if begun else InterviewStatus.PLANNED
    assert (interview.status, interview.notes, interview.cancel_reason) == (expected, "", "")
    assert interview.cancelled_at is None
    do.redo(undone)
    assert load(db, Interview, interview_id).cancel_reason == "Off sick"


def test_undoing_a_cancellation_someone_changed_since_is_refused(db, do, other, people, setup):
    interview_id = plan(do, people, setup).result
    version = load(db, Interview, interview_id).version
    args = {"interview_id": interview_id, "reason": "Off sick", "expected_version": version}
    outcome = do(Command("cancel_interview", args, by=people.rm))
    with other.session() as s:
        s.get(Interview, interview_id).location = "Moved by someone else"
    with pytest.raises(ConflictError):
        do.undo(outcome)
    assert load(db, Interview, interview_id).status is InterviewStatus.CANCELLED
