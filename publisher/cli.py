"""The `publisher` command: thin typer commands over the pipeline, errors as exit codes."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer

from publisher import __version__, collector
from publisher.diagnostics import Diagnostic
from publisher.errors import EXIT_CHECK, EXIT_OK, PublisherError
from publisher.options import (
    CheckOption,
    DebugOption,
    DuplexOption,
    Executor,
    ExecutorOption,
    ForceOption,
    FormatOption,
    HostOption,
    JobsOption,
    NoAceOption,
    NoCatalogueOption,
    OutOption,
    PathsArgument,
    PortOption,
    PruneOption,
    SchedulerOption,
    StrictOption,
    VariantOption,
)

app = typer.Typer(
    help="Turn newsroom manuscripts into EPUB 3 downloads and printable PDF briefs.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich's formatter costs ~0.1 s of imports on every `--help`.
    rich_markup_mode=None,
)


class _OneLine(logging.Formatter):
    """Other libraries' log records (shown with --debug) as one line each."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"{record.name}: {record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def _setup_logging(debug: bool) -> None:
    """Show other libraries' chatter only with --debug; publisher's own warnings are data."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.ERROR)
    # WeasyPrint and fontTools warn about CSS they skip; publisher reports what matters.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.ERROR)


def _fail(error: PublisherError, debug: bool = False) -> typer.Exit:
    if debug:
        cause = error.__cause__ or error.__context__
        detail = error.detail or ("".join(traceback.format_exception(cause)) if cause else "")
        if detail:
            typer.echo(detail.rstrip("\n"), err=True)
    for line in error.lines():
        typer.echo(line, err=True)
    return typer.Exit(error.exit_code)


def _warn(source: Path, warnings: tuple[Diagnostic, ...]) -> None:
    from publisher.progress import warning_lines

    for line in warning_lines(source, warnings):
        typer.echo(line, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"publisher {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Turn newsroom manuscripts into EPUB 3 downloads and printable PDF briefs."""


@app.command()
def build(
    paths: PathsArgument = None,
    formats: FormatOption = None,
    out: OutOption = None,
    pdf_variant: VariantOption = None,
    pdf_duplex: DuplexOption = False,
    strict: StrictOption = False,
    check: CheckOption = False,
    no_ace: NoAceOption = False,
    jobs: JobsOption = None,
    force: ForceOption = False,
    prune: PruneOption = False,
    executor: ExecutorOption = Executor.LOCAL,
    scheduler: SchedulerOption = None,
    no_catalogue: NoCatalogueOption = False,
    debug: DebugOption = False,
) -> None:
    """Build an EPUB and a PDF edition of each manuscript into dist/."""
    from publisher import config as config_module
    from publisher.executors import default_jobs

    _setup_logging(debug)
    try:
        config = config_module.load(
            Path.cwd(),
            out_dir=out.resolve() if out else None,
            debug=debug,
            strict=strict,
            pdf_variant=pdf_variant.value if pdf_variant else None,
            pdf_duplex=True if pdf_duplex else None,
        )
    except PublisherError as e:
        raise _fail(e) from None
    chosen = tuple(dict.fromkeys(f.value for f in formats)) if formats else config.formats
    options = {
        "jobs": jobs or default_jobs(),
        "executor": executor.value,
        "scheduler": scheduler,
        "force": force,
        "prune": prune,
        "catalogue": not no_catalogue,
    }
    results = _run_build(paths or [Path("manuscripts")], config, chosen, options)
    _finish(results, check, not no_ace, debug)


def _run_build(
    paths: list[Path], config: Any, formats: tuple[str, ...], options: dict[str, Any]
) -> list[Any]:
    """The build, a line per edition as it finishes, and the summary line."""
    from publisher import batch
    from publisher.progress import Reporter

    started = time.perf_counter()
    with Reporter(sys.stderr.isatty(), config.debug) as reporter:
        try:
            results = batch.build(paths, config, formats, reporter.report, **options)
        except PublisherError as e:
            raise _fail(e, config.debug) from None
    failed = sum(r.error is not None for r in results)
    unchanged = sum(r.status == "unchanged" for r in results)
    typer.echo(
        f"{len(results) - failed - unchanged} built, {failed} failed, "
        f"{unchanged} unchanged in {time.perf_counter() - started:.1f} s"
    )
    return results


def _finish(results: list[Any], check: bool, ace: bool, debug: bool) -> None:
    """Check what was built if asked; exit with the highest code among the failures."""
    if not results:
        from publisher.readers import READERS

        typer.echo(f"no manuscripts found ({', '.join(sorted(READERS))})", err=True)
        raise typer.Exit(4)
    checked = True
    if check:
        from publisher.checks import CHECKS

        # A format with no checks yet (its module not registered) is built, not checked.
        checked = _check([p for r in results for p in r.outputs if p.suffix in CHECKS], ace, debug)
    failed = [r.error for r in results if r.error is not None]
    if failed:
        raise typer.Exit(max(e.exit_code for e in failed))
    raise typer.Exit(EXIT_OK if checked else EXIT_CHECK)


def _check(paths: list[Path], ace: bool = True, debug: bool = False) -> bool:
    """Check editions, print a verdict line per file (details on stderr); True if all pass."""
    from publisher import checks
    from publisher.checks.result import CheckOptions

    try:
        results = checks.check(paths, CheckOptions(ace=ace))
    except PublisherError as e:
        raise _fail(e, debug) from None
    for result in results:
        shown = _shown(result.path)
        typer.echo(checks.summary_line(result, shown))
        for error in result.errors:
            typer.echo(f"{shown}: error: {error}", err=True)
        for warning in result.warnings:
            typer.echo(f"{shown}: warning: {warning}", err=True)
    failed = sum(not r.ok for r in results)
    typer.echo(f"{len(results) - failed} ok, {failed} failed")
    return failed == 0


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Built editions (.epub, .pdf), or folders searched for them."),
    ],
    no_ace: NoAceOption = False,
    debug: DebugOption = False,
) -> None:
    """Check built editions: EPUBCheck and DAISY Ace for EPUBs; the PDF checks for PDFs."""
    from publisher import checks

    _setup_logging(debug)
    files, refused = checks.collect(paths)
    if not files and not refused:
        typer.echo(f"no editions found ({', '.join(sorted(checks.CHECKS))})", err=True)
        raise typer.Exit(EXIT_CHECK)
    raise typer.Exit(EXIT_OK if _check(paths, not no_ace, debug) else EXIT_CHECK)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- publisher serve (issue 14) ---------------------------------------------------------------
@app.command()
def serve(
    paths: PathsArgument = None,
    formats: FormatOption = None,
    out: OutOption = None,
    port: PortOption = 8000,
    host: HostOption = "127.0.0.1",
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Build, serve dist/ with a preview of each edition, and rebuild on every change."""
    from publisher import config as config_module
    from publisher import serve as serve_module
    from publisher.executors import default_jobs

    _setup_logging(debug)

    def load() -> config_module.BuildConfig:
        return config_module.load(
            Path.cwd(), out_dir=out.resolve() if out else None, debug=debug, strict=strict
        )

    def say(text: str, error: bool) -> None:
        typer.echo(text, err=error)

    chosen = tuple(dict.fromkeys(f.value for f in formats)) if formats else None
    try:
        serve_module.run(
            paths or [Path("manuscripts")], load, chosen, host, port, say, jobs=default_jobs()
        )
    except PublisherError as e:
        raise _fail(e) from None
    typer.echo("stopped serving")


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="A manuscript (.txt, .md, .html, .docx).")],
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Print the prepared document model of a manuscript as JSON."""
    from publisher import config as config_module
    from publisher import pipeline
    from publisher.diagnostics import Diagnostics
    from publisher.model import edition_to_json

    _setup_logging(debug)
    diagnostics = Diagnostics()
    try:
        config = config_module.load(Path.cwd(), debug=debug, strict=strict)
        prepared = pipeline.prepare(file, config, diagnostics)
    except PublisherError as e:
        _warn(file, tuple(diagnostics.items))
        raise _fail(e) from None
    _warn(file, tuple(prepared.diagnostics.items))
    sys.stdout.write(edition_to_json(prepared.edition))


_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _main() -> int:
    """Run the CLI; usage errors are one line, like every other error (exit 2). The exit code."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as e:  # typer's own click: usage errors and bad parameters
        ctx = getattr(e, "ctx", None)
        where = ctx.command_path if ctx is not None else "publisher"
        message = (e.format_message() if hasattr(e, "format_message") else str(e)).rstrip(".")
        sys.stderr.write(f"{where}: {message}; see '{where} --help'\n")
        return int(getattr(e, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt):
        code = _INTERRUPTED
    if code == _INTERRUPTED:  # typer turns Ctrl-C into exit code 130 without a word
        sys.stderr.write("publisher: interrupted; finished editions are kept, none half-written\n")
    return code if isinstance(code, int) else 0


def main() -> None:
    """The `publisher` command. It ends without tearing every module down, which costs a short
    build a sixth of its time (50 ms, most of it freeing the language models and stoplists):
    what must happen at exit still does, as atexit's handlers run (logging's flush, the
    worker pools' shutdown, WeasyPrint's temporary fonts) and the output is flushed. Under a
    profiler or a coverage tracer it exits as usual, so that they can write what they saw."""
    collector.command()
    code = _main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`publisher inspect X | head`)
            code = code or 1
    os._exit(code)
