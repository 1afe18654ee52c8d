"""A feed's run: its own failing/recovered lines, its own quota line, its last good part kept
through failures, the observations untouched, and no new version for unchanged data until it
must be confirmed."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.clock import Clock
from support.scripted import ScriptedSource
from support.scripted_feed import ScriptedWarnings, row
from support.stations import by_ids

from ticker.app.refresh.feed_refresher import FeedRefresher, feed_log
from ticker.app.refresh.refresher import Refresher
from ticker.core.conditions import Condition
from ticker.core.errors import MalformedPayloadError, NetworkError
from ticker.core.freshness import Freshness
from ticker.core.health import Health
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.sources.chain import CallCounter
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.state.writer import SnapshotWriter

T0 = datetime(2025, 12, 1, 9, 12, tzinfo=KST)
TWO = by_ids(["seoul", "busan"])
COLD = row("L1100400", "한파", "주의", T0.replace(hour=6))
SNOW = row("L1100400", "대설", "주의", T0.replace(hour=7))
SEOUL = {"seoul": Observation(city_id="seoul", temperature_c=3.8, condition=Condition.CLEAR,
                              observed_at=T0.replace(minute=0), source="asos")}


class Rig:
    """A store holding one observations snapshot, and a warnings feed writing beside it."""

    def __init__(self, tmp_path: Path, *answers: object, limit: int | None = None) -> None:
        self.clock = Clock(T0)
        self.store = FileStore(tmp_path)
        self.writer = SnapshotWriter(self.store)
        Refresher(ScriptedSource(answers=[SEOUL]), self.store, TWO, self.clock,
                  writer=self.writer).run()
        self.ledger = FileQuotaLedger(tmp_path, {"warnings": limit})
        counter = CallCounter()
        self.feed = ScriptedWarnings(answers=list(answers), on_call=counter)  # type: ignore[arg-type]
        self.refresher = FeedRefresher(
            self.feed, self.writer, TWO, self.clock, self.ledger, every=timedelta(minutes=5),
            health=Health("warnings fetch", feed_log("warnings"), self.clock), counter=counter)

    def rows(self) -> object:
        stored = self.store.get()
        assert stored is not None
        return None if stored.snapshot.warnings is None else stored.snapshot.warnings.warnings

    def version(self) -> int:
        return self.store.version()


def test_a_failing_feed_keeps_its_last_part_and_touches_nothing_else(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ticker.feeds.warnings")
    rig = Rig(tmp_path, (COLD,), NetworkError("timed out"), MalformedPayloadError("truncated"),
              (COLD, SNOW))
    assert rig.refresher.run() == 2
    observations = rig.store.get().snapshot.observations  # type: ignore[union-attr]
    for _ in range(2):
        rig.clock.advance(300)
        assert rig.refresher.run() is None
        assert rig.rows() == (COLD,)
        assert rig.store.get().snapshot.observations == observations  # type: ignore[union-attr]
    rig.clock.advance(300)
    assert rig.refresher.run() == 3
    assert rig.rows() == (COLD, SNOW)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert said == ["warnings fetch failing (network): timed out",
                    "warnings fetch still failing, now (malformed): truncated",
                    "warnings fetch recovered after 2 failed run(s) (last: malformed)"]


def test_unchanged_data_keeps_the_version_and_records_each_check(tmp_path: Path) -> None:
    rig = Rig(tmp_path, (COLD,))
    assert rig.refresher.run() == 2
    first = rig.store.get().snapshot.warnings  # type: ignore[union-attr]
    assert rig.store.checks().of("warnings") == T0
    for _ in range(12):  # an hour: twice the 30-minute limit
        rig.clock.advance(300)
        assert rig.refresher.run() is None  # same rows: the version (and every ETag) holds
        assert rig.store.checks().of("warnings") == rig.clock()
    assert rig.version() == 2 and rig.feed.fetched == 13
    assert rig.store.get().snapshot.warnings == first  # type: ignore[union-attr]
    # Judged by the last check, the unchanged list is still shown an hour after its store.
    snapshot = rig.store.get().snapshot.model_copy(  # type: ignore[union-attr]
        update={"checks": rig.store.checks()})
    assert Freshness().warnings_of(snapshot, rig.clock()) == ((COLD,), rig.clock())


def test_a_feed_stores_unchanged_data_once(tmp_path: Path) -> None:
    rig = Rig(tmp_path, (COLD,))
    assert rig.refresher.run() == 2
    rig.clock.advance(7 * 24 * 3600)
    assert rig.refresher.run() is None


def test_each_call_counts_on_the_feeds_own_quota_line(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    rig = Rig(tmp_path, (COLD,), NetworkError("timed out"), limit=2)
    rig.refresher.run()
    rig.clock.advance(300)
    assert rig.refresher.run() is None and rig.feed.fetched == 1  # paced: one call left
    assert any("feed warnings skipped: 1 calls left today" in r.getMessage()
               for r in caplog.records)
    rig.clock.advance(8 * 3600)
    rig.refresher.run()  # a failed call counts too
    usage = rig.ledger.report(rig.clock()).sources["warnings"]
    assert (usage.calls, usage.remaining) == (2, 0)
    rig.clock.advance(300)
    assert rig.refresher.run() is None and rig.feed.fetched == 2
    assert rig.rows() == (COLD,)
    assert any("feed warnings skipped: daily budget spent (2/2 calls)" in r.getMessage()
               for r in caplog.records)
