"""The Word reader on the documents a desk gets: styles, notes, comments, tracked changes, text
boxes, equations, fields, nested tables, odd and empty documents, strict OOXML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx_factory as factory
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches
from lxml import etree

from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import (
    Document,
    Figure,
    Heading,
    Link,
    List,
    Paragraph,
    Quote,
    Table,
    block_text,
    plain_text,
)
from publisher.readers import docx as docx_reader
from publisher.readers.source import Source

from helpers import Project, prepare_document

TEXT = "The council met again on Monday and the talks went on into the night, officials said."


def read(path: Path, diagnostics: Diagnostics | None = None) -> Document:
    return docx_reader.read(
        Source(path, path.read_bytes(), path.parent),
        diagnostics if diagnostics is not None else Diagnostics(),
    )


def all_text(doc: Document) -> str:
    return " ".join(block_text(b) for b in doc.blocks)


def test_styles_map_onto_the_model(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_heading("Section", level=1)
    d.add_heading("Subsection", level=2)
    d.add_heading("Detail", level=3)
    d.add_paragraph(TEXT)
    d.add_paragraph("Quoted words.", style="Quote")
    d.add_paragraph("Intensely quoted words.", style="Intense Quote")
    d.add_paragraph("One", style="List Number")
    d.add_paragraph("Two", style="List Number")
    doc = read(factory.save(d, tmp_path / "styles.docx"))
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Heading, Heading, Paragraph, Quote, List]  # the first H1 is the title
    quote = doc.blocks[3]
    assert isinstance(quote, Quote) and len(quote.blocks) == 2  # one quotation, two paragraphs
    assert doc.metadata.title == "Section"
    assert [b.level for b in doc.blocks if isinstance(b, Heading)] == [2, 3]


def test_title_style_then_core_properties_then_an_opening_heading(tmp_path: Path) -> None:
    d = factory.new_document()
    d.core_properties.title = "From File Info"
    d.add_heading("Opening heading", level=1)
    d.add_paragraph(TEXT)
    assert read(factory.save(d, tmp_path / "core.docx")).metadata.title == "From File Info"
    d.core_properties.title = "Microsoft Word - draft3.doc"
    doc = read(factory.save(d, tmp_path / "junk.docx"))
    assert doc.metadata.title == "Opening heading"


@pytest.mark.parametrize(
    ("headline", "text"),
    [
        ("Keep the Transmitters On", TEXT),
        ("فرستنده‌ها را روشن نگه دارید", "وقتی اینترنت قطع می‌شود، رادیو همچنان سخن می‌گوید."),
        ("Не выключайте передатчики", "Когда отключают интернет, радио продолжает говорить."),
    ],
)
def test_an_opening_line_set_in_bold_is_the_title(tmp_path: Path, headline: str, text: str) -> None:
    # Many contributors type the headline at the top in bold, in the Normal style.
    d = factory.new_document()
    d.add_paragraph().add_run(headline).bold = True
    d.add_paragraph(text)
    doc = read(factory.save(d, tmp_path / "bold.docx"))
    assert doc.metadata.title == headline
    assert all_text(doc) == text


def test_a_bold_sentence_or_a_file_name_is_not_a_title(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_paragraph().add_run("This opening sentence is set in bold for emphasis.").bold = True
    d.add_paragraph(TEXT)
    assert read(factory.save(d, tmp_path / "sentence.docx")).metadata.title is None
    d = factory.new_document()
    d.core_properties.title = "oped-draft3.docx"  # a converter's file name, not a title
    d.add_heading("Opening heading", level=1)
    d.add_paragraph(TEXT)
    assert read(factory.save(d, tmp_path / "named.docx")).metadata.title == "Opening heading"


def test_core_author_only_when_the_text_has_no_byline(tmp_path: Path) -> None:
    d = factory.new_document()
    d.core_properties.author = "Nadia Rahimi"
    d.add_paragraph(TEXT)
    assert read(factory.save(d, tmp_path / "a.docx")).metadata.authors == ("Nadia Rahimi",)
    d.paragraphs[0].insert_paragraph_before("By Jane Doe")
    assert read(factory.save(d, tmp_path / "b.docx")).metadata.authors == ("Jane Doe",)
    d.core_properties.author = "Administrator"  # an account, not a person
    d.paragraphs[0].text = "Nothing signed here at all."
    assert read(factory.save(d, tmp_path / "c.docx")).metadata.authors == ()


@pytest.mark.parametrize(
    ("names", "text"),
    [
        (["Nadia Rahimi", "Jane Doe"], TEXT),
        (["ستاره درخشش"], "وقتی اینترنت قطع می‌شود، رادیو همچنان سخن می‌گوید و مردم گوش می‌دهند."),
        (["Нино Беридзе"], "Когда отключают интернет, радио продолжает говорить с людьми."),
    ],
)
def test_author_and_byline_styles_give_the_authors(
    tmp_path: Path, names: list[str], text: str
) -> None:
    # Templates (and pandoc's Word output) put the author in a paragraph styled Author or
    # Byline, without "By"; the paragraph is the byline, not the first line of the text.
    from docx.enum.style import WD_STYLE_TYPE

    d = factory.new_document()
    d.core_properties.author = "Administrator"
    d.add_paragraph("A headline for the test", style="Title")
    for name, style in zip(names, ["Author", "Byline"], strict=False):
        if style not in [s.name for s in d.styles]:
            d.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
        d.add_paragraph(name, style=style)
    d.add_paragraph(text)
    doc = read(factory.save(d, tmp_path / "styled.docx"))
    assert doc.metadata.authors == tuple(names)
    assert not any(name in all_text(doc) for name in names)
    assert all_text(doc).startswith(text[:20])


def test_the_core_author_named_above_the_text_and_in_a_closing_bio(tmp_path: Path) -> None:
    # File > Info names the author; the same name alone under the title is the byline line,
    # and a closing "NAME is ..." the bio, not body text.
    d = factory.new_document()
    d.core_properties.author = "Nadia Rahimi"
    d.add_paragraph("Nadia Rahimi")
    d.add_paragraph(TEXT)
    d.add_paragraph(TEXT.replace("Monday", "Tuesday"))
    d.add_paragraph("Nadia Rahimi is a media researcher in Tbilisi.")
    doc = read(factory.save(d, tmp_path / "core.docx"))
    assert doc.metadata.authors == ("Nadia Rahimi",)
    assert doc.metadata.author_bio == "Nadia Rahimi is a media researcher in Tbilisi."
    assert [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)] == [
        TEXT,
        TEXT.replace("Monday", "Tuesday"),
    ]
    # A name that File > Info does not give stays text (a one-line paragraph is not a byline).
    d.core_properties.author = "Jane Doe"
    doc = read(factory.save(d, tmp_path / "other.docx"))
    assert "Nadia Rahimi" in all_text(doc)


def test_comments_are_dropped_and_tracked_changes_accepted(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_paragraph(
        "The plan was [del:rejected][ins:approved] on Monday.[comment:Check the "
        "day with the clerk.]"
    )
    text = all_text(read(factory.save(d, tmp_path / "changes.docx")))
    assert text == "The plan was approved on Monday."


def test_footnotes_and_endnotes_become_notes(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_paragraph("A claim[fn:The source, page 3.] and another[en:An endnote.].")
    doc = read(factory.save(d, tmp_path / "notes.docx"))
    assert [plain_text(n.blocks[0].content) for n in doc.notes] == [
        "The source, page 3.",
        "An endnote.",
    ]
    assert all_text(doc) == "A claim and another."


@pytest.mark.parametrize("fallback", [True, False])
def test_text_boxes_are_read(tmp_path: Path, fallback: bool) -> None:
    d = factory.new_document()
    d.add_paragraph(TEXT)
    path = factory.save(d, tmp_path / "box.docx")
    factory.add_text_box(path, "Words in a text box.", fallback=fallback)
    assert "Words in a text box." in all_text(read(path))


def test_equations_are_read_as_their_characters(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_paragraph("Energy is [math:E=mc2] as ever.")
    assert all_text(read(factory.save(d, tmp_path / "math.docx"))) == "Energy is E=mc2 as ever."


def test_fields_give_their_result_and_hyperlink_fields_a_link(tmp_path: Path) -> None:
    d = factory.new_document()
    p = d.add_paragraph("See ")
    runs = [
        ("begin", None),
        (None, ' HYPERLINK "https://example.org/report" '),
        ("separate", None),
        (None, "the report"),
        ("end", None),
    ]
    for kind, text in runs:
        run = p.add_run()
        if kind:
            run._r.append(factory._w("fldChar", fldCharType=kind))
        elif text.startswith(" HYPERLINK"):
            instr = etree.SubElement(run._r, qn("w:instrText"))
            instr.text = text
        else:
            run.text = text
    p.add_run(", page ")
    page = p.add_run()
    simple = factory._w("fldSimple", instr=" PAGE ")
    simple.append(factory._run("7"))
    page._r.addnext(simple)
    doc = read(factory.save(d, tmp_path / "fields.docx"))
    first = doc.blocks[0]
    assert isinstance(first, Paragraph)
    assert plain_text(first.content) == "See the report, page 7"
    assert [n.href for n in first.content if isinstance(n, Link)] == ["https://example.org/report"]


def test_nested_tables_and_a_header_row(tmp_path: Path) -> None:
    d = factory.new_document()
    outer = d.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "Region", "Stations"
    outer.cell(1, 0).text = "North"
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Kavala", "Thessaloniki"
    doc = read(factory.save(d, tmp_path / "nested.docx"))
    table = doc.blocks[0]
    assert isinstance(table, Table) and len(table.head) == 1
    assert [block_text(c) for c in table.head[0].cells] == ["Region", "Stations"]
    nested = [b for c in table.body[0].cells for b in c.blocks if isinstance(b, Table)]
    assert nested and "Kavala" in block_text(nested[0])


def test_a_document_of_only_a_table_or_only_a_picture(project: Project) -> None:
    d = factory.new_document()
    table = d.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Head", "Cell"
    assert isinstance(
        prepare_document(factory.save(d, project.root / "t.docx"), project.config()).blocks[0],
        Table,
    )
    d = factory.new_document()
    d.add_picture(factory.picture(), width=Inches(1))
    doc = prepare_document(factory.save(d, project.root / "p.docx"), project.config())
    assert [type(b) for b in doc.blocks] == [Figure]


def test_an_empty_document_is_one_clear_line(project: Project) -> None:
    path = factory.save(factory.new_document(), project.root / "empty.docx")
    with pytest.raises(ManuscriptError, match="empty"):
        prepare_document(path, project.config())


def test_no_core_properties(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_paragraph(TEXT)
    path = factory.save(d, tmp_path / "bare.docx")
    factory.strip_core_properties(path)
    doc = read(path)
    assert doc.metadata.title is None and all_text(doc) == TEXT


def test_right_to_left_paragraphs_and_embeddings(project: Project) -> None:
    d = factory.new_document()
    for text in (
        "رادیو هنوز به مردم می‌رسد و شنوندگان بسیاری در روستاها دارد.",
        "این فرستنده‌ها دهه‌ها کار کرده‌اند و هنوز کار می‌کنند.",
    ):
        factory.rtl(d.add_paragraph(text))
    embedded = d.add_paragraph("ایستگاه ")
    wrapper = factory._w("dir", val="rtl")
    wrapper.append(factory._run("کاوالا"))
    embedded._p.append(wrapper)
    doc = prepare_document(factory.save(d, project.root / "fa.docx"), project.config())
    assert (doc.metadata.language, doc.metadata.direction) == ("fa", "rtl")
    assert plain_text(doc.blocks[-1].content) == "ایستگاه کاوالا"  # type: ignore[union-attr]


def test_unusual_and_localised_styles_are_read_as_paragraphs(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    d = factory.new_document()
    style = d.styles.add_style("Überschrift Spezial", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("A paragraph in a house style.", style=style)
    d.add_paragraph(TEXT, style="Body Text")
    doc = read(factory.save(d, tmp_path / "styles.docx"))
    assert [type(b) for b in doc.blocks] == [Paragraph, Paragraph]


def test_a_picture_format_editions_do_not_carry_keeps_its_description(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_paragraph(TEXT)
    d.add_picture(factory.picture(fmt="TIFF"), width=Inches(1))
    for properties in d.element.body.iter(qn("wp:docPr")):
        properties.set("descr", "A map of the stations")
    diagnostics = Diagnostics()
    doc = read(factory.save(d, tmp_path / "tiff.docx"), diagnostics)
    figure = next(b for b in doc.blocks if isinstance(b, Figure))
    assert figure.src is None and plain_text(figure.caption) == "A map of the stations"
    assert any("TIF" in item.message for item in diagnostics.items)


def test_strict_open_xml(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_heading("Strict", level=1)
    d.add_paragraph(TEXT)
    path = factory.save(d, tmp_path / "strict.docx")
    transitional = {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            if name.endswith((".xml", ".rels")):
                for old, new in transitional.items():
                    data = data.replace(old, new)
            out.writestr(name, data)
    assert all_text(read(path)) == TEXT


def test_a_damaged_part_is_one_line(project: Project) -> None:
    d = factory.new_document()
    d.add_paragraph(TEXT)
    path = factory.save(d, project.root / "damaged.docx")
    factory.rewrite(path, "word/document.xml", b"<w:document><w:body><w:p>")
    with pytest.raises(ManuscriptError, match="not well-formed") as caught:
        prepare_document(path, project.config())
    assert "\n" not in str(caught.value)


def test_pictures_are_named_by_their_part(tmp_path: Path) -> None:
    d = factory.new_document()
    d.add_paragraph(TEXT)
    d.add_picture(factory.picture("red"), width=Inches(1))
    d.add_picture(factory.picture("blue"), width=Inches(1))
    doc = read(factory.save(d, tmp_path / "two.docx"))
    srcs = [b.src for b in doc.blocks if isinstance(b, Figure)]
    assert len(srcs) == 2 and all(
        re.fullmatch(r"two\.docx#word/media/image\d\.png", s or "") for s in srcs
    )
    assert len(set(srcs)) == 2


@pytest.mark.parametrize("style", ["Caption", "Image Caption", "Figure Caption"])
def test_a_caption_styled_paragraph_under_a_picture_is_its_caption(
    tmp_path: Path, style: str
) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    d = factory.new_document()
    if style not in [s.name for s in d.styles]:
        d.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph(TEXT)
    d.add_picture(factory.picture("red"), width=Inches(1))
    d.add_paragraph("Წყალი მდინარეში, 2024.", style=style)
    doc = read(factory.save(d, tmp_path / "captioned.docx"))
    [figure] = [b for b in doc.blocks if isinstance(b, Figure)]
    assert plain_text(figure.caption) == "Წყალი მდინარეში, 2024."
    assert "Წყალი" not in " ".join(block_text(b) for b in doc.blocks if not isinstance(b, Figure))


def test_an_abstract_is_the_subtitle_unless_there_is_one(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    d = factory.new_document()
    d.styles.add_style("Abstract", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("Что слышат слушатели и почему.", style="Abstract")
    d.add_paragraph(TEXT)
    doc = read(factory.save(d, tmp_path / "abstract.docx"))
    assert doc.metadata.subtitle == "Что слышат слушатели и почему."
    assert all_text(doc) == TEXT
    d.paragraphs[0].insert_paragraph_before("A subtitle of its own", style="Subtitle")
    doc = read(factory.save(d, tmp_path / "both.docx"))
    assert doc.metadata.subtitle == "A subtitle of its own"
    assert "Что слышат" in all_text(doc)
