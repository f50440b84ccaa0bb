"""The escalation summary for managers: a one-page overview (counts by age band and by
unit), then every escalation grouped by manager and unit, oldest first, each with its age,
due date, expectation, the short history of its negotiation, the two managers and the next
step."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from relman.reports.document import Anchor, Furniture, Progress, build
from relman.reports.lines import Lines
from relman.reports.pdf import day, esc, markup, none_here, shorten, table
from relman.workflows.escalation_summary_data import EscalationData, EscalationItem

#: units listed by name on the overview page; the rest are counted in one line
OVERVIEW_UNITS = 22
#: characters of a statement or history line: the summary is read at a glance
LINE_CHARS = 300


def _overview(d: EscalationData) -> list[Flowable]:
    total = len(d.items)
    past_due = sum(i.row.past_due for i in d.items)
    out: list[Flowable] = [
        Anchor("overview", "Overview"),
        markup("Escalation summary", "title"),
        Spacer(0, 4),
        markup(f"{esc(d.scope)} · prepared on {day(d.made_on)}", "subtitle"),
        Spacer(0, 14),
        markup(
            f"<b>{total}</b> escalation{'s' if total != 1 else ''}, <b>{past_due}</b> past due.",
            "body",
        ),
    ]
    if not d.items:
        out.append(none_here("There is no escalation to summarise."))
        return out
    out += [
        markup("By age", "h2"),
        table(["How long open", "Escalations"], [(b, str(n)) for b, n in d.by_band], [3, 1]),
        markup("By unit", "h2"),
    ]
    shown = d.by_unit[:OVERVIEW_UNITS]
    rest = d.by_unit[OVERVIEW_UNITS:]
    rows = [(u, str(o), str(p)) for u, o, p in shown]
    if rest:
        rows.append(
            (
                f"{len(rest)} more units",
                str(sum(o for _u, o, _p in rest)),
                str(sum(p for _u, _o, p in rest)),
            )
        )
    out.append(table(["Unit", "Open", "Past due"], rows, [4, 1, 1]))
    return out


def _item(i: EscalationItem) -> list[Flowable]:
    """One escalation as one block of plain lines (:class:`Lines`: no markup is read, so
    hundreds of escalations lay out fast), kept from starting at the foot of a page."""
    r = i.row
    due = f"due {day(r.due_on)}" + (", past due" if r.past_due else "")
    head = (
        f"{r.service} · opened {day(r.opened_at)} · {r.age_days} days · {due} · "
        f"{r.status.value.replace('_', ' ')}"
    )
    target = f" (target {i.target})" if i.target else ""
    lines = [
        (head, "alert" if r.past_due else "strong"),
        (shorten(i.statement, LINE_CHARS) + target, "small"),
        (f"Customer: {i.customer or '—'} · raised by {r.rm or '—'}", "small"),
        (
            f"Managers: {r.manager or 'not named'} (IT) and "
            f"{r.customer_manager or 'not named'} (customer)",
            "small",
        ),
    ]
    lines += [
        (f"{day(s.on)} {s.who + ': ' if s.who else ''}{shorten(s.what, LINE_CHARS)}", "muted")
        for s in i.history
    ]
    lines.append((f"Next step: {i.next_step}", "small-strong"))
    return [CondPageBreak(90), Lines(lines), Spacer(0, 7)]


def render(
    d: EscalationData,
    out: BinaryIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    invariant: bool = False,
) -> None:
    """Lay out the escalation summary of ``d`` into ``out``."""
    story: list[Flowable] = _overview(d)
    last_manager = None
    for m, (manager, unit, items) in enumerate(d.groups):
        if manager != last_manager:
            story += [PageBreak(), Anchor(f"m{m}", manager), markup(esc(manager), "h1")]
            last_manager = manager
        story += [Anchor(f"u{m}", unit, 1), markup(f"{esc(unit)} ({len(items)})", "h2")]
        for item in items:
            story += _item(item)
    build(
        out,
        story,
        title="Escalation summary",
        furniture=Furniture(
            "Escalation summary", d.scope, f"Prepared on {day(d.made_on)}", cover=False
        ),
        progress=progress,
        cancelled=cancelled,
        invariant=invariant,
    )
