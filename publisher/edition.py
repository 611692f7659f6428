"""Documents -> Edition: the house's additions that make manuscripts an edition.

The identifier, the Byline after the title, and the author's bio and the Disclaimer at the
end are model nodes, so both renderers show the same words and golden files record them.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from publisher import languages
from publisher.collection import CollectionSpec
from publisher.config import BuildConfig
from publisher.model import Bio, Block, Byline, Disclaimer, Document, Edition, Metadata, Text

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


def _shared_notice(documents: list[Document], config: BuildConfig) -> str | None:
    """The house disclaimer, when every member that carries one carries the same: a brief
    prints it once at the end instead of after each article."""
    house = [
        config.disclaimer_for(d.metadata.language) for d in documents if not d.metadata.disclaimer
    ]
    if len(house) < 2 or len(set(house)) != 1 or house[0] is None:
        return None
    return house[0]


def make_collection(
    spec: CollectionSpec,
    documents: list[Document],
    slugs: list[str],
    intro: tuple[Block, ...],
    config: BuildConfig,
    slug: str,
) -> Edition:
    """A brief: its own title page metadata, each member whole, a shared notice once."""
    notice = _shared_notice(documents, config)
    members = []
    for doc, member_slug in zip(documents, slugs, strict=True):
        shared = notice is not None and not doc.metadata.disclaimer
        members.append(
            make_article(doc, replace(config, disclaimers={}) if shared else config, member_slug)
        )
    languages_used = {d.metadata.language for d in members}
    language = spec.language or (languages_used.pop() if len(languages_used) == 1 else None)
    language = language or config.language
    all_rtl = all(d.metadata.direction == "rtl" for d in members)
    meta = Metadata(
        title=spec.title,
        subtitle=spec.subtitle,
        authors=spec.editors,
        published=spec.published,
        language=language,
        direction="rtl" if all_rtl else languages.direction(language),
        publication=spec.publication or config.publication,
        cover=spec.cover,
        identifier=spec.identifier or identifier(Document(Metadata(), ()), slug, config),
    )
    disclaimer = (Disclaimer((Text(notice),)),) if notice else ()
    return Edition(
        slug=slug,
        metadata=meta,
        documents=tuple(members),
        collection=True,
        intro=intro,
        disclaimer=disclaimer,
    )
