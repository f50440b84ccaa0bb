"""The review pack of one unit over a period: what an RM takes to the unit's review.

Cover, contents, then one section each: portfolio, key customers, expectations, misses,
escalations, interviews, meetings, action items, satisfaction trend and priority quadrant.
A section with nothing in the period says so, so an empty unit still gets a whole pack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from relman.reports import charts
from relman.reports.document import Furniture, Progress, build, contents, titled
from relman.reports.pdf import BAD, GOOD, blocks, day, esc, facts, markup, none_here, para, table
from relman.workflows.review_pack_data import ReviewData
from relman.workflows.unit_history import ActionLine

SECTIONS = (
    ("portfolio", "Portfolio"),
    ("key-customers", "Key customers"),
    ("expectations", "Expectations"),
    ("misses", "Misses and their explanations"),
    ("escalations", "Escalations"),
    ("interviews", "Interviews held"),
    ("meetings", "Meetings"),
    ("actions", "Action items"),
    ("satisfaction", "Satisfaction trend"),
    ("priorities", "Priority quadrant"),
)
TITLES = dict(SECTIONS)


def _cover(d: ReviewData) -> list[Flowable]:
    rms = ", ".join(r.name for r in d.unit.rms) or "none assigned"
    return [
        Spacer(0, 120),
        markup("Review pack", "title"),
        Spacer(0, 10),
        para(d.unit.name, "subtitle"),
        Spacer(0, 28),
        facts(
            [
                ("Period", str(d.period)),
                ("Relationship managers", rms),
                ("Division", d.unit.division or "—"),
                ("Prepared on", day(d.made_on)),
            ]
        ),
        Spacer(0, 40),
        markup("CONFIDENTIAL", "mark"),
        markup("For the unit's review meeting. Do not pass on outside the meeting.", "muted"),
        PageBreak(),
    ]


def _portfolio(d: ReviewData) -> list[Flowable]:
    u = d.unit
    head = f"{u.head.name}, {u.head.extra}".rstrip(", ") if u.head else "not named"
    out: list[Flowable] = [
        facts(
            [
                ("Head of the unit", head),
                ("Relationship managers", ", ".join(r.name for r in u.rms) or "none assigned"),
                ("Criticality", u.criticality.value),
                ("Own service levels", "yes" if u.own_service_levels else "no"),
                ("Open escalations now", str(u.open_escalations)),
                ("Last meeting", u.last_meeting or "none recorded"),
            ]
        ),
        markup("Services it depends on", "h2"),
    ]
    if u.dependencies:
        out.append(
            table(["Service", "Dependence"], [(r.name, r.extra) for r in u.dependencies], [3, 1])
        )
    else:
        out.append(none_here("No services recorded for this unit."))
    if u.notes.strip():
        out += [markup("Notes", "h2"), *blocks(u.notes)]
    return out


def _key_customers(d: ReviewData) -> list[Flowable]:
    if not d.key_customers:
        return [none_here("This unit has no key customers.")]
    return [
        table(
            ["Customer", "Title", "Assessed", "Assessment"],
            [(k.name, k.title, day(k.assessed_on), k.verdict) for k in d.key_customers],
            [2, 2, 1.2, 5],
        )
    ]


def _expectations(d: ReviewData) -> list[Flowable]:
    if not d.expectations:
        return [none_here("No expectations are recorded for this unit.")]
    rows, marks = [], []
    for i, e in enumerate(d.expectations):
        verdict = {True: "met", False: "missed", None: "—"}[e.met]
        if e.met is not None:
            marks.append((6, i, GOOD if e.met else BAD))
        rows.append(
            (
                e.service,
                e.customer,
                e.statement,
                e.target or f"none yet ({e.status})",
                e.frequency,
                e.latest or "—",
                verdict,
                e.trend or "—",
            )
        )
    return [
        table(
            ["Service", "Customer", "Expectation", "Target", "Every", "Latest", "Met", "Trend"],
            rows,
            [1.5, 1.4, 3.1, 1.3, 1, 1.5, 0.8, 1.4],
            marks=marks,
        )
    ]


def _misses(d: ReviewData) -> list[Flowable]:
    if not d.misses:
        return [none_here("No target was missed in this period.")]
    out: list[Flowable] = []
    for m in d.misses:
        explained = m.cause.strip() or m.resolution.strip() or m.prevention.strip()
        out.append(
            KeepTogether(
                [
                    markup(
                        f"<b>{esc(m.period)}</b> · {esc(m.service)}: {esc(m.statement)}", "body"
                    ),
                    markup(
                        f"Measured {esc(m.value)} against {esc(m.target)}"
                        + (f"; customer told on {day(m.told_on)}" if m.told_on else ""),
                        "muted",
                    ),
                ]
            )
        )
        if explained:
            for label, text in (
                ("Cause", m.cause),
                ("Resolution", m.resolution),
                ("Prevention", m.prevention),
            ):
                if text.strip():
                    out += [markup(f"<b>{label}</b>", "small"), *blocks(text, "small")]
        else:
            out.append(markup("<b>Not explained yet.</b>", "small"))
        out.append(Spacer(0, 6))
    return out


def _escalations(d: ReviewData) -> list[Flowable]:
    if not d.escalations:
        return [none_here("No escalation was open in this period.")]
    rows = [
        (
            e.service,
            e.statement,
            e.status,
            day(e.opened),
            day(e.due),
            day(e.resolved) if e.resolved else "—",
            f"{e.age_days} d",
            e.manager,
            e.resolution or "—",
        )
        for e in d.escalations
    ]
    open_now = sum(1 for e in d.escalations if e.resolved is None)
    return [
        markup(
            f"{open_now} open at the end of the period, "
            f"{len(d.escalations) - open_now} resolved or withdrawn in it.",
            "muted",
        ),
        Spacer(0, 4),
        table(
            [
                "Service",
                "Expectation",
                "Status",
                "Opened",
                "Due",
                "Closed",
                "Age",
                "Manager",
                "Outcome",
            ],
            rows,
            [1.4, 3, 1.1, 1.2, 1.2, 1.2, 0.7, 1.4, 2.2],
        ),
    ]


def _interviews(d: ReviewData) -> list[Flowable]:
    if not d.interviews:
        return [none_here("No interview was held in this period.")]
    out: list[Flowable] = []
    for i in d.interviews:
        who = i.customers or "no customer recorded"
        out.append(
            markup(
                f"<b>{day(i.held)}</b> · {esc(who)}" + (f" · with {esc(i.rm)}" if i.rm else ""),
                "body",
            )
        )
        out += (
            blocks(i.key_points, "small")
            if i.key_points.strip()
            else [none_here("No key points written down.")]
        )
        out.append(Spacer(0, 5))
    return out


def _meetings(d: ReviewData) -> list[Flowable]:
    if not d.meetings:
        return [none_here("No meeting was held in this period.")]
    out: list[Flowable] = []
    for m in d.meetings:
        head = f"<b>{day(m.held)}</b> · {esc(m.kind)}"
        if m.goals:
            head += f" · goals {esc(m.goals)}"
        out.append(markup(head, "body"))
        for label, text in (("Delivered", m.delivered), ("Planned", m.planned)):
            out.append(markup(f"<b>{label}</b>", "small"))
            out += blocks(text, "small") if text.strip() else [none_here("—")]
        out.append(Spacer(0, 5))
    return out


def _action_table(items: list[ActionLine], done: bool) -> Flowable:
    last = "Done" if done else "Due"
    return table(
        ["Action", "Owner", last],
        [(a.text, a.owner or "—", day(a.done if done else a.due)) for a in items],
        [6, 2, 1.2],
    )


def _actions(d: ReviewData) -> list[Flowable]:
    out: list[Flowable] = [markup(f"Open at the end of the period ({len(d.open_actions)})", "h2")]
    out.append(
        _action_table(d.open_actions, False)
        if d.open_actions
        else none_here("No action item is open.")
    )
    out.append(markup(f"Closed in the period ({len(d.closed_actions)})", "h2"))
    out.append(
        _action_table(d.closed_actions, True)
        if d.closed_actions
        else none_here("No action item was closed in this period.")
    )
    return out


def _satisfaction(d: ReviewData) -> list[Flowable]:
    if not d.satisfaction:
        return [none_here("No satisfaction survey is recorded for this unit.")]
    first, last = d.satisfaction[0], d.satisfaction[-1]
    caption = markup(
        f"Overall satisfaction per quarter, 1 to 5: {esc(first[0])} {first[1]:.1f} "
        f"(baseline), {esc(last[0])} {last[1]:.1f}.",
        "muted",
    )
    return [KeepTogether([caption, Spacer(0, 6), charts.satisfaction_trend(d.satisfaction)])]


def _priorities(d: ReviewData) -> list[Flowable]:
    if not d.issues:
        return [none_here(f"No support issue was rated up to {d.quadrant_quarter}.")]
    caption = markup(f"Support issues as rated up to {esc(d.quadrant_quarter)}.", "muted")
    chart = charts.priority_quadrant([(i.importance, i.satisfaction) for i in d.issues])
    return [
        KeepTogether([caption, chart]),
        table(
            ["Issue", "Rated", "Importance", "Satisfaction", "Quadrant"],
            [
                (
                    i.title,
                    i.quarter,
                    str(i.importance),
                    str(i.satisfaction),
                    i.quadrant.value.replace("_", " "),
                )
                for i in d.issues
            ],
            [4.6, 1.2, 1.4, 1.5, 1.6],
        ),
    ]


MAKERS: dict[str, Callable[[ReviewData], list[Flowable]]] = {
    "portfolio": _portfolio,
    "key-customers": _key_customers,
    "expectations": _expectations,
    "misses": _misses,
    "escalations": _escalations,
    "interviews": _interviews,
    "meetings": _meetings,
    "actions": _actions,
    "satisfaction": _satisfaction,
    "priorities": _priorities,
}


def render(
    d: ReviewData,
    out: BinaryIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    invariant: bool = False,
) -> None:
    """Lay out the review pack of ``d`` into ``out``."""
    story: list[Flowable] = [*_cover(d), *contents(SECTIONS)]
    for i, (key, title) in enumerate(SECTIONS):
        if i:
            story.append(CondPageBreak(160))
        story += titled(key, title, MAKERS[key](d))
    build(
        out,
        story,
        title=f"Review pack: {d.unit.name}",
        furniture=Furniture(
            f"{d.unit.name} · review pack",
            str(d.period),
            f"Confidential · prepared on {day(d.made_on)}",
        ),
        progress=progress,
        cancelled=cancelled,
        invariant=invariant,
    )
