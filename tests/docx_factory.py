"""Real Word documents for the tests: python-docx writes them, and lxml adds what python-docx
cannot (footnotes, endnotes, comments, tracked changes, text boxes, right-to-left paragraphs,
equations, linked pictures), the way Word itself writes those parts.

A paragraph's text may hold markers that become Word features when the file is saved:
`[fn:TEXT]` a footnote, `[en:TEXT]` an endnote, `[comment:TEXT]` a comment on the paragraph,
`[ins:TEXT]` / `[del:TEXT]` a tracked insertion / deletion, `[math:TEXT]` an equation.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
MARKER = re.compile(r"\[(fn|en|comment|ins|del|math):([^\]]*)\]")


def picture(color: str = "red", size: tuple[int, int] = (60, 40), fmt: str = "PNG") -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", size, color).save(data, fmt)
    data.seek(0)
    return data


def new_document() -> docx.document.Document:
    return docx.Document()


def rtl(paragraph: object) -> None:
    """Mark a python-docx paragraph and its runs right to left (w:bidi, w:rtl), as Word does."""
    p = paragraph._p  # type: ignore[attr-defined]
    p.get_or_add_pPr().append(etree.Element(qn("w:bidi")))
    for run in p.iter(qn("w:r")):
        run.get_or_add_rPr().append(etree.Element(qn("w:rtl")))


def _w(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(qn(f"w:{tag}"))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _run(text: str, tag: str = "t") -> etree._Element:
    run = _w("r")
    t = etree.SubElement(run, qn(f"w:{tag}"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _notes_part(kind: str, texts: list[str]) -> bytes:
    root = etree.Element(qn(f"w:{kind}s"), nsmap={"w": W_NS})
    for number, sep in ((-1, "separator"), (0, "continuationSeparator")):
        note = etree.SubElement(root, qn(f"w:{kind}"))
        note.set(qn("w:type"), sep)
        note.set(qn("w:id"), str(number))
        etree.SubElement(etree.SubElement(note, qn("w:p")), qn("w:r")).append(_w(sep))
    for number, text in enumerate(texts, start=1):
        note = etree.SubElement(root, qn(f"w:{kind}"), {qn("w:id"): str(number)})
        p = etree.SubElement(note, qn("w:p"))
        ref = etree.SubElement(p, qn("w:r"))
        ref.append(_w(f"{kind}Ref"))
        p.append(_run(" " + text))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _comments_part(texts: list[str]) -> bytes:
    root = etree.Element(qn("w:comments"), nsmap={"w": W_NS})
    for number, text in enumerate(texts):
        comment = etree.SubElement(
            root, qn("w:comment"), {qn("w:id"): str(number), qn("w:author"): "Editor"}
        )
        etree.SubElement(comment, qn("w:p")).append(_run(text))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Markers:
    """Turns the markers in document.xml into Word's elements, collecting the notes' texts."""

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {"footnote": [], "endnote": [], "comment": []}

    def apply(self, root: etree._Element) -> None:
        for t in list(root.iter(qn("w:t"))):
            if not t.text or not MARKER.search(t.text):
                continue
            run = t.getparent()
            pieces: list[etree._Element] = []
            last = 0
            for m in MARKER.finditer(t.text):
                if m.start() > last:
                    pieces.append(_run(t.text[last : m.start()]))
                pieces += self.element(m.group(1), m.group(2))
                last = m.end()
            if last < len(t.text):
                pieces.append(_run(t.text[last:]))
            for piece in pieces:
                run.addprevious(piece)
            run.getparent().remove(run)

    def element(self, kind: str, text: str) -> list[etree._Element]:
        if kind in ("fn", "en"):
            name = "footnote" if kind == "fn" else "endnote"
            self.parts[name].append(text)
            run = _w("r")
            run.append(_w(f"{name}Reference", id=str(len(self.parts[name]))))
            return [run]
        if kind == "comment":
            number = str(len(self.parts["comment"]))
            self.parts["comment"].append(text)
            ref = _w("r")
            ref.append(_w("commentReference", id=number))
            return [_w("commentRangeStart", id=number), _w("commentRangeEnd", id=number), ref]
        if kind == "ins":
            ins = _w("ins", id="90", author="Editor", date="2024-01-01T00:00:00Z")
            ins.append(_run(text))
            return [ins]
        if kind == "del":
            gone = _w("del", id="91", author="Editor", date="2024-01-01T00:00:00Z")
            gone.append(_run(text, "delText"))
            return [gone]
        m = "http://schemas.openxmlformats.org/officeDocument/2006/math"
        math = etree.Element(f"{{{m}}}oMath", nsmap={"m": m})
        mrun = etree.SubElement(math, f"{{{m}}}r")
        etree.SubElement(mrun, f"{{{m}}}t").text = text
        return [math]


def _edit_zip(
    path: Path, edits: dict[str, bytes], content_types: list[str], relationships: list[str]
) -> None:
    with zipfile.ZipFile(path) as src:
        entries = {name: src.read(name) for name in src.namelist()}
    entries.update(edits)
    if content_types:
        entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
            b"</Types>", "".join(content_types).encode() + b"</Types>"
        )
    if relationships:
        name = "word/_rels/document.xml.rels"
        entries[name] = entries[name].replace(
            b"</Relationships>", "".join(relationships).encode() + b"</Relationships>"
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            out.writestr(name, data)


def save(document: docx.document.Document, path: Path) -> Path:
    """Save, then turn the markers into footnotes, endnotes, comments and tracked changes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    with zipfile.ZipFile(path) as src:
        root = etree.fromstring(src.read("word/document.xml"))
    markers = _Markers()
    markers.apply(root)
    edits = {
        "word/document.xml": etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    }
    types: list[str] = []
    rels: list[str] = []
    for n, (kind, texts) in enumerate(markers.parts.items()):
        if not texts:
            continue
        part = f"word/{kind}s.xml"
        edits[part] = _comments_part(texts) if kind == "comment" else _notes_part(kind, texts)
        types.append(f'<Override PartName="/{part}" ContentType="{CT}.{kind}s+xml"/>')
        rels.append(f'<Relationship Id="rIdMarker{n}" Type="{REL}/{kind}s" Target="{kind}s.xml"/>')
    _edit_zip(path, edits, types, rels)
    return path


def add_text_box(path: Path, text: str, fallback: bool = True) -> None:
    """A DrawingML text box in its own paragraph at the end of the body, with Word's VML
    fallback or (as some other writers leave it) without one."""
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    v = "urn:schemas-microsoft-com:vml"
    with zipfile.ZipFile(path) as src:
        root = etree.fromstring(src.read("word/document.xml"))
    body = root.find(qn("w:body"))
    p = _w("p")
    run = etree.SubElement(p, qn("w:r"))
    ac = etree.SubElement(run, f"{{{mc}}}AlternateContent", nsmap={"mc": mc, "wps": wps, "v": v})
    choice = etree.SubElement(ac, f"{{{mc}}}Choice", Requires="wps")
    drawing = etree.SubElement(choice, qn("w:drawing"))
    box = etree.SubElement(etree.SubElement(drawing, f"{{{wps}}}wsp"), f"{{{wps}}}txbx")
    content = etree.SubElement(box, qn("w:txbxContent"))
    etree.SubElement(content, qn("w:p")).append(_run(text))
    if fallback:
        fb = etree.SubElement(ac, f"{{{mc}}}Fallback")
        pict = etree.SubElement(fb, qn("w:pict"))
        textbox = etree.SubElement(etree.SubElement(pict, f"{{{v}}}shape"), f"{{{v}}}textbox")
        inner = etree.SubElement(textbox, qn("w:txbxContent"))
        etree.SubElement(inner, qn("w:p")).append(_run(text))
    body.insert(len(body) - 1, p)
    _edit_zip(
        path,
        {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8")},
        [],
        [],
    )


def link_picture(path: Path, target: str) -> None:
    """Point the document's first picture at a file or address outside it (r:link,
    TargetMode="External"), as Word's "Insert > Link to File" does."""
    with zipfile.ZipFile(path) as src:
        root = etree.fromstring(src.read("word/document.xml"))
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    blip = next(root.iter(f"{{{a}}}blip"))
    del blip.attrib[f"{{{R_NS}}}embed"]
    blip.set(f"{{{R_NS}}}link", "rIdLinked")
    rel = (
        f'<Relationship Id="rIdLinked" Type="{REL}/image" Target="{target}" TargetMode="External"/>'
    )
    _edit_zip(
        path,
        {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8")},
        [],
        [rel],
    )


def rewrite(path: Path, name: str, data: bytes) -> None:
    """Replace (or add) one part of the package."""
    _edit_zip(path, {name: data}, [], [])


def strip_core_properties(path: Path) -> None:
    with zipfile.ZipFile(path) as src:
        entries = {n: src.read(n) for n in src.namelist() if n != "docProps/core.xml"}
    entries["[Content_Types].xml"] = re.sub(
        rb'<Override PartName="/docProps/core.xml"[^>]*/>', b"", entries["[Content_Types].xml"]
    )
    entries["_rels/.rels"] = re.sub(
        rb'<Relationship[^>]*Target="docProps/core.xml"[^>]*/>', b"", entries["_rels/.rels"]
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            out.writestr(name, data)
