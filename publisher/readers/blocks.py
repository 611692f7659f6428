"""Turns the lines of a scraped article's body into blocks: paragraphs, subheads, lists, figures.

Inside the body a short line is judged by its neighbours: between paragraphs it is a subhead,
under a lead-in that ends in a colon it is an item of a list, and a bulleted run is a list.
What the body holds but the article does not say (a promo "Read more: ...", a lone widget
word, a byline, a credit, a repeated label, a dek the first paragraph repeats) is left out.
"""

from __future__ import annotations

import re

from publisher.model import Block, Figure, Heading, List, ListItem, Paragraph, Text
from publisher.readers.body import is_prose
from publisher.readers.figures import Captions
from publisher.readers.page import BYLINE, CHROME, CREDIT, DATE, DISCLAIMER, ISSUER, Found, Page

_LIST_ITEM = re.compile(r"^(?:[•·∙●▪■◦‣⁃*-]|\d{1,2}[.)])\s+(?=\S)")
# A cross-reference to another story: a label and a colon, then a headline ("Read more: ...").
_PROMO = re.compile(r"^[^\s:：]+(?:\s[^\s:：]+){0,2}\s?[:：]\s*\S.{8,}$")


def _list(run: list[str]) -> list[Block]:
    """Bulleted or numbered lines as a list; a lone one stays a paragraph."""
    if len(run) < 2:
        return [Paragraph((Text(text),)) for text in run]
    numbers = [re.match(r"^(\d{1,2})[.)]\s", text) for text in run]
    items = tuple(ListItem((Paragraph((Text(_LIST_ITEM.sub("", text)),)),)) for text in run)
    if all(numbers):
        return [List(ordered=True, items=items, start=int(numbers[0].group(1)))]  # type: ignore[union-attr]
    return [List(ordered=False, items=items)]


def _left_out(page: Page, i: int, found: Found) -> bool:
    """Lines in the body's run that the article does not say; what they name is kept."""
    role = page.roles[i]
    if role in (BYLINE, ISSUER):
        found.byline(page.names[i])
        return True
    shape = page.shapes[i]
    if role in (CREDIT, CHROME, DISCLAIMER, DATE) or shape.foreign:
        return True
    if shape.repeats >= 2 and not is_prose(shape):
        return True  # a label or headline that the page repeats
    text = page.text(i)
    if shape.words <= 1 and not shape.final:
        return True  # a lone word between paragraphs: a widget's label ("Advertisement")
    return bool(_PROMO.match(text)) and not shape.final and not is_prose(shape)


def _repeats_ahead(page: Page, i: int, end: int) -> bool:
    """A dek or summary that the next paragraph opens with, word for word."""
    text = page.text(i)
    return any(
        page.text(j).startswith(text) and page.text(j) != text
        for j in range(i + 1, min(end + 1, i + 4))
    )


def body_blocks(page: Page, start: int, end: int, found: Found, captions: Captions) -> list[Block]:
    """The blocks of the body lines start..end."""
    blocks: list[Block] = []
    bullets: list[str] = []
    in_list = False
    for i in range(start, end + 1):
        text = page.text(i)
        if _LIST_ITEM.match(text):
            bullets.append(text)
            continue
        blocks += _list(bullets)
        bullets = []
        if i in captions.text:
            blocks.append(Figure(src=None, caption=(Text(captions.text[i]),)))
            continue
        if i in captions.parts or _left_out(page, i, found) or _repeats_ahead(page, i, end):
            continue
        shape = page.shapes[i]
        heading = (
            not is_prose(shape)
            and not shape.final
            and shape.words <= 12
            and not in_list
            and i < end
            and not text.endswith((":", "："))
        )
        blocks.append(Heading(2, (Text(text),)) if heading else Paragraph((Text(text),)))
        # Under a lead-in that ends in a colon, short lines are the items it announces.
        in_list = text.endswith((":", "：")) or (in_list and not is_prose(shape))
    return blocks + _list(bullets)
