"""The key-customer rule of the method (issue 10, point 1): the criteria are alternatives,
unreasonable demands rule a contact out unless the RM overrides deliberately, the verdict
says why, the criteria are rows a department can change, and units with more key
customers than their RMs can interview are flagged."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import Assessment, AssessmentCriterion, Contact, KeyCriterion, StaffRole
from relman.workflows import (
    assessments,
    contacts,
    dashboard,
    key_customers,
    portfolio,
    search,
    staff,
)

UNREASONABLE = "Wants a new laptop delivered within the hour, every time, or escalates."


def only(position: int, n: int = 7) -> list[bool]:
    return [i == position for i in range(1, n + 1)]


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture
def unit_id(db) -> uuid.UUID:
    with db.session() as s:
        return portfolio.create_unit(s, "Design").id


@pytest.fixture
def contact_id(db, unit_id) -> uuid.UUID:
    with db.session() as s:
        return contacts.create_contact(s, "Carla Critic", unit_id=unit_id).id


def detail(db, contact_id) -> contacts.ContactDetail:
    with db.read_session() as s:
        return contacts.contact_detail(s, contact_id)


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("position", range(1, 8))
def test_one_criterion_alone_makes_a_key_customer(db, people, contact_id, position) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, only(position), by=people.rm)
    seen = detail(db, contact_id)
    assert seen.is_key
    name = seen.assessments[0].answers[position - 1].name
    assert f"carried by “{name}”" in seen.reason
    assert "one criterion is enough" in seen.reason


def test_a_constructive_critic_in_a_small_unit_qualifies_alone(db, people, contact_id) -> None:
    with db.session() as s:
        assessments.assess_contact(
            s, contact_id, only(5), by=people.rm, notes={}, on=None
        )  # 5: constructive, objective critique
    assert detail(db, contact_id).is_key


@pytest.mark.parametrize("n", [1, 5, 6])
def test_unreasonable_demands_are_not_outweighed(db, people, contact_id, n: int) -> None:
    with db.session() as s:
        assessments.assess_contact(
            s,
            contact_id,
            [True] * n + [False] * (7 - n),
            by=people.rm,
            unreasonable=True,
            unreasonable_note=UNREASONABLE,
        )
    seen = detail(db, contact_id)
    assert not seen.is_key
    assert "unreasonable, uncompromising demands count against them" in seen.reason
    assert "“Depends on us”" in seen.reason, "what they meet is still said"


def test_shared_reasonable_expectations_cannot_go_with_unreasonable_demands(
    db, people, contact_id
) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        assessments.assess_contact(
            s,
            contact_id,
            only(7),
            by=people.rm,
            unreasonable=True,
            unreasonable_note=UNREASONABLE,
        )
    assert err.value.field == "unreasonable"
    assert "“Shared expectations”" in err.value.message and "Untick" in err.value.message
    assert count(db, Assessment) == 0 and count(db, AssessmentCriterion) == 0


def test_an_override_keeps_an_unreasonable_contact_key_with_its_reason(
    db, people, contact_id
) -> None:
    why = "Signs off the whole design budget; we cannot work around her."
    with db.session() as s:
        assessments.assess_contact(
            s,
            contact_id,
            only(6),
            by=people.rm,
            unreasonable=True,
            unreasonable_note=UNREASONABLE,
            override=True,
            override_note=why,
        )
    seen = detail(db, contact_id)
    assert seen.is_key
    assert "deliberate decision" in seen.reason and why in seen.reason
    row = seen.assessments[0]
    assert (row.override, row.override_note) == (True, why)


@pytest.mark.parametrize(
    ("kwargs", "field", "says"),
    [
        ({"override_note": "x"}, "override", "nothing to override"),
        (
            {"unreasonable": True, "unreasonable_note": UNREASONABLE},
            "override_note",
            "Say why",
        ),
        (
            {
                "unreasonable": True,
                "unreasonable_note": UNREASONABLE,
                "override_note": "x",
                "criteria": [False] * 7,
            },
            "override",
            "at least one criterion",
        ),
    ],
)
def test_an_override_must_be_deliberate(db, people, contact_id, kwargs, field, says) -> None:
    criteria = kwargs.pop("criteria", only(1))
    with pytest.raises(ValidationError) as err, db.session() as s:
        assessments.assess_contact(s, contact_id, criteria, by=people.rm, override=True, **kwargs)
    assert err.value.field == field
    assert says in err.value.message
    assert count(db, Assessment) == 0


def test_none_met_is_not_key_and_says_so(db, people, contact_id) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, [False] * 7, by=people.rm)
    seen = detail(db, contact_id)
    assert not seen.is_key
    assert seen.reason == "Not a key customer: they meet none of the criteria."


def test_the_verdict_as_the_rm_ticks(db) -> None:
    with db.read_session() as s:
        in_use = key_customers.criteria(s)
    two = assessments.verdict(in_use, [True, False, False, False, True, False, False])
    assert two.is_key and two.carried_by == ("Depends on us", "Constructive critic")
    assert two.text == "Key customer: carried by “Depends on us” and “Constructive critic”."
    clash = assessments.verdict(in_use, only(7), unreasonable=True)
    assert clash.problem and not clash.is_key


def test_the_cached_flag_follows_in_the_same_transaction_without_an_edit(
    db, people, contact_id
) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, only(3), by=people.rm)
        assert s.scalar(select(Contact.is_key).where(Contact.id == contact_id)) is True
    with db.read_session() as s:
        assert s.get(Contact, contact_id).version == 1  # type: ignore[union-attr]
        assert contacts.contact_rows(s)[0].is_key


# --- criteria as rows ----------------------------------------------------------------------


def test_a_new_file_has_the_seven_criteria_of_the_method(db) -> None:
    with db.read_session() as s:
        rows = key_customers.criteria(s, include_retired=True)
    assert [r.name for r in rows][:2] == ["Depends on us", "Assures our success"]
    assert len(rows) == 7 and not any(r.archived for r in rows)
    assert [r.excludes_unreasonable for r in rows] == [False] * 6 + [True]


def test_renaming_a_criterion_shows_in_earlier_assessments(db, people, contact_id) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, only(5), by=people.rm)
        critic = key_customers.criteria(s)[4]
        key_customers.update_criterion(
            s,
            critic.id,
            expected_version=critic.version,
            name="Candid critic",
            question="They tell us plainly and fairly what is wrong.",
        )
    seen = detail(db, contact_id)
    assert seen.assessments[0].answers[4].name == "Candid critic"
    assert "“Candid critic”" in seen.reason


def test_a_stale_rename_is_a_conflict(db) -> None:
    with db.session() as s:
        first = key_customers.criteria(s)[0]
        key_customers.update_criterion(
            s, first.id, expected_version=first.version, name="Relies on us"
        )
    with pytest.raises(ConflictError), db.session() as s:
        key_customers.update_criterion(s, first.id, expected_version=first.version, name="Other")


@pytest.mark.parametrize("name", ["constructive CRITIC", "Shared expectations", "  "])
def test_criterion_names_are_unique_and_not_empty(db, name: str) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        key_customers.add_criterion(s, name)
    assert err.value.field == "name"
    assert count(db, KeyCriterion) == 7


def test_an_added_criterion_is_asked_from_then_on(db, people, contact_id) -> None:
    with db.session() as s:
        assessments.assess_contact(s, contact_id, [False] * 7, by=people.rm)
        added = key_customers.add_criterion(
            s, "Early adopter", "They try new services first and tell others."
        ).id
    with pytest.raises(ValidationError) as err, db.session() as s:
        assessments.assess_contact(s, contact_id, [False] * 7, by=people.rm)
    assert "all eight criteria" in err.value.message
    with db.session() as s:
        assessments.assess_contact(
            s, contact_id, {c.id: c.id == added for c in key_customers.criteria(s)}, by=people.rm
        )
    seen = detail(db, contact_id)
    assert seen.is_key and "“Early adopter”" in seen.reason
    assert [len(a.answers) for a in seen.assessments] == [8, 7]


def test_a_retired_criterion_is_no_longer_asked_and_old_answers_stay(
    db, people, contact_id
) -> None:
    with db.session() as s:
        assessments.assess_contact(
            s, contact_id, only(3), by=people.rm, notes=["", "", "Speaks for 400"]
        )
        third = key_customers.criteria(s)[2]
        key_customers.retire_criterion(s, third.id, expected_version=third.version)
    with db.session() as s:
        assert [c.name for c in key_customers.criteria(s)].count("Represents many") == 0
        assert key_customers.criteria(s, include_retired=True)[-1].archived
        assessments.assess_contact(s, contact_id, [False] * 6, by=people.rm)
    seen = detail(db, contact_id)
    old = seen.assessments[1]
    assert old.is_key and old.answers[2].retired and old.answers[2].note == "Speaks for 400"
    assert [a.name for a in seen.assessments[0].answers].count("Represents many") == 0
    with pytest.raises(ValidationError), db.session() as s:
        assessments.assess_contact(s, contact_id, {third.id: True}, by=people.rm)
    with db.session() as s:
        retired = s.get(KeyCriterion, third.id)
        key_customers.restore_criterion(s, third.id, expected_version=retired.version)  # type: ignore[union-attr]
        assert len(key_customers.criteria(s)) == 7


def test_the_last_criterion_in_use_cannot_be_retired(db) -> None:
    with db.session() as s:
        rows = key_customers.criteria(s)
        for c in rows[:-1]:
            key_customers.retire_criterion(s, c.id, expected_version=c.version)
    with pytest.raises(RuleError) as err, db.session() as s:
        key_customers.retire_criterion(s, rows[-1].id, expected_version=rows[-1].version)
    assert "last criterion" in err.value.message


def test_criteria_can_be_moved(db) -> None:
    with db.session() as s:
        last = key_customers.criteria(s)[-1]
        key_customers.move_criterion(s, last.id, -6, expected_version=last.version)
    with db.read_session() as s:
        assert [c.name for c in key_customers.criteria(s)][:2] == [
            "Shared expectations",
            "Depends on us",
        ]


def test_criterion_notes_are_searchable_and_leave_with_the_assessment(
    db, people, contact_id
) -> None:
    with db.session() as s:
        made = assessments.assess_contact(
            s,
            contact_id,
            only(5),
            by=people.rm,
            notes={key_customers.criteria(s)[4].id: "Quibbler"},
        ).id
    with db.read_session() as s:
        assert [h.ref_id for h in search.search(s, "quibbler")] == [contact_id]
    with db.session() as s:
        assessments.delete_assessment(s, made)
    with db.read_session() as s:
        assert search.search(s, "quibbler") == []
        assert not contacts.contact_detail(s, contact_id).is_key
    assert count(db, AssessmentCriterion) == 0


# --- more key customers than the RMs can interview ------------------------------------------


def _key_customers(s, unit_id: uuid.UUID, n: int, by: uuid.UUID) -> None:
    for i in range(n):
        c = contacts.create_contact(s, f"Key {unit_id.hex[:4]} {i}", unit_id=unit_id).id
        assessments.assess_contact(s, c, only(1), by=by)


def test_a_unit_with_more_key_customers_than_its_rm_can_interview_is_flagged(db, people) -> None:
    with db.session() as s:
        sales = portfolio.create_unit(s, "Sales", rms=[people.rm]).id
        _key_customers(s, sales, key_customers.KEY_CUSTOMERS_PER_RM, people.rm)
        assert key_customers.units_over_capacity(s) == []
        _key_customers(s, sales, 1, people.rm)
    with db.read_session() as s:
        [row] = key_customers.units_over_capacity(s)
        assert [r.unit for r in dashboard.key_customers_over_capacity(s, people.rm)] == ["Sales"]
        assert dashboard.key_customers_over_capacity(s, people.manager) == []
    assert (row.unit, row.key_customers, row.capacity) == ("Sales", 9, 8)
    assert "Sales has 9 key customers" in row.message and "about 8 a quarter" in row.message


def test_an_rm_shares_capacity_across_units_and_a_unit_without_rm_has_none(db, people) -> None:
    with db.session() as s:
        second = staff.add_staff(s, "Sam Second", role=StaffRole.RM).id
        a = portfolio.create_unit(s, "Alpha", rms=[people.rm]).id
        b = portfolio.create_unit(s, "Beta", rms=[people.rm, second]).id
        lonely = portfolio.create_unit(s, "Gamma").id
        _key_customers(s, a, 5, people.rm)  # Alpha: half of Rui = 4
        _key_customers(s, b, 11, people.rm)  # Beta: half of Rui + all of Sam = 12
        _key_customers(s, lonely, 1, people.rm)
    with db.read_session() as s:
        rows = key_customers.units_over_capacity(s)
    assert [(r.unit, r.key_customers, r.capacity) for r in rows] == [
        ("Alpha", 5, 4),
        ("Gamma", 1, 0),
    ]
    assert "no RM" in rows[1].message


def test_archived_contacts_and_staff_do_not_count_for_capacity(db, people) -> None:
    with db.session() as s:
        helper = staff.add_staff(s, "Hal Helper", role=StaffRole.RM)
        unit = portfolio.create_unit(s, "Alpha", rms=[people.rm, helper.id]).id
        _key_customers(s, unit, 9, people.rm)  # Rui and Hal: 16 a quarter, so not over
        helper_id, helper_version = helper.id, helper.version
    with db.read_session() as s:
        assert key_customers.units_over_capacity(s) == []
    with db.session() as s:
        staff.archive_staff(s, helper_id, expected_version=helper_version)
    with db.read_session() as s:  # Hal left: Rui alone can see 8 of the 9
        assert [(r.key_customers, r.capacity) for r in key_customers.units_over_capacity(s)] == [
            (9, 8)
        ]
        someone = next(r for r in contacts.contact_rows(s) if r.is_key)
    with db.session() as s:
        version = contacts.contact_detail(s, someone.id).version
        contacts.archive_contact(s, someone.id, expected_version=version)
    with db.read_session() as s:  # one of them left too: 8 of 8
        assert key_customers.units_over_capacity(s) == []
