"""Contacts in the business units and their key-customer assessments.

The key-customer rule (docs/method.md): the criteria are alternatives, not a score. A
contact is a *key customer* when their latest assessment meets at least one criterion and
their demands are not unreasonable and uncompromising; an RM may still keep an unreasonable
contact key, deliberately, by recording an override with its reason. The criteria are rows
(:class:`KeyCriterion`), seeded with the seven of the method: a department may rename,
add and retire them; each assessment keeps its own answers (:class:`AssessmentCriterion`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Date, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Archivable, Entity, author_fk, fk
from relman.models.staff import Staff

#: The seven criteria of the method, in its order, as (short label, question). A new file
#: gets them as its ``key_criteria`` rows (migration 0003 carries its own copy).
CRITERIA: tuple[tuple[str, str], ...] = (
    ("Depends on us", "Their success critically depends on our services."),
    ("Assures our success", "Their satisfaction assures our success: influence, visibility."),
    ("Represents many", "They fairly represent a large customer organisation."),
    ("Large consumer", "Their organisation is a large consumer of our services."),
    ("Constructive critic", "They critique our services constructively and objectively."),
    ("Business influence", "They can significantly influence the business."),
    ("Shared expectations", "We share agreed, reasonable expectations with them."),
)


def seeded_criterion_id(position: int) -> uuid.UUID:
    """The same id for the n-th criterion of the method in every file, so that files
    assessed apart (two laptops) agree on which criterion is which (migration 0003 gives
    upgraded files the same ids)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://relman.invalid/key-criteria/{position}")


def seeded_criteria() -> list[dict[str, object]]:
    """The ``key_criteria`` rows a new database starts with: the seven of the method."""
    return [
        {
            "id": seeded_criterion_id(i),
            "name": name,
            "question": question,
            "position": i,
            "excludes_unreasonable": i == REASONABLE_CRITERION,
        }
        for i, (name, question) in enumerate(CRITERIA, start=1)
    ]


#: The position (1-based) of the criterion that says the expectations are reasonable: it
#: cannot be met together with unreasonable demands.
REASONABLE_CRITERION = 7


def is_key(criteria: Sequence[bool], unreasonable: bool, override: bool = False) -> bool:
    """The rule: one criterion met is enough, unless the demands are unreasonable (then only
    an explicit override keeps the contact key)."""
    return any(bool(c) for c in criteria) and (not unreasonable or override)


@dataclass(frozen=True)
class Verdict:
    """The key-customer status an assessment gives, and why, in words."""

    is_key: bool
    text: str  # one or two sentences for the RM
    carried_by: tuple[str, ...]  # the criteria met
    problem: str = ""  # what must be fixed before the assessment can be saved


def _names(names: Sequence[str]) -> str:
    quoted = [f"“{n}”" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def key_verdict(
    answers: Sequence[tuple[str, bool]],
    *,
    unreasonable: bool = False,
    override: bool = False,
    override_note: str = "",
    exclusive: Sequence[str] = (),
) -> Verdict:
    """The verdict of the rule for ``answers`` ((criterion name, met) in order) and why.
    ``exclusive`` names the criteria that cannot be met together with unreasonable demands."""
    met = tuple(name for name, yes in answers if yes)
    key = is_key([yes for _n, yes in answers], unreasonable, override)
    clash = [n for n in met if n in exclusive] if unreasonable else []
    problem = (
        f"{_names(clash)} says the expectations are shared and reasonable; it cannot be met "
        "by someone whose demands are unreasonable. Untick one of the two."
        if clash
        else ""
    )
    if not met:
        text = "Not a key customer: they meet none of the criteria."
        if unreasonable:
            text += " Their demands are unreasonable, too."
    elif not unreasonable:
        alone = " (one criterion is enough)" if len(met) == 1 else ""
        text = f"Key customer: carried by {_names(met)}{alone}."
    elif override:
        reason = override_note.strip()
        text = (
            f"Key customer by a deliberate decision, despite unreasonable demands"
            f"{': ' + reason if reason else ''}. Carried by {_names(met)}."
        )
    else:
        text = (
            "Not a key customer: unreasonable, uncompromising demands count against them, "
            f"although they meet {_names(met)}. Keeping them key anyway takes an override "
            "with its reason."
        )
    return Verdict(key, text, met, problem)


class KeyCriterion(Entity):
    """One criterion of the key-customer assessment. Retired criteria are archived, not
    deleted: earlier assessments keep their answers to them."""

    __tablename__ = "key_criteria"

    name: Mapped[str] = mapped_column(String(80), unique=True)
    question: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    #: Met only when the expectations are reasonable: refused with unreasonable demands.
    excludes_unreasonable: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Contact(Archivable, Entity):
    __tablename__ = "contacts"

    name: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("business_units.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    manager_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("contacts.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Derived from the latest assessment by :func:`is_key`; kept here so lists stay fast.
    is_key: Mapped[bool] = mapped_column(default=False, index=True)

    manager: Mapped[Contact | None] = relationship(remote_side="Contact.id", lazy="raise")
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Assessment.assessed_on",
        lazy="raise",
    )


class Assessment(Entity):
    """One key-customer assessment: each criterion in use then, met or not with a note
    (:attr:`answers`), and the unreasonable-demands flag; ``is_key`` is its verdict."""

    __tablename__ = "assessments"

    contact_id: Mapped[uuid.UUID] = mapped_column(fk("contacts.id"), index=True)
    assessor_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    unreasonable: Mapped[bool] = mapped_column(default=False)
    unreasonable_note: Mapped[str] = mapped_column(Text, default="")
    #: The RM keeps an unreasonable contact key, deliberately; the note says why.
    override: Mapped[bool] = mapped_column(default=False)
    override_note: Mapped[str] = mapped_column(Text, default="")
    is_key: Mapped[bool] = mapped_column(default=False)

    contact: Mapped[Contact] = relationship(back_populates="assessments", lazy="raise")
    assessor: Mapped[Staff | None] = relationship(lazy="raise")
    answers: Mapped[list[AssessmentCriterion]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
    )


class AssessmentCriterion(Entity):
    """One criterion answered in one assessment: met or not, with a note."""

    __tablename__ = "assessment_criteria"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion_id"),)

    assessment_id: Mapped[uuid.UUID] = mapped_column(fk("assessments.id"), index=True)
    criterion_id: Mapped[uuid.UUID] = mapped_column(
        fk("key_criteria.id", ondelete="RESTRICT"), index=True
    )
    met: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="answers", lazy="raise")
    criterion: Mapped[KeyCriterion] = relationship(lazy="raise")
