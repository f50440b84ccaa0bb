"""Forms: editing one plain field keeps every link the record had (issue 11.1), and a field's
error shows only once it was edited or a save was tried, in room kept for it (issue 11.5)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from relman.models import Criticality, Dependence, StaffRole
from relman.storage import Database
from relman.ui.dialogs.form import FormDialog
from relman.ui.pages.base import ListPage
from relman.workflows import contacts, portfolio, services, staff
from tests.ui.conftest import idle


def open_edit_form(qtbot: QtBot, window: Any, key: str, name: str) -> tuple[ListPage, FormDialog]:
    """Show page ``key``, select the row named ``name`` and open its edit form."""
    page = window.show_page(key)
    assert isinstance(page, ListPage)
    qtbot.waitUntil(lambda: page.model.find(lambda r: r.name == name) >= 0)
    page.table.selectRow(page.model.find(lambda r: r.name == name))
    page.edit_selected()
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None and page.form.isVisible())
    return page, page.form


def change_and_save(qtbot: QtBot, window: Any, form: FormDialog, field: str, text: str) -> None:
    editor = form.editors[field]
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)


def test_editing_a_contacts_title_keeps_their_unit_and_manager(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales").id
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit).id
        ann = contacts.create_contact(
            s, "Ann Buyer", unit_id=unit, manager_id=boss, title="Buyer"
        ).id
    window = make_window(db)
    _page, form = open_edit_form(qtbot, window, "contacts", "Ann Buyer")
    shown = {n: e.currentData() for n, e in form.editors.items() if isinstance(e, QComboBox)}
    assert shown == {"unit_id": unit, "manager_id": boss}, "the form shows the links it has"
    change_and_save(qtbot, window, form, "title", "Head buyer")
    with db.read_session() as s:
        detail = contacts.contact_detail(s, ann)
    assert (detail.title, detail.unit_id, detail.manager_id) == ("Head buyer", unit, boss)


def test_editing_a_staff_members_email_keeps_their_role_and_manager(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        staff.add_staff(s, "Hal Head", role=StaffRole.HEAD_OF_IT)
    window = make_window(db)
    _page, form = open_edit_form(qtbot, window, "staff", "Rui Relman")
    assert form.editors["reports_to_id"].currentText() == "Mara Manager"
    change_and_save(qtbot, window, form, "email", "rui@it.example")
    with db.read_session() as s:
        rui = next(r for r in staff.staff_rows(s) if r.id == people.rm)
    assert (rui.email, rui.role, rui.reports_to_id) == (
        "rui@it.example",
        StaffRole.RM,
        people.manager,
    )


def test_editing_a_units_division_keeps_its_head_rms_and_criticality(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(
            s,
            "Finance",
            criticality=Criticality.CRITICAL,
            rms=[people.rm, people.manager],
            own_service_levels=True,
        ).id
        head = contacts.create_contact(s, "Fay Head", unit_id=unit).id
        contacts.create_contact(s, "Other Person", unit_id=unit)
        portfolio.update_unit(s, unit, expected_version=None, head_id=head)
    window = make_window(db)
    _page, form = open_edit_form(qtbot, window, "units", "Finance")
    assert form.editors["head_id"].currentText() == "Fay Head"
    change_and_save(qtbot, window, form, "division", "Corporate")
    with db.read_session() as s:
        d = portfolio.unit_detail(s, unit)
    assert d.division == "Corporate"
    assert d.head is not None and d.head.id == head
    assert d.criticality is Criticality.CRITICAL and d.own_service_levels
    assert {r.id for r in d.rms} == {people.rm, people.manager}


def test_editing_a_services_owner_keeps_its_name_and_description(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        service = services.create_service(s, "Mail", description="Mail and calendars").id
    window = make_window(db)
    _page, form = open_edit_form(qtbot, window, "services", "Mail")
    change_and_save(qtbot, window, form, "owner", "Infrastructure")
    with db.read_session() as s:
        row = next(r for r in services.service_rows(s) if r.id == service)
    assert (row.name, row.owner, row.description) == (
        "Mail",
        "Infrastructure",
        "Mail and calendars",
    )


def test_changing_one_dependency_keeps_the_others(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Design").id
        cad = services.create_service(s, "Pattern CAD").id
        mail = services.create_service(s, "Mail").id
        portfolio.set_dependencies(s, unit, {cad: Dependence.CRITICAL, mail: Dependence.LOW})
    window = make_window(db)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.edit_dependencies()
    qtbot.waitUntil(lambda: getattr(page, "dependencies", None) is not None)
    dialog = page.dependencies
    assert dialog.combos[cad].currentData() is Dependence.CRITICAL
    dialog.set_level(mail, Dependence.HIGH)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    idle(qtbot, window)
    with db.read_session() as s:
        levels = {r.id: r.extra for r in portfolio.unit_detail(s, unit).dependencies}
    assert levels == {cad: Dependence.CRITICAL.value, mail: Dependence.HIGH.value}


def test_a_fields_error_shows_once_it_is_edited_in_room_kept_for_it(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    page = window.show_page("units")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None and page.form.isVisible())
    form = page.form
    name, error = form.editors["name"], form.errors["name"]
    assert isinstance(name, QLineEdit)
    assert not form.is_marked("name") and not error.isVisible(), "nothing typed, nothing wrong"
    below = form.editors["division"].mapTo(form, form.editors["division"].rect().topLeft())

    qtbot.keyClicks(name, "x" * 201)
    assert form.is_marked("name") and error.isVisible() and "At most 200" in error.text()
    assert form.editors["division"].mapTo(form, form.editors["division"].rect().topLeft()) == below
    name.clear()
    qtbot.keyClicks(name, "Design")
    assert not form.is_marked("name") and not error.isVisible()
    assert form.editors["division"].mapTo(form, form.editors["division"].rect().topLeft()) == below
    form.reject()


def test_saving_an_untouched_form_shows_what_is_missing_and_saves_nothing(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    page = window.show_page("services")
    page.new_service()
    form = page.form
    qtbot.waitUntil(form.isVisible)
    assert not form.is_marked("name")
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert form.is_marked("name") and "cannot be empty" in form.errors["name"].text()
    assert form.isVisible() and form.focusWidget() is form.editors["name"]
    idle(qtbot, window)
    with db.read_session() as s:
        assert services.service_rows(s) == []
    form.reject()
