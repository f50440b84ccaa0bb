"""Lost updates in the window (issue 12.3): a form saved over someone else's change, and the
undo of an edit that someone else has since changed, are refused; the other writer's value
is kept. Undoing this window's own successive edits of a record still works."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from relman.models import BusinessUnit, Contact, Service
from relman.storage import Database
from relman.ui.dialogs.form import FormDialog
from relman.ui.pages.base import ListPage
from relman.workflows import contacts, portfolio, services
from tests.ui.conftest import idle

CONFLICT = "Someone else changed"


def open_form(qtbot: QtBot, window: Any, key: str, name: str) -> tuple[ListPage, FormDialog]:
    page = window.show_page(key)
    assert isinstance(page, ListPage)
    qtbot.waitUntil(lambda: page.model.find(lambda r: r.name == name) >= 0)
    page.table.selectRow(page.model.find(lambda r: r.name == name))
    page.edit_selected()
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None and page.form.isVisible())
    return page, page.form


def type_and_save(qtbot: QtBot, form: FormDialog, field: str, text: str) -> None:
    editor = form.editors[field]
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def stored(db: Database, model: type, record_id: uuid.UUID, field: str) -> Any:
    with db.read_session() as s:
        return getattr(s.get(model, record_id), field)


def someone_else_sets(db: Database, update: Any, record_id: uuid.UUID, model: type, **values):
    """Another writer (another laptop on the team server) saves the record."""
    with db.session() as s:
        current = s.get(model, record_id).version
        update(s, record_id, expected_version=current, **values)


def test_a_stale_form_is_refused_and_the_other_writers_value_kept(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        ann = contacts.create_contact(s, "Ann Buyer", title="Buyer").id
    window = make_window(db)
    _page, form = open_form(qtbot, window, "contacts", "Ann Buyer")
    someone_else_sets(db, contacts.update_contact, ann, Contact, title="Head buyer")
    type_and_save(qtbot, form, "title", "Chief buyer")
    qtbot.waitUntil(lambda: CONFLICT in form.message.text())
    assert form.isVisible(), "the form stays open with what was typed"
    assert form.editors["title"].text() == "Chief buyer"
    idle(qtbot, window)
    assert stored(db, Contact, ann, "title") == "Head buyer"
    assert window.ctx.undo.count() == 0, "a refused edit leaves no history"
    form.reject()


def test_undo_after_someone_elses_change_is_refused(
    qtbot: QtBot, db: Database, people, make_window, warnings: list[str]
) -> None:
    with db.session() as s:
        payroll = services.create_service(s, "Payroll", owner="Olga").id
    window = make_window(db)
    _page, form = open_form(qtbot, window, "services", "Payroll")
    type_and_save(qtbot, form, "owner", "Omar")
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    assert stored(db, Service, payroll, "owner") == "Omar"
    someone_else_sets(db, services.update_service, payroll, Service, owner="Otto")
    window.ctx.undo.undo()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(warnings))
    assert CONFLICT in warnings[0]
    assert stored(db, Service, payroll, "owner") == "Otto", "the undo did not write over it"


def test_this_windows_successive_edits_undo_and_redo(
    qtbot: QtBot, db: Database, people, make_window, warnings: list[str]
) -> None:
    with db.session() as s:
        payroll = services.create_service(s, "Payroll", owner="Olga").id
    window = make_window(db)
    for owner in ("Omar", "Otto"):
        page, form = open_form(qtbot, window, "services", "Payroll")
        type_and_save(qtbot, form, "owner", owner)
        qtbot.waitUntil(lambda f=form: not f.isVisible())
        idle(qtbot, window)
        # the list shows the record as saved (with its new version) before the next edit
        qtbot.waitUntil(lambda p=page, o=owner: p.model.rows[0].owner == o)
    stack = window.ctx.undo
    for expected in ("Omar", "Olga"):
        stack.undo()
        idle(qtbot, window)
        assert stored(db, Service, payroll, "owner") == expected
    stack.redo()
    stack.redo()
    idle(qtbot, window)
    assert stored(db, Service, payroll, "owner") == "Otto"
    assert warnings == []


def test_a_stale_unit_form_is_refused(qtbot: QtBot, db: Database, people, make_window) -> None:
    with db.session() as s:
        finance = portfolio.create_unit(s, "Finance", division="Money").id
    window = make_window(db)
    _page, form = open_form(qtbot, window, "units", "Finance")
    someone_else_sets(db, portfolio.update_unit, finance, BusinessUnit, division="Treasury")
    type_and_save(qtbot, form, "division", "Accounts")
    qtbot.waitUntil(lambda: CONFLICT in form.message.text())
    idle(qtbot, window)
    assert stored(db, BusinessUnit, finance, "division") == "Treasury"
    form.reject()
