"""Reads an article scraped from a web page (plain text with its page chrome) into a Document.

The page is read as lines. Small named heuristics, each tested on its own, peel off what is not
the article: chrome (by vocabulary, shape and script), lists of related stories, the
disclaimer, the headline and its repeats, the caption, byline and dateline around it, photo
captions and credits, and the author card, signature or wire credit after the body. What
remains is the body. Datelines ("DUBAI (Reuters) -") stay in the first paragraph: they are
the article's own words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from publisher.diagnostics import Diagnostics
from publisher.model import (
    Block,
    Document,
    Figure,
    Heading,
    List,
    ListItem,
    Metadata,
    Paragraph,
    Text,
)
from publisher.readers.lines import (
    byline_names,
    caption_text,
    disclaimer_text,
    fold,
    is_chrome,
    is_credit,
    is_foreign_chrome,
    is_prose,
    is_related_header,
    looks_like_headline,
    looks_like_person_name,
    name_case,
    published_date,
    script_of,
    scripts,
    split_names,
    split_title,
)

_LIST_ITEM = re.compile(r"^(?:[•·∙●▪■◦‣⁃*-]|\d{1,2}[.)])\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    number: int  # 1-based line number in the source, for messages


def main_script(lines: list[Line]) -> str | None:
    """The script of the article: the one with most letters across the page."""
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(scripts(line.text))
    return counts.most_common(1)[0][0] if counts else None


# The line heuristics are part of this reader's interface (and its tests').
__all__ = [
    "Line",
    "byline_names",
    "caption_text",
    "disclaimer_text",
    "drop_related_lists",
    "fold",
    "is_chrome",
    "is_credit",
    "is_foreign_chrome",
    "is_prose",
    "is_related_header",
    "looks_like_headline",
    "looks_like_person_name",
    "main_script",
    "name_case",
    "published_date",
    "read",
    "script_of",
    "scripts",
    "split_lines",
    "split_names",
    "split_title",
]


def split_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped; hard-wrapped prose within one block is joined back."""
    lines: list[Line] = []
    block: list[Line] = []

    def flush() -> None:
        # Hard wrapping leaves lines of nearly one width, the last one shorter.
        widths = [len(b.text) for b in block[:-1]]
        wrapped = (
            len(block) > 1
            and min(widths) >= 50
            and max(widths) <= 110
            and max(widths) - min(widths) <= 30
            and not any(is_chrome(b.text, None) for b in block)
            and len({b.text for b in block}) == len(block)  # a repeat is a caption, not a wrap
        )
        if wrapped:
            lines.append(Line(" ".join(b.text for b in block), block[0].number))
        else:
            for b in block:
                # A line that starts in lower case carries on the one before it.
                if lines and lines[-1].number >= block[0].number and b.text[0].islower() \
                        and not is_chrome(b.text, None) and not is_chrome(lines[-1].text, None):
                    lines[-1] = Line(f"{lines[-1].text} {b.text}", lines[-1].number)
                else:
                    lines.append(b)
        block.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped:
            block.append(Line(stripped, number))
        else:
            flush()
    flush()
    return lines


def drop_related_lists(lines: list[Line]) -> list[Line]:
    """A "Related" heading and the story titles and dates listed under it."""
    out: list[Line] = []
    skipping = False
    for line in lines:
        if is_related_header(line.text):
            skipping = True
            continue
        if skipping and not is_prose(line.text):
            continue
        skipping = False
        out.append(line)
    return out


def _list(run: list[Line]) -> list[Block]:
    """Bulleted or numbered lines as a list; a lone one stays a paragraph."""
    if len(run) < 2:
        return [Paragraph((Text(line.text),)) for line in run]
    numbers = [re.match(r"^(\d{1,2})[.)]\s", line.text) for line in run]
    items = tuple(ListItem((Paragraph((Text(_LIST_ITEM.sub("", line.text)),)),)) for line in run)
    if all(numbers):
        return [List(ordered=True, items=items, start=int(numbers[0].group(1)))]  # type: ignore[union-attr]
    return [List(ordered=False, items=items)]


def _paragraphs(lines: list[Line]) -> list[Block]:
    """Body lines as paragraphs; runs of bulleted lines as a list; short labels as headings."""
    blocks: list[Block] = []
    run: list[Line] = []
    for i, line in enumerate([*lines, None]):
        if line is not None and _LIST_ITEM.match(line.text):
            numbered = bool(re.match(r"^\d", line.text))
            if run and bool(re.match(r"^\d", run[0].text)) != numbered:
                blocks += _list(run)
                run = []
            run.append(line)
            continue
        blocks += _list(run)
        run = []
        if line is None:
            continue
        between_prose = 0 < i < len(lines) - 1 and is_prose(lines[i + 1].text)
        if between_prose and not is_prose(line.text) and len(line.text.split()) <= 12:
            blocks.append(Heading(2, (Text(line.text),)))  # a subheading inside the body
        else:
            blocks.append(Paragraph((Text(line.text),)))
    return blocks


def _take_author_card(lines: list[Line]) -> tuple[tuple[str, ...], str | None, int]:
    """Authors and bio from a signature or author card closing the page; where it starts."""
    n = len(lines)
    for back in range(min(3, n), 0, -1):
        start = n - back
        name = lines[start].text
        if start == 0 or not looks_like_person_name(name) or byline_names(name) is not None:
            continue
        bio = " ".join(line.text for line in lines[start + 1 :]) or None
        if bio and len(bio.split()) > 80:
            continue
        return (name_case(name),), bio, start
    # No name line: a closing bio that starts with the name ("Jane Doe is a ...").
    if n >= 2:
        last = lines[-1].text
        m = re.match(r"^(?P<name>(?:\S+\s){1,4}?\S+)\s+(?:is|was|has|writes|teaches|served)\b",
                     last)
        if m and looks_like_person_name(m.group("name")) and len(last.split()) <= 80:
            return (m.group("name"),), last, n - 1
    return (), None, n


@dataclass
class _Found:
    """What the heuristics gathered besides the body, and whether they were unsure."""

    source: Path
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    title: str | None = None
    title_line: str | None = None  # as the page wrote it, date or site name included
    published: date | None = None
    authors: tuple[str, ...] = ()
    disclaimer: str | None = None

    def byline(self, names: tuple[str, ...]) -> None:
        if not names:
            return
        if self.authors and names != self.authors:
            self.diagnostics.warn("authors", f"two bylines ({', '.join(self.authors)}; "
                                  f"{', '.join(names)}); using the first")
            return
        self.authors = names

    def date(self, when: date | None) -> None:
        self.published = self.published or when


def _head(head: list[Line], found: _Found) -> list[Block]:
    """Title, byline, dateline and caption above the first paragraph."""
    candidates: list[int] = []
    for i, line in enumerate(head):
        if looks_like_headline(line.text) and byline_names(line.text) is None \
                and not published_date(line.text)[0] and caption_text(line.text) is None:
            candidates.append(i)
    title_at: int | None = None
    if candidates:
        title_at = candidates[0]
        # A one- or two-word label over the headline is a section name or kicker.
        longer = [i for i in candidates if len(head[i].text.split()) >= 3]
        if len(head[title_at].text.split()) <= 2 and longer:
            title_at = longer[0]
        found.title_line = head[title_at].text
        found.title, when = split_title(found.title_line)
        found.date(when)
    captions: list[str] = []
    for i, line in enumerate(head):
        names = byline_names(line.text)
        is_date, when = published_date(line.text)
        if i == title_at:
            continue
        if names is not None:
            found.byline(names)
        elif is_date:
            if title_at is not None and i > title_at:  # above the headline it is the page clock
                found.date(when)
        elif title_at is None or i > title_at:
            caption = caption_text(line.text) or line.text
            if caption not in captions and fold(caption) != fold(found.title or ""):
                captions.append(caption)
    return [Figure(src=None, caption=(Text(c),)) for c in captions]


def _body(lines: list[Line], found: _Found) -> list[Block]:
    """Paragraphs, with captions, credits and bylines inside the body taken out."""
    blocks: list[Block] = []
    pending: list[Line] = []
    previous = ""
    for line in lines:
        caption = caption_text(line.text)
        names = byline_names(line.text)
        if caption is None and line.text == previous:
            caption = line.text  # alt text then caption: the same words twice
            if pending and pending[-1].text == line.text:
                pending.pop()
        previous = line.text
        if caption is not None:
            blocks += _paragraphs(pending)
            pending = []
            if not (blocks and isinstance(blocks[-1], Figure)
                    and blocks[-1].caption == (Text(caption),)):
                blocks.append(Figure(src=None, caption=(Text(caption),)))
        elif names is not None and not is_prose(line.text.rstrip(".")):
            found.byline(names)
        else:
            pending.append(line)
    return blocks + _paragraphs(pending)


def read(text: str, source: Path, diagnostics: Diagnostics | None = None) -> Document:
    found = _Found(source, diagnostics if diagnostics is not None else Diagnostics())
    lines = drop_related_lists(split_lines(text))
    script = main_script(lines)
    kept: list[Line] = []
    for line in lines:
        if is_chrome(line.text, script):
            continue
        said = disclaimer_text(line.text)
        if said:
            found.disclaimer = found.disclaimer or said
        else:
            kept.append(line)

    # A headline may ask or exclaim; the body starts at the first sentence that is not one.
    # A line repeated on the next line is a caption (alt text, then caption) or a title.
    first_prose = next((i for i, line in enumerate(kept) if is_prose(line.text)
                        and not (looks_like_headline(line.text) and line.text[-1] in "?!؟")
                        and not (i + 1 < len(kept) and kept[i + 1].text == line.text)
                        and not (i > 0 and kept[i - 1].text == line.text)),
                       len(kept))
    if first_prose == len(kept):  # no sentence at all: the first line is the best headline
        first_prose = min(1, len(kept))
    blocks = _head(kept[:first_prose], found)
    repeats = {fold(found.title or ""), fold(found.title_line or "")} - {""}
    rest = [line for line in kept[first_prose:] if fold(line.text) not in repeats]

    card_authors, bio, card_start = _take_author_card(rest)
    blocks += _body(rest[:card_start], found)
    if not found.authors:
        found.authors = card_authors
    metadata = Metadata(title=found.title, authors=found.authors, author_bio=bio,
                        published=found.published, disclaimer=found.disclaimer)
    return Document(metadata=metadata, blocks=tuple(blocks))
