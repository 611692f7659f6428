"""Reads a page's text as a browser copies it: decoded first, then read by its shape (text.py)."""

from __future__ import annotations

from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import Document
from publisher.readers import text
from publisher.readers.decoding import decode
from publisher.readers.source import Source


def read(source: Source, diagnostics: Diagnostics) -> Document:
    content = decode(source.data, source.path, diagnostics)
    if not content.strip():
        raise ManuscriptError("the manuscript is empty", source.path)
    return text.read(content, source.path, diagnostics)
