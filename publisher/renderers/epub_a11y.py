"""EPUB Accessibility 1.1 metadata: what the book has, and a conformance claim only if it holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from publisher import assets
from publisher.model import plain_text
from publisher.renderers import Job

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


@dataclass(frozen=True, slots=True)
class Pictures:
    """What the book's images are and how well they are described."""

    all_alt: bool  # every picture in the article has alt text (the cover always has)
    described: bool  # every picture has alt text or a caption


def pictures(job: Job) -> Pictures:
    figures = [
        f
        for doc, found in zip(job.edition.documents, job.assets.images, strict=True)
        for f in assets.document_figures(doc)
        if f.src and f.src in found
    ]
    alt = [bool((f.alt or "").strip()) for f in figures]
    captioned = [bool(plain_text(f.caption).strip()) for f in figures]
    return Pictures(all(alt), all(a or c for a, c in zip(alt, captioned, strict=True)))


def describe(book: Any, job: Job, context: dict[str, Any], pictures: Pictures) -> None:
    """EPUB Accessibility 1.1 metadata: only what the book has, and a claim only if it holds."""

    def meta(name: str, value: str, **attributes: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **attributes})

    # The cover is a picture in every edition, and it always has its text as alt text.
    meta("schema:accessMode", "textual")
    meta("schema:accessMode", "visual")
    meta("schema:accessModeSufficient", "textual,visual")
    if pictures.described:
        meta("schema:accessModeSufficient", "textual")
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "ARIA",
        "displayTransformability",
    ]
    if pictures.all_alt:
        features.append("alternativeText")
    for feature in features:
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    key = "accessibility_summary" if pictures.described else "accessibility_summary_partial"
    language = job.styles.label_language(context["language"], key)
    extra = {XML_LANG: language} if language != context["language"] else {}
    meta("schema:accessibilitySummary", context["labels"][key], **extra)
    if pictures.described:
        # A picture with neither alt text nor caption fails WCAG 1.1.1: then no claim is made.
        meta("dcterms:conformsTo", CONFORMANCE)
        meta("a11y:certifiedBy", context["meta"].publication or "publisher")
