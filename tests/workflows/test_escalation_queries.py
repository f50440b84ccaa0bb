"""The escalations page's queries: filters by manager, RM, unit, status and age band, a
manager's whole team, one escalation in full; and two writers changing the same escalation
(the second step is refused with what the first did, never written over it)."""

import datetime as dt
import uuid

import pytest

from relman.errors import ConflictError, RuleError
from relman.models import (
    Escalation,
    EscalationEventKind,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationStatus,
    Party,
    StaffRole,
)
from relman.workflows import contacts, escalations, portfolio, services, staff
from relman.workflows import expectations as ex
from relman.workflows.escalation_queries import (
    AgeBand,
    EscalationFilter,
    escalation_detail,
    escalation_list,
    team,
)
from tests.workflows.test_escalations import OPENED, TERMS

E = EscalationStatus
DAY = OPENED.date()
LATER = OPENED + dt.timedelta(minutes=5)  # the same day, listed after


def raise_one(db, rm, unit, service, boss, *, at=OPENED, text="100% vs 99%") -> uuid.UUID:
    """An expectation negotiated, disagreed on and escalated by ``rm`` in ``unit``."""
    with db.session() as s:
        customer = contacts.create_contact(s, f"Customer of {text}", unit_id=unit, manager_id=boss)
        before = [at - dt.timedelta(days=n) for n in (4, 3, 2, 1)]
        exp = ex.state_expectation(
            s,
            unit_id=unit,
            service_id=service,
            statement=text,
            by=rm,
            contact_id=customer.id,
            at=before[0],
        )
        ex.validate_expectation(s, exp.id, by=rm, at=before[1])
        ex.propose(s, exp.id, by=rm, party=Party.CUSTOMER, target=100, text="100%", at=before[2])
        ex.disagree(s, exp.id, by=rm, text="No compromise", at=before[3])
        return escalations.escalate(s, exp.id, by=rm, summary=text, at=at).id


@pytest.fixture
def world(db, people):
    """Mara manages Rui and Sam (a manager himself, of Rita); Xena manages Xavier.
    Escalations: Rui's in Finance, Rita's in Sales, Xavier's in Sales."""
    with db.session() as s:
        sam = staff.add_staff(s, "Sam Sub", role=StaffRole.MANAGER, reports_to=people.manager)
        rita = staff.add_staff(s, "Rita Rm", reports_to=sam.id)
        xena = staff.add_staff(s, "Xena Other", role=StaffRole.MANAGER)
        xavier = staff.add_staff(s, "Xavier Rm", reports_to=xena.id)
        finance = portfolio.create_unit(s, "Finance", rms=[people.rm])
        sales = portfolio.create_unit(s, "Sales", rms=[rita.id, xavier.id])
        sap = services.create_service(s, "SAP")
        boss = contacts.create_contact(s, "Bea Boss", unit_id=finance.id)
        ids = dict(sam=sam.id, rita=rita.id, xena=xena.id, xavier=xavier.id)
        ids |= dict(finance=finance.id, sales=sales.id, sap=sap.id, boss=boss.id)
    for unit in ("finance", "sales"):
        with db.session() as s:
            portfolio.set_dependency(s, ids[unit], ids["sap"], "critical")
    ids["rui_esc"] = raise_one(db, people.rm, ids["finance"], ids["sap"], ids["boss"], text="Rui")
    ids["rita_esc"] = raise_one(
        db, ids["rita"], ids["sales"], ids["sap"], ids["boss"], text="Rita", at=LATER
    )
    ids["xavier_esc"] = raise_one(
        db,
        ids["xavier"],
        ids["sales"],
        ids["sap"],
        ids["boss"],
        text="Xavier",
        at=LATER + dt.timedelta(minutes=5),
    )
    return ids


def listed(db, on=DAY, **wanted) -> list[str]:
    with db.read_session() as s:
        return [r.summary for r in escalation_list(s, EscalationFilter(**wanted), on=on).rows]


def test_everyone_is_listed_with_names_and_choices(db, people, world) -> None:
    with db.read_session() as s:
        found = escalation_list(s, on=DAY)
    assert [r.summary for r in found.rows] == ["Rui", "Rita", "Xavier"]
    assert found.total == 3
    rui = found.rows[0]
    assert (rui.unit, rui.service, rui.rm, rui.manager, rui.customer_manager) == (
        "Finance",
        "SAP",
        "Rui Relman",
        "Mara Manager",
        "Bea Boss",
    )
    assert (rui.status, rui.age_days, rui.past_due, rui.version) == (E.OPEN, 0, False, 1)
    assert [c.name for c in found.managers] == ["Mara Manager", "Sam Sub", "Xena Other"]
    assert [c.name for c in found.rms] == ["Rita Rm", "Rui Relman", "Xavier Rm"]
    assert [c.name for c in found.units] == ["Finance", "Sales"]


def test_filters_by_manager_rm_unit_and_status(db, people, world) -> None:
    assert listed(db, manager_id=world["sam"]) == ["Rita"]
    assert listed(db, manager_id=people.manager) == ["Rui"]
    assert listed(db, rm_id=world["xavier"]) == ["Xavier"]
    assert listed(db, unit_id=world["sales"]) == ["Rita", "Xavier"]
    assert listed(db, unit_id=world["sales"], rm_id=people.rm) == []
    with db.session() as s:
        escalations.discuss(s, world["rita_esc"], by=world["sam"], text="Called")
        escalations.resolve(s, world["xavier_esc"], by=world["xena"], resolution="Settled")
    assert listed(db, statuses=frozenset({E.IN_DISCUSSION})) == ["Rita"]
    assert listed(db, statuses=frozenset({E.OPEN, E.IN_DISCUSSION})) == ["Rui", "Rita"]
    assert listed(db, statuses=frozenset({E.RESOLVED, E.WITHDRAWN})) == ["Xavier"]


def test_team_is_everyone_below_a_manager(db, people, world) -> None:
    with db.read_session() as s:
        assert team(s, people.manager) == {people.rm, world["sam"], world["rita"]}
        assert team(s, world["sam"]) == {world["rita"]}
        assert team(s, world["xena"]) == {world["xavier"]}
        assert team(s, people.rm) == set()
    assert listed(db, team_of=people.manager) == ["Rui", "Rita"]
    assert listed(db, team_of=world["sam"]) == ["Rita"]
    assert listed(db, team_of=world["xena"]) == ["Xavier"]
    # Xena takes one of Mara's team's escalations up: it is in both teams' views
    with db.session() as s:
        other = raise_one(
            db,
            people.rm,
            world["finance"],
            world["sap"],
            world["boss"],
            text="X2",
            at=OPENED + dt.timedelta(hours=1),
        )
        s.get(Escalation, other).rm_manager_id = world["xena"]
    assert listed(db, team_of=world["xena"]) == ["Xavier", "X2"]
    assert listed(db, team_of=people.manager) == ["Rui", "Rita", "X2"]


def test_a_loop_in_who_reports_to_whom_ends_the_walk(db, people) -> None:
    with db.session() as s:
        s.get(staff.Staff, people.manager).reports_to_id = people.rm  # bad data from an import
    with db.read_session() as s:
        assert team(s, people.manager) == {people.rm}


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, AgeBand.UNDER_7),
        (6, AgeBand.UNDER_7),
        (7, AgeBand.FROM_7_TO_30),
        (30, AgeBand.FROM_7_TO_30),
        (31, AgeBand.OVER_30),
        (400, AgeBand.OVER_30),
    ],
)
def test_age_bands(db, people, world, days, band) -> None:
    on = DAY + dt.timedelta(days=days)
    assert listed(db, on=on, age=band) == ["Rui", "Rita", "Xavier"]
    others = [b for b in AgeBand if b not in (band, AgeBand.PAST_DUE)]
    assert all(listed(db, on=on, age=b) == [] for b in others)


def test_past_due_and_closed_ones_stop_ageing(db, people, world) -> None:
    due = DAY + dt.timedelta(days=escalations.DEFAULT_DAYS_TO_RESOLVE)
    assert listed(db, on=due, age=AgeBand.PAST_DUE) == []
    with db.session() as s:
        escalations.resolve(
            s,
            world["rui_esc"],
            by=people.manager,
            resolution="Done",
            at=OPENED + dt.timedelta(days=3),
        )
    later = due + dt.timedelta(days=1)
    assert listed(db, on=later, age=AgeBand.PAST_DUE) == ["Rita", "Xavier"]
    assert listed(db, on=later, age=AgeBand.UNDER_7) == ["Rui"]  # closed after 3 days
    with db.read_session() as s:
        [rui] = escalation_list(s, EscalationFilter(rm_id=people.rm), on=later).rows
    assert (rui.age_days, rui.past_due) == (3, False)


def test_detail_has_the_events_and_the_negotiation_history(db, people, world) -> None:
    with db.session() as s:
        escalations.discuss(s, world["rui_esc"], by=people.manager, text="Met <Bea> & co")
    with db.read_session() as s:
        d = escalation_detail(s, world["rui_esc"], on=DAY)
    assert d.row.summary == "Rui" and d.is_open and d.expectation.statement == "Rui"
    assert [(e.kind, e.author, e.text) for e in d.events] == [
        (EscalationEventKind.OPENED, "Rui Relman", "Rui"),
        (EscalationEventKind.DISCUSSED, "Mara Manager", "Met <Bea> & co"),
    ]
    history = d.expectation.events
    assert [h.kind for h in history] == [
        EventKind.STATED,
        EventKind.VALIDATED,
        EventKind.PROPOSED,
        EventKind.DISAGREED,
        EventKind.ESCALATED,
    ]
    assert history[2].proposed_target == 100 and history[2].party is Party.CUSTOMER
    assert d.expectation.status is ExpectationStatus.ESCALATED
    assert d.expectation.open_escalation_id == world["rui_esc"]


# -- two writers --------------------------------------------------------------------------


def version(db, esc_id) -> int:
    with db.read_session() as s:
        return s.get(Escalation, esc_id).version


def test_every_step_is_a_new_version(db, people, world) -> None:
    esc = world["rui_esc"]
    for n, text in enumerate(["First call", "Second call"], start=2):
        with db.session() as s:
            escalations.discuss(
                s, esc, by=people.manager, text=text, expected_version=version(db, esc)
            )
        assert version(db, esc) == n  # the second note changes no status, still a version


@pytest.mark.parametrize("second", ["discuss", "resolve", "withdraw"])
def test_a_step_on_an_older_reading_is_refused_with_what_changed(db, people, world, second) -> None:
    esc = world["rui_esc"]
    read_at = version(db, esc)  # both windows show version 1
    with db.session() as s:
        escalations.discuss(
            s, esc, by=world["sam"], text="Bea agreed to 99.5% <maybe>", expected_version=read_at
        )
    steps = {
        "discuss": lambda s: escalations.discuss(
            s, esc, by=people.manager, text="Mine", expected_version=read_at
        ),
        "resolve": lambda s: escalations.resolve(
            s, esc, by=people.manager, resolution="Mine", terms=TERMS, expected_version=read_at
        ),
        "withdraw": lambda s: escalations.withdraw_escalation(
            s, esc, by=people.manager, reason="Mine", expected_version=read_at
        ),
    }
    with pytest.raises(ConflictError) as err, db.session() as s:
        steps[second](s)
    message = err.value.message
    assert message.startswith("Someone else changed this escalation since you opened it")
    assert "it is now in discussion" in message
    assert "Sam Sub noted a discussion on" in message and "“Bea agreed to 99.5% <maybe>”" in message
    assert "Nothing of yours was saved" in message
    with db.read_session() as s:
        d = escalation_detail(s, esc)
        exp = s.get(Expectation, d.expectation.id)
    assert [e.text for e in d.events] == ["Rui", "Bea agreed to 99.5% <maybe>"]
    assert (d.row.status, d.row.version, exp.status) == (
        E.IN_DISCUSSION,
        2,
        ExpectationStatus.ESCALATED,
    )
    # read again, the step goes through
    with db.session() as s:
        escalations.discuss(s, esc, by=people.manager, text="Mine", expected_version=2)
    assert version(db, esc) == 3


def test_a_closed_escalation_refuses_every_step_by_name(db, people, world) -> None:
    esc = world["rui_esc"]
    with db.session() as s:
        escalations.withdraw_escalation(s, esc, by=people.manager, reason="Dropped")
    v = version(db, esc)
    for step, word in (
        (
            lambda s: escalations.discuss(s, esc, by=people.manager, text="x", expected_version=v),
            "discussed",
        ),
        (
            lambda s: escalations.resolve(
                s, esc, by=people.manager, resolution="x", expected_version=v
            ),
            "resolved",
        ),
        (
            lambda s: escalations.withdraw_escalation(
                s, esc, by=people.manager, reason="x", expected_version=v
            ),
            "withdrawn",
        ),
    ):
        with pytest.raises(RuleError) as err, db.session() as s:
            step(s)
        assert f"already withdrawn, so it cannot be {word} any more" in err.value.message
    assert version(db, esc) == v
