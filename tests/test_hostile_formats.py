"""Hostile web pages and Word documents: nothing runs, nothing is fetched (a local server sees
no connection), and a refused document is one line naming it and why, the batch built."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx_factory as factory
import docx_samples
import pytest
from lxml import etree

from publisher import batch
from publisher.errors import ManuscriptError
from publisher.model import plain_text

from helpers import Project, prepare_document


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local server that must never see a connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def no_connection(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


def cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


HOSTILE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<base href="{url}/">
<meta http-equiv="refresh" content="0; url={url}/refresh">
<title>A Hostile Page</title>
<link rel="stylesheet" href="{url}/site.css">
<style>@import url("{url}/import.css"); body {{ background: url("{url}/bg.png"); }}</style>
<script src="{url}/app.js"></script>
<script>fetch("{url}/beacon"); document.write("<p>written by a script</p>");</script>
</head>
<body onload="fetch('{url}/onload')">
<article>
<h1>A Hostile Page</h1>
<p onclick="alert(1)" style="background: url({url}/style.png)">The council met on Monday and the
talks went on into the night, officials said, with the budget still unsettled.</p>
<img src="{url}/photo.jpg" alt="A remote photograph" srcset="{url}/big.jpg 2x">
<figure><img src="pics/local.png" alt="A relative picture the base would send away">
<figcaption>A picture named relative to a remote base.</figcaption></figure>
<iframe src="{url}/frame"></iframe>
<object data="{url}/x.swf"></object><embed src="{url}/y.swf">
<video src="{url}/v.mp4" poster="{url}/poster.jpg"></video>
<form action="{url}/post"><input name="q"><button>Send</button></form>
<p>A <a href="javascript:alert(1)">script link</a>, a <a href="{url}/page">web link</a> and
more text so that the extractor keeps this paragraph in the article body.</p>
<svg><image href="{url}/svg.png"/><script>alert(1)</script></svg>
<p>The last paragraph of the article, long enough to be kept as part of the body text.</p>
</article>
</body></html>
"""


@pytest.mark.slow
def test_a_hostile_page_runs_and_fetches_nothing(project: Project, listener: socket.socket) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    source = project.write("hostile.html", HOSTILE_PAGE.format(url=url))
    out = project.root / "dist"
    results = batch.build([source], project.config(out_dir=out), ("epub", "pdf"))
    assert results[0].error is None, results[0].error
    with zipfile.ZipFile(out / "hostile.epub") as book:
        names = book.namelist()
        assert not [n for n in names if n.endswith((".js", ".swf", ".mp4"))]
        for name in names:
            if not name.endswith(".xhtml"):
                continue
            raw = book.read(name)
            assert url.encode() not in raw.replace(f'href="{url}/page"'.encode(), b"")
            tree = etree.fromstring(raw)
            for tag in (
                "script",
                "iframe",
                "object",
                "embed",
                "video",
                "form",
                "input",
                "img",
                "svg",
                "style",
                "link",
                "base",
                "meta",
            ):
                found = tree.xpath(f"//*[local-name()='body']//*[local-name()='{tag}']")
                if tag != "img" or "article" in name:
                    assert not found, (name, tag)
            assert not tree.xpath("//@*[starts-with(local-name(), 'on')]")
            assert not tree.xpath("//@style")
    doc = prepare_document(source, project.config())
    text = " ".join(plain_text(getattr(b, "content", ())) for b in doc.blocks)
    assert "written by a script" not in text and "The council met on Monday" in text
    assert no_connection(listener)
    assert b"/JavaScript" not in (out / "hostile.pdf").read_bytes()


@pytest.mark.slow
def test_linked_pictures_and_templates_in_a_document_are_never_followed(
    project: Project, listener: socket.socket, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    remote = docx_samples.english(project.root / "remote.docx")
    factory.link_picture(remote, f"{url}/mast.png")
    secret = tmp_path / "secret.png"
    secret.write_bytes(factory.picture("black").getvalue())
    local = docx_samples.english(project.root / "local.docx")
    factory.link_picture(local, secret.as_uri())
    with zipfile.ZipFile(remote) as package:  # an attached template on the listener too
        rels = package.read("word/_rels/document.xml.rels")
    factory.rewrite(
        remote,
        "word/_rels/settings.xml.rels",
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'attachedTemplate" Target="{url}/t.dotx" TargetMode="External"/></Relationships>'
        ).encode(),
    )
    assert rels
    out = project.root / "dist"
    results = batch.build([remote, local], project.config(out_dir=out), ("epub", "pdf"))
    assert [r.error for r in results] == [None, None]
    assert all(any("not fetched" in w.message for w in r.warnings) for r in results)
    assert no_connection(listener)
    with zipfile.ZipFile(out / "local.epub") as book:
        assert not any(book.read(n) == secret.read_bytes() for n in book.namelist())


def _bomb(path: Path) -> Path:
    """A valid-looking document with a part that expands to 300 MB of zeros."""
    docx_samples.english(path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/filler.bin", "w", force_zip64=True) as part,
    ):
        block = bytes(1 << 20)
        for _ in range(300):
            part.write(block)
    return path


def _xxe(path: Path, url: str) -> Path:
    docx_samples.english(path)
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode()
    head, _, rest = xml.partition("?>")
    doctype = (
        f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "file:///etc/passwd">'
        f'<!ENTITY far SYSTEM "{url}/dtd">]>'
    )
    factory.rewrite(
        path,
        "word/document.xml",
        (head + "?>" + doctype + rest.replace("Governments", "&leak;&far;Governments", 1)).encode(),
    )
    return path


def _macro(path: Path) -> Path:
    docx_samples.english(path)
    factory.rewrite(path, "word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro code")
    return path


def _encrypted(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = docx_samples.english(path.with_name("plain-" + path.name))
    out = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", out)
    plain.unlink()
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_bomb, "zip bomb"),
        (_macro, "macro-enabled"),
        (_encrypted, "password-protected"),
    ],
)
def test_refused_documents(project: Project, make: object, says: str) -> None:
    source = make(project.root / "bad.docx")  # type: ignore[operator]
    with pytest.raises(ManuscriptError, match=says):
        prepare_document(source, project.config())


def test_entity_declarations_are_refused_and_never_resolved(
    project: Project, listener: socket.socket
) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    source = _xxe(project.root / "xxe.docx", url)
    with pytest.raises(ManuscriptError, match="declares XML entities"):
        prepare_document(source, project.config())
    assert no_connection(listener)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Word 97-2003"),
        ("text.docx", b"Just some text, renamed.\n", "not a Word document"),
        ("broken.docx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00broken", "damaged zip"),
        ("other.docx", None, "not a Word document"),
    ],
)
def test_files_that_are_not_word_documents(
    project: Project, name: str, data: bytes | None, says: str
) -> None:
    if data is None:  # a zip of something else
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("notes.txt", "hello")
        data = buffer.getvalue()
    with pytest.raises(ManuscriptError, match=says):
        prepare_document(project.write(name, data), project.config())


def test_a_batch_refuses_each_bad_document_in_one_line_and_builds_the_rest(
    project: Project,
) -> None:
    folder = project.root / "manuscripts"
    docx_samples.english(folder / "good.docx")
    _macro(folder / "macro.docx")
    _encrypted(folder / "locked.docx")
    _xxe(folder / "xxe.docx", "http://127.0.0.1:9")
    docx_samples.english(folder / "template.docm")
    _bomb(folder / "bomb.docx")
    run = cli(project, "build", "--format", "epub")
    assert run.returncode == 4
    lines = run.stderr.strip().splitlines()
    assert sorted(Path(line.split(":")[0]).name for line in lines) == [
        "bomb.docx",
        "locked.docx",
        "macro.docx",
        "template.docm",
        "xxe.docx",
    ]
    assert "Traceback" not in run.stderr
    assert (project.root / "dist" / "good.epub").is_file()
    assert sorted(p.name for p in (project.root / "dist").glob("*.epub")) == ["good.epub"]
