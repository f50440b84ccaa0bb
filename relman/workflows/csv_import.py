"""Importing business units and contacts from a CSV file: check every row, report, then
create them all in one transaction, or none.

Each row is checked by the same workflow as a record typed into a form
(:func:`relman.workflows.portfolio.new_unit`, :func:`relman.workflows.contacts.new_contact`,
what ``create_unit`` and ``create_contact`` save), so that the import refuses exactly what
the form refuses and one bad row does not hide the next. On top of that the import looks for
what only a list can get wrong: a unit name that matches no unit, and duplicates (within the
file, or of records already there), against the names, units and e-mail addresses read once
at the start, so that a long file takes time in proportion to its rows. :func:`preview`
checks every row and writes nothing: it tells what the import would do, row by row.
:func:`import_rows` does the same and, only when no row has a problem, saves every record (a
few thousand per flush); otherwise it raises :class:`ImportRefused` and nothing is written.
The caller's transaction is the one transaction: it commits or rolls back as a whole. Both
report how far they got through ``progress``.

:func:`import_rows` is the named command ``import_rows(kind, file)`` (the window and
``relman import`` both run it through :func:`relman.workflows.commands.execute`); the audit
keeps its kind and row count, not the rows. Its inverse, :func:`take_back_import`, removes
what it made, refused whole if anyone has added to any of it since: :func:`rows_made`, read
in the importing transaction, is what it may take (see
:func:`relman.workflows.history.remove`). Redo is :func:`put_back_import`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RelmanError, ValidationError
from relman.models import BusinessUnit, Contact, Entity
from relman.storage.snapshot import Key, Snapshot, capture
from relman.workflows import history, plain
from relman.workflows.commands import command, undo_by
from relman.workflows.contacts import new_contact
from relman.workflows.csv_read import CsvFile, CsvRow
from relman.workflows.portfolio import new_unit

# the file read travels in the command that imports it
plain.record(CsvFile)
plain.record(CsvRow)

#: ``progress(done, total, what)``: how far the check (then the saving) has got
Progress = Callable[[int, int, str], None]
#: rows checked between two calls of ``progress``
PROGRESS_EVERY = 50
#: records written to the database at a time (all in the one transaction), between two
#: calls of ``progress``
SAVE_EVERY = 2_000
#: records whose rows :func:`rows_made` reads at a time (well under SQLite's limit of
#: parameters in one statement)
NOTE_EVERY = 500


@dataclass(frozen=True)
class ImportKind:
    noun: str
    plural: str
    table: str
    #: each header a file may use (lower case) and the column it means
    headers: dict[str, str]


KINDS = {
    "units": ImportKind(
        "unit",
        "units",
        "business_units",
        {
            "name": "name",
            "unit name": "name",
            "division": "division",
            "criticality": "criticality",
            "review every days": "review every days",
            "own service levels": "own service levels",
            "notes": "notes",
        },
    ),
    "contacts": ImportKind(
        "contact",
        "contacts",
        "contacts",
        {
            "name": "name",
            "title": "title",
            "job title": "title",
            "unit": "unit",
            "business unit": "unit",
            "email": "email",
            "e-mail": "email",
            "email address": "email",
            "e-mail address": "email",
            "phone": "phone",
            "telephone": "phone",
            "phone number": "phone",
            "notes": "notes",
        },
    ),
}


def headers_of(kind: str) -> dict[str, str]:
    """The headers the import of ``kind`` reads, for :func:`relman.workflows.csv_read`."""
    if kind not in KINDS:
        raise ValidationError("kind", f"relman imports {' and '.join(KINDS)}, not “{kind}”.")
    return KINDS[kind].headers


@dataclass(frozen=True)
class RowProblem:
    line: int  # in the file
    column: str  # "" when it concerns the whole row
    message: str


@dataclass(frozen=True)
class ImportPreview:
    """What importing the file would do: its rows, and every problem found in them."""

    kind: str
    file: CsvFile
    problems: tuple[RowProblem, ...]

    @property
    def bad_lines(self) -> frozenset[int]:
        return frozenset(p.line for p in self.problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self, *, refused: bool = False) -> str:
        kind = KINDS[self.kind]
        total = len(self.file.rows)
        what = kind.noun if total == 1 else kind.plural
        if self.ok:
            return f"{total} {what} ready to import."
        bad = len(self.bad_lines)
        rows = "row has a problem" if bad == 1 else "rows have problems"
        if refused:
            return f"{bad} of {total} {rows}; nothing was imported."
        return f"{bad} of {total} {rows}; nothing is imported until every row is right."


class ImportRefused(RelmanError):
    """Some rows have problems: nothing was imported. ``preview`` lists them."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(preview.summary(refused=True))
        self.preview = preview


@plain.record
@dataclass(frozen=True)
class ImportResult:
    kind: str
    table: str
    ids: tuple[uuid.UUID, ...]

    def summary(self) -> str:
        kind = KINDS[self.kind]
        return f"Imported {len(self.ids)} {kind.noun if len(self.ids) == 1 else kind.plural}."


@dataclass
class _Seen:
    """What the rows so far (and the records already there) hold, to spot duplicates."""

    units: dict[str, tuple[uuid.UUID, bool]] = field(default_factory=dict)  # name → id, archived
    names: dict[tuple[str, uuid.UUID | None], int] = field(default_factory=dict)  # → line
    emails: dict[str, int] = field(default_factory=dict)  # → line (0: already there)
    records: list[BusinessUnit] = field(default_factory=list)


def _load_seen(session: Session, kind: str) -> _Seen:
    seen = _Seen()
    if kind == "contacts":
        # held as loaded records: create_contact's look-up of the unit then finds it in the
        # session instead of querying it once per row
        seen.records = list(session.scalars(select(BusinessUnit)))
        for unit in seen.records:
            seen.units[unit.name.casefold()] = (unit.id, unit.archived_at is not None)
        for name, unit_id, email in session.execute(
            select(Contact.name, Contact.unit_id, Contact.email)
        ):
            seen.names[(name.casefold(), unit_id)] = 0
            if email:
                seen.emails[email.casefold()] = 0
    else:
        for (name,) in session.execute(select(BusinessUnit.name)):
            seen.names[(name.casefold(), None)] = 0
    return seen


def _duplicate(row: CsvRow, column: str, first: int, what: str, there: str) -> RowProblem:
    """``first`` is the line of the row it duplicates, 0 for a record already there."""
    where = f"line {first} has the same {what}" if first else there
    return RowProblem(row.line, column, f"Duplicate: {where}.")


def _unit_problems(row: CsvRow, seen: _Seen) -> list[RowProblem]:
    name = row.values["name"].strip().casefold()
    first = seen.names.setdefault((name, None), row.line)
    if name and first != row.line:
        there = "a unit of that name already exists"
        return [_duplicate(row, "name", first, "unit name", there)]
    return []


#: the column of a workflow's field where the two are named apart
FIELD_COLUMNS = {"review_every_days": "review every days"}
YES, NO = ("yes", "y", "true", "1", "x"), ("no", "n", "false", "0", "")


def _yes_no(column: str, value: str) -> bool:
    text = value.strip().casefold()
    if text in YES or text in NO:
        return text in YES
    raise ValidationError(column, f"“{value}” is neither yes nor no.")


def _new_unit(session: Session, row: CsvRow, _unit: uuid.UUID | None) -> Entity:
    v = row.values
    return new_unit(
        session,
        v["name"],
        division=v.get("division", ""),
        criticality=v.get("criticality", "").strip().lower() or "medium",  # type: ignore[arg-type]
        notes=v.get("notes", ""),
        review_every_days=v.get("review every days", "").strip() or 30,  # type: ignore[arg-type]
        own_service_levels=_yes_no("own service levels", v.get("own service levels", "")),
        name_is_free=True,  # checked against every name by _unit_problems
    )


def _contact_problems(row: CsvRow, seen: _Seen) -> tuple[list[RowProblem], uuid.UUID | None]:
    """Unknown unit and duplicates of a contact row; the unit's id when it is known."""
    problems: list[RowProblem] = []
    unit_name = row.values.get("unit", "").strip()
    unit_id = None
    if unit_name:
        found = seen.units.get(unit_name.casefold())
        if found is None:
            problems.append(
                RowProblem(
                    row.line,
                    "unit",
                    f"Unknown unit “{unit_name}”: no unit has that name. Correct it, or "
                    "import the units first.",
                )
            )
        elif found[1]:
            problems.append(RowProblem(row.line, "unit", f"The unit “{unit_name}” is archived."))
        else:
            unit_id = found[0]
    name = row.values["name"].strip().casefold()
    if name and not any(p.column == "unit" for p in problems):
        first = seen.names.setdefault((name, unit_id), row.line)
        if first != row.line:
            there = "a contact of that name is already in that unit"
            problems.append(_duplicate(row, "name", first, "name in the same unit", there))
    email = row.values.get("email", "").strip().casefold()
    if email:
        first = seen.emails.setdefault(email, row.line)
        if first != row.line:
            there = "a contact already has this e-mail address"
            problems.append(_duplicate(row, "email", first, "e-mail address", there))
    return problems, unit_id


def _new_contact(session: Session, row: CsvRow, unit_id: uuid.UUID | None) -> Entity:
    v = row.values
    return new_contact(
        session,
        v["name"],
        unit_id=unit_id,
        title=v.get("title", ""),
        email=v.get("email", "").strip(),
        phone=v.get("phone", ""),
        notes=v.get("notes", ""),
    )


def _check(
    session: Session, kind: str, file: CsvFile, progress: Progress | None
) -> tuple[list[RowProblem], list[Entity]]:
    """Check every row as the form would; the problems found and the records made of the
    rows (checked, not yet added to the session). Nothing is written."""
    headers_of(kind)
    seen = _load_seen(session, kind)
    problems: list[RowProblem] = []
    records: list[Entity] = []
    total = len(file.rows)
    for done, row in enumerate(file.rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total, f"Checking row {done + 1:,} of {total:,}")
        found: list[RowProblem] = []
        if row.extra:
            found.append(
                RowProblem(row.line, "", "The row has more cells than the header has columns.")
            )
        if kind == "units":
            found += _unit_problems(row, seen)
            unit_id, make = None, _new_unit
        else:
            more, unit_id = _contact_problems(row, seen)
            found += more
            make = _new_contact
        try:
            records.append(make(session, row, unit_id))
        except ValidationError as exc:
            column = FIELD_COLUMNS.get(exc.field, exc.field)
            if all(p.column != column for p in found):  # one message per cell
                found.append(RowProblem(row.line, column, exc.message))
        except RelmanError as exc:
            found.append(RowProblem(row.line, "", exc.message))
        problems += found
    if progress is not None:
        progress(total, total, "")
    return problems, records


def preview(
    session: Session, kind: str, file: CsvFile, progress: Progress | None = None
) -> ImportPreview:
    """What importing ``file`` would do: every row checked, nothing written."""
    problems, _records = _check(session, kind, file, progress)
    return ImportPreview(kind, file, tuple(problems))


def _brief(args: dict[str, object]) -> dict[str, object]:
    """What the audit keeps of an import: its kind and how many rows, not the rows."""
    file = args["file"]
    return {"kind": args["kind"], "rows": len(file.rows) if isinstance(file, CsvFile) else 0}


def _brief_records(args: dict[str, object]) -> dict[str, object]:
    """What the audit keeps of an import's undo or redo: its kind and how many records."""
    many = args.get("ids", args.get("snapshots"))
    return {"kind": args["kind"], "records": len(many) if isinstance(many, tuple | list) else 0}


@command(brief=_brief)
def import_rows(
    session: Session, kind: str, file: CsvFile, progress: Progress | None = None
) -> ImportResult:
    """Create every row of ``file``, or raise :class:`ImportRefused` having written nothing.
    The caller's transaction commits or rolls back the whole import. Undone by
    :func:`take_back_import`."""
    problems, records = _check(session, kind, file, progress)
    if problems:
        raise ImportRefused(ImportPreview(kind, file, tuple(problems)))
    total, plural = len(records), KINDS[kind].plural
    saving = session.begin_nested()  # a failure (or Cancel) halfway leaves nothing behind
    try:
        for start in range(0, total, SAVE_EVERY):
            if progress is not None:
                progress(start, total, f"Saving {plural}: {start:,} of {total:,}")
            session.add_all(records[start : start + SAVE_EVERY])
            session.flush()  # the ids are given here
    except BaseException:
        saving.rollback()
        raise
    saving.commit()
    result = ImportResult(kind, KINDS[kind].table, tuple(r.id for r in records))
    # what the undo may take: what the import made, noted in its own transaction
    undo_by(
        session, "take_back_import", kind=kind, ids=result.ids, known=rows_made(session, result)
    )
    if progress is not None:
        progress(total, total, "")
    return result


@command(brief=_brief_records)
def take_back_import(
    session: Session, kind: str, ids: tuple[uuid.UUID, ...], known: frozenset[Key]
) -> None:
    """Undo an import: remove every record it made, or none (refused, naming whose work it
    is) if anyone has added to one of them since ``known`` was noted."""
    headers_of(kind)  # a known kind
    table = KINDS[kind].table
    snapshots = tuple(history.remove(session, table, i, known=known, done="undone") for i in ids)
    undo_by(session, "put_back_import", kind=kind, snapshots=snapshots)


@command(brief=_brief_records)
def put_back_import(session: Session, kind: str, snapshots: tuple[Snapshot, ...]) -> None:
    """Redo an import that was undone: put back exactly what the undo took."""
    for snapshot in snapshots:
        history.put_back(session, snapshot)
    known = frozenset().union(*(s.keys() for s in snapshots))
    ids = tuple(s.rows[0][1]["id"] for s in snapshots)
    undo_by(session, "take_back_import", kind=kind, ids=ids, known=known)


def rows_made(session: Session, result: ImportResult) -> frozenset[Key]:
    """What the import made: for each record it created, the rows that removing it would take
    and the references it would unlink (as :func:`relman.workflows.history.rows_of` says
    for one record), read a few hundred records at a time. Read in the importing
    transaction, it is the ``known`` of the import's undo, which then refuses to take
    anything someone added since."""
    ids = list(result.ids)
    return frozenset().union(
        *(
            capture(session, result.table, ids[start : start + NOTE_EVERY]).keys()
            for start in range(0, len(ids), NOTE_EVERY)
        )
    )
