"""One fetcher among the processes that share a data directory: an flock held for life.

The file store's counterpart of the Redis lease (``ticker.state.leader``): every process
that runs a scheduler on one data directory (``ticker worker``, ``ticker serve``) tries the
lock before each run; the one that gets it keeps it until it exits, the others stand by and
take over at their next run once it is gone. The kernel releases the lock with the process,
even on SIGKILL, so there is nothing to expire and no fencing to do.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

LOCK_FILE = "refresh.lock"

T = TypeVar("T")


class FileLease:
    """Whether this process is the one that refreshes the data directory's snapshot."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / LOCK_FILE
        self._fd: int | None = None
        self._standing_by = False
        self._lock = threading.Lock()

    def held(self) -> bool:
        """Take the lock if it is free; whether this process holds it now."""
        with self._lock:
            if self._fd is not None:
                return True
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if not self._standing_by:
                    self._standing_by = True
                    log.warning("standing by: another process refreshes this data directory "
                                "(lock %s); taking over when it ends", self.path)
                return False
            self._fd = fd
        # Taking over from another process is news; holding it from the start is not.
        log.log(logging.WARNING if self._standing_by else logging.INFO,
                "now the leader (lock %s)", self.path)
        return True

    def run(self, job: Callable[[], T]) -> T | None:
        """One scheduler tick: the job's result when this process holds the lock, else None."""
        return job() if self.held() else None

    def release(self) -> None:
        """Let a standby take over at its next run (at shutdown)."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
