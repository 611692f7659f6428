"""Documents -> Edition: the house's additions that make manuscripts an edition.

The identifier, the Byline after the title, and the author's bio and the Disclaimer at the
end are model nodes, so both renderers show the same words and golden files record them.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from publisher.config import BuildConfig
from publisher.model import Bio, Byline, Disclaimer, Document, Edition, Text

# Identifiers are UUIDs derived from what names the article, so a rebuild keeps its identity.
_NAMESPACE = uuid.UUID("6f0d6d4e-8b1f-5b4c-9a57-7075626c6973")


def identifier(doc: Document, slug: str, config: BuildConfig) -> str:
    if doc.metadata.identifier:
        return doc.metadata.identifier
    key = doc.metadata.source_url or f"{config.publication or ''}/{slug}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def make_article(doc: Document, config: BuildConfig, slug: str) -> Document:
    """One article as the house publishes it: identified, signed, and with its notice."""
    meta = doc.metadata
    disclaimer = meta.disclaimer or config.disclaimer_for(meta.language)
    meta = replace(
        meta,
        identifier=identifier(doc, slug, config),
        disclaimer=disclaimer,
        publication=meta.publication or config.publication,
        language=meta.language or config.language,
    )
    blocks = list(doc.blocks)
    if meta.authors or meta.published:
        blocks.insert(0, Byline(authors=meta.authors, published=meta.published))
    if meta.author_bio:
        blocks.append(Bio((Text(meta.author_bio),)))
    if disclaimer:
        blocks.append(Disclaimer((Text(disclaimer),)))
    return replace(doc, metadata=meta, blocks=tuple(blocks))


def make_edition(doc: Document, config: BuildConfig, slug: str) -> Edition:
    """The edition of a single article: that article, under its own metadata."""
    article = make_article(doc, config, slug)
    return Edition(slug=slug, metadata=article.metadata, documents=(article,))
