"""Finds photo captions among a scraped page's lines: the picture is gone, its words remain.

A caption shows itself by what stands around it: the same words twice (the image's alt text,
then the caption), a caption that repeats its alt text and goes on, a photo credit under it or
at its end, or a label that says so. The line right under a headline that is not a sentence
but speaks of what the article does is a caption too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from publisher.readers import lines
from publisher.readers.body import PROSE, is_prose
from publisher.readers.page import CAPTION, CREDIT, Page
from publisher.readers.stoplists import words


@dataclass
class Captions:
    text: dict[int, str] = field(default_factory=dict)  # line index -> the caption it holds
    parts: set[int] = field(default_factory=set)  # every line that belongs to a figure


def content_words(text: str, stop: frozenset[str]) -> set[str]:
    """Words that carry the subject: not the language's function words, four letters or more."""
    return {w for w in words(text) if len(w) >= 4 and w not in stop}


def _add(found: Captions, at: int, caption: str, *parts: int) -> None:
    found.text[at] = caption
    found.parts.update((at, *parts))


def find_captions(page: Page, lo: int, hi: int) -> Captions:
    """Captions among lines lo..hi-1, and the alt texts and credits that go with them."""
    found = Captions()
    for i in range(lo, hi):
        if i in found.parts:
            continue
        text = page.text(i)
        after = page.text(i + 1) if i + 1 < hi else None
        if page.roles[i] == CAPTION:
            _add(found, i, lines.caption_text(text) or text)
        elif after is not None and page.lines[i + 1].gap == 0 and after == text:
            _add(found, i, text, i + 1)  # alt text, then the caption in the same words
        elif (
            after
            and len(after) > len(text) + 1
            and after.startswith(text)
            and after[len(text)] in ",،:;-–"
        ):
            _add(found, i + 1, after, i)  # the caption goes on from its alt text
        elif after is not None and page.roles[i + 1] == CREDIT and not lines.is_credit(text):
            _add(found, i, text, i + 1)
        elif lines.ends_with_credit(text) and page.roles[i] != CREDIT:
            _add(found, i, text)  # "... in the Dandenong Ranges. Photo: Priya Raman"
        elif page.roles[i] == CREDIT:
            found.parts.add(i)
    return found


def is_subject_line(page: Page, i: int, subject: set[str]) -> bool:
    """A line under the headline that is no sentence but speaks of the article's subject:
    the caption of a picture the copy lost ("Ayatollah Khamenei, Iranian leader, met ...")."""
    text = page.text(i)
    shape = page.shapes[i]
    if is_prose(shape) or shape.final or shape.words < 3 or page.roles[i] is not None:
        return False
    if shape.stop is None or shape.stop >= PROSE:
        return False  # a phrase of the language's own small words is a dek, not a caption
    return bool(content_words(text, page.stop) & subject)
