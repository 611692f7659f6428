"""A 20-article brief against its 20 single editions: time and peak memory, EPUB and PDF.

usage: python benchmarks/bench_collection.py [N]   (N articles, default 20)
Each measure runs in a fresh process (`publisher build --force`), so imports are counted as an
editor would wait for them; peak memory is the child's max RSS. Measured, never asserted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = [
    REPO / "manuscripts" / "keep-the-transmitters-on.md",
    REPO / "manuscripts" / "000_7ffa8be738bcf72b.txt",
    *sorted((REPO / "tests" / "fixtures" / "corpus").glob("0*.txt")),
]


def _project(root: Path, n: int) -> list[str]:
    (root / "manuscripts").mkdir(parents=True)
    shutil.copytree(REPO / "manuscripts" / "images", root / "manuscripts" / "images")
    (root / "pyproject.toml").write_text('[tool.publisher]\npublication = "Bench Desk"\n')
    names = []
    for i in range(n):
        sample = SAMPLES[i % len(SAMPLES)]
        name = f"a{i:02d}{sample.suffix}"
        shutil.copy(sample, root / "manuscripts" / name)
        names.append(name)
    listed = "\n".join(f"  - {name}" for name in names)
    (root / "brief.collection.yaml").write_text(
        f"title: The Bench Brief\neditors: [Jane Doe]\ndate: 2024-03-18\n"
        f"articles:\n{listed}\n".replace("  - a", "  - manuscripts/a")
    )
    return names


def _run(root: Path, *paths: str, force: bool = True) -> tuple[float, float]:
    """Wall seconds and the child's peak memory (MiB) of one build."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "publisher",
            "build",
            *paths,
            "--jobs",
            "1",
            *(["--force"] if force else []),
            "--out",
            str(root / "dist"),
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest yet
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"build of {paths} failed ({child.returncode})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        names = _project(root, n)
        singles = [_run(root, f"manuscripts/{name}") for name in names]
        one_pass = _run(root, "manuscripts")
        # The members are fresh now: only the brief itself is built.
        brief = _run(root, "brief.collection.yaml", force=False)
        pages = subprocess.run(
            ["pdfinfo", str(root / "dist" / "brief.pdf")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    print(f"{n}-article brief, EPUB + PDF, one process per build, --jobs 1")
    print(f"{'measure':<44}{'seconds':>10}{'peak MiB':>10}")
    print(
        f"{'sum of ' + str(n) + ' single editions (a process each)':<44}"
        f"{sum(w for w, _ in singles):>10.2f}{max(p for _, p in singles):>10.0f}"
    )
    print(
        f"{'all ' + str(n) + ' singles in one build':<44}{one_pass[0]:>10.2f}{one_pass[1]:>10.0f}"
    )
    print(f"{'the brief alone (members fresh)':<44}{brief[0]:>10.2f}{brief[1]:>10.0f}")
    print(next(line for line in pages.splitlines() if line.startswith("Pages:")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
