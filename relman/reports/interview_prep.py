"""The interview preparation sheet: what an RM reads before an interview and writes on
during it. The customer and unit, their assessment, the current expectations with the
latest measurements, open escalations and action items, the notes of the last meetings and
interviews, then the script with ruled room to write by hand.

The data is exactly what the preparation view shows, gathered by
:func:`relman.workflows.interview_prep_data.gather_interview_prep`; this module only prints it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from relman.reports.document import Furniture, Progress, build, titled
from relman.reports.pdf import (
    BAD,
    GOOD,
    RULE,
    WIDTH,
    blocks,
    day,
    facts,
    markup,
    none_here,
    para,
    shorten,
    table,
)
from relman.workflows import common
from relman.workflows.preparation import Preparation
from relman.workflows.unit_history import num

#: ruled lines left under a question, by its kind
LINES = {"open": 6, "restatement": 4, "rating": 2, "yes_no": 2, "choice": 2}
#: characters of earlier notes printed per meeting or interview: the sheet is read quickly
NOTES_CHARS = 1500


class WritingLines(Flowable):
    """Ruled lines to write on by hand."""

    def __init__(self, lines: int, gap: float = 18) -> None:
        super().__init__()
        self.lines, self.gap = lines, gap
        self.width, self.height = WIDTH, lines * gap + 4

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.5)
        for i in range(1, self.lines + 1):
            y = self.height - i * self.gap
            self.canv.line(0, y, self.width, y)


def _who(p: Preparation) -> list[Flowable]:
    i = p.interview
    out: list[Flowable] = [
        facts(
            [
                ("When", f"{i.scheduled_at.astimezone():%Y-%m-%d %H:%M}, {i.duration_minutes} min"),
                ("Where", i.location or "—"),
                ("Unit", i.unit or "—"),
                ("Relationship manager", i.rm or "—"),
                ("Script", f"{i.script} (version {i.script_version})" if i.script else "—"),
                ("Status", i.status.replace("_", " ")),
            ]
        )
    ]
    if not p.contacts:
        return [*out, none_here("No customer is named for this interview yet.")]
    for c in p.contacts:
        out.append(Spacer(0, 8))
        out.append(para(f"{c.name}" + (f", {c.title}" if c.title else ""), "strong"))
        contact = " · ".join(x for x in (c.unit, c.email, c.phone) if x)
        if contact:
            out.append(para(contact, "muted"))
        a = c.assessment
        if a is None:
            out.append(none_here("Not assessed yet as a key customer."))
        else:
            out.append(para(f"Assessed on {day(a.assessed_on)} by {a.assessor or '—'}", "small"))
            out += blocks(a.verdict, "body")
    return out


def _expectations(p: Preparation) -> list[Flowable]:
    if not p.expectations:
        return [none_here("No current expectation.")]
    rows, marks = [], []
    for n, e in enumerate(p.expectations):
        target = f"{num(e.target)} {e.target_unit}".strip() if e.target is not None else "—"
        latest, verdict = "—", "—"
        if e.latest is not None:
            latest = f"{num(e.latest.value)} {e.latest.target_unit} ({e.latest.period})"
            verdict = "met" if e.latest.met else "missed"
            marks.append((6, n, GOOD if e.latest.met else BAD))
        rows.append(
            (
                e.service,
                e.contact or "—",
                e.statement,
                e.status.replace("_", " "),
                f"{target} {e.frequency}".strip(),
                latest,
                verdict,
            )
        )
    return [
        table(
            ["Service", "Customer", "Expectation", "Status", "Target", "Latest", "Met"],
            rows,
            [1.5, 1.4, 3.4, 1.1, 1.5, 1.6, 0.8],
            marks=marks,
        )
    ]


def _open_items(p: Preparation) -> list[Flowable]:
    out: list[Flowable] = [markup("Open escalations", "h2")]
    if p.escalations:
        out.append(
            table(
                ["Service", "Expectation", "Status", "Opened", "Due"],
                [
                    (
                        e.service,
                        e.summary or e.statement,
                        e.status.replace("_", " "),
                        day(e.opened_at.astimezone()),
                        day(e.due_on),
                    )
                    for e in p.escalations
                ],
                [1.5, 5, 1.2, 1.2, 1.2],
            )
        )
    else:
        out.append(none_here("No open escalation."))
    out.append(markup("Open action items", "h2"))
    if p.action_items:
        out.append(
            table(
                ["Action", "Owner", "Due", "From"],
                [(a.text, a.owner or "—", day(a.due_on), a.source) for a in p.action_items],
                [5, 1.6, 1.2, 2],
            )
        )
    else:
        out.append(none_here("No open action item."))
    return out


def _notes(p: Preparation) -> list[Flowable]:
    out: list[Flowable] = []
    for title, notes in (
        ("Last meetings", p.last_meetings),
        ("Last interviews", p.last_interviews),
    ):
        out.append(markup(title, "h2"))
        if not notes:
            out.append(none_here("None recorded."))
        for n in notes:
            out.append(para(f"{day(n.held_at.astimezone())} · {n.title}", "strong"))
            out += (
                blocks(shorten(n.text, NOTES_CHARS), "small")
                if n.text.strip()
                else [none_here("No notes written.")]
            )
            out.append(Spacer(0, 4))
    return out


def _script(p: Preparation) -> list[Flowable]:
    if not p.script:
        return [none_here("This interview has no script.")]
    numbers: dict[uuid.UUID, int] = {q.id: q.number for s in p.script for q in s.questions}
    out: list[Flowable] = []
    for s in p.script:
        out.append(para(s.title, "h2"))
        if s.guidance.strip():
            out += blocks(s.guidance, "muted")
        for q in s.questions:
            out += [
                CondPageBreak(60 + 18 * LINES.get(q.kind, 4)),
                para(f"{q.number}. {q.text}", "strong"),
            ]
            if q.condition_on is not None:
                asked = numbers.get(q.condition_on)
                out.append(
                    para(f"Ask only if the answer to {asked} is {q.condition_value}.", "muted")
                )
            if q.guidance.strip():
                out += blocks(q.guidance, "muted")
            if q.kind == "rating":
                out.append(para("1    2    3    4    5   (circle one)", "small"))
            elif q.kind == "yes_no":
                out.append(para("yes    no   (circle one)", "small"))
            elif q.choices:
                out.append(para("   ·   ".join(q.choices) + "   (circle one)", "small"))
            out.append(WritingLines(LINES.get(q.kind, 4)))
    return out


SECTIONS: tuple[tuple[str, str, Callable[[Preparation], list[Flowable]]], ...] = (
    ("who", "Customer and unit", _who),
    ("expectations", "Current expectations", _expectations),
    ("open", "Open escalations and action items", _open_items),
    ("notes", "Notes of the last meetings and interviews", _notes),
    ("script", "Script", _script),
)


def render(
    p: Preparation,
    out: BinaryIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    invariant: bool = False,
) -> None:
    """Lay out the preparation sheet of ``p`` into ``out``."""
    people = ", ".join(c.name for c in p.contacts) or "no customer named"
    when = f"{p.interview.scheduled_at.astimezone():%Y-%m-%d %H:%M}"
    story: list[Flowable] = [
        markup("Interview preparation", "title"),
        para(f"{people} · {p.interview.unit or 'no unit'} · {when}", "subtitle"),
        markup("CONFIDENTIAL", "mark"),
        Spacer(0, 8),
    ]
    for key, title, make in SECTIONS:
        if key == "script":
            story.append(PageBreak())
        story += titled(key, title, make(p))
    build(
        out,
        story,
        title=f"Interview preparation: {people}",
        furniture=Furniture(
            f"Interview preparation · {p.interview.unit or '—'}",
            f"{people} · {when}",
            f"Confidential · prepared on {day(common.today())}",
            cover=False,
        ),
        progress=progress,
        cancelled=cancelled,
        invariant=invariant,
    )
