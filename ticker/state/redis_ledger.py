"""Daily upstream-call accounting in Redis, shared by every worker of one deployment.

The portals count calls per key, not per machine, so with several workers the count must
live in one place. One hash per KST day::

    ticker:quota:2025-12-01   calls:<source>     HINCRBY per recorded run
                              last_run:<source>  ISO time of the source's latest run

Each day's hash expires about a day after that day ends; nothing has to clean up. The
allowance rules are the file ledger's (``ticker.core.quota.judge``), so both pace alike.

Counts only grow within a day, so each ledger remembers the highest it has seen for the
latest day and judges by the larger of that and what Redis says: a Redis that lost its data
cannot hand out a budget already spent. As a shared copy (``ticker.state.keeper``) the
leader's ledger writes the remembered counts back, field by field, never lowering one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import redis
from redis.exceptions import RedisError

from ticker.core.kst import KST, kst_day, next_midnight
from ticker.core.quota import QuotaDay, QuotaReport, day_report, judge
from ticker.state.keeper import LEASE_CHECK, Lease
from ticker.state.redis_conn import KEY_PREFIX, RETRY_AFTER, Availability, Monotonic, describe

log = logging.getLogger(__name__)

# A day's counts stay readable through the next day, for reports that straddle midnight.
KEEP_AFTER_DAY_ENDS = timedelta(days=1)
CALLS = "calls:"
LAST_RUN = "last_run:"


# KEYS: lease, day hash. ARGV: token, TTL ms, then field/value pairs. Raises each count to
# the remembered one and fills a missing run time; returns how many fields it wrote.
RESTORE_SCRIPT = LEASE_CHECK + """
local written = 0
for i = 3, #ARGV, 2 do
  local field, ours = ARGV[i], ARGV[i + 1]
  local current = redis.call('HGET', KEYS[2], field)
  local is_count = string.sub(field, 1, 6) == 'calls:'
  if (not current) or (is_count and tonumber(current) < tonumber(ours)) then
    redis.call('HSET', KEYS[2], field, ours)
    written = written + 1
  end
end
if written > 0 and redis.call('PTTL', KEYS[2]) < 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return written
"""


def _text(value: str | bytes) -> str:
    # The ledger works with clients with or without decode_responses.
    return value.decode() if isinstance(value, bytes) else value


class RedisQuotaLedger:
    """A QuotaLedger in Redis: per-KST-day counters that every worker adds to."""

    name = "quota ledger"

    def __init__(self, client: redis.Redis, limits: dict[str, int | None],
                 prefix: str = KEY_PREFIX, *, retry_after: float = RETRY_AFTER,
                 monotonic: Monotonic = time.monotonic,
                 clock: Callable[[], datetime] = lambda: datetime.now(KST)) -> None:
        self.client = client
        self._limits = dict(limits)
        self._prefix = f"{prefix}:quota:"
        self._monotonic = monotonic
        self._clock = clock
        self._restore_script = client.register_script(RESTORE_SCRIPT)
        # The latest day seen: its highest counts and the monotonic time its hash expires.
        self._memory: QuotaDay | None = None
        self._memory_expires = 0.0
        self._memory_lock = threading.Lock()
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
        return self._remember(today, now)

    def _remember(self, seen: QuotaDay, now: datetime) -> QuotaDay:
        """Merge ``seen`` into memory; the larger of both for that day."""
        with self._memory_lock:
            memory = self._memory
            if memory is not None and memory.day > seen.day:
                return seen  # an older day than the one remembered: not kept
            if memory is not None and memory.day == seen.day:
                for source, calls in memory.calls.items():
                    seen.calls[source] = max(calls, seen.calls.get(source, 0))
                for source, ran in memory.last_run.items():
                    seen.last_run[source] = max(ran, seen.last_run.get(source, ran))
            self._memory = seen.model_copy(deep=True)
            self._memory_expires = self._monotonic() + self._ttl(now).total_seconds()
            return seen

    @staticmethod
    def _ttl(now: datetime) -> timedelta:
        # Relative to ``now`` rather than an absolute EXPIREAT, so an injected clock cannot
        # set an expiry in the past and delete the counts at once.
        return next_midnight(now) - now + KEEP_AFTER_DAY_ENDS

    def record(self, source: str, calls: int, now: datetime) -> None:
        """Add calls and the run time; never raises, since the calls were made either way."""
        key = self.key(now)
        with self._memory_lock:
            memory = self._memory
            before = memory.calls.get(source, 0) if memory and memory.day == kst_day(now) else 0
        done = QuotaDay(day=kst_day(now), calls={source: before + calls},
                        last_run={source: now})
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.hincrby(key, CALLS + source, calls)
                pipe.hset(key, LAST_RUN + source, now.isoformat())
                pipe.expire(key, self._ttl(now))
                counted = pipe.execute()[0]
        except RedisError as error:
            self._health.failed(error)
            log.error("%d %s call(s) not counted: redis unavailable (remembered here, "
                      "written back when it returns)", calls, source)
            self._remember(done, now)
            return
        self._health.succeeded()
        done.calls[source] = max(int(counted), before + calls)
        self._remember(done, now)

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

    def report(self, now: datetime) -> QuotaReport:
        """Per source: calls today, the daily limit and what is left; or why it is unknown."""
        try:
            return day_report(self._today(now), self._limits)
        except RedisError:
            return QuotaReport(day=kst_day(now), error="quota ledger unavailable (redis)")

    def remembered(self, now: datetime) -> QuotaReport:
        """The report from the counts last seen, without asking Redis (for /readyz)."""
        day = kst_day(now)
        with self._memory_lock:
            memory = self._memory
            seen = memory.model_copy(deep=True) if memory is not None else None
        if seen is None or self._health.down:
            return QuotaReport(day=day, error="quota ledger unavailable (redis)")
        # Counts start again at midnight; memory may still hold yesterday's.
        return day_report(seen if seen.day == day else QuotaDay(day=day), self._limits)

    def observe(self) -> None:
        """Remember today's counts as Redis holds them now; never raises."""
        self.report(self._clock())

    def restore(self, lease: Lease) -> bool:
        """Raise Redis' counts for the remembered day back to memory's; never raises."""
        with self._memory_lock:
            memory, left = self._memory, self._memory_expires - self._monotonic()
        if memory is None or left <= 0:
            return False
        fields: list[str | int] = []
        for source, calls in memory.calls.items():
            fields += [CALLS + source, calls]
        for source, ran in memory.last_run.items():
            fields += [LAST_RUN + source, ran.isoformat()]
        key = self._prefix + memory.day.isoformat()
        try:
            written = int(self._restore_script(keys=[lease.key, key],
                                               args=[lease.token, int(left * 1000), *fields]))
        except RedisError as error:
            log.debug("quota counts not restored: redis unavailable (%s)", type(error).__name__)
            return False
        if written > 0:
            log.warning("redis had lost %d quota field(s) of %s; restored them from this "
                        "worker's memory", written, memory.day.isoformat())
        return written > 0
