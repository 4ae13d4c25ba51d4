"""Private folders for a report run's row-level data, and the sweep of what dead runs left behind.

A report run writes a snapshot of the validated tables (customer rows) for its notebooks. That
snapshot lives in a folder of its own under ``RETENTION_KIT_TEMP`` (the system's temp folder by
default), never under the reports folder, created with mode 0700 and held by a lock for as long as
the run is alive. A run killed hard (``kill -9``, the OOM killer, a closed terminal) cannot remove
it; the next run does: every snapshot folder whose lock nobody holds belongs to a dead run and is
removed. The same goes for the staging folders (``.staging-*``, ``.old-*``) under a reports
folder, swept while a run holds that folder's lock (one run per folder at a time).

Examples
--------
>>> import tempfile, os
>>> os.environ["RETENTION_KIT_TEMP"] = tempfile.mkdtemp()
>>> with private_folder("snapshot") as folder:
...     oct(folder.stat().st_mode & 0o777), sweep_dead() == []
('0o700', True)
>>> folder.exists()
False
>>> del os.environ["RETENTION_KIT_TEMP"]
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

#: The lock file inside a private folder; held by the run that owns the folder.
LOCK = ".owner.lock"

#: Folders of an unfinished build under a reports folder.
LEFTOVERS = (".staging-*", ".old-*")


def temp_root() -> Path:
    """The folder that holds the private folders: ``$RETENTION_KIT_TEMP/retention_kit_runs`` or the
    system temp folder's."""
    root = Path(os.environ.get("RETENTION_KIT_TEMP", tempfile.gettempdir())) / "retention_kit_runs"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


@contextlib.contextmanager
def private_folder(kind: str):
    """A new folder (mode 0700) under :func:`temp_root`, locked while the block runs and removed after it."""
    folder = Path(tempfile.mkdtemp(prefix=f"{kind}-{os.getpid()}-", dir=temp_root()))
    handle = open(folder / f"{LOCK}.new", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.rename(folder / f"{LOCK}.new", folder / LOCK)  # the lock file appears already held: no sweep can win it
        yield folder
    finally:
        handle.close()
        shutil.rmtree(folder, ignore_errors=True)


def sweep_dead() -> list[Path]:
    """Remove the private folders whose owner is gone (nobody holds their lock); returns them."""
    removed = []
    for folder in temp_root().iterdir():
        if folder.is_dir() and not _alive(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def sweep_leftovers(out: Path) -> list[Path]:
    """Remove the staging folders of dead runs under the reports folder `out`; call it while
    holding `out`'s run lock, so no live run can own them."""
    removed = []
    for pattern in LEFTOVERS:
        for folder in out.glob(pattern):
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def _alive(folder: Path) -> bool:
    """Whether a live process holds the folder's lock (a folder without one less than a minute old
    is being created: alive)."""
    lock = folder / LOCK
    if not lock.exists():
        return time.time() - folder.stat().st_mtime < 60
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
