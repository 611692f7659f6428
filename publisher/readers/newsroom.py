"""The newsroom passes over a structured Document (a web page's article, a Word document): the
byline, author card, bio and disclaimer leave the body for the metadata, and page chrome an
extractor let through (share lines, lists of related stories, the headline again) is dropped.

They ask the scraped-text reader's questions of whole blocks (`readers.lines`), so a `.txt`, an
`.html` and a `.docx` are read by the same evidence. Only top-level paragraphs and headings are
ever taken, and only where such furniture stands: near the top, or closing the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from publisher.model import (
    Block,
    Document,
    Heading,
    Link,
    List,
    Metadata,
    Paragraph,
    Text,
    block_text,
    plain_text,
)
from publisher.readers.lines import (
    disclaimer_text,
    fold,
    is_chrome_shape,
    published_date,
    split_title,
)
from publisher.readers.names import byline_names, looks_like_person_name, name_case, split_names

_HEAD = 4  # blocks above the text where a byline or dateline stands
_TAIL = 4  # closing blocks where a signature, an author card or a wire credit stands
_BIO_WORDS = 80
_CHROME_WORDS = 12  # longer than any share bar or widget label
# A sentence ends in a full stop, a question or an exclamation, in any of the desk's scripts.
_SENTENCE_END = re.compile(r"[.!?؟。۔።…][\"'”’»)\]]*\s*$")
_PROSE_WORDS = 25  # longer than any label or menu line: prose, whatever its last mark


def is_prose(text: str) -> bool:
    """A sentence or more: ends like one, or is too long to be a label."""
    return bool(_SENTENCE_END.search(text)) or len(text.split()) >= _PROSE_WORDS


def _all_links(block: List) -> bool:
    """Every item of the list is a link and nothing else: a list of other stories."""
    for item in block.items:
        inlines = [n for b in item.blocks if isinstance(b, Paragraph) for n in b.content]
        words = [n for n in inlines if not (isinstance(n, Text) and not n.text.strip())]
        if not words or not all(isinstance(n, Link) for n in words):
            return False
    return bool(block.items)


_BIO_VERB = re.compile(r"^(?:is|was|has|writes|teaches|served|serves|covers|reports|leads)\b")


def person_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The people among a page's author names: "VOA News" or "Reuters Staff" names nobody."""
    found: list[str] = []
    for name in names:
        for person in split_names(name):
            if person not in found:
                found.append(person)
    return tuple(found)


def headline(title: str) -> str:
    """A page's <title> or og:title without the site's name or date after it."""
    return split_title(" ".join(title.split()))[0]


def _text(block: Block) -> str | None:
    """A top-level paragraph's or heading's words; None for any other block."""
    if isinstance(block, Paragraph | Heading):
        return plain_text(block.content).strip()
    return None


@dataclass
class _Found:
    """What the passes took out of the body, for the metadata."""

    authors: tuple[str, ...] = ()
    published: date | None = None
    disclaimer: str | None = None
    bio: str | None = None
    dropped: set[int] = field(default_factory=set)


def _known_names(text: str, known: tuple[str, ...]) -> tuple[str, ...] | None:
    """The names of a line that is nothing but known authors' names ("Jane Doe and John
    Roe" under the headline, with no "By"), else None."""
    names = split_names(text)
    folded = {fold(name) for name in known}
    if names and not is_prose(text) and all(fold(name) in folded for name in names):
        return names
    return None


def _head(
    blocks: tuple[Block, ...], title: str | None, known: tuple[str, ...], found: _Found
) -> None:
    """The headline again, a byline, a dateline, above the first sentence of the text."""
    for i, block in enumerate(blocks[:_HEAD]):
        text = _text(block)
        if text is None:
            break
        if title and fold(text) == fold(title):
            found.dropped.add(i)
            continue
        names = byline_names(text)
        if names is None and known and isinstance(block, Paragraph):
            names = _known_names(text, known)
        if names is not None and not is_prose(text.rstrip(".")):
            found.authors = found.authors or names
            found.dropped.add(i)
            continue
        is_date, when = published_date(text)
        if is_date and not is_prose(text):
            found.published = found.published or when
            found.dropped.add(i)
            continue
        if is_prose(text) and isinstance(block, Paragraph):
            break  # the text has begun


def _signature(blocks: tuple[Block, ...], authors: tuple[str, ...], found: _Found) -> None:
    """A wire credit, an author card (a name, then a bio) or a closing bio by a known author."""
    n = len(blocks)
    for i in range(n - 1, max(-1, n - _TAIL - 1), -1):
        text = _text(blocks[i])
        if text is None:
            return
        names = byline_names(text)
        if names is not None and not is_prose(text.rstrip(".")):
            found.authors = found.authors or names
            found.dropped.add(i)
            continue
        break
    ends = [i for i in range(n) if i not in found.dropped]
    known = authors or found.authors
    for back in range(min(3, len(ends) - 1), 0, -1):
        card = [blocks[i] for i in ends[-back:]]
        if not all(isinstance(b, Paragraph) for b in card):
            continue
        name, *rest = [_text(b) or "" for b in card]
        if _is_card(name, rest, known):
            found.authors = found.authors or (name_case(name),)
            found.bio = " ".join(rest) or None
            found.dropped.update(ends[-back:])
            return
    last = _text(blocks[ends[-1]]) if len(ends) > 1 else None
    for name in known:
        if (
            last
            and last.startswith(name)
            and _BIO_VERB.match(last[len(name) :].strip())
            and len(last.split()) <= _BIO_WORDS
        ):
            found.bio = last
            found.dropped.add(ends[-1])
            return


def _is_card(name: str, rest: list[str], known: tuple[str, ...]) -> bool:
    """A name closing the article, then its bio: "Jane Doe is ...", or a position line.

    A structured document's last short paragraph (a place, a two-word line in a script
    without capitals) is a signature only when it names a known author or a bio follows.
    """
    if not looks_like_person_name(name) or byline_names(name) is not None:
        return False
    if not rest:
        return name_case(name) in known
    bio = " ".join(rest)
    return len(bio.split()) <= _BIO_WORDS and (bio.startswith(name) or not is_prose(bio))


def _furniture(blocks: tuple[Block, ...], found: _Found) -> None:
    """Disclaimers anywhere; share bars, labels and lists of other stories, by their shape:
    a list of nothing but links, and the short label over it, are the site's, not the
    article's (an article's own list says something in each item)."""
    for i, block in enumerate(blocks):
        text = _text(block)
        if isinstance(block, List) and (
            _all_links(block) or all(is_chrome_shape(block_text(item)) for item in block.items)
        ):
            found.dropped.add(i)
            label = _text(blocks[i - 1]) if i else None
            if label is not None and len(label.split()) <= 4 and not is_prose(label):
                found.dropped.add(i - 1)
            continue
        if text is None:
            continue
        said = disclaimer_text(text) if isinstance(block, Paragraph) else None
        if said:
            found.disclaimer = found.disclaimer or said
            found.dropped.add(i)
        elif len(text.split()) <= _CHROME_WORDS and is_chrome_shape(text):
            found.dropped.add(i)


def apply(doc: Document, known: tuple[str, ...] = ()) -> Document:
    """The document with its byline, dateline, signature, bio and disclaimer in the metadata
    (where the reader found none of its own) and the chrome left in its body dropped.

    `known`: authors the file's own properties name (a Word document's author), which make
    a line of their bare names a byline and a closing "NAME is ..." a bio; they become the
    authors only where the text names none (the reader decides that).
    """
    meta = doc.metadata
    blocks = doc.blocks
    found = _Found()
    known = meta.authors or known
    _furniture(blocks, found)
    _head(blocks, meta.title, known, found)
    if len(blocks) - len(found.dropped) > 1:
        _signature(blocks, known, found)
    kept = tuple(b for i, b in enumerate(blocks) if i not in found.dropped)
    if not kept:
        return doc  # the passes would leave nothing: better the furniture than no text
    return replace(doc, blocks=kept, metadata=_merged(meta, found))


def _merged(meta: Metadata, found: _Found) -> Metadata:
    return replace(
        meta,
        authors=meta.authors or found.authors,
        published=meta.published or found.published,
        disclaimer=meta.disclaimer or found.disclaimer,
        author_bio=meta.author_bio or found.bio,
    )
