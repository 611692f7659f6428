"""The document model: frozen values readers build and renderers consume, and their JSON form."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

# 2: tables, notes, and editions (one or more documents) joined the model.
MODEL_VERSION = 2

# Characters XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE/F),
# plus the C1 controls a scraper or a paste buffer leaves behind: no model string holds one.
ILLEGAL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"


# --- inlines -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    kind: ClassVar[str] = "text"
    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    kind: ClassVar[str] = "emphasis"
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    kind: ClassVar[str] = "strong"
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    kind: ClassVar[str] = "link"
    href: str
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class LineBreak:
    kind: ClassVar[str] = "line_break"


@dataclass(frozen=True, slots=True)
class NoteRef:
    """The mark in the text that points at a footnote or endnote (`Note` of the same id)."""

    kind: ClassVar[str] = "note_ref"
    id: str


Inline = Text | Emphasis | Strong | Link | LineBreak | NoteRef


# --- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    kind: ClassVar[str] = "heading"
    level: int
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    kind: ClassVar[str] = "quote"
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    kind: ClassVar[str] = "list_item"
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class List:
    kind: ClassVar[str] = "list"
    ordered: bool
    items: tuple[ListItem, ...]
    start: int | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture and its caption; scraped pages often keep the caption and lose the picture."""

    kind: ClassVar[str] = "figure"
    src: str | None
    caption: tuple[Inline, ...]
    alt: str | None = None


@dataclass(frozen=True, slots=True)
class TableCell:
    kind: ClassVar[str] = "table_cell"
    blocks: tuple[Block, ...]
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class TableRow:
    kind: ClassVar[str] = "table_row"
    cells: tuple[TableCell, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; `head` holds the header rows, which both renderers repeat and mark up."""

    kind: ClassVar[str] = "table"
    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionBreak:
    kind: ClassVar[str] = "section_break"


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote it and when; inserted by the edition stage so both renderers show the same."""

    kind: ClassVar[str] = "byline"
    authors: tuple[str, ...]
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Bio:
    """The author's note that closes an op-ed."""

    kind: ClassVar[str] = "bio"
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Disclaimer:
    kind: ClassVar[str] = "disclaimer"
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote or endnote, kept apart from the text; `NoteRef`s of its id point at it."""

    kind: ClassVar[str] = "note"
    id: str
    blocks: tuple[Block, ...]


Block = (
    Heading
    | Paragraph
    | Quote
    | List
    | ListItem
    | Figure
    | Table
    | TableRow
    | TableCell
    | SectionBreak
    | Byline
    | Bio
    | Disclaimer
    | Note
)


# --- document ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    author_bio: str | None = None
    published: date | None = None
    language: str | None = None
    direction: str | None = None
    disclaimer: str | None = None
    publication: str | None = None
    source_url: str | None = None
    identifier: str | None = None
    cover: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    metadata: Metadata
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()  # in the order their first reference appears


@dataclass(frozen=True, slots=True)
class Edition:
    """What one EPUB and one PDF are made of: a single article, or a collection of several.

    A single article's edition carries that article's metadata; a collection has its own
    (title, editors as `authors`, date, language), an introduction, and members that each keep
    their own language, direction, byline, bio and disclaimer. `disclaimer` is a house notice
    shared by every member, printed once at the end of a collection.
    """

    slug: str
    metadata: Metadata
    documents: tuple[Document, ...]
    collection: bool = False
    intro: tuple[Block, ...] = ()
    disclaimer: tuple[Block, ...] = ()


NODE_TYPES: dict[str, type] = {
    cls.kind: cls
    for cls in (
        Text,
        Emphasis,
        Strong,
        Link,
        LineBreak,
        NoteRef,
        Heading,
        Paragraph,
        Quote,
        List,
        ListItem,
        Figure,
        Table,
        TableRow,
        TableCell,
        SectionBreak,
        Byline,
        Bio,
        Disclaimer,
        Note,
    )
}


def plain_text(nodes: tuple[Inline, ...]) -> str:
    """The text a reader would see in a run of inlines, without markup."""
    parts: list[str] = []
    for node in nodes:
        match node:
            case Text(text=text):
                parts.append(text)
            case LineBreak():
                parts.append("\n")
            case Emphasis(content=c) | Strong(content=c) | Link(content=c):
                parts.append(plain_text(c))
            case NoteRef():
                pass  # a note's mark is not part of the sentence
    return "".join(parts)


def block_text(block: Any) -> str:
    """The text of any block and what it holds (list items, cells, quotes), without markup."""
    parts: list[str] = []
    content = getattr(block, "content", None)
    if isinstance(content, tuple):
        parts.append(plain_text(content))
    for name in ("blocks", "items", "head", "body", "cells"):
        children = getattr(block, name, None)
        if isinstance(children, tuple):
            parts += [block_text(child) for child in children]
    return " ".join(p for p in parts if p)


# --- JSON form -----------------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        kind = getattr(type(value), "kind", None)
        if kind is not None:
            out["kind"] = kind
        for field in dataclasses.fields(value):
            out[field.name] = _dump(getattr(value, field.name))
        return out
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _load(value: Any, field_name: str = "") -> Any:
    if isinstance(value, dict):
        kind = value.get("kind")
        cls = NODE_TYPES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise ValueError(f"unknown node kind {kind!r}")
        args = {k: _load(v, k) for k, v in value.items() if k != "kind"}
        return cls(**args)
    if isinstance(value, list):
        return tuple(_load(v) for v in value)
    if field_name == "published" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "model_version": MODEL_VERSION,
        "metadata": _dump(doc.metadata),
        "blocks": _dump(doc.blocks),
        "notes": _dump(doc.notes),
    }


def edition_to_dict(edition: Edition) -> dict[str, Any]:
    """A collection's JSON form: its own metadata, intro and notice, and each member whole."""
    return {
        "model_version": MODEL_VERSION,
        "kind": "collection" if edition.collection else "edition",
        "slug": edition.slug,
        "metadata": _dump(edition.metadata),
        "intro": _dump(edition.intro),
        "disclaimer": _dump(edition.disclaimer),
        "documents": [
            {k: v for k, v in to_dict(d).items() if k != "model_version"} for d in edition.documents
        ],
    }


def dumps(data: dict[str, Any]) -> str:
    """The contract's JSON: sorted keys, UTF-8 unescaped, two-space indent, trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_json(doc: Document) -> str:
    return dumps(to_dict(doc))


def edition_to_json(edition: Edition) -> str:
    """What `inspect` prints: a single article as its document, a collection whole."""
    if not edition.collection and len(edition.documents) == 1:
        return to_json(edition.documents[0])
    return dumps(edition_to_dict(edition))


def _metadata(data: dict[str, Any]) -> Metadata:
    meta = {k: _load(v, k) for k, v in data.items()}
    if meta.get("authors") is not None:
        meta["authors"] = tuple(meta["authors"])
    return Metadata(**meta)


def _document(data: dict[str, Any]) -> Document:
    return Document(
        metadata=_metadata(data["metadata"]),
        blocks=_load(data["blocks"]),
        notes=_load(data.get("notes", [])),
    )


def _check_version(data: dict[str, Any]) -> None:
    version = data.get("model_version")
    if version != MODEL_VERSION:
        raise ValueError(f"model_version {version!r} is not {MODEL_VERSION}")


def from_json(text: str) -> Document:
    data = json.loads(text)
    _check_version(data)
    return _document(data)


def edition_from_json(text: str) -> Edition:
    data = json.loads(text)
    _check_version(data)
    if "documents" not in data:  # a single article, printed as its document
        doc = _document(data)
        return Edition(slug="", metadata=doc.metadata, documents=(doc,))
    return Edition(
        slug=data["slug"],
        metadata=_metadata(data["metadata"]),
        documents=tuple(_document(d) for d in data["documents"]),
        collection=data["kind"] == "collection",
        intro=_load(data["intro"]),
        disclaimer=_load(data["disclaimer"]),
    )
