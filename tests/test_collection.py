"""A day's brief: several articles as one EPUB and one PDF, each article kept whole."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import docx_samples
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from publisher import batch
from publisher.checks import check as check_editions
from publisher.checks import epub as epub_checks
from publisher.cli import app
from publisher.errors import EXIT_MANUSCRIPT

from epub_helpers import Book
from helpers import EPOCH, FIXTURES, MANUSCRIPTS, Project
from pdf_helpers import page_count, page_text

HOUSE = "The views expressed are the authors' own and not the desk's."
BRIEF = """title: The Monday Brief
subtitle: Five pieces on speech and power
editors: [Nadia Rahimi, Jane Doe]
date: 2024-03-18
language: en
publication: The Opinion Desk
intro: |
  This week's brief gathers **five pieces** from three desks.
articles:
  - op-ed.md
  - scraped/nowruz.txt
  - scraped/start.txt
  - pages/water-plan.html
  - report.docx
"""


def make_brief(project: Project) -> Path:
    """Five members of four kinds: English Markdown, Persian and Russian scraped pages, an
    English saved web page and a Persian Word document."""
    project.configure(
        f'publication = "The Opinion Desk"\nlanguage = "en"\n'
        f'[tool.publisher.disclaimer]\ndefault = "{HOUSE}"'
    )
    root = project.root
    (root / "manuscripts" / "scraped").mkdir(parents=True)
    shutil.copy(MANUSCRIPTS / "keep-the-transmitters-on.md", root / "manuscripts" / "op-ed.md")
    shutil.copytree(MANUSCRIPTS / "images", root / "manuscripts" / "images")
    corpus = FIXTURES / "corpus"
    scraped = root / "manuscripts" / "scraped"
    shutil.copy(corpus / "05-fa-nowruz-signed-message.txt", scraped / "nowruz.txt")
    shutil.copy(corpus / "08-ru-start-treaty-phone-call.txt", scraped / "start.txt")
    (root / "manuscripts" / "pages").mkdir()
    shutil.copy(
        FIXTURES / "formats" / "en-jsonld-water-plan.html",
        root / "manuscripts" / "pages" / "water-plan.html",
    )
    docx_samples.persian(root / "manuscripts" / "report.docx")
    return project.write("manuscripts/monday.collection.yaml", BRIEF)


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("brief")
    project = Project(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(root)
        make_brief(project)
        results = batch.build([root / "manuscripts"], project.config(), ("epub", "pdf"))
    assert not [str(r.error) for r in results if r.error]
    return {
        "epub": root / "dist" / "monday.epub",
        "pdf": root / "dist" / "monday.pdf",
        "root": root,
    }


# --- EPUB ----------------------------------------------------------------------------------


def test_epub_has_each_article_as_its_own_spine_item(brief: dict[str, Path]) -> None:
    book = Book(brief["epub"])
    spine = [posixpath.basename(n) for n in book.spine_names()]
    assert spine[:2] == ["cover.xhtml", "titlepage.xhtml"]
    assert [n for n in spine if n.startswith("article-")] == [
        f"article-{n}.xhtml" for n in range(1, 6)
    ]
    assert spine[-1] == "notice.xhtml"  # the house notice every member shares, once


def test_each_member_keeps_its_own_language_and_direction(brief: dict[str, Path]) -> None:
    book = Book(brief["epub"])
    langs = []
    for n in range(1, 6):
        root = book.page(book.href(f"article-{n}.xhtml"))
        langs.append((root.get("lang"), root.get("dir")))
    assert langs == [("en", "ltr"), ("fa", "rtl"), ("ru", "ltr"), ("en-US", "ltr"), ("fa", "rtl")]
    assert book.xpath("/opf:package/@xml:lang") == ["en"]


def test_nav_lists_every_article_with_its_authors(brief: dict[str, Path]) -> None:
    book = Book(brief["epub"])
    nav = book.page(book.nav_name())
    ns = {"x": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    entries = nav.xpath(
        "//x:nav[@e:type='toc']/x:ol/x:li/x:a[starts-with(@href, 'article-')]", namespaces=ns
    )
    texts = [" ".join("".join(a.itertext()).split()) for a in entries]
    assert len(texts) == 5
    assert texts[0] == "Keep the Transmitters On — Nadia Rahimi"
    assert "ستاره درخشش" in texts[1]  # the Persian message's signature
    assert texts[3] == "Council Approves New Water Plan — Jane Doe and John Roe"
    assert texts[4] == "فرستنده‌ها را روشن نگه دارید — نادیا رحیمی"


def test_title_page_names_the_editors_and_the_date(brief: dict[str, Path]) -> None:
    book = Book(brief["epub"])
    text = book.text(book.href("titlepage.xhtml"))
    assert "The Monday Brief" in text
    assert "Edited by Nadia Rahimi and Jane Doe" in text
    assert "March 18, 2024" in text
    assert "five pieces" in text


def test_each_article_keeps_its_byline_bio_and_own_disclaimer(brief: dict[str, Path]) -> None:
    book = Book(brief["epub"])
    first = book.text(book.href("article-1.xhtml"))
    assert "Nadia Rahimi" in first and "former shortwave engineer" in first
    assert "The views expressed in this article are the author" in first  # its own notice
    assert HOUSE not in first
    assert "The views expressed in this article are the author" in book.text(
        book.href("article-4.xhtml")
    )  # the web page's own notice
    assert "نادیا رحیمی" in book.text(book.href("article-5.xhtml"))
    assert HOUSE in book.text(book.href("notice.xhtml"))
    assert sum(HOUSE in book.text(n) for n in book.xhtml_names()) == 1


@pytest.mark.slow
def test_epubcheck_and_ace_pass_the_brief(brief: dict[str, Path]) -> None:
    [verdict] = epub_checks.check_many([brief["epub"]])
    assert verdict.summary.startswith("EPUBCheck 0 errors, 0 warnings"), verdict
    assert not verdict.warnings
    if epub_checks.ace_command() is not None:
        assert "Ace 0 violations" in verdict.summary, verdict


# --- PDF -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_contents_page_numbers_are_where_the_titles_are_printed(brief: dict[str, Path]) -> None:
    pdf = brief["pdf"]
    titles = [
        "Keep the Transmitters On",
        "با تبریک سال نو",
        "Президенты США и РФ обсудили дату",
        "Council Approves New Water Plan",
        "فرستنده‌ها را روشن نگه دارید",
    ]
    contents = page_text(pdf, 2)
    assert all(t in contents for t in titles if t.isascii())
    numbers: dict[str, int] = {}
    for title in titles:
        # The PDF's text layer loses ZWNJ (a WeasyPrint limit); the letters are there.
        bare = title.replace("\u200c", "")
        pages = [
            p
            for p in range(3, page_count(pdf) + 1)
            if bare in page_text(pdf, p).replace("\u200c", "")
        ]
        numbers[title] = pages[0]
    # The dotted leader runs to the number: after it left to right, before it right to left.
    listed = [int(a or b) for a, b in re.findall(r"\.{3,}\s*(\d+)|(\d+)\s*\.{3,}", contents)]
    assert listed == [numbers[t] for t in titles]
    assert listed == sorted(listed) and len(set(listed)) == 5


@pytest.mark.slow
def test_pdf_has_a_bookmark_per_article_and_one_page_count(brief: dict[str, Path]) -> None:
    reader = PdfReader(brief["pdf"])
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert len(top) == 5
    assert top[0].title == "Keep the Transmitters On"
    total = page_count(brief["pdf"])
    assert f"Page {total} of {total}" in page_text(brief["pdf"], total)


@pytest.mark.slow
def test_pdf_shows_each_byline_and_disclaimer(brief: dict[str, Path]) -> None:
    text = page_text(brief["pdf"])
    for words in (
        "Nadia Rahimi",
        "ستاره درخشش",
        "Jane Doe",
        "نادیا رحیمی",
        "The views expressed in this article are the author",
        HOUSE,
    ):
        assert words in text, words
    assert text.count(HOUSE) == 1


@pytest.mark.slow
def test_publisher_check_passes_the_brief_pdf(brief: dict[str, Path]) -> None:
    [verdict] = check_editions([brief["pdf"]])
    assert verdict.ok, verdict.errors


@pytest.mark.slow
def test_duplex_starts_every_article_on_a_right_hand_page(project: Project) -> None:
    make_brief(project)
    result = CliRunner().invoke(
        app, ["build", "manuscripts/monday.collection.yaml", "-f", "pdf", "--pdf-duplex"]
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(project.root / "dist" / "monday.pdf")
    starts = [
        reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    ]
    assert len(starts) == 5 and all(p % 2 == 1 for p in starts), starts


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("missing.md", "not found"),
        ("../../outside.md", "outside the project"),
        ("op-ed.md", "listed twice (first on line 3)"),
        ("other.collection.yaml", "itself a collection"),
    ],
)
def test_a_bad_member_is_one_line_naming_the_line(
    project: Project, entry: str, problem: str
) -> None:
    project.write("manuscripts/op-ed.md", "---\ntitle: Op-ed\nlanguage: en\n---\n\nText.\n")
    project.write("manuscripts/other.collection.yaml", "title: Other\narticles: [op-ed.md]\n")
    (project.root.parent / "outside.md").write_text("---\ntitle: Out\n---\n\nText.\n")
    project.write(
        "manuscripts/bad.collection.yaml", f"title: Bad\narticles:\n  - op-ed.md\n  - {entry}\n"
    )
    result = CliRunner().invoke(app, ["build", "manuscripts", "-f", "epub"])
    assert result.exit_code == EXIT_MANUSCRIPT
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("manuscripts/bad.collection.yaml:4: ") and problem in lines[0]
    assert not (project.root / "dist" / "bad.epub").exists()
    assert (project.root / "dist" / "op-ed.epub").exists()  # the rest is still built


def test_a_collection_without_articles_or_title_is_refused(project: Project) -> None:
    project.write("a.collection.yaml", "title: Empty\narticles: []\n")
    project.write("b.collection.yaml", "articles: [x.md]\n")
    project.write("x.md", "---\ntitle: X\n---\n\nText.\n")
    result = CliRunner().invoke(app, ["build", "a.collection.yaml", "b.collection.yaml"])
    assert result.exit_code == EXIT_MANUSCRIPT
    assert "needs `articles:`" in result.stderr and "needs a `title:`" in result.stderr


# --- builds --------------------------------------------------------------------------------


def _statuses(project: Project, **options: object) -> dict[str, str]:
    results = batch.build([project.root / "manuscripts"], project.config(), ("epub",), **options)
    return {r.source.name: r.status for r in results}


def test_a_collection_is_rebuilt_when_it_or_any_member_changes(project: Project) -> None:
    make_brief(project)
    assert set(_statuses(project).values()) == {"built"}
    assert set(_statuses(project).values()) == {"unchanged"}
    page = project.root / "manuscripts" / "pages" / "water-plan.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Water Plan", "Water Bill"), encoding="utf-8"
    )
    assert {k for k, v in _statuses(project).items() if v == "built"} == {
        "water-plan.html",
        "monday.collection.yaml",
    }
    project.write("manuscripts/scraped/nowruz.meta.yaml", "title: نوروز\n")
    assert {k for k, v in _statuses(project).items() if v == "built"} == {
        "nowruz.txt",
        "monday.collection.yaml",
    }
    chart = project.root / "manuscripts" / "images" / "shortwave-reach.svg"
    chart.write_text(chart.read_text().replace("Shortwave", "Short wave"))
    assert {k for k, v in _statuses(project).items() if v == "built"} == {
        "op-ed.md",
        "monday.collection.yaml",
    }
    project.write("manuscripts/monday.collection.yaml", BRIEF.replace("Monday", "Tuesday"))
    assert {k for k, v in _statuses(project).items() if v == "built"} == {"monday.collection.yaml"}


def test_members_get_their_own_editions_and_the_manifest_lists_them(project: Project) -> None:
    make_brief(project)
    project.write(
        "brief-only/week.collection.yaml",
        "title: Week\narticles:\n  - ../manuscripts/report.docx\n",
    )
    batch.build(
        [project.root / "manuscripts", project.root / "brief-only"],
        project.config(),
        ("epub",),
        jobs=2,
    )
    dist = project.root / "dist"
    assert {p.name for p in dist.glob("*.epub")} == {
        "monday.epub",
        "week.epub",
        "op-ed.epub",
        "nowruz.epub",
        "start.epub",
        "water-plan.epub",
        "report.epub",
    }
    manifest = json.loads((dist / "manifest.json").read_text())["editions"]
    monday = next(e for e in manifest if e["slug"] == "monday")
    assert monday["kind"] == "collection"
    assert monday["members"] == ["op-ed", "nowruz", "start", "water-plan", "report"]
    assert next(e for e in manifest if e["slug"] == "report")["kind"] == "article"


def test_inspect_prints_the_collection_model(project: Project) -> None:
    make_brief(project)
    result = CliRunner().invoke(app, ["inspect", "manuscripts/monday.collection.yaml"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "collection"
    assert data["metadata"]["title"] == "The Monday Brief"
    assert data["metadata"]["authors"] == ["Nadia Rahimi", "Jane Doe"]
    assert [d["metadata"]["language"] for d in data["documents"]] == [
        "en",
        "fa",
        "ru",
        "en-US",
        "fa",
    ]
    assert data["disclaimer"][0]["content"][0]["text"] == HOUSE


def test_a_brief_of_right_to_left_articles_reads_right_to_left(project: Project) -> None:
    corpus = FIXTURES / "corpus"
    shutil.copy(corpus / "05-fa-nowruz-signed-message.txt", project.root / "a.txt")
    shutil.copy(corpus / "06-fa-amp-khalilzad-iranians.txt", project.root / "b.txt")
    source = project.write("fa.collection.yaml", "title: گزیده\narticles: [a.txt, b.txt]\n")
    [result] = [r for r in batch.build([source], project.config(), ("epub",)) if r.source == source]
    book = Book(result.outputs[0])
    assert book.xpath("/opf:package/@dir") == ["rtl"]
    assert book.xpath("//opf:spine/@page-progression-direction") == ["rtl"]


@pytest.mark.slow
def test_a_collection_builds_on_a_dask_cluster(project: Project) -> None:
    distributed = pytest.importorskip("dask.distributed")
    make_brief(project)
    local = batch.build([project.root / "manuscripts"], project.config(), ("epub",))
    before = (project.root / "dist" / "monday.epub").read_bytes()
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = batch.build(
            [project.root / "manuscripts"],
            project.config(),
            ("epub",),
            executor="dask",
            scheduler=cluster.scheduler_address,
            force=True,
        )
    assert {r.status for r in local} == {r.status for r in remote} == {"built"}
    assert (project.root / "dist" / "monday.epub").read_bytes() == before
