"""Output formats: one renderer per format, each `(job) -> bytes`.

Renderer modules are imported when first used, so an EPUB-only build never loads WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publisher.assets import Assets
from publisher.config import BuildConfig
from publisher.diagnostics import Diagnostics
from publisher.model import Edition
from publisher.styles import StyleSet


@dataclass(frozen=True)
class Job:
    """Everything a renderer is given: the edition, its pictures, the config and styles.

    Renderers add what they are unsure of (a glyph no house font has) to `diagnostics`.
    """

    edition: Edition
    assets: Assets
    config: BuildConfig
    styles: StyleSet
    diagnostics: Diagnostics
    base_dir: Path  # the folder relative references start from (the first document's)
    # What another process already did of this renderer's work (see `ahead`), or None.
    ahead: object | None = None


Renderer = Callable[[Job], bytes]

RENDERERS: dict[str, str] = {"epub": "publisher.renderers.epub", "pdf": "publisher.renderers.pdf"}


def renderer(fmt: str) -> Renderer:
    render: Renderer = importlib.import_module(RENDERERS[fmt]).render
    return render


def ahead(fmt: str, job: Job) -> object | None:
    """The part of a renderer's work that needs none of its heavy libraries, done here so that
    another process, still loading them, can skip it (None if the renderer has no such part).
    The result is plain data, passed on as the job's `ahead`."""
    module = importlib.import_module(RENDERERS[fmt])
    prepare: Callable[[Job], object] | None = getattr(module, "ahead", None)
    return prepare(job) if prepare is not None else None
