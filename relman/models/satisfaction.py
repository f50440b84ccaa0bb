"""Quarterly satisfaction surveys per unit, and support issues rated for the priority quadrant.

Quadrant rule (docs/method.md): importance 4–5 is *important*, satisfaction 4–5 is
*satisfied*; a 3 counts with the lower half, since an average rating is neither.

Survey questions come from one list (:class:`SurveyQuestion`), so that a quarter's scores
line up with the last one's and a series never splits on spelling. A support issue is rated
at most once per quarter (:class:`SupportIssueRating`); the issue's own ``importance`` and
``satisfaction`` hold its latest rating, so lists stay fast, and the ratings keep the history
that shows an issue moving between quadrants.
"""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import CheckConstraint, Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Entity, check, fk, quarter_sql

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
    __table_args__ = (
        UniqueConstraint("unit_id", "quarter"),
        check(quarter_sql("quarter"), "quarter_format"),
        check("respondents >= 0", "respondents_not_negative"),
        check("overall BETWEEN 1 AND 5", "overall_range"),
    )

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
    __table_args__ = (check("score BETWEEN 1 AND 5", "score_range"),)

    survey_id: Mapped[uuid.UUID] = mapped_column(fk("surveys.id"), index=True)
    question_id: Mapped[uuid.UUID] = mapped_column(
        fk("survey_questions.id", ondelete="RESTRICT"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    #: what the unit said when asked why the score was low
    follow_up: Mapped[str] = mapped_column(Text, default="")

    survey: Mapped[Survey] = relationship(back_populates="scores", lazy="raise")
    question: Mapped[SurveyQuestion] = relationship(lazy="raise")


class SurveyQuestion(Entity):
    """One question of the department's satisfaction survey, spelt once for every quarter."""

    __tablename__ = "survey_questions"

    name: Mapped[str] = mapped_column(String(300), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class SupportIssue(Entity):
    __tablename__ = "support_issues"
    __table_args__ = (
        CheckConstraint("importance BETWEEN 1 AND 5", name="importance_range"),
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
    )

    unit_id: Mapped[uuid.UUID] = mapped_column(fk("business_units.id"), index=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("services.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    importance: Mapped[int] = mapped_column()
    satisfaction: Mapped[int] = mapped_column()
    #: The latest rating (a cache of the newest :class:`SupportIssueRating`).
    rated_on: Mapped[str] = mapped_column(String(10), default="")

    ratings: Mapped[list[SupportIssueRating]] = relationship(
        back_populates="issue",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SupportIssueRating.quarter",
        lazy="raise",
    )

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.importance, self.satisfaction)


class SupportIssueRating(Entity):
    """How important an issue was to the customer, and how satisfied they were, in a quarter."""

    __tablename__ = "support_issue_ratings"
    __table_args__ = (
        UniqueConstraint("issue_id", "quarter"),
        CheckConstraint("importance BETWEEN 1 AND 5", name="importance_range"),
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
    )

    issue_id: Mapped[uuid.UUID] = mapped_column(fk("support_issues.id"), index=True)
    quarter: Mapped[str] = mapped_column(String(7))  # 2026-Q3
    importance: Mapped[int] = mapped_column()
    satisfaction: Mapped[int] = mapped_column()
    rated_on: Mapped[str] = mapped_column(String(10), default="")
    rated_by_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("staff.id", ondelete="RESTRICT"), index=True
    )

    issue: Mapped[SupportIssue] = relationship(back_populates="ratings", lazy="raise")

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.importance, self.satisfaction)
