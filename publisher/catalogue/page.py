"""The catalogue page, dist/index.html: the shelf's entries through the catalogue templates.

Each entry speaks its own language (lang, dir, its date in its own words); the page around
it, and the words about each entry (its language, its downloads), speak the project's.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from publisher import languages
from publisher.catalogue.shelf import Entry
from publisher.errors import RenderError
from publisher.styles import StyleSet

TEMPLATE = "catalogue/index.html"
STYLESHEET = "css/catalogue.css"  # copied beside index.html as catalogue.css
SCRIPT = "js/catalogue.js"  # copied beside index.html as catalogue.js


def file_size(size: int, language: str) -> str:
    """A file's size as people read it, in the language's units and digits: "183 kB"."""
    if size < 999_500:
        return _size_text(max(1, round(size / 1000)), "digital-kilobyte", language)
    return _size_text(round(size / 1_000_000, 1), "digital-megabyte", language)


@cache
def _size_text(amount: float, unit: str, language: str) -> str:
    # Pure, and Babel takes 0.2 ms a call: a shelf of 200 editions asks for 400 sizes.
    from babel.units import format_unit

    tag = languages.locale(language)
    if unit == "digital-kilobyte":
        text = format_unit(amount, unit, length="short", locale=tag)
    else:
        text = format_unit(amount, unit, length="short", locale=tag, format="#,##0.#")
    return languages.native_digits(str(text), language)


def _names(authors: tuple[str, ...], language: str) -> str:
    return languages.format_names(authors, language)


def _member(slug: str, by_slug: dict[str, Entry]) -> dict[str, Any]:
    member = by_slug.get(slug)
    if member is None:  # not on the shelf (never built alone): named, not linked
        return {"title": slug, "href": None, "lang": None, "dir": None, "authors": ""}
    return {
        "title": member.title,
        "href": f"#e-{slug}",
        "lang": member.language,
        "dir": member.direction,
        "authors": _names(member.authors, member.language),
    }


def _view(entry: Entry, by_slug: dict[str, Entry], styles: StyleSet, ui: str) -> dict[str, Any]:
    """What the entry template shows of one edition, every word already chosen."""
    own = styles.labels(entry.language)
    members = [_member(slug, by_slug) for slug in entry.members]
    searched = [entry.title, entry.subtitle or "", *entry.authors]
    searched += [m["title"] for m in members] + [m["authors"] for m in members]
    cover = None
    if entry.cover is not None:
        cover = {
            "src": entry.cover.thumbnail_href,
            "width": entry.cover.width,
            "height": entry.cover.height,
            "alt": f"{own['cover']}: {entry.title}",
        }
    return {
        "slug": entry.slug,
        "collection": entry.kind == "collection",
        "title": entry.title,
        "subtitle": entry.subtitle,
        "lang": entry.language,
        "dir": entry.direction,
        "authors": _names(entry.authors, entry.language),
        "date": entry.published.isoformat() if entry.published else None,
        "date_text": (
            languages.format_date(entry.published, entry.language) if entry.published else None
        ),
        "language": entry.language,
        "language_name": languages.language_name(entry.language, ui),
        "downloads": [
            {
                "label": d.format.upper(),
                "href": d.href,
                "type": d.media_type,
                "size": file_size(d.size, ui),
            }
            for d in entry.downloads
        ],
        "members": members,
        "cover": cover,
        "search": " ".join(s for s in searched if s),
    }


def context(
    entries: list[Entry], styles: StyleSet, ui: str, publication: str | None
) -> dict[str, Any]:
    """Everything the catalogue templates are given."""
    by_slug = {e.slug: e for e in entries}
    tags = sorted(
        {e.language for e in entries},
        key=lambda tag: (languages.language_name(tag, ui).casefold(), tag),
    )
    return {
        "lang": ui,
        "dir": languages.direction(ui),
        "labels": styles.labels(ui),
        "publication": publication,
        "entries": [_view(e, by_slug, styles, ui) for e in entries],
        "languages": [{"tag": t, "name": languages.language_name(t, ui)} for t in tags],
        "stylesheet": "catalogue.css",
        "script": "catalogue.js",
        "feed": "opds.xml",
    }


def render(entries: list[Entry], styles: StyleSet, ui: str, publication: str | None) -> bytes:
    """index.html's bytes; a broken template is an error naming it."""
    from jinja2 import TemplateError

    try:
        template = styles.environment().get_template(TEMPLATE)
        return template.render(context(entries, styles, ui, publication)).encode("utf-8")
    except TemplateError as e:
        where = getattr(e, "filename", None) or f"styles/templates/{TEMPLATE}"
        raise RenderError(
            f"the catalogue template failed ({e}); fix the template",
            where,
            getattr(e, "lineno", None),
        ) from e
