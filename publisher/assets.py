"""The picture files an edition carries: where they may come from, and which files they are.

A manuscript names its pictures relative to itself. Only files inside the project folder
(after symlinks) and of a format editions carry are accepted; a URL, an absolute path or a
`file:` reference is refused with an error naming it, so nothing is fetched and nothing from
outside the project reaches an edition. A picture stored inside a Word document is named
`NAME.docx#word/media/image1.png`: the document (inside the project) and its part.
"""

from __future__ import annotations

import base64
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from publisher.errors import ManuscriptError
from publisher.model import Block, Document, Edition, Figure

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


# Documents whose pictures live inside them, and the most one picture may expand to.
ARCHIVES = (".docx",)
MAX_PICTURE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture file, or a picture stored as a part (`member`) of a document's package."""

    path: Path
    member: str | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.member).suffix if self.member else self.path.suffix

    @property
    def media_type(self) -> str:
        return IMAGE_TYPES[self.suffix.lower()]

    def read_bytes(self) -> bytes:
        if self.member is None:
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as package:
            return package.read(self.member)

    def as_uri(self) -> str:
        """How the PDF's HTML names it: its bytes as a data: URL. WeasyPrint names each
        picture in the PDF by its address, so a file URL would make the same brief's bytes
        depend on the folder it was built in."""
        encoded = base64.b64encode(self.read_bytes()).decode("ascii")
        return f"data:{self.media_type};base64,{encoded}"


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


def _stored(src: str, folder: Path, project_dir: Path, what: str) -> Picture | None:
    """A picture stored in a document of the project (`report.docx#word/media/image1.png`)."""
    archive, _, member = src.partition("#")
    if urlsplit(src).scheme or not member or not archive.lower().endswith(ARCHIVES):
        return None
    package = resolve_file(archive, folder, project_dir, what, suffixes=ARCHIVES)
    try:
        with zipfile.ZipFile(package) as opened:
            info = opened.getinfo(member)
    except (KeyError, zipfile.BadZipFile, OSError) as e:
        raise ManuscriptError(f"{what} '{src}' not found in {archive}") from e
    if (
        PurePosixPath(member).suffix.lower() not in IMAGE_TYPES
        or info.file_size > MAX_PICTURE_BYTES
    ):
        raise ManuscriptError(f"{what} '{src}' is not a picture editions carry")
    return Picture(package, member)


def resolve(src: str, folder: Path, project_dir: Path, what: str = "image") -> Picture:
    """The picture a manuscript names, refused unless it is inside the project."""
    stored = _stored(src, folder, project_dir, what)
    if stored is not None:
        return stored
    return Picture(resolve_file(src, folder, project_dir, what))


def resolve_file(
    src: str,
    folder: Path,
    project_dir: Path,
    what: str = "image",
    suffixes: tuple[str, ...] = tuple(IMAGE_TYPES),
) -> Path:
    """The file a manuscript names, refused unless it is inside the project."""
    if urlsplit(src).scheme or src.startswith(("/", "\\")) or Path(src).is_absolute():
        raise ManuscriptError(
            f"{what} '{src}' is not a relative path; put the file in the project and "
            "name it relative to the manuscript"
        )
    path = (folder / src).resolve()
    if not path.is_relative_to(project_dir.resolve()):
        raise ManuscriptError(f"{what} '{src}' is outside the project folder; copy it in")
    if not path.is_file():
        raise ManuscriptError(f"{what} '{src}' not found")
    if path.suffix.lower() not in suffixes:
        raise ManuscriptError(
            f"{what} '{src}' is not a picture format editions carry "
            f"({', '.join(sorted(IMAGE_TYPES))})"
        )
    return path


@dataclass(frozen=True, slots=True)
class Assets:
    """The resolved picture files of an edition: each document's, and the cover."""

    images: tuple[dict[str, Picture], ...]  # per document: src as written -> picture
    cover: Picture | None = None

    def files(self) -> Iterator[Path]:
        """Every file the pictures are read from (a document, for its stored ones), once
        each, in a stable order."""
        seen: dict[Path, None] = {}
        for table in self.images:
            seen.update(dict.fromkeys(p.path for p in table.values()))
        if self.cover is not None:
            seen[self.cover.path] = None
        return iter(seen)


def resolve_edition(
    edition: Edition, folders: tuple[Path, ...], project_dir: Path, cover_folder: Path | None = None
) -> Assets:
    """Every picture of an edition, each document's resolved from its own folder."""
    images: list[dict[str, Picture]] = []
    for doc, folder in zip(edition.documents, folders, strict=True):
        table: dict[str, Picture] = {}
        for figure in document_figures(doc):
            if figure.src and figure.src not in table:
                table[figure.src] = resolve(figure.src, folder, project_dir)
        images.append(table)
    cover = None
    if edition.metadata.cover:
        folder = cover_folder or (folders[0] if folders else project_dir)
        cover = resolve(edition.metadata.cover, folder, project_dir, what="cover")
    return Assets(tuple(images), cover)
