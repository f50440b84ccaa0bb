"""The escalations page with real widgets on a fresh database file: an escalation worked
from disagreed to resolved with an agreed target, steps refused where the method forbids
them, a step refused because someone else changed the escalation, and the filters."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from relman.models import (
    Escalation,
    EscalationStatus,
    Expectation,
    ExpectationStatus,
    Frequency,
    MeasurementType,
    StaffRole,
)
from relman.storage import Database
from relman.ui import identity
from relman.ui.dialogs.form import FormDialog
from relman.ui.escalations.resolve import ResolveDialog
from relman.ui.pages.escalations import EscalationsPage
from relman.ui.settings import Settings
from relman.workflows import contacts, escalations, portfolio, services, staff
from tests.ui.conftest import idle
from tests.workflows.test_escalation_queries import raise_one

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(autouse=True)
def opens_on_escalations(settings_file) -> None:
    """The window opens on the escalations page, as a manager who left it there would."""
    settings = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    settings.last_page = "escalations"
    settings.sync()


@pytest.fixture
def place(db: Database, people) -> dict[str, uuid.UUID]:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance", rms=[people.rm])
        sap = services.create_service(s, "SAP Financials")
        portfolio.set_dependency(s, unit.id, sap.id, "critical")
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        return {"unit": unit.id, "sap": sap.id, "boss": boss.id}


def escalate(db: Database, people, place, text: str, days_ago: int = 1) -> uuid.UUID:
    at = NOW - dt.timedelta(days=days_ago)
    return raise_one(db, people.rm, place["unit"], place["sap"], place["boss"], at=at, text=text)


def open_page(qtbot: QtBot, window, me: uuid.UUID) -> EscalationsPage:
    identity.remember(window.ctx, me)
    page = window.show_page("escalations")
    assert isinstance(page, EscalationsPage)
    idle(qtbot, window)
    return page


def choose(qtbot: QtBot, page: EscalationsPage, summary: str) -> None:
    qtbot.waitUntil(lambda: page.model.find(lambda r: r.summary == summary) >= 0)
    page.table.selectRow(page.model.find(lambda r: r.summary == summary))
    qtbot.waitUntil(lambda: page.current is not None and page.current.row.summary == summary)


def editor(form: QDialog, field: str) -> QWidget:
    if isinstance(form, FormDialog):
        return form.editors[field]
    assert isinstance(form, ResolveDialog)
    return form.resolution if field == "resolution" else form.terms_form.editor(field)


def error(form: QDialog, field: str) -> QLabel:
    if isinstance(form, FormDialog):
        return form.errors[field]
    assert isinstance(form, ResolveDialog)
    return form.resolution_error if field == "resolution" else form.terms_form.errors[field]


def fill(qtbot: QtBot, form: QDialog, field: str, text: str) -> None:
    editor_ = editor(form, field)
    assert isinstance(editor_, QPlainTextEdit | QLineEdit)
    editor_.clear()
    qtbot.keyClicks(editor_, text)


def choose_item(form: QDialog, field: str, data: object) -> None:
    combo = editor(form, field)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == data))


def save(qtbot: QtBot, form: QDialog) -> None:
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def stored(db: Database, esc_id: uuid.UUID) -> tuple[Escalation, Expectation]:
    with db.read_session() as s:
        esc = s.get(Escalation, esc_id)
        return esc, s.get(Expectation, esc.expectation_id)


def test_from_disagreed_to_resolved_with_an_agreed_target(
    qtbot: QtBot, db: Database, people, place, make_window
) -> None:
    esc_id = escalate(db, people, place, "100% vs 99%")
    window = make_window(db)
    page = open_page(qtbot, window, people.manager)
    choose(qtbot, page, "100% vs 99%")
    assert "Negotiation history" in page.panel.browser.toPlainText()
    assert "agreed to disagree" in page.panel.browser.toPlainText()

    page.panel.note_button.click()
    note = page.form
    assert note is not None
    fill(qtbot, note, "text", "Met <Bea> & her CFO")
    note.editors["text"].insertPlainText(" 🙂")  # type: ignore[attr-defined]  (not typeable)
    save(qtbot, note)
    qtbot.waitUntil(lambda: not note.isVisible())
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "Met <Bea> & her CFO 🙂" in page.panel.browser.toPlainText())
    assert stored(db, esc_id)[0].status is EscalationStatus.IN_DISCUSSION

    page.panel.resolve_button.click()
    form = page.form
    assert form is not None and form is not note
    assert isinstance(form, ResolveDialog)
    fill(qtbot, form, "resolution", "99.5% in office hours")
    form.agreed.setChecked(True)
    assert form.terms_form.target.text() == "100", "it starts from the last proposal"
    fill(qtbot, form, "target", "")
    save(qtbot, form)
    assert error(form, "target").isVisible()
    assert error(form, "target").text() == "Give the target agreed, e.g. 99.5."
    assert error(form, "measurement_type").text() == "Choose how it is measured."
    fill(qtbot, form, "target", "150")
    choose_item(form, "measurement_type", MeasurementType.AVAILABILITY)
    choose_item(form, "frequency", Frequency.MONTHLY)
    save(qtbot, form)
    assert "from 0 to 100, not 150" in error(form, "target").text()
    idle(qtbot, window)
    assert form.isVisible() and stored(db, esc_id)[0].status is EscalationStatus.IN_DISCUSSION
    fill(qtbot, form, "target", "99.5")
    save(qtbot, form)
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    esc, exp = stored(db, esc_id)
    assert (esc.status, esc.resolution) == (EscalationStatus.RESOLVED, "99.5% in office hours")
    assert (exp.status, exp.target, exp.target_unit, exp.frequency) == (
        ExpectationStatus.AGREED,
        99.5,
        "%",
        Frequency.MONTHLY,
    )
    qtbot.waitUntil(lambda: page.current is not None and page.current.row.version == esc.version)
    assert "agreed · target 99.5 %" in page.panel.browser.toPlainText()


@pytest.mark.parametrize("how", ["resolve", "withdraw"])
def test_a_closed_escalation_offers_no_step_and_says_why(
    qtbot: QtBot, db: Database, people, place, make_window, how
) -> None:
    escalate(db, people, place, "Closing")
    window = make_window(db)
    page = open_page(qtbot, window, people.manager)
    choose(qtbot, page, "Closing")
    button = page.panel.resolve_button if how == "resolve" else page.panel.withdraw_button
    button.click()
    form = page.form
    assert form is not None
    save(qtbot, form)  # nothing typed: refused beside the field
    field = "resolution" if how == "resolve" else "reason"
    qtbot.waitUntil(lambda: error(form, field).isVisible())
    assert "cannot be empty" in error(form, field).text()
    fill(qtbot, form, field, "The customer dropped it")
    save(qtbot, form)
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    closed = "resolved" if how == "resolve" else "withdrawn"
    qtbot.waitUntil(lambda: page.current is not None and page.current.row.status.value == closed)
    for step in page.panel.buttons:
        assert not step.isEnabled()
        assert step.toolTip().startswith(f"This escalation is {closed}: a closed escalation")
    page.panel.note_button.click()  # a click that still reached it opens nothing
    assert page.form is form


def test_a_step_on_an_escalation_someone_else_changed_is_refused(
    qtbot: QtBot, db: Database, people, place, make_window
) -> None:
    esc_id = escalate(db, people, place, "Contested")
    window = make_window(db)
    page = open_page(qtbot, window, people.manager)
    choose(qtbot, page, "Contested")
    page.panel.resolve_button.click()
    form = page.form
    assert form is not None
    with db.session() as s:  # another laptop on the team server, meanwhile
        escalations.withdraw_escalation(
            s, esc_id, by=people.rm, reason="Customer gave up", expected_version=1
        )
    fill(qtbot, form, "resolution", "We agree on 99%")
    save(qtbot, form)
    qtbot.waitUntil(lambda: form.message.isVisible())
    message = form.message.text()
    assert message.startswith("Someone else changed this escalation since you opened it")
    assert "it is now withdrawn" in message and "Rui Relman withdrew it on" in message
    assert "“Customer gave up”" in message
    assert isinstance(form, ResolveDialog)
    assert form.isVisible() and form.resolution.toPlainText() == "We agree on 99%"
    idle(qtbot, window)
    esc, exp = stored(db, esc_id)
    assert (esc.status, esc.resolution) == (EscalationStatus.WITHDRAWN, "Customer gave up")
    assert exp.status is ExpectationStatus.DISAGREED
    # the detail behind the form was read again: it shows the escalation as it is now
    qtbot.waitUntil(lambda: page.current is not None and page.current.row.version == esc.version)
    assert not page.panel.resolve_button.isEnabled()
    form.reject()


def listed(qtbot: QtBot, window, page: EscalationsPage) -> list[str]:
    idle(qtbot, window)
    return sorted(r.summary for r in page.model.rows)


def test_filters_by_age_status_and_team(
    qtbot: QtBot, db: Database, people, place, make_window
) -> None:
    fresh = escalate(db, people, place, "fresh", days_ago=2)
    escalate(db, people, place, "weeks", days_ago=10)
    escalate(db, people, place, "months", days_ago=45)
    with db.session() as s:
        escalations.resolve(s, fresh, by=people.manager, resolution="Done")
        other = staff.add_staff(s, "Xena Other", role=StaffRole.MANAGER).id
    window = make_window(db)
    page = open_page(qtbot, window, people.manager)
    assert listed(qtbot, window, page) == ["fresh", "months", "weeks"]
    assert page.count.text() == "3 of 3 escalations"
    ages = {page.age.itemText(i): i for i in range(page.age.count())}
    page.age.setCurrentIndex(ages["Under 7 days"])
    assert listed(qtbot, window, page) == ["fresh"]
    page.age.setCurrentIndex(ages["7–30 days"])
    assert listed(qtbot, window, page) == ["weeks"]
    page.age.setCurrentIndex(ages["Over 30 days"])
    assert listed(qtbot, window, page) == ["months"]
    page.age.setCurrentIndex(ages["Past due"])  # due after 14 days, still open
    assert listed(qtbot, window, page) == ["months"]
    assert page.count.text() == "1 of 3 escalations"
    page.age.setCurrentIndex(0)
    page.status.setCurrentIndex(1)  # open or in discussion
    assert listed(qtbot, window, page) == ["months", "weeks"]
    page.team.setChecked(True)  # Rui reports to Mara
    assert listed(qtbot, window, page) == ["months", "weeks"]
    identity.remember(window.ctx, other)  # Xena's team has none
    assert listed(qtbot, window, page) == []


def test_an_escalation_opened_from_elsewhere_shows_through_the_filters(
    qtbot: QtBot, db: Database, people, place, make_window
) -> None:
    escalate(db, people, place, "old", days_ago=45)
    recent = escalate(db, people, place, "recent", days_ago=1)
    window = make_window(db)
    page = open_page(qtbot, window, people.manager)
    page.age.setCurrentIndex(page.age.findText("Over 30 days"))
    assert listed(qtbot, window, page) == ["old"]
    window.open_record("escalation", recent)  # from search or the dashboard
    qtbot.waitUntil(lambda: page.current is not None and page.current.row.id == recent)
    assert page.age.currentIndex() == 0 and listed(qtbot, window, page) == ["old", "recent"]


def test_print_summary_asks_for_the_managers_summary_as_filtered(
    qtbot: QtBot, db: Database, people, place, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    import relman.ui.reports

    asked: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        relman.ui.reports, "show_report", lambda _ctx, _parent, kind, **p: asked.append((kind, p))
    )
    escalate(db, people, place, "one")
    window = make_window(db)
    page = open_page(qtbot, window, people.manager)
    listed(qtbot, window, page)
    page.manager.setCurrentIndex(page.manager.findText("Mara Manager"))
    page.status.setCurrentIndex(1)  # open or in discussion
    idle(qtbot, window)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    page.status.setCurrentIndex(0)  # any status
    page.manager.setCurrentIndex(0)
    page.print_summary()
    assert asked == [
        ("escalations", {"manager": people.manager, "include_closed": False}),
        ("escalations", {"manager": None, "include_closed": True}),
    ]


def test_print_summary_builds_the_pdf_for_the_preview(
    qtbot: QtBot, db: Database, people, place, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relman.ui.reports.preview import PreviewDialog

    previewed: list[bytes] = []
    monkeypatch.setattr(
        PreviewDialog,
        "open_for",
        classmethod(lambda _cls, _parent, path, *_a: previewed.append(path.read_bytes())),
    )
    escalate(db, people, place, "Printed <b>&</b>")
    window = make_window(db)
    page = open_page(qtbot, window, people.manager)
    listed(qtbot, window, page)
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(previewed), timeout=20_000)
    assert previewed[0].startswith(b"%PDF")
