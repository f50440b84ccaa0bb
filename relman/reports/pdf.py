"""What every printed report is made of: fonts, styles, escaping, paragraphs and tables.

Every report is gathered first into plain dataclasses (inside one session) and then laid out
without the database and without Qt (the document itself: :mod:`relman.reports.document`).
What this module guarantees to every report:

- **User text prints literally.** reportlab's ``Paragraph`` reads a small markup language
  (``<b>``, ``<font>``, ``<img src=…>``); :func:`esc` turns user text into markup that shows
  exactly the characters typed and can open no file or address. Nothing else may put user
  text into a ``Paragraph``. :class:`relman.reports.lines.Lines` draws plain text without
  reading any markup (and lays out many times faster): the choice for hundreds of lines.
- **Fonts are embedded** TrueType fonts shipped in ``resources/fonts`` (DejaVu Sans: Latin
  with accents, Greek, Cyrillic and more), so names print the same on every machine.
- **Long text never breaks a layout**: :func:`blocks` cuts a long note into paragraphs that
  flow across pages, and :func:`cell` shortens what goes into a table cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

from relman.paths import resources_dir

FONT = "RelmanSans"
BOLD = "RelmanSans-Bold"
PAGE = A4
MARGIN = 2 * cm
WIDTH = PAGE[0] - 2 * MARGIN
#: characters of one paragraph cut from a long text: small enough to wrap fast
BLOCK_CHARS = 2000
#: characters of a table cell: a cell must fit on one page, whatever its column's width
CELL_CHARS = 700

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#f0f4f8")
GOOD = colors.HexColor("#2f855a")
BAD = colors.HexColor("#c53030")
ACCENT = colors.HexColor("#2b6cb0")


class _Font(TTFont):
    """A TrueType font that encodes text already seen in one step: reportlab's
    ``splitString`` looks each character up in a Python loop, the most costly part of
    drawing hundreds of pages. Text with a character not yet given a code in the first
    subset takes reportlab's way, so the file is the same byte for byte."""

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is not None and isinstance(text, str) and text:
            try:
                return [(0, bytes(map(state.assignments.__getitem__, map(ord, text))))]
            except (KeyError, ValueError):  # a new character, or one of a later subset
                pass
        return super().splitString(text, doc, encoding)


@functools.cache
def register_fonts() -> None:
    """Register the embedded fonts once per process."""
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(_Font(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(_Font(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every report, in one place."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=8, leading=10),
        "muted": ParagraphStyle("muted", body, fontSize=8.5, leading=11, textColor=MUTED),
        "cell": ParagraphStyle("cell", body, fontSize=8, leading=10),
        "head": ParagraphStyle("head", body, fontName=BOLD, fontSize=8, leading=10),
        "strong": ParagraphStyle("strong", body, fontName=BOLD),
        "alert": ParagraphStyle("alert", body, fontName=BOLD, textColor=BAD),
        "small-strong": ParagraphStyle("small-strong", body, fontName=BOLD, fontSize=8, leading=10),
        "h1": ParagraphStyle(
            "h1",
            body,
            fontName=BOLD,
            fontSize=16,
            leading=20,
            spaceBefore=4,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            body,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "title": ParagraphStyle("title", body, fontName=BOLD, fontSize=26, leading=32),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=14, leading=19, textColor=MUTED),
        "mark": ParagraphStyle("mark", body, fontName=BOLD, fontSize=12, textColor=BAD),
        "right": ParagraphStyle("right", body, alignment=TA_RIGHT),
    }


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
#: a right-to-left run: from one Hebrew or Arabic letter to the last one of the same phrase
_RTL_RUN = re.compile(f"[{_RTL}](?:[{_RTL}\\s\\d.,:;!?'\"()\\-]*[{_RTL}\\d])?")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_MIRROR = str.maketrans("()[]{}<>", ")(][}{><")


def visual(text: str) -> str:
    """``text`` with its right-to-left phrases in the order they are drawn: the PDF draws
    left to right, so a Hebrew or Arabic phrase is reversed (its numbers kept as they read,
    its brackets mirrored). Left-to-right text is untouched."""
    if not re.search(f"[{_RTL}]", text):
        return text

    def flip(run: re.Match[str]) -> str:
        back = run.group(0)[::-1].translate(_MIRROR)
        return _NUMBER.sub(lambda n: n.group(0)[::-1], back)

    return _RTL_RUN.sub(flip, text)


def esc(text: object) -> str:
    """``text`` as reportlab markup that prints exactly these characters: ``<``, ``>`` and
    ``&`` become entities (so ``<img src=…>`` is text, not an image), characters a PDF
    cannot carry are dropped, right-to-left phrases read right to left, and line breaks
    stay line breaks."""
    return escape(plain(text)).replace("\t", " ").replace("\n", "<br/>")


def plain(text: object) -> str:
    """``text`` as it is drawn, without markup: the characters a PDF cannot carry dropped,
    line breaks made ``\\n``, right-to-left phrases in drawing order."""
    clean = _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return visual(clean)


def para(text: object, style: str = "body") -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(esc(text), styles()[style])


def markup(trusted: str, style: str = "body") -> Paragraph:
    """A paragraph of markup written by relman itself; user text inside must come through
    :func:`esc` first."""
    return Paragraph(trusted, styles()[style])


def blocks(text: str, style: str = "body") -> list[Paragraph]:
    """A text of any length as paragraphs that flow across pages: cut at its own blank
    lines, then every :data:`BLOCK_CHARS` characters (at a space where there is one), so a
    1 MB note lays out in linear time."""
    out: list[Paragraph] = []
    for part in re.split(r"\n\s*\n", text.strip()):
        while part:
            cut = len(part) if len(part) <= BLOCK_CHARS else part.rfind(" ", 0, BLOCK_CHARS)
            if cut <= BLOCK_CHARS // 2:
                cut = min(len(part), BLOCK_CHARS)
            out.append(para(part[:cut], style))
            part = part[cut:].lstrip()
    return out


def shorten(text: str, limit: int = CELL_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cell(text: object, style: str = "cell", limit: int = CELL_CHARS) -> Paragraph:
    """A table cell of user text, shortened so that no row is ever taller than a page."""
    return para(shorten(str(text), limit), style)


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float],
    *,
    marks: Iterable[tuple[int, int, colors.Color]] = (),
) -> Table:
    """A table with a repeated heading row. ``rows`` hold user text (escaped and shortened
    here) or ready flowables; ``widths`` are shares of the text width; ``marks`` colour the
    text of single cells (column, row, colour)."""
    total = sum(widths)
    columns = [WIDTH * w / total for w in widths]
    data: list[list[Any]] = [[markup(esc(h), "head") for h in head]]
    for row in rows:
        data.append(
            [
                v if isinstance(v, Flowable) else _fitted(v, w)
                for v, w in zip(row, columns, strict=True)
            ]
        )
    result = Table(data, colWidths=columns, repeatRows=1, splitInRow=1)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (-1, -1), FONT, 8, 10),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("TEXTCOLOR", (c, r + 1), (c, r + 1), colour) for c, r, colour in marks]
    result.setStyle(TableStyle(commands))
    return result


def _fitted(value: object, width: float) -> str | Paragraph:
    """A short value that fits its column on one line as plain text, drawn as it is (no
    markup is read in it, and it lays out much faster than a paragraph); anything else as
    a wrapped, shortened paragraph."""
    text = str(value)
    if len(text) < 80 and "\n" not in text:
        drawn = plain(text)
        if pdfmetrics.stringWidth(drawn, FONT, 8) <= width - 7:
            return drawn
    return cell(text)


def facts(pairs: Iterable[tuple[str, str]]) -> Table:
    """Label and value, one pair a line (values are user text)."""
    data = [[markup(esc(k), "head"), cell(v, "body", 2 * CELL_CHARS)] for k, v in pairs]
    result = Table(data, colWidths=[WIDTH * 0.25, WIDTH * 0.75])
    result.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return result


def none_here(what: str) -> Paragraph:
    """The line a section shows when it has nothing to show."""
    return markup(esc(what), "muted")


def day(value: dt.date | dt.datetime | None) -> str:
    """A date as 2024-05-31 (``isoformat``: many times faster than ``strftime``)."""
    return "—" if value is None else value.isoformat()[:10]
