"""Where the per-edition work runs: in this process, in a pool of local processes, or on a
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
from typing import Any

from publisher import styles as styles_module
from publisher.config import BuildConfig
from publisher.errors import ConfigError
from publisher.pipeline import Rendered, render_edition, warm_up
from publisher.styles import StyleSet


@dataclass(frozen=True, slots=True)
class Task:
    """One edition to prepare and render in the given formats."""

    source: Path
    formats: tuple[str, ...]
    # For a remote worker: the files the edition needs, by path relative to the project.
    bundle: tuple[tuple[str, bytes], ...] = ()


def _run(task: Task, config: BuildConfig, styles: StyleSet) -> Rendered:
    return render_edition(task.source, config, styles, task.formats)


def serial(tasks: Sequence[Task], config: BuildConfig, styles: StyleSet, jobs: int,
           scheduler: str | None) -> Iterator[Rendered]:
    for task in tasks:
        yield _run(task, config, styles)


def _warm_worker(config: BuildConfig, styles: StyleSet, formats: tuple[str, ...]) -> None:
    # A failure here shows up again, with its file's name, on the first real task.
    with contextlib.suppress(Exception):
        warm_up(config, styles, formats)


def local(tasks: Sequence[Task], config: BuildConfig, styles: StyleSet, jobs: int,
          scheduler: str | None) -> Iterator[Rendered]:
    """A process per core; each loads the libraries once and renders many editions."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from serial(tasks, config, styles, jobs, scheduler)
        return
    formats = tuple(sorted({f for t in tasks for f in t.formats}))
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_warm_worker,
                             initargs=(config, styles, formats)) as pool:
        futures = [pool.submit(_run, task, config, styles) for task in tasks]
        for future in as_completed(futures):
            yield future.result()


def _run_remote(task: Task, config: BuildConfig) -> Rendered:
    """On a cluster worker: lay the bundle out as a project of its own and render there."""
    with tempfile.TemporaryDirectory(prefix="publisher-") as folder:
        root = Path(folder)
        for relative, data in task.bundle:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        local_config = replace(config, project_dir=root, out_dir=root / "dist")
        source = root / task.bundle[0][0]
        rendered = render_edition(source, local_config, styles_module.load(root),
                                  task.formats)
        return replace(rendered, source=task.source)


def dask(tasks: Sequence[Task], config: BuildConfig, styles: StyleSet, jobs: int,
         scheduler: str | None) -> Iterator[Rendered]:
    """Run on a Dask distributed cluster; the manuscripts' bytes travel with the tasks."""
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError as e:
        raise ConfigError("--executor dask needs Dask: pip install 'publisher[dask]'") from e
    if not scheduler:
        raise ConfigError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    connect: Any = Client  # distributed's API is only partly typed
    completed: Any = dask_completed
    with connect(scheduler) as client:
        futures = [client.submit(_run_remote, task, config, pure=False) for task in tasks]
        for future in completed(futures):
            yield future.result()


Executor = Callable[[Sequence[Task], BuildConfig, StyleSet, int, "str | None"],
                    Iterator[Rendered]]

EXECUTORS: dict[str, Executor] = {"local": local, "dask": dask}


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
