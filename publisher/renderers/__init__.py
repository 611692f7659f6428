"""Output formats: one renderer per format, each `(doc, config, base_dir) -> bytes`.

Renderer modules are imported when first used, so an EPUB-only build never loads WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from publisher.config import BuildConfig
from publisher.model import Document

Renderer = Callable[[Document, BuildConfig, Path], bytes]

RENDERERS: dict[str, str] = {"epub": "publisher.renderers.epub", "pdf": "publisher.renderers.pdf"}


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(RENDERERS[fmt]).render  # type: ignore[no-any-return]
