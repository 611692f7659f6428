"""Reads a Markdown manuscript (YAML front matter and a CommonMark body) into a Document."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from publisher.diagnostics import Diagnostics
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
    Note,
    NoteRef,
    Paragraph,
    Quote,
    SectionBreak,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    plain_text,
)
from publisher.readers.decoding import decode
from publisher.readers.metadata import load_mapping, metadata, warn_unknown
from publisher.readers.source import Source


# Raw HTML is not passed through: a contributor's <script> must never reach an edition.
class _Parser(MarkdownIt):
    """CommonMark that keeps every link and image as written, so that the pipeline's own
    checks judge it (and name it in the error): unsafe links are unlinked in normalize,
    outside images refused at render."""

    def validateLink(self, url: str) -> bool:
        return True


# GitHub-style tables and footnotes ("text[^1]" ... "[^1]: the note") are read too.
_PARSER = _Parser("commonmark", {"html": False}).use(footnote_plugin).enable("table")


def _inlines(node: SyntaxTreeNode, diagnostics: Diagnostics) -> tuple[Inline, ...]:
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
                out.append(Emphasis(_inlines(child, diagnostics)))
            case "strong":
                out.append(Strong(_inlines(child, diagnostics)))
            case "link":
                out.append(Link(str(child.attrs.get("href", "")), _inlines(child, diagnostics)))
            case "footnote_ref":
                out.append(NoteRef(_note_id(child.meta)))
            case "footnote_anchor":
                pass  # the back-link the renderers draw themselves
            case "image":
                # The model has no inline pictures; keep what the picture says.
                diagnostics.warn("images", "an image inside a paragraph is kept as its alt text")
                out.append(Text(_alt(child)))
            case other:
                diagnostics.warn("markup", f"dropped unsupported inline {other}")
    return tuple(out)


def _note_id(meta: dict[str, Any]) -> str:
    return f"fn-{meta.get('label', meta.get('id'))}"


def _table(node: SyntaxTreeNode, diagnostics: Diagnostics) -> Table:
    """A GitHub-style table: its first row is the header."""
    parts: dict[str, tuple[TableRow, ...]] = {"thead": (), "tbody": ()}
    for part in node.children:
        parts[part.type] = tuple(
            TableRow(
                tuple(
                    TableCell(
                        (Paragraph(_inlines(cell.children[0], diagnostics)),)
                        if cell.children
                        else ()
                    )
                    for cell in row.children
                )
            )
            for row in part.children
        )
    return Table(head=parts["thead"], body=parts["tbody"])


def _notes(nodes: list[SyntaxTreeNode], diagnostics: Diagnostics) -> tuple[Note, ...]:
    return tuple(
        Note(_note_id(note.meta), _blocks(note.children, diagnostics))
        for block in nodes
        if block.type == "footnote_block"
        for note in block.children
    )


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


def _blocks(nodes: list[SyntaxTreeNode], diagnostics: Diagnostics) -> tuple[Block, ...]:
    out: list[Block] = []
    for node in nodes:
        match node.type:
            case "heading":
                level = int(node.tag[1:])
                out.append(Heading(level, _inlines(node.children[0], diagnostics)))
            case "paragraph":
                figure = _figure(node)
                if figure is not None:
                    out.append(figure)
                elif node.children:
                    out.append(Paragraph(_inlines(node.children[0], diagnostics)))
            case "blockquote":
                out.append(Quote(_blocks(node.children, diagnostics)))
            case "bullet_list" | "ordered_list":
                items = tuple(ListItem(_blocks(i.children, diagnostics)) for i in node.children)
                ordered = node.type == "ordered_list"
                start = int(node.attrs.get("start", 1)) if ordered else None
                out.append(List(ordered=ordered, items=items, start=start))
            case "hr":
                out.append(SectionBreak())
            case "table":
                out.append(_table(node, diagnostics))
            case "footnote_block":
                pass  # read by _notes
            case "code_block" | "fence":
                diagnostics.warn("markup", "a code block is kept as a plain paragraph")
                out.append(Paragraph((Text(node.content.rstrip("\n")),)))
            case other:
                diagnostics.warn("markup", f"dropped unsupported block {other}")
    return tuple(out)


def _front_matter(text: str, source: Path) -> tuple[dict[str, Any], str]:
    """The front matter as a mapping, and the body after it."""
    handler = YAMLHandler()
    if not handler.detect(text):
        return {}, text
    try:
        raw, body = handler.split(text)
    except ValueError as e:  # an opening "---" with no closing one
        raise ManuscriptError(
            "front matter opens with --- but never closes; add the closing --- line", source, 1
        ) from e
    return load_mapping(raw, source, "front matter"), body


def read(source: Source, diagnostics: Diagnostics) -> Document:
    text = decode(source.data, source.path, diagnostics)
    if not text.strip():
        raise ManuscriptError("the manuscript is empty", source.path)
    meta, body = _front_matter(text, source.path)
    warn_unknown(meta, diagnostics)
    fields = metadata(meta, source.path)
    tree = SyntaxTreeNode(_PARSER.parse(body))
    blocks = _blocks(tree.children, diagnostics)
    notes = _notes(tree.children, diagnostics)
    # A manuscript without a title in its front matter may open with one as a level-1 heading.
    opening = blocks[0] if blocks else None
    if fields.title is None and isinstance(opening, Heading) and opening.level == 1:
        fields = replace(fields, title=plain_text(opening.content))
        blocks = blocks[1:]
    return Document(metadata=fields, blocks=blocks, notes=notes)


def parse_blocks(text: str, diagnostics: Diagnostics) -> tuple[Block, ...]:
    """Markdown text that is not a manuscript (a collection's introduction) as blocks."""
    return _blocks(SyntaxTreeNode(_PARSER.parse(text)).children, diagnostics)
