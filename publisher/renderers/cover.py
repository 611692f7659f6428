"""Draws an edition's cover, a JPEG with its title, authors and publication, in the house style.

Pillow lays the text out with libraqm (HarfBuzz shaping, FriBiDi ordering), so Persian and
Arabic titles join and run right to left. No one house font covers every script, so each
line is cut into runs by the font that has its letters and the runs are put in visual order
here; the result depends only on the text and the font files, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from publisher import languages
from publisher.errors import RenderError
from publisher.styles import StyleSet

if TYPE_CHECKING:
    from PIL import ImageDraw

SIZE = (1600, 2400)  # 2:3, the proportion of a paperback and of most e-book store tiles
MARGIN = 130
PAPER = (250, 247, 242)
INK = (27, 27, 27)
GREY = (68, 68, 68)
RED = (155, 28, 28)  # the house accent, #9b1c1c as in print.css
WHITE = (255, 255, 255)
BAND = 330  # height of the red masthead band

# The faces of each text style by script; "latin" covers Latin and Cyrillic.
_FACES = {
    "title": {"latin": "NotoSerif-Bold.ttf", "arabic": "NotoNaskhArabic-Bold.ttf",
              "georgian": "NotoSerifGeorgian-Bold.ttf"},
    "authors": {"latin": "NotoSans-Regular.ttf", "arabic": "NotoNaskhArabic-Regular.ttf",
                "georgian": "NotoSerifGeorgian-Regular.ttf"},
    "publication": {"latin": "NotoSans-Bold.ttf", "arabic": "NotoNaskhArabic-Bold.ttf",
                    "georgian": "NotoSerifGeorgian-Bold.ttf"},
}
# Naskh draws its letters small on the body; scaled up, a Persian title has the weight of a
# Latin one set at the same size.
_SCALE = {"latin": 1.0, "arabic": 1.2, "georgian": 1.0}


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


@dataclass(frozen=True, slots=True)
class _Run:
    text: str
    script: str  # a key of _FACES[style]
    direction: str | None  # None: no strong letters; it takes the line's direction


def face_script(char: str) -> str | None:
    """Which house face family a character needs; None: whichever font is at hand."""
    script = languages.script_of(char)
    if script == "Arab":
        return "arabic"
    if script == "Geor":
        return "georgian"
    if script is not None and unicodedata.category(char).startswith("L"):
        return "latin"
    return None  # spaces, digits, punctuation


def _coverage(path: Path) -> frozenset[int]:
    # Keyed by the file's change time too: a project may replace a house font between builds.
    return _cmap(path, path.stat().st_mtime_ns)


@cache
def _cmap(path: Path, _changed: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


def _direction(text: str) -> str | None:
    kinds = {unicodedata.bidirectional(c) for c in text}
    if kinds & {"R", "AL"}:
        return "rtl"
    return "ltr" if "L" in kinds else None


def _runs(text: str, faces: dict[str, Path]) -> list[_Run]:
    """Cut text where the font must change: a letter of another script, or a missing glyph."""
    pieces: list[tuple[str, str]] = []  # (script, text)
    for char in text:
        script = face_script(char)
        current = pieces[-1][0] if pieces else None
        if script is None or script == current:
            chosen = current if current and ord(char) in _coverage(faces[current]) else None
            chosen = chosen or next((s for s in ("latin", "arabic", "georgian")
                                     if ord(char) in _coverage(faces[s])), "latin")
        else:
            chosen = script
        if pieces and pieces[-1][0] == chosen:
            pieces[-1] = (chosen, pieces[-1][1] + char)
        else:
            pieces.append((chosen, char))
    runs: list[_Run] = []
    for script, piece in pieces:
        # A space between a Latin word and a Persian one belongs to neither: cut it loose, so
        # it takes the line's direction (as the bidi algorithm does) and not the word's.
        core = piece.strip()
        if not core:
            runs.append(_Run(piece, script, None))
            continue
        lead, trail = piece[:len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
        runs += [_Run(t, script, d) for t, d in ((lead, None), (core, _direction(core)),
                                                  (trail, None)) if t]
    return runs


def _visual(runs: list[_Run], base: str) -> list[_Run]:
    """Runs left to right: the line's own direction, with embedded opposite-direction spans."""
    groups: list[tuple[str, list[_Run]]] = []
    for run in runs:
        direction = run.direction or base
        if groups and direction != base and groups[-1][0] == direction:
            groups[-1][1].append(run)
        else:
            groups.append((direction, [run]))
    ordered = [members[::-1] if direction == "rtl" else members for direction, members in groups]
    if base == "rtl":
        ordered.reverse()
    return [run for members in ordered for run in members]


class _Style:
    """One text style (title, authors, publication) at one size: measures and draws lines."""

    def __init__(self, faces: dict[str, Path], size: int, language: str, base: str,
                 right: bool | None = None):
        from PIL import ImageFont

        self.faces = faces
        self.language = language.split("-")[0]
        self.base = base
        # Lines start at the page's start side, whatever the direction of their own text.
        self.right = base == "rtl" if right is None else right
        self.fonts = {script: ImageFont.truetype(str(path), round(size * _SCALE[script]),
                                                 layout_engine=ImageFont.Layout.RAQM)
                      for script, path in faces.items()}

    def length(self, run: _Run) -> float:
        return self.fonts[run.script].getlength(run.text, direction=run.direction or self.base,
                                                language=self.language)

    def width(self, line: str) -> float:
        return sum(self.length(r) for r in _runs(line, self.faces))

    def metrics(self, line: str) -> tuple[int, int]:
        """Ascent and descent of the line's fonts, so mixed scripts share one baseline."""
        fonts = [self.fonts[r.script] for r in _runs(line, self.faces)] or [self.fonts["latin"]]
        return max(f.getmetrics()[0] for f in fonts), max(f.getmetrics()[1] for f in fonts)

    def draw(self, canvas: ImageDraw.ImageDraw, line: str, y: int,
             fill: tuple[int, int, int]) -> int:
        """Draw one line with its baseline at y, aligned to the start margin of its direction.

        Returns where its ink ends below, descenders included, for what comes next.
        """
        x = SIZE[0] - MARGIN - self.width(line) if self.right else MARGIN
        bottom = y
        for run in _visual(_runs(line, self.faces), self.base):
            font, direction = self.fonts[run.script], run.direction or self.base
            canvas.text((x, y), run.text, font=font, fill=fill, anchor="ls",
                        direction=direction, language=self.language)
            bottom = max(bottom, round(canvas.textbbox((x, y), run.text, font=font, anchor="ls",
                                                       direction=direction,
                                                       language=self.language)[3]))
            x += self.length(run)
        return bottom


def _wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fits(style: _Style, width: float, line: str) -> bool:
    return style.width(line) <= width


def _balanced(text: str, style: _Style, width: float) -> list[str]:
    """Wrap to the narrowest measure that needs no more lines, so the lines end evenly."""
    lines = _wrap(text, lambda s: style.width(s) <= width)
    narrow = width
    while narrow > width * 0.55:
        trial = _wrap(text, partial(_fits, style, narrow - 20))
        if len(trial) > len(lines):
            break
        narrow -= 20
        lines = trial
    return lines


def _fit_title(text: str, faces: dict[str, Path], language: str, base: str,
               height: int) -> tuple[_Style, list[str], int]:
    """The largest title size whose wrapped lines fit the title area."""
    width = SIZE[0] - 2 * MARGIN
    for size in range(150, 59, -6):
        style = _Style(faces, size, language, base)
        lines = _balanced(text, style, width)
        leading = round(size * (1.5 if base == "rtl" else 1.18))
        if len(lines) <= 7 and len(lines) * leading <= height and all(
                style.width(line) <= width for line in lines):
            return style, lines, leading
    # A single word longer than the cover is wide: let it run; it is the rare exception.
    return style, lines, leading


def _track(canvas: ImageDraw.ImageDraw, style: _Style, text: str, y: int,
           fill: tuple[int, int, int],
           spacing: float) -> None:
    """Letter-spaced capitals for a Latin or Cyrillic publication name."""
    font = style.fonts["latin"]
    width = sum(font.getlength(char) + spacing for char in text) - spacing
    x: float = SIZE[0] - MARGIN - width if style.right else MARGIN
    for char in text:
        canvas.text((x, y), char, font=font, fill=fill, anchor="ls")
        x += font.getlength(char) + spacing


def _faces(styles: StyleSet, style: str) -> dict[str, Path]:
    return {script: styles.file(f"fonts/{name}") for script, name in _FACES[style].items()}


def _masthead(canvas: ImageDraw.ImageDraw, publication: str, language: str, base: str,
              styles: StyleSet) -> None:
    """The publication's name in white on the red band, at the page's start side."""
    own = _direction(publication) or base
    style = _Style(_faces(styles, "publication"), 50, language, own, right=base == "rtl")
    ascent, descent = style.metrics(publication)
    y = (BAND + ascent - descent) // 2
    if own == "ltr" and all(r.script == "latin" for r in _runs(publication, style.faces)):
        _track(canvas, style, publication.upper(), y, WHITE, spacing=50 * 0.14)
    else:  # no capitals, no letter-spacing: Arabic letters must stay joined
        style.draw(canvas, publication, y, WHITE)


def _title_and_authors(canvas: ImageDraw.ImageDraw, text: CoverText, base: str,
                       styles: StyleSet) -> None:
    """The headline as large as fits, a short red rule, and the authors below it."""
    authors = _Style(_faces(styles, "authors"), 64, text.language, base)
    author_lines = _wrap(text.authors, lambda s: authors.width(s) <= SIZE[0] - 2 * MARGIN)[:3]
    author_leading = round(64 * (1.6 if base == "rtl" else 1.3))
    under_title = 84 + 12 + 60 + author_leading * len(author_lines)  # rule, gap, authors

    area_top, area_bottom = BAND + 160, SIZE[1] - 56 - 160
    title, lines, leading = _fit_title(text.title, _faces(styles, "title"), text.language, base,
                                       area_bottom - area_top - under_title)
    block = leading * len(lines) + under_title
    # The block sits a little above the middle, where the eye puts the centre of a page.
    y = area_top + max(0, round((area_bottom - area_top - block) * 0.42))
    ink = y
    for line in lines:
        ink = title.draw(canvas, line, y + title.metrics(line)[0], INK)
        y += leading
    y = ink + 84
    rule_x = SIZE[0] - MARGIN - 170 if base == "rtl" else MARGIN
    canvas.rectangle((rule_x, y, rule_x + 170, y + 12), fill=RED)
    y += 12 + 60
    for line in author_lines:
        authors.draw(canvas, line, y + authors.metrics(line)[0], GREY)
        y += author_leading


def render(text: CoverText, direction: str, styles: StyleSet) -> bytes:
    """The cover as JPEG bytes (what e-book stores expect of a cover, and 20x quicker to
    encode than an optimised PNG, which dominated an EPUB's build time)."""
    from PIL import Image, ImageDraw, features

    if not features.check_feature("raqm"):
        # Without it Pillow draws Persian letters unjoined and left to right.
        raise RenderError("the cover needs Pillow with libraqm for right-to-left and joined "
                          "scripts; install libraqm0 and libfribidi0 (Debian) and reinstall "
                          "pillow")
    base = "rtl" if direction == "rtl" else "ltr"
    image = Image.new("RGB", SIZE, PAPER)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, SIZE[0], BAND), fill=RED)
    canvas.rectangle((0, SIZE[1] - 56, SIZE[0], SIZE[1]), fill=RED)
    if text.publication:
        _masthead(canvas, text.publication, text.language, base, styles)
    _title_and_authors(canvas, text, base, styles)
    out = io.BytesIO()
    # No EXIF, no time stamp: the bytes depend on the pixels alone. Full-resolution colour
    # (4:4:4) keeps the red band's edges and the letters sharp.
    image.save(out, format="JPEG", quality=92, subsampling=0)
    return out.getvalue()
