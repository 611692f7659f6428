"""Build the sample manuscripts N times in one process; print per-edition timings and memory.

usage: python benchmarks/bench.py [N]   (run from the project folder; default N = 10)
The first round includes loading the libraries, fonts and CSS; the steady state is the median
of the other rounds. Measured, never asserted.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

from publisher import batch, pipeline, styles
from publisher import config as config_module
from publisher.renderers import renderer


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    config = config_module.load(Path.cwd())
    sources, _ = batch.discover([Path("manuscripts")])
    house = styles.load(config.project_dir)
    timings: dict[str, list[float]] = {"prepare": [], "epub": [], "pdf": [], "total": []}
    first: dict[str, float] = {}
    for n in range(rounds):
        for key in timings:
            timings[key].append(0.0)
        for path in sources:
            t0 = time.perf_counter()
            job = pipeline.job_for(pipeline.prepare(path, config), config, house)
            t1 = time.perf_counter()
            renderer("epub")(job)
            t2 = time.perf_counter()
            renderer("pdf")(job)
            t3 = time.perf_counter()
            for key, value in (
                ("prepare", t1 - t0),
                ("epub", t2 - t1),
                ("pdf", t3 - t2),
                ("total", t3 - t0),
            ):
                timings[key][-1] += value / len(sources)
        if n == 0:
            first = {k: v[0] for k, v in timings.items()}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(sources)} manuscripts x {rounds} rounds, per edition (ms)")
    print(f"{'stage':<10}{'first':>10}{'median':>10}{'min':>10}")
    for key, values in timings.items():
        steady = values[1:] or values
        print(
            f"{key:<10}{first[key] * 1000:>10.1f}{statistics.median(steady) * 1000:>10.1f}"
            f"{min(steady) * 1000:>10.1f}"
        )
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
