"""Names that display as something else, or as nothing, are refused (issue 16, item 11).

A right-to-left override (U+202E) shows "Acme‮gnp.exe" as "Acmeexe.png"; a line separator
(U+2028) breaks a one-line name in two; a name of zero-width spaces cannot be read or told
apart from another. Every name passes through ``common.clean_name``, so every kind of record
refuses them, with a message naming the character and where it is. Names in Arabic, Hebrew,
Chinese and emoji joined with U+200D are still accepted, and free text (notes) keeps any of
them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import BusinessUnit, Contact, Script, Service, Staff
from relman.storage import Database
from relman.workflows import contacts, portfolio, scripts, services, staff
from relman.workflows.common import clean_name


def _script(s: Session, name: str) -> Any:
    spec = {
        "name": name,
        "sections": [{"title": "Only", "questions": [{"kind": "open", "text": "Needs?"}]}],
    }
    return scripts.create_script(s, spec)


#: each kind of record with a name: how one is made, and its table
MAKERS: dict[str, tuple[Callable[[Session, str], Any], type]] = {
    "unit": (lambda s, v: portfolio.create_unit(s, v), BusinessUnit),
    "contact": (lambda s, v: contacts.create_contact(s, v), Contact),
    "service": (lambda s, v: services.create_service(s, v), Service),
    "staff": (lambda s, v: staff.add_staff(s, v), Staff),
    "script": (_script, Script),
}

#: (name, the character the message must name, its position in the name)
HOSTILE = {
    "right-to-left override": ("Acme\u202egnp.exe", "U+202E", 5),
    "left-to-right override": ("\u202dAcme", "U+202D", 1),
    "right-to-left embedding": ("Ac\u202bme", "U+202B", 3),
    "pop directional formatting": ("Acme\u202c", "U+202C", 5),
    "right-to-left isolate": ("Acme \u2067Ltd", "U+2067", 6),
    "pop directional isolate": ("Acme\u2069", "U+2069", 5),
    "line separator": ("Acme\u2028Ltd", "U+2028", 5),
    "paragraph separator": ("Acme\u2029Ltd", "U+2029", 5),
    "next line (C1 control)": ("Acme\x85Ltd", "U+0085", 5),
    "escape": ("Acme\x1b[31m", "U+001B", 5),
}

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width joiners": "\u200d\u200c\u200d",
    "byte-order mark": "\ufeff",
    "word joiner and spaces": "\u2060 \u2060",
    "soft hyphen": "\u00ad",
    "Hangul filler": "\u3164",
    "variation selector": "\ufe0f",
    "left-to-right mark": "\u200e",
}

LEGITIMATE = [
    "شركة الاتصالات",  # Arabic
    "מחלקת כספים",  # Hebrew
    "财务部",  # Chinese
    "Famille 👩\u200d👩\u200d👧\u200d👦",  # emoji joined by U+200D
    "Équipe 🏳️\u200d🌈",  # with a variation selector
    "خانه\u200cها",  # Persian with a zero-width non-joiner
    "Zoë Ødegaard-Ñúñez",
]


def _count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("kind", MAKERS)
def test_a_name_with_a_direction_override_or_line_separator_is_refused(db: Database, kind: str):
    make, model = MAKERS[kind]
    before = _count(db, model)  # the file comes with scripts
    for case, (name, code, position) in HOSTILE.items():
        with pytest.raises(ValidationError) as refused, db.session() as s:
            make(s, name)
        said = refused.value.message
        assert refused.value.field == "name", case
        assert code in said and f"character {position}" in said, (case, said)
    assert _count(db, model) == before


@pytest.mark.parametrize("kind", MAKERS)
def test_a_name_of_invisible_characters_only_is_refused(db: Database, kind: str):
    make, model = MAKERS[kind]
    before = _count(db, model)
    for case, name in INVISIBLE.items():
        with pytest.raises(ValidationError) as refused, db.session() as s:
            make(s, name)
        said = refused.value.message
        assert "invisible" in said and f"U+{ord(name[0]):04X}" in said, (case, said)
    assert _count(db, model) == before


@pytest.mark.parametrize("kind", MAKERS)
def test_names_in_any_script_and_joined_emoji_are_kept_as_typed(db: Database, kind: str):
    make, model = MAKERS[kind]
    ids: list[uuid.UUID] = []
    with db.session() as s:
        for name in LEGITIMATE:
            ids.append(make(s, name).id)
    with db.read_session() as s:
        assert [s.get(model, i).name for i in ids] == LEGITIMATE


def test_every_one_line_text_gets_the_rule_not_only_names():
    """A job title, a division, an owner go through the same helper."""
    with pytest.raises(ValidationError) as refused:
        clean_name("title", "CFO\u202e", "The job title", required=False)
    assert "U+202E" in refused.value.message and "character 4" in refused.value.message


def test_notes_keep_right_to_left_text_and_emoji(db: Database):
    notes = "قال: \u202bنريد\u202c تقريرًا 📈\u2028שורה\u2029\u200bZWSP 👩\u200d💻"
    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance", notes=notes)
        contact = contacts.create_contact(s, "Ann", notes=notes)
    with db.read_session() as s:
        assert s.get(BusinessUnit, unit.id).notes == notes
        assert s.get(Contact, contact.id).notes == notes
