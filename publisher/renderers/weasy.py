"""Loading WeasyPrint without its two slowest steps.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names for each, the
Windows and macOS ones first. Through cffi every name that does not open at once goes to
`ctypes.util.find_library`, which on Linux asks the linker cache and then runs `gcc` and
`ld` for each miss: about fifteen misses, 8 ms each, a third of WeasyPrint's import. On Linux
the names WeasyPrint ends with are the libraries' sonames, which the dynamic loader opens
directly, so while it is imported the lookup answers from one read of the linker cache only.

Then, each time WeasyPrint asks cffi for a C type by its declaration (`ffi.new("PangoRectangle
*")`), cffi parses the declaration with pycparser along with every typedef WeasyPrint
declared, 3.5 to 5 ms each: a worker's first brief needs nine, and every font subset an
array of a new length (`hb_codepoint_t[137]`), ten or so per brief, a fifth of a one-page
brief's time. A declaration of a known type name, pointers and an array needs no parser: the
table cffi keeps its parsed types in answers it from cffi's own model of WeasyPrint's
declarations, made as cffi's parser makes it (the same, unique, ctype object); any other
declaration is parsed as before.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any


@cache
def _linker_cache() -> str:
    """`ldconfig -p`: the libraries the dynamic loader knows, one per line ('' if unknown)."""
    for ldconfig in ("/sbin/ldconfig", "ldconfig"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, errors="replace", timeout=5
            )
            return done.stdout
    return ""


def cached_library(name: str) -> str | None:
    """`find_library` as the linker cache alone answers it: the soname of `lib<name>.so`."""
    found = re.search(rf"\s(lib{re.escape(name)}\.so(?:\.[\w.]+)?)\s", _linker_cache())
    return found.group(1) if found else None


@contextlib.contextmanager
def _library_lookup(lookup: Callable[[str], str | None]) -> Iterator[None]:
    real = ctypes.util.find_library
    ctypes.util.find_library = lookup  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = real


# A type named by one typedef or C type name, pointers to it and an array of them: all that
# WeasyPrint asks cffi for ("PangoRectangle *", "FcChar8 **", "char[]", "hb_codepoint_t[137]").
_DECLARATION = re.compile(r"([A-Za-z_]\w*(?: [A-Za-z_]\w*)*)((?:\s*\*)*)\s*(?:\[(\d*)\])?")


class _QuickTypes(dict[Any, Any]):
    """cffi's table of parsed types (declaration -> (ctype, is a function)), which answers
    a declaration of the simple shapes above from cffi's own model of the declarations
    WeasyPrint made, as cffi's parser would (the same, unique, ctype object); anything else
    goes to the parser as before."""

    def __init__(self, ffi: Any, parsed: dict[Any, Any]) -> None:
        super().__init__(parsed)
        self.ffi = ffi

    def __missing__(self, declaration: Any) -> Any:
        made = _modelled(self.ffi, declaration) if isinstance(declaration, str) else None
        if made is None:
            raise KeyError(declaration)  # cffi parses it, as it always does
        self[declaration] = made
        return made


def _modelled(ffi: Any, declaration: str) -> tuple[Any, bool] | None:
    """The ctype cffi's parser would make of a simple declaration, or None for another."""
    from cffi import model  # type: ignore[import-untyped]

    match = _DECLARATION.fullmatch(declaration.strip())
    if match is None:
        return None
    name, stars, length = match.groups()
    if name in model.PrimitiveType.ALL_PRIMITIVE_TYPES:
        kind, quals = model.PrimitiveType(name), 0
    else:
        found = ffi._parser._declarations.get(f"typedef {name}")
        if found is None:
            return None  # "struct x", "unsigned" alone, a name cffi does not know
        kind, quals = found
    simple = (model.PrimitiveType, model.StructOrUnionOrEnum, model.PointerType)
    if not isinstance(kind, simple) or isinstance(kind, model.FunctionPtrType):
        return None
    for _ in range(
        stars.count("*")
    ):  # as cffi's parser makes a pointer: to the type, with its qualifiers
        kind, quals = model.PointerType(kind, quals), 0
    if length is not None:
        kind = model.ArrayType(kind, int(length) if length else None)
    with ffi._lock:  # cffi makes types under its lock; it is not held when the table misses
        return ffi._get_cached_btype(kind), False


def _quick_types(ffi: Any) -> None:
    parsed = getattr(ffi, "_parsed_types", None)
    usable = hasattr(ffi, "_get_cached_btype") and hasattr(
        getattr(ffi, "_parser", None), "_declarations"
    )
    if type(parsed) is dict and usable:
        ffi._parsed_types = _QuickTypes(ffi, parsed)


def load() -> Any:
    """WeasyPrint, imported once per process: with the quick library lookup on Linux, and the
    quick types wherever cffi keeps its types as it does now."""
    if "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    if sys.platform.startswith("linux"):
        try:
            with _library_lookup(cached_library):
                import weasyprint
        except OSError:
            # A library only gcc or ld could find: the slow lookup, as WeasyPrint does it.
            import weasyprint
    else:
        import weasyprint
    from weasyprint.text.ffi import ffi

    _quick_types(ffi)
    return weasyprint
