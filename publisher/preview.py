"""The preview server's HTTP side: the files under the output folder, each edition's pages as
its EPUB has them, and the events that tell open pages to reload.

Only files under the output folder are served: a path with `..`, a dotfile (the build
state, a half-written file) or a symlink that leads out is refused, and a folder is never
listed. Pages the server sends (the catalogue, a preview) carry a small script that reloads
them after each rebuild, and the one-line error of an edition that failed.
"""

from __future__ import annotations

import html
import mimetypes
import posixpath
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, quote, urlsplit

from publisher import languages
from publisher.preview_files import Book, Moved, Refused, locate, segments

EVENTS = "/_publisher/events"
LIVE_SCRIPT = "/_publisher/live.js"
TYPES = {
    ".epub": "application/epub+zip",
    ".xhtml": "application/xhtml+xml",
    ".xml": "application/atom+xml",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".pdf": "application/pdf",
}
_BODY = re.compile(rb"<body\b[^>]*>")
_BANNER = (
    "position:sticky;top:0;z-index:9;margin:0;padding:.6em 1em;background:#fff3cd;"
    "color:#1b1b1b;border-bottom:3px solid #8b1a1a;font:1rem/1.4 system-ui,sans-serif"
)
_BAR = (
    "margin:0;padding:.4em 1em;background:#f6f4ef;color:#1b1b1b;"
    "font:.9rem/1.4 system-ui,sans-serif;border-bottom:1px solid #d9d4c7"
)


@dataclass
class Site:
    """What the server shows of the builds: the output folder, the errors of the last build,
    and a generation number that each rebuild raises."""

    root: Path
    labels: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    errors: dict[str, str] = field(default_factory=dict)  # slug ("" for all) -> error line
    generation: int = 0
    stopping: bool = False
    script: bytes = b""  # styles/js/live.js
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(
        self, errors: dict[str, str], labels: dict[str, str], language: str, script: bytes
    ) -> None:
        with self.changed:
            self.errors, self.labels, self.language = errors, labels, language
            self.script = script
            self.generation += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The generation once it is not `seen` any more, or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping, timeout)
            return self.generation

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


def banner(site: Site, lines: list[str]) -> str:
    """The one-line errors of a build, at the top of a page, until they are fixed."""
    if not lines:
        return ""
    items = "".join(
        f'<li lang="en" dir="ltr"><code>{html.escape(line)}</code></li>' for line in lines
    )
    label = html.escape(site.labels.get("catalogue_failed", "Could not be rebuilt"))
    return (
        f'<div role="alert" class="publisher-errors" {_speaks(site)} style="{_BANNER}">'
        f'<p style="margin:0;font-weight:700">{label}</p>'
        f'<ul style="margin:.3em 0 0;padding-inline-start:1.2em">{items}</ul></div>'
    )


def _speaks(site: Site) -> str:
    """The lang and dir of the server's own words: the project's language."""
    language = html.escape(site.language)
    return f'lang="{language}" dir="{languages.direction(site.language)}"'


def live_tag(site: Site) -> str:
    label = html.escape(site.labels.get("catalogue_preview", "Preview"))
    return (
        f'<script src="{LIVE_SCRIPT}" data-generation="{site.generation}" '
        f'data-preview="{label}"></script>'
    )


def inject(page: bytes, top: str, bottom: str) -> bytes:
    """Markup after the page's <body> tag and before its </body>; well-formed either way."""
    found = _BODY.search(page)
    if found:
        page = page[: found.end()] + top.encode() + page[found.end() :]
    end = page.rfind(b"</body>")
    return page[:end] + bottom.encode() + page[end:] if end >= 0 else page + bottom.encode()


def error_page(site: Site, slug: str) -> bytes:
    """What a preview shows of an edition that has no EPUB: why, until it is fixed."""
    lines = [site.errors[k] for k in (slug, "") if k in site.errors]
    title = html.escape(slug)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(site.language)}"><head>'
        f'<meta charset="utf-8"><title>{title}</title></head><body>'
        f"{banner(site, lines or ['not built yet'])}<main><h1>{title}</h1></main>"
        f"{live_tag(site)}</body></html>\n"
    ).encode()


class Server(ThreadingHTTPServer):
    """Each request in its own thread; open event streams never hold up a stop."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Site):
        super().__init__(address, Handler)
        self.site = site


class Handler(BaseHTTPRequestHandler):
    server_version = "publisher-serve"

    @property
    def site(self) -> Site:
        return cast(Server, self.server).site

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        path = urlsplit(self.path).path
        try:
            if path == EVENTS:
                self._events()
            elif path == LIVE_SCRIPT:
                self._send(200, "text/javascript; charset=utf-8", self.site.script, head)
            elif path == "/preview" or path.startswith("/preview/"):
                self._preview(path, head)
            else:
                self._file(path, head)
        except Moved as e:
            self.send_response(301)
            self.send_header("Location", e.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except Refused as e:
            self._send(e.status, "text/plain; charset=utf-8", f"{e.message}\n".encode(), head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away

    def _send(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _file(self, path: str, head: bool) -> None:
        target = locate(self.site.root.resolve(), path)
        kind = TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0]
        body = target.read_bytes()
        if target.suffix.lower() == ".html":
            lines = [line for _, line in sorted(self.site.errors.items())]
            body = inject(body, banner(self.site, lines), live_tag(self.site))
        kind = kind or "application/octet-stream"
        text = kind.startswith("text/") or kind.endswith(("+xml", "/javascript", "/json"))
        self._send(200, f"{kind}; charset=utf-8" if text else kind, body, head)

    def _preview(self, path: str, head: bool) -> None:
        parts = segments(path)[1:]
        if not parts:
            raise Refused(404, "name an edition: /preview/SLUG/")
        slug, inner = parts[0], parts[1:]
        root = self.site.root.resolve()
        epub = (root / f"{slug}.epub").resolve()
        if not epub.is_relative_to(root) or not epub.is_file():
            status = 500 if slug in self.site.errors else 404
            self._send(status, "text/html; charset=utf-8", error_page(self.site, slug), head)
            return
        book = Book.open(epub)
        if not inner:
            raise Moved(f"/preview/{quote(slug)}/{book.href(book.first_page())}")
        name = posixpath.join(book.folder, *inner)
        if name not in book.types:
            raise Refused(404, "not in this edition")
        body, kind = book.read(name), book.types[name]
        if kind == "application/xhtml+xml":
            body = inject(body, self._bar(slug, book, name), live_tag(self.site))
        self._send(200, kind + ("; charset=utf-8" if "xml" in kind else ""), body, head)

    def _bar(self, slug: str, book: Book, current: str) -> str:
        """The preview's own strip: the edition's error if it failed, its pages in order."""
        error = [self.site.errors[k] for k in ("", slug) if k in self.site.errors]
        pages = " ".join(
            f'<a href="/preview/{quote(slug)}/{book.href(p)}"'
            + (' aria-current="page"' if p == current else "")
            + f">{n}</a>"
            for n, p in enumerate(book.spine, start=1)
        )
        title = html.escape(self.site.labels.get("catalogue_title", "Downloads"))
        return banner(self.site, error) + (
            f'<nav aria-label="{title}" {_speaks(self.site)} style="{_BAR}">'
            f'<a href="/#e-{quote(slug)}">{title}</a> · {pages}</nav>'
        )

    def _events(self) -> None:
        """Server-sent events: `reload` whenever a build has finished since the page's."""
        query = parse_qs(urlsplit(self.path).query)
        try:
            seen = int(query.get("since", ["-1"])[0])
        except ValueError:
            seen = -1
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        while True:
            now = self.site.wait(seen, 15.0)
            if self.site.stopping:
                return
            news = f"event: reload\ndata: {now}\n\n" if now != seen else ": waiting\n\n"
            self.wfile.write(news.encode())
            self.wfile.flush()
            seen = now
