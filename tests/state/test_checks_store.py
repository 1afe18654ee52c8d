"""The check record beside the snapshot, in both stores: written without a new version, read
by every other reader (another process's file store, another node's Redis watch), and never
moved back in time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from support.clock import NOW
from support.redisfix import RedisServer
from support.snapshots import snapshot

from ticker.core.checks import OBSERVATIONS
from ticker.state.redis_store import RedisStore
from ticker.state.redis_watch import HeldStore, RedisWatch
from ticker.state.store import CHECKS_FILE, FileStore, read_checked


def test_a_check_in_the_file_store_makes_no_version_and_reaches_other_readers(
        tmp_path: Path) -> None:
    writer, reader = FileStore(tmp_path), FileStore(tmp_path)
    writer.put(snapshot(1.0))
    assert read_checked(reader).snapshot.checks.at == {}  # type: ignore[union-attr]
    for minutes in (10, 20):
        writer.put_check(OBSERVATIONS, NOW + timedelta(minutes=minutes))
        assert reader.checks().of(OBSERVATIONS) == NOW + timedelta(minutes=minutes)
    writer.put_check(OBSERVATIONS, NOW)  # an older check moves nothing
    assert reader.checks().of(OBSERVATIONS) == NOW + timedelta(minutes=20)
    assert writer.version() == reader.version() == 1
    stored = read_checked(reader)
    assert stored is not None and stored.snapshot.checks == reader.checks()
    assert stored.snapshot.served_like(snapshot(1.0))


def test_an_unreadable_check_file_is_no_check(tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / CHECKS_FILE).write_text("{not json", encoding="utf-8")
    assert FileStore(tmp_path).checks().at == {}
    assert "checks file" in caplog.text


@pytest.mark.redis
def test_a_check_in_redis_makes_no_version_and_reaches_every_node(server: RedisServer) -> None:
    writer, node = RedisStore(server.client()), RedisStore(server.client())
    watch = RedisWatch(node)
    writer.put(snapshot(1.0))
    watch.poll()
    held = HeldStore(node)
    writer.put_check("warnings", NOW)
    assert held.checks().of("warnings") is None  # memory, until the watch's next poll
    watch.poll()
    assert held.checks().of("warnings") == NOW and held.version() == 1
    # Redis lost the hash: the node keeps the newest it saw.
    server.client().flushall()
    watch.poll()
    assert held.checks().of("warnings") == NOW
    node.close()
    writer.close()


@pytest.fixture
def server(redis_server: RedisServer) -> RedisServer:
    """The conftest's private redis-server."""
    return redis_server
