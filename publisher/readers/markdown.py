"""Reads a Markdown manuscript (YAML front matter and a CommonMark body) into a Document."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from publisher.errors import ManuscriptError
from publisher.model import (
    Block,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    List,
    ListItem,
    Metadata,
    Paragraph,
    Quote,
    SectionBreak,
    Strong,
    Text,
    plain_text,
)

log = logging.getLogger(__name__)

FRONT_MATTER_KEYS = {
    "title", "subtitle", "author", "authors", "author_bio", "date", "language", "lang",
    "direction", "disclaimer", "publication", "source_url", "identifier", "cover",
}

# Front-matter key -> Metadata field, for keys whose names differ.
FIELD_OF_KEY = {"author": "authors", "date": "published", "lang": "language"}

# Raw HTML is not passed through: a contributor's <script> must never reach an edition.
_PARSER = MarkdownIt("commonmark", {"html": False})
# Every link and image is kept as written so that the pipeline's own checks judge it (and name
# it in the error): unsafe links are unlinked in normalize, outside images refused at render.
_PARSER.validateLink = lambda url: True


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


def metadata_fields(meta: dict[str, Any], source: Path) -> dict[str, Any]:
    """The Metadata fields that front matter (or a sidecar) sets, and only those."""
    unknown = sorted(set(meta) - FRONT_MATTER_KEYS)
    if unknown:
        log.warning("front matter: key(s) ignored: %s", ", ".join(unknown))
    full = _metadata(meta, source)
    given = {FIELD_OF_KEY.get(key, key) for key in meta if key in FRONT_MATTER_KEYS}
    return {name: getattr(full, name) for name in given}


def _metadata(meta: dict[str, Any], source: Path) -> Metadata:
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


def _inlines(node: SyntaxTreeNode, source: Path) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for child in node.children:
        match child.type:
            case "text" | "code_inline" | "html_inline":
                out.append(Text(child.content))
            case "softbreak":
                out.append(Text(" "))
            case "hardbreak":
                out.append(LineBreak())
            case "em":
                out.append(Emphasis(_inlines(child, source)))
            case "strong":
                out.append(Strong(_inlines(child, source)))
            case "link":
                out.append(Link(str(child.attrs.get("href", "")), _inlines(child, source)))
            case "image":
                # The model has no inline pictures; keep what the picture says.
                log.warning("%s: an image inside a paragraph is kept as its alt text", source)
                out.append(Text(_alt(child)))
            case other:
                log.warning("%s: dropped unsupported inline %s", source, other)
    return tuple(out)


def _alt(image: SyntaxTreeNode) -> str:
    return "".join(t.content for t in image.children if t.type in ("text", "code_inline"))


def _figure(paragraph: SyntaxTreeNode) -> Figure | None:
    """A paragraph that is only an image is a figure; its alt text is also its caption."""
    inline = paragraph.children[0] if paragraph.children else None
    if inline is None or len(inline.children) != 1 or inline.children[0].type != "image":
        return None
    image = inline.children[0]
    alt = _alt(image)
    caption = str(image.attrs.get("title") or alt)
    # The parser percent-encodes the reference; the model keeps it as the author wrote it.
    src = unquote(str(image.attrs.get("src", ""))) or None
    return Figure(src=src, caption=(Text(caption),), alt=alt)


def _blocks(nodes: list[SyntaxTreeNode], source: Path) -> tuple[Block, ...]:
    out: list[Block] = []
    for node in nodes:
        match node.type:
            case "heading":
                level = int(node.tag[1:])
                out.append(Heading(level, _inlines(node.children[0], source)))
            case "paragraph":
                figure = _figure(node)
                if figure is not None:
                    out.append(figure)
                elif node.children:
                    out.append(Paragraph(_inlines(node.children[0], source)))
            case "blockquote":
                out.append(Quote(_blocks(node.children, source)))
            case "bullet_list" | "ordered_list":
                items = tuple(ListItem(_blocks(i.children, source)) for i in node.children)
                ordered = node.type == "ordered_list"
                start = int(node.attrs.get("start", 1)) if ordered else None
                out.append(List(ordered=ordered, items=items, start=start))
            case "hr":
                out.append(SectionBreak())
            case "code_block" | "fence":
                log.warning("%s: a code block is kept as a plain paragraph", source)
                out.append(Paragraph((Text(node.content.rstrip("\n")),)))
            case other:
                log.warning("%s: dropped unsupported block %s", source, other)
    return tuple(out)


def _front_matter(text: str, source: Path) -> tuple[dict[str, Any], str]:
    """The front matter as a mapping, and the body after it."""
    handler = YAMLHandler()
    if not handler.detect(text):
        return {}, text
    try:
        raw, body = handler.split(text)
    except ValueError as e:  # an opening "---" with no closing one
        raise ManuscriptError("front matter opens with --- but never closes; add the closing "
                              "--- line", source, 1) from e
    return load_mapping(raw, source, "front matter"), body


def load_mapping(raw: str, source: Path, what: str) -> dict[str, Any]:
    """YAML that must be a mapping of key: value lines (front matter, a sidecar)."""
    try:
        meta = yaml.safe_load(raw)
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


def read(text: str, source: Path) -> Document:
    meta, body = _front_matter(text, source)
    unknown = sorted(set(meta) - FRONT_MATTER_KEYS)
    if unknown:
        log.warning("front matter: key(s) ignored: %s", ", ".join(unknown))
    metadata = _metadata(meta, source)
    tree = SyntaxTreeNode(_PARSER.parse(body))
    blocks = _blocks(tree.children, source)
    # A manuscript without a title in its front matter may open with one as a level-1 heading.
    opening = blocks[0] if blocks else None
    if metadata.title is None and isinstance(opening, Heading) and opening.level == 1:
        metadata = replace(metadata, title=plain_text(opening.content))
        blocks = blocks[1:]
    return Document(metadata=metadata, blocks=blocks)

