"""The small demo: Jeans-R-Us, a clothing maker whose IT serves five business units.

The story itself (people, units, what was said) is data in ``relman.demo.jeans_r_us``; this
module writes it, through the workflows inside ``with db.session()``, so every rule of the
method holds and every step leaves its history row. Dates are relative to today
(the ``at=``/``on=`` parameters backdate each step), so the dashboards look alive whenever
the demo is built; everything else follows from ``random.Random(seed)``.

The story, in short: Aisha Bello (whom the window suggests as "you": "who I am" is a
local setting, not in the file) looks after Sales, Finance and, with
Tomás Ferreira, Design; Tomás has Marketing; Daniel Kovács has Distribution and shares
Finance. They report to Helen Marsh. Over the last year they assessed the unit's people,
interviewed the key customers, agreed some expectations and measured them, negotiated others,
and took three disagreements to Helen (one open, one in discussion, one resolved).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from relman.demo import Progress
from relman.demo.jeans_r_us import (
    CRITERION_NOTES,
    DOMAIN,
    ESCALATIONS,
    EXPECTATIONS,
    GENERIC_ANSWERS,
    INTERVIEWS,
    MEASURES,
    PEOPLE,
    PROFILES,
    REVIEWS,
    S1,
    SERVICE_REVIEWS,
    SERVICES,
    STAFF,
    STANDING_ITEM,
    SUPPORT_ISSUES,
    SURVEY_QUESTIONS,
    SURVEYS,
    UNITS,
    Action,
    Person,
    When,
)
from relman.models import (
    Expectation,
    Frequency,
    GoalsMet,
    MeetingKind,
    QuestionKind,
)
from relman.storage import Database
from relman.workflows import (
    assessments,
    contacts,
    escalations,
    expectations,
    interviews,
    measurements,
    meetings,
    portfolio,
    satisfaction,
    scripts,
    services,
    staff,
)
from relman.workflows.expectations import Terms

UTC = dt.UTC

# --------------------------------------------------------------------------------------------
# The clock: everything is placed relative to today, on working days.
# --------------------------------------------------------------------------------------------


class Clock:
    def __init__(self, today: dt.date) -> None:
        self.today = today

    def day(self, ago: int) -> dt.date:
        """The working day ``ago`` days back (a weekend moves back to the Friday)."""
        d = self.today - dt.timedelta(days=ago)
        while d.weekday() >= 5:
            d -= dt.timedelta(days=1)
        return d

    def ahead(self, days: int) -> dt.date:
        """The working day ``days`` ahead (a weekend moves on to the Monday)."""
        d = self.today + dt.timedelta(days=days)
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return d

    def at(self, ago: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.day(ago), dt.time(hour, minute), UTC)

    def future(self, days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.ahead(days), dt.time(hour, minute), UTC)


# --------------------------------------------------------------------------------------------
# The builder.
# --------------------------------------------------------------------------------------------


@dataclass
class Ids:
    staff: dict[str, uuid.UUID] = field(default_factory=dict)
    services: dict[str, uuid.UUID] = field(default_factory=dict)
    units: dict[str, uuid.UUID] = field(default_factory=dict)
    contacts: dict[str, uuid.UUID] = field(default_factory=dict)
    scripts: dict[str, uuid.UUID] = field(default_factory=dict)
    interviews: dict[str, uuid.UUID] = field(default_factory=dict)
    interview_at: dict[str, dt.datetime] = field(default_factory=dict)
    expectations: dict[str, uuid.UUID] = field(default_factory=dict)
    agreed_at: dict[str, dt.datetime] = field(default_factory=dict)


def build(db: Database, *, seed: int, progress: Progress) -> None:
    """Fill an empty database with Jeans-R-Us, in one transaction."""
    rng = random.Random(seed)
    clock = Clock(dt.date.today())
    ids = Ids()
    stages: tuple[tuple[str, Callable[[Session, Ids, Clock, random.Random], None]], ...] = (
        ("Staff, services and business units", _portfolio),
        ("Contacts and key-customer assessments", _contacts),
        ("Interview scripts", _scripts),
        ("Interviews", _interviews),
        ("Expectations and their history", _expectations),
        ("Escalations", _escalations),
        ("Measurements", _measurements),
        ("Meetings and action items", _meetings),
        ("Satisfaction surveys and support issues", _satisfaction),
    )
    # One unit of work: if any step is refused, nothing of the demo is saved.
    with db.session() as s:
        for done, (what, stage) in enumerate(stages):
            progress(done, len(stages), what)
            stage(s, ids, clock, rng)
    progress(len(stages), len(stages), "Done")


def _email(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    parts = ["".join(c for c in p.lower() if c.isalnum()) for p in plain.split()]
    return f"{parts[0]}.{parts[-1]}@{DOMAIN}"


def _portfolio(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    for key, name, role, boss in STAFF:
        member = staff.add_staff(
            s, name, role=role, email=_email(name), reports_to=ids.staff.get(boss or "")
        )
        ids.staff[key] = member.id
    for name, description, owner in SERVICES:
        ids.services[name] = services.create_service(
            s, name, description=description, owner=owner
        ).id
    for spec in UNITS:
        unit = portfolio.create_unit(
            s,
            spec["name"],
            division=spec["division"],
            criticality=spec["criticality"],
            notes=spec["notes"],
            rms=[ids.staff[k] for k in spec["rms"]],
            own_service_levels=spec.get("own_service_levels", False),
        )
        ids.units[spec["name"]] = unit.id
        for service, dependence in spec["depends"].items():
            portfolio.set_dependency(s, unit.id, ids.services[service], dependence)


def _criterion_notes(
    person: Person, flags: str, rng: random.Random, *, latest: bool = True
) -> list[str]:
    first = person.name.split()[0]
    unit = person.unit or "the business"
    notes = []
    for i, flag in enumerate(flags, start=1):
        met, unmet = CRITERION_NOTES[i - 1]
        special = person.special.get(i) if latest else None
        text = special or rng.choice(met if flag == "1" else unmet)
        notes.append(text.format(first=first, unit=unit))
    return notes


def _contacts(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    for person in PEOPLE:  # managers come before the people who report to them
        contact = contacts.create_contact(
            s,
            person.name,
            unit_id=ids.units[person.unit] if person.unit else None,
            title=person.title,
            email=_email(person.name),
            phone=person.phone,
            manager_id=ids.contacts[person.manager] if person.manager else None,
            notes=person.notes,
        )
        ids.contacts[person.key] = contact.id
    for spec in UNITS:
        # the demo's own units, made in this transaction: no form was read, nothing to check
        portfolio.update_unit(
            s, ids.units[spec["name"]], expected_version=None, head_id=ids.contacts[spec["head"]]
        )
    units_of = {spec["name"]: spec["rms"] for spec in UNITS}
    for person in PEOPLE:
        assessor = ids.staff[units_of[person.unit][0]] if person.unit else ids.staff["helen"]
        if person.earlier:
            assessments.assess_contact(
                s,
                ids.contacts[person.key],
                [f == "1" for f in person.earlier],
                by=assessor,
                notes=_criterion_notes(person, person.earlier, rng, latest=False),
                on=clock.day(person.assessed_ago + 250),
            )
        assessments.assess_contact(
            s,
            ids.contacts[person.key],
            [f == "1" for f in person.criteria],
            by=assessor,
            notes=_criterion_notes(person, person.criteria, rng),
            unreasonable=bool(person.unreasonable),
            unreasonable_note=person.unreasonable,
            on=clock.day(person.assessed_ago),
        )


def _scripts(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    # a new database already holds the shipped scripts; a server database may not yet
    ids.scripts.update(scripts.add_shipped_scripts(s))


def _question_keys() -> dict[str, dict[str, str]]:
    """For each sample script, the key of each question by its text."""
    return {
        spec["name"]: {
            q["text"]: q.get("key", "")
            for section in spec["sections"]
            for q in section["questions"]
        }
        for spec in scripts.sample_scripts()
    }


def _interviews(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    keys = _question_keys()
    seen_in_unit: dict[str, int] = {}
    people = {p.key: p for p in PEOPLE}
    for spec in INTERVIEWS:
        if spec.ago < 0:
            at = clock.future(-spec.ago, spec.hour, spec.minute)
        else:
            at = clock.at(spec.ago, spec.hour, spec.minute)
        unit = people[spec.contacts[0]].unit or ""
        interview = interviews.schedule_interview(
            s,
            script_id=ids.scripts[spec.script],
            contact_ids=[ids.contacts[c] for c in spec.contacts],
            at=at,
            by=ids.staff[spec.rm],
            location=spec.location,
            duration_minutes=spec.duration,
        )
        ids.interviews[spec.key] = interview.id
        ids.interview_at[spec.key] = at
        if spec.status == "planned":
            continue
        if spec.status == "cancelled":
            interviews.cancel_interview(
                s,
                interview.id,
                spec.notes.removeprefix("Cancelled: "),
                by=ids.staff[spec.rm],
                at=clock.at(max(spec.ago, 0) + 1, 8, 0),
            )
            continue
        started = at + dt.timedelta(minutes=rng.randint(0, 6))
        interviews.start_interview(s, interview.id, by=ids.staff[spec.rm], at=started)
        variant = seen_in_unit.get(unit, 0) if spec.script == S1 else 0
        if spec.script == S1:
            seen_in_unit[unit] = variant + 1
        values = dict(spec.answers)
        if spec.script == S1:
            for k, v in PROFILES[unit].items():
                values.setdefault(k, v[variant % len(v)] if isinstance(v, list) else v)
        _answer(s, interview.id, interview.script_version_id, keys[spec.script], values, rng)
        interviews.save_notes(s, interview.id, spec.notes)
        finished = started + dt.timedelta(minutes=spec.duration + rng.randint(-8, 12))
        interviews.finish_interview(
            s, interview.id, by=ids.staff[spec.rm], summary=spec.summary, at=finished
        )
        for action in spec.actions:
            _action(s, ids, clock, action, at.date(), interview_id=interview.id)


def _answer(
    s: Session,
    interview_id: uuid.UUID,
    version_id: uuid.UUID | None,
    keys: dict[str, str],
    values: dict[str, str],
    rng: random.Random,
) -> None:
    """Answer the script question by question, skipping questions whose condition is not met."""
    assert version_id is not None
    version = scripts.load_version(s, version_id)
    given: dict[uuid.UUID, str] = {}
    for section in version.sections:
        for question in section.questions:
            if question.condition_question_id is not None and not scripts.condition_met(
                question.condition_value, given.get(question.condition_question_id)
            ):
                continue
            key = keys.get(question.text, "")
            value = values.get(key)
            if value is None:
                if question.kind is QuestionKind.RATING:
                    value = str(rng.choice((3, 4, 4, 5)))
                elif question.kind is QuestionKind.YES_NO:
                    value = "yes"
                elif question.kind is QuestionKind.CHOICE:
                    value = rng.choice(question.choices)
                elif key in GENERIC_ANSWERS:
                    value = rng.choice(GENERIC_ANSWERS[key])
                else:
                    continue
            answer = interviews.answer_question(s, interview_id, question.id, value)
            given[question.id] = answer.value


def _owner(ids: Ids, key: str) -> dict[str, uuid.UUID]:
    if key in ids.staff:
        return {"owner_staff_id": ids.staff[key]}
    return {"owner_contact_id": ids.contacts[key]}


def _action(
    s: Session,
    ids: Ids,
    clock: Clock,
    action: Action,
    source_day: dt.date,
    *,
    meeting_id: uuid.UUID | None = None,
    interview_id: uuid.UUID | None = None,
) -> None:
    item = meetings.add_action_item(
        s,
        text=action.text,
        meeting_id=meeting_id,
        interview_id=interview_id,
        due_on=source_day + dt.timedelta(days=action.due),
        **_owner(ids, action.owner),
    )
    if action.done_after is not None:
        done = dt.datetime.combine(
            source_day + dt.timedelta(days=action.done_after), dt.time(16, 30), UTC
        )
        if done.date() < clock.today:
            meetings.complete_action_item(s, item.id, at=done)


def _when(ids: Ids, clock: Clock, when: When) -> dt.datetime:
    kind, ref, offset = when
    if kind == "iv":
        return ids.interview_at[ref] + dt.timedelta(minutes=offset)
    return clock.at(ref, offset)


def _expectations(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    for spec in EXPECTATIONS:
        rm = ids.staff[spec.rm]
        exp = expectations.state_expectation(
            s,
            unit_id=ids.units[spec.unit],
            service_id=ids.services[spec.service],
            statement=spec.statement,
            by=rm,
            contact_id=ids.contacts[spec.contact],
            interview_id=ids.interviews[spec.interview] if spec.interview else None,
            at=_when(ids, clock, spec.stated),
        )
        ids.expectations[spec.key] = exp.id
        for step, when, *rest in spec.steps:
            at = _when(ids, clock, when)
            if step == "validate":
                note, *dependence = rest
                expectations.validate_expectation(
                    s,
                    exp.id,
                    by=rm,
                    note=note,
                    dependence=dependence[0] if dependence else None,
                    at=at,
                )
            elif step == "propose":
                party, target, text = rest
                expectations.propose(s, exp.id, by=rm, party=party, target=target, text=text, at=at)
            elif step == "agree":
                terms, text, review_in = rest
                if review_in is not None:
                    terms = _with_review(terms, clock.ahead(review_in))
                expectations.agree(s, exp.id, terms, by=rm, text=text, at=at)
                ids.agreed_at[spec.key] = at
            elif step == "disagree":
                expectations.disagree(s, exp.id, by=rm, text=rest[0], at=at)
            elif step == "withdraw":
                expectations.withdraw(s, exp.id, by=rm, text=rest[0], at=at)
            else:  # pragma: no cover - a typo in the data above
                raise ValueError(step)


def _escalations(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    for spec in ESCALATIONS:
        esc = escalations.escalate(
            s,
            ids.expectations[spec["expectation"]],
            by=ids.staff[spec["by"]],
            summary=spec["summary"],
            at=_when(ids, clock, spec["opened"]),
        )
        for who, when, text in spec.get("discussions", ()):
            escalations.discuss(s, esc.id, by=ids.staff[who], text=text, at=_when(ids, clock, when))
        if "resolve" in spec:
            who, when, resolution, terms, review_in = spec["resolve"]
            terms = _with_review(terms, clock.ahead(review_in))
            at = _when(ids, clock, when)
            escalations.resolve(
                s, esc.id, by=ids.staff[who], resolution=resolution, terms=terms, at=at
            )
            ids.agreed_at[spec["expectation"]] = at


def _with_review(terms: Terms, review_on: dt.date) -> Terms:
    return Terms(
        terms.target,
        terms.measurement_type,
        terms.frequency,
        terms.target_unit,
        terms.direction,
        review_on,
    )


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _periods(frequency: Frequency, since: dt.date, clock: Clock) -> list[tuple[str, dt.date]]:
    """The periods measured since an agreement, each with the working day it was recorded
    (a few days after the period ended, and before today)."""
    found: list[tuple[str, dt.date]] = []
    if frequency is Frequency.WEEKLY:
        monday = since - dt.timedelta(days=since.weekday()) + dt.timedelta(days=7)
        while True:
            recorded = monday + dt.timedelta(days=7)  # the Monday after the week
            if recorded >= clock.today:
                break
            year, week, _ = monday.isocalendar()
            found.append((f"{year}-W{week:02d}", recorded))
            monday += dt.timedelta(days=7)
        return found[-16:]
    if frequency is Frequency.MONTHLY:
        year, month, step = since.year, since.month + 1, 1
    else:
        quarter_start = (since.month - 1) // 3 * 3 + 1
        year, month, step = (
            since.year,
            quarter_start + (0 if since.month == quarter_start else 3),
            3,
        )
    while True:
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        end = _month_end(year, month + step - 1)
        recorded = end + dt.timedelta(days=3)
        while recorded.weekday() >= 5:
            recorded += dt.timedelta(days=1)
        if recorded >= clock.today:
            break
        label = f"{year}-{month:02d}" if step == 1 else f"{year}-Q{(month - 1) // 3 + 1}"
        found.append((label, recorded))
        month += step
    return found


def _measurements(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    by_key = {spec.key: spec for spec in EXPECTATIONS}
    for key, spec in MEASURES.items():
        exp_id = ids.expectations[key]
        rm = ids.staff[by_key[key].rm]
        frequency = _frequency(s, exp_id)
        periods = _periods(frequency, ids.agreed_at[key].date(), clock)
        misses = spec["misses"]
        slots = rng.sample(range(1, len(periods)), min(len(misses), max(len(periods) - 1, 0)))
        miss_at = dict(zip(sorted(slots), misses, strict=False))
        low, high = spec["good"]
        for i, (period, recorded) in enumerate(periods):
            at = dt.datetime.combine(recorded, dt.time(9, rng.randint(5, 55)), UTC)
            if i in miss_at:
                value, cause, resolution, prevention = miss_at[i]
                measurements.record_measurement(
                    s,
                    exp_id,
                    period=period,
                    value=value,
                    by=rm,
                    cause=cause,
                    resolution=resolution,
                    prevention=prevention,
                    at=at,
                )
            else:
                if isinstance(low, int) and isinstance(high, int):
                    value = rng.randint(low, high)
                else:
                    value = round(rng.uniform(low, high), 2)
                measurements.record_measurement(s, exp_id, period=period, value=value, by=rm, at=at)


def _frequency(s: Session, exp_id: uuid.UUID) -> Frequency:
    exp = s.get(Expectation, exp_id)
    assert exp is not None and exp.frequency is not None
    return exp.frequency


def _meetings(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    overdue = {("Sales", 1), ("Finance", 2), ("Distribution", 1), ("Design", 0), ("Design", 2)}
    rms_of = {spec["name"]: spec["rms"] for spec in UNITS}
    heads = {spec["name"]: spec["head"] for spec in UNITS}
    others = {p.unit: p.key for p in PEOPLE if p.unit and p.key not in heads.values()}
    for unit, spec in REVIEWS.items():
        rms = rms_of[unit]
        # oldest first, as they were held: each review carries forward what the one before
        # left open
        for i, ago in sorted(enumerate(spec["days"]), key=lambda p: -p[1]):
            held = clock.at(ago, rng.randint(9, 15), rng.choice((0, 15, 30)))
            goals = rng.choices((GoalsMet.YES, GoalsMet.PARTLY, GoalsMet.NO), (5, 3, 1))[0]
            discussed = [spec["discussed"][i % len(spec["discussed"])], STANDING_ITEM]
            attendees = [ids.contacts[heads[unit]]]
            if i % 2 == 0:
                attendees.append(ids.contacts[others[unit]])
            meeting = meetings.record_meeting(
                s,
                kind=MeetingKind.MONTHLY_REVIEW,
                held_at=held,
                by=ids.staff[rms[0]],
                unit_id=ids.units[unit],
                staff_ids=[ids.staff[k] for k in rms],
                contact_ids=attendees,
                discussed="\n".join(f"- {d}" for d in discussed),
                delivered=spec["delivered"][i % len(spec["delivered"])],
                planned=spec["planned"][i % len(spec["planned"])],
                goals_met=goals,
                goals_note=""
                if goals is GoalsMet.YES
                else spec["goals_notes"][i % len(spec["goals_notes"])],
            )
            count = 2 if i % 3 == 0 else 1
            for j in range(count):
                text, owner = spec["actions"][(i + j) % len(spec["actions"])]
                due = 14 + 7 * j
                done_after = None if (unit, i) in overdue else due - rng.randint(0, 6)
                _action(
                    s,
                    ids,
                    clock,
                    Action(text, owner, due, done_after),
                    held.date(),
                    meeting_id=meeting.id,
                )
    for review in SERVICE_REVIEWS:
        for i, ago in enumerate(review["days"]):
            meeting = meetings.record_meeting(
                s,
                kind=MeetingKind.QUARTERLY_SERVICE_REVIEW,
                held_at=clock.at(ago, 14, 0),
                by=ids.staff[review["by"]],
                unit_id=ids.units[review["unit"]],
                service_id=ids.services[review["service"]],
                staff_ids=[ids.staff[review["by"]], ids.staff["helen"]],
                contact_ids=[ids.contacts[c] for c in review["contacts"]],
                discussed=review["discussed"][i],
                goals_met=GoalsMet.PARTLY if i == 0 else GoalsMet.YES,
                goals_note="One miss in the quarter, explained to the customer." if i == 0 else "",
            )
            _action(
                s,
                ids,
                clock,
                Action(f"Circulate the {review['service']} quarterly figures", review["by"], 7, 4),
                meeting.held_at.date(),
                meeting_id=meeting.id,
            )


def _quarters(today: dt.date, count: int) -> list[str]:
    year, quarter = today.year, (today.month - 1) // 3 + 1
    found = []
    for _ in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        found.append(f"{year}-Q{quarter}")
    return found[::-1]


def _satisfaction(s: Session, ids: Ids, clock: Clock, rng: random.Random) -> None:
    offsets = (0.0, -0.2, -0.3, 0.2, -0.1)
    for question in SURVEY_QUESTIONS:
        satisfaction.add_survey_question(s, question)
    for unit, spec in SURVEYS.items():
        for q, quarter in enumerate(_quarters(clock.today, 4)):
            base = spec["start"] + spec["step"] * q
            scores = {
                question: min(5.0, max(1.0, round(base + off + rng.uniform(-0.3, 0.3), 1)))
                for question, off in zip(SURVEY_QUESTIONS, offsets, strict=True)
            }
            satisfaction.record_survey(
                s,
                ids.units[unit],
                quarter,
                scores,
                respondents=rng.randint(9, 42),
                comments=spec["comments"][q],
            )
    for i, (unit, service, title, description, importance, satisfied) in enumerate(SUPPORT_ISSUES):
        rated = clock.day(rng.randint(10, 80))
        issue = satisfaction.add_support_issue(
            s,
            ids.units[unit],
            title,
            importance=importance,
            satisfaction=satisfied,
            service_id=ids.services[service] if service else None,
            description=description,
            rated_on=rated.isoformat(),
        )
        if i % 3 == 0:
            # rated a quarter earlier too: fixed issues were unsatisfied then, others better
            before = satisfied - 2 if satisfied >= 4 else satisfied + 1
            satisfaction.rate_support_issue(
                s,
                issue.id,
                importance=importance,
                satisfaction=max(1, min(5, before)),
                rated_on=(rated - dt.timedelta(days=92)).isoformat(),
            )
