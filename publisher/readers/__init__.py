"""Source formats: one reader per file suffix, each `(source, diagnostics) -> Document`.

A reader gets the manuscript's bytes (a `Source`) and decodes them itself: a scraped page or a
Markdown file is text in some encoding, an HTML page names its own charset, a `.docx` is a zip.
What a reader is unsure of goes into the `Diagnostics` it is handed.
"""

from __future__ import annotations

from collections.abc import Callable

from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import Document
from publisher.readers import docx, html, markdown, text
from publisher.readers.decoding import decode
from publisher.readers.source import Source

Reader = Callable[[Source, Diagnostics], Document]


def read_scraped(source: Source, diagnostics: Diagnostics) -> Document:
    """A page's text as a browser copies it: decoded, then read by its shape."""
    content = decode(source.data, source.path, diagnostics)
    if not content.strip():
        raise ManuscriptError("the manuscript is empty", source.path)
    return text.read(content, source.path, diagnostics)


READERS: dict[str, Reader] = {
    ".txt": read_scraped,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".docx": docx.read,
    ".docm": docx.read,  # refused, with the reason: macros
}


def reader_for(source: Source) -> Reader:
    reader = READERS.get(source.path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ManuscriptError(
            f"unknown manuscript type '{source.path.suffix}'; use one of {known}", source.path)
    return reader
