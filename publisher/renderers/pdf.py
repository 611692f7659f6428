"""Lays out the shared XHTML rendering as a printable PDF brief with WeasyPrint."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from publisher.config import BuildConfig
from publisher.errors import RenderError
from publisher.model import Document
from publisher.renderers import html

_STYLESHEETS = ("css/fonts.css", "css/base.css", "css/print.css")


class _MissingGlyphs(logging.Handler):
    """Collects WeasyPrint's reports of text no font could draw."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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


@cache
def _house_styles(files: tuple[Path, ...], page_size: str, roots: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    """Parse the house CSS and register its fonts once per process, not once per brief."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(roots)
    font_config = FontConfiguration()
    sheets = [CSS(filename=str(f), font_config=font_config, url_fetcher=fetcher) for f in files]
    sheets.append(CSS(string=f"@page {{ size: {page_size}; }}", font_config=font_config))
    return sheets, font_config, fetcher


def render(doc: Document, config: BuildConfig, base_dir: Path) -> bytes:
    """The PDF's bytes."""
    from weasyprint import HTML

    files = tuple(html.style_file(config, name) for name in _STYLESHEETS)
    roots = tuple(sorted({config.project_dir.resolve(), *(d.resolve() for d in
                                                          html.style_dirs(config))}))
    sheets, font_config, fetcher = _house_styles(files, config.page_size, roots)
    found = html.resolve_images(doc, base_dir, config)
    images = {src: path.as_uri() for src, path in found.items()}
    rendering = html.render(doc, images)
    context = html.context(doc, config, rendering)
    markup = html.environment(config).get_template("pdf/brief.html").render(context)
    glyphs = _MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(glyphs)
    try:
        document = HTML(string=markup, base_url=str(base_dir.resolve()) + "/",
                        url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=sheets, font_config=font_config)
    except Exception as e:  # WeasyPrint raises many kinds; the user needs one line
        raise RenderError(f"could not lay out the PDF: {e}") from e
    finally:
        logger.removeHandler(glyphs)
    missing = [m for m in glyphs.messages if "glyph" in m.lower()]
    if missing:
        logging.getLogger(__name__).warning("missing glyphs: %s", "; ".join(missing[:3]))
    assert isinstance(pdf, bytes)
    return pdf
