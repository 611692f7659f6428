"""Reads what closes a scraped article: a signature, an author card, a byline, a wire credit.

Only the first few lines after the body are the article's own; further down stand comment
threads and sidebars, whose names are not the author's. A card is a name on its own line and
a bio under it (a position, or sentences that name the author); a box that describes a blog,
a site or a service, naming it in quotes, is not a bio.
"""

from __future__ import annotations

import re

from publisher.readers.head import role_line
from publisher.readers.lines import is_chrome_shape
from publisher.readers.names import _has_case, looks_like_person_name, name_case
from publisher.readers.page import BYLINE, DATE, DISCLAIMER, ISSUER, Found, Page
from publisher.readers.segment import ends_sentence

REACH = 4  # lines after the body that may still belong to the article
_QUOTED = "\"'“”«»„‘’"


def _names_itself(bio: str, name: str) -> bool:
    """A description that puts the name in quotes names a service or a title, not a person."""
    return any(f"{q}{name}" in bio for q in _QUOTED)


def trim_card(page: Page, start: int, end: int) -> int:
    """Where the body ends when its run took in the author card closing it: a name line, then
    a bio that opens with the name (or names it in quotes)."""
    for k in range(end - 1, max(start, end - 4), -1):
        name = page.text(k)
        after = page.text(k + 1)
        if looks_like_person_name(name, page.stop) and (
            after.startswith(name.split()[0]) or _names_itself(after, name)
        ):
            end = k - 1
            while end > start and is_chrome_shape(page.text(end)):
                end -= 1
            return end
    return end


def _bio_line(text: str, name: str, first: bool) -> bool:
    """A line of an author's card: a position right under the name, or sentences naming them."""
    if text.startswith(name.split()[0]):
        return True
    return first and 2 <= len(text.split()) <= 10 and not ends_sentence(text)


def _card(page: Page, i: int, found: Found) -> int:
    """A name line at i with its bio under it; how many lines the card takes (0: none)."""
    name = page.text(i)
    if not looks_like_person_name(name, page.stop):
        return 0
    if found.authors and name_case(name) not in found.authors:
        return 0  # someone else: a commenter, a contact, a name in a sidebar
    if i + 1 < len(page.lines) and page.roles[i + 1] == DATE:
        return 0  # a name over a date heads a comment or a post, not a signature
    bio_lines: list[str] = []
    j = i + 1
    while (
        j < len(page.lines)
        and len(bio_lines) < 3
        and page.roles[j] is None
        and not is_chrome_shape(page.text(j))
    ):
        text = page.text(j)
        if _names_itself(text, name):
            return j - i + 1  # a card that describes a service or a blog: no author in it
        if not _bio_line(text, name, not bio_lines):
            break
        bio_lines.append(text)
        j += 1
    bio = " ".join(bio_lines) or None
    if bio and len(bio.split()) > 80:
        return 0
    if not _has_case(name) and not (bio and (role_line(bio_lines[0]) or bio.startswith(name))):
        return 0  # with no capitals to go by, only a position or a bio shows a name
    found.authors = found.authors or (name_case(name),)
    found.author_bio = found.author_bio or bio
    return j - i


def _closing_bio(text: str, found: Found, stop: frozenset[str]) -> bool:
    """No name line: a closing bio that starts with the name ("Jane Doe is a ...")."""
    m = re.match(r"^(?P<name>(?:\S+\s){1,4}?\S+)\s+(?:is|was|has|writes|teaches|served)\b", text)
    if not (m and looks_like_person_name(m.group("name"), stop) and len(text.split()) <= 80):
        return False
    found.authors = found.authors or (m.group("name"),)
    found.author_bio = found.author_bio or text
    return True


def read_tail(page: Page, end: int, found: Found) -> None:
    """Authors, bio and credits from the lines just after the body (end is its last line)."""
    seen = 0
    i = end + 1
    while i < len(page.lines) and seen < REACH:
        role = page.roles[i]
        if role == DISCLAIMER or is_chrome_shape(page.text(i)):
            i += 1
            continue
        seen += 1
        if role in (BYLINE, ISSUER):
            found.byline(page.names[i])
            found.date(page.dates[i])
            i += 1
            continue
        taken = _card(page, i, found)
        if taken:
            i += taken
            continue
        if _closing_bio(page.text(i), found, page.stop):
            return
        i += 1
