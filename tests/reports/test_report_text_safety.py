"""Hostile text prints literally in every report, and building a report opens no file
outside relman's resources and no network connection."""

from __future__ import annotations

import dataclasses
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from relman.models import Interview, InterviewStatus
from relman.paths import resources_dir
from relman.reports import interview_prep as prep_module
from relman.reports.interview_prep import render as render_prep
from relman.workflows.preparation import prepare
from tests.reports.conftest import HOSTILE, escalation_summary, review_pack

_watching: list[list[tuple[str, str]]] = []


def _audit(event: str, args: tuple) -> None:
    if not _watching:
        return
    if event == "open" and isinstance(args[0], str | bytes | Path):
        _watching[-1].append(("open", str(args[0])))
    elif event.startswith("socket.") and event != "socket.__new__":
        _watching[-1].append((event, repr(args[1:])))


sys.addaudithook(_audit)


@pytest.fixture
def watched() -> Iterator[list[tuple[str, str]]]:
    """What the code under watch opens: files and sockets."""
    seen: list[tuple[str, str]] = []
    _watching.append(seen)
    yield seen
    _watching.remove(seen)


def _outside_resources(seen: list[tuple[str, str]]) -> list[tuple[str, str]]:
    allowed = str(resources_dir().resolve())
    return [
        (kind, what)
        for kind, what in seen
        if kind != "open" or not str(Path(what).resolve()).startswith(allowed)
    ]


#: pieces the embedded font has no glyph for (emoji): the text around them prints whole
NOT_AS_TYPED = {"Smile 🙂 🚀": "Smile"}


def _literal(text: str) -> None:
    flat = text.replace(" ", "")
    for piece in HOSTILE:
        if piece in NOT_AS_TYPED:
            assert NOT_AS_TYPED[piece] in flat, piece
        else:
            assert piece.replace(" ", "") in flat, piece


def _reports(db, hostile) -> Callable[[], list[bytes]]:
    def make() -> list[bytes]:
        pack, summary = io.BytesIO(), io.BytesIO()
        with db.read_session() as s:
            review_pack(s, hostile.unit, pack)
            escalation_summary(s, summary, manager=hostile.manager)
        return [pack.getvalue(), summary.getvalue()]

    return make


def test_hostile_text_prints_literally(db, hostile, read_pdf) -> None:
    pack, summary = _reports(db, hostile)()
    pack_text, summary_text = read_pdf(pack), read_pdf(summary)
    _literal(pack_text)
    _literal(summary_text)
    assert hostile.unit in pack_text and "Zoë Ødegård <b" in summary_text


def test_building_opens_no_file_and_no_connection(db, hostile, watched) -> None:
    make = _reports(db, hostile)
    _watching.remove(watched)
    make()  # first use: imports and fonts
    _watching.append(watched)
    make()
    assert _outside_resources(watched) == []


def test_hostile_text_on_the_preparation_sheet(demo, read_pdf, watched) -> None:
    with demo.read_session() as s:
        iid = s.scalars(
            select(Interview.id).where(Interview.status == InterviewStatus.PLANNED).limit(1)
        ).one()
        prep = prepare(s, iid)
    text = " | ".join(HOSTILE)
    contact = dataclasses.replace(prep.contacts[0], name=HOSTILE[0], title=text)
    section = dataclasses.replace(prep.script[0], title=HOSTILE[4], guidance=text)
    hostile = dataclasses.replace(prep, contacts=(contact,), script=(section, *prep.script[1:]))
    _watching.remove(watched)
    render_prep(prep, io.BytesIO())
    _watching.append(watched)
    out = io.BytesIO()
    render_prep(hostile, out)
    assert _outside_resources(watched) == []
    _literal(read_pdf(out.getvalue()))
    assert prep_module.SECTIONS


def test_right_to_left_phrases_are_drawn_right_to_left() -> None:
    from relman.reports.pdf import visual

    assert visual("Hello שלום עולם end") == "Hello םלוע םולש end"
    assert visual("(שלום 12.5)") == "(12.5 םולש)"
    assert visual("plain <b> text") == "plain <b> text"
