"""The hyphenation patterns a brief's languages need, read once and kept.

WeasyPrint hyphenates with pyphen, which parses a language's `hyph_*.dic` the first time a
process needs it: about a tenth of a second for English, paid again by every worker of
every build. The parsed patterns are kept in the build's cache as JSON (plain data: nothing
in the cache is ever run as code) and put where pyphen looks for them, so a worker reads
them in a few milliseconds.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from publisher import memo


def dictionaries(languages: Iterable[str]) -> list[Path]:
    """Each language's pyphen dictionary file, by pyphen's own fallback (`pt_BR` to `pt`),
    as pyphen keys its table; languages pyphen has no patterns for have none."""
    import pyphen

    found: dict[Path, None] = {}
    for code in sorted(set(languages)):
        known = pyphen.language_fallback(code.replace("-", "_"))
        if known:
            found[pyphen.LANGUAGES[known]] = None
    return list(found)


def load(languages: Iterable[str], cache: Path | None) -> tuple[tuple[Path, Any], ...]:
    """The parsed patterns of these languages, by their dictionary's path, read from the
    cache when kept there, parsed and kept otherwise; each also put in pyphen's own table,
    where WeasyPrint finds it."""
    import pyphen

    loaded = []
    for path in dictionaries(languages):
        patterns = pyphen.hdcache.get(path)
        if patterns is None:
            patterns = _read(path, cache)
            pyphen.hdcache[path] = patterns
        loaded.append((path, patterns))
    return tuple(loaded)


def _read(path: Path, cache: Path | None) -> Any:
    import pyphen

    stat = path.stat()
    key = memo.key(
        str(path), stat.st_size, stat.st_mtime_ns, pyphen.VERSION, memo.code(sys.modules[__name__])
    )
    data = memo.read(cache, "hyphenation", key)
    if data is not None:
        try:
            return _decoded(data)
        except (ValueError, TypeError, KeyError, IndexError):
            pass  # an entry from no version of this code: parsed afresh, and kept anew
    patterns = pyphen.HyphDict(path)
    memo.write(cache, "hyphenation", key, _encoded(patterns))
    return patterns


def _encoded(patterns: Any) -> bytes:
    """pyphen's parsed patterns as JSON: each pattern's start and values, a value with
    pyphen's data for a nonstandard hyphenation (`ff=f`) as [value, data]."""

    def value(v: int) -> Any:
        data = getattr(v, "data", None)
        return [int(v), list(data)] if data is not None else int(v)

    table = {
        tag: [start, [value(v) for v in values]]
        for tag, (start, values) in patterns.patterns.items()
    }
    alternatives = any(isinstance(v, list) for _, values in table.values() for v in values)
    kept = {"maxlen": patterns.maxlen, "alternatives": alternatives, "patterns": table}
    return json.dumps(kept, ensure_ascii=False).encode()


def _decoded(data: bytes) -> Any:
    """The patterns `_encoded` wrote, as an object that hyphenates as the one pyphen parsed.

    Each pattern stays the [start, values] lists JSON gives (pyphen only unpacks and slices
    them): building tuples would cost as much again as reading the JSON."""
    import pyphen

    raw = json.loads(data)
    table: dict[str, list[Any]] = raw["patterns"]
    for entry in table.values() if raw["alternatives"] else ():
        values = entry[1]
        if any(isinstance(v, list) for v in values):  # nonstandard hyphenation: a DataInt
            entry[1] = [
                pyphen.DataInt(v[0], (str(v[1][0]), int(v[1][1]), int(v[1][2])))
                if isinstance(v, list)
                else v
                for v in values
            ]
    patterns = pyphen.HyphDict.__new__(pyphen.HyphDict)
    patterns.patterns = table
    patterns.cache = {}
    patterns.maxlen = int(raw["maxlen"])
    return patterns
