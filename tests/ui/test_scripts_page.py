"""The Scripts page: edit a script in the outline and its form, reorder by keyboard, delete
and bring back, save in place or as a new version, undo a save, duplicate, export and import
through the file dialogs, and a bad file refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from relman.storage import Database
from relman.ui.file_dialogs import FileDialog
from relman.ui.pages import scripts as scripts_page
from relman.ui.scripts.tree import SPEC_ROLE, Indicator, ScriptTree
from relman.workflows import contacts, interviews, script_lists, scripts
from tests.ui.conftest import idle

SPEC = {
    "name": "Team check-in",
    "sections": [
        {
            "title": "Start",
            "questions": [
                {"key": "ok", "kind": "yes_no", "text": "All fine?"},
                {"kind": "open", "text": "What is not?", "condition": {"on": "ok", "value": "no"}},
            ],
        },
        {"title": "End", "questions": [{"kind": "rating", "text": "Rate us"}]},
    ],
}


def open_script(qtbot: QtBot, make_window, db: Database, name: str = "Team check-in"):
    with db.session() as s:
        script_id = scripts.create_script(s, {**SPEC, "name": name}).id
    window = make_window(db)
    page = window.show_page("scripts")
    idle(qtbot, window)
    assert page.select_record(script_id)
    idle(qtbot, window)
    return window, page, script_id


def texts(tree) -> list[list[str]]:
    return [
        [
            tree.topLevelItem(i).child(j).data(0, SPEC_ROLE)["text"]
            for j in range(tree.topLevelItem(i).childCount())
        ]
        for i in range(tree.topLevelItemCount())
    ]


def saved(db: Database, script_id) -> dict:
    with db.session() as s:
        return scripts.script_spec(s, script_id)


def test_edit_reorder_delete_and_save_in_place_then_undo(qtbot, make_window, db) -> None:
    window, page, script_id = open_script(qtbot, make_window, db)
    editor = page.editor
    tree = editor.tree
    assert texts(tree) == [["All fine?", "What is not?"], ["Rate us"]]
    # edit the selected question's text through its form
    tree.setCurrentItem(tree.topLevelItem(1).child(0))
    editor.form.text.setPlainText('<b>Rate</b> us & "them" 😀')
    assert editor.dirty
    # keyboard: move it up, across into the first section
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert texts(tree) == [["All fine?", "What is not?", '<b>Rate</b> us & "them" 😀'], []]
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert texts(tree)[0][1] == '<b>Rate</b> us & "them" 😀'
    # delete the empty section, then bring it back, then delete it for good
    tree.setCurrentItem(tree.topLevelItem(1))
    editor.delete_current()
    assert tree.topLevelItemCount() == 1 and "Deleted section" in editor.notice.text()
    editor.undo_delete()
    assert tree.topLevelItemCount() == 2
    tree.setCurrentItem(tree.topLevelItem(1))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert tree.topLevelItemCount() == 1
    before = saved(db, script_id)
    qtbot.keyClick(editor.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    after = saved(db, script_id)
    assert [q["text"] for q in after["sections"][0]["questions"]] == [
        "All fine?",
        '<b>Rate</b> us & "them" 😀',
        "What is not?",
    ]
    assert len(after["sections"]) == 1
    with db.session() as s:
        assert [v.number for v in script_lists.version_rows(s, script_id)] == [1]  # in place
    assert not editor.dirty
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert saved(db, script_id)["sections"] == before["sections"]
    idle(qtbot, window)
    assert texts(editor.tree) == [["All fine?", "What is not?"], ["Rate us"]]


def test_a_used_script_saves_a_new_version_and_the_interview_keeps_its_own(
    qtbot, make_window, db, people
) -> None:
    window, page, script_id = open_script(qtbot, make_window, db)
    with db.session() as s:
        v1 = scripts.latest_version(s, script_id).id
        contact = contacts.create_contact(s, "Carla Customer")
        held = interviews.schedule_interview(
            s,
            script_id=script_id,
            contact_ids=[contact.id],
            at=dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC),
            by=people.rm,
        ).id
    page.reload()
    idle(qtbot, window)
    editor = page.editor
    assert "used by 1 interview" in editor.versions.item(0).text()
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    editor.form.title.setText("Opening")
    editor.save()
    idle(qtbot, window)
    assert "say what changed" in editor.error.text()
    assert editor.error.isVisibleTo(editor) and editor.dirty
    editor.change_note.setText("Renamed the first section")
    editor.save()
    idle(qtbot, window)
    with db.session() as s:
        rows = script_lists.version_rows(s, script_id)
        assert [(v.number, v.interviews) for v in rows] == [(2, 0), (1, 1)]
        assert s.get(interviews.Interview, held).script_version_id == v1
        assert scripts.load_version(s, v1).sections[0].title == "Start"
    idle(qtbot, window)
    assert editor.versions.count() == 2
    assert "Renamed the first section" in editor.versions.item(0).text()
    window.ctx.undo.undo()  # the version no interview used yet goes again
    idle(qtbot, window)
    with db.session() as s:
        assert [v.number for v in script_lists.version_rows(s, script_id)] == [1]
    idle(qtbot, window)
    assert editor.versions.count() == 1
    window.ctx.undo.redo()
    idle(qtbot, window)
    with db.session() as s:
        assert [v.number for v in script_lists.version_rows(s, script_id)] == [2, 1]
        assert scripts.script_spec(s, script_id)["sections"][0]["title"] == "Opening"


def test_a_bad_condition_is_refused_beside_the_save_and_nothing_is_saved(
    qtbot, make_window, db
) -> None:
    window, page, script_id = open_script(qtbot, make_window, db)
    editor = page.editor
    before = saved(db, script_id)
    tree = editor.tree
    tree.setCurrentItem(tree.topLevelItem(0).child(1))  # "What is not?" waits for "All fine?"
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # now before it
    editor.form.show_item(tree.currentItem())
    assert editor.form.condition_on.currentText() == "(a question that now comes later)"
    editor.save()
    idle(qtbot, window)
    assert "earlier question" in editor.error.text()
    assert saved(db, script_id) == before
    # the condition picker offers only earlier questions, and their answers
    tree.setCurrentItem(tree.topLevelItem(1).child(0))
    form = editor.form
    offered = [form.condition_on.itemText(i) for i in range(form.condition_on.count())]
    assert offered[0] == "(always ask this question)"
    assert len(offered) == 3
    form.condition_on.setCurrentIndex(offered.index("Yes/no: All fine?"))
    values = [form.condition_value.itemText(i) for i in range(form.condition_value.count())]
    assert values == ["yes", "no"]


def test_duplicate_export_and_import_with_a_free_name(
    qtbot, make_window, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page, script_id = open_script(qtbot, make_window, db)
    page.duplicate_selected()
    idle(qtbot, window)
    names = {r.name for r in page.model.all_rows}
    assert "Team check-in (2)" in names
    assert page.selected.name == "Team check-in (2)"
    assert page.select_record(script_id)
    idle(qtbot, window)
    target = tmp_path / "shared.relman-script.json"
    monkeypatch.setattr(FileDialog, "ask_save", classmethod(lambda *a, **k: target))
    page.export_selected()
    idle(qtbot, window)
    assert target.is_file() and "Exported" in page.count.text()
    monkeypatch.setattr(FileDialog, "ask_open", classmethod(lambda *a, **k: target))
    asked: list[str] = []

    def confirm(_parent, _title, text, _yes) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(scripts_page, "confirm", confirm)
    page.import_file()
    idle(qtbot, window)
    assert "Import this one as “Team check-in (3)”" in asked[0]
    idle(qtbot, window)
    assert page.selected.name == "Team check-in (3)"
    with db.session() as s:
        copy_id = page.selected.id
        assert (
            scripts.script_spec(s, copy_id)["sections"]
            == scripts.script_spec(s, script_id)["sections"]
        )
    window.ctx.undo.undo()  # the import is undone like any creation
    idle(qtbot, window)
    assert "Team check-in (3)" not in {r.name for r in page.model.all_rows}


def test_a_bad_file_is_refused_with_its_problem_and_nothing_imported(
    qtbot, make_window, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page, _ = open_script(qtbot, make_window, db)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "relman-script",\n "version": 1,\n "script": {"name": }}')
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(FileDialog, "ask_open", classmethod(lambda *a, **k: bad))
    count = len(page.model.all_rows)
    page.import_file()
    idle(qtbot, window)
    assert shown and "line 3, column 21" in shown[0]
    page.reload()
    idle(qtbot, window)
    assert len(page.model.all_rows) == count


def test_choosing_another_script_with_unsaved_changes_asks_first(
    qtbot, make_window, db, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page, script_id = open_script(qtbot, make_window, db)
    editor = page.editor
    editor.name.setText("Team check-in, edited")
    editor.name.textEdited.emit(editor.name.text())
    asked: list[str] = []
    monkeypatch.setattr(scripts_page, "confirm", lambda _p, _t, text, _y: asked.append(text))
    other = next(r for r in page.model.all_rows if r.id != script_id)
    page.select_record(other.id)
    idle(qtbot, window)
    assert asked == ["Discard the unsaved changes to “Team check-in”?"]
    assert page.selected.id == script_id  # refused: still on the script being edited
    assert editor.name.text() == "Team check-in, edited" and editor.dirty
    monkeypatch.setattr(scripts_page, "confirm", lambda *_a: True)
    page.select_record(other.id)
    idle(qtbot, window)
    assert editor.name.text() == other.name and not editor.dirty


def test_a_drop_is_allowed_only_where_the_outline_stays_sections_of_questions(qtbot) -> None:
    tree = ScriptTree()
    qtbot.addWidget(tree)
    tree.load(SPEC["sections"])
    start, end = tree.topLevelItem(0), tree.topLevelItem(1)
    question, other = start.child(0), end.child(0)
    allowed = ScriptTree.drop_allowed
    assert allowed(question, end, Indicator.OnItem)  # into another section
    assert allowed(question, other, Indicator.AboveItem)  # between questions
    assert not allowed(question, end, Indicator.AboveItem)  # to the top level
    assert not allowed(question, None, Indicator.OnViewport)
    assert not allowed(question, other, Indicator.OnItem)  # under a question
    assert allowed(end, start, Indicator.AboveItem)
    assert allowed(start, None, Indicator.OnViewport)  # to the end
    assert not allowed(start, end, Indicator.OnItem)  # inside a section
    assert not allowed(start, other, Indicator.BelowItem)  # among questions
