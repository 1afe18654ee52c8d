"""What a web node reads from Redis, kept in memory by a background thread: serving never waits.

A Redis that stops answering (a hung host, a SIGSTOPped process) holds every call for the
client's socket timeout; on the serving thread that was a second per request. So a
``RedisWatch`` thread asks Redis every ``POLL_SECONDS`` for the version (and loads a newer
snapshot) and for today's quota counts; ``HeldStore`` and ``HeldLedger`` answer readers from
what it last saw. The store's and ledger's ``Availability`` still say "unavailable" and
"recovered" once each, now from the watch's calls. Writes go to Redis as before.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from ticker.core.checks import Checks
from ticker.core.observations import Snapshot
from ticker.core.quota import QuotaReport
from ticker.state.redis_conn import TIMEOUT
from ticker.state.redis_ledger import RedisQuotaLedger
from ticker.state.redis_store import RedisStore
from ticker.state.store import StoredSnapshot

log = logging.getLogger(__name__)

# Seconds between version checks: how long a new snapshot may take to reach a node.
POLL_SECONDS = 0.5
# Seconds to wait for the thread at shutdown: one poll is at most two timed-out calls (the
# store's and the ledger's). It is a daemon, so a longer hang cannot hold the exit anyway.
STOP_WAIT = 2 * TIMEOUT


class RedisWatch:
    """Polls Redis on a daemon thread so that readers only read memory."""

    def __init__(self, store: RedisStore, ledger: RedisQuotaLedger | None = None,
                 interval: float = POLL_SECONDS) -> None:
        self.store = store
        self.ledger = ledger
        self.interval = interval
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Poll once now, so a node starts with the snapshot, then keep polling in the
        background until ``stop``."""
        self.poll()
        self._thread = threading.Thread(target=self._run, name="redis-watch", daemon=True)
        self._thread.start()

    def poll(self) -> None:
        """One round: the version and a newer snapshot, then today's counts; never raises
        RedisError (each outage is recorded and said by the store's and ledger's health)."""
        self.store.get()
        self.store.checks()
        if self.ledger is not None:
            self.ledger.observe()

    def stop(self, timeout: float = STOP_WAIT) -> None:
        """End the thread; waits at most ``timeout`` seconds for a call in flight."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.poll()
            except Exception:
                # Anything else (a bug, a client closed under us at shutdown) must not end
                # the thread: a node would then serve its old snapshot for ever, silently.
                log.exception("redis watch: poll failed; polling again in %.1f s",
                              self.interval)


class HeldStore:
    """The snapshot store as a web node reads it: what the watch last loaded, no round trip."""

    def __init__(self, store: RedisStore) -> None:
        self.store = store

    def get(self) -> StoredSnapshot | None:
        """The snapshot held in memory (None before the first load)."""
        return self.store.loaded

    def version(self) -> int:
        """The newest version the watch saw."""
        return self.store.known_version

    def checks(self) -> Checks:
        """The check times the watch last read."""
        return self.store.loaded_checks

    def put_check(self, part: str, moment: datetime) -> None:
        """Write through to Redis."""
        self.store.put_check(part, moment)

    @property
    def available(self) -> bool:
        """False from the watch's failed call until its next success."""
        return self.store.available

    def describe(self) -> str:
        """``redis host:port/db``."""
        return self.store.describe()

    def put(self, snapshot: Snapshot) -> int:
        """Write through to Redis (a writer's call, not a reader's)."""
        return self.store.put(snapshot)


class HeldLedger:
    """The quota ledger with reports from memory; counting and pacing still ask Redis."""

    def __init__(self, ledger: RedisQuotaLedger) -> None:
        self.ledger = ledger

    def record(self, source: str, calls: int, now: datetime) -> None:
        """Add calls in Redis."""
        self.ledger.record(source, calls, now)

    def allows(self, source: str, planned_calls: int, now: datetime) -> tuple[bool, str]:
        """Judge by what Redis counts now."""
        return self.ledger.allows(source, planned_calls, now)

    def report(self, now: datetime) -> QuotaReport:
        """Today's counts as last seen (by the watch, or by this process's own calls)."""
        return self.ledger.remembered(now)
