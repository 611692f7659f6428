"""Source formats: one reader per file suffix, each `(source, diagnostics) -> Document`.

A reader gets the manuscript's bytes (a `Source`) and decodes them itself: a scraped page or a
Markdown file is text in some encoding, an HTML page names its own charset, a `.docx` is a zip.
What a reader is unsure of goes into the `Diagnostics` it is handed. Reader modules are
imported when first used: a build of Markdown never loads trafilatura or mammoth.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import Document
from publisher.readers.source import Source

Reader = Callable[[Source, Diagnostics], Document]

# Suffix -> the module of publisher.readers whose `read` reads it.
READERS: dict[str, str] = {
    ".txt": "scraped",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".docm": "docx",  # refused, with the reason: macros
}


def reader_for(source: Source) -> Reader:
    name = READERS.get(source.path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(READERS))
        raise ManuscriptError(
            f"unknown manuscript type '{source.path.suffix}'; use one of {known}", source.path
        )
    reader: Reader = importlib.import_module(f"publisher.readers.{name}").read
    return reader
