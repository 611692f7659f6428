"""Warnings as data: what a stage was unsure of, collected per manuscript and returned with it.

Readers, normalize and the renderers are handed a `Diagnostics` and add to it; the caller
decides what to show (the CLI prints one line each, `--strict` fails the manuscript). Nothing
goes through the logging tree, so a warning cannot be lost, doubled or given the wrong file,
and a worker process returns its warnings with its result like any other value.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One warning: the field or fault it concerns, and what the user can do about it."""

    topic: str  # "title", "authors", "encoding", "fonts"...
    message: str
    line: int | None = None  # in the manuscript, when the warning concerns one line

    def text(self) -> str:
        """`topic: message`, as the CLI prints it after the file's name."""
        return f"{self.topic}: {self.message}"


@dataclass(slots=True)
class Diagnostics:
    """The warnings raised while one edition was prepared and rendered, in order."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, topic: str, message: str, line: int | None = None) -> None:
        item = Diagnostic(topic, message, line)
        if item not in self.items:  # the same doubt twice is one warning
            self.items.append(item)

    def extend(self, other: Diagnostics) -> None:
        for item in other.items:
            self.warn(item.topic, item.message, item.line)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)
