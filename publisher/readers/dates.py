"""Finds calendar dates written out in scraped text: many languages, digit sets and calendars.

Gregorian month and weekday names come from CLDR (via Babel); Solar Hijri dates (Iranian and
Afghan month names, or a 13xx/14xx year) are converted to Gregorian with jdatetime.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache

_LOCALES = (
    "en",
    "ru",
    "uk",
    "fa",
    "fa_AF",
    "ar",
    "ar_SY",
    "ar_EG",
    "ka",
    "ps",
    "ur",
    "fr",
    "es",
    "pt",
    "it",
    "de",
    "nl",
    "pl",
    "tr",
    "az",
    "hy",
    "uz",
    "ky",
    "kk",
    "tg",
    "tk",
    "be",
    "bg",
    "sr",
    "ro",
    "id",
    "sw",
    "so",
    "ha",
    "am",
)

# Solar Hijri months: Iranian names, then the Dari (Afghan) zodiac names.
_SOLAR_MONTHS = (
    (
        "فروردین",
        "اردیبهشت",
        "خرداد",
        "تیر",
        "مرداد",
        "شهریور",
        "مهر",
        "آبان",
        "آذر",
        "دی",
        "بهمن",
        "اسفند",
    ),
    ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"),
)
_SOLAR_YEARS = range(1250, 1500)


class _Digits(dict[int, str | None]):
    """A translation table that learns each decimal digit's value the first time it meets it."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value = (
            str(unicodedata.digit(ch))
            if ch.isdigit() and unicodedata.digit(ch, None) is not None
            else ch
        )
        self[code] = value
        return value


_DIGITS = _Digits()


def ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian, Tibetan and other decimal digits as 0-9."""
    return text if text.isascii() else text.translate(_DIGITS)


def _key(word: str) -> str:
    # Arabic and Persian spellings of yeh and kaf differ between sites; so does a final dot.
    return word.casefold().rstrip(".").replace("ي", "ی").replace("ك", "ک").replace("ى", "ی")


@cache
def _names() -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    days: set[str] = set()
    for loc in _LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, loc).items():
                    months.setdefault(_key(name), number)
                for name in get_day_names(width, context, loc).values():
                    days.add(_key(name))
    months.setdefault("sept", 9)
    solar = {_key(name): n for names in _SOLAR_MONTHS for n, name in enumerate(names, start=1)}
    # Persian weekday names also come with a ZWNJ or a space ("سه‌شنبه", "سه شنبه").
    days |= {d.replace("\u200c", "") for d in days} | {d.replace("\u200c", " ") for d in days}
    return months, solar, frozenset(days)


def _make(y: int, m: int, d: int, solar: bool = False) -> date | None:
    if y < 100:  # a two-digit year is ambiguous; never guess
        return None
    try:
        if solar or y in _SOLAR_YEARS:
            import jdatetime

            gregorian: date = jdatetime.date(y, m, d).togregorian()
            return gregorian
        return date(y, m, d)
    except ValueError:
        return None


_NUMERIC = (
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), (0, 1, 2)),
    (re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), (2, 1, 0)),  # 26.03.2004
    # Chinese, Japanese and Korean: 2024年3月5日, 2024년 3월 5일
    (re.compile(r"(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?"), (0, 1, 2)),
)
# 03/04/2007 is March or April depending on the writer's country: a day over 12 tells, and so
# does the page's language (only American English writes the month first).
_SLASHED = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
# A month's name: one or two words ("تشرين الثاني"), maybe glossed in another calendar's
# name after a slash ("تشرين الثاني/نوفمبر").
_WORD = r"([^\W\d_][^\W\d_.]*\.?(?:\s[^\W\d_]{3,}\.?)?(?:/[^\W\d_]+)?)"
_NAMED = (
    (re.compile(_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"), "mdy"),
    (
        re.compile(
            r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|-?го|-?е|\.)?\s+(?:de\s+)?"
            + _WORD
            + r",?\s+(?:de\s+)?(\d{4})(?!\d)"
        ),
        "dmy",
    ),
)
# Words a date may open with: "Le 19 mars 2020", "On March 3, 2024", "am 5. März 2024".
_LEAD = re.compile(r"^(?:le|el|the|on|am|den|il|em|o|في)\s+", re.IGNORECASE)


def strip_weekday(text: str) -> str:
    months, _, days = _names()
    folded = _key(text.strip())
    if _key(folded.split(" ")[0].rstrip(",")) in months:
        return text  # "Mar 5": Spanish abbreviates Tuesday as the month is abbreviated
    for day in sorted(days, key=len, reverse=True):
        if folded.startswith(day) and (len(folded) == len(day) or not folded[len(day)].isalnum()):
            return text.strip()[len(day) :].lstrip(" ,،")
    return text


def _is_time(text: str) -> bool:
    return bool(
        re.fullmatch(
            r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*\w{0,4}",
            ascii_digits(text).strip(),
            re.IGNORECASE,
        )
    )


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# A time of day after the date, maybe with "at" before it and a zone after it.
_TIME = re.compile(
    r"[\s,،\-–—|/]*(?:(?:at|à|a las|um|в|saat|ساعت|الساعة)\s+)?(?:\d{1,2}:\d{2}(?::\d{2})?"
    r"\s*(?:am|pm|a\.m\.|p\.m\.|utc|gmt)?(?:\s*\w{2,4})?)\s*$",
    re.IGNORECASE,
)


def parse(text: str, day_first: bool = False) -> date | None:
    """The date that `text` consists of (weekday and time of day allowed), or None.

    `day_first` reads an ambiguous 03/04/2007 as 3 April, as every writer but an American does.
    """
    if not _YEAR.search(ascii_digits(text)):
        return None  # no year, no date: and no need to load the calendars' names
    parts = re.split(r"\s+[-–—|/]\s+", text.strip())
    if len(parts) > 1:
        # "۱۴ فروردین ۱۴۰۳ - ۲ آوریل ۲۰۲۴": the same day in two calendars, or a date and a time.
        each = [parse(p, day_first) for p in parts if not _is_time(p)]
        return each[0] if each and all(each) else None
    core = ascii_digits(text).strip().strip("()[]").rstrip(".")
    core = _TIME.sub("", core)
    core = _LEAD.sub("", strip_weekday(core).strip(" ,،"))
    found = search(core, anchored=True, day_first=day_first)
    return found[0] if found else None


def _month(word: str, months: dict[str, int]) -> int | None:
    """The month a name stands for, trying the whole name, each side of a gloss, its words."""
    for candidate in (word, *word.split("/"), *word.split()):
        number = months.get(_key(candidate))
        if number:
            return number
    return None


def search(text: str, anchored: bool = False, day_first: bool = False) -> tuple[date, int] | None:
    """The last date written in `text` and where it starts; with `anchored`, all of it."""
    text = ascii_digits(text)
    if not _YEAR.search(text):
        return None
    months, solar, _ = _names()
    best: tuple[date, int] | None = None

    def consider(m: re.Match[str], found: date | None) -> None:
        nonlocal best
        if anchored and (m.start() != 0 or m.end() != len(text)):
            return
        if found and (best is None or m.start() > best[1]):
            best = (found, m.start())

    for pattern, order in _NUMERIC:
        for m in pattern.finditer(text):
            parts = [int(g) for g in m.groups()]
            consider(m, _make(parts[order[0]], parts[order[1]], parts[order[2]]))
    for m in _SLASHED.finditer(text):
        a, b, y = (int(g) for g in m.groups())
        if a == b or (a > 12) != (b > 12) or day_first:
            day, month = (a, b) if a > 12 or a == b or (day_first and b <= 12) else (b, a)
            consider(m, _make(y, month, day))
    for pattern, shape in _NAMED:
        for m in pattern.finditer(text):
            g = m.groups()
            word, d, y = (
                (g[0], int(g[1]), int(g[2])) if shape == "mdy" else (g[1], int(g[0]), int(g[2]))
            )
            if _key(word) in solar and y in _SOLAR_YEARS:
                consider(m, _make(y, solar[_key(word)], d, solar=True))
            elif (number := _month(word, months)) is not None:
                consider(m, _make(y, number, d))
    return best
