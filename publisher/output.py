"""Writes editions into the output folder so that no reader ever sees half a file."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import traceback
from pathlib import Path
from typing import BinaryIO

from publisher.errors import EnvironmentFault

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def stage(target: Path, data: bytes, synced: bool = True) -> Path:
    """Write `data` to a temporary file beside `target`, whole and (when `synced`) on disk,
    not yet in place. One staged unsynced must be committed with `sync`.

    The temporary name carries the process id, so that a later build can tell the leftovers
    of a killed build from the work of one still running beside it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_bytes(handle, data, synced)
        os.chmod(temp, 0o644)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def commit(temp: Path, target: Path, sync: bool = False) -> None:
    """Put a staged file in place: one rename, so the old file stays whole until it is done;
    with `sync`, its bytes are put on disk first (a file a pool worker staged unsynced: its
    worker goes on to the next edition while this process waits for the disk)."""
    try:
        if sync:
            with temp.open("rb") as handle:
                os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename over it: a failed build leaves the old file whole."""
    commit(stage(target, data), target)


def _write_bytes(handle: BinaryIO, data: bytes, synced: bool = True) -> None:
    handle.write(data)
    handle.flush()
    if synced:  # the rename must never expose a file whose bytes are not on disk
        os.fsync(handle.fileno())


def fault(error: OSError, target: Path, doing: str = "writing") -> EnvironmentFault:
    """A one-line fault for an OSError while writing: disk full, read-only, no permission."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        what = "the disk is full"
        fix = "free some space and build again; the previous edition is kept"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        what = (
            "no permission to write here"
            if error.errno != errno.EROFS
            else "the file system is read-only"
        )
        fix = "choose another --out or fix the folder's permissions"
    else:
        what = error.strerror or str(error)
        fix = "check the disk and build again"
    found = EnvironmentFault(f"{doing} failed: {what}; {fix}", target)
    found.detail = "".join(traceback.format_exception(error))
    return found


def ensure_folder(out_dir: Path) -> None:
    """The output folder exists and takes files; otherwise one line saying why not."""
    if out_dir.exists() and not out_dir.is_dir():
        raise EnvironmentFault(
            "the output folder is a file, not a folder; remove it or choose another --out", out_dir
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = stage(out_dir / ".publisher-probe", b"")
        probe.unlink()
    except NotADirectoryError:
        raise EnvironmentFault(
            "part of the output folder's path is a file; choose another --out", out_dir
        ) from None
    except OSError as e:
        raise fault(e, out_dir, "creating the output folder") from None


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
