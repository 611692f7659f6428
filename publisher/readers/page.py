"""Surveys a scraped page once: its lines, their shapes and scores, and what each line says.

Everything the reader decides later (where the body runs, which line is the headline, who
signed) reads from this survey, so that each line is measured and parsed only once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from publisher.diagnostics import Diagnostics
from publisher.readers import body, dates, lines, names, stoplists
from publisher.readers.segment import Line, split_lines
from publisher.readers.shape import Shape, main_script, measure

# What a line says, when it says something the reader has a use for.
DATE, BYLINE, ISSUER, CREDIT, CAPTION, DISCLAIMER, CHROME = (
    "date",
    "byline",
    "issuer",
    "credit",
    "caption",
    "disclaimer",
    "chrome",
)


@dataclass(frozen=True, slots=True)
class Page:
    lines: list[Line]
    shapes: list[Shape]
    scores: list[float]
    roles: list[str | None]
    dates: list[date | None]  # the publication date a date line gives
    names: list[tuple[str, ...] | None]  # who a byline, credit or issuer line names
    stop: frozenset[str]  # the page languages' function words (empty if they have no list)
    day_first: bool  # 03/04/2007 is 3 April on this page
    teasers: set[int]  # lines of lists of headlines with one-line summaries

    def text(self, i: int) -> str:
        return self.lines[i].text


def _role(
    text: str, stop: frozenset[str], day_first: bool
) -> tuple[str | None, date | None, tuple[str, ...] | None]:
    """What one line says: a disclaimer, a date, a byline, an issuer, a credit or a caption."""
    if lines.disclaimer_text(text):
        return DISCLAIMER, None, None
    said = names.byline_names(text, stop)
    if said is not None:  # "Posted on March 3, 2024 by ...": a byline may carry the date
        found = dates.search(text, day_first=day_first)
        return BYLINE, found[0] if found else None, said
    is_date, when = lines.published_date(text, day_first)
    if is_date:
        return DATE, when, None
    credited = names.credit_names(text)
    if credited is not None:
        return BYLINE, None, credited
    issued = names.issuer_names(text, stop)
    if issued is not None:
        return ISSUER, None, issued
    if lines.is_credit(text):
        return CREDIT, None, None
    if lines.caption_text(text):
        return CAPTION, None, None
    if lines.is_chrome_shape(text):
        return CHROME, None, None
    return None, None, None


def survey(text: str) -> Page:
    """The page's lines, measured and scored, each with what it says."""
    found = split_lines(text)
    langs = stoplists.languages_of([line.text for line in found])
    code = langs.code
    # Only American English writes the month first; a page in any other language, or in a
    # script other than Latin, writes the day first.
    script = main_script(found)
    day_first = (code.split("-")[0] != "en") if code else script not in ("LATIN", None)
    stop = langs.function_words
    shapes = measure(found, list(langs.stoplists), script)
    roles, when, who, scores = [], [], [], []
    for line, shape in zip(found, shapes, strict=True):
        role, day, named = _role(line.text, stop, day_first)
        roles.append(role)
        when.append(day)
        who.append(named)
        scores.append(-10.0 if role == DISCLAIMER else body.score(line, shape, role == DATE))
    scores = body.lift_lists([line.text for line in found], scores)
    scores, listed = body.demote(scores, body.teasers(shapes))
    return Page(found, shapes, scores, roles, when, who, stop, day_first, listed)


@dataclass
class Found:
    """What the reader gathered besides the body, and its doubts, as it went."""

    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    title: str | None = None
    title_line: str | None = None  # as the page wrote it, date or site name included
    subtitle: str | None = None
    published: date | None = None
    authors: tuple[str, ...] = ()
    author_bio: str | None = None
    disclaimer: str | None = None

    def byline(self, names: tuple[str, ...] | None) -> None:
        if not names:
            return
        if self.authors and names != self.authors:
            self.diagnostics.warn(
                "authors",
                f"two bylines ({', '.join(self.authors)}; {', '.join(names)}); using the first",
            )
            return
        self.authors = names

    def date(self, when: date | None) -> None:
        self.published = self.published or when
