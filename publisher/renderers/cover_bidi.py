"""Cuts a run of cover text where its direction changes and puts the pieces in display order.

HarfBuzz shapes one direction at a time; the Unicode bidi algorithm says which characters of a
right-to-left run still read left to right (the digits of "سال 2024", a Latin word in a face
that also has Hebrew). FriBiDi resolves it, as it did under Pillow's libraqm and does under
Pango for the PDF, so every machine that builds a PDF has it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import unicodedata
from functools import cache
from typing import Any

from publisher.errors import RenderError

_PARAGRAPH = {"ltr": 0x110, "rtl": 0x111}  # FRIBIDI_PAR_LTR, FRIBIDI_PAR_RTL
# Bidi classes that can give a character another level than the run's own direction.
_OTHER = {
    "ltr": frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"}),
    "rtl": frozenset({"L", "EN", "AN", "LRE", "LRO", "LRI", "FSI"}),
}


@cache
def _fribidi() -> Any:
    name = ctypes.util.find_library("fribidi") or "libfribidi.so.0"
    try:
        library = ctypes.CDLL(name)
    except OSError as e:
        raise RenderError(
            "the cover needs FriBiDi to order right-to-left text; install libfribidi0 "
            "(Debian), which Pango needs too"
        ) from e
    library.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
    return library


def _levels(text: str, direction: str) -> list[int]:
    """The embedding level of each character (odd: right to left), as UAX #9 resolves them."""
    library, count = _fribidi(), len(text)
    chars = (ctypes.c_uint32 * count)(*map(ord, text))
    types = (ctypes.c_uint32 * count)()
    brackets = (ctypes.c_uint32 * count)()
    levels = (ctypes.c_int8 * count)()
    library.fribidi_get_bidi_types(chars, count, types)
    library.fribidi_get_bracket_types(chars, count, types, brackets)
    base = ctypes.c_uint32(_PARAGRAPH[direction])
    if not library.fribidi_get_par_embedding_levels_ex(
        types, brackets, count, ctypes.byref(base), levels
    ):
        raise RenderError(f"FriBiDi could not order the cover text {text!r}")
    return list(levels)


def display(text: str, direction: str) -> list[tuple[str, str]]:
    """The pieces of a run and their directions, left to right as they are shown."""
    if not any(unicodedata.bidirectional(c) in _OTHER[direction] for c in text):
        return [(text, direction)]
    levels = _levels(text, direction)
    pieces: list[tuple[int, int, int]] = []  # (start, end, level)
    for index, level in enumerate(levels):
        if pieces and pieces[-1][2] == level:
            pieces[-1] = (pieces[-1][0], index + 1, level)
        else:
            pieces.append((index, index + 1, level))
    # Rule L2: from the highest level down to the lowest odd one, reverse every stretch of
    # pieces at that level or above.
    lowest_odd = min(level for *_, level in pieces) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        start = 0
        while start < len(pieces):
            if pieces[start][2] < level:
                start += 1
                continue
            end = start
            while end < len(pieces) and pieces[end][2] >= level:
                end += 1
            pieces[start:end] = pieces[start:end][::-1]
            start = end
    return [(text[s:e], "rtl" if level % 2 else "ltr") for s, e, level in pieces]
