"""Lays out the shared XHTML rendering as a printable PDF brief with WeasyPrint."""

from __future__ import annotations

import atexit
import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from multiprocessing import util as multiprocessing_util
from pathlib import Path
from typing import Any

from publisher.config import BuildConfig
from publisher.errors import RenderError
from publisher.model import Document
from publisher.renderers import html

log = logging.getLogger(__name__)

_STYLESHEETS = ("css/fonts.css", "css/base.css", "css/print.css")


@cache
def _fetcher_class():  # type: ignore[no-untyped-def]
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Fetches only files under the given folders: no network, nothing from outside."""

        def __init__(self, roots: tuple[Path, ...]):
            super().__init__(allowed_protocols={"file"})
            self.roots = roots

        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import urlsplit
            from urllib.request import url2pathname

            parts = urlsplit(url)
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
    families: frozenset[str]  # the font families the stylesheets register with @font-face


def _font_face_families(files: tuple[Path, ...]) -> frozenset[str]:
    import tinycss2  # WeasyPrint's own CSS parser

    families: set[str] = set()
    for file in files:
        rules = tinycss2.parse_stylesheet(file.read_text(encoding="utf-8"),
                                          skip_comments=True, skip_whitespace=True)
        for rule in rules:
            if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
                continue
            for decl in tinycss2.parse_blocks_contents(rule.content or []):
                if decl.type == "declaration" and decl.lower_name == "font-family":
                    families.add(tinycss2.serialize(decl.value).strip().strip("\"'"))
    return frozenset(families)


@cache
def _house_styles(files: tuple[Path, ...], page_size: str, roots: tuple[Path, ...]) -> HouseStyles:
    """Parse the house CSS and register its fonts once per process, not once per brief.

    Parsing the stylesheets and loading ten font files into a fresh fontconfig setup costs more
    than laying out a one-page brief (see benchmarks/bench_pdf.py). The key holds only the
    styles' own folders, not the project's, so a worker that renders manuscripts of many
    projects (a Dask worker gets one folder per task) still parses them once.
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(roots)
    font_config = FontConfiguration()
    sheets = [CSS(filename=str(f), font_config=font_config, url_fetcher=fetcher) for f in files]
    sheets.append(CSS(string=f"@page {{ size: {page_size}; }}", font_config=font_config))
    # Pool workers end with os._exit, which skips atexit, but run multiprocessing's finalisers
    # first; registered here, by the process that made the fonts' folder, not by its parent.
    multiprocessing_util.Finalize(None, _clear_house_styles, exitpriority=10)
    return HouseStyles(sheets, font_config, _font_face_families(files))


def _clear_house_styles() -> None:
    """Drop the cached font configurations while the interpreter is still whole.

    Their finaliser deletes WeasyPrint's temporary copy of the fonts (4 MB); left to module
    teardown, it fails and leaves the folder behind.
    """
    _house_styles.cache_clear()
    gc.collect()  # a font configuration sits in reference cycles; finalise it now


atexit.register(_clear_house_styles)


class _GlyphWatch(logging.Filter):
    """Notes WeasyPrint's missing-glyph warnings; passes on only what its logger's level would.

    WeasyPrint 70 logs each character no font can draw as a WARNING on the "weasyprint" logger
    ('.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)') while it
    draws the page. The CLI silences that logger below ERROR, so the renderer lowers the level
    for the duration of a render and this filter keeps the CLI's quiet for everything else.
    """

    def __init__(self, threshold: int):
        super().__init__()
        self.threshold = threshold
        self.missing: dict[str, None] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(".notdef glyph") and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            self.missing[str(args[0])] = None
        return record.levelno >= self.threshold


@contextmanager
def _watching_glyphs() -> Iterator[_GlyphWatch]:
    logger = logging.getLogger("weasyprint")
    level = logger.level
    watch = _GlyphWatch(logger.getEffectiveLevel())
    logger.addFilter(watch)
    logger.setLevel(min(logging.WARNING, watch.threshold))
    try:
        yield watch
    finally:
        logger.removeFilter(watch)
        logger.setLevel(level)


def _report_fonts(missing: list[str], fallbacks: dict[str, str]) -> None:
    """One warning per kind of trouble: characters printed as boxes, or in a machine's fonts."""
    if missing:
        shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:8])
        log.warning("missing glyphs: no font can draw %s; they print as empty boxes", shown)
    if fallbacks:
        shown = "; ".join(f"{family} for {chars!r}" for family, chars in fallbacks.items())
        log.warning("characters set in this machine's fonts, not the house faces (%s); "
                    "add a face that covers them to styles/css/fonts.css", shown)


def _fallbacks(document: Any, families: frozenset[str]) -> dict[str, str]:
    """Fonts outside the house set that Pango reached for, and a sample of what they drew."""
    found: dict[str, str] = {}
    for font in getattr(document, "fonts", {}).values():
        family = getattr(font, "family", None)
        if family and family not in families:
            drawn = "".join(sorted(set("".join(getattr(font, "to_unicode", {}).values()))))
            found[family] = drawn.strip()[:12]
    return found


def _numbering(language: str) -> str:
    """The CLDR digits the byline's date is written in; the folio and list numbers follow.

    Persian and Dari count in Persian digits, Egyptian Arabic in Arabic-Indic ones, and
    Arabic without a region, as CLDR has it, in Latin digits.
    """
    from babel import Locale, UnknownLocaleError

    for tag in (language, language.split("-")[0], "fa" if language.startswith("prs") else ""):
        try:
            return Locale.parse(tag.replace("-", "_")).default_numbering_system or "latn"
        except (UnknownLocaleError, ValueError):
            continue
    return "latn"


def _justified(language: str, direction: str) -> bool:
    """Justify where words can be hyphenated, and in Arabic script, where it is the norm.

    Without hyphenation (Georgian, Turkish and other languages pyphen has no patterns for)
    long words leave justified lines full of holes; those briefs are set ragged.
    """
    import pyphen  # WeasyPrint's hyphenation dictionaries

    return direction == "rtl" or pyphen.language_fallback(language.replace("-", "_")) is not None


def markup(doc: Document, config: BuildConfig, base_dir: Path) -> str:
    """The brief's HTML, as WeasyPrint gets it (also what benchmarks/bench_pdf.py lays out)."""
    found = html.resolve_images(doc, base_dir, config)
    images = {src: path.as_uri() for src, path in found.items()}
    rendering = html.render(doc, images)
    context = html.context(doc, config, rendering)
    context["build_time"] = config.build_time.isoformat(timespec="seconds")
    context["numbering"] = _numbering(str(context["language"]).lower())
    context["justified"] = _justified(str(context["language"]), str(context["direction"]))
    return html.environment(config).get_template("pdf/brief.html").render(context)


def stylesheet_files(config: BuildConfig) -> tuple[Path, ...]:
    """The brief's stylesheets: the project's own where it has them, else the house's."""
    return tuple(html.style_file(config, name) for name in _STYLESHEETS)


def _style_roots(config: BuildConfig) -> tuple[Path, ...]:
    return tuple(sorted({d.resolve() for d in html.style_dirs(config)}))


def house_styles(config: BuildConfig) -> HouseStyles:
    """The styles for this config's styles folders and page size, parsed on first use."""
    return _house_styles(stylesheet_files(config), config.page_size, _style_roots(config))


def fetcher(config: BuildConfig) -> Any:
    """What WeasyPrint may read for a brief: the project's files and the styles, nothing else."""
    return _fetcher_class()(tuple(sorted({config.project_dir.resolve(), *_style_roots(config)})))


def write_options(config: BuildConfig) -> dict[str, Any]:
    """write_pdf's options: tagged whatever the variant, so every brief stays accessible."""
    variant = None if config.pdf_variant == "none" else config.pdf_variant
    return {"pdf_variant": variant, "pdf_tags": True}


def render(doc: Document, config: BuildConfig, base_dir: Path) -> bytes:
    """The PDF's bytes."""
    from weasyprint import HTML

    styles = house_styles(config)
    page = markup(doc, config, base_dir)
    options = write_options(config)
    with _watching_glyphs() as watch:
        try:
            document = HTML(string=page, base_url=str(base_dir.resolve()) + "/",
                            url_fetcher=fetcher(config)).render(
                font_config=styles.font_config, stylesheets=styles.sheets, **options)
            pdf = document.write_pdf(**options)
        except Exception as e:  # WeasyPrint raises many kinds; the user needs one line
            raise RenderError(f"could not lay out the PDF: {e}") from e
    _report_fonts(list(watch.missing), _fallbacks(document, styles.families))
    assert isinstance(pdf, bytes)
    return pdf
