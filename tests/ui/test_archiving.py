"""Archive and restore on the contacts, services and staff pages: out of the list, back with
"Show archived", both undoable; the history stays."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from relman.models import Contact, Service, Staff
from relman.storage import Database
from relman.ui.pages.base import ListPage
from relman.workflows import contacts, services, staff
from tests.ui.conftest import idle


def _names(page: ListPage) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


@pytest.mark.parametrize(
    ("key", "model", "make", "label"),
    [
        ("contacts", Contact, lambda s: contacts.create_contact(s, "Ann <b>Él</b>"), "archived"),
        ("services", Service, lambda s: services.create_service(s, "Mail & Co"), "archived"),
        ("staff", Staff, lambda s: staff.add_staff(s, "Zoë Ødegård"), "left"),
    ],
)
def test_archive_hides_restore_brings_back_and_undo_reverses(
    qtbot: QtBot, db: Database, people, make_window, key, model, make, label
) -> None:
    with db.session() as s:
        record = make(s)
        record_id, name = record.id, record.name
    window = make_window(db)
    page = window.show_page(key)
    assert isinstance(page, ListPage)
    idle(qtbot, window)
    page.archiving.shown.setChecked(False)
    idle(qtbot, window)
    assert page.select_record(record_id)
    assert page.archiving.button.text() == "Archive"
    page.archiving.toggle()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(model, record_id).archived_at is not None
    assert name not in _names(page)

    page.archiving.shown.setChecked(True)  # archived rows come back, marked, to restore
    idle(qtbot, window)
    assert f"{name} ({label})" in _names(page)
    assert page.select_record(record_id)
    assert page.archiving.button.text() == "Restore"
    page.archiving.toggle()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(model, record_id).archived_at is None

    window.ctx.undo.undo()  # the restoring
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(model, record_id).archived_at is not None
    window.ctx.undo.undo()  # the archiving
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(model, record_id).archived_at is None
    assert window.ctx.settings.flag(f"{key}/show_archived")  # remembered
    page.archiving.shown.setChecked(False)


def test_archiving_a_contact_someone_else_changed_is_refused(
    qtbot: QtBot, db: Database, people, make_window, monkeypatch
) -> None:
    with db.session() as s:
        ann = contacts.create_contact(s, "Ann").id
    window = make_window(db)
    page = window.show_page("contacts")
    idle(qtbot, window)
    assert page.select_record(ann)
    with db.session() as s:  # another window renames her meanwhile
        contacts.update_contact(s, ann, expected_version=None, name="Ann B")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    page.archiving.toggle()
    qtbot.waitUntil(lambda: bool(shown))
    assert "changed" in shown[0]
    with db.read_session() as s:
        assert s.get(Contact, ann).archived_at is None
    assert window.ctx.undo.count() == 0
