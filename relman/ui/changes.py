"""The "Changes" section of a record's detail: who changed what and when, from the audit
trail of commands (relman.workflows.audit)."""

from __future__ import annotations

from html import escape as esc

from relman.workflows.audit import Change


def changes_html(changes: list[Change]) -> str:
    """A heading and one line per change, newest first; nothing when there are none."""
    if not changes:
        return ""
    lines = "".join(
        f"<p><span style='color: gray'>{c.at.astimezone():%Y-%m-%d %H:%M} · {esc(c.who)}</span>"
        f"<br>{esc(c.what)}</p>"
        for c in changes
    )
    return f"<h3>Changes</h3>{lines}"
