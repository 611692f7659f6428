"""A pool of worker processes that knows which task each worker holds.

`concurrent.futures` loses the whole pool when one worker dies (the kernel's out-of-memory
killer, a SIGKILL) and cannot say which task killed it. Here each worker works on one task
at a time, sent over its own pipe (where the next may wait): a worker that dies fails only
the task it was on, and one that grows past its memory ceiling is stopped and fails its task
with a clear line. Either way a fresh worker takes its place, the tasks that were waiting
for it go back in the queue, and the rest of the batch goes on.
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
from multiprocessing.reduction import ForkingPickler
from typing import Any, Generic, TypeVar

T = TypeVar("T")  # a task
R = TypeVar("R")  # its result

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_POLL = 0.2  # seconds between two looks at the workers' memory
_WAITING = 16 << 10  # bytes: the largest task sent ahead to a worker still busy


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
    return _all_resident(pid)


def _all_resident(pid: int) -> int:
    """All of a process's resident pages, shared ones too: a counter the kernel keeps."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def over(pid: int, ceiling: int) -> bool:
    """Whether a worker's own memory is past the ceiling. Its private pages are counted only
    when all its resident pages are past it: counting them makes the kernel walk the
    worker's page tables (holding its memory map a few milliseconds, every look), while
    all of them is a counter the kernel keeps."""
    return _all_resident(pid) > ceiling and resident(pid) > ceiling


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
    # The tasks sent to it, in order: it works on the first; the others wait in its pipe.
    held: list[Any] = field(default_factory=list)
    gone: bool = False  # its pipe is broken: it takes no more tasks


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
            while queue or any(w.held for w in self.workers):
                self._hand_out(queue)
                yield from self._collect(queue)
        finally:
            self.close()

    def _hand_out(self, queue: list[T]) -> None:
        """A task to each idle worker, and, while there are more tasks than workers, the next
        one too, so that a worker starts it as soon as it sends a result back, without waiting
        for this process to take the result in. Near the end a worker holds one at a time, so
        that the last tasks go to whichever worker is free first."""
        for worker in self.workers:
            if queue and not worker.held and not worker.gone:
                self._send(worker, queue, ForkingPickler.dumps(queue[-1]))
        for worker in self.workers:
            if len(queue) > len(self.workers) and len(worker.held) == 1 and not worker.gone:
                message = ForkingPickler.dumps(queue[-1])
                # Only a small task waits in the pipe: a large one could fill it while the
                # worker's own result fills the other way, and each would wait for the other.
                if len(message) <= _WAITING:
                    self._send(worker, queue, message)

    def _send(self, worker: _Worker, queue: list[T], message: Any) -> None:
        """Send the worker the queue's next task."""
        try:
            worker.conn.send_bytes(message)
        except OSError:
            # It died since it last answered. The task stays in the queue; the task it was on
            # is lost when its end is seen, and one that was idle is simply replaced.
            worker.gone = True
            if not worker.held:
                worker.conn.close()
                worker.process.join(1)
                self.workers[self.workers.index(worker)] = self._spawn()
            return
        worker.held.append(queue.pop())

    def _collect(self, queue: list[T]) -> Iterator[R | Lost[T]]:
        busy = [w for w in self.workers if w.held]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], _POLL))
        # Memory is looked at every _POLL seconds, not on every result, and cheaply (`over`).
        look = self.max_rss and time.monotonic() - self.looked >= _POLL
        if look:
            self.looked = time.monotonic()
        for worker in busy:
            if worker.conn in ready:
                try:
                    result: R = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(1)
                    yield self._replace(worker, _why(worker.process), queue)
                    continue
                worker.held.pop(0)
                self._hand_out(queue)  # before the caller takes its time over the result
                yield result
            elif worker.process.sentinel in ready:
                worker.process.join(1)
                yield self._replace(worker, _why(worker.process), queue)
            elif look and over(worker.process.pid or 0, self.max_rss):
                worker.process.kill()
                worker.process.join(5)
                mib = self.max_rss // (1 << 20)
                yield self._replace(
                    worker,
                    f"needed more than {mib} MiB of memory "
                    "(max_worker_mb); raise it in [tool.publisher] "
                    "or split the manuscript",
                    queue,
                )

    def _replace(self, worker: _Worker, reason: str, queue: list[T]) -> Lost[T]:
        """The task the worker was on is lost; those waiting in its pipe go back in the queue."""
        lost = Lost(worker.held[0], reason)
        queue.extend(reversed(worker.held[1:]))
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._spawn()
        return lost

    def close(self) -> None:
        """Stop every worker: politely when idle, at once when it is still working."""
        for worker in self.workers:
            try:
                if worker.held:
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
