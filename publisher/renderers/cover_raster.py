"""Draws a cover's marks as a small JPEG with FreeType: the thumbnail of a catalogue or feed.

The glyphs are the ones HarfBuzz placed for the SVG, each rendered by FreeType from the same
font file, unhinted (as the SVG's outlines are), at quarter-pixel positions, and kept per font
version, glyph, size and position: a catalogue's thumbnails share most of their letters.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.renderers.cover_shaping import Box, Ink, Mark

if TYPE_CHECKING:
    from PIL import Image

_PHASES = 4  # horizontal positions within a pixel that a glyph is rendered at


@lru_cache(maxsize=64)
def _face(path: Path, _version: int) -> Any:
    import freetype

    # From memory, not mapped: a font replaced while a build runs cannot fault the process.
    return freetype.Face(io.BytesIO(path.read_bytes()))


@lru_cache(maxsize=8192)
def _glyph(
    path: Path, version: int, glyph: int, size: int, phase: tuple[int, int]
) -> tuple[Image.Image | None, int, int]:
    """A glyph's coverage mask at `size` 64ths of a pixel per em, moved right and up by
    `phase` quarters of a pixel, and where it stands from its origin (left and up)."""
    import freetype
    from PIL import Image

    face = _face(path, version)
    face.set_char_size(size, 0, 72, 72)  # at 72 dpi a point is a pixel
    shift = freetype.Vector(phase[0] * 64 // _PHASES, phase[1] * 64 // _PHASES)
    face.set_transform(freetype.Matrix(0x10000, 0, 0, 0x10000), shift)
    face.load_glyph(glyph, freetype.FT_LOAD_NO_HINTING | freetype.FT_LOAD_NO_BITMAP)
    face.glyph.render(freetype.FT_RENDER_MODE_NORMAL)
    slot, bitmap = face.glyph, face.glyph.bitmap
    if not bitmap.width or not bitmap.rows:
        return None, 0, 0
    mask = Image.frombytes(
        "L", (bitmap.width, bitmap.rows), bytes(bitmap.buffer), "raw", "L", bitmap.pitch
    )
    return mask, slot.bitmap_left, slot.bitmap_top


def _ink(image: Image.Image, mark: Ink, zoom: float) -> None:
    for run in mark.runs:
        scale = run.scale * zoom  # pixels per font unit
        size = round(run.face.upem * scale * 64)
        for glyph, x, y in run.shaped.glyphs:
            # In quarter pixels: a whole pixel to paste at, and the quarters left over, which
            # FreeType renders the glyph moved by (right, and up from the row below).
            across = round((run.x * zoom + x * scale) * _PHASES)
            down = round((run.y * zoom - y * scale) * _PHASES)
            column, right = divmod(across, _PHASES)
            row, up = -(-down // _PHASES), -down % _PHASES
            mask, dx, dy = _glyph(run.face.path, run.face.version, glyph, size, (right, up))
            if mask is not None:
                left, top = column + dx, row - dy
                image.paste(mark.fill, (left, top, left + mask.size[0], top + mask.size[1]), mask)


def jpeg(marks: Sequence[Mark], size: tuple[int, int], width: int) -> bytes:
    """The marks of a cover `size` pixels large, drawn `width` pixels wide."""
    from PIL import Image, ImageDraw

    if width < 1:
        raise ValueError(f"a thumbnail is at least 1 pixel wide, not {width}")
    zoom = width / size[0]
    image = Image.new("RGB", (width, round(size[1] * zoom)))
    draw = ImageDraw.Draw(image)
    for mark in marks:
        if isinstance(mark, Box):
            box = [
                round(v * zoom) for v in (mark.x, mark.y, mark.x + mark.width, mark.y + mark.height)
            ]
            draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=mark.fill)
        else:
            _ink(image, mark, zoom)
    out = io.BytesIO()
    # No EXIF, no time stamp: the bytes depend on the pixels alone. Full-resolution colour
    # (4:4:4) keeps the red bands' edges and the small letters sharp.
    image.save(out, format="JPEG", quality=90, subsampling=0)
    return out.getvalue()
