"""Time the generated cover: the SVG of outlines against the old Pillow JPEG; print sizes too.

usage: python benchmarks/bench_cover.py [-n N] [--old REV]   (from the project folder)

For each title (English, Persian, Georgian, a long English one): the first cover in a fresh
process (cold: its imports, fonts and glyph outlines included), the median of N covers in a
warm process, and the bytes. "old" is publisher/renderers/cover.py as it was at REV (default:
the last commit that drew the cover with Pillow), read with `git show`, for comparison only;
"resvg300" rasterises the SVG with resvg (when resvg-py is installed), the thumbnail's other
possible way. The cold figures assume the rest of publisher is already imported, as in a build.
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

# Run in a fresh interpreter, as a build worker is when it reaches its first cover: the rest of
# publisher is loaded and a script has been looked up; then import the cover's renderer, draw
# one, and print the seconds the import and the drawing took.
COLD = """
import importlib.util, json, sys, time
from pathlib import Path
from publisher import languages, renderers, styles
house = styles.load(Path.cwd())
languages.script_of("a")
title, authors, publication, language, direction = json.loads(sys.argv[2])
start = time.perf_counter()
if sys.argv[1] in ("svg", "thumb"):
    from publisher.renderers import cover
else:
    spec = importlib.util.spec_from_file_location("old_cover", sys.argv[1])
    cover = importlib.util.module_from_spec(spec)
    sys.modules["old_cover"] = cover
    spec.loader.exec_module(cover)
imported = time.perf_counter()
text = cover.CoverText(title, authors, publication, language)
if sys.argv[1] == "thumb":
    cover.thumbnail(text, direction, house, 300)
else:
    cover.render(text, direction, house)
print(imported - start, time.perf_counter() - imported)
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


def _cold(engine: str, title: Title) -> tuple[float, float]:
    """Seconds to import the renderer, and to draw the first cover, in a fresh process."""
    run = subprocess.run(
        [sys.executable, "-c", COLD, engine, json.dumps(title)],
        capture_output=True,
        text=True,
        check=True,
    )
    imported, drawn = run.stdout.split()
    return float(imported), float(drawn)


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

    engines: list[tuple[str, Draw, str | None]] = [
        ("svg", svg, "svg"),
        ("thumb300", thumb, "thumb"),
    ]
    try:  # the road not taken for thumbnails: rasterising the SVG itself (a test dependency)
        import resvg_py

        def resvg(t: Title) -> bytes:
            return bytes(resvg_py.svg_to_bytes(svg_string=svg(t).decode(), width=300))

        engines.append(("resvg300", resvg, None))
    except ImportError:
        pass
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
    print(
        f"{'title':<6}{'engine':<10}{'import':>8}{'first':>8}{'warm':>8}{'bytes':>9}{'zipped':>9}"
    )
    for name, title in TITLES.items():
        for label, draw, cold_engine in _engines(house, old, old_path):
            cold = " " * 16
            if cold_engine:
                imported, first = _cold(cold_engine, title)
                cold = f"{imported * 1000:8.1f}{first * 1000:8.1f}"
            data = draw(title)
            warm = _warm(draw, title, options.n)
            print(
                f"{name:<6}{label:<10}{cold}{warm * 1000:8.2f}{len(data):9}"
                f"{len(zlib.compress(data, 9)):9}"
            )
    if old is None:
        print(f"(old renderer not found at {options.old}; run inside the git checkout)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
