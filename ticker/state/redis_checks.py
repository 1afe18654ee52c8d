"""The check times in Redis: one hash beside the snapshot, ``{part: ISO time}``.

Written by the lease holder after each successful fetch, read by every node's watch; a
check that found nothing new writes here and changes no snapshot version.
"""

from __future__ import annotations

import logging
from datetime import datetime

import redis
from pydantic import ValidationError
from redis.exceptions import RedisError

from ticker.core.checks import NO_CHECKS, Checks
from ticker.core.held import HELD_STATE
from ticker.state.redis_conn import Availability, RedisUnavailableError

log = logging.getLogger(__name__)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisChecks:
    """The hash of check times, and the newest ones seen here (a check never goes back)."""

    def __init__(self, client: redis.Redis, key: str) -> None:
        self.client = client
        self.key = key
        self.held = NO_CHECKS

    def read(self, health: Availability) -> Checks:
        """The check times in Redis merged into those held; the held ones when unreadable."""
        try:
            raw = self.client.hgetall(self.key)
        except RedisError as error:
            health.failed(error)
            return self.held
        health.succeeded()
        try:
            read = Checks.model_validate(
                {"at": {_text(key): _text(value) for key, value in raw.items()}},
                context=HELD_STATE)
        except (ValidationError, ValueError) as error:
            log.error("check times in redis are unreadable (%s); keeping the last ones",
                      type(error).__name__)
            return self.held
        # A Redis that lost the hash keeps what memory holds.
        checks = self.held
        for part, moment in read.at.items():
            checks = checks.with_check(part, moment)
        self.held = checks
        return checks

    def put(self, part: str, moment: datetime, health: Availability) -> None:
        """Record a check of ``part``; RedisUnavailableError when Redis does not answer."""
        checks = self.held.with_check(part, moment)
        try:
            self.client.hset(self.key, part, checks.at[part].isoformat())
        except RedisError as error:
            health.failed(error)
            raise RedisUnavailableError(f"check not written: redis at {health.where} "
                                        f"unavailable ({type(error).__name__})") from error
        health.succeeded()
        self.held = checks
