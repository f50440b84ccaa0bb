"""Portfolio: business units, services, dependencies, RMs; deleting; optimistic locking."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, NotFoundError, RuleError, ValidationError
from relman.models import (
    BusinessUnit,
    Contact,
    Criticality,
    Dependence,
    Expectation,
    ExpectationEvent,
    Frequency,
    GoalsMet,
    Interview,
    Measurement,
    MeasurementType,
    Meeting,
    MeetingKind,
    Service,
    SupportIssue,
    Survey,
    UnitService,
    unit_rms,
)
from relman.workflows import (
    contacts,
    interviews,
    measurements,
    meetings,
    portfolio,
    satisfaction,
    scripts,
    services,
)
from relman.workflows import expectations as ex

HOSTILE = [
    "<b>bold</b> & <script>alert('x')</script>",
    "Tom & Jerry &amp; Co",
    "\"double\" and 'single' quotes; Robert'); DROP TABLE units;--",
    "emoji 😀🚀👩‍💻 and flags 🇫🇷",
    "مرحبا بالعالم — قسم المبيعات",
    "=1+1",
    '=HYPERLINK("http://example.com","x")',
    "+SUM(A1:A2)",
    "-2+3",
    "@cmd",
    "back\\slash and percent % and underscore _",
    "ünïcödé Ωμέγα Ж 中文 日本語",
]

BAD_NAMES = [
    ("", "empty"),
    ("   ", "empty"),
    ("x" * 201, "too long"),
    ("two\nlines", "one line"),
    ("carriage\rreturn", "one line"),
    ("a\ttab", "one line"),
    ("nul\x00char", "one line"),
]


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- creating and reading back -------------------------------------------------------------


def test_create_unit_is_stored_with_its_fields(db, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(
            s,
            "  Sales  ",
            division="Commercial",
            criticality=Criticality.HIGH,
            notes="Sells jeans.\nAnd jackets.",
            rms=[people.rm],
            own_service_levels=True,
        )
        unit_id = unit.id
    with db.session() as s:
        unit = s.get(BusinessUnit, unit_id)
        assert unit.name == "Sales"
        assert unit.division == "Commercial"
        assert unit.criticality is Criticality.HIGH
        assert unit.notes == "Sells jeans.\nAnd jackets."
        assert unit.own_service_levels is True
        assert unit.version == 1
        assert unit.created_at.tzinfo is not None
        rms = list(s.scalars(select(unit_rms.c.staff_id).where(unit_rms.c.unit_id == unit_id)))
        assert rms == [people.rm]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_byte_identical(db, text: str) -> None:
    notes = f"{text}\nsecond line: {text}"
    with db.session() as s:
        unit_id = portfolio.create_unit(s, text, notes=notes, division=text[:200]).id
        service_id = services.create_service(s, text, description=notes, owner=text).id
    with db.session() as s:
        unit = s.get(BusinessUnit, unit_id)
        assert unit.name == text
        assert unit.name.encode() == text.encode()
        assert unit.notes == notes
        assert unit.division == text[:200]
        service = s.get(Service, service_id)
        assert (service.name, service.description, service.owner) == (text, notes, text)


def test_name_of_exactly_200_characters_is_accepted(db) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "x" * 200)
    assert count(db, BusinessUnit) == 1


# --- names refused -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "why"), BAD_NAMES)
def test_bad_unit_name_is_refused(db, name: str, why: str) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        portfolio.create_unit(s, name)
    assert err.value.field == "name"
    assert "name" in err.value.message
    assert why in err.value.message
    assert count(db, BusinessUnit) == 0


@pytest.mark.parametrize(("name", "why"), BAD_NAMES)
def test_bad_service_name_is_refused(db, name: str, why: str) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        services.create_service(s, name)
    assert err.value.field == "name"
    assert why in err.value.message
    assert count(db, Service) == 0


@pytest.mark.parametrize("again", ["Sales", "SALES", "sales", "  sAlEs  "])
def test_duplicate_unit_name_is_refused_ignoring_case(db, again: str) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales", notes="the first")
    with pytest.raises(ValidationError) as err, db.session() as s:
        portfolio.create_unit(s, again, notes="the second")
    assert err.value.field == "name"
    assert "already exists" in err.value.message
    assert again.strip() in err.value.message
    with db.session() as s:
        assert [u.notes for u in s.scalars(select(BusinessUnit))] == ["the first"]


@pytest.mark.parametrize(("first", "again"), [("Été", "ÉTÉ"), ("ПРОДАЖИ", "продажи")])
def test_duplicate_non_ascii_unit_name_is_refused_ignoring_case(db, first, again) -> None:
    with db.session() as s:
        portfolio.create_unit(s, first)
    with pytest.raises(ValidationError), db.session() as s:
        portfolio.create_unit(s, again)
    assert count(db, BusinessUnit) == 1


@pytest.mark.parametrize("again", ["SAP Financials", "sap financials", " SAP FINANCIALS "])
def test_duplicate_service_name_is_refused_ignoring_case(db, again: str) -> None:
    with db.session() as s:
        services.create_service(s, "SAP Financials")
    with pytest.raises(ValidationError) as err, db.session() as s:
        services.create_service(s, again)
    assert err.value.field == "name"
    assert "already exists" in err.value.message
    assert count(db, Service) == 1


def test_unit_and_service_may_share_a_name(db) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Logistics")
        services.create_service(s, "Logistics")
    assert count(db, BusinessUnit) == count(db, Service) == 1


# --- updating ------------------------------------------------------------------------------


def test_update_unit_changes_fields(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
    with db.session() as s:
        portfolio.update_unit(
            s,
            unit_id,
            expected_version=1,
            name="Sales & Marketing",
            division="Commercial",
            criticality="critical",
            notes="new notes",
            own_service_levels=True,
        )
    with db.session() as s:
        unit = s.get(BusinessUnit, unit_id)
        assert (unit.name, unit.division, unit.criticality, unit.notes) == (
            "Sales & Marketing",
            "Commercial",
            Criticality.CRITICAL,
            "new notes",
        )
        assert unit.own_service_levels is True
        assert unit.version == 2


def test_rename_unit_to_its_own_name_in_other_case_is_allowed(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "sales").id
    with db.session() as s:
        portfolio.update_unit(s, unit_id, expected_version=None, name="Sales")
    with db.session() as s:
        assert s.get(BusinessUnit, unit_id).name == "Sales"


def test_rename_unit_to_another_units_name_is_refused(db) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Finance")
        unit_id = portfolio.create_unit(s, "Sales", notes="before").id
    with pytest.raises(ValidationError) as err, db.session() as s:
        portfolio.update_unit(s, unit_id, expected_version=None, notes="after", name="FINANCE")
    assert "already exists" in err.value.message
    with db.session() as s:
        unit = s.get(BusinessUnit, unit_id)
        assert (unit.name, unit.notes, unit.version) == ("Sales", "before", 1)


@pytest.mark.parametrize(("name", "why"), BAD_NAMES)
def test_rename_unit_to_a_bad_name_is_refused(db, name: str, why: str) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
    with pytest.raises(ValidationError) as err, db.session() as s:
        portfolio.update_unit(s, unit_id, expected_version=None, name=name)
    assert why in err.value.message
    with db.session() as s:
        assert s.get(BusinessUnit, unit_id).name == "Sales"


def test_update_unit_unknown_field_is_refused(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
    with pytest.raises(ValidationError) as err, db.session() as s:
        portfolio.update_unit(s, unit_id, expected_version=None, colour="blue")
    assert err.value.field == "colour"
    assert "colour" in err.value.message


def test_update_unit_unknown_criticality_is_refused(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
    with pytest.raises(ValidationError) as err, db.session() as s:
        portfolio.update_unit(s, unit_id, expected_version=None, criticality="bogus")
    assert err.value.field == "criticality"
    with db.session() as s:
        assert s.get(BusinessUnit, unit_id).criticality is Criticality.MEDIUM


def test_update_missing_unit_is_not_found(db) -> None:
    with pytest.raises(NotFoundError) as err, db.session() as s:
        portfolio.update_unit(s, uuid.uuid4(), expected_version=1, notes="x")
    assert "business unit" in err.value.message


def test_unit_head_must_work_in_that_unit(db) -> None:
    with db.session() as s:
        sales = portfolio.create_unit(s, "Sales").id
        finance = portfolio.create_unit(s, "Finance").id
        own = contacts.create_contact(s, "Sally Sales", unit_id=sales).id
        other = contacts.create_contact(s, "Fred Finance", unit_id=finance).id
        free = contacts.create_contact(s, "Nora Nounit").id
    with pytest.raises(ValidationError) as err, db.session() as s:
        portfolio.update_unit(s, sales, expected_version=None, head_id=other)
    assert err.value.field == "head_id"
    assert "Fred Finance" in err.value.message
    with db.session() as s:
        assert s.get(BusinessUnit, sales).head_id is None
    with db.session() as s:
        portfolio.update_unit(s, sales, expected_version=None, head_id=own)
    with db.session() as s:
        assert s.get(BusinessUnit, sales).head_id == own
        portfolio.update_unit(s, sales, expected_version=None, head_id=free)
    with db.session() as s:
        assert s.get(BusinessUnit, sales).head_id == free
        portfolio.update_unit(s, sales, expected_version=None, head_id=None)
    with db.session() as s:
        assert s.get(BusinessUnit, sales).head_id is None


# --- RMs and dependencies ------------------------------------------------------------------


def test_assign_rm_twice_keeps_one_row_and_unassign_removes_it(db, people) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
    for _ in range(2):
        with db.session() as s:
            portfolio.assign_rm(s, unit_id, people.rm)
    assert count(db, unit_rms) == 1
    with db.session() as s:
        portfolio.unassign_rm(s, unit_id, people.rm)
    assert count(db, unit_rms) == 0


def test_assign_unknown_rm_is_refused(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
    with pytest.raises(NotFoundError) as err, db.session() as s:
        portfolio.assign_rm(s, unit_id, uuid.uuid4())
    assert "relationship manager" in err.value.message
    assert count(db, unit_rms) == 0


def test_set_dependency_adds_changes_and_removes(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
        service_id = services.create_service(s, "CRM").id
    with db.session() as s:
        assert not portfolio.unit_depends_on(s, unit_id, service_id)
        portfolio.set_dependency(s, unit_id, service_id, Dependence.LOW)
    with db.session() as s:
        portfolio.set_dependency(s, unit_id, service_id, Dependence.CRITICAL)
    with db.session() as s:
        links = list(s.scalars(select(UnitService)))
        assert [(x.unit_id, x.service_id, x.dependence) for x in links] == [
            (unit_id, service_id, Dependence.CRITICAL)
        ]
        assert portfolio.unit_depends_on(s, unit_id, service_id)
    with db.session() as s:
        assert portfolio.set_dependency(s, unit_id, service_id, None) is None
    with db.session() as s:
        assert not portfolio.unit_depends_on(s, unit_id, service_id)
    assert count(db, UnitService) == 0


# --- deleting ------------------------------------------------------------------------------


def _populated_unit(db, people) -> dict[str, uuid.UUID]:
    """A unit with a contact, an expectation measured, a survey, an issue, an interview and a
    meeting."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        other = portfolio.create_unit(s, "Finance")
        service = services.create_service(s, "CRM")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        portfolio.set_dependency(s, other.id, service.id, Dependence.LOW)
        contact = contacts.create_contact(s, "Sally", unit_id=unit.id)
        exp = ex.state_expectation(
            s, unit_id=unit.id, service_id=service.id, statement="Up all day", by=people.rm
        )
        ex.validate_expectation(s, exp.id, by=people.rm)
        ex.agree(
            s,
            exp.id,
            ex.Terms(99.0, MeasurementType.AVAILABILITY, Frequency.MONTHLY),
            by=people.rm,
        )
        measurements.record_measurement(s, exp.id, period="2026-01", value=99.5, by=people.rm)
        kept = ex.state_expectation(
            s, unit_id=other.id, service_id=service.id, statement="Other unit's", by=people.rm
        )
        satisfaction.add_survey_question(s, "Overall")
        satisfaction.record_survey(s, unit.id, "2026-Q1", {"Overall": 4})
        satisfaction.add_support_issue(s, unit.id, "Slow VPN", importance=4, satisfaction=2)
        script = scripts.create_script(
            s, {"name": "S", "sections": [{"title": "T", "questions": [{"text": "Q?"}]}]}
        )
        interview = interviews.schedule_interview(
            s,
            script_id=script.id,
            contact_ids=[contact.id],
            at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
            by=people.rm,
        )
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            by=people.rm,
            unit_id=unit.id,
        )
        return {
            "unit": unit.id,
            "other": other.id,
            "service": service.id,
            "contact": contact.id,
            "expectation": exp.id,
            "kept_expectation": kept.id,
            "interview": interview.id,
            "meeting": meeting.id,
        }


def test_delete_impact_counts_what_goes_and_what_stays(db, people) -> None:
    ids = _populated_unit(db, people)
    with db.session() as s:
        impact = portfolio.delete_impact(s, ids["unit"])
    assert impact == portfolio.DeleteImpact(
        expectations=1,
        surveys=1,
        support_issues=1,
        dependencies=1,
        contacts_kept=1,
        interviews_kept=1,
        meetings_kept=1,
    )
    text = impact.describe()
    assert "1 expectations" in text
    assert "1 satisfaction surveys" in text
    assert "Kept, without a unit: 1 contacts, 1 interviews, 1 meetings." in text


def test_delete_impact_of_an_empty_unit(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Empty").id
    with db.session() as s:
        assert portfolio.delete_impact(s, unit_id).describe() == "This also deletes nothing else."


def test_a_unit_with_history_cannot_be_deleted_it_is_archived(db, people) -> None:
    ids = _populated_unit(db, people)
    with pytest.raises(RuleError, match="Archive the unit instead"), db.session() as s:
        portfolio.delete_unit(s, ids["unit"])
    with db.session() as s:
        assert s.get(BusinessUnit, ids["unit"]) is not None


def test_delete_unit_cascades_expectations_but_keeps_contacts(db, people) -> None:
    """What goes with a unit when a unit is removed (undo of its creation does it)."""
    ids = _populated_unit(db, people)
    with db.session() as s:
        impact = portfolio.delete_impact(s, ids["unit"])
        s.delete(s.get(BusinessUnit, ids["unit"]))
    assert impact.expectations == 1
    assert impact.contacts_kept == 1
    with db.session() as s:
        assert s.get(BusinessUnit, ids["unit"]) is None
        assert s.get(Expectation, ids["expectation"]) is None
        assert (
            s.scalars(
                select(ExpectationEvent).where(
                    ExpectationEvent.expectation_id == ids["expectation"]
                )
            ).all()
            == []
        )
        assert s.scalars(select(Measurement)).all() == []
        assert s.scalars(select(Survey)).all() == []
        assert s.scalars(select(SupportIssue)).all() == []
        assert s.scalar(select(func.count()).select_from(unit_rms)) == 0
        # the other unit's expectation and dependency are untouched
        assert s.get(Expectation, ids["kept_expectation"]) is not None
        assert [d.unit_id for d in s.scalars(select(UnitService))] == [ids["other"]]
        # contacts, interviews and meetings stay, without a unit
        contact = s.get(Contact, ids["contact"])
        assert contact is not None and contact.unit_id is None
        interview = s.get(Interview, ids["interview"])
        assert interview is not None and interview.unit_id is None
        meeting = s.get(Meeting, ids["meeting"])
        assert meeting is not None and meeting.unit_id is None
        assert s.get(Service, ids["service"]) is not None


def test_delete_missing_unit_is_not_found(db) -> None:
    with pytest.raises(NotFoundError), db.session() as s:
        portfolio.delete_unit(s, uuid.uuid4())


def test_delete_service_in_use_is_refused(db, people) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
        service_id = services.create_service(s, "CRM").id
        ex.state_expectation(
            s, unit_id=unit_id, service_id=service_id, statement="Fast", by=people.rm
        )
    with pytest.raises(RuleError) as err, db.session() as s:
        services.delete_service(s, service_id)
    assert "CRM" in err.value.message
    assert "1 expectation" in err.value.message
    assert "Archive the service instead" in err.value.message
    assert count(db, Service) == 1


def test_delete_unused_service(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
        service_id = services.create_service(s, "CRM").id
        portfolio.set_dependency(s, unit_id, service_id, Dependence.LOW)
    with db.session() as s:
        services.delete_service(s, service_id)
    assert count(db, Service) == 0
    assert count(db, UnitService) == 0


# --- optimistic locking --------------------------------------------------------------------


def test_second_of_two_concurrent_edits_is_refused_as_a_conflict(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales", notes="original").id
    # two windows load the same unit...
    with db.session() as s:
        first = s.get(BusinessUnit, unit_id)
    with db.session() as s:
        second = s.get(BusinessUnit, unit_id)
    assert first.version == second.version == 1
    # ...the first saves its change...
    with db.session() as s:
        s.add(first)
        first.notes = "first window"
    # ...and the second, still holding version 1, is refused.
    with pytest.raises(ConflictError) as err, db.session() as s:
        s.add(second)
        second.notes = "second window"
    assert "Reload" in err.value.message
    with db.session() as s:
        unit = s.get(BusinessUnit, unit_id)
        assert (unit.notes, unit.version) == ("first window", 2)


def test_merging_a_stale_copy_is_refused_as_a_conflict(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
    with db.session() as s:
        stale = s.get(BusinessUnit, unit_id)
    with db.session() as s:
        portfolio.update_unit(s, unit_id, expected_version=None, criticality=Criticality.LOW)
    stale.criticality = Criticality.CRITICAL
    with pytest.raises(ConflictError), db.session() as s:
        s.merge(stale)
    with db.session() as s:
        assert s.get(BusinessUnit, unit_id).criticality is Criticality.LOW


# --- the unit page's summary ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("goals", "note", "says"),
    [
        (GoalsMet.PARTLY, "Slow VPN", "service goals partly met"),
        (GoalsMet.NO, "Outage", "service goals not met"),
        pytest.param(
            GoalsMet.YES,
            "",
            "service goals met",
        ),
    ],
)
def test_unit_detail_describes_the_last_meeting(db, people, goals, note, says) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
        meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            by=people.rm,
            unit_id=unit_id,
            goals_met=goals,
            goals_note=note,
        )
    with db.session() as s:
        detail = portfolio.unit_detail(s, unit_id)
    assert detail.last_meeting == f"2026-03-02 monthly review: {says}"
