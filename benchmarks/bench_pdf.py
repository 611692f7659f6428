"""Time publisher's PDF renderer against bare WeasyPrint laying out the same HTML.

usage: python benchmarks/bench_pdf.py [ROUNDS] [PATHS...]
       (run from the project folder; default 20 rounds of the sample manuscripts)

Each manuscript is prepared once. Per round, in the same process and interleaved (the order
reversed every other round) so that a busy machine slows all three alike:

  publisher   renderers.pdf.render(doc): model -> HTML, house styles from the per-process
              cache, layout, PDF, the missing-glyph watch
  bare        weasyprint.HTML(string=same_html).write_pdf(...) with the same stylesheets,
              font configuration and PDF options, parsed once: WeasyPrint's own cost
  bare, cold  the same, but parsing the CSS and registering the fonts on every call: what
              publisher would cost without its cache

Warm: one untimed round first. Times are the process's CPU time (WeasyPrint is
single-threaded, so it is the work done, and other jobs on a busy machine move it less than
the clock) with the wall-clock minimum beside it; medians in ms. Measured, never asserted.
The target: publisher within 10% of bare.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from publisher import batch, pipeline
from publisher import config as config_module
from publisher import styles as styles_module
from publisher.renderers import pdf


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """CPU seconds and wall-clock seconds of one call.

    The garbage of the previous call (a cold run drops a whole font configuration, whose
    finaliser deletes a temporary folder) is collected first, so no call pays for another.
    """
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def _cases(path: Path, config: config_module.BuildConfig) -> dict[str, Callable[[], object]]:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    house = styles_module.load(config.project_dir)
    job = pipeline.job_for(pipeline.prepare(path, config), config, house)
    styles = pdf.house_styles(house, config.page_size)
    options = pdf.write_options(config)
    html = pdf.markup(job)
    base_url = str(path.parent.resolve()) + "/"
    files = [house.file(name) for name in styles_module.STYLESHEETS["pdf"]]

    def bare() -> object:
        return HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=styles.sheets, font_config=styles.font_config, **options
        )

    def bare_cold() -> object:
        fonts = FontConfiguration()
        sheets = [CSS(filename=str(f), font_config=fonts) for f in files]
        sheets.append(CSS(string=f"@page {{ size: {config.page_size}; }}", font_config=fonts))
        return HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=sheets, font_config=fonts, **options
        )

    return {"publisher": lambda: pdf.render(job), "bare": bare, "bare, cold": bare_cold}


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    paths = [Path(p) for p in sys.argv[2:]] or [Path("manuscripts")]
    config = config_module.load(Path.cwd())
    sources, _ = batch.discover(paths)
    print(
        f"{len(sources)} manuscripts x {rounds} rounds, {config.pdf_variant}, "
        f"{config.page_size}; per PDF (ms)"
    )
    print(f"{'manuscript':<28}{'variant':<12}{'cpu':>8}{'vs bare':>9}{'wall min':>10}")
    ratios: list[float] = []
    for path in sources:
        cases = _cases(path, config)
        for fn in cases.values():
            fn()  # warm: imports, caches, the first fontconfig lookups
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        wall: dict[str, list[float]] = {name: [] for name in cases}
        for n in range(rounds):
            order = list(cases.items())
            for name, fn in order if n % 2 else reversed(order):  # no one always goes first
                spent, waited = _timed(fn)
                cpu[name].append(spent)
                wall[name].append(waited)
        bare = statistics.median(cpu["bare"])
        for name in cases:
            median = statistics.median(cpu[name])
            print(
                f"{path.stem[:27]:<28}{name:<12}{median * 1000:>8.1f}"
                f"{(median / bare - 1) * 100:>+8.1f}%{min(wall[name]) * 1000:>10.1f}"
            )
        ratios.append(statistics.median(cpu["publisher"]) / bare)
    overall = (statistics.median(ratios) - 1) * 100
    print(f"publisher vs bare (CPU, median over manuscripts): {overall:+.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
