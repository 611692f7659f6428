"""Shapes a cover's lines with HarfBuzz in the house faces, one run per font, in visual order.

No one house font covers every script, so each line is cut into runs by the font that has its
letters, each run is shaped in its own direction, and the runs are put in visual order here
(a Latin word keeps its order inside a Persian line). Everything is measured in font units,
which do not depend on the size, so a title tried at sixteen sizes is shaped once.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from publisher import languages
from publisher.renderers import cover_bidi

# Where a character no face claims by its script is looked for, in this order.
FALLBACK_ORDER = ("latin", "arabic", "georgian", "hangul", "han")
# Chinese characters and the Japanese syllabaries share one face.
_FACE_OF_SCRIPT = {
    "Arab": "arabic",
    "Geor": "georgian",
    "Hang": "hangul",
    "Hani": "han",
    "Hira": "han",
    "Kana": "han",
    "Bopo": "han",
}


def face_script(char: str) -> str | None:
    """Which house face family a character needs; None: whichever font is at hand."""
    script = languages.script_of(char)
    if script in _FACE_OF_SCRIPT:
        return _FACE_OF_SCRIPT[script]
    if script is not None and unicodedata.category(char).startswith("L"):
        return "latin"
    return None  # spaces, digits, punctuation


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    script: str  # which face of the style: a key of its faces
    direction: str | None  # None: no strong letters; it takes the line's direction


@dataclass(frozen=True, slots=True)
class Face:
    """One font file as it is now: what HarfBuzz needs of it, and the letters it has."""

    path: Path
    version: int  # the file's change time: a project may replace a house font between builds
    upem: int
    ascent: int  # font units above the baseline, as the hhea table has it
    descent: int  # font units below it, positive
    letters: frozenset[int]


@dataclass(frozen=True, slots=True)
class Shaped:
    """A run's glyphs in font units: (glyph id, x from the run's start, y offset)."""

    glyphs: tuple[tuple[int, int, int], ...]
    advance: int


@dataclass(frozen=True, slots=True)
class Placed:
    """Shaped glyphs set on the cover: the run's origin in pixels and pixels per font unit."""

    face: Face
    shaped: Shaped
    x: float
    y: float
    scale: float


Colour = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Box:
    """A filled rectangle of the cover, in pixels from its top left corner."""

    x: float
    y: float
    width: float
    height: float
    fill: Colour


@dataclass(frozen=True, slots=True)
class Ink:
    """Runs of glyphs set in one colour."""

    runs: tuple[Placed, ...]
    fill: Colour


Mark = Box | Ink  # what a cover is drawn from, in painting order


def load(path: Path) -> Face:
    """The face of a font file, loaded once per version of the file in a process."""
    return _face(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _hb_font(path: Path, _version: int) -> Any:
    import uharfbuzz as hb

    # Read into memory, not mapped: a font replaced while a build runs must not pull the
    # pages from under HarfBuzz.
    return hb.Font(hb.Face(hb.Blob(path.read_bytes())))


@lru_cache(maxsize=64)
def _face(path: Path, version: int) -> Face:
    font = _hb_font(path, version)
    extents = font.get_font_extents("ltr")
    return Face(
        path,
        version,
        font.face.upem,
        extents.ascender,
        -extents.descender,
        frozenset(font.face.unicodes),
    )


@lru_cache(maxsize=8192)
def outline(path: Path, version: int, glyph: int) -> tuple[str, int]:
    """A glyph's outline as SVG path data in whole font units (y up), and its lowest point.

    Whole units are a fiftieth of a pixel or less at cover sizes: invisible, and they keep the
    file small. Kept per file version and glyph: the same letters recur on every cover.
    """
    from fontTools.pens.svgPathPen import SVGPathPen

    font = _hb_font(path, version)
    pen = SVGPathPen(None, ntos=lambda v: str(round(v)))
    font.draw_glyph_with_pen(glyph, pen)
    extents = font.get_glyph_extents(glyph)
    bottom = extents.y_bearing + extents.height if extents else 0
    return pen.getCommands(), bottom


def direction_of(text: str) -> str | None:
    """The direction of a text's strong letters; None when it has none (digits, marks)."""
    kinds = {unicodedata.bidirectional(c) for c in text}
    if kinds & {"R", "AL"}:
        return "rtl"
    return "ltr" if "L" in kinds else None


def runs(text: str, faces: Mapping[str, Face]) -> list[Run]:
    """Cut text where the font must change: a letter of another script, or a missing glyph."""
    pieces: list[tuple[str, str]] = []  # (script, text)
    for char in text:
        script = face_script(char)
        current = pieces[-1][0] if pieces else None
        if script is None or script == current:
            chosen = current if current and ord(char) in faces[current].letters else None
            chosen = chosen or next(
                (s for s in FALLBACK_ORDER if ord(char) in faces[s].letters), "latin"
            )
        else:
            chosen = script
        if pieces and pieces[-1][0] == chosen:
            pieces[-1] = (chosen, pieces[-1][1] + char)
        else:
            pieces.append((chosen, char))
    cut: list[Run] = []
    for script, piece in pieces:
        # A space between a Latin word and a Persian one belongs to neither: cut it loose, so
        # it takes the line's direction (as the bidi algorithm does) and not the word's.
        core = piece.strip()
        if not core:
            cut.append(Run(piece, script, None))
            continue
        lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
        cut += [
            Run(t, script, d)
            for t, d in ((lead, None), (core, direction_of(core)), (trail, None))
            if t
        ]
    return cut


def visual(line: list[Run], base: str) -> list[Run]:
    """Runs left to right: the line's own direction, with embedded opposite-direction spans."""
    groups: list[tuple[str, list[Run]]] = []
    for run in line:
        direction = run.direction or base
        if groups and direction != base and groups[-1][0] == direction:
            groups[-1][1].append(run)
        else:
            groups.append((direction, [run]))
    ordered = [members[::-1] if direction == "rtl" else members for direction, members in groups]
    if base == "rtl":
        ordered.reverse()
    return [run for members in ordered for run in members]


class _Faces(Mapping[str, Face]):
    """The faces of a style, each loaded when a letter first needs it: a Latin cover never
    reads the four megabytes of the Chinese face."""

    def __init__(self, paths: Mapping[str, Path]):
        self.paths = paths
        self.loaded: dict[str, Face] = {}

    def __getitem__(self, script: str) -> Face:
        if script not in self.loaded:
            self.loaded[script] = load(self.paths[script])
        return self.loaded[script]

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


class Typeset:
    """The faces of one text style by script, and a memo of the runs shaped in them."""

    def __init__(self, paths: Mapping[str, Path], scale: Mapping[str, float], language: str):
        self.faces = _Faces(paths)
        self.scale = scale  # how much larger than the nominal size each face is set
        self.language = languages.primary(language)
        self._runs: dict[str, list[Run]] = {}
        self._shaped: dict[tuple[str, str, str, bool], Shaped] = {}

    def runs(self, line: str) -> list[Run]:
        if line not in self._runs:
            self._runs[line] = runs(line, self.faces)
        return self._runs[line]

    def shape(self, run: Run, direction: str, ligatures: bool = True) -> Shaped:
        key = (run.script, run.text, direction, ligatures)
        if key not in self._shaped:
            # Each piece in its own direction (the digits of a Persian run read left to
            # right), the pieces side by side in display order.
            face, glyphs, x = self.faces[run.script], [], 0
            for piece, way in cover_bidi.display(run.text, direction):
                shaped = _shape(face, piece, way, self.language, ligatures)
                glyphs += [(g, x + gx, gy) for g, gx, gy in shaped.glyphs]
                x += shaped.advance
            self._shaped[key] = Shaped(tuple(glyphs), x)
        return self._shaped[key]


def _shape(face: Face, text: str, direction: str, language: str, ligatures: bool) -> Shaped:
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = direction
    buffer.language = language
    features = {} if ligatures else {"liga": False, "clig": False}
    hb.shape(_hb_font(face.path, face.version), buffer, features)
    glyphs, x = [], 0
    # HarfBuzz gives a right-to-left run's glyphs already in visual (left to right) order.
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyphs.append((info.codepoint, x + position.x_offset, position.y_offset))
        x += position.x_advance
    return Shaped(tuple(glyphs), x)


class Style:
    """One text style at one size in a line direction: measures lines and sets them."""

    def __init__(self, typeset: Typeset, size: float, base: str, right: bool | None = None):
        self.typeset = typeset
        self.size = size
        self.base = base
        # Lines start at the page's start side, whatever the direction of their own text.
        self.right = base == "rtl" if right is None else right

    def scale(self, script: str) -> float:
        """Pixels per font unit of a face."""
        face = self.typeset.faces[script]
        return self.size * self.typeset.scale[script] / face.upem

    def length(self, run: Run) -> float:
        return self.typeset.shape(run, run.direction or self.base).advance * self.scale(run.script)

    def width(self, line: str) -> float:
        return sum(self.length(r) for r in self.typeset.runs(line))

    def metrics(self, line: str) -> tuple[int, int]:
        """Ascent and descent of the line's fonts, so mixed scripts share one baseline."""
        scripts = {r.script for r in self.typeset.runs(line)} or {"latin"}
        faces = self.typeset.faces
        return (
            max(math.ceil(faces[s].ascent * self.scale(s)) for s in scripts),
            max(math.ceil(faces[s].descent * self.scale(s)) for s in scripts),
        )

    def set(self, line: str, y: float, right_edge: float, left_edge: float) -> list[Placed]:
        """One line with its baseline at y, from the start edge of the line's direction."""
        x = right_edge - self.width(line) if self.right else left_edge
        placed = []
        for run in visual(self.typeset.runs(line), self.base):
            shaped = self.typeset.shape(run, run.direction or self.base)
            scale = self.scale(run.script)
            placed.append(Placed(self.typeset.faces[run.script], shaped, x, y, scale))
            x += shaped.advance * scale
        return placed

    def tracked(self, text: str, spacing: float) -> Shaped:
        """Letter-spaced, in the Latin face, without ligatures (as CSS letter-spacing does)."""
        shaped = self.typeset.shape(Run(text, "latin", "ltr"), "ltr", ligatures=False)
        step = spacing / self.scale("latin")
        glyphs = tuple((g, round(x + n * step), y) for n, (g, x, y) in enumerate(shaped.glyphs))
        return Shaped(glyphs, round(shaped.advance + step * (len(glyphs) - 1)))


def ink_bottom(placed: list[Placed]) -> float:
    """How far below the top of the cover the lowest glyph of the runs reaches."""
    bottom = max((p.y for p in placed), default=0.0)
    for run in placed:
        for glyph, _x, dy in run.shaped.glyphs:
            lowest = outline(run.face.path, run.face.version, glyph)[1] + dy
            bottom = max(bottom, run.y - lowest * run.scale)
    return bottom
