"""The expectations page with real widgets on a fresh database file: the life-cycle from
stated to agreed through a negotiation and its undo, every step refused where the method
forbids it, the terms form refusing beside the field, a miss without an explanation
flagged, and a step based on an older reading refused with what changed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from relman.models import (
    Dependence,
    EventKind,
    Expectation,
    ExpectationStatus,
    Party,
)
from relman.storage import Database
from relman.ui.dialogs.form import FormDialog
from relman.ui.expectations import steps
from relman.ui.expectations.detail import MEASUREMENTS
from relman.ui.expectations.list_model import OVERDUE, REVIEW, ExpectationTableModel
from relman.ui.expectations.measurements import UNEXPLAINED
from relman.ui.expectations.misses import MissesDialog
from relman.ui.expectations.steps import AgreeDialog
from relman.ui.pages.expectations import ExpectationsPage
from relman.workflows import contacts, measurements, portfolio, services
from relman.workflows import expectations as ex
from relman.workflows.expectation_steps import STEPS, refusal, take_step
from relman.workflows.expectation_views import ExpectationRow, expectation_detail
from tests.ui.conftest import idle

S = ExpectationStatus
STATEMENT = "The CRM is up <b>all</b> day & night — مرحبا 🚀"


@pytest.fixture
def exp_id(db: Database, people) -> uuid.UUID:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        service = services.create_service(s, "CRM")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        carla = contacts.create_contact(s, "Carla", unit_id=unit.id, manager_id=boss.id)
        return ex.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            statement=STATEMENT,
            by=people.rm,
            contact_id=carla.id,
        ).id


def status(db: Database, exp_id: uuid.UUID) -> ExpectationStatus:
    with db.read_session() as s:
        return s.get(Expectation, exp_id).status


def opened(qtbot: QtBot, db: Database, make_window: Any, exp_id: uuid.UUID) -> Any:
    window = make_window(db)
    window.open_record("expectation", exp_id)
    page = window.pages["expectations"]
    qtbot.waitUntil(lambda: page.panel.detail is not None and page.panel.detail.id == exp_id)
    idle(qtbot, window)
    return window, page


def dialog(qtbot: QtBot, kind: type[QDialog]) -> Any:
    found: list[Any] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[-1]


def save(qtbot: QtBot, form: QDialog) -> None:
    button = form.buttons.button(QDialogButtonBox.StandardButton.Save)  # type: ignore[attr-defined]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_step(qtbot: QtBot, page: Any, step: str) -> None:
    button = page.panel.buttons[step]
    assert button.isVisible(), f"{step} is offered"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_steps(page: Any) -> list[str]:
    return [s for s, b in page.panel.buttons.items() if b.isVisible()]


def wait_status(qtbot: QtBot, window: Any, page: Any, wanted: ExpectationStatus) -> None:
    qtbot.waitUntil(lambda: page.panel.detail is not None and page.panel.detail.status is wanted)
    idle(qtbot, window)


def test_from_stated_to_agreed_through_a_negotiation_and_back_by_undo(
    qtbot: QtBot, db: Database, people, make_window, exp_id
) -> None:
    window, page = opened(qtbot, db, make_window, exp_id)
    assert window.ctx.me == people.rm
    assert "&lt;b&gt;all&lt;/b&gt;" in page.panel.header.text(), "user text is escaped"
    assert shown_steps(page) == ["validate", "withdraw", "reword"]

    click_step(qtbot, page, "validate")
    form = dialog(qtbot, FormDialog)
    qtbot.keyClicks(form.editors["text"], "They use it all day")
    save(qtbot, form)
    wait_status(qtbot, window, page, S.VALIDATED)
    assert shown_steps(page) == ["propose", "agree", "withdraw", "reword"]

    click_step(qtbot, page, "propose")
    form = dialog(qtbot, FormDialog)
    qtbot.keyClicks(form.editors["target"], "99")
    save(qtbot, form)  # the words are missing: refused beside the field, nothing saved
    qtbot.waitUntil(lambda: form.errors["text"].isVisible())
    assert status(db, exp_id) is S.VALIDATED
    qtbot.keyClicks(form.editors["text"], "99 % is what the platform gives")
    save(qtbot, form)
    wait_status(qtbot, window, page, S.NEGOTIATING)
    assert shown_steps(page) == [
        "counter_propose",
        "agree",
        "disagree",
        "withdraw",
        "reword",
    ]

    click_step(qtbot, page, "counter_propose")
    form = dialog(qtbot, FormDialog)
    form.editors["party"].setCurrentIndex(1)  # the customer
    form.editors["target"].setText("99.9")
    qtbot.keyClicks(form.editors["text"], "Shops open at night")
    save(qtbot, form)
    qtbot.waitUntil(lambda: page.panel.detail.events[-1].kind is EventKind.COUNTER_PROPOSED)
    idle(qtbot, window)
    assert page.panel.detail.events[-1].party is Party.CUSTOMER
    assert "recorded the customer's counter-proposal of 99.9" in page.panel.timeline.toPlainText()

    click_step(qtbot, page, "agree")
    agree = dialog(qtbot, AgreeDialog)
    terms = agree.terms_form
    assert terms.target.text() == "99.9", "the agreement starts from the last proposal"
    terms.target.setText("101")
    save(qtbot, agree)  # no type, no frequency, an impossible percentage
    assert terms.errors["measurement_type"].isVisible() and terms.errors["frequency"].isVisible()
    terms.measurement_type.setCurrentIndex(1)  # availability: the unit becomes "%"
    terms.frequency.setCurrentIndex(2)  # monthly
    save(qtbot, agree)
    assert "from 0 to 100" in terms.errors["target"].text()
    assert status(db, exp_id) is S.NEGOTIATING
    terms.target.setText("99.5")
    save(qtbot, agree)
    wait_status(qtbot, window, page, S.AGREED)
    assert page.panel.detail.terms == "99.5 %"
    assert shown_steps(page) == ["propose", "withdraw", "reword"]

    window.ctx.undo.undo()  # the agreement
    wait_status(qtbot, window, page, S.NEGOTIATING)
    assert status(db, exp_id) is S.NEGOTIATING
    window.ctx.undo.redo()
    wait_status(qtbot, window, page, S.AGREED)
    assert [e.kind for e in page.panel.detail.events][-1] is EventKind.AGREED


def test_rewording_the_statement_keeps_the_old_wording_and_undo_puts_it_back(
    qtbot: QtBot, db: Database, people, make_window, exp_id
) -> None:
    bring_to(db, people, exp_id, S.AGREED)
    window, page = opened(qtbot, db, make_window, exp_id)
    click_step(qtbot, page, "reword")
    form = dialog(qtbot, FormDialog)
    assert form.editors["statement"].toPlainText() == STATEMENT, "starts from today's wording"
    form.editors["statement"].setPlainText("The CRM is up from 6 to 22 on weekdays")
    save(qtbot, form)
    qtbot.waitUntil(lambda: page.panel.detail.statement.startswith("The CRM is up from 6"))
    idle(qtbot, window)
    assert page.panel.detail.status is S.AGREED, "rewording leaves the state alone"
    assert page.panel.detail.events[-1].kind is EventKind.REWORDED
    assert "reworded the statement" in page.panel.timeline.toPlainText()

    window.ctx.undo.undo()
    qtbot.waitUntil(lambda: page.panel.detail.statement == STATEMENT)
    idle(qtbot, window)
    assert EventKind.REWORDED not in [e.kind for e in page.panel.detail.events]
    window.ctx.undo.redo()
    qtbot.waitUntil(lambda: page.panel.detail.statement.startswith("The CRM is up from 6"))


STATES = {
    S.STATED: [],
    S.VALIDATED: ["validate"],
    S.NEGOTIATING: ["validate", ("propose", dict(party=Party.IT, target=99, text="99 %"))],
    S.AGREED: [
        "validate",
        ("agree", dict(terms=ex.Terms(99.5, "availability", "monthly", "%"))),
    ],
    S.DISAGREED: [
        "validate",
        ("propose", dict(party=Party.IT, target=99, text="99 %")),
        ("disagree", dict(text="They want 100 %")),
    ],
    S.ESCALATED: [
        "validate",
        ("propose", dict(party=Party.IT, target=99, text="99 %")),
        ("disagree", dict(text="They want 100 %")),
        ("escalate", dict(summary="100 % against 99 %")),
    ],
    S.WITHDRAWN: [("withdraw", dict(text="No longer needed"))],
}


def bring_to(db: Database, people, exp_id: uuid.UUID, wanted: ExpectationStatus) -> None:
    for step in STATES[wanted]:
        name, given = (step, {}) if isinstance(step, str) else step
        with db.session() as s:
            version = s.get(Expectation, exp_id).version
            take_step(s, exp_id, name, expected_version=version, by=people.rm, **given)


@pytest.mark.parametrize("state", list(STATES))
def test_every_step_the_method_forbids_is_not_offered_and_refused_with_its_message(
    qtbot: QtBot, db: Database, people, make_window, exp_id, warnings, state
) -> None:
    bring_to(db, people, exp_id, state)
    window, page = opened(qtbot, db, make_window, exp_id)
    allowed = steps.allowed_steps(state)
    assert shown_steps(page) == allowed
    forbidden = [step for step in STEPS if refusal(step, state)]
    assert not set(forbidden) & set(allowed)
    for step in forbidden:
        warnings.clear()
        steps.run_step(window.ctx, page, step, exp_id, page.panel.detail.version)
        qtbot.waitUntil(lambda: bool(warnings))
        assert f"This expectation is {state.value}" in warnings[0]
    assert status(db, exp_id) is state


def test_a_miss_without_an_explanation_is_flagged_and_listed(
    qtbot: QtBot, db: Database, people, make_window, exp_id, warnings
) -> None:
    bring_to(db, people, exp_id, S.AGREED)
    window, page = opened(qtbot, db, make_window, exp_id)
    grid = page.panel.grid
    assert page.panel.tabs.currentIndex() == MEASUREMENTS
    qtbot.waitUntil(lambda: grid.grid is not None and grid.table.rowCount() >= 1)
    period = f"{dt.date.today():%Y-%m}"
    assert grid.table.item(0, 0).text() == period
    item = grid.table.item(0, 1)
    item.setText("97.2")  # as typed in the cell
    explain = dialog(qtbot, FormDialog)
    assert "Explain the miss" in explain.windowTitle()
    explain.reject()  # explained later
    qtbot.waitUntil(lambda: grid.table.item(0, 3).text() == UNEXPLAINED)
    assert "1 missed without an explanation" in grid.label.text()

    page.misses_button.click()
    misses = dialog(qtbot, MissesDialog)
    qtbot.waitUntil(lambda: misses.model.rowCount() == 1)
    misses.table.doubleClicked.emit(misses.model.index(0, 0))
    qtbot.waitUntil(lambda: not misses.isVisible())

    grid.explain(grid.grid.rows[0])
    explain = dialog(qtbot, FormDialog)
    qtbot.keyClicks(explain.editors["miss_cause"], "tbd")
    qtbot.keyClicks(explain.editors["miss_resolution"], "A disk was replaced")
    qtbot.keyClicks(explain.editors["miss_prevention"], "Disks are now monitored")
    save(qtbot, explain)
    qtbot.waitUntil(lambda: explain.errors["miss_cause"].isVisible())
    explain.editors["miss_cause"].setPlainText("A disk failed in the database server")
    save(qtbot, explain)
    qtbot.waitUntil(lambda: grid.table.item(0, 3).text() == "missed — explained")
    with db.read_session() as s:
        assert measurements.unexplained_misses(s) == []
    idle(qtbot, window)


def test_a_step_on_an_older_reading_is_refused_with_what_changed(
    qtbot: QtBot, db: Database, people, make_window, exp_id
) -> None:
    bring_to(db, people, exp_id, S.VALIDATED)
    window, page = opened(qtbot, db, make_window, exp_id)
    click_step(qtbot, page, "propose")
    form = dialog(qtbot, FormDialog)
    # meanwhile, another window (or another laptop) records the customer's proposal
    with db.session() as s:
        version = s.get(Expectation, exp_id).version
        text = "The customer asks for 100 %"
        take_step(
            s,
            exp_id,
            "propose",
            expected_version=version,
            by=people.manager,
            party=Party.CUSTOMER,
            target=100,
            text=text,
        )
    form.editors["target"].setText("99")
    qtbot.keyClicks(form.editors["text"], "We offer 99 %")
    save(qtbot, form)
    qtbot.waitUntil(lambda: "Someone else changed this expectation" in form.message.text())
    message = form.message.text()
    assert "Mara Manager" in message and "proposed" in message and "100 %" in message
    assert form.isVisible() and form.editors["text"].toPlainText() == "We offer 99 %"
    with db.read_session() as s:
        kinds = [e.kind for e in expectation_detail(s, exp_id).events]
    assert kinds.count(EventKind.PROPOSED) == 1, "nothing saved over the other change"
    assert window.ctx.undo.count() == 0
    form.reject()
    idle(qtbot, window)


def test_escalating_says_which_manager_is_unknown_and_lets_the_user_choose(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Design", rms=[people.rm])
        service = services.create_service(s, "Pattern CAD")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        dan = contacts.create_contact(s, "Dan Designer", unit_id=unit.id)  # no manager
        contacts.create_contact(s, "Hana Head", unit_id=unit.id)
        exp_id = ex.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            statement="No queue for a licence",
            by=people.rm,
            contact_id=dan.id,
        ).id
    bring_to(db, people, exp_id, S.DISAGREED)
    window, page = opened(qtbot, db, make_window, exp_id)
    assert shown_steps(page) == ["propose", "escalate", "withdraw", "reword"]
    click_step(qtbot, page, "escalate")
    form = dialog(qtbot, FormDialog)
    assert form.value("rm_manager") == people.manager, "the RM's manager, from staff"
    assert form.value("customer_manager") is None
    hints = [label.text() for label in form.findChildren(type(form.message))]
    assert any("The manager of Dan Designer is not recorded" in h for h in hints)
    save(qtbot, form)
    qtbot.waitUntil(lambda: form.errors["customer_manager"].isVisible())
    assert "customer's manager is missing" in form.errors["customer_manager"].text()
    combo = form.editors["customer_manager"]
    combo.setCurrentIndex(combo.findText("Hana Head"))
    save(qtbot, form)
    wait_status(qtbot, window, page, S.ESCALATED)
    assert page.panel.detail.open_escalation_id is not None
    assert shown_steps(page) == ["reword"], "only the wording moves while the managers decide"
    window.ctx.undo.undo()  # still open: the escalation can be taken back
    wait_status(qtbot, window, page, S.DISAGREED)


def test_an_expectation_shows_its_whole_statement_once(
    qtbot: QtBot, db: Database, people, make_window, exp_id
) -> None:
    _window, page = opened(qtbot, db, make_window, exp_id)
    header = page.panel.header.text()
    assert header.count("The CRM is up &lt;b&gt;all&lt;/b&gt; day &amp; night") == 1
    assert page.panel.timeline.toPlainText().count("The CRM is up <b>all</b> day") == 1


def test_the_list_model_is_a_sound_qt_model(
    qtbot: QtBot, qtmodeltester: Any, db: Database, people, make_window, exp_id
) -> None:
    _window, page = opened(qtbot, db, make_window, exp_id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtmodeltester.check(page.model)
    page.model.sort(2, Qt.SortOrder.DescendingOrder)
    assert page.model.row_at(0).id == exp_id


def test_the_list_filters_by_unit_status_mine_and_review(
    qtbot: QtBot, db: Database, people, make_window, exp_id
) -> None:
    with db.session() as s:
        other = portfolio.create_unit(s, "Finance", rms=[people.manager])
        ledger = services.create_service(s, "Ledger")
        portfolio.set_dependency(s, other.id, ledger.id, Dependence.HIGH)
        theirs = ex.state_expectation(
            s, unit_id=other.id, service_id=ledger.id, statement="Close in a day", by=people.manager
        ).id
    window, page = opened(qtbot, db, make_window, exp_id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.choices is not None)
    assert [page.unit.itemText(0), page.status.itemText(0)] == ["All units", "All statuses"]
    assert page.set_filter_to(page.unit, other.id)
    qtbot.waitUntil(lambda: [r.id for r in page.model.rows] == [theirs])
    page.unit.setCurrentIndex(0)
    page.mine.setChecked(True)
    qtbot.waitUntil(lambda: [r.id for r in page.model.rows] == [exp_id])
    page.mine.setChecked(False)
    page.status.setCurrentIndex(page.status.findData(S.VALIDATED))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    page.status.setCurrentIndex(0)
    page.due.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    page.due.setChecked(False)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtbot.keyClicks(page.filter, "ledger")
    assert [r.id for r in page.model.rows] == [theirs]
    idle(qtbot, window)


def test_a_review_date_past_is_red_and_says_overdue(qtbot: QtBot) -> None:
    past = dt.date.today() - dt.timedelta(days=200)
    row = ExpectationRow(uuid.uuid4(), 1, "Sales", "CRM", "", "Up", S.AGREED, 9, "", past, "Rui")
    model = ExpectationTableModel(ExpectationsPage.columns)
    model.set_rows([row])
    review = model.index(0, [c.title for c in model.columns].index(REVIEW))
    assert review.data() == f"{past:%Y-%m-%d}" and "overdue" in review.data(Qt.ToolTipRole)
    assert review.data(Qt.ForegroundRole) == OVERDUE
