"""One active fetcher: the Redis lease, the election's heartbeat and hand-over, and the fences
that stop a paused leader from writing after another one took over.

No test races a short TTL against a sleep: time passing is played by PEXPIRE (or by waiting
for Redis to expire a key), and leases that must hold during a step are long.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from support.redisfix import CountingLock, RedisServer

from ticker.core.kst import KST
from ticker.core.observations import Snapshot
from ticker.state.fenced import FencedStore
from ticker.state.leader import LeaderElection, RedisLock
from ticker.state.redis_conn import RedisUnavailableError
from ticker.state.redis_ledger import RedisQuotaLedger
from ticker.state.redis_store import RedisStore, StaleWriteError

CHILD = Path(__file__).parent.parent / "support" / "leader_child.py"
LOCK = "ticker:leader"
# Far longer than any stall of a loaded machine, and than every wait below.
LONG_MS = 60_000
# Generous deadline for conditions that normally hold within milliseconds.
PATIENCE = 30.0


def snapshot(source: str) -> Snapshot:
    """A snapshot that says who wrote it."""
    return Snapshot(source=source, sample=False, updated_at=datetime(2025, 12, 1, tzinfo=KST),
                    observations=())


def wait_until(condition: Callable[[], bool], timeout: float = PATIENCE) -> None:
    """Return once ``condition`` holds; fail the test if it has not within ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never held"
        time.sleep(0.01)


@pytest.fixture
def server(redis_server: RedisServer) -> RedisServer:
    """The conftest's private redis-server, by this module's short name."""
    return redis_server


def test_redis_py_lock_is_not_the_lease(server: RedisServer) -> None:
    """Why RedisLock is not ``redis.lock.Lock`` (see its docstring), shown on a real Redis."""
    client = server.client()
    theirs = client.lock("redis-py:lease", timeout=60, blocking=False)
    assert theirs.acquire()
    # A heartbeat's "renew if ours, else take": Lock refuses what it already holds...
    assert not theirs.acquire()
    # ...and its token, taken on one thread, is unknown on another (the refresh thread).
    token_elsewhere: list[object] = []
    other = threading.Thread(
        target=lambda: token_elsewhere.append(getattr(theirs.local, "token", None)))
    other.start()
    other.join()
    assert token_elsewhere == [None]
    ours = RedisLock(client, LOCK, LONG_MS)
    assert ours.acquire_or_renew() and ours.acquire_or_renew()  # takes, then renews
    assert client.get(LOCK) == ours.token  # one token, the one the restore scripts check


def test_only_one_of_two_contenders_holds_the_lock(server: RedisServer) -> None:
    first, second = (RedisLock(server.client(), LOCK, 5_000) for _ in range(2))
    assert first.acquire_or_renew()
    assert not second.acquire_or_renew()
    assert first.acquire_or_renew()
    assert not second.acquire_or_renew()
    assert server.client().get(LOCK) == first.token


def test_only_the_owner_can_release(server: RedisServer) -> None:
    owner, other = (RedisLock(server.client(), LOCK, 5_000) for _ in range(2))
    owner.acquire_or_renew()
    assert not other.release()
    assert server.client().get(LOCK) == owner.token
    assert owner.release()
    assert server.client().get(LOCK) is None
    assert other.acquire_or_renew()


def test_renewing_extends_the_lease_and_only_for_the_owner(server: RedisServer) -> None:
    owner, other = (RedisLock(server.client(), LOCK, LONG_MS) for _ in range(2))
    owner.acquire_or_renew()
    admin = server.client()
    admin.pexpire(LOCK, LONG_MS // 6)  # most of the lease has run out
    assert not other.acquire_or_renew()
    assert admin.pttl(LOCK) <= LONG_MS // 6
    assert owner.acquire_or_renew()
    assert admin.pttl(LOCK) > LONG_MS // 6  # back to a whole TTL (less the few ms since)
    assert not other.acquire_or_renew()


def test_an_expired_lease_lets_another_take_over(server: RedisServer) -> None:
    gone, standby = (RedisLock(server.client(), LOCK, 150) for _ in range(2))
    gone.acquire_or_renew()
    wait_until(lambda: server.client().exists(LOCK) == 0)  # Redis expired it
    assert standby.acquire_or_renew()
    assert not gone.acquire_or_renew()
    assert not gone.release()
    assert server.client().get(LOCK) == standby.token


def test_only_the_leader_runs_the_job(server: RedisServer) -> None:
    leader = LeaderElection(RedisLock(server.client(), LOCK, 5_000))
    standby = LeaderElection(RedisLock(server.client(), LOCK, 5_000))
    runs: list[str] = []
    assert leader.run(lambda: runs.append("leader") or 1) == 1
    assert standby.run(lambda: runs.append("standby") or 2) is None
    assert runs == ["leader"]
    assert leader.is_leader()
    assert not standby.is_leader()


def test_the_heartbeat_keeps_the_lease_and_a_clean_stop_hands_it_over(server: RedisServer
                                                                      ) -> None:
    locks = [CountingLock(server.client(), LOCK, LONG_MS) for _ in range(2)]
    first, second = (LeaderElection(lock, renew_every=0.05) for lock in locks)
    first.start()
    second.start()
    try:
        # Several heartbeats each: the holder renews, the other keeps being refused.
        wait_until(lambda: min(lock.beats for lock in locks) >= 5)
        assert first.is_leader()
        assert not second.is_leader()
        first.stop()
        # Released, not left to expire: the key is gone or already the successor's at once,
        # and the successor leads long before the TTL could have run out.
        assert server.client().get(LOCK) in (None, locks[1].token)
        wait_until(second.is_leader, timeout=LONG_MS / 1000 / 2)
    finally:
        first.stop()
        second.stop()


def test_a_killed_leader_is_replaced_after_its_ttl(server: RedisServer) -> None:
    # The child's lease outlasts any stall while it lives; the standby then waits it out.
    child = subprocess.Popen([sys.executable, str(CHILD), server.url, "lead", "8000"],
                             stdout=subprocess.PIPE, text=True)
    lock = CountingLock(server.client(), LOCK, LONG_MS)
    standby = LeaderElection(lock, renew_every=0.1)
    admin = server.client()
    try:
        assert child.stdout is not None
        word, token = child.stdout.readline().split()
        assert word == "leading"
        standby.start()
        wait_until(lambda: lock.beats >= 3)
        assert not standby.is_leader()
        child.kill()  # SIGKILL: no release, the lease must run out
        child.wait()
        assert admin.get(LOCK) == token and admin.pttl(LOCK) > 0  # still the dead child's
        wait_until(standby.is_leader)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()  # type: ignore[union-attr]
        standby.stop()
    assert admin.get(LOCK) in (None, lock.token)


@pytest.mark.parametrize("guard", ["lease", "version"])
def test_a_paused_leader_cannot_write_after_another_took_over(server: RedisServer,
                                                              guard: str) -> None:
    """A leader thread stalls past its TTL mid-refresh; its late write is refused."""
    RedisStore(server.client()).put(snapshot("first"))
    paused = LeaderElection(RedisLock(server.client(), LOCK, 200))
    paused_store = RedisStore(server.client())
    fenced = paused.fenced(paused_store) if guard == "lease" else FencedStore(paused_store)
    read, resume = threading.Event(), threading.Event()
    outcome: list[object] = []

    def refresh() -> int:
        fenced.get()
        read.set()
        resume.wait()  # the stall: no heartbeat runs, so the lease lapses
        return fenced.put(snapshot("paused"))

    worker = threading.Thread(target=lambda: outcome.append(paused.run(refresh)))
    worker.start()
    assert read.wait(timeout=PATIENCE)
    # The stall outlasts the lease: Redis expires the key (the local lease ends 10% sooner).
    wait_until(lambda: server.client().exists(LOCK) == 0)
    assert not paused.is_leader()
    successor = LeaderElection(RedisLock(server.client(), LOCK, LONG_MS))
    assert successor.run(lambda: successor.fenced(RedisStore(server.client())).put(
        snapshot("successor"))) is None  # nothing read first: base 0 is stale, refused
    assert successor.run(lambda: _refresh(successor, RedisStore(server.client()))) == 2
    resume.set()
    worker.join()
    assert outcome == [None]
    stored = RedisStore(server.client()).get()
    assert stored is not None
    assert (stored.version, stored.snapshot.source) == (2, "successor")


def _refresh(election: LeaderElection, store: RedisStore) -> int:
    fenced = election.fenced(store)
    fenced.get()
    return fenced.put(snapshot("successor"))


@pytest.mark.parametrize("guard", ["lease", "version"])
def test_a_sigstopped_leader_process_is_refused_when_it_wakes(server: RedisServer,
                                                              guard: str) -> None:
    RedisStore(server.client()).put(snapshot("first"))
    child = subprocess.Popen([sys.executable, str(CHILD), server.url, guard],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    # A long lease, so the woken child cannot win the lock back before it tries to write.
    successor = LeaderElection(RedisLock(server.client(), LOCK, LONG_MS))
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready 1"
        os.kill(child.pid, signal.SIGSTOP)  # heartbeat and all: frozen past the TTL
        wait_until(successor.beat)
        assert _refresh(successor, RedisStore(server.client())) == 2
        os.kill(child.pid, signal.SIGCONT)
        answer, _ = child.communicate("go\n", timeout=PATIENCE)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGCONT)
            child.kill()
            child.communicate()
        successor.stop()
    assert answer.startswith("refused")
    assert ("lease" in answer) == (guard == "lease")
    stored = RedisStore(server.client()).get()
    assert stored is not None
    assert (stored.version, stored.snapshot.source) == (2, "successor")


def test_a_leader_without_redis_stops_leading_and_says_so_once(
        server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    lock = RedisLock(server.client(), LOCK, 5_000)
    election = LeaderElection(lock)
    assert election.beat()
    server.kill()
    with pytest.raises(RedisUnavailableError):
        lock.acquire_or_renew()
    assert not election.beat()
    assert not election.beat()
    assert election.run(lambda: pytest.fail("ran without the lock")) is None
    assert not election.is_leader()
    assert caplog.text.count("redis unavailable for the leader lock") == 1
    assert caplog.text.count("no longer the leader") == 1
    election.stop()  # releasing against a dead redis must not raise


def test_a_refused_write_is_logged_not_raised(server: RedisServer,
                                              caplog: pytest.LogCaptureFixture) -> None:
    election = LeaderElection(RedisLock(server.client(), LOCK, 5_000))
    store = RedisStore(server.client())
    store.put(snapshot("first"))

    def stale() -> int:
        raise StaleWriteError(0, 1)

    assert election.run(stale) is None
    assert "refresh not stored (stale write)" in caplog.text


def test_the_heartbeat_refills_a_redis_restarted_empty(server: RedisServer) -> None:
    """Snapshot and quota counts are back within a beat or two, with no refresh run."""
    noon = datetime(2025, 12, 1, 12, tzinfo=KST)
    election = LeaderElection(RedisLock(server.client(), LOCK, 1_500))
    store = RedisStore(server.client())
    writer = election.fenced(store)
    ledger = RedisQuotaLedger(server.client(), {"vilage": 100}, clock=lambda: noon)
    election.keep(ledger)
    election.start()
    try:
        wait_until(election.is_leader, timeout=5)
        writer.get()
        version = writer.put(snapshot("kept"))
        ledger.record("vilage", 12, noon)
        server.kill()
        server.start()
        fresh = server.client()

        def refilled() -> bool:
            stored = RedisStore(fresh).get()
            return (stored is not None and stored.version == version
                    and fresh.hget(ledger.key(noon), "calls:vilage") == "12")

        wait_until(refilled, timeout=15)
    finally:
        election.stop()
    stored = RedisStore(server.client()).get()
    assert stored is not None
    assert stored.snapshot.source == "kept"
