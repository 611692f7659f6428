"""The errors publisher reports to a user as one line, and the exit code of each kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Documented in README.md ("Exit codes"); typer itself exits 2 on a usage error.
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_MANUSCRIPT = 4
EXIT_RENDER = 5
EXIT_CHECK = 6  # `publisher check`: an edition failed its checks or could not be checked
EXIT_ENVIRONMENT = 7  # the machine, not the manuscript: disk full, worker killed, tool missing
EXIT_BUG = 70  # a bug in publisher (EX_SOFTWARE): its traceback is printed; please report it


def _shown(where: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    if isinstance(where, Path) and where.is_absolute():
        try:
            return str(where.relative_to(Path.cwd()))
        except ValueError:
            pass
    return str(where)


class PublisherError(Exception):
    """A problem the user can fix; prints as `where[:line]: message`."""

    exit_code = EXIT_MANUSCRIPT

    def __init__(self, message: str, where: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.line = line
        self.detail: str | None = None  # the traceback behind it, shown with --debug

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors travel back from worker processes; keep where they happened and why.
        return (type(self), (self.message, self.where, self.line), {"detail": self.detail})

    def lines(self) -> list[str]:
        """How the error prints: one line (several for an error that gathers others)."""
        return [str(self)]

    def __str__(self) -> str:
        if self.where is None:
            return self.message
        where = _shown(self.where)
        place = where if self.line is None else f"{where}:{self.line}"
        return f"{place}: {self.message}"


class ConfigError(PublisherError):
    exit_code = EXIT_CONFIG


class ManuscriptError(PublisherError):
    exit_code = EXIT_MANUSCRIPT


class RenderError(PublisherError):
    exit_code = EXIT_RENDER


class ConfigErrors(ConfigError):
    """Every mistake found in a config at once, so one fix-and-rerun fixes them all."""

    def __init__(self, errors: list[ConfigError]):
        super().__init__("; ".join(e.message for e in errors), errors[0].where)
        self.errors = errors

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,), {"detail": self.detail})

    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]


class EnvironmentFault(PublisherError):
    """A fault of the machine, not of the manuscript: the disk, a worker, a missing tool."""

    exit_code = EXIT_ENVIRONMENT


class Bug(PublisherError):
    """An error publisher did not expect: a bug. It carries its traceback to be shown."""

    exit_code = EXIT_BUG

    def __init__(self, report: str, where: Path | str | None = None, line: int | None = None):
        last = report.strip().splitlines()[-1] if report.strip() else "unknown error"
        super().__init__(
            f"internal error ({last}); this is a bug in publisher, please report "
            "it with the traceback above",
            where,
            line,
        )
        self.report = report

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.report, self.where, self.line), {"detail": self.detail})

    def lines(self) -> list[str]:
        return [*self.report.rstrip("\n").splitlines(), str(self)]
