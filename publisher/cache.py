"""Remembers what each edition was built from, so that an unchanged one is not built again.

The state lives in the output folder (`.publisher-state.json`) beside the editions it
describes, and the downloads manifest (`manifest.json`) is written from it. An edition counts
as fresh only when its inputs hash the same (source bytes, sidecar, pictures, the config that
concerns its format, the styles and fonts, publisher's version) and the file on disk is
still the one that was written: a crash between writing and recording leaves it stale.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.config import BuildConfig
from publisher.output import write_atomically
from publisher.readers.metadata import sidecar_for
from publisher.styles import StyleSet

STATE_FILE = ".publisher-state.json"
MANIFEST_FILE = "manifest.json"
STATE_VERSION = 2


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_key(sources: tuple[Path, ...], config: BuildConfig, styles: StyleSet, fmt: str) -> str:
    """The hash of everything one edition is made from, but the pictures (see `deps`): its
    manuscripts and their sidecars, the config fields and style files its format reads."""
    digest = hashlib.sha256()
    digest.update(f"publisher {__version__}\0{fmt}\0".encode())
    digest.update(json.dumps(config.key_for(fmt), sort_keys=True, default=str).encode())
    digest.update(styles.digest(fmt).encode())
    for source in sources:
        digest.update(b"\0source\0" + source.read_bytes())
        sidecar = sidecar_for(source)
        if sidecar.is_file():
            digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    return digest.hexdigest()


@dataclass
class Entry:
    """What the state records of one edition, in each format it was built in."""

    sources: list[str]  # the manuscripts it is made from, relative to the project
    meta: dict[str, Any] = field(default_factory=dict)
    deps: dict[str, str] = field(default_factory=dict)  # picture path -> sha256
    editions: dict[str, dict[str, Any]] = field(default_factory=dict)  # fmt -> key, file, ...


@dataclass
class State:
    out_dir: Path
    entries: dict[str, Entry] = field(default_factory=dict)  # slug -> Entry
    saved: float = 0.0  # when it was last written (time.monotonic)

    @classmethod
    def load(cls, out_dir: Path) -> State:
        path = out_dir / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                return cls(out_dir)
            entries = {slug: Entry(**entry) for slug, entry in data["entries"].items()}
        except (OSError, ValueError, TypeError, KeyError):
            return cls(out_dir)  # no state, or a damaged one: everything is stale
        return cls(out_dir, entries)

    def save_now_and_then(self, every: float = 3.0) -> None:
        """Save if the last save is more than `every` seconds old: a batch of hundreds does
        not rewrite the state after each edition. An edition in place but not yet recorded is
        stale to the next build, never wrongly fresh."""
        if time.monotonic() - self.saved >= every:
            self.save()

    def save(self) -> None:
        data = {
            "version": STATE_VERSION,
            "entries": {slug: vars(entry) for slug, entry in sorted(self.entries.items())},
        }
        # Compact: a batch of hundreds rewrites it now and then, and only publisher reads it.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        write_atomically(self.out_dir / STATE_FILE, text.encode())
        self.saved = time.monotonic()

    def is_fresh(self, slug: str, sources: list[str], fmt: str, key: str) -> bool:
        entry = self.entries.get(slug)
        if entry is None or entry.sources != sources:
            return False
        edition = entry.editions.get(fmt)
        if edition is None or edition.get("key") != key:
            return False
        target = self.out_dir / edition["file"]
        try:
            seen = target.stat()
        except OSError:
            return False
        if seen.st_size != edition.get("size"):
            return False
        # Unchanged since it was written (same size and change time): no need to read it.
        if seen.st_mtime_ns != edition.get("mtime_ns") and file_hash(target) != edition.get(
            "sha256"
        ):
            return False
        return all(
            Path(dep).is_file() and file_hash(Path(dep)) == digest
            for dep, digest in entry.deps.items()
        )

    def record(
        self,
        slug: str,
        sources: list[str],
        meta: dict[str, Any],
        deps: dict[str, str],
        fmt: str,
        key: str,
        target: Path,
        sha256: str,
        size: int,
    ) -> None:
        entry = self.entries.get(slug)
        if entry is None or entry.sources != sources:
            entry = self.entries[slug] = Entry(sources)
        entry.meta, entry.deps = meta, deps
        entry.editions[fmt] = {
            "key": key,
            "file": target.name,
            "size": size,
            "sha256": sha256,
            "mtime_ns": target.stat().st_mtime_ns,
        }

    def forget_missing(self, project_dir: Path, prune: bool) -> list[Path]:
        """Drop manuscripts whose source is gone; with `prune`, delete their editions too."""
        removed: list[Path] = []
        for slug, entry in list(self.entries.items()):
            if self._present(project_dir, entry):
                continue
            if not prune:
                continue
            for edition in entry.editions.values():
                target = self.out_dir / edition["file"]
                if target.is_file():
                    target.unlink()
                    removed.append(target)
            del self.entries[slug]
        return removed

    @staticmethod
    def _present(project_dir: Path, entry: Entry) -> bool:
        """An edition stays listed while the manuscript it is made from is there."""
        return bool(entry.sources) and (project_dir / entry.sources[0]).is_file()

    def write_manifest(self, project_dir: Path) -> None:
        """`manifest.json`: every edition of a manuscript that still exists, sorted, stable."""
        editions = []
        for slug, entry in sorted(self.entries.items()):
            if not self._present(project_dir, entry):
                continue
            for fmt, edition in sorted(entry.editions.items()):
                editions.append(
                    {
                        "slug": slug,
                        **entry.meta,
                        "format": fmt,
                        "file": edition["file"],
                        "size": edition["size"],
                        "sha256": edition["sha256"],
                        "source": entry.sources[0],
                    }
                )
        body = json.dumps({"editions": editions}, ensure_ascii=False, indent=2, sort_keys=True)
        write_atomically(self.out_dir / MANIFEST_FILE, (body + "\n").encode())
