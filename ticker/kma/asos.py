"""ASOS observations for a set of cities: one sfctm2 call, stepping back for late hours."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from ticker.cities import City
from ticker.errors import NoDataError, UpstreamError
from ticker.kma.asos_conditions import condition_from_row
from ticker.kma.sfctm2 import AsosRow, parse_sfctm2
from ticker.models import KST, Observation

log = logging.getLogger(__name__)

# (stations, KST hour) -> sfctm2 body text
FetchText = Callable[[Sequence[int], datetime], str]

# An hour's rows appear some minutes after the hour; a station with no row yet is asked for
# again one hour earlier, at most this many times.
MAX_STEP_BACK = 2


def hour_of(moment: datetime) -> datetime:
    """The KST hour that contains ``moment``."""
    return moment.astimezone(KST).replace(minute=0, second=0, microsecond=0)


def fetch_rows(fetch_text: FetchText, stations: Sequence[int], now: datetime,
               max_step_back: int = MAX_STEP_BACK) -> dict[int, AsosRow]:
    """Rows for the wanted stations, newest hour first; raise NoDataError when none came.

    Only stations still missing are asked for again, one hour earlier each time. A failure on
    a step-back call keeps what the earlier calls found.
    """
    wanted = list(dict.fromkeys(stations))
    found: dict[int, AsosRow] = {}
    hour = hour_of(now)
    for step in range(max_step_back + 1):
        missing = [station for station in wanted if station not in found]
        if not missing:
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


def observation_from_row(city: City, row: AsosRow, source: str) -> Observation:
    """Normalise one station row: temperature and condition are judged separately."""
    return Observation(city_id=city.id, temperature_c=row.ta, condition=condition_from_row(row),
                       observed_at=row.observed_at, source=source)


def fetch_observations(fetch_text: FetchText, cities: Sequence[City], now: datetime,
                       source: str) -> dict[str, Observation]:
    """Observations keyed by city id, for the cities whose station reported."""
    rows = fetch_rows(fetch_text, [city.station for city in cities], now)
    return {city.id: observation_from_row(city, rows[city.station], source)
            for city in cities if city.station in rows}
