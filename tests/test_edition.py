"""The edition stage: Byline first, Bio and Disclaimer last, the house disclaimer, identifiers."""

from __future__ import annotations

from datetime import date

import pytest

from publisher.model import Bio, Byline, Disclaimer, Document, Paragraph, plain_text

from helpers import Project

OP_ED = """---
title: Keep the Lights On
authors: [Jane Doe, Ali Rezaei]
author_bio: Jane Doe is a former engineer.
date: 2024-03-14
{extra}
---

The first paragraph of the argument, long enough to be read as English prose by anyone.

The last paragraph of the argument, which closes the piece with a clear conclusion.
"""

PERSIAN_PAGE = """باران سیل آسا در شمال کشور

باران شدید در روزهای اخیر باعث جاری شدن سیل در چند شهر شمالی شد و صدها خانه را زیر آب برد.

مقامات محلی می گویند امدادگران در حال کمک به ساکنان آسیب دیده هستند.
"""

HOUSE_TABLE = """[tool.publisher.disclaimer]
default = "House default disclaimer."
en = "English house disclaimer."
fa = "سلب مسئولیت فارسی."
"""


def op_ed(extra: str = "") -> str:
    return OP_ED.format(extra=extra)


def disclaimers(doc: Document) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Disclaimer)]


def test_byline_comes_first_with_authors_and_date(project: Project) -> None:
    doc = project.prepare("op-ed.md", op_ed())
    assert doc.blocks[0] == Byline(authors=("Jane Doe", "Ali Rezaei"), published=date(2024, 3, 14))
    assert sum(isinstance(b, Byline) for b in doc.blocks) == 1


def test_bio_and_disclaimer_close_the_edition(project: Project) -> None:
    doc = project.prepare("op-ed.md", op_ed("disclaimer: The author's views are her own."))
    *body, bio, disclaimer = doc.blocks
    assert isinstance(bio, Bio)
    assert plain_text(bio.content) == "Jane Doe is a former engineer."
    assert isinstance(disclaimer, Disclaimer)
    assert plain_text(disclaimer.content) == "The author\u2019s views are her own."
    assert isinstance(body[-1], Paragraph)
    assert plain_text(body[-1].content).startswith("The last paragraph")


def test_no_byline_without_authors_or_date(project: Project) -> None:
    doc = project.prepare("note.md", "---\ntitle: A Note\n---\n\nJust a paragraph of text.\n")
    assert not [b for b in doc.blocks if isinstance(b, Byline | Bio | Disclaimer)]


def test_byline_with_only_a_date(project: Project) -> None:
    doc = project.prepare("note.md", "---\ntitle: A Note\ndate: 2024-03-14\n---\n\nText.\n")
    assert doc.blocks[0] == Byline(authors=(), published=date(2024, 3, 14))


def test_manuscripts_own_disclaimer_wins_over_the_house_one(project: Project) -> None:
    project.configure('disclaimer = "House disclaimer."')
    doc = project.prepare("op-ed.md", op_ed("disclaimer: Her own disclaimer."))
    assert doc.metadata.disclaimer == "Her own disclaimer."
    assert disclaimers(doc) == ["Her own disclaimer."]


def test_house_disclaimer_string_is_used_when_the_manuscript_has_none(project: Project) -> None:
    project.configure('disclaimer = "House disclaimer."')
    doc = project.prepare("op-ed.md", op_ed())
    assert doc.metadata.disclaimer == "House disclaimer."
    assert disclaimers(doc) == ["House disclaimer."]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("op-ed.md", op_ed("language: en"), "English house disclaimer."),
        ("op-ed.md", op_ed("language: de"), "House default disclaimer."),
        ("farsi.md", op_ed("language: fa"), "سلب مسئولیت فارسی."),
        ("dari.md", op_ed("language: prs"), "سلب مسئولیت فارسی."),
        ("afghan.md", op_ed("language: fa-AF"), "سلب مسئولیت فارسی."),
        ("page.txt", PERSIAN_PAGE, "سلب مسئولیت فارسی."),  # language detected, not stated
    ],
)
def test_house_disclaimer_table_by_language(
    project: Project, name: str, content: str, expected: str
) -> None:
    project.configure(HOUSE_TABLE)
    doc = project.prepare(name, content)
    assert doc.metadata.disclaimer == expected
    assert disclaimers(doc) == [expected]


def test_table_without_a_default_gives_no_disclaimer_for_other_languages(project: Project) -> None:
    project.configure('[tool.publisher.disclaimer]\nfa = "سلب مسئولیت فارسی."')
    doc = project.prepare("op-ed.md", op_ed("language: en"))
    assert doc.metadata.disclaimer is None
    assert disclaimers(doc) == []


def test_no_disclaimer_at_all(project: Project) -> None:
    doc = project.prepare("op-ed.md", op_ed())
    assert doc.metadata.disclaimer is None
    assert disclaimers(doc) == []


def test_publication_and_language_come_from_config_when_unstated(project: Project) -> None:
    project.configure('publication = "The Test Desk"\nlanguage = "en"')
    doc = project.prepare("note.md", "---\ntitle: A Note\n---\n\nYes.\n")
    assert doc.metadata.publication == "The Test Desk"
    assert doc.metadata.language == "en"


def test_identifier_is_stable_and_distinct(project: Project) -> None:
    first = project.prepare("one.md", op_ed()).metadata.identifier
    again = project.prepare("one.md", op_ed()).metadata.identifier
    other = project.prepare("two.md", op_ed()).metadata.identifier
    assert first is not None
    assert first.startswith("urn:uuid:")
    assert first == again
    assert other != first


def test_identifier_follows_the_source_url(project: Project) -> None:
    url = "source_url: https://example.org/a/1"
    a = project.prepare("one.md", op_ed(url)).metadata.identifier
    b = project.prepare("renamed.md", op_ed(url)).metadata.identifier
    c = project.prepare("one.md", op_ed("source_url: https://example.org/a/2")).metadata.identifier
    assert a == b
    assert a != c


def test_stated_identifier_is_kept(project: Project) -> None:
    doc = project.prepare("one.md", op_ed("identifier: urn:isbn:9780000000002"))
    assert doc.metadata.identifier == "urn:isbn:9780000000002"
