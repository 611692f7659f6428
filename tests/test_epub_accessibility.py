"""EPUBs a library would accept: accessibility metadata, language and direction, landmarks,
semantics, the cover, house fonts, byte-identical rebuilds; EPUBCheck and DAISY Ace clean."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from publisher.checks import FileResult
from publisher.checks import epub as epub_checks
from publisher.model import Figure, plain_text
from publisher.pipeline import slug_for
from publisher.renderers.epub import CONFORMANCE

from epub_helpers import EPUB_TYPE, NS, XML_LANG, Book
from helpers import FIXTURES, Edition, Project, build_editions, sample_manuscripts

CORPUS = sorted([*(FIXTURES / "corpus").glob("*.txt"), *(FIXTURES / "seed").glob("*.txt")])
FONTS = ["fa", "en", "ka"]
EDITIONS = (
    [f"sample/{slug_for(p)}" for p in sample_manuscripts()]
    + [f"corpus/{slug_for(p)}" for p in CORPUS]
    + [f"fonts/{n}" for n in FONTS]
)
RTL = {"fa", "prs", "ar"}

MARKDOWN_EN = """---
title: Keep the Transmitters On
author: Nadia Rahimi
author_bio: Nadia Rahimi is a former shortwave engineer.
language: en
cover: art/cover.jpg
disclaimer: The views expressed are the author's own.
---

When the internet is cut, shortwave still gets through.

![A bar chart of listeners by platform](art/chart.png "Reach by platform")
"""
MARKDOWN_KA = """---
title: საქართველოს პარლამენტმა ახალი კანონი მიიღო
author: ნინო ბერიძე
language: ka
---

პარლამენტმა დღეს ახალი კანონი მიიღო.
"""


def _picture(path: Path, size: tuple[int, int], color: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)


def _fonts_project(root: Path) -> list[Path]:
    """A project that embeds the house fonts: Persian, English (own cover, a chart), Georgian."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        '[tool.publisher]\npublication = "The Test Desk"\nepub_embed_fonts = true\n',
        encoding="utf-8",
    )
    _picture(root / "art" / "cover.jpg", (600, 900), (20, 60, 120))
    _picture(root / "art" / "chart.png", (300, 200), (155, 28, 28))
    (root / "fa.txt").write_bytes(
        (FIXTURES / "corpus" / "05-fa-nowruz-signed-message.txt").read_bytes()
    )
    (root / "en.md").write_text(MARKDOWN_EN, encoding="utf-8")
    (root / "ka.md").write_text(MARKDOWN_KA, encoding="utf-8")
    return [root / "fa.txt", root / "en.md", root / "ka.md"]


@pytest.fixture(scope="module")
def editions(
    sample_editions: dict[str, Edition], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Edition]:
    """Samples (repository config), the corpus and seed pages, and a fonts-embedding project."""
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "pyproject.toml").write_text(
        '[tool.publisher]\npublication = "The Test Desk"\n', encoding="utf-8"
    )
    built = {f"sample/{k}": v for k, v in sample_editions.items()}
    built |= {
        f"corpus/{k}": v
        for k, v in build_editions(CORPUS, corpus, corpus / "dist", formats=("epub",)).items()
    }
    fonts = tmp_path_factory.mktemp("fonts")
    built |= {
        f"fonts/{k}": v
        for k, v in build_editions(
            _fonts_project(fonts), fonts, fonts / "dist", formats=("epub",)
        ).items()
    }
    assert sorted(built) == sorted(EDITIONS)
    return built


@pytest.fixture(scope="module")
def books(editions: dict[str, Edition]) -> dict[str, Book]:
    return {name: Book(edition.epub) for name, edition in editions.items()}


@pytest.fixture(params=EDITIONS)
def name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- language and direction ------------------------------------------------------------------


def test_package_has_the_language_and_direction(
    books: dict[str, Book], editions: dict[str, Edition], name: str
) -> None:
    book, meta = books[name], editions[name].doc.metadata
    assert book.xpath("//opf:metadata/dc:language/text()") == [meta.language]
    assert book.opf.get(XML_LANG) == meta.language
    if meta.direction == "rtl":
        assert book.opf.get("dir") == "rtl"
        assert book.xpath("//opf:spine/@page-progression-direction") == ["rtl"]
    else:
        assert book.opf.get("dir") in (None, "ltr")
        assert book.xpath("//opf:spine/@page-progression-direction") in ([], ["ltr"])


def test_right_to_left_editions_are_marked(editions: dict[str, Edition]) -> None:
    """The Persian and Dari corpus pages really are built right to left (the test above bites)."""
    rtl = [n for n, e in editions.items() if e.doc.metadata.direction == "rtl"]
    assert {
        "fonts/fa",
        "corpus/05-fa-nowruz-signed-message",
        "corpus/09-prs-dari-fallujah-dated-title",
    } <= set(rtl)


def test_every_content_document_has_language_and_direction(
    books: dict[str, Book], editions: dict[str, Edition], name: str
) -> None:
    book, meta = books[name], editions[name].doc.metadata
    for page in book.xhtml_names():
        root = book.page(page)
        assert root.get("lang") == root.get(XML_LANG) == meta.language, page
        assert root.get("dir") == (meta.direction or "ltr"), page


# --- accessibility metadata ------------------------------------------------------------------


def _images(book: Book) -> list[tuple[str, str]]:
    """(page, alt) of every picture the reader pages through."""
    return [
        (page, img.get("alt", ""))
        for page in book.spine_names()
        for img in book.page(page).xpath("//x:img", namespaces=NS)
    ]


def test_accessibility_metadata(books: dict[str, Book], name: str) -> None:
    book = books[name]
    assert sorted(book.meta("schema:accessMode")) == ["textual", "visual"]
    assert "textual" in book.meta("schema:accessModeSufficient")
    features = book.meta("schema:accessibilityFeature")
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(features)
    images = _images(book)
    assert images, "the cover is a picture"
    assert ("alternativeText" in features) == all(alt.strip() for _page, alt in images)
    assert book.meta("schema:accessibilityHazard") == ["none"]
    summary = book.meta("schema:accessibilitySummary")
    assert len(summary) == 1 and len(summary[0]) > 80
    assert book.meta("dcterms:conformsTo") == [CONFORMANCE]
    assert [v.strip() for v in book.meta("a11y:certifiedBy")] != [""]
    assert len(book.meta("dcterms:modified")) == 1


def test_summary_is_in_the_edition_language_or_marked_english(books: dict[str, Book]) -> None:
    persian = books["fonts/fa"].xpath("//opf:meta[@property='schema:accessibilitySummary']")[0]
    assert persian.get(XML_LANG) is None  # the package's language, fa
    assert re.search("[\u0600-\u06ff]", persian.text)
    # No Georgian summary in the house labels: the English one says it is English.
    georgian = books["fonts/ka"].xpath("//opf:meta[@property='schema:accessibilitySummary']")[0]
    assert georgian.get(XML_LANG) == "en"
    assert georgian.text.startswith("This publication meets")


@pytest.mark.parametrize(
    ("markdown", "alternative_text", "claim"),
    [
        pytest.param("![](pic.png)", False, False, id="no-alt-no-caption"),
        pytest.param('![](pic.png "Caption alone")', False, True, id="caption-only"),
        pytest.param("![A red square](pic.png)", True, True, id="alt-text"),
    ],
)
def test_claims_follow_the_pictures(
    project: Project, markdown: str, alternative_text: bool, claim: bool
) -> None:
    _picture(project.root / "pic.png", (40, 30), (200, 0, 0))
    source = project.write(
        "pics.md", f"---\ntitle: Pictures\nlanguage: en\n---\n\nBefore.\n\n{markdown}\n\nAfter.\n"
    )
    book = Book(
        build_editions([source], project.root, project.root / "dist", formats=("epub",))[
            "pics"
        ].epub
    )
    assert ("alternativeText" in book.meta("schema:accessibilityFeature")) == alternative_text
    assert (book.meta("dcterms:conformsTo") == [CONFORMANCE]) == claim
    assert bool(book.meta("a11y:certifiedBy")) == claim
    assert ("textual" in book.meta("schema:accessModeSufficient")) == claim
    summary = book.meta("schema:accessibilitySummary")[0]
    assert ("Some pictures have no text alternative" in summary) == (not claim)


# --- navigation and semantics ----------------------------------------------------------------


def test_landmarks(books: dict[str, Book], name: str) -> None:
    book = books[name]
    nav = book.nav_name()
    links = book.page(nav).xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    kinds = [a.get(EPUB_TYPE) for a in links]
    back = bool(book.with_type(book.article(), "backmatter"))
    assert kinds == ["cover", "titlepage", "bodymatter", *(["backmatter"] if back else [])]
    spine = book.spine_names()
    for link in links:
        target, fragment = book.resolve(link.get("href"), nav)
        assert target in spine, link.get("href")
        found = book.page(target).xpath(f"//*[@id='{fragment}']")
        assert len(found) == 1, link.get("href")
        assert link.get(EPUB_TYPE) in found[0].get(EPUB_TYPE, "").split()


def test_title_page_byline_bio_and_disclaimer_are_marked(
    books: dict[str, Book], editions: dict[str, Edition]
) -> None:
    """The samples carry all four; each is found by its epub:type and ARIA role."""
    for name in [n for n in EDITIONS if n.startswith("sample/")]:
        book, meta = books[name], editions[name].doc.metadata
        page = book.page(book.article())
        root_prefix = page.get("{http://www.idpf.org/2007/ops}prefix", "")
        assert "z3998:" in root_prefix, name
        titlepage = book.with_type(book.article(), "titlepage")
        assert len(titlepage) == 1
        assert titlepage[0].xpath("string(.//x:h1)", namespaces=NS) == meta.title
        byline = book.with_type(book.article(), "z3998:byline")
        assert len(byline) == 1 and meta.authors[0] in "".join(byline[0].itertext())
        bio = book.with_type(book.article(), "contributors")
        assert len(bio) == 1 and bio[0].get("aria-label"), name
        assert meta.author_bio in " ".join("".join(bio[0].itertext()).split())
        notice = book.with_type(book.article(), "notice")
        assert len(notice) == 1 and notice[0].get("role") == "doc-notice"
        assert meta.disclaimer in " ".join("".join(notice[0].itertext()).split())


def test_figure_without_picture_keeps_its_caption(
    books: dict[str, Book], editions: dict[str, Edition]
) -> None:
    seen = 0
    for name, edition in editions.items():
        captions = [
            plain_text(b.caption)
            for b in edition.doc.blocks
            if isinstance(b, Figure) and not b.src and plain_text(b.caption).strip()
        ]
        if not captions:
            continue
        page = books[name].page(books[name].article())
        figures = page.xpath("//x:figure[not(.//x:img)]", namespaces=NS)
        shown = [" ".join("".join(f.itertext()).split()) for f in figures]
        assert [" ".join(c.split()) for c in captions] == shown, name
        seen += 1
    assert seen >= 2  # the seed sample and the Clarion page have caption-only figures


# --- cover ----------------------------------------------------------------------------------


def test_cover_is_declared_and_shown_first(
    books: dict[str, Book], editions: dict[str, Edition], name: str
) -> None:
    book, meta = books[name], editions[name].doc.metadata
    item = book.item(properties="cover-image")
    image = book.href(item.get("href"))
    assert item.get("media-type").startswith("image/")
    assert image in book.zip.namelist()
    assert book.xpath("//opf:metadata/opf:meta[@name='cover']/@content") == [item.get("id")]
    first = book.spine_names()[0]
    assert book.with_type(first, "cover")
    imgs = book.page(first).xpath("//x:img", namespaces=NS)
    assert [book.href(i.get("src"), first) for i in imgs] == [image]
    title = book.xpath("string(//opf:metadata/dc:title)")
    assert title in imgs[0].get("alt")
    if not meta.cover:  # the drawn cover: an SVG of the house proportion (see test_cover.py)
        assert item.get("media-type") == "image/svg+xml"
        assert b'viewBox="0 0 1600 2400"' in book.zip.read(image)


def test_manuscript_names_its_own_cover(books: dict[str, Book]) -> None:
    book = books["fonts/en"]
    item = book.item(properties="cover-image")
    assert item.get("media-type") == "image/jpeg"
    with Image.open(book.zip.open(book.href(item.get("href")))) as picture:
        assert picture.size == (600, 900)


# --- fonts ----------------------------------------------------------------------------------


def _font_files(book: Book) -> set[str]:
    return {
        Path(h).name
        for h in book.xpath("//opf:manifest/opf:item[starts-with(@media-type, 'font/')]/@href")
    }


@pytest.mark.parametrize(
    ("edition", "wanted", "unwanted"),
    [
        (
            "fa",
            {"NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"},
            {"NotoSerifGeorgian-Regular.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"},
        ),
        (
            "en",
            {
                "NotoSerif-Regular.ttf",
                "NotoSerif-Italic.ttf",
                "NotoSerif-Bold.ttf",
                "NotoSerif-BoldItalic.ttf",
                "NotoSans-Regular.ttf",
                "NotoSans-Bold.ttf",
            },
            {"NotoNaskhArabic-Regular.ttf", "NotoSerifGeorgian-Regular.ttf"},
        ),
        (
            "ka",
            {"NotoSerifGeorgian-Regular.ttf", "NotoSerifGeorgian-Bold.ttf"},
            {"NotoNaskhArabic-Regular.ttf"},
        ),
    ],
)
def test_embedded_fonts_are_the_faces_the_script_needs(
    books: dict[str, Book], edition: str, wanted: set[str], unwanted: set[str]
) -> None:
    book = books[f"fonts/{edition}"]
    files = _font_files(book)
    assert wanted <= files
    assert not unwanted & files
    for href in book.xpath("//opf:manifest/opf:item[starts-with(@media-type, 'font/')]/@href"):
        assert book.item(href=href).get("media-type") == "font/ttf"
        assert book.href(href) in book.zip.namelist()
    sheet = book.href(book.item(href="css/fonts.css").get("href"))
    named = set(re.findall(r"url\((?:\.\./)?fonts/([^)]+)\)", book.zip.read(sheet).decode()))
    assert named == files
    for page in book.xhtml_names():
        links = book.page(page).xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS)
        assert "css/fonts.css" in links, page


def test_fonts_are_not_embedded_by_default(books: dict[str, Book]) -> None:
    for name in [n for n in EDITIONS if not n.startswith("fonts/")]:
        assert not _font_files(books[name]), name
        assert "EPUB/css/fonts.css" not in books[name].zip.namelist()


# --- reproducible ---------------------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.epub"))
    }


def test_same_input_same_bytes_with_cover_fonts_and_pictures(tmp_path: Path) -> None:
    sources = _fonts_project(tmp_path / "project")
    build_editions(sources, tmp_path / "project", tmp_path / "a", formats=("epub",))
    build_editions(sources, tmp_path / "project", tmp_path / "b", formats=("epub",))
    first = _digests(tmp_path / "a")
    assert sorted(first) == ["en.epub", "fa.epub", "ka.epub"]
    assert first == _digests(tmp_path / "b")


def test_modified_is_the_build_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    sources = _fonts_project(project)[:1]
    fixed = build_editions(sources, project, tmp_path / "fixed", formats=("epub",))["fa"]
    assert Book(fixed.epub).meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    later = build_editions(
        sources,
        project,
        tmp_path / "later",
        formats=("epub",),
        build_time=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    )["fa"]
    assert Book(later.epub).meta("dcterms:modified") == ["2025-01-02T03:04:05Z"]
    assert later.epub.read_bytes() != fixed.epub.read_bytes()


def test_without_source_date_epoch_the_clock_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publisher import batch
    from publisher import config as config_module

    project = tmp_path / "project"
    sources = _fonts_project(project)[:1]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.chdir(project)
    before = datetime.now(UTC).replace(microsecond=0)
    config = config_module.load(project, out_dir=tmp_path / "dist")
    [result] = batch.build(sources, config, ("epub",))
    stamp = Book(result.outputs[0]).meta("dcterms:modified")[0]
    built = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= built <= datetime.now(UTC)


# --- EPUBCheck and Ace, every edition in one go ----------------------------------------------


@pytest.fixture(scope="module")
def verdicts(editions: dict[str, Edition]) -> dict[str, FileResult]:
    """One EPUBCheck process and one Ace pass over every edition."""
    names = list(editions)
    results = epub_checks.check_many([editions[n].epub for n in names])
    return dict(zip(names, results, strict=True))


@pytest.mark.slow
def test_epubcheck_finds_nothing(verdicts: dict[str, FileResult], name: str) -> None:
    verdict = verdicts[name]
    assert verdict.summary.startswith("EPUBCheck 0 errors, 0 warnings"), verdict
    assert not [e for e in verdict.errors if e.startswith("EPUBCheck")]
    assert not verdict.warnings


@pytest.mark.slow
@pytest.mark.skipif(
    epub_checks.ace_command() is None,
    reason="Ace by DAISY is not installed (npm install -g @daisy/ace)",
)
def test_ace_finds_no_violation(verdicts: dict[str, FileResult], name: str) -> None:
    verdict = verdicts[name]
    assert "Ace 0 violations" in verdict.summary, verdict
    assert not [e for e in verdict.errors if e.startswith("Ace")]
