"""The text beside the charts, as rich text with every user text escaped: the unit's surveys
and issues (numbered as the quadrant's points), the issues that moved since the quarter
before, and the detail of one survey or one issue. Links are ``kind:id``, opened through the
window's navigator like every other link."""

from __future__ import annotations

from relman.models import QUADRANT_LABELS, Quadrant
from relman.ui.pages.base import esc
from relman.ui.satisfaction.quadrant_chart import STYLE
from relman.ui.satisfaction.trend_chart import change_words
from relman.workflows.satisfaction import FOLLOW_UP_AT
from relman.workflows.satisfaction_views import (
    IssueDetail,
    SurveyDetail,
    UnitSatisfaction,
    previous_quarter,
)

MUTED = "color: gray"


def quadrant_words(q: Quadrant) -> str:
    """A quadrant in its colour and in words (the colour is never the only sign)."""
    name, colour, _shade = STYLE[q]
    return f"<span style='color: {colour}'><b>{esc(name.lower())}</b></span>"


def _text(value: str) -> str:
    return esc(value).replace("\n", "<br>")


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


def summary(view: UnitSatisfaction) -> str:
    """The unit's surveys, its movement since the quarter before, and its issues."""
    parts = [f"<h3>Surveys of {esc(view.unit_name)}</h3>"]
    if view.trend.points:
        rows = "".join(
            f"<tr><td><a href='survey:{p.survey_id}'>{esc(p.quarter)}</a></td>"
            f"<td align=right>{p.overall:.2f}</td>"
            f"<td align=right>{'baseline' if p is view.trend.baseline else _signed(p.vs_baseline)}"
            f"</td><td align=right>{_signed(p.vs_previous)}</td>"
            f"<td align=right>{p.respondents}</td></tr>"
            for p in reversed(view.trend.points)
        )
        parts.append(
            "<table cellspacing=0 cellpadding=3><tr><th align=left>Quarter</th><th>Overall</th>"
            "<th>vs baseline</th><th>vs previous</th><th>Respondents</th></tr>"
            f"{rows}</table>"
        )
    else:
        parts.append(
            f"<p style='{MUTED}'>No survey yet. The first one recorded is the baseline.</p>"
        )
    before = previous_quarter(view.quarter)
    parts.append(f"<h3>Moved since {esc(before)}</h3>")
    if view.moves:
        items = "".join(
            f"<li><a href='support_issue:{m.id}'>{esc(m.title)}</a>: "
            + (
                f"new, {quadrant_words(m.moved_to)}"
                if m.moved_from is None
                else f"from {quadrant_words(m.moved_from)} to {quadrant_words(m.moved_to)}"
            )
            + "</li>"
            for m in view.moves
        )
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append(f"<p style='{MUTED}'>No issue changed quadrant in {esc(view.quarter)}.</p>")
    parts.append(f"<h3>Support issues as of {esc(view.quarter)}</h3>")
    if view.points:
        items = "".join(
            f"<li><a href='support_issue:{i.id}'>{esc(i.title)}</a> — "
            f"importance {i.importance}, satisfaction {i.satisfaction}: "
            f"{quadrant_words(i.quadrant)}"
            + (
                f" <span style='{MUTED}'>(rated {esc(i.quarter)})</span>"
                if i.quarter != view.quarter
                else ""
            )
            + "</li>"
            for i in view.points
        )
        parts.append(f"<ol>{items}</ol>")
    else:
        parts.append(f"<p style='{MUTED}'>No support issue rated by then.</p>")
    return "".join(parts)


def survey_html(d: SurveyDetail) -> str:
    rows = []
    for a in d.answers:
        low = a.score <= FOLLOW_UP_AT
        score = f"<b style='color: #c62828'>{a.score:g} (low)</b>" if low else f"{a.score:g}"
        said = f"<br><i>They said:</i> {_text(a.follow_up)}" if a.follow_up else ""
        rows.append(f"<tr><td>{esc(a.question)}{said}</td><td align=right>{score}</td></tr>")
    comments = f"<h4>Comments</h4><p>{_text(d.comments)}</p>" if d.comments else ""
    return (
        f"<h2>Survey {esc(d.quarter)}</h2>"
        f"<p><a href='unit:{d.unit_id}'>{esc(d.unit_name)}</a> · overall <b>{d.overall:.2f}</b> "
        f"of 5 · {d.respondents} respondents</p>"
        "<table cellspacing=0 cellpadding=3><tr><th align=left>Question</th><th>Score</th></tr>"
        f"{''.join(rows)}</table>{comments}"
    )


def issue_html(d: IssueDetail) -> str:
    history = "".join(
        f"<tr><td>{esc(r.quarter)}</td><td align=right>{r.importance}</td>"
        f"<td align=right>{r.satisfaction}</td><td>{quadrant_words(r.quadrant)}"
        + (f" (moved from {quadrant_words(r.moved_from)})" if r.moved_from else "")
        + "</td></tr>"
        for r in reversed(d.ratings)
    )
    service = f" · service {esc(d.service)}" if d.service else ""
    description = f"<p>{_text(d.description)}</p>" if d.description else ""
    return (
        f"<h2>{esc(d.title)}</h2>"
        f"<p><a href='unit:{d.unit_id}'>{esc(d.unit_name)}</a>{service}</p>"
        f"<p>Now: importance <b>{d.importance}</b>, satisfaction <b>{d.satisfaction}</b> — "
        f"{quadrant_words(d.quadrant)} "
        f"({esc(QUADRANT_LABELS[d.quadrant].partition(':')[0].lower())})</p>"
        f"{description}<h4>Ratings by quarter</h4>"
        "<table cellspacing=0 cellpadding=3><tr><th align=left>Quarter</th><th>Importance</th>"
        f"<th>Satisfaction</th><th align=left>Quadrant</th></tr>{history}</table>"
    )


def trend_caption(view: UnitSatisfaction) -> str:
    """The line above the trend chart, in words."""
    trend = view.trend
    if not trend.points:
        return "Satisfaction trend: no survey yet"
    last = trend.points[-1]
    if last is trend.baseline:
        return f"Satisfaction trend: baseline {last.overall:.2f} ({last.quarter})"
    change = change_words(last.vs_baseline)
    return f"Satisfaction trend: {last.overall:.2f} in {last.quarter}, {change}"
