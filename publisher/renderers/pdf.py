"""Lays out the shared XHTML rendering as a printable PDF brief with WeasyPrint."""

from __future__ import annotations

import atexit
import gc
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from multiprocessing import util as multiprocessing_util
from pathlib import Path
from typing import Any

from publisher import languages, memo
from publisher.config import BuildConfig
from publisher.diagnostics import Diagnostics
from publisher.errors import RenderError
from publisher.renderers import Job, html, hyphenation, weasy
from publisher.styles import STYLESHEETS, StyleSet, font_faces


@cache
def _fetcher_class() -> Any:
    weasy.load()
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Fetches only files under the given folders: no network, nothing from outside."""

        def __init__(self, roots: tuple[Path, ...]):
            super().__init__(allowed_protocols={"file", "data"})
            self.roots = roots

        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import urlsplit
            from urllib.request import url2pathname

            parts = urlsplit(url)
            if parts.scheme == "data":  # a picture stored in a Word document, inline
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise ValueError(f"refused to fetch {url}: only project files are used")
            path = Path(url2pathname(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"refused to fetch {path}: outside the project")
            return super().fetch(url, headers)

    return LocalFetcher


@dataclass(frozen=True)
class HouseStyles:
    """The parsed stylesheets and the fonts they register, shared by every brief of a build."""

    sheets: list[Any]  # weasyprint.CSS
    font_config: Any  # weasyprint.text.fonts.FontConfiguration
    families: frozenset[str]  # the house families: fonts.css's, and those of the fonts folder


@contextmanager
def _fontconfig_file(conf: Path) -> Iterator[None]:
    """Point fontconfig at the house configuration while WeasyPrint loads one.

    fontconfig reads FONTCONFIG_FILE when a configuration is made; the house file lists only
    its own folder, so only house faces exist for the brief and the generic families
    (`sans-serif` in an SVG chart) are house faces, whatever fonts the machine has.
    """
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(conf)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = before


@cache
def _house_styles(
    files: tuple[Path, ...],
    _digest: str,
    page_size: str,
    roots: tuple[Path, ...],
    conf: Path,
    cache: Path | None,
) -> HouseStyles:
    """Parse the house CSS and register its fonts once per process, not once per brief.

    Parsing the stylesheets and loading ten font files into a fresh fontconfig setup costs more
    than laying out a one-page brief (see benchmarks/bench_pdf.py). The key is the style
    files' digest, so an edited stylesheet is parsed again, and it holds only the styles' own
    folders, not the project's, so a worker that renders manuscripts of many projects (a Dask
    worker gets one folder per task) still parses them once.
    """
    weasy.load()
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(roots)
    with _fontconfig_file(conf):
        font_config = FontConfiguration()
    with _fonts_folder():
        sheets = [CSS(filename=str(f), font_config=font_config, url_fetcher=fetcher) for f in files]
    sheets.append(CSS(string=f"@page {{ size: {page_size}; }}", font_config=font_config))
    return HouseStyles(sheets, font_config, _families(files, conf, _digest, cache))


def _families(
    files: tuple[Path, ...], conf: Path, digest: str, cache: Path | None
) -> frozenset[str]:
    """The house families: fonts.css's and the fonts folder's. Kept in the styles' cache by
    the style files' digest: reading forty fonts' names and the CSS again cost 35 ms."""

    def read() -> bytes:
        found = frozenset(
            face.family for file in files for face in font_faces(file.read_text(encoding="utf-8"))
        ) | _folder_families(conf.parent)
        return json.dumps(sorted(found)).encode()

    key = memo.key(digest, memo.code(sys.modules[__name__]))
    return frozenset(json.loads(memo.kept(cache, "families", key, read)))


def _folder_families(folder: Path) -> frozenset[str]:
    """The family names of the font files in a folder (their name table's family)."""
    from fontTools.ttLib import TTFont

    found: set[str] = set()
    for path in sorted(folder.glob("*.[ot]tf")):
        with TTFont(path, lazy=True) as font:
            name = font["name"].getDebugName(1)
        if name:
            found.add(name)
    return frozenset(found)


@contextmanager
def _fonts_folder() -> Iterator[None]:
    """Where WeasyPrint copies the house fonts (4 MB) while it parses their @font-face rules.

    WeasyPrint deletes its folder when the font configuration is collected, which a pool
    worker, ending with os._exit, never waits for; forcing a collection there made each
    worker's exit 30 ms long. So the folder is made inside one of ours, which the worker's
    multiprocessing finalisers delete by its path before os._exit (a forked worker starts
    with none of its parent's). Any other process collects at exit (below), as it must: a
    configuration left to module teardown fails to delete its folder and says so.
    """
    home = tempfile.mkdtemp(prefix="publisher-fonts-")
    multiprocessing_util.Finalize(
        None, partial(shutil.rmtree, home, ignore_errors=True), exitpriority=10
    )
    before, tempfile.tempdir = tempfile.tempdir, home
    try:
        yield
    finally:
        tempfile.tempdir = before


def _clear_house_styles() -> None:
    """Drop the cached font configurations while the interpreter is still whole."""
    if _house_styles.cache_info().currsize:
        _house_styles.cache_clear()
        gc.collect()  # a font configuration sits in reference cycles; finalise it now


atexit.register(_clear_house_styles)


def _missing_glyphs(document: Any) -> list[str]:
    """Characters no font could draw: WeasyPrint set a .notdef box for each (font.missing)."""
    found: dict[str, None] = {}
    for font in getattr(document, "fonts", {}).values():
        found.update(dict.fromkeys(chr(code) for code in getattr(font, "missing", {})))
    return list(found)


def _report_fonts(missing: list[str], fallbacks: dict[str, str], diagnostics: Diagnostics) -> None:
    """One warning per kind of trouble: characters printed as boxes, or in a machine's fonts."""
    if missing:
        shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:8])
        diagnostics.warn("missing glyphs", f"no font can draw {shown}; they print as empty boxes")
    if fallbacks:
        shown = "; ".join(f"{family} for {chars!r}" for family, chars in fallbacks.items())
        diagnostics.warn(
            "fonts",
            f"characters set in this machine's fonts, not the house "
            f"faces ({shown}); add a face that covers them to styles/css/fonts.css",
        )


def _fallbacks(document: Any, families: frozenset[str]) -> dict[str, str]:
    """Fonts outside the house set that Pango reached for, and a sample of what they drew."""
    found: dict[str, str] = {}
    for font in getattr(document, "fonts", {}).values():
        family = getattr(font, "family", None)
        if family and family not in families:
            drawn = "".join(sorted(set("".join(getattr(font, "to_unicode", {}).values()))))
            found[family] = drawn.strip()[:12]
    return found


def _justified(language: str, direction: str) -> bool:
    """Justify where words can be hyphenated, and in Arabic script, where it is the norm.

    Without hyphenation (Georgian, Turkish and other languages pyphen has no patterns for)
    long words leave justified lines full of holes; those briefs are set ragged.
    """
    return direction == "rtl" or bool(hyphenation.dictionaries([language]))


def _set(context: dict[str, Any]) -> dict[str, Any]:
    """How a text is set: the digits it counts in, and whether it is justified."""
    context["numbering"] = languages.numbering(str(context["language"]).lower())
    context["justified"] = _justified(str(context["language"]), str(context["direction"]))
    context["title_html"] = html.unbroken_words(str(context.get("title") or ""))
    return context


def _members(job: Job) -> list[dict[str, Any]]:
    """Each member of a brief in its own words, language and direction, ids kept apart."""
    members = []
    for n, (doc, found) in enumerate(
        zip(job.edition.documents, job.assets.images, strict=True), start=1
    ):
        images = {src: path.as_uri() for src, path in found.items()}
        rendering = html.render(doc, images, inline_notes=True, prefix=f"a{n}-", whole_words=True)
        member = _set(html.context(doc, job, rendering))
        member.update(member=True, anchor=f"article-{n}", number=n)
        members.append(member)
    return members


def markup(job: Job) -> str:
    """The brief's HTML, as WeasyPrint gets it (also what benchmarks/bench_pdf.py lays out)."""
    if job.edition.collection:
        context = html.collection_context(
            job.edition, job, _members(job), html.collection_blocks(job.edition)
        )
        template = "pdf/collection.html"
    else:
        images = {src: path.as_uri() for src, path in job.assets.images[0].items()}
        rendering = html.render(
            job.edition.documents[0], images, inline_notes=True, whole_words=True
        )
        context = html.context(job.edition.documents[0], job, rendering)
        template = "pdf/brief.html"
    context = _set(context)
    context["build_time"] = job.config.build_time.isoformat(timespec="seconds")
    context["duplex"] = job.config.pdf_duplex
    return job.styles.environment().get_template(template).render(context)


def _style_roots(styles: StyleSet) -> tuple[Path, ...]:
    return tuple(sorted({d.resolve() for d in styles.dirs}))


def house_styles(styles: StyleSet, page_size: str) -> HouseStyles:
    """The styles for this style set and page size, parsed on first use."""
    names = STYLESHEETS["pdf"]
    return _house_styles(
        tuple(styles.file(n) for n in names),
        styles.digest("pdf"),
        page_size,
        _style_roots(styles),
        styles.file("fonts/fonts.conf"),
        styles.cache,
    )


def fetcher(job: Job) -> Any:
    """What WeasyPrint may read for a brief: the project's files and the styles, nothing else."""
    roots = {job.config.project_dir.resolve(), *_style_roots(job.styles)}
    return _fetcher_class()(tuple(sorted(roots)))


def write_options(config: BuildConfig) -> dict[str, Any]:
    """write_pdf's options: tagged whatever the variant, so every brief stays accessible."""
    variant = None if config.pdf_variant == "none" else config.pdf_variant
    return {"pdf_variant": variant, "pdf_tags": True}


@dataclass(frozen=True)
class Ahead:
    """A brief's work that needs no WeasyPrint: its HTML, and the hyphenation patterns of its
    languages, parsed (pyphen takes a tenth of a second per language to read its patterns;
    unpickling them takes a few milliseconds)."""

    page: str
    hyphenation: tuple[tuple[Path, Any], ...]


def _languages(job: Job) -> set[str]:
    found = {job.edition.metadata.language or job.config.language}
    found.update(doc.metadata.language or "" for doc in job.edition.documents)
    return {code for code in found if code}


def ahead(job: Job) -> Ahead:
    """Made in the parent while a worker is still importing WeasyPrint (one edition on two
    cores), so that the worker goes straight to laying out."""
    return Ahead(markup(job), hyphenation.load(_languages(job), job.styles.cache))


def _page(job: Job) -> str:
    """The brief's HTML, and its languages' hyphenation patterns put where WeasyPrint's
    pyphen looks them up: made ahead, or made now."""
    if not isinstance(job.ahead, Ahead):
        hyphenation.load(_languages(job), job.styles.cache)
        return markup(job)
    import pyphen

    for path, patterns in job.ahead.hyphenation:
        pyphen.hdcache.setdefault(path, patterns)
    return job.ahead.page


def render(job: Job) -> bytes:
    """The PDF's bytes."""
    weasy.load()
    from weasyprint import HTML

    styles = house_styles(job.styles, job.config.page_size)
    page = _page(job)
    options = write_options(job.config)
    try:
        document = HTML(
            string=page, base_url=str(job.base_dir.resolve()) + "/", url_fetcher=fetcher(job)
        ).render(font_config=styles.font_config, stylesheets=styles.sheets, **options)
        pdf = document.write_pdf(**options)
    except Exception as e:  # WeasyPrint raises many kinds; the user needs one line
        raise RenderError(f"could not lay out the PDF: {e}") from e
    _report_fonts(_missing_glyphs(document), _fallbacks(document, styles.families), job.diagnostics)
    assert isinstance(pdf, bytes)
    return pdf
