"""What checking one edition found: the verdict every format's checks return."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FileResult:
    """What the checks found in one edition: errors fail it, warnings are shown."""

    path: Path
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # What each validator said, in short: "EPUBCheck 0 errors, 0 warnings; Ace 0 violations".
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What a check run may leave out: DAISY Ace (`--no-ace`) where it is not installed."""

    ace: bool = True
