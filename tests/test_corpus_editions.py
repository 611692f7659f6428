"""Every real corpus page becomes a PDF that shows its title, byline and disclaimer, set in the
page's own direction, and an EPUB that EPUBCheck passes. (The part-1 corpus EPUBs are also
checked with Ace in test_epub_accessibility.py.)
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from publisher.checks import epub as epub_checks

from helpers import FIXTURES, Edition, build_editions
from pdf_helpers import page_count, page_size, page_text, words

CORPUS = sorted(
    [
        *(FIXTURES / "corpus").glob("*.txt"),
        *(FIXTURES / "corpus2").glob("*.txt"),
        *(FIXTURES / "seed").glob("*.txt"),
    ]
)
PUBLICATION = "The Test Desk"


def _fold(text: str) -> str:
    """Text as compared here: NFC, no ZWNJ or tatweel, Persian yeh and kaf, no punctuation."""
    text = unicodedata.normalize("NFC", text).replace("\u200c", " ").replace("\u0640", "")
    text = text.replace("ي", "ی").replace("ك", "ک")
    # A hyphen at a line's end is dropped by pdftotext: compare words with hyphens undone.
    text = text.replace("-", "").replace("\u2010", "")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split()).casefold()


@pytest.fixture(scope="module")
def corpus_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Edition]:
    root = tmp_path_factory.mktemp("corpus-pdf")
    (root / "pyproject.toml").write_text(
        f'[tool.publisher]\npublication = "{PUBLICATION}"\n', encoding="utf-8"
    )
    return build_editions(CORPUS, root, root / "dist", formats=("pdf", "epub"))


@pytest.mark.slow
@pytest.mark.parametrize("page", [p.stem for p in CORPUS])
def test_pdf_shows_title_byline_and_disclaimer(corpus_pdfs: dict[str, Edition], page: str) -> None:
    edition = corpus_pdfs[page.lower()]
    meta = edition.doc.metadata
    first = set(_fold(page_text(edition.pdf, 1)).split())
    whole = set(_fold(page_text(edition.pdf)).split())
    if meta.title:
        assert set(_fold(meta.title).split()) <= first, meta.title
    for author in meta.authors:
        assert set(_fold(author).split()) <= first, author
    if meta.disclaimer:
        assert set(_fold(meta.disclaimer).split()) <= whole, meta.disclaimer
    if meta.author_bio:
        assert set(_fold(meta.author_bio).split()) <= whole, meta.author_bio
    assert page_count(edition.pdf) >= 1


@pytest.mark.slow
@pytest.mark.parametrize("page", [p.stem for p in CORPUS])
def test_pdf_is_set_in_the_page_direction(corpus_pdfs: dict[str, Edition], page: str) -> None:
    """The masthead's publication line starts at the left of a left-to-right brief and at the
    right of a right-to-left one."""
    edition = corpus_pdfs[page.lower()]
    drawn = words(edition.pdf, 1)
    top = min(w.y0 for w in drawn)  # the masthead's publication line opens the page
    placed = [w for w in drawn if w.y0 < top + 2]
    assert {w.text.casefold() for w in placed} == set(PUBLICATION.casefold().split())
    width = page_size(edition.pdf)[0]
    left, right = min(w.x0 for w in placed), max(w.x1 for w in placed)
    if edition.doc.metadata.direction == "rtl":
        assert left > width / 2, (left, right)
    else:
        assert right < width / 2, (left, right)


@pytest.mark.slow
def test_every_corpus_epub_passes_epubcheck(corpus_pdfs: dict[str, Edition]) -> None:
    """One EPUBCheck run over all the pages' EPUBs: 0 errors, 0 warnings for each. (Ace runs
    on the part-1 pages in test_epub_accessibility.py; here EPUBCheck alone, for speed.)"""
    names = sorted(corpus_pdfs)
    verdicts = epub_checks._epubcheck([corpus_pdfs[n].epub for n in names])
    failing = {
        n: v
        for n, v in zip(names, verdicts, strict=True)
        if not v.summary.startswith("EPUBCheck 0 errors, 0 warnings") or v.warnings or v.errors
    }
    assert len(names) == 34
    assert not failing, failing


def test_corpus_has_both_directions() -> None:
    assert {p.name[3:5] for p in CORPUS} >= {"en", "fa", "ru", "ar", "ur", "ka", "zh"}
    assert any(isinstance(p, Path) and "prs" in p.name for p in CORPUS)
