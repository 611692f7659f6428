"""Packages the shared XHTML rendering as an EPUB 3 book with ebooklib.

The recipe: a cover page first, the article, the navigation (contents and landmarks), the
house fonts when the config embeds them, and EPUB Accessibility 1.1 metadata that says only
what the book really has. The zip is then rewritten with fixed times, so the same manuscript,
config and SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from publisher.config import BuildConfig
from publisher.errors import RenderError
from publisher.model import Document, plain_text
from publisher.renderers import cover, html

XHTML = "application/xhtml+xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STYLESHEETS = ("css/base.css", "css/epub.css")
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

# Languages written in Arabic script: their editions need Naskh before the Latin faces.
_ARABIC_SCRIPT = {"ar", "fa", "prs", "ps", "ur", "ckb", "sd", "ug"}
_LATIN_FACES = ("NotoSerif-Regular.ttf", "NotoSerif-Italic.ttf", "NotoSerif-Bold.ttf",
                "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
# Latin words in a Persian or Georgian edition (a name, an acronym) are set upright.
_LATIN_UPRIGHT = ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSans-Regular.ttf")
_SCRIPT_FACES = {"arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
                 "georgian": ("NotoSerifGeorgian-Regular.ttf", "NotoSerifGeorgian-Bold.ttf")}


@dataclass(frozen=True, slots=True)
class _Pictures:
    """What the book's images are and how well they are described."""

    all_alt: bool  # every picture in the article has alt text (the cover always has)
    described: bool  # every picture has alt text or a caption


def _pictures(doc: Document, found: dict[str, Path]) -> _Pictures:
    figures = [f for f in html.figures(doc.blocks) if f.src and f.src in found]
    alt = [bool((f.alt or "").strip()) for f in figures]
    captioned = [bool(plain_text(f.caption).strip()) for f in figures]
    return _Pictures(all(alt), all(a or c for a, c in zip(alt, captioned, strict=True)))


def _item(uid: str, name: str, media_type: str, content: bytes,
          properties: tuple[str, ...] = ()) -> Any:
    from ebooklib import epub

    item = epub.EpubItem(uid=uid, file_name=name, media_type=media_type, content=content)
    item.properties = list(properties)
    return item


def _cover(doc: Document, config: BuildConfig, base_dir: Path,
           context: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """The cover image item, and its src and alt text for the cover page."""
    meta = doc.metadata
    if meta.cover:
        path = html.resolve_image(meta.cover, base_dir, config, what="cover")
        name = f"images/cover{path.suffix.lower()}"
        content, media_type = path.read_bytes(), html.IMAGE_TYPES[path.suffix.lower()]
        # A picture we did not draw: say what it is; its title is all we know it shows.
        alt = f"{context['labels']['cover']}: {context['title']}"
    else:
        text = cover.CoverText(context["title"], context["authors"], meta.publication,
                               context["language"])
        name, media_type = "images/cover.jpg", "image/jpeg"
        content = cover.render(text, context["direction"], config)
        alt = text.alt()
    item = _item("cover-image", name, media_type, content, ("cover-image",))
    return item, {"src": name, "alt": alt}


def _font_files(language: str, shown: str) -> list[str]:
    """The house font files this edition's scripts need, and no others."""
    primary = language.lower().split("-")[0]
    main = ("arabic" if primary in _ARABIC_SCRIPT else "georgian" if primary == "ka"
            else "latin")
    scripts = {cover.script_of(c) for c in shown} | {main}
    files: list[str] = []
    for script in ("arabic", "georgian"):
        if script in scripts:
            files += _SCRIPT_FACES[script]
    if "latin" in scripts:
        files += _LATIN_FACES if main == "latin" else _LATIN_UPRIGHT
    return files


def _fonts(config: BuildConfig, language: str, pages: list[bytes]) -> list[Any]:
    """Font files and the @font-face rules that name them, from the house epub-fonts.css."""
    shown = "".join("".join(etree.fromstring(page).itertext()) for page in pages)
    files = _font_files(language, shown)
    house = html.style_file(config, "css/epub-fonts.css").read_text(encoding="utf-8")
    rules = [rule for rule in re.findall(r"@font-face\s*\{[^}]*\}", house)
             if (m := re.search(r"url\(\s*['\"]?(?:\.\./)?fonts/([^'\")]+)", rule))
             and m.group(1) in files]
    css = ("/* House fonts (SIL Open Font License 1.1), only the faces this edition needs. */\n"
           + "\n".join(rules) + "\n")
    items = [_item(f"font-{n}", f"fonts/{name}", "font/ttf",
                   html.style_file(config, f"fonts/{name}").read_bytes())
             for n, name in enumerate(files, start=1)]
    return [_item("fonts-css", "css/fonts.css", "text/css", css.encode()), *items]


def _items(doc: Document, config: BuildConfig, base_dir: Path):  # type: ignore[no-untyped-def]
    """The book's files as ebooklib items, rendered from the house templates."""
    from ebooklib import epub

    found = html.resolve_images(doc, base_dir, config)
    names = {src: f"images/image-{n}{path.suffix.lower()}"
             for n, (src, path) in enumerate(found.items(), start=1)}
    pictures = [_item(f"image-{n}", names[src], html.IMAGE_TYPES[path.suffix.lower()],
                      path.read_bytes())
                for n, (src, path) in enumerate(found.items(), start=1)]
    rendering = html.render(doc, names)
    context = html.context(doc, config, rendering)
    cover_image, context["cover"] = _cover(doc, config, base_dir, context)
    sheets = [*(("css/fonts.css",) if config.epub_embed_fonts else ()), *_STYLESHEETS]
    context["stylesheets"] = sheets
    env = html.environment(config)

    def page(uid: str, properties: tuple[str, ...] = ()) -> Any:
        content = env.get_template(f"epub/{uid}.xhtml").render(context).encode()
        return _item(uid, f"{uid}.xhtml", XHTML, content, properties)

    cover_page, article, nav = page("cover"), page("article"), page("nav", ("nav",))
    files = [_item(Path(name).stem + "-css", name, "text/css",
                   html.style_file(config, name).read_bytes()) for name in _STYLESHEETS]
    if config.epub_embed_fonts:
        files = [*_fonts(config, context["language"], [article.content, nav.content]), *files]
    toc = [epub.Link("article.xhtml#titlepage", context["title"], "toc-title")]
    toc += [epub.Link(f"article.xhtml#{anchor}", text, f"toc-{anchor}")
            for anchor, text, _level in rendering.toc]
    if rendering.bio or rendering.disclaimer:
        toc.append(epub.Link("article.xhtml#about", context["labels"]["about"], "toc-about"))
    pages = [cover_page, article, nav]
    return context, pages, [cover_image, *files, *pictures], toc, _pictures(doc, found)


def _accessibility(book: Any, config: BuildConfig, context: dict[str, Any],
                   pictures: _Pictures) -> None:
    """EPUB Accessibility 1.1 metadata: only what the book has, and a claim only if it holds."""

    def meta(name: str, value: str, **attributes: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **attributes})

    # The cover is a picture in every edition, and it always has its text as alt text.
    meta("schema:accessMode", "textual")
    meta("schema:accessMode", "visual")
    meta("schema:accessModeSufficient", "textual,visual")
    if pictures.described:
        meta("schema:accessModeSufficient", "textual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "ARIA",
                "displayTransformability"]
    if pictures.all_alt:
        features.append("alternativeText")
    for feature in features:
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    key = "accessibility_summary" if pictures.described else "accessibility_summary_partial"
    language = html.label_language(config, context["language"], key)
    extra = {XML_LANG: language} if language != context["language"] else {}
    meta("schema:accessibilitySummary", context["labels"][key], **extra)
    if pictures.described:
        # A picture with neither alt text nor caption fails WCAG 1.1.1: then no claim is made.
        meta("dcterms:conformsTo", CONFORMANCE)
        meta("a11y:certifiedBy", context["meta"].publication or "publisher")


def _book(doc: Document, config: BuildConfig, base_dir: Path):  # type: ignore[no-untyped-def]
    from ebooklib import epub

    meta = doc.metadata
    context, pages, files, toc, pictures = _items(doc, config, base_dir)
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
    # EPUB 2 readers (and some stores) find the cover by this, not by properties="cover-image".
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    _accessibility(book, config, context, pictures)
    for item in (*pages, *files):
        book.add_item(item)
    book.add_item(epub.EpubNcx())
    book.toc = toc
    book.spine = pages[:2]  # the cover, then the article; the navigation is not read in line
    return book


def _writer(buffer: io.BytesIO, book: Any, options: dict[str, Any]) -> Any:
    from ebooklib import epub

    class Writer(epub.EpubWriter):  # type: ignore[misc]
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
            entry.compress_type = (zipfile.ZIP_STORED if info.filename == "mimetype"
                                   else zipfile.ZIP_DEFLATED)
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def render(doc: Document, config: BuildConfig, base_dir: Path) -> bytes:
    """The EPUB's bytes."""
    book = _book(doc, config, base_dir)
    buffer = io.BytesIO()
    # mtime: dcterms:modified is the build time (SOURCE_DATE_EPOCH), not the clock's.
    options = {"mtime": config.build_time, "epub2_guide": False, "epub3_landmark": False,
               "epub3_pages": False, "package_direction": True, "raise_exceptions": True}
    try:
        writer = _writer(buffer, book, options)
        writer.process()
        writer.write()
    except Exception as e:  # ebooklib raises what lxml and zipfile raise
        raise RenderError(f"could not write the EPUB: {e}") from e
    return _reproducible(buffer.getvalue(), config)
