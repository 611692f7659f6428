"""Time the scraped-page reader on every corpus page; print per-page timings (median, p95).

usage: python benchmarks/bench_reader.py [ROUNDS] [FOLDER ...]
The folders default to the test fixtures (both corpora, the development pages, the seed).
The first read in a process also loads the stopword list, CLD3 and the calendars' month
names; it is printed on its own. The steady state is every later read, ROUNDS times over
(default 20). Measured, never asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from publisher.readers import text

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
FOLDERS = [FIXTURES / name for name in ("corpus", "corpus2", "devpages", "seed")]


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    folders = [Path(a) for a in sys.argv[2:]] or FOLDERS
    pages = sorted(p for folder in folders for p in folder.glob("*.txt"))
    if not pages:
        sys.exit("no .txt pages in " + ", ".join(map(str, folders)))
    sources = [(p, p.read_text(encoding="utf-8")) for p in pages]
    t0 = time.perf_counter()
    text.read(sources[0][1], sources[0][0])
    first = time.perf_counter() - t0
    timings: dict[Path, list[float]] = {p: [] for p, _ in sources}
    for _ in range(rounds):
        for path, content in sources:
            t0 = time.perf_counter()
            text.read(content, path)
            timings[path].append(time.perf_counter() - t0)
    per_page = sorted(statistics.median(v) * 1000 for v in timings.values())
    p95 = per_page[min(len(per_page) - 1, round(0.95 * (len(per_page) - 1)))]
    slowest = max(timings, key=lambda p: statistics.median(timings[p]))
    size = statistics.median(len(c) for _, c in sources)
    print(f"{len(pages)} pages (median {size:.0f} characters) x {rounds} rounds")
    print(f"first read in the process (loads lists and models): {first * 1000:.1f} ms")
    print(
        f"per page: median {statistics.median(per_page):.1f} ms, p95 {p95:.1f} ms, "
        f"max {per_page[-1]:.1f} ms ({slowest.name})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
