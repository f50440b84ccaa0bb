"""The contacts page and the key-customer rule: the verdict as the RM ticks, the override,
the criteria dialog and the warning for units over capacity."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from relman.storage import Database
from relman.ui.dialogs.criteria import CriteriaDialog
from relman.ui.pages.contacts import ContactsPage
from relman.workflows import assessments, contacts, key_customers, portfolio
from tests.ui.conftest import idle


def open_contacts(qtbot: QtBot, window) -> ContactsPage:
    page = window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    idle(qtbot, window)
    return page


def test_the_editor_explains_the_verdict_and_refuses_a_contradiction(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        ann = contacts.create_contact(s, "Ann Critic").id
    window = make_window(db)
    page = open_contacts(qtbot, window)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.current is not None)
    editor = page.editor
    assert len(editor.checks) == 7
    editor.checks[4].setChecked(True)  # constructive critic, alone
    assert editor.verdict.text().startswith("Key customer: carried by “Constructive critic”")
    editor.checks[6].setChecked(True)
    editor.unreasonable.setChecked(True)
    assert "Untick" in editor.verdict.text() and not editor.save.isEnabled()
    editor.checks[6].setChecked(False)
    assert editor.verdict.text().startswith("Not a key customer") and editor.save.isEnabled()
    editor.unreasonable_note.setText("Wants it all by tonight")
    editor.override.setChecked(True)
    editor.override_note.setText("Holds the budget")
    assert "deliberate decision" in editor.verdict.text()
    qtbot.mouseClick(editor.save, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    with db.read_session() as s:
        detail = contacts.contact_detail(s, ann)
    assert detail.is_key and detail.assessments[0].override_note == "Holds the budget"
    qtbot.waitUntil(lambda: "Kept key deliberately" in page.info.toPlainText())


def test_renamed_criteria_reach_the_editor_and_units_over_capacity_are_warned(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm]).id
        for i in range(key_customers.KEY_CUSTOMERS_PER_RM + 1):
            c = contacts.create_contact(s, f"Buyer {i}", unit_id=unit).id
            assessments.assess_contact(s, c, [True] + [False] * 6, by=people.rm)
    window = make_window(db)
    page = open_contacts(qtbot, window)
    assert page.capacity_warning.isVisible()
    assert "Sales has 9 key customers" in page.capacity_warning.text()
    assert "its RM (" in page.capacity_warning.text(), "one RM: no plural"

    page.edit_criteria()
    dialog = page.criteria_dialog
    assert isinstance(dialog, CriteriaDialog)
    qtbot.waitUntil(lambda: dialog.list.count() == 7)
    dialog.list.setCurrentRow(0)
    dialog.retire()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "(retired)" in dialog.list.item(dialog.list.count() - 1).text())
    qtbot.waitUntil(lambda: len(page.editor.checks) == 6)
    assert "Depends on us" not in [c.text() for c in page.editor.checks]
    dialog.reject()


def test_criteria_edits_are_undone_and_redone(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    page = open_contacts(qtbot, window)
    page.edit_criteria()
    dialog = page.criteria_dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 7)

    def names() -> list[tuple[str, bool]]:
        with db.read_session() as s:
            return [(r.name, r.archived) for r in key_customers.criteria(s, include_retired=True)]

    first = names()
    assert not dialog.buttons["up"].isEnabled()  # the first cannot move up
    dialog.list.setCurrentRow(0)
    dialog.move(1)
    idle(qtbot, window)
    moved = names()
    assert moved[:2] == [first[1], first[0]]
    dialog.list.setCurrentRow(2)
    dialog.retire()
    idle(qtbot, window)
    assert (first[2][0], True) in names()
    window.ctx.undo.undo()  # the retiring
    idle(qtbot, window)
    assert names() == moved
    window.ctx.undo.undo()  # the move
    idle(qtbot, window)
    assert names() == first
    qtbot.waitUntil(lambda: dialog.list.item(0).text() == first[0][0])
    window.ctx.undo.redo()
    idle(qtbot, window)
    assert names() == moved

    dialog.list.setCurrentRow(0)
    dialog.edit()
    form = dialog.form
    form.editors["name"].setText("Opens doors")
    form.save()
    idle(qtbot, window)
    assert names()[0][0] == "Opens doors"
    assert window.ctx.undo.undoText() == f"rename of criterion {moved[0][0]}"
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert names() == moved
    dialog.reject()
