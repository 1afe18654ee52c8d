"""Shared copies the lease holder keeps whole: what Redis lost, a worker's memory puts back.

Redis may come back without its data (no persistence, a restore from an older dump, a
failover to an empty replica, a flush). Nothing would write the snapshot again until the
next refresh found something due — with sample data never — and web nodes started meanwhile
would have nothing to serve. So every worker remembers the shared state it last saw, and the
worker holding the lease writes back whatever Redis is missing or holds an older copy of: on
each heartbeat (every third of the lease, so within one lease period) and just before a
refresh judges whether it is due, so that judgement is made on what Redis holds.

A restore is fenced twice: its Lua script checks, atomically with the write, that the lease
key still holds the caller's token; and each kind compares before it writes, so a copy newer
than the remembered one is never overwritten.

A further key (the 24-hour history, say) joins by implementing ``SharedCopy`` and being
passed to ``LeaderElection.keep``: ``observe`` refreshes the process's memory of it (every
worker, every beat, so a standby that takes over can restore too) and ``restore`` writes it
back when Redis holds less, starting its script with ``LEASE_CHECK``.
"""

from __future__ import annotations

import logging
import threading
from typing import NamedTuple, Protocol

log = logging.getLogger(__name__)

# The first lines of every restore script: KEYS[1] is the lease, ARGV[1] the caller's token.
# Returns -1 when the caller no longer holds the lease, before anything is written.
LEASE_CHECK = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
"""


class Lease(NamedTuple):
    """The lease key and the token its holder set: the fence a restore script checks."""

    key: str
    token: str


class SharedCopy(Protocol):
    """One piece of shared state that a worker's memory can put back into Redis."""

    name: str

    def observe(self) -> None:
        """Refresh what this process remembers of the shared copy; never raises."""
        ...

    def restore(self, lease: Lease) -> bool:
        """Write the remembered copy back if Redis lost it or holds less; never raises."""
        ...


class Keeper:
    """The shared copies one worker watches, observed and restored together."""

    def __init__(self) -> None:
        self._copies: list[SharedCopy] = []
        # The heartbeat and a refresh job may both restore; one at a time keeps logs single.
        self._lock = threading.Lock()

    def keep(self, copy: SharedCopy) -> None:
        """Watch ``copy`` from now on."""
        with self._lock:
            self._copies.append(copy)

    def observe(self) -> None:
        """Remember what Redis holds now (a standby, so it can restore once it leads)."""
        with self._lock:
            for copy in self._copies:
                copy.observe()

    def restore(self, lease: Lease) -> list[str]:
        """Put back what Redis lost, under ``lease``; the names of the copies written."""
        with self._lock:
            return [copy.name for copy in self._copies if copy.restore(lease)]
