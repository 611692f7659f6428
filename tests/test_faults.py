"""When the machine misbehaves: each fault is caused for real where the machine allows it and
ends in one line, a documented exit code, nothing partial, and a rerun that finishes."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publisher import batch, pipeline
from publisher.cli import app
from publisher.errors import EXIT_ENVIRONMENT, EnvironmentFault

from helpers import Project

ARTICLE = (
    "---\ntitle: Article {n}\nauthor: Jane Doe\nlanguage: en\n---\n\n"
    "The council met again on Monday and the talks went on into the night. {pad}\n"
)


def write_articles(project: Project, count: int, pad: str = "") -> list[Path]:
    return [
        project.write(f"manuscripts/a{n:02d}.md", ARTICLE.format(n=n, pad=pad))
        for n in range(count)
    ]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.strip().splitlines() if ": warning: " not in line]


def cli(project: Project, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# --- the output folder ---------------------------------------------------------------------


def test_output_path_that_is_a_file(project: Project) -> None:
    write_articles(project, 1)
    project.write("dist", "not a folder")
    result = cli(project, "build", "--format", "epub")
    assert result.returncode == EXIT_ENVIRONMENT
    [line] = error_lines(result.stderr)
    assert line.startswith("dist: the output folder is a file") and "Traceback" not in line


def test_output_folder_under_a_file(project: Project) -> None:
    write_articles(project, 1)
    project.write("blocker", "a file")
    result = cli(project, "build", "--format", "epub", "--out", "blocker/dist")
    assert result.returncode == EXIT_ENVIRONMENT
    [line] = error_lines(result.stderr)
    assert "blocker/dist" in line and "is a file" in line


@contextlib.contextmanager
def tmpfs(where: Path, size: str, *options: str) -> Iterator[Path]:
    """A small file system of its own, mounted for the test (root only); skipped elsewhere."""
    where.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mount.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_output_folder_on_a_read_only_file_system(project: Project) -> None:
    write_articles(project, 1)
    with tmpfs(project.root / "ro", "1m", "ro"):
        result = cli(project, "build", "--format", "epub", "--out", "ro")
    assert result.returncode == EXIT_ENVIRONMENT
    [line] = error_lines(result.stderr)
    assert line.startswith("ro: creating the output folder failed: the file system is read-only")


# --- a full disk ---------------------------------------------------------------------------


def _fill(folder: Path, leave: int) -> Path:
    """Fill a file system to `leave` bytes free."""
    filler = folder / "filler.bin"
    free = shutil.disk_usage(folder).free
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


def test_a_full_disk_fails_what_it_cannot_write_and_the_rerun_resumes(project: Project) -> None:
    sources = write_articles(project, 4)
    # a02 carries a picture that does not compress: its edition needs more room than the rest.
    noise = os.urandom(60_000).hex()
    project.write(
        "manuscripts/noise.svg",
        f'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><desc>{noise}</desc></svg>',
    )
    sources[2].write_text(ARTICLE.format(n=2, pad="\n\n![Noise](noise.svg)"), encoding="utf-8")
    with tmpfs(project.root / "small", "8m") as out:
        first = cli(project, "build", "--format", "epub", "--jobs", "1", "--out", "small")
        assert first.returncode == 0, first.stderr
        before = {p.name: p.read_bytes() for p in out.glob("*.epub")}
        state_before = (out / ".publisher-state.json").read_bytes()
        for n, source in enumerate(sources):
            picture = "\n\n![Noise](noise.svg)" if n == 2 else ""
            source.write_text(
                ARTICLE.format(n=n, pad=f"A second version.{picture}"), encoding="utf-8"
            )
        filler = _fill(out, 60_000)  # room for the small editions, one at a time, not for a02
        full = cli(project, "build", "--format", "epub", "--jobs", "1", "--out", "small")
        assert full.returncode == EXIT_ENVIRONMENT
        lines = error_lines(full.stderr)
        assert lines and all("the disk is full" in line for line in lines), full.stderr
        failed = {m.group(1) for line in lines if (m := re.match(r"manuscripts/(a\d+)\.md", line))}
        assert failed == {"a02"}, full.stderr
        assert not leftovers(out)
        for name in failed:  # the previous edition of each failed one stays in place, whole
            assert (out / f"{name}.epub").read_bytes() == before[f"{name}.epub"]
        state = (out / ".publisher-state.json").read_bytes()
        assert state == state_before or all(name.encode() in state for name in failed)
        filler.unlink()
        rerun = cli(project, "build", "--format", "epub", "--jobs", "1", "--out", "small")
        assert rerun.returncode == 0, rerun.stderr
        built = {m.group(1) for m in re.finditer(r"built small/(a\d+)\.epub", rerun.stdout)}
        assert failed <= built
        assert all((out / f"{name}.epub").read_bytes() != before[f"{name}.epub"] for name in failed)


def test_a_full_disk_in_a_pool_worker_leaves_nothing_partial(project: Project) -> None:
    write_articles(project, 6)
    with tmpfs(project.root / "small", "2m") as out:
        _fill(out, 150_000)
        result = cli(project, "build", "--format", "epub", "--jobs", "2", "--out", "small")
        assert result.returncode == EXIT_ENVIRONMENT
        assert all("the disk is full" in line for line in error_lines(result.stderr)), result.stderr
        assert not leftovers(out)


def test_every_edition_a_worker_staged_is_on_disk_before_it_is_in_place(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers stage their files without waiting for the disk; the build syncs each before
    the rename that puts it in place, so a crash never leaves an edition of empty blocks."""
    write_articles(project, 6)
    synced: set[str] = set()
    placed: list[tuple[str, bool]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.add(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        placed.append((Path(dst).name, str(Path(src).resolve()) in synced))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    config = project.config(out_dir=project.root / "dist")
    results = batch.build([project.root / "manuscripts"], config, ("epub", "pdf"), jobs=2)
    assert [r.status for r in results].count("built") == 6
    editions = [(name, on_disk) for name, on_disk in placed if name.endswith((".epub", ".pdf"))]
    assert len(editions) == 12 and all(on_disk for _, on_disk in editions), editions


# --- inputs that vanish --------------------------------------------------------------------


def test_a_manuscript_that_vanishes_mid_build_is_one_line(project: Project) -> None:
    first, second = write_articles(project, 2)
    config = project.config()
    seen: list[str] = []

    def report(result: batch.Result) -> None:
        seen.append(result.source.name)
        if result.source == first:
            second.unlink()  # gone after the build planned it, before it was read

    results = batch.build([project.root / "manuscripts"], config, ("epub",), report, jobs=1)
    by_name = {r.source.name: r for r in results}
    assert by_name["a00.md"].status == "built"
    error = by_name["a01.md"].error
    assert isinstance(error, EnvironmentFault)
    assert str(error).endswith(
        "a01.md: vanished during the build (moved or deleted); build again once it is back"
    )


# --- workers killed, or outgrowing their memory --------------------------------------------


def _hooked(monkeypatch: pytest.MonkeyPatch, name: str, action: str) -> None:
    """Make the pool worker that renders `name` die by SIGKILL or grab memory, for real.

    The pool forks its workers from this process, so they run this patched function."""
    real = pipeline.render_edition

    def render(path: Path, *args: object, **kwargs: object) -> pipeline.Rendered:
        if path.name == name:
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            ballast = bytearray(400 << 20)  # 400 MiB, touched so it is resident
            for i in range(0, len(ballast), 4096):
                ballast[i] = 1
            time.sleep(10)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    from publisher import executors

    monkeypatch.setattr(executors, "render_edition", render)


def test_a_killed_worker_fails_only_its_manuscript(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(project, 8)
    _hooked(monkeypatch, "a03.md", "kill")
    result = CliRunner().invoke(app, ["build", "--format", "epub", "--jobs", "2"])
    assert result.exit_code == EXIT_ENVIRONMENT
    [line] = error_lines(result.stderr)
    assert line.endswith("a03.md: worker stopped by signal 9 (SIGKILL); out of memory?")
    dist = project.root / "dist"
    assert sorted(p.name for p in dist.glob("*.epub")) == [
        f"a{n:02d}.epub" for n in range(8) if n != 3
    ]
    assert not leftovers(dist)
    from publisher import executors

    monkeypatch.setattr(executors, "render_edition", pipeline.render_edition)
    rerun = CliRunner().invoke(app, ["build", "--format", "epub", "--jobs", "2"])
    assert rerun.exit_code == 0 and "7 unchanged" in rerun.stdout


def test_a_worker_over_its_memory_ceiling_is_stopped(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.configure('publication = "The Test Desk"\nlanguage = "en"\nmax_worker_mb = 300')
    write_articles(project, 4)
    _hooked(monkeypatch, "a01.md", "grow")
    started = time.monotonic()
    result = CliRunner().invoke(app, ["build", "--format", "epub", "--jobs", "2"])
    assert time.monotonic() - started < 9  # stopped, not left to finish its sleep
    assert result.exit_code == EXIT_ENVIRONMENT
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(
        "a01.md: needed more than 300 MiB of memory (max_worker_mb); raise it "
        "in [tool.publisher] or split the manuscript"
    )
    assert len(list((project.root / "dist").glob("*.epub"))) == 3


def test_a_workers_memory_is_its_own_not_its_parents() -> None:
    """The memory ceiling counts what a worker made, not the pages it shares with the parent
    it was forked from: under a 300 MB parent, a fresh worker is not over 300 MB, though all
    its resident pages (the cheap first look) are."""
    from publisher.pool import over, resident

    ballast = bytearray(300 << 20)
    ballast[:: 1 << 12] = b"x" * len(ballast[:: 1 << 12])  # every page really in memory
    assert resident(os.getpid()) > 300 << 20
    reading, writing = os.pipe()
    waiting, going = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: waits while the parent looks at it
        os.write(writing, str(resident(os.getpid())).encode())
        os.read(waiting, 1)
        os._exit(0)
    own = int(os.read(reading, 64))
    try:
        assert own < 50 << 20
        assert not over(child, 300 << 20)  # shared pages: not its own
        assert over(child, own // 2)  # past a ceiling below what it made itself
    finally:
        os.write(going, b"x")
        os.waitpid(child, 0)
        for fd in (reading, writing, waiting, going):
            os.close(fd)


def test_an_interrupted_build_leaves_none_of_its_workers_staged_files(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C as the first edition comes back: its files are staged in dist/ by a worker,
    # and the other worker may be staging the next; none of them may stay behind.
    write_articles(project, 6)
    config = project.config(out_dir=project.root / "dist")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        batch.build([project.root / "manuscripts"], config, ("epub",), jobs=2)
    assert not leftovers(project.root / "dist")
    assert not list((project.root / "dist").glob("*.epub"))


@pytest.mark.slow
def test_ctrl_c_mid_batch_exits_130_and_the_rerun_resumes(project: Project) -> None:
    write_articles(project, 16)
    child = subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", "--jobs", "2"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as it reaches a build in a terminal's foreground: a test run started in the
        # background of a shell has SIGINT ignored, and its children would inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert child.stdout is not None
    first = child.stdout.readline()  # one edition is in place: the batch is under way
    assert first.startswith("built ")
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("publisher: interrupted")
    assert not leftovers(project.root / "dist")
    rerun = cli(project, "build", "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert len(list((project.root / "dist").glob("*.pdf"))) == 16


# --- Dask ----------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_scheduler_is_one_line_naming_it(project: Project) -> None:
    pytest.importorskip("dask.distributed")
    write_articles(project, 2)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    result = cli(project, "build", "--executor", "dask", "--scheduler", address, timeout=60)
    assert time.monotonic() - started < 20
    assert result.returncode == EXIT_ENVIRONMENT
    [line] = error_lines(result.stderr)
    assert line.startswith(f"--scheduler: cannot reach the Dask scheduler at {address} within 5 s")


@pytest.mark.slow
def test_a_dask_worker_lost_mid_build_has_its_work_retried(project: Project) -> None:
    distributed = pytest.importorskip("dask.distributed")
    write_articles(project, 8)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = list(client.run(os.getpid).values())
        killed: list[int] = []

        def report(result: batch.Result) -> None:
            if not killed:  # the first edition is back: the others are under way
                killed.append(pids[0])
                os.kill(pids[0], signal.SIGKILL)

        results = batch.build(
            [project.root / "manuscripts"],
            project.config(),
            ("epub",),
            report,
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
    assert killed
    assert [r.error for r in results if r.error] == []
    assert len(list((project.root / "dist").glob("*.epub"))) == 8


@pytest.mark.slow
def test_a_scheduler_lost_mid_build_fails_the_rest_one_line_each(project: Project) -> None:
    distributed = pytest.importorskip("dask.distributed")
    write_articles(project, 12, pad="More text. " * 400)
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    )
    done: list[str] = []

    def report(result: batch.Result) -> None:
        done.append(result.status)
        if len(done) == 1:
            cluster.close()

    try:
        results = batch.build(
            [project.root / "manuscripts"],
            project.config(),
            ("epub", "pdf"),
            report,
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
    finally:
        cluster.close()
    failed = [r for r in results if r.error]
    assert failed, "the scheduler went away with work still out"
    for r in failed:
        assert isinstance(r.error, EnvironmentFault)
        assert "went away" in str(r.error) or "could not build it" in str(r.error)
    assert len(results) == 12
    assert not leftovers(project.root / "dist")


# --- tools for `check` ---------------------------------------------------------------------


def _epub(project: Project) -> None:
    write_articles(project, 1)
    assert cli(project, "build", "--format", "epub").returncode == 0


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"PATH": "/nonexistent"}, "Java not found"),
        ({"EPUBCHECK_JAR": "/nonexistent/epubcheck.jar"}, "EPUBCheck not found"),
    ],
)
def test_check_without_its_tools_is_one_line(
    project: Project, env: dict[str, str], says: str
) -> None:
    _epub(project)
    result = subprocess.run(
        [sys.executable, "-m", "publisher", "check", "dist"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
        timeout=120,
    )
    assert result.returncode == EXIT_ENVIRONMENT
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"publisher check: {says}")


def test_check_without_ace_or_chromium_is_one_line_unless_told(
    project: Project, tmp_path: Path
) -> None:
    _epub(project)
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed")
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "java").symlink_to(java)
    env = {**os.environ, "PATH": str(bare)}
    env.pop("PUPPETEER_EXECUTABLE_PATH", None)
    result = subprocess.run(
        [sys.executable, "-m", "publisher", "check", "dist"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )
    assert result.returncode == EXIT_ENVIRONMENT
    assert result.stderr.strip().startswith("publisher check: DAISY Ace not found")
    ace = shutil.which("ace-puppeteer")
    if ace is not None:
        (bare / "ace-puppeteer").symlink_to(ace)
        no_browser = subprocess.run(
            [sys.executable, "-m", "publisher", "check", "dist"],
            cwd=project.root,
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=120,
        )
        assert no_browser.returncode == EXIT_ENVIRONMENT
        assert no_browser.stderr.strip().startswith("publisher check: Chromium not found")
    skipped = subprocess.run(
        [sys.executable, "-m", "publisher", "check", "dist", "--no-ace"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )
    assert skipped.returncode == 0, skipped.stderr
    assert "Ace not run" in skipped.stdout


def test_debug_adds_the_traceback_of_a_fault(project: Project) -> None:
    write_articles(project, 1)
    with tmpfs(project.root / "ro", "1m", "ro"):
        plain = cli(project, "build", "--format", "epub", "--out", "ro")
        debug = cli(project, "build", "--format", "epub", "--out", "ro", "--debug")
    assert "Traceback" not in plain.stderr
    assert debug.returncode == EXIT_ENVIRONMENT
    assert "Traceback" in debug.stderr and "OSError" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == plain.stderr.strip().splitlines()[-1]


def test_a_pool_worker_collects_each_editions_garbage_and_a_long_ones_as_it_goes(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker's cycle collector looks at an edition's objects when it is done, and, for an
    edition that makes many, as it goes: its memory stays bounded either way. Each hooked
    edition first notes the garbage the last one left (what a full collection finds), then
    makes three times the young generation's size of objects in reference cycles (150,000),
    garbage at once, and notes how many objects the collector still holds."""
    import gc

    from publisher import collector, executors

    write_articles(project, 6)
    log = tmp_path / "counts"
    real = pipeline.render_edition

    def render(path: Path, *args: object, **kwargs: object) -> pipeline.Rendered:
        left = gc.collect()
        frozen = gc.get_freeze_count()
        for _ in range(collector.YOUNG):
            cycle: list[object] = []
            cycle.append([cycle, []])  # three lists, each tracked by the collector
        held = len(gc.get_objects())
        with log.open("a", encoding="ascii") as handle:
            handle.write(f"{os.getpid()} {left} {held} {frozen}\n")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(executors, "render_edition", render)
    result = CliRunner().invoke(app, ["build", "--format", "epub", "--jobs", "2"])
    assert result.exit_code == 0, result.stderr
    rows = [tuple(map(int, line.split())) for line in log.read_text("ascii").splitlines()]
    assert len(rows) == 6 and len({row[0] for row in rows}) == 2
    # The last edition's garbage was gone before the next began (a few objects at most).
    assert all(left < 100 for _, left, _, _ in rows), rows
    # Three times the young generation made, but never twice that held: collected as it went.
    assert all(held < 2 * collector.YOUNG for _, _, held, _ in rows), rows
    # What the worker inherited and loaded is never looked at again.
    assert all(frozen > 10_000 for *_, frozen in rows), rows


def test_a_batch_in_this_process_collects_each_editions_garbage(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--jobs 1` renders here, in the command's process: each edition's garbage (objects in
    reference cycles) is gone before the next edition begins, as in a pool worker."""
    import gc

    from publisher import executors

    write_articles(project, 4)
    left: list[int] = []
    real = pipeline.render_edition

    def render(path: Path, *args: object, **kwargs: object) -> pipeline.Rendered:
        left.append(gc.collect())
        for _ in range(10_001):
            cycle: list[object] = []
            cycle.append([cycle, []])
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(executors, "render_edition", render)
    result = CliRunner().invoke(app, ["build", "--format", "epub", "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    assert len(left) == 4 and all(n < 100 for n in left[1:]), left
