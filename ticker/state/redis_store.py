"""The snapshot in Redis: writes are compare-and-set, reads poll one key, memory covers outages.

Keys, with the default prefix ``ticker``::

    ticker:version    string   the newest version; readers poll it with one GET
    ticker:snapshot   hash     {version, body}: the snapshot JSON and the version it was written as
    ticker:versions   channel  every new version number is PUBLISHed here (a hint, not the truth)
    ticker:checked    hash     {part: ISO time}: when each part was last confirmed; a check
                               that found nothing new writes here, and no new version

One hash holds the body with its own version, so a reader's HMGET always gets a matching pair
and there are no per-version keys to expire. Both keys are written by one Lua script, which
Redis runs atomically: no reader or writer ever sees the version without its body.

A put is refused (``StaleWriteError``) when its writer read an older version than Redis holds
now, so a fetch that started before another writer's cannot overwrite it. Versions only grow,
even across a Redis that lost its data: a writer never goes below the newest version it knows.
Each store also remembers the newest snapshot it has seen (``held``), which the lease holder
writes back when Redis loses it (``ticker.state.snapshot_copy``).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path

import redis
from pydantic import ValidationError
from redis.exceptions import RedisError

from ticker.core.checks import Checks
from ticker.core.errors import ConfigError, StaleWriteError
from ticker.core.observations import Snapshot, read_snapshot
from ticker.state.redis_checks import RedisChecks
from ticker.state.redis_conn import (
    KEY_PREFIX,
    RETRY_AFTER,
    Availability,
    Monotonic,
    RedisUnavailableError,
    client_from_url,
    describe,
)
from ticker.state.shared import redis_url
from ticker.state.store import STORE_VARIABLE, FileStore, SnapshotStore, StoredSnapshot

log = logging.getLogger(__name__)


# KEYS: version, snapshot. ARGV: body, expected version ('' = none), floor, channel.
# Returns {1, new version} or {0, the newer version that refused the write}.
PUT_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if ARGV[2] ~= '' and tonumber(ARGV[2]) < current then
  return {0, current}
end
local base = math.max(current, tonumber(ARGV[3]), tonumber(ARGV[2]) or 0)
if base > current then
  redis.call('SET', KEYS[1], base)
end
local version = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], 'version', version, 'body', ARGV[1])
redis.call('PUBLISH', ARGV[4], version)
return {1, version}
"""


class RedisStore:
    """A SnapshotStore in Redis for any number of web nodes and workers.

    Readers keep the last snapshot in memory: while Redis is unreachable ``get`` and
    ``version`` answer from it and never raise; ``put`` raises RedisUnavailableError.
    ``get`` and ``version`` ask Redis (a writer must judge what it holds); a web node reads
    ``loaded`` through ``ticker.state.redis_watch`` instead, which never waits on Redis.
    """

    def __init__(self, client: redis.Redis, prefix: str = KEY_PREFIX, *,
                 retry_after: float = RETRY_AFTER, monotonic: Monotonic = time.monotonic) -> None:
        self.client = client
        self.version_key = f"{prefix}:version"
        self.snapshot_key = f"{prefix}:snapshot"
        self.channel = f"{prefix}:versions"
        self.check_times = RedisChecks(client, f"{prefix}:checked")
        self._put_script = client.register_script(PUT_SCRIPT)
        self._cached: StoredSnapshot | None = None
        # The newest snapshot seen, kept when Redis goes back, and the highest version known.
        self._held: StoredSnapshot | None = None
        self._highest = 0
        self._known_version = 0
        self._rejected_version = 0
        self._load_lock = threading.Lock()
        self._health = Availability(describe(client), "snapshot store",
                                    "serving the last snapshot from memory",
                                    retry_after=retry_after, monotonic=monotonic)

    @property
    def available(self) -> bool:
        """False from a failed Redis call until the next success (for /readyz)."""
        return not self._health.down

    def describe(self) -> str:
        """``redis host:port/db``, never the password."""
        return "redis " + describe(self.client)

    @property
    def held(self) -> StoredSnapshot | None:
        """The newest snapshot this store has written or read, even if Redis lost it since."""
        return self._held

    @property
    def loaded(self) -> StoredSnapshot | None:
        """The snapshot last read or written here, from memory: what a web node serves."""
        return self._cached

    @property
    def known_version(self) -> int:
        """The newest version last seen in Redis or written here, from memory."""
        return self._known_version

    @property
    def loaded_checks(self) -> Checks:
        """The check times last read or written here, from memory."""
        return self.check_times.held

    def checks(self) -> Checks:
        """When each part was last confirmed: one HGETALL, or memory while Redis is away."""
        if not self._health.may_try():
            return self.check_times.held
        return self.check_times.read(self._health)

    def put_check(self, part: str, moment: datetime) -> None:
        """Record a successful check of ``part`` (one HSET); no new version."""
        self.check_times.put(part, moment, self._health)

    def forget_held(self, stored: StoredSnapshot) -> None:
        """Stop holding ``stored`` (Redis has newer data under a lower version)."""
        with self._load_lock:
            if self._held is stored:
                self._held = None  # the next read holds what Redis has

    def close(self) -> None:
        """Close the client's connections (the client is shared: close once, at shutdown)."""
        self.client.close()

    def version(self) -> int:
        """The newest version: one GET, or the last known one while Redis is unreachable."""
        if self._health.may_try():
            try:
                self._poll_version()
            except RedisError as error:
                self._health.failed(error)
            else:
                self._health.succeeded()
        return self._known_version

    def get(self) -> StoredSnapshot | None:
        """The newest snapshot; the body is fetched only when the version changed."""
        if not self._health.may_try():
            return self._cached
        try:
            version = self._poll_version()
            cached = self._cached
            if version and version != self._rejected_version and (
                    cached is None or cached.version != version):
                self._load()
        except RedisError as error:
            self._health.failed(error)
        else:
            self._health.succeeded()
        return self._cached

    def put(self, snapshot: Snapshot, expected_version: int | None = None) -> int:
        """Store as the next version; refused when Redis holds one newer than expected."""
        floor = self._highest
        args = [snapshot.model_dump_json(), "" if expected_version is None else expected_version,
                floor, self.channel]
        try:
            accepted, version = self._put_script(keys=[self.version_key, self.snapshot_key],
                                                 args=args)
        except RedisError as error:
            self._health.failed(error)
            raise RedisUnavailableError(f"snapshot not written: redis at {self._health.where} "
                                        f"unavailable ({type(error).__name__})") from error
        self._health.succeeded()
        if not accepted:
            raise StaleWriteError(expected_version, int(version))
        with self._load_lock:
            self._remember(StoredSnapshot(version=int(version), snapshot=snapshot))
            self._known_version = max(self._known_version, int(version))
        return int(version)

    def _remember(self, stored: StoredSnapshot) -> None:
        self._cached = stored
        self._highest = max(self._highest, stored.version)
        if self._held is None or stored.version >= self._held.version:
            self._held = stored

    def _poll_version(self) -> int:
        raw = self.client.get(self.version_key)
        version = int(raw) if raw is not None else 0
        self._highest = max(self._highest, version)
        # An empty Redis (flushed, restarted without persistence) keeps what memory holds.
        if version:
            self._known_version = version
        return version

    def _load(self) -> None:
        # Serialised, and each load reads the hash afresh, so a slow load cannot replace a
        # newer snapshot another thread loaded meanwhile.
        with self._load_lock:
            raw_version, body = self.client.hmget(self.snapshot_key, ["version", "body"])
            if raw_version is None or body is None:
                return
            version = int(raw_version)
            if self._cached is not None and self._cached.version == version:
                return
            try:
                snapshot = read_snapshot(body)
            except (ValidationError, ValueError) as error:
                if version != self._rejected_version:
                    log.error("snapshot version %d in redis is unreadable (%s); serving the "
                              "previous one", version, type(error).__name__)
                self._rejected_version = version
                return
            if self._cached is not None and version < self._cached.version:
                log.warning("redis went back from version %d to %d (its data was lost); "
                            "following it", self._cached.version, version)
            self._remember(StoredSnapshot(version=version, snapshot=snapshot))


def store_from_url(url: str | None, data_dir: Path, prefix: str = KEY_PREFIX) -> SnapshotStore:
    """The store TICKER_STORE names: the file store when empty or ``file:``, else Redis."""
    value = redis_url(url)
    if value is None:
        return FileStore(data_dir)
    try:
        client = client_from_url(value)
    except ValueError as error:  # the message may hold the password
        raise ConfigError(f"{STORE_VARIABLE}: the redis:// URL is invalid "
                          f"({type(error).__name__})") from None
    return RedisStore(client, prefix)
