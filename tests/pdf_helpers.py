"""Reading PDF briefs as a reader sees them: page text, word positions, pixels; font warnings."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from helpers import FIXTURES, Edition, build_editions

PDF_FIXTURES = FIXTURES / "pdf"
# The topics of the PDF renderer's warnings about glyphs and fonts.
FONT_TOPICS = ("missing glyphs:", "fonts:")
# The bidi embedding marks pdftotext wraps right-to-left lines in; not part of the text.
_BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def make_project(root: Path, publication: str = "The Test Desk", extra: str = "") -> Path:
    """A project folder holding the PDF fixtures (manuscripts and their images)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        f'[tool.publisher]\npublication = "{publication}"\n{extra}', encoding="utf-8"
    )
    for item in PDF_FIXTURES.iterdir():
        if item.is_dir():
            shutil.copytree(item, root / item.name, dirs_exist_ok=True)
        else:
            shutil.copy(item, root / item.name)
    return root


def build_pdfs(
    sources: list[Path], project: Path, out: Path, **overrides: object
) -> tuple[dict[str, Edition], list[str]]:
    """Build PDFs only; also return the renderer's font warnings (the tests want none)."""
    editions = build_editions(sources, project, out, formats=("pdf",), **overrides)
    warnings = [w for e in editions.values() for w in e.warnings if w.startswith(FONT_TOPICS)]
    return editions, warnings


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


def page_text(pdf: Path, page: int | None = None) -> str:
    """A page's text (or the whole PDF's), spaces folded, line-end hyphens undone."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    out = _BIDI_MARKS.sub("", out)
    out = re.sub("\u2010\\s*\n\\s*", "", out)
    return " ".join(out.split())


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page, in points
    x1: float
    y1: float


def words(pdf: Path, page: int) -> list[Word]:
    """The words on a page where they are drawn (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
    ).stdout
    root = ET.fromstring(out)
    found = []
    for node in root.iter("{http://www.w3.org/1999/xhtml}word"):
        found.append(
            Word(
                _BIDI_MARKS.sub("", node.text or ""),
                *(float(node.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")),
            )
        )
    return found


def page_size(pdf: Path) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
    assert match
    return float(match.group(1)), float(match.group(2))


def picture(pdf: Path, page: int, dpi: int = 60):  # type: ignore[no-untyped-def]
    """The page as a reader sees it on screen: a greyscale image from pdftoppm."""
    from PIL import Image

    png = subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    return Image.open(BytesIO(png))


def ink_columns(image, top: float, bottom: float) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Leftmost and rightmost inked pixel column between two heights (fractions of the page)."""
    width, height = image.size
    band = image.crop((0, int(top * height), width, int(bottom * height)))
    dark = band.point(lambda v: 255 if v < 160 else 0)
    box = dark.getbbox()
    assert box is not None, "no ink in that band"
    return box[0], box[2]
