"""`publisher serve`, run as a user runs it: what it refuses to serve, a title edited while a
preview is open, a manuscript that breaks and is fixed, and Ctrl-C."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from publisher.preview_files import Moved, Refused, locate, segments

from helpers import EPOCH, FIXTURES, MANUSCRIPTS

ARTICLE = "keep-the-transmitters-on"


@dataclass
class Served:
    """A `publisher serve` process and what it has printed."""

    process: subprocess.Popen[str]
    root: Path
    port: int = 0
    lines: list[str] = field(default_factory=list)
    news: queue.Queue[str] = field(default_factory=queue.Queue)

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        """One request with the path sent as it is (no client-side clean-up of `..`)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            return response.status, dict(response.getheaders()), body
        finally:
            connection.close()

    def page(self, path: str) -> str:
        """A page, following the server's redirects as a browser does."""
        for _ in range(3):
            status, headers, body = self.get(path)
            if status not in (301, 302):
                return body
            path = headers["Location"]
        raise AssertionError("too many redirects")

    def wait_for(self, pattern: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.news.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if re.search(pattern, line):
                return line
        raise AssertionError(f"never printed {pattern!r}; printed {self.lines}")


def _read(served: Served, stream: object) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        served.lines.append(line.rstrip("\n"))
        served.news.put(line.rstrip("\n"))


def start(root: Path, *args: str) -> Served:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", "--port", "0", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    served = Served(process, root)
    for stream in (process.stdout, process.stderr):
        threading.Thread(target=_read, args=(served, stream), daemon=True).start()
    found = served.wait_for(r"serving .* at http://127\.0\.0\.1:(\d+)/")
    served.port = int(re.search(r":(\d+)/", found).group(1))  # type: ignore[union-attr]
    return served


def stop(served: Served) -> int:
    served.process.send_signal(signal.SIGINT)
    return served.process.wait(timeout=20)


def make_project(root: Path) -> Path:
    (root / "manuscripts").mkdir(parents=True)
    shutil.copy(MANUSCRIPTS / f"{ARTICLE}.md", root / "manuscripts")
    shutil.copytree(MANUSCRIPTS / "images", root / "manuscripts" / "images")
    shutil.copy(
        FIXTURES / "corpus" / "05-fa-nowruz-signed-message.txt", root / "manuscripts" / "nowruz.txt"
    )
    (root / "pyproject.toml").write_text(
        '[tool.publisher]\npublication = "The Test Desk"\nlanguage = "en"\n', encoding="utf-8"
    )
    return root


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = start(make_project(tmp_path / "desk"), "--format", "epub")
    server.wait_for(r"rebuilt in")
    try:
        yield server
    finally:
        if server.process.poll() is None:
            stop(server)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- what is served ------------------------------------------------------------------------


@pytest.mark.slow
def test_nothing_outside_the_output_folder_is_served(served: Served) -> None:
    secret = (served.root / "pyproject.toml").read_text(encoding="utf-8")
    (served.root / "dist" / "leak.toml").symlink_to(served.root / "pyproject.toml")
    for path, status in [
        ("/../pyproject.toml", 403),
        ("/%2e%2e/pyproject.toml", 403),
        ("/covers/../../pyproject.toml", 403),
        ("/leak.toml", 403),
        ("/preview/..%2f..%2fpyproject.toml/", 403),
        ("/.publisher-state.json", 404),
        ("/covers/", 404),
        ("/no-such-file.epub", 404),
    ]:
        code, _, body = served.get(path)
        assert code == status, path
        assert "publication" not in body and secret not in body
    code, headers, body = served.get("/")
    assert code == 200 and headers["Content-Type"].startswith("text/html")
    assert 'src="/_publisher/live.js"' in body and "Keep the Transmitters On" in body
    code, headers, _ = served.get(f"/{ARTICLE}.epub")
    assert (code, headers["Content-Type"]) == (200, "application/epub+zip")


@pytest.mark.slow
def test_the_preview_is_the_epub_page_in_its_own_direction(served: Served) -> None:
    code, headers, _ = served.get(f"/preview/{ARTICLE}/")
    assert code == 301 and headers["Location"] == f"/preview/{ARTICLE}/article.xhtml"
    page = served.page(f"/preview/{ARTICLE}/")
    assert '<h1 class="title">Keep the Transmitters On</h1>' in page
    assert 'href="css/base.css"' in page
    code, headers, css = served.get(f"/preview/{ARTICLE}/css/base.css")
    assert code == 200 and headers["Content-Type"].startswith("text/css") and "{" in css
    persian = served.page("/preview/nowruz/")
    assert 'dir="rtl"' in persian and 'lang="fa"' in persian
    code, headers, _ = served.get("/preview/nowruz/article.xhtml")
    assert headers["Content-Type"].startswith("application/xhtml+xml")


# --- live ----------------------------------------------------------------------------------


def title_edit_shows(server: Served) -> None:
    assert "Keep the Transmitters On" in server.page(f"/preview/{ARTICLE}/")
    edit(
        server.root / "manuscripts" / f"{ARTICLE}.md",
        "title: Keep the Transmitters On",
        "title: Keep Every Transmitter On",
    )
    edited = time.monotonic()
    while "Keep Every Transmitter On" not in server.page(f"/preview/{ARTICLE}/"):
        assert time.monotonic() - edited < 2.0, server.lines
        time.sleep(0.05)
    server.wait_for(r"rebuilt in")
    assert "Keep Every Transmitter On" in server.page("/")


@pytest.mark.slow
def test_an_edited_title_shows_on_the_preview_within_two_seconds(served: Served) -> None:
    title_edit_shows(served)


@pytest.mark.slow
def test_with_the_pdf_too_the_preview_does_not_wait_for_it(tmp_path: Path) -> None:
    server = start(make_project(tmp_path / "desk"))
    try:
        server.wait_for(r"rebuilt in", timeout=120)
        title_edit_shows(server)
        assert any(line.startswith("built") and ".pdf" in line for line in server.lines[-3:])
    finally:
        stop(server)


@pytest.mark.slow
def test_open_pages_are_told_to_reload_after_a_rebuild(served: Served) -> None:
    generation = re.search(r'data-generation="(\d+)"', served.page("/")).group(1)  # type: ignore[union-attr]
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=20)
    connection.request("GET", f"/_publisher/events?since={generation}")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    edit(
        served.root / "manuscripts" / f"{ARTICLE}.md",
        "author: Nadia Rahimi",
        "author: Nadia Rahimi-Ford",
    )
    seen = b""
    while b"event: reload" not in seen:
        seen += response.fp.readline()
    assert int(response.fp.readline().split(b":")[1]) > int(generation)
    connection.close()


@pytest.mark.slow
def test_a_broken_manuscript_shows_its_error_until_fixed(served: Served) -> None:
    broken = served.root / "manuscripts" / "broken.md"
    broken.write_text("---\ntitle: [never closed\n---\n\nText.\n", encoding="utf-8")
    served.wait_for(r"broken\.md")
    code, _, page = served.get("/")
    assert code == 200 and 'role="alert"' in page and "broken.md" in page
    code, _, preview = served.get("/preview/broken/")
    assert code == 500 and "broken.md" in preview and "front matter" in preview
    # An edition that breaks keeps its last good pages, under its error.
    article = served.root / "manuscripts" / f"{ARTICLE}.md"
    edit(article, "---\ntitle:", "---\ntitle: [\nsubtitle:")
    served.wait_for(rf"{ARTICLE}\.md")
    page = served.page(f"/preview/{ARTICLE}/")
    assert 'role="alert"' in page and f"{ARTICLE}.md" in page
    assert '<h1 class="title">Keep the Transmitters On</h1>' in page
    assert served.process.poll() is None
    broken.unlink()
    edit(article, "---\ntitle: [\nsubtitle:", "---\ntitle:")
    served.wait_for(r"fixed: keep-the-transmitters-on")
    assert 'role="alert"' not in served.page(f"/preview/{ARTICLE}/")
    assert 'role="alert"' not in served.page("/")
    # The config is watched too, and its mistakes are shown the same way.
    config = served.root / "pyproject.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good + "colour = 1\n", encoding="utf-8")
    served.wait_for(r"pyproject\.toml: unknown key")
    assert "unknown key(s) in [tool.publisher]: colour" in served.page(f"/preview/{ARTICLE}/")
    config.write_text(good, encoding="utf-8")
    served.wait_for(r"fixed: the build")


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_frees_the_port(tmp_path: Path) -> None:
    server = start(make_project(tmp_path / "desk"), "--format", "epub")
    server.wait_for(r"rebuilt in")
    assert server.get("/")[0] == 200
    assert stop(server) in (0, 130)
    time.sleep(0.3)  # the reader threads catch the last lines
    assert not any("Traceback" in line for line in server.lines), server.lines
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2)
    with socket.socket() as probe:  # another server can listen there again at once
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", server.port))
        probe.listen()


# --- the rules, without a server -----------------------------------------------------------


def test_paths_that_leave_the_folder_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "dist"
    (root / "covers").mkdir(parents=True)
    (root / "index.html").write_text("<p>shelf</p>")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "in.html").symlink_to(root / "index.html")
    assert locate(root, "/") == root / "index.html"
    assert locate(root, "/in.html") == root / "index.html"  # a link that stays inside
    for path, status in [
        ("/../secret.txt", 403),
        ("/out.txt", 403),
        ("/a/%2e%2e/../x", 403),
        ("/covers/", 404),
        ("/.hidden", 404),
        ("/x%00.html", 403),
    ]:
        with pytest.raises(Refused) as refused:
            locate(root, path)
        assert refused.value.status == status, path
    with pytest.raises(Moved):
        locate(root, "/covers")
    assert segments("/preview/%D8%B3%D9%84%D8%A7%D9%85/") == ["preview", "سلام"]
