"""Surveys, support issues, interview scripts and the CSV import as named commands: each works,
undo puts things back and redo again, and undo is refused when someone else changed the record
or added to it since. Run as the window runs them (the ``do`` fixture), without Qt."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, ValidationError
from relman.models import (
    BusinessUnit,
    CommandRecord,
    Contact,
    Interview,
    Script,
    ScriptVersion,
    SupportIssue,
    SupportIssueRating,
    Survey,
    SurveyQuestion,
    SurveyScore,
)
from relman.storage import Database
from relman.workflows import (
    commands,
    contacts,
    history,
    interviews,
    plain,
    portfolio,
    satisfaction,
    scripts,
)
from relman.workflows.commands import Command
from relman.workflows.csv_import import KINDS, headers_of
from relman.workflows.csv_read import read_bytes


def count(db: Database, model: type, *where: object) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def version(db: Database, model: type, record_id: uuid.UUID) -> int:
    with db.read_session() as s:
        return s.get(model, record_id).version


def known(db: Database, table: str, record_id: uuid.UUID) -> frozenset[history.Key]:
    with db.read_session() as s:
        return history.rows_of(s, table, record_id)


@pytest.fixture
def unit_id(db: Database) -> uuid.UUID:
    with db.session() as s:
        for name in ("Helpdesk", "Network"):
            satisfaction.add_survey_question(s, name)
        return portfolio.create_unit(s, "Marketing").id


def survey(unit_id: uuid.UUID, quarter: str = "2026-Q1") -> Command:
    return Command(
        "record_survey",
        {
            "unit_id": unit_id,
            "quarter": quarter,
            "scores": {"Helpdesk": 2, "Network": 4.5},
            "respondents": 12,
            "comments": "fine",
            "follow_ups": {"Helpdesk": "slow replies"},
        },
        text="survey of Marketing for 2026-Q1",
    )


def issue(unit_id: uuid.UUID, by: uuid.UUID) -> Command:
    return Command(
        "add_support_issue",
        {
            "unit_id": unit_id,
            "title": "Printers jam",
            "importance": 4,
            "satisfaction": 2,
            "quarter": "2026-Q1",
        },
        by=by,
        text="new support issue Printers jam",
    )


# -- surveys -------------------------------------------------------------------------------------


def test_a_recorded_survey_is_undone_with_its_scores_and_redone(db, do, unit_id) -> None:
    recorded = do(survey(unit_id))
    assert count(db, Survey) == 1 and count(db, SurveyScore) == 2
    undone = do.undo(recorded)
    assert count(db, Survey) == 0 and count(db, SurveyScore) == 0
    do.redo(undone)
    with db.read_session() as s:
        back = s.get(Survey, recorded.result)
        assert (back.quarter, back.overall, back.respondents) == ("2026-Q1", 3.25, 12)
    assert count(db, SurveyScore, SurveyScore.follow_up == "slow replies") == 1


def test_undo_of_a_survey_refuses_when_someone_else_added_a_score_to_it(
    db, do, other, unit_id
) -> None:
    recorded = do(survey(unit_id))
    with other.session() as s:
        question = satisfaction.add_survey_question(s, "Laptops")
        s.add(SurveyScore(survey_id=recorded.result, question_id=question.id, score=3))
    with pytest.raises(ConflictError):
        do.undo(recorded)
    assert count(db, Survey) == 1 and count(db, SurveyScore) == 3


def test_a_question_added_to_the_list_is_undone_unless_a_survey_scored_it(
    db, do, other, unit_id
) -> None:
    added = do(Command("add_survey_question", {"name": "Laptops"}))
    undone = do.undo(added)
    assert count(db, SurveyQuestion, SurveyQuestion.name == "Laptops") == 0
    redone = do.redo(undone)
    with other.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q2", {"Laptops": 3})
    with pytest.raises(ConflictError, match="“Laptops” has been scored in 1 survey"):
        do.undo(redone)
    assert count(db, SurveyQuestion, SurveyQuestion.name == "Laptops") == 1


def test_deleting_a_survey_is_undone_and_redone_by_the_same_rules(db, do, unit_id) -> None:
    survey_id = do(survey(unit_id)).result
    deleted = do(
        Command(
            "delete_survey",
            {"survey_id": survey_id, "known": known(db, "surveys", survey_id)},
            text="deletion of the survey",
        )
    )
    assert count(db, Survey) == 0 and count(db, SurveyScore) == 0
    put_back = do.undo(deleted)
    assert count(db, Survey) == 1 and count(db, SurveyScore) == 2
    assert put_back.inverse.name == "delete_survey"
    do.redo(put_back)
    assert count(db, Survey) == 0


def test_a_survey_delete_refuses_what_someone_added_after_the_question(
    db, do, other, unit_id
) -> None:
    survey_id = do(survey(unit_id)).result
    shown = known(db, "surveys", survey_id)
    with other.session() as s:
        question = satisfaction.add_survey_question(s, "Laptops")
        s.add(SurveyScore(survey_id=survey_id, question_id=question.id, score=3))
    with pytest.raises(ConflictError, match="nothing was deleted"):
        do(Command("delete_survey", {"survey_id": survey_id, "known": shown}))
    assert count(db, Survey) == 1


# -- support issues ------------------------------------------------------------------------------


def test_a_new_support_issue_is_undone_and_redone(db, do, people, unit_id) -> None:
    added = do(issue(unit_id, people.rm))
    assert count(db, SupportIssueRating) == 1
    undone = do.undo(added)
    assert count(db, SupportIssue) == 0 and count(db, SupportIssueRating) == 0
    do.redo(undone)
    with db.read_session() as s:
        assert s.get(SupportIssue, added.result).title == "Printers jam"


def test_undo_of_a_new_issue_refuses_when_someone_else_rated_it_since(
    db, do, other, people, unit_id
) -> None:
    added = do(issue(unit_id, people.rm))
    with other.session() as s:
        satisfaction.rate_support_issue(
            s, added.result, importance=5, satisfaction=5, quarter="2026-Q2", by=people.manager
        )
    with pytest.raises(ConflictError):
        do.undo(added)
    assert count(db, SupportIssue) == 1


def rate(issue_id: uuid.UUID, at: int, quarter: str, imp: int, sat: int) -> Command:
    return Command(
        "rate_support_issue",
        {
            "issue_id": issue_id,
            "expected_version": at,
            "importance": imp,
            "satisfaction": sat,
            "quarter": quarter,
        },
        text=f"rating for {quarter}",
    )


def ratings(db: Database, issue_id: uuid.UUID) -> dict[str, tuple[int, int]]:
    with db.read_session() as s:
        rows = s.scalars(select(SupportIssueRating).where(SupportIssueRating.issue_id == issue_id))
        return {r.quarter: (r.importance, r.satisfaction) for r in rows}


def shown_rating(db: Database, issue_id: uuid.UUID) -> tuple[int, int]:
    with db.read_session() as s:
        found = s.get(SupportIssue, issue_id)
        return found.importance, found.satisfaction


def test_a_new_quarters_rating_is_taken_back_by_undo_and_given_again_by_redo(
    db, do, people, unit_id
) -> None:
    issue_id = do(issue(unit_id, people.rm)).result
    rated = do(rate(issue_id, version(db, SupportIssue, issue_id), "2026-Q2", 5, 5))
    assert ratings(db, issue_id) == {"2026-Q1": (4, 2), "2026-Q2": (5, 5)}
    undone = do.undo(rated)
    assert ratings(db, issue_id) == {"2026-Q1": (4, 2)}
    assert shown_rating(db, issue_id) == (4, 2)
    do.redo(undone)
    assert ratings(db, issue_id) == {"2026-Q1": (4, 2), "2026-Q2": (5, 5)}
    assert shown_rating(db, issue_id) == (5, 5)


def test_undo_of_a_correction_puts_the_earlier_rating_back(db, do, people, unit_id) -> None:
    issue_id = do(issue(unit_id, people.rm)).result
    corrected = do(rate(issue_id, version(db, SupportIssue, issue_id), "2026-Q1", 1, 1))
    assert ratings(db, issue_id) == {"2026-Q1": (1, 1)}
    do.undo(corrected)
    assert ratings(db, issue_id) == {"2026-Q1": (4, 2)}
    assert shown_rating(db, issue_id) == (4, 2)


def test_a_rating_based_on_an_old_version_and_its_undo_after_another_rating_are_refused(
    db, do, other, people, unit_id
) -> None:
    issue_id = do(issue(unit_id, people.rm)).result
    at = version(db, SupportIssue, issue_id)
    rated = do(rate(issue_id, at, "2026-Q2", 5, 5))
    with pytest.raises(ConflictError):
        do(rate(issue_id, at, "2026-Q3", 1, 1))  # the form was read before that rating
    do.on(other)(rate(issue_id, version(db, SupportIssue, issue_id), "2026-Q2", 3, 3))
    with pytest.raises(ConflictError):
        do.undo(rated)
    assert ratings(db, issue_id)["2026-Q2"] == (3, 3)


def test_deleting_an_issue_puts_back_its_ratings_on_undo(db, do, people, unit_id) -> None:
    issue_id = do(issue(unit_id, people.rm)).result
    do(rate(issue_id, version(db, SupportIssue, issue_id), "2026-Q2", 5, 5))
    deleted = do(
        Command(
            "delete_support_issue",
            {"issue_id": issue_id, "known": known(db, "support_issues", issue_id)},
        )
    )
    assert count(db, SupportIssue) == 0 and count(db, SupportIssueRating) == 0
    put_back = do.undo(deleted)
    assert ratings(db, issue_id) == {"2026-Q1": (4, 2), "2026-Q2": (5, 5)}
    do.redo(put_back)
    assert count(db, SupportIssue) == 0


def test_an_issue_delete_refuses_a_rating_someone_added_after_the_question(
    db, do, other, people, unit_id
) -> None:
    issue_id = do(issue(unit_id, people.rm)).result
    shown = known(db, "support_issues", issue_id)
    with other.session() as s:
        satisfaction.rate_support_issue(
            s, issue_id, importance=5, satisfaction=5, quarter="2026-Q2", by=people.manager
        )
    with pytest.raises(ConflictError, match="Mara Manager"):
        do(Command("delete_support_issue", {"issue_id": issue_id, "known": shown}))
    assert count(db, SupportIssueRating) == 2


# -- scripts -------------------------------------------------------------------------------------

SPEC = {
    "name": "First interview",
    "purpose": "",
    "sections": [
        {"title": "Opening", "questions": [{"kind": "open", "text": "What matters to you?"}]}
    ],
}

OTHER_SECTIONS = [{"title": "Closing", "questions": [{"kind": "rating", "text": "How was it?"}]}]


def interview_on(db: Database, people, script_id: uuid.UUID) -> uuid.UUID:
    with db.session() as s:
        contact = contacts.create_contact(s, "Carla Customer")
        return interviews.schedule_interview(
            s,
            script_id=script_id,
            contact_ids=[contact.id],
            at=dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC),
            by=people.rm,
        ).id


def spec_of(db: Database, script_id: uuid.UUID) -> dict:
    with db.read_session() as s:
        return scripts.script_spec(s, script_id)


def test_a_created_script_is_undone_unless_an_interview_uses_it(db, do, other, people) -> None:
    created = do(Command("create_script", {"spec": SPEC}, text="creation of script"))
    redone = do.redo(do.undo(created))
    assert spec_of(db, created.result)["sections"][0]["title"] == "Opening"
    interview_on(other, people, created.result)
    with pytest.raises(ConflictError, match="given to 1 interview"):
        do.undo(redone)
    assert count(db, Script, Script.id == created.result) == 1


def test_a_copy_and_an_imported_script_are_taken_back_by_undo(db, do) -> None:
    original = do(Command("create_script", {"spec": SPEC})).result
    copied = do(Command("duplicate_script", {"script_id": original}))
    imported = do(Command("import_script", {"spec": SPEC, "name": "First interview (3)"}))
    with db.read_session() as s:
        names = {s.get(Script, i).name for i in (copied.result, imported.result)}
    assert names == {"First interview (2)", "First interview (3)"}
    do.undo(copied)
    do.undo(imported)
    gone = [copied.result, imported.result]
    assert count(db, Script, Script.id.in_(gone)) == 0
    assert count(db, Script, Script.id == original) == 1


def test_undo_of_a_save_puts_the_script_back_and_redo_saves_it_again(db, do) -> None:
    script_id = do(Command("create_script", {"spec": SPEC})).result
    edited = {**SPEC, "name": "Second interview", "sections": OTHER_SECTIONS}
    saved = do(
        Command(
            "save_script",
            {
                "script_id": script_id,
                "spec": edited,
                "expected_version": version(db, Script, script_id),
            },
        )
    )
    assert spec_of(db, script_id)["name"] == "Second interview"
    undone = do.undo(saved)
    assert spec_of(db, script_id) == {**SPEC, "sections": spec_of(db, script_id)["sections"]}
    assert spec_of(db, script_id)["sections"][0]["questions"][0]["text"] == "What matters to you?"
    do.redo(undone)
    assert spec_of(db, script_id)["sections"][0]["title"] == "Closing"


def test_undo_of_a_save_that_made_a_new_version_removes_it_and_redo_makes_it_again(
    db, do, people
) -> None:
    script_id = do(Command("create_script", {"spec": SPEC})).result
    interview_on(db, people, script_id)
    saved = do(
        Command(
            "save_script",
            {
                "script_id": script_id,
                "spec": {**SPEC, "sections": OTHER_SECTIONS},
                "expected_version": version(db, Script, script_id),
                "change_note": "No questions",
            },
        )
    )
    assert count(db, ScriptVersion, ScriptVersion.script_id == script_id) == 2
    undone = do.undo(saved)
    assert count(db, ScriptVersion, ScriptVersion.script_id == script_id) == 1
    do.redo(undone)
    with db.read_session() as s:
        latest = scripts.latest_version(s, script_id)
        assert (latest.number, latest.change_note) == (2, "No questions")


def test_undo_of_a_save_refuses_when_someone_else_saved_the_script_since(
    db, do, other, people
) -> None:
    script_id = do(Command("create_script", {"spec": SPEC})).result
    saved = do(
        Command(
            "save_script",
            {"script_id": script_id, "spec": {**SPEC, "purpose": "mine"}, "expected_version": 1},
        )
    )
    do.on(other)(
        Command(
            "save_script",
            {
                "script_id": script_id,
                "spec": {**SPEC, "purpose": "theirs"},
                "expected_version": version(db, Script, script_id),
            },
        )
    )
    with pytest.raises(ConflictError):
        do.undo(saved)
    assert spec_of(db, script_id)["purpose"] == "theirs"


def test_putting_a_used_script_back_saves_on_the_version_it_was_based_on(
    db, do, other, people
) -> None:
    """The undo of a save whose new version an interview now uses cannot remove it: it saves
    the earlier description as a new version, and only if nobody saved in between."""
    script_id = do(Command("create_script", {"spec": SPEC})).result
    interview_on(db, people, script_id)
    saved = do(
        Command(
            "save_script",
            {
                "script_id": script_id,
                "spec": {**SPEC, "sections": OTHER_SECTIONS},
                "expected_version": 1,
                "change_note": "No questions",
            },
        )
    )
    with db.session() as s:  # an interview takes version 2
        interview = s.scalar(select(Interview))
        interview.script_version_id = scripts.latest_version(s, script_id).id
    do.undo(saved)
    with db.read_session() as s:
        latest = scripts.latest_version(s, script_id)
        assert (latest.number, latest.change_note) == (3, "Put back as it was")
    assert spec_of(db, script_id)["sections"][0]["title"] == "Opening"


# -- the CSV import ------------------------------------------------------------------------------

UNITS = "name,division\r\nFinance,Group\r\nSales,\r\nLegal,Group\r\n"


def import_units(text: str = UNITS) -> Command:
    file = read_bytes(text.encode(), headers_of("units"))
    return Command("import_rows", {"kind": "units", "file": file}, text="import of 3 units")


def test_an_import_is_audited_by_its_kind_and_row_count_and_reports_progress(db) -> None:
    seen: list[tuple[int, int, str]] = []
    with db.session() as s:
        commands.require_commands(s)
        outcome = commands.execute(
            s, plain.loads(plain.dumps(import_units())), progress=lambda *a: seen.append(a)
        )
    assert outcome.result.summary() == "Imported 3 units."
    assert seen and seen[-1][:2] == (3, 3)
    with db.read_session() as s:
        line = s.scalars(select(CommandRecord).where(CommandRecord.name == "import_rows")).one()
    assert plain.loads(line.args) == {"kind": "units", "rows": 3}
    assert count(db, BusinessUnit) == 3


def test_undo_of_an_import_takes_back_what_it_made_and_redo_puts_it_back(db, do) -> None:
    imported = do(import_units())
    assert imported.inverse is not None and imported.inverse.text.endswith("import of 3 units")
    undone = do.undo(imported)
    assert count(db, BusinessUnit) == 0
    do.redo(undone)
    with db.read_session() as s:
        assert sorted(s.scalars(select(BusinessUnit.name))) == ["Finance", "Legal", "Sales"]
        audited = [plain.loads(a) for a in s.scalars(select(CommandRecord.args))]
    assert all(len(plain.dumps(a)) < 200 for a in audited)  # no rows nor ids in the audit


def test_undo_of_an_import_refuses_when_someone_added_to_what_it_made(
    db, do, other, people
) -> None:
    imported = do(import_units())
    with other.session() as s:
        finance = s.scalar(select(BusinessUnit.id).where(BusinessUnit.name == "Finance"))
        contacts.create_contact(s, "Ann", unit_id=finance)
    with pytest.raises(ConflictError, match="nothing was undone"):
        do.undo(imported)
    assert count(db, BusinessUnit) == 3 and count(db, Contact) == 1


def test_a_refused_or_cancelled_import_writes_nothing_not_even_its_audit(db, do) -> None:
    with pytest.raises(ValidationError):
        do(Command("import_rows", {"kind": "planets", "file": import_units().args["file"]}))

    def cancel(done: int, total: int, what: str) -> None:
        if what.startswith("Saving"):
            raise KeyboardInterrupt  # what the window's Cancel raises, for this test

    with pytest.raises(KeyboardInterrupt), db.session() as s:
        commands.execute(s, import_units(), progress=cancel)
    assert count(db, BusinessUnit) == 0 and count(db, CommandRecord) == 0
    assert KINDS["units"].table == "business_units"
