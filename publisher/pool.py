"""A pool of worker processes that knows which task each worker holds.

`concurrent.futures` loses the whole pool when one worker dies (the kernel's out-of-memory
killer, a SIGKILL) and cannot say which task killed it. Here each worker takes one task at a
time over its own pipe: a worker that dies fails only the task it held, and one that grows
past its memory ceiling is stopped and fails its task with a clear line. Either way a fresh
worker takes its place and the rest of the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")  # a task
R = TypeVar("R")  # its result

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_POLL = 0.2  # seconds between two looks at the workers' memory


def machine_memory() -> int:
    """The machine's physical memory in bytes (0 where it cannot be told)."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * _PAGE
    except (ValueError, OSError, AttributeError):
        return 0


def resident(pid: int) -> int:
    """A worker's own resident memory in bytes, from /proc (0 where it cannot be read).

    Its private pages: a forked worker maps all of its parent's pages until it writes to
    them, and counting those would put the ceiling on the parent's size (a long-lived parent,
    the preview server or a test run, of 300 MB would have every worker over a 300 MB one).
    Where the kernel has no smaps_rollup (before Linux 4.14), all its resident pages.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            private = [
                int(line.split()[1])
                for line in handle
                if line.startswith(("Private_Clean:", "Private_Dirty:"))
            ]
        if private:
            return sum(private) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


@dataclass(frozen=True, slots=True)
class Lost(Generic[T]):
    """A task whose worker stopped before it answered, and why."""

    task: T
    reason: str


def _serve(conn: Connection, start: Callable[[], None], run: Callable[[Any], Any]) -> None:
    """A worker: start up once, then run each task it is sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    start()
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(run(task))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Any = None
    busy: bool = False


def _why(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else "?"
        hint = "; out of memory?" if -code == signal.SIGKILL else ""
        return f"worker stopped by signal {-code} ({name}){hint}"
    return f"worker exited with code {code}"


@dataclass
class Pool(Generic[T, R]):
    """`size` workers, each started with `start()` and running `run(task)`."""

    size: int
    start: Callable[[], None]
    run: Callable[[T], R]
    max_rss: int = 0  # bytes; 0: no ceiling
    workers: list[_Worker] = field(default_factory=list)
    looked: float = 0.0  # when the workers' memory was last looked at (time.monotonic)

    def _spawn(self) -> _Worker:
        # fork: a worker starts with the parent's libraries loaded, in milliseconds.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context: Any = multiprocessing.get_context(method)
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, self.start, self.run), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def begin(self, count: int) -> None:
        """Start `count` workers now, so that they load their libraries while the caller
        gets their first tasks ready."""
        self.workers += [self._spawn() for _ in range(max(0, count - len(self.workers)))]

    def results(self, tasks: Sequence[T]) -> Iterator[R | Lost[T]]:
        """Each task's result as it finishes; a `Lost` for a task its worker did not finish."""
        queue = list(reversed(tasks))
        self.begin(min(self.size, len(tasks)))
        try:
            while queue or any(w.busy for w in self.workers):
                for worker in self.workers:
                    if not worker.busy and queue:
                        worker.task, worker.busy = queue.pop(), True
                        worker.conn.send(worker.task)
                yield from self._collect()
        finally:
            self.close()

    def _collect(self) -> Iterator[R | Lost[T]]:
        busy = [w for w in self.workers if w.busy]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], _POLL))
        # Memory is looked at every _POLL seconds, not on every result: reading a worker's
        # page counts makes the kernel walk its page tables.
        look = self.max_rss and time.monotonic() - self.looked >= _POLL
        if look:
            self.looked = time.monotonic()
        for worker in busy:
            if worker.conn in ready:
                try:
                    result: R = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(1)
                    yield self._replace(worker, _why(worker.process))
                    continue
                worker.busy, worker.task = False, None
                yield result
            elif worker.process.sentinel in ready:
                worker.process.join(1)
                yield self._replace(worker, _why(worker.process))
            elif look and resident(worker.process.pid or 0) > self.max_rss:
                worker.process.kill()
                worker.process.join(5)
                mib = self.max_rss // (1 << 20)
                yield self._replace(
                    worker,
                    f"needed more than {mib} MiB of memory "
                    "(max_worker_mb); raise it in [tool.publisher] "
                    "or split the manuscript",
                )

    def _replace(self, worker: _Worker, reason: str) -> Lost[T]:
        lost = Lost(worker.task, reason)
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._spawn()
        return lost

    def close(self) -> None:
        """Stop every worker: politely when idle, at once when it is still working."""
        for worker in self.workers:
            try:
                if worker.busy:
                    worker.process.kill()
                else:
                    worker.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []
