"""The evidence panel beside a negotiation: what IT achieved for the service over the last
year, for this unit and the others, and the targets agreed elsewhere; units with their own
service levels and unusual targets are flagged. Rich text; every name is escaped."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QTextBrowser, QWidget

from relman.ui.context import AppContext
from relman.ui.pages.base import esc
from relman.ui.table_model import show
from relman.workflows import evidence
from relman.workflows.evidence import Evidence
from relman.workflows.expectation_views import terms_text

OWN = "<span style='color: #b9770e' title='agrees its own service levels'>own levels</span>"
DIFFERS = "<span style='color: #b9770e'>differs from the usual</span>"
#: Rows beyond these are summed up in a line: the panel is read during a conversation.
MOST_UNITS = 25


def _unit(name: str, own: bool, here: bool) -> str:
    text = f"<b>{esc(name)}</b> (this unit)" if here else esc(name)
    return text + (f" · {OWN}" if own else "")


def evidence_html(ev: Evidence) -> str:
    parts = [f"<h3>What IT achieves for {esc(ev.service)}</h3>"]
    if not ev.achieved:
        parts.append(f"<p><i>Nothing measured for this service since {ev.since:%Y-%m-%d}.</i></p>")
    else:
        parts.append(
            f"<p style='color: gray'>Measured since {ev.since:%Y-%m-%d}, every unit's "
            "expectations of this service.</p>"
        )
        rows = "".join(
            f"<tr><td>{_unit(a.unit, a.own_service_levels, a.unit_id == ev.unit_id)}</td>"
            f"<td>{esc(show(a.measurement_type))}"
            f"{f' ({esc(a.target_unit)})' if a.target_unit else ''}</td>"
            f"<td align=right>{a.count}</td>"
            f"<td align=right style='color: {'#1e8449' if a.met_share >= 0.9 else '#c0392b'}'>"
            f"{a.met_share:.0%}</td>"
            f"<td align=right>{a.average:.4g}</td><td align=right>{a.best:.4g}</td>"
            f"<td align=right>{a.worst:.4g}</td></tr>"
            for a in ev.achieved[:MOST_UNITS]
        )
        more = len(ev.achieved) - MOST_UNITS
        parts.append(
            "<table width='100%' cellspacing=0 cellpadding=3 border=1 style='border-color: #ccc'>"
            "<tr><th>Unit</th><th>Measured as</th><th>Periods</th><th>Met</th>"
            "<th>Avg</th><th>Best</th><th>Worst</th></tr>"
            f"{rows}</table>" + (f"<p style='color: gray'>and {more} more</p>" if more > 0 else "")
        )
    parts.append("<h3>Targets agreed elsewhere</h3>")
    if not ev.agreed:
        parts.append("<p><i>No target agreed for this service yet.</i></p>")
    else:
        usual = "; ".join(
            f"{esc(terms_text(value, unit))} ({esc(show(kind))})"
            for (kind, unit), value in ev.usual.items()
        )
        rows = "".join(
            f"<tr><td>{_unit(a.unit, a.own_service_levels, a.unit_id == ev.unit_id)}</td>"
            f"<td align=right style='font-weight: {'bold' if a.unusual else 'normal'}'>"
            f"{esc(terms_text(a.target, a.target_unit))}</td>"
            f"<td>{esc(show(a.measurement_type))}</td>"
            f"<td>{DIFFERS if a.unusual else ''}</td></tr>"
            for a in ev.agreed[:MOST_UNITS]
        )
        more = len(ev.agreed) - MOST_UNITS
        parts.append(
            f"<p>The usual target: {usual}.</p>"
            "<table width='100%' cellspacing=0 cellpadding=3 border=1 style='border-color: #ccc'>"
            "<tr><th>Unit</th><th>Target</th><th>Measured as</th><th>Note</th></tr>"
            f"{rows}</table>" + (f"<p style='color: gray'>and {more} more</p>" if more > 0 else "")
        )
    return "".join(parts)


class EvidencePanel(QTextBrowser):
    """Loads the evidence for an expectation's service on a worker and shows it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("evidence")
        self.evidence: Evidence | None = None

    def load(self, service_id: uuid.UUID, unit_id: uuid.UUID, expectation_id: uuid.UUID) -> None:
        self.setHtml("<p style='color: gray'>Gathering what IT achieves…</p>")
        self.ctx.runner.read(
            lambda s: evidence.evidence(s, service_id, unit_id=unit_id, exclude=expectation_id),
            self._show,
            key="evidence",
        )

    def _show(self, ev: Evidence) -> None:
        self.evidence = ev
        self.setHtml(evidence_html(ev))
