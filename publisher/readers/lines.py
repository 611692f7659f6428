"""Questions asked of one line of a scraped page: is it furniture, a headline, a date, a credit?

Each is a small named rule with its own tests. Shapes come first; where a line's meaning
decides (a disclaimer, a date's label, a photo credit), the phrases live in `cues`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from functools import cache

from publisher.readers import cues, dates, disclaimers
from publisher.readers.segment import ends_sentence

# Bullets, including the emoji that messaging channels use as bullets (🔻 ▪️ 🔹).
_BULLET = re.compile(r"^(?:[•·∙●▪■►▶◦‣⁃*🔻🔺🔸🔹🔶🔷📌➡→]\ufe0f?\s*)+")
# A dateline alone on its line: "WASHINGTON. DC —", "አዲስ አበባ —", "KYIV, Ukraine -".
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.DOTALL)
_DIGIT = re.compile(r"\d")
_DATELINE = re.compile(r"^\S+(?:[\s,.]+\S+){0,3}\s*[—–-]$")


def fold(text: str) -> str:
    """A line as compared with others: no bullets, case or outer punctuation."""
    text = _BULLET.sub("", unicodedata.normalize("NFC", text).strip())
    text = re.sub(r"\s+", " ", text).strip(" :|-–—·»›>")
    return text.casefold()


@cache
def script_of(ch: str) -> str | None:
    """The writing system of a letter, coarse enough to tell page languages apart."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in (
        "LATIN",
        "CYRILLIC",
        "ARABIC",
        "GEORGIAN",
        "ARMENIAN",
        "HEBREW",
        "GREEK",
        "TIBETAN",
        "DEVANAGARI",
        "THAI",
        "HANGUL",
        "CJK",
        "HIRAGANA",
        "KATAKANA",
        "ETHIOPIC",
        "BENGALI",
        "TAMIL",
        "KHMER",
        "MYANMAR",
        "LAO",
    ):
        if name.startswith(script) or f" {script} " in f" {name} ":
            return script
    return "OTHER"


def scripts(text: str) -> Counter[str]:
    """How many letters of each (coarse) script a text has."""
    counts: Counter[str | None] = Counter(map(script_of, text))  # counted in C, not a loop
    counts.pop(None, None)
    return counts  # type: ignore[return-value]  # None, the one key not a str, is gone


def is_chrome_shape(text: str) -> bool:
    """Furniture by shape alone: no letters, a picker, a timecode, markup, a bare link,
    navigation joined by separators, a rights notice, a dateline standing alone."""
    stripped = _BULLET.sub("", text.strip())
    if not _TWO_LETTERS.search(stripped):
        return True
    if len(stripped) <= 400 and cues.CHROME_SHAPE.fullmatch(stripped):
        return True
    return len(stripped) <= 40 and bool(_DATELINE.match(stripped))


def is_credit(text: str) -> bool:
    """A photo credit line ("Image source, Getty Images", "Photo: AP"), not a caption."""
    stripped = text.strip()
    return len(stripped.split()) <= 8 and bool(cues.CREDIT.match(stripped))


def ends_with_credit(text: str) -> bool:
    """A caption that closes with its photo's credit ("... Photo: Priya Raman")."""
    return len(text.split()) <= 60 and bool(cues.CREDIT.search(text.strip()))


def caption_text(text: str) -> str | None:
    """The caption a line labels as one ("Image caption, ..."), without its label."""
    m = cues.CAPTION_LABEL.match(text.strip())
    return m.group("caption").strip() if m else None


def disclaimer_text(text: str) -> str | None:
    """The disclaimer a line states, without its parentheses or emphasis marks."""
    if len(text) > 500:
        return None
    inner = text.strip()
    while len(inner) > 2 and inner[0] + inner[-1] in ("()", "[]", "**", "__", "«»", "{}"):
        inner = inner[1:-1].strip()
    inner = inner.strip("*_ ")
    if disclaimers.states_disclaimer(inner):
        return inner
    return None


def looks_like_headline(text: str) -> bool:
    """One line of a headline's length, not ended by a full stop (it may ask or exclaim)."""
    if len(text) > 250 or len(text.split()) > 30:
        return False
    return not re.search(r"[.。۔።][\"'”’»)]*$|፡፡$", text) or text.endswith("...")


def published_date(text: str, day_first: bool = False) -> tuple[bool, date | None]:
    """Whether the line is a dateline, and the publication date it gives ("Updated" gives none)."""
    if not _DIGIT.search(text):
        return False, None  # no year, no date
    m = cues.DATE_LABEL.match(text.strip())
    core = m.group("rest") if m else text
    when = dates.parse(core, day_first)
    if when is None:
        # A dated line with a place and time: "چهارشنبه ۵ اردیبهشت ۱۴۰۳ ایران ۰۶:۵۹".
        if dates.search(core, day_first=day_first) is None:  # no date (nor calendars loaded)
            return False, None
        rest = dates.strip_weekday(core)
        found = dates.search(rest, day_first=day_first)
        # "March 6, 2024 • 5 min read": a date, then a place, a time or a reading time.
        if not found or found[1] != 0 or len(rest.split()) > 8 or ends_sentence(rest):
            return False, None
        when = found[0]
    updated = bool(m and cues.UPDATED_LABEL.match(text.strip()))
    return True, None if updated else when


def starts_with_weekday(text: str) -> bool:
    """A date that names its weekday: the shape of a page's clock above its masthead."""
    return dates.strip_weekday(text) != text


def is_site_name(tail: str, head: str, after_pipe: bool) -> bool:
    """Whether what follows " - " or " | " in a page title names the site, not the story."""
    words = tail.split()
    if len(words) > 5:
        return False
    if after_pipe or re.fullmatch(r"[\w.-]+\.[a-z]{2,}", tail, re.IGNORECASE):
        return True  # "Title | Anything", "Title - rferl.org"
    if any(w.casefold().strip(".,") in cues.ORGANISATION_WORDS for w in words):
        return True  # "Title - VOA News", "Title - رادیو فردا"
    if all(w.isupper() and len(w) >= 2 for w in words):
        return True  # "Title - BBC"
    # "Title - Голос Америки": a short proper name after a longer headline.
    capitalised = all(w[0].isupper() for w in words if w[0].isalpha())
    return (
        len(words) >= 2
        and capitalised
        and len(head.split()) >= 2 * len(words) + 1
        and not any(ch.isdigit() for ch in tail)
    )


# A machine timestamp glued before a headline: "2024-03-05T09:14:00Z Title", "20240305 Title".
_STAMP = re.compile(
    r"^(?P<stamp>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)\s+(?=\D)"
)


def split_title(text: str) -> tuple[str, date | None]:
    """A headline without its trailing date or site name or leading timestamp, and the date
    either one carried."""
    stamped = _STAMP.match(text)
    if stamped:
        head, when = split_title(text[stamped.end() :])
        return head, when or dates.parse(stamped.group("stamp")[:10])
    m = re.match(r"^(?P<head>.+)\s+[-–—|]\s+(?P<tail>.{1,60}?)$", text)
    if m:
        tail = m.group("tail").strip()
        when = dates.parse(tail)
        if when:
            return m.group("head").strip(), when
        if is_site_name(tail, m.group("head"), text[m.start("tail") - 2] == "|"):
            return m.group("head").strip(), None
    # A programme title that names its day: "Headlines, Wednesday, January 13, 2016".
    found = dates.search(text)
    if found and re.search(r"[,:|\-–—،]\s*\S*\s*$", text[: found[1]]):
        return text, found[0]
    return text, None
