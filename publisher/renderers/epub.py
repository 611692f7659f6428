"""Packages the shared XHTML rendering as an EPUB 3 book with ebooklib.

The recipe: a cover page first, the article, the navigation (contents and landmarks), the
house fonts when the config embeds them, and EPUB Accessibility 1.1 metadata that says only
what the book really has. The zip is then rewritten with fixed times, so the same manuscript,
config and SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import assets, styles
from publisher.config import BuildConfig
from publisher.errors import RenderError
from publisher.renderers import Job, cover, epub_a11y, epub_fonts, html

XHTML = "application/xhtml+xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONFORMANCE = epub_a11y.CONFORMANCE


def _item(
    uid: str, name: str, media_type: str, content: bytes, properties: tuple[str, ...] = ()
) -> Any:
    from ebooklib import epub

    item = epub.EpubItem(uid=uid, file_name=name, media_type=media_type, content=content)
    item.properties = list(properties)
    return item


def _cover(job: Job, context: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """The cover image item, and its src and alt text for the cover page."""
    if job.assets.cover is not None:
        path = job.assets.cover
        name = f"images/cover{path.suffix.lower()}"
        content, media_type = path.read_bytes(), assets.IMAGE_TYPES[path.suffix.lower()]
        # A picture we did not draw: say what it is; its title is all we know it shows.
        alt = f"{context['labels']['cover']}: {context['title']}"
    else:
        text = cover.text_of(job.edition, context["language"])
        name, media_type = f"images/cover{cover.SUFFIX}", cover.MEDIA_TYPE
        content = cover.render(text, context["direction"], job.styles)
        if job.styles.cache is not None:
            # The catalogue's thumbnail of it, drawn here on this worker's core while the
            # shapes are at hand: the catalogue finds it in the cache rather than drawing every
            # edition's in turn after the build (200 of them: 0.6 s in one process).
            cover.thumbnail(text, context["direction"], job.styles, cover.THUMBNAIL_WIDTH)
        alt = text.alt()
    item = _item("cover-image", name, media_type, content, ("cover-image",))
    return item, {"src": name, "alt": alt}


@dataclass
class _Parts:
    """The book's files as ebooklib items, and what its metadata is made from."""

    context: dict[str, Any]
    pages: list[Any]  # in reading order; the navigation document last
    files: list[Any]
    toc: list[Any]
    pictures: epub_a11y.Pictures


def _images(job: Job) -> tuple[dict[assets.Picture, str], list[Any]]:
    """Each picture's name inside the book, and its item."""
    names: dict[assets.Picture, str] = {}
    for table in job.assets.images:
        for path in table.values():
            names.setdefault(path, f"images/image-{len(names) + 1}{path.suffix.lower()}")
    items = [
        _item(f"image-{n}", name, assets.IMAGE_TYPES[path.suffix.lower()], path.read_bytes())
        for n, (path, name) in enumerate(names.items(), start=1)
    ]
    return names, items


def _page(
    job: Job, context: dict[str, Any], template: str, name: str, properties: tuple[str, ...] = ()
) -> Any:
    content = job.styles.environment().get_template(f"epub/{template}.xhtml").render(context)
    return _item(Path(name).stem, name, XHTML, content.encode(), properties)


def _sheets(job: Job, pages: list[Any], language: str) -> tuple[list[str], list[Any]]:
    """The stylesheets every page links, and their files (and fonts, when embedded)."""
    sheets = [
        *(("css/fonts.css",) if job.config.epub_embed_fonts else ()),
        *styles.STYLESHEETS["epub"],
    ]
    files = [
        _item(Path(name).stem + "-css", name, "text/css", job.styles.read(name))
        for name in styles.STYLESHEETS["epub"]
    ]
    if job.config.epub_embed_fonts:
        shown = [p.content for p in pages]
        files = [_item(*face) for face in epub_fonts.fonts(job.styles, language, shown)] + files
    return sheets, files


def _single(job: Job, names: dict[assets.Picture, str]) -> _Parts:
    """One article: the cover, the article, the navigation."""
    from ebooklib import epub

    doc = job.edition.documents[0]
    rendering = html.render(doc, {src: names[p] for src, p in job.assets.images[0].items()})
    context = html.context(doc, job, rendering)
    cover_image, context["cover"] = _cover(job, context)
    context["stylesheets"] = [
        *(("css/fonts.css",) if job.config.epub_embed_fonts else ()),
        *styles.STYLESHEETS["epub"],
    ]
    pages = [
        _page(job, context, "cover", "cover.xhtml"),
        _page(job, context, "article", "article.xhtml"),
        _page(job, context, "nav", "nav.xhtml", ("nav",)),
    ]
    context["stylesheets"], files = _sheets(job, pages[1:], context["language"])
    toc = [epub.Link("article.xhtml#titlepage", context["title"], "toc-title")]
    toc += [
        epub.Link(f"article.xhtml#{anchor}", text, f"toc-{anchor}")
        for anchor, text, _level in rendering.toc
    ]
    if rendering.bio or rendering.disclaimer:
        toc.append(epub.Link("article.xhtml#about", context["labels"]["about"], "toc-about"))
    return _Parts(context, pages, [cover_image, *files], toc, epub_a11y.pictures(job))


def _members(job: Job, names: dict[assets.Picture, str]) -> list[dict[str, Any]]:
    """Each member's own context: its words, language and direction, in its own file."""
    members = []
    for n, (doc, found) in enumerate(
        zip(job.edition.documents, job.assets.images, strict=True), start=1
    ):
        rendering = html.render(doc, {src: names[p] for src, p in found.items()})
        member = html.context(doc, job, rendering)
        member.update(member=True, file=f"article-{n}.xhtml", number=n)
        members.append(member)
    return members


def _collection(job: Job, names: dict[assets.Picture, str]) -> _Parts:
    """A brief: cover, title page and introduction, each article, the shared notice, nav."""
    from ebooklib import epub

    members = _members(job, names)
    context = html.collection_context(
        job.edition, job, members, html.collection_blocks(job.edition)
    )
    cover_image, context["cover"] = _cover(job, context)
    context["stylesheets"] = [
        *(("css/fonts.css",) if job.config.epub_embed_fonts else ()),
        *styles.STYLESHEETS["epub"],
    ]
    pages = [
        _page(job, context, "cover", "cover.xhtml"),
        _page(job, context, "titlepage", "titlepage.xhtml"),
    ]
    for member in members:
        member["stylesheets"] = context["stylesheets"]
        pages.append(_page(job, member, "article", member["file"]))
    if context["notice"]:
        pages.append(_page(job, context, "notice", "notice.xhtml"))
    pages.append(_page(job, context, "collection-nav", "nav.xhtml", ("nav",)))
    _, files = _sheets(job, pages[1:], context["language"])
    toc = [epub.Link("titlepage.xhtml#titlepage", context["title"], "toc-title")]
    toc += [
        epub.Link(
            f"{m['file']}#titlepage",
            f"{m['title']} — {m['authors']}" if m["authors"] else m["title"],
            f"toc-article-{m['number']}",
        )
        for m in members
    ]
    if context["notice"]:
        toc.append(epub.Link("notice.xhtml#notice", context["labels"]["disclaimer"], "toc-notice"))
    return _Parts(context, pages, [cover_image, *files], toc, epub_a11y.pictures(job))


def _parts(job: Job) -> _Parts:
    names, pictures = _images(job)
    parts = _collection(job, names) if job.edition.collection else _single(job, names)
    parts.files += pictures
    return parts


def _book(job: Job) -> Any:
    from ebooklib import epub

    meta = job.edition.metadata
    parts = _parts(job)
    context = parts.context
    book = epub.EpubBook()
    book.set_identifier(meta.identifier or "")
    book.set_title(context["title"])
    book.set_language(context["language"])
    if context["direction"] == "rtl":
        book.set_direction("rtl")
    for number, author in enumerate(meta.authors, start=1):
        book.add_author(author, uid=f"creator{number}")
    if job.edition.collection:  # a brief's editors are its creators; its writers contribute
        writers = dict.fromkeys(a for d in job.edition.documents for a in d.metadata.authors)
        for author in writers:
            book.add_metadata("DC", "contributor", author)
    if meta.publication:
        book.add_metadata("DC", "publisher", meta.publication)
    if meta.published:
        book.add_metadata("DC", "date", meta.published.isoformat())
    if meta.subtitle:
        book.add_metadata("DC", "description", meta.subtitle)
    if meta.source_url:
        book.add_metadata("DC", "source", meta.source_url)
    # EPUB 2 readers (and some stores) find the cover by this, not by properties="cover-image".
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    epub_a11y.describe(book, job, context, parts.pictures)
    for item in (*parts.pages, *parts.files):
        book.add_item(item)
    book.add_item(epub.EpubNcx())
    book.toc = parts.toc
    book.spine = parts.pages[:-1]  # the navigation document is not read in line
    return book


def _writer(buffer: io.BytesIO, book: Any, options: dict[str, Any]) -> Any:
    from ebooklib import epub

    class Writer(epub.EpubWriter):
        """ebooklib's writer; it has no setting for the package's own xml:lang."""

        def _write_opf_file(self, root: Any) -> None:
            root.set(XML_LANG, self.book.language)
            super()._write_opf_file(root)

    return Writer(buffer, book, options)


def _reproducible(data: bytes, config: BuildConfig) -> bytes:
    """Rewrite the zip with fixed entry times, so the same input gives the same bytes."""
    stamp = config.build_time.timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the zip format starts in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            # The mimetype entry must come first and stay uncompressed (OCF 3.0 §4.3).
            entry.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def render(job: Job) -> bytes:
    """The EPUB's bytes."""
    config = job.config
    book = _book(job)
    buffer = io.BytesIO()
    # mtime: dcterms:modified is the build time (SOURCE_DATE_EPOCH), not the clock's.
    options = {
        "mtime": config.build_time,
        "epub2_guide": False,
        "epub3_landmark": False,
        "epub3_pages": False,
        "package_direction": True,
        "raise_exceptions": True,
        # Deflate without compressing: _reproducible compresses every entry (level 9) anyway,
        # and compressing twice cost a third of the EPUB's time.
        "compresslevel": 0,
    }
    try:
        writer = _writer(buffer, book, options)
        writer.process()
        writer.write()
    except Exception as e:  # ebooklib raises what lxml and zipfile raise
        raise RenderError(f"could not write the EPUB: {e}") from e
    return _reproducible(buffer.getvalue(), config)
