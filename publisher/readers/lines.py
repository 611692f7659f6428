"""Questions asked of one line of a scraped page: is it chrome, a headline, a byline, a date?

Each is a small named heuristic with its own tests. They know the shapes and vocabularies of
news-site templates (in `cues`), never the words of one article.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from functools import cache

from publisher.readers import cues, dates

# Bullets, including the emoji that messaging channels use as bullets (🔻 ▪️ 🔹).
_BULLET = re.compile(r"^(?:[•·∙●▪■►▶◦‣⁃*🔻🔺🔸🔹🔶🔷📌➡→]\ufe0f?\s*)+")


def fold(text: str) -> str:
    """A line as compared against vocabularies: no bullets, case or outer punctuation."""
    text = _BULLET.sub("", unicodedata.normalize("NFC", text).strip())
    text = re.sub(r"\s+", " ", text).strip(" :|-–—·»›>")
    return text.casefold()


def squash(folded: str) -> str:
    """A folded line without spaces or ZWNJ: Persian sites write "لینک‌های" and "لینک های"."""
    return re.sub(r"[\s\u200c\u200f\u200e]+", "", folded)


@cache
def script_of(ch: str) -> str | None:
    """The writing system of a letter, coarse enough to tell page languages apart."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "ARABIC", "GEORGIAN", "ARMENIAN", "HEBREW", "GREEK",
                   "TIBETAN", "DEVANAGARI", "THAI", "HANGUL", "CJK", "HIRAGANA", "KATAKANA",
                   "ETHIOPIC", "BENGALI", "TAMIL", "KHMER", "MYANMAR"):
        if name.startswith(script) or f" {script} " in f" {name} ":
            return script
    return "OTHER"


def scripts(text: str) -> Counter[str]:
    return Counter(s for s in map(script_of, text) if s)


def is_prose(text: str) -> bool:
    """A sentence or more: ends like a sentence, or is too long to be a label."""
    return bool(cues.SENTENCE_END.search(text)) or len(text.split()) >= 25


def is_foreign_chrome(text: str, script: str | None) -> bool:
    """A short line with no letter of the article's script: a menu of the site's own language."""
    found = scripts(text)
    return bool(script and found and script not in found and len(text.split()) <= 8)


def is_chrome(text: str, script: str | None) -> bool:
    """Whole-line page furniture: skip links, banners, players, share bars, pickers, footers."""
    folded = fold(text)
    if not folded:
        return True
    if squash(folded.rstrip(".!")) in cues.CHROME_KEYS:
        return True
    if len(folded) > 300:  # longer than any widget or footer: prose
        return False
    if cues.CHROME_SHAPE.fullmatch(folded):
        return True
    if is_credit(text):
        return True
    return is_foreign_chrome(text, script)


def is_credit(text: str) -> bool:
    """A photo credit ("Image source, Getty Images", "Photo: AP"), not a caption."""
    return bool(cues.CREDIT.match(text.strip())) and len(text.split()) <= 12


def caption_text(text: str) -> str | None:
    """The caption a line labels as one ("Image caption, ..."), without its label."""
    m = cues.CAPTION_LABEL.match(text.strip())
    return m.group("caption").strip() if m else None


def is_related_header(text: str) -> bool:
    """The heading of a list of other stories ("Related", "Latest episodes", "Read more")."""
    return fold(text).rstrip(".") in cues.RELATED_HEADERS


def disclaimer_text(text: str) -> str | None:
    """The disclaimer a line states, without its parentheses or emphasis marks."""
    if len(text) > 500:
        return None
    inner = text.strip()
    while len(inner) > 2 and inner[0] + inner[-1] in ("()", "[]", "**", "__", "«»", "{}"):
        inner = inner[1:-1].strip()
    inner = inner.strip("*_ ")
    if any(p.search(inner) for p in cues.DISCLAIMER_PATTERNS):
        return inner
    return None


def looks_like_headline(text: str) -> bool:
    """Short, and not ended by a full stop (a headline may ask or exclaim)."""
    if len(text) > 250 or len(text.split()) > 30:
        return False
    return not re.search(r"[.。۔][\"'”’»)]*$", text) or text.endswith("...")


_PARTICLES = {"al", "el", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du", "la", "le",
              "del", "dos", "das", "ter", "ten", "y", "e", "ben", "abu", "ul", "ud", "zu"}


def looks_like_person_name(text: str) -> bool:
    """Two to five words, no digits or sentence marks, capitalised where the script has case."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return False
    if any(ch.isdigit() for ch in text) or re.search(r"[.!?:;,؟،()\"“”«»]$", text):
        return False
    if any(w.casefold().strip(".,") in cues.ORGANISATION_WORDS for w in words):
        return False
    if re.search(r"[!?:;\"“”«»()/|@#]", text):
        return False
    cased = [w for w in words if w[0].isalpha() and w[0].lower() != w[0].upper()]
    return all(w[0].isupper() or w.casefold() in _PARTICLES or "-" in w for w in cased)


def name_case(name: str) -> str:
    """AP-style capitals ("JOHN SMITH") as the name is spelled ("John Smith")."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return " ".join(w.capitalize() if w.casefold() not in _PARTICLES else w.lower()
                        for w in name.split())
    return name


def split_names(text: str) -> tuple[str, ...]:
    """Names in a byline, with the outlet ("By A and B, Reuters") and roles left out."""
    text = re.split(r"\s+[|–—]\s+|\s+-\s+", text)[0]
    parts = [p.strip(" .") for p in cues.NAME_JOINERS.split(text) if p and p.strip(" .")]
    return tuple(name_case(p) for p in parts if looks_like_person_name(p))


def byline_names(text: str) -> tuple[str, ...] | None:
    """The authors a byline or wire credit names; None if the line is neither."""
    credits = list(cues.CREDIT_CLAUSE.finditer(text))
    if credits and cues.CREDIT_START.match(text.strip()):
        names: list[str] = []
        for m in credits:
            if m.group("role").casefold().split()[-1] in cues.AUTHOR_ROLES:
                names += split_names(m.group("names"))
        return tuple(names)
    for pattern in cues.BYLINE_PATTERNS:
        m = pattern.match(text.strip())
        if m and len(text.split()) <= 16:
            names_part = m.group("names")
            found = dates.search(names_part)
            if found:  # "By A, March 3, 2020": the date is not a name
                names_part = names_part[: found[1]]
            names = split_names(names_part)
            if names:
                return names
            # "By VOA News" credits an organisation: a byline with no person in it. "By
            # nightfall the harbour was empty" names nobody either: it is a sentence.
            words = names_part.split()
            is_org = any(w.casefold().strip(".,") in cues.ORGANISATION_WORDS for w in words)
            return () if is_org and len(words) <= 6 else None
    return None


def published_date(text: str) -> tuple[bool, date | None]:
    """Whether the line is a dateline, and the publication date it gives ("Updated" gives none)."""
    m = cues.DATE_LABEL.match(text.strip())
    core = m.group("rest") if m else text
    when = dates.parse(core)
    if when is None:
        # A page clock: "چهارشنبه ۵ اردیبهشت ۱۴۰۳ ایران ۰۶:۵۹", a date then a place and time.
        if dates.search(core) is None:  # no date at all (and no calendars loaded)
            return False, None
        rest = dates.strip_weekday(core)
        found = dates.search(rest)
        if not found or found[1] != 0 or len(rest.split()) > 6:
            return False, None
        when = found[0]
    updated = bool(m and cues.UPDATED_LABEL.match(text.strip()))
    return True, None if updated else when


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
    return len(words) >= 2 and capitalised and len(head.split()) >= 2 * len(words) + 1 \
        and not any(ch.isdigit() for ch in tail)


def split_title(text: str) -> tuple[str, date | None]:
    """A headline without its trailing date or site name, and the date it carried."""
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
