"""Time the generated cover: the SVG of outlines against the old Pillow JPEG; print sizes too.

usage: python benchmarks/bench_cover.py [-n N] [--old REV]   (from the project folder)

For each title (English, Persian, Georgian, a long English one): the first cover in a fresh
process (cold: its imports, fonts and glyph outlines included), the median of N covers in a
warm process, and the bytes. "old" is publisher/renderers/cover.py as it was at REV (default:
the last commit that drew the cover with Pillow), read with `git show`, for comparison only.
Measured, never asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from publisher import styles
from publisher.renderers import cover
from publisher.styles import StyleSet

Title = tuple[str, str, str | None, str, str]  # title, authors, publication, language, dir
Draw = Callable[[Title], bytes]
OLD_REV = "56fb658"  # the Pillow + libraqm JPEG cover
TITLES: dict[str, Title] = {
    "en": ("Keep the Transmitters On", "Nadia Rahimi", "The Opinion Desk", "en", "ltr"),
    "fa": (
        "چرا رسانه‌ها هنوز به موج کوتاه نیاز دارند",
        "نادیا رحیمی و John Smith",
        "میز دیدگاه",
        "fa",
        "rtl",
    ),
    "ka": ("მოკლე ტალღის რადიო კვლავ საჭიროა", "ნინო ბერიძე", "ამერიკის ხმა", "ka", "ltr"),
    "long": (
        "Khamenei’s ‘No To Talks With U.S.’, Sign Of Authority Or Lack Of "
        "Self-Confidence? A Very Long Headline Indeed",
        "A, B and C",
        None,
        "en",
        "ltr",
    ),
}

# Run in a fresh interpreter: import the renderer, draw one cover, print the seconds it took.
COLD = """
import importlib.util, json, sys, time
from pathlib import Path
from publisher import styles
house = styles.load(Path.cwd())
title, authors, publication, language, direction = json.loads(sys.argv[2])
start = time.perf_counter()
if sys.argv[1] == "new":
    from publisher.renderers import cover
from publisher.styles import StyleSet
else:
    spec = importlib.util.spec_from_file_location("old_cover", sys.argv[1])
    cover = importlib.util.module_from_spec(spec)
    sys.modules["old_cover"] = cover
    spec.loader.exec_module(cover)
cover.render(cover.CoverText(title, authors, publication, language), direction, house)
print(time.perf_counter() - start)
"""


def _old_source(rev: str) -> Path | None:
    """The old renderer's file, from git; None when the revision is not there."""
    shown = subprocess.run(
        ["git", "show", f"{rev}:publisher/renderers/cover.py"],
        capture_output=True,
        text=True,
        check=False,
    )
    if shown.returncode != 0:
        return None
    path = Path(tempfile.mkdtemp()) / "old_cover.py"
    path.write_text(shown.stdout, encoding="utf-8")
    return path


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("old_cover", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_cover"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _cold(engine: str, title: Title) -> float:
    run = subprocess.run(
        [sys.executable, "-c", COLD, engine, json.dumps(title)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(run.stdout.strip())


def _warm(draw: Draw, title: Title, rounds: int) -> float:
    draw(title)  # the first one is the cold one, timed apart
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        draw(title)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _engines(
    house: StyleSet, old: ModuleType | None, old_path: Path | None
) -> list[tuple[str, Draw, str | None]]:
    """(label, how it draws a title, what the cold run loads) of each way of drawing."""

    def svg(t: Title) -> bytes:
        return cover.render(cover.CoverText(*t[:4]), t[4], house)

    def thumb(t: Title) -> bytes:
        return cover.thumbnail(cover.CoverText(*t[:4]), t[4], house, 300)

    engines: list[tuple[str, Draw, str | None]] = [("svg", svg, "new"), ("thumb300", thumb, None)]
    if old is not None and old_path is not None:

        def jpeg(t: Title) -> bytes:
            return bytes(old.render(old.CoverText(*t[:4]), t[4], house))

        engines.append(("old jpeg", jpeg, str(old_path)))
    return engines


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="warm covers per title (median)")
    parser.add_argument("--old", default=OLD_REV, help="git revision of the old renderer")
    options = parser.parse_args()
    house = styles.load(Path.cwd())
    old_path = _old_source(options.old)
    old = _load(old_path) if old_path else None
    print(
        f"cover timings (ms) and sizes (bytes); warm = median of {options.n}; "
        "zipped = deflated, as in the EPUB"
    )
    print(f"{'title':<6}{'engine':<10}{'cold':>9}{'warm':>9}{'bytes':>9}{'zipped':>9}")
    for name, title in TITLES.items():
        for label, draw, cold_engine in _engines(house, old, old_path):
            cold = f"{_cold(cold_engine, title) * 1000:9.1f}" if cold_engine else " " * 9
            data = draw(title)
            warm = _warm(draw, title, options.n)
            print(
                f"{name:<6}{label:<10}{cold}{warm * 1000:9.2f}{len(data):9}"
                f"{len(zlib.compress(data, 9)):9}"
            )
    if old is None:
        print(f"(old renderer not found at {options.old}; run inside the git checkout)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
