"""The stations tests ask for, taken from the catalogue as the service loads it."""

from __future__ import annotations

from collections.abc import Iterable

from ticker.core.catalogue import Station, load_catalogue
from ticker.core.cities import DEFAULT_CITY_IDS

CATALOGUE = load_catalogue()
# The default strip: the 16 cities shown unless a deployment chooses others.
CITIES: tuple[Station, ...] = CATALOGUE.select(DEFAULT_CITY_IDS)


def by_ids(station_ids: Iterable[str]) -> tuple[Station, ...]:
    """The catalogue stations for ``station_ids``, in that order."""
    return CATALOGUE.select(station_ids)


def by_id(station_id: str) -> Station:
    """The catalogue station with our id ``station_id``."""
    [station] = CATALOGUE.select([station_id])
    return station
