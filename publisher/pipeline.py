"""Runs one edition through the pipeline: read, normalize, make the edition, render.

`prepare` is the one function behind `inspect`, the golden tests and both renderers;
`render_edition` is the unit of work a build hands to an executor (here, in a pool worker or
on a cluster), returning bytes and warnings as values for the caller to write and show.
"""

from __future__ import annotations

import hashlib
import os
import re
import traceback
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from publisher import assets, collection, readers
from publisher.assets import Assets
from publisher.config import BuildConfig
from publisher.diagnostics import Diagnostic, Diagnostics
from publisher.edition import make_collection, make_edition
from publisher.errors import Bug, EnvironmentFault, ManuscriptError, PublisherError
from publisher.model import Document, Edition, Paragraph, plain_text
from publisher.normalize import normalize
from publisher.readers.metadata import load_mapping, metadata_fields, sidecar_for
from publisher.readers.source import Source
from publisher.renderers import Job, renderer
from publisher.renderers.html import display_title
from publisher.styles import StyleSet


def slug_for(path: Path) -> str:
    """The file name an edition gets: the manuscript's name, safe in any file system."""
    stem = unicodedata.normalize("NFC", collection.stem(path)).strip().lower()
    slug = re.sub(r"[^\w.-]+", "-", stem).strip("-.")
    return slug or "manuscript"


def refuse_escaping_link(path: Path, project_dir: Path) -> None:
    """A manuscript that is a symlink out of the project is refused, as Jekyll's safe mode does.

    A file named outright on the command line may live anywhere; a link inside the project
    must not smuggle in a file from outside it.
    """
    # abspath folds `..` without following links, so `../shared/x.txt` is not taken for one.
    absolute = Path(os.path.abspath(path))
    target = path.resolve()
    if target != absolute and not target.is_relative_to(project_dir.resolve()):
        raise ManuscriptError(
            f"is a symlink to {target}, outside the project folder; copy the file in instead", path
        )


def read_source(path: Path, config: BuildConfig) -> Source:
    """A manuscript's bytes, read once, within the size limit."""
    refuse_escaping_link(path, config.project_dir)
    try:
        size = path.stat().st_size
        limit = config.max_manuscript_bytes
        if size > limit:
            raise ManuscriptError(
                f"is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit for a manuscript; "
                "split it, or raise max_manuscript_mb in [tool.publisher]",
                path,
            )
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise EnvironmentFault(
            "vanished during the build (moved or deleted); build again once it is back", path
        ) from e
    except OSError as e:
        raise EnvironmentFault(
            f"cannot be read ({e.strerror}); check the disk and the file's permissions", path
        ) from e
    return Source(path, data, config.project_dir)


def apply_sidecar(doc: Document, path: Path, diagnostics: Diagnostics) -> Document:
    """The sidecar's fields replace what the reader found, field by field."""
    from publisher.readers.decoding import decode

    sidecar = sidecar_for(path)
    if not sidecar.is_file():
        return doc
    data = load_mapping(decode(sidecar.read_bytes(), sidecar, diagnostics), sidecar, "sidecar")
    fields = metadata_fields(data, sidecar, diagnostics)
    return replace(doc, metadata=replace(doc.metadata, **fields))


def _refuse_empty(doc: Document, path: Path) -> None:
    if not doc.blocks:
        raise ManuscriptError(
            "has no text to publish once page chrome is set aside; check it is the article's page",
            path,
        )


def read_document(path: Path, config: BuildConfig, diagnostics: Diagnostics) -> Document:
    """One manuscript read, corrected by its sidecar, and normalized."""
    source = read_source(path, config)
    doc = readers.reader_for(source)(source, diagnostics)
    doc = apply_sidecar(doc, path, diagnostics)
    _refuse_empty(doc, path)
    doc = normalize(doc, diagnostics)
    _refuse_empty(doc, path)
    return doc


@dataclass(frozen=True)
class Prepared:
    """An edition ready to render, with the files it is made from."""

    edition: Edition
    sources: tuple[Path, ...]  # the manuscripts (their sidecars are inputs too)
    folders: tuple[Path, ...]  # each document's folder, where its pictures are looked up
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    folder: Path | None = None  # where the edition's own references (its cover) start
    # Renderers' work done ahead by another process, by format (see renderers.ahead).
    ahead: tuple[tuple[str, object], ...] = ()

    def assets(self, config: BuildConfig) -> Assets:
        """The edition's picture files, refused unless they are inside the project."""
        return assets.resolve_edition(self.edition, self.folders, config.project_dir, self.folder)


def _prepare_collection(path: Path, config: BuildConfig, diagnostics: Diagnostics) -> Prepared:
    """A brief: each member read and prepared as it would be alone, then bound together."""
    spec = collection.read(path, read_source(path, config).data, config.project_dir, diagnostics)
    documents = []
    for member in spec.members:
        # A member's warnings are named by the member, as they would be in its own build.
        member_diagnostics = Diagnostics()
        documents.append(read_document(member, config, member_diagnostics))
        for item in member_diagnostics.items:
            diagnostics.warn(item.topic, f"{member.name}: {item.message}", item.line)
    from publisher.readers import markdown

    intro = markdown.parse_blocks(spec.intro, diagnostics) if spec.intro else ()
    edition = make_collection(
        spec, documents, [slug_for(m) for m in spec.members], intro, config, slug_for(path)
    )
    folders = tuple(m.parent for m in spec.members)
    return Prepared(edition, (path, *spec.members), folders, diagnostics, path.parent)


def prepare(path: Path, config: BuildConfig, diagnostics: Diagnostics | None = None) -> Prepared:
    """The edition a manuscript makes, as `inspect` shows it and both renderers get it."""
    diagnostics = Diagnostics() if diagnostics is None else diagnostics
    try:
        if collection.is_collection(path):
            prepared = _prepare_collection(path, config, diagnostics)
        else:
            doc = read_document(path, config, diagnostics)
            edition = make_edition(doc, config, slug_for(path))
            prepared = Prepared(edition, (path,), (path.parent,), diagnostics)
    except PublisherError as e:
        e.where = path if e.where is None else e.where
        raise
    if config.strict and diagnostics:
        raise ManuscriptError(
            f"{len(diagnostics)} warning(s) and --strict is set; fix them or drop --strict", path
        )
    return prepared


def job_for(prepared: Prepared, config: BuildConfig, styles: StyleSet) -> Job:
    """What the renderers are given for a prepared edition."""
    return Job(
        prepared.edition,
        prepared.assets(config),
        config,
        styles,
        prepared.diagnostics,
        prepared.folder or prepared.folders[0],
    )


def render(
    prepared: Prepared, formats: tuple[str, ...], config: BuildConfig, styles: StyleSet
) -> tuple[tuple[str, bytes], ...]:
    """The edition's bytes in each format."""
    job = job_for(prepared, config, styles)
    done = dict(prepared.ahead)
    return tuple((fmt, renderer(fmt)(replace(job, ahead=done.get(fmt)))) for fmt in formats)


@dataclass(frozen=True, slots=True)
class Output:
    """One edition file: its bytes, or (made by a worker that shares the disk) a staged
    temporary file beside its place in the output folder, ready to be renamed into it."""

    fmt: str
    data: bytes | None = None
    staged: Path | None = None
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True)
class Rendered:
    """An edition's files, made wherever the work ran; put in place by the caller."""

    source: Path
    outputs: tuple[Output, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    deps: tuple[str, ...] = ()  # the picture files it was made from
    warnings: tuple[Diagnostic, ...] = ()
    error: PublisherError | None = None
    sources: tuple[Path, ...] = ()  # the manuscripts it was made from


def summary_of(edition: Edition, limit: int = 300) -> str | None:
    """A line or two on what the edition is: its subtitle, else its opening paragraph, cut at
    a word (catalogues and reading apps show it under the title)."""
    if edition.metadata.subtitle:
        return edition.metadata.subtitle
    blocks = edition.intro if edition.collection else edition.documents[0].blocks
    first = next((b for b in blocks if isinstance(b, Paragraph)), None)
    text = " ".join(plain_text(first.content).split()) if first else ""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text or None


def manifest_meta(prepared: Prepared, config: BuildConfig) -> dict[str, Any]:
    """What the downloads manifest (and the catalogue made from it) says of an edition."""
    meta = prepared.edition.metadata
    found: dict[str, Any] = {
        "kind": "collection" if prepared.edition.collection else "article",
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": list(meta.authors),
        "language": meta.language,
        "direction": meta.direction,
        "published": meta.published.isoformat() if meta.published else None,
        # For the catalogue and the OPDS feed: the title the edition shows (an untitled
        # article is named by its opening words), a stable id, a summary, when it was made.
        "display_title": (meta.title or "Untitled")
        if prepared.edition.collection
        else display_title(prepared.edition.documents[0]),
        "identifier": meta.identifier,
        "summary": summary_of(prepared.edition),
        "updated": config.build_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if prepared.edition.collection:
        found["members"] = [slug_for(p) for p in prepared.sources[1:]]
    if not meta.cover:  # the catalogue draws the same cover small for its thumbnails
        from publisher.renderers.cover import text_of

        text = text_of(prepared.edition, meta.language or config.language)
        found["cover_text"] = {
            "title": text.title,
            "authors": text.authors,
            "publication": text.publication,
            "language": text.language,
        }
    return found


def render_edition(
    path: Path,
    config: BuildConfig,
    styles: StyleSet,
    formats: tuple[str, ...],
    prepared: Prepared | None = None,
) -> Rendered:
    """Prepare one edition (unless given it prepared) and render it in each format: the unit
    of work of a build."""
    diagnostics = prepared.diagnostics if prepared is not None else Diagnostics()
    try:
        prepared = prepared or prepare(path, config, diagnostics)
        outputs = render(prepared, formats, config, styles)
        deps = tuple(str(p) for p in prepared.assets(config).files())
    except PublisherError as e:
        e.where = path if e.where is None else e.where
        return Rendered(path, warnings=tuple(diagnostics.items), error=e)
    except Exception as e:
        # A bug must not cost the rest of the batch, but it is a bug: its traceback is shown.
        if config.debug:
            raise
        report = "".join(traceback.format_exception(e))
        return Rendered(path, warnings=tuple(diagnostics.items), error=Bug(report, path))
    files = tuple(
        Output(fmt, data, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        for fmt, data in outputs
    )
    return Rendered(
        path,
        files,
        manifest_meta(prepared, config),
        deps,
        tuple(diagnostics.items),
        sources=prepared.sources,
    )


def warm_up(config: BuildConfig, styles: StyleSet, formats: tuple[str, ...]) -> None:
    """Render a one-line edition once, so a worker loads each renderer's libraries, CSS and
    fonts before its first real manuscript."""
    from publisher.model import Metadata, Paragraph, Text

    doc = Document(
        Metadata(title="warm-up", language="en", direction="ltr", identifier="x"),
        (Paragraph((Text("warm-up"),)),),
    )
    edition = Edition(slug="warm-up", metadata=doc.metadata, documents=(doc,))
    job = Job(edition, Assets(({},)), config, styles, Diagnostics(), config.project_dir)
    for fmt in formats:
        renderer(fmt)(job)
