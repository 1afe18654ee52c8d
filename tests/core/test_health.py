"""The one failure-bookkeeping primitive: each transition said once, and the one kept wait."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from support.clock import NOW, Clock

from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    RejectedKeyError,
    RetryLaterError,
)
from ticker.core.health import Health

LOG = logging.getLogger("ticker.test.health")


def said(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(record.levelno, record.getMessage()) for record in caplog.records
            if record.name == LOG.name]


def test_each_transition_is_said_once(clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOG.name)
    health = Health("feed fetch", LOG, clock)
    health.succeeded()  # nothing to say while it works
    health.failed(NetworkError("connection refused"))
    health.failed(NetworkError("connection refused"))
    assert health.down and str(health.failing) == "connection refused"
    health.failed(MalformedPayloadError("bad"))
    health.failed(MalformedPayloadError("bad"))
    health.succeeded()
    health.succeeded()
    assert not health.down and health.failing is None
    assert said(caplog) == [
        (logging.WARNING, "feed fetch failing (network): connection refused"),
        (logging.DEBUG, "feed fetch still failing (network): connection refused"),
        (logging.WARNING, "feed fetch still failing, now (malformed): bad"),
        (logging.DEBUG, "feed fetch still failing (malformed): bad"),
        (logging.WARNING, "feed fetch recovered after 4 failed run(s) (last: malformed)"),
    ]


def test_a_rejected_key_is_said_at_error(clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    first = Health("dust fetch", LOG, clock)
    first.failed(RejectedKeyError("key not registered"))
    changed = Health("warnings fetch", LOG, clock)
    changed.failed(NetworkError("reset"))
    changed.failed(RejectedKeyError("key expired"))
    assert said(caplog) == [
        (logging.ERROR, "dust fetch failing (rejected key): key not registered"),
        (logging.WARNING, "warnings fetch failing (network): reset"),
        (logging.ERROR, "warnings fetch still failing, now (rejected key): key expired"),
    ]


def test_any_exception_fails_under_its_type_name(clock: Clock,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    Health("cache", LOG, clock).failed(TimeoutError("slow"))
    assert said(caplog) == [(logging.WARNING, "cache failing (TimeoutError): slow")]


def test_a_retry_after_is_kept_until_its_time(clock: Clock) -> None:
    health = Health("forecast fetch", LOG, clock)
    until = NOW + timedelta(seconds=30)
    health.failed(RetryLaterError("HTTP 429", until))
    assert health.not_before == until
    assert not health.may_try()
    assert not health.may_try(until - timedelta(microseconds=1))
    clock.now = until
    assert health.may_try()
    assert health.not_before is None  # the wait is over: no probe rule without probe_every
    assert health.may_try()


def test_a_wait_without_a_failure_series(clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    # A client told to wait mid-fetch: the wait holds, but whoever owns the series says it.
    health = Health("API Hub", LOG, clock)
    health.postpone(NOW + timedelta(seconds=5))
    assert not health.down
    assert not health.may_try(NOW)
    assert health.may_try(NOW + timedelta(seconds=5))
    assert said(caplog) == []


def test_while_down_one_caller_per_interval_probes(clock: Clock) -> None:
    health = Health("redis", LOG, clock, probe_every=timedelta(seconds=1))
    assert health.may_try()
    health.failed(ConnectionError("refused"))
    assert not health.may_try()
    clock.now += timedelta(seconds=1)
    assert health.may_try()  # this caller probes...
    assert not health.may_try()  # ...the others fall back meanwhile
    health.failed(ConnectionError("refused"))
    clock.now += timedelta(milliseconds=999)
    assert not health.may_try()  # each failure starts the interval again
    health.succeeded()
    assert health.may_try() and health.may_try()


def test_first_in_series_is_true_once_per_series(clock: Clock) -> None:
    health = Health("asos fetch", LOG, clock)
    health.failed(NetworkError("down"))
    assert health.first_in_series("postponed")
    assert not health.first_in_series("postponed")
    assert health.first_in_series("paused")
    health.succeeded()
    assert health.first_in_series("postponed")


def test_a_quiet_health_records_without_saying(clock: Clock,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOG.name)
    health = Health("asos fetch", LOG, clock)
    health.quiet = True
    health.failed(RetryLaterError("HTTP 503", NOW + timedelta(seconds=9)))
    assert health.down and not health.may_try()
    health.succeeded()
    assert said(caplog) == []


def test_concurrent_failures_are_counted_and_said_once(clock: Clock,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    health = Health("snapshot store", LOG, clock)
    start = threading.Barrier(8)

    def fail_many() -> None:
        start.wait()
        for _ in range(100):
            health.failed(NetworkError("down"))

    threads = [threading.Thread(target=fail_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    health.succeeded()
    assert said(caplog) == [
        (logging.WARNING, "snapshot store failing (network): down"),
        (logging.WARNING, "snapshot store recovered after 800 failed run(s) (last: network)"),
    ]
