"""Fixtures of the report tests: the small demo built once, a unit full of hostile text,
reading a PDF back as text, and each report gathered by its workflow then printed."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from relman.demo import build_demo
from relman.models import Dependence, GoalsMet, MeetingKind, Party
from relman.reports import escalation_summary as summary_pdf
from relman.reports import interview_prep as prep_pdf
from relman.reports import review_pack as pack_pdf
from relman.storage import Database, open_database
from relman.workflows import contacts, expectations, meetings, portfolio, services
from relman.workflows.escalation_summary_data import EscalationData, gather_escalation_summary
from relman.workflows.escalations import escalate
from relman.workflows.interview_prep_data import gather_interview_prep
from relman.workflows.preparation import Preparation
from relman.workflows.review_pack_data import ReviewData, gather_review_pack

#: text that must print literally: markup, entities, emoji, right-to-left, accents
HOSTILE = (
    "<b",
    "0.1 <A <0.9",
    "Fish & Chips &amp; more",
    '<img src="/etc/passwd"/>',
    "<font size=500>huge</font>",
    '<a href="http://127.0.0.1:9/x">link</a>',
    "Smile 🙂 🚀",
    "שלום עולם",
    "مرحبا",
    "Zoë Ødegård",
    "Дмитрий",
    "Ελληνικά",
)


def _split(kw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keywords of the gathering, and those of the layout (progress goes to both)."""
    layout = {k: kw.pop(k) for k in ("invariant",) if k in kw}
    layout.update({k: kw[k] for k in ("progress", "cancelled") if k in kw})
    return kw, layout


def review_pack(session: Session, unit: str, out: BinaryIO, **kw: Any) -> ReviewData:
    """Gather the review pack of ``unit`` with its workflow, then print it into ``out``."""
    gather, layout = _split(kw)
    data = gather_review_pack(session, unit, **gather)
    pack_pdf.render(data, out, **layout)
    return data


def escalation_summary(session: Session, out: BinaryIO, **kw: Any) -> EscalationData:
    """Gather the escalation summary with its workflow, then print it into ``out``."""
    gather, layout = _split(kw)
    data = gather_escalation_summary(session, **gather)
    summary_pdf.render(data, out, **layout)
    return data


def interview_prep(session: Session, interview: str, out: BinaryIO, **kw: Any) -> Preparation:
    """Gather the preparation sheet of ``interview`` with its workflow, then print it."""
    gather, layout = _split(kw)
    data = gather_interview_prep(session, interview, **gather)
    prep_pdf.render(data, out, **layout)
    return data


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo (Jeans-R-Us), built once for every report test that only reads."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = open_database(path)
    try:
        build_demo(db, "small", seed=7)
    finally:
        db.close()
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Database]:
    db = open_database(demo_path, readonly=True)
    yield db
    db.close()


def pdf_text(data: bytes) -> str:
    """Every page's text, joined, with runs of white space made one space."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def read_pdf() -> Callable[[bytes], str]:
    return pdf_text


@dataclass(frozen=True)
class Hostile:
    unit: str
    unit_id: uuid.UUID
    manager: str


@pytest.fixture
def hostile(db: Database, people) -> Hostile:
    """A unit whose every text is hostile: names, notes, expectation, escalation, meeting."""
    text = " | ".join(HOSTILE)
    now = dt.datetime.now(dt.UTC)
    with db.session() as s:
        unit = portfolio.create_unit(s, "Unit <b> & Дмитрий", notes=text, rms=[people.rm])
        service = services.create_service(s, "Service <font size=500>")
        head = contacts.create_contact(s, "Zoë Ødegård <b", unit_id=unit.id, title=text[:190])
        exp = expectations.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            statement=text,
            by=people.rm,
            contact_id=head.id,
            at=now - dt.timedelta(days=20),
        )
        expectations.validate_expectation(
            s, exp.id, by=people.rm, dependence=Dependence.HIGH, at=now - dt.timedelta(days=19)
        )
        expectations.propose(
            s,
            exp.id,
            by=people.rm,
            party=Party.IT,
            target=99,
            text=text,
            at=now - dt.timedelta(days=18),
        )
        expectations.disagree(s, exp.id, by=people.rm, text=text, at=now - dt.timedelta(days=17))
        escalate(
            s,
            exp.id,
            by=people.rm,
            summary=text,
            rm_manager_id=people.manager,
            customer_manager_id=head.id,
            at=now - dt.timedelta(days=16),
        )
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=now - dt.timedelta(days=3),
            by=people.rm,
            unit_id=unit.id,
            staff_ids=[people.rm],
            contact_ids=[head.id],
            discussed=text,
            delivered=text,
            planned=text,
            goals_met=GoalsMet.PARTLY,
            goals_note=text,
        )
        meetings.add_action_item(s, text=text, meeting_id=meeting.id, owner_staff_id=people.rm)
        return Hostile(unit.name, unit.id, "Mara Manager")
