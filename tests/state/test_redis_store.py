"""The Redis store against a real redis-server: compare-and-set writes, one-GET polling,
and readers that keep serving from memory through an outage and pick up where Redis resumes.

"Not asked on every request" is counted in connection attempts under a clock moved by hand,
not timed: a loaded machine makes anything slow, but never makes an extra attempt.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import pytest
import redis
from support.clock import NOW, Clock
from support.redisfix import RedisServer, counting
from support.snapshots import snapshot

from ticker.core.errors import ConfigError, StoreUnavailableError
from ticker.core.observations import Snapshot
from ticker.state.keeper import Lease
from ticker.state.leader import LeaderElection, RedisLock
from ticker.state.redis_conn import RedisUnavailableError, client_from_url
from ticker.state.redis_store import RedisStore, StaleWriteError, store_from_url
from ticker.state.snapshot_copy import SnapshotCopy
from ticker.state.store import FileStore


@pytest.fixture
def server(redis_server: RedisServer) -> RedisServer:
    """The conftest's private redis-server, by this module's short name."""
    return redis_server


def command_calls(client: redis.Redis) -> dict[str, int]:
    """Data commands since the last CONFIG RESETSTAT, as the server counted them."""
    stats = client.info("commandstats")
    calls = {name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in stats.items()}
    return {name: count for name, count in calls.items()
            if not name.startswith(("config", "info"))}


def test_an_empty_store_has_no_snapshot_and_version_zero(server: RedisServer) -> None:
    store = RedisStore(server.client())
    assert store.get() is None
    assert store.version() == 0


def test_put_then_get_round_trips_and_another_node_sees_it(server: RedisServer) -> None:
    writer, reader = RedisStore(server.client()), RedisStore(server.client())
    assert writer.put(snapshot(1.0)) == 1
    assert writer.put(snapshot(2.0)) == 2
    stored = reader.get()
    assert stored is not None
    assert (stored.version, stored.snapshot) == (2, snapshot(2.0))
    assert reader.version() == 2


def test_a_put_based_on_an_older_version_is_refused(server: RedisServer) -> None:
    first, second = RedisStore(server.client()), RedisStore(server.client())
    assert first.put(snapshot(1.0), expected_version=0) == 1
    assert second.put(snapshot(2.0), expected_version=1) == 2
    with pytest.raises(StaleWriteError) as refused:
        first.put(snapshot(9.0), expected_version=1)
    assert (refused.value.expected, refused.value.current) == (1, 2)
    stored = RedisStore(server.client()).get()
    assert stored is not None
    assert (stored.version, stored.snapshot) == (2, snapshot(2.0))


def test_prefixes_keep_two_deployments_apart(server: RedisServer) -> None:
    blue, green = RedisStore(server.client(), "blue"), RedisStore(server.client(), "green")
    blue.put(snapshot(1.0))
    assert green.get() is None
    assert sorted(server.client().keys("*")) == ["blue:snapshot", "blue:version"]


def test_racing_writers_get_distinct_strictly_increasing_versions(server: RedisServer) -> None:
    per_writer, writers = 40, 3
    results: list[list[int]] = [[] for _ in range(writers)]
    stores = [RedisStore(server.client()) for _ in range(writers)]
    start = threading.Barrier(writers)

    def write(index: int) -> None:
        start.wait()
        for i in range(per_writer):
            results[index].append(stores[index].put(snapshot(float(i))))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for versions in results:
        assert versions == sorted(set(versions))
    assert sorted(v for versions in results for v in versions) == list(
        range(1, per_writer * writers + 1))


def test_of_two_writers_racing_from_the_same_base_exactly_one_wins(server: RedisServer) -> None:
    rounds = 25
    stores = [RedisStore(server.client()), RedisStore(server.client())]
    step = threading.Barrier(2)
    wins = [0, 0]

    def contend(index: int) -> None:
        for _ in range(rounds):
            step.wait()
            stored = stores[index].get()
            base = stored.version if stored else 0
            step.wait()  # both have read the same base before either writes
            try:
                stores[index].put(snapshot(float(index)), expected_version=base)
                wins[index] += 1
            except StaleWriteError:
                pass

    threads = [threading.Thread(target=contend, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(wins) == rounds
    assert RedisStore(server.client()).version() == rounds


def test_a_reader_sees_a_new_version_with_one_get(server: RedisServer) -> None:
    admin, writer, reader = server.client(), RedisStore(server.client()), RedisStore(
        server.client())
    writer.put(snapshot(1.0))
    reader.get()
    writer.put(snapshot(2.0))
    admin.config_resetstat()
    assert reader.version() == 2
    assert command_calls(admin) == {"get": 1}
    stored = reader.get()
    assert stored is not None
    assert stored.snapshot == snapshot(2.0)
    assert command_calls(admin) == {"get": 2, "hmget": 1}
    reader.get()  # unchanged version: no body transfer
    assert command_calls(admin) == {"get": 3, "hmget": 1}


def test_each_new_version_is_published(server: RedisServer) -> None:
    store = RedisStore(server.client())
    pubsub = server.client().pubsub()
    try:
        pubsub.subscribe(store.channel)
        # Subscribed for sure before anything is published: wait for the confirmation.
        confirmation = pubsub.get_message(timeout=30)
        assert confirmation is not None and confirmation["type"] == "subscribe"
        store.put(snapshot(1.0))
        message = pubsub.get_message(timeout=30)
    finally:
        pubsub.close()
    assert message is not None
    assert (message["channel"], message["data"]) == ("ticker:versions", "1")


def test_an_unreadable_body_is_logged_once_and_not_served(
        server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    writer, reader = RedisStore(server.client()), RedisStore(server.client())
    writer.put(snapshot(1.0))
    reader.get()
    server.client().hset("ticker:snapshot", mapping={"version": 2, "body": "{not json"})
    server.client().set("ticker:version", 2)
    for _ in range(3):
        stored = reader.get()
        assert stored is not None
        assert stored.version == 1
    assert caplog.text.count("unreadable") == 1


def test_a_reader_serves_memory_through_an_outage_and_resumes(
        server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    writer = RedisStore(server.client())
    clock = Clock()
    reader_client = server.client()
    dials = counting(reader_client)
    reader = RedisStore(reader_client, retry_after=0.2, monotonic=clock.monotonic)
    writer.put(snapshot(1.0))
    assert reader.get() is not None
    server.kill()
    before = dials.dials

    for _ in range(200):
        stored = reader.get()
        assert stored is not None
        assert (stored.version, stored.snapshot) == (1, snapshot(1.0))
        assert reader.version() == 1
    # The first request after the kill found redis gone; the other 399 did not ask it.
    assert dials.dials - before <= 1, "a dead redis must not be asked on every request"
    after = dials.dials
    clock.advance(0.2)
    assert reader.get() is not None
    assert dials.dials == after + 1  # one probe per retry_after, however many requests
    assert not reader.available
    assert caplog.text.count("redis unavailable for the snapshot store") == 1
    with pytest.raises(RedisUnavailableError) as failed:
        writer.put(snapshot(2.0))
    assert isinstance(failed.value, StoreUnavailableError)  # a store outage, not an upstream one

    server.start()  # same port, empty: its data died with the old process
    clock.advance(0.2)
    assert reader.get() == writer.get()  # nothing in redis yet: memory still serves
    # The writer remembers version 1, so versions keep growing although redis lost them.
    assert writer.put(snapshot(2.0)) == 2
    stored = reader.get()
    assert stored is not None
    assert (stored.version, stored.snapshot) == (2, snapshot(2.0))
    assert reader.available
    # Once per store: the reader's 400 calls and the writer's one.
    assert caplog.text.count("redis unavailable for the snapshot store") == 2
    assert caplog.text.count("redis recovered for the snapshot store") == 2


def test_a_black_holed_redis_costs_one_short_timeout_then_nothing(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with socket.socket() as hole:
        hole.bind(("127.0.0.1", 0))
        hole.listen()  # connects complete in the kernel; nothing ever answers
        client = client_from_url(f"redis://127.0.0.1:{hole.getsockname()[1]}/0")
        dials = counting(client)
        store = RedisStore(client, monotonic=Clock().monotonic)
        try:
            started = time.monotonic()
            assert store.get() is None
            first = time.monotonic() - started
            assert dials.dials == 1  # one timeout, no hidden retries
            for _ in range(100):
                assert store.get() is None
                assert store.version() == 0
            assert dials.dials == 1  # then nothing until the retry interval has passed
        finally:
            store.close()
    assert first >= 0.9  # the client's 1 s socket timeout, not an instant failure
    assert "TimeoutError" in caplog.text


@pytest.mark.parametrize("value", [None, "", "  ", "file", "file:", "file://"])
def test_an_unset_or_file_store_url_keeps_the_file_store(tmp_path: Path,
                                                        value: str | None) -> None:
    store = store_from_url(value, tmp_path)
    assert isinstance(store, FileStore)
    assert store.path.parent == tmp_path


def test_a_redis_url_gives_a_working_redis_store_with_short_timeouts(
        server: RedisServer, tmp_path: Path) -> None:
    store = store_from_url(server.url, tmp_path)
    assert isinstance(store, RedisStore)
    try:
        assert store.put(snapshot(1.0)) == 1
        kwargs = store.client.connection_pool.connection_kwargs
        assert kwargs["socket_timeout"] == kwargs["socket_connect_timeout"] == 1.0
    finally:
        store.close()
    assert RedisStore(server.client()).version() == 1


@pytest.mark.parametrize("value", [
    "http://127.0.0.1:6379/0",
    "/var/lib/ticker",
    "file:/var/lib/ticker",
    "redis://:hunter2@127.0.0.1:notaport/0",
    "redis://:hunter2@127.0.0.1:6379/notadb",
    "redis://:hunter2@/0",
    "redis://:hunter2@127.0.0.1:0/0",
])
def test_any_other_store_url_is_a_config_error_that_hides_the_value(tmp_path: Path,
                                                                    value: str) -> None:
    with pytest.raises(ConfigError) as rejected:
        store_from_url(value, tmp_path)
    assert "TICKER_STORE" in str(rejected.value)
    assert "hunter2" not in str(rejected.value)


def restart_empty(server: RedisServer) -> None:
    """Kill redis-server and start it again on the same port with no data, as after a crash."""
    server.kill()
    server.start()
    assert server.client().dbsize() == 0


def election(server: RedisServer) -> LeaderElection:
    """A worker's election on the usual lease key, not yet beating."""
    return LeaderElection(RedisLock(server.client(), "ticker:leader", 30_000))


def shared(server: RedisServer) -> tuple[int, Snapshot] | None:
    """What a web node started now would serve."""
    stored = RedisStore(server.client()).get()
    return (stored.version, stored.snapshot) if stored else None


def test_the_leaders_next_beat_restores_a_snapshot_redis_lost(
        server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    worker = election(server)
    writer = worker.fenced(RedisStore(server.client()))
    assert worker.beat()
    writer.get()
    assert writer.put(snapshot(1.0)) == 1
    writer.get()
    assert writer.put(snapshot(2.0)) == 2
    reader = RedisStore(server.client())
    assert reader.get() is not None
    restart_empty(server)
    assert shared(server) is None
    assert worker.beat()  # takes the lease again, then writes back what Redis lost
    assert shared(server) == (2, snapshot(2.0))
    assert server.client().get("ticker:version") == "2"
    assert caplog.text.count("redis had lost snapshot version 2 (it held none)") == 1
    # Same version, same body: a node that kept it in memory has nothing to reload.
    assert reader.get() == RedisStore(server.client()).get()
    assert worker.beat()
    assert caplog.text.count("redis had lost") == 1
    # Versions go on from there.
    writer.get()
    assert writer.put(snapshot(3.0)) == 3


def test_a_standby_that_takes_over_restores_what_it_observed(server: RedisServer) -> None:
    active, standby = election(server), election(server)
    writer = active.fenced(RedisStore(server.client()))
    standby.fenced(RedisStore(server.client()))
    assert active.beat()
    writer.get()
    writer.put(snapshot(1.0))
    assert not standby.beat()  # a standby's beat reads the snapshot it may have to restore
    restart_empty(server)
    assert standby.beat()
    assert shared(server) == (1, snapshot(1.0))
    assert not active.beat()


def test_a_refresh_judges_what_redis_holds(server: RedisServer) -> None:
    worker = election(server)
    writer = worker.fenced(RedisStore(server.client()))
    assert worker.beat()
    writer.get()
    writer.put(snapshot(1.0))
    restart_empty(server)
    # The scheduler's tick: the beat inside run() and the read put the snapshot back first.
    stored = worker.run(writer.get)
    assert stored is not None
    assert shared(server) == (stored.version, stored.snapshot) == (1, snapshot(1.0))


def test_redis_back_on_an_older_copy_is_brought_forward(server: RedisServer) -> None:
    worker = election(server)
    writer = worker.fenced(RedisStore(server.client()))
    assert worker.beat()
    writer.get()
    writer.put(snapshot(1.0, NOW))
    old_body = server.client().hget("ticker:snapshot", "body")
    writer.get()
    writer.put(snapshot(2.0, NOW.replace(minute=40)))
    # As if Redis came back from a dump taken at version 1.
    server.client().hset("ticker:snapshot", mapping={"version": 1, "body": old_body})
    server.client().set("ticker:version", 1)
    assert worker.beat()
    assert shared(server) == (2, snapshot(2.0, NOW.replace(minute=40)))


def test_a_newer_snapshot_under_a_lower_version_is_never_overwritten(
        server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    worker = election(server)
    store = RedisStore(server.client())
    writer = worker.fenced(store)
    assert worker.beat()
    writer.get()
    for temperature in (1.0, 2.0, 3.0):
        writer.get()
        writer.put(snapshot(temperature))
    restart_empty(server)
    # Another writer stored newer data first, under version 1.
    newer = snapshot(9.0, NOW.replace(minute=59))
    assert RedisStore(server.client()).put(newer) == 1
    assert worker.beat()
    assert shared(server) == (1, newer)
    assert "holds newer data" in caplog.text
    assert store.held is None
    assert writer.get() == store.held
    assert store.held is not None and store.held.snapshot == newer


def test_a_restore_needs_the_lease_and_never_lowers_the_version(server: RedisServer) -> None:
    store = RedisStore(server.client())
    store.put(snapshot(1.0))
    copy = SnapshotCopy(store)
    restart_empty(server)
    lock = RedisLock(server.client(), "ticker:leader", 30_000)
    assert lock.acquire_or_renew()
    assert not copy.restore(Lease(lock.key, "somebody-else"))
    assert shared(server) is None
    RedisStore(server.client()).put(snapshot(5.0))
    RedisStore(server.client()).put(snapshot(6.0))
    assert not copy.restore(Lease(lock.key, lock.token))
    assert shared(server) == (2, snapshot(6.0))


@pytest.mark.redis
def test_a_password_in_the_url_works_and_never_reaches_a_log_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cret-in-the-url"
    server = RedisServer(tmp_path, password=secret)
    server.start()
    try:
        store = store_from_url(server.url, tmp_path)
        assert isinstance(store, RedisStore)
        assert store.put(snapshot(1.0)) == 1
        wrong = RedisStore(client_from_url(server.url.replace(secret, "a-wrong-secret")))
        assert wrong.get() is None  # refused: logged as unavailable, served from memory
        server.kill()
        assert store.get() is not None
        store.close()
        wrong.close()
    finally:
        server.close_clients()
        server.kill()
    assert "redis unavailable for the snapshot store" in caplog.text
    assert secret not in caplog.text and "a-wrong-secret" not in caplog.text
