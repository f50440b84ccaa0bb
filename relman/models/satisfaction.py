"""Quarterly satisfaction surveys per unit, and support issues rated for the priority quadrant.

Quadrant rule (docs/method.md): importance 4–5 is *important*, satisfaction 4–5 is
*satisfied*; a 3 counts with the lower half, since an average rating is neither.
"""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import CheckConstraint, Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Entity, fk

HIGH_RATING = 4


class Quadrant(enum.Enum):
    FIX_FIRST = "fix_first"  # important, unsatisfied
    KEEP_DOING = "keep_doing"  # important, satisfied
    LATER = "later"  # less important, unsatisfied
    OVERSPENT = "overspent"  # less important, satisfied: a sledgehammer for a tack?


QUADRANT_LABELS = {
    Quadrant.FIX_FIRST: "Important, unsatisfied: fix first",
    Quadrant.KEEP_DOING: "Important, satisfied: keep doing it",
    Quadrant.LATER: "Less important, unsatisfied: later",
    Quadrant.OVERSPENT: "Less important, satisfied: over-spent?",
}


def quadrant(importance: int, satisfaction: int) -> Quadrant:
    important = importance >= HIGH_RATING
    satisfied = satisfaction >= HIGH_RATING
    if important:
        return Quadrant.KEEP_DOING if satisfied else Quadrant.FIX_FIRST
    return Quadrant.OVERSPENT if satisfied else Quadrant.LATER


class Survey(Entity):
    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("unit_id", "quarter"),)

    unit_id: Mapped[uuid.UUID] = mapped_column(fk("business_units.id"), index=True)
    quarter: Mapped[str] = mapped_column(String(7))  # 2026-Q3
    respondents: Mapped[int] = mapped_column(default=0)
    overall: Mapped[float] = mapped_column(Float)
    comments: Mapped[str] = mapped_column(Text, default="")

    scores: Mapped[list[SurveyScore]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class SurveyScore(Entity):
    __tablename__ = "survey_scores"

    survey_id: Mapped[uuid.UUID] = mapped_column(fk("surveys.id"), index=True)
    question: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float)

    survey: Mapped[Survey] = relationship(back_populates="scores", lazy="raise")


class SupportIssue(Entity):
    __tablename__ = "support_issues"
    __table_args__ = (
        CheckConstraint("importance BETWEEN 1 AND 5", name="importance_range"),
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
    )

    unit_id: Mapped[uuid.UUID] = mapped_column(fk("business_units.id"), index=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(fk("services.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    importance: Mapped[int] = mapped_column()
    satisfaction: Mapped[int] = mapped_column()
    rated_on: Mapped[str] = mapped_column(String(10), default="")

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.importance, self.satisfaction)
