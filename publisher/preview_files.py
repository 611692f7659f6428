"""Where the preview server finds what it sends: files under the output folder and nothing
outside it, and the pages inside an edition's EPUB, as a reading system finds them.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from lxml import etree

_OPF = "{http://www.idpf.org/2007/opf}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Moved(Exception):
    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


def segments(url_path: str) -> list[str]:
    """A request path's segments; `..`, dotfiles and odd characters are refused."""
    text = unquote(url_path)
    if "\0" in text or "\\" in text:
        raise Refused(403, "not a path publisher serves")
    parts = [p for p in text.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise Refused(403, "outside the output folder")
    if any(p.startswith(".") for p in parts):
        raise Refused(404, "not found")  # the build state and half-written files
    return parts


def locate(root: Path, url_path: str) -> Path:
    """The file a path names under the output folder, following no link out of it."""
    parts = segments(url_path)
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root):
        raise Refused(403, "outside the output folder")
    if target.is_dir():
        if not url_path.endswith("/"):
            raise Moved(url_path + "/")  # so that the page's relative links resolve
        target = target / "index.html"  # never a listing
    if not target.is_file():
        raise Refused(404, "not found")
    return target


@dataclass(frozen=True)
class Book:
    """An EPUB opened for preview: its files and its reading order."""

    path: Path
    folder: str  # the package document's folder inside the zip
    types: dict[str, str]  # zip name -> media type
    spine: tuple[str, ...]  # zip names, in reading order

    @classmethod
    def open(cls, path: Path) -> Book:
        with zipfile.ZipFile(path) as book:
            container = etree.fromstring(book.read("META-INF/container.xml"))
            rootfile = container.find(f".//{_CONTAINER}rootfile")
            opf = rootfile.get("full-path", "") if rootfile is not None else ""
            package = etree.fromstring(book.read(opf))
        folder = posixpath.dirname(opf)
        items = {
            i.get("id"): (
                posixpath.normpath(posixpath.join(folder, unquote(i.get("href", "")))),
                i.get("media-type", ""),
            )
            for i in package.iter(f"{_OPF}item")
        }
        spine = tuple(
            items[r.get("idref")][0]
            for r in package.iter(f"{_OPF}itemref")
            if r.get("idref") in items and r.get("linear") != "no"
        )
        return cls(path, folder, dict(items.values()), spine)

    def first_page(self) -> str:
        """Where a preview opens: the first page after the cover."""
        pages = [p for p in self.spine if posixpath.basename(p) != "cover.xhtml"]
        return (pages or list(self.spine))[0]

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.path) as book:
            return book.read(name)

    def href(self, name: str) -> str:
        return quote(posixpath.relpath(name, self.folder or "."))
