"""Saved web pages and Word documents, end to end: each fixture gives its golden model, and
editions that EPUBCheck, Ace and `publisher check` pass; a folder of all four kinds builds."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx_samples
import pytest
from lxml import etree

from publisher import batch
from publisher.model import Figure, Note, NoteRef, Table, plain_text, to_json

from epub_helpers import Book
from helpers import FIXTURES, Project, prepare_document

FORMATS = FIXTURES / "formats"
PAGES = sorted(FORMATS.glob("*.html"))


def place(project: Project, name: str) -> Path:
    """A fixture page (and its NAME_files/ folder) or a Word sample, in the project."""
    if name in docx_samples.SAMPLES:
        return docx_samples.SAMPLES[name](project.root / f"{name}.docx")
    source = FORMATS / name
    shutil.copy(source, project.root / name)
    folder = source.with_name(f"{source.stem}_files")
    if folder.is_dir():
        shutil.copytree(folder, project.root / folder.name)
    return project.root / name


CASES = [p.name for p in PAGES] + sorted(docx_samples.SAMPLES)


@pytest.mark.parametrize("name", CASES)
def test_model_matches_golden(project: Project, name: str, update_golden: bool) -> None:
    got = to_json(prepare_document(place(project, name), project.config()))
    golden = FORMATS / f"{Path(name).stem}.golden.json"
    if update_golden:
        golden.write_text(got, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden file {golden.name}; run pytest --update-golden"
    want = golden.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(
            difflib.unified_diff(
                want.splitlines(keepends=True), got.splitlines(keepends=True), golden.name, "now"
            )
        )
        pytest.fail(
            f"{name} no longer matches its golden file (review, then "
            f"pytest --update-golden):\n{diff}"
        )


def test_every_golden_file_has_its_fixture() -> None:
    golden = {p.name for p in FORMATS.glob("*.golden.json")}
    assert golden == {f"{Path(n).stem}.golden.json" for n in CASES}


def test_fixtures_cover_three_scripts_and_every_kind_of_evidence() -> None:
    texts = {p.name: p.read_bytes() for p in PAGES}
    assert any(b"application/ld+json" in t for t in texts.values())
    assert any(b"og:title" in t and b"ld+json" not in t for t in texts.values())
    assert any(b"<meta" not in t for t in texts.values())
    assert {n.split("-")[0] for n in texts} >= {"en", "fa", "ru", "ar"}
    assert (FORMATS / "en-saved-page_files").is_dir()


# --- what the models say -------------------------------------------------------------------


def test_json_ld_wins_and_the_byline_leaves_the_body(project: Project) -> None:
    doc = prepare_document(place(project, "en-jsonld-water-plan.html"), project.config())
    meta = doc.metadata
    assert meta.title == "Council Approves New Water Plan"  # not og:title
    assert meta.authors == ("Jane Doe", "John Roe")  # the Organization is no author
    assert meta.published is not None and meta.published.isoformat() == "2024-03-14"
    assert meta.language == "en-US"
    assert meta.disclaimer and meta.disclaimer.startswith("The views expressed")
    text = " ".join(plain_text(getattr(b, "content", ())) for b in doc.blocks)
    for furniture in (
        "By Jane Doe",
        "Share",
        "Tweet",
        "Related stories",
        "Drought hits",
        "Skip to main",
        "All rights reserved",
        "Advertisement",
    ):
        assert furniture not in text
    assert "Construction is due to begin next spring" in text
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [plain_text(c.blocks[0].content) for c in table.head[0].cells] == [
        "Year",
        "Capacity (million litres)",
    ]
    figure = next(b for b in doc.blocks if isinstance(b, Figure))
    assert figure.src is None and figure.alt and "reservoir" in figure.alt  # remote: not fetched


def test_saved_page_picture_comes_from_its_files_folder(project: Project) -> None:
    doc = prepare_document(place(project, "en-saved-page.html"), project.config())
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert [f.src for f in figures] == ["en-saved-page_files/antenna.png", None]
    assert doc.metadata.authors == ("Samuel Okafor",)
    assert doc.metadata.published is not None


def test_word_document_notes_table_and_picture(project: Project) -> None:
    doc = prepare_document(place(project, "en-word-report"), project.config())
    assert doc.metadata.title == "Keep the Transmitters On"  # the Title style, not File > Info
    assert doc.metadata.subtitle == "Why shortwave radio still matters"
    assert doc.metadata.authors == ("Nadia Rahimi",)
    refs = [n.id for b in doc.blocks for n in getattr(b, "content", ()) if isinstance(n, NoteRef)]
    assert refs == [n.id for n in doc.notes] and len(doc.notes) == 2
    assert all(isinstance(n, Note) for n in doc.notes)
    figure = next(b for b in doc.blocks if isinstance(b, Figure))
    assert figure.src == "en-word-report.docx#word/media/image1.png"
    assert figure.alt == "A steel radio mast against an orange sky"
    assert plain_text(figure.caption) == "The mast at Kavala at dusk."


def test_persian_word_document_reads_right_to_left(project: Project) -> None:
    doc = prepare_document(place(project, "fa-word-report"), project.config())
    assert doc.metadata.language == "fa" and doc.metadata.direction == "rtl"
    assert doc.metadata.title == "فرستنده‌ها را روشن نگه دارید"  # from the core properties
    assert doc.metadata.authors == ("نادیا رحیمی",)
    assert any(isinstance(b, Table) for b in doc.blocks)


# --- editions ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("formats")
    project = Project(root)
    project.configure('publication = "The Test Desk"')
    sources = [place(project, name) for name in CASES]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        results = batch.build(sources, project.config(out_dir=root / "dist"), ("epub", "pdf"))
    assert not [str(r.error) for r in results if r.error]
    return {Path(r.source).stem: root / "dist" for r in results}


@pytest.mark.slow
def test_editions_pass_publisher_check(editions: dict[str, Path]) -> None:
    dist = next(iter(editions.values()))
    run = subprocess.run(
        [sys.executable, "-m", "publisher", "check", str(dist)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = [
        line
        for line in run.stdout.splitlines()
        if line.endswith(".epub: ok") or ".epub: ok" in line
    ]
    assert len(lines) == len(CASES)
    assert all("EPUBCheck 0 errors, 0 warnings" in line for line in lines)
    if "Ace not installed" not in run.stdout:
        assert all("Ace 0 violations" in line for line in lines)


@pytest.mark.slow
def test_epub_footnotes_are_epub3_footnotes_with_backlinks(editions: dict[str, Path]) -> None:
    book = Book(editions["en-word-report"] / "en-word-report.epub")
    page = book.page(book.href("article.xhtml"))
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    refs = page.xpath("//x:a[@epub:type='noteref']", namespaces=ns)
    notes = page.xpath("//x:aside[@epub:type='footnote']", namespaces=ns)
    assert len(refs) == len(notes) == 2
    for ref, note in zip(refs, notes, strict=True):
        assert ref.get("href") == f"#{note.get('id')}"
        assert note.xpath(".//x:a[@role='doc-backlink']/@href", namespaces=ns) == [
            f"#{ref.get('id')}"
        ]
    with zipfile.ZipFile(editions["en-word-report"] / "en-word-report.epub") as epub:
        pictures = [n for n in epub.namelist() if n.startswith("EPUB/images/image-")]
        assert pictures and epub.read(pictures[0]).startswith(b"\x89PNG")


@pytest.mark.slow
def test_pdf_sets_notes_at_the_foot_of_the_page(editions: dict[str, Path]) -> None:
    from pypdf import PdfReader

    pdf = editions["en-word-report"] / "en-word-report.pdf"
    reader = PdfReader(pdf)
    text = reader.pages[0].extract_text()
    assert "Counted by digital rights groups" in text
    # The note is below the last line of the text, not where it is called.
    assert text.index("Counted by digital rights") > text.index("The union keeps a map")
    persian = PdfReader(editions["fa-word-report"] / "fa-word-report.pdf")
    assert "۱" in persian.pages[0].extract_text()  # the call and marker in Persian digits


@pytest.mark.slow
def test_rtl_table_runs_from_the_right(editions: dict[str, Path]) -> None:
    book = Book(editions["fa-word-report"] / "fa-word-report.epub")
    page = book.page(book.href("article.xhtml"))
    html = page.getroottree().getroot()
    assert html.get("dir") == "rtl"
    head = page.xpath("//*[local-name()='thead']//*[local-name()='th']")
    assert [h.text for h in head] == ["سال", "ساعت پخش"] and head[0].get("scope") == "col"


# --- a folder of every kind ----------------------------------------------------------------


def test_a_folder_of_all_four_kinds_builds(project: Project) -> None:
    folder = project.root / "manuscripts"
    folder.mkdir()
    for name in ("en-saved-page.html", "fa-opengraph-khalilzad.html"):
        shutil.copy(FORMATS / name, folder / name)
    shutil.copytree(FORMATS / "en-saved-page_files", folder / "en-saved-page_files")
    docx_samples.english(folder / "report.docx")
    (folder / "note.md").write_text(
        "---\ntitle: A Note\n---\n\nShort text[^1].\n\n[^1]: Yes.\n", encoding="utf-8"
    )
    (folder / "page.txt").write_text(
        "A Scraped Title\n\nThe council met on Monday and the "
        "talks went on into the night, officials said.\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "publisher", "build", "--format", "epub"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    built = sorted(p.name for p in (project.root / "dist").glob("*.epub"))
    # The saved page's frame and script in en-saved-page_files/ are not manuscripts.
    assert built == [
        "en-saved-page.epub",
        "fa-opengraph-khalilzad.epub",
        "note.epub",
        "page.epub",
        "report.epub",
    ]
    manifest = json.loads((project.root / "dist" / "manifest.json").read_text("utf-8"))
    assert {e["source"] for e in manifest["editions"]} == {
        "manuscripts/en-saved-page.html",
        "manuscripts/fa-opengraph-khalilzad.html",
        "manuscripts/note.md",
        "manuscripts/page.txt",
        "manuscripts/report.docx",
    }
    again = subprocess.run(
        [sys.executable, "-m", "publisher", "build", "--format", "epub"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "0 built, 0 failed, 5 unchanged" in again.stdout


def test_a_saved_picture_changed_rebuilds_its_page(project: Project) -> None:
    source = place(project, "en-saved-page.html")
    config = project.config(out_dir=project.root / "dist")
    assert batch.build([source], config, ("epub",))[0].status == "built"
    assert batch.build([source], config, ("epub",))[0].status == "unchanged"
    from PIL import Image

    Image.new("RGB", (48, 32), (200, 10, 10)).save(
        project.root / "en-saved-page_files" / "antenna.png"
    )
    assert batch.build([source], config, ("epub",))[0].status == "built"


def test_sidecar_corrects_a_page_and_a_document(project: Project) -> None:
    page = place(project, "ru-bare-start-treaty.html")
    report = place(project, "en-word-report")
    project.write("ru-bare-start-treaty.meta.yaml", "author: Иван Петров\ndate: 2010-03-13\n")
    project.write("en-word-report.meta.yaml", "title: Corrected Title\n")
    assert prepare_document(page, project.config()).metadata.authors == ("Иван Петров",)
    assert prepare_document(report, project.config()).metadata.title == "Corrected Title"


def test_inspect_prints_a_word_document(project: Project) -> None:
    place(project, "fa-word-report")
    run = subprocess.run(
        [sys.executable, "-m", "publisher", "inspect", "fa-word-report.docx"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    model = json.loads(run.stdout)
    assert model["metadata"]["direction"] == "rtl" and model["notes"]


def test_epub_of_a_page_is_well_formed_without_any_of_its_markup(editions: dict[str, Path]) -> None:
    with zipfile.ZipFile(editions["en-jsonld-water-plan"] / "en-jsonld-water-plan.epub") as book:
        tree = etree.fromstring(book.read("EPUB/article.xhtml"))
    for tag in ("script", "iframe", "form", "input", "object", "embed"):
        assert not tree.xpath(f"//*[local-name()='{tag}']")
    assert not tree.xpath("//@*[starts-with(local-name(), 'on')]")
    assert not tree.xpath("//*[local-name()='img']")  # the page's pictures were all remote


@pytest.mark.slow
def test_dask_builds_pages_and_documents_as_a_local_build_does(project: Project) -> None:
    """EPUBs byte for byte; PDFs by their text, since WeasyPrint names a picture file's image
    by its address, which differs in a worker's folder."""
    from pypdf import PdfReader

    distributed = pytest.importorskip("dask.distributed")
    sources = [place(project, "en-saved-page.html"), place(project, "fa-word-report")]
    config = project.config(out_dir=project.root / "dist")
    dist = project.root / "dist"

    def made() -> dict[str, object]:
        return {
            p.name: p.read_bytes()
            if p.suffix == ".epub"
            else [page.extract_text() for page in PdfReader(p).pages]
            for p in sorted(dist.iterdir())
            if p.suffix in (".epub", ".pdf")
        }

    local = batch.build(sources, config, ("epub", "pdf"))
    before = made()
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = batch.build(
            sources,
            config,
            ("epub", "pdf"),
            executor="dask",
            scheduler=cluster.scheduler_address,
            force=True,
        )
    assert [r.error for r in local] == [r.error for r in remote] == [None, None]
    assert made() == before and len(before) == 4
