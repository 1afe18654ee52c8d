"""The file store: versions only grow, restarts see the last write, and a writer killed at
any moment leaves the old or the new snapshot, never a torn file."""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import time
from pathlib import Path

import pytest
from support.clock import NOW
from support.stations import CITIES

from ticker.core.conditions import Condition
from ticker.core.observations import Observation, Snapshot
from ticker.state.jsonfile import STALE_TEMP_SECONDS
from ticker.state.store import SNAPSHOT_FILE, FileStore


def snapshot(temperature: float, padding: int = 0) -> Snapshot:
    """A snapshot of all cities at one temperature; ``padding`` lengthens the file."""
    observations = tuple(
        Observation(city_id=city.id, temperature_c=temperature + i / 10,
                    condition=Condition.CLEAR, observed_at=NOW, source="asos" + "x" * padding)
        for i, city in enumerate(CITIES))
    return Snapshot(source="asos", sample=False, updated_at=NOW, observations=observations)


def test_empty_store_has_no_snapshot_and_version_zero(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    assert store.get() is None
    assert store.version() == 0


def test_put_then_get_round_trips_with_growing_versions(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "nested")
    assert store.put(snapshot(1.0)) == 1
    assert store.put(snapshot(2.0)) == 2
    stored = store.get()
    assert stored is not None
    assert stored.version == 2
    assert stored.snapshot == snapshot(2.0)


def test_a_new_store_on_the_same_directory_serves_the_last_snapshot(tmp_path: Path) -> None:
    FileStore(tmp_path).put(snapshot(3.0))
    restarted = FileStore(tmp_path)
    stored = restarted.get()
    assert stored is not None
    assert (stored.version, stored.snapshot) == (1, snapshot(3.0))


def test_a_reader_sees_another_writers_new_version(tmp_path: Path) -> None:
    reader, writer = FileStore(tmp_path), FileStore(tmp_path)
    writer.put(snapshot(1.0))
    assert reader.version() == 1
    writer.put(snapshot(2.0))
    assert reader.version() == 2
    assert reader.get().snapshot == snapshot(2.0)  # type: ignore[union-attr]


def test_versions_continue_above_what_another_writer_stored(tmp_path: Path) -> None:
    first, second = FileStore(tmp_path), FileStore(tmp_path)
    first.put(snapshot(1.0))
    first.put(snapshot(1.5))
    assert second.put(snapshot(2.0)) == 3


def test_unreadable_file_is_reported_and_not_served(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / SNAPSHOT_FILE).write_text("{not json", encoding="utf-8")
    assert FileStore(tmp_path).get() is None
    assert "unreadable" in caplog.text


def test_stale_temp_files_of_killed_writers_are_removed(tmp_path: Path) -> None:
    leftover = tmp_path / ".snapshot-dead.tmp"  # the temp prefix is ".<stem>-"
    leftover.write_text("partial", encoding="utf-8")
    old = time.time() - STALE_TEMP_SECONDS - 5
    os.utime(leftover, (old, old))
    young = tmp_path / ".snapshot-inflight.tmp"
    young.write_text("partial", encoding="utf-8")
    FileStore(tmp_path).put(snapshot(1.0))
    assert not leftover.exists()
    assert young.exists()


def _writer_forever(directory: Path) -> None:
    """Child process body: write new snapshots as fast as possible until killed."""
    try:
        store = FileStore(directory)
        temperature = 0.0
        while True:
            temperature += 1
            store.put(snapshot(temperature, padding=2000))
    finally:
        os._exit(1)


def test_sigkill_at_random_moments_never_leaves_a_torn_file(tmp_path: Path,
                                                           pytestconfig: pytest.Config) -> None:
    """Writers killed mid-stream (``--kill-iterations``; CI kills hundreds): the file always
    parses, versions never drop."""
    logging.getLogger("ticker.state.store").setLevel(logging.CRITICAL)
    rng = random.Random(20251201)
    path = tmp_path / SNAPSHOT_FILE
    last_version = 0
    kills = 0
    # Until enough kills and enough progress, however slowly a loaded machine gets there;
    # the deadline only turns a writer that never progresses into a failure, not a hang.
    deadline = time.monotonic() + 90
    while kills < pytestconfig.getoption("kill_iterations") or last_version <= 10:
        assert time.monotonic() < deadline, f"{kills} kills, version {last_version}"
        pid = os.fork()
        if pid == 0:
            _writer_forever(tmp_path)
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        if not path.exists():
            assert last_version == 0
            continue
        document = json.loads(path.read_bytes())  # raises on a torn file
        stored = FileStore(tmp_path).get()
        assert stored is not None
        assert stored.version == document["version"] >= last_version
        last_version = stored.version
