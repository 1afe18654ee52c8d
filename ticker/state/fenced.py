"""Writes fenced by the leader lease: the leader's own clock and Redis' compare-and-set.

A leader paused past its lease must not write (ticker.state.leader explains the two fences).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from ticker.core.checks import Checks
from ticker.core.errors import StaleWriteError
from ticker.core.observations import Snapshot
from ticker.state.redis_store import RedisStore
from ticker.state.store import StoredSnapshot


class FencedStore:
    """A SnapshotStore for the leader's jobs: each put carries the version its thread read.

    Give it to the Refresher (which reads, fetches, then puts); web nodes use the RedisStore.
    """

    def __init__(self, store: RedisStore, leading: Callable[[], bool] = lambda: True,
                 restore: Callable[[], object] = lambda: None) -> None:
        self.store = store
        self._leading = leading
        self._restore = restore
        self._base = threading.local()

    def get(self) -> StoredSnapshot | None:
        """The newest snapshot; its version becomes this thread's base for the next put.

        What Redis lost is put back first, so a refresh judges whether it is due by what
        Redis holds, not by a copy only this process still has.
        """
        self._restore()
        stored = self.store.get()
        self._base.version = stored.version if stored else 0
        return stored

    def version(self) -> int:
        """The newest version."""
        return self.store.version()

    @property
    def available(self) -> bool:
        """Whether Redis answers."""
        return self.store.available

    def describe(self) -> str:
        """Where the snapshot lives."""
        return self.store.describe()

    def checks(self) -> Checks:
        """When each part was last confirmed."""
        return self.store.checks()

    def put_check(self, part: str, moment: datetime) -> None:
        """Record a check unless our lease may have expired."""
        if not self._leading():
            raise StaleWriteError(getattr(self._base, "version", 0), self.store.version(),
                                  "check refused: this worker's leader lease may have expired")
        self.store.put_check(part, moment)

    def put(self, snapshot: Snapshot) -> int:
        """Write unless our lease may have expired or someone wrote since our last get."""
        base = getattr(self._base, "version", 0)
        if not self._leading():
            raise StaleWriteError(base, self.store.version(), "write refused: this worker's "
                                  "leader lease may have expired")
        version = self.store.put(snapshot, expected_version=base)
        # This thread's next write (the history backfill of the same run) builds on it.
        self._base.version = version
        return version
