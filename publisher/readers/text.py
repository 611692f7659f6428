"""Reads an article scraped from a web page (plain text with its page chrome) into a Document.

The page is surveyed line by line by shape (`page`, `shape`); the body is the densest run of
prose (`body`); the headline, dek, byline, date and captions are read from where they stand
above it (`head`), the signature, author card and credits from just below it (`tail`), and
the body's own lines become paragraphs, subheads, lists and figures (`blocks`). Everything
else on the page (menus, teasers, comment threads, widgets, footers) is left out. Datelines
("DUBAI (Reuters) -") stay in the first paragraph: they are the article's own words.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from publisher.diagnostics import Diagnostics
from publisher.model import Block, Document, Metadata, Paragraph, Text, plain_text
from publisher.readers import body, names
from publisher.readers.blocks import body_blocks
from publisher.readers.figures import content_words, find_captions
from publisher.readers.head import WINDOW, read_head
from publisher.readers.lines import disclaimer_text
from publisher.readers.page import DISCLAIMER, Found, Page, survey
from publisher.readers.tail import read_tail, trim_card

log = logging.getLogger(__name__)

# "... the minister said. By Jane Doe and John Smith, Reuters": a byline run into the text.
# The end of a sentence, and what follows it to the end of the paragraph.
_LAST_SENTENCE = re.compile(r"(?<=[.!?…»”\"؟。])\s+(?P<rest>[^.!?؟。]{4,90})$")


def body_span(page: Page) -> tuple[int, int] | None:
    """First and last line of the body; with no run of prose, the run of plain sentences."""
    span = body.find_body(page.scores, page.shapes, page.roles, page.teasers)
    if span is not None:
        return span
    sentences = [
        float(shape.words) if shape.sentences and role is None else -5.0
        for shape, role in zip(page.shapes, page.roles, strict=True)
    ]
    return body.best_run(sentences)


def _trailing_byline(blocks: list[Block], found: Found, stop: frozenset[str]) -> list[Block]:
    """A byline glued to the end of the last paragraph is split off and read."""
    for k in range(len(blocks) - 1, -1, -1):
        block = blocks[k]
        if not isinstance(block, Paragraph):
            continue
        text = plain_text(block.content)
        # "... the minister said. By Jane Doe and John Smith, Reuters", in any byline wording.
        m = _LAST_SENTENCE.search(text)
        said = names.byline_names(m.group("rest"), stop) if m else None
        if m and said:
            found.byline(said)
            blocks[k] = Paragraph((Text(text[: m.start()].rstrip()),))
        break
    return blocks


def read(text: str, source: Path, diagnostics: Diagnostics | None = None) -> Document:
    page = survey(text)
    found = Found(diagnostics=diagnostics if diagnostics is not None else Diagnostics())
    for i, role in enumerate(page.roles):
        if role == DISCLAIMER and found.disclaimer is None:
            found.disclaimer = disclaimer_text(page.text(i))
    span = body_span(page)
    blocks: list[Block] = []
    if span is not None:
        start, end = span
        end = trim_card(page, start, end)
        captions = find_captions(page, max(0, start - WINDOW), end + 1)
        subject = content_words(" ".join(page.text(i) for i in range(start, end + 1)), page.stop)
        blocks += read_head(page, start, found, captions, subject)
        blocks += body_blocks(page, start, end, found, captions)
        read_tail(page, end, found)
        blocks = _trailing_byline(blocks, found, page.stop)
    metadata = Metadata(
        title=found.title,
        subtitle=found.subtitle,
        authors=found.authors,
        author_bio=found.author_bio,
        published=found.published,
        disclaimer=found.disclaimer,
    )
    return Document(metadata=metadata, blocks=tuple(blocks))
