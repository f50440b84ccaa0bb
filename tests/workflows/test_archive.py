"""History is never erased by a delete: units, contacts, staff and services are archived; and
every "today" of the workflows comes from one clock."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from relman.errors import ConflictError, RuleError
from relman.models import BusinessUnit, Dependence, Party, Service
from relman.workflows import common, contacts, dashboard, escalations, portfolio, services, staff
from relman.workflows import expectations as ex


def _unit_with_history(db, people):
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        service = services.create_service(s, "CRM")
        ex.state_expectation(
            s, unit_id=unit.id, service_id=service.id, statement="Fast", by=people.rm
        )
        return unit.id, service.id


def test_a_unit_with_history_is_refused_with_an_offer_to_archive(db, people) -> None:
    unit_id, _ = _unit_with_history(db, people)
    with pytest.raises(RuleError) as err, db.session() as s:
        portfolio.delete_unit(s, unit_id)
    assert "1 expectation" in err.value.message
    assert "Archive the unit instead" in err.value.message


def test_a_unit_without_history_can_still_be_deleted(db) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Typo").id
    with db.session() as s:
        portfolio.delete_unit(s, unit_id)
    with db.read_session() as s:
        assert s.get(BusinessUnit, unit_id) is None


def test_an_archived_unit_leaves_the_lists_and_comes_back(db, people) -> None:
    unit_id, _ = _unit_with_history(db, people)
    with db.session() as s:
        version = s.get(BusinessUnit, unit_id).version
        portfolio.archive_unit(s, unit_id, expected_version=version)
    with db.read_session() as s:
        assert dashboard.units(s) == []
        rows = dashboard.units(s, include_archived=True)
        assert [(r.name, r.archived) for r in rows] == [("Sales", True)]
        assert s.get(BusinessUnit, unit_id).archived_at is not None
    with db.session() as s:
        portfolio.unarchive_unit(s, unit_id, expected_version=None)
    with db.read_session() as s:
        assert [(r.name, r.archived) for r in dashboard.units(s)] == [("Sales", False)]


def test_archiving_a_unit_changed_since_it_was_read_is_refused(db, people) -> None:
    unit_id, _ = _unit_with_history(db, people)
    with pytest.raises(ConflictError), db.session() as s:
        portfolio.archive_unit(s, unit_id, expected_version=99)


def test_a_service_with_history_is_refused_with_an_offer_to_archive(db, people) -> None:
    _, service_id = _unit_with_history(db, people)
    with pytest.raises(RuleError, match="Archive the service instead"), db.session() as s:
        services.delete_service(s, service_id)
    with db.session() as s:
        services.archive_service(s, service_id, expected_version=None)
    with db.read_session() as s:
        assert services.service_rows(s) == []
        assert [r.archived for r in services.service_rows(s, include_archived=True)] == [True]
        assert s.get(Service, service_id) is not None


def test_archived_staff_and_contacts_leave_their_lists(db, people) -> None:
    with db.session() as s:
        ann = contacts.create_contact(s, "Ann Buyer").id
        contacts.archive_contact(s, ann, expected_version=None)
        staff.archive_staff(s, people.manager, expected_version=None)
    with db.read_session() as s:
        assert contacts.contact_rows(s) == []
        assert [r.id for r in contacts.contact_rows(s, include_archived=True)] == [ann]
        assert [r.id for r in staff.staff_rows(s)] == [people.rm]
        assert len(staff.staff_rows(s, include_archived=True)) == 2
    with db.session() as s:
        contacts.unarchive_contact(s, ann, expected_version=None)
        staff.unarchive_staff(s, people.manager, expected_version=None)
    with db.read_session() as s:
        assert [r.id for r in contacts.contact_rows(s)] == [ann]
        assert len(staff.staff_rows(s)) == 2


# -- one clock --------------------------------------------------------------------------------


@pytest.fixture
def in_auckland(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_users_local_date_of_the_same_instant(in_auckland) -> None:
    evening_utc = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)  # 09:00 next day in Auckland
    assert common.today(evening_utc) == dt.date(2026, 3, 2)


def test_an_escalation_is_due_counting_from_the_users_date(db, people, in_auckland) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        service = services.create_service(s, "CRM")
        contact = contacts.create_contact(s, "Ann Buyer", unit_id=unit.id)
        exp = ex.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            contact_id=contact.id,
            statement="Fast",
            by=people.rm,
        )
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        contacts.update_contact(s, contact.id, expected_version=None, manager_id=boss.id)
        at = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
        ex.validate_expectation(s, exp.id, by=people.rm, dependence=Dependence.HIGH, at=at)
        ex.propose(s, exp.id, by=people.rm, party=Party.IT, target=99, text="99%", at=at)
        ex.disagree(s, exp.id, by=people.rm, text="No", at=at)
        esc = escalations.escalate(s, exp.id, by=people.rm, summary="Stuck", at=at)
        assert esc.due_on == dt.date(2026, 3, 2) + dt.timedelta(
            days=escalations.DEFAULT_DAYS_TO_RESOLVE
        )
