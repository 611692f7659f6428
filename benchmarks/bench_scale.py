"""Whole-archive benchmark: publisher against pandoc and against the bare libraries.

usage: python benchmarks/bench_scale.py [N]    (from the project folder; N articles, default 200)

Measures, in one run on this machine: (a) one article, EPUB+PDF, whole process; (b) N
articles with --jobs 1 and --jobs 2 (best of three and of four runs); (c) a no-op rebuild;
(d) a shell loop of pandoc calls (EPUB, and PDF with --pdf-engine=weasyprint) when pandoc is
installed; (e) the floor: bare ebooklib and bare WeasyPrint on the same HTML, in one process and
on all cores at once, measured round by round beside publisher's --jobs 2 (best of three, as
publisher's runs are, and each round's ratio).
Start-up: `publisher --help` and one EPUB-only build. Prints a table; asserts nothing.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISHER = [sys.executable, "-m", "publisher"]


def make_archive(folder: Path, count: int) -> list[Path]:
    """`count` copies of the samples, each with a title of its own."""
    samples = sorted(p for p in (ROOT / "manuscripts").iterdir() if p.suffix in (".txt", ".md"))
    shutil.copytree(ROOT / "manuscripts" / "images", folder / "images")
    made = []
    for n in range(count):
        sample = samples[n % len(samples)]
        text = sample.read_text(encoding="utf-8")
        if sample.suffix == ".md":
            text = re.sub(r"^title: (.*)$", rf"title: \1 (no. {n})", text, count=1, flags=re.M)
        else:
            lines = text.split("\n")
            # The headline: the first line that does not end a sentence, after the chrome.
            at = next(i for i, line in enumerate(lines[4:], 4) if line.strip())
            lines[at] = f"{lines[at]} (no. {n})"
            text = "\n".join(lines)
        path = folder / f"article-{n:04d}{sample.suffix}"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(
        '[tool.publisher]\npublication = "The Opinion Desk"\nlanguage = "en"\n', encoding="utf-8"
    )
    return folder


def floor(sources: list[Path], proj: Path, cores: int) -> tuple[float, float, Callable[[], float]]:
    """Bare ebooklib and bare WeasyPrint on publisher's own HTML: seconds per article for each
    in one process, and a measure of all of them on `cores` processes at once (measured, not
    divided: two busy cores share caches and memory bandwidth, so they rarely give 2x), to be
    taken as often as publisher's own runs, the best kept.

    Bare WeasyPrint gets the same HTML and the same (once-parsed) house stylesheets and write
    options as publisher, as bench_pdf.py does: the floor of laying out the same brief. Each
    process has loaded the libraries and laid out one page before the clock starts.
    """
    import multiprocessing

    import weasyprint
    from ebooklib import epub

    from publisher import config as config_module
    from publisher import pipeline
    from publisher import styles as styles_module
    from publisher.renderers import pdf as pdf_renderer

    config = config_module.load(proj)
    house = styles_module.load(proj)
    styles = pdf_renderer.house_styles(house, config.page_size)
    options = pdf_renderer.write_options(config)
    pages = [
        pdf_renderer.markup(pipeline.job_for(pipeline.prepare(path, config), config, house))
        for path in sources
    ]
    base_url = str(sources[0].parent.resolve()) + "/"

    def bare_pdf(page: str) -> None:
        weasyprint.HTML(string=page, base_url=base_url).write_pdf(
            stylesheets=styles.sheets, font_config=styles.font_config, **options
        )

    def bare_epub(n: int, page: str) -> None:
        book = epub.EpubBook()
        book.set_identifier(f"id-{n}")
        book.set_title(f"Title {n}")
        book.set_language("en")
        chapter = epub.EpubHtml(title="Article", file_name="article.xhtml", lang="en")
        chapter.content = page
        book.add_item(chapter)
        book.add_item(epub.EpubNcx())
        book.add_item(epub.EpubNav())
        book.spine = ["nav", chapter]
        epub.write_epub(str(proj / f"floor-{os.getpid()}.epub"), book)

    bare_pdf(pages[0])  # load once, as a warm process would
    started = time.perf_counter()
    for page in pages:
        bare_pdf(page)
    pdf = (time.perf_counter() - started) / len(pages)
    started = time.perf_counter()
    for n, page in enumerate(pages):
        bare_epub(n, page)
    book = (time.perf_counter() - started) / len(pages)

    context = multiprocessing.get_context("fork")
    ready = context.Barrier(cores + 1)

    def share(part: int) -> None:
        mine = pages[part::cores]
        bare_pdf(mine[0])
        ready.wait()
        for n, page in enumerate(mine):
            bare_pdf(page)
            bare_epub(n, page)

    def on_cores() -> float:
        workers = [context.Process(target=share, args=(part,)) for part in range(cores)]
        for worker in workers:
            worker.start()
        ready.wait()
        started = time.perf_counter()
        for worker in workers:
            worker.join()
        return time.perf_counter() - started

    return book, pdf, on_cores


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    cores = len(os.sched_getaffinity(0))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        proj = project(work / "project")
        sources = make_archive(proj / "manuscripts", count)
        one = sources[0]

        python_start = min(timed([sys.executable, "-c", "pass"], proj) for _ in range(5))
        rows.append(("python -c pass (interpreter start)", python_start, ""))
        rows.append(
            (
                "publisher --help",
                min(timed([*PUBLISHER, "--help"], proj) for _ in range(5)),
                "target < 0.15 s",
            )
        )
        rows.append(
            (
                "one article, EPUB only",
                min(
                    timed(
                        [
                            *PUBLISHER,
                            "build",
                            str(one),
                            "-f",
                            "epub",
                            "-o",
                            str(work / "o1"),
                            "--force",
                        ],
                        proj,
                        env,
                    )
                    for _ in range(3)
                ),
                "target < 0.25 s",
            )
        )
        single = min(
            timed([*PUBLISHER, "build", str(one), "-o", str(work / "o2"), "--force"], proj, env)
            for _ in range(3)
        )
        rows.append(("(a) one article, EPUB+PDF, whole process", single, ""))

        def build(jobs: int) -> float:
            out = str(work / f"d{jobs}")
            return timed([*PUBLISHER, "build", "-j", str(jobs), "--force", "-o", out], proj, env)

        # One pair first, for the peak memory: the floor's processes, set up next, are forks of
        # this one, which then holds every page, and would be counted too.
        jobs1, jobs2 = [build(1)], [build(2)]
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        epub_s, pdf_s, on_cores = floor(sources, proj, cores)
        # Then publisher and the floor side by side, round by round, so that the machine's
        # drift (its speed wanders by a quarter from hour to hour) is the same for both.
        floors: list[float] = []
        for round_ in range(3):
            if round_ < 2:
                jobs1.append(build(1))
            jobs2.append(build(2))
            floors.append(on_cores())
        paired = [j / f for j, f in zip(jobs2[1:], floors, strict=True)]
        rows.append((f"(b) {count} articles, EPUB+PDF, --jobs 1", min(jobs1), ""))
        rows.append(
            (
                f"(b) {count} articles, EPUB+PDF, --jobs 2",
                min(jobs2),
                f"speed-up {min(jobs1) / min(jobs2):.2f}x over --jobs 1",
            )
        )
        noop = min(
            timed([*PUBLISHER, "build", "-j", "2", "-o", str(work / "d2")], proj, env)
            for _ in range(3)
        )
        rows.append(
            (
                f"(c) no-op rebuild of {count}",
                noop,
                f"{noop - python_start:.2f} s beyond interpreter start (target < 0.5 s)",
            )
        )

        pandoc = float("nan")
        if shutil.which("pandoc"):
            loop = (
                "for f in manuscripts/*; do case $f in *.md|*.txt) "
                'b=$(basename "$f"); pandoc "$f" -o "pandoc/${b%.*}.epub"; '
                'pandoc "$f" --pdf-engine=weasyprint -o "pandoc/${b%.*}.pdf";; esac; done'
            )
            (proj / "pandoc").mkdir()
            # pandoc runs the `weasyprint` command: the one installed beside this Python.
            path = f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"
            pandoc = timed(["bash", "-c", loop], proj, {**os.environ, "PATH": path})
            made = len(list((proj / "pandoc").glob("*.pdf")))
            if made != count:
                print(f"warning: pandoc made {made} PDFs of {count}", file=sys.stderr)
            ratio = pandoc / min(jobs2)
            rows.append(
                (
                    f"(d) pandoc loop, {count} articles, EPUB+PDF",
                    pandoc,
                    f"publisher --jobs 2 is {ratio:.1f}x faster (target >= 16x)",
                )
            )
        else:
            rows.append(("(d) pandoc loop", float("nan"), "pandoc not installed"))

        rows.append(("(e) floor per article: bare ebooklib", epub_s, ""))
        rows.append(("(e) floor per article: bare WeasyPrint", pdf_s, ""))
        rows.append(
            (
                f"(e) floor: {count} / {cores} cores if they scaled perfectly",
                (epub_s + pdf_s) * count / cores,
                "",
            )
        )
        share = min(jobs2) / min(floors) - 1
        rows.append(
            (
                f"(e) floor: {count} on {cores} cores, measured (best of three)",
                min(floors),
                f"publisher's own time beyond the floor: {share:+.0%} (target <= +25%; "
                f"round by round {', '.join(f'{r - 1:+.0%}' for r in paired)}); "
                f"the floor alone is {pandoc / min(floors):.1f}x the pandoc loop",
            )
        )
        rows.append(
            ("peak memory of the largest process (MiB)", peak_mib, "target <= 150 MiB per worker")
        )

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>9}  note")
    for name, value, note in rows:
        shown = f"{value:9.1f}" if "MiB" in name else f"{value:8.3f}s"
        print(f"{name:<{width}}  {shown}  {note}")
    print(f"median --jobs 2: {statistics.median(jobs2):.2f} s; machine: {cores} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
