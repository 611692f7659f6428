"""Source formats: one reader per file suffix, each `(text, source) -> Document`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

from publisher.errors import ManuscriptError
from publisher.model import Document
from publisher.readers import markdown, text

Reader = Callable[[str, Path], Document]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
}


def decode(data: bytes, source: Path) -> str:
    """Manuscript bytes as text: UTF-8, with or without a byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ManuscriptError(f"not valid UTF-16 ({e.reason} at byte {e.start})", source) from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ManuscriptError(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x}); save the file as UTF-8", source, line
        ) from e


def read(path: Path) -> Document:
    """Read one manuscript from disk: the one place where a source's bytes are read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ManuscriptError(f"unknown manuscript type '{path.suffix}'; use one of {known}", path)
    try:
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
    try:
        data = yaml.safe_load(decode(sidecar.read_bytes(), sidecar))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ManuscriptError(f"invalid YAML: {problem}; fix the sidecar", sidecar, line) from e
    if data is None:
        return doc
    if not isinstance(data, dict):
        raise ManuscriptError("a sidecar must be a mapping of key: value", sidecar)
    fields = markdown.metadata_fields(data, sidecar)
    return replace(doc, metadata=replace(doc.metadata, **fields))
