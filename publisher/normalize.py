"""Pure Document -> Document clean-ups, applied in the order `normalize` lists them.

Each step is `(doc, diagnostics) -> doc`; the few that can be unsure (no title, a link that
is not a web address) add a warning to the diagnostics instead of guessing silently.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from publisher import languages
from publisher.diagnostics import Diagnostics
from publisher.model import (
    ILLEGAL_CHARACTERS,
    Document,
    Link,
    Metadata,
    Paragraph,
    Text,
    plain_text,
)

_ILLEGAL = re.compile(ILLEGAL_CHARACTERS)
_SPACES = re.compile(r"[ \t\r\n\u000b\u000c\u2028\u2029]+")


# --- text-level steps ----------------------------------------------------------------------


def clean(text: str) -> str:
    """NFC, no XML-illegal characters, runs of white space as one space."""
    text = unicodedata.normalize("NFC", text)
    text = _ILLEGAL.sub("", text)
    return _SPACES.sub(" ", text)


# Double quotation marks of Latin-script languages that do not use English “…” (CLDR's
# delimiters, which Babel does not expose). Others get “…”.
_QUOTES = {
    "de": ("\u201e", "\u201c"),
    "cs": ("\u201e", "\u201c"),
    "sk": ("\u201e", "\u201c"),
    "pl": ("\u201e", "\u201d"),
    "ro": ("\u201e", "\u201d"),
    "hu": ("\u201e", "\u201d"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb"),
    "es": ("\u00ab", "\u00bb"),
    "it": ("\u00ab", "\u00bb"),
    "pt": ("\u00ab", "\u00bb"),
    "ca": ("\u00ab", "\u00bb"),
}


def _quotes(language: str) -> tuple[str, str]:
    return _QUOTES.get(language.lower().split("-")[0], ("\u201c", "\u201d"))


_SMARTYPANTS_CHANGES = re.compile(r"""['"`\\]|--|\.\s*\.\s*\.""")


def typeset(text: str, language: str) -> str:
    """Curly quotes and apostrophes, em dashes for `--` and ellipses, for Latin-script text."""
    import smartypants

    attrs = smartypants.Attr.q | smartypants.Attr.d | smartypants.Attr.e | smartypants.Attr.u
    # smartypants reads HTML; escape first so that `<` and `&` in prose stay prose. A run with
    # nothing it changes (straight quotes, backticks, `--`, `...`, backslash escapes) is
    # left as it is without the round trip: half of the runs of an article, or more.
    out = text
    if _SMARTYPANTS_CHANGES.search(text):
        out = html.unescape(smartypants.smartypants(html.escape(text, quote=False), attrs))
    # smartypants reads '90s as an opening quote; a decade is an elision.
    out = re.sub(r"\u2018(?=\d\ds\b)", "\u2019", out)
    # "generals-- 30": a dash spaced on one side only is spaced on both.
    out = re.sub(r"(?<=\S)\u2014(?= \S)", " \u2014", out)
    start, end = _quotes(language)
    return out.replace("\u201c", start).replace("\u201d", end)


def body_text(doc: Document) -> str:
    """The article's running text, for telling its language and script."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        kind = getattr(type(node), "kind", None)
        if kind in ("paragraph", "heading"):
            parts.append(plain_text(node.content))
        for name in ("blocks", "items", "head", "body", "cells"):
            children = getattr(node, name, ())
            for child in children if isinstance(children, tuple) else ():
                walk(child)

    for block in doc.blocks:
        walk(block)
    return " ".join(parts) or (doc.metadata.title or "")


# --- document-level steps ------------------------------------------------------------------


def _map_text(node: Any, fn: Any) -> Any:
    """Apply `fn` to every string a reader sees in the node (text, captions, alt)."""
    if isinstance(node, Text):
        return Text(fn(node.text))
    if isinstance(node, tuple):
        return tuple(_map_text(n, fn) for n in node)
    if is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in fields(node):
            value = getattr(node, f.name)
            if isinstance(value, tuple) or is_dataclass(value):
                changes[f.name] = _map_text(value, fn)
            elif f.name == "alt" and isinstance(value, str):
                changes[f.name] = fn(value)
        return replace(node, **changes) if changes else node
    return node


def _map_metadata(meta: Metadata, fn: Any) -> Metadata:
    prose = ("title", "subtitle", "author_bio", "disclaimer", "publication")
    changes: dict[str, Any] = {k: fn(getattr(meta, k)) for k in prose if getattr(meta, k)}
    changes["authors"] = tuple(fn(a) for a in meta.authors)
    return replace(meta, **changes)


def _map_document(doc: Document, fn: Callable[[str], str]) -> Document:
    """`fn` applied to every string a reader sees: metadata, blocks and notes."""
    return replace(
        doc,
        metadata=_map_metadata(doc.metadata, fn),
        blocks=_map_text(doc.blocks, fn),
        notes=_map_text(doc.notes, fn),
    )


def clean_document(doc: Document, diagnostics: Diagnostics) -> Document:
    """Every string clean; metadata strings also trimmed."""
    meta = _map_metadata(doc.metadata, lambda s: clean(s).strip())
    tags: dict[str, Any] = {
        k: clean(getattr(meta, k)).strip() or None
        for k in ("language", "source_url", "identifier", "cover")
        if getattr(meta, k)
    }
    meta = replace(meta, **tags)
    return replace(
        doc, metadata=meta, blocks=_map_text(doc.blocks, clean), notes=_map_text(doc.notes, clean)
    )


def _map_runs(node: Any, fn: Callable[[list[Any]], list[Any]]) -> Any:
    """Rebuild every run of child nodes, innermost first, through `fn`."""
    if isinstance(node, tuple):
        return tuple(fn([_map_runs(child, fn) for child in node]))
    if is_dataclass(node) and not isinstance(node, type):
        changes = {
            f.name: _map_runs(getattr(node, f.name), fn)
            for f in fields(node)
            if isinstance(getattr(node, f.name), tuple)
        }
        return replace(node, **changes) if changes else node
    return node


def _merge(run: list[Any]) -> list[Any]:
    out: list[Any] = []
    for child in run:
        if isinstance(child, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + child.text)
        else:
            out.append(child)
    return out


def merge_text(doc: Document, diagnostics: Diagnostics) -> Document:
    """Adjacent runs of plain text as one, so quotes and dashes are read in context."""
    return replace(doc, blocks=_map_runs(doc.blocks, _merge), notes=_map_runs(doc.notes, _merge))


_SAFE_SCHEMES = ("http", "https", "mailto")


def safe_links(doc: Document, diagnostics: Diagnostics) -> Document:
    """Only web and mail links reach an edition: no javascript:, data:, file: or links into
    files the edition does not carry."""

    def unlink(run: list[Any]) -> list[Any]:
        out: list[Any] = []
        for child in run:
            scheme = urlsplit(child.href).scheme.lower() if isinstance(child, Link) else ""
            if isinstance(child, Link) and scheme not in _SAFE_SCHEMES:
                diagnostics.warn(
                    "links", f"{child.href[:80]!r} is not a web or mail address; kept as plain text"
                )
                out.extend(child.content)
            else:
                out.append(child)
        return out

    return replace(doc, blocks=_map_runs(doc.blocks, unlink), notes=_map_runs(doc.notes, unlink))


def drop_empty_text(doc: Document, diagnostics: Diagnostics) -> Document:
    """Paragraphs left empty by cleaning carry nothing; a page should not show a gap."""
    blocks = tuple(
        b
        for b in doc.blocks
        if not (isinstance(b, Paragraph) and not plain_text(b.content).strip())
    )
    return replace(doc, blocks=blocks)


def detect_language(doc: Document, diagnostics: Diagnostics) -> Document:
    """Tell the language of a manuscript that does not state it, when the text is clear. A
    page's language is that of its opening: a statement followed by its translation is in
    the statement's language."""
    if doc.metadata.language:
        return doc
    text = body_text(doc)
    if len(text.strip()) < 20:
        return doc
    opening = text[: max(400, text.find(" ", 400))] if len(text) > 800 else text
    language = languages.identify(opening) or languages.identify(text[:20000])
    if language is None:
        return doc
    return replace(doc, metadata=replace(doc.metadata, language=language))


def set_direction(doc: Document, diagnostics: Diagnostics) -> Document:
    """Right to left for Arabic-script and Hebrew text; the manuscript's word otherwise."""
    if doc.metadata.direction in ("ltr", "rtl"):
        return doc
    # CLDR's character order for a language it knows; else the script of the text.
    direction = languages.direction(doc.metadata.language, body_text(doc))
    return replace(doc, metadata=replace(doc.metadata, direction=direction))


def typography(doc: Document, diagnostics: Diagnostics) -> Document:
    """Typographic quotes and dashes, only where the text is in Latin script."""
    if languages.main_script(body_text(doc)) != "Latn":
        return doc
    language = doc.metadata.language or "en"
    return _map_document(doc, lambda s: typeset(s, language))


def persian_letters(doc: Document, diagnostics: Diagnostics) -> Document:
    """Arabic yeh and kaf (ي ك), which Persian keyboards and old sites leave, as Persian ی ک."""
    if not languages.is_persian(doc.metadata.language):
        return doc
    table = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})
    return _map_document(doc, lambda s: s.translate(table))


def warn_missing_title(doc: Document, diagnostics: Diagnostics) -> Document:
    if not doc.metadata.title:
        diagnostics.warn(
            "title",
            "no headline found; the edition is named by its opening words "
            "(set `title` in a sidecar NAME.meta.yaml)",
        )
    return doc


def warn_unknown_language(doc: Document, diagnostics: Diagnostics) -> Document:
    if not doc.metadata.language:
        diagnostics.warn(
            "language",
            "could not tell the language of the text; set `language` in front matter or a sidecar",
        )
    return doc


Step = Callable[[Document, Diagnostics], Document]

STEPS: tuple[Step, ...] = (
    safe_links,
    merge_text,
    clean_document,
    drop_empty_text,
    warn_missing_title,
    detect_language,
    warn_unknown_language,
    set_direction,
    persian_letters,
    typography,
)


def normalize(doc: Document, diagnostics: Diagnostics) -> Document:
    for step in STEPS:
        doc = step(doc, diagnostics)
    return doc
