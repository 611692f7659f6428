"""The Word documents the golden and edition tests build: an English and a Persian report with
headings, lists, a table, footnotes, a picture with its caption and core properties."""

from __future__ import annotations

from pathlib import Path

import docx_factory as factory
from docx.oxml.ns import qn
from docx.shared import Inches
from lxml import etree


def _describe_pictures(document: object, text: str) -> None:
    """Give every picture Word's alt text (wp:docPr descr)."""
    body = document.element.body  # type: ignore[attr-defined]
    for properties in body.iter(qn("wp:docPr")):
        properties.set("descr", text)


def _hyperlink(paragraph: object, text: str, url: str) -> None:
    """A hyperlink run, as Word writes it (python-docx has no API for one)."""
    part = paragraph.part  # type: ignore[attr-defined]
    rid = part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = etree.SubElement(paragraph._p, qn("w:hyperlink"))  # type: ignore[attr-defined]
    link.set(qn("r:id"), rid)
    run = etree.SubElement(link, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = text


def english(path: Path) -> Path:
    d = factory.new_document()
    d.core_properties.title = "Transmitters (core title, not used)"
    d.core_properties.author = "Nadia Rahimi"
    d.add_paragraph("Keep the Transmitters On", style="Title")
    d.add_paragraph("Why shortwave radio still matters", style="Subtitle")
    d.add_heading("When the internet goes dark", level=1)
    p = d.add_paragraph(
        "Governments switched off the internet more than a hundred times last "
        "year[fn:Counted by digital rights groups for 2023.], and each time "
    )
    p.add_run("radio").italic = True
    p.add_run(" was still there. A transmitter is ")
    p.add_run("cheap to run").bold = True
    p.add_run(" and hard to block.[en:See the annual report of the broadcasters' union.]")
    d.add_heading("What a station needs", level=2)
    d.add_paragraph("A site far from the border", style="List Bullet")
    d.add_paragraph("Power for twelve hours a day", style="List Bullet")
    d.add_paragraph("Survey the site", style="List Number")
    d.add_paragraph("Raise the mast", style="List Number")
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("Year", "Hours on air"), ("2022", "12"), ("2023", "30")]):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    d.add_picture(factory.picture("navy"), width=Inches(1.5))
    d.add_paragraph("The mast at Kavala at dusk.", style="Caption")
    d.add_paragraph(
        "An engineer at the station put it simply: the signal gets through.", style="Quote"
    )
    p = d.add_paragraph("The union keeps a map of stations at ")
    _hyperlink(p, "its website", "https://example.org/stations")
    p.add_run(".")
    _describe_pictures(d, "A steel radio mast against an orange sky")
    return factory.save(d, path)


def persian(path: Path) -> Path:
    d = factory.new_document()
    d.core_properties.title = "فرستنده‌ها را روشن نگه دارید"
    d.core_properties.author = "نادیا رحیمی"
    paragraphs = [
        d.add_heading("پیشینه", level=1),
        d.add_paragraph(
            "وقتی اینترنت قطع می‌شود[fn:بر پایهٔ گزارش‌های سال ۲۰۲۳.]، رادیو هنوز "
            "به مردم می‌رسد و شنوندگان بسیاری دارد."
        ),
        d.add_paragraph("رادیو ارزان است", style="List Bullet"),
        d.add_paragraph("به برق کمی نیاز دارد", style="List Bullet"),
    ]
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("سال", "ساعت پخش"), ("۲۰۲۲", "۱۲"), ("۲۰۲۳", "۳۰")]):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
            paragraphs.append(table.rows[r].cells[c].paragraphs[0])
    d.add_picture(factory.picture("teal"), width=Inches(1.5))
    paragraphs.append(d.add_paragraph("دکل فرستنده در غروب.", style="Caption"))
    paragraphs.append(
        d.add_paragraph(
            "این فرستنده‌ها دهه‌ها کار کرده‌اند و هنوز در روزهای "
            "سخت صدای مردم را به گوش جهان می‌رسانند."
        )
    )
    for paragraph in paragraphs:
        factory.rtl(paragraph)
    _describe_pictures(d, "دکل فلزی رادیو در برابر آسمان نارنجی")
    return factory.save(d, path)


SAMPLES = {"en-word-report": english, "fa-word-report": persian}
