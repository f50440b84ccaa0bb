"""The story of Jeans-R-Us, the small demo: its people, services and units, the interviews
held and what was said, expectations and their history, escalations, measurements, meetings,
surveys and support issues. The story itself is data, in ``resources/demo/jeans-r-us.json``;
this module reads it into the shapes below, and ``relman.demo.small`` writes it through the
workflows.

The file is plain JSON. Arrays are tuples; four markers give back what JSON lacks:
``{"$type": "Person", ...}`` is one of the dataclasses below (or ``Terms``) with its fields
(those left out take their defaults), ``{"$enum": "Party.IT"}`` a member of a model enum,
``{"$list": [...]}`` a list, and ``{"$int_keys": {"3": ...}}`` a dict with integer keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from relman.models import (
    Criticality,
    Dependence,
    Direction,
    Frequency,
    MeasurementType,
    Party,
    StaffRole,
)
from relman.paths import resources_dir
from relman.workflows.expectations import Terms

STORY_FILE = resources_dir() / "demo" / "jeans-r-us.json"


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    unit: str | None
    title: str
    manager: str | None
    phone: str
    criteria: str  # seven 0/1 flags, in the order of the method
    assessed_ago: int
    notes: str = ""
    unreasonable: str = ""  # the note, when the demands were unreasonable
    earlier: str = ""  # criteria of an earlier assessment, a year before the latest
    special: dict[int, str] = field(default_factory=dict)  # criterion number -> note


@dataclass(frozen=True)
class Action:
    text: str
    owner: str  # a staff or a contact key
    due: int  # days from the source (meeting or interview)
    done_after: int | None = None  # days from the source; None: still open


@dataclass(frozen=True)
class InterviewSpec:
    key: str
    script: str
    rm: str
    contacts: tuple[str, ...]
    ago: int  # days ago; negative for a future (planned) interview
    hour: int
    minute: int
    location: str
    duration: int = 60
    status: str = "completed"  # completed, planned, cancelled
    answers: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    summary: str = ""
    actions: tuple[Action, ...] = ()


#: When a step happened: ("iv", interview key, minutes after it started) or ("d", days ago, hour)
When = tuple[str, Any, int]


@dataclass(frozen=True)
class ExpectationSpec:
    """An expectation and the steps of its history, in order. Each step is one of
    ("validate", when, note[, dependence]), ("propose", when, party, target, text),
    ("agree", when, terms, text, review in N days or None), ("disagree", when, text),
    ("withdraw", when, text)."""

    key: str
    unit: str
    service: str
    contact: str
    rm: str
    statement: str
    stated: When
    interview: str | None = None
    steps: tuple[tuple[Any, ...], ...] = ()


_TYPES: dict[str, type] = {
    t.__name__: t for t in (Person, Action, InterviewSpec, ExpectationSpec, Terms)
}
_ENUMS: dict[str, Any] = {
    e.__name__: e
    for e in (Criticality, Dependence, Direction, Frequency, MeasurementType, Party, StaffRole)
}


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if not isinstance(value, dict):
        return value
    if "$enum" in value:
        kind, _, name = value["$enum"].partition(".")
        return _ENUMS[kind][name]
    if "$type" in value:
        fields = {k: _decode(v) for k, v in value.items() if k != "$type"}
        return _TYPES[value["$type"]](**fields)
    if "$list" in value:
        return [_decode(v) for v in value["$list"]]
    if "$int_keys" in value:
        return {int(k): _decode(v) for k, v in value["$int_keys"].items()}
    return {k: _decode(v) for k, v in value.items()}


_STORY: dict[str, Any] = {
    name: _decode(value)
    for name, value in json.loads(STORY_FILE.read_text(encoding="utf-8")).items()
}

CRITERION_NOTES: Any = _STORY["CRITERION_NOTES"]
CURRENT_USER: Any = _STORY["CURRENT_USER"]
DOMAIN: Any = _STORY["DOMAIN"]
ESCALATIONS: Any = _STORY["ESCALATIONS"]
EXPECTATIONS: Any = _STORY["EXPECTATIONS"]
GENERIC_ANSWERS: Any = _STORY["GENERIC_ANSWERS"]
INTERVIEWS: Any = _STORY["INTERVIEWS"]
MEASURES: Any = _STORY["MEASURES"]
PEOPLE: Any = _STORY["PEOPLE"]
PROFILES: Any = _STORY["PROFILES"]
REVIEWS: Any = _STORY["REVIEWS"]
S1: Any = _STORY["S1"]
S2: Any = _STORY["S2"]
SERVICES: Any = _STORY["SERVICES"]
SERVICE_REVIEWS: Any = _STORY["SERVICE_REVIEWS"]
STAFF: Any = _STORY["STAFF"]
STANDING_ITEM: Any = _STORY["STANDING_ITEM"]
SUPPORT_ISSUES: Any = _STORY["SUPPORT_ISSUES"]
SURVEYS: Any = _STORY["SURVEYS"]
SURVEY_QUESTIONS: Any = _STORY["SURVEY_QUESTIONS"]
UNITS: Any = _STORY["UNITS"]
