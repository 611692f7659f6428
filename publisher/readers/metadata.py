"""Metadata fields from a YAML mapping: a Markdown manuscript's front matter, and a sidecar.

The keys are the same in both: a sidecar `NAME.meta.yaml` beside any manuscript corrects what
its reader found, field by field.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import Metadata

FRONT_MATTER_KEYS = {
    "title",
    "subtitle",
    "author",
    "authors",
    "author_bio",
    "date",
    "language",
    "lang",
    "direction",
    "disclaimer",
    "publication",
    "source_url",
    "identifier",
    "cover",
}

# Front-matter key -> Metadata field, for keys whose names differ.
FIELD_OF_KEY = {"author": "authors", "date": "published", "lang": "language"}


def _string(meta: dict[str, Any], key: str, source: Path) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    raise ManuscriptError(f"front matter '{key}' must be text, not {type(value).__name__}", source)


def _authors(meta: dict[str, Any], source: Path) -> tuple[str, ...]:
    value = meta.get("authors", meta.get("author"))
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return tuple(a.strip() for a in value if a.strip())
    raise ManuscriptError("front matter 'authors' must be a name or a list of names", source)


def _date(meta: dict[str, Any], source: Path) -> date | None:
    value = meta.get("date")
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as e:
        raise ManuscriptError(
            f"front matter date {value!r} is not a date; write it as YYYY-MM-DD", source
        ) from e


def _direction(meta: dict[str, Any], source: Path) -> str | None:
    value = _string(meta, "direction", source)
    if value is not None and value.lower() not in ("ltr", "rtl"):
        raise ManuscriptError(f"front matter direction {value!r} must be ltr or rtl", source)
    return value.lower() if value else None


def warn_unknown(meta: dict[str, Any], diagnostics: Diagnostics) -> None:
    unknown = sorted(set(meta) - FRONT_MATTER_KEYS)
    if unknown:
        diagnostics.warn("front matter", f"key(s) ignored: {', '.join(unknown)}")


def metadata_fields(meta: dict[str, Any], source: Path, diagnostics: Diagnostics) -> dict[str, Any]:
    """The Metadata fields that front matter (or a sidecar) sets, and only those."""
    warn_unknown(meta, diagnostics)
    full = metadata(meta, source)
    given = {FIELD_OF_KEY.get(key, key) for key in meta if key in FRONT_MATTER_KEYS}
    return {name: getattr(full, name) for name in given}


def metadata(meta: dict[str, Any], source: Path) -> Metadata:
    return Metadata(
        title=_string(meta, "title", source),
        subtitle=_string(meta, "subtitle", source),
        authors=_authors(meta, source),
        author_bio=_string(meta, "author_bio", source),
        published=_date(meta, source),
        language=_string(meta, "language", source) or _string(meta, "lang", source),
        direction=_direction(meta, source),
        disclaimer=_string(meta, "disclaimer", source),
        publication=_string(meta, "publication", source),
        source_url=_string(meta, "source_url", source),
        identifier=_string(meta, "identifier", source),
        cover=_string(meta, "cover", source),
    )


def load_mapping(raw: str, source: Path, what: str) -> dict[str, Any]:
    """YAML that must be a mapping of key: value lines (front matter, a sidecar)."""
    import yaml  # only when a manuscript has front matter or a sidecar

    # libyaml's loader where PyYAML was built with it: the same safe constructors, a tenth of
    # the pure-Python parser's time (half of a Markdown manuscript's reading).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        meta = yaml.load(raw, Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ManuscriptError(f"invalid {what}: {problem}; fix the YAML", source, line) from e
    except ValueError as e:  # YAML's own date type: "date: 2024-13-45"
        raise ManuscriptError(f"invalid {what}: {e}; write dates as YYYY-MM-DD", source) from e
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        # python-frontmatter would drop a list or a bare line silently; an editor should know.
        raise ManuscriptError(f"{what} must be a mapping of key: value lines", source)
    return meta


def sidecar_for(path: Path) -> Path:
    """Where an editor's corrections to a manuscript live: NAME.meta.yaml beside NAME.txt."""
    return path.with_name(f"{path.stem}.meta.yaml")
