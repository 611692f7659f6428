"""Packages the shared XHTML rendering as an EPUB 3 book with ebooklib."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from publisher.config import BuildConfig
from publisher.errors import RenderError
from publisher.model import Document
from publisher.renderers import html

XHTML = "application/xhtml+xml"
_STYLESHEETS = ("css/base.css", "css/epub.css")


def _items(doc: Document, config: BuildConfig, base_dir: Path):  # type: ignore[no-untyped-def]
    """The book's files as ebooklib items, rendered from the house templates."""
    from ebooklib import epub

    found = html.resolve_images(doc, base_dir, config)
    names = {src: f"images/image-{n}{path.suffix.lower()}"
             for n, (src, path) in enumerate(found.items(), start=1)}
    pictures = [epub.EpubItem(uid=f"image-{n}", file_name=names[src],
                              media_type=html.IMAGE_TYPES[path.suffix.lower()],
                              content=path.read_bytes())
                for n, (src, path) in enumerate(found.items(), start=1)]
    rendering = html.render(doc, names)
    context = html.context(doc, config, rendering)
    env = html.environment(config)
    article = epub.EpubItem(uid="article", file_name="article.xhtml", media_type=XHTML,
                            content=env.get_template("epub/article.xhtml").render(context).encode())
    nav = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type=XHTML,
                        content=env.get_template("epub/nav.xhtml").render(context).encode())
    nav.properties = ["nav"]
    styles = [
        epub.EpubItem(uid=Path(name).stem + "-css", file_name=name, media_type="text/css",
                      content=html.style_file(config, name).read_bytes())
        for name in _STYLESHEETS
    ]
    toc = [epub.Link("article.xhtml#titlepage", context["title"], "toc-title")]
    toc += [epub.Link(f"article.xhtml#{anchor}", text, f"toc-{anchor}")
            for anchor, text, _level in rendering.toc]
    if rendering.bio or rendering.disclaimer:
        toc.append(epub.Link("article.xhtml#about", context["labels"]["about"], "toc-about"))
    return context, article, nav, [*styles, *pictures], toc


def _book(doc: Document, config: BuildConfig, base_dir: Path):  # type: ignore[no-untyped-def]
    from ebooklib import epub

    meta = doc.metadata
    context, article, nav, styles, toc = _items(doc, config, base_dir)
    book = epub.EpubBook()
    book.set_identifier(meta.identifier or "")
    book.set_title(context["title"])
    book.set_language(context["language"])
    if context["direction"] == "rtl":
        book.set_direction("rtl")
    for number, author in enumerate(meta.authors, start=1):
        book.add_author(author, uid=f"creator{number}")
    if meta.publication:
        book.add_metadata("DC", "publisher", meta.publication)
    if meta.published:
        book.add_metadata("DC", "date", meta.published.isoformat())
    if meta.subtitle:
        book.add_metadata("DC", "description", meta.subtitle)
    if meta.source_url:
        book.add_metadata("DC", "source", meta.source_url)
    for item in (article, nav, *styles):
        book.add_item(item)
    book.add_item(epub.EpubNcx())
    book.toc = toc
    book.spine = [article]
    return book


def _reproducible(data: bytes, config: BuildConfig) -> bytes:
    """Rewrite the zip with fixed entry times, so the same input gives the same bytes."""
    stamp = config.build_time.timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the zip format starts in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            # The mimetype entry must come first and stay uncompressed (OCF 3.0 §4.3).
            entry.compress_type = (zipfile.ZIP_STORED if info.filename == "mimetype"
                                   else zipfile.ZIP_DEFLATED)
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def render(doc: Document, config: BuildConfig, base_dir: Path) -> bytes:
    """The EPUB's bytes."""
    from ebooklib import epub

    book = _book(doc, config, base_dir)
    buffer = io.BytesIO()
    options = {"mtime": config.build_time, "epub2_guide": False, "epub3_landmark": False,
               "epub3_pages": False, "raise_exceptions": True}
    try:
        epub.write_epub(buffer, book, options)
    except Exception as e:  # ebooklib raises what lxml and zipfile raise
        raise RenderError(f"could not write the EPUB: {e}") from e
    return _reproducible(buffer.getvalue(), config)
