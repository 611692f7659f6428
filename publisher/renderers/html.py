"""Turns the document model into the XHTML that both the EPUB and the PDF are made from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, assert_never

from markupsafe import Markup, escape

from publisher import languages
from publisher.model import (
    Bio,
    Block,
    Byline,
    Disclaimer,
    Document,
    Edition,
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
    block_text,
    plain_text,
)

if TYPE_CHECKING:
    from publisher.renderers import Job


def punctuation_spacing(text: str, language: str | None) -> str:
    """Persian and Arabic punctuation set as a typesetter would: no space before, one after.

    The model keeps the spacing the source had (so editors' keys and corrections match the
    text as written); the editions set it right.
    """
    if not languages.is_arabic_script(language):
        return text
    text = re.sub(r"\s+([،؛؟!:])", r"\1", text)
    text = re.sub(r"(?<=[^\W\d_])\s+\.(?=\s|$)", ".", text)
    return re.sub(r"([،؛؟])(?=[^\W\d_])", r"\1 ", text)


@dataclass(frozen=True, slots=True)
class Rendering:
    """One document as the pieces the templates place: front, body and back matter."""

    byline: Markup
    body: Markup
    bio: Markup
    disclaimer: Markup
    notes: Markup  # the EPUB's footnotes, after the body; empty when notes are set inline
    toc: tuple[tuple[str, str, int], ...]  # (anchor id, heading text, level)


def unbroken_words(text: str) -> Markup:
    """Text with its Korean words each in a `span.word`, which the print styles keep on one
    line: Pango breaks Korean between any two syllables, but Korean is set breaking between
    words (CSS `word-break: keep-all`, which WeasyPrint does not have)."""
    if not any(languages.script_of(c) == "Hang" for c in text):
        return escape(text)
    return Markup("").join(
        Markup('<span class="word">%s</span>') % word
        if any(languages.script_of(c) == "Hang" for c in word)
        else escape(word)
        for word in re.split(r"(\s+)", text)
    )


class _Blocks:
    """Renders blocks in order, numbering headings so the navigation can point at them.

    Notes are EPUB 3 footnotes (a noteref and an aside) or, for print, inline spans at the
    reference that the PDF's CSS floats to the foot of the page (`float: footnote`).
    """

    def __init__(
        self,
        language: str,
        images: dict[str, str],
        notes: tuple[Note, ...] = (),
        inline_notes: bool = False,
        prefix: str = "",
        whole_words: bool = False,
    ):
        self.language = language
        self.whole_words = whole_words  # print: Korean words kept whole (unbroken_words)
        self.images = images
        self.toc: list[tuple[str, str, int]] = []
        self.notes = {note.id: note for note in notes}
        self.inline_notes = inline_notes
        self.prefix = prefix  # keeps ids unique when several documents share a page
        self.called: list[str] = []  # note ids in the order the text first calls them
        self.calls: list[str] = []  # every call, a note called twice included

    def many(self, blocks: tuple[Block, ...]) -> Markup:
        return Markup("\n").join(self.one(b) for b in blocks)

    def inlines(self, nodes: tuple[Inline, ...]) -> Markup:
        out: list[str] = []
        for node in nodes:
            match node:
                case Text(text=text):
                    text = punctuation_spacing(text, self.language)
                    out.append(unbroken_words(text) if self.whole_words else escape(text))
                case Emphasis(content=c):
                    out.append(Markup("<em>%s</em>") % self.inlines(c))
                case Strong(content=c):
                    out.append(Markup("<strong>%s</strong>") % self.inlines(c))
                case Link(href=href, content=c):
                    out.append(Markup('<a href="%s">%s</a>') % (href, self.inlines(c)))
                case LineBreak():
                    out.append(Markup("<br/>"))
                case NoteRef(id=ref):
                    out.append(self.note_ref(ref))
                case _:
                    assert_never(node)
        return Markup("").join(out)

    def one(self, block: Block) -> Markup:
        match block:
            case Heading(level=level, content=c):
                anchor = f"{self.prefix}section-{len(self.toc) + 1}"
                # h1 is the title's; the article's own headings start at h2.
                tag = f"h{min(6, max(2, level + 1 if level == 1 else level))}"
                self.toc.append((anchor, plain_text(c), int(tag[1])))
                return Markup('<%s id="%s">%s</%s>') % (tag, anchor, self.inlines(c), tag)
            case Paragraph(content=c):
                return Markup("<p>%s</p>") % self.inlines(c)
            case Quote(blocks=b):
                return Markup("<blockquote>\n%s\n</blockquote>") % self.many(b)
            case List(ordered=ordered, items=items, start=start):
                tag = "ol" if ordered else "ul"
                first = Markup(' start="%d"') % start if ordered and start not in (None, 1) else ""
                body = Markup("\n").join(self.one(i) for i in items)
                return Markup("<%s%s>\n%s\n</%s>") % (tag, first, body, tag)
            case ListItem(blocks=b):
                return Markup("<li>%s</li>") % self.many(b)
            case Figure(src=src, caption=caption, alt=alt):
                return self.figure(src, caption, alt)
            case Table() | TableRow() | TableCell():
                return self.table(block)
            case SectionBreak():
                return Markup('<hr class="section-break"/>')
            case Byline(authors=authors, published=published):
                return self.byline(authors, published)
            case Bio(content=c) | Disclaimer(content=c):
                return Markup("<p>%s</p>") % self.inlines(c)
            case Note():
                return self.footnote(block)
            case _:
                assert_never(block)

    def byline(self, authors: tuple[str, ...], published: Any) -> Markup:
        names = languages.format_names(authors, self.language)
        parts = [Markup('<span class="authors">%s</span>') % names] if names else []
        if published:
            parts.append(
                Markup('<time datetime="%s">%s</time>')
                % (published.isoformat(), languages.format_date(published, self.language))
            )
        # z3998:byline: the Z39.98 structure vocabulary's word for a news byline.
        return Markup('<p class="byline" epub:type="z3998:byline">%s</p>') % Markup(
            '<span class="sep"> · </span>'
        ).join(parts)

    def figure(self, src: str | None, caption: tuple[Inline, ...], alt: str | None) -> Markup:
        image = Markup("")
        if src and src in self.images:
            # A picture described only by its caption has the caption as its alternative.
            text = alt or plain_text(caption).strip()
            image = Markup('<img src="%s" alt="%s"/>') % (self.images[src], text)
        cls = "figure" if image else "figure caption-only"
        text = Markup("<figcaption>%s</figcaption>") % self.inlines(caption) if caption else ""
        return Markup('<figure class="%s">%s%s</figure>') % (cls, image, text)

    def table(self, block: Table | TableRow | TableCell) -> Markup:
        match block:
            case Table(head=head, body=body, caption=caption):
                parts = [Markup("<caption>%s</caption>") % self.inlines(caption)] if caption else []
                if head:
                    parts.append(
                        Markup("<thead>\n%s\n</thead>")
                        % Markup("\n").join(self.row(r, "th") for r in head)
                    )
                parts.append(
                    Markup("<tbody>\n%s\n</tbody>")
                    % Markup("\n").join(self.row(r, "td") for r in body)
                )
                return Markup('<table class="table">\n%s\n</table>') % Markup("\n").join(parts)
            case TableRow():
                return self.row(block, "td")
            case TableCell():
                return self.cell(block, "td")

    def row(self, row: TableRow, tag: str) -> Markup:
        return Markup("<tr>%s</tr>") % Markup("").join(self.cell(c, tag) for c in row.cells)

    def cell(self, cell: TableCell, tag: str) -> Markup:
        attributes = Markup(' scope="col"') if tag == "th" else Markup("")
        if cell.colspan > 1:
            attributes += Markup(' colspan="%d"') % cell.colspan
        if cell.rowspan > 1:
            attributes += Markup(' rowspan="%d"') % cell.rowspan
        blocks = cell.blocks
        # One paragraph is the cell's text itself; more keep their paragraphs.
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
            inner = self.inlines(blocks[0].content)
        else:
            inner = self.many(blocks)
        return Markup("<%s%s>%s</%s>") % (tag, attributes, inner, tag)

    def note_ref(self, ref: str) -> Markup:
        note = self.notes.get(ref)
        if note is None:
            return Markup("")  # a reader keeps only references it has notes for
        if ref not in self.called:
            self.called.append(ref)
        number = self.called.index(ref) + 1
        if self.inline_notes:
            # WeasyPrint moves this span to the page's foot and leaves a numbered call here.
            text = Markup(" ").join(self.note_text(b) for b in note.blocks)
            return Markup('<span class="footnote">%s</span>') % text
        anchor = f"{self.prefix}note-{number}"
        first = self.calls.count(ref) == 0
        self.calls.append(ref)
        if not first:  # a note called again: the back-link returns to its first call
            return Markup(
                '<a class="noteref" epub:type="noteref" role="doc-noteref" href="#%s">%d</a>'
            ) % (anchor, number)
        return Markup(
            '<a class="noteref" epub:type="noteref" role="doc-noteref" '
            'id="%sref-%d" href="#%s">%d</a>'
        ) % (self.prefix, number, anchor, number)

    def note_text(self, block: Block) -> Markup:
        """A note's block as running text: a footnote at the page's foot is one paragraph."""
        if isinstance(block, Paragraph):
            return self.inlines(block.content)
        return escape(block_text(block))

    def footnote(self, note: Note) -> Markup:
        number = self.called.index(note.id) + 1
        back = Markup('<a class="backlink" role="doc-backlink" href="#%sref-%d">%d.</a> ') % (
            self.prefix,
            number,
            number,
        )
        body = self.many(note.blocks)
        # The number leads the note's first line.
        opens = body.startswith("<p>")
        body = Markup("<p>") + back + Markup(body[3:]) if opens else back + body
        return Markup(
            '<aside class="footnote" epub:type="footnote" role="doc-footnote" '
            'id="%snote-%d">\n%s\n</aside>'
        ) % (self.prefix, number, body)

    def footnotes(self) -> Markup:
        """The notes the text called, in the order it called them (EPUB)."""
        if self.inline_notes:
            return Markup("")
        return Markup("\n").join(self.footnote(self.notes[ref]) for ref in self.called)


def render(
    doc: Document,
    images: dict[str, str] | None = None,
    *,
    inline_notes: bool = False,
    prefix: str = "",
    whole_words: bool = False,
) -> Rendering:
    """Split a document into front, body and back matter and render each to XHTML."""
    language = doc.metadata.language or "en"
    blocks = _Blocks(language, images or {}, doc.notes, inline_notes, prefix, whole_words)
    byline = tuple(b for b in doc.blocks if isinstance(b, Byline))
    bio = tuple(b for b in doc.blocks if isinstance(b, Bio))
    disclaimer = tuple(b for b in doc.blocks if isinstance(b, Disclaimer))
    body = tuple(b for b in doc.blocks if not isinstance(b, Byline | Bio | Disclaimer))
    rendered_body = blocks.many(body)
    return Rendering(
        byline=blocks.many(byline),
        body=rendered_body,
        bio=blocks.many(bio),
        disclaimer=blocks.many(disclaimer),
        notes=blocks.footnotes(),
        toc=tuple(blocks.toc),
    )


def display_title(doc: Document) -> str:
    """The title to show; an untitled article is named by its opening words."""
    if doc.metadata.title:
        return doc.metadata.title
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            words = plain_text(block.content).split()
            return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return "Untitled"


def context(doc: Document, job: Job, rendering: Rendering) -> dict[str, Any]:
    """What every template sees of one article: its own words, language and direction."""
    meta = doc.metadata
    language = meta.language or job.config.language
    return {
        "meta": meta,
        "title": display_title(doc),
        "has_title": meta.title is not None,
        "language": language,
        "direction": meta.direction or "ltr",
        "labels": job.styles.labels(language),
        "authors": languages.format_names(meta.authors, language),
        "published": languages.format_date(meta.published, language) if meta.published else None,
        "r": rendering,
        "page_size": job.config.page_size,
        "member": False,
    }


def collection_context(
    edition: Edition, job: Job, members: list[dict[str, Any]], blocks: _Blocks
) -> dict[str, Any]:
    """What a collection's own pages see: its title page, introduction and shared notice,
    and each member's context (`members`), rendered by the caller with its own prefix."""
    meta = edition.metadata
    language = meta.language or job.config.language
    return {
        "meta": meta,
        "title": meta.title or "Untitled",
        "has_title": True,
        "language": language,
        "direction": meta.direction or "ltr",
        "labels": job.styles.labels(language),
        "authors": languages.format_names(meta.authors, language),
        "editors": languages.format_names(meta.authors, language),
        "published": languages.format_date(meta.published, language) if meta.published else None,
        "intro": blocks.many(edition.intro),
        "notice": blocks.many(edition.disclaimer),
        "articles": members,
        "page_size": job.config.page_size,
        "member": False,
    }


def collection_blocks(edition: Edition) -> _Blocks:
    """The renderer of a collection's own blocks (introduction, notice) in its language."""
    return _Blocks(edition.metadata.language or "en", {}, prefix="collection-")
