"""What a reader is given: a manuscript's bytes, where they came from, and the project folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Source:
    """One manuscript as read from disk (or sent to a worker): the reader decodes it.

    `project_dir` bounds what the manuscript may refer to (pictures beside a saved page, the
    members of a collection): nothing outside it reaches an edition.
    """

    path: Path
    data: bytes
    project_dir: Path

    @property
    def folder(self) -> Path:
        """Where the manuscript's relative references (pictures) start from."""
        return self.path.parent
