"""Script files: export a script to a JSON file and import one, so RMs can share scripts.

The format is documented in docs/scripts-format.md. A file comes from someone else's laptop,
so it is read as hostile: bounded in size and counts, every field checked for its type, and
refused as a whole with a message naming the problem (the line and column of a JSON syntax
error, the section and question of a bad field). Nothing is saved from a refused file.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import QuestionKind, Script
from relman.workflows.commands import command
from relman.workflows.scripts import create_script, free_name, script_spec

FORMAT = "relman-script"
FORMAT_VERSION = 1
SUFFIX = ".relman-script.json"

MAX_FILE_BYTES = 1_000_000
MAX_SECTIONS = 50
MAX_QUESTIONS = 500  # in the whole script
MAX_CHOICES = 20
MAX_TEXT = 20_000  # purpose, guidance, question text
MAX_LINE = 200  # name, title, choice, condition value (the columns' length)
MAX_KEY = 100

KINDS = ", ".join(k.value for k in QuestionKind)


def _refuse(message: str) -> ValidationError:
    return ValidationError("file", message)


# -- export ---------------------------------------------------------------------------------


def export_script(
    session: Session, script_id: uuid.UUID, version_id: uuid.UUID | None = None
) -> bytes:
    """The script (its latest version unless ``version_id``) as the bytes of a script file."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "script": script_spec(session, script_id, version_id),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_script_file(session: Session, script_id: uuid.UUID, path: Path) -> Path:
    """Export the script to ``path``, whole or not at all (written beside it, then moved)."""
    data = export_script(session, script_id)
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise _refuse(f"Could not write {path}: {exc.strerror or exc}.") from None
    return path


# -- import ---------------------------------------------------------------------------------


def read_script_file(path: Path) -> dict[str, Any]:
    """The checked description of the script in the file at ``path``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _refuse(f"Could not read {path}: {exc.strerror or exc}.") from None
    return parse_script_file(data)


def parse_script_file(data: bytes) -> dict[str, Any]:
    """Check a script file's bytes and return the script's description, or refuse it with a
    :class:`ValidationError` (field ``file``) that says what is wrong and where."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(f"The file is too large for a script: at most {MAX_FILE_BYTES // 1000:,} KB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            f"The file is not UTF-8 text (a byte at position {exc.start} cannot be read). "
            "Is it a script file?"
        ) from None
    try:
        document = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _refuse(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise _refuse("The file is nested too deeply to be a script.") from None
    except ValueError as exc:  # a repeated field, NaN, a number too long to read
        raise _refuse(f"The file is not valid JSON: {exc}") from None
    return _document(document)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the field “{key}” appears twice in one object.")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a value a script holds.")


def _object(value: Any, where: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(f"{where} must be an object ({{...}}), not {_kind(value)}.")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _refuse(
            f"{where} has a field relman does not know: “{unknown[0][:MAX_KEY]}” "
            f"(known: {', '.join(sorted(allowed))})."
        )
    missing = sorted(required - set(value))
    if missing:
        raise _refuse(f"{where} lacks the field “{missing[0]}”.")
    return value


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _text(holder: dict[str, Any], field: str, where: str, limit: int) -> str:
    value = holder.get(field, "")
    if not isinstance(value, str):
        raise _refuse(f"{where}: “{field}” must be text, not {_kind(value)}.")
    if len(value) > limit:
        raise _refuse(
            f"{where}: “{field}” is too long ({len(value):,} characters; at most {limit:,})."
        )
    return value


def _list(holder: dict[str, Any], field: str, where: str, limit: int) -> list[Any]:
    value = holder.get(field)
    if not isinstance(value, list):
        raise _refuse(f"{where}: “{field}” must be a list, not {_kind(value)}.")
    if not value:
        raise _refuse(f"{where}: “{field}” is empty.")
    if len(value) > limit:
        raise _refuse(f"{where}: too many {field} ({len(value):,}; at most {limit}).")
    return value


def _document(document: Any) -> dict[str, Any]:
    top = _object(
        document, "The file", {"format", "version", "script"}, {"format", "version", "script"}
    )
    if top["format"] != FORMAT:
        raise _refuse(f"This is not a relman script file (its “format” is not “{FORMAT}”).")
    version = top["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse("The file's “version” must be a whole number such as 1.")
    if version > FORMAT_VERSION:
        raise _refuse(
            f"The file was written by a newer relman (format version {version}); this one "
            f"reads version {FORMAT_VERSION}. Update relman to import it."
        )
    script = _object(
        top["script"], "The script", {"name", "purpose", "sections"}, {"name", "sections"}
    )
    name = _text(script, "name", "The script", MAX_LINE)
    if not name.strip():
        raise _refuse("The script has no name.")
    raw = _list(script, "sections", "The script", MAX_SECTIONS)
    keys: set[str] = set()
    counted = [0]
    later = _keys_anywhere(raw)
    sections = [_section(s, n, keys, later, counted) for n, s in enumerate(raw, start=1)]
    return {
        "name": name,
        "purpose": _text(script, "purpose", "The script", MAX_TEXT),
        "sections": sections,
    }


def _keys_anywhere(sections: list[Any]) -> set[str]:
    """Every question key in the file, to tell a condition on a later question from one on
    a key that does not exist (read before the sections are checked, so defensively)."""
    return {
        q["key"]
        for s in sections
        if isinstance(s, dict) and isinstance(s.get("questions"), list)
        for q in s["questions"]
        if isinstance(q, dict) and isinstance(q.get("key"), str)
    }


def _section(
    value: Any, n: int, keys: set[str], later: set[str], counted: list[int]
) -> dict[str, Any]:
    where = f"Section {n}"
    section = _object(value, where, {"title", "guidance", "questions"}, {"title", "questions"})
    title = _text(section, "title", where, MAX_LINE)
    if title.strip():
        where = f"Section {n} (“{title.strip()}”)"
    questions = _list(section, "questions", where, MAX_QUESTIONS)
    counted[0] += len(questions)
    if counted[0] > MAX_QUESTIONS:
        raise _refuse(f"The script has too many questions: at most {MAX_QUESTIONS}.")
    return {
        "title": title,
        "guidance": _text(section, "guidance", where, MAX_TEXT),
        "questions": [
            _question(q, f"{where}, question {i}", keys, later)
            for i, q in enumerate(questions, start=1)
        ],
    }


def _question(value: Any, where: str, keys: set[str], later: set[str]) -> dict[str, Any]:
    fields = {"key", "kind", "text", "guidance", "choices", "condition"}
    question = _object(value, where, fields, {"kind", "text"})
    kind = _text(question, "kind", where, MAX_KEY)
    if kind not in {k.value for k in QuestionKind}:
        raise _refuse(f"{where}: “{kind}” is not a kind of question (one of {KINDS}).")
    result: dict[str, Any] = {
        "kind": kind,
        "text": _text(question, "text", where, MAX_TEXT),
        "guidance": _text(question, "guidance", where, MAX_TEXT),
    }
    if "choices" in question:
        if kind != QuestionKind.CHOICE.value:
            raise _refuse(f"{where}: only a “choice” question has choices.")
        choices = _list(question, "choices", where, MAX_CHOICES)
        result["choices"] = [_text({"choice": c}, "choice", where, MAX_LINE) for c in choices]
    elif kind == QuestionKind.CHOICE.value:
        raise _refuse(f"{where}: a “choice” question needs its “choices”.")
    if "condition" in question:
        condition = _object(
            question["condition"], f"{where}: the condition", {"on", "value"}, {"on", "value"}
        )
        on = _text(condition, "on", where, MAX_KEY)
        if on not in keys:
            raise _refuse(
                f"{where}: the condition waits for question “{on}”, "
                + (
                    "which comes later: a condition can only wait for a question asked before it."
                    if on in later
                    else "but no question has that key."
                )
            )
        result["condition"] = {"on": on, "value": _text(condition, "value", where, MAX_LINE)}
    if "key" in question:
        key = _text(question, "key", where, MAX_KEY)
        if key in keys:
            raise _refuse(f"{where}: the key “{key}” is already used by an earlier question.")
        keys.add(key)
        result["key"] = key
    return result


@command
def import_script(session: Session, spec: dict[str, Any], name: str | None = None) -> Script:
    """Create the script a file described, under ``name`` if given (the free name the user
    accepted when the file's name was taken). One transaction: all of it, or nothing.
    Undone, like any new script, by :func:`relman.workflows.scripts.take_back_script`."""
    return create_script(session, {**spec, "name": spec["name"] if name is None else name})


def import_name(session: Session, spec: dict[str, Any]) -> str:
    """The name an imported script would get: its own, or a free one like “X (2)”."""
    return free_name(session, spec["name"])
