"""Reads what stands above a scraped article's body: headline, dek, byline, date, caption.

The headline is the best headline-shaped line above the body: of a headline's length, not a
sentence, not part of a menu, often repeated (as the page title or a player label), and with
nothing between it and the body but the things that sit there (a dek, a byline, a date, a
caption, share buttons). Dates above the headline count unless they name the weekday, the
shape of a masthead's clock; datelines, bylines and captions are read by what they say.
"""

from __future__ import annotations

from collections.abc import Callable

from publisher.model import Block, Figure, Text
from publisher.readers import cues, lines
from publisher.readers.body import PROSE, is_prose
from publisher.readers.figures import Captions, content_words, is_subject_line
from publisher.readers.names import _ROLE, looks_like_person_name, name_case
from publisher.readers.page import BYLINE, CHROME, CREDIT, DATE, DISCLAIMER, ISSUER, Found, Page
from publisher.readers.segment import ends_sentence

WINDOW = 20  # lines above the body where the headline and its company stand
_META = (DATE, BYLINE, ISSUER, CREDIT, CHROME, DISCLAIMER)


def in_menu(page: Page, i: int) -> bool:
    """Whether line i is one of three or more short lines in a row: a menu or a list. The
    last of them stays free when it is much longer than the rest (a headline under kickers)."""

    def short(j: int) -> bool:
        shape = page.shapes[j]
        return shape.words <= 4 and not shape.final and page.roles[j] not in (DATE, BYLINE)

    if not short(i):
        return False
    lo = i
    while lo > 0 and page.lines[lo].gap == 0 and short(lo - 1):
        lo -= 1
    hi = i
    while hi + 1 < len(page.lines) and page.lines[hi + 1].gap == 0 and short(hi + 1):
        hi += 1
    return hi - lo >= 2


def _letterhead(text: str) -> bool:
    """An office, a department, an embassy: the issuer's letterhead, not a story."""
    return len(text.split()) <= 8 and bool(cues.UNIT.search(text))


def _size(page: Page, i: int) -> int:
    shape = page.shapes[i]
    return shape.words if shape.script not in ("CJK", "HIRAGANA", "KATAKANA") else shape.length // 6


def eligible(page: Page, i: int, captions: Captions) -> bool:
    text = page.text(i)
    shape = page.shapes[i]
    if (
        page.roles[i] in (DATE, BYLINE, CREDIT, CHROME, DISCLAIMER)
        or i in captions.parts
        or i in page.teasers
    ):
        return False
    if not lines.looks_like_headline(text) or shape.foreign or _size(page, i) < 2:
        return False
    if in_menu(page, i) and not _longest_of_run(page, i):
        return False
    if page.roles[i] == ISSUER and page.names[i] and _next_to_date(page, i):
        return False  # "بيان لوزير الخارجية X" over its date: a byline, not a headline
    signed = (
        i + 1 < len(page.lines)
        and role_line(page.text(i + 1))
        and looks_like_person_name(text, page.stop)
    )
    return not (_letterhead(text) or signed or _ROLE.fullmatch(text.strip()) is not None)


def _next_to_date(page: Page, i: int) -> bool:
    return any(0 <= j < len(page.lines) and page.roles[j] == DATE for j in (i - 1, i + 1))


def _longest_of_run(page: Page, i: int) -> bool:
    after = i + 1 >= len(page.lines) or page.lines[i + 1].gap > 0 or page.shapes[i + 1].final
    above = [page.shapes[j].length for j in range(max(0, i - 3), i)]
    return after and bool(above) and page.shapes[i].length >= 3 * max(above) and _size(page, i) >= 4


def _repeated(page: Page, i: int, heads: list[str]) -> bool:
    """The headline also stands elsewhere: as the page title, a player label, the alt text."""
    return page.shapes[i].repeats >= 2 or heads.count(heads[i]) >= 2


def _length_prior(size: int, adjacent: bool) -> float:
    """Most headlines run from six to sixteen words; labels are shorter, deks longer. A
    two-word line is a headline only right on top of the body, with nothing between."""
    if size <= 2:
        return 0.0 if adjacent else -1.0
    for most, prior in ((3, 0.0), (5, 0.5), (16, 1.0), (22, 0.5)):
        if size <= most:
            return prior
    return 0.0


def _under_a_headline(page: Page, i: int, captions: Captions) -> bool:
    """Line i stands under a headline of its own: it is as long, or it reads as a sentence
    in the language's small words (a dek) where the line above does not."""
    above, size = _size(page, i - 1), _size(page, i)
    if above < 4 or not eligible(page, i - 1, captions) or in_menu(page, i - 1):
        return False
    stop = page.shapes[i].stop
    return above >= 0.6 * size or (stop is not None and stop >= PROSE and size > above)


def title_score(
    page: Page,
    i: int,
    start: int,
    heads: list[str],
    captions: Captions,
    subject: set[str],
    allowed: Callable[[int], bool],
) -> float:
    """How much line i looks like the headline of a body that starts at line `start`."""
    size = _size(page, i)
    score = _length_prior(size, adjacent=i == start - 1)
    if _repeated(page, i, heads):
        score += 2
    for j in range(i + 1, start):
        if j in captions.parts or page.roles[j] in _META or heads[j] == heads[i]:
            continue  # what stands between a headline and its body
        if _letterhead(page.text(j)):
            continue
        if j == i + 1:
            continue  # the dek's place
        shape = page.shapes[j]
        if is_prose(shape) or (shape.final and shape.words >= 8):
            score -= 3  # another story's text lies between: this is not the body's headline
        elif shape.words > 1 and not allowed(j):
            score -= 0.25
    if i > 0 and _under_a_headline(page, i, captions):
        score -= 1.5  # this is the headline's dek or caption
    if content_words(page.text(i), page.stop) & subject:
        score += 0.5
    return score


def choose_title(page: Page, start: int, captions: Captions, subject: set[str]) -> int | None:
    """The line that is the body's headline, or None when no line looks like one."""
    lo = max(0, start - WINDOW)
    heads = [lines.split_title(line.text)[0].casefold() for line in page.lines]

    def allowed(j: int) -> bool:
        return _size(page, j) <= 1

    best: tuple[float, int] | None = None
    for i in range(lo, start):
        if not eligible(page, i, captions):
            continue
        score = title_score(page, i, start, heads, captions, subject, allowed)
        if score >= 0 and (best is None or score >= best[0]):
            best = (score, i)
    return best[1] if best else None


def role_line(text: str) -> bool:
    """A position under a name or a byline: "Secretary of State", "Chief football writer"."""
    words = text.split()
    return (
        1 <= len(words) <= 8
        and not ends_sentence(text)
        and (
            bool(_ROLE.search(text))
            or any(w.casefold().strip(",.") in cues.ORGANISATION_WORDS for w in words[1:] or words)
        )
    )


def is_dek(page: Page, i: int) -> bool:
    """The standfirst under a headline: a sentence or phrase longer than a label."""
    shape = page.shapes[i]
    return (
        page.roles[i] is None
        and shape.words >= 6
        and not shape.foreign
        and (is_prose(shape) or shape.final or lines.looks_like_headline(page.text(i)))
    )


def is_clock(page: Page, i: int, title_at: int | None) -> bool:
    """A date above the headline that names its weekday, or stands above a menu: the page's
    clock, not the article's date."""
    if title_at is None or i > title_at:
        return False
    if lines.starts_with_weekday(page.text(i)):
        return True
    return any(in_menu(page, j) for j in range(i + 1, title_at))


def _signature(page: Page, i: int, end: int, found: Found) -> bool:
    """A name on its own line with the position under it: a statement's signature block."""
    if found.authors or i + 1 >= end or not looks_like_person_name(page.text(i), page.stop):
        return False
    if page.roles[i + 1] is not None or not role_line(page.text(i + 1)):
        return False
    found.authors = (name_case(page.text(i)),)
    found.author_bio = found.author_bio or page.text(i + 1)
    return True


def _byline(page: Page, i: int, end: int, found: Found) -> None:
    found.byline(page.names[i])
    found.date(page.dates[i])
    after = i + 1
    if (
        page.names[i]
        and after < end
        and page.lines[after].gap == 0
        and page.roles[after] is None
        and role_line(page.text(after))
    ):
        found.author_bio = found.author_bio or page.text(after)  # "Chief football writer"


def read_head(
    page: Page, start: int, found: Found, captions: Captions, subject: set[str]
) -> list[Block]:
    """Title, dek, byline, date and captions above the body; the captions as figures."""
    title_at = choose_title(page, start, captions, subject)
    if title_at is not None:
        found.title_line = page.text(title_at)
        found.title, when = lines.split_title(found.title_line)
        found.date(when)
    figures: list[Block] = []
    issued: tuple[str, ...] | None = None
    for i in range(max(0, start - WINDOW), start):
        above = title_at is not None and i <= title_at
        role = page.roles[i]
        if role == BYLINE:
            _byline(page, i, start, found)
        elif role == DATE and not is_clock(page, i, title_at):
            found.date(page.dates[i])
        elif role == ISSUER and (issued is None or not issued):
            issued = page.names[i]
        elif above:
            continue
        elif i in captions.text:
            figures.append(Figure(src=None, caption=(Text(captions.text[i]),)))
        elif title_at is not None and lines.split_title(page.text(i))[0] == found.title:
            found.date(lines.split_title(page.text(i))[1])  # the headline again, maybe dated
        elif (
            title_at is not None
            and i == title_at + 1
            and i not in captions.parts
            and lines.fold(page.text(i)) != lines.fold(found.title_line or "")
        ):
            if is_subject_line(page, i, subject):
                figures.append(Figure(src=None, caption=(Text(page.text(i)),)))
            elif is_dek(page, i):
                found.subtitle = page.text(i)
        else:
            _signature(page, i, start, found)
    if not found.authors:
        found.authors = issued or ()
    return figures
