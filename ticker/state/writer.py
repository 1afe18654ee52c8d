"""The one way the feeds write the snapshot: read the newest, change one part, store it.

Every feed runs on the one process that fetches (the lease or lock holder), each on its own
schedule; their writes go through one writer, one at a time, so a feed's write always builds
on the other feeds' latest and never erases them. A fetch happens before ``update``, outside
the lock: a slow or failing upstream never holds another feed's write back.

A fetch that brings nothing new stores nothing: it records its check instead
(``ticker.core.checks``), so freshness follows the check while the version holds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from ticker.core.held import FeedState
from ticker.core.observations import Snapshot
from ticker.state.store import SnapshotStore

# The newest snapshot (None before the first) -> the one to store (None: nothing to store).
Change = Callable[[Snapshot | None], Snapshot | None]


class SnapshotWriter:
    """Serialises the feeds' writes to one store; parts fetched before the first snapshot
    wait for it (the snapshot is made by the observations feed)."""

    def __init__(self, store: SnapshotStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._waiting: dict[str, FeedState] = {}

    def update(self, change: Change) -> int | None:
        """Store ``change`` applied to the newest snapshot; the version written, or None when
        the change stored nothing. Raises StoreError when the store refuses the write."""
        with self._lock:
            stored = self.store.get()
            snapshot = change(stored.snapshot if stored else None)
            if snapshot is None:
                return None
            if stored is None and self._waiting:
                snapshot = snapshot.model_copy(update={
                    name: part for name, part in self._waiting.items()
                    if part.sample == snapshot.sample})
            version = self.store.put(snapshot)
            self._waiting.clear()
            return version

    def put_part(self, name: str, part: FeedState) -> int | None:
        """Store one feed's part (a Snapshot field) in the newest snapshot; before the first
        one it waits, and None is returned."""
        def change(previous: Snapshot | None) -> Snapshot | None:
            if previous is None:
                self._waiting[name] = part
                return None
            return previous.model_copy(update={name: part})

        return self.update(change)

    def checked(self, part: str, moment: datetime) -> None:
        """Record that ``part`` was confirmed by a fetch at ``moment``; after any store of the
        same run, so a reader never sees the check before the data it confirms. Raises
        StoreError when the store refuses it."""
        with self._lock:
            self.store.put_check(part, moment)
