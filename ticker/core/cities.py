"""The default strip: the seed ticker's 16 stations in its display order.

Every station comes from the catalogue (``ticker.core.catalogue``); a city is a station that
a strip shows. Korean names are exactly as KMA lists them: the 군/시 suffixes of 강진군 and
경주시 are part of the official names, and 고창 is station 172, not 고창군 (251).
"""

from __future__ import annotations

from collections.abc import Sequence

from ticker.core.catalogue import Station, load_catalogue

# A city of a strip is a catalogue station.
City = Station

# Display order is the ticker's (seed_ticker.csv), not station-number order.
DEFAULT_CITY_IDS: tuple[str, ...] = (
    "dongducheon", "gangneung", "seoul", "daejeon", "daegu", "ulsan", "gwangju", "busan",
    "gochang", "jeju", "ganghwa", "boeun", "geumsan", "gangjin", "gyeongju", "geoje",
)
CITIES: tuple[City, ...] = load_catalogue().select(DEFAULT_CITY_IDS)
CITY_BY_ID: dict[str, City] = {city.id: city for city in CITIES}
CITY_BY_STATION: dict[int, City] = {city.station: city for city in CITIES}


def cities_by_ids(ids: Sequence[str]) -> tuple[City, ...]:
    """The catalogue stations for ``ids`` in the order given (ids must be known)."""
    return load_catalogue().select(ids)
