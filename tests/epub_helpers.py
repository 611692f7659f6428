"""Reading a built EPUB as a reading system does: container, package document, XHTML pages."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


class Book:
    """An EPUB opened for reading: its zip, its package document and its XHTML files."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path: str = container.xpath("string(//c:rootfile/@full-path)", namespaces=NS)
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.base = posixpath.dirname(self.opf_path)

    def xpath(self, query: str) -> Any:
        return self.opf.xpath(query, namespaces=NS)

    def meta(self, prop: str) -> list[str]:
        """The values of the package's <meta property="prop"> elements, in order."""
        return [str(v) for v in self.xpath(f"//opf:metadata/opf:meta[@property='{prop}']/text()")]

    def href(self, href: str, relative_to: str | None = None) -> str:
        folder = posixpath.dirname(relative_to) if relative_to else self.base
        return posixpath.normpath(posixpath.join(folder, href))

    def item(self, **where: str) -> Any:
        """The one manifest item with these attribute values (properties as one token)."""
        tests = [
            f"contains(concat(' ', @{k}, ' '), ' {v} ')"
            if k == "properties"
            else f"@{k.replace('_', '-')}='{v}'"
            for k, v in where.items()
        ]
        found = self.xpath(f"//opf:manifest/opf:item[{' and '.join(tests)}]")
        assert len(found) == 1, (where, found)
        return found[0]

    def xhtml_names(self) -> list[str]:
        return [
            self.href(h)
            for h in self.xpath(
                "//opf:manifest/opf:item[@media-type='application/xhtml+xml']/@href"
            )
        ]

    def spine_names(self) -> list[str]:
        names = []
        for idref in self.xpath("//opf:spine/opf:itemref/@idref"):
            href = self.xpath(f"string(//opf:manifest/opf:item[@id='{idref}']/@href)")
            names.append(self.href(href))
        return names

    def nav_name(self) -> str:
        return self.href(self.item(properties="nav").get("href"))

    def page(self, name: str) -> Any:
        return etree.fromstring(self.zip.read(name))

    def text(self, name: str) -> str:
        return " ".join(" ".join(self.page(name).itertext()).split())

    def reading_text(self) -> str:
        """Everything a reader pages through, in spine order."""
        return " ".join(self.text(name) for name in self.spine_names())

    def with_type(self, name: str, epub_type: str) -> list[Any]:
        """Elements of a page whose epub:type has this token."""
        return list(
            self.page(name).xpath(
                f"//*[contains(concat(' ', @epub:type, ' '), ' {epub_type} ')]", namespaces=NS
            )
        )

    def article(self) -> str:
        """The spine document that holds the article's body (the cover comes first)."""
        found = [n for n in self.spine_names() if self.with_type(n, "bodymatter")]
        assert len(found) == 1, found
        return found[0]

    def resolve(self, link: str, relative_to: str) -> tuple[str, str]:
        """A link's target document (inside the zip) and fragment."""
        path, _, fragment = link.partition("#")
        return self.href(path, relative_to), fragment
