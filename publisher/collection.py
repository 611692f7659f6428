"""Reads a collection manuscript (`NAME.collection.yaml`): a brief's own metadata, its
introduction, and the member manuscripts it binds, each checked and named by its line.

```yaml
title: The Day's Brief
editors: [Nadia Rahimi]
date: 2024-03-14
language: en
publication: The Opinion Desk
intro: |
  Five pieces on ...
articles:
  - keep-the-transmitters-on.md
  - ../scraped/nowruz.txt
```
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.readers.metadata import metadata

SUFFIX = ".collection.yaml"
_KEYS = {
    "title",
    "subtitle",
    "editor",
    "editors",
    "date",
    "language",
    "lang",
    "publication",
    "intro",
    "cover",
    "identifier",
    "articles",
}


def is_collection(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIX)


def stem(path: Path) -> str:
    """The collection's name without `.collection.yaml`."""
    return path.name[: -len(SUFFIX)] if is_collection(path) else path.stem


@dataclass(frozen=True, slots=True)
class CollectionSpec:
    """What a collection file says, its members resolved to files inside the project."""

    path: Path
    title: str
    subtitle: str | None
    editors: tuple[str, ...]
    published: date | None
    language: str | None
    publication: str | None
    intro: str | None  # Markdown
    cover: str | None
    identifier: str | None
    members: tuple[Path, ...]


def _parse(text: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The mapping, and the line of each key (and of each article, keyed `articles[i]`)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ManuscriptError(
            f"invalid collection: {problem}; fix the YAML",
            path,
            mark.line + 1 if mark is not None else None,
        ) from e
    except ValueError as e:  # YAML's own date type: "date: 2024-13-45"
        raise ManuscriptError(f"invalid collection: {e}; write dates as YYYY-MM-DD", path) from e
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ManuscriptError("a collection must be a mapping of key: value lines", path)
    lines: dict[str, int] = {}
    for key, value in node.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if key.value == "articles" and isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                lines[f"articles[{i}]"] = item.start_mark.line + 1
    return data, lines


def _member(entry: Any, line: int, path: Path, project_dir: Path, seen: dict[Path, int]) -> Path:
    if not isinstance(entry, str) or not entry.strip():
        raise ManuscriptError("each article must be the path of a manuscript", path, line)
    relative = entry.strip()
    member = (path.parent / relative).resolve()
    if not member.is_relative_to(project_dir.resolve()):
        raise ManuscriptError(
            f"article '{relative}' is outside the project folder; copy it in", path, line
        )
    if not member.is_file():
        raise ManuscriptError(f"article '{relative}' not found", path, line)
    if is_collection(member):
        raise ManuscriptError(
            f"article '{relative}' is itself a collection; list its articles instead", path, line
        )
    if member in seen:
        raise ManuscriptError(
            f"article '{relative}' is listed twice (first on line {seen[member]}); list it once",
            path,
            line,
        )
    seen[member] = line
    return member


def _members(
    data: dict[str, Any], lines: dict[str, int], path: Path, project_dir: Path
) -> tuple[Path, ...]:
    articles = data.get("articles")
    if not isinstance(articles, list) or not articles:
        raise ManuscriptError(
            "a collection needs `articles:`, a list of manuscripts", path, lines.get("articles")
        )
    seen: dict[Path, int] = {}
    return tuple(
        _member(entry, lines.get(f"articles[{i}]", 0), path, project_dir, seen)
        for i, entry in enumerate(articles)
    )


def read(path: Path, data: bytes, project_dir: Path, diagnostics: Diagnostics) -> CollectionSpec:
    """The collection a file describes; a missing, outside, repeated or nested member is a
    one-line error naming its line."""
    from publisher.readers.decoding import decode

    text = decode(data, path, diagnostics)
    fields, lines = _parse(text, path)
    unknown = sorted(set(fields) - _KEYS)
    if unknown:
        diagnostics.warn("collection", f"key(s) ignored: {', '.join(unknown)}")
    members = _members(fields, lines, path, project_dir)
    # The keys a collection shares with front matter are read the same way.
    common = {
        k: v
        for k, v in fields.items()
        if v is not None
        and k
        in ("title", "subtitle", "date", "language", "lang", "publication", "cover", "identifier")
    }
    editors = fields.get("editors", fields.get("editor"))
    meta = metadata({**common, **({"authors": editors} if editors is not None else {})}, path)
    if not meta.title:
        raise ManuscriptError("a collection needs a `title:`", path, lines.get("title"))
    intro = fields.get("intro")
    if intro is not None and not isinstance(intro, str):
        raise ManuscriptError("`intro:` must be Markdown text", path, lines.get("intro"))
    return CollectionSpec(
        path,
        meta.title,
        meta.subtitle,
        meta.authors,
        meta.published,
        meta.language,
        meta.publication,
        intro,
        meta.cover,
        meta.identifier,
        members,
    )
