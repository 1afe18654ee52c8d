"""The ASOS source: one ``kma_sfctm2`` call for every station, stepping back for late hours.

Also the sample source, which replays the bundled recording through the same parser.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ticker.core.catalogue import Station
from ticker.core.errors import NoDataError, UpstreamError
from ticker.core.kst import hour_of
from ticker.core.observations import Observation
from ticker.upstream.apihub.conditions import condition_from_row
from ticker.upstream.apihub.sfctm2 import AsosRow, parse_sfctm2
from ticker.upstream.sample import load_sample_text

log = logging.getLogger(__name__)

# (stations, KST hour) -> sfctm2 body text
FetchText = Callable[[Sequence[int], datetime], str]

# An hour's rows appear some minutes after the hour; a station with no row yet is asked for
# again one hour earlier, at most this many times.
MAX_STEP_BACK = 2


def fetch_rows(fetch_text: FetchText, stations: Sequence[int], now: datetime,
               max_step_back: int = MAX_STEP_BACK,
               watched: frozenset[int] | None = None) -> dict[int, AsosRow]:
    """Rows for the wanted stations, newest hour first; raise NoDataError when none came.

    Stations still missing are asked for again, one hour earlier each time, while a watched
    one (None: any) is among them; one call covers all of them. A failure on a step-back call
    keeps what the earlier calls found.
    """
    wanted = list(dict.fromkeys(stations))
    found: dict[int, AsosRow] = {}
    hour = hour_of(now)
    for step in range(max_step_back + 1):
        missing = [station for station in wanted if station not in found]
        if not missing or (step and watched is not None and watched.isdisjoint(missing)):
            break
        try:
            rows = parse_sfctm2(fetch_text(missing, hour - timedelta(hours=step)))
        except UpstreamError:
            if not found:
                raise
            log.warning("sfctm2 step-back call failed; keeping %d stations found", len(found))
            break
        for row in rows:
            if row.station in missing and row.station not in found:
                found[row.station] = row
    if not found:
        raise NoDataError(f"sfctm2 has no rows for the wanted stations in the last "
                          f"{max_step_back + 1} hours")
    return found


def observation_from_row(station: Station, row: AsosRow, source: str) -> Observation:
    """Normalise one station row: temperature and condition are judged separately."""
    return Observation(city_id=station.id, temperature_c=row.ta, condition=condition_from_row(row),
                       observed_at=row.observed_at, source=source, wind_ms=row.ws,
                       humidity_pct=row.hm)


def fetch_observations(fetch_text: FetchText, stations: Sequence[Station], now: datetime,
                       source: str, watched: frozenset[str] | None = None
                       ) -> dict[str, Observation]:
    """Observations keyed by station id, for the stations that reported."""
    watched_stations = None if watched is None else frozenset(
        station.station for station in stations if station.id in watched)
    rows = fetch_rows(fetch_text, [station.station for station in stations], now,
                      watched=watched_stations)
    return {station.id: observation_from_row(station, rows[station.station], source)
            for station in stations if station.station in rows}


@dataclass
class AsosSource:
    """ASOS hourly observations through any sfctm2 text fetcher."""

    fetch_text: FetchText
    name: str = "asos"
    sample: bool = False

    def fetch(self, stations: Sequence[Station], now: datetime,
              watched: frozenset[str] | None = None) -> dict[str, Observation]:
        """Observations keyed by station id, stepping back for watched stations not yet in."""
        return fetch_observations(self.fetch_text, stations, now, self.name, watched)

    def fetch_hour(self, stations: Sequence[Station], hour: datetime, now: datetime
                   ) -> dict[str, Observation]:
        """Observations of one past hour, for the 24-hour history (no step back)."""
        return fetch_hour(self.fetch_text, stations, hour, self.name)


def fetch_hour(fetch_text: FetchText, stations: Sequence[Station], hour: datetime,
               source: str) -> dict[str, Observation]:
    """Every station's observation of one past hour (one call; one without a row is left out)."""
    by_number = {station.station: station for station in stations}
    rows = parse_sfctm2(fetch_text(list(by_number), hour))
    return {by_number[row.station].id: observation_from_row(by_number[row.station], row, source)
            for row in rows if row.station in by_number and row.observed_at == hour}


def sample_source() -> AsosSource:
    """A source that replays the bundled recording of the seed ticker (2025-12-01 09:00)."""
    text = load_sample_text()

    def replay(stations: Sequence[int], hour: datetime) -> str:
        return text

    return AsosSource(fetch_text=replay, name="sample", sample=True)
