"""Interview scripts: a script has numbered versions; a version has sections of questions.

A version that an interview was held with is frozen: editing the script makes a new version,
so every interview keeps the exact questions it was conducted with.
"""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Entity, check, enum_type, fk


class QuestionKind(enum.Enum):
    OPEN = "open"
    RESTATEMENT = "restatement"
    RATING = "rating"
    YES_NO = "yes_no"
    CHOICE = "choice"


class Script(Entity):
    __tablename__ = "scripts"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)

    versions: Mapped[list[ScriptVersion]] = relationship(
        back_populates="script",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ScriptVersion.number",
        lazy="raise",
    )


class ScriptVersion(Entity):
    __tablename__ = "script_versions"
    __table_args__ = (
        UniqueConstraint("script_id", "number"),
        check("number >= 1", "number_positive"),
    )

    script_id: Mapped[uuid.UUID] = mapped_column(fk("scripts.id"), index=True)
    number: Mapped[int] = mapped_column()
    change_note: Mapped[str] = mapped_column(Text, default="")

    script: Mapped[Script] = relationship(back_populates="versions", lazy="raise")
    sections: Mapped[list[ScriptSection]] = relationship(
        back_populates="script_version",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ScriptSection.position",
        lazy="raise",
    )


class ScriptSection(Entity):
    __tablename__ = "script_sections"
    __table_args__ = (check("position >= 0", "position_not_negative"),)

    version_id: Mapped[uuid.UUID] = mapped_column(fk("script_versions.id"), index=True)
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    guidance: Mapped[str] = mapped_column(Text, default="")

    script_version: Mapped[ScriptVersion] = relationship(back_populates="sections", lazy="raise")
    questions: Mapped[list[Question]] = relationship(
        back_populates="section",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Question.position",
        lazy="raise",
    )


class Question(Entity):
    """A question of a script version.

    ``condition_question_id``/``condition_value``: the question is asked only when the earlier
    question's answer equals ``condition_value`` (for a rating, ``"<=2"`` style comparisons are
    accepted too; see :func:`relman.workflows.interviews.condition_met`).
    """

    __tablename__ = "questions"
    __table_args__ = (check("position >= 0", "position_not_negative"),)

    section_id: Mapped[uuid.UUID] = mapped_column(fk("script_sections.id"), index=True)
    position: Mapped[int] = mapped_column()
    kind: Mapped[QuestionKind] = mapped_column(enum_type(QuestionKind))
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    condition_question_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("questions.id", ondelete="SET NULL"), index=True
    )
    condition_value: Mapped[str] = mapped_column(String(200), default="")

    section: Mapped[ScriptSection] = relationship(back_populates="questions", lazy="raise")
