"""Cuts a scraped page into lines, and joins back paragraphs that were hard-wrapped.

A browser's copy of a page puts each block (paragraph, menu item, table row, caption) on a
line of its own, with or without blank lines between them. A plain-text post wrapped at a
fixed width does not: there a paragraph is several lines of nearly one width, and a line
breaks early only where its paragraph ends or the next word would not have fitted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import pairwise

# Sentence-final punctuation in the scripts the desk reads: Latin, Arabic (؟ ۔), CJK (。！？),
# Devanagari (। ॥), Ethiopic (። ፧, and ፡፡ written with two wordspaces), Myanmar, Khmer.
TERMINALS = ".!?…。！？؟۔।॥።፧။។៕"
_CLOSERS = "\"'”’»)]›」』"
_CASED = {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN"}
_FINAL = re.compile(rf"(?:[{re.escape(TERMINALS)}]|፡፡)[{re.escape(_CLOSERS)}]*$")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    number: int  # 1-based line number in the source, for messages
    gap: int = 0  # blank lines between this line and the one before it
    cells: int = 1  # tab-separated cells: a table row has several


def ends_sentence(text: str) -> bool:
    """Whether a line ends as a sentence does, in any of the scripts above."""
    return bool(_FINAL.search(text.rstrip()))


def _width(lines: list[Line]) -> int | None:
    """The column a hard-wrapped page wraps at, or None when its lines were never wrapped.

    Wrapped text shows many lines whose length sits just under one limit, each followed in the
    same block by a line that starts with a word too long to have fitted on it."""
    longest = [len(a.text) for a, b in pairwise(lines) if b.gap == 0]
    if len(longest) < 3:
        return None
    limit = max(longest)
    if not 40 <= limit <= 110:
        return None
    near = [n for n in longest if n >= limit - 20]
    return limit if len(near) >= max(3, 0.6 * len(longest)) else None


def _wrapped(first: Line, second: Line, limit: int) -> bool:
    """Whether `second` carries on `first` because its first word did not fit on it."""
    if second.gap or (ends_sentence(first.text) and len(first.text) < limit - 20):
        return False
    word = second.text.split()[0]
    return len(first.text) + 1 + len(word) > limit - 2 and len(first.text) >= limit - 25


def _cased(ch: str) -> bool:
    # Georgian has capitals in Unicode but is not written with them: only these scripts are.
    return ch.isalpha() and unicodedata.name(ch, "").split(" ")[0] in _CASED


def _carries_on(previous: Line, line: Line) -> bool:
    """A line that starts in lower case under an unfinished sentence continues it."""
    first = line.text[0]
    return (
        line.gap == 0
        and _cased(first)
        and first.islower()
        and len(previous.text.split()) >= 8
        and len(line.text.split()) >= 3
        and not ends_sentence(previous.text)
        and not previous.text.endswith(":")
    )


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped, with hard-wrapped paragraphs joined back into one line."""
    lines: list[Line] = []
    gap = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = " ".join(raw.split())
        if not stripped:
            gap += 1
            continue
        cells = len([c for c in raw.split("\t") if c.strip()])
        lines.append(Line(stripped, number, gap, max(cells, 1)))
        gap = 0
    limit = _width(lines)
    joined: list[Line] = []
    for line in lines:
        if joined and (
            _wrapped(joined[-1], line, limit) if limit else _carries_on(joined[-1], line)
        ):
            joined[-1] = replace(joined[-1], text=f"{joined[-1].text} {line.text}")
        else:
            joined.append(line)
    return joined
