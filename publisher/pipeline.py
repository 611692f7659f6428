"""Runs manuscripts through the pipeline: read, normalize, make the edition, render, write."""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import readers
from publisher.config import BuildConfig
from publisher.edition import make_edition
from publisher.errors import ManuscriptError, PublisherError, RenderError
from publisher.model import Document
from publisher.normalize import normalize
from publisher.renderers import renderer

log = logging.getLogger(__name__)


def slug_for(path: Path) -> str:
    """The file name an edition gets: the manuscript's name, safe in any file system."""
    stem = unicodedata.normalize("NFC", path.stem).strip().lower()
    slug = re.sub(r"[^\w.-]+", "-", stem).strip("-.")
    return slug or "manuscript"


class _Warnings(logging.Handler):
    """Collects the warnings raised while one manuscript is prepared, and names its file.

    It sits on the `publisher` logger, so it sees every record of the pipeline before the
    record travels on to the CLI's handler, which then prints it with the file's name.
    """

    def __init__(self, source: Path):
        super().__init__(logging.WARNING)
        self.source = source
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "source"):
            record.source = self.source
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collecting_warnings(source: Path) -> Iterator[list[str]]:
    handler = _Warnings(source)
    logger = logging.getLogger("publisher")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def refuse_escaping_link(path: Path, config: BuildConfig) -> None:
    """A manuscript that is a symlink out of the project is refused, as Jekyll's safe mode does.

    A file named outright on the command line may live anywhere; a link inside the project
    must not smuggle in a file from outside it.
    """
    # abspath folds `..` without following links, so `../shared/x.txt` is not taken for one.
    absolute = Path(os.path.abspath(path))
    target = path.resolve()
    project = config.project_dir.resolve()
    if target != absolute and not target.is_relative_to(project):
        raise ManuscriptError(
            f"is a symlink to {target}, outside the project folder; copy the file in instead",
            path)


def _refuse_empty(doc: Document, path: Path) -> None:
    if not doc.blocks:
        raise ManuscriptError("has no text to publish once page chrome is set aside; "
                              "check it is the article's page", path)


def prepare(path: Path, config: BuildConfig) -> Document:
    """The one function behind `inspect`, the golden tests and both renderers."""
    refuse_escaping_link(path, config)
    with collecting_warnings(path) as warnings:
        doc = readers.read(path, config.max_manuscript_bytes)
        _refuse_empty(doc, path)
        doc = normalize(doc)
        _refuse_empty(doc, path)
        doc = make_edition(doc, config, slug_for(path))
    if config.strict and warnings:
        raise ManuscriptError(
            f"{len(warnings)} warning(s) and --strict is set; fix them or drop --strict", path)
    return doc


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[PublisherError]]:
    """Manuscripts named or found in the given folders, in a stable order."""
    found: list[Path] = []
    errors: list[PublisherError] = []
    for path in paths:
        if path.is_dir():
            # Other files beside the manuscripts (images, notes) are not manuscripts.
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in readers.READERS
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            found.append(path)
        else:
            errors.append(ManuscriptError("no such file or folder", path))
    return found, errors


@dataclass
class Result:
    """What became of one manuscript in a build."""

    source: Path
    outputs: list[Path] = field(default_factory=list)
    error: PublisherError | None = None
    status: str = "built"  # built, unchanged or failed


@dataclass(frozen=True)
class Rendered:
    """A manuscript's editions as bytes, made wherever the work ran; written by the caller."""

    source: Path
    outputs: tuple[tuple[str, bytes], ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    deps: tuple[str, ...] = ()  # the picture files it was made from
    warnings: tuple[str, ...] = ()
    error: PublisherError | None = None


def manifest_meta(doc: Document) -> dict[str, Any]:
    meta = doc.metadata
    return {"title": meta.title, "authors": list(meta.authors), "language": meta.language,
            "direction": meta.direction,
            "published": meta.published.isoformat() if meta.published else None}


def pictures(doc: Document, path: Path, config: BuildConfig) -> list[Path]:
    """The picture files an edition of `doc` carries: figures and a cover of its own."""
    from publisher.renderers import html

    found = list(html.resolve_images(doc, path.parent, config).values())
    if doc.metadata.cover:
        found.append(html.resolve_image(doc.metadata.cover, path.parent, config, what="cover"))
    return found


def render_manuscript(path: Path, config: BuildConfig, formats: tuple[str, ...]) -> Rendered:
    """Prepare one manuscript and render it in each format: the unit of work of a build."""
    with collecting_warnings(path) as warnings:
        try:
            doc = prepare(path, config)
            outputs = tuple((fmt, renderer(fmt)(doc, config, path.parent)) for fmt in formats)
            deps = tuple(str(p) for p in pictures(doc, path, config))
        except PublisherError as e:
            if e.where is None:
                e.where = path
            return Rendered(path, warnings=tuple(warnings), error=e)
        except Exception as e:
            # A bug must not cost the rest of the batch; --debug shows its traceback.
            if config.debug:
                raise
            log.debug("unexpected error", exc_info=True)
            error = RenderError(
                f"unexpected {type(e).__name__}: {e}; rerun with --debug and report it", path)
            return Rendered(path, warnings=tuple(warnings), error=error)
    return Rendered(path, outputs, manifest_meta(doc), deps, tuple(warnings))


def build(paths: Iterable[Path], config: BuildConfig, formats: tuple[str, ...],
          report: Callable[[Result], None] = lambda r: None, **options: Any) -> list[Result]:
    """Build every manuscript; one that fails does not stop the others (see `batch.build`)."""
    from publisher import batch

    return batch.build(paths, config, formats, report, **options)
