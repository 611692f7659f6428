"""Opens a Word document's package safely: refuses what is not a plain .docx (an encrypted or
macro-enabled file, a zip bomb, XML that declares entities), reads its core properties, and
prepares its parts for mammoth (text boxes and equations it would skip, as text).

A .docx is a zip of XML parts. Each refusal is one ManuscriptError naming the reason; nothing
here opens a file outside the package or the network.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from publisher.errors import ManuscriptError

# What the parts of a document may expand to, all together: a long report with pictures is a
# few tens of MB; more is an archive built to exhaust memory.
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
MAX_PARTS = 10_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENTITY_MARKS = tuple(
    mark
    for word in (b"<!DOCTYPE", b"<!ENTITY")
    for mark in (word, word.decode().encode("utf-16-le"))
)
_MACROS = re.compile(rb"macroEnabled|vbaProject|vbaData", re.IGNORECASE)

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
W, M, V = (f"{{{NS[prefix]}}}" for prefix in ("w", "m", "v"))


def xml_parser() -> etree.XMLParser:
    """lxml that never loads a DTD, expands an entity or reaches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, xml_parser())


def _refuse_containers(data: bytes, path: Path) -> None:
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ManuscriptError(
                "is password-protected (encrypted); remove the password in "
                "Word (File > Info > Protect Document) and save it again",
                path,
            )
        raise ManuscriptError(
            "is a Word 97-2003 document (.doc), not .docx; open it in Word "
            "and save it as a Word Document (.docx)",
            path,
        )
    if not data.startswith(b"PK"):
        raise ManuscriptError(
            "is not a Word document (a .docx is a zip archive); save it "
            "from Word as a Word Document (.docx)",
            path,
        )


def open_package(data: bytes, path: Path) -> zipfile.ZipFile:
    """The document's zip, once it is known to be a plain, bounded Word document."""
    _refuse_containers(data, path)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, ValueError) as e:
        raise ManuscriptError(f"is not a Word document: a damaged zip archive ({e})", path) from e
    expanded = sum(info.file_size for info in infos)
    if len(infos) > MAX_PARTS or expanded > MAX_EXPANDED_BYTES:
        raise ManuscriptError(
            f"expands to {expanded / 1e6:.0f} MB in {len(infos)} parts, past the "
            f"{MAX_EXPANDED_BYTES / 1e6:.0f} MB limit: refused as a possible zip bomb",
            path,
        )
    names = {info.filename for info in infos}
    if any(info.flag_bits & 0x1 for info in infos):
        raise ManuscriptError(
            "is an encrypted zip archive; save it from Word without a password", path
        )
    types = (
        read_part(package, "[Content_Types].xml", path) if "[Content_Types].xml" in names else b""
    )
    if _MACROS.search(types) or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ManuscriptError(
            "is a macro-enabled document; macros are never run: save it in "
            "Word as a Word Document (.docx), without macros",
            path,
        )
    if "word/document.xml" not in names and b"wordprocessingml" not in types:
        raise ManuscriptError(
            "is a zip archive but not a Word document (no word/document.xml)", path
        )
    for name in sorted(names):
        if name.lower().endswith((".xml", ".rels")) and any(
            mark in read_part(package, name, path) for mark in _ENTITY_MARKS
        ):
            raise ManuscriptError(
                f"its part {name} declares XML entities (a DOCTYPE), which "
                "Word never writes: refused",
                path,
            )
    return package


def read_part(package: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """One part's bytes; a damaged part is a one-line refusal."""
    try:
        return package.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
        raise ManuscriptError(f"its part {name} cannot be read ({e})", path) from e


@dataclass(frozen=True, slots=True)
class CoreProperties:
    """docProps/core.xml: what Word's File > Info says of the document."""

    title: str | None = None
    creator: str | None = None
    language: str | None = None


def core_properties(package: zipfile.ZipFile) -> CoreProperties:
    if "docProps/core.xml" not in package.namelist():
        return CoreProperties()
    try:
        root = parse_xml(package.read("docProps/core.xml"))
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError):
        return CoreProperties()  # broken properties: the body still speaks for itself

    def field(tag: str) -> str | None:
        found = root.find(tag, NS)
        text = " ".join((found.text or "").split()) if found is not None else ""
        return text or None

    return CoreProperties(field("dc:title"), field("dc:creator"), field("dc:language"))


# --- parts as mammoth should see them ------------------------------------------------------


def _math_as_text(root: etree._Element) -> None:
    """An equation's characters as a run of text: mammoth drops Office Math entirely."""
    maths = list(root.iter(M + "oMathPara", M + "oMath"))
    for math in maths:
        parent = math.getparent()
        if parent is None or etree.QName(parent).namespace == NS["m"]:
            continue  # inside an equation already turned into text
        text = "".join(t.text or "" for t in math.iter(M + "t"))
        run = etree.Element(W + "r")
        etree.SubElement(run, W + "t").text = text
        run.tail = math.tail
        parent.replace(math, run)


def _read_by_mammoth(content: etree._Element) -> bool:
    """Whether mammoth reaches a text box: a VML one, or a DrawingML one with a VML fallback."""
    for ancestor in content.iterancestors():
        name = etree.QName(ancestor).localname
        if name in ("Fallback", "textbox"):
            return True
        if name == "AlternateContent":
            return ancestor.find("mc:Fallback//w:txbxContent", NS) is not None
    return False


def _text_boxes_readable(root: etree._Element) -> None:
    """A DrawingML text box with no VML fallback, as the VML one mammoth reads."""
    for content in list(root.iter(W + "txbxContent")):
        if _read_by_mammoth(content):
            continue
        ancestors = list(content.iterancestors())
        names = [etree.QName(a).localname for a in ancestors]
        # The outermost choice mammoth skips, or else the drawing, is what gets replaced.
        holder = next(
            (
                a
                for a, n in zip(reversed(ancestors), reversed(names), strict=True)
                if n == "AlternateContent"
            ),
            None,
        )
        if holder is None:
            holder = next(
                (a for a, n in zip(ancestors, names, strict=True) if n == "drawing"), None
            )
        if holder is None or holder.getparent() is None:
            continue
        pict = etree.Element(W + "pict")
        shape = etree.SubElement(pict, V + "shape")
        etree.SubElement(shape, V + "textbox").append(content)
        pict.tail = holder.tail
        holder.getparent().replace(holder, pict)


# Wrappers mammoth does not open, whose runs are the text: a simple field's result (a page
# number, a date, a cross-reference) and right-to-left or override embeddings.
_WRAPPERS = ("fldSimple", "dir", "bdo")


def _unwrap(root: etree._Element) -> None:
    for wrapper in list(root.iter(*(W + name for name in _WRAPPERS))):
        parent = wrapper.getparent()
        if parent is None:
            continue
        at = parent.index(wrapper)
        for offset, child in enumerate(list(wrapper)):
            parent.insert(at + offset, child)
        if wrapper.tail:
            previous = wrapper.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + wrapper.tail
        parent.remove(wrapper)


def _header_rows(root: etree._Element) -> None:
    """A table styled with a header row (tblLook firstRow, Word's default) marks its first row
    as one, so mammoth sets it as header cells, as Word shows it."""
    for table in root.iter(W + "tbl"):
        look = table.find("w:tblPr/w:tblLook", NS)
        if look is None:
            continue
        flags = look.get(W + "val") or "0"
        first_row = look.get(W + "firstRow")
        try:
            styled = (
                first_row in ("1", "true", "on")
                if first_row is not None
                else bool(int(flags, 16) & 0x0020)
            )
        except ValueError:
            styled = False
        rows = table.findall("w:tr", NS)
        if not styled or len(rows) < 2 or rows[0].find("w:trPr/w:tblHeader", NS) is not None:
            continue
        properties = rows[0].find("w:trPr", NS)
        if properties is None:
            properties = etree.Element(W + "trPr")
            rows[0].insert(1 if rows[0].find("w:tblPrEx", NS) is not None else 0, properties)
        etree.SubElement(properties, W + "tblHeader")


def prepared(package: zipfile.ZipFile, path: Path) -> bytes:
    """The package again, with its story parts' equations, simple fields, embeddings, text
    boxes and header rows as mammoth reads them."""
    out = io.BytesIO()
    stories = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            data = read_part(package, info.filename, path)
            if info.filename in stories:
                try:
                    root = parse_xml(data)
                except etree.XMLSyntaxError as e:
                    raise ManuscriptError(
                        f"its part {info.filename} is not well-formed XML "
                        f"({e}); open it in Word and save it again",
                        path,
                    ) from e
                _math_as_text(root)
                _unwrap(root)
                _text_boxes_readable(root)
                _header_rows(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            copy.writestr(info.filename, data)
    return out.getvalue()
