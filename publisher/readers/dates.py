"""Finds calendar dates written out in scraped text, in the desk's languages and digit sets."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache

# Month and weekday names come from CLDR (via Babel) for these locales, so "13 января 2016"
# and "January 13, 2016" read alike.
_LOCALES = ("en", "ru", "uk", "fa", "ar", "ka", "ps", "fr", "es", "de", "tr", "az", "hy")

_SEP = r"[\s,.\-–—/|:]*"


def ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian, Tibetan and other decimal digits as 0-9."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


@cache
def _names() -> tuple[dict[str, int], frozenset[str]]:
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    days: set[str] = set()
    for loc in _LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, loc).items():
                    months.setdefault(name.casefold().rstrip("."), number)
                for name in get_day_names(width, context, loc).values():
                    days.add(name.casefold().rstrip("."))
    months.setdefault("sept", 9)
    return months, frozenset(days)


def _month(word: str) -> int | None:
    return _names()[0].get(word.casefold().rstrip("."))


def _make(y: int, m: int, d: int) -> date | None:
    if y < 100:  # a two-digit year is ambiguous; never guess
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


_NUMERIC = (
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), (0, 1, 2)),
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})"), (2, 1, 0)),
)
_WORD = r"([^\W\d_][^\W\d_.]*\.?)"
_NAMED = (
    (re.compile(_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"), "mdy"),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th|-?го|-?е)?\.?\s+" + _WORD + r",?\s+(\d{4})"), "dmy"),
)


def _strip_weekday(text: str) -> str:
    words = re.split(r"[\s,،]+", text.strip(), maxsplit=1)
    if len(words) == 2 and words[0].casefold().rstrip(".") in _names()[1]:
        return words[1]
    return text


def parse(text: str) -> date | None:
    """The date that `text` consists of (weekday and time of day allowed), or None."""
    core = ascii_digits(text).strip().strip("()[]")
    core = re.sub(r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|utc|gmt)?)\s*$", "", core,
                  flags=re.IGNORECASE)
    core = _strip_weekday(core).strip(" ,")
    found = search(core, anchored=True)
    return found[0] if found else None


def search(text: str, anchored: bool = False) -> tuple[date, int] | None:
    """The last date written in `text` and where it starts; with `anchored`, all of it."""
    text = ascii_digits(text)
    best: tuple[date, int] | None = None
    for pattern, order in _NUMERIC:
        for m in pattern.finditer(text):
            if anchored and (m.start() != 0 or m.end() != len(text)):
                continue
            parts = [int(g) for g in m.groups()]
            found = _make(parts[order[0]], parts[order[1]], parts[order[2]])
            if found and (best is None or m.start() > best[1]):
                best = (found, m.start())
    for pattern, shape in _NAMED:
        for m in pattern.finditer(text):
            if anchored and (m.start() != 0 or m.end() != len(text)):
                continue
            g = m.groups()
            month_word, day, year = (g[0], g[1], g[2]) if shape == "mdy" else (g[1], g[0], g[2])
            month = _month(month_word)
            found = _make(int(year), month, int(day)) if month else None
            if found and (best is None or m.start() > best[1]):
                best = (found, m.start())
    return best
