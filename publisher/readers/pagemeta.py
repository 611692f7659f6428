"""A web page's own metadata, best evidence first: JSON-LD, then OpenGraph and <meta> tags, then
the <html> element's lang and dir, then the dates its markup states (never guessed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "opinionnewsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "report",
        "liveblogposting",
        "scholarlyarticle",
    }
)
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page says of itself, before its body is read."""

    title: str | None = None
    title_from_tags: bool = False  # from og:title or <title>, which may end in the site's name
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    language: str | None = None
    direction: str | None = None
    source_url: str | None = None


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {str(k).rsplit("/", 1)[-1].casefold() for k in kinds}


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        yield value
        yield from _walk(value.get("@graph"))


def json_ld_article(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The page's first JSON-LD article object (NewsArticle, OpinionNewsArticle, Article...)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # a page's broken JSON-LD is its own business; other evidence remains
        for node in _walk(data):
            if _types(node) & _ARTICLE_TYPES:
                return node
    return {}


def _string(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("@id")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split()) or None
    return None


def _ld_authors(node: dict[str, Any]) -> tuple[str, ...]:
    value = node.get("author") or node.get("creator") or []
    names: list[str] = []
    for author in value if isinstance(value, list) else [value]:
        if isinstance(author, dict) and _types(author) & {"organization", "newsmediaorganization"}:
            continue  # an outlet, not a person
        name = _string(author)
        if name and not _is_url(name):
            names.append(name)
    return tuple(names)


def _is_url(text: str) -> bool:
    return bool(urlsplit(text).scheme) and "://" in text


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    """<meta> contents by lower-cased name, property, itemprop or http-equiv, in page order."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = " ".join((meta.get("content") or "").split())
        key = (
            meta.get("property")
            or meta.get("name")
            or meta.get("itemprop")
            or meta.get("http-equiv")
        )
        if key and content:
            found.setdefault(key.strip().lower(), []).append(content)
    return found


def parse_date(value: str | None) -> date | None:
    """The calendar date an ISO date or date-time starts with, as the page wrote it."""
    m = _ISO_DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def language_tag(value: str | None) -> str | None:
    """A BCP-47 tag from `lang`, `inLanguage` or `og:locale` ("fa_IR" is fa-IR)."""
    tag = (value or "").strip().replace("_", "-")
    return tag if _LANGUAGE_TAG.match(tag) and tag.lower() not in ("und", "mul", "zxx") else None


def _stated_date(tree: lxml_html.HtmlElement) -> date | None:
    """A publication date the markup states: an element marked `datePublished`, a <time
    pubdate>, or the page's one <time datetime>. Never a date found in the text or the address
    (htmldate reads both even without its extensive search, so it is not asked)."""
    for element in tree.xpath("//*[@itemprop='datePublished'] | //time[@pubdate]"):
        found = parse_date(
            element.get("content") or element.get("datetime") or element.text_content()
        )
        if found:
            return found
    stated = {d for d in (parse_date(t.get("datetime")) for t in tree.iter("time")) if d}
    return stated.pop() if len(stated) == 1 else None


def _web_url(*values: str | None) -> str | None:
    for value in values:
        if value and urlsplit(value).scheme in ("http", "https"):
            return value.strip()
    return None


class _Tags:
    """The page's <meta> tags, asked for by the first of several names that is there."""

    def __init__(self, tree: lxml_html.HtmlElement):
        self.found = _meta_tags(tree)

    def first(self, *keys: str) -> str | None:
        return next((self.found[k][0] for k in keys if k in self.found), None)

    def every(self, *keys: str) -> list[str]:
        return [value for k in keys for value in self.found.get(k, [])]


def _language(ld: dict[str, Any], root: lxml_html.HtmlElement, tags: _Tags) -> str | None:
    stated = (
        _string(ld.get("inLanguage")),
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        tags.first("content-language", "language", "dc.language"),
        tags.first("og:locale"),
    )
    return next((t for t in map(language_tag, stated) if t), None)


def _direction(root: lxml_html.HtmlElement) -> str | None:
    body = root.find(".//body")
    stated = (root.get("dir"), body.get("dir") if body is not None else None)
    return next(
        (d.strip().lower() for d in stated if d and d.strip().lower() in ("ltr", "rtl")), None
    )


def _canonical(tree: lxml_html.HtmlElement) -> str | None:
    links = tree.iter("link")
    return next(
        (
            link.get("href")
            for link in links
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        None,
    )


def read(tree: lxml_html.HtmlElement) -> PageMetadata:
    """The page's metadata: JSON-LD over OpenGraph and <meta> over the <html> element."""
    ld = json_ld_article(tree)
    tags = _Tags(tree)
    root = tree.getroottree().getroot()
    title = _string(ld.get("headline")) or _string(ld.get("name"))
    tag_title = tags.first("og:title", "twitter:title", "dc.title")
    authors = _ld_authors(ld) or tuple(
        a for a in tags.every("author", "article:author", "dc.creator") if not _is_url(a)
    )
    published = parse_date(_string(ld.get("datePublished"))) or next(
        (d for d in (parse_date(tags.first(k)) for k in _PUBLISHED_KEYS) if d), None
    )
    subtitle = (
        _string(ld.get("alternativeHeadline"))
        or _string(ld.get("description"))
        or tags.first("og:description", "description", "twitter:description")
    )
    return PageMetadata(
        title=title or tag_title,
        title_from_tags=not title and bool(tag_title),
        subtitle=subtitle,
        authors=authors,
        published=published or _stated_date(tree),
        language=_language(ld, root, tags),
        direction=_direction(root),
        source_url=_web_url(
            _string(ld.get("url")),
            _string(ld.get("mainEntityOfPage")),
            _canonical(tree),
            tags.first("og:url"),
        ),
    )
