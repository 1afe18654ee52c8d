"""One active fetcher among many workers: a Redis lease, a heartbeat, and fenced writes.

Every worker runs a LeaderElection. Its heartbeat thread acquires-or-renews one Redis key
every ``ttl/3``; whoever holds it leads and is the only one whose scheduler ticks fetch. A
leader that stops cleanly releases the key; one that is killed simply stops renewing, so the
key expires after ``ttl`` and a standby's heartbeat takes it at its next beat.

A lease alone cannot stop a leader that was paused (GC, SIGSTOP, a VM freeze) past its TTL
and wakes mid-job believing it still leads. Two fences cover that, both in FencedStore:
the leader's own clock (it refuses to write once its lease may have run out) and Redis'
compare-and-set on the version the job read, which refuses the write if anyone stored a
newer snapshot meanwhile. The snapshot version therefore never goes back.

Each beat also keeps the shared copies whole (``ticker.state.keeper``): the leader writes
back what Redis lost, the others remember what it holds so they can do the same.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from redis.exceptions import RedisError

from ticker.core.errors import StaleWriteError
from ticker.state.fenced import FencedStore
from ticker.state.keeper import Keeper, Lease, SharedCopy
from ticker.state.redis_conn import (
    KEY_PREFIX,
    Availability,
    Monotonic,
    RedisUnavailableError,
    describe,
)
from ticker.state.redis_store import RedisStore
from ticker.state.snapshot_copy import SnapshotCopy

log = logging.getLogger(__name__)

T = TypeVar("T")

# The one lease every worker of a deployment competes for.
LEADER_KEY = f"{KEY_PREFIX}:leader"

# KEYS: lock. ARGV: token, ttl ms. Each returns 1 when we hold the lock afterwards.
ACQUIRE_OR_RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisLock:
    """A lease on one key: only the token that set it may renew or release it.

    Not redis-py's ``redis.lock.Lock``: a heartbeat must renew the lease if ours or take it if
    free in one atomic round trip (``acquire_or_renew``), where Lock has ``acquire`` (fails on
    a lease we hold) and ``reacquire`` (raises once we lost it), two calls with a window
    between; Lock keeps its token thread-local, while the heartbeat takes the lease and the
    refresh thread's restore scripts check it (``Lease``); and Lock has no fencing token, so
    FencedStore's version check stays. (``test_redis_py_lock_is_not_the_lease``.)
    """

    def __init__(self, client: redis.Redis, name: str, ttl_ms: int,
                 token: str | None = None) -> None:
        self.client = client
        self.key = name
        self.ttl_ms = ttl_ms
        self.token = token or secrets.token_hex(16)
        self._acquire_or_renew = client.register_script(ACQUIRE_OR_RENEW)
        self._release = client.register_script(RELEASE)

    def _call(self, action: Callable[[], object]) -> bool:
        try:
            return bool(action())
        except RedisError as error:
            raise RedisUnavailableError(f"lock {self.key}: redis unavailable "
                                        f"({type(error).__name__})") from error

    def acquire_or_renew(self) -> bool:
        """Renew if ours, take if free; one atomic round trip."""
        return self._call(lambda: self._acquire_or_renew(keys=[self.key],
                                                         args=[self.token, self.ttl_ms]))

    def release(self) -> bool:
        """Delete the lock only if we hold it."""
        return self._call(lambda: self._release(keys=[self.key], args=[self.token]))


class LeaderElection:
    """Keeps trying to lead; ``run(job)`` runs the job only while this worker leads."""

    def __init__(self, lock: RedisLock, renew_every: float | None = None,
                 monotonic: Monotonic = time.monotonic) -> None:
        self.lock = lock
        self.renew_every = renew_every if renew_every is not None else lock.ttl_ms / 3000
        self._monotonic = monotonic
        # Leave a tenth of the TTL for clock-rate drift between us and Redis.
        self._lease = lock.ttl_ms * 0.9 / 1000
        self._leading_until = 0.0
        self._leading = False
        self._state = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._keeper = Keeper()
        self._health = Availability(describe(lock.client), "leader lock",
                                    "not leading until it is back", retry_after=0,
                                    monotonic=monotonic)

    def is_leader(self) -> bool:
        """True while our last acquire-or-renew is surely still in force."""
        return self._monotonic() < self._leading_until

    def beat(self) -> bool:
        """Acquire or renew once; whether we lead now."""
        started = self._monotonic()
        try:
            held = self.lock.acquire_or_renew()
        except RedisUnavailableError as error:
            self._health.failed(error)
            held = False
        else:
            self._health.succeeded()
            if not held:
                self._keeper.observe()
        with self._state:
            # Counted from before the call: the lease began no earlier than that.
            self._leading_until = started + self._lease if held else 0.0
            changed, self._leading = held != self._leading, held
        if changed:
            log.warning("%s leader (lock %s)", "now the" if held else "no longer the",
                        self.lock.key)
        if held:
            self.restore_shared()
        return held

    def keep(self, copy: SharedCopy) -> None:
        """Keep ``copy`` whole in Redis: restored by the leader, remembered by the others."""
        self._keeper.keep(copy)

    def restore_shared(self) -> list[str]:
        """While leading, write back what Redis lost; the names of the copies restored."""
        if not self.is_leader():
            return []
        return self._keeper.restore(Lease(self.lock.key, self.lock.token))

    def start(self) -> None:
        """Start the heartbeat thread: beat now, then every ``renew_every`` seconds."""
        self.beat()
        self._thread = threading.Thread(target=self._heartbeat, name="leader-heartbeat",
                                        daemon=True)
        self._thread.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.renew_every):
            self.beat()

    def stop(self) -> None:
        """Stop the heartbeat and hand the lock over at once by releasing it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._leading:
            # Unreachable, the lock simply expires after its TTL.
            with contextlib.suppress(RedisUnavailableError):
                self.lock.release()
            self._leading, self._leading_until = False, 0.0

    def run(self, job: Callable[[], T]) -> T | None:
        """One scheduler tick: the job's result when we lead, None when another worker does.

        A write fenced off or lost to a Redis outage is logged here, not raised, because the
        next tick retries it anyway.
        """
        if not self.beat():
            log.debug("not the leader: skipping this run")
            return None
        try:
            return job()
        except (StaleWriteError, RedisUnavailableError) as error:
            log.warning("refresh not stored (%s): %s", error.failure_class, error)
            return None

    def fenced(self, store: RedisStore) -> FencedStore:
        """The store as this election's jobs must write it; its snapshot is kept whole."""
        self.keep(SnapshotCopy(store))
        return FencedStore(store, self.is_leader, self.restore_shared)
