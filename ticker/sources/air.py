"""The fine dust feeds: every AirKorea measuring station's latest hour, and which measuring
stations each catalogue station may read (the station list, at start and daily).

Both page through AirKorea (``upstream/datagokr/airkorea``), or replay the bundled recordings
of it, through the same parsers. A page that fails fails the run: the part held stays whole.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from ticker.core.air import AirState
from ticker.core.air_stations import AirStationsState, nearest_candidates
from ticker.core.catalogue import Station
from ticker.core.errors import NoDataError
from ticker.core.held import FeedState
from ticker.core.kst import KST
from ticker.upstream.datagokr.airkorea import (
    PAGE_ROWS,
    GetPage,
    items,
    page_with_retry,
    total_count,
    whole_set,
)
from ticker.upstream.datagokr.airkorea_rows import parse_stations, parse_values
from ticker.upstream.sample import load_sample_air_stations, load_sample_air_values

log = logging.getLogger(__name__)

# About 650 measuring stations answer: 7 pages, until a run has counted them.
DEFAULT_PAGES = 7
# AirKorea publishes hour HH some minutes after HH:00 (docs/kma.md, "Fine dust (AirKorea)").
DEFAULT_AVAILABLE_MINUTE = 15


def expected_hour(now: datetime, available_minute: int) -> datetime:
    """The newest hour AirKorea should have published by ``now``."""
    local = (now - timedelta(minutes=available_minute)).astimezone(KST)
    return local.replace(minute=0, second=0, microsecond=0)


class _Said:
    """Logs a notice about skipped rows once, and again only when it changes."""

    def __init__(self) -> None:
        self._last = ""

    def __call__(self, feed: str, skipped: int, what: str) -> None:
        notice = f"{skipped} {what} skipped" if skipped else ""
        if notice and notice != self._last:
            log.warning("feed %s: %s", feed, notice)
        self._last = notice


class AirFeed:
    """Every measuring station's latest hour, from ``sidoName=전국`` page by page."""

    name = "air"
    part = "air"

    def __init__(self, get_page: GetPage, sample: bool = False,
                 available_minute: int = DEFAULT_AVAILABLE_MINUTE) -> None:
        self._get_page = get_page
        self.sample = sample
        self._available_minute = available_minute
        self.calls_per_run = DEFAULT_PAGES
        self._said = _Said()

    def due(self, held: FeedState | None, now: datetime) -> bool:
        """Until the part holds the hour AirKorea should have published by now."""
        if self.sample or not isinstance(held, AirState) or held.sample:
            return True
        return held.measured_at < expected_hour(now, self._available_minute)

    def fetch(self, stations: Sequence[Station], now: datetime, held: FeedState | None
              ) -> AirState:
        """The whole set as of its newest hour; the held part, confirmed, while page 1 holds
        no newer hour (one call, not a page per station list, per retry)."""
        first = page_with_retry(self._get_page, 1)
        newest = parse_values(items(first)).newest
        if (isinstance(held, AirState) and held.sample == self.sample and newest is not None
                and newest <= held.measured_at):
            return held.model_copy(update={"updated_at": now.replace(microsecond=0)})
        values = parse_values(whole_set(self._get_page, first))
        self.calls_per_run = max(1, math.ceil(total_count(first) / PAGE_ROWS))
        self._said(self.name, values.skipped, "rows without a station, province or time")
        if values.newest is None:
            raise NoDataError("AirKorea answered no row with a station and a time")
        # A recording is held as of its own hour; a live set as of now.
        moment = values.newest if self.sample else now.replace(microsecond=0)
        return AirState(sample=self.sample, updated_at=moment, measured_at=values.newest,
                        readings=values.readings)


class AirStationsFeed:
    """Each catalogue station's nearest measuring stations, from AirKorea's station list."""

    name = "air_stations"
    part = "air_stations"

    def __init__(self, get_page: GetPage, sample: bool = False) -> None:
        self._get_page = get_page
        self.sample = sample
        self.calls_per_run = DEFAULT_PAGES
        self._said = _Said()

    def due(self, held: FeedState | None, now: datetime) -> bool:
        """Always: the job's daily cadence is the schedule."""
        return True

    def fetch(self, stations: Sequence[Station], now: datetime, held: FeedState | None
              ) -> AirStationsState:
        """Every catalogue station's candidates, nearest first, within range."""
        rows = whole_set(self._get_page)
        self.calls_per_run = max(1, math.ceil(len(rows) / PAGE_ROWS))
        measuring, skipped = parse_stations(rows)
        self._said(self.name, skipped, "rows without a name, a province in the address or "
                                       "coordinates in Korea")
        if not measuring:
            raise NoDataError("AirKorea's station list gave no usable station")
        return AirStationsState(sample=self.sample, updated_at=now.replace(microsecond=0),
                                stations=nearest_candidates(stations, measuring))


def sample_air_feed() -> AirFeed:
    """The values of the bundled recording."""
    return AirFeed(lambda page: load_sample_air_values(), sample=True)


def sample_air_stations_feed() -> AirStationsFeed:
    """The station list of the bundled recording."""
    return AirStationsFeed(lambda page: load_sample_air_stations(), sample=True)
