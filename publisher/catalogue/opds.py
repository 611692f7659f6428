"""The shelf as OPDS 1.2 catalogues (Atom) for reading apps: dist/opds.xml, every edition,
and with several languages dist/opds/LANG.xml per language and a navigation feed over them.

Every link is relative, so the folder can be hosted anywhere; ids are URNs derived from the
editions' identifiers, so a reading app recognises an edition across rebuilds.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from publisher import languages
from publisher.catalogue.shelf import Entry

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
REL_ACQUIRE = "http://opds-spec.org/acquisition"
REL_IMAGE = "http://opds-spec.org/image"
REL_THUMBNAIL = "http://opds-spec.org/image/thumbnail"
REL_FACET = "http://opds-spec.org/facet"
FEED = "opds.xml"
FOLDER = "opds"  # the per-language feeds and the navigation feed over them
NAVIGATION_FEED = "index.xml"
# Feed ids are derived from the publication's name in this namespace (entries use their own).
_NAMESPACE = uuid.UUID("3b0a3c56-52a8-5f0e-9d4c-6f7064732d31")
_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


@dataclass(frozen=True, slots=True)
class Site:
    """What every feed of one catalogue shares."""

    title: str  # the catalogue's title in the project's language
    publication: str | None
    ui: str  # the project's language
    updated: str  # used when there are no entries
    facet_group: str  # what the language facets are called: "Language"


def safe_tag(language: str) -> str | None:
    """A language tag fit for a file name and xml:lang, or None."""
    return language.lower() if _TAG.match(language) else None


def entry_id(entry: Entry) -> str:
    """The edition's identifier when it is already a URI (urn:uuid:..., urn:isbn:...),
    else a UUID URN derived from it, so the id never changes between builds."""
    if entry.identifier and _SCHEME.match(entry.identifier):
        return entry.identifier
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, entry.identifier or entry.slug)}"


def feed_id(site: Site, part: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{site.publication or site.title}/{part}')}"


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _link(parent: Any, rel: str, href: str, kind: str, **attrs: str) -> Any:
    return _sub(parent, f"{{{ATOM}}}link", rel=rel, href=href, type=kind, **attrs)


def _entry(feed: Any, entry: Entry, up: str) -> None:
    """One edition: its metadata, an acquisition link per format, its cover."""
    item = _sub(feed, f"{{{ATOM}}}entry")
    tag = safe_tag(entry.language)
    if tag:
        item.set(XML_LANG, tag)
    _sub(item, f"{{{ATOM}}}title", entry.title)
    _sub(item, f"{{{ATOM}}}id", entry_id(entry))
    _sub(item, f"{{{ATOM}}}updated", entry.updated or "1970-01-01T00:00:00Z")
    for name in entry.authors:
        _sub(_sub(item, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", name)
    _sub(item, f"{{{DC}}}language", entry.language)
    if entry.published:
        _sub(item, f"{{{DC}}}issued", entry.published.isoformat())
    if entry.summary:
        _sub(item, f"{{{ATOM}}}summary", entry.summary, type="text")
    _link(item, "alternate", f"{up}index.html#{quote('e-' + entry.slug)}", "text/html")
    for download in entry.downloads:
        _link(
            item,
            REL_ACQUIRE,
            up + download.href,
            download.media_type,
            title=download.format.upper(),
            length=str(download.size),
        )
    if entry.cover:
        _link(item, REL_IMAGE, up + entry.cover.full_href, entry.cover.media_type)
        _link(item, REL_THUMBNAIL, up + entry.cover.thumbnail_href, entry.cover.thumbnail_type)


def _feed(site: Site, title: str, part: str, updated: str) -> Any:
    from lxml import etree

    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS})
    feed.set(XML_LANG, safe_tag(site.ui) or "en")
    _sub(feed, f"{{{ATOM}}}id", feed_id(site, part))
    _sub(feed, f"{{{ATOM}}}title", title)
    _sub(feed, f"{{{ATOM}}}updated", updated)
    # An entry with no byline (an unsigned editorial) is the publication's.
    _sub(_sub(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", site.publication or site.title)
    return feed


def _latest(entries: list[Entry], site: Site) -> str:
    return max((e.updated for e in entries if e.updated), default=site.updated)


def _bytes(feed: Any) -> bytes:
    from lxml import etree

    data: bytes = etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return data


def acquisition(site: Site, entries: list[Entry], tags: list[str], tag: str | None) -> bytes:
    """The acquisition feed of every edition (tag None, at the root) or of one language (in
    opds/); with several languages, facet links lead from one to another."""
    up = "" if tag is None else "../"
    here = FEED if tag is None else f"{tag}.xml"
    title = (
        site.title if tag is None else (f"{site.title}: {languages.language_name(tag, site.ui)}")
    )
    chosen = [e for e in entries if tag is None or safe_tag(e.language) == tag]
    feed = _feed(site, title, "opds" if tag is None else f"opds/{tag}", _latest(chosen, site))
    _link(feed, "self", here, ACQUISITION)
    _link(feed, "start", f"{up}{FEED}", ACQUISITION)
    _link(feed, "alternate", f"{up}index.html", "text/html")
    if len(tags) > 1:
        into = "" if tag else f"{FOLDER}/"
        _link(feed, "subsection", f"{into}{NAVIGATION_FEED}", NAVIGATION)
        for other in tags:
            facet = _link(
                feed,
                REL_FACET,
                f"{into}{other}.xml",
                ACQUISITION,
                title=languages.language_name(other, site.ui),
            )
            facet.set(f"{{{OPDS}}}facetGroup", site.facet_group)
            if other == tag:
                facet.set(f"{{{OPDS}}}activeFacet", "true")
    for entry in chosen:
        _entry(feed, entry, up)
    return _bytes(feed)


def navigation(site: Site, entries: list[Entry], tags: list[str], title: str) -> bytes:
    """opds/index.xml: one entry per language, each leading to that language's feed."""
    feed = _feed(site, title, "opds/languages", _latest(entries, site))
    _link(feed, "self", NAVIGATION_FEED, NAVIGATION)
    _link(feed, "start", f"../{FEED}", ACQUISITION)
    _link(feed, "up", f"../{FEED}", ACQUISITION)
    for tag in tags:
        chosen = [e for e in entries if safe_tag(e.language) == tag]
        item = _sub(feed, f"{{{ATOM}}}entry")
        _sub(item, f"{{{ATOM}}}title", languages.language_name(tag, site.ui))
        _sub(item, f"{{{ATOM}}}id", feed_id(site, f"opds/{tag}"))
        _sub(item, f"{{{ATOM}}}updated", _latest(chosen, site))
        _sub(item, f"{{{ATOM}}}content", languages.language_name(tag, tag), type="text")
        _link(item, "subsection", f"{tag}.xml", ACQUISITION)
    return _bytes(feed)


def feeds(site: Site, entries: list[Entry], languages_title: str) -> dict[str, bytes]:
    """Every feed of the catalogue, by path relative to the output folder."""
    tags = sorted({t for t in (safe_tag(e.language) for e in entries) if t})
    out = {FEED: acquisition(site, entries, tags, None)}
    if len(tags) > 1:
        out[f"{FOLDER}/{NAVIGATION_FEED}"] = navigation(site, entries, tags, languages_title)
        for tag in tags:
            out[f"{FOLDER}/{tag}.xml"] = acquisition(site, entries, tags, tag)
    return out
