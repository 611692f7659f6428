"""The errors publisher reports to a user as one line, and the exit code of each kind."""

from __future__ import annotations

from pathlib import Path

# Documented in README.md ("Exit codes"); typer itself exits 2 on a usage error.
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_MANUSCRIPT = 4
EXIT_RENDER = 5
EXIT_CHECK = 6  # `publisher check`: an edition failed its checks or could not be checked


class PublisherError(Exception):
    """A problem the user can fix; prints as `where[:line]: message`."""

    exit_code = EXIT_MANUSCRIPT

    def __init__(self, message: str, where: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.line = line

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Errors travel back from worker processes; keep where they happened.
        return (type(self), (self.message, self.where, self.line))

    def __str__(self) -> str:
        if self.where is None:
            return self.message
        place = str(self.where) if self.line is None else f"{self.where}:{self.line}"
        return f"{place}: {self.message}"


class ConfigError(PublisherError):
    exit_code = EXIT_CONFIG


class ManuscriptError(PublisherError):
    exit_code = EXIT_MANUSCRIPT


class RenderError(PublisherError):
    exit_code = EXIT_RENDER
