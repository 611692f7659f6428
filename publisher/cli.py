"""The `publisher` command: thin typer commands over the pipeline, errors as exit codes."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from publisher import __version__
from publisher.errors import EXIT_OK, PublisherError

app = typer.Typer(
    help="Turn newsroom manuscripts into EPUB 3 downloads and printable PDF briefs.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = f"{record.levelname.lower()}: {record.getMessage()}"
        source = getattr(record, "source", None)
        if source is not None:
            text = f"{source}: {text}"
        if record.exc_info and logging.getLogger().level <= logging.DEBUG:
            text += "\n" + self.formatException(record.exc_info)
        return text


def _setup_logging(debug: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    # WeasyPrint and fontTools chatter about CSS they skip; our own warnings are what matter.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.ERROR)


def _fail(error: PublisherError) -> typer.Exit:
    typer.echo(str(error), err=True)
    return typer.Exit(error.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"publisher {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Turn newsroom manuscripts into EPUB 3 downloads and printable PDF briefs."""


DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")]
StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Fail a manuscript when reading it raised a warning.")]


@app.command()
def build(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Manuscript files or folders [default: manuscripts/].", show_default=False)] = None,
    formats: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help="epub or pdf; repeat for both [default: both].",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder [default: dist/].",
                                             show_default=False)] = None,
    pdf_variant: Annotated[str | None, typer.Option(
        "--pdf-variant", metavar="VARIANT",
        help="pdf/ua-1 (tagged, accessible; the default), pdf/a-3b (archival) or none; "
             "overrides pdf_variant in pyproject.toml.",
        show_default=False)] = None,
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Build an EPUB and a PDF edition of each manuscript into dist/."""
    from publisher import config as config_module
    from publisher import pipeline

    _setup_logging(debug)
    chosen = tuple(dict.fromkeys(f.lower() for f in formats)) if formats else config_module.FORMATS
    unknown = [f for f in chosen if f not in config_module.FORMATS]
    if unknown:
        typer.echo(f"--format: unknown format {unknown[0]!r}; use epub or pdf", err=True)
        raise typer.Exit(2)
    if pdf_variant is not None and pdf_variant.lower() not in config_module.PDF_VARIANTS:
        typer.echo(f"--pdf-variant: unknown variant {pdf_variant!r}; use "
                   f"{', '.join(config_module.PDF_VARIANTS)}", err=True)
        raise typer.Exit(2)
    try:
        config = config_module.load(Path.cwd(), out_dir=out.resolve() if out else None,
                                    formats=chosen, debug=debug, strict=strict,
                                    pdf_variant=pdf_variant.lower() if pdf_variant else None)
    except PublisherError as e:
        raise _fail(e) from None

    def report(result: pipeline.Result) -> None:
        if result.error is not None:
            typer.echo(str(result.error), err=True)
        else:
            shown = ", ".join(_shown(p) for p in result.outputs)
            typer.echo(f"built {shown}")

    results = pipeline.build(paths or [Path("manuscripts")], config, chosen, report)
    failed = [r for r in results if r.error is not None]
    typer.echo(f"{len(results) - len(failed)} built, {len(failed)} failed")
    if not results:
        typer.echo("no manuscripts found (.txt, .md)", err=True)
        raise typer.Exit(4)
    if failed:
        raise typer.Exit(max(r.error.exit_code for r in failed if r.error is not None))
    raise typer.Exit(EXIT_OK)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="A manuscript (.txt or .md).")],
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Print the prepared document model of a manuscript as JSON."""
    from publisher import config as config_module
    from publisher import pipeline
    from publisher.model import to_json

    _setup_logging(debug)
    try:
        config = config_module.load(Path.cwd(), debug=debug, strict=strict)
        doc = pipeline.prepare(file, config)
    except PublisherError as e:
        raise _fail(e) from None
    sys.stdout.write(to_json(doc))


def main() -> None:
    """Run the CLI; usage errors are one line, like every other error (exit 2)."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as e:  # typer's own click: usage errors and bad parameters
        ctx = getattr(e, "ctx", None)
        where = ctx.command_path if ctx is not None else "publisher"
        message = (e.format_message() if hasattr(e, "format_message") else str(e)).rstrip(".")
        sys.stderr.write(f"{where}: {message}; see '{where} --help'\n")
        sys.exit(getattr(e, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("publisher: interrupted; finished editions are kept, none half-written\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
