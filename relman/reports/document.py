"""The making of a report's document: sections and contents, the page furniture drawn
when the file is saved, progress and cancelling while laying out.

"page x of y" and the page numbers of the contents are drawn when the file is saved
(:class:`ReportCanvas` keeps the pages until then), so a report is laid out in one pass.
:func:`build` reports progress while laying out and stops when the progress callback
raises or ``cancelled()`` turns true (:mod:`relman.workflows.report_progress`, shared with
the gathering). reportlab is not thread-safe: one report at a time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
)

from relman.reports.pdf import (
    FONT,
    INK,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    WIDTH,
    esc,
    markup,
    register_fonts,
)
from relman.workflows.report_progress import GATHERING, Cancelled, Progress

# -- sections, contents and page furniture ----------------------------------------------------


class Anchor(Flowable):
    """Where a section starts: remembers its page for the contents and adds a bookmark."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self) -> None:
        canv: ReportCanvas = self.canv  # type: ignore[assignment]
        if self.key not in canv.anchors:
            canv.anchors[self.key] = canv.getPageNumber()
            canv.outline.append((self.key, self.title, self.level))


class ContentsLine(Flowable):
    """One line of the contents; its page number is written in when the file is saved."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key, self.title = key, title
        self.width, self.height = WIDTH, 16

    def draw(self) -> None:
        canv: ReportCanvas = self.canv  # type: ignore[assignment]
        canv.setFont(FONT, 10.5)
        canv.setFillColor(INK)
        canv.drawString(0, 4, self.title)
        x0, y0 = canv.absolutePosition(0, 0)
        canv.pending.append((canv.getPageNumber(), x0, y0, self.key))
        canv.setStrokeColor(RULE)
        canv.setDash(1, 2)
        canv.line(pdfmetrics.stringWidth(self.title, FONT, 10.5) + 6, 4, self.width - 30, 4)
        canv.setDash()


@dataclass(frozen=True)
class Furniture:
    """What every page but the cover carries: a header and a footer (plain text)."""

    header_left: str
    header_right: str
    footer_left: str
    #: the first page is a cover, without header and footer
    cover: bool = True


class ReportCanvas(Canvas):
    """A canvas that keeps its pages until saved, then draws the header, the footer with
    "page x of y", the page numbers of the contents with their links, and the bookmarks:
    all known only by then (bookmarks and links must be made on their final page)."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.furniture = furniture
        self.anchors: dict[str, int] = {}
        self.outline: list[tuple[str, str, int]] = []
        self.pending: list[tuple[int, float, float, str]] = []
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furnish(total)
            super().showPage()
        super().save()

    def _furnish(self, total: int) -> None:
        page = self._pageNumber
        for key, title, level in self.outline:
            if self.anchors[key] == page:
                self.bookmarkPage(key)
                self.addOutlineEntry(title, key, level=level)
        for on_page, x, y, key in self.pending:
            if on_page == page:
                self.setFont(FONT, 10.5)
                self.setFillColor(INK)
                self.drawRightString(x + WIDTH, y + 4, str(self.anchors.get(key, "—")))
                self.linkAbsolute("", key, (x, y, x + WIDTH, y + 14), thickness=0)
        if page == 1 and self.furniture.cover:
            return
        f = self.furniture
        width, height = PAGE
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawString(MARGIN, height - MARGIN + 14, f.header_left)
        self.drawRightString(width - MARGIN, height - MARGIN + 14, f.header_right)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, height - MARGIN + 10, width - MARGIN, height - MARGIN + 10)
        self.line(MARGIN, MARGIN - 10, width - MARGIN, MARGIN - 10)
        self.drawString(MARGIN, MARGIN - 22, f.footer_left)
        self.drawRightString(width - MARGIN, MARGIN - 22, f"page {page} of {total}")


class _Document(BaseDocTemplate):
    """One frame a page; reports progress after each flowable laid out."""

    def __init__(self, out: BinaryIO, *, title: str, tick: Callable[[], None], **kw: Any):
        super().__init__(out, pagesize=PAGE, title=title, author="relman", **kw)
        frame = Frame(
            MARGIN,
            MARGIN,
            WIDTH,
            PAGE[1] - 2 * MARGIN,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._tick = tick

    def afterFlowable(self, flowable: Flowable) -> None:
        self._tick()


def section(key: str, title: str, level: int = 0) -> list[Flowable]:
    """A section's heading: its anchor for the contents and bookmarks, and its title."""
    return [Anchor(key, title, level), markup(esc(title), "h1" if level == 0 else "h2")]


def titled(key: str, title: str, body: list[Flowable]) -> list[Flowable]:
    """A section: its heading kept on one page with the first part of its body (a heading
    alone at the foot of a page, its chart on the next, helps nobody)."""
    if not body:
        return section(key, title)
    return [KeepTogether([*section(key, title), body[0]]), *body[1:]]


def contents(entries: Sequence[tuple[str, str]]) -> list[Flowable]:
    """The contents page: one line per (key, title) of the sections."""
    return [
        markup("Contents", "h1"),
        Spacer(0, 6),
        *(ContentsLine(key, title) for key, title in entries),
        PageBreak(),
    ]


def build(
    out: BinaryIO,
    story: list[Flowable],
    *,
    title: str,
    furniture: Furniture,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    invariant: bool = False,
) -> None:
    """Lay ``story`` out into ``out`` as one PDF. ``progress`` hears how far the layout is
    (and may raise to stop it); ``cancelled()`` true stops it with :class:`Cancelled`."""
    register_fonts()
    total = len(story)
    done = [0]
    step = max(1, total // 50)

    def tick() -> None:
        done[0] += 1
        if done[0] % step == 0 or done[0] == total:
            if cancelled is not None and cancelled():
                raise Cancelled
            if progress is not None:
                share = (100 - GATHERING) * min(done[0], total) // total
                progress(GATHERING + share, 100, "Laying out the pages")

    doc = _Document(out, title=title, tick=tick, invariant=int(invariant))
    doc.build(story, canvasmaker=functools.partial(ReportCanvas, furniture=furniture))
