"""Turns a manuscript's bytes into clean text, whatever encoding the desk received it in."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import ILLEGAL_CHARACTERS

# Legacy encodings of the desk's languages; charset-normalizer chooses among these only, as a
# wider field makes it mistake short Russian for Mac Cyrillic and French for Central European.
LEGACY_ENCODINGS = ("cp1256", "cp1251", "cp1252", "koi8_r")

# What a file that is not text starts with.
_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "a program"),
    (b"OggS", "an Ogg file"),
    (b"ID3", "an MP3 file"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", None),
    (b"\x00\x00\x01\x00", "an icon"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROLS = re.compile(ILLEGAL_CHARACTERS)


def _refuse_binary(data: bytes, source: Path) -> None:
    for magic, kind in _SIGNATURES:
        if data.startswith(magic) and kind is not None:
            raise ManuscriptError(f"is {kind}, not text; give a .txt or .md manuscript", source)
    head = data[:65536]
    if head.count(b"\x00") > max(4, len(head) // 10):  # a stray NUL is stripped, not fatal
        raise ManuscriptError(
            "holds NUL bytes: it is binary, or UTF-16 without a byte-order mark; save it as UTF-8",
            source,
        )


def _legacy(data: bytes, source: Path, diagnostics: Diagnostics) -> str:
    import charset_normalizer

    # Persian text in Windows-1256 is full of ZWNJ, which the default chaos threshold counts as
    # noise; weigh every candidate instead, by how much like language and how little like
    # noise each decoding reads.
    candidates = charset_normalizer.from_bytes(
        data, cp_isolation=list(LEGACY_ENCODINGS), threshold=1.0
    )
    best = min(candidates, key=lambda m: m.chaos - m.coherence, default=None)
    if best is None:
        head = data[:65536]
        controls = sum(b < 0x09 or 0x0E <= b < 0x20 for b in head)
        if controls > len(head) // 20:  # text in any encoding has next to none
            raise ManuscriptError(
                "is binary data, not text (control bytes throughout); give "
                "a .txt or .md manuscript",
                source,
            )
        raise ManuscriptError(
            "is not UTF-8 and its encoding cannot be told; save it as UTF-8", source
        )
    diagnostics.warn(
        "encoding", f"not UTF-8; read as {best.encoding} (save it as UTF-8 to be sure)"
    )
    return str(best)


def decode(data: bytes, source: Path, diagnostics: Diagnostics) -> str:
    """Text with Unix newlines and no control characters, from UTF-8/16/32 or a legacy code."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise ManuscriptError(
                    f"is not valid {codec.upper()} ({e.reason} at byte "
                    f"{e.start}); save it as UTF-8",
                    source,
                ) from e
            break
    else:
        _refuse_binary(data, source)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _legacy(data, source, diagnostics)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROLS.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 20):
        raise ManuscriptError("is mostly control characters: not a text file", source)
    return _CONTROLS.sub("", text)
