"""Maps an HTML-like element tree (a page's article as trafilatura extracts it, a Word
document as mammoth converts it) onto model blocks and inlines.

Only what the model can say is kept: an element the model has no node for gives its text, and
scripts, forms, frames and embedded objects give nothing. So no markup, attribute or event
handler of the source ever reaches an edition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from publisher.model import (
    Block,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    List,
    ListItem,
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

# Never read, not even for their text.
# fmt: off
SKIPPED = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "form", "input", "button", "select", "option", "textarea", "svg", "math", "canvas",
    "audio", "video", "source", "track", "map", "head", "title", "meta", "link", "base",
    "comments", "fw",
})
_CONTAINERS = frozenset({
    "body", "html", "doc", "main", "div", "section", "article", "header", "footer", "aside",
    "center", "dl", "dd", "dt", "details", "summary", "address", "hgroup", "nav", "tbody",
})
# fmt: on
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
_IMAGES = frozenset({"img", "graphic"})
# fmt: off
_BLOCKS = frozenset({
    "p", "head", "ul", "ol", "list", "li", "item", "blockquote", "quote", "table", "figure",
    "hr", "pre", "figcaption", "caption", *_HEADINGS, *_IMAGES, *_CONTAINERS,
})
# fmt: on


def _keep_href(href: str) -> str | None:
    return href


def _no_picture(src: str) -> str | None:
    return None


@dataclass(frozen=True)
class Context:
    """What the reader decides for the mapper: which pictures and links a tree may keep."""

    picture: Callable[[str], str | None] = _no_picture  # src as written -> model src, or None
    href: Callable[[str], str | None] = _keep_href  # link target -> href kept, or None: text
    note_ids: frozenset[str] = frozenset()  # link fragments ("#footnote-1") that call a note
    captions: Mapping[str, str] = field(default_factory=dict)  # picture src -> its caption


def tag_of(element: etree._Element) -> str:
    """The local, lower-case tag name; "" for comments and processing instructions."""
    if not isinstance(element.tag, str):
        return ""
    return str(etree.QName(element).localname).lower()


def _trim(nodes: list[Inline]) -> tuple[Inline, ...]:
    """A run without the white space around it, as a browser would show it."""
    while nodes and isinstance(nodes[0], Text) and not nodes[0].text.strip():
        nodes.pop(0)
    while (
        nodes and isinstance(nodes[-1], Text | LineBreak) and not plain_text((nodes[-1],)).strip()
    ):
        nodes.pop()
    if nodes and isinstance(nodes[0], Text):
        nodes[0] = Text(nodes[0].text.lstrip())
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text.rstrip())
    return tuple(nodes)


class _Mapper:
    """One tree's mapping; pictures met inside running text are set after their paragraph."""

    def __init__(self, context: Context):
        self.context = context
        self.pending: list[Figure] = []

    # --- inlines -------------------------------------------------------------------------

    def inlines(self, element: etree._Element) -> list[Inline]:
        out: list[Inline] = [Text(element.text)] if element.text else []
        for child in element:
            out += self.inline(child)
            if child.tail:
                out.append(Text(child.tail))
        return out

    def inline(self, element: etree._Element) -> list[Inline]:
        tag = tag_of(element)
        if not tag or tag in SKIPPED:
            return []
        if tag in ("br", "lb"):
            return [LineBreak()]
        if tag in _IMAGES:
            figure = self.figure(element)
            if figure is not None:
                self.pending.append(figure)
            return []
        if tag in ("a", "ref"):
            return self.link(element)
        content = tuple(self.inlines(element))
        rend = element.get("rend", "")
        if tag in _EMPHASIS or rend == "#i":
            return [Emphasis(content)] if content else []
        if tag in _STRONG or rend == "#b":
            return [Strong(content)] if content else []
        if tag in _BLOCKS:  # a block inside running text reads as words, set apart by spaces
            return [Text(" "), *content, Text(" ")]
        return list(content)

    def link(self, element: etree._Element) -> list[Inline]:
        href = (element.get("href") or element.get("target") or "").strip()
        if href.startswith("#") and href[1:] in self.context.note_ids:
            return [NoteRef(href[1:])]
        content = self.inlines(element)
        kept = self.context.href(href) if href else None
        if kept is None or not plain_text(tuple(content)).strip():
            return content
        return [Link(kept, tuple(content))]

    # --- blocks --------------------------------------------------------------------------

    def blocks(self, element: etree._Element) -> list[Block]:
        """The element's children as blocks; loose text between them becomes paragraphs."""
        out: list[Block] = []
        run: list[Inline] = [Text(element.text)] if element.text else []
        for child in element:
            tag = tag_of(child)
            if tag in _IMAGES:  # a picture between paragraphs stands where it is
                self.paragraph(run, out)
                run = []
                figure = self.figure(child)
                out += [figure] if figure is not None else []
            elif tag in _BLOCKS:
                self.paragraph(run, out)
                run = []
                out += self.block(child, tag)
            else:
                run += self.inline(child)
            if child.tail:
                run.append(Text(child.tail))
        self.paragraph(run, out)
        return out

    def paragraph(self, run: list[Inline], out: list[Block]) -> None:
        content = _trim(run)
        if content:
            out.append(Paragraph(content))
        out += self.pending
        self.pending = []

    def block(self, element: etree._Element, tag: str) -> list[Block]:
        if tag in _HEADINGS or tag == "head":
            level = _HEADINGS.get(tag) or _HEADINGS.get(element.get("rend", ""), 2)
            out: list[Block] = []
            content = _trim(self.inlines(element))
            if content:
                out.append(Heading(level, content))
            self.paragraph([], out)
            return out
        if tag in ("p", "figcaption", "caption", "pre"):
            out = []
            self.paragraph(self.inlines(element), out)
            return out
        if tag in ("ul", "ol", "list"):
            return self.listing(element, tag)
        if tag in ("li", "item"):  # an item outside a list: its blocks
            return self.blocks(element)
        if tag in ("blockquote", "quote"):
            inner = self.blocks(element)
            return [Quote(tuple(inner))] if inner else []
        if tag == "table":
            return self.table(element)
        if tag == "figure":
            figure = self.figure(element)
            return [figure] if figure is not None else []
        if tag == "hr":
            return [SectionBreak()]
        return self.blocks(element)  # a container: its content

    def listing(self, element: etree._Element, tag: str) -> list[Block]:
        ordered = tag == "ol" or element.get("rend") == "ol"
        items: list[ListItem] = []
        for child in element:
            if tag_of(child) in SKIPPED or not tag_of(child):
                continue
            inner = (
                self.blocks(child)
                if tag_of(child) in ("li", "item")
                else self.block(child, tag_of(child))
                if tag_of(child) in _BLOCKS
                else self.loose(child)
            )
            if inner:
                items.append(ListItem(tuple(inner)))
        if not items:
            return []
        start = _number(element.get("start")) if ordered else None
        return [List(ordered=ordered, items=tuple(items), start=start or (1 if ordered else None))]

    def loose(self, element: etree._Element) -> list[Block]:
        out: list[Block] = []
        self.paragraph(self.inline(element), out)
        return out

    def figure(self, element: etree._Element) -> Figure | None:
        """A picture and its caption; one whose picture is not kept keeps its words."""
        image = (
            element
            if tag_of(element) in _IMAGES
            else next((e for e in element.iter() if tag_of(e) in _IMAGES), None)
        )
        src = (image.get("src") or "").strip() if image is not None else ""
        alt = (image.get("alt") or "").strip() if image is not None else ""
        caption: tuple[Inline, ...] = ()
        for e in element.iter():
            if tag_of(e) == "figcaption":
                caption = _trim(self.inlines(e))
                break
        if not caption and self.context.captions.get(src):
            caption = (Text(self.context.captions[src]),)
        kept = self.context.picture(src) if src else None
        if kept is None and not caption:
            if not alt:
                return None
            caption = (Text(alt),)  # the picture is gone: say what it showed
        return Figure(src=kept, caption=caption, alt=alt or None)

    def table(self, element: etree._Element) -> list[Block]:
        head: list[TableRow] = []
        body: list[TableRow] = []
        caption: tuple[Inline, ...] = ()
        for part in element:
            tag = tag_of(part)
            if tag == "caption":
                caption = _trim(self.inlines(part))
            elif tag in ("thead", "tbody", "tfoot"):
                rows = [self.row(r) for r in part if tag_of(r) in ("tr", "row")]
                (head if tag == "thead" else body).extend(r for r, _ in rows if r.cells)
            elif tag in ("tr", "row"):
                row, all_head = self.row(part)
                filled = [c for c in row.cells if c.blocks]
                if (
                    not head
                    and not body
                    and not caption
                    and all_head
                    and len(filled) == 1
                    and len(row.cells) > 1
                ):
                    caption = _cell_text(filled[0])  # trafilatura sets a caption as a row
                elif row.cells:
                    (head if all_head and not body else body).append(row)
        if not head and not body:
            return []
        return [Table(head=tuple(head), body=tuple(body), caption=caption)]

    def row(self, element: etree._Element) -> tuple[TableRow, bool]:
        """A row, and whether every cell in it is a header cell."""
        cells: list[TableCell] = []
        heads: list[bool] = []
        for cell in element:
            tag = tag_of(cell)
            if tag not in ("td", "th", "cell"):
                continue
            made = TableCell(
                tuple(self.blocks(cell)),
                colspan=_number(cell.get("colspan")) or 1,
                rowspan=_number(cell.get("rowspan")) or 1,
            )
            cells.append(made)
            if made.blocks:  # an empty cell says nothing of the row
                heads.append(tag == "th" or cell.get("role") == "head")
        return TableRow(tuple(cells)), bool(heads) and all(heads)


def _cell_text(cell: TableCell) -> tuple[Inline, ...]:
    first = cell.blocks[0] if cell.blocks else None
    return first.content if isinstance(first, Paragraph) else ()


def _number(value: str | None) -> int | None:
    """A span or start attribute as a number the renderers can use, else None."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if 1 <= number <= 1000 else None


def to_blocks(element: etree._Element, context: Context | None = None) -> tuple[Block, ...]:
    """The blocks an element holds."""
    return tuple(_Mapper(context or Context()).blocks(element))
