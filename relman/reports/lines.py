"""Plain lines of text laid out without reportlab's ``Paragraph``: a summary of hundreds
of pages of short one-style lines spends most of its time reading paragraph markup it
does not have. :class:`Lines` wraps and breaks them as a paragraph does (the same lines,
the same page breaks) and draws the text as it is, so user text needs no escaping."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from relman.reports.pdf import plain, styles


class Lines(Flowable):
    """Plain lines of text, each in one of the :func:`~relman.reports.pdf.styles`,
    wrapped at spaces (a word wider than the page at characters) and split between pages
    at a line, never leaving the first line of a wrapped text alone at the foot of a page
    (as a paragraph does). The text is drawn as it is: no markup is read in it, so user
    text needs no escaping, and a long summary of short lines lays out far faster than as
    paragraphs."""

    def __init__(self, lines: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        #: (text, style name) as given; the wrapped lines are made for a width when laid out
        self.lines = list(lines)
        #: (line, style, whether it starts one of the texts given, space between its words)
        self._wrapped: list[tuple[str, ParagraphStyle, bool, float]] = []
        self._for_width = -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._for_width and self.lines:
            every = styles()
            self._wrapped = [
                (piece, every[style], n == 0, spacing)
                for text, style in self.lines
                for n, (piece, spacing) in enumerate(_wrapped(text, every[style], availWidth))
            ]
            self._for_width = availWidth
        self.width = availWidth
        self.height = sum(style.leading for _text, style, *_rest in self._wrapped)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used, fit = 0.0, 0
        for _text, style, *_rest in self._wrapped:
            if used + style.leading > availHeight:
                break
            used += style.leading
            fit += 1
        if 0 < fit < len(self._wrapped) and self._wrapped[fit - 1][2] and not self._wrapped[fit][2]:
            fit -= 1  # the first line of a text alone at the foot: it goes on with the rest
        if fit == 0 or fit == len(self._wrapped):
            return []
        return [_laid(self._wrapped[:fit]), _laid(self._wrapped[fit:])]

    def draw(self) -> None:
        text = self.canv.beginText()
        top = self.height
        last: ParagraphStyle | None = None
        for line, style, _first, spacing in self._wrapped:
            if style is not last:  # the styles are shared: a new one is a new font or colour
                text.setFont(style.fontName, style.fontSize)
                text.setFillColor(style.textColor)
                last = style
            text.setTextOrigin(0, top - style.fontSize)
            if spacing:
                text.setWordSpace(spacing)
            text.textOut(line)
            if spacing:
                text.setWordSpace(0)
            top -= style.leading
        self.canv.drawText(text)


def _laid(wrapped: list[tuple[str, ParagraphStyle, bool, float]]) -> Lines:
    """A :class:`Lines` of lines already wrapped: one part of a split."""
    part = Lines([])
    part._wrapped = wrapped
    return part


def _wrapped(text: str, style: ParagraphStyle, width: float) -> list[tuple[str, float]]:
    """``text`` as :func:`~relman.reports.pdf.plain` draws it, cut into lines as a
    paragraph cuts them: runs of spaces become one, line breaks stay, and a line may shrink
    its spaces by ``style.spaceShrinkage``. Each line comes with the (negative) space
    between its words that makes it fit, or 0."""
    font, size = style.fontName, style.fontSize
    drawn = plain(text)
    if not drawn.strip():
        return []  # as an empty paragraph: no line at all
    out: list[tuple[str, float]] = []
    for source in drawn.split("\n"):
        words = source.split()
        line = " ".join(words)
        if pdfmetrics.stringWidth(line, font, size) <= width:
            out.append((line, 0.0))
            continue
        measured = _widths(font, size)
        space = measured(" ")
        shrink = style.spaceShrinkage * space
        current: list[str] = []
        used = 0.0
        for word in words:
            wide = measured(word)
            if current and used + space + wide <= width + shrink * len(current):
                current.append(word)
                used += space + wide
                continue
            if current:
                out.append(_line(current, used, width))
            while wide > width:  # a word wider than the line: cut it where it must
                cut = max(1, int(len(word) * width / wide))
                while cut > 1 and pdfmetrics.stringWidth(word[:cut], font, size) > width:
                    cut -= 1
                out.append((word[:cut], 0.0))
                word = word[cut:]
                wide = pdfmetrics.stringWidth(word, font, size)
            current, used = [word], wide
        if current:
            out.append(_line(current, used, width))
    return out


def _line(words: list[str], used: float, width: float) -> tuple[str, float]:
    """A wrapped line, with the (negative) space between its words that makes it fit."""
    over = used - width
    return " ".join(words), -over / (len(words) - 1) if over > 0 else 0.0


@functools.cache
def _widths(font: str, size: float) -> Callable[[str], float]:
    """The width of a word in ``font`` at ``size``, remembered: the words of a report's
    lines repeat, and measuring them is most of the time of wrapping."""
    return functools.lru_cache(maxsize=65536)(
        functools.partial(pdfmetrics.stringWidth, fontName=font, fontSize=size)
    )
