"""Shows a build's progress: a bar on a terminal, plain lines anywhere else."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from publisher.pipeline import Result


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def line(result: Result) -> str:
    if result.error is not None:
        return str(result.error)
    verb = "unchanged" if result.status == "unchanged" else "built"
    return f"{verb} {', '.join(_shown(p) for p in result.outputs)}"


class Reporter:
    """Reports each manuscript as it finishes; errors always go to stderr as one line."""

    def __init__(self, terminal: bool):
        self.terminal = terminal
        self.progress: Any = None
        self.task: Any = None
        self.done = 0

    def __enter__(self) -> Reporter:
        if self.terminal:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.description}"),
                                     console=Console(stderr=True), transient=True)
            self.progress.start()
            self.task = self.progress.add_task("", total=None)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.progress is not None:
            self.progress.stop()

    def report(self, result: Result) -> None:
        self.done += 1
        text = line(result)
        if self.progress is not None:
            self.progress.update(self.task, completed=self.done, description=result.source.name)
            if result.error is not None:
                self.progress.console.print(text, markup=False, highlight=False)
            return
        stream = sys.stderr if result.error is not None else sys.stdout
        print(text, file=stream, flush=True)  # the CLI's own output
