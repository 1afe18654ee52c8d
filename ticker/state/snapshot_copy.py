"""The snapshot as a shared copy: the lease holder writes back what Redis lost.

Redis is judged by its snapshot hash (``version`` field), the key readers load from. It is
restored from the store's ``held`` snapshot when the hash is missing or older, and only if
no writer has gone past the held version. An older hash that carries newer data (Redis went
back to an old dump, then another worker wrote on top of it) wins: the store stops holding
its copy instead of overwriting real data with a higher number.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError
from redis.exceptions import RedisError

from ticker.core.observations import read_snapshot
from ticker.state.keeper import LEASE_CHECK, Lease
from ticker.state.redis_store import RedisStore
from ticker.state.store import StoredSnapshot

log = logging.getLogger(__name__)

# KEYS: lease, version, snapshot. ARGV: token, version, body, channel, the hash version the
# caller compared against. 1 when written, 0 when Redis changed meanwhile, -1 without the lease.
RESTORE_SCRIPT = LEASE_CHECK + """
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local stored = tonumber(redis.call('HGET', KEYS[3], 'version') or '0')
local ours = tonumber(ARGV[2])
if current > ours or stored >= ours or stored ~= tonumber(ARGV[5]) then return 0 end
redis.call('SET', KEYS[2], ours)
redis.call('HSET', KEYS[3], 'version', ours, 'body', ARGV[3])
redis.call('PUBLISH', ARGV[4], ours)
return 1
"""


class SnapshotCopy:
    """Keeps the snapshot in Redis whole from a RedisStore's memory (a ``SharedCopy``)."""

    name = "snapshot"

    def __init__(self, store: RedisStore) -> None:
        self.store = store
        self._script = store.client.register_script(RESTORE_SCRIPT)

    def observe(self) -> None:
        """Read the newest snapshot, so this worker holds it should Redis lose it."""
        self.store.get()

    def restore(self, lease: Lease) -> bool:
        """Write the held snapshot back if Redis has none or an older one; never raises."""
        held = self.store.held
        if held is None:
            return False
        try:
            return self._restore(held, lease)
        except RedisError as error:
            # The store's own reads log the outage once; a restore is retried next beat.
            log.debug("snapshot not restored: redis unavailable (%s)", type(error).__name__)
            return False

    def _restore(self, held: StoredSnapshot, lease: Lease) -> bool:
        client, store = self.store.client, self.store
        with client.pipeline(transaction=False) as pipe:
            pipe.get(store.version_key)
            pipe.hget(store.snapshot_key, "version")
            raw_current, raw_stored = pipe.execute()
        current, stored = int(raw_current or 0), int(raw_stored or 0)
        if current > held.version or stored >= held.version:
            return False
        if stored and self._holds_newer_data(stored, held):
            store.forget_held(held)
            return False
        written = int(self._script(keys=[lease.key, store.version_key, store.snapshot_key],
                                   args=[lease.token, held.version,
                                         held.snapshot.model_dump_json(), store.channel,
                                         stored]))
        if written == 1:
            log.warning("redis had lost snapshot version %d (it held %s); restored it from "
                        "this worker's memory", held.version, stored or "none")
        return written == 1

    def _holds_newer_data(self, stored: int, held: StoredSnapshot) -> bool:
        body = self.store.client.hget(self.store.snapshot_key, "body")
        try:
            theirs = read_snapshot(body or "")
        except (ValidationError, ValueError):
            return False  # unreadable: the held snapshot is better than nothing
        if theirs.updated_at <= held.snapshot.updated_at:
            return False
        log.warning("redis went back to snapshot version %d but holds newer data than version "
                    "%d held here; keeping it", stored, held.version)
        return True
