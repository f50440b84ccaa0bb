"""The large demo: ten years of a big IT department, written in bulk for benchmarks.

Everything comes from one :class:`random.Random` seeded with ``seed`` — ids, dates, text —
so a seed (and the day it is built, since the timeline ends today) always gives the same
data. Rows are generated as plain dicts and written in bulk, one transaction per phase: on
SQLite as multi-row statements through the driver (see :func:`_write`), elsewhere with
SQLAlchemy Core ``executemany``. The full-text triggers index the rows as they go in.

The data obeys the method's rules where a reader can see them: a contact's ``is_key``
follows from their latest assessment, an expectation's events lead to its status, agreed
expectations carry their terms and measurements (misses explained), escalations carry the
events of their status, interviews hold answers only to questions of their script version
(and conditional ones only when the earlier answer calls for them).

At ``scale=1.0``: 320 units, 71 staff, 80 services, 6,000 contacts, 30,000 interviews,
20,000 expectations, 3,000 escalations, and well over 100,000 free-text records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    String,
    Table,
    Uuid,
    bindparam,
    select,
)
from sqlalchemy.orm import Session

from relman.demo import Progress
from relman.demo.large_words import (
    CHANGE_NOTES,
    DIVISIONS,
    EVENTS,
    FIRST_NAMES,
    LAST_NAMES,
    LOCATIONS,
    POOLS,
    REGIONS,
    SCRIPTS,
    SERVICES,
    SPREAD,
    SURVEY_QUESTIONS,
    T_ACTION,
    T_AGREED,
    T_ANSWER,
    T_ASSESS_NO,
    T_ASSESS_YES,
    T_CONTACT_NOTE,
    T_CORRECTION,
    T_DELIVERED,
    T_DISAGREED,
    T_DISCUSSED,
    T_ESC_DISCUSSED,
    T_ESC_NO_AGREEMENT,
    T_ESC_RESOLVED,
    T_ESC_SUMMARY,
    T_ESC_WITHDRAWN,
    T_EXP_NOTE,
    T_GOALS,
    T_ISSUE_DESC,
    T_ISSUE_TITLE,
    T_MISS_CAUSE,
    T_MISS_PREVENTION,
    T_MISS_RESOLUTION,
    T_NOTES,
    T_PLANNED,
    T_PROPOSE_CUSTOMER,
    T_PROPOSE_IT,
    T_STATEMENT,
    T_SUMMARY,
    T_SURVEY_COMMENT,
    T_UNIT_NOTE,
    T_UNREASONABLE,
    T_VALIDATED,
    T_WITHDRAWN,
    TARGETS,
)
from relman.models import (
    DEFAULT_DIRECTION,
    ActionItem,
    AgendaItem,
    AgendaKind,
    Answer,
    Assessment,
    AssessmentCriterion,
    BusinessUnit,
    Contact,
    Criticality,
    Dependence,
    Direction,
    Escalation,
    EscalationEvent,
    EscalationEventKind,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    GoalsMet,
    Interview,
    InterviewStatus,
    KeyCriterion,
    Measurement,
    MeasurementCorrection,
    MeasurementType,
    Meeting,
    MeetingKind,
    Party,
    Question,
    QuestionKind,
    Script,
    ScriptSection,
    ScriptVersion,
    Service,
    Staff,
    StaffRole,
    SupportIssue,
    SupportIssueRating,
    Survey,
    SurveyQuestion,
    SurveyScore,
    UnitService,
    interview_contacts,
    is_key,
    meeting_contacts,
    meeting_staff,
    unit_rms,
)
from relman.models.base import UTCDateTime
from relman.storage import Database
from relman.workflows.meetings import planned_items

UTC = dt.UTC
CANCELLED = "Cancelled: "
YEARS = 10
CHUNK = 5000  # rows per executemany
#: how often a unit's head expects a review meeting, by how much the unit depends on IT
REVIEW_EVERY_DAYS = {
    Criticality.CRITICAL: 30,
    Criticality.HIGH: 30,
    Criticality.MEDIUM: 60,
    Criticality.LOW: 90,
}

# Sizes at scale 1.0.
N_UNITS = 320
N_RMS = 60
N_MANAGERS = 10
N_SERVICES = 80
N_CONTACTS = 6000
N_INTERVIEWS = 30_000
N_EXPECTATIONS = 20_000
N_SUPPORT_ISSUES = 5000
N_OTHER_MEETINGS = 800

# Share of expectations per final status; escalations: ESCALATED + the two "via escalation".
STATUS_SHARE = (
    (ExpectationStatus.STATED, 0.06),
    (ExpectationStatus.VALIDATED, 0.05),
    (ExpectationStatus.NEGOTIATING, 0.08),
    (ExpectationStatus.ESCALATED, 0.04),
    (ExpectationStatus.DISAGREED, 0.09),
    (ExpectationStatus.WITHDRAWN, 0.18),
)  # AGREED takes the rest (0.50)
AGREED_VIA_ESCALATION = 0.065
CORRECTED_SHARE = 0.03  # measurements whose value was corrected once
DISAGREED_VIA_ESCALATION = 0.045


def _t(table: Any) -> Table:
    return table if isinstance(table, Table) else table.__table__


# --------------------------------------------------------------------------------------------
# Writing. On SQLite a table's rows go first into a temporary staging table (no index, no
# trigger) through the driver's executemany, each value converted here to exactly what the
# column's SQLAlchemy type would store (the demo's test checks this column by column); then
# one INSERT ... SELECT moves them into the table. Two reasons: SQLAlchemy's per-value
# processing would cost more than the rest of the build, and the search index's triggers are
# far cheaper in one statement than in one statement per row (FTS5 flushes its pending terms
# at the end of every statement, so a row-by-row executemany writes a tiny index segment per
# row and then keeps merging them). Other databases get Core executemany.


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given; relman stores timezone-aware UTC times")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00"


def _hex(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _member(value: Any) -> Any:
    return None if value is None else value.value


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _converter(column: Any) -> Any:
    """What turns a Python value into what SQLite stores for ``column`` (None: as it is)."""
    kind = column.type
    if isinstance(kind, Uuid):
        return _hex
    if isinstance(kind, UTCDateTime):
        return _stamp
    if isinstance(kind, DateTime):
        raise TypeError(f"{column}: naive DateTime columns are not expected")
    if isinstance(kind, Date):
        return _iso
    if isinstance(kind, Enum):
        return _member
    if isinstance(kind, Boolean):
        return _flag
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, (String, Integer, Float)):  # Text is a String
        return None
    raise TypeError(f"{column}: no conversion for {kind!r}")


def _write(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        stmt = table.insert()
        for i in range(0, len(rows), CHUNK):
            session.execute(stmt, rows[i : i + CHUNK])
        return
    names = tuple(rows[0])
    convert = [(name, _converter(table.c[name])) for name in names]
    cols = ", ".join(f'"{n}"' for n in names)
    stage = f'"temp"."stage_{table.name}"'
    raw = session.connection().connection.driver_connection
    raw.execute(f'CREATE TEMP TABLE {stage} AS SELECT {cols} FROM "{table.name}" WHERE 0')
    try:
        insert = f"INSERT INTO {stage} VALUES ({','.join('?' * len(names))})"
        for start in range(0, len(rows), CHUNK):
            batch = rows[start : start + CHUNK]
            columns = []
            for name, conv in convert:
                values = list(map(itemgetter(name), batch))
                columns.append(values if conv is None else list(map(conv, values)))
            raw.executemany(insert, zip(*columns, strict=True))
        raw.execute(
            f'INSERT INTO "{table.name}" ({cols}) SELECT {cols} FROM {stage} ORDER BY rowid'
        )
    finally:
        raw.execute(f"DROP TABLE {stage}")


FREE_TEXT = (QuestionKind.OPEN, QuestionKind.RESTATEMENT)
_SLOT = re.compile(r"\{(\w+)\}")
_A_AN = re.compile(r"\b([Aa]) ([aeioAEIO])")  # "a outage" -> "an outage"


class _Text:
    """Fills phrase templates from the word pools; ``{Slot}`` capitalises the word.

    For speed, each template is filled :data:`FRAMES` times up front with every slot but the
    late ones (the service, a target, a frequency: what the caller usually knows), and a text
    is one of those frames with its late slots filled in."""

    LATE = frozenset({"service", "target", "frequency"})
    FRAMES = 200

    def __init__(self, rng: random.Random, services: Sequence[str]):
        self.rng = rng
        self.pools = {**POOLS, "service": tuple(services)}
        self._frames: dict[str, list[str]] = {}

    def _word(self, slot: str, given: dict[str, str]) -> str:
        key = slot.lower()
        word = given[key] if key in given else self.rng.choice(self.pools[key])
        return word[:1].upper() + word[1:] if slot[0].isupper() else word

    def _frame(self, parts: list[str]) -> str:
        out = [parts[0]]
        for i in range(1, len(parts), 2):
            slot = parts[i]
            out.append("{" + slot + "}" if slot.lower() in self.LATE else self._word(slot, {}))
            out.append(parts[i + 1])
        return _A_AN.sub(r"\1n \2", "".join(out))

    def fill(self, template: str, **given: str) -> str:
        frames = self._frames.get(template)
        if frames is None:
            parts = _SLOT.split(template)
            frames = self._frames[template] = [self._frame(parts) for _ in range(self.FRAMES)]
        text = self.rng.choice(frames)
        if "{" in text:
            text = _SLOT.sub(lambda m: self._word(m.group(1), given), text)
        return text[:1].upper() + text[1:]

    def one(self, templates: Sequence[str], **given: str) -> str:
        return self.fill(self.rng.choice(templates), **given)

    def some(self, templates: Sequence[str], low: int, high: int, **given: str) -> str:
        return " ".join(self.one(templates, **given) for _ in range(self.rng.randint(low, high)))


# --------------------------------------------------------------------------------------------
# Dates


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _periods(freq: Frequency, after: dt.date, before: dt.date, limit: int) -> list:
    """Up to ``limit`` most recent complete periods of ``freq`` that start on or after
    ``after`` and end before ``before``: (label, last day), oldest first."""
    out: list[tuple[str, dt.date]] = []
    if freq is Frequency.WEEKLY:
        start = before - dt.timedelta(days=before.weekday() + 7)
        while len(out) < limit and start >= after:
            end = start + dt.timedelta(days=6)
            out.append((start.strftime("%G-W%V"), end))
            start -= dt.timedelta(days=7)
    elif freq is Frequency.MONTHLY:
        start = _add_months(_month_start(before), -1)
        while len(out) < limit and start >= after:
            end = _add_months(start, 1) - dt.timedelta(days=1)
            out.append((start.strftime("%Y-%m"), end))
            start = _add_months(start, -1)
    else:
        first = dt.date(before.year, 3 * ((before.month - 1) // 3) + 1, 1)
        start = _add_months(first, -3)
        while len(out) < limit and start >= after:
            end = _add_months(start, 3) - dt.timedelta(days=1)
            out.append((_quarter(start), end))
            start = _add_months(start, -3)
    out.reverse()
    return out


class _Unit:
    __slots__ = (
        "contacts",
        "criticality",
        "division",
        "head",
        "id",
        "interview_times",
        "interviews",
        "keys",
        "name",
        "rms",
        "services",
        "start",
    )

    def __init__(self, id_: uuid.UUID, name: str, division: str, start: dt.date):
        self.id = id_
        self.name = name
        self.division = division
        self.start = start
        self.head: uuid.UUID | None = None
        self.contacts: list[uuid.UUID] = []
        self.keys: list[uuid.UUID] = []
        self.rms: list[uuid.UUID] = []
        self.services: list[tuple[uuid.UUID, str]] = []
        self.interviews: list[tuple[dt.datetime, uuid.UUID, uuid.UUID]] = []  # sorted later
        self.interview_times: list[dt.datetime] = []
        self.criticality = Criticality.MEDIUM


class _Rows:
    """The rows of expectations and what hangs off them, gathered before writing."""

    def __init__(self) -> None:
        self.exp_rows: list[dict[str, Any]] = []
        self.ev_rows: list[dict[str, Any]] = []
        self.m_rows: list[dict[str, Any]] = []
        self.correction_rows: list[dict[str, Any]] = []
        self.esc_rows: list[dict[str, Any]] = []
        self.esc_ev_rows: list[dict[str, Any]] = []


class _Builder:
    s: Session  # the session of the phase being written

    def __init__(self, seed: int, scale: float, today: dt.date):
        self.rng = random.Random(seed)
        self.scale = scale
        self.today = today
        self.now = dt.datetime.combine(today, dt.time(), UTC)  # everything past is before this
        self.start = _years_before(today, YEARS) + dt.timedelta(days=1)
        self.units: list[_Unit] = []
        self.staff_manager: dict[uuid.UUID, uuid.UUID | None] = {}
        self.inactive_rms: list[uuid.UUID] = []
        self.contact_created: dict[uuid.UUID, dt.datetime] = {}
        self.contact_manager: dict[uuid.UUID, uuid.UUID | None] = {}

    # helpers ----------------------------------------------------------------------------
    def n(self, base: int, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale))

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        span = (hi - lo).days
        return lo + dt.timedelta(days=self.rng.randint(0, max(0, span)))

    def at_work(self, day: dt.date) -> dt.datetime:
        """A time in office hours on ``day`` (moved off weekends)."""
        if day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
        minutes = self.rng.randrange(8 * 60, 17 * 60 + 30, 5)
        return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=UTC)

    def past(self, moment: dt.datetime) -> dt.datetime:
        """``moment``, or a moment just before now if it would be in the future."""
        if moment < self.now:
            return moment
        return self.now - dt.timedelta(minutes=self.rng.randint(30, 3000))

    def later(self, moment: dt.datetime, lo_days: float, hi_days: float) -> dt.datetime:
        """A moment some days after ``moment``, but never in the future: if it would be, half
        way between ``moment`` and now (so a sequence of steps keeps its order)."""
        minutes = self.rng.randint(int(lo_days * 1440), int(hi_days * 1440))
        result = moment + dt.timedelta(minutes=minutes)
        if result < self.now or moment >= self.now:
            return result
        return moment + (self.now - moment) / 2

    def row(
        self,
        created: dt.datetime,
        updated: dt.datetime | None = None,
        version: int = 1,
        id_: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        return {
            "id": id_ or self.uid(),
            "created_at": created,
            "updated_at": updated or created,
            "version": version,
        }

    def write(self, table: Any, rows: list[dict[str, Any]]) -> None:
        _write(self.s, _t(table), rows)

    def rm_for(self, unit: _Unit, when: dt.datetime) -> uuid.UUID:
        if (
            self.inactive_rms
            and (when.date() - self.start).days < 5 * 365
            and self.rng.random() < 0.2
        ):
            return self.rng.choice(self.inactive_rms)
        return self.rng.choice(unit.rms)

    # phases -----------------------------------------------------------------------------
    def staff_and_services(self) -> None:
        rng = self.rng
        t0 = dt.datetime.combine(self.start, dt.time(9), UTC)
        used: set[str] = set()

        def person() -> str:
            for _ in range(50):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if name not in used:
                    used.add(name)
                    return name
            return name

        def email(name: str) -> str:
            return name.lower().replace(" ", ".").replace("'", "") + "@it.jeans-r-us.example"

        staff_rows = []
        head = self.uid()
        name = person()
        staff_rows.append(
            {
                **self.row(t0, id_=head),
                "name": name,
                "email": email(name),
                "role": StaffRole.HEAD_OF_IT,
                "reports_to_id": None,
                "active": True,
            }
        )
        managers = []
        for _ in range(self.n(N_MANAGERS, 2)):
            mid = self.uid()
            name = person()
            managers.append(mid)
            self.staff_manager[mid] = head
            staff_rows.append(
                {
                    **self.row(t0, id_=mid),
                    "name": name,
                    "email": email(name),
                    "role": StaffRole.MANAGER,
                    "reports_to_id": head,
                    "active": True,
                }
            )
        self.active_rms: list[uuid.UUID] = []
        n_rms = self.n(N_RMS, 3)
        n_inactive = round(n_rms * 0.13)
        for i in range(n_rms):
            rid = self.uid()
            name = person()
            boss = managers[i % len(managers)]
            self.staff_manager[rid] = boss
            active = i >= n_inactive
            (self.active_rms if active else self.inactive_rms).append(rid)
            created = self.at_work(
                self.day_between(self.start, self.start + dt.timedelta(days=900))
            )
            updated = (
                created
                if active
                else self.at_work(
                    self.day_between(
                        self.start + dt.timedelta(days=1200), self.today - dt.timedelta(days=400)
                    )
                )
            )
            staff_rows.append(
                {
                    **self.row(created, updated, 1 if active else 2, rid),
                    "name": name,
                    "email": email(name),
                    "role": StaffRole.RM,
                    "reports_to_id": boss,
                    "active": active,
                }
            )
        self.managers = managers
        self.write(Staff, staff_rows)

        self.services: list[tuple[uuid.UUID, str]] = []
        rows = []
        for name, description, team in SERVICES[: self.n(N_SERVICES, 12)]:
            sid = self.uid()
            owner = f"{team[:1].upper()}{team[1:]} ({person()})"
            created = t0 + dt.timedelta(days=rng.randint(0, 60))
            rows.append(
                {
                    **self.row(created, id_=sid),
                    "name": name,
                    "description": description,
                    "owner": owner,
                }
            )
            self.services.append((sid, name))
        self.write(Service, rows)
        self.text = _Text(rng, [name for _, name in self.services])

    def units_and_contacts(self) -> None:
        rng = self.rng
        text = self.text
        names = [
            (div, f"{func} {region}")
            for div, funcs in DIVISIONS.items()
            for func in funcs
            for region in REGIONS
        ]
        rng.shuffle(names)
        n_units = self.n(N_UNITS, 3)
        unit_rows, us_rows, ur_rows = [], [], []
        rm_load = {r: 0 for r in self.active_rms}
        for division, name in sorted(names[:n_units], key=lambda p: p[1]):
            late = rng.random() < 0.25
            start = (
                self.day_between(self.start, self.today - dt.timedelta(days=700))
                if late
                else self.start
            )
            unit = _Unit(self.uid(), name, division, start)
            unit.criticality = rng.choices(list(Criticality), (2, 5, 3, 1))[0]
            self.units.append(unit)
            created = self.at_work(start)
            k = rng.randint(5, 14)
            for sid, sname in rng.sample(self.services, min(k, len(self.services))):
                unit.services.append((sid, sname))
                us_rows.append(
                    {
                        **self.row(self.later(created, 0, 60)),
                        "unit_id": unit.id,
                        "service_id": sid,
                        "dependence": rng.choices(list(Dependence), (2, 4, 3, 1))[0],
                    }
                )
            # RMs: the least loaded first, sometimes a second one
            order = sorted(rm_load, key=lambda r: (rm_load[r], rng.random()))
            unit.rms = order[: 2 if rng.random() < 0.25 else 1]
            for r in unit.rms:
                rm_load[r] += 1
                ur_rows.append({"unit_id": unit.id, "staff_id": r})
            unit_rows.append(
                {
                    **self.row(created, self.later(created, 30, 400), rng.randint(1, 4), unit.id),
                    "name": name,
                    "division": division,
                    "head_id": None,
                    "criticality": unit.criticality,
                    "own_service_levels": rng.random() < 0.15,
                    "notes": text.one(T_UNIT_NOTE, service=unit.services[0][1]),
                    "review_every_days": REVIEW_EVERY_DAYS[unit.criticality],
                }
            )
        self.write(BusinessUnit, unit_rows)
        self.write(UnitService, us_rows)
        self.write(unit_rms, ur_rows)

        # contacts: at least three per unit, the rest spread unevenly
        n_contacts = max(self.n(N_CONTACTS), 3 * n_units)
        weights = [rng.uniform(0.3, 2.0) for _ in self.units]
        counts = [3] * n_units
        for i in rng.choices(range(n_units), weights, k=n_contacts - 3 * n_units):
            counts[i] += 1
        contact_rows, heads = [], []
        division_head: dict[str, uuid.UUID] = {}
        for unit, count in zip(self.units, counts, strict=True):
            function = unit.name.rsplit(" ", 1)[0]
            for j in range(count):
                cid = self.uid()
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                name = f"{first} {last}"
                if j == 0:
                    title = f"Head of {unit.name}"
                    created = self.at_work(unit.start)
                    manager = division_head.get(unit.division)
                    if manager is None:
                        division_head[unit.division] = cid
                    unit.head = cid
                    heads.append({"b_id": unit.id, "b_head": cid, "b_updated": None})
                else:
                    title = rng.choice(
                        (
                            "Manager",
                            "Team Lead",
                            "Analyst",
                            "Coordinator",
                            "Specialist",
                            "Supervisor",
                            "Planner",
                            "Director",
                        )
                    )
                    title = f"{function} {title}" if rng.random() < 0.6 else title
                    created = self.at_work(
                        self.day_between(unit.start, self.today - dt.timedelta(days=60))
                    )
                    manager = unit.head
                unit.contacts.append(cid)
                self.contact_created[cid] = created
                self.contact_manager[cid] = manager
                slug = f"{first}.{last}".lower().replace("'", "")
                suffix = rng.randint(1, 99) if rng.random() < 0.3 else ""
                phone = (
                    f"+{rng.choice((31, 32, 33, 34, 39, 44, 45, 46, 48, 49))} "
                    f"{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                )
                contact_rows.append(
                    {
                        **self.row(created, self.later(created, 0, 30), 1, cid),
                        "name": name,
                        "title": title,
                        "unit_id": unit.id,
                        "email": f"{slug}{suffix}@jeans-r-us.example",
                        "phone": phone,
                        "manager_id": manager,
                        "notes": text.one(T_CONTACT_NOTE),
                        "is_key": False,
                    }
                )
        self.assessment_rows = self._assess({r["id"]: r for r in contact_rows})
        # Each contact is written after their manager: division heads (no manager), then the
        # other unit heads, then everyone else.
        heads_set = {h["b_head"] for h in heads}
        contact_rows.sort(
            key=lambda r: 0 if r["manager_id"] is None else 1 if r["id"] in heads_set else 2
        )
        self.write(Contact, contact_rows)
        # The heads close the circle unit -> head -> unit: set them now, keeping the units'
        # own updated_at (a Core UPDATE would otherwise stamp it with the clock).
        updated = {r["id"]: r["updated_at"] for r in unit_rows}
        for h in heads:
            h["b_updated"] = updated[h["b_id"]]
        table = _t(BusinessUnit)
        self.s.execute(
            table.update()
            .where(table.c.id == bindparam("b_id"))
            .values(head_id=bindparam("b_head"), updated_at=bindparam("b_updated")),
            heads,
        )

    def _assess(self, contacts: dict[uuid.UUID, dict[str, Any]]) -> list[dict[str, Any]]:
        """Assessments of most contacts, each answering the criteria in use (rows of
        ``assessment_criteria``, kept in ``self.criterion_rows``); each contact's ``is_key``
        follows its latest one by the rule of relman.models.contacts."""
        rng = self.rng
        text = self.text
        rows = []
        in_use = list(
            self.s.execute(
                select(KeyCriterion.id, KeyCriterion.excludes_unreasonable)
                .where(KeyCriterion.archived_at.is_(None))
                .order_by(KeyCriterion.position)
            )
        )
        self.criterion_rows: list[dict[str, Any]] = []
        for unit in self.units:
            for cid in unit.contacts:
                head = cid == unit.head
                if not head and rng.random() < 0.3:
                    continue
                # one criterion met is enough to be key: most contacts meet none or few
                lean = rng.uniform(0.02, 0.3) if not head else rng.uniform(0.3, 0.8)
                created = self.contact_created[cid].date()
                span = (self.today - created).days
                times = sorted(
                    rng.sample(range(7, max(9, span)), min(rng.randint(1, 3), max(1, span - 8)))
                )
                latest = False
                for k, offset in enumerate(times):
                    day = created + dt.timedelta(days=offset)
                    criteria = [rng.random() < lean for _ in in_use]
                    unreasonable = rng.random() < 0.07
                    if unreasonable:  # shared, reasonable expectations cannot go with it
                        criteria = [
                            yes and not excludes
                            for yes, (_k, excludes) in zip(criteria, in_use, strict=True)
                        ]
                    notes = [
                        text.fill(
                            T_ASSESS_YES[i % 7] if yes else T_ASSESS_NO[i % 7],
                            service=rng.choice(unit.services)[1],
                        )
                        if rng.random() < 0.45
                        else ""
                        for i, yes in enumerate(criteria)
                    ]
                    key = is_key(criteria, unreasonable)
                    at = self.at_work(day)
                    assessment = self.row(at)
                    self.criterion_rows.extend(
                        {
                            **self.row(at, id_=uuid.uuid5(assessment["id"], criterion.hex)),
                            "assessment_id": assessment["id"],
                            "criterion_id": criterion,
                            "met": yes,
                            "note": note,
                        }
                        for (criterion, _x), yes, note in zip(in_use, criteria, notes, strict=True)
                    )
                    rows.append(
                        {
                            **assessment,
                            "contact_id": cid,
                            "assessor_id": self.rm_for(unit, at),
                            "assessed_on": day,
                            "unreasonable": unreasonable,
                            "unreasonable_note": text.one(T_UNREASONABLE) if unreasonable else "",
                            "override": False,
                            "override_note": "",
                            "is_key": key,
                        }
                    )
                    latest = key if k == len(times) - 1 else latest
                contact = contacts[cid]
                contact["is_key"] = latest
                contact["updated_at"] = max(contact["updated_at"], rows[-1]["created_at"])
                contact["version"] += len(times)
                if latest:
                    unit.keys.append(cid)
        return rows

    def assessments(self) -> None:
        self.write(Assessment, self.assessment_rows)
        self.write(AssessmentCriterion, self.criterion_rows)
        del self.assessment_rows, self.criterion_rows

    def scripts(self) -> None:
        rng = self.rng
        script_rows, version_rows, section_rows, question_rows = [], [], [], []
        # per script: its versions in order, to find the one in force on a date
        self.script_versions: dict[uuid.UUID, list[tuple[dt.datetime, uuid.UUID, list]]] = {}
        span = (self.today - self.start).days
        for s_index, (name, purpose, versions) in enumerate(SCRIPTS):
            sid = self.uid()
            first = self.start + dt.timedelta(days=s_index * 40)
            later = (
                first + dt.timedelta(days=rng.randint(span // 4, span - 200)) for _ in versions[1:]
            )
            times = sorted(self.at_work(day) for day in [first, *later])
            script_rows.append(
                {
                    **self.row(times[0], times[-1], 1, sid),
                    "name": name,
                    "purpose": purpose,
                    "archived": False,
                }
            )
            for number, (sections, at) in enumerate(zip(versions, times, strict=True), start=1):
                vid = self.uid()
                version_rows.append(
                    {
                        **self.row(at, id_=vid),
                        "script_id": sid,
                        "number": number,
                        "change_note": "First version"
                        if number == 1
                        else CHANGE_NOTES[(number + s_index) % len(CHANGE_NOTES)],
                    }
                )
                flat: list[tuple] = []  # (question id, kind, choices, condition_value, cond index)
                for pos, (title, guidance, questions) in enumerate(sections, start=1):
                    sec_id = self.uid()
                    section_rows.append(
                        {
                            **self.row(at, id_=sec_id),
                            "version_id": vid,
                            "position": pos,
                            "title": title,
                            "guidance": guidance,
                        }
                    )
                    base = len(flat)
                    for q_pos, (kind, q_text, q_guidance, choices, cond) in enumerate(
                        questions, start=1
                    ):
                        qid = self.uid()
                        cond_id, cond_value, cond_index = None, "", None
                        if cond is not None:
                            # a condition names an earlier question of its section (0-based)
                            if not 0 <= cond[0] < q_pos - 1:
                                raise ValueError(f"bad condition in {name}: {q_text}")
                            cond_index = base + cond[0]
                            cond_id, cond_value = flat[cond_index][0], cond[1]
                        question_rows.append(
                            {
                                **self.row(at, id_=qid),
                                "section_id": sec_id,
                                "position": q_pos,
                                "kind": kind,
                                "text": q_text,
                                "guidance": q_guidance,
                                "choices": list(choices),
                                "condition_question_id": cond_id,
                                "condition_value": cond_value,
                            }
                        )
                        flat.append((qid, kind, choices, cond_value, cond_index))
                self.script_versions.setdefault(sid, []).append((at, vid, flat))
        self.write(Script, script_rows)
        self.write(ScriptVersion, version_rows)
        self.write(ScriptSection, section_rows)
        self.write(Question, question_rows)
        self.script_ids = [r["id"] for r in script_rows]
        self.script_weights = [6, 2, 1, 1][: len(self.script_ids)]

    def _answer(self, kind: QuestionKind, choices: Sequence[str], unit: _Unit) -> str:
        rng = self.rng
        if kind is QuestionKind.RATING:
            return str(rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 5, 3))[0])
        if kind is QuestionKind.YES_NO:
            return "yes" if rng.random() < 0.5 else "no"
        if kind is QuestionKind.CHOICE:
            return rng.choice(choices)
        service = rng.choice(unit.services)[1]
        if kind is QuestionKind.RESTATEMENT:
            return rng.choice(("Yes, that's it. ", "Not quite. ", "Mostly. ")) + self.text.one(
                T_ANSWER, service=service
            )
        return self.text.some(T_ANSWER, 1, 2, service=service)

    def interviews(self) -> None:
        rng = self.rng
        text = self.text
        n = self.n(N_INTERVIEWS)
        weights = [len(u.contacts) for u in self.units]
        horizon = self.today + dt.timedelta(days=30)
        iv_rows, link_rows, answer_rows, action_rows = [], [], [], []
        unit_picks = rng.choices(self.units, weights, k=n)
        for unit in unit_picks:
            pool = unit.keys if unit.keys and rng.random() < 0.75 else unit.contacts
            primary = rng.choice(pool)
            others = [
                c
                for c in rng.sample(
                    unit.contacts, min(len(unit.contacts), rng.choice((0, 0, 0, 1, 1, 2)))
                )
                if c != primary
            ]
            lo = self.contact_created[primary].date() + dt.timedelta(days=1)
            for c in others:
                lo = max(lo, self.contact_created[c].date() + dt.timedelta(days=1))
            day = self.day_between(lo, horizon)
            scheduled = self.at_work(day)
            if scheduled.date() < lo:
                scheduled += dt.timedelta(days=7)
            if self.now <= scheduled < self.now + dt.timedelta(days=1):
                scheduled += dt.timedelta(days=1)
            script = rng.choices(self.script_ids, self.script_weights)[0]
            versions = self.script_versions[script]
            _, vid, flat = versions[0]
            for v in versions:
                if v[0] <= scheduled:
                    _, vid, flat = v
            duration = rng.choice((30, 45, 60, 60, 60, 90))
            rm = self.rm_for(unit, scheduled)
            created = min(
                scheduled - dt.timedelta(days=rng.randint(2, 30)), self.now - dt.timedelta(hours=2)
            )
            created = min(max(created, self.contact_created[primary]), scheduled)
            iid = self.uid()
            started = finished = None
            notes = summary = ""
            version = 1
            if scheduled >= self.now:
                status = InterviewStatus.PLANNED
                updated = created
            elif scheduled > self.now - dt.timedelta(days=4) and rng.random() < 0.3:
                status = InterviewStatus.IN_PROGRESS
            elif rng.random() < 0.06:
                status = InterviewStatus.CANCELLED
            else:
                status = InterviewStatus.COMPLETED
            if status is InterviewStatus.CANCELLED:
                notes = CANCELLED + rng.choice(
                    (
                        "customer ill",
                        "clash with " + rng.choice(EVENTS),
                        "RM travelling",
                        "moved to next month",
                    )
                )
                updated = self.past(created + (scheduled - created) * rng.uniform(0.2, 0.95))
                version = 2
            elif status is not InterviewStatus.PLANNED:
                started = scheduled + dt.timedelta(minutes=rng.randint(0, 10))
                notes = text.some(T_NOTES, 2, 5, service=rng.choice(unit.services)[1])
                version = 3
                if status is InterviewStatus.COMPLETED:
                    finished = self.past(
                        started + dt.timedelta(minutes=duration + rng.randint(-10, 20))
                    )
                    summary = text.one(T_SUMMARY, service=rng.choice(unit.services)[1])
                    updated = finished
                    version = 4
                else:
                    updated = self.past(started + dt.timedelta(minutes=duration // 2))
                # answers: each question asked with some probability, conditions respected
                given: dict[int, str] = {}
                limit = len(flat) if status is InterviewStatus.COMPLETED else len(flat) // 2
                for index, (qid, kind, choices, cond_value, cond_index) in enumerate(flat[:limit]):
                    if cond_index is not None:
                        if not _condition_met(cond_value, given.get(cond_index)):
                            continue
                        chance = 0.8
                    else:
                        chance = 0.3 if kind in FREE_TEXT else 0.5
                    if rng.random() >= chance:
                        continue
                    value = self._answer(kind, choices, unit)
                    given[index] = value
                    at = self.past(started + dt.timedelta(minutes=3 + 4 * index))
                    answer_rows.append(
                        {
                            **self.row(at),
                            "interview_id": iid,
                            "question_id": qid,
                            "value": value,
                            "hidden": False,
                        }
                    )
                if status is InterviewStatus.COMPLETED and rng.random() < 0.2:
                    for _ in range(rng.randint(1, 2)):
                        action_rows.append(self._action(finished, unit, interview_id=iid))
                unit.interviews.append((finished or started, iid, primary))
            iv_rows.append(
                {
                    **self.row(created, updated, version, iid),
                    "script_version_id": vid,
                    "rm_id": rm,
                    "unit_id": unit.id,
                    "scheduled_at": scheduled,
                    "duration_minutes": duration,
                    "location": text.one(LOCATIONS),
                    "status": status,
                    "started_at": started,
                    "finished_at": finished,
                    "started_by_id": rm if started else None,
                    "finished_by_id": rm if finished else None,
                    "cancelled_by_id": rm if status is InterviewStatus.CANCELLED else None,
                    "cancelled_at": updated if status is InterviewStatus.CANCELLED else None,
                    "cancel_reason": notes.removeprefix(CANCELLED)
                    if status is InterviewStatus.CANCELLED
                    else "",
                    "notes": notes,
                    "summary": summary,
                }
            )
            link_rows.append({"interview_id": iid, "contact_id": primary})
            link_rows.extend({"interview_id": iid, "contact_id": c} for c in others)
        self.write(Interview, iv_rows)
        self.write(interview_contacts, link_rows)
        self.write(Answer, answer_rows)
        self.action_rows = action_rows
        for unit in self.units:
            unit.interviews.sort(key=lambda x: x[0])
            unit.interview_times = [x[0] for x in unit.interviews]

    def _action(
        self,
        when: dt.datetime,
        unit: _Unit,
        *,
        interview_id: uuid.UUID | None = None,
        meeting_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        due = when.date() + dt.timedelta(days=rng.choice((7, 14, 14, 21, 30, 45)))
        done_at = None
        version = 1
        if due < self.today - dt.timedelta(days=20):
            # nearly everything old was done; some recent ones are overdue
            if rng.random() < (0.995 if due < self.today - dt.timedelta(days=180) else 0.9):
                done_at = self.past(self.at_work(due - dt.timedelta(days=rng.randint(-10, 12))))
        elif rng.random() < 0.4:
            done_at = self.past(self.later(when, 1, 20))
        if done_at is not None and done_at < when:
            done_at = self.past(self.later(when, 0.1, 5))
        if done_at is not None:
            version = 2
        by_staff = rng.random() < 0.65
        return {
            **self.row(when, done_at or when, version),
            "meeting_id": meeting_id,
            "interview_id": interview_id,
            "text": self.text.one(T_ACTION, service=rng.choice(unit.services)[1]),
            "owner_staff_id": rng.choice(unit.rms) if by_staff else None,
            "owner_contact_id": None if by_staff else rng.choice(unit.contacts),
            "due_on": due,
            "done_at": done_at,
        }

    def expectations(self) -> None:
        rng = self.rng
        n = self.n(N_EXPECTATIONS)
        S = ExpectationStatus
        plan: list[tuple[ExpectationStatus, str]] = []
        for status, share in STATUS_SHARE:
            plan += [(status, "")] * max(1, round(n * share))
        via_agreed = max(1, round(n * AGREED_VIA_ESCALATION))
        via_disagreed = max(2, round(n * DISAGREED_VIA_ESCALATION))
        n_disagreed = sum(1 for p in plan if p[0] is S.DISAGREED)
        plan = [p for p in plan if p[0] is not S.DISAGREED]
        plan += [
            (S.DISAGREED, "esc-resolved" if i % 3 != 2 else "esc-withdrawn")
            for i in range(min(via_disagreed, n_disagreed))
        ]
        plan += [(S.DISAGREED, "")] * max(0, n_disagreed - via_disagreed)
        plan += [(S.AGREED, "esc")] * via_agreed
        plan += [(S.AGREED, "")] * max(1, n - len(plan))
        plan = plan[:n] if len(plan) > n else plan
        rng.shuffle(plan)

        out = _Rows()
        self.escalated_seen = 0
        for status, route in plan:
            self._expectation(status, route, out)
        self.write(Expectation, out.exp_rows)
        self.write(ExpectationEvent, out.ev_rows)
        self.write(Escalation, out.esc_rows)
        self.write(EscalationEvent, out.esc_ev_rows)
        self.m_rows = out.m_rows
        self.correction_rows = out.correction_rows

    def _expectation(self, status: ExpectationStatus, route: str, out: _Rows) -> None:
        """One expectation with its history, its escalation and measurements if any.

        ``route``: "" for the plain path to ``status``; "esc" (agreed when its escalation was
        resolved), "esc-resolved" (resolved without agreement) or "esc-withdrawn"."""
        rng = self.rng
        text = self.text
        S = ExpectationStatus
        unit = rng.choice(self.units)
        recent = status in (S.STATED, S.VALIDATED, S.NEGOTIATING, S.ESCALATED)
        window = {S.STATED: 120, S.VALIDATED: 180, S.NEGOTIATING: 240, S.ESCALATED: 300}
        if recent:
            lo = max(unit.start, self.today - dt.timedelta(days=window[status]))
            hi = self.today - dt.timedelta(days=45 if status is S.ESCALATED else 3)
        else:
            lo = unit.start
            hi = self.today - dt.timedelta(days=160)
        lo_t = dt.datetime.combine(lo, dt.time(), UTC)
        hi_t = dt.datetime.combine(max(lo, hi), dt.time(), UTC)
        interview = None
        a, b = (
            bisect.bisect_left(unit.interview_times, lo_t),
            bisect.bisect_right(unit.interview_times, hi_t),
        )
        if b > a and rng.random() < 0.75:
            interview = unit.interviews[rng.randrange(a, b)]
        if interview is not None:
            stated_at = interview[0] + dt.timedelta(minutes=rng.randint(5, 120))
            contact = interview[2]
        else:
            stated_at = self.at_work(self.day_between(lo, max(lo, hi)))
            contact = rng.choice(unit.keys or unit.contacts)
            if self.contact_created[contact] > stated_at:
                contact = unit.head
        stated_at = self.past(stated_at)
        service_id, service = rng.choice(unit.services)
        rm = self.rm_for(unit, stated_at)
        manager = self.staff_manager.get(rm) or self.managers[0]
        mtype = rng.choices(list(MeasurementType), (5, 4, 4, 2, 2, 1, 1))[0]
        eid = self.uid()
        statement = text.one(T_STATEMENT[mtype], service=service)
        low, high, decimals, target_unit = TARGETS[mtype]
        target = round(rng.uniform(low, high), decimals)
        direction = DEFAULT_DIRECTION[mtype]
        frequency = rng.choices(list(Frequency), (1, 5, 2))[0]
        events: list[dict[str, Any]] = []
        at = stated_at

        def event(
            kind: EventKind,
            body: str,
            *,
            by: uuid.UUID = rm,
            party: Party | None = None,
            proposed: float | None = None,
            gap: tuple[float, float] = (1, 12),
        ) -> None:
            nonlocal at
            if events:
                at = self.later(at, *gap)
            events.append(
                {
                    **self.row(at),
                    "expectation_id": eid,
                    "kind": kind,
                    "author_id": by,
                    "at": at,
                    "party": party,
                    "text": body,
                    "proposed_target": proposed,
                    # an agreement's full terms, filled in below once they are settled
                    "target_unit": None,
                    "measurement_type": None,
                    "frequency": None,
                    "direction": None,
                    "review_on": None,
                }
            )

        def fmt(value: float) -> str:
            return f"{value:g} {target_unit}"

        event(EventKind.STATED, statement, party=Party.CUSTOMER)
        if status is S.WITHDRAWN and rng.random() < 0.3:
            event(EventKind.WITHDRAWN, text.one(T_WITHDRAWN, service=service))
        elif status is not S.STATED:
            event(EventKind.VALIDATED, text.one(T_VALIDATED, service=service))
            # agreeing to disagree (and escalating) follows a negotiation: always negotiated
            negotiate = (
                status in (S.NEGOTIATING, S.DISAGREED, S.ESCALATED)
                or bool(route)
                or (status is not S.VALIDATED and rng.random() < 0.55)
            )
            if negotiate:
                stricter = -1 if direction is Direction.AT_MOST else 1
                step = SPREAD[mtype] / 2
                ask = round(target + stricter * step, max(decimals, 0) + 1)
                offer = round(target - stricter * step, max(decimals, 0) + 1)
                rounds = rng.randint(1, 4)
                customer_first = rng.random() < 0.5
                for r in range(rounds):
                    customer = (r % 2 == 0) == customer_first
                    value = ask if customer else offer
                    body = text.one(
                        T_PROPOSE_CUSTOMER if customer else T_PROPOSE_IT,
                        target=fmt(value),
                        service=service,
                    )
                    event(
                        EventKind.PROPOSED if r == 0 else EventKind.COUNTER_PROPOSED,
                        body,
                        party=Party.CUSTOMER if customer else Party.IT,
                        proposed=value,
                    )
                    ask = round((ask + target) / 2, max(decimals, 0) + 1)
                    offer = round((offer + target) / 2, max(decimals, 0) + 1)
            if rng.random() < 0.1:
                event(EventKind.NOTE, text.one(T_EXP_NOTE, service=service))
            if route or status in (S.ESCALATED, S.DISAGREED):
                event(
                    EventKind.DISAGREED,
                    text.one(T_DISAGREED, target=fmt(target), service=service),
                )
            if route or status is S.ESCALATED:
                summary = text.one(T_ESC_SUMMARY, target=fmt(target), service=service)
                event(EventKind.ESCALATED, summary, gap=(1, 10))
                esc_id = self.uid()
                opened = at
                esc_events = [(EscalationEventKind.OPENED, rm, opened, summary)]
                e_at = opened
                if status is S.ESCALATED:
                    self.escalated_seen += 1
                    esc_status = (
                        EscalationStatus.IN_DISCUSSION
                        if self.escalated_seen % 2
                        else EscalationStatus.OPEN
                    )
                elif route == "esc-withdrawn":
                    esc_status = EscalationStatus.WITHDRAWN
                else:
                    esc_status = EscalationStatus.RESOLVED
                talks = rng.randint(1, 3) if esc_status is not EscalationStatus.OPEN else 0
                for _ in range(talks):
                    e_at = self.later(e_at, 2, 12)
                    esc_events.append(
                        (
                            EscalationEventKind.DISCUSSED,
                            manager,
                            e_at,
                            text.one(T_ESC_DISCUSSED),
                        )
                    )
                resolved_at, resolution = None, ""
                if esc_status is EscalationStatus.RESOLVED:
                    e_at = self.later(e_at, 2, 15)
                    resolved_at = e_at
                    resolution = text.one(T_ESC_RESOLVED if route == "esc" else T_ESC_NO_AGREEMENT)
                    esc_events.append((EscalationEventKind.RESOLVED, manager, e_at, resolution))
                    at = e_at
                    if route == "esc":
                        event(
                            EventKind.AGREED,
                            f"Agreed on escalation: {resolution}",
                            by=manager,
                            proposed=target,
                            gap=(0, 0),
                        )
                    else:
                        event(
                            EventKind.DISAGREED,
                            f"Escalation resolved without agreement: {resolution}",
                            by=manager,
                            gap=(0, 0),
                        )
                elif esc_status is EscalationStatus.WITHDRAWN:
                    e_at = self.later(e_at, 2, 15)
                    resolved_at = e_at
                    resolution = text.one(T_ESC_WITHDRAWN)
                    esc_events.append((EscalationEventKind.WITHDRAWN, manager, e_at, resolution))
                    at = e_at
                    event(
                        EventKind.NOTE,
                        f"Escalation withdrawn: {resolution}",
                        by=manager,
                        gap=(0, 0),
                    )
                customer_manager = self.contact_manager.get(contact) or unit.head
                out.esc_rows.append(
                    {
                        **self.row(opened, e_at, len(esc_events), esc_id),
                        "expectation_id": eid,
                        "raised_by_id": rm,
                        "rm_manager_id": manager,
                        "customer_manager_id": customer_manager,
                        "status": esc_status,
                        "summary": summary,
                        "opened_at": opened,
                        "due_on": opened.date()
                        + dt.timedelta(days=rng.choice((7, 14, 14, 21, 30))),
                        "resolved_at": resolved_at,
                        "resolution": resolution,
                    }
                )
                out.esc_ev_rows.extend(
                    {
                        **self.row(when),
                        "escalation_id": esc_id,
                        "kind": kind,
                        "author_id": by,
                        "at": when,
                        "text": body,
                    }
                    for kind, by, when, body in esc_events
                )
            elif status is S.AGREED:
                event(
                    EventKind.AGREED,
                    text.one(T_AGREED, target=fmt(target), frequency=frequency.value),
                    proposed=target,
                )
            elif status is S.WITHDRAWN:
                event(EventKind.WITHDRAWN, text.one(T_WITHDRAWN, service=service))
        agreed = status is S.AGREED
        agreed_at = at if agreed else None
        review_on = None
        if agreed:
            assert agreed_at is not None
            cycle = rng.choice((91, 182, 365))
            review_on = agreed_at.date() + dt.timedelta(days=cycle)
            while review_on < self.today - dt.timedelta(days=3):
                review_on += dt.timedelta(days=cycle)
            measured, corrections = self._measurements(
                eid,
                agreed_at,
                (mtype, target, target_unit, direction),
                frequency,
                rm,
                service,
                unit,
            )
            out.m_rows.extend(measured)
            out.correction_rows.extend(corrections)
            for ev in events:  # the agreement records the terms the row holds
                if ev["kind"] is EventKind.AGREED:
                    ev.update(
                        target_unit=target_unit,
                        measurement_type=mtype,
                        frequency=frequency,
                        direction=direction,
                        review_on=review_on,
                    )
        has_terms = agreed
        out.exp_rows.append(
            {
                **self.row(stated_at, at, len(events), eid),
                "unit_id": unit.id,
                "contact_id": contact,
                "service_id": service_id,
                "rm_id": rm,
                "interview_id": interview[1] if interview else None,
                "statement": statement,
                "status": status,
                "target": target if has_terms else None,
                "target_unit": target_unit if has_terms else "",
                "direction": direction if has_terms else None,
                "measurement_type": mtype if has_terms else None,
                "frequency": frequency if has_terms else None,
                "review_on": review_on,
                "agreed_at": agreed_at,
            }
        )
        out.ev_rows.extend(events)

    def _measurements(
        self,
        eid: uuid.UUID,
        agreed_at: dt.datetime,
        terms: tuple[MeasurementType, float, str, Direction],
        frequency: Frequency,
        rm: uuid.UUID,
        service: str,
        unit: _Unit,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The measurements since an agreement, and the corrections of a few of them."""
        rng = self.rng
        text = self.text
        mtype, target, target_unit, direction = terms
        limit = {Frequency.WEEKLY: 10, Frequency.MONTHLY: 8, Frequency.QUARTERLY: 5}[frequency]
        periods = _periods(frequency, agreed_at.date(), self.today, rng.randint(2, limit))
        spread = SPREAD[mtype]
        decimals = max(TARGETS[mtype][2], 0) + 1
        sign = 1 if direction is Direction.AT_LEAST else -1
        rows: list[dict[str, Any]] = []
        corrections: list[dict[str, Any]] = []
        for label, end in periods:
            miss = rng.random() < 0.12
            delta = rng.uniform(0.05, 1.0) * spread
            value = target - sign * delta if miss else target + sign * rng.uniform(0, 0.8) * spread
            if mtype is MeasurementType.AVAILABILITY:
                value = min(value, 100.0)
            if mtype is MeasurementType.SATISFACTION:
                value = max(1.0, min(value, 5.0))
            value = max(0.0, round(value, decimals))
            met = value >= target if direction is Direction.AT_LEAST else value <= target
            recorded = self.past(self.at_work(end + dt.timedelta(days=rng.randint(1, 6))))
            rows.append(
                {
                    **self.row(recorded),
                    "expectation_id": eid,
                    "period": label,
                    "value": value,
                    "target": target,
                    "target_unit": target_unit,  # the terms it is judged against
                    "measurement_type": mtype,
                    "direction": direction,
                    "met": met,
                    "recorded_by_id": rm,
                    "recorded_at": recorded,
                    "miss_cause": "" if met else text.one(T_MISS_CAUSE, service=service),
                    "miss_resolution": "" if met else text.one(T_MISS_RESOLUTION, service=service),
                    "miss_prevention": "" if met else text.one(T_MISS_PREVENTION),
                    # every miss of the demo is explained, to the customer, when recorded
                    "explained_at": None if met else recorded,
                    "explained_by_id": None if met else rm,
                    "told_customer_on": None if met else recorded.date(),
                }
            )
            if rng.random() < CORRECTED_SHARE:  # first entered wrong, corrected a little later
                slip = rng.choice((-1, 1)) * rng.uniform(0.05, 0.5) * spread
                old = max(0.0, round(value + slip, decimals))
                if mtype is MeasurementType.AVAILABILITY:
                    old = min(old, 100.0)
                if old != value and (old >= target if sign > 0 else old <= target) == met:
                    corrected = self.later(recorded, 0.05, 3)
                    rows[-1].update(version=2, updated_at=corrected)
                    corrections.append(
                        {
                            **self.row(corrected),
                            "measurement_id": rows[-1]["id"],
                            "old_value": old,
                            "new_value": value,
                            "old_met": met,
                            "new_met": met,
                            "corrected_by_id": rm,
                            "corrected_at": corrected,
                            "reason": text.one(T_CORRECTION, service=service),
                        }
                    )
        return rows, corrections

    def measurements(self) -> None:
        self.write(Measurement, self.m_rows)
        self.write(MeasurementCorrection, self.correction_rows)
        del self.m_rows, self.correction_rows

    def meetings(self) -> None:
        rng = self.rng
        text = self.text
        rows, staff_links, contact_links = [], [], []
        agenda_rows: list[dict[str, Any]] = []
        actions = self.action_rows

        def meeting(
            unit: _Unit | None,
            kind: MeetingKind,
            held: dt.datetime,
            service: tuple[uuid.UUID, str] | None,
            who: list[uuid.UUID],
            contacts: list[uuid.UUID],
            action_unit: _Unit,
        ) -> tuple[uuid.UUID, dict[str, Any], list[dict[str, Any]]]:
            mid = self.uid()
            sname = service[1] if service else rng.choice(action_unit.services)[1]
            goals = (
                rng.choices(list(GoalsMet), (6, 3, 1))[0] if kind is not MeetingKind.OTHER else None
            )
            rows.append(
                {
                    **self.row(self.later(held, 0.02, 0.2), None, 1, mid),
                    "unit_id": unit.id if unit else None,
                    "service_id": service[0] if service else None,
                    "kind": kind,
                    "held_at": held,
                    "recorded_by_id": who[0],
                    "discussed": text.some(T_DISCUSSED, 1, 3, service=sname),
                    "delivered": text.some(T_DELIVERED, 1, 2, service=sname),
                    "planned": text.some(T_PLANNED, 1, 2, service=sname),
                    "goals_met": goals,
                    "goals_note": text.one(T_GOALS, service=sname) if goals else "",
                }
            )
            rows[-1]["created_at"] = rows[-1]["updated_at"] = self.past(rows[-1]["created_at"])
            staff_links.extend({"meeting_id": mid, "staff_id": s} for s in dict.fromkeys(who))
            contact_links.extend(
                {"meeting_id": mid, "contact_id": c} for c in dict.fromkeys(contacts)
            )
            made = [
                self._action(held, action_unit, meeting_id=mid)
                for _ in range(rng.choices((0, 1, 2, 3), (4, 4, 2, 1))[0])
            ]
            actions.extend(made)
            return mid, rows[-1], made

        last_month = _month_start(self.today)
        for unit in self.units:
            diligence = rng.uniform(0.3, 0.8)
            month = _month_start(unit.start)
            last_review: _LastReview | None = None
            while month <= last_month:
                recent = month >= _add_months(last_month, -6)
                if rng.random() < (0.9 if recent else diligence):
                    held = self.at_work(month + dt.timedelta(days=rng.randint(2, 25)))
                    if unit.start <= held.date() and held < self.now:
                        rm = self.rm_for(unit, held)
                        who = [rm] + (
                            [self.staff_manager[rm]]
                            if rng.random() < 0.1 and self.staff_manager.get(rm)
                            else []
                        )
                        contacts = [unit.head] if unit.head else []
                        contacts += rng.sample(
                            unit.contacts, min(len(unit.contacts), rng.randint(0, 2))
                        )
                        contacts = [
                            c for c in contacts if self.contact_created[c] < held
                        ] or contacts[:1]
                        review = meeting(
                            unit, MeetingKind.MONTHLY_REVIEW, held, None, who, contacts, unit
                        )
                        last_review = self._carry(last_review, *review, agenda_rows)
                month = _add_months(month, 1)
        # quarterly reviews of the major services, with the units that depend on them most
        by_service: dict[uuid.UUID, list[_Unit]] = {}
        for unit in self.units:
            for sid, _ in unit.services:
                by_service.setdefault(sid, []).append(unit)
        quarter = dt.date(self.start.year, 3 * ((self.start.month - 1) // 3) + 1, 1)
        while quarter < _month_start(self.today):
            for sid, sname in self.services:
                users = by_service.get(sid)
                if users and rng.random() < 0.5:
                    held = self.at_work(quarter + dt.timedelta(days=rng.randint(10, 80)))
                    if self.start <= held.date() and held < self.now:
                        unit = rng.choice(users)
                        meeting(
                            None,
                            MeetingKind.QUARTERLY_SERVICE_REVIEW,
                            held,
                            (sid, sname),
                            [self.rm_for(unit, held)],
                            [unit.head] if unit.head else [],
                            unit,
                        )
            quarter = _add_months(quarter, 3)
        for _ in range(self.n(N_OTHER_MEETINGS)):
            unit = rng.choice(self.units)
            held = self.at_work(self.day_between(unit.start, self.today - dt.timedelta(days=1)))
            meeting(
                unit,
                MeetingKind.OTHER,
                held,
                None,
                [rng.choice(unit.rms)],
                [unit.head] if unit.head else [],
                unit,
            )
        self.write(Meeting, rows)
        self.write(meeting_staff, staff_links)
        self.write(meeting_contacts, contact_links)
        self.write(ActionItem, actions)
        self.write(AgendaItem, agenda_rows)

    def _carry(
        self,
        last: _LastReview | None,
        mid: uuid.UUID,
        meeting: dict[str, Any],
        made: list[dict[str, Any]],
        out: list[dict[str, Any]],
    ) -> _LastReview:
        """The agenda of a new monthly review, carried from the unit's last one (the rule of
        relman.workflows.meetings.agenda_for_new_review); some planned items are delivered."""
        held = meeting["held_at"]
        carried: list[tuple[dict[str, Any], dict[str, Any] | None]] = []

        def add(
            kind: AgendaKind,
            text: str,
            action: dict[str, Any] | None,
            first_mid: uuid.UUID,
            first_on: dt.date,
            times: int,
        ) -> None:
            row = {
                **self.row(meeting["created_at"]),
                "meeting_id": mid,
                "kind": kind,
                "action_item_id": action["id"] if action else None,
                "text": text,
                "first_meeting_id": first_mid,
                "first_raised_on": first_on,
                "times_carried": times,
                "delivered_at": None,
            }
            if kind is AgendaKind.PLANNED and self.rng.random() < 0.6:
                row["delivered_at"] = held
                row["version"] = 2
            out.append(row)
            carried.append((row, action))

        if last is not None:

            def still_open(action: dict[str, Any]) -> bool:
                return action["done_at"] is None or action["done_at"] > held

            for row, action in last.carried:
                if row["delivered_at"] is not None or (action and not still_open(action)):
                    continue
                add(
                    row["kind"],
                    row["text"],
                    action,
                    row["first_meeting_id"],
                    row["first_raised_on"],
                    row["times_carried"] + 1,
                )
            raised = last.meeting["held_at"].date()
            for action in last.made:
                if still_open(action):
                    add(AgendaKind.ACTION, action["text"], action, last.mid, raised, 1)
            already = {r["text"] for r, _ in carried if r["kind"] is AgendaKind.PLANNED}
            for text in planned_items(last.meeting["planned"]):
                if text not in already:
                    add(AgendaKind.PLANNED, text, None, last.mid, raised, 1)
        return _LastReview(mid, meeting, made, carried)

    def satisfaction(self) -> None:
        rng = self.rng
        text = self.text
        surveys, scores, issues, ratings = [], [], [], []
        t0 = dt.datetime.combine(self.start, dt.time(9), UTC)
        question_ids = {q: self.uid() for q in SURVEY_QUESTIONS}
        self.write(
            SurveyQuestion,
            [
                {**self.row(t0), "name": q, "position": i, "id": question_ids[q]}
                for i, q in enumerate(SURVEY_QUESTIONS)
            ],
        )
        for unit in self.units:
            level = rng.uniform(2.6, 4.3)
            quarter = dt.date(unit.start.year, 3 * ((unit.start.month - 1) // 3) + 1, 1)
            questions = rng.sample(SURVEY_QUESTIONS, 4)
            while _add_months(quarter, 3) <= self.today:
                level = max(1.5, min(4.8, level + rng.uniform(-0.25, 0.28)))
                if rng.random() < 0.85:
                    sid = self.uid()
                    done = self.past(
                        self.at_work(
                            _add_months(quarter, 3) + dt.timedelta(days=rng.randint(3, 20))
                        )
                    )
                    values = [
                        round(max(1.0, min(5.0, level + rng.uniform(-0.6, 0.6))), 1)
                        for _ in questions
                    ]
                    surveys.append(
                        {
                            **self.row(done, None, 1, sid),
                            "unit_id": unit.id,
                            "quarter": _quarter(quarter),
                            "respondents": rng.randint(3, 60),
                            "overall": round(sum(values) / len(values), 2),
                            "comments": text.one(
                                T_SURVEY_COMMENT, service=rng.choice(unit.services)[1]
                            ),
                        }
                    )
                    scores.extend(
                        {
                            **self.row(done),
                            "survey_id": sid,
                            "question_id": question_ids[q],
                            "score": v,
                            "follow_up": "",
                        }
                        for q, v in zip(questions, values, strict=True)
                    )
                quarter = _add_months(quarter, 3)
        for _ in range(self.n(N_SUPPORT_ISSUES)):
            unit = rng.choice(self.units)
            service_id, service = rng.choice(unit.services)
            day = self.day_between(unit.start, self.today - dt.timedelta(days=1))
            importance = rng.choices((1, 2, 3, 4, 5), (1, 2, 3, 4, 3))[0]
            issues.append(
                {
                    **self.row(self.at_work(day)),
                    "unit_id": unit.id,
                    "service_id": service_id if rng.random() < 0.9 else None,
                    "title": text.one(T_ISSUE_TITLE, service=service),
                    "description": text.some(T_ISSUE_DESC, 1, 2, service=service),
                    "importance": importance,
                    "satisfaction": rng.choices((1, 2, 3, 4, 5), (2, 3, 3, 4, 2))[0],
                    "rated_on": day.isoformat(),
                }
            )
            issues[-1]["created_at"] = issues[-1]["updated_at"] = self.past(
                issues[-1]["created_at"]
            )
            # one rating per quarter: the current one, and for some issues an earlier one
            issue = issues[-1]
            quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
            ratings.append(
                {
                    **self.row(issue["created_at"]),
                    "issue_id": issue["id"],
                    "quarter": quarter,
                    "importance": issue["importance"],
                    "satisfaction": issue["satisfaction"],
                    "rated_on": issue["rated_on"],
                    "rated_by_id": None,
                }
            )
            earlier = day - dt.timedelta(days=92)
            if rng.random() < 0.3 and earlier >= unit.start:
                ratings.append(
                    {
                        **self.row(issue["created_at"]),
                        "issue_id": issue["id"],
                        "quarter": f"{earlier.year}-Q{(earlier.month - 1) // 3 + 1}",
                        "importance": issue["importance"],
                        "satisfaction": rng.choices((1, 2, 3, 4, 5), (3, 3, 3, 2, 1))[0],
                        "rated_on": earlier.isoformat(),
                        "rated_by_id": None,
                    }
                )
        self.write(Survey, surveys)
        self.write(SurveyScore, scores)
        self.write(SupportIssue, issues)
        self.write(SupportIssueRating, ratings)


@dataclass
class _LastReview:
    """A unit's latest monthly review, as the next one carries from it."""

    mid: uuid.UUID
    meeting: dict[str, Any]
    made: list[dict[str, Any]]
    carried: list[tuple[dict[str, Any], dict[str, Any] | None]]


def _condition_met(condition: str, answer: str | None) -> bool:
    # Same rule as relman.workflows.scripts.condition_met, for the few forms used here.
    if not answer:
        return False
    if condition.startswith("<="):
        return float(answer) <= float(condition[2:])
    return answer.casefold() == condition.casefold()


def build(
    db: Database,
    *,
    seed: int,
    progress: Progress,
    scale: float = 1.0,
    today: dt.date | None = None,
) -> None:
    """Fill the empty, migrated ``db`` with ten years of a big IT department, ending
    ``today`` (default: today's date in UTC, so that nothing recorded lies in the future
    whatever the local time zone). ``scale`` shrinks every count (0.01 for quick tests).

    One transaction per phase; ``progress`` is told as each phase starts."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    builder = _Builder(seed, scale, today or dt.datetime.now(UTC).date())
    phases = (
        ("Staff and services", builder.staff_and_services),
        ("Business units and contacts", builder.units_and_contacts),
        ("Key-customer assessments", builder.assessments),
        ("Interview scripts", builder.scripts),
        ("Interviews and answers", builder.interviews),
        ("Expectations and escalations", builder.expectations),
        ("Measurements", builder.measurements),
        ("Meetings and action items", builder.meetings),
        ("Surveys and support issues", builder.satisfaction),
    )
    total = len(phases)
    for done, (what, step) in enumerate(phases):
        progress(done, total, what)
        with db.session() as session:
            builder.s = session
            _tune(session, on=True)
            try:
                step()
            finally:
                _tune(session, on=False)
    progress(total, total, "Done")


def _tune(session: Session, *, on: bool) -> None:
    """A bigger page cache while the bulk insert runs (SQLite only; back to SQLite's default
    afterwards, since the connection is pooled)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(f"PRAGMA cache_size={-262144 if on else -2000}")
