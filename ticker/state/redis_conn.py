"""Talking to Redis: a client that fails fast, the error we raise, one log line per outage.

Every Redis user in the service (snapshot store, leader lock, quota ledger) shares these rules:
a dead or black-holed Redis must cost at most about a second per attempt and never block
serving, so clients get short socket timeouts and no automatic retries; callers decide what
to do instead (serve memory, skip a run) and back off on their own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ticker.core.errors import StoreUnavailableError
from ticker.core.health import Health

log = logging.getLogger(__name__)

# What every key of the service in Redis starts with: ``ticker:version``, ``ticker:quota:…``.
KEY_PREFIX = "ticker"
# Seconds. Redis answers in well under a millisecond on a LAN; a second means it is gone.
TIMEOUT = 1.0
# Seconds between attempts while Redis is unreachable, so requests do not queue on it.
RETRY_AFTER = 1.0

Monotonic = Callable[[], float]


class RedisUnavailableError(StoreUnavailableError):
    """Redis could not be reached or timed out; a write did not happen."""

    failure_class = "redis unavailable"


def client_from_url(url: str, timeout: float = TIMEOUT) -> redis.Redis:
    """A client for ``redis://host:port/db`` with short timeouts and no hidden retries."""
    # redis-py >= 6 retries three times with backoff by default; that would turn one dead
    # Redis into several seconds per request, so retries are ours to decide.
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                retry=Retry(NoBackoff(), 0), decode_responses=True)


def describe(client: redis.Redis) -> str:
    """``host:port/db`` of a client, for log lines; never the password."""
    kwargs = client.connection_pool.connection_kwargs
    if "path" in kwargs:
        return f"unix:{kwargs['path']}"
    return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{kwargs.get('db', 0)}"


class Availability(Health):
    """Whether Redis answered lately, for one user: each outage and recovery said once.

    While Redis is down only one caller per ``retry_after`` seconds may try it; the others
    get an immediate "no" and fall back, so a dead Redis costs one timeout per second at most
    instead of one per request.
    """

    def __init__(self, where: str, what: str, fallback: str,
                 retry_after: float = RETRY_AFTER, monotonic: Monotonic = time.monotonic) -> None:
        super().__init__(f"redis for the {what}", log, monotonic, probe_every=retry_after)
        self.where = where
        self.what = what
        self.fallback = fallback

    def _report_failure(self, error: BaseException, previous: BaseException | None) -> None:
        # Every Redis error means the same to its users: only the first of an outage is said.
        if previous is None:
            log.warning("redis unavailable for the %s at %s (%s: %s); %s", self.what,
                        self.where, type(error).__name__, error, self.fallback)

    def _report_recovery(self, last: BaseException, failures: int, since: float) -> None:
        log.warning("redis recovered for the %s at %s after %.1f s", self.what, self.where,
                    self._clock() - since)
