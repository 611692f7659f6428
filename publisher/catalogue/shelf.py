"""The manifest's editions as shelf entries: one per slug, its formats together, newest first."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from publisher import languages
from publisher.cache import MANIFEST_FILE
from publisher.output import write_atomically

MEDIA_TYPES = {"epub": "application/epub+zip", "pdf": "application/pdf"}
FORMAT_ORDER = ("epub", "pdf")


@dataclass(frozen=True, slots=True)
class Download:
    """One file of an edition, as a reader downloads it."""

    format: str  # "epub"
    file: str  # its name in the output folder
    size: int  # bytes
    media_type: str

    @property
    def href(self) -> str:
        """The file's address relative to the output folder, escaped for a URL."""
        return quote(self.file)


@dataclass(frozen=True, slots=True)
class Cover:
    """An edition's cover picture and its thumbnail, by path relative to the output folder."""

    thumbnail: str
    full: str
    media_type: str  # of the full picture
    thumbnail_type: str
    width: int | None = None  # of the thumbnail; None for an SVG
    height: int | None = None

    @property
    def thumbnail_href(self) -> str:
        return quote(self.thumbnail)

    @property
    def full_href(self) -> str:
        return quote(self.full)


@dataclass(frozen=True, slots=True)
class Entry:
    """One edition on the shelf: an article or a collection, in every format it was built in."""

    slug: str
    kind: str  # "article" or "collection"
    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    language: str
    direction: str
    published: date | None
    identifier: str | None
    summary: str | None
    updated: str | None  # ISO time the edition was made
    downloads: tuple[Download, ...]
    members: tuple[str, ...] = ()  # a collection's articles, by slug
    cover: Cover | None = None

    def download(self, fmt: str) -> Download | None:
        return next((d for d in self.downloads if d.format == fmt), None)


def read_manifest(out_dir: Path) -> list[dict[str, Any]]:
    """The manifest's edition records; none when there is no manifest yet."""
    try:
        data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    editions: list[dict[str, Any]] = data.get("editions", [])
    return editions


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _entry(slug: str, records: list[dict[str, Any]], fallback_language: str) -> Entry:
    first = records[0]
    language = first.get("language") or fallback_language
    downloads = sorted(
        (
            Download(
                r["format"],
                r["file"],
                int(r["size"]),
                MEDIA_TYPES.get(r["format"], "application/octet-stream"),
            )
            for r in records
        ),
        key=lambda d: (FORMAT_ORDER.index(d.format) if d.format in FORMAT_ORDER else 99, d.format),
    )
    return Entry(
        slug=slug,
        kind=first.get("kind", "article"),
        title=first.get("display_title") or first.get("title") or slug,
        subtitle=first.get("subtitle"),
        authors=tuple(first.get("authors") or ()),
        language=language,
        direction=first.get("direction") or languages.direction(language),
        published=_date(first.get("published")),
        identifier=first.get("identifier"),
        summary=first.get("summary"),
        updated=first.get("updated"),
        downloads=tuple(downloads),
        members=tuple(first.get("members") or ()),
    )


def sort_key(entry: Entry) -> tuple[int, int, str]:
    """Newest first, undated last; the slug settles ties, so the order never wavers."""
    if entry.published is None:
        return (1, 0, entry.slug)
    return (0, -entry.published.toordinal(), entry.slug)


def entries(
    records: list[dict[str, Any]], fallback_language: str, covers: Mapping[str, Cover] | None = None
) -> list[Entry]:
    """One entry per slug (its EPUB and PDF together), sorted newest first."""
    by_slug: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_slug.setdefault(record["slug"], []).append(record)
    found = [_entry(slug, group, fallback_language) for slug, group in by_slug.items()]
    if covers:
        found = [replace(e, cover=covers.get(e.slug)) for e in found]
    return sorted(found, key=sort_key)


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write a file of the shelf only when its bytes change, so that a build that changed
    nothing touches nothing (a static host's sync sends only what is new)."""
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(target, data)
    return True
