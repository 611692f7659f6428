"""Turns the document model into the XHTML that both the EPUB and the PDF are made from."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, assert_never

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from publisher.config import BuildConfig
from publisher.errors import ManuscriptError
from publisher.model import (
    Bio,
    Block,
    Byline,
    Disclaimer,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    List,
    ListItem,
    Paragraph,
    Quote,
    SectionBreak,
    Strong,
    Text,
    plain_text,
)

BUILTIN_STYLES = Path(__file__).resolve().parent.parent / "styles"
if not BUILTIN_STYLES.is_dir():  # running from a source checkout: styles/ sits beside publisher/
    BUILTIN_STYLES = Path(__file__).resolve().parents[2] / "styles"


def style_dirs(config: BuildConfig) -> list[Path]:
    """Where styles are looked up: the project's own styles/ first, then the house styles."""
    own = config.project_dir / "styles"
    dirs = [own] if own.is_dir() and own.resolve() != BUILTIN_STYLES.resolve() else []
    return [*dirs, BUILTIN_STYLES]


def style_file(config: BuildConfig, relative: str) -> Path:
    for folder in style_dirs(config):
        if (folder / relative).is_file():
            return folder / relative
    raise FileNotFoundError(relative)


@cache
def _environment(dirs: tuple[Path, ...]) -> Environment:
    loader = ChoiceLoader([FileSystemLoader(str(d / "templates")) for d in dirs])
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True)


def environment(config: BuildConfig) -> Environment:
    return _environment(tuple(style_dirs(config)))


@cache
def _labels(path: Path) -> dict[str, dict[str, str]]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def labels(config: BuildConfig, language: str) -> dict[str, str]:
    """Interface words (contents, page, about the author) in the edition's language."""
    table = _labels(style_file(config, "labels.toml"))
    tag = language.lower()
    merged = dict(table["en"])
    for key in (tag.split("-")[0], tag):
        merged.update(table.get(key, {}))
    return merged


def label_language(config: BuildConfig, language: str, key: str) -> str:
    """The language a label is really in: the edition's, or English where it has no words."""
    table = _labels(style_file(config, "labels.toml"))
    tag = language.lower()
    for candidate in (tag, tag.split("-")[0]):
        if key in table.get(candidate, {}):
            return language if candidate == tag else candidate
    return "en"


def _locale(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
        return language.replace("-", "_")
    except (UnknownLocaleError, ValueError):
        return "fa" if language.lower().startswith("prs") else "en"


# The zero of each CLDR numbering system whose digits are one contiguous Unicode run.
_ZEROS = {"arab": 0x0660, "arabext": 0x06F0, "deva": 0x0966, "beng": 0x09E6, "tibt": 0x0F20,
          "mymr": 0x1040, "thai": 0x0E50, "khmr": 0x17E0}


def format_date(when: date, language: str) -> str:
    """A long date in the language's words and digits (Persian dates in Persian digits)."""
    from babel import Locale
    from babel.dates import format_date as babel_format_date

    locale = _locale(language)
    text = babel_format_date(when, "long", locale=locale)
    zero = _ZEROS.get(Locale.parse(locale).default_numbering_system or "latn")
    if zero is None:
        return text
    return text.translate(str.maketrans("0123456789", "".join(chr(zero + d) for d in range(10))))


def format_names(names: tuple[str, ...], language: str) -> str:
    from babel.lists import format_list

    return format_list(list(names), locale=_locale(language)) if names else ""


# --- blocks to XHTML -----------------------------------------------------------------------


_ARABIC_SCRIPT = ("fa", "prs", "ar", "ur", "ps", "ckb", "sd", "ug")


def punctuation_spacing(text: str, language: str | None) -> str:
    """Persian and Arabic punctuation set as a typesetter would: no space before, one after.

    The model keeps the spacing the source had (so editors' keys and corrections match the
    text as written); the editions set it right.
    """
    if not language or language.lower().split("-")[0] not in _ARABIC_SCRIPT:
        return text
    text = re.sub(r"\s+([،؛؟!:])", r"\1", text)
    text = re.sub(r"(?<=[^\W\d_])\s+\.(?=\s|$)", ".", text)
    return re.sub(r"([،؛؟])(?=[^\W\d_])", r"\1 ", text)


def inlines(nodes: tuple[Inline, ...], language: str | None = None) -> Markup:
    out: list[str] = []
    for node in nodes:
        match node:
            case Text(text=text):
                out.append(escape(punctuation_spacing(text, language)))
            case Emphasis(content=c):
                out.append(Markup("<em>%s</em>") % inlines(c, language))
            case Strong(content=c):
                out.append(Markup("<strong>%s</strong>") % inlines(c, language))
            case Link(href=href, content=c):
                out.append(Markup('<a href="%s">%s</a>') % (href, inlines(c, language)))
            case LineBreak():
                out.append(Markup("<br/>"))
            case _:
                assert_never(node)
    return Markup("").join(out)


@dataclass(frozen=True, slots=True)
class Rendering:
    """One document as the pieces the templates place: front, body and back matter."""

    byline: Markup
    body: Markup
    bio: Markup
    disclaimer: Markup
    toc: tuple[tuple[str, str, int], ...]  # (anchor id, heading text, level)


class _Blocks:
    """Renders blocks in order, numbering headings so the navigation can point at them."""

    def __init__(self, language: str, images: dict[str, str]):
        self.language = language
        self.images = images
        self.toc: list[tuple[str, str, int]] = []

    def many(self, blocks: tuple[Block, ...]) -> Markup:
        return Markup("\n").join(self.one(b) for b in blocks)

    def one(self, block: Block) -> Markup:
        match block:
            case Heading(level=level, content=c):
                anchor = f"section-{len(self.toc) + 1}"
                # h1 is the title's; the article's own headings start at h2.
                tag = f"h{min(6, max(2, level + 1 if level == 1 else level))}"
                self.toc.append((anchor, plain_text(c), int(tag[1])))
                return Markup('<%s id="%s">%s</%s>') % (tag, anchor, inlines(c, self.language), tag)
            case Paragraph(content=c):
                return Markup("<p>%s</p>") % inlines(c, self.language)
            case Quote(blocks=b):
                return Markup("<blockquote>\n%s\n</blockquote>") % self.many(b)
            case List(ordered=ordered, items=items, start=start):
                tag = "ol" if ordered else "ul"
                first = Markup(' start="%d"') % start if ordered and start not in (None, 1) else ""
                body = Markup("\n").join(self.one(i) for i in items)
                return Markup("<%s%s>\n%s\n</%s>") % (tag, first, body, tag)
            case ListItem(blocks=b):
                return Markup("<li>%s</li>") % self.many(b)
            case Figure(src=src, caption=caption, alt=alt):
                return self.figure(src, caption, alt)
            case SectionBreak():
                return Markup('<hr class="section-break"/>')
            case Byline(authors=authors, published=published):
                names = format_names(authors, self.language)
                parts = [Markup('<span class="authors">%s</span>') % names] if names else []
                if published:
                    parts.append(Markup('<time datetime="%s">%s</time>')
                                 % (published.isoformat(), format_date(published, self.language)))
                # z3998:byline: the Z39.98 structure vocabulary's word for a news byline.
                return Markup('<p class="byline" epub:type="z3998:byline">%s</p>') % Markup(
                    '<span class="sep"> · </span>').join(parts)
            case Bio(content=c):
                return Markup("<p>%s</p>") % inlines(c, self.language)
            case Disclaimer(content=c):
                return Markup("<p>%s</p>") % inlines(c, self.language)
            case _:
                assert_never(block)

    def figure(self, src: str | None, caption: tuple[Inline, ...], alt: str | None) -> Markup:
        image = Markup("")
        if src and src in self.images:
            image = Markup('<img src="%s" alt="%s"/>') % (self.images[src], alt or "")
        cls = "figure" if image else "figure caption-only"
        text = (Markup("<figcaption>%s</figcaption>") % inlines(caption, self.language)
                if caption else "")
        return Markup('<figure class="%s">%s%s</figure>') % (cls, image, text)


def render(doc: Document, images: dict[str, str] | None = None) -> Rendering:
    """Split the edition into front, body and back matter and render each to XHTML."""
    language = doc.metadata.language or "en"
    blocks = _Blocks(language, images or {})
    byline = [b for b in doc.blocks if isinstance(b, Byline)]
    bio = [b for b in doc.blocks if isinstance(b, Bio)]
    disclaimer = [b for b in doc.blocks if isinstance(b, Disclaimer)]
    body = tuple(b for b in doc.blocks if not isinstance(b, Byline | Bio | Disclaimer))
    return Rendering(
        byline=blocks.many(tuple(byline)),
        body=blocks.many(body),
        bio=blocks.many(tuple(bio)),
        disclaimer=blocks.many(tuple(disclaimer)),
        toc=tuple(blocks.toc),
    )


IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def figures(blocks: tuple[Block, ...]) -> list[Figure]:
    found: list[Figure] = []
    for block in blocks:
        if isinstance(block, Figure):
            found.append(block)
        for name in ("blocks", "items"):
            found += figures(getattr(block, name, ()))
    return found


def resolve_images(doc: Document, base_dir: Path, config: BuildConfig) -> dict[str, Path]:
    """The files a manuscript's pictures name, refused unless they are inside the project."""
    images: dict[str, Path] = {}
    for figure in figures(doc.blocks):
        if figure.src and figure.src not in images:
            images[figure.src] = resolve_image(figure.src, base_dir, config)
    return images


def resolve_image(src: str, base_dir: Path, config: BuildConfig, what: str = "image") -> Path:
    """The picture file a manuscript names, refused unless it is inside the project."""
    from urllib.parse import urlsplit

    if urlsplit(src).scheme or src.startswith(("/", "\\")) or Path(src).is_absolute():
        raise ManuscriptError(
            f"{what} '{src}' is not a relative path; put the file in the project and "
            "name it relative to the manuscript")
    path = (base_dir / src).resolve()
    if not path.is_relative_to(config.project_dir.resolve()):
        raise ManuscriptError(f"{what} '{src}' is outside the project folder; copy it in")
    if not path.is_file():
        raise ManuscriptError(f"{what} '{src}' not found")
    if path.suffix.lower() not in IMAGE_TYPES:
        raise ManuscriptError(
            f"{what} '{src}' is not a picture format editions carry "
            f"({', '.join(sorted(IMAGE_TYPES))})")
    return path


def display_title(doc: Document) -> str:
    """The title to show; an untitled article is named by its opening words."""
    if doc.metadata.title:
        return doc.metadata.title
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            words = plain_text(block.content).split()
            return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return "Untitled"


def context(doc: Document, config: BuildConfig, rendering: Rendering) -> dict[str, Any]:
    """What every template sees."""
    meta = doc.metadata
    language = meta.language or config.language
    return {
        "meta": meta,
        "title": display_title(doc),
        "has_title": meta.title is not None,
        "language": language,
        "direction": meta.direction or "ltr",
        "labels": labels(config, language),
        "authors": format_names(meta.authors, language),
        "published": format_date(meta.published, language) if meta.published else None,
        "r": rendering,
        "page_size": config.page_size,
    }
