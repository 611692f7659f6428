"""Reads a saved web page (`.html`, `.htm`) into a Document: the article as trafilatura finds
it, the page's own metadata, and the pictures saved beside it.

Nothing of the page runs or is fetched: scripts, frames, forms and styles are never read, a
picture is kept only when it is a file inside the project (a "Save page as, complete" folder
NAME_files/ or any other), and a remote one keeps its caption and alt text.
"""

from __future__ import annotations

import codecs
import copy
import os
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from publisher import assets, languages
from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import Block, Document, Heading, Metadata, Paragraph, plain_text
from publisher.readers import newsroom, pagemeta
from publisher.readers.decoding import decode
from publisher.readers.elements import Context, to_blocks
from publisher.readers.lines import fold
from publisher.readers.names import byline_names
from publisher.readers.source import Source

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# What browsers read a page labelled Latin-1 or ASCII as (the WHATWG Encoding Standard).
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
}
_SAFE_SCHEMES = ("http", "https", "mailto")


def page_text(source: Source, diagnostics: Diagnostics) -> str:
    """The page decoded by its byte-order mark, else the charset it declares, else detection."""
    head = source.data[:4096]
    declared = _CHARSET.search(head)
    if declared and not head.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        label = declared.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(_LABEL_ALIASES.get(label, label)).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "utf-16", "utf-32"):
            try:
                return decode(source.data.decode(codec).encode("utf-8"), source.path, diagnostics)
            except UnicodeDecodeError:
                pass  # the label is wrong: detection decides, and says so
    return decode(source.data, source.path, diagnostics)


def _tree(text: str, source: Path) -> lxml_html.HtmlElement:
    try:
        return lxml_html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as e:
        raise ManuscriptError(f"is not an HTML page ({e})", source) from e


def _captions(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """Each picture's caption in the page, by the addresses its <img> gives."""
    found: dict[str, str] = {}
    for figure in tree.iter("figure"):
        caption = figure.find(".//figcaption")
        text = " ".join(caption.text_content().split()) if caption is not None else ""
        if not text:
            continue
        for image in figure.iter("img"):
            for name in ("src", "data-src", "data-lazy-src", "data-original"):
                if image.get(name):
                    found.setdefault(image.get(name, "").strip(), text)
    return found


class _Pictures:
    """Which of a page's pictures are files inside the project, named relative to the page."""

    def __init__(self, source: Source, diagnostics: Diagnostics):
        self.source, self.diagnostics = source, diagnostics
        self.missing = 0

    def __call__(self, src: str) -> str | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith(("/", "\\")) or not parts.path:
            return None  # remote, absolute or data: never fetched; its words are kept
        relative = os.path.normpath(unquote(parts.path)).replace(os.sep, "/")
        path = (self.source.folder / relative).resolve()
        inside = path.is_relative_to(self.source.project_dir.resolve())
        if not inside or not path.is_file() or path.suffix.lower() not in assets.IMAGE_TYPES:
            self.missing += 1
            return None
        return relative


def _links(base: str | None) -> Context:
    def href(target: str) -> str | None:
        if target.startswith("#"):
            return None  # a jump within the page, which the edition does not have
        absolute = urljoin(base, target) if base else target
        return absolute if urlsplit(absolute).scheme.lower() in _SAFE_SCHEMES else None

    return Context(href=href)


def _base(tree: lxml_html.HtmlElement, page: pagemeta.PageMetadata) -> str | None:
    base = next((b.get("href") for b in tree.iter("base") if b.get("href")), None)
    for candidate in (base, page.source_url):
        if candidate and urlsplit(candidate).scheme in ("http", "https"):
            return candidate
    return None


def _article(tree: lxml_html.HtmlElement, path: Path) -> etree._Element | None:
    """The article's element tree in trafilatura's XML vocabulary, or None if it found none."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_formatting=True,
            include_links=True,
            with_metadata=False,
            deduplicate=False,
        )
    except Exception as e:  # trafilatura on a page it cannot take: one line, not a traceback
        raise ManuscriptError(
            f"the article cannot be found in the page ({type(e).__name__}: {e})", path
        ) from e
    body = getattr(result, "body", None)
    return body if body is not None and len(body) else None


def _language(page: pagemeta.PageMetadata, blocks: tuple[Block, ...]) -> str | None:
    """The declared language, unless the text is plainly in another script (a template's
    lang="en" on a Persian page): then the text is left to tell its language."""
    tag = page.language
    if not tag:
        return None
    from babel.core import get_global

    likely = get_global("likely_subtags").get(languages.primary(tag), "")
    expected = next((p for p in likely.split("_")[1:] if len(p) == 4), None)
    text = " ".join(plain_text(b.content) for b in blocks if isinstance(b, Paragraph))
    found = languages.main_script(text[:5000])
    return tag if not expected or not found or expected == found else None


def _subtitle(page: pagemeta.PageMetadata, blocks: tuple[Block, ...]) -> str | None:
    """The page's description as the subtitle, unless the text itself opens with it."""
    if not page.subtitle:
        return None
    folded = " ".join(page.subtitle.split()).rstrip(".…").casefold()
    for block in blocks[:3]:
        text = " ".join(plain_text(getattr(block, "content", ())).split()).casefold()
        if folded and (text.startswith(folded) or folded.startswith(text[:80])) and text:
            return None
    return page.subtitle


def _title(
    page: pagemeta.PageMetadata, tree: lxml_html.HtmlElement, blocks: tuple[Block, ...]
) -> str | None:
    if page.title:
        return newsroom.headline(page.title) if page.title_from_tags else page.title
    opening = next((b for b in blocks[:2] if isinstance(b, Heading) and b.level == 1), None)
    if opening is not None:
        return plain_text(opening.content).strip() or None
    from trafilatura.metadata import extract_title

    found = extract_title(tree)
    return newsroom.headline(found) if found else None


# Where a page shows its byline: the element a CMS marks as the byline or the author.
_BYLINES = (
    ".//*[contains(@class, 'byline') or contains(@class, 'author') or @itemprop='author'"
    " or @rel='author']"
)


def _shown_byline(tree: lxml_html.HtmlElement) -> tuple[str, ...]:
    """The names the page's visible byline gives ("By A and B"), looked for inside its
    article (or main part) when it marks one: the extractor leaves bylines out of the text."""
    scope = next(iter(tree.xpath("//article | //main")), tree)
    for element in scope.xpath(_BYLINES)[:12]:
        text = " ".join(element.text_content().split())
        if text and len(text) <= 160:
            names = byline_names(text)
            if names:
                return names
    return ()


def _authors(stated: tuple[str, ...], tree: lxml_html.HtmlElement) -> tuple[str, ...]:
    """The page's authors: its metadata's, unless the byline it shows names them and more
    (metadata often keeps the first of two); with no metadata, the byline, then
    trafilatura's guess."""
    shown = _shown_byline(tree)
    if shown and {fold(a) for a in stated} <= {fold(a) for a in shown}:
        return shown
    if stated:
        return stated
    from trafilatura.metadata import extract_author

    found = extract_author(tree)
    return tuple(a.strip() for a in (found or "").split(";") if a.strip())


def read(source: Source, diagnostics: Diagnostics) -> Document:
    text = page_text(source, diagnostics)
    if not text.strip():
        raise ManuscriptError("the manuscript is empty", source.path)
    tree = _tree(text, source.path)
    page = pagemeta.read(tree)
    pictures = _Pictures(source, diagnostics)
    context = replace(_links(_base(tree, page)), picture=pictures, captions=_captions(tree))
    article = _article(tree, source.path)
    blocks = to_blocks(article, context) if article is not None else ()
    if pictures.missing:
        diagnostics.warn(
            "images",
            f"{pictures.missing} picture(s) of the page are not saved "
            "beside it (or are outside the project); their captions are kept",
        )
    authors = _authors(page.authors, tree)
    language = _language(page, blocks)
    # A template's lang="en" dir="ltr" on a Persian page: neither is the page's word.
    direction = page.direction if language or not page.language else None
    meta = Metadata(
        title=_title(page, tree, blocks),
        subtitle=_subtitle(page, blocks),
        authors=newsroom.person_names(authors),
        published=page.published,
        language=language,
        direction=direction,
        source_url=page.source_url,
    )
    return newsroom.apply(Document(metadata=meta, blocks=blocks))
