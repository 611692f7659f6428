"""`publisher serve`: how long an edit takes to show, and what the catalogue costs a build.

usage: python benchmarks/bench_serve.py [N]   (N articles in the project, default 20)
Runs the real command (`python -m publisher serve --port 0`) and edits one article's title
five times, timing from the write to the new title in its preview over HTTP, and to the end
of the rebuild (EPUB, then PDF). Then times writing the catalogue of the N editions, first
with every thumbnail to make, then with nothing changed. Measured, never asserted.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = [
    REPO / "manuscripts" / "keep-the-transmitters-on.md",
    REPO / "manuscripts" / "000_7ffa8be738bcf72b.txt",
    *sorted((REPO / "tests" / "fixtures" / "corpus").glob("0*.txt")),
]


def _project(root: Path, n: int) -> Path:
    (root / "manuscripts").mkdir(parents=True)
    shutil.copytree(REPO / "manuscripts" / "images", root / "manuscripts" / "images")
    (root / "pyproject.toml").write_text('[tool.publisher]\npublication = "Bench Desk"\n')
    for i in range(n):
        sample = SAMPLES[i % len(SAMPLES)]
        shutil.copy(sample, root / "manuscripts" / f"a{i:02d}{sample.suffix}")
    return root / "manuscripts" / "a00.md"


def _get(port: int, path: str) -> str:
    for _ in range(3):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        if response.status != 301:
            return body
        path = response.getheader("Location") or "/"
    return body


def _serve_figures(root: Path, article: Path) -> tuple[float, list[float], list[float]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", "--port", "0"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(
        target=lambda: lines.extend(iter(process.stdout.readline, "")),  # type: ignore[union-attr]
        daemon=True,
    ).start()

    def wait(pattern: str, after: int) -> None:
        while not any(re.search(pattern, line) for line in lines[after:]):
            time.sleep(0.01)

    wait(r"rebuilt in", 0)
    first = time.perf_counter() - started
    port = int(next(re.search(r":(\d+)/", x).group(1) for x in lines if "serving" in x))  # type: ignore[union-attr]
    shown, done = [], []
    try:
        for n in range(5):
            title = f"Transmitters, take {n}"
            mark = len(lines)
            text = article.read_text(encoding="utf-8")
            article.write_text(
                re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8"
            )
            edited = time.perf_counter()
            while title not in _get(port, "/preview/a00/"):
                time.sleep(0.01)
            shown.append(time.perf_counter() - edited)
            wait(r"rebuilt in", mark)
            done.append(time.perf_counter() - edited)
    finally:
        process.terminate()
        process.wait(timeout=20)
    return first, shown, done


def _catalogue_figures(root: Path) -> tuple[float, float, int]:
    sys.path.insert(0, str(REPO))
    from publisher import catalogue, styles
    from publisher import config as config_module

    config = config_module.load(root)
    house = styles.load(root)
    shutil.rmtree(config.out_dir / "covers")
    started = time.perf_counter()
    catalogue.write(config, house)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    catalogue.write(config, house)
    return cold, time.perf_counter() - started, len(list((config.out_dir / "covers").glob("*")))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        root = Path(folder)
        article = _project(root, n)
        first, shown, done = _serve_figures(root, article)
        cold, warm, files = _catalogue_figures(root)
    print(f"publisher serve, {n} articles (EPUB and PDF), 5 edits of one article's title")
    print(f"  first build, then serving           {first:6.2f} s")
    print(
        f"  edit -> new title in its preview    {statistics.median(shown):6.2f} s median "
        f"({min(shown):.2f}-{max(shown):.2f})"
    )
    print(
        f"  edit -> rebuild done (EPUB + PDF)   {statistics.median(done):6.2f} s median "
        f"({min(done):.2f}-{max(done):.2f})"
    )
    print(f"catalogue of {n} editions (index.html, {files} cover files, OPDS feeds)")
    print(f"  every thumbnail to make             {cold:6.3f} s")
    print(f"  nothing changed                     {warm:6.3f} s")


if __name__ == "__main__":
    main()
