"""Loading WeasyPrint without its two slowest steps.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names for each, the
Windows and macOS ones first. Through cffi every name that does not open at once goes to
`ctypes.util.find_library`, which on Linux asks the linker cache and then runs `gcc` and
`ld` for each miss: about fifteen misses, 8 ms each, a third of WeasyPrint's import. On Linux
the names WeasyPrint ends with are the libraries' sonames, which the dynamic loader opens
directly, so while it is imported the lookup answers from one read of the linker cache only.

Then, each time WeasyPrint subsets a font for a PDF, it asks cffi for arrays of the glyphs'
count (`ffi.new("hb_codepoint_t[137]")`); every new count is a new C type, which cffi parses
with pycparser along with every typedef WeasyPrint declared: 3.5 ms each, ten or so per
brief, a fifth of a one-page brief's time. An array of a known type needs no parser: the
table cffi keeps its parsed types in is given an answer for `T[N]`, made the way cffi makes
it (the same, unique, ctype object), and any other declaration is parsed as before.
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


_ARRAY = re.compile(r"([A-Za-z_][\w ]*?)\s*\[(\d+)\]")


class _ArrayTypes(dict[Any, Any]):
    """cffi's table of parsed types (declaration -> (ctype, is a function)), which makes
    `T[N]` from T's own ctype when it is first asked for it."""

    def __init__(self, ffi: Any, parsed: dict[Any, Any]) -> None:
        super().__init__(parsed)
        self.ffi = ffi

    def __missing__(self, declaration: Any) -> Any:
        match = _ARRAY.fullmatch(declaration) if isinstance(declaration, str) else None
        if match is None:
            raise KeyError(declaration)  # cffi parses it, as it always does
        backend = self.ffi._backend
        item = self.ffi.typeof(match[1])
        made = (backend.new_array_type(backend.new_pointer_type(item), int(match[2])), False)
        self[declaration] = made
        return made


def _quick_arrays(ffi: Any) -> None:
    parsed = getattr(ffi, "_parsed_types", None)
    if type(parsed) is dict and hasattr(getattr(ffi, "_backend", None), "new_array_type"):
        ffi._parsed_types = _ArrayTypes(ffi, parsed)


def load() -> Any:
    """WeasyPrint, imported once per process: with the quick library lookup on Linux, and the
    quick arrays wherever cffi keeps its types as it does now."""
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

    _quick_arrays(ffi)
    return weasyprint
