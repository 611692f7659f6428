"""One article against pandoc: what an editor checking one piece waits for.

usage: python benchmarks/bench_one.py [ROUNDS] [MANUSCRIPT]   (default 7 rounds, the seed)

Each round runs publisher and pandoc back to back (paired, alternating who goes first), as
whole processes, and the medians are compared:
  - EPUB + PDF: `publisher build X` against `pandoc X -o x.epub` then
    `pandoc X --pdf-engine=weasyprint -o x.pdf` (the weasyprint command beside this Python);
  - EPUB only: `publisher build X -f epub` against `pandoc X -o x.epub`;
  - a warm rebuild of the article after an edit, both formats, in one long-lived process
    (what `publisher serve` does), and `publisher --help`.
Targets (issue 16): EPUB+PDF ratio <= 1.0 (goal 0.8), EPUB only <= 0.25 s, warm rebuild
<= 0.3 s, --help < 0.15 s. Prints a table; asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISHER = [sys.executable, "-m", "publisher"]
ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1700000000",
    "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
}


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def paired(
    ours: list[str], theirs: list[list[str]] | None, cwd: Path, rounds: int
) -> tuple[list[float], list[float]]:
    """Both sides each round, the order swapped every other round."""
    mine: list[float] = []
    other: list[float] = []
    for n in range(rounds):

        def run_ours() -> None:
            mine.append(timed(ours, cwd))

        def run_theirs() -> None:
            if theirs:
                other.append(sum(timed(c, cwd) for c in theirs))

        for step in (run_ours, run_theirs) if n % 2 else (run_theirs, run_ours):
            step()
    return mine, other


def warm_rebuild(folder: Path, name: str, rounds: int) -> float:
    """Median seconds to rebuild one edited article, both formats, in a warm process."""
    os.chdir(folder)
    from publisher import batch
    from publisher import config as config_module

    source = folder / name
    original = source.read_text(encoding="utf-8")
    config = config_module.load(folder, out_dir=folder / "warm")
    batch.build([source], config, ("epub", "pdf"), jobs=1)  # the first build: cold
    spent = []
    for n in range(rounds):
        source.write_text(original.replace("\n", f" (edit {n})\n", 1), encoding="utf-8")
        started = time.perf_counter()
        [result] = batch.build([source], config, ("epub", "pdf"), jobs=1)
        spent.append(time.perf_counter() - started)
        assert result.status == "built", result
    source.write_text(original, encoding="utf-8")
    return statistics.median(spent)


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    sample = (
        Path(sys.argv[2])
        if len(sys.argv) > 2
        else ROOT / "manuscripts" / "000_7ffa8be738bcf72b.txt"
    )
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "pyproject.toml").write_text(
            '[tool.publisher]\npublication = "The Opinion Desk"\nlanguage = "en"\n'
        )
        name = f"article{sample.suffix}"
        shutil.copy(sample, folder / name)
        if (sample.parent / "images").is_dir():
            shutil.copytree(sample.parent / "images", folder / "images")
        # pandoc reads .txt as Markdown, as a desk without publisher would give it.
        theirs_epub = [[pandoc, name, "-f", "markdown", "-o", "x.epub"]] if pandoc else None
        theirs_pdf = (
            [[pandoc, name, "-f", "markdown", "--pdf-engine=weasyprint", "-o", "x.pdf"]]
            if pandoc
            else []
        )
        both, pandoc_both = paired(
            [*PUBLISHER, "build", name, "--force"],
            (theirs_epub or []) + theirs_pdf if pandoc else None,
            folder,
            rounds,
        )
        epub, pandoc_epub = paired(
            [*PUBLISHER, "build", name, "-f", "epub", "--force"], theirs_epub, folder, rounds
        )
        helps = [timed([*PUBLISHER, "--help"], folder) for _ in range(rounds)]
        python = min(timed([sys.executable, "-c", "pass"], folder) for _ in range(rounds))
        warm = warm_rebuild(folder, name, rounds)

    def line(label: str, value: float, note: str = "") -> None:
        print(f"{label:<46}{value:>9.3f} s  {note}")

    print(f"{sample.name}, {rounds} paired rounds, medians; {os.cpu_count()} cores")
    line("python -c pass (interpreter start, min)", python)
    line("publisher --help", statistics.median(helps), "target < 0.15 s")
    line("publisher, EPUB only", statistics.median(epub), "target <= 0.25 s")
    if pandoc_epub:
        line("pandoc, EPUB only", statistics.median(pandoc_epub))
    line("publisher, EPUB + PDF", statistics.median(both))
    if pandoc_both:
        ratio = statistics.median(both) / statistics.median(pandoc_both)
        line(
            "pandoc, EPUB + PDF (weasyprint engine)",
            statistics.median(pandoc_both),
            f"ratio publisher/pandoc {ratio:.2f} (target <= 1.0, goal 0.8)",
        )
    else:
        print("pandoc not installed (apt-get install pandoc): no comparison")
    line("warm rebuild of one edited article, EPUB+PDF", warm, "target <= 0.3 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
