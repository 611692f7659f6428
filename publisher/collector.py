"""When Python's cycle collector looks: a policy for the processes publisher runs.

The collector looks at the newest objects every 700 allocations (net of those freed), and
now and then at every object the process holds. While modules load and an edition is laid
out, it finds almost nothing to free: a module's objects live as long as the process, and
an edition's are garbage only once it is done. With the defaults the looking cost a
one-article EPUB build 14 ms, WeasyPrint's import 37-40 ms, and a brief 4-6 ms. So:

- a command (`command`) looks at its newest objects every `YOUNG` allocations;
- a pool worker (`worker`) does not look while it starts, freezes what it inherited and
  loaded (never looked at again, nor written to, so the pages it shares with its parent stay
  shared), and looks at an edition's objects once, when it is done, before the next
  (`between_editions`): not after the last, which would only delay its result;
- a batch run in the command's own process (`--jobs 1`) also looks once per edition;
- either way a long manuscript is still collected as it goes, past `YOUNG` objects.

Only the processes publisher itself starts are set (thresholds, freezing): `publisher.cli.main`
and pool workers, never a program that imports publisher as a library, whose batches get only
the collection after each edition.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

# Objects allocated (net of those freed) before the collector looks at the newest: more
# than a one-page brief or a command's imports make (none of 80 bench_scale briefs, and no
# EPUB-only build, reached it), few enough to bound a long manuscript's garbage to a few MB.
YOUNG = 50_000


def command() -> None:
    """For the `publisher` command's own process."""
    gc.set_threshold(YOUNG)


def worker(start: Callable[[], None]) -> None:
    """A pool worker's start: `start()` with the collector off, then the policy above.

    What the start made is frozen without a collection first: looking at all of it (140,000
    objects, WeasyPrint's modules) took 45-65 ms to find about 2,500 objects of garbage
    from the warm-up's one-line edition, which are kept instead."""
    gc.freeze()
    gc.disable()
    try:
        start()
    finally:
        gc.enable()
    gc.freeze()
    gc.set_threshold(YOUNG)


def between_editions() -> None:
    """Before the next edition of a batch: the last one's objects, all garbage now. A
    `--jobs 1` build of 200 briefs peaks at 97 MB with it, 114 MB without (103 MB with the
    defaults)."""
    gc.collect(1)
