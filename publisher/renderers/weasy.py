"""Loading WeasyPrint without its slowest step.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names for each, the
Windows and macOS ones first. Through cffi every name that does not open at once goes to
`ctypes.util.find_library`, which on Linux asks the linker cache and then runs `gcc` and
`ld` for each miss: about fifteen misses, 8 ms each, a third of WeasyPrint's import. On Linux
the names WeasyPrint ends with are the libraries' sonames, which the dynamic loader opens
directly, so while it is imported the lookup answers from one read of the linker cache only.
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


def load() -> Any:
    """WeasyPrint, imported (once per process) with the quick library lookup on Linux."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    try:
        with _library_lookup(cached_library):
            import weasyprint
    except OSError:
        # A library only gcc or ld could find: the slow lookup, as WeasyPrint would do it.
        import weasyprint
    return weasyprint
