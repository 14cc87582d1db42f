"""One run at a time per output folder.

Two runs on the same ``--out`` would analyse every new response twice and could interleave
their report files. A run therefore holds an exclusive ``flock`` on a file in the output
folder for as long as it works; the operating system releases it when the process ends, even
after ``kill -9``, so a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from .errors import OutputError, RunInProgressError

LOCK_FILE = ".horingsanalyse.lock"
_POLL_SECONDS = 0.5
_held: set = set()  # the lock files this process holds open


def _close_in_forked_child() -> None:
    """A forked worker closes its copies of the lock files: an ``flock`` lasts while any copy
    of the file is open, so a worker that outlived a killed run would keep its folder locked.
    The parent's lock stays: it holds its own copy."""
    for handle in _held:
        handle.close()
    _held.clear()


os.register_at_fork(after_in_child=_close_in_forked_child)


class OutputLock:
    """Hold the output folder for one run; a context manager.

    Args:
        folder: the run's output folder (created if missing).
        wait: wait for another run to finish instead of stopping at once.
    """

    def __init__(self, folder: Path | str, *, wait: bool = False):
        self.path = Path(folder) / LOCK_FILE
        self.wait = wait
        self._handle = None

    def __enter__(self) -> OutputLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise OutputError(self.path.parent, f"cannot be written ({exc.strerror or exc})") from exc
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not self.wait:
                    holder = _read_holder(handle)
                    handle.close()
                    raise RunInProgressError(self.path.parent, f"another run{holder} is writing to this folder; "
                                             "wait for it to finish (or use --wait), or choose another --out") from None
                time.sleep(_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        _held.add(handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            _held.discard(self._handle)
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def _read_holder(handle) -> str:
    handle.seek(0)
    pid = handle.read().strip()
    return f" (process {pid})" if pid.isdigit() else ""
