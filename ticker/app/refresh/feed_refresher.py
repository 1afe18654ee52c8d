"""One feed's run: fetch its part, store it if it changed, and record the check either way.

Each feed has its own Health ("warnings fetch failing" once, "recovered" once, a Retry-After
kept), its own line in the quota ledger and its own part of the snapshot: a feed that fails
keeps its last good part and touches no other.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from ticker.core.catalogue import Station
from ticker.core.errors import StoreError, UpstreamError
from ticker.core.health import Health
from ticker.core.held import FeedState
from ticker.core.quota import QuotaLedger
from ticker.sources.base import Feed
from ticker.sources.chain import CallCounter
from ticker.state.writer import SnapshotWriter

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def feed_log(name: str) -> logging.Logger:
    """The logger a feed's "failing" and "recovered" lines go to: ``ticker.feeds.<name>``."""
    return logging.getLogger(f"ticker.feeds.{name}")


class FeedRefresher:
    """Runs one feed against the shared writer; the scheduler calls ``run``.

    An unchanged part is never stored again: the snapshot version (and every ETag) holds
    between real changes, and the check is recorded beside the snapshot, which is what its
    freshness limit is judged by (``ticker.core.checks``).
    """

    def __init__(self, feed: Feed, writer: SnapshotWriter, stations: Sequence[Station],
                 clock: Clock, ledger: QuotaLedger, every: timedelta, health: Health,
                 counter: CallCounter | None = None,
                 stopping: threading.Event | None = None) -> None:
        self.feed = feed
        self.writer = writer
        self.stations = tuple(stations)
        self.clock = clock
        self.ledger = ledger
        self.every = every
        self.health = health
        self.counter = counter or CallCounter()
        self._paced = ""
        # Shared with the observations' refresher: set at shutdown, nothing more is stored.
        self.stopping = stopping or threading.Event()

    def held(self) -> FeedState | None:
        """This feed's part of the stored snapshot, if any."""
        stored = self.writer.store.get()
        part = getattr(stored.snapshot, self.feed.part) if stored else None
        return part if isinstance(part, FeedState) else None

    def run(self) -> int | None:
        """Fetch and store once; the version written, or None. Failures are logged, never
        raised."""
        now = self.clock()
        if not self.health.may_try():
            return None  # a Retry-After the upstream asked for is still running
        held = self.held()
        if not self.feed.due(held, now):
            return None
        allowed, why = self.ledger.allows(self.feed.name, self.feed.calls_per_run, now)
        if not allowed:
            if why != self._paced:
                log.warning("feed %s skipped: %s", self.feed.name, why)
            self._paced = why
            return None
        self._paced = ""
        before = self.counter.count
        try:
            part = self.feed.fetch(self.stations, now, held)
        except UpstreamError as error:
            self.health.failed(error)
            return None
        finally:
            if self.counter.count > before:
                self.ledger.record(self.feed.name, self.counter.count - before, now)
        self.health.succeeded()
        part = part.model_copy(update={"next_refresh_at": now + self.every})
        if self.stopping.is_set():
            return None
        # same_data compares the sample flag too: a recording's part never stands for live.
        if held is not None and held.same_data(part):
            log.debug("feed %s unchanged since %s", self.feed.name, held.updated_at)
            version = None
        else:
            try:
                version = self.writer.put_part(self.feed.part, part)
            except StoreError as error:
                log.warning("feed %s not stored (%s): %s", self.feed.name,
                            error.failure_class, error)
                return None
            if version is not None:
                log.info("feed %s stored version %d", self.feed.name, version)
        try:
            self.writer.checked(self.feed.part, now)
        except StoreError as error:
            log.warning("feed %s check not recorded (%s): %s", self.feed.name,
                        error.failure_class, error)
        return version
