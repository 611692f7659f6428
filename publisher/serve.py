"""`publisher serve`: builds, serves the output folder on the loopback interface, and on every
change to a manuscript, sidecar, picture, style or the config rebuilds what it touched.

Rebuilds run in this one warm process (batch.build with a single job: the libraries, fonts
and CSS stay loaded), the EPUB first so that a preview shows the change at once, then the
other formats. After each, open pages reload themselves (see publisher/preview.py).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from publisher import batch, memo, styles
from publisher.batch import Result
from publisher.cache import State
from publisher.config import BuildConfig
from publisher.errors import EnvironmentFault, PublisherError
from publisher.pipeline import slug_for
from publisher.preview import Server, Site

# Prints a line for the user: (text, is_error).
Say = Callable[[str, bool], None]


def errors_of(results: Iterable[Result]) -> dict[str, str]:
    """Each failed edition's one-line error, by slug ("" for one that belongs to no edition)."""
    found: dict[str, str] = {}
    for result in results:
        if result.error is not None:
            slug = "" if result.source.suffix == ".html" else slug_for(result.source)
            found[slug] = result.error.lines()[-1]
    return found


def watched(paths: list[Path], config: BuildConfig) -> tuple[Path, ...]:
    """What to watch: the manuscripts' folders, the project's styles and config, and the
    folders of pictures and collection members that live elsewhere in the project."""
    roots = {p.absolute() for p in paths if p.exists()}
    for extra in (config.project_dir / "styles", config.project_dir / "pyproject.toml"):
        if extra.exists():
            roots.add(extra.absolute())
    for entry in State.load(config.out_dir).entries.values():
        files = [config.project_dir / s for s in entry.sources] + [Path(d) for d in entry.deps]
        roots.update(f.absolute().parent for f in files if f.exists())
    out = config.out_dir.absolute()
    roots = {r for r in roots if not r.is_relative_to(out)}
    return tuple(
        sorted(
            r for r in roots if not any(r != o and r.is_relative_to(o) for o in roots if o.is_dir())
        )
    )


def _ignored(out_dir: Path) -> Callable[[object, str], bool]:
    """watchfiles' filter: nothing in the output folder, no editor's swap or backup file."""
    out = str(out_dir.absolute())

    def keep(_change: object, path: str) -> bool:
        name = Path(path).name
        return not (
            path == out
            or path.startswith(out + os.sep)
            or name.startswith((".", "#"))
            or name.endswith("~")
            or "__pycache__" in path
        )

    return keep


class Rebuilder:
    """Builds on demand in this process, and tells the site what became of each build."""

    def __init__(
        self,
        paths: list[Path],
        load: Callable[[], BuildConfig],
        formats: tuple[str, ...] | None,
        site: Site,
        say: Say,
    ):
        self.paths, self.load, self.formats, self.site, self.say = paths, load, formats, site, say
        self.shown: dict[str, str] = {}

    def build(self, jobs: int = 1) -> BuildConfig | None:
        started = time.perf_counter()
        try:
            config = self.load()
        except PublisherError as e:
            self._publish({"": e.lines()[-1]}, {}, "en", self.site.script)
            return None
        chosen = self.formats or config.formats
        # The preview shows the EPUB: it comes first, the PDF after.
        phases = [("epub",), chosen] if "epub" in chosen and len(chosen) > 1 else [chosen]
        built = 0
        for phase in phases:
            results = batch.build(self.paths, config, phase, jobs=jobs)
            for result in results:
                if result.status == "built" and result.outputs:
                    built += 1
                    self.say(f"built {', '.join(p.name for p in result.outputs)}", False)
            house = styles.load(config.project_dir, config.out_dir / memo.FOLDER)
            self._publish(
                errors_of(results),
                house.labels(config.language),
                config.language,
                house.read("js/live.js"),
            )
        if built:
            self.say(f"rebuilt in {time.perf_counter() - started:.2f} s", False)
        return config

    def _publish(
        self, errors: dict[str, str], labels: dict[str, str], language: str, script: bytes
    ) -> None:
        for slug, line in sorted(errors.items()):
            if self.shown.get(slug) != line:
                self.say(line, True)
        for slug in sorted(set(self.shown) - set(errors)):
            self.say(f"fixed: {slug or 'the build'}", False)
        self.shown = errors
        self.site.publish(errors, labels, language, script)


def _listen(site: Site, host: str, port: int) -> Server:
    try:
        return Server((host, port), site)
    except OSError as e:
        raise EnvironmentFault(
            f"cannot listen on {host}:{port} ({e.strerror or e}); pick another port with --port",
            "serve",
        ) from e


def _stop_on_terminate() -> None:
    """SIGTERM (and SIGINT, even where a shell left it ignored) stops the server cleanly."""
    import signal

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)
        signal.signal(signal.SIGINT, interrupt)


def run(
    paths: list[Path],
    load: Callable[[], BuildConfig],
    formats: tuple[str, ...] | None,
    host: str,
    port: int,
    say: Say,
    jobs: int = 1,
) -> None:
    """Serve until Ctrl-C: build first, then rebuild on every change."""
    import watchfiles

    config = load()
    site = Site(config.out_dir)
    server = _listen(site, host, port)
    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    thread.start()
    _stop_on_terminate()
    rebuilder = Rebuilder(paths, load, formats, site, say)
    say(f"serving {config.out_dir} at http://{host}:{server.server_port}/ (Ctrl-C to stop)", False)
    pending, workers = True, jobs  # the first build may use a pool; rebuilds stay warm here
    try:
        while True:
            roots = watched(paths, config) or (config.project_dir,)
            # The watcher is running before the first yield (a timeout): what changes during a
            # build is gathered and comes out on the next turn.
            for changes in watchfiles.watch(
                *roots,
                watch_filter=_ignored(config.out_dir),
                debounce=400,
                step=30,
                rust_timeout=200,
                yield_on_timeout=True,
                raise_interrupt=True,
            ):
                if not changes and not pending:
                    continue
                config = rebuilder.build(workers) or config
                pending, workers = False, 1
                if watched(paths, config) != roots:
                    pending = True  # a new folder to watch (a picture, a member, styles/)
                    break
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
