"""Reads an article scraped from a web page (plain text with its page chrome) into a Document.

The page is read as lines. Small named heuristics, each tested on its own, peel off what is not
the article: chrome (by vocabulary, shape and script), the disclaimer, the headline and its
repeats, the caption and byline between headline and body, and the author card or signature
after it. What remains is the body.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from publisher.model import Document, Figure, List, ListItem, Metadata, Paragraph, Text
from publisher.readers import cues, dates

log = logging.getLogger(__name__)

_BULLET = re.compile(r"^[•·∙●▪■►▶◦‣⁃*]\s*")
_LIST_ITEM = re.compile(r"^(?:[•·∙●▪■◦‣⁃*-]|\d{1,2}[.)])\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    number: int  # 1-based line number in the source, for messages


# --- small heuristics, one question each ---------------------------------------------------


def fold(text: str) -> str:
    """A line as compared against vocabularies: no bullets, case or outer punctuation."""
    text = _BULLET.sub("", unicodedata.normalize("NFC", text).strip())
    text = re.sub(r"\s+", " ", text).strip(" :|-–—·")
    return text.casefold()


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


def main_script(lines: list[Line]) -> str | None:
    """The script of the article: the one with most letters across the page."""
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(scripts(line.text))
    return counts.most_common(1)[0][0] if counts else None


def is_prose(text: str) -> bool:
    """A sentence or more: ends like a sentence, or is too long to be a label."""
    return bool(cues.SENTENCE_END.search(text)) or len(text.split()) >= 25


def is_foreign_chrome(text: str, script: str | None) -> bool:
    """A short line with no letter of the article's script: a menu of the site's own language."""
    found = scripts(text)
    return bool(script and found and script not in found and len(text.split()) <= 8)


def is_chrome(text: str, script: str | None) -> bool:
    """Whole-line page furniture: skip links, banners, players, share bars, pickers."""
    folded = fold(text)
    if not folded:
        return True
    if folded in cues.CHROME_PHRASES:
        return True
    if any(p.fullmatch(folded) for p in cues.CHROME_PATTERNS):
        return True
    return is_foreign_chrome(text, script)


def disclaimer_text(text: str) -> str | None:
    """The disclaimer a line states, without its parentheses or emphasis marks."""
    if len(text) > 500:
        return None
    inner = text.strip()
    while len(inner) > 2 and inner[0] + inner[-1] in ("()", "[]", "**", "__", "**", "«»"):
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


def looks_like_person_name(text: str) -> bool:
    """Two to five words, no digits or sentence marks, capitalised where the script has case."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return False
    if any(ch.isdigit() for ch in text) or re.search(r"[.!?:;,؟،()\"“”«»]$", text):
        return False
    if any(w.casefold().strip(".,") in cues.ORGANISATION_WORDS for w in words):
        return False
    if re.search(r"[!?:;\"“”«»()]", text):
        return False
    cased = [w for w in words if w[0].isalpha() and w[0].lower() != w[0].upper()]
    particles = {"al", "el", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du", "la",
                 "le", "del", "dos", "das", "ter", "ten", "y", "e", "ben", "abu"}
    return all(w[0].isupper() or w.casefold() in particles or "-" in w for w in cased)


def split_names(text: str) -> tuple[str, ...]:
    """Names in a byline, with the outlet ("By A and B, Reuters") and roles left out."""
    parts = [p.strip(" .") for p in cues.NAME_JOINERS.split(text) if p and p.strip(" .")]
    return tuple(p for p in parts if looks_like_person_name(p))


def byline_names(text: str) -> tuple[str, ...] | None:
    """The authors a byline or wire credit names; None if the line is neither."""
    credits = list(cues.CREDIT_CLAUSE.finditer(text))
    if credits and fold(text).startswith(("reporting", "additional reporting", "writing")):
        names: list[str] = []
        for m in credits:
            if m.group("role").casefold() in cues.AUTHOR_ROLES:
                names += split_names(m.group("names"))
        return tuple(names)
    for pattern in cues.BYLINE_PATTERNS:
        m = pattern.match(text.strip())
        if m and len(text.split()) <= 16:
            return split_names(m.group("names"))
    return None


def split_title(text: str) -> tuple[str, date | None]:
    """A headline without its trailing date or site name, and the date it carried."""
    m = re.match(r"^(?P<head>.+)\s+[-–—|]\s+(?P<tail>.{1,60}?)$", text)
    if m:
        tail = m.group("tail").strip()
        when = dates.parse(tail)
        if when:
            return m.group("head").strip(), when
        tail_words = tail.split()
        if len(tail_words) <= 5 and (
            text[m.start("tail") - 2] == "|"
            or any(w.casefold() in cues.ORGANISATION_WORDS for w in tail_words)
        ):
            return m.group("head").strip(), None
    # A programme title that names its day: "Headlines, Wednesday, January 13, 2016".
    found = dates.search(text)
    if found and re.search(r"[,:|\-–—]\s*\S*\s*$", text[: found[1]]):
        return text, found[0]
    return text, None


# --- the procedure -------------------------------------------------------------------------


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped; hard-wrapped prose within one block is joined back."""
    lines: list[Line] = []
    block: list[Line] = []

    def flush() -> None:
        # Hard wrapping leaves lines of nearly one width, none ending a sentence but the last.
        widths = [len(b.text) for b in block[:-1]]
        wrapped = (
            len(block) > 1
            and min(widths) >= 50
            and max(widths) <= 110
            and max(widths) - min(widths) <= 30
            and not any(is_chrome(b.text, None) for b in block)
        )
        if wrapped:
            lines.append(Line(" ".join(b.text for b in block), block[0].number))
        else:
            lines.extend(block)
        block.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped:
            block.append(Line(stripped, number))
        else:
            flush()
    flush()
    return lines


def _paragraphs(lines: list[Line]) -> list[Paragraph | List]:
    """Body lines as paragraphs; runs of bulleted lines as a list."""
    blocks: list[Paragraph | List] = []
    run: list[str] = []
    for line in [*lines, None]:
        if line is not None and _LIST_ITEM.match(line.text):
            run.append(_LIST_ITEM.sub("", line.text))
            continue
        if len(run) >= 2:
            items = tuple(ListItem((Paragraph((Text(t),)),)) for t in run)
            blocks.append(List(ordered=False, items=items))
        else:
            blocks.extend(Paragraph((Text(t),)) for t in run)
        run = []
        if line is not None:
            blocks.append(Paragraph((Text(line.text),)))
    return blocks


def _take_author_card(lines: list[Line]) -> tuple[tuple[str, ...], str | None, int]:
    """Authors and bio from a signature or author card closing the page; where it starts."""
    n = len(lines)
    for back in range(min(3, n), 0, -1):
        start = n - back
        name = lines[start].text
        if start == 0 or not looks_like_person_name(name):
            continue
        bio = " ".join(line.text for line in lines[start + 1 :]) or None
        if bio and len(bio.split()) > 80:
            continue
        return (name,), bio, start
    # No name line: a closing bio that starts with the name ("Jane Doe is a ...").
    if n >= 2:
        last = lines[-1].text
        m = re.match(r"^(?P<name>(?:\S+\s){1,4}?\S+)\s+(?:is|was|has|writes|teaches|served)\b",
                     last)
        if m and looks_like_person_name(m.group("name")) and len(last.split()) <= 80:
            return (m.group("name"),), last, n - 1
    return (), None, n


def read(text: str, source: Path) -> Document:
    lines = split_lines(text)
    script = main_script(lines)
    kept = [line for line in lines if not is_chrome(line.text, script)]

    disclaimer = None
    rest: list[Line] = []
    for line in kept:
        found = disclaimer_text(line.text)
        if found:
            disclaimer = disclaimer or found
        else:
            rest.append(line)

    title: str | None = None
    published: date | None = None
    # A date standing alone above the headline is the page's clock, not the article's date.
    while rest and dates.parse(rest[0].text):
        rest.pop(0)
    if rest and looks_like_headline(rest[0].text) and len(rest) > 1:
        raw = rest.pop(0).text
        title, published = split_title(raw)
        repeats = {fold(raw), fold(title)}
        rest = [line for line in rest if fold(line.text) not in repeats]
    else:
        log.warning("%s: no headline found; the edition will have no title", source)

    # Between headline and body: byline, dateline, photo caption.
    authors: tuple[str, ...] = ()
    captions: list[str] = []
    body_start = 0
    for i, line in enumerate(rest):
        if is_prose(line.text):
            break
        names = byline_names(line.text)
        when = dates.parse(line.text)
        if names is not None:
            authors = authors or names
        elif when:
            published = published or when
        elif line.text not in captions:
            captions.append(line.text)
        body_start = i + 1
    front, rest = rest[:body_start], rest[body_start:]
    del front

    card_authors, bio, card_start = _take_author_card(rest)
    body = rest[:card_start]
    # A byline or wire credit inside the body ("Reporting by ...") is metadata, not text.
    kept_body: list[Line] = []
    for line in body:
        names = byline_names(line.text)
        if names is not None and not is_prose(line.text.rstrip(".")):
            authors = authors or names
        else:
            kept_body.append(line)

    blocks: list = [Figure(src=None, caption=(Text(c),)) for c in captions[:1]]
    blocks += [Paragraph((Text(c),)) for c in captions[1:]]
    blocks += _paragraphs(kept_body)
    metadata = Metadata(
        title=title,
        authors=authors or card_authors,
        author_bio=bio,
        published=published,
        disclaimer=disclaimer,
    )
    return Document(metadata=metadata, blocks=tuple(blocks))
