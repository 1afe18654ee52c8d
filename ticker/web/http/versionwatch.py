"""What a prepared variant is valid for: the store's version and its check record, polled."""

from __future__ import annotations

import time

from ticker.state.store import SnapshotStore


class VersionWatch:
    """The store's version and check record, asked at most every ``interval`` seconds (it may
    be a network call)."""

    def __init__(self, store: SnapshotStore, interval: float) -> None:
        self._store = store
        self._interval = interval
        self._version = -1
        self._stamp: object = None
        self._next_check = 0.0

    def current(self) -> tuple[int, object]:
        """The newest known version, and the check record's stamp: the same object while it
        is unchanged, so a variant rendered with it is recognised by identity."""
        now = time.monotonic()
        if now >= self._next_check:
            self._version = self._store.version()
            stamp = self._store.checks().stamp
            if stamp != self._stamp:
                self._stamp = stamp
            self._next_check = now + self._interval
        return self._version, self._stamp
