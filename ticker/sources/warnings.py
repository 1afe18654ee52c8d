"""The warnings feeds: what is in force across the country, and which zone each station is in.

Both read the API Hub (``wrn_now_data``, ``wrn_reg_aws2``), or the bundled recordings of
them for sample data, through the same parsers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from ticker.core.catalogue import Station
from ticker.core.errors import NoDataError
from ticker.core.held import FeedState
from ticker.core.warnings import WarningsState, kept_rows
from ticker.core.zones import ZonesState, station_zones
from ticker.upstream.apihub.warnings import parse_warnings, parse_zone_table
from ticker.upstream.sample import load_sample_warnings, load_sample_zone_table

FetchText = Callable[[], str]


class _OneCallFeed:
    """A feed that reads one text answer per run, whenever its job runs (warnings change at
    any minute; the zone table's daily job is its schedule)."""

    calls_per_run = 1

    def __init__(self, fetch_text: FetchText, sample: bool = False) -> None:
        self._fetch_text = fetch_text
        self.sample = sample

    def due(self, held: FeedState | None, now: datetime) -> bool:
        """Always: each run of the job calls the upstream once."""
        return True


class WarningsFeed(_OneCallFeed):
    """Every warning row that can matter, from one call for the whole country."""

    name = "warnings"
    part = "warnings"

    def fetch(self, stations: Sequence[Station], now: datetime, held: FeedState | None
              ) -> WarningsState:
        """The rows held from now on (a recording is held as of its newest issue time)."""
        rows = parse_warnings(self._fetch_text())
        moment = now
        if self.sample and rows:
            # A recording is served as recorded: what was in force when it was made.
            moment = max(row.issued_at for row in rows)
        return WarningsState(sample=self.sample, updated_at=moment.replace(microsecond=0),
                             warnings=kept_rows(rows))


class ZonesFeed(_OneCallFeed):
    """Each catalogue station's warning zone, from KMA's station-to-zone table."""

    name = "warning_zones"
    part = "warning_zones"

    def fetch(self, stations: Sequence[Station], now: datetime, held: FeedState | None
              ) -> ZonesState:
        """Every station's zone (by its number, else its nearest neighbour's)."""
        zones = station_zones(stations, parse_zone_table(self._fetch_text()))
        if not zones:
            raise NoDataError("the zone table gave no station a zone")
        return ZonesState(sample=self.sample, updated_at=now.replace(microsecond=0),
                          stations=zones)


def sample_warnings_feed() -> WarningsFeed:
    """The warnings of the bundled recording."""
    return WarningsFeed(load_sample_warnings, sample=True)


def sample_zones_feed() -> ZonesFeed:
    """The zone table of the bundled recording."""
    return ZonesFeed(load_sample_zone_table, sample=True)
