"""The command line's options: their flags, help texts and choices, shared by the commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from publisher.config import Format, PdfVariant


class Executor(StrEnum):
    LOCAL = "local"
    DASK = "dask"


DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Fail a manuscript when reading it raised a warning.")
]


PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="PATHS",
        help="Manuscript files or folders [default: manuscripts/].",
        show_default=False,
    ),
]
FormatOption = Annotated[
    list[Format] | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        metavar="epub|pdf",
        help="epub or pdf; repeat for both [default: formats in pyproject.toml, or both].",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Output folder [default: dist/].", show_default=False),
]
VariantOption = Annotated[
    PdfVariant | None,
    typer.Option(
        "--pdf-variant",
        case_sensitive=False,
        metavar="pdf/ua-1|pdf/a-3b|none",
        help="pdf/ua-1 (tagged, accessible; the default), pdf/a-3b (archival) or none; "
        "overrides pdf_variant in pyproject.toml.",
        show_default=False,
    ),
]
DuplexOption = Annotated[
    bool,
    typer.Option(
        "--pdf-duplex",
        help="Print on both sides: each article of a brief starts on a right-hand "
        "page (pdf_duplex in pyproject.toml).",
    ),
]
NoAceOption = Annotated[
    bool,
    typer.Option(
        "--no-ace", help="Check EPUBs with EPUBCheck only, where DAISY Ace is not installed."
    ),
]
CheckOption = Annotated[
    bool, typer.Option("--check", help="Then check what was built, as `publisher check` does.")
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Processes to build with [default: the CPU count].",
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Rebuild every edition, changed or not.")
]
PruneOption = Annotated[
    bool, typer.Option("--prune", help="Delete editions whose manuscript is gone.")
]
NoCatalogueOption = Annotated[
    bool,
    typer.Option("--no-catalogue", help="Only the editions: no index.html, covers or OPDS feed."),
]
ExecutorOption = Annotated[
    Executor,
    typer.Option(
        "--executor",
        case_sensitive=False,
        metavar="local|dask",
        help="Where the work runs: local processes, or a Dask cluster.",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="The Dask scheduler, e.g. tcp://host:8786.",
        show_default=False,
    ),
]

PortOption = Annotated[
    int, typer.Option("--port", "-p", min=0, max=65535, help="The port to serve on.")
]
HostOption = Annotated[
    str,
    typer.Option(
        "--host",
        help="The interface to serve on; another than 127.0.0.1 opens the preview to the network.",
    ),
]
