"""The window: pages, forms, undo, assessment, search, dashboard, remembered state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from relman.models import MeetingKind
from relman.storage import Database
from relman.ui.dialogs.form import FormDialog
from relman.ui.pages.contacts import ContactsPage
from relman.ui.pages.dashboard import DashboardPage
from relman.ui.pages.units import UnitsPage
from relman.workflows import assessments, contacts, dashboard, meetings, portfolio, services
from tests.ui.conftest import idle


def unit_names(db: Database) -> list[str]:
    with db.read_session() as s:
        return [u.name for u in dashboard.units(s)]


def fill_and_save(qtbot: QtBot, form: FormDialog, **texts: str) -> None:
    for name, text in texts.items():
        editor = form.editors[name]
        assert isinstance(editor, QLineEdit)
        editor.clear()
        qtbot.keyClicks(editor, text)
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def open_new_unit_form(qtbot: QtBot, page: UnitsPage) -> FormDialog:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None and page.form.isVisible())
    return page.form


def test_create_a_unit_through_its_form(qtbot: QtBot, db: Database, people, make_window) -> None:
    window = make_window(db)
    page = window.show_page("units")
    assert isinstance(page, UnitsPage)
    form = open_new_unit_form(qtbot, page)
    fill_and_save(qtbot, form, name="Sales & Marketing <EU>", division="Commercial")
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    assert unit_names(db) == ["Sales & Marketing <EU>"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.selected is not None and page.selected.name == "Sales & Marketing <EU>"


def test_bad_input_keeps_the_form_open_marks_the_field_and_saves_nothing(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Finance")
    window = make_window(db)
    page = window.show_page("units")
    form = open_new_unit_form(qtbot, page)
    assert not form.is_marked("name"), "no error before anything was typed"
    fill_and_save(qtbot, form, name="  finance ")
    qtbot.waitUntil(lambda: form.is_marked("name"))
    assert form.isVisible()
    assert "already exists" in form.errors["name"].text()
    fill_and_save(qtbot, form, name="x" * 201)
    assert form.is_marked("name") and "At most 200" in form.errors["name"].text()
    idle(qtbot, window)
    assert unit_names(db) == ["Finance"]
    form.reject()


def test_undo_and_redo_restore_the_previous_state(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
    window = make_window(db)
    page = window.show_page("units")
    assert isinstance(page, UnitsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.edit_selected()
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None and page.form.isVisible())
    fill_and_save(qtbot, page.form, name="Retail Sales")
    idle(qtbot, window)
    assert unit_names(db) == ["Retail Sales"]
    assert window.actions.undo.text() == "&Undo rename of unit Sales"

    window.ctx.undo.undo()
    idle(qtbot, window)
    assert unit_names(db) == ["Sales"]
    window.ctx.undo.redo()
    idle(qtbot, window)
    assert unit_names(db) == ["Retail Sales"]


def test_a_unit_with_history_is_archived_not_deleted_and_undo_brings_it_back(
    qtbot: QtBot, db: Database, people, make_window, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    with db.session() as s:
        unit = portfolio.create_unit(s, "Design", rms=[people.rm])
        contacts.create_contact(s, "Zoë Müller", unit_id=unit.id)
        meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            unit_id=unit.id,
            held_at=dt.datetime.now(dt.UTC),
            by=people.rm,
            discussed="colours",
        )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = make_window(db)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.delete_selected()
    qtbot.waitUntil(lambda: unit_names(db) == [])
    idle(qtbot, window)
    with db.read_session() as s:  # archived, not deleted: its history still names it
        assert [r.name for r in dashboard.units(s, include_archived=True)] == ["Design"]
    assert window.actions.undo.text() == "&Undo archiving of unit Design"
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        rows = dashboard.units(s, rm_id=people.rm)
        assert [r.name for r in rows] == ["Design"]
        assert rows[0].last_review is not None
        assert [c.unit for c in contacts.contact_rows(s)] == ["Design"]


def test_an_assessment_flips_the_key_customer_status(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        ann = contacts.create_contact(s, "Ann Buyer").id
    window = make_window(db)
    page = window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.current is not None)
    assert "Not assessed yet" in page.info.toPlainText()
    for check in page.editor.checks[:4]:
        check.setChecked(True)
    assert page.editor.verdict.text().startswith("Key customer")
    qtbot.mouseClick(page.editor.save, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    with db.read_session() as s:
        assert contacts.contact_detail(s, ann).is_key
    qtbot.waitUntil(lambda: "Key customer" in page.info.toPlainText())
    assert page.model.row_at(0).is_key

    page.editor.unreasonable.setChecked(True)
    page.editor.unreasonable_note.setText("Wants every report by the hour")
    qtbot.mouseClick(page.editor.save, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    with db.read_session() as s:
        detail = contacts.contact_detail(s, ann)
    assert not detail.is_key and len(detail.assessments) == 2
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        detail = contacts.contact_detail(s, ann)
    assert detail.is_key and len(detail.assessments) == 1


def test_search_opens_the_record_found(qtbot: QtBot, db: Database, people, make_window) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Finance")
        target = contacts.create_contact(
            s, "Robert Liang", notes="sponsor of the ledger upgrade"
        ).id
    window = make_window(db)
    window.actions.find.trigger()
    dialog = window.search_dialog
    qtbot.keyClicks(dialog.box, "ledg")
    qtbot.waitUntil(lambda: len(dialog.hits) == 1)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    page = window.pages["contacts"]
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.selected is not None and page.selected.id == target)
    assert not dialog.isVisible()


def test_the_dashboard_lists_an_overdue_action_item(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            unit_id=unit.id,
            held_at=dt.datetime.now(dt.UTC),
            by=people.rm,
        )
        item = meetings.add_action_item(
            s,
            text="Send the outage report",
            meeting_id=meeting.id,
            owner_staff_id=people.rm,
            due_on=dt.date.today() - dt.timedelta(days=3),
        )
    window = make_window(db)
    page = window.show_page("dashboard")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: any(kind == "action_item" for kind, _i, _t in page.items()))
    assert ("action_item", item.id, "Send the outage report") in page.items()
    assert "Overdue action items in your units (1)" in [
        page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())
    ]


def test_window_state_is_remembered(
    qtbot: QtBot, db: Database, people, make_window, settings_file: Path
) -> None:
    window = make_window(db)
    window.resize(700, 500)
    window.show_page("services")
    window.close()
    assert settings_file.exists()
    db2_window = make_window(db)
    assert db2_window.stack.currentWidget() is db2_window.pages["services"]
    assert db2_window.size().width() == 700 and db2_window.size().height() == 500


def test_menus_and_shortcuts(qtbot: QtBot, db: Database, people, make_window) -> None:
    window = make_window(db)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    assert window.actions.find.shortcut().toString() == "Ctrl+K"
    assert window.actions.undo.shortcut().toString() == "Ctrl+Z"
    assert str(db.path) in window.status.text()
    assert window.windowTitle() == f"{db.path.name} — relman"


def test_editing_a_service_and_a_contact_can_be_undone(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        services.create_service(s, "Mail")
        contacts.create_contact(s, "Ann Buyer", email="ann@jeans.example")
    window = make_window(db)
    page = window.show_page("services")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.edit_selected()
    fill_and_save(qtbot, page.form, name="E-mail and calendar")
    idle(qtbot, window)
    assert window.actions.undo.text() == "&Undo rename of service Mail"

    people_page = window.show_page("contacts")
    qtbot.waitUntil(lambda: people_page.model.rowCount() == 1)
    people_page.table.selectRow(0)
    people_page.edit_selected()
    qtbot.waitUntil(
        lambda: getattr(people_page, "form", None) is not None and people_page.form.isVisible()
    )
    fill_and_save(qtbot, people_page.form, email="not an address")
    qtbot.waitUntil(lambda: people_page.form.is_marked("email"))
    fill_and_save(qtbot, people_page.form, email="ann.buyer@jeans.example", title="Buyer")
    idle(qtbot, window)
    assert window.actions.undo.text() == "&Undo edit of contact Ann Buyer"

    window.ctx.undo.undo()
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert [r.name for r in services.service_rows(s)] == ["Mail"]
        row = contacts.contact_rows(s)[0]
    assert (row.email, row.title) == ("ann@jeans.example", "")


def test_earlier_assessments_stay_viewable(qtbot: QtBot, db: Database, people, make_window) -> None:
    from PySide6.QtCore import QUrl

    with db.session() as s:
        ann = contacts.create_contact(s, "Ann Buyer").id
        assessments.assess_contact(
            s,
            ann,
            [True] * 5 + [False] * 2,
            by=people.rm,
            notes=["Runs the tills"],
            on=dt.date(2025, 1, 10),
        )
        assessments.assess_contact(s, ann, [False] * 7, by=people.rm, on=dt.date(2026, 1, 10))
    window = make_window(db)
    page = window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.current is not None)
    assert "Runs the tills" not in page.info.toPlainText()
    page._link(QUrl("assessment:1"))
    text = page.info.toPlainText()
    assert "Assessment of 2025-01-10" in text and "Runs the tills" in text
    assert not any(c.isChecked() for c in page.editor.checks), "the editor keeps the latest"


def test_opening_another_database_swaps_the_window(
    qtbot: QtBot, db: Database, people, make_window, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from relman.ui.main_window import MainWindow
    from relman.ui.prompts import CreateDatabaseDialog

    monkeypatch.setattr(CreateDatabaseDialog, "ask", classmethod(lambda _c, _p, _path: True))
    window = make_window(db)
    other = tmp_path / "team.sqlite"
    window.switch_to(other)
    qtbot.waitUntil(lambda: not window.isVisible())
    fresh = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    assert len(fresh) == 1 and fresh[0].ctx.db.path == other
    qtbot.addWidget(fresh[0])
    assert other.exists()
    assert str(other) in fresh[0].ctx.settings.recent_files
    qtbot.waitUntil(lambda: bool(fresh[0].pages))
    fresh[0].close()


def test_the_services_a_unit_depends_on_can_be_changed_and_undone(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    from relman.models import Dependence

    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance").id
        sap = services.create_service(s, "SAP Financials").id
        mail = services.create_service(s, "E-mail").id
        portfolio.set_dependency(s, unit, mail, Dependence.LOW)
    window = make_window(db)
    page = window.show_page("units")
    assert isinstance(page, UnitsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.edit_dependencies()
    qtbot.waitUntil(lambda: getattr(page, "dependencies", None) is not None)
    dialog = page.dependencies
    dialog.set_level(sap, Dependence.CRITICAL)
    dialog.set_level(mail, None)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    idle(qtbot, window)

    def levels() -> dict[str, str]:
        with db.read_session() as s:
            return {r.name: r.extra for r in portfolio.unit_detail(s, unit).dependencies}

    assert levels() == {"SAP Financials": "critical"}
    assert window.actions.undo.text() == "&Undo change of the services Finance depends on"
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert levels() == {"E-mail": "low"}
