"""Draws an edition's cover in the house style as an SVG of glyph outlines, and its thumbnail.

The text is shaped with HarfBuzz in the house fonts (cover_shaping.py) and written as paths,
so the cover needs no font to be shown, is sharp at any size, and costs a few milliseconds.
The result depends only on the text and the font files: a rebuild gives the same bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from html import escape

from publisher import languages
from publisher.model import Edition
from publisher.renderers.cover_shaping import (
    Box,
    Colour,
    Ink,
    Mark,
    Placed,
    Style,
    Typeset,
    direction_of,
    face_script,
    ink_bottom,
    outline,
)
from publisher.styles import StyleSet

__all__ = ["MEDIA_TYPE", "SUFFIX", "CoverText", "face_script", "render", "text_of", "thumbnail"]

MEDIA_TYPE, SUFFIX = "image/svg+xml", ".svg"
SIZE = (1600, 2400)  # 2:3, the proportion of a paperback and of most e-book store tiles
MARGIN = 130
PAPER = (250, 247, 242)
INK = (27, 27, 27)
GREY = (68, 68, 68)
RED = (155, 28, 28)  # the house accent, #9b1c1c as in print.css
WHITE = (255, 255, 255)
BAND = 330  # height of the red masthead band
FOOT = 56  # height of the red foot band

# The faces of each text style by script; "latin" covers Latin and Cyrillic.
_HAN = "DroidSansFallbackFull.ttf"  # Chinese and Japanese: one weight
_FACES = {
    "title": {
        "latin": "NotoSerif-Bold.ttf",
        "arabic": "NotoNaskhArabic-Bold.ttf",
        "georgian": "NotoSerifGeorgian-Bold.ttf",
        "hangul": "NotoSansKR-Hangul-Bold.otf",
        "han": _HAN,
    },
    "authors": {
        "latin": "NotoSans-Regular.ttf",
        "arabic": "NotoNaskhArabic-Regular.ttf",
        "georgian": "NotoSerifGeorgian-Regular.ttf",
        "hangul": "NotoSansKR-Hangul-Regular.otf",
        "han": _HAN,
    },
    "publication": {
        "latin": "NotoSans-Bold.ttf",
        "arabic": "NotoNaskhArabic-Bold.ttf",
        "georgian": "NotoSerifGeorgian-Bold.ttf",
        "hangul": "NotoSansKR-Hangul-Bold.otf",
        "han": _HAN,
    },
}
# Naskh draws its letters small on the body; scaled up, a Persian title has the weight of a
# Latin one set at the same size.
_SCALE = {"latin": 1.0, "arabic": 1.2, "georgian": 1.0, "hangul": 1.0, "han": 1.0}
# Chinese and Japanese lines may break between any two characters, but not before a closing
# mark nor after an opening one (kinsoku).
_NO_LINE_START = frozenset(
    "、。，．・：；？！）」』】〕〉》’”…ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
)
_NO_LINE_END = frozenset("（「『【〔〈《‘“")
_UNSPACED = frozenset({"Hani", "Hira", "Kana", "Bopo"})


@dataclass(frozen=True, slots=True)
class CoverText:
    """What a cover shows, already in the edition's words (authors joined as a list)."""

    title: str
    authors: str
    publication: str | None
    language: str

    def alt(self) -> str:
        """The cover's text in reading order: what a screen reader says for the picture."""
        return " — ".join(t for t in (self.title, self.authors, self.publication) if t)


class _Canvas:
    """The marks of a cover, in painting order, as the layout makes them."""

    def __init__(self) -> None:
        self.marks: list[Mark] = []

    def rect(self, x: float, y: float, width: float, height: float, fill: Colour) -> None:
        self.marks.append(Box(x, y, width, height, fill))

    def glyphs(self, placed: list[Placed], fill: Colour) -> None:
        self.marks.append(Ink(tuple(placed), fill))


def _typeset(styles: StyleSet, style: str, language: str) -> Typeset:
    paths = {script: styles.file(f"fonts/{name}") for script, name in _FACES[style].items()}
    return Typeset(paths, _SCALE, language)


def _unspaced(char: str) -> bool:
    return languages.script_of(char) in _UNSPACED or 0x3000 <= ord(char) <= 0x303F


def _breaks(text: str) -> list[tuple[str, str]]:
    """The pieces a line may break between, each with what joins it to the one before:
    words (a space), and the characters of Chinese and Japanese, which have no spaces."""
    pieces: list[tuple[str, str]] = []
    for word in text.split():
        joiner, piece = " ", ""
        for char in word:
            if (
                piece
                and (_unspaced(piece[-1]) or _unspaced(char))
                and char not in _NO_LINE_START
                and piece[-1] not in _NO_LINE_END
            ):
                pieces.append((joiner, piece))
                joiner, piece = "", char
            else:
                piece += char
        pieces.append((joiner, piece))
    return pieces


def _wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    lines: list[str] = []
    for joiner, piece in _breaks(text):
        if lines and fits(lines[-1] + joiner + piece):
            lines[-1] += joiner + piece
        else:
            lines.append(piece)
    return lines


def _fits(style: Style, width: float, line: str) -> bool:
    return style.width(line) <= width


def _balanced(text: str, style: Style, width: float) -> list[str]:
    """Wrap to the narrowest measure that needs no more lines, so the lines end evenly."""
    lines = _wrap(text, partial(_fits, style, width))
    narrow = width
    while narrow > width * 0.55:
        trial = _wrap(text, partial(_fits, style, narrow - 20))
        if len(trial) > len(lines):
            break
        narrow -= 20
        lines = trial
    return lines


def _fit_title(text: str, typeset: Typeset, base: str, height: int) -> tuple[Style, list[str], int]:
    """The largest title size whose wrapped lines fit the title area."""
    width = SIZE[0] - 2 * MARGIN
    for size in range(150, 59, -6):
        style = Style(typeset, size, base)
        lines = _balanced(text, style, width)
        leading = round(size * (1.5 if base == "rtl" else 1.18))
        if (
            len(lines) <= 7
            and len(lines) * leading <= height
            and all(style.width(line) <= width for line in lines)
        ):
            return style, lines, leading
    # A single word longer than the cover is wide: let it run; it is the rare exception.
    return style, lines, leading


def _masthead(
    canvas: _Canvas, publication: str, language: str, base: str, styles: StyleSet
) -> None:
    """The publication's name in white on the red band, at the page's start side."""
    own = direction_of(publication) or base
    style = Style(_typeset(styles, "publication", language), 50, own, right=base == "rtl")
    ascent, descent = style.metrics(publication)
    y = (BAND + ascent - descent) // 2
    if own == "ltr" and all(r.script == "latin" for r in style.typeset.runs(publication)):
        # Letter-spaced capitals, as the print masthead has them.
        shaped = style.tracked(publication.upper(), spacing=50 * 0.14)
        scale = style.scale("latin")
        width = shaped.advance * scale
        x = SIZE[0] - MARGIN - width if style.right else MARGIN
        canvas.glyphs([Placed(style.typeset.faces["latin"], shaped, x, y, scale)], WHITE)
    else:  # no capitals, no letter-spacing: Arabic letters must stay joined
        canvas.glyphs(style.set(publication, y, SIZE[0] - MARGIN, MARGIN), WHITE)


def _title_and_authors(canvas: _Canvas, text: CoverText, base: str, styles: StyleSet) -> None:
    """The headline as large as fits, a short red rule, and the authors below it."""
    authors = Style(_typeset(styles, "authors", text.language), 64, base)
    author_lines = _wrap(text.authors, partial(_fits, authors, SIZE[0] - 2 * MARGIN))[:3]
    author_leading = round(64 * (1.6 if base == "rtl" else 1.3))
    under_title = 84 + 12 + 60 + author_leading * len(author_lines)  # rule, gap, authors

    area_top, area_bottom = BAND + 160, SIZE[1] - FOOT - 160
    title, lines, leading = _fit_title(
        text.title,
        _typeset(styles, "title", text.language),
        base,
        area_bottom - area_top - under_title,
    )
    block = leading * len(lines) + under_title
    # The block sits a little above the middle, where the eye puts the centre of a page.
    y = area_top + max(0, round((area_bottom - area_top - block) * 0.42))
    ink: float = y
    for line in lines:
        placed = title.set(line, y + title.metrics(line)[0], SIZE[0] - MARGIN, MARGIN)
        canvas.glyphs(placed, INK)
        ink = ink_bottom(placed)
        y += leading
    rule_y = round(ink) + 84
    rule_x = SIZE[0] - MARGIN - 170 if base == "rtl" else MARGIN
    canvas.rect(rule_x, rule_y, 170, 12, RED)
    y = rule_y + 12 + 60
    for line in author_lines:
        canvas.glyphs(
            authors.set(line, y + authors.metrics(line)[0], SIZE[0] - MARGIN, MARGIN), GREY
        )
        y += author_leading


def _layout(text: CoverText, direction: str, styles: StyleSet) -> list[Mark]:
    base = "rtl" if direction == "rtl" else "ltr"
    canvas = _Canvas()
    width, height = SIZE
    canvas.rect(0, 0, width, height, PAPER)
    canvas.rect(0, 0, width, BAND, RED)
    canvas.rect(0, height - FOOT, width, FOOT, RED)
    if text.publication:
        _masthead(canvas, text.publication, text.language, base, styles)
    _title_and_authors(canvas, text, base, styles)
    return canvas.marks


def _colour(rgb: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _number(value: float, places: int = 2) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _elements(mark: Mark) -> list[str]:
    """A box as a rect; each run of glyphs as a group in its font's units (y up), each glyph a
    path at its place in the run."""
    if isinstance(mark, Box):
        return [
            f'<rect x="{_number(mark.x)}" y="{_number(mark.y)}" width="{_number(mark.width)}" '
            f'height="{_number(mark.height)}" fill="{_colour(mark.fill)}"/>'
        ]
    elements = []
    for run in mark.runs:
        scale = _number(run.scale, 6)
        elements.append(
            f'<g fill="{_colour(mark.fill)}" transform="matrix({scale} 0 0 -{scale} '
            f'{_number(run.x)} {_number(run.y)})">'
        )
        for glyph, x, y in run.shaped.glyphs:
            path = outline(run.face.path, run.face.version, glyph)[0]
            if path:  # a space has no outline
                at = f' transform="translate({x} {y})"' if x or y else ""
                elements.append(f'<path{at} d="{path}"/>')
        elements.append("</g>")
    return elements


def text_of(edition: Edition, language: str) -> CoverText:
    """What an edition's drawn cover shows: its title (an untitled article's opening words),
    its authors (a collection's editors) as the language lists them, and the publication."""
    from publisher.renderers.html import display_title

    meta = edition.metadata
    title = (
        (meta.title or "Untitled") if edition.collection else display_title(edition.documents[0])
    )
    return CoverText(
        title, languages.format_names(meta.authors, language), meta.publication, language
    )


def render(text: CoverText, direction: str, styles: StyleSet) -> bytes:
    """The cover as an SVG document of outlines (no text elements, no external references),
    kept in the styles' cache by its text, direction, styles and drawing code."""
    from publisher import memo
    from publisher.renderers import cover_shaping

    key = memo.key(
        text, direction, styles.digest(), memo.code(sys.modules[__name__], cover_shaping)
    )
    return memo.kept(styles.cache, "covers", key, lambda: _svg(text, direction, styles))


def _svg(text: CoverText, direction: str, styles: StyleSet) -> bytes:
    width, height = SIZE
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xml:lang="{escape(text.language)}">',
        # Read out when the picture is opened on its own; in a book the <img>'s alt says it.
        f"<title>{escape(text.alt())}</title>",
    ]
    for mark in _layout(text, direction, styles):
        parts += _elements(mark)
    parts.append("</svg>\n")
    return "\n".join(parts).encode()


# The catalogue's thumbnails: 100 CSS pixels wide, twice that for high-density screens.
THUMBNAIL_WIDTH = 200


def thumbnail(text: CoverText, direction: str, styles: StyleSet, width: int = 300) -> bytes:
    """The same cover as a JPEG `width` pixels wide (for a catalogue page or a feed).

    The same marks as the SVG, drawn by FreeType: five times quicker than rasterising the SVG.
    Kept in the styles' cache as the SVG is: an edit that leaves the title alone draws none.
    """
    from publisher import memo
    from publisher.renderers import cover_raster, cover_shaping

    drawing = memo.code(sys.modules[__name__], cover_shaping, cover_raster)
    key = memo.key(text, direction, styles.digest(), width, drawing)
    return memo.kept(
        styles.cache,
        "thumbnails",
        key,
        lambda: cover_raster.jpeg(_layout(text, direction, styles), SIZE, width),
    )
