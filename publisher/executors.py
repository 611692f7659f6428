"""Where the per-edition work runs: in this process, in a pool of local processes, or on a
Dask cluster. Each executor takes tasks and yields their renderings as they finish.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from publisher import collector
from publisher import styles as styles_module
from publisher.config import BuildConfig
from publisher.errors import ConfigError, EnvironmentFault
from publisher.output import fault, stage
from publisher.pipeline import Output, Prepared, Rendered, render_edition, slug_for, warm_up
from publisher.styles import StyleSet

# Seconds to wait for a Dask scheduler to answer, and for the whole batch on a cluster.
_CONNECT_TIMEOUT = 5
_TASK_TIMEOUT = 3600


# An executor's renderings as they finish; closing it stops its workers.
Renderings = Generator[Rendered, None, None]


@dataclass(frozen=True, slots=True)
class Task:
    """One edition to prepare and render in the given formats."""

    source: Path
    formats: tuple[str, ...]
    # For a remote worker: the files the edition needs, by path relative to the project.
    bundle: tuple[tuple[str, bytes], ...] = ()
    # Already prepared by the parent (one edition split over two cores): only to render.
    prepared: Prepared | None = None


def _run(task: Task, config: BuildConfig, styles: StyleSet) -> Rendered:
    return render_edition(task.source, config, styles, task.formats, task.prepared)


def serial(
    tasks: Sequence[Task], config: BuildConfig, styles: StyleSet, jobs: int, scheduler: str | None
) -> Renderings:
    for n, task in enumerate(tasks):
        if n:  # not before the first: what this process loaded would be looked at for nothing
            collector.between_editions()
        yield _run(task, config, styles)


def _warm_worker(config: BuildConfig, styles: StyleSet, formats: tuple[str, ...]) -> None:
    # A failure here shows up again, with its file's name, on the first real task.
    with contextlib.suppress(Exception):
        warm_up(config, styles, formats)


def _run_staged(config: BuildConfig, styles: StyleSet, task: Task) -> Rendered:
    """In a pool worker: render, and stage the files beside their place in the output folder,
    so that only their names travel back to the parent, not their bytes. The parent puts
    them on disk before it puts them in place: the worker does not wait for the disk."""
    collector.between_editions()  # a worker's first: only what arrived with the task
    rendered = _run(task, config, styles)
    staged: list[Output] = []
    try:
        for out in rendered.outputs:
            target = config.out_dir / f"{slug_for(task.source)}.{out.fmt}"
            staged.append(
                replace(out, data=None, staged=stage(target, out.data or b"", synced=False))
            )
    except OSError as e:
        for done in staged:
            if done.staged is not None:
                done.staged.unlink(missing_ok=True)
        return replace(rendered, outputs=(), error=fault(e, task.source))
    return replace(rendered, outputs=tuple(staged))


def worker_ceiling(config: BuildConfig, workers: int) -> int:
    """A worker's memory ceiling in bytes: max_worker_mb, or a share of the machine's memory
    that leaves room for the parent and the system."""
    if config.max_worker_mb:
        return config.max_worker_mb << 20
    from publisher.pool import machine_memory

    return max(1 << 30, machine_memory() * 3 // (4 * (workers + 1)))


def _split(tasks: Sequence[Task], jobs: int) -> list[Task]:
    """Fewer editions than cores: one task per format, so an article's EPUB is made while its
    PDF (and WeasyPrint's start) takes the other core."""
    if len(tasks) >= jobs:
        return list(tasks)
    return [replace(t, formats=(fmt,)) for t in tasks for fmt in t.formats]


def _merged(parts: list[Rendered]) -> Rendered:
    """One edition's renderings, made format by format, as one."""
    failed = next((p for p in parts if p.error is not None), None)
    warnings = tuple(dict.fromkeys(w for p in parts for w in p.warnings))
    if failed is not None:
        for part in parts:  # what was staged for the other formats is not used
            for out in part.outputs:
                if out.staged is not None:
                    out.staged.unlink(missing_ok=True)
        return replace(failed, warnings=warnings)
    first = parts[0]
    return replace(
        first,
        outputs=tuple(o for p in parts for o in p.outputs),
        warnings=warnings,
        deps=tuple(dict.fromkeys(d for p in parts for d in p.deps)),
    )


def _preload(config: BuildConfig, styles: StyleSet, formats: tuple[str, ...]) -> None:
    """Load the renderers' libraries and parsed styles, and nothing else, ahead of the task."""
    from publisher.renderers import renderer

    for fmt in formats:
        renderer(fmt)
    if "pdf" in formats:
        from publisher.renderers import pdf

        pdf.house_styles(styles, config.page_size)


def _one_edition(task: Task, config: BuildConfig, styles: StyleSet) -> Rendered:
    """One edition on two cores: a worker loads WeasyPrint and lays out the PDF, while this
    process reads the manuscript once, hands it over, and makes the EPUB meanwhile."""
    from concurrent.futures import ThreadPoolExecutor

    from publisher.diagnostics import Diagnostics
    from publisher.errors import PublisherError
    from publisher.pipeline import job_for, prepare
    from publisher.pool import Lost, Pool
    from publisher.renderers import ahead

    pool: Pool[Task, Rendered] = Pool(
        1,
        partial(collector.worker, partial(_preload, config, styles, ("pdf",))),
        partial(_run_staged, config, styles),
        worker_ceiling(config, 1),
    )
    pool.begin(1)
    try:
        diagnostics = Diagnostics()
        try:
            prepared = prepare(task.source, config, diagnostics)
            # The brief's HTML and hyphenation made here, while the worker imports WeasyPrint.
            made = ahead("pdf", job_for(prepared, config, styles))
        except PublisherError:
            return _run(task, config, styles)  # says what is wrong, as any build would
        prepared = replace(prepared, ahead=(("pdf", made),))
        others = tuple(f for f in task.formats if f != "pdf")
        with ThreadPoolExecutor(1) as here:
            # The parent's thread makes the EPUB while the main thread waits on the worker.
            epub = here.submit(
                _run, replace(task, formats=others, prepared=prepared), config, styles
            )
            [outcome] = list(pool.results([replace(task, formats=("pdf",), prepared=prepared)]))
            parts = [epub.result()]
    finally:
        pool.close()
    if isinstance(outcome, Lost):
        outcome = Rendered(task.source, error=EnvironmentFault(outcome.reason, task.source))
    return _merged([*parts, outcome])


def local(
    tasks: Sequence[Task], config: BuildConfig, styles: StyleSet, jobs: int, scheduler: str | None
) -> Renderings:
    """A process per core; each loads the libraries once and renders many editions. A worker
    that dies or outgrows its memory ceiling fails only the edition it held."""
    if len(tasks) == 1 and jobs > 1 and "pdf" in tasks[0].formats and len(tasks[0].formats) > 1:
        yield _one_edition(tasks[0], config, styles)
        return
    work = _split(tasks, jobs)
    if jobs <= 1 or len(work) <= 1:
        yield from serial(tasks, config, styles, jobs, scheduler)
        return
    from publisher.pool import Lost, Pool  # multiprocessing only when a pool is used

    formats = tuple(sorted({f for t in work for f in t.formats}))
    size = min(jobs, len(work))
    # A warm-up pays off over many editions; for a few it only adds a render.
    start = partial(_warm_worker, config, styles, formats) if len(work) > 2 * size else _idle
    pool: Pool[Task, Rendered] = Pool(
        size,
        partial(collector.worker, start),
        partial(_run_staged, config, styles),
        worker_ceiling(config, size),
    )
    expected = {t.source: len(t.formats) for t in tasks}
    parts: dict[Path, list[Rendered]] = {}
    for outcome in pool.results(work):
        if isinstance(outcome, Lost):
            outcome = Rendered(
                outcome.task.source, error=EnvironmentFault(outcome.reason, outcome.task.source)
            )
        got = parts.setdefault(outcome.source, [])
        got.append(outcome)
        if len(got) == expected[outcome.source] or len(tasks) == len(work):
            yield _merged(parts.pop(outcome.source))


def _idle() -> None:
    """A worker that needs no warm-up."""


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
        rendered = render_edition(source, local_config, styles_module.load(root), task.formats)
        return replace(rendered, source=task.source)


def dask(
    tasks: Sequence[Task], config: BuildConfig, styles: StyleSet, jobs: int, scheduler: str | None
) -> Renderings:
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
    try:
        client = connect(scheduler, timeout=f"{_CONNECT_TIMEOUT}s")
    except (OSError, TimeoutError) as e:
        raise EnvironmentFault(
            f"cannot reach the Dask scheduler at {scheduler} within "
            f"{_CONNECT_TIMEOUT} s ({type(e).__name__}); is it running?",
            "--scheduler",
        ) from None
    with client:
        # A worker lost mid-build hands its tasks to the others (Dask reschedules them).
        futures = {client.submit(_run_remote, task, config, pure=False): task for task in tasks}
        yield from _gather(futures, completed, scheduler)


def _gather(futures: dict[Any, Task], completed: Any, scheduler: str) -> Iterator[Rendered]:
    """Each future's rendering; once the scheduler is gone, a one-line failure for each
    edition still out."""
    waiting = dict(futures)
    try:
        for future in completed(list(futures), timeout=_TASK_TIMEOUT):
            task = waiting.pop(future)
            try:
                yield future.result()
            except Exception as e:  # a task of ours raises nothing else: the cluster failed
                yield Rendered(
                    task.source,
                    error=EnvironmentFault(
                        f"the cluster could not build it ({type(e).__name__}: {e})", task.source
                    ),
                )
    except Exception as e:  # the scheduler is gone, or the batch timed out
        for task in waiting.values():
            yield Rendered(
                task.source,
                error=EnvironmentFault(
                    f"the Dask scheduler at {scheduler} went away ({type(e).__name__}); not built",
                    task.source,
                ),
            )


Executor = Callable[[Sequence[Task], BuildConfig, StyleSet, int, "str | None"], Renderings]

EXECUTORS: dict[str, Executor] = {"local": local, "dask": dask}


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
