"""Builds many manuscripts at once: plans what is stale, runs it on an executor, writes the
editions atomically, and keeps the build state and the downloads manifest up to date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from publisher import readers
from publisher.cache import State, file_hash, input_key
from publisher.config import BuildConfig
from publisher.errors import ManuscriptError, PublisherError
from publisher.executors import EXECUTORS, Task
from publisher.output import sweep_leftovers, write_atomically
from publisher.pipeline import (
    Rendered,
    Result,
    discover,
    pictures,
    prepare,
    refuse_escaping_link,
    slug_for,
)

log = logging.getLogger(__name__)


def source_name(path: Path, config: BuildConfig) -> str:
    """How the manifest names a source: relative to the project when it is inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(config.project_dir.absolute()).as_posix()
    except ValueError:
        return absolute.as_posix()


def bundle(path: Path, config: BuildConfig) -> tuple[tuple[str, bytes], ...]:
    """The files a remote worker needs for one manuscript, by path relative to the project."""
    project = config.project_dir.resolve()
    if not path.resolve().is_relative_to(project):
        raise ManuscriptError("a cluster build needs the manuscript inside the project folder",
                              path)
    files = [path.resolve(), readers.sidecar_for(path).resolve()]
    files += pictures(prepare(path, config), path, config)
    own_styles = project / "styles"
    if own_styles.is_dir():
        files += sorted(p for p in own_styles.rglob("*") if p.is_file())
    seen: dict[str, bytes] = {}
    for file in files:
        if file.is_file():
            seen.setdefault(file.relative_to(project).as_posix(), file.read_bytes())
    return tuple(seen.items())


class _Plan:
    """Which editions of which manuscripts must be built, and the keys to record them by."""

    def __init__(self, config: BuildConfig, state: State, force: bool):
        self.config, self.state, self.force = config, state, force
        self.keys: dict[tuple[str, str], str] = {}

    def stale(self, path: Path, formats: tuple[str, ...]) -> tuple[str, ...]:
        slug, name = slug_for(path), source_name(path, self.config)
        sidecar = readers.sidecar_for(path)
        out: list[str] = []
        for fmt in formats:
            try:
                key = input_key(path, sidecar, self.config, fmt)
            except OSError:
                key = ""  # unreadable: the build itself will say why
            self.keys[(slug, fmt)] = key
            if self.force or not key or not self.state.is_fresh(slug, name, fmt, key):
                out.append(fmt)
        return tuple(out)


def _write(rendered: Rendered, config: BuildConfig, state: State, plan: _Plan) -> Result:
    path = rendered.source
    slug = slug_for(path)
    result = Result(path)
    deps = {dep: file_hash(Path(dep)) for dep in rendered.deps if Path(dep).is_file()}
    for fmt, data in rendered.outputs:
        target = config.out_dir / f"{slug}.{fmt}"
        write_atomically(target, data)
        # Recorded only once the edition is in place: a crash before this leaves it stale.
        state.record(slug, source_name(path, config), rendered.meta, deps, fmt,
                     plan.keys[(slug, fmt)], target, data)
        result.outputs.append(target)
    state.save()
    return result


def build(
    paths: Iterable[Path],
    config: BuildConfig,
    formats: tuple[str, ...],
    report: Callable[[Result], None] = lambda r: None,
    *,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    force: bool = False,
    prune: bool = False,
) -> list[Result]:
    """Build every manuscript; one that fails does not stop the others."""
    sweep_leftovers(config.out_dir)
    state = State.load(config.out_dir)
    plan = _Plan(config, state, force)
    sources, errors = discover(paths)
    results: list[Result] = []

    def finish(result: Result) -> None:
        results.append(result)
        report(result)

    for error in errors:
        where = error.where if isinstance(error.where, Path) else Path(".")
        finish(Result(where, error=error, status="failed"))
    tasks: list[Task] = []
    slugs: dict[str, Path] = {}
    for path in sources:
        slug = slug_for(path)
        try:
            if slug in slugs:
                raise ManuscriptError(
                    f"its edition name '{slug}' is taken by {slugs[slug]}; rename one of them",
                    path)
            slugs[slug] = path
            refuse_escaping_link(path, config)
            stale = plan.stale(path, formats)
            if not stale:
                outputs = [config.out_dir / f"{slug}.{fmt}" for fmt in formats]
                finish(Result(path, outputs, status="unchanged"))
                continue
            task_bundle = bundle(path, config) if executor == "dask" else ()
        except PublisherError as e:
            finish(Result(path, error=e, status="failed"))
            continue
        tasks.append(Task(path, stale, task_bundle))

    replay = executor != "local" or (jobs > 1 and len(tasks) > 1)
    for rendered in EXECUTORS[executor](tasks, config, jobs, scheduler):
        if replay:  # warnings raised in another process are shown here, with their file
            for message in rendered.warnings:
                log.warning(message, extra={"source": rendered.source})
        if rendered.error is not None:
            finish(Result(rendered.source, error=rendered.error, status="failed"))
        else:
            finish(_write(rendered, config, state, plan))

    removed = state.forget_missing(config.project_dir, prune)
    for path in removed:
        log.info("pruned %s", path)
    if config.out_dir.is_dir() or state.entries:
        state.write_manifest(config.project_dir)
        state.save()
    return results
