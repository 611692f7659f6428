"""Shows a build's progress: a bar on a terminal, plain lines anywhere else."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from publisher.batch import Result
from publisher.diagnostics import Diagnostic


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def line(result: Result, debug: bool = False) -> str:
    if result.error is not None:
        detail = result.error.detail if debug and result.error.detail else ""
        return detail + "\n".join(result.error.lines())
    verb = "unchanged" if result.status == "unchanged" else "built"
    return f"{verb} {', '.join(_shown(p) for p in result.outputs)}"


def warning_lines(source: Path, warnings: tuple[Diagnostic, ...]) -> list[str]:
    """`path: warning: topic: message`, one line per warning, the file named once per line."""
    shown = _shown(source)
    return [f"{shown}: warning: {w.text()}" for w in warnings]


class Reporter:
    """Reports each manuscript as it finishes; errors always go to stderr as one line."""

    def __init__(self, terminal: bool, debug: bool = False):
        self.terminal = terminal
        self.debug = debug
        self.progress: Any = None
        self.task: Any = None
        self.done = 0

    def __enter__(self) -> Reporter:
        if self.terminal:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(
                TextColumn("building"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("", total=None)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def report(self, result: Result) -> None:
        self.done += 1
        text = line(result, self.debug)
        notes = warning_lines(result.source, result.warnings)
        if self.progress is not None:
            self.progress.update(self.task, completed=self.done, description=result.source.name)
            for shown in [*notes, text] if result.error is not None else notes:
                self.progress.console.print(shown, markup=False, highlight=False)
            return
        for note in notes:
            print(note, file=sys.stderr, flush=True)  # the CLI's own output
        stream = sys.stderr if result.error is not None else sys.stdout
        print(text, file=stream, flush=True)
