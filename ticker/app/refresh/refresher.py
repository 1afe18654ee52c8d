"""One refresh: fetch every configured city, merge per city, keep the last good values.

A city that came back with a usable value replaces its old one; a city that failed or is
missing keeps its last good value and its own observation time. A failed or malformed fetch
writes nothing, so stored data is never replaced by worse data.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ticker.app.refresh.backfill import Backfill
from ticker.core.catalogue import Station
from ticker.core.checks import OBSERVATIONS
from ticker.core.errors import NoDataError, StoreError, TickerError, UpstreamError
from ticker.core.freshness import holds_hour
from ticker.core.health import Health
from ticker.core.history import with_observations
from ticker.core.kst import hour_of
from ticker.core.observations import (
    Observation,
    Snapshot,
    carried_parts,
    missing_observation,
)
from ticker.sources.base import Source
from ticker.state.store import SnapshotStore
from ticker.state.writer import SnapshotWriter

log = logging.getLogger(__name__)
# The name operators filter the refresh's "failing" and "recovered" lines by.
HEALTH_LOG = logging.getLogger("ticker.refresh")

Clock = Callable[[], datetime]
# (now, whether every city holds the current hour) -> when the data may change next.
NextRefresh = Callable[[datetime, bool], datetime | None]


@dataclass(frozen=True)
class RefreshResult:
    """What one run did: the version written (None when nothing was), the stations whose
    values changed, and any failure."""

    version: int | None
    updated: tuple[str, ...] = ()
    failure: TickerError | None = None


def fetch_usable(source: Source, cities: Sequence[Station], now: datetime,
                 watched: frozenset[str] | None = None) -> dict[str, Observation]:
    """Ask the source once; raise NoDataError when no city came back with a usable value."""
    fresh = source.fetch(cities, now, watched)
    if not any(observation.usable for observation in fresh.values()):
        raise NoDataError("the upstream returned no usable value for any city")
    return fresh


def fetch_snapshot(source: Source, cities: Sequence[Station], now: datetime) -> Snapshot:
    """One fetch made into a snapshot with nothing carried over (``ticker fetch``)."""
    return merge(None, fetch_usable(source, cities, now), cities, source, now)[0]


def merge(previous: Snapshot | None, fresh: dict[str, Observation], cities: Sequence[Station],
          source: Source, now: datetime) -> tuple[Snapshot, tuple[str, ...]]:
    """The new snapshot and the ids of the cities whose served value changed."""
    # Sample values must never mix with live ones (or the reverse), whichever came first.
    carried = previous if previous is not None and previous.sample == source.sample else None
    observations = []
    updated = []
    for city in cities:
        old = carried.observation(city.id) if carried else None
        new = fresh.get(city.id)
        if new is not None and new.usable and not _older(new, old):
            observations.append(new)
            if new != old:
                updated.append(city.id)
        else:
            observations.append(old or missing_observation(city.id, source.name))
    # A recording keeps its own hour: its window is the recording's, not the wall clock's.
    window_now = max((o.observed_at for o in fresh.values() if o.observed_at),
                     default=now) if source.sample else now
    history = with_observations(carried.history if carried else {}, fresh.values(), window_now)
    snapshot = Snapshot(source=source.name, sample=source.sample,
                        updated_at=now.replace(microsecond=0), observations=tuple(observations),
                        history=history).model_copy(
                            update=carried_parts(previous, source.sample))
    return snapshot, tuple(updated)


def _older(new: Observation, old: Observation | None) -> bool:
    # A step-back can return an earlier hour than the one we already hold.
    if old is None or not old.usable or old.observed_at is None or new.observed_at is None:
        return False
    return new.observed_at < old.observed_at


class Refresher:
    """Runs refreshes against one source and one store; the scheduler calls ``run``."""

    def __init__(self, source: Source, store: SnapshotStore, stations: Sequence[Station],
                 clock: Clock, next_refresh: NextRefresh = lambda now, complete: None,
                 watched: Sequence[str] | None = None, backfill: Backfill | None = None,
                 writer: SnapshotWriter | None = None) -> None:
        self.source = source
        self.store = store
        # Shared with the other feeds (ticker.app.compose): their writes never cross.
        self.writer = writer or SnapshotWriter(store)
        # Every station held; the watched ones (shown by some strip) decide when an hour is
        # complete and are the only ones worth a retry, a step back or a fallback call.
        self.stations = tuple(stations)
        self.watched = frozenset(watched) if watched is not None else frozenset(
            station.id for station in self.stations)
        self.clock = clock
        self.next_refresh = next_refresh
        self.health = Health("upstream fetch", HEALTH_LOG, clock)
        # Fills the hours of the 24-hour history the store lacks (None: only what comes in).
        self.backfill = backfill
        # Set at shutdown: a run in flight is abandoned before it writes.
        self.stopping = threading.Event()

    def _complete(self, snapshot: Snapshot, now: datetime) -> bool:
        return holds_hour(snapshot, self.watched, hour_of(now))

    def needs_refresh(self, now: datetime) -> bool:
        """False once every city holds the current hour (or the recording, for sample data)."""
        stored = self.store.get()
        if stored is None or stored.snapshot.sample != self.source.sample:
            return True
        return not self._complete(stored.snapshot, now)

    def run(self) -> RefreshResult:
        """Fetch, merge and store once; failures are logged and returned, never raised."""
        now = self.clock()
        try:
            fresh = fetch_usable(self.source, self.stations, now, self.watched)
        except UpstreamError as error:
            self.health.failed(error)
            return RefreshResult(version=None, failure=error)
        self.health.succeeded()
        if self.stopping.is_set():
            log.info("refresh abandoned: shutting down (nothing written)")
            return RefreshResult(version=None)
        merged: list[tuple[Snapshot, tuple[str, ...]]] = []

        def change(previous: Snapshot | None) -> Snapshot | None:
            # Merged with what the store holds at the moment of writing, not at the start of
            # the fetch: another feed may have stored its part meanwhile.
            snapshot, updated = merge(previous, fresh, self.stations, self.source, now)
            snapshot = snapshot.model_copy(update={
                "next_refresh_at": self.next_refresh(now, self._complete(snapshot, now))})
            merged.append((snapshot, updated))
            # Nothing served changed: no new version, so every ETag holds (the check is
            # recorded beside the snapshot instead).
            return None if previous is not None and previous.served_like(snapshot) else snapshot

        try:
            version = self.writer.update(change)
        except StoreError as error:
            # A shared store that is down, or a newer snapshot written by another worker:
            # nothing is lost, the next run fetches again.
            log.warning("refresh not stored (%s): %s", error.failure_class, error)
            return RefreshResult(version=None, failure=error)
        snapshot, updated = merged[-1]
        if version is None:
            log.info("refresh: no change (checked %d stations)", len(self.stations))
        else:
            log.info("refresh stored version %d (%d of %d stations updated)",
                     version, len(updated), len(self.stations))
        self._checked(now)
        # The hour's values are stored first: a slow backfill never delays them.
        return RefreshResult(version=self._backfilled(snapshot, now) or version,
                             updated=updated)

    def _checked(self, now: datetime) -> None:
        try:
            self.writer.checked(OBSERVATIONS, now)
        except StoreError as error:
            log.warning("refresh check not recorded (%s): %s", error.failure_class, error)

    def _backfilled(self, snapshot: Snapshot, now: datetime) -> int | None:
        """Store the snapshot again with the missing hours this run could fetch, if any."""
        if self.backfill is None:
            return None
        history = self.backfill.fill(snapshot.history, now)
        if history == snapshot.history or self.stopping.is_set():
            return None
        try:
            # Served hours changed: updated_at says so (Last-Modified follows it).
            return self.writer.update(lambda newest: newest and newest.model_copy(
                update={"history": history, "updated_at": now.replace(microsecond=0)}))
        except StoreError as error:
            log.warning("backfilled history not stored (%s): %s", error.failure_class, error)
            return None

    def run_if_due(self) -> RefreshResult | None:
        """Run unless every city already holds the current hour: the scheduler's job."""
        if not self.needs_refresh(self.clock()):
            log.debug("refresh skipped: every city holds the current hour")
            return None
        return self.run()
