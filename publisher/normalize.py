"""Pure Document -> Document clean-ups, applied in the order `normalize` lists them."""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from publisher.model import Document, Link, Metadata, Text, plain_text

log = logging.getLogger(__name__)

# Characters XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE/F),
# plus the C1 controls that a scraper or a paste buffer leaves behind.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\n\u000b\u000c\u2028\u2029]+")

_RTL_SCRIPTS = {"ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO"}


# --- text-level steps ----------------------------------------------------------------------


def clean(text: str) -> str:
    """NFC, no XML-illegal characters, runs of white space as one space."""
    text = unicodedata.normalize("NFC", text)
    text = _ILLEGAL.sub("", text)
    return _SPACES.sub(" ", text)


# Double quotation marks of Latin-script languages that do not use English “…” (CLDR's
# delimiters, which Babel does not expose). Others get “…”.
_QUOTES = {
    "de": ("\u201e", "\u201c"), "cs": ("\u201e", "\u201c"), "sk": ("\u201e", "\u201c"),
    "pl": ("\u201e", "\u201d"), "ro": ("\u201e", "\u201d"), "hu": ("\u201e", "\u201d"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb"), "es": ("\u00ab", "\u00bb"),
    "it": ("\u00ab", "\u00bb"), "pt": ("\u00ab", "\u00bb"), "ca": ("\u00ab", "\u00bb"),
}


def _quotes(language: str) -> tuple[str, str]:
    return _QUOTES.get(language.lower().split("-")[0], ("\u201c", "\u201d"))


def typeset(text: str, language: str) -> str:
    """Curly quotes and apostrophes, em dashes for `--` and ellipses, for Latin-script text."""
    import smartypants

    attrs = smartypants.Attr.q | smartypants.Attr.d | smartypants.Attr.e | smartypants.Attr.u
    # smartypants reads HTML; escape first so that `<` and `&` in prose stay prose.
    out = html.unescape(smartypants.smartypants(html.escape(text, quote=False), attrs))
    # smartypants reads '90s as an opening quote; a decade is an elision.
    out = re.sub(r"\u2018(?=\d\ds\b)", "\u2019", out)
    # "generals-- 30": a dash spaced on one side only is spaced on both.
    out = re.sub(r"(?<=\S)\u2014(?= \S)", " \u2014", out)
    start, end = _quotes(language)
    return out.replace("\u201c", start).replace("\u201d", end)


def script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[unicodedata.name(ch, "OTHER").split(" ")[0]] += 1
    return counts


def body_text(doc: Document) -> str:
    """The article's running text, for telling its language and script."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        kind = getattr(type(node), "kind", None)
        if kind in ("paragraph", "heading"):
            parts.append(plain_text(node.content))
        for name in ("blocks", "items"):
            for child in getattr(node, name, ()) or ():
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


def clean_document(doc: Document) -> Document:
    """Every string clean; metadata strings also trimmed."""
    meta = _map_metadata(doc.metadata, lambda s: clean(s).strip())
    meta = replace(meta, **{k: clean(getattr(meta, k)).strip() or None
                            for k in ("language", "source_url", "identifier", "cover")
                            if getattr(meta, k)})
    return Document(meta, _map_text(doc.blocks, clean))


def _map_runs(node: Any, fn: Callable[[list[Any]], list[Any]]) -> Any:
    """Rebuild every run of child nodes, innermost first, through `fn`."""
    if isinstance(node, tuple):
        return tuple(fn([_map_runs(child, fn) for child in node]))
    if is_dataclass(node) and not isinstance(node, type):
        changes = {f.name: _map_runs(getattr(node, f.name), fn) for f in fields(node)
                   if isinstance(getattr(node, f.name), tuple)}
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


def merge_text(doc: Document) -> Document:
    """Adjacent runs of plain text as one, so quotes and dashes are read in context."""
    return replace(doc, blocks=_map_runs(doc.blocks, _merge))


_SAFE_SCHEMES = ("http", "https", "mailto")


def _unlink(run: list[Any]) -> list[Any]:
    out: list[Any] = []
    for child in run:
        if isinstance(child, Link) and urlsplit(child.href).scheme.lower() not in _SAFE_SCHEMES:
            log.warning("links: %r is not a web or mail address; kept as plain text",
                        child.href[:80])
            out.extend(child.content)
        else:
            out.append(child)
    return out


def safe_links(doc: Document) -> Document:
    """Only web and mail links reach an edition: no javascript:, data:, file: or links into
    files the edition does not carry."""
    return replace(doc, blocks=_map_runs(doc.blocks, _unlink))


def drop_empty_text(doc: Document) -> Document:
    """Paragraphs left empty by cleaning carry nothing; a page should not show a gap."""
    blocks = tuple(
        b for b in doc.blocks
        if not (getattr(type(b), "kind", "") == "paragraph" and not plain_text(b.content).strip())
    )
    return replace(doc, blocks=blocks)


@cache
def _identifier():  # type: ignore[no-untyped-def]
    """Google's CLD3: its model is built into the package (no file, no network), it tells 107
    languages apart, Somali, Hausa and Uzbek among them, and reads Chinese unsegmented."""
    import gcld3

    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4000)


# CLD3 still answers with a few withdrawn ISO 639 codes.
_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}


def _identify(text: str) -> str | None:
    found = _identifier().FindLanguage(" ".join(text.split()))
    # CLD3 calls an answer reliable from 0.7; a paragraph of Indonesian scores 0.6.
    if found.probability < 0.5 or found.language == "und" or "-" in found.language:
        return None  # "-Latn" codes are romanised text, not a language to set
    return _CODES.get(found.language, found.language)


def detect_language(doc: Document) -> Document:
    """Tell the language of a manuscript that does not state it, when the text is clear. A
    page's language is that of its opening: a statement followed by its translation is in
    the statement's language."""
    if doc.metadata.language:
        return doc
    text = body_text(doc)
    if len(text.strip()) < 20:
        return doc
    opening = text[: max(400, text.find(" ", 400))] if len(text) > 800 else text
    language = _identify(opening) or _identify(text[:20000])
    if language is None:
        return doc
    return replace(doc, metadata=replace(doc.metadata, language=language))


def set_direction(doc: Document) -> Document:
    """Right to left for Arabic-script and Hebrew text; the manuscript's word otherwise."""
    if doc.metadata.direction in ("ltr", "rtl"):
        return doc
    direction = "ltr"
    language = doc.metadata.language
    known = False
    if language:
        from babel import Locale, UnknownLocaleError

        try:
            order = Locale.parse(language.replace("-", "_")).character_order
            direction, known = ("rtl" if order == "right-to-left" else "ltr"), True
        except (UnknownLocaleError, ValueError):
            pass
    if not known:
        counts = script_counts(body_text(doc))
        if counts and counts.most_common(1)[0][0] in _RTL_SCRIPTS:
            direction = "rtl"
    return replace(doc, metadata=replace(doc.metadata, direction=direction))


def typography(doc: Document) -> Document:
    """Typographic quotes and dashes, only where the text is in Latin script."""
    counts = script_counts(body_text(doc))
    if not counts or counts.most_common(1)[0][0] != "LATIN":
        return doc
    language = doc.metadata.language or "en"

    def fn(s: str) -> str:
        return typeset(s, language)

    meta = _map_metadata(doc.metadata, fn)
    return Document(meta, _map_text(doc.blocks, fn))


def _is_persian(language: str | None) -> bool:
    return bool(language) and language.lower().split("-")[0] in ("fa", "prs")  # type: ignore[union-attr]


def persian_letters(doc: Document) -> Document:
    """Arabic yeh and kaf (ي ك), which Persian keyboards and old sites leave, as Persian ی ک."""
    if not _is_persian(doc.metadata.language):
        return doc
    table = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})

    def fn(s: str) -> str:
        return s.translate(table)

    return Document(_map_metadata(doc.metadata, fn), _map_text(doc.blocks, fn))


def warn_missing_title(doc: Document) -> Document:
    if not doc.metadata.title:
        log.warning("title: no headline found; the edition is named by its opening words "
                    "(set `title` in a sidecar NAME.meta.yaml)")
    return doc


def warn_unknown_language(doc: Document) -> Document:
    if not doc.metadata.language:
        log.warning("language: could not tell the language of the text; "
                    "set `language` in front matter or a sidecar")
    return doc


STEPS = (
    safe_links, merge_text, clean_document, drop_empty_text, warn_missing_title,
    detect_language, warn_unknown_language, set_direction, persian_letters, typography,
)


def normalize(doc: Document) -> Document:
    for step in STEPS:
        doc = step(doc)
    return doc
