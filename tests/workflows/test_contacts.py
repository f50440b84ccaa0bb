"""Contacts and their key-customer assessments."""

import datetime as dt
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from relman.errors import NotFoundError, RuleError, ValidationError
from relman.models import Assessment, Contact
from relman.workflows import assessments, contacts, portfolio

HOSTILE = [
    "<b>key</b> & <i>critical</i>",
    "She said \"no\" and 'never'",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "😀 👍🏽 🧵",
    "يعتمد على خدماتنا بشكل كبير",
    "mixed עברית and English",
]


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture
def unit_id(db) -> uuid.UUID:
    with db.session() as s:
        return portfolio.create_unit(s, "Sales").id


@pytest.fixture
def contact_id(db, unit_id) -> uuid.UUID:
    with db.session() as s:
        return contacts.create_contact(s, "Carla Customer", unit_id=unit_id).id


def met(n: int) -> list[bool]:
    return [True] * n + [False] * (7 - n)


def load(db, contact_id) -> Contact:
    with db.session() as s:
        return s.get(Contact, contact_id)


def history(db, contact_id) -> list[Assessment]:
    with db.session() as s:
        return assessments.assessments_of(s, contact_id)


# --- contacts ------------------------------------------------------------------------------


def test_create_contact_stores_its_fields(db, unit_id) -> None:
    with db.session() as s:
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit_id)
        contact_id = contacts.create_contact(
            s,
            "  Carla Customer ",
            unit_id=unit_id,
            title=" Head of Sales ",
            email=" carla@example.com ",
            phone="+44 (0)20 7946-0000 x12",
            manager_id=boss.id,
            notes="Prefers mornings.\nHates jargon.",
        ).id
        boss_id = boss.id
    contact = load(db, contact_id)
    assert contact.name == "Carla Customer"
    assert contact.title == "Head of Sales"
    assert contact.email == "carla@example.com"
    assert contact.phone == "+44 (0)20 7946-0000 x12"
    assert contact.unit_id == unit_id
    assert contact.manager_id == boss_id
    assert contact.notes == "Prefers mornings.\nHates jargon."
    assert contact.is_key is False


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips(db, text: str) -> None:
    with db.session() as s:
        contact_id = contacts.create_contact(s, text, title=text, notes=text).id
    contact = load(db, contact_id)
    assert contact.name.encode() == text.encode()
    assert contact.title == text
    assert contact.notes == text


@pytest.mark.parametrize(
    ("field", "kwargs", "says"),
    [
        ("name", {"name": ""}, "cannot be empty"),
        ("name", {"name": "a\nb"}, "one line"),
        ("name", {"name": "n" * 201}, "too long"),
        ("email", {"email": "not-an-address"}, "not an e-mail address"),
        ("email", {"email": "a@b"}, "not an e-mail address"),
        ("phone", {"phone": "call me maybe"}, "phone number"),
        ("notes", {"notes": "bad\x00nul"}, "NUL"),
    ],
)
def test_bad_contact_fields_are_refused(db, field, kwargs, says) -> None:
    args = {"name": "Carla"} | kwargs
    name = args.pop("name")
    with pytest.raises(ValidationError) as err, db.session() as s:
        contacts.create_contact(s, name, **args)
    assert err.value.field == field
    assert says in err.value.message
    assert count(db, Contact) == 0


def test_contact_in_unknown_unit_is_refused(db) -> None:
    with pytest.raises(NotFoundError) as err, db.session() as s:
        contacts.create_contact(s, "Carla", unit_id=uuid.uuid4())
    assert "business unit" in err.value.message
    assert count(db, Contact) == 0


def test_update_contact(db, contact_id) -> None:
    with db.session() as s:
        boss_id = contacts.create_contact(s, "Bea Boss").id
    with db.session() as s:
        contacts.update_contact(
            s,
            contact_id,
            expected_version=None,
            name="Carla C.",
            email="c@example.org",
            manager_id=boss_id,
            notes="x",
        )
    contact = load(db, contact_id)
    assert (contact.name, contact.email, contact.manager_id, contact.notes) == (
        "Carla C.",
        "c@example.org",
        boss_id,
        "x",
    )


def test_contact_cannot_be_their_own_manager(db, contact_id) -> None:
    with pytest.raises(RuleError) as err, db.session() as s:
        contacts.update_contact(s, contact_id, expected_version=None, manager_id=contact_id)
    assert "own manager" in err.value.message
    assert load(db, contact_id).manager_id is None


def test_update_contact_refuses_bad_values_and_keeps_the_record(db, contact_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        contacts.update_contact(s, contact_id, expected_version=None, notes="changed", email="nope")
    assert err.value.field == "email"
    contact = load(db, contact_id)
    assert (contact.notes, contact.email, contact.version) == ("", "", 1)
    with pytest.raises(ValidationError) as err, db.session() as s:
        contacts.update_contact(s, contact_id, expected_version=None, shoe_size=42)
    assert "shoe_size" in err.value.message


# --- key-customer assessment ---------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 6, 8])
def test_assessment_needs_all_seven_criteria(db, people, contact_id, n: int) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        assessments.assess_contact(s, contact_id, [True] * n, by=people.rm)
    assert err.value.field == "criteria"
    assert "seven" in err.value.message
    assert count(db, Assessment) == 0
    assert load(db, contact_id).is_key is False


def test_assessment_with_more_than_seven_notes_is_refused(db, people, contact_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        assessments.assess_contact(s, contact_id, met(7), by=people.rm, notes=["n"] * 8)
    assert err.value.field == "notes"
    assert count(db, Assessment) == 0


def test_assessment_needs_an_author(db, contact_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        assessments.assess_contact(s, contact_id, met(7), by=None)
    assert err.value.field == "author"
    assert "who you are" in err.value.message
    assert count(db, Assessment) == 0
    assert load(db, contact_id).is_key is False


def test_assessment_is_stored_with_notes_date_and_assessor(db, people, contact_id) -> None:
    notes = [f"note {i} <&>" for i in range(1, 5)]
    with db.session() as s:
        assessments.assess_contact(
            s, contact_id, met(4), by=people.rm, notes=notes, on=dt.date(2026, 2, 3)
        )
    [assessment] = history(db, contact_id)
    assert assessment.assessed_on == dt.date(2026, 2, 3)
    assert assessment.assessor_id == people.rm
    assert assessment.unreasonable is False
    with db.session() as s:
        [row] = contacts.contact_detail(s, contact_id).assessments
    assert row.criteria == (True, True, True, True, False, False, False)
    assert row.notes == (*notes, "", "", "")
    assert [a.name for a in row.answers][4] == "Constructive critic"


@pytest.mark.parametrize(("n", "key"), [(0, False), (1, True), (3, True), (7, True)])
def test_key_status_follows_from_criteria_met(db, people, contact_id, n: int, key: bool) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, met(n), by=people.rm)
    assert load(db, contact_id).is_key is key
    assert history(db, contact_id)[0].is_key is key


def test_unreasonable_demands_need_a_note(db, people, contact_id) -> None:
    for note in ("", "   \n"):
        with pytest.raises(ValidationError) as err, db.session() as s:
            assessments.assess_contact(
                s, contact_id, met(6), by=people.rm, unreasonable=True, unreasonable_note=note
            )
        assert err.value.field == "unreasonable_note"
        assert "unreasonable" in err.value.message
    assert count(db, Assessment) == 0


@pytest.mark.parametrize("n", [1, 4, 6])
def test_unreasonable_demands_count_against_being_key(db, people, contact_id, n: int) -> None:
    with db.session() as s:
        assessments.assess_contact(
            s,
            contact_id,
            met(n),
            by=people.rm,
            unreasonable=True,
            unreasonable_note="Demands 100% uptime of a test system.",
        )
    assert load(db, contact_id).is_key is False
    [assessment] = history(db, contact_id)
    assert assessment.unreasonable is True
    assert assessment.unreasonable_note == "Demands 100% uptime of a test system."


def test_later_assessment_flips_status_and_earlier_ones_are_kept(db, people, contact_id) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, met(5), by=people.rm, on=dt.date(2026, 1, 10))
    assert load(db, contact_id).is_key is True
    with db.session() as s:
        assessments.assess_contact(s, contact_id, met(0), by=people.rm, on=dt.date(2026, 4, 10))
    assert load(db, contact_id).is_key is False
    with db.session() as s:
        assessments.assess_contact(
            s, contact_id, met(4), by=people.manager, on=dt.date(2026, 7, 10)
        )
    assert load(db, contact_id).is_key is True
    kept = history(db, contact_id)
    assert [a.assessed_on for a in kept] == [
        dt.date(2026, 7, 10),
        dt.date(2026, 4, 10),
        dt.date(2026, 1, 10),
    ]
    assert [a.is_key for a in kept] == [True, False, True]
    assert [a.assessor_id for a in kept] == [people.manager, people.rm, people.rm]


def test_back_dated_assessment_does_not_override_the_latest(db, people, contact_id) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, met(6), by=people.rm, on=dt.date(2026, 5, 1))
    with db.session() as s:
        assessments.assess_contact(s, contact_id, met(0), by=people.rm, on=dt.date(2025, 5, 1))
    assert load(db, contact_id).is_key is True
    with db.session() as s:
        assert assessments.latest_assessment(s, contact_id).assessed_on == dt.date(2026, 5, 1)
    assert len(history(db, contact_id)) == 2


def test_assessing_an_unknown_contact_is_not_found(db, people) -> None:
    with pytest.raises(NotFoundError) as err, db.session() as s:
        assessments.assess_contact(s, uuid.uuid4(), met(7), by=people.rm)
    assert "contact" in err.value.message
    assert count(db, Assessment) == 0


# --- property: any text typed into notes comes back as typed -------------------------------


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")))
def test_any_notes_round_trip(db, text: str) -> None:
    with db.session() as s:
        contact_id = contacts.create_contact(s, "Prop Erty", notes=text).id
    with db.session() as s:
        stored = s.get(Contact, contact_id).notes
    assert stored == text.rstrip()
    assert stored.encode("utf-8") == text.rstrip().encode("utf-8")


def test_a_contact_cannot_manage_their_own_manager_indirectly(db) -> None:
    with db.session() as s:
        a = contacts.create_contact(s, "Anna").id
        b = contacts.create_contact(s, "Bea", manager_id=a).id
        c = contacts.create_contact(s, "Cleo", manager_id=b).id
    with pytest.raises(RuleError, match="already reports to"), db.session() as s:
        contacts.update_contact(s, a, expected_version=None, manager_id=c)
    with db.session() as s:
        assert contacts.contact_detail(s, a).manager_id is None
