"""Runs manuscripts through the pipeline: read, normalize, make the edition, render, write."""

from __future__ import annotations

import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from publisher import readers
from publisher.config import BuildConfig
from publisher.edition import make_edition
from publisher.errors import ManuscriptError, PublisherError, RenderError
from publisher.model import Document
from publisher.normalize import normalize
from publisher.renderers import renderer

log = logging.getLogger(__name__)


def slug_for(path: Path) -> str:
    """The file name an edition gets: the manuscript's name, safe in any file system."""
    stem = unicodedata.normalize("NFC", path.stem).strip().lower()
    slug = re.sub(r"[^\w.-]+", "-", stem).strip("-.")
    return slug or "manuscript"


class _Warnings(logging.Handler):
    """Collects the warnings raised while one manuscript is prepared, and names its file.

    It sits on the `publisher` logger, so it sees every record of the pipeline before the
    record travels on to the CLI's handler, which then prints it with the file's name.
    """

    def __init__(self, source: Path):
        super().__init__(logging.WARNING)
        self.source = source
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "source"):
            record.source = self.source
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collecting_warnings(source: Path) -> Iterator[list[str]]:
    handler = _Warnings(source)
    logger = logging.getLogger("publisher")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def refuse_escaping_link(path: Path, config: BuildConfig) -> None:
    """A manuscript that is a symlink out of the project is refused, as Jekyll's safe mode does.

    A file named outright on the command line may live anywhere; a link inside the project
    must not smuggle in a file from outside it.
    """
    absolute = path.absolute()
    target = path.resolve()
    project = config.project_dir.resolve()
    if target != absolute and not target.is_relative_to(project):
        raise ManuscriptError(
            f"is a symlink to {target}, outside the project folder; copy the file in instead",
            path)


def prepare(path: Path, config: BuildConfig) -> Document:
    """The one function behind `inspect`, the golden tests and both renderers."""
    refuse_escaping_link(path, config)
    with collecting_warnings(path) as warnings:
        doc = readers.read(path, config.max_manuscript_bytes)
        doc = make_edition(normalize(doc), config, slug_for(path))
    if config.strict and warnings:
        raise ManuscriptError(
            f"{len(warnings)} warning(s) and --strict is set; fix them or drop --strict", path)
    return doc


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[PublisherError]]:
    """Manuscripts named or found in the given folders, in a stable order."""
    found: list[Path] = []
    errors: list[PublisherError] = []
    for path in paths:
        if path.is_dir():
            # Other files beside the manuscripts (images, notes) are not manuscripts.
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in readers.READERS
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            found.append(path)
        else:
            errors.append(ManuscriptError("no such file or folder", path))
    return found, errors


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename over it: a failed build leaves the old file whole.

    The temporary name carries the process id, so that a later build can tell the leftovers
    of a killed build from the work of one still running beside it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                                suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_bytes(handle, data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_bytes(handle: BinaryIO, data: bytes) -> None:
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())  # the rename must never expose a file whose bytes are not on disk


def sweep_leftovers(out_dir: Path) -> None:
    """Remove temporary files that killed builds left in the output folder."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        m = _TEMP.match(entry.name)
        if m and not _alive(int(m.group("pid"))):
            entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Result:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    error: PublisherError | None = None


def build_one(path: Path, config: BuildConfig, formats: tuple[str, ...]) -> Result:
    result = Result(path)
    try:
        doc = prepare(path, config)
        rendered = {fmt: renderer(fmt)(doc, config, path.parent) for fmt in formats}
        for fmt, data in rendered.items():
            target = config.out_dir / f"{slug_for(path)}.{fmt}"
            write_atomically(target, data)
            result.outputs.append(target)
    except PublisherError as e:
        if e.where is None:
            e.where = path
        result.error = e
    except Exception as e:
        # A bug must not cost the rest of the batch; --debug shows its traceback.
        if config.debug:
            raise
        log.debug("unexpected error", exc_info=True)
        result.error = RenderError(
            f"unexpected {type(e).__name__}: {e}; rerun with --debug and report it", path)
    return result


def build(
    paths: Iterable[Path],
    config: BuildConfig,
    formats: tuple[str, ...],
    report: Callable[[Result], None] = lambda r: None,
) -> list[Result]:
    """Build every manuscript; one that fails does not stop the others."""
    sweep_leftovers(config.out_dir)
    sources, errors = discover(paths)
    results = [Result(e.where if isinstance(e.where, Path) else Path("."), error=e)
               for e in errors]
    for r in results:
        report(r)
    slugs: dict[str, Path] = {}
    for path in sources:
        slug = slug_for(path)
        if slug in slugs:
            result = Result(path, error=ManuscriptError(
                f"its edition name '{slug}' is taken by {slugs[slug]}; rename one of them", path))
        else:
            slugs[slug] = path
            result = build_one(path, config, formats)
        results.append(result)
        report(result)
    return results
