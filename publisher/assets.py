"""The picture files an edition carries: where they may come from, and which files they are.

A manuscript names its pictures relative to itself. Only files inside the project folder
(after symlinks) and of a format editions carry are accepted; a URL, an absolute path or a
`file:` reference is refused with an error naming it, so nothing is fetched and nothing from
outside the project reaches an edition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from publisher.errors import ManuscriptError
from publisher.model import Block, Document, Edition, Figure

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def figures(blocks: tuple[Block, ...]) -> list[Figure]:
    """Every figure, nested ones (in quotes, lists, tables, notes) included, in order."""
    found: list[Figure] = []
    for block in blocks:
        if isinstance(block, Figure):
            found.append(block)
        for name in ("blocks", "items", "head", "body", "cells"):
            children = getattr(block, name, ())
            if isinstance(children, tuple):
                found += figures(children)
    return found


def document_figures(doc: Document) -> list[Figure]:
    return figures(doc.blocks) + figures(doc.notes)


def resolve(src: str, folder: Path, project_dir: Path, what: str = "image") -> Path:
    """The picture file a manuscript names, refused unless it is inside the project."""
    if urlsplit(src).scheme or src.startswith(("/", "\\")) or Path(src).is_absolute():
        raise ManuscriptError(
            f"{what} '{src}' is not a relative path; put the file in the project and "
            "name it relative to the manuscript")
    path = (folder / src).resolve()
    if not path.is_relative_to(project_dir.resolve()):
        raise ManuscriptError(f"{what} '{src}' is outside the project folder; copy it in")
    if not path.is_file():
        raise ManuscriptError(f"{what} '{src}' not found")
    if path.suffix.lower() not in IMAGE_TYPES:
        raise ManuscriptError(
            f"{what} '{src}' is not a picture format editions carry "
            f"({', '.join(sorted(IMAGE_TYPES))})")
    return path


@dataclass(frozen=True, slots=True)
class Assets:
    """The resolved picture files of an edition: each document's, and the cover."""

    images: tuple[dict[str, Path], ...]  # per document: src as written -> file
    cover: Path | None = None

    def files(self) -> Iterator[Path]:
        """Every picture file, once each, in a stable order."""
        seen: dict[Path, None] = {}
        for table in self.images:
            seen.update(dict.fromkeys(table.values()))
        if self.cover is not None:
            seen[self.cover] = None
        return iter(seen)


def resolve_edition(edition: Edition, folders: tuple[Path, ...], project_dir: Path,
                    cover_folder: Path | None = None) -> Assets:
    """Every picture of an edition, each document's resolved from its own folder."""
    images: list[dict[str, Path]] = []
    for doc, folder in zip(edition.documents, folders, strict=True):
        table: dict[str, Path] = {}
        for figure in document_figures(doc):
            if figure.src and figure.src not in table:
                table[figure.src] = resolve(figure.src, folder, project_dir)
        images.append(table)
    cover = None
    if edition.metadata.cover:
        folder = cover_folder or (folders[0] if folders else project_dir)
        cover = resolve(edition.metadata.cover, folder, project_dir, what="cover")
    return Assets(tuple(images), cover)
