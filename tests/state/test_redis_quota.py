"""The Redis quota ledger: the file ledger's rules, counts shared by every worker, per KST day."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.redisfix import RedisServer, running_redis

from ticker.core.kst import KST
from ticker.core.quota import QuotaLedger
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.keeper import Lease
from ticker.state.leader import RedisLock
from ticker.state.redis_ledger import RedisQuotaLedger

NOON = datetime(2025, 12, 1, 12, 0, tzinfo=KST)

Limits = dict[str, int | None]
MakeLedger = Callable[[Limits], QuotaLedger]


@pytest.fixture
def server(redis_server: RedisServer) -> RedisServer:
    """The conftest's private redis-server, by this module's short name."""
    return redis_server


@pytest.fixture(params=["file", pytest.param("redis", marks=pytest.mark.redis)])
def make_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeLedger]:
    """Ledgers of one kind sharing one place, so each rule is checked on both backends."""
    if request.param == "file":
        yield lambda limits: FileQuotaLedger(tmp_path / "data", limits)
        return
    with running_redis(tmp_path) as running:
        yield lambda limits: RedisQuotaLedger(running.client(), limits)


def test_counts_reset_at_midnight_kst_not_utc(make_ledger: MakeLedger) -> None:
    ledger = make_ledger({"vilage": 100})
    late = datetime(2025, 12, 1, 23, 59, tzinfo=KST)
    ledger.record("vilage", 100, late)
    assert not ledger.allows("vilage", 1, late)[0]
    # 00:01 KST is still the previous day in UTC: the reset must follow KST.
    after = datetime(2025, 12, 2, 0, 1, tzinfo=KST)
    assert ledger.report(after).sources["vilage"].calls == 0
    assert ledger.allows("vilage", 1, after)[0]


def test_a_spent_budget_pauses_until_midnight(make_ledger: MakeLedger) -> None:
    ledger = make_ledger({"vilage": 40})
    ledger.record("vilage", 20, NOON - timedelta(hours=3))
    allowed, why = ledger.allows("vilage", 32, NOON)
    assert not allowed
    assert "midnight" in why


def test_the_cadence_stretches_when_the_budget_runs_low(make_ledger: MakeLedger) -> None:
    ledger = make_ledger({"vilage": 10_000})
    ledger.record("vilage", 10_000 - 32 * 12, NOON)  # 12 runs of 32 calls left, 12 h to go
    allowed, why = ledger.allows("vilage", 32, NOON + timedelta(minutes=10))
    assert not allowed
    assert "stretched to one every 59 min" in why
    # 11 h 50 min to midnight shared by 12 runs: one every 59 minutes.
    assert ledger.allows("vilage", 32, NOON + timedelta(minutes=60)) == (True, "")


def test_unlimited_sources_are_counted_and_always_allowed(make_ledger: MakeLedger) -> None:
    ledger = make_ledger({"asos": None, "vilage": 10_000})
    ledger.record("asos", 5_000, NOON)
    ledger.record("vilage", 34, NOON)
    assert ledger.allows("asos", 1, NOON) == (True, "")
    assert ledger.report(NOON).model_dump(mode="json") == {
        "day": "2025-12-01",
        "asos": {"calls": 5_000, "limit": None, "remaining": None},
        "vilage": {"calls": 34, "limit": 10_000, "remaining": 9_966},
    }


def test_two_workers_add_to_one_count(server: RedisServer) -> None:
    limits: Limits = {"vilage": 100}
    first = RedisQuotaLedger(server.client(), limits)
    second = RedisQuotaLedger(server.client(), limits)
    first.record("vilage", 60, NOON)
    second.record("vilage", 30, NOON + timedelta(minutes=1))
    assert first.report(NOON).sources["vilage"].calls == 90
    assert second.report(NOON).sources["vilage"].calls == 90
    allowed, why = second.allows("vilage", 32, NOON + timedelta(hours=1))
    assert not allowed
    assert "90/100" in why


def test_a_days_counts_expire_a_day_after_it_ends(server: RedisServer) -> None:
    ledger = RedisQuotaLedger(server.client(), {"vilage": 100})
    ledger.record("vilage", 1, NOON)
    ttl = server.client().ttl(ledger.key(NOON))
    assert ttl == pytest.approx((timedelta(hours=12) + timedelta(days=1)).total_seconds(), abs=5)
    assert ledger.key(NOON) == "ticker:quota:2025-12-01"
    # Redis keeps the run time, so pacing holds across workers and restarts.
    assert server.client().hget(ledger.key(NOON), "last_run:vilage") == NOON.isoformat()


def test_without_redis_limited_sources_pause_and_nothing_raises(
        server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    ledger = RedisQuotaLedger(server.client(), {"vilage": 10_000, "asos": None}, retry_after=0)
    server.kill()
    allowed, why = ledger.allows("vilage", 1, NOON)
    assert not allowed
    assert "unavailable" in why
    assert ledger.allows("asos", 1, NOON) == (True, "")
    ledger.record("vilage", 3, NOON)
    assert "3 vilage call(s) not counted" in caplog.text
    assert ledger.report(NOON).model_dump(mode="json") == {
        "day": "2025-12-01", "error": "quota ledger unavailable (redis)"}
    assert caplog.text.count("redis unavailable for the quota ledger") == 1
    server.start()
    ledger.record("vilage", 2, NOON)
    # The 3 uncounted calls were made all the same: remembered, they still count here.
    assert ledger.report(NOON).sources["vilage"].calls == 5
    assert server.client().hget(ledger.key(NOON), "calls:vilage") == "2"
    assert caplog.text.count("redis recovered for the quota ledger") == 1


def restart_empty(server: RedisServer) -> None:
    """Kill redis-server and start it again on the same port with no data, as after a crash."""
    server.kill()
    server.start()
    assert server.client().dbsize() == 0


def holding_lease(server: RedisServer) -> Lease:
    """Take the lease as a leader would, and return it."""
    lock = RedisLock(server.client(), "ticker:leader", 30_000)
    assert lock.acquire_or_renew()
    return Lease(lock.key, lock.token)


def test_the_leader_writes_back_the_counts_redis_lost(server: RedisServer,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    ledger = RedisQuotaLedger(server.client(), {"vilage": 100})
    ledger.record("vilage", 60, NOON)
    ledger.record("asos", 7, NOON)
    restart_empty(server)
    # Before anything is written back, the ledger already judges by what it remembers.
    allowed, why = ledger.allows("vilage", 50, NOON + timedelta(hours=1))
    assert not allowed
    assert "60/100" in why
    lease = holding_lease(server)
    assert ledger.restore(lease)
    assert "restored them" in caplog.text
    client = server.client()
    assert client.hgetall(ledger.key(NOON)) == {
        "calls:vilage": "60", "calls:asos": "7",
        "last_run:vilage": NOON.isoformat(), "last_run:asos": NOON.isoformat()}
    # Expires when the day's hash would have: a day after midnight, seen from the last read.
    ttl = client.ttl(ledger.key(NOON))
    assert ttl == pytest.approx((timedelta(hours=11) + timedelta(days=1)).total_seconds(), abs=5)
    # A second restore finds nothing missing.
    assert not ledger.restore(lease)


def test_a_restore_never_lowers_a_count(server: RedisServer) -> None:
    leader = RedisQuotaLedger(server.client(), {"vilage": 1_000})
    leader.record("vilage", 60, NOON)
    restart_empty(server)
    other = RedisQuotaLedger(server.client(), {"vilage": 1_000})
    other.record("vilage", 90, NOON + timedelta(minutes=5))
    assert not leader.restore(holding_lease(server))
    assert server.client().hget(leader.key(NOON), "calls:vilage") == "90"
    # The run time written after the loss is newer than the remembered one: it stays.
    later = (NOON + timedelta(minutes=5)).isoformat()
    assert server.client().hget(leader.key(NOON), "last_run:vilage") == later


def test_without_the_lease_a_restore_writes_nothing(server: RedisServer) -> None:
    ledger = RedisQuotaLedger(server.client(), {"vilage": 100})
    ledger.record("vilage", 60, NOON)
    restart_empty(server)
    lease = holding_lease(server)
    assert not ledger.restore(Lease(lease.key, "somebody-else"))
    assert server.client().exists(ledger.key(NOON)) == 0


def test_a_standby_remembers_the_counts_it_observed(server: RedisServer) -> None:
    RedisQuotaLedger(server.client(), {"vilage": 100}).record("vilage", 42, NOON)
    standby = RedisQuotaLedger(server.client(), {"vilage": 100}, clock=lambda: NOON)
    standby.observe()
    restart_empty(server)
    assert standby.restore(holding_lease(server))
    assert server.client().hget(standby.key(NOON), "calls:vilage") == "42"
