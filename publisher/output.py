"""Writes editions into the output folder so that no reader ever sees half a file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename over it: a failed build leaves the old file whole.

    The temporary name carries the process id, so that a later build can tell the leftovers
    of a killed build from the work of one still running beside it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                                suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_bytes(handle, data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_bytes(handle: BinaryIO, data: bytes) -> None:
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())  # the rename must never expose a file whose bytes are not on disk


def sweep_leftovers(out_dir: Path) -> None:
    """Remove temporary files that killed builds left in the output folder."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        m = _TEMP.match(entry.name)
        if m and not _alive(int(m.group("pid"))):
            entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
