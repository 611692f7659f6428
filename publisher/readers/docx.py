"""Reads a Word document (`.docx`) into a Document with mammoth and a style map.

Word's styles say what a paragraph is: Title and Subtitle give the metadata, Heading 1-3 the
sections, Quote and Intense Quote the quotations, Caption a picture's caption. Footnotes and
endnotes become notes; comments are dropped; tracked changes read as accepted (insertions
kept, deletions gone), as mammoth reads them. Pictures stored in the document become figures
addressed as `NAME.docx#word/media/image1.png`, which `assets` resolves inside the package; a
linked picture (a file or address outside the document) is never opened.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import replace
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from publisher import assets
from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import Block, Document, Heading, Metadata, Note, Paragraph, Strong, plain_text
from publisher.readers import newsroom, ooxml
from publisher.readers.elements import Context, tag_of, to_blocks
from publisher.readers.source import Source

STYLE_MAP = """
p[style-name='Title'] => h1.doc-title:fresh
p[style-name='Subtitle'] => p.doc-subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='Caption'] => p.doc-caption:fresh
p[style-name='Image Caption'] => p.doc-caption:fresh
p[style-name='Figure Caption'] => p.doc-caption:fresh
p[style-name='Abstract'] => p.doc-abstract:fresh
p[style-name='Author'] => p.doc-author:fresh
p[style-name='Byline'] => p.doc-author:fresh
r[style-name='Strong'] => strong
r[style-name='Emphasis'] => em
r[style-name='Intense Emphasis'] => strong
comment-reference => !
"""
_NOTE_KINDS = ("footnote-", "endnote-")
_HEADLINE_WORDS = 25
_FILE_NAME = re.compile(r"\.(?:docx?|docm|dotx?|rtf|odt|txt|pdf)$", re.IGNORECASE)


class _Pictures:
    """mammoth's image hook: each stored picture named by its part inside the package."""

    def __init__(self, source: Source, package: zipfile.ZipFile, diagnostics: Diagnostics):
        self.name, self.diagnostics = source.path.name, diagnostics
        self.parts: dict[str, str] = {}
        for info in package.infolist():
            if info.filename.startswith("word/") and not info.filename.endswith((".xml", ".rels")):
                data = ooxml.read_part(package, info.filename, source.path)
                self.parts.setdefault(hashlib.sha256(data).hexdigest(), info.filename)

    def __call__(self, image: Any) -> dict[str, str]:
        alt = " ".join((image.alt_text or "").split())
        try:
            with image.open() as stream:
                data = stream.read()
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            # A linked picture (mammoth may not open it, nor may we), or one the package lacks.
            self.diagnostics.warn(
                "images",
                "a picture linked from outside the document is "
                "not fetched; its description is kept",
            )
            return {"src": "", "alt": alt}
        part = self.parts.get(hashlib.sha256(data).hexdigest())
        suffix = part.rsplit(".", 1)[-1].lower() if part and "." in part else ""
        if part is None or f".{suffix}" not in assets.IMAGE_TYPES:
            self.diagnostics.warn(
                "images",
                f"a picture in {suffix.upper() or 'an unknown'} "
                "format is not carried by editions; its description is kept",
            )
            return {"src": "", "alt": alt}
        return {"src": f"{self.name}#{part}", "alt": alt}


def _convert(data: bytes, pictures: _Pictures, source: Source) -> str:
    import mammoth

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            include_default_style_map=True,
            convert_image=mammoth.images.img_element(pictures),
            external_file_access=False,
        )
    except ManuscriptError:
        raise
    except Exception as e:  # mammoth on a damaged document: one line, not a traceback
        raise ManuscriptError(
            f"cannot be read as a Word document ({type(e).__name__}: {e}); "
            "open it in Word and save it again",
            source.path,
        ) from e
    return str(result.value)


def _captions_into_figures(root: etree._Element) -> None:
    """A Caption-style paragraph next to a picture becomes that picture's caption."""
    for caption in list(root.iter("p")):
        if "doc-caption" not in (caption.get("class") or ""):
            continue
        for neighbour in (caption.getprevious(), caption.getnext()):
            if (
                neighbour is None
                or tag_of(neighbour) != "p"
                or neighbour.find("img") is None
                or (neighbour.text_content() or "").strip()
            ):
                continue
            figure = etree.Element("figure")
            figure.append(neighbour.find("img"))
            label = etree.SubElement(figure, "figcaption")
            label.text, label[:] = caption.text, list(caption)
            neighbour.addprevious(figure)
            neighbour.getparent().remove(neighbour)
            caption.getparent().remove(caption)
            break
        else:
            caption.set("class", "")


def _take(root: etree._Element, xpath: str) -> str | None:
    """The first element's text, taken out of the body."""
    found = root.xpath(xpath)
    if not found:
        return None
    text = " ".join(found[0].text_content().split())
    found[0].getparent().remove(found[0])
    return text or None


def _take_all(root: etree._Element, xpath: str) -> list[str]:
    """Every such element's text, taken out of the body."""
    texts = []
    for element in root.xpath(xpath):
        element.getparent().remove(element)
        if text := " ".join(element.text_content().split()):
            texts.append(text)
    return texts


def _notes(root: etree._Element, context: Context) -> tuple[Note, ...]:
    """mammoth's footnote and endnote lists, as notes; their back-links are dropped."""
    notes: list[Note] = []
    for item in list(root.iter("li")):
        note_id = item.get("id") or ""
        if not note_id.startswith(_NOTE_KINDS):
            continue
        for back in item.xpath(
            ".//a[starts-with(@href, '#footnote-ref-') or starts-with(@href, '#endnote-ref-')]"
        ):
            back.drop_tree()
        notes.append(Note(note_id, to_blocks(item, context)))
        parent = item.getparent()
        parent.remove(item)
        if not len(parent) and parent.getparent() is not None:
            parent.getparent().remove(parent)
    return tuple(n for n in notes if n.blocks)


def _core_title(title: str | None) -> str | None:
    """File > Info's title, unless it is a file's name: Word's "Microsoft Word - x.doc", or
    a converter's "draft3.docx"."""
    if not title or title.lower().startswith("microsoft word - ") or _FILE_NAME.search(title):
        return None
    return title


def _bold_line(block: Block) -> str | None:
    """A paragraph set wholly in bold, a headline's length, not ending a sentence or a
    clause ("Is shortwave dead?" is a headline; "We met on Monday." is not)."""
    if not isinstance(block, Paragraph) or not any(isinstance(i, Strong) for i in block.content):
        return None
    if not all(isinstance(i, Strong) or plain_text((i,)).isspace() for i in block.content):
        return None
    text = plain_text(block.content).strip()
    if len(text.split()) > _HEADLINE_WORDS or text.endswith((".", ":", ";", ",")):
        return None
    return text


def _opening_title(
    blocks: tuple[Block, ...], core_title: str | None
) -> tuple[str | None, tuple[Block, ...]]:
    """The title, and the body without the headline it shows above its text: File > Info's
    title (a document's opening heading may be its first section's, "Background"), else an
    opening Heading 1, else an opening line set wholly in bold."""
    if core_title or not blocks:
        return core_title, blocks
    first = blocks[0]
    if isinstance(first, Heading) and first.level == 1:
        return plain_text(first.content).strip() or None, blocks[1:]
    if len(blocks) > 1 and (text := _bold_line(first)):
        return text, blocks[1:]
    return None, blocks


def _href(target: str) -> str | None:
    return None if target.startswith("#") else target


def read(source: Source, diagnostics: Diagnostics) -> Document:
    if source.path.suffix.lower() == ".docm":
        raise ManuscriptError(
            "is a macro-enabled document (.docm); macros are never run: save "
            "it in Word as a Word Document (.docx)",
            source.path,
        )
    package = ooxml.open_package(source.data, source.path)
    pictures = _Pictures(source, package, diagnostics)
    markup = _convert(ooxml.prepared(package, source.path), pictures, source)
    if not markup.strip():
        raise ManuscriptError("has no text: the document is empty", source.path)
    root = lxml_html.fragment_fromstring(markup, create_parent="body")
    title = _take(root, "(//h1[contains(@class, 'doc-title')])[1]")
    subtitle = _take(root, "(//p[contains(@class, 'doc-subtitle')])[1]")
    # An Abstract paragraph is the piece's standfirst: its subtitle, if it has none.
    subtitle = subtitle or _take(root, "(//p[contains(@class, 'doc-abstract')])[1]")
    styled_authors = _take_all(root, "//p[contains(@class, 'doc-author')]")
    _captions_into_figures(root)
    note_ids = frozenset(
        item.get("id") for item in root.iter("li") if (item.get("id") or "").startswith(_NOTE_KINDS)
    )
    context = Context(picture=lambda src: src or None, href=_href, note_ids=note_ids)
    notes = _notes(root, context)
    blocks = to_blocks(root, context)
    core = ooxml.core_properties(package)
    if title is None:
        title, blocks = _opening_title(blocks, _core_title(core.title))
    # Authors in an Author or Byline paragraph are the document's own; File > Info's author
    # (often an account, a template's or a colleague's) only where the text names nobody.
    authors = newsroom.person_names(tuple(styled_authors))
    creator = newsroom.person_names((core.creator,)) if core.creator else ()
    meta = Metadata(title=title, subtitle=subtitle, authors=authors, language=core.language)
    doc = newsroom.apply(Document(metadata=meta, blocks=blocks, notes=notes), known=creator)
    if not doc.metadata.authors and creator:
        doc = replace(doc, metadata=replace(doc.metadata, authors=creator))
    return doc
