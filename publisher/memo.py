"""Pure results kept between runs, so that a new process need not make them again.

They live in the output folder's `.publisher-cache/`, each under a key made of everything it
is made from (the inputs, and the source of the code that makes it), so a stale entry is
never found, only an absent one. Deleting the folder loses nothing but time. An entry that
cannot be read, or does not match the checksum it was written with, is made afresh; one
that cannot be written is not kept: the cache never fails a build.

What is kept: the style files' digests by their size and modification time (16 MB of fonts
are not hashed on every run), the compiled Jinja templates, drawn covers and thumbnails, the
house font families, and the languages' parsed hyphenation patterns.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = ".publisher-cache"
# Entries of one kind kept at most; the least recently used go first.
KEEP = 512


def _path(root: Path, kind: str, key: str) -> Path:
    return root / kind / f"{key}.bin"


def read(root: Path | None, kind: str, key: str) -> bytes | None:
    """The entry stored under `key`, or None."""
    if root is None:
        return None
    path = _path(root, kind, key)
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    checksum, _, data = stored.partition(b"\n")
    if checksum.decode("ascii", "replace") != hashlib.sha256(data).hexdigest():
        return None  # torn by a crash mid-write: made again
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the kind is trimmed
    return data


def write(root: Path | None, kind: str, key: str, data: bytes) -> None:
    """Keep `data` under `key` (no fsync: a torn entry fails its checksum and is remade)."""
    if root is None:
        return
    path = _path(root, kind, key)
    # Named as output.stage names its files, so that `sweep` tells a killed writer's.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.memo.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
        os.replace(temporary, path)
        _trim(path.parent)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def sweep(root: Path) -> None:
    """Remove what writers killed mid-write (a worker stopped by Ctrl-C) left behind."""
    from publisher.output import sweep_leftovers

    with contextlib.suppress(OSError):
        for folder in root.iterdir() if root.is_dir() else ():
            if folder.is_dir():
                sweep_leftovers(folder)


def kept(root: Path | None, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    """The entry under `key`, made by `make()` and kept when there is none yet."""
    found = read(root, kind, key)
    if found is None:
        found = make()
        write(root, kind, key, found)
    return found


def _trim(folder: Path) -> None:
    names = os.listdir(folder)  # counted cheaply on every write; sorted only when over
    if len(names) <= KEEP:
        return
    entries = [folder / n for n in names if n.endswith(".bin")]
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) - KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()


def key(*parts: object) -> str:
    """A key over the parts' text: the inputs of what is kept, and the code that makes it."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def code(*modules: Any) -> str:
    """A digest of modules' source files: an entry made by other code is not found."""
    return key(*(_source_digest(module.__file__) for module in modules))


@cache
def _source_digest(path: str) -> str:
    # Once per process: the code a process runs does not change while it runs.
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digests(
    root: Path | None, files: Mapping[str, Path], hash_file: Callable[[Path], str]
) -> dict[str, str]:
    """Each file's digest, hashed again only when its size or modification time changed
    since it was last hashed (as git and make tell a changed file)."""
    recorded_bytes = read(root, "digests", "styles")
    try:
        recorded: dict[str, Any] = json.loads(recorded_bytes) if recorded_bytes else {}
    except ValueError:
        recorded = {}
    found: dict[str, str] = {}
    seen: dict[str, list[Any]] = {}
    # A file changed within the clock's last ticks could change again with the same time
    # and size: it is hashed now, but its digest is not kept for the next run.
    settled = time.time_ns() - 2_000_000_000
    for relative, path in files.items():
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = recorded.get(str(path))
        digest = known[1] if isinstance(known, list) and known[:1] == [stamp] else None
        found[relative] = digest or hash_file(path)
        if stat.st_mtime_ns < settled:
            seen[str(path)] = [stamp, found[relative]]
    if seen != recorded:
        write(root, "digests", "styles", json.dumps(seen, sort_keys=True).encode())
    return found


def template_cache(root: Path, made_by: str) -> Any:
    """A Jinja bytecode cache kept here: a template's compiled code, by its name, its source's
    checksum (Jinja's own), the Jinja and Python versions, and `made_by`: a digest of the code
    that sets the environment up (its options change the compiled code)."""
    from jinja2 import __version__ as jinja_version
    from jinja2.bccache import Bucket, BytecodeCache

    class TemplateCache(BytecodeCache):
        def _key(self, bucket: Bucket) -> str:
            return key(bucket.key, jinja_version, made_by)

        def load_bytecode(self, bucket: Bucket) -> None:
            data = read(root, "templates", self._key(bucket))
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: Bucket) -> None:
            write(root, "templates", self._key(bucket), bucket.bytecode_to_string())

    return TemplateCache()
