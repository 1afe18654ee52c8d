"""Shared state chosen by ``TICKER_STORE``: the snapshot store, the quota ledger, the leader lease.

With the file store (the default) one process refreshes and everything lives in the data
directory. With Redis, any number of workers compete for one lease so that exactly one
fetches per cycle, and any number of web nodes read the same snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ticker.app.settings import Settings
from ticker.core.quota import QuotaLedger
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import SnapshotStore

LEADER_KEY = "ticker:leader"

Job = Callable[[], object]


@dataclass
class Backends:
    """The store and ledger, how a refresh job must run, and what to close at the end."""

    store: SnapshotStore
    ledger: QuotaLedger
    # The store the refresher writes through (fenced by the lease with Redis).
    writer_store: SnapshotStore
    # Wraps a scheduler job so it runs only on the leader; identity with the file store.
    lead: Callable[[Job], Job] = lambda job: job
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Release the lease and connections, in reverse order of opening."""
        for closer in reversed(self.closers):
            closer()


def open_backends(settings: Settings, elect: bool) -> Backends:
    """The backends for a process; ``elect`` when it runs a scheduler (worker or serve)."""
    from ticker.state.redis_store import RedisStore, store_from_url

    store = store_from_url(settings.store, settings.snapshot_dir)
    if not isinstance(store, RedisStore):
        ledger = FileQuotaLedger(settings.snapshot_dir, settings.quota.daily_limits)
        return Backends(store=store, ledger=ledger, writer_store=store)
    from ticker.state.leader import LeaderElection, RedisLock
    from ticker.state.redis_ledger import RedisQuotaLedger

    ledger_redis = RedisQuotaLedger(store.client, settings.quota.daily_limits)
    backends = Backends(store=store, ledger=ledger_redis, writer_store=store,
                        closers=[store.close])
    if elect:
        lease_ms = int(settings.schedule.lease_seconds * 1000)
        election = LeaderElection(RedisLock(store.client, LEADER_KEY, ttl_ms=lease_ms))
        election.start()
        backends.writer_store = election.fenced(store)
        election.keep(ledger_redis)  # written back by the leader if Redis loses it
        backends.lead = lambda job: (lambda: election.run(job))
        backends.closers.append(election.stop)
    return backends
