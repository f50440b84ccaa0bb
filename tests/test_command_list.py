"""Every change a user can make is a named command (relman/workflows/commands.py).

- The commands are listed here with how each is undone: adding one means deciding that, and
  a command that disappears is noticed.
- The window writes only through commands: no module of ``relman/ui/`` opens a write session
  or starts a write job other than ``runner.run(command)`` (read by walking every module's
  syntax tree; each check is also run on a planted violation). At run time, every write job
  of the window refuses a change flushed outside a command
  (tests/workflows/test_commands.py::test_a_write_outside_a_command_is_refused).
"""

from __future__ import annotations

import ast

import pytest

from relman.workflows import commands
from tests.test_layering import MODULES, _in

#: Every command, and whether it can be undone: "undoable" when it builds its inverse (or,
#: in a state the method does not let anyone reverse, says why not), else the reason it
#: never can be, as the user reads it.
COMMANDS: dict[str, str] = {
    "add_action_item": "undoable",
    "add_criterion": "undoable",
    "add_staff": "undoable",
    "add_support_issue": "undoable",
    "add_survey_question": "undoable",
    "archive_contact": "undoable",
    "archive_service": "undoable",
    "archive_staff": "undoable",
    "archive_unit": "undoable",
    "assess_contact": "undoable",
    "cancel_interview": "undoable",
    "complete_action_item": "undoable",
    "correct_measurement": "undoable",
    "create_contact": "undoable",
    "create_script": "undoable",
    "create_service": "undoable",
    "create_unit": "undoable",
    "delete_assessment": "undoable",
    "delete_meeting": "undoable",
    "delete_service": "undoable",
    "delete_support_issue": "undoable",
    "delete_survey": "undoable",
    "delete_unit": "undoable",
    "discuss": "undoable",
    "duplicate_script": "undoable",
    "edit_unit": "undoable",
    "explain_miss": "undoable",
    "finish_interview": "undoable",
    "import_rows": "undoable",
    "import_script": "undoable",
    "link_login": "A login is given and taken on the server with relman server add-user.",
    "mark_delivered": "undoable",
    "move_criterion": "undoable",
    "put_back": "undoable",
    "put_back_assessment": "undoable",
    "put_back_import": "undoable",
    "put_back_note": "undoable",
    "rate_support_issue": "undoable",
    "record_measurement": "undoable",
    "record_meeting": "undoable",
    "record_survey": "undoable",
    "remove_measurement": "undoable",
    "remove_rating": "undoable",
    "remove_survey_question": "undoable",
    "reopen_action_item": "undoable",
    "reopen_escalation": "undoable",
    "reopen_interview": "undoable",
    "replay_step": "undoable",
    "reschedule_interview": "undoable",
    "resolve": "undoable",
    "restore_criterion": "undoable",
    "restore_script": "undoable",
    "retire_criterion": "undoable",
    "revert_step": "undoable",
    "save_interview_progress": "Typing in an interview is undone in the field itself, not here.",
    "save_script": "undoable",
    "schedule_interview": "undoable",
    "set_dependencies": "undoable",
    "start_interview": "A started interview cannot be put back to planned; cancel it instead.",
    "state_expectation": "undoable",
    "take_back": "undoable",
    "take_back_criterion": "undoable",
    "take_back_import": "undoable",
    "take_back_note": "undoable",
    "take_back_script": "undoable",
    "take_back_service": "undoable",
    "take_back_staff": "undoable",
    "take_step": "undoable",
    "unarchive_contact": "undoable",
    "unarchive_service": "undoable",
    "unarchive_staff": "undoable",
    "unarchive_unit": "undoable",
    "uncancel_interview": "undoable",
    "unexplain_miss": "undoable",
    "unmark_delivered": "undoable",
    "update_action_item": "undoable",
    "update_contact": "undoable",
    "update_criterion": "undoable",
    "update_meeting": "undoable",
    "update_service": "undoable",
    "update_staff": "undoable",
    "withdraw_escalation": "undoable",
}


def _how(spec: commands.Spec) -> str:
    return spec.never if spec.never is not None else "undoable"


def test_every_command_is_listed_with_how_it_is_undone() -> None:
    registered = {
        name: _how(commands.REGISTRY[name])
        for name in commands.names()
        if commands.REGISTRY[name].fn.__module__.startswith("relman.")
    }
    assert registered == COMMANDS


# -- the window writes only through commands --------------------------------------------------


def bypassing_writes(source: str) -> list[str]:
    """Calls in ``source`` that would write without a command: a write session
    (``db.session()``), a write job (``runner.write(...)``), a long job that writes."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        writes = any(k.arg == "write" for k in node.keywords)
        if name in ("session", "write") or (name == "long" and writes):
            found.append(f"line {node.lineno}: .{name}(…)")
    return found


def test_the_window_writes_only_through_commands() -> None:
    found = []
    for name, path in sorted(MODULES.items()):
        if _in(name, "relman.ui"):
            found += [f"{name} {hit}" for hit in bypassing_writes(path.read_text("utf-8"))]
    assert found == []


@pytest.mark.parametrize(
    "planted",
    [
        "with ctx.db.session() as s:\n    s.add(x)\n",
        "ctx.runner.write(lambda s: s.add(x))\n",
        "ctx.runner.long(work, done, label='Importing…', write=True)\n",
    ],
)
def test_the_check_catches_a_planted_write(planted: str) -> None:
    assert bypassing_writes(planted) != []


def test_the_check_lets_commands_and_reads_pass() -> None:
    allowed = (
        "ctx.runner.run(Command('create_unit', {'name': 'Sales'}))\n"
        "ctx.runner.read(lambda s: rows(s), show)\n"
        "with ctx.db.read_session() as s:\n    pass\n"
        "ctx.runner.long(build, done, label='Printing…')\n"
    )
    assert bypassing_writes(allowed) == []
