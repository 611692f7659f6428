"""Finds the article body of a scraped page: the densest run of prose among its lines.

Every line gets a score from its shape: long lines of sentences rich in the language's
stopwords score their length, short lines, link-like lines and widgets cost a little each,
and what the article is not (a repeated widget label, a footer) stops the run outright.
The body is the run of lines with the highest total (Finn's body-text extraction, over lines
instead of tokens), widened by whole sentences that touch it; what lies inside it but is not
prose (subheads, captions, promos) is sorted out line by line afterwards.
"""

from __future__ import annotations

import re

from publisher.readers.lines import is_chrome_shape
from publisher.readers.segment import Line
from publisher.readers.shape import Shape

# jusText's thresholds: a line shorter than LOW characters is too short to judge alone; one of
# at least LOW with a stopword share of PROSE or more reads as text.
LOW = 70
PROSE = 0.30
# What a line of prose has to pay for itself before it adds to a run: about a sentence. So a
# run of one-line teasers between headlines, or comments between names and dates, does not
# pay for the lines that part them, while paragraphs parted by a caption do.
ENTRY = 15
STOP = float("-inf")


def is_prose(shape: Shape) -> bool:
    """Sentences in the article's language and script, long enough to judge."""
    if shape.length < LOW or shape.foreign or not (shape.sentences or shape.final):
        return False  # no sentence ends in it: a glued menu, a tag cloud, a long headline
    if shape.stop is not None:
        return shape.stop >= PROSE or (shape.stop >= PROSE - 0.1 and shape.sentences >= 2)
    # No stoplist for the language: sentences are told by their punctuation alone.
    return shape.final or shape.sentences >= 2


def score(line: Line, shape: Shape, date_line: bool) -> float:
    """What a line adds to a run of body text: positive for prose, negative for the rest."""
    if shape.repeats >= 3 or "©" in line.text:
        return STOP  # a label every item of a list repeats ("Reply"), or a footer
    if is_chrome_shape(line.text) or shape.foreign:
        return -10
    if date_line:
        return -15  # a date on its own line heads an item: a comment, a related story
    if shape.repeats == 2:
        return -10
    if is_prose(shape):
        size = max(shape.words, shape.length / 6)
        return size - ENTRY + (3 if shape.final else -5)
    if shape.length >= LOW:
        return -10 - min(shape.words, 40) / 4  # long but not text: a tag cloud, a glued menu
    return -3 if shape.final else -6


# A bulleted or numbered item.
BULLET = re.compile(r"^(?:[•·∙●▪■◦‣⁃*-]|\d{1,2}[.)])\s+(?=\S)")


def lift_lists(texts: list[str], scores: list[float]) -> list[float]:
    """A lead-in that ends in a colon and the bulleted items under it are the article's own
    list: they count a little for the run instead of against it."""
    out = list(scores)
    for i, text in enumerate(texts):
        if not text.endswith((":", "：")):
            continue
        k = i + 1
        while k < len(texts) and BULLET.match(texts[k]):
            k += 1
        if k - i > 2:
            out[i:k] = [max(s, 1.0) if s != STOP else s for s in out[i:k]]
    return out


def best_run(scores: list[float]) -> tuple[int, int] | None:
    """The first and last index of the run with the highest total (Kadane), or None."""
    found = _kadane(scores)
    return (found[1], found[2]) if found else None


def demote(scores: list[float], listed: set[int]) -> tuple[list[float], set[int]]:
    """Teaser lists lose their score, unless the page has nothing better: a page of short
    paragraphs under subheads is an article, not a list of teasers."""
    if not listed:
        return scores, listed
    without = [STOP if i in listed else s for i, s in enumerate(scores)]
    rest = _kadane(without)
    group = sum(max(scores[i], 0.0) for i in listed)
    if rest is None or rest[0] < 2 * group:
        return scores, set()
    return [min(s, -10.0) if i in listed else s for i, s in enumerate(scores)], listed


def _kadane(scores: list[float]) -> tuple[float, int, int] | None:
    best: tuple[float, int, int] | None = None
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if s == STOP:
            total, start = 0.0, i + 1
            continue
        if total <= 0:
            total, start = 0.0, i
        total += s
        if total > 0 and (best is None or total > best[0]):
            best = (total, start, i)
    return best


def _touches(shape: Shape, score: float, role: str | None) -> bool:
    """A sentence that may open or close the body when it stands right against it: a short
    one, or a long one whose stopword share falls just short (jusText's near-good)."""
    if not shape.final or shape.foreign or role is not None or shape.repeats > 1:
        return False
    near = shape.length >= LOW and shape.stop is not None and shape.stop >= PROSE - 0.1
    return score > -10 or (near and score != STOP and score > -20)


def teasers(shapes: list[Shape]) -> set[int]:
    """Lines of a headline and its one-line summary, twice or more in a row: a list of
    teasers (or a box of notices), however much its summaries read like prose."""

    def head(j: int) -> bool:
        return not shapes[j].final and 2 <= shapes[j].words <= 14 and not is_prose(shapes[j])

    def blurb(j: int) -> bool:
        s = shapes[j]
        return s.sentences <= 2 and s.words <= 25 and (s.final or is_prose(s))

    found: set[int] = set()
    i = 0
    while i + 3 < len(shapes):
        k = i
        while k + 1 < len(shapes) and head(k) and blurb(k + 1):
            k += 2
        if k - i >= 4:
            found.update(range(i, k))
        i = max(k, i + 1)
    return found


def find_body(
    scores: list[float], shapes: list[Shape], roles: list[str | None], listed: set[int]
) -> tuple[int, int] | None:
    """Indexes of the first and last line of the article body, or None if there is none;
    `listed` are lines of teaser lists, which never open or close it."""
    run = best_run(scores)
    if run is None:
        return None
    start, end = run

    def touches(i: int) -> bool:
        return i not in listed and _touches(shapes[i], scores[i], roles[i])

    while start > 0 and touches(start - 1):
        start -= 1
    while end + 1 < len(scores) and touches(end + 1):
        end += 1
    return start, end
