"""The PDF briefs, read as a user reads them: text, metadata, fonts and page size; no bytes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from publisher.model import Figure, plain_text
from publisher.pipeline import slug_for

from helpers import FIXTURES, Edition, build_editions, sample_manuscripts

pytestmark = pytest.mark.slow

SLUGS = [slug_for(p) for p in sample_manuscripts()]
# Lines of page furniture that the seed sample carries and an edition must not show.
CHROME = ("Accessibility links", "Breaking News", "16x9 Image")


def pdftotext(path: Path) -> str:
    """The PDF's text in reading order, with line-end hyphenation undone and spaces folded."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    out = re.sub("\u2010\\s*\n\\s*", "", out)  # WeasyPrint's automatic hyphen at a line end
    out = out.replace("\u00ad", "")
    return " ".join(out.split())


def fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]  # a header line and a rule
    return [row.split() for row in rows if row.strip()]


@pytest.fixture(params=SLUGS)
def edition(request: pytest.FixtureRequest, sample_editions: dict[str, Edition]) -> Edition:
    return sample_editions[str(request.param)]


def test_text_shows_the_edition(edition: Edition) -> None:
    shown = pdftotext(edition.pdf)
    meta = edition.doc.metadata
    assert meta.title and " ".join(meta.title.split()) in shown
    for author in meta.authors:
        assert author in shown
    assert meta.author_bio and meta.author_bio in shown
    assert meta.disclaimer and meta.disclaimer in shown
    for block in edition.doc.blocks:
        if isinstance(block, Figure) and block.caption:
            assert " ".join(plain_text(block.caption).split()) in shown


def test_no_page_chrome(edition: Edition) -> None:
    shown = pdftotext(edition.pdf)
    for line in CHROME:
        assert line not in shown


def test_metadata(edition: Edition) -> None:
    info = PdfReader(edition.pdf).metadata
    meta = edition.doc.metadata
    assert info is not None
    assert info.title == meta.title
    assert info.author and all(a in info.author for a in meta.authors)


def test_every_font_is_embedded(edition: Edition) -> None:
    rows = fonts(edition.pdf)
    assert rows
    for row in rows:
        # name, type words..., encoding, emb, sub, uni, object id, generation
        assert row[-5] == "yes", row


def test_page_numbers(edition: Edition) -> None:
    pages = len(PdfReader(edition.pdf).pages)
    shown = pdftotext(edition.pdf)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in shown


def test_document_language(edition: Edition) -> None:
    catalog = PdfReader(edition.pdf).trailer["/Root"]
    assert catalog.get("/Lang") == edition.doc.metadata.language


def test_a4_by_default(edition: Edition) -> None:
    for page in PdfReader(edition.pdf).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_letter_when_configured(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.publisher]\npage_size = "Letter"\n')
    source = project / "clarion.txt"
    source.write_bytes((FIXTURES / "corpus" / "02-en-insidevoa-clarion-caption.txt").read_bytes())
    built = build_editions([source], project, project / "dist", formats=("pdf",))["clarion"]
    for page in PdfReader(built.pdf).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_persian_brief(persian_edition: Edition) -> None:
    reader = PdfReader(persian_edition.pdf)
    assert reader.trailer["/Root"].get("/Lang") == "fa"
    assert reader.metadata is not None
    assert reader.metadata.title == "با تبریک سال نو"
    shown = pdftotext(persian_edition.pdf)
    assert "ستاره درخشش" in shown
    for row in fonts(persian_edition.pdf):
        assert row[-5] == "yes", row
