"""Daily upstream-call accounting in Redis, shared by every worker of one deployment.

The portals count calls per key, not per machine, so with several workers the count must
live in one place. One hash per KST day::

    ticker:quota:2025-12-01   calls:<source>     HINCRBY per recorded run
                              last_run:<source>  ISO time of the source's latest run

Each day's hash expires about a day after that day ends; nothing has to clean up. The
allowance rules are the file ledger's (``ticker.quota.judge``), so both pace alike.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

import redis
from redis.exceptions import RedisError

from ticker.core.kst import kst_day, next_midnight
from ticker.core.quota import QuotaDay, day_report, judge
from ticker.state.redis_conn import RETRY_AFTER, Availability, Monotonic, describe

log = logging.getLogger(__name__)

# A day's counts stay readable through the next day, for reports that straddle midnight.
KEEP_AFTER_DAY_ENDS = timedelta(days=1)
CALLS = "calls:"
LAST_RUN = "last_run:"


def _text(value: str | bytes) -> str:
    # The ledger works with clients with or without decode_responses.
    return value.decode() if isinstance(value, bytes) else value


class RedisQuotaLedger:
    """A QuotaLedger in Redis: per-KST-day counters that every worker adds to."""

    def __init__(self, client: redis.Redis, limits: dict[str, int | None],
                 prefix: str = "ticker", *, retry_after: float = RETRY_AFTER,
                 monotonic: Monotonic = time.monotonic) -> None:
        self.client = client
        self._limits = dict(limits)
        self._prefix = f"{prefix}:quota:"
        self._health = Availability(describe(client), "quota ledger",
                                    "runs of limited sources paused, calls not counted",
                                    retry_after=retry_after, monotonic=monotonic)

    def key(self, now: datetime) -> str:
        """The hash holding ``now``'s KST day."""
        return self._prefix + kst_day(now).isoformat()

    def _today(self, now: datetime) -> QuotaDay:
        if not self._health.may_try():
            raise RedisError("skipped while redis is unavailable")
        try:
            fields = self.client.hgetall(self.key(now))
        except RedisError as error:
            self._health.failed(error)
            raise
        self._health.succeeded()
        today = QuotaDay(day=kst_day(now))
        for raw_name, raw_value in fields.items():
            name, value = _text(raw_name), _text(raw_value)
            if name.startswith(CALLS):
                today.calls[name.removeprefix(CALLS)] = int(value)
            elif name.startswith(LAST_RUN):
                today.last_run[name.removeprefix(LAST_RUN)] = datetime.fromisoformat(value)
        return today

    def used(self, source: str, now: datetime) -> int:
        """Calls ``source`` made today (0 while Redis is unreachable)."""
        try:
            return self._today(now).calls.get(source, 0)
        except RedisError:
            return 0

    def record(self, source: str, calls: int, now: datetime) -> None:
        """Add calls and the run time; never raises, since the calls were made either way."""
        key = self.key(now)
        # Relative to ``now`` rather than an absolute EXPIREAT, so an injected clock cannot
        # set an expiry in the past and delete the counts at once.
        ttl = next_midnight(now) - now + KEEP_AFTER_DAY_ENDS
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.hincrby(key, CALLS + source, calls)
                pipe.hset(key, LAST_RUN + source, now.isoformat())
                pipe.expire(key, ttl)
                pipe.execute()
        except RedisError as error:
            self._health.failed(error)
            log.error("%d %s call(s) not counted: redis unavailable", calls, source)
            return
        self._health.succeeded()

    def allows(self, source: str, planned_calls: int, now: datetime) -> tuple[bool, str]:
        """No when the budget or pace says so, or when a limited source cannot be counted."""
        limit = self._limits.get(source)
        if limit is None:
            return True, ""
        try:
            today = self._today(now)
        except RedisError:
            # Uncounted calls could overrun the key's daily limit for every worker at once.
            return False, "quota ledger unavailable (redis); paused until it is back"
        return judge(today, source, limit, planned_calls, now)

    def report(self, now: datetime) -> dict[str, Any]:
        """Per source: calls today, the daily limit and what is left; or why it is unknown."""
        try:
            return day_report(self._today(now), self._limits)
        except RedisError:
            return {"day": kst_day(now).isoformat(), "error": "quota ledger unavailable (redis)"}
