"""Checks built editions with the validators of their format, one verdict per file.

A format's module exposes one function, `check_many(paths) -> list[FileResult]`, that checks
a whole batch at once (a folder costs one validator start, not one per file) and returns a
result for each path in the order given; `CHECKS` maps a file suffix to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from publisher.checks import epub, pdf
from publisher.checks.result import CheckOptions, FileResult

CheckMany = Callable[[list[Path], CheckOptions | None], list[FileResult]]
Require = Callable[[CheckOptions], None]

CHECKS: dict[str, CheckMany] = {
    ".epub": epub.check_many,
    ".pdf": pdf.check_many,
}
# What each format's checks need of the machine: raises a one-line EnvironmentFault.
REQUIRE: dict[str, Require] = {".epub": epub.require, ".pdf": pdf.require}


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """The editions to check (files named, or found in folders), and what cannot be checked."""
    found: list[Path] = []
    refused: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in CHECKS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif not path.exists():
            refused.append(FileResult(path, ("no such file or folder",), summary="not checked"))
        elif path.suffix.lower() not in CHECKS:
            kinds = ", ".join(sorted(CHECKS))
            refused.append(
                FileResult(
                    path, (f"not an edition publisher checks ({kinds})",), summary="not checked"
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found)), refused


def check(paths: Iterable[Path], options: CheckOptions | None = None) -> list[FileResult]:
    """Every edition's verdict: each format's validators run once over all its files.

    A validator the machine lacks (Java, EPUBCheck, Ace, Chromium) is one EnvironmentFault
    before anything runs, not a failure of every file.
    """
    options = options or CheckOptions()
    files, refused = collect(paths)
    batches = {suffix: [p for p in files if p.suffix.lower() == suffix] for suffix in CHECKS}
    for suffix, batch in batches.items():
        if batch and suffix in REQUIRE:
            REQUIRE[suffix](options)
    verdicts: dict[Path, FileResult] = {}
    for suffix, batch in batches.items():
        if batch:
            verdicts.update((r.path, r) for r in CHECKS[suffix](batch, options))
    return refused + [verdicts[p] for p in files]


def summary_line(result: FileResult, shown: str) -> str:
    """`dist/x.epub: ok (EPUBCheck 0 errors, 0 warnings; Ace 0 violations)`."""
    verdict = "ok" if result.ok else "FAILED"
    return f"{shown}: {verdict} ({result.summary})" if result.summary else f"{shown}: {verdict}"
