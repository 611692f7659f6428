"""The document model: frozen values readers build and renderers consume, and their JSON form."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

MODEL_VERSION = 1


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


Inline = Text | Emphasis | Strong | Link | LineBreak


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


Block = (
    Heading | Paragraph | Quote | List | ListItem | Figure | SectionBreak
    | Byline | Bio | Disclaimer
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


NODE_TYPES: dict[str, type] = {
    cls.kind: cls
    for cls in (Text, Emphasis, Strong, Link, LineBreak, Heading, Paragraph, Quote, List,
                ListItem, Figure, SectionBreak, Byline, Bio, Disclaimer)
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
    return "".join(parts)


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
    }


def to_json(doc: Document) -> str:
    """The contract's JSON: sorted keys, UTF-8 unescaped, two-space indent, trailing newline."""
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def from_json(text: str) -> Document:
    data = json.loads(text)
    version = data.get("model_version")
    if version != MODEL_VERSION:
        raise ValueError(f"model_version {version!r} is not {MODEL_VERSION}")
    meta = {k: _load(v, k) for k, v in data["metadata"].items()}
    if meta.get("authors") is not None:
        meta["authors"] = tuple(meta["authors"])
    return Document(metadata=Metadata(**meta), blocks=_load(data["blocks"]))
