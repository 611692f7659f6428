"""Source formats: one reader per file suffix, each `(text, source) -> Document`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from publisher.errors import ManuscriptError
from publisher.model import Document
from publisher.readers import markdown, text
from publisher.readers.decoding import decode

Reader = Callable[[str, Path], Document]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
}


def read(path: Path, max_bytes: int | None = None) -> Document:
    """Read one manuscript from disk: the one place where a source's bytes are read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ManuscriptError(f"unknown manuscript type '{path.suffix}'; use one of {known}", path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ManuscriptError(
                f"is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit for a manuscript; "
                "split it, or raise max_manuscript_mb in [tool.publisher]", path)
        data = path.read_bytes()
    except OSError as e:
        raise ManuscriptError(f"cannot read the file ({e.strerror})", path) from e
    content = decode(data, path)
    if not content.strip():
        raise ManuscriptError("the manuscript is empty", path)
    return apply_sidecar(reader(content, path), path)


def sidecar_for(path: Path) -> Path:
    """Where an editor's corrections to a manuscript live: NAME.meta.yaml beside NAME.txt."""
    return path.with_name(f"{path.stem}.meta.yaml")


def apply_sidecar(doc: Document, path: Path) -> Document:
    """The sidecar's fields replace what the reader found, field by field."""
    sidecar = sidecar_for(path)
    if not sidecar.is_file():
        return doc
    data = markdown.load_mapping(decode(sidecar.read_bytes(), sidecar), sidecar, "sidecar")
    fields = markdown.metadata_fields(data, sidecar)
    return replace(doc, metadata=replace(doc.metadata, **fields))
