"""Where the per-manuscript work runs: in this process, in a pool of local processes, or on a
Dask cluster. Each executor takes tasks and yields their renderings as they finish.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from publisher.config import BuildConfig


@dataclass(frozen=True, slots=True)
class Task:
    """One manuscript to prepare and render in the given formats."""

    source: Path
    formats: tuple[str, ...]
    # For a remote worker: the files the manuscript needs, by path relative to the project.
    bundle: tuple[tuple[str, bytes], ...] = ()


def _warm_up(config: BuildConfig, formats: tuple[str, ...]) -> None:
    """Load each renderer once per worker (WeasyPrint, the house CSS, the fonts)."""
    import logging

    from publisher.model import Document, Metadata, Paragraph, Text

    # The parent process shows this worker's warnings, with their files' names.
    root = logging.getLogger()
    root.handlers[:] = [logging.NullHandler()]
    from publisher.renderers import renderer

    doc = Document(Metadata(title="warm-up", language="en", direction="ltr", identifier="x"),
                   (Paragraph((Text("warm-up"),)),))
    for fmt in formats:
        # A failure here shows up again, with its file's name, on the first real task.
        with contextlib.suppress(Exception):
            renderer(fmt)(doc, config, config.project_dir)


def _run(task: Task, config: BuildConfig):  # type: ignore[no-untyped-def]
    from publisher.pipeline import render_manuscript

    return render_manuscript(task.source, config, task.formats)


def serial(tasks: Sequence[Task], config: BuildConfig, jobs: int,
           scheduler: str | None) -> Iterator:  # type: ignore[type-arg]
    for task in tasks:
        yield _run(task, config)


def local(tasks: Sequence[Task], config: BuildConfig, jobs: int,
          scheduler: str | None) -> Iterator:  # type: ignore[type-arg]
    """A process per core; each loads the libraries once and renders many manuscripts."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from serial(tasks, config, jobs, scheduler)
        return
    formats = tuple(sorted({f for t in tasks for f in t.formats}))
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_warm_up,
                             initargs=(config, formats)) as pool:
        futures = [pool.submit(_run, task, config) for task in tasks]
        for future in as_completed(futures):
            yield future.result()


def _run_remote(task: Task, config: BuildConfig):  # type: ignore[no-untyped-def]
    """On a cluster worker: lay the bundle out as a project of its own and render there."""
    from publisher.pipeline import render_manuscript

    with tempfile.TemporaryDirectory(prefix="publisher-") as folder:
        root = Path(folder)
        for relative, data in task.bundle:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        local_config = replace(config, project_dir=root, out_dir=root / "dist")
        source = root / task.bundle[0][0]
        rendered = render_manuscript(source, local_config, task.formats)
        return replace(rendered, source=task.source)


def dask(tasks: Sequence[Task], config: BuildConfig, jobs: int,
         scheduler: str | None) -> Iterator:  # type: ignore[type-arg]
    """Run on a Dask distributed cluster; the manuscripts' bytes travel with the tasks."""
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError as e:
        from publisher.errors import ConfigError

        raise ConfigError("--executor dask needs Dask: pip install 'publisher[dask]'") from e
    if not scheduler:
        from publisher.errors import ConfigError

        raise ConfigError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    with Client(scheduler) as client:
        futures = [client.submit(_run_remote, task, config, pure=False) for task in tasks]
        for future in dask_completed(futures):
            yield future.result()


Executor = Callable[[Sequence[Task], BuildConfig, int, "str | None"], Iterator]  # type: ignore[type-arg]

EXECUTORS: dict[str, Executor] = {"local": local, "dask": dask}


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
