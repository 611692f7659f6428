"""Builds many editions at once: finds the manuscripts, plans what is stale, runs it on an
executor, writes the editions atomically, and keeps the build state and the manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from publisher import collection, memo, readers
from publisher import styles as styles_module
from publisher.cache import State, file_hash, input_key
from publisher.config import BuildConfig
from publisher.diagnostics import Diagnostic, Diagnostics
from publisher.errors import ManuscriptError, PublisherError
from publisher.executors import EXECUTORS, Task
from publisher.output import commit, ensure_folder, fault, sweep_leftovers, write_atomically
from publisher.pipeline import Output, Rendered, prepare, refuse_escaping_link, slug_for
from publisher.readers.metadata import sidecar_for
from publisher.styles import StyleSet


@dataclass
class Result:
    """What became of one edition in a build."""

    source: Path
    outputs: list[Path] = field(default_factory=list)
    error: PublisherError | None = None
    status: str = "built"  # built, unchanged or failed
    warnings: tuple[Diagnostic, ...] = ()


def is_manuscript(path: Path) -> bool:
    """A file a reader reads, or a collection; pictures, notes and sidecars beside it are not."""
    return path.suffix.lower() in readers.READERS or collection.is_collection(path)


def _saved_page_part(path: Path, root: Path) -> bool:
    """Whether a file is inside a saved page's NAME_files/ folder (its pictures and frames)."""
    for folder in path.relative_to(root).parents:
        name = (root / folder).name
        if name.endswith("_files") and any(
            (root / folder).with_name(name[: -len("_files")] + s).is_file()
            for s in (".html", ".htm")
        ):
            return True
    return False


def discover(
    paths: Iterable[Path], out_dir: Path | None = None
) -> tuple[list[Path], list[PublisherError]]:
    """Manuscripts named or found in the given folders, in a stable order; never what a build
    wrote (the output folder's catalogue page is HTML, but no manuscript)."""
    found: list[Path] = []
    errors: list[PublisherError] = []
    output = out_dir.resolve() if out_dir is not None else None
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and is_manuscript(p)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not _saved_page_part(p, path)
                and not (output and p.resolve().is_relative_to(output))
            )
        elif path.exists():
            found.append(path)
        else:
            errors.append(ManuscriptError("no such file or folder", path))
    return found, errors


def sources_of(path: Path, config: BuildConfig) -> tuple[Path, ...]:
    """The manuscripts an edition is made from: itself, and a collection's members."""
    if not collection.is_collection(path):
        return (path,)
    try:
        spec = collection.read(path, path.read_bytes(), config.project_dir, Diagnostics())
    except (PublisherError, OSError):
        return (path,)  # the build itself will say what is wrong
    return (path, *spec.members)


def with_members(sources: list[Path], config: BuildConfig) -> list[Path]:
    """The manuscripts to build: a collection's members get their own editions too."""
    listed = {p.resolve() for p in sources}
    out = list(sources)
    for path in sources:
        for member in sources_of(path, config)[1:]:
            if member.resolve() not in listed:
                listed.add(member.resolve())
                out.append(member)
    return out


def source_name(path: Path, config: BuildConfig) -> str:
    """How the manifest names a source: relative to the project when it is inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(config.project_dir.absolute()).as_posix()
    except ValueError:
        return absolute.as_posix()


def bundle(path: Path, config: BuildConfig) -> tuple[tuple[str, bytes], ...]:
    """The files a remote worker needs for one edition, by path relative to the project."""
    project = config.project_dir.resolve()
    if not path.resolve().is_relative_to(project):
        raise ManuscriptError(
            "a cluster build needs the manuscript inside the project folder", path
        )
    prepared = prepare(path, config)
    files = [
        f for source in prepared.sources for f in (source.resolve(), sidecar_for(source).resolve())
    ]
    files += list(prepared.assets(config).files())
    own_styles = project / "styles"
    if own_styles.is_dir():
        files += sorted(p for p in own_styles.rglob("*") if p.is_file())
    seen: dict[str, bytes] = {}
    for file in files:
        if file.is_file():
            seen.setdefault(file.relative_to(project).as_posix(), file.read_bytes())
    return tuple(seen.items())


class _Plan:
    """Which editions must be built in which formats, and the keys to record them by."""

    def __init__(self, config: BuildConfig, styles: StyleSet, state: State, force: bool):
        self.config, self.styles, self.state, self.force = config, styles, state, force
        self.keys: dict[tuple[str, str], str] = {}

    def stale(self, path: Path, formats: tuple[str, ...]) -> tuple[str, ...]:
        sources = sources_of(path, self.config)
        slug, names = slug_for(path), [source_name(p, self.config) for p in sources]
        out: list[str] = []
        for fmt in formats:
            try:
                key = input_key(sources, self.config, self.styles, fmt)
            except OSError:
                key = ""  # unreadable: the build itself will say why
            self.keys[(slug, fmt)] = key
            if self.force or not key or not self.state.is_fresh(slug, names, fmt, key):
                out.append(fmt)
        return tuple(out)


def _put(out: Output, target: Path) -> None:
    if out.staged is not None:
        commit(out.staged, target, sync=True)  # staged by a pool worker, not yet on disk
    else:
        write_atomically(target, out.data or b"")


def _write(rendered: Rendered, config: BuildConfig, state: State, plan: _Plan) -> Result:
    """Put an edition's files in place and record them; a full disk fails only this one."""
    path = rendered.source
    slug = slug_for(path)
    result = Result(path, warnings=rendered.warnings)
    names = [source_name(p, config) for p in rendered.sources or (path,)]
    try:
        deps = {dep: file_hash(Path(dep)) for dep in rendered.deps if Path(dep).is_file()}
        for n, out in enumerate(rendered.outputs):
            target = config.out_dir / f"{slug}.{out.fmt}"
            try:
                _put(out, target)
            except OSError:
                _discard(rendered.outputs[n + 1 :])
                raise
            # Recorded only once the edition is in place: a crash before this leaves it stale.
            state.record(
                slug,
                names,
                rendered.meta,
                deps,
                out.fmt,
                plan.keys[(slug, out.fmt)],
                target,
                out.sha256,
                out.size,
            )
            result.outputs.append(target)
        state.save_now_and_then()
    except OSError as e:
        # What was put in place is recorded; what was not keeps its previous edition and
        # record, so the next build, with space again, builds it.
        return Result(path, error=fault(e, path), status="failed", warnings=rendered.warnings)
    return result


def _discard(outputs: tuple[Output, ...]) -> None:
    for out in outputs:
        if out.staged is not None:
            out.staged.unlink(missing_ok=True)


def _tasks(
    sources: list[Path],
    config: BuildConfig,
    plan: _Plan,
    formats: tuple[str, ...],
    executor: str,
    finish: Callable[[Result], None],
) -> list[Task]:
    """The editions to build; unchanged and refused ones are reported as they are found."""
    tasks: list[Task] = []
    slugs: dict[str, Path] = {}
    for path in sources:
        slug = slug_for(path)
        try:
            if slug in slugs:
                raise ManuscriptError(
                    f"its edition name '{slug}' is taken by {slugs[slug]}; rename one of them", path
                )
            slugs[slug] = path
            refuse_escaping_link(path, config.project_dir)
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
    return tasks


def _record(
    config: BuildConfig,
    styles: StyleSet,
    state: State,
    catalogue: bool,
    finish: Callable[[Result], None],
) -> None:
    """The manifest and the state, then the downloads page and OPDS feeds made from them."""
    try:
        state.write_manifest(config.project_dir)
        state.save()
    except OSError as e:
        raise fault(e, config.out_dir / "manifest.json", "recording the build") from None
    if not catalogue:
        return
    from publisher.catalogue import write as write_catalogue

    page = config.out_dir / "index.html"
    try:
        write_catalogue(config, styles)
    except PublisherError as e:
        finish(Result(page, error=e, status="failed"))
    except OSError as e:
        finish(Result(page, status="failed", error=fault(e, page, "writing the catalogue")))


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
    catalogue: bool = True,
) -> list[Result]:
    """Build every edition; one that fails does not stop the others."""
    ensure_folder(config.out_dir)
    sweep_leftovers(config.out_dir)
    memo.sweep(config.out_dir / memo.FOLDER)
    styles = styles_module.load(config.project_dir, config.out_dir / memo.FOLDER)
    state = State.load(config.out_dir)
    plan = _Plan(config, styles, state, force)
    sources, errors = discover(paths, config.out_dir)
    sources = with_members(sources, config)
    results: list[Result] = []

    def finish(result: Result) -> None:
        results.append(result)
        report(result)

    for error in errors:
        where = error.where if isinstance(error.where, Path) else Path(".")
        finish(Result(where, error=error, status="failed"))
    tasks = _tasks(sources, config, plan, formats, executor, finish)
    renderings = EXECUTORS[executor](tasks, config, styles, jobs, scheduler)
    try:
        for rendered in renderings:
            if rendered.error is not None:
                failed = Result(rendered.source, error=rendered.error, status="failed")
                finish(replace(failed, warnings=rendered.warnings))
            else:
                finish(_write(rendered, config, state, plan))
    except BaseException:
        # Interrupted (Ctrl-C, a fault): stop the workers now, then remove what they staged
        # that this build will never put in place.
        renderings.close()
        sweep_leftovers(config.out_dir)
        memo.sweep(config.out_dir / memo.FOLDER)
        raise

    state.forget_missing(config.project_dir, prune)
    _record(config, styles, state, catalogue, finish)
    return results
