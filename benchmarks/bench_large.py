"""Large and pathological manuscripts: how long each takes and how much memory, per format.

usage: python benchmarks/bench_large.py   (from the project folder)
Each case runs in a fresh `publisher build` process; its peak memory is the child's max RSS.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = "The council met again on Monday and the talks went on into the night. " * 8
CASES = {
    "article-4mb.txt": lambda: (
        "A Long Archive\n\n"
        + "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(4_000_000 // (len(PARAGRAPH) + 8)))
    ),
    "one-1mb-line.txt": lambda: "One Long Line\n\n" + "word " * 200_000 + "end.",
    "100k-paragraphs.txt": lambda: "Many Paragraphs\n\n" + "\n\n".join(["word."] * 100_000),
    "nested-500.md": lambda: (
        "---\ntitle: Nested\n---\n\n" + "".join("  " * i + "- item\n" for i in range(500))
    ),
}


def run(project: Path, name: str, fmt: str) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "build", name, "-f", fmt, "--force", "-j", "1"],
        cwd=project,
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, done.returncode


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp)
        (project / "pyproject.toml").write_text("[tool.publisher]\n", encoding="utf-8")
        print(f"{'case':<22}{'format':>7}{'seconds':>10}{'peak MiB':>10}{'exit':>6}")
        for name, make in CASES.items():
            (project / name).write_text(make(), encoding="utf-8")
            size = (project / name).stat().st_size / 1e6
            for fmt in ("epub", "pdf"):
                seconds, peak, code = run(project, name, fmt)
                print(f"{name:<22}{fmt:>7}{seconds:>10.1f}{peak:>10.0f}{code:>6}   ({size:.1f} MB)")
    print("peak MiB is the largest child so far (RUSAGE_CHILDREN), so it never goes down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
