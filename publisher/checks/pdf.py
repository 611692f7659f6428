"""Checks PDF briefs as reading software sees them: fonts, tags, metadata, pages, text on paper."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from publisher.checks.result import CheckOptions, FileResult

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# How far (in points) a glyph's box may stray past the page edge before it counts as lost:
# ascenders and accents of a line set flush with a margin can graze it.
_TOLERANCE = 1.0


def require(options: CheckOptions) -> None:
    """PDF checks need nothing beyond publisher's own dependencies."""


def check_many(paths: list[Path], options: CheckOptions | None = None) -> list[FileResult]:
    """Check each PDF on its own: pypdf reads them in-process, so a batch costs no start-up."""
    return [check(path) for path in paths]


def check(path: Path) -> FileResult:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return _check(path, PdfReader(path))
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        # A damaged file fails here or halfway through; either way it is one verdict.
        return FileResult(path, errors=(f"not a readable PDF: {e}",), summary="unreadable")


def _check(path: Path, reader: Any) -> FileResult:
    pages = len(reader.pages)
    errors: list[str] = []
    warnings: list[str] = []
    if pages == 0:
        errors.append("the PDF has no pages")
    fonts, unembedded = _fonts(reader)
    errors += [
        f"font {name} is not embedded; a printer or reader without it substitutes another"
        for name in sorted(unembedded)
    ]
    tagged = _tagged(reader)
    if not tagged:
        errors.append(
            "not tagged (no StructTreeRoot or MarkInfo /Marked): screen readers "
            "cannot follow it; build with --pdf-variant pdf/ua-1"
        )
    language = _metadata(reader, errors, warnings)
    errors += _text_off_page(reader)
    embedded = "embedded" if not unembedded else f"({len(unembedded)} not embedded)"
    summary = (
        f"{_count(pages, 'page')}, {_count(len(fonts), 'font')} {embedded}, "
        f"{'tagged' if tagged else 'untagged'}, language {language or 'unset'}"
    )
    return FileResult(path, tuple(errors), tuple(warnings), summary)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- fonts, tags, metadata ------------------------------------------------------------------


def _resources(reader: Any) -> Iterator[Any]:
    """Every resource dictionary: the pages' and those of the forms they draw."""
    seen: set[int] = set()
    todo = [page.get("/Resources") for page in reader.pages]
    while todo:
        resources = todo.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        yield resources
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                todo.append(xobject.get("/Resources"))


def _fonts(reader: Any) -> tuple[set[str], set[str]]:
    """Names of the fonts used, and of those not embedded."""
    names: set[str] = set()
    unembedded: set[str] = set()
    for resources in _resources(reader):
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", font.get("/Name", "(unnamed)"))).lstrip("/")
            names.add(name)
            if font.get("/Subtype") == "/Type3":
                continue  # its glyphs are drawn by procedures inside the PDF
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                unembedded.add(name)
    return names, unembedded


def _tagged(reader: Any) -> bool:
    catalog = reader.trailer["/Root"]
    mark_info = catalog.get("/MarkInfo")
    marked = bool(mark_info and mark_info.get_object().get("/Marked"))
    return marked and "/StructTreeRoot" in catalog


def _metadata(reader: Any, errors: list[str], warnings: list[str]) -> str | None:
    """Title and language must be there; an unsigned piece may lack an author."""
    info = reader.metadata
    catalog = reader.trailer["/Root"]
    if not (info and (info.title or "").strip()):
        errors.append("no document title (Info /Title): viewers show the file name instead")
    if not (info and (info.author or "").strip()):
        warnings.append("no author (Info /Author)")
    language = str(catalog.get("/Lang") or "").strip() or None
    if language is None:
        errors.append("no document language (/Lang): screen readers guess the voice")
    preferences = catalog.get("/ViewerPreferences")
    if not (preferences and preferences.get_object().get("/DisplayDocTitle")):
        warnings.append("viewers show the file name, not the title (no DisplayDocTitle)")
    return language


# --- text outside the page ------------------------------------------------------------------


def _matrix(values: Any) -> Matrix:
    """A PDF matrix operand (six numbers) as floats."""
    a, b, c, d, e, f = (float(v) for v in values)
    return (a, b, c, d, e, f)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


class _Font:
    """Just enough of a font to measure a string: code length, advance widths, height."""

    def __init__(self, font: Any):
        font = font.get_object() if font is not None else {}
        self.two_bytes = font.get("/Subtype") == "/Type0"
        self.scale = 0.001
        self.widths: dict[int, float] = {}
        self.default = 500.0  # an average glyph, for fonts that publish no widths
        if self.two_bytes:
            font = font["/DescendantFonts"][0].get_object()
            self.default = float(font.get("/DW", 1000))
            self._cid_widths(font.get("/W") or [])
        else:
            first = int(font.get("/FirstChar", 0))
            for i, w in enumerate(font.get("/Widths") or []):
                self.widths[first + i] = float(w)
            if font.get("/Subtype") == "/Type3":
                self.scale = float(font.get("/FontMatrix", [0.001])[0])
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        self.ascent = float(descriptor.get("/Ascent", 900)) / 1000
        self.descent = float(descriptor.get("/Descent", -250)) / 1000

    def _cid_widths(self, table: Any) -> None:
        items = list(table)
        i = 0
        while i + 1 < len(items):
            first, second = int(items[i]), items[i + 1].get_object()
            if isinstance(second, list):
                for j, w in enumerate(second):
                    self.widths[first + j] = float(w)
                i += 2
            else:
                for code in range(first, int(second) + 1):
                    self.widths[code] = float(items[i + 2])
                i += 3

    def codes(self, raw: bytes) -> Iterator[int]:
        if self.two_bytes:
            yield from (int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2))
        else:
            yield from raw


class _TextState:
    def __init__(self) -> None:
        self.font: _Font | None = None
        self.size = 0.0
        self.char_spacing = self.word_spacing = self.rise = self.leading = 0.0
        self.scaling = 1.0
        self.matrix = self.line = _IDENTITY


_STATE_OPERATORS = {
    b"Tc": "char_spacing",
    b"Tw": "word_spacing",
    b"Tz": "scaling",
    b"TL": "leading",
    b"Ts": "rise",
}


def _raw(string: Any) -> bytes:
    raw = getattr(string, "original_bytes", None)
    return bytes(raw) if raw is not None else bytes(string)


def _show(state: _TextState, ctm: Matrix, items: list[Any]) -> Box:
    """Lay a string out from the text matrix; return its box in page space and advance."""
    font = state.font or _Font(None)
    advance = 0.0
    for item in items:
        if isinstance(item, int | float):
            advance -= float(item) / 1000 * state.size * state.scaling
            continue
        for code in font.codes(_raw(item)):
            width = font.widths.get(code, font.default) * font.scale * state.size
            space = state.word_spacing if (code == 32 and not font.two_bytes) else 0.0
            advance += (width + state.char_spacing + space) * state.scaling
    to_page = _multiply(state.matrix, ctm)
    low = state.rise + font.descent * state.size
    high = state.rise + font.ascent * state.size
    corners = [_apply(to_page, x, y) for x in (0.0, advance) for y in (low, high)]
    state.matrix = _multiply((1, 0, 0, 1, advance, 0), state.matrix)
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


Box = tuple[float, float, float, float]


def _text_boxes(reader: Any, content: Any, resources: Any, ctm: Matrix) -> Iterator[Box]:
    """Boxes of the text a content stream (and the forms it draws) puts on the page."""
    from pypdf.generic import ContentStream

    if content is None:
        return
    resources = resources.get_object() if resources is not None else {}
    fonts = resources.get("/Font") or {}
    xobjects = resources.get("/XObject") or {}
    operations = ContentStream(content, reader).operations
    stack: list[Matrix] = []
    state = _TextState()
    for operands, op in operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _multiply(_matrix(operands), ctm)
        elif op == b"BT":
            state.matrix = state.line = _IDENTITY
        elif op == b"Tf":
            state.font = _Font(fonts[operands[0]]) if operands[0] in fonts else None
            state.size = float(operands[1])
        elif op in _STATE_OPERATORS:
            value = float(operands[0])
            setattr(state, _STATE_OPERATORS[op], value / 100 if op == b"Tz" else value)
        elif op == b"Tm":
            state.matrix = state.line = _matrix(operands)
        elif op in (b"Td", b"TD"):
            if op == b"TD":
                state.leading = -float(operands[1])
            state.line = _multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), state.line)
            state.matrix = state.line
        elif op in (b"T*", b"'", b'"'):
            state.line = _multiply((1, 0, 0, 1, 0, -state.leading), state.line)
            state.matrix = state.line
            if op != b"T*":
                yield _show(state, ctm, [operands[-1]])
        elif op == b"Tj":
            yield _show(state, ctm, [operands[0]])
        elif op == b"TJ":
            yield _show(state, ctm, list(operands[0]))
        elif op == b"Do" and operands[0] in xobjects:
            form = xobjects[operands[0]].get_object()
            if form.get("/Subtype") == "/Form":
                matrix = _matrix(form.get("/Matrix", _IDENTITY))
                yield from _text_boxes(
                    reader, form, form.get("/Resources") or resources, _multiply(matrix, ctm)
                )


def _text_off_page(reader: Any) -> list[str]:
    problems: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        box = page.cropbox
        left, bottom, right, top = (
            float(box.left),
            float(box.bottom),
            float(box.right),
            float(box.top),
        )
        for x0, y0, x1, y1 in _text_boxes(
            reader, page.get_contents(), page.get("/Resources"), _IDENTITY
        ):
            if x1 - x0 <= 0:
                continue  # an empty string moves the pen but draws nothing
            if (
                x0 < left - _TOLERANCE
                or x1 > right + _TOLERANCE
                or y0 < bottom - _TOLERANCE
                or y1 > top + _TOLERANCE
            ):
                problems.append(
                    f"page {number}: text at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f} pt runs "
                    f"off the page ({right - left:.0f} x {top - bottom:.0f} pt)"
                )
                break  # one line per page is enough to send someone to look
    return problems
