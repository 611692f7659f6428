"""Hostile and broken manuscripts: a clear one-line error, nothing lost, nothing leaked."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from publisher import batch, output, pipeline
from publisher.errors import ManuscriptError
from publisher.model import Paragraph, plain_text

from helpers import Project

PERSIAN = "امدادگران در ايران تلاش‌هاي خود را براي کمک به بازماندگان زلزله متمرکز مي‌کنند."
RUSSIAN = "Президенты США и России в разговоре по телефону в субботу обсудили общий план."
FRENCH = "Le café crème coûte trois euros à la gare, même le dimanche matin."


def body(doc: object) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)]  # type: ignore[attr-defined]


def cli(project: Project, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# --- 1. encodings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "sentence"),
    [
        ("utf-8", PERSIAN),
        ("utf-8-sig", RUSSIAN),
        ("utf-16", PERSIAN),
        ("utf-16-be", RUSSIAN),
        ("cp1256", PERSIAN),
        ("cp1251", RUSSIAN),
        ("latin-1", FRENCH),
    ],
)
def test_encodings_are_read_right(project: Project, encoding: str, sentence: str) -> None:
    rest = sentence.split(" ", 2)[2]
    text = f"{sentence[:24]}\n\n{sentence}\n\n{rest}\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # with its byte-order mark, as the issue allows
    doc = project.prepare("article.txt", data)
    assert body(doc)[0].replace("ي", "ی") == sentence.replace("ي", "ی")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "zip archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_binary_files_are_refused(project: Project, data: bytes, says: str) -> None:
    with pytest.raises(ManuscriptError, match=says):
        project.prepare("renamed.txt", data)


def test_newlines_and_control_characters_never_reach_the_output(project: Project) -> None:
    data = (
        "A Title Line\r\n\r\nFirst\x00 para\x07graph.\rSecond para\x1bgraph.\r\n"
        "Third \ufffe paragraph.\n"
    ).encode()
    doc = project.prepare("article.txt", data)
    assert body(doc) == ["First paragraph.", "Second paragraph.", "Third paragraph."]


# --- 2. size and pathological shapes -------------------------------------------------------


def test_manuscript_over_the_size_limit_is_refused(project: Project) -> None:
    project.configure("max_manuscript_mb = 1")
    source = project.write("huge.txt", "Title\n\n" + "word " * 250_000)
    with pytest.raises(ManuscriptError, match=r"over the 1 MB limit.*max_manuscript_mb"):
        pipeline.prepare(source, project.config())


@pytest.mark.slow
def test_four_megabyte_article_builds(project: Project) -> None:
    paragraph = "The council met again on Monday and the talks went on into the night. " * 8
    count = 4_000_000 // (len(paragraph) + 12)
    source = project.write(
        "archive.txt", "A Long Archive\n\n" + "\n\n".join(f"{n}. {paragraph}" for n in range(count))
    )
    assert 3_900_000 < source.stat().st_size < 5_000_000
    results = batch.build([source], project.config(out_dir=project.root / "dist"), ("epub",))
    assert results[0].error is None
    with zipfile.ZipFile(project.root / "dist" / "archive.epub") as book:
        article = etree.fromstring(book.read("EPUB/article.xhtml"))
    paragraphs = article.xpath("//*[local-name()='p' or local-name()='li']")
    assert len(paragraphs) >= count


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("one-line.txt", "One Long Line\n\n" + "word " * 200_000 + "end."),
        ("many.txt", "Many Paragraphs\n\n" + "\n\n".join(["word."] * 100_000)),
        (
            "lists.md",
            "---\ntitle: Nested\n---\n\n" + "".join("  " * i + "- item\n" for i in range(500)),
        ),
        ("quotes.md", "---\ntitle: Quotes\n---\n\n" + ">" * 500 + " deep\n"),
    ],
)
def test_pathological_shapes_build_or_fail_cleanly(
    project: Project, name: str, content: str
) -> None:
    source = project.write(name, content)
    results = batch.build([source], project.config(out_dir=project.root / "dist"), ("epub",))
    error = results[0].error
    assert error is None or isinstance(error, ManuscriptError), error
    if error is None:
        with zipfile.ZipFile(results[0].outputs[0]) as book:
            etree.fromstring(book.read("EPUB/article.xhtml"))


@pytest.mark.slow
def test_deep_nesting_renders_a_pdf(project: Project) -> None:
    source = project.write(
        "lists.md",
        "---\ntitle: Nested\n---\n\n" + "".join("  " * i + "- item\n" for i in range(500)),
    )
    results = batch.build([source], project.config(out_dir=project.root / "dist"), ("pdf",))
    assert results[0].error is None


# --- 3. markup safety ----------------------------------------------------------------------

HOSTILE_MD = """---
title: 'Danger <script>alert("t")</script> & "quotes"'
author: 'Eve <img src=x onerror=alert(1)>'
disclaimer: 'A & B <b>bold</b>'
---

<script>alert(1)</script>

<iframe src="https://evil.example/"></iframe>

<object data="x.swf"></object>

<p onclick="alert(1)">click</p>

[js](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and
[vb](vbscript:msgbox) and [file](file:///etc/passwd) and [ok](https://example.org/).

Inline <img src=x onerror="alert(1)"> and <a href="javascript:alert(2)">raw</a>.
"""


@pytest.mark.slow
def test_no_active_content_reaches_any_output(project: Project) -> None:
    source = project.write("danger.md", HOSTILE_MD)
    out = project.root / "dist"
    results = batch.build([source], project.config(out_dir=out), ("epub", "pdf"))
    assert results[0].error is None, results[0].error
    with zipfile.ZipFile(out / "danger.epub") as book:
        for name in book.namelist():
            if not name.endswith((".xhtml", ".opf", ".ncx")):
                continue
            raw = book.read(name)
            tree = etree.fromstring(raw)  # well-formed: every < and & escaped
            for tag in ("script", "iframe", "object", "embed"):
                assert not tree.xpath(f"//*[local-name()='{tag}']"), (name, tag)
            assert not tree.xpath("//@*[starts-with(local-name(), 'on')]"), name
            hrefs = tree.xpath("//@href | //@src")
            assert not [
                h
                for h in hrefs
                if h.split(":")[0].lower() in ("javascript", "data", "vbscript", "file")
            ], (name, hrefs)
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        titles = opf.xpath("//*[local-name()='title']/text()")
        assert len(titles) == 1 and titles[0].startswith("Danger <script>alert(")
    from pypdf import PdfReader

    info = PdfReader(out / "danger.pdf").metadata
    assert info is not None and "<script>" in (info.title or "")  # shown as text, not markup
    assert b"/JavaScript" not in (out / "danger.pdf").read_bytes()


# --- 4. no network, no escape --------------------------------------------------------------


@pytest.fixture
def listener() -> socket.socket:
    """A local server that must never see a connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _no_connection(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


@pytest.mark.slow
def test_planted_network_references_open_no_connection(
    project: Project, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    project.write(
        "styles/css/print.css",
        f'@import url("{url}/evil.css");\nbody {{ background: url("{url}/bg.png"); }}\n',
    )
    raw_html = project.write(
        "raw.md",
        f'---\ntitle: Raw\n---\n\n<img src="{url}/a.png">\n\n'
        f'<link rel=stylesheet href="{url}/b.css">\n\n'
        f"Text [link]({url}/c).\n",
    )
    image = project.write("image.md", f"---\ntitle: Image\n---\n\n![alt]({url}/d.png)\n")
    cover = project.write("cover.md", f"---\ntitle: Cover\ncover: {url}/e.png\n---\n\nBody.\n")
    results = batch.build(
        [raw_html, image, cover], project.config(out_dir=project.root / "dist"), ("epub", "pdf")
    )
    errors = {r.source.name: str(r.error) for r in results if r.error}
    assert "raw.md" not in errors
    assert f"{url}/d.png" in errors["image.md"]
    assert "cover.md" in errors
    assert _no_connection(listener)


@pytest.mark.parametrize(
    "reference",
    [
        "../../outside/secret.png",
        "/etc/passwd",
        "file:///etc/passwd",
        "C:/secret.png",
    ],
)
def test_references_out_of_the_project_are_refused(
    project: Project, tmp_path: Path, reference: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.png").write_bytes(b"\x89PNG secret")
    source = project.write("sub/leak.md", f"---\ntitle: Leak\n---\n\n![alt]({reference})\n")
    out = project.root / "dist"
    results = batch.build([source], project.config(out_dir=out), ("epub",))
    assert results[0].error is not None
    assert reference in str(results[0].error)
    assert not (out / "leak.epub").exists()


def test_image_symlink_leading_out_is_refused(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    (project.root / "pic.png").symlink_to(secret)
    source = project.write("leak.md", "---\ntitle: Leak\n---\n\n![alt](pic.png)\n")
    results = batch.build([source], project.config(out_dir=project.root / "dist"), ("epub",))
    assert "pic.png" in str(results[0].error)


def test_manuscript_symlink_leading_out_is_refused(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "passwd.txt"
    secret.write_text("Secret Title\n\nroot:x:0:0:root:/root:/bin/bash.\n", encoding="utf-8")
    (project.root / "manuscripts").mkdir()
    (project.root / "manuscripts" / "op-ed.txt").symlink_to(secret)
    project.write(
        "manuscripts/good.txt",
        "Good Title\n\nThe council met again on Monday and "
        "the talks went on into the night, officials said.\n",
    )
    project.write("manuscripts/photo.jpg", b"\xff\xd8\xff\xe0 not a manuscript")
    run = cli(project, "build", "--format", "epub")
    assert run.returncode == 4
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "op-ed.txt" in lines[0] and "symlink" in lines[0]
    assert (project.root / "dist" / "good.epub").exists()
    assert not (project.root / "dist" / "op-ed.epub").exists()
    assert "photo" not in run.stdout + run.stderr  # images beside manuscripts are skipped


def test_manuscript_named_through_dotdot_outside_the_project_is_read(
    project: Project, tmp_path: Path
) -> None:
    # A file named on the command line may live anywhere, `../elsewhere/x.txt` included:
    # only a symlink inside the project that leads out of it is refused.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.txt").write_text(
        "Far Away Title\n\nThe council met again on Monday and the talks went on.\n",
        encoding="utf-8",
    )
    run = cli(project, "inspect", os.path.relpath(elsewhere / "page.txt", project.root))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["metadata"]["title"] == "Far Away Title"


# --- 5. atomic output ----------------------------------------------------------------------


def _dist_files(project: Project) -> dict[str, bytes]:
    dist = project.root / "dist"  # the catalogue's covers/ is a folder of it
    return {p.relative_to(dist).as_posix(): p.read_bytes() for p in dist.rglob("*") if p.is_file()}


def test_failed_build_keeps_the_previous_edition(project: Project) -> None:
    source = project.write("op-ed.md", "---\ntitle: Fine\n---\n\nA paragraph.\n")
    config = project.config(out_dir=project.root / "dist")
    assert batch.build([source], config, ("epub",))[0].error is None
    before = _dist_files(project)
    project.write("op-ed.md", "---\ntitle: Broken\n---\n\n![alt](missing.png)\n")
    assert batch.build([source], config, ("epub",))[0].error is not None
    assert _dist_files(project) == before


def test_interrupted_build_leaves_no_partial_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = project.write("op-ed.md", "---\ntitle: Fine\n---\n\nA paragraph.\n")
    config = project.config(out_dir=project.root / "dist")
    batch.build([source], config, ("epub",))
    before = _dist_files(project)

    def interrupted(handle: object, data: bytes, synced: bool = True) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "_write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        batch.build([source], config, ("epub",))
    assert _dist_files(project) == before


def test_leftovers_of_a_killed_build_are_swept(project: Project) -> None:
    dist = project.root / "dist"
    dist.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = dist / f".op-ed.epub.{int(dead.stdout)}.abc123.tmp"
    stale.write_bytes(b"half an epub")
    mine = dist / f".other.pdf.{os.getpid()}.xyz789.tmp"  # a live build's work in progress
    mine.write_bytes(b"in progress")
    source = project.write("op-ed.md", "---\ntitle: Fine\n---\n\nA paragraph.\n")
    batch.build([source], project.config(out_dir=dist), ("epub",))
    assert not stale.exists()
    assert mine.exists()


@pytest.mark.slow
def test_two_builds_at_once_into_one_folder(project: Project) -> None:
    for n in range(4):
        project.write(f"manuscripts/a{n}.md", f"---\ntitle: Article {n}\n---\n\nText {n}.\n")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "publisher", "build"],
            cwd=project.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for run in runs:
        assert run.wait(timeout=300) == 0
    from pypdf import PdfReader

    dist = project.root / "dist"
    assert sorted(p.name for p in dist.iterdir() if p.suffix in (".epub", ".pdf")) == sorted(
        f"a{n}.{fmt}" for n in range(4) for fmt in ("epub", "pdf")
    )
    assert not [p for p in dist.iterdir() if p.suffix == ".tmp"]
    json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    for n in range(4):
        with zipfile.ZipFile(dist / f"a{n}.epub") as book:
            assert book.testzip() is None
        assert len(PdfReader(dist / f"a{n}.pdf").pages) >= 1


# --- 6. errors that help -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["build", "--nope"], 2),
        (["frobnicate"], 2),
        (["inspect"], 2),
    ],
)
def test_usage_errors_are_one_line(project: Project, args: list[str], code: int) -> None:
    run = cli(project, *args)
    assert run.returncode == code
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_config_error_is_one_line_with_exit_3(project: Project) -> None:
    project.configure('publication = "X"\ncolour = "red"')
    run = cli(project, "build")
    assert run.returncode == 3
    assert run.stderr.strip().splitlines() == [
        "pyproject.toml: unknown key(s) in [tool.publisher]: colour; "
        "known keys are " + run.stderr.split("known keys are ")[1].strip()
    ]
